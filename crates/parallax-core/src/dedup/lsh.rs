//! Locality-sensitive hashing over MinHash signatures: banding, and the choice of bands × rows
//! for a Jaccard threshold.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use super::minhash::Signature;

/// A banding: `bands` bands of `rows` signature values each. Two signatures are candidates when
/// all values of at least one band agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Banding {
    /// Number of bands.
    pub bands: usize,
    /// Values per band.
    pub rows: usize,
}

impl Banding {
    /// The banding that minimises the equally weighted sum of the false-positive and
    /// false-negative probability masses around `threshold` for `num_perm` permutations, the
    /// rule datasketch's `MinHashLSH` uses (`bands × rows ≤ num_perm`).
    pub fn optimal(threshold: f64, num_perm: usize) -> Banding {
        let threshold = threshold.clamp(0.0, 1.0);
        let mut best = Banding { bands: 1, rows: num_perm.max(1) };
        let mut best_error = f64::INFINITY;
        for bands in 1..=num_perm {
            for rows in 1..=num_perm / bands {
                let candidate = |s: f64| 1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32);
                let false_positive = integrate(candidate, 0.0, threshold);
                let false_negative = integrate(|s| 1.0 - candidate(s), threshold, 1.0);
                let error = 0.5 * false_positive + 0.5 * false_negative;
                if error < best_error {
                    best_error = error;
                    best = Banding { bands, rows };
                }
            }
        }
        best
    }

    /// The probability that two documents of Jaccard similarity `s` become candidates.
    pub fn candidate_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// Composite Simpson's rule on 200 intervals: the integrands are smooth polynomials.
fn integrate(f: impl Fn(f64) -> f64, from: f64, to: f64) -> f64 {
    const STEPS: usize = 200;
    if to <= from {
        return 0.0;
    }
    let h = (to - from) / STEPS as f64;
    let mut sum = f(from) + f(to);
    for i in 1..STEPS {
        let weight = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += weight * f(from + h * i as f64);
    }
    sum * h / 3.0
}

/// An LSH index over signatures. Entries are numbered in insertion order.
#[derive(Debug, Clone)]
pub struct LshIndex {
    banding: Banding,
    tables: Vec<HashMap<u64, Vec<u32>>>,
    signatures: Vec<Signature>,
}

impl LshIndex {
    /// An empty index.
    pub fn new(banding: Banding) -> LshIndex {
        LshIndex { banding, tables: vec![HashMap::new(); banding.bands], signatures: Vec::new() }
    }

    /// The banding in use.
    pub fn banding(&self) -> Banding {
        self.banding
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.signatures.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty()
    }

    /// The signature of entry `entry`.
    pub fn signature(&self, entry: u32) -> &Signature {
        &self.signatures[entry as usize]
    }

    fn band<'a>(&self, signature: &'a Signature, band: usize) -> &'a [u32] {
        let start = band * self.banding.rows;
        let end = (start + self.banding.rows).min(signature.0.len());
        signature.0.get(start.min(end)..end).unwrap_or(&[])
    }

    fn key(band: &[u32]) -> u64 {
        let bytes: Vec<u8> = band.iter().flat_map(|value| value.to_le_bytes()).collect();
        xxh3_64(&bytes)
    }

    /// Adds a signature; returns its entry number.
    pub fn insert(&mut self, signature: Signature) -> u32 {
        let entry = u32::try_from(self.signatures.len()).unwrap_or(u32::MAX);
        for band in 0..self.banding.bands {
            let key = Self::key(self.band(&signature, band));
            self.tables[band].entry(key).or_default().push(entry);
        }
        self.signatures.push(signature);
        entry
    }

    /// The entries sharing at least one whole band with `signature`, ascending. Band keys are
    /// hashes, so each hit is checked against the stored values: results are exact.
    pub fn query(&self, signature: &Signature) -> Vec<u32> {
        let mut hits = Vec::new();
        for band in 0..self.banding.bands {
            let values = self.band(signature, band);
            if let Some(entries) = self.tables[band].get(&Self::key(values)) {
                for &entry in entries {
                    if self.band(&self.signatures[entry as usize], band) == values {
                        hits.push(entry);
                    }
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Every candidate pair `(i, j)` with `i < j`, sorted.
    pub fn candidate_pairs(&self) -> Vec<(u32, u32)> {
        let mut pairs = Vec::new();
        for table in &self.tables {
            for entries in table.values() {
                if entries.len() < 2 {
                    continue;
                }
                for (position, &i) in entries.iter().enumerate() {
                    for &j in &entries[position + 1..] {
                        pairs.push((i.min(j), i.max(j)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs.retain(|&(i, j)| {
            let (a, b) = (&self.signatures[i as usize], &self.signatures[j as usize]);
            (0..self.banding.bands).any(|band| self.band(a, band) == self.band(b, band))
        });
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_banding_matches_datasketch() {
        // datasketch's MinHashLSH(threshold=0.8, num_perm=128).b, .r
        assert_eq!(Banding::optimal(0.8, 128), Banding { bands: 9, rows: 13 });
    }

    #[test]
    fn index_finds_shared_bands() {
        let mut index = LshIndex::new(Banding { bands: 2, rows: 2 });
        index.insert(Signature(vec![1, 2, 3, 4]));
        index.insert(Signature(vec![1, 2, 9, 9]));
        index.insert(Signature(vec![7, 2, 9, 8]));
        assert_eq!(index.query(&Signature(vec![1, 2, 0, 0])), vec![0, 1]);
        assert_eq!(index.candidate_pairs(), vec![(0, 1)]);
    }
}
