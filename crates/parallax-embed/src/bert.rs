//! The BERT encoder of all-MiniLM-L6-v2, written for inference with candle's tensor ops.
//!
//! The same arithmetic as `candle-transformers`' `BertModel` (and Hugging Face's), arranged to
//! do less work per layer:
//!
//! - the query, key and value projections are one `(hidden, 3·hidden)` matrix, stored transposed
//!   and contiguous at load, with `1/√head_size` folded into the query columns: one
//!   multiplication per layer instead of three, and no scaling pass;
//! - every linear layer multiplies the `(batch·tokens, hidden)` rows at once;
//! - the intermediate layer's bias and exact GELU are one pass ([`crate::gelu`]);
//! - token types are all 0, so their embedding is added to the position table at load;
//! - batches without padding skip the attention mask.
//!
//! Everything but the fused GELU is a candle op that also runs on CUDA (where the GELU falls back
//! to candle's `gelu_erf`).

use candle_core::{DType, Module, Tensor};
use candle_nn::VarBuilder;
use serde::Deserialize;

use crate::gelu::bias_gelu;

/// The fields of Hugging Face's `config.json` this encoder reads.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct BertConfig {
    vocab_size: usize,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    hidden_act: String,
    max_position_embeddings: usize,
    type_vocab_size: usize,
    layer_norm_eps: f64,
}

impl BertConfig {
    /// Checks the settings this encoder supports.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.hidden_act != "gelu" {
            return Err(format!(
                "hidden_act {:?} (only the exact \"gelu\" is supported)",
                self.hidden_act
            ));
        }
        if self.num_attention_heads == 0
            || !self.hidden_size.is_multiple_of(self.num_attention_heads)
        {
            return Err(format!(
                "hidden_size {} does not split into {} heads",
                self.hidden_size, self.num_attention_heads
            ));
        }
        Ok(())
    }

    /// Longest input in tokens.
    pub(crate) fn max_positions(&self) -> usize {
        self.max_position_embeddings
    }
}

#[derive(Clone)]
pub(crate) struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f32,
}

impl LayerNorm {
    fn load(vb: VarBuilder<'_>, size: usize, eps: f64) -> candle_core::Result<LayerNorm> {
        Ok(LayerNorm {
            weight: vb.get(size, "weight")?,
            bias: vb.get(size, "bias")?,
            eps: eps as f32,
        })
    }

    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        candle_nn::ops::layer_norm(&x.contiguous()?, &self.weight, &self.bias, self.eps)
    }
}

/// A linear layer with its weight stored `(in, out)`, contiguous.
#[derive(Clone)]
pub(crate) struct Linear {
    weight: Tensor,
    bias: Tensor,
}

impl Linear {
    /// Hugging Face stores `(out, in)`.
    fn from_torch(weight: &Tensor, bias: Tensor) -> candle_core::Result<Linear> {
        Ok(Linear { weight: weight.t()?.contiguous()?, bias })
    }

    fn load(vb: VarBuilder<'_>, inputs: usize, outputs: usize) -> candle_core::Result<Linear> {
        Linear::from_torch(&vb.get((outputs, inputs), "weight")?, vb.get(outputs, "bias")?)
    }

    /// `x · W` without the bias.
    fn matmul(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.matmul(&self.weight)
    }
}

impl Module for Linear {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        self.matmul(x)?.broadcast_add(&self.bias)
    }
}

#[derive(Clone)]
pub(crate) struct Layer {
    qkv: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

impl Layer {
    fn load(vb: VarBuilder<'_>, config: &BertConfig) -> candle_core::Result<Layer> {
        let hidden = config.hidden_size;
        let head_size = hidden / config.num_attention_heads;
        let scale = 1.0 / (head_size as f64).sqrt();
        let attention = vb.pp("attention");
        let projection = |name: &str| -> candle_core::Result<(Tensor, Tensor)> {
            let vb = attention.pp("self").pp(name);
            Ok((vb.get((hidden, hidden), "weight")?, vb.get(hidden, "bias")?))
        };
        let (query_weight, query_bias) = projection("query")?;
        let (key_weight, key_bias) = projection("key")?;
        let (value_weight, value_bias) = projection("value")?;
        let weight = Tensor::cat(&[(query_weight * scale)?, key_weight, value_weight], 0)?;
        let bias = Tensor::cat(&[(query_bias * scale)?, key_bias, value_bias], 0)?;
        let output = attention.pp("output");
        Ok(Layer {
            qkv: Linear::from_torch(&weight, bias)?,
            attention_out: Linear::load(output.pp("dense"), hidden, hidden)?,
            attention_norm: LayerNorm::load(output.pp("LayerNorm"), hidden, config.layer_norm_eps)?,
            intermediate: Linear::load(
                vb.pp("intermediate").pp("dense"),
                hidden,
                config.intermediate_size,
            )?,
            output: Linear::load(vb.pp("output").pp("dense"), config.intermediate_size, hidden)?,
            output_norm: LayerNorm::load(
                vb.pp("output").pp("LayerNorm"),
                hidden,
                config.layer_norm_eps,
            )?,
        })
    }

