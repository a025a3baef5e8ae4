//! Fitting a low-rank adapter (LoRA) on the encoder, on the CPU, with candle's autograd.
//!
//! The base weights stay frozen and come from the registry package; what is fitted is a pair of
//! rank-`r` matrices beside the query and the value projection of every layer (74k numbers,
//! 295 KB as f32 for rank 8). At load the adapter is merged into the projections
//! ([`MiniLm::with_adapter`]), so the adapted encoder runs at the base model's speed.
//!
//! [`train_pairs`] fits one on sentence pairs labelled 0 or 1 with sentence-transformers'
//! `CosineSimilarityLoss` (the squared difference between the cosine of the two mean-pooled,
//! normalised embeddings and the label), AdamW, a linear warm-up then a linear decay. The method
//! and its costs were measured beforehand (`../shared/notes/training.md`). The fit is
//! deterministic: the initialisation and the batch order come from a seeded splitmix64, there is
//! no dropout, and every op sums in a fixed order; the same seed writes the same bytes whatever
//! the thread count.

pub(crate) mod ops;

use std::collections::BTreeMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

use crate::bert::LowRank;
use crate::{EmbedError, MiniLm};

/// A fitted low-rank adapter for the query and value projections of every layer.
#[derive(Clone)]
pub struct Adapter {
    /// Per layer `[A_q, B_q, A_v, B_v]`.
    layers: Vec<[Tensor; 4]>,
    /// `α / r`.
    scale: f64,
}

impl std::fmt::Debug for Adapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Adapter")
            .field("layers", &self.layers.len())
            .field("rank", &self.rank())
            .field("scale", &self.scale)
            .finish()
    }
}

const PARTS: [&str; 4] = ["query.lora_a", "query.lora_b", "value.lora_a", "value.lora_b"];

impl Adapter {
    /// The adapter shipped with Parallax: fitted on MRPC train by `parallax train encoder`
    /// with its defaults (`adapters/paraphrase.safetensors`).
    pub fn builtin() -> Result<Adapter, EmbedError> {
        Adapter::from_bytes(include_bytes!("../../adapters/paraphrase.safetensors"))
    }

    /// The adapter's rank.
    pub fn rank(&self) -> usize {
        self.layers.first().and_then(|layer| layer[0].dims().get(1).copied()).unwrap_or(0)
    }

    /// Reads an adapter from safetensors bytes (as [`Adapter::save`] writes them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Adapter, EmbedError> {
        let bad = |message: String| EmbedError::BadFile { path: "(adapter)".into(), message };
        let tensors = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?;
        let scale = tensors
            .get("scale")
            .ok_or_else(|| bad("no `scale` tensor".to_owned()))?
            .flatten_all()?
            .to_vec1::<f32>()?;
        let [scale] = scale[..] else {
            return Err(bad("`scale` is not one number".to_owned()));
        };
        let mut layers = Vec::new();
        while tensors.contains_key(&format!("layer.{}.{}", layers.len(), PARTS[0])) {
            let index = layers.len();
            let get = |part: &str| {
                tensors
                    .get(&format!("layer.{index}.{part}"))
                    .map(|tensor| tensor.to_dtype(DType::F32))
                    .ok_or_else(|| bad(format!("layer {index} has no `{part}`")))
            };
            layers.push([get(PARTS[0])??, get(PARTS[1])??, get(PARTS[2])??, get(PARTS[3])??]);
        }
        if layers.is_empty() {
            return Err(bad("no layers".to_owned()));
        }
        Ok(Adapter { layers, scale: f64::from(scale) })
    }

    /// Writes the adapter as f32 safetensors.
    pub fn save(&self, path: &Path) -> Result<(), EmbedError> {
        let mut tensors: BTreeMap<String, Tensor> = BTreeMap::new();
        for (index, layer) in self.layers.iter().enumerate() {
            for (part, tensor) in PARTS.iter().zip(layer) {
                tensors.insert(format!("layer.{index}.{part}"), tensor.clone());
            }
        }
        tensors.insert("scale".to_owned(), Tensor::new(&[self.scale as f32], &Device::Cpu)?);
        let tensors: std::collections::HashMap<String, Tensor> = tensors.into_iter().collect();
        candle_core::safetensors::save(&tensors, path)?;
        Ok(())
    }

    pub(crate) fn low_rank(&self) -> LowRank<'_> {
        LowRank { layers: &self.layers, scale: self.scale }
    }
}

