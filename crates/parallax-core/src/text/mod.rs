//! Text units: normalisation, paragraphs, sentences, language and word-level helpers
//! (stage 3 of the pipeline).
//!
//! Everything here is a pure function of a string. The word helpers ([`words`],
//! [`is_stopword`]) are shared by the boilerplate classifier and the story grouping, so both see
//! the same tokens.

mod normalize;
mod sentences;

use crate::model::Span;

pub use normalize::normalize;
pub use sentences::{MAX_SENTENCE_BYTES, split_sentences};

/// A piece of a long text: whole sentences covering at most about `max_bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Where the piece is in the text (from its first sentence's start to its last's end).
    pub span: Span,
    /// Its sentences, as indexes into the sentence list.
    pub sentences: std::ops::Range<usize>,
}

/// Cuts a text (its `sentences`, in text order) into pieces of whole sentences of at most
/// `max_bytes` each (a single longer sentence is a piece of its own). Stages that build tables
/// per token read a long text piece by piece, so their memory follows the piece size, not the
/// text's. Sentences out of order or out of `text_len` end a piece and are skipped.
pub fn pieces(sentences: &[Span], text_len: usize, max_bytes: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut first = 0;
    while first < sentences.len() {
        let start = sentences[first].start;
        if start > sentences[first].end || sentences[first].end > text_len {
            first += 1;
            continue;
        }
        let mut last = first + 1;
        while last < sentences.len()
            && sentences[last].start >= sentences[last - 1].end
            && sentences[last].start <= sentences[last].end
            && sentences[last].end <= text_len
            && sentences[last].end - start <= max_bytes
        {
            last += 1;
        }
        out.push(Piece {
            span: Span { start, end: sentences[last - 1].end },
            sentences: first..last,
        });
        first = last;
    }
    out
}

/// Paragraph spans of a text whose paragraphs are separated by line breaks (blank or not).
pub fn split_paragraphs(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + (line.len() - line.trim_start().len());
            spans.push(Span { start, end: start + trimmed.len() });
        }
        offset += line.len() + 1;
    }
    spans
}

/// The language of `text` as an ISO 639-3 code, when `whatlang` is confident enough.
///
/// Only the first 4 KiB are looked at: that is plenty for a language guess and keeps a 50 MB
/// one-line document cheap.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().count() < 5 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    (info.is_reliable() || info.confidence() >= 0.05).then(|| info.lang().code().to_owned())
}

/// Word tokens: maximal runs of alphanumeric characters (apostrophes inside words kept).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|word| word.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|word| !word.is_empty())
}

/// Whether a lower-cased word is an English function word.
pub fn is_stopword(lower: &str) -> bool {
    STOPWORDS.binary_search(&lower).is_ok()
}

/// Content words of `text`: lower-cased, at least three letters, not stopwords, not numbers.
pub fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter_map(|word| {
        if word.chars().count() < 3 || word.chars().all(|c| c.is_numeric()) {
            return None;
        }
        let lower = word.to_lowercase();
        let lower = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
            .unwrap_or(&lower)
            .to_owned();
        (!is_stopword(&lower)).then_some(lower)
    })
}

/// English function words, sorted for binary search.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "less",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "rather",
    "said",
    "same",
    "says",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// The text cut to at most `max_chars` characters, with an ellipsis when it was cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn word_helpers() {
        let text = "Kim’s armored train, 20 carriages: the U.S. isn't sure.";
        assert_eq!(
            words(text).collect::<Vec<_>>(),
            ["Kim’s", "armored", "train", "20", "carriages", "the", "U", "S", "isn't", "sure"]
        );
        assert_eq!(
            content_words(text).collect::<Vec<_>>(),
            ["kim", "armored", "train", "carriages", "isn't", "sure"]
        );
    }

    #[test]
    fn language() {
        assert_eq!(
            detect_language("North Korean leader Kim Jong Un is planning to travel to Russia.")
                .as_deref(),
            Some("eng")
        );
        assert_eq!(
            detect_language("Der nordkoreanische Machthaber Kim Jong Un will nach Russland reisen, um mit Präsident Putin über Waffen zu sprechen.").as_deref(),
            Some("deu")
        );
        assert_eq!(detect_language("too short"), None);
    }
}
