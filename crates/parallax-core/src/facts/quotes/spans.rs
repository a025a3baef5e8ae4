//! A learned attribution tagger: source, cue and content as a labelling of each sentence's tokens.
//!
//! A linear-chain structured perceptron (averaged; Viterbi decoding with BIO constraints) over
//! seven labels: outside, and begin/inside of a source, a cue and a content. Each token's
//! features are the cue detector's (`cues.rs`: the word, its neighbours, suffixes, stems, shape,
//! the cue lexicon, quotation marks) plus where the nearest lexicon cue stands to its left and
//! right. The tagger finds what the rules have no construction for ("called for …", "plans to
//! …", "Smith continued: “…”"); [`SpanOptions`] decides how its attributions join the rules'
//! ones (see `attributions_tagged` in the parent module for the filters of the default mode).
//!
//! Decoded runs become attributions sentence by sentence: every source and content run goes to
//! the nearest cue run of its sentence; a content run in a sentence without a cue goes to a cue of
//! the next or previous sentence of its paragraph; a cue without content gives nothing.
//!
//! The built-in weights (`span_model.bin`) were fitted on PolNeAR train by `parallax train spans`;
//! they are hashed feature weights, no text. File format: the magic `PLXSPN01`, then as
//! [`super::CueModel`]'s files (hash width, scale, zlib-compressed i16 weights); the last
//! `(LABELS + 1) × LABELS` weights are the label transitions.

use std::sync::OnceLock;

use super::cues::{ModelError, Weights, bucket, token_features};
use super::lexicon::cue_lemma;
use super::{
    Attribution, Kind, Prepared, Quote, Token, pair_quotes, quote_around, sentence_tokens, tokenize,
};
use crate::model::Span;

const MAGIC: &[u8; 8] = b"PLXSPN01";
const BITS: u32 = 19;
const LABELS: usize = 7;
const TRANSITIONS: usize = (LABELS + 1) * LABELS;

static BUILTIN: &[u8] = include_bytes!("span_model.bin");

/// A token's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Cue,
    Content,
}

/// Labels: 0 outside; then begin and inside of source, cue and content.
const OUTSIDE: usize = 0;

fn label(role: Role, begin: bool) -> usize {
    let base = match role {
        Role::Source => 1,
        Role::Cue => 3,
        Role::Content => 5,
    };
    if begin { base } else { base + 1 }
}

fn role_of(label: usize) -> Option<(Role, bool)> {
    match label {
        1 => Some((Role::Source, true)),
        2 => Some((Role::Source, false)),
        3 => Some((Role::Cue, true)),
        4 => Some((Role::Cue, false)),
        5 => Some((Role::Content, true)),
        6 => Some((Role::Content, false)),
        _ => None,
    }
}

/// Whether `current` may follow `previous` (`None`: the sentence start): an inside label only
/// continues its own role.
fn allowed(previous: Option<usize>, current: usize) -> bool {
    match role_of(current) {
        Some((role, false)) => {
            previous.and_then(role_of).is_some_and(|(previous_role, _)| previous_role == role)
        }
        _ => true,
    }
}

/// The tagger's weights.
#[derive(Debug, Clone)]
pub struct SpanModel {
    weights: Weights,
}

impl SpanModel {
    /// The weights shipped with Parallax (fitted on PolNeAR train); `None` only if the bundled
    /// file is damaged, which a unit test rules out.
    pub fn builtin() -> Option<&'static SpanModel> {
        static MODEL: OnceLock<Option<SpanModel>> = OnceLock::new();
        MODEL.get_or_init(|| SpanModel::from_bytes(BUILTIN).ok()).as_ref()
    }

    /// Reads a weights file written by [`SpanModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SpanModel, ModelError> {
        let weights = Weights::decode(bytes, MAGIC, TRANSITIONS)?;
        Ok(SpanModel { weights })
    }

    /// The weights file.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.encode(MAGIC)
    }

    /// Every label's emission score for every token: the sum of its features' weights.
    fn emissions(&self, features: &[Vec<u64>]) -> Vec<[f32; LABELS]> {
        features
            .iter()
            .map(|token| {
                let mut scores = [0f32; LABELS];
                for &f in token {
                    for (label, score) in scores.iter_mut().enumerate() {
                        *score += self.weights.values[self.weights.slot(f, label)];
                    }
                }
                scores
            })
            .collect()
    }

    fn transition(&self, previous: Option<usize>, current: usize) -> f32 {
        self.weights.values[transition_slot(self.weights.bits, previous, current)]
    }

    /// The best label sequence (Viterbi) for tokens whose emission scores are `emissions[k]`.
    fn decode(&self, emissions: &[[f32; LABELS]]) -> Vec<usize> {
        viterbi(emissions.len(), |k, l| emissions[k][l], |p, c| self.transition(p, c))
    }
}

