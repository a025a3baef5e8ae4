//! A learned cue detector: which words head an attribution's cue.
//!
//! A binary averaged perceptron over hashed features of a token and its sentence context (the
//! words around it, suffixes, shape, the cue lexicon, quotation marks nearby, a `that` or colon
//! after it). The rules in the parent module stay in charge of sources and contents; the
//! detector only decides, for each word, whether it is a cue:
//!
//! - a word the rules do not take as a cue but that the detector scores above
//!   [`CueOptions::add`] is tried as a cue verb (same subject, inversion and content rules);
//! - a cue the rules found whose word scores below [`CueOptions::veto`] is dropped.
//!
//! The built-in weights (`cue_model.bin`, about 0.3 MB) were fitted on PolNeAR's train split by
//! `parallax train cues`. They hold hashed feature weights only, no text. A cue's head is the
//! first word of a gold cue that is not an auxiliary, an adverb of the verb group or a negation
//! ("has also **said**", "**told** reporters", "**according** to").
//!
//! Weights file format: the magic `PLXCUE01`, the hash width in bits (u32 LE), the scale (f32
//! LE), then the zlib-compressed weights as i16 LE (weight = i16 × scale).

use std::io::{Read as _, Write as _};
use std::sync::OnceLock;

use super::lexicon::{
    cue_lemma, is_auxiliary, is_blocked_form, is_determiner, is_statement_noun, is_subject_pronoun,
};
use super::{Kind, Token, quote_around, tokenize};
use crate::model::Span;

const MAGIC: &[u8; 8] = b"PLXCUE01";
const BITS: u32 = 18;

static BUILTIN: &[u8] = include_bytes!("cue_model.bin");

/// Why a weights file (cue detector or span tagger) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with the format's magic or are too short.
    #[error("not a Parallax weights file of this kind (bad magic or header)")]
    BadHeader,
    /// The hash width is outside 10..=24 bits.
    #[error("unsupported hash width: {0} bits")]
    BadWidth(u32),
    /// The compressed weights are damaged or of the wrong length.
    #[error("damaged weights: {0}")]
    Damaged(String),
}

/// Hashed feature weights: `2^bits` buckets, then `values.len() - 2^bits` extra weights (the
/// span tagger's transitions).
#[derive(Debug, Clone)]
pub(super) struct Weights {
    pub(super) bits: u32,
    pub(super) values: Vec<f32>,
}

impl Weights {
    /// Reads `magic`, the hash width, the scale and the zlib-compressed i16 weights (`2^bits +
    /// extra` of them).
    pub(super) fn decode(
        bytes: &[u8],
        magic: &[u8; 8],
        extra: usize,
    ) -> Result<Weights, ModelError> {
        if bytes.len() < 16 || &bytes[..8] != magic {
            return Err(ModelError::BadHeader);
        }
        let bits = u32::from_le_bytes(bytes[8..12].try_into().map_err(|_| ModelError::BadHeader)?);
        if !(10..=24).contains(&bits) {
            return Err(ModelError::BadWidth(bits));
        }
        let scale =
            f32::from_le_bytes(bytes[12..16].try_into().map_err(|_| ModelError::BadHeader)?);
        let size = (1usize << bits) + extra;
        let mut raw = Vec::with_capacity(size * 2);
        flate2::read::ZlibDecoder::new(&bytes[16..])
            .take(size as u64 * 2 + 1)
            .read_to_end(&mut raw)
            .map_err(|e| ModelError::Damaged(e.to_string()))?;
        if raw.len() != size * 2 || !scale.is_finite() {
            return Err(ModelError::Damaged(format!(
                "{} weight bytes, expected {}",
                raw.len(),
                size * 2
            )));
        }
        let values = raw
            .chunks_exact(2)
            .map(|pair| f32::from(i16::from_le_bytes([pair[0], pair[1]])) * scale)
            .collect();
        Ok(Weights { bits, values })
    }

    /// The file: header, then the weights quantised to i16 and zlib-compressed.
    pub(super) fn encode(&self, magic: &[u8; 8]) -> Vec<u8> {
        let max = self.values.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let mut raw = Vec::with_capacity(self.values.len() * 2);
        for w in &self.values {
            // Rounded and clamped to i16's range, so the cast cannot wrap.
            let q = (w / scale).round().clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
            raw.extend_from_slice(&q.to_le_bytes());
        }
        let mut out = Vec::new();
        out.extend_from_slice(magic);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        let mut encoder = flate2::write::ZlibEncoder::new(out, flate2::Compression::best());
        // Writing to a Vec cannot fail.
        let _ = encoder.write_all(&raw);
        encoder.finish().unwrap_or_default()
    }

