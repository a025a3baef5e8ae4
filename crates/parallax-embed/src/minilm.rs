//! The all-MiniLM-L6-v2 encoder.

use std::path::{Path, PathBuf};

use candle_core::DType;
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
        let tokens: Vec<&[u32]> = encodings.iter().map(|encoding| encoding.get_ids()).collect();
        self.embed_tokens(&tokens)
    }

    /// Encodes tokenised texts (as [`MiniLm::token_ids`] gives them).
    fn embed_tokens(&self, tokens: &[&[u32]]) -> Result<Vec<Vec<f32>>, EmbedError> {
        // Batches of similar length waste little on padding.
        let mut order: Vec<usize> = (0..tokens.len()).collect();
        order.sort_by_key(|&index| (tokens[index].len(), index));
        let mut vectors: Vec<Vec<f32>> = vec![Vec::new(); tokens.len()];
        for batch in order.chunks(self.config.batch_size.max(1)) {
            let batch_tokens: Vec<&[u32]> = batch.iter().map(|&index| tokens[index]).collect();
            let padded = batch_tokens.iter().any(|ids| ids.len() != batch_tokens[0].len());
            let (ids, mask) = crate::tune::padded(&batch_tokens, &self.device)?;
            let hidden = self.model.forward(&ids, padded.then_some(&mask))?;
            // Mean over real tokens, then unit length.
            let normalised =
                crate::tune::pool(&hidden, &mask)?.to_device(&candle_core::Device::Cpu)?;
            for (&index, vector) in batch.iter().zip(normalised.to_vec2::<f32>()?) {
                vectors[index] = vector;
            }
        }
        Ok(vectors)
    }

    /// The token ids of a text, truncated as for encoding.
    pub(crate) fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        Ok(encoding.get_ids().to_vec())
    }

    /// Cosines of tokenised pairs.
    pub(crate) fn pair_cosines_of_tokens(
        &self,
        pairs: &[(Vec<u32>, Vec<u32>)],
    ) -> Result<Vec<f32>, EmbedError> {
        let tokens: Vec<&[u32]> = pairs
            .iter()
            .map(|(a, _)| a.as_slice())
            .chain(pairs.iter().map(|(_, b)| b.as_slice()))
            .collect();
        let vectors = self.embed_tokens(&tokens)?;
        let (first, second) = vectors.split_at(pairs.len());
        Ok(first.iter().zip(second).map(|(a, b)| parallax_core::embed::cosine(a, b)).collect())
    }

    /// The encoder with an adapter merged in (named `<base>+<label>`).
    pub fn with_adapter(&self, adapter: &crate::tune::Adapter) -> Result<MiniLm, EmbedError> {
        self.with_adapter_named(adapter, "adapted")
    }

    /// [`MiniLm::with_adapter`] with a label for the name.
    pub fn with_adapter_named(
        &self,
        adapter: &crate::tune::Adapter,
        label: &str,
    ) -> Result<MiniLm, EmbedError> {
        let (layers, _) = self.model.dims();
        if adapter.low_rank().layers.len() != layers {
            return Err(EmbedError::BadFile {
                path: "(adapter)".into(),
                message: format!(
                    "the adapter has {} layers, the model {layers}",
                    adapter.low_rank().layers.len()
                ),
            });
        }
        Ok(MiniLm {
            model: self.model.with_adapter(&adapter.low_rank())?,
            tokenizer: self.tokenizer.clone(),
            device: self.device.clone(),
            config: self.config.clone(),
            name: format!("{}+{label}", self.name),
        })
    }

    pub(crate) fn bert(&self) -> &Bert {
        &self.model
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
