//! Passage alignment: which sentences of one article match which of another, and how.
//!
//! Every sentence gets lexical features: its lower-cased word sequence, its content words and
//! its word bigrams. A pair of sentences matches
//!
//! - **exactly** when the word sequences are equal;
//! - **nearly** when their word bigrams overlap (Dice coefficient) at least
//!   [`AlignConfig::near_min`] and their content words at least as much: light edits,
//!   a changed word or two, a clause dropped;
//! - **as a paraphrase** when their embeddings' cosine reaches
//!   [`AlignConfig::paraphrase_min`] (chosen on MRPC by cross-validation) and they share at
//!   least one content word; without a model, when their content words overlap at least
//!   [`AlignConfig::lexical_paraphrase_min`].
//!
//! Pairs are taken greedily, strongest kind and score first, each sentence at most once, which
//! is linear in the number of candidate pairs and does not depend on the order of the input.
//! Aligned pairs that follow each other in both articles form a [`Passage`].

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
    /// Embedding cosine from which two sentences are paraphrases.
    pub paraphrase_min: f64,
    /// Content-word Dice coefficient from which two sentences count as paraphrases when no
    /// model ran.
    pub lexical_paraphrase_min: f64,
    /// Sentences with fewer words are aligned only when they match exactly.
    pub min_words: usize,
}

impl Default for AlignConfig {
    fn default() -> AlignConfig {
        AlignConfig {
            near_min: 0.5,
            paraphrase_min: 0.80,
            lexical_paraphrase_min: 0.5,
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
pub fn align(
    a: Side<'_>,
    b: Side<'_>,
    embeddings: Option<&Embeddings>,
    config: &AlignConfig,
) -> Alignment {
    let sentences_a: Vec<&str> = a.article.sentence_texts().collect();
    let sentences_b: Vec<&str> = b.article.sentence_texts().collect();
    let mut candidates: Vec<SentencePair> = Vec::new();

    // Exact matches through a hash map, so long articles cost no quadratic scan for them.
    let mut exact_b: HashMap<u64, Vec<usize>> = HashMap::new();
    for (j, feature) in b.features.iter().enumerate() {
        if feature.words > 0 {
            exact_b.entry(feature.exact).or_default().push(j);
        }
    }
    // Content-word index of B to find the other candidates.
    let mut index_b: HashMap<u64, Vec<usize>> = HashMap::new();
    for (j, feature) in b.features.iter().enumerate() {
        for &word in &feature.content {
            index_b.entry(word).or_default().push(j);
        }
    }
    let mut seen: Vec<usize> = Vec::new();
    for (i, feature_a) in a.features.iter().enumerate() {
        if feature_a.words == 0 {
            continue;
        }
        if let Some(matches) = exact_b.get(&feature_a.exact) {
            for &j in matches {
                candidates.push(SentencePair { a: i, b: j, kind: MatchKind::Exact, score: 1.0 });
            }
        }
        if feature_a.words < config.min_words {
            continue;
        }
        seen.clear();
        for word in &feature_a.content {
            if let Some(js) = index_b.get(word) {
                seen.extend_from_slice(js);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &j in &seen {
            let feature_b = &b.features[j];
            if feature_b.words < config.min_words || feature_b.exact == feature_a.exact {
                continue;
            }
            let content = dice(&feature_a.content, &feature_b.content);
            let bigrams = dice(&feature_a.bigrams, &feature_b.bigrams);
            if bigrams >= config.near_min && content >= config.near_min {
                candidates.push(SentencePair { a: i, b: j, kind: MatchKind::Near, score: bigrams });
                continue;
            }
            let vectors = embeddings
                .and_then(|table| Some((table.get(sentences_a[i])?, table.get(sentences_b[j])?)));
            match vectors {
                Some((u, v)) => {
                    let similarity = f64::from(cosine(u, v));
                    if similarity >= config.paraphrase_min {
                        candidates.push(SentencePair {
                            a: i,
                            b: j,
                            kind: MatchKind::Paraphrase,
                            score: similarity,
                        });
                    }
                }
                None if content >= config.lexical_paraphrase_min => {
                    candidates.push(SentencePair {
                        a: i,
                        b: j,
                        kind: MatchKind::Paraphrase,
                        score: content,
                    });
                }
                None => {}
            }
        }
    }

    // Greedy one-to-one: exact before near before paraphrase, stronger first, then position.
    candidates.sort_by(|x, y| {
        x.kind
            .cmp(&y.kind)
            .then(y.score.total_cmp(&x.score))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let mut used_a = vec![false; a.features.len()];
    let mut used_b = vec![false; b.features.len()];
    let mut chosen: Vec<SentencePair> = Vec::new();
    for pair in candidates {
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