    /// The bucket of feature `feature` for class `label` (the span tagger's labels).
    pub(super) fn slot_of(bits: u32, feature: u64, label: usize) -> usize {
        let mut h = feature.wrapping_add((label as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        h ^= h >> 31;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 29;
        (h & ((1u64 << bits) - 1)) as usize
    }

    pub(super) fn slot(&self, feature: u64, label: usize) -> usize {
        Weights::slot_of(self.bits, feature, label)
    }
}

/// Perceptron weights over hashed features.
#[derive(Debug, Clone)]
pub struct CueModel {
    weights: Weights,
}

impl CueModel {
    /// The weights shipped with Parallax (fitted on PolNeAR train); `None` only if the bundled
    /// file is damaged, which a unit test rules out.
    pub fn builtin() -> Option<&'static CueModel> {
        static MODEL: OnceLock<Option<CueModel>> = OnceLock::new();
        MODEL.get_or_init(|| CueModel::from_bytes(BUILTIN).ok()).as_ref()
    }

    /// Reads a weights file written by [`CueModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<CueModel, ModelError> {
        Ok(CueModel { weights: Weights::decode(bytes, MAGIC, 0)? })
    }

    /// The weights file: header, then the weights quantised to i16 and zlib-compressed.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.encode(MAGIC)
    }

    fn score(&self, features: &[u64]) -> f32 {
        let mask = (1u64 << self.weights.bits) - 1;
        features.iter().map(|&f| self.weights.values[(f & mask) as usize]).sum()
    }
}

/// How the cue detector takes part in attribution extraction.
#[derive(Debug, Clone, Copy)]
pub struct CueOptions<'m> {
    /// The detector; `None` runs the rules alone.
    pub model: Option<&'m CueModel>,
    /// A word the rules skip becomes a cue verb above this score.
    pub add: f32,
    /// A cue the rules found is dropped below this score.
    pub veto: f32,
}

impl CueOptions<'static> {
    /// The rules alone.
    pub fn rules_only() -> CueOptions<'static> {
        CueOptions { model: None, add: f32::INFINITY, veto: f32::NEG_INFINITY }
    }
}

impl Default for CueOptions<'static> {
    /// The built-in detector with thresholds chosen on a held-out part of PolNeAR train.
    fn default() -> Self {
        CueOptions { model: CueModel::builtin(), add: 0.0, veto: -8.0 }
    }
}

/// The detector's score of word `i` of a sentence (`tokens`); `quoted`: whether it stands inside
/// a quotation.
pub(super) fn score_token(model: &CueModel, tokens: &[Token], i: usize, quoted: bool) -> f32 {
    let mut features = Vec::with_capacity(40);
    token_features(tokens, quoted, i, &mut features);
    model.score(&features)
}

pub(super) fn repr(token: Option<&Token>) -> &str {
    match token {
        None => "<s>",
        Some(t) => match t.kind {
            Kind::Word => &t.lower,
            Kind::Comma => "<,>",
            Kind::Break => "<brk>",
            Kind::Colon => "<:>",
            Kind::Open => "<open>",
            Kind::Close => "<close>",
            Kind::Terminal => "<.>",
            Kind::Other => "<o>",
        },
    }
}

fn shape(token: Option<&Token>) -> &'static str {
    let Some(t) = token else { return "none" };
    if t.kind != Kind::Word {
        return "punct";
    }
    let letters = t.lower.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        "digit"
    } else if t.upper_initial {
        "Cap"
    } else {
        "low"
    }
}

pub(super) fn bucket(distance: usize) -> &'static str {
    match distance {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        _ => "11+",
    }
}

/// FNV-1a over the parts, seeded with the template: stable across versions and machines.
pub(super) fn hash(template: u64, parts: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0x1f]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    // A final mix, so that the low bits (the bucket) depend on every byte.
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

fn suffix(word: &str, n: usize) -> &str {
    let start = word.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &word[start..]
}