    /// `x`: `(batch·tokens, hidden)`; `mask`: additive, `(batch, 1, 1, tokens)`.
    fn forward(
        &self,
        x: &Tensor,
        shape: (usize, usize, usize, usize),
        mask: Option<&Tensor>,
    ) -> candle_core::Result<Tensor> {
        let (batch, tokens, heads, head_size) = shape;
        let hidden = heads * head_size;
        // (3, batch, heads, tokens, head_size): query, key and value, each contiguous.
        let qkv = self
            .qkv
            .forward(x)?
            .reshape((batch, tokens, 3, heads, head_size))?
            .permute((2, 0, 3, 1, 4))?
            .contiguous()?;
        let (query, key, value) = (qkv.get(0)?, qkv.get(1)?, qkv.get(2)?);
        let scores = query.matmul(&key.t()?)?;
        let scores = match mask {
            Some(mask) => scores.broadcast_add(mask)?,
            None => scores,
        };
        let probabilities = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probabilities
            .matmul(&value)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((batch * tokens, hidden))?;
        let attended =
            self.attention_norm.forward(&(self.attention_out.forward(&context)? + x)?)?;
        let intermediate =
            bias_gelu(&self.intermediate.matmul(&attended)?, &self.intermediate.bias)?;
        self.output_norm.forward(&(self.output.forward(&intermediate)? + attended)?)
    }
}

/// The encoder: token ids in, one hidden vector per token out.
#[derive(Clone)]
pub(crate) struct Bert {
    word_embeddings: Tensor,
    /// Position embeddings plus the embedding of token type 0.
    position_embeddings: Tensor,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_size: usize,
}

impl Bert {
    /// Loads the weights, named like Hugging Face's `BertModel` (optionally under `bert.`).
    pub(crate) fn load(vb: VarBuilder<'_>, config: &BertConfig) -> candle_core::Result<Bert> {
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let hidden = config.hidden_size;
        let embeddings = vb.pp("embeddings");
        let word_embeddings =
            embeddings.pp("word_embeddings").get((config.vocab_size, hidden), "weight")?;
        let positions = embeddings
            .pp("position_embeddings")
            .get((config.max_position_embeddings, hidden), "weight")?;
        let types = embeddings
            .pp("token_type_embeddings")
            .get((config.type_vocab_size, hidden), "weight")?;
        let position_embeddings = positions.broadcast_add(&types.get(0)?)?;
        let embedding_norm =
            LayerNorm::load(embeddings.pp("LayerNorm"), hidden, config.layer_norm_eps)?;
        let layers = (0..config.num_hidden_layers)
            .map(|index| Layer::load(vb.pp(format!("encoder.layer.{index}")), config))
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Bert {
            word_embeddings,
            position_embeddings,
            embedding_norm,
            layers,
            heads: config.num_attention_heads,
            head_size: hidden / config.num_attention_heads,
        })
    }

    /// `ids`: `(batch, tokens)` u32; `mask`: `(batch, tokens)`, 1 for real tokens and 0 for
    /// padding, `None` when there is none. Returns `(batch, tokens, hidden)`.
    pub(crate) fn forward(
        &self,
        ids: &Tensor,
        mask: Option<&Tensor>,
    ) -> candle_core::Result<Tensor> {
        let (batch, tokens) = ids.dims2()?;
        let (mut x, mask) = self.embed(ids, mask)?;
        let shape = (batch, tokens, self.heads, self.head_size);
        for layer in &self.layers {
            x = layer.forward(&x, shape, mask.as_ref())?;
        }
        x.reshape((batch, tokens, self.heads * self.head_size))
    }

    /// The normalised token embeddings, `(batch·tokens, hidden)`, and the additive attention
    /// mask, `(batch, 1, 1, tokens)`.
    fn embed(
        &self,
        ids: &Tensor,
        mask: Option<&Tensor>,
    ) -> candle_core::Result<(Tensor, Option<Tensor>)> {
        let (batch, tokens) = ids.dims2()?;
        let hidden = self.heads * self.head_size;
        let words = self.word_embeddings.index_select(&ids.flatten_all()?, 0)?;
        let embedded = words
            .reshape((batch, tokens, hidden))?
            .broadcast_add(&self.position_embeddings.narrow(0, 0, tokens)?)?
            .reshape((batch * tokens, hidden))?;
        let x = self.embedding_norm.forward(&embedded)?;
        // 0 where attended, the lowest f32 where padding (as Hugging Face does).
        let mask = match mask {
            Some(mask) => Some(
                (mask.to_dtype(DType::F32)?.affine(-1.0, 1.0)? * f64::from(f32::MIN))?
                    .reshape((batch, 1, 1, tokens))?,
            ),
            None => None,
        };
        Ok((x, mask))
    }