fn transition_slot(bits: u32, previous: Option<usize>, current: usize) -> usize {
    (1usize << bits) + previous.map_or(LABELS, |p| p) * LABELS + current
}

fn viterbi(
    len: usize,
    emission: impl Fn(usize, usize) -> f32,
    transition: impl Fn(Option<usize>, usize) -> f32,
) -> Vec<usize> {
    if len == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; LABELS]; len];
    let mut back = vec![[0usize; LABELS]; len];
    for (l, slot) in score[0].iter_mut().enumerate() {
        if allowed(None, l) {
            *slot = emission(0, l) + transition(None, l);
        }
    }
    for k in 1..len {
        let previous = score[k - 1];
        for l in 0..LABELS {
            let best = previous
                .iter()
                .enumerate()
                .filter(|&(p, s)| *s > f32::NEG_INFINITY && allowed(Some(p), l))
                .map(|(p, s)| (s + transition(Some(p), l), p))
                .fold((f32::NEG_INFINITY, OUTSIDE), |a, b| if b.0 > a.0 { b } else { a });
            if best.0 > f32::NEG_INFINITY {
                score[k][l] = best.0 + emission(k, l);
                back[k][l] = best.1;
            }
        }
    }
    let mut last = (0..LABELS).max_by(|&a, &b| score[len - 1][a].total_cmp(&score[len - 1][b]));
    let mut labels = vec![OUTSIDE; len];
    for k in (0..len).rev() {
        let l = last.unwrap_or(OUTSIDE);
        labels[k] = l;
        last = Some(back[k][l]);
    }
    labels
}

/// How the tagger takes part in attribution extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanMode {
    /// The rules (and cue detector) alone.
    Off,
    /// The rules' attributions, plus the tagger's whose cue and content overlap none of them.
    Fill,
    /// The tagger alone (an ablation).
    Only,
}

/// The tagger and its mode.
#[derive(Debug, Clone, Copy)]
pub struct SpanOptions<'m> {
    /// The weights; `None` is [`SpanMode::Off`].
    pub model: Option<&'m SpanModel>,
    /// How its attributions join the rules'.
    pub mode: SpanMode,
    /// In [`SpanMode::Fill`], a tagged cue below this confidence is dropped.
    pub min_confidence: f32,
}

impl SpanOptions<'static> {
    /// No tagger.
    pub fn off() -> SpanOptions<'static> {
        SpanOptions { model: None, mode: SpanMode::Off, min_confidence: f32::INFINITY }
    }
}

impl Default for SpanOptions<'static> {
    /// The built-in tagger filling in what the rules miss, with the confidence threshold chosen
    /// on a held-out part of PolNeAR train.
    fn default() -> Self {
        SpanOptions { model: SpanModel::builtin(), mode: SpanMode::Fill, min_confidence: 200.0 }
    }
}

/// Distances to the nearest lexicon cue word to the left and right of every token.
fn cue_distances(tokens: &[Token]) -> Vec<(Option<usize>, Option<usize>)> {
    let is_cue = |t: &Token| t.kind == Kind::Word && cue_lemma(&t.lower).is_some();
    let mut out = vec![(None, None); tokens.len()];
    let mut last = None;
    for (i, token) in tokens.iter().enumerate() {
        out[i].0 = last.map(|j: usize| i - j);
        if is_cue(token) {
            last = Some(i);
        }
    }
    let mut next = None;
    for (i, token) in tokens.iter().enumerate().rev() {
        out[i].1 = next.map(|j: usize| j - i);
        if is_cue(token) {
            next = Some(i);
        }
    }
    out
}