/// The hashed features of token `i` of a sentence.
pub(super) fn token_features(tokens: &[Token], quoted: bool, i: usize, out: &mut Vec<u64>) {
    let at = |offset: isize| -> Option<&Token> {
        i.checked_add_signed(offset).and_then(|j| tokens.get(j))
    };
    let mut push = |template: u64, parts: &[&str]| out.push(hash(template, parts));
    let w0 = repr(at(0));
    let wm1 = repr(at(-1));
    let wp1 = repr(at(1));
    let wm2 = repr(at(-2));
    let wp2 = repr(at(2));
    let lemma = cue_lemma(w0).unwrap_or("-");
    push(0, &[]);
    push(1, &[w0]);
    push(2, &[wm1]);
    push(3, &[wp1]);
    push(4, &[wm2]);
    push(5, &[wp2]);
    push(6, &[wm1, w0]);
    push(7, &[w0, wp1]);
    push(8, &[suffix(w0, 3)]);
    push(9, &[suffix(w0, 2)]);
    push(10, &[shape(at(0)), shape(at(-1)), shape(at(1))]);
    push(11, &[lemma]);
    push(12, &[lemma, wp1]);
    push(13, &[lemma, wm1]);
    let flags = [
        if is_blocked_form(w0) { "blocked" } else { "" },
        if is_auxiliary(w0) { "aux" } else { "" },
        if is_statement_noun(w0) { "noun" } else { "" },
    ];
    push(14, &flags);
    let quoted = if quoted { "q" } else { "-" };
    push(15, &[quoted]);
    push(16, &[quoted, w0]);
    let before = (0..i).rev().find(|&j| matches!(tokens[j].kind, Kind::Open | Kind::Close));
    let after = (i + 1..tokens.len()).find(|&j| matches!(tokens[j].kind, Kind::Open | Kind::Close));
    let describe = |j: Option<usize>| match j {
        None => ["none", ""],
        Some(j) => {
            [if tokens[j].kind == Kind::Open { "open" } else { "close" }, bucket(j.abs_diff(i))]
        }
    };
    let (before, after) = (describe(before), describe(after));
    push(17, &[before[0], before[1], after[0], after[1]]);
    push(18, &[before[0], before[1], lemma]);
    push(19, &[after[0], after[1], lemma]);
    let next_that = (1..=3).filter_map(&at).find_map(|t| match t.kind {
        Kind::Colon => Some("colon"),
        Kind::Open => Some("open"),
        Kind::Word if t.lower == "that" => Some("that"),
        _ => None,
    });
    push(20, &[next_that.unwrap_or("-")]);
    push(21, &[next_that.unwrap_or("-"), lemma]);
    let previous = at(-1).map_or("start", |t| {
        if t.kind != Kind::Word {
            "punct"
        } else if is_subject_pronoun(&t.lower) {
            "pronoun"
        } else if is_determiner(&t.lower) {
            "determiner"
        } else if t.lower == "to" {
            "to"
        } else if matches!(t.lower.as_str(), "is" | "was" | "are" | "were" | "be" | "been") {
            "be"
        } else if is_auxiliary(&t.lower) {
            "aux"
        } else if t.upper_initial {
            "name"
        } else {
            "word"
        }
    });
    push(22, &[previous]);
    push(23, &[previous, suffix(w0, 2)]);
    push(24, &[previous, lemma]);
    push(25, &[bucket(i), bucket(tokens.len() - 1 - i)]);
    push(26, &[shape(at(-1)), w0]);
    push(27, &[w0, repr(at(1)), repr(at(2))]);
    // Stems generalise across forms the data has seen apart ("criticism", "criticized").
    STEMMER.with(|stemmer| {
        let stem = stemmer.stem(w0);
        push(28, &[&stem]);
        push(29, &[&stem, wp1]);
        push(30, &[previous, &stem]);
        push(31, &[&stem, next_that.unwrap_or("-")]);
    });
}

thread_local! {
    static STEMMER: rust_stemmers::Stemmer =
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
}

/// The head of every gold cue piece: its first word that is no auxiliary or negation.
fn heads(tokens: &[Token], gold: &[Span]) -> Vec<bool> {
    let mut label = vec![false; tokens.len()];
    for cue in gold {
        let first = tokens.partition_point(|t| t.end <= cue.start);
        let head = (first..tokens.len())
            .take_while(|&j| tokens[j].start < cue.end)
            .filter(|&j| tokens[j].kind == Kind::Word)
            .find(|&j| {
                !is_auxiliary(&tokens[j].lower)
                    && !matches!(tokens[j].lower.as_str(), "not" | "n't")
            })
            .or_else(|| {
                (first..tokens.len())
                    .take_while(|&j| tokens[j].start < cue.end)
                    .find(|&j| tokens[j].kind != Kind::Open && tokens[j].kind != Kind::Close)
            });
        if let Some(j) = head {
            label[j] = true;
        }
    }
    label
}

/// Fisher–Yates with a xorshift generator (`state` carries over between calls): the same order
/// on every machine.
pub(super) fn shuffle(order: &mut [usize], state: &mut u64) {
    for k in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        order.swap(k, (*state % (k as u64 + 1)) as usize);
    }
}

