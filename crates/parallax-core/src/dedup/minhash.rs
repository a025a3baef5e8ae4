//! MinHash signatures of word shingles, bit-compatible with datasketch.
//!
//! A document's shingles are its word `k`-grams: the text is lower-cased, split into runs of
//! word characters (letters, digits, `_`: Python's `\w`), and each run of `k` consecutive words
//! joined by single spaces is one shingle (a document of fewer than `k` words is one shingle).
//! Each shingle is hashed with the first four bytes of its SHA-1 (little-endian), then passed
//! through `num_perm` hash functions whose parameters are drawn from MT19937 exactly as
//! `datasketch.MinHash(num_perm, seed)` draws them, under one of datasketch's two schemes:
//!
//! - [`Scheme::Affine32`] (datasketch ≥ 2.0's default): the hash is pre-mixed with the
//!   MurmurHash3 finalizer, then `a·h + b` modulo 2³² with odd `a`, a bijection, so the
//!   permutation step adds no collisions.
//! - [`Scheme::Legacy`] (datasketch < 2.0): `((a·h + b) mod (2⁶¹ − 1)) & (2³² − 1)`.
//!
//! A signature equals datasketch's `hashvalues` for the same shingles, seed and scheme, which
//! makes runs comparable and reproducible across the two tools.

use sha1::{Digest, Sha1};

use super::mt::Mt19937;

const MERSENNE_PRIME: u64 = (1 << 61) - 1;
const MAX_HASH: u64 = u32::MAX as u64;

/// A MinHash signature: one minimum per permutation (each below 2³²).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// The share of positions at which two signatures agree: an estimate of the Jaccard
    /// similarity of the two shingle sets. Signatures of different lengths compare as 0.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }
}

/// How permutations are applied to shingle hashes (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// MurmurHash3-finalised hash, then `a·h + b mod 2³²` (datasketch ≥ 2.0).
    #[default]
    Affine32,
    /// `(a·h + b) mod (2⁶¹ − 1)`, low 32 bits (datasketch < 2.0).
    Legacy,
}

/// Computes MinHash signatures with fixed permutations.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle: usize,
    scheme: Scheme,
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// `num_perm` permutations drawn from `seed` (datasketch's default seed is 1), over word
    /// `shingle`-grams (at least 1).
    pub fn new(shingle: usize, num_perm: usize, seed: u32, scheme: Scheme) -> MinHasher {
        let mut rng = Mt19937::new(seed);
        let (a, b) = match scheme {
            Scheme::Legacy => {
                let mut a = Vec::with_capacity(num_perm);
                let mut b = Vec::with_capacity(num_perm);
                for _ in 0..num_perm {
                    a.push(rng.randint_u64(1, MERSENNE_PRIME));
                    b.push(rng.randint_u64(0, MERSENNE_PRIME));
                }
                (a, b)
            }
            Scheme::Affine32 => {
                let a = (0..num_perm).map(|_| rng.randint_u64(0, 1 << 31) * 2 + 1).collect();
                let b = (0..num_perm).map(|_| rng.randint_u64(0, 1 << 32)).collect();
                (a, b)
            }
        };
        MinHasher { shingle: shingle.max(1), scheme, a, b }
    }

    /// The number of permutations.
    pub fn num_perm(&self) -> usize {
        self.a.len()
    }

    /// The signature of a text. A text without any word gets the signature of the empty set
    /// (every value 2³² − 1), as in datasketch.
    pub fn signature(&self, text: &str) -> Signature {
        let mut hashes = shingle_hashes(text, self.shingle);
        hashes.sort_unstable();
        hashes.dedup();
        self.signature_of_hashes(&hashes)
    }

    /// The signature of a set of 32-bit shingle hashes.
    pub fn signature_of_hashes(&self, hashes: &[u32]) -> Signature {
        let mut minimums = vec![MAX_HASH as u32; self.a.len()];
        match self.scheme {
            Scheme::Legacy => {
                for ((minimum, &a), &b) in minimums.iter_mut().zip(&self.a).zip(&self.b) {
                    let mut lowest = MAX_HASH;
                    for &hash in hashes {
                        let value = a.wrapping_mul(u64::from(hash)).wrapping_add(b);
                        lowest = lowest.min(mod_mersenne(value) & MAX_HASH);
                    }
                    *minimum = lowest as u32;
                }
            }
            Scheme::Affine32 => {
                let mixed: Vec<u32> = hashes.iter().map(|&hash| fmix32(hash)).collect();
                for ((minimum, &a), &b) in minimums.iter_mut().zip(&self.a).zip(&self.b) {
                    let (a, b) = (a as u32, b as u32);
                    *minimum = mixed
                        .iter()
                        .map(|&hash| a.wrapping_mul(hash).wrapping_add(b))
                        .fold(u32::MAX, u32::min);
                }
            }
        }
        Signature(minimums)
    }
}