/// The features of every token of a sentence.
fn sentence_features(tokens: &[Token], quotes: &[Quote]) -> Vec<Vec<u64>> {
    let distances = cue_distances(tokens);
    (0..tokens.len())
        .map(|i| {
            let mut out = Vec::with_capacity(44);
            let quoted = quote_around(quotes, tokens[i].start, tokens[i].end).is_some();
            token_features(tokens, quoted, i, &mut out);
            let (left, right) = distances[i];
            let left = left.map_or("none", bucket);
            let right = right.map_or("none", bucket);
            let word = super::cues::repr(Some(&tokens[i]));
            let q = if quoted { "q" } else { "-" };
            let mut push = |template: u64, parts: &[&str]| {
                out.push(super::cues::hash(template, parts));
            };
            push(40, &[left]);
            push(41, &[right]);
            push(42, &[left, right]);
            push(43, &[left, word]);
            push(44, &[right, word]);
            push(45, &[left, right, q]);
            out
        })
        .collect()
}

/// Token runs of one role: (role, first token, one past the last token).
fn runs(labels: &[usize]) -> Vec<(Role, usize, usize)> {
    let mut out: Vec<(Role, usize, usize)> = Vec::new();
    for (k, &l) in labels.iter().enumerate() {
        match role_of(l) {
            None => {}
            Some((role, begin)) => match out.last_mut() {
                Some(run) if !begin && run.0 == role && run.2 == k => run.2 = k + 1,
                _ => out.push((role, k, k + 1)),
            },
        }
    }
    out
}

fn gap(a: (usize, usize), b: (usize, usize)) -> usize {
    b.0.saturating_sub(a.1).max(a.0.saturating_sub(b.1))
}

/// The tagger's attributions of `text`, each with its cue's confidence (the emission margin of
/// the cue's most confident token over the outside label).
pub(super) fn tag(model: &SpanModel, text: &str, prepared: &Prepared) -> Vec<(Attribution, f32)> {
    let Prepared { tokens, quotes, sentences } = prepared;
    let span_of = |range: std::ops::Range<usize>, first: usize, last: usize| Span {
        start: tokens[range.start + first].start,
        end: tokens[range.start + last - 1].end,
    };
    // Per sentence: its attributions (cue span, source, content) and its cue-less content runs.
    struct Tagged {
        span: Span,
        found: Vec<(Attribution, f32)>,
        orphans: Vec<Span>,
    }
    let mut tagged: Vec<Tagged> = Vec::new();
    for (sentence, range) in sentences.iter().cloned() {
        let slice = &tokens[range.clone()];
        let features = sentence_features(slice, quotes);
        let emissions = model.emissions(&features);
        let labels = model.decode(&emissions);
        let runs = runs(&labels);
        let cues: Vec<(usize, usize)> =
            runs.iter().filter(|r| r.0 == Role::Cue).map(|r| (r.1, r.2)).collect();
        let mut found: Vec<Attribution> = cues
            .iter()
            .map(|&(a, b)| Attribution {
                source: None,
                cue: Some(span_of(range.clone(), a, b)),
                content: Vec::new(),
                direct: false,
            })
            .collect();
        // A cue's confidence: its most confident token's emission margin over "outside".
        let confidence: Vec<f32> = cues
            .iter()
            .map(|&(a, b)| {
                (a..b)
                    .map(|k| emissions[k][labels[k]] - emissions[k][OUTSIDE])
                    .fold(f32::NEG_INFINITY, f32::max)
            })
            .collect();
        let mut source_gap = vec![usize::MAX; cues.len()];
        let mut orphans = Vec::new();
        for &(role, a, b) in &runs {
            if role == Role::Cue {
                continue;
            }
            // The nearest cue; on a tie, a source goes right (it precedes its cue), a content left.
            let nearest = (0..cues.len()).min_by_key(|&c| {
                let after = cues[c].0 >= b;
                let tie = if role == Role::Source { !after } else { after };
                (gap((a, b), cues[c]), tie)
            });
            let span = span_of(range.clone(), a, b);
            match (nearest, role) {
                (None, Role::Content) => orphans.push(span),
                (None, _) => {}
                (Some(c), Role::Content) => found[c].content.push(span),
                (Some(c), _) => {
                    let g = gap((a, b), cues[c]);
                    if g < source_gap[c] {
                        source_gap[c] = g;
                        found[c].source = Some(span);
                    }
                }
            }
        }
        tagged.push(Tagged {
            span: sentence,
            found: found.into_iter().zip(confidence).collect(),
            orphans,
        });
    }
    // A content run without a cue in its sentence joins a cue of the next sentence, else of the
    // previous one, when no paragraph break stands between them.
    let same_paragraph = |a: Span, b: Span| {
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        text.get(first.start..second.end.max(first.start)).is_some_and(|t| !t.contains('\n'))
    };
    for k in 0..tagged.len() {
        let orphans = std::mem::take(&mut tagged[k].orphans);
        if orphans.is_empty() {
            continue;
        }
        let span = tagged[k].span;
        let target = [k + 1, k.wrapping_sub(1)].into_iter().find(|&j| {
            tagged.get(j).is_some_and(|t| !t.found.is_empty() && same_paragraph(span, t.span))
        });
        if let Some(j) = target {
            let attribution =
                if j > k { tagged[j].found.first_mut() } else { tagged[j].found.last_mut() };
            if let Some((attribution, _)) = attribution {
                attribution.content.extend(orphans);
                attribution.content.sort_unstable();
            }
        }
    }
    let mut out: Vec<(Attribution, f32)> = tagged
        .into_iter()
        .flat_map(|t| t.found)
        .filter(|(a, _)| !a.content.is_empty())
        .map(|(mut a, confidence)| {
            a.direct = a.content.iter().any(|c| {
                quotes.iter().any(|q| q.start <= c.start && c.end <= q.end && q.end > q.start)
            });
            (a, confidence)
        })
        .collect();
    out.sort_by_key(|(a, _)| a.cue.map_or(0, |c| c.start));
    out
}