/// Collects training examples and fits a [`CueModel`] (averaged perceptron).
#[derive(Debug, Default)]
pub struct CueTrainer {
    /// Features of every word token, flattened; `offsets[k]..offsets[k + 1]` is example `k`.
    features: Vec<u64>,
    offsets: Vec<usize>,
    labels: Vec<bool>,
}

impl CueTrainer {
    /// An empty trainer.
    pub fn new() -> CueTrainer {
        CueTrainer { features: Vec::new(), offsets: vec![0], labels: Vec::new() }
    }

    /// The number of examples (word tokens) collected.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether no example was collected.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Adds every word of `text` as an example; `gold_cues` are the byte spans of the gold cue
    /// pieces. Spans out of bounds are ignored.
    pub fn add(&mut self, text: &str, sentences: &[Span], gold_cues: &[Span]) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let tokens = tokenize(text);
        let quotes = super::pair_quotes(text, &tokens);
        let mut gold: Vec<Span> =
            gold_cues.iter().copied().filter(|s| s.start < s.end && s.end <= text.len()).collect();
        gold.sort_unstable();
        let labels = heads(&tokens, &gold);
        for (_, range) in super::sentence_tokens(text, sentences, &tokens) {
            let first = range.start;
            let slice = &tokens[range];
            for (i, token) in slice.iter().enumerate() {
                if token.kind != Kind::Word {
                    continue;
                }
                let quoted = quote_around(&quotes, token.start, token.end).is_some();
                token_features(slice, quoted, i, &mut self.features);
                self.offsets.push(self.features.len());
                self.labels.push(labels[first + i]);
            }
        }
    }

    /// Fits the weights: `epochs` passes in a fixed pseudo-random order (deterministic).
    pub fn train(&self, epochs: usize) -> CueModel {
        let size = 1usize << BITS;
        let mask = (size as u64) - 1;
        let mut weights = vec![0f32; size];
        // Averaging: `totals` accumulates each update times the step it happened at.
        let mut totals = vec![0f32; size];
        let mut step: f32 = 1.0;
        let mut order: Vec<usize> = (0..self.labels.len()).collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..epochs {
            shuffle(&mut order, &mut state);
            for &example in &order {
                let features = &self.features[self.offsets[example]..self.offsets[example + 1]];
                let score: f32 = features.iter().map(|&f| weights[(f & mask) as usize]).sum();
                let truth = if self.labels[example] { 1.0 } else { -1.0 };
                if score * truth <= 0.0 {
                    for &f in features {
                        let slot = (f & mask) as usize;
                        weights[slot] += truth;
                        totals[slot] += truth * step;
                    }
                }
                step += 1.0;
            }
        }
        let averaged = weights.iter().zip(&totals).map(|(w, t)| w - t / step).collect();
        CueModel { weights: Weights { bits: BITS, values: averaged } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_loads() {
        let model = CueModel::builtin().expect("the bundled cue_model.bin decodes");
        assert_eq!(model.weights.values.len(), 1 << model.weights.bits);
        assert!(model.weights.values.iter().any(|w| *w != 0.0));
    }

    #[test]
    fn weights_survive_a_round_trip() {
        let mut trainer = CueTrainer::new();
        let text = "Smith said the plan is dead. The plan is dead, Jones warned.";
        let said = text.find("said").unwrap();
        let warned = text.find("warned").unwrap();
        trainer.add(
            text,
            &[Span { start: 0, end: 28 }, Span { start: 29, end: text.len() }],
            &[Span { start: said, end: said + 4 }, Span { start: warned, end: warned + 6 }],
        );
        assert_eq!(trainer.len(), 12);
        let model = trainer.train(5);
        let again = CueModel::from_bytes(&model.to_bytes()).unwrap();
        let tokens = tokenize(text);
        let score = |i: usize| score_token(&again, &tokens, i, false);
        let best = (0..tokens.len())
            .filter(|&i| tokens[i].kind == Kind::Word)
            .max_by(|&a, &b| score(a).total_cmp(&score(b)))
            .unwrap();
        assert!(matches!(tokens[best].lower.as_str(), "said" | "warned"));
    }

    #[test]
    fn damaged_files_are_errors() {
        assert!(matches!(CueModel::from_bytes(b"nope"), Err(ModelError::BadHeader)));
        let mut bytes = CueTrainer::new().train(1).to_bytes();
        bytes.truncate(bytes.len() - 10);
        assert!(matches!(CueModel::from_bytes(&bytes), Err(ModelError::Damaged(_))));
        let mut wide = b"PLXCUE01".to_vec();
        wide.extend_from_slice(&40u32.to_le_bytes());
        wide.extend_from_slice(&1f32.to_le_bytes());
        assert!(matches!(CueModel::from_bytes(&wide), Err(ModelError::BadWidth(40))));
    }
}
