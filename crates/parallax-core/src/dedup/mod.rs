//! Exact and near duplicates: normalised-text keys, MinHash signatures and LSH banding.
//!
//! - [`exact_key`]: a 128-bit hash of a text's lower-cased word sequence; equal keys mean the
//!   same words in the same order, whatever the spacing, case and punctuation.
//! - [`MinHasher`]: MinHash signatures of word shingles, bit-compatible with datasketch.
//! - [`LshIndex`]: banded LSH over signatures, with [`Banding::optimal`] to pick bands × rows
//!   for a Jaccard threshold.
//! - [`Deduplicator`]: the streaming decision for dataset builders: each document in turn is
//!   kept, or dropped as an exact or near duplicate of a document kept before it.

mod lsh;
mod minhash;
mod mt;

pub use lsh::{Banding, LshIndex};
pub use minhash::{
    MinHasher, Scheme, Signature, jaccard, shingle_hashes, sorted_intersection, sorted_jaccard,
    word_tokens,
};

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_128;

/// A 128-bit key of a text's normalised form: its lower-cased word tokens joined by spaces.
pub fn exact_key(text: &str) -> u128 {
    xxh3_128(word_tokens(text).join(" ").as_bytes())
}

/// MinHash and LSH settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash permutations.
    pub num_perm: usize,
    /// Seed of the permutations (datasketch's default is 1).
    pub seed: u32,
    /// How permutations are applied (datasketch ≥ 2.0's scheme by default).
    pub scheme: Scheme,
    /// Estimated Jaccard similarity from which two documents are near duplicates.
    pub threshold: f64,
    /// The banding; `None` picks [`Banding::optimal`] for the threshold.
    pub banding: Option<Banding>,
}

impl Default for DedupConfig {
    fn default() -> DedupConfig {
        DedupConfig {
            shingle: 5,
            num_perm: 128,
            seed: 1,
            scheme: Scheme::Affine32,
            threshold: 0.8,
            banding: None,
        }
    }
}

impl DedupConfig {
    /// The banding in effect.
    pub fn banding(&self) -> Banding {
        self.banding.unwrap_or_else(|| Banding::optimal(self.threshold, self.num_perm))
    }
}

/// What became of one document.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// A first occurrence: keep it.
    Keep,
    /// The same normalised text as the kept document with this index (insertion order).
    Exact {
        /// Index of the kept document.
        of: usize,
    },
    /// A near duplicate of the kept document with this index.
    Near {
        /// Index of the kept document.
        of: usize,
        /// Estimated Jaccard similarity of the two shingle sets.
        jaccard: f64,
    },
    /// Nothing to compare: the document has no words.
    Empty,
}

/// Streaming deduplication: documents are judged in the order they come, each against the
/// documents kept before it. Memory grows with the kept documents only (a signature of
/// `num_perm` × 4 bytes, one entry per band and an exact key each), never with text length.
#[derive(Debug)]
pub struct Deduplicator {
    config: DedupConfig,
    hasher: MinHasher,
    index: LshIndex,
    /// Document index of each LSH entry.
    entry_document: Vec<usize>,
    exact: HashMap<u128, usize>,
    seen: usize,
}

impl Deduplicator {
    /// A deduplicator with these settings.
    pub fn new(config: DedupConfig) -> Deduplicator {
        let hasher = MinHasher::new(config.shingle, config.num_perm, config.seed, config.scheme);
        let index = LshIndex::new(config.banding());
        Deduplicator {
            config,
            hasher,
            index,
            entry_document: Vec::new(),
            exact: HashMap::new(),
            seen: 0,
        }
    }

    /// The settings.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// The hasher, to compute signatures in parallel before [`Deduplicator::push_signed`].
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    /// Judges the next document.
    pub fn push(&mut self, text: &str) -> Verdict {
        let key = exact_key(text);
        let signature = self.hasher.signature(text);
        self.push_signed(key, signature, text.chars().any(char::is_alphanumeric))
    }

    /// Judges the next document from its precomputed exact key and signature.
    pub fn push_signed(&mut self, key: u128, signature: Signature, has_words: bool) -> Verdict {
        let document = self.seen;
        self.seen += 1;
        if !has_words {
            return Verdict::Empty;
        }
        if let Some(&of) = self.exact.get(&key) {
            return Verdict::Exact { of };
        }
        let best = self
            .index
            .query(&signature)
            .into_iter()
            .map(|entry| (entry, self.index.signature(entry).jaccard(&signature)))
            .filter(|&(_, jaccard)| jaccard >= self.config.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((entry, jaccard)) = best {
            return Verdict::Near { of: self.entry_document[entry as usize], jaccard };
        }
        self.exact.insert(key, document);
        self.index.insert(signature);
        self.entry_document.push(document);
        Verdict::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_keys_ignore_case_spacing_and_punctuation() {
        assert_eq!(exact_key("Kim meets Putin."), exact_key("kim  MEETS putin"));
        assert_ne!(exact_key("Kim meets Putin"), exact_key("Putin meets Kim"));
    }

    #[test]
    fn streaming_verdicts() {
        let base = "North Korean leader Kim Jong Un is expected to travel to Russia this month to \
                    meet President Vladimir Putin and discuss weapons sales, a US official said.";
        let near = format!("{base} The meeting may take place in Vladivostok.");
        let mut dedup = Deduplicator::new(DedupConfig { threshold: 0.5, ..DedupConfig::default() });
        assert_eq!(dedup.push(base), Verdict::Keep);
        assert_eq!(dedup.push(&base.to_uppercase()), Verdict::Exact { of: 0 });
        assert!(matches!(dedup.push(&near), Verdict::Near { of: 0, .. }));
        assert_eq!(
            dedup.push("Completely unrelated text about football results and a cup final."),
            Verdict::Keep
        );
        assert_eq!(dedup.push("  ...  "), Verdict::Empty);
    }
}