/// The tagger's attributions with a source whose cue and content overlap none of `rules`, added
/// to them.
pub(super) fn fill(
    rules: &mut Vec<Attribution>,
    tagged: Vec<Attribution>,
    passive: impl Fn(&Attribution) -> bool,
) {
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    let covered = |t: &Attribution| {
        rules.iter().any(|r| {
            let cue = matches!((t.cue, r.cue), (Some(x), Some(y)) if overlaps(x, y));
            let content = t.content.iter().any(|x| r.content.iter().any(|&y| overlaps(*x, y)));
            cue || content
        })
    };
    let extra: Vec<Attribution> =
        tagged.into_iter().filter(|t| (t.source.is_some() || passive(t)) && !covered(t)).collect();
    rules.extend(extra);
}

/// Collects labelled sentences and fits a [`SpanModel`] (averaged structured perceptron).
#[derive(Debug, Default)]
pub struct SpanTrainer {
    /// Per sentence: every token's features and gold label.
    sentences: Vec<(Vec<Vec<u64>>, Vec<usize>)>,
}

/// One gold attribution in byte spans, for [`SpanTrainer::add`].
#[derive(Debug, Clone, Default)]
pub struct GoldAttribution {
    /// Source pieces.
    pub source: Vec<Span>,
    /// Cue pieces.
    pub cue: Vec<Span>,
    /// Content pieces.
    pub content: Vec<Span>,
}

impl SpanTrainer {
    /// An empty trainer.
    pub fn new() -> SpanTrainer {
        SpanTrainer::default()
    }

    /// The number of tokens collected.
    pub fn len(&self) -> usize {
        self.sentences.iter().map(|s| s.1.len()).sum()
    }

    /// Whether nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Adds every sentence of `text`, labelled from `gold` (byte spans; out-of-bounds ones are
    /// ignored). Where attributions nest, the inner one's roles win.
    pub fn add(&mut self, text: &str, sentences: &[Span], gold: &[GoldAttribution]) {
        let tokens = tokenize(text);
        let quotes = pair_quotes(text, &tokens);
        let mut roles: Vec<Option<(Role, usize)>> = vec![None; tokens.len()];
        let mut order: Vec<&GoldAttribution> = gold.iter().collect();
        let extent = |a: &GoldAttribution| -> usize {
            a.content.iter().map(|s| s.end.saturating_sub(s.start)).sum()
        };
        // Outer (longer) contents first, so that inner attributions overwrite them.
        order.sort_by_key(|a| std::cmp::Reverse(extent(a)));
        for (id, attribution) in order.iter().enumerate() {
            for (role, pieces) in [
                (Role::Content, &attribution.content),
                (Role::Source, &attribution.source),
                (Role::Cue, &attribution.cue),
            ] {
                for piece in pieces {
                    if piece.start >= piece.end || piece.end > text.len() {
                        continue;
                    }
                    let first = tokens.partition_point(|t| t.end <= piece.start);
                    for (k, token) in tokens.iter().enumerate().skip(first) {
                        if token.start >= piece.end {
                            break;
                        }
                        if matches!(token.kind, Kind::Open | Kind::Close)
                            && (token.start == piece.start || token.end == piece.end)
                        {
                            // Quotation marks at a piece's edge stay outside it.
                            continue;
                        }
                        roles[k] = Some((role, id * 3 + role as usize));
                    }
                }
            }
        }
        for (_, range) in sentence_tokens(text, sentences, &tokens) {
            if range.is_empty() {
                continue;
            }
            let slice = &tokens[range.clone()];
            let features = sentence_features(slice, &quotes);
            let mut labels = Vec::with_capacity(slice.len());
            let mut previous: Option<(Role, usize)> = None;
            for k in range {
                let l = match roles[k] {
                    None => OUTSIDE,
                    Some((role, piece)) => label(role, previous.is_none_or(|(_, p)| p != piece)),
                };
                previous = roles[k];
                labels.push(l);
            }
            self.sentences.push((features, labels));
        }
    }