/// One labelled sentence pair.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The first sentence.
    pub a: String,
    /// The second sentence.
    pub b: String,
    /// 1 when they say the same thing, 0 when not.
    pub label: f32,
}

/// Settings of [`train_pairs`] (the defaults are the measured recipe).
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Rank of the adapter.
    pub rank: usize,
    /// `α`; the adapter's output is scaled by `α / rank`.
    pub alpha: f64,
    /// Passes over the training pairs.
    pub epochs: usize,
    /// Pairs per step.
    pub batch_pairs: usize,
    /// Peak learning rate.
    pub learning_rate: f64,
    /// AdamW's decoupled weight decay.
    pub weight_decay: f64,
    /// Share of the steps spent warming the learning rate up from 0.
    pub warmup: f64,
    /// Seeds the initialisation and the batch order.
    pub seed: u64,
    /// Stop after this many steps (for quick checks); the schedule still spans all epochs.
    pub max_steps: Option<usize>,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            rank: 8,
            alpha: 16.0,
            epochs: 2,
            batch_pairs: 16,
            learning_rate: 1e-3,
            weight_decay: 0.01,
            warmup: 0.1,
            seed: 42,
            max_steps: None,
        }
    }
}

/// How one epoch went.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EpochReport {
    /// 1-based.
    pub epoch: usize,
    /// Steps taken so far.
    pub steps: usize,
    /// Mean training loss over the epoch's steps.
    pub loss: f64,
    /// Mean loss on the validation pairs (`None` without any).
    pub validation_loss: Option<f64>,
}

/// The result of [`train_pairs`].
#[derive(Debug)]
pub struct Trained {
    /// The adapter after the epoch with the lowest validation loss (the last epoch without
    /// validation pairs).
    pub adapter: Adapter,
    /// Which epoch that was (1-based).
    pub chosen_epoch: usize,
    /// Every epoch.
    pub epochs: Vec<EpochReport>,
}

/// splitmix64: a tiny, seedable, portable generator (the fit must not depend on a crate's
/// choice of algorithm).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            let other = (self.next() % (index as u64 + 1)) as usize;
            items.swap(index, other);
        }
    }
}

/// Batches of pair indices for one epoch: shuffled, then sorted by length within windows of
/// 50 batches (less padding), then the batches shuffled.
fn batches(lengths: &[usize], batch: usize, rng: &mut SplitMix) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    rng.shuffle(&mut order);
    let mut out = Vec::new();
    for window in order.chunks(batch * 50) {
        let mut window = window.to_vec();
        window.sort_by_key(|&index| (lengths[index], index));
        out.extend(window.chunks(batch).map(<[usize]>::to_vec));
    }
    rng.shuffle(&mut out);
    out
}

/// `(ids, mask)` tensors for tokenised sentences, each padded with 0 to the longest (at least
/// one token wide).
pub(crate) fn padded(tokens: &[&[u32]], device: &Device) -> candle_core::Result<(Tensor, Tensor)> {
    let longest = tokens.iter().map(|ids| ids.len()).max().unwrap_or(1).max(1);
    let mut ids = Vec::with_capacity(tokens.len() * longest);
    let mut mask = Vec::with_capacity(tokens.len() * longest);
    for sentence in tokens {
        ids.extend_from_slice(sentence);
        ids.extend(std::iter::repeat_n(0u32, longest - sentence.len()));
        mask.extend(std::iter::repeat_n(1u32, sentence.len()));
        mask.extend(std::iter::repeat_n(0u32, longest - sentence.len()));
    }
    let shape = (tokens.len(), longest);
    Ok((Tensor::from_vec(ids, shape, device)?, Tensor::from_vec(mask, shape, device)?))
}

/// Mean over the real tokens, then unit length: `(batch, tokens, hidden)` → `(batch, hidden)`.
pub(crate) fn pool(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
    let mean = summed.broadcast_div(&counts)?;
    let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
    mean.broadcast_div(&norms)
}

/// The token ids of a pair's two sentences.
type TokenPair = (Vec<u32>, Vec<u32>);

/// Progress of a fit: step, total steps, the step's loss.
pub type Progress<'a> = &'a dyn Fn(usize, usize, f64);

