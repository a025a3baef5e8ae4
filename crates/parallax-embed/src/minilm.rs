//! The all-MiniLM-L6-v2 encoder.

use std::path::{Path, PathBuf};

use candle_core::{DType, Tensor};
use candle_nn::VarBuilder;
use parallax_core::embed::{EncodeError, SentenceEncoder};
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use crate::EmbedError;
use crate::bert::{Bert, BertConfig};

/// Where the model runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Device {
    /// The CPU (all cores candle is allowed).
    #[default]
    Cpu,
    /// An NVIDIA GPU, by ordinal (needs the `cuda` feature).
    Cuda(usize),
}

/// Settings of the encoder.
#[derive(Debug, Clone)]
pub struct MiniLmConfig {
    /// Tokens kept per text (sentence-transformers uses 256 for this model).
    pub max_tokens: usize,
    /// Texts per forward pass (64, the fastest on 2 CPU cores: BENCHMARKS.md).
    pub batch_size: usize,
    /// Where to run.
    pub device: Device,
}

impl Default for MiniLmConfig {
    fn default() -> MiniLmConfig {
        MiniLmConfig { max_tokens: 256, batch_size: 64, device: Device::Cpu }
    }
}

/// all-MiniLM-L6-v2, loaded.
pub struct MiniLm {
    model: Bert,
    tokenizer: Tokenizer,
    device: candle_core::Device,
    config: MiniLmConfig,
    name: String,
}

impl std::fmt::Debug for MiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniLm").field("name", &self.name).field("config", &self.config).finish()
    }
}

fn read(path: &Path) -> Result<Vec<u8>, EmbedError> {
    std::fs::read(path).map_err(|source| EmbedError::Read { path: path.to_owned(), source })
}

impl MiniLm {
    /// Loads the model from a folder holding `config.json`, `tokenizer.json` and
    /// `model.safetensors`.
    pub fn load(dir: &Path, config: MiniLmConfig) -> Result<MiniLm, EmbedError> {
        let device = match config.device {
            Device::Cpu => candle_core::Device::Cpu,
            Device::Cuda(ordinal) => candle_core::Device::new_cuda(ordinal)?,
        };
        let config_path = dir.join("config.json");
        let bert_config: BertConfig =
            serde_json::from_slice(&read(&config_path)?).map_err(|error| EmbedError::BadFile {
                path: config_path.clone(),
                message: error.to_string(),
            })?;
        bert_config
            .check()
            .map_err(|message| EmbedError::BadFile { path: config_path.clone(), message })?;
        let tokenizer_path = dir.join("tokenizer.json");
        let mut tokenizer = Tokenizer::from_bytes(read(&tokenizer_path)?).map_err(|error| {
            EmbedError::BadFile { path: tokenizer_path.clone(), message: error.to_string() }
        })?;
        // The packaged tokenizer pads and truncates everything to 128 tokens: batches are
        // padded here instead, and texts truncated like sentence-transformers does.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: config.max_tokens.min(bert_config.max_positions()),
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        let weights_path: PathBuf = dir.join("model.safetensors");
        let weights = read(&weights_path)?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)?;
        let model = Bert::load(vb, &bert_config)?;
        Ok(MiniLm { model, tokenizer, device, config, name: "all-MiniLM-L6-v2".to_owned() })
    }

    /// Encodes texts: one L2-normalised 384-dimensional vector each, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        // Batches of similar length waste little on padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&index| (encodings[index].get_ids().len(), index));
        let mut vectors: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        for batch in order.chunks(self.config.batch_size.max(1)) {
            let lengths = batch.iter().map(|&index| encodings[index].get_ids().len());
            let longest = lengths.clone().max().unwrap_or(0).max(1);
            let padded = lengths.clone().any(|length| length != longest);
            let mut ids = Vec::with_capacity(batch.len() * longest);
            let mut mask = Vec::with_capacity(batch.len() * longest);
            for &index in batch {
                let tokens = encodings[index].get_ids();
                ids.extend_from_slice(tokens);
                ids.extend(std::iter::repeat_n(0u32, longest - tokens.len()));
                mask.extend(std::iter::repeat_n(1u32, tokens.len()));
                mask.extend(std::iter::repeat_n(0u32, longest - tokens.len()));
            }
            let shape = (batch.len(), longest);
            let ids = Tensor::from_vec(ids, shape, &self.device)?;
            let mask = Tensor::from_vec(mask, shape, &self.device)?;
            let hidden = self.model.forward(&ids, padded.then_some(&mask))?;
            // Mean over real tokens, then unit length.
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
            let normalised = mean.broadcast_div(&norms)?.to_device(&candle_core::Device::Cpu)?;
            for (&index, vector) in batch.iter().zip(normalised.to_vec2::<f32>()?) {
                vectors[index] = vector;
            }
        }
        Ok(vectors)
    }

    /// Token counts of texts after truncation (for benchmarks).
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        Ok(encodings.iter().map(|encoding| encoding.get_ids().len()).collect())
    }
}

impl SentenceEncoder for MiniLm {
    fn name(&self) -> &str {
        &self.name
    }

    fn dim(&self) -> usize {
        384
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncodeError> {
        self.embed(texts).map_err(|error| EncodeError(error.to_string()))
    }
}
