//! Sentence embeddings, as seen by the pure pipeline: a trait the edges implement.
//!
//! The core never loads a model. A caller that has one (the `parallax-embed` crate runs
//! all-MiniLM-L6-v2 with candle) hands it in as a [`SentenceEncoder`]; without one the pipeline
//! is lexical only. Vectors are expected L2-normalised, so a dot product is their cosine.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

/// Turns sentences into L2-normalised vectors.
pub trait SentenceEncoder: Send + Sync {
    /// A short name of the model, for reports.
    fn name(&self) -> &str;
    /// Vector length.
    fn dim(&self) -> usize;
    /// One vector per text, in order.
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncodeError>;
}

/// An encoder failed (the model could not run on this input or device).
#[derive(Debug, Clone, thiserror::Error)]
#[error("sentence encoder failed: {0}")]
pub struct EncodeError(pub String);

/// The cosine of two L2-normalised vectors (their dot product), 0 for vectors of different
/// lengths.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Vectors of texts, each distinct text encoded once.
#[derive(Debug, Default, Clone)]
pub struct Embeddings {
    vectors: HashMap<u64, Vec<f32>>,
}

impl Embeddings {
    /// An empty table.
    pub fn new() -> Embeddings {
        Embeddings::default()
    }

    /// Encodes the texts not already in the table, in batches of `batch` (sorted, so the result
    /// does not depend on the order texts are given in).
    pub fn add(
        &mut self,
        encoder: &dyn SentenceEncoder,
        texts: &[&str],
        batch: usize,
    ) -> Result<(), EncodeError> {
        let mut missing: Vec<&str> =
            texts.iter().copied().filter(|text| !self.vectors.contains_key(&key(text))).collect();
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(batch.max(1)) {
            let vectors = encoder.encode(chunk)?;
            if vectors.len() != chunk.len() {
                return Err(EncodeError(format!(
                    "{} vectors for {} texts",
                    vectors.len(),
                    chunk.len()
                )));
            }
            for (text, vector) in chunk.iter().zip(vectors) {
                self.vectors.insert(key(text), vector);
            }
        }
        Ok(())
    }

    /// The vector of a text, if it was encoded.
    pub fn get(&self, text: &str) -> Option<&[f32]> {
        self.vectors.get(&key(text)).map(Vec::as_slice)
    }

    /// Number of distinct texts held.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }
}

fn key(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// A deterministic stand-in encoder for tests: hashed bag of lower-cased words, normalised.
/// Texts sharing words get positive cosines; it knows nothing of meaning.
#[derive(Debug, Clone)]
pub struct HashingEncoder {
    /// Vector length.
    pub dim: usize,
}

impl SentenceEncoder for HashingEncoder {
    fn name(&self) -> &str {
        "hashing"
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncodeError> {
        Ok(texts
            .iter()
            .map(|text| {
                let mut vector = vec![0f32; self.dim.max(1)];
                for word in crate::text::content_words(text) {
                    let slot = (xxh3_64(word.as_bytes()) % vector.len() as u64) as usize;
                    vector[slot] += 1.0;
                }
                normalize(&mut vector);
                vector
            })
            .collect())
    }
}

/// Scales a vector to unit length (a zero vector stays zero).
pub fn normalize(vector: &mut [f32]) {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|x| *x /= norm);
    }
}
