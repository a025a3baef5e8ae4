//! Passage alignment: which sentences of one article match which of another, and how.
//!
//! Every sentence gets lexical features: its lower-cased word sequence, its content words and
//! its word bigrams. A pair of sentences matches
//!
//! - **exactly** when the word sequences are equal;
//! - **nearly** when their word bigrams overlap (Dice coefficient) at least
//!   [`AlignConfig::near_min`] and their content words at least as much: light edits,
//!   a changed word or two, a clause dropped;
//! - **as a paraphrase** when they share a content word and their embeddings' cosine reaches
//!   [`AlignConfig::sequence_min`] in an order-preserving alignment, or
//!   [`AlignConfig::paraphrase_min`] (chosen on MRPC by cross-validation) anywhere; without a
//!   model, when their content words overlap at least [`AlignConfig::lexical_sequence_min`] in
//!   order or [`AlignConfig::lexical_paraphrase_min`] anywhere.
//!
//! Each sentence aligns at most once. Only pairs sharing a word (or equal) are scored, through
//! an inverted index, and the result does not depend on the order of the input. Aligned pairs
//! that follow each other in both articles form a [`Passage`].

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use crate::embed::{Embeddings, cosine};
use crate::model::{Article, MatchKind, Passage, SentencePair};
use crate::text::{is_stopword, words};

/// Settings of sentence alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignConfig {
    /// Bigram Dice coefficient from which two sentences are near matches.
    pub near_min: f64,
    /// Embedding cosine from which two sentences are paraphrases wherever they stand.
    pub paraphrase_min: f64,
    /// Embedding cosine from which two sentences align when they keep the order of the
    /// sentences around them.
    pub sequence_min: f64,
    /// Content-word Dice coefficient from which two sentences count as paraphrases when no
    /// model ran.
    pub lexical_paraphrase_min: f64,
    /// Content-word Dice coefficient from which two sentences align, without a model, when they
    /// keep the order of the sentences around them.
    pub lexical_sequence_min: f64,
    /// Sentences with fewer words are aligned only when they match exactly.
    pub min_words: usize,
}

impl Default for AlignConfig {
    fn default() -> AlignConfig {
        AlignConfig {
            near_min: 0.5,
            paraphrase_min: 0.80,
            sequence_min: 0.60,
            lexical_paraphrase_min: 0.5,
            lexical_sequence_min: 0.3,
            min_words: 5,
        }
    }
}

/// Lexical features of one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    /// Hash of the lower-cased word sequence.
    exact: u64,
    /// Number of words.
    pub words: usize,
    /// Sorted, deduplicated hashes of content words.
    content: Vec<u64>,
    /// Sorted, deduplicated hashes of word bigrams.
    bigrams: Vec<u64>,
}

impl SentenceFeatures {
    /// The features of a sentence.
    pub fn new(sentence: &str) -> SentenceFeatures {
        let tokens: Vec<String> = words(sentence).map(|word| word.to_lowercase()).collect();
        let exact = xxh3_64(tokens.join(" ").as_bytes());
        let mut content: Vec<u64> = tokens
            .iter()
            .filter(|token| !is_stopword(token) && token.chars().any(char::is_alphanumeric))
            .map(|token| xxh3_64(token.as_bytes()))
            .collect();
        content.sort_unstable();
        content.dedup();
        let mut bigrams: Vec<u64> = tokens
            .windows(2)
            .map(|pair| xxh3_64(format!("{} {}", pair[0], pair[1]).as_bytes()))
            .collect();
        bigrams.sort_unstable();
        bigrams.dedup();
        SentenceFeatures { exact, words: tokens.len(), content, bigrams }
    }
}

/// The sentence features of an article.
pub fn features(article: &Article) -> Vec<SentenceFeatures> {
    article.sentence_texts().map(SentenceFeatures::new).collect()
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = crate::dedup::sorted_intersection(a, b);
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Two articles aligned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// The passages, in the first article's order.
    pub passages: Vec<Passage>,
    /// Share of the first article's words in aligned sentences.
    pub coverage_a: f64,
    /// Share of the second article's words in aligned sentences.
    pub coverage_b: f64,
}