    /// Fits the weights: `epochs` passes in a fixed pseudo-random order (deterministic).
    pub fn train(&self, epochs: usize) -> SpanModel {
        let bits = BITS;
        let size = (1usize << bits) + TRANSITIONS;
        let mut model = SpanModel { weights: Weights { bits, values: vec![0f32; size] } };
        let mut totals = vec![0f32; size];
        let mut step: f32 = 1.0;
        let mut order: Vec<usize> = (0..self.sentences.len()).collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..epochs {
            super::cues::shuffle(&mut order, &mut state);
            for &index in &order {
                let (features, gold) = &self.sentences[index];
                let predicted = model.decode(&model.emissions(features));
                if predicted == *gold {
                    step += 1.0;
                    continue;
                }
                let mut update = |slot: usize, delta: f32| {
                    model.weights.values[slot] += delta;
                    totals[slot] += delta * step;
                };
                for (k, token_features) in features.iter().enumerate() {
                    let previous_gold = k.checked_sub(1).map(|p| gold[p]);
                    let previous_predicted = k.checked_sub(1).map(|p| predicted[p]);
                    if gold[k] != predicted[k] {
                        for &f in token_features {
                            update(Weights::slot_of(bits, f, gold[k]), 1.0);
                            update(Weights::slot_of(bits, f, predicted[k]), -1.0);
                        }
                    }
                    if gold[k] != predicted[k] || previous_gold != previous_predicted {
                        update(transition_slot(bits, previous_gold, gold[k]), 1.0);
                        update(transition_slot(bits, previous_predicted, predicted[k]), -1.0);
                    }
                }
                step += 1.0;
            }
        }
        for (w, t) in model.weights.values.iter_mut().zip(&totals) {
            *w -= t / step;
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_loads() {
        let model = SpanModel::builtin().expect("the bundled span_model.bin decodes");
        assert_eq!(model.weights.values.len(), (1 << model.weights.bits) + TRANSITIONS);
        assert!(model.weights.values.iter().any(|w| *w != 0.0));
    }

    #[test]
    fn decoding_respects_bio() {
        // Emissions favour an inside label at the start; the constraint forbids it.
        let labels = viterbi(3, |k, l| if k == 0 && l == 2 { 10.0 } else { 0.0 }, |_, _| 0.0);
        assert_ne!(labels[0], 2);
        for k in 1..labels.len() {
            assert!(allowed(Some(labels[k - 1]), labels[k]));
        }
    }

    #[test]
    fn a_fitted_tagger_finds_its_training_relation() {
        let text = "The plan is dead, Jones warned. Smith said the talks would fail.";
        let sentences = [Span { start: 0, end: 31 }, Span { start: 32, end: text.len() }];
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span { start, end: start + s.len() }
        };
        let gold = [
            GoldAttribution {
                source: vec![at("Jones")],
                cue: vec![at("warned")],
                content: vec![at("The plan is dead")],
            },
            GoldAttribution {
                source: vec![at("Smith")],
                cue: vec![at("said")],
                content: vec![at("the talks would fail")],
            },
        ];
        let mut trainer = SpanTrainer::new();
        trainer.add(text, &sentences, &gold);
        assert_eq!(trainer.len(), tokenize(text).len());
        let model = SpanModel::from_bytes(&trainer.train(10).to_bytes()).unwrap();
        let found = tag(&model, text, &Prepared::new(text, &sentences));
        let (said, _) =
            found.iter().find(|(a, _)| a.cue == Some(at("said"))).expect("a `said` relation");
        assert_eq!(said.source, Some(at("Smith")));
        assert_eq!(said.content, vec![at("the talks would fail")]);
    }
}