/// The MurmurHash3 32-bit finalizer.
#[inline]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// `x mod (2⁶¹ − 1)` without a division.
#[inline]
fn mod_mersenne(x: u64) -> u64 {
    let folded = (x & MERSENNE_PRIME) + (x >> 61);
    if folded >= MERSENNE_PRIME { folded - MERSENNE_PRIME } else { folded }
}

/// The lower-cased word tokens of a text: runs of letters, digits and `_`.
pub fn word_tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The 32-bit hashes of a text's word `k`-gram shingles, in text order (with repeats).
pub fn shingle_hashes(text: &str, k: usize) -> Vec<u32> {
    let tokens = word_tokens(text);
    let k = k.max(1);
    if tokens.is_empty() {
        return Vec::new();
    }
    if tokens.len() < k {
        return vec![hash_shingle(&tokens)];
    }
    tokens.windows(k).map(hash_shingle).collect()
}

fn hash_shingle(words: &[String]) -> u32 {
    let mut hasher = Sha1::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    let digest = hasher.finalize();
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The exact Jaccard similarity of two texts' shingle sets (by shingle hash).
pub fn jaccard(a: &str, b: &str, k: usize) -> f64 {
    let mut left = shingle_hashes(a, k);
    let mut right = shingle_hashes(b, k);
    left.sort_unstable();
    left.dedup();
    right.sort_unstable();
    right.dedup();
    sorted_jaccard(&left, &right)
}

/// Jaccard similarity of two sorted, deduplicated sets.
pub fn sorted_jaccard<T: Ord>(left: &[T], right: &[T]) -> f64 {
    if left.is_empty() && right.is_empty() {
        return 0.0;
    }
    let shared = sorted_intersection(left, right);
    shared as f64 / (left.len() + right.len() - shared) as f64
}

/// The size of the intersection of two sorted, deduplicated sets.
pub fn sorted_intersection<T: Ord>(left: &[T], right: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_characters() {
        assert_eq!(
            word_tokens("Kim Jong-un's U.S. trip_2023!"),
            ["kim", "jong", "un", "s", "u", "s", "trip_2023"]
        );
    }

    #[test]
    fn short_texts_are_one_shingle_and_empty_texts_none() {
        assert_eq!(shingle_hashes("two words", 5).len(), 1);
        assert!(shingle_hashes(" -- ", 5).is_empty());
        assert_eq!(shingle_hashes("a b c d e f", 5).len(), 2);
    }

    #[test]
    fn mersenne_reduction_matches_the_remainder() {
        for x in [0, 1, MERSENNE_PRIME - 1, MERSENNE_PRIME, MERSENNE_PRIME + 5, u64::MAX, 1 << 63] {
            assert_eq!(mod_mersenne(x), x % MERSENNE_PRIME, "{x}");
        }
    }

    const TEXT: &str = "North Korean leader Kim Jong Un is expected to travel to Russia this month to \
        meet President Vladimir Putin and discuss weapons sales, a US official said on Monday. \
        Über café naïve.";

    const LEGACY_HEAD: [u32; 4] = [7_197_488, 88_469_302, 14_467_841, 17_381_436];

    #[test]
    fn signatures_equal_datasketchs() {
        // datasketch 2.0.0: MinHash(num_perm=128, seed=1), update() with each shingle's UTF-8.
        let affine = MinHasher::new(5, 128, 1, Scheme::Affine32);
        assert_eq!(&affine.a[..3], &[3_582_191_691, 4_270_784_983, 1_892_572_953]);
        assert_eq!(&affine.b[..3], &[214_548_472, 3_287_733_501, 2_301_657_549]);
        let signature = affine.signature(TEXT);
        assert_eq!(
            &signature.0[..6],
            &[511_439_425, 25_774_322, 114_531_375, 26_730_200, 10_121_021, 16_079_513]
        );
        assert_eq!(&signature.0[126..], &[338_037_097, 128_241_181]);
        // The same with scheme="legacy" (datasketch 1.x).
        let legacy = MinHasher::new(5, 128, 1, Scheme::Legacy).signature(TEXT);
        assert_eq!(&legacy.0[..4], &LEGACY_HEAD);
    }

    #[test]
    fn identical_texts_agree_and_estimates_track_the_exact_jaccard() {
        let hasher = MinHasher::new(2, 256, 1, Scheme::Affine32);
        let a = "the quick brown fox jumps over the lazy dog near the river bank today";
        let b = "the quick brown fox jumps over the lazy cat near the river bank today";
        assert_eq!(hasher.signature(a).jaccard(&hasher.signature(a)), 1.0);
        let estimate = hasher.signature(a).jaccard(&hasher.signature(b));
        let exact = jaccard(a, b, 2);
        assert!((estimate - exact).abs() < 0.15, "{estimate} vs {exact}");
    }
}