impl Alignment {
    /// All aligned pairs, in the first article's order.
    pub fn pairs(&self) -> impl Iterator<Item = &SentencePair> {
        self.passages.iter().flat_map(|passage| passage.pairs.iter())
    }
}

/// The inputs of one side of an alignment.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its sentence features ([`features`]).
    pub features: &'a [SentenceFeatures],
}

/// Aligns the sentences of two articles. `embeddings`, when given, should hold every sentence
/// of both (sentences without a vector are compared lexically).
///
/// Two passes: first an order-preserving alignment (dynamic programming over the sentence
/// similarity matrix, like a global sequence alignment without gap costs) takes every pair whose
/// similarity clears the in-order bar ([`AlignConfig::sequence_min`] for embeddings,
/// [`AlignConfig::lexical_paraphrase_min`] without): a rewrite keeps the order of its source,
/// so weaker matches count when they line up. Then strong matches out of that order (moved
/// sentences, exact, near or above [`AlignConfig::paraphrase_min`]) are added greedily.
pub fn align(
    a: Side<'_>,
    b: Side<'_>,
    embeddings: Option<&Embeddings>,
    config: &AlignConfig,
) -> Alignment {
    let (n, m) = (a.features.len(), b.features.len());
    let sentences_a: Vec<&str> = a.article.sentence_texts().collect();
    let sentences_b: Vec<&str> = b.article.sentence_texts().collect();
    let vectors_a: Vec<Option<&[f32]>> =
        sentences_a.iter().map(|text| embeddings.and_then(|table| table.get(text))).collect();
    let vectors_b: Vec<Option<&[f32]>> =
        sentences_b.iter().map(|text| embeddings.and_then(|table| table.get(text))).collect();

    // The best match of each sentence pair worth considering: (kind, score, in-order weight).
    let classify = |i: usize, j: usize| -> Option<(MatchKind, f64, f64)> {
        let (fa, fb) = (&a.features[i], &b.features[j]);
        if fa.words == 0 || fb.words == 0 {
            return None;
        }
        if fa.exact == fb.exact {
            return Some((MatchKind::Exact, 1.0, 2.0));
        }
        if fa.words < config.min_words || fb.words < config.min_words {
            return None;
        }
        let content = dice(&fa.content, &fb.content);
        let bigrams = dice(&fa.bigrams, &fb.bigrams);
        if bigrams >= config.near_min && content >= config.near_min {
            return Some((MatchKind::Near, bigrams, 1.0 + bigrams));
        }
        match (vectors_a[i], vectors_b[j]) {
            (Some(u), Some(v)) => {
                if content == 0.0 {
                    return None;
                }
                let similarity = f64::from(cosine(u, v));
                (similarity >= config.sequence_min).then_some((
                    MatchKind::Paraphrase,
                    similarity,
                    similarity - config.sequence_min,
                ))
            }
            _ => (content >= config.lexical_sequence_min).then_some((
                MatchKind::Paraphrase,
                content,
                content - config.lexical_sequence_min + 0.01,
            )),
        }
    };

    // Candidate cells: pairs sharing a content word, or exactly equal.
    let mut index_b: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut exact_b: HashMap<u64, Vec<usize>> = HashMap::new();
    for (j, feature) in b.features.iter().enumerate() {
        if feature.words > 0 {
            exact_b.entry(feature.exact).or_default().push(j);
        }
        for &word in &feature.content {
            index_b.entry(word).or_default().push(j);
        }
    }
    let mut cells: Vec<(usize, usize, MatchKind, f64, f64)> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for (i, feature_a) in a.features.iter().enumerate() {
        seen.clear();
        if let Some(js) = exact_b.get(&feature_a.exact) {
            seen.extend_from_slice(js);
        }
        for word in &feature_a.content {
            if let Some(js) = index_b.get(word) {
                seen.extend_from_slice(js);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &j in &seen {
            if let Some((kind, score, weight)) = classify(i, j) {
                cells.push((i, j, kind, score, weight));
            }
        }
    }

    // Pass 1: the heaviest order-preserving chain of cells (sparse DP over rows).
    let mut weight_of: HashMap<(usize, usize), f64> = HashMap::new();
    for &(i, j, _, _, weight) in &cells {
        weight_of.insert((i, j), weight);
    }
    let mut previous = vec![0.0f64; m + 1];
    let mut current = vec![0.0f64; m + 1];
    let mut took: Vec<Vec<u8>> = vec![vec![0u8; m + 1]; n + 1]; // 0 up, 1 left, 2 diagonal
    for (i, row) in took.iter_mut().enumerate().skip(1) {
        current[0] = 0.0;
        for j in 1..=m {
            let (mut best, mut step) = (previous[j], 0u8);
            if current[j - 1] > best {
                best = current[j - 1];
                step = 1;
            }
            if let Some(weight) = weight_of.get(&(i - 1, j - 1)) {
                let diagonal = previous[j - 1] + weight;
                if diagonal > best {
                    best = diagonal;
                    step = 2;
                }
            }
            current[j] = best;
            row[j] = step;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let mut on_path: Vec<(usize, usize)> = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        match took[i][j] {
            2 => {
                on_path.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            1 => j -= 1,
            _ => i -= 1,
        }
    }
    let mut used_a = vec![false; n];
    let mut used_b = vec![false; m];
    let mut chosen: Vec<SentencePair> = Vec::new();
    let lookup: HashMap<(usize, usize), (MatchKind, f64)> =
        cells.iter().map(|&(i, j, kind, score, _)| ((i, j), (kind, score))).collect();
    for (i, j) in on_path {
        if let Some(&(kind, score)) = lookup.get(&(i, j)) {
            used_a[i] = true;
            used_b[j] = true;
            chosen.push(SentencePair { a: i, b: j, kind, score });
        }
    }

    // Pass 2: strong matches out of order, strongest first.
    let mut strong: Vec<SentencePair> = cells
        .iter()
        .filter(|&&(i, j, kind, score, _)| {
            let semantic = vectors_a[i].is_some() && vectors_b[j].is_some();
            kind != MatchKind::Paraphrase
                || score
                    >= if semantic { config.paraphrase_min } else { config.lexical_paraphrase_min }
        })
        .map(|&(i, j, kind, score, _)| SentencePair { a: i, b: j, kind, score })
        .collect();
    strong.sort_by(|x, y| {
        x.kind
            .cmp(&y.kind)
            .then(y.score.total_cmp(&x.score))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    for pair in strong {
        if used_a[pair.a] || used_b[pair.b] {
            continue;
        }
        used_a[pair.a] = true;
        used_b[pair.b] = true;
        chosen.push(pair);
    }
    chosen.sort_by_key(|pair| (pair.a, pair.b));

    let words_a: usize = a.features.iter().map(|f| f.words).sum();
    let words_b: usize = b.features.iter().map(|f| f.words).sum();
    let aligned_a: usize = chosen.iter().map(|pair| a.features[pair.a].words).sum();
    let aligned_b: usize = chosen.iter().map(|pair| b.features[pair.b].words).sum();
    Alignment {
        passages: passages(chosen),
        coverage_a: ratio(aligned_a, words_a),
        coverage_b: ratio(aligned_b, words_b),
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// Groups pairs (sorted by `a`) into passages: a pair continues the current passage when it
/// follows it in both articles with at most one sentence skipped on each side.
fn passages(pairs: Vec<SentencePair>) -> Vec<Passage> {
    let mut passages: Vec<Passage> = Vec::new();
    for pair in pairs {
        if let Some(current) = passages.last_mut() {
            let last = current.pairs[current.pairs.len() - 1];
            if pair.a > last.a && pair.a <= last.a + 2 && pair.b > last.b && pair.b <= last.b + 2 {
                current.a.1 = pair.a + 1;
                current.b.1 = pair.b + 1;
                current.kind = current.kind.max(pair.kind);
                current.pairs.push(pair);
                continue;
            }
        }
        passages.push(Passage {
            a: (pair.a, pair.a + 1),
            b: (pair.b, pair.b + 1),
            kind: pair.kind,
            pairs: vec![pair],
        });
    }
    passages
}

#[cfg(test)]
mod tests;