    /// Layers, hidden size and heads: what an adapter must match.
    pub(crate) fn dims(&self) -> (usize, usize) {
        (self.layers.len(), self.heads * self.head_size)
    }

    /// The encoder with a low-rank adapter merged into its query and value projections:
    /// `W_q += s·A_q·B_q` (times the attention scale folded into the query columns) and
    /// `W_v += s·A_v·B_v`. Runs at the base model's speed.
    pub(crate) fn with_adapter(&self, adapter: &LowRank<'_>) -> candle_core::Result<Bert> {
        let mut merged = self.clone();
        let hidden = self.heads * self.head_size;
        let attention = 1.0 / (self.head_size as f64).sqrt();
        for (layer, ranks) in merged.layers.iter_mut().zip(adapter.layers) {
            let [query_a, query_b, value_a, value_b] = ranks;
            let query = (query_a.matmul(query_b)? * (adapter.scale * attention))?;
            let key = Tensor::zeros((hidden, hidden), DType::F32, query.device())?;
            let value = (value_a.matmul(value_b)? * adapter.scale)?;
            let delta = Tensor::cat(&[query, key, value], 1)?;
            layer.qkv.weight = (&layer.qkv.weight + delta)?.contiguous()?;
        }
        Ok(merged)
    }

    /// The forward pass for training an adapter: the same arithmetic as [`Bert::forward`]
    /// with the adapter added beside the frozen query and value projections, on ops with a
    /// backward pass (`crate::tune::ops`). `mask` is required.
    pub(crate) fn forward_train(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        adapter: &LowRank<'_>,
    ) -> candle_core::Result<Tensor> {
        use crate::tune::ops;
        let (batch, tokens) = ids.dims2()?;
        let (mut x, additive) = self.embed(ids, Some(mask))?;
        let additive = additive.expect("a mask was given");
        let (heads, head_size) = (self.heads, self.head_size);
        let hidden = heads * head_size;
        let attention = 1.0 / (head_size as f64).sqrt();
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((batch, tokens, heads, head_size))?.transpose(1, 2)?.contiguous()
        };
        for (layer, [query_a, query_b, value_a, value_b]) in self.layers.iter().zip(adapter.layers)
        {
            let qkv = ops::frozen_linear(&x, &layer.qkv.weight, &layer.qkv.bias)?;
            let query = (x.matmul(query_a)?.matmul(query_b)? * (adapter.scale * attention))?;
            let value = (x.matmul(value_a)?.matmul(value_b)? * adapter.scale)?;
            let query = split((qkv.narrow(1, 0, hidden)? + query)?)?;
            let key = split(qkv.narrow(1, hidden, hidden)?)?;
            let value = split((qkv.narrow(1, 2 * hidden, hidden)? + value)?)?;
            let scores = query.matmul(&key.t()?)?.broadcast_add(&additive)?;
            let probabilities = ops::softmax(&scores)?;
            let context = probabilities
                .matmul(&value)?
                .transpose(1, 2)?
                .contiguous()?
                .reshape((batch * tokens, hidden))?;
            let out = layer.attention_out.frozen(&context)?;
            let attended = layer.attention_norm.train(&(out + &x)?)?;
            let intermediate = ops::gelu(&layer.intermediate.frozen(&attended)?)?;
            x = layer.output_norm.train(&(layer.output.frozen(&intermediate)? + attended)?)?;
        }
        x.reshape((batch, tokens, hidden))
    }
}

/// A low-rank adapter's tensors, borrowed: per layer `[A_q, B_q, A_v, B_v]`, `A` of shape
/// `(hidden, rank)` and `B` `(rank, hidden)`, and the scale `α/r`.
pub(crate) struct LowRank<'a> {
    pub(crate) layers: &'a [[Tensor; 4]],
    pub(crate) scale: f64,
}

impl Linear {
    /// `x·W + b` with the gradient to `x` only.
    fn frozen(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        crate::tune::ops::frozen_linear(x, &self.weight, &self.bias)
    }
}

impl LayerNorm {
    /// The norm on an op with a backward pass (scale and shift frozen).
    fn train(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        crate::tune::ops::layer_norm(x, &self.weight, &self.bias, self.eps)
    }
}