/// Fits an adapter on labelled pairs; `validation` pairs (may be empty) choose the epoch.
pub fn train_pairs(
    model: &MiniLm,
    training: &[Pair],
    validation: &[Pair],
    config: &TrainConfig,
    progress: Progress<'_>,
) -> Result<Trained, EmbedError> {
    let bert = model.bert();
    let (layer_count, hidden) = bert.dims();
    let mut rng = SplitMix(config.seed);
    // A ~ U(±1/√hidden), B = 0: the adapter starts as the identity.
    let bound = 1.0 / (hidden as f64).sqrt();
    let mut vars: Vec<Var> = Vec::new();
    for _ in 0..layer_count {
        for _ in 0..2 {
            let a: Vec<f32> = (0..hidden * config.rank)
                .map(|_| ((rng.unit() * 2.0 - 1.0) * bound) as f32)
                .collect();
            vars.push(Var::from_vec(a, (hidden, config.rank), &Device::Cpu)?);
            vars.push(Var::zeros((config.rank, hidden), DType::F32, &Device::Cpu)?);
        }
    }
    let layers_of = |vars: &[Var]| -> Vec<[Tensor; 4]> {
        vars.chunks_exact(4)
            .map(|chunk| {
                [
                    chunk[0].as_tensor().clone(),
                    chunk[1].as_tensor().clone(),
                    chunk[2].as_tensor().clone(),
                    chunk[3].as_tensor().clone(),
                ]
            })
            .collect()
    };
    let scale = config.alpha / config.rank as f64;
    let tokens = |pairs: &[Pair]| -> Result<Vec<TokenPair>, EmbedError> {
        pairs
            .iter()
            .map(|pair| Ok((model.token_ids(&pair.a)?, model.token_ids(&pair.b)?)))
            .collect()
    };
    let train_tokens = tokens(training)?;
    let validation_tokens = tokens(validation)?;
    let lengths: Vec<usize> = train_tokens.iter().map(|(a, b)| a.len().max(b.len())).collect();
    let batch = config.batch_pairs.max(1);
    let per_epoch = training.len().div_ceil(batch);
    let total = per_epoch * config.epochs;
    let warmup = ((total as f64) * config.warmup).round() as usize;
    let schedule = |step: usize| -> f64 {
        if step < warmup {
            config.learning_rate * (step + 1) as f64 / warmup as f64
        } else {
            config.learning_rate * (total - step) as f64 / (total - warmup).max(1) as f64
        }
    };
    let mut optimiser = AdamW::new(
        vars.clone(),
        ParamsAdamW {
            lr: schedule(0),
            weight_decay: config.weight_decay,
            ..ParamsAdamW::default()
        },
    )?;
    let loss_of = |batch_tokens: &[&(Vec<u32>, Vec<u32>)],
                   labels: &[f32],
                   layers: &[[Tensor; 4]]|
     -> candle_core::Result<Tensor> {
        let sentences: Vec<&[u32]> = batch_tokens
            .iter()
            .map(|(a, _)| a.as_slice())
            .chain(batch_tokens.iter().map(|(_, b)| b.as_slice()))
            .collect();
        let (ids, mask) = padded(&sentences, &Device::Cpu)?;
        let hidden = bert.forward_train(&ids, &mask, &LowRank { layers, scale })?;
        let pooled = pool(&hidden, &mask)?;
        let pairs = batch_tokens.len();
        let cosine = (pooled.narrow(0, 0, pairs)? * pooled.narrow(0, pairs, pairs)?)?.sum(1)?;
        let labels = Tensor::from_slice(labels, pairs, &Device::Cpu)?;
        (cosine - labels)?.sqr()?.mean_all()
    };
    let mut step = 0;
    let mut epochs = Vec::new();
    let mut best: Option<(f64, usize, Vec<[Tensor; 4]>)> = None;
    for epoch in 1..=config.epochs {
        let mut losses = Vec::new();
        let mut stopped = false;
        for indices in batches(&lengths, batch, &mut rng) {
            if config.max_steps.is_some_and(|most| step >= most) {
                stopped = true;
                break;
            }
            optimiser.set_learning_rate(schedule(step));
            let batch_tokens: Vec<&(Vec<u32>, Vec<u32>)> =
                indices.iter().map(|&index| &train_tokens[index]).collect();
            let labels: Vec<f32> = indices.iter().map(|&index| training[index].label).collect();
            let layers = layers_of(&vars);
            let loss = loss_of(&batch_tokens, &labels, &layers)?;
            let grads = loss.backward()?;
            if step == 0 {
                // candle skips a variable without a gradient silently: make sure every one has.
                if let Some(missing) =
                    vars.iter().position(|var| grads.get(var.as_tensor()).is_none())
                {
                    return Err(EmbedError::Training(format!(
                        "adapter tensor {missing} received no gradient"
                    )));
                }
            }
            optimiser.step(&grads)?;
            let loss = f64::from(loss.to_scalar::<f32>()?);
            losses.push(loss);
            step += 1;
            progress(step, total, loss);
        }
        let frozen: Vec<[Tensor; 4]> = vars
            .chunks_exact(4)
            .map(|chunk| -> candle_core::Result<[Tensor; 4]> {
                let copy = |var: &Var| var.as_tensor().detach().copy();
                Ok([copy(&chunk[0])?, copy(&chunk[1])?, copy(&chunk[2])?, copy(&chunk[3])?])
            })
            .collect::<candle_core::Result<_>>()?;
        let validation_loss = if validation.is_empty() {
            None
        } else {
            let adapter = Adapter { layers: frozen.clone(), scale };
            Some(validation_loss(model, &adapter, &validation_tokens, validation)?)
        };
        epochs.push(EpochReport {
            epoch,
            steps: step,
            loss: losses.iter().sum::<f64>() / losses.len().max(1) as f64,
            validation_loss,
        });
        let score = validation_loss.unwrap_or(0.0);
        if best.as_ref().is_none_or(|(best, _, _)| score <= *best) {
            best = Some((score, epoch, frozen));
        }
        if stopped {
            break;
        }
    }
    let Some((_, chosen_epoch, layers)) = best else {
        return Err(EmbedError::Training("no epoch ran".to_owned()));
    };
    Ok(Trained { adapter: Adapter { layers, scale }, chosen_epoch, epochs })
}

/// Mean squared difference between the adapted cosines and the labels.
fn validation_loss(
    model: &MiniLm,
    adapter: &Adapter,
    tokens: &[(Vec<u32>, Vec<u32>)],
    pairs: &[Pair],
) -> Result<f64, EmbedError> {
    let adapted = model.with_adapter(adapter)?;
    let cosines = adapted.pair_cosines_of_tokens(tokens)?;
    Ok(cosines
        .iter()
        .zip(pairs)
        .map(|(cosine, pair)| (f64::from(*cosine) - f64::from(pair.label)).powi(2))
        .sum::<f64>()
        / pairs.len().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use candle_nn::VarBuilder;

    use super::*;
    use crate::bert::{Bert, BertConfig};

    fn tensor(rng: &mut SplitMix, shape: &[usize], spread: f64) -> Tensor {
        let count = shape.iter().product();
        let values: Vec<f32> =
            (0..count).map(|_| ((rng.unit() * 2.0 - 1.0) * spread) as f32).collect();
        Tensor::from_vec(values, shape, &Device::Cpu).unwrap()
    }

    /// A two-layer BERT with random weights.
    fn tiny() -> Bert {
        let config: BertConfig = serde_json::from_value(serde_json::json!({
            "vocab_size": 20, "hidden_size": 8, "num_hidden_layers": 2,
            "num_attention_heads": 2, "intermediate_size": 16, "hidden_act": "gelu",
            "max_position_embeddings": 16, "type_vocab_size": 2, "layer_norm_eps": 1e-12
        }))
        .unwrap();
        let mut rng = SplitMix(1);
        let mut weights: HashMap<String, Tensor> = HashMap::new();
        let mut add = |name: String, shape: &[usize]| {
            weights.insert(name, tensor(&mut rng, shape, 0.5));
        };
        add("embeddings.word_embeddings.weight".into(), &[20, 8]);
        add("embeddings.position_embeddings.weight".into(), &[16, 8]);
        add("embeddings.token_type_embeddings.weight".into(), &[2, 8]);
        add("embeddings.LayerNorm.weight".into(), &[8]);
        add("embeddings.LayerNorm.bias".into(), &[8]);
        for layer in 0..2 {
            let prefix = format!("encoder.layer.{layer}");
            for part in ["query", "key", "value"] {
                add(format!("{prefix}.attention.self.{part}.weight"), &[8, 8]);
                add(format!("{prefix}.attention.self.{part}.bias"), &[8]);
            }
            add(format!("{prefix}.attention.output.dense.weight"), &[8, 8]);
            add(format!("{prefix}.attention.output.dense.bias"), &[8]);
            add(format!("{prefix}.attention.output.LayerNorm.weight"), &[8]);
            add(format!("{prefix}.attention.output.LayerNorm.bias"), &[8]);
            add(format!("{prefix}.intermediate.dense.weight"), &[16, 8]);
            add(format!("{prefix}.intermediate.dense.bias"), &[16]);
            add(format!("{prefix}.output.dense.weight"), &[8, 16]);
            add(format!("{prefix}.output.dense.bias"), &[8]);
            add(format!("{prefix}.output.LayerNorm.weight"), &[8]);
            add(format!("{prefix}.output.LayerNorm.bias"), &[8]);
        }
        let vb = VarBuilder::from_tensors(weights, DType::F32, &Device::Cpu);
        Bert::load(vb, &config).unwrap()
    }

    fn max_off(a: &Tensor, b: &Tensor) -> f32 {
        let a: Vec<f32> = a.flatten_all().unwrap().to_vec1().unwrap();
        let b: Vec<f32> = b.flatten_all().unwrap().to_vec1().unwrap();
        a.iter().zip(&b).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max)
    }

    fn inputs() -> (Tensor, Tensor) {
        let ids = Tensor::from_vec(vec![1u32, 5, 7, 2, 3, 9, 0, 0], (2, 4), &Device::Cpu).unwrap();
        let mask = Tensor::from_vec(vec![1u32, 1, 1, 1, 1, 1, 0, 0], (2, 4), &Device::Cpu).unwrap();
        (ids, mask)
    }

    #[test]
    fn the_training_pass_computes_the_inference_pass() {
        let bert = tiny();
        let (ids, mask) = inputs();
        let mut rng = SplitMix(3);
        let zero = |_: &mut SplitMix| Tensor::zeros((2, 8), DType::F32, &Device::Cpu).unwrap();
        let none: Vec<[Tensor; 4]> = (0..2)
            .map(|_| {
                let a = tensor(&mut rng, &[8, 2], 0.3);
                let b = zero(&mut rng);
                [a.clone(), b.clone(), a, b]
            })
            .collect();
        let base = bert.forward(&ids, Some(&mask)).unwrap();
        let trained =
            bert.forward_train(&ids, &mask, &LowRank { layers: &none, scale: 2.0 }).unwrap();
        assert!(max_off(&base, &trained) < 1e-5, "{}", max_off(&base, &trained));

        let some: Vec<[Tensor; 4]> = (0..2)
            .map(|_| {
                [
                    tensor(&mut rng, &[8, 2], 0.5),
                    tensor(&mut rng, &[2, 8], 0.5),
                    tensor(&mut rng, &[8, 2], 0.5),
                    tensor(&mut rng, &[2, 8], 0.5),
                ]
            })
            .collect();
        let adapter = LowRank { layers: &some, scale: 2.0 };
        let merged = bert.with_adapter(&adapter).unwrap().forward(&ids, Some(&mask)).unwrap();
        let trained = bert.forward_train(&ids, &mask, &adapter).unwrap();
        assert!(max_off(&merged, &trained) < 1e-5, "{}", max_off(&merged, &trained));
        // The adapter changes the output.
        assert!(max_off(&base, &merged) > 1e-2);
    }

    #[test]
    fn every_adapter_tensor_gets_a_gradient() {
        let bert = tiny();
        let (ids, mask) = inputs();
        let mut rng = SplitMix(5);
        let vars: Vec<Var> = (0..8)
            .map(|index| {
                let shape: &[usize] = if index % 2 == 0 { &[8, 2] } else { &[2, 8] };
                Var::from_tensor(&tensor(&mut rng, shape, 0.5)).unwrap()
            })
            .collect();
        let layers: Vec<[Tensor; 4]> = vars
            .chunks_exact(4)
            .map(|chunk| std::array::from_fn(|index| chunk[index].as_tensor().clone()))
            .collect();
        let hidden =
            bert.forward_train(&ids, &mask, &LowRank { layers: &layers, scale: 2.0 }).unwrap();
        let loss = pool(&hidden, &mask).unwrap().sum_all().unwrap().sqr().unwrap();
        let grads = loss.backward().unwrap();
        for var in &vars {
            let grad = grads.get(var.as_tensor()).expect("a gradient");
            let norm: f32 = grad.sqr().unwrap().sum_all().unwrap().to_scalar().unwrap();
            assert!(norm > 0.0);
        }
    }

    #[test]
    fn batches_cover_every_pair_once_and_depend_only_on_the_seed() {
        let lengths: Vec<usize> = (0..1000).map(|index| index * 7 % 53).collect();
        let first = batches(&lengths, 16, &mut SplitMix(42));
        let again = batches(&lengths, 16, &mut SplitMix(42));
        assert_eq!(first, again);
        let mut all: Vec<usize> = first.concat();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        assert_ne!(first, batches(&lengths, 16, &mut SplitMix(43)));
    }
}
