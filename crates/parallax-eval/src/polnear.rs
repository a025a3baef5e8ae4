//! PolNeAR (Political News Attribution Relations): loader and attribution scorer.
//!
//! The data set is two tarballs under `<data>/polnear/` (`train.tar.gz`, `dev.tar.gz`), each
//! holding `polnear-<split>/text/<article>.txt` and `polnear-<split>/attributions/<article>_<annotator>.ann`
//! (BRAT standoff), plus `metadata.tsv` naming each article's annotators. When an article has
//! several annotators, the first one listed in `metadata.tsv` is used.
//!
//! Offsets in the `.ann` files are Unicode code points; so are the [`CharSpan`]s of this module.
//! Callers whose extractor works in bytes convert with [`byte_to_char_offsets`].
//!
//! # Metric
//!
//! Every span is first *trimmed*: leading and trailing whitespace and punctuation (quote marks,
//! commas, periods, colons, dashes, brackets) are dropped, so `“Yes,”` and `Yes` are the same
//! content. A role of an attribution (source, cue or content) is the set of characters of its
//! trimmed pieces (a discontinuous content is one unit).
//!
//! - **exact**: a predicted role equals a gold role of the same kind (same character set);
//! - **overlap**: a predicted role shares at least one character with a gold role of the same kind.
//!
//! Matching is one-to-one and greedy within an article: all matching (gold, predicted) pairs
//! are sorted by the number of shared characters (largest first) and taken when both are free.
//! Precision = matched / predicted units, recall = matched / gold units. Roles that are absent
//! (an attribution with no source) are not units.
//!
//! The headline, **content with correct source**, matches whole attributions: a prediction
//! matches a gold attribution when their contents match (overlap, or exact for the strict
//! variant) and their sources agree: both absent, or both present and matching. A gold
//! attribution without a source is therefore only found by a prediction without one.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use serde::Serialize;

use crate::EvalError;
use crate::clustering::Prf;

/// The folder of the data set inside the shared data folder.
pub const POLNEAR_DIR: &str = "polnear";

/// A part of the data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolnearSplit {
    /// Months 1–10: for tuning.
    Train,
    /// Month 11: for reporting.
    Dev,
}

impl PolnearSplit {
    /// `train` or `dev`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolnearSplit::Train => "train",
            PolnearSplit::Dev => "dev",
        }
    }
}

/// A half-open range of Unicode code-point (character) offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// One attribution, gold or predicted: each role is a list of pieces (empty when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AttributionSpans {
    /// Who: empty when the attribution has no source.
    pub source: Vec<CharSpan>,
    /// The cue (verb or phrase).
    pub cue: Vec<CharSpan>,
    /// What was said, thought or reported.
    pub content: Vec<CharSpan>,
}

/// One annotated article.
#[derive(Debug, Clone)]
pub struct PolnearArticle {
    /// The file stem, e.g. `politico_2016-09-08_flynn-says-trump-absolutely-righ`.
    pub id: String,
    /// The annotator whose annotations were kept.
    pub annotator: String,
    /// The article text.
    pub text: String,
    /// The gold attributions, in file order.
    pub attributions: Vec<AttributionSpans>,
}

/// Loads one split of PolNeAR from `data_dir` (the shared data folder holding `polnear/`).
pub fn load_polnear(
    data_dir: &Path,
    split: PolnearSplit,
) -> Result<Vec<PolnearArticle>, EvalError> {
    let root = data_dir.join(POLNEAR_DIR);
    let metadata_path = root.join("metadata.tsv");
    let tar_path = root.join(format!("{}.tar.gz", split.as_str()));
    for path in [&metadata_path, &tar_path] {
        if !path.exists() {
            return Err(EvalError::NotFound { path: path.clone() });
        }
    }
    let metadata = std::fs::read_to_string(&metadata_path)
        .map_err(|source| EvalError::Io { path: metadata_path.clone(), source })?;
    let annotators = first_annotators(&metadata, split);

    let io = |source| EvalError::Io { path: tar_path.clone(), source };
    let file = File::open(&tar_path).map_err(io)?;
    let mut archive = tar::Archive::new(GzDecoder::new(file));
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    // (article, annotator) -> .ann content
    let mut anns: HashMap<(String, String), String> = HashMap::new();
    for entry in archive.entries().map_err(io)? {
        let mut entry = entry.map_err(io)?;
        let path = entry.path().map_err(io)?.into_owned();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let parent = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str());
        let mut content = String::new();
        match (parent, name.strip_suffix(".txt"), name.strip_suffix(".ann")) {
            (Some("text"), Some(stem), _) => {
                entry.read_to_string(&mut content).map_err(io)?;
                texts.insert(stem.to_owned(), content);
            }
            (Some("attributions"), _, Some(stem)) => {
                let Some((article, annotator)) = stem.rsplit_once('_') else { continue };
                entry.read_to_string(&mut content).map_err(io)?;
                anns.insert((article.to_owned(), annotator.to_owned()), content);
            }
            _ => {}
        }
    }
    if texts.is_empty() {
        return Err(format_error(&tar_path, "no text files".to_owned()));
    }
    let mut articles = Vec::with_capacity(texts.len());
    for (id, text) in texts {
        let mut candidates: Vec<&str> = annotators
            .get(&id)
            .map(|list| list.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut others: Vec<&str> =
            anns.keys().filter(|(a, _)| *a == id).map(|(_, who)| who.as_str()).collect();
        others.sort_unstable();
        candidates.extend(others);
        let Some(annotator) =
            candidates.into_iter().find(|who| anns.contains_key(&(id.clone(), (*who).to_owned())))
        else {
            return Err(format_error(&tar_path, format!("no annotation file for `{id}`")));
        };
        let ann = &anns[&(id.clone(), annotator.to_owned())];
        let attributions = parse_ann(ann);
        articles.push(PolnearArticle { id, annotator: annotator.to_owned(), text, attributions });
    }
    Ok(articles)
}

fn format_error(path: &Path, reason: String) -> EvalError {
    EvalError::Format { path: PathBuf::from(path), reason }
}

/// Article id -> annotators in `metadata.tsv` order, for `split`.
fn first_annotators(metadata: &str, split: PolnearSplit) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    for line in metadata.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 4 || fields[0] != split.as_str() {
            continue;
        }
        out.insert(fields[1].to_owned(), fields[3].split('|').map(str::to_owned).collect());
    }
    out
}

/// Parses a BRAT standoff file into attributions (the `E` lines), skipping malformed lines.
pub fn parse_ann(ann: &str) -> Vec<AttributionSpans> {
    let mut spans: HashMap<&str, Vec<CharSpan>> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else { continue };
        if id.starts_with('T') {
            let Some((_, offsets)) = body.split_once(' ') else { continue };
            let pieces: Option<Vec<CharSpan>> = offsets
                .split(';')
                .map(|piece| {
                    let (start, end) = piece.trim().split_once(' ')?;
                    let (start, end) = (start.parse().ok()?, end.parse().ok()?);
                    (start < end).then_some(CharSpan { start, end })
                })
                .collect();
            if let Some(pieces) = pieces {
                spans.insert(id, pieces);
            }
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for body in events {
        let mut attribution = AttributionSpans::default();
        for arg in body.split_whitespace() {
            let Some((role, target)) = arg.split_once(':') else { continue };
            let Some(pieces) = spans.get(target) else { continue };
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            let slot = match role {
                "Source" => &mut attribution.source,
                "Cue" => &mut attribution.cue,
                "Content" => &mut attribution.content,
                _ => continue,
            };
            slot.extend(pieces.iter().copied());
        }
        for slot in [&mut attribution.source, &mut attribution.cue, &mut attribution.content] {
            slot.sort_unstable();
        }
        if !attribution.content.is_empty() || !attribution.cue.is_empty() {
            out.push(attribution);
        }
    }
    out
}

/// A table from byte offsets of `text` to character offsets: `table[byte]` for every char
/// boundary (and `text.len()`); other entries hold the offset of the char they fall in.
pub fn byte_to_char_offsets(text: &str) -> Vec<usize> {
    let mut table = Vec::with_capacity(text.len() + 1);
    for (index, c) in text.chars().enumerate() {
        table.extend(std::iter::repeat_n(index, c.len_utf8()));
    }
    table.push(text.chars().count());
    table
}

/// Counts of one-to-one matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MatchCounts {
    /// Matched pairs.
    pub matched: usize,
    /// Predicted units.
    pub predicted: usize,
    /// Gold units.
    pub gold: usize,
}

impl MatchCounts {
    /// Precision, recall and F1 (0 where undefined).
    pub fn prf(&self) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Prf::new(ratio(self.matched, self.predicted), ratio(self.matched, self.gold))
    }

    pub(crate) fn add(&mut self, other: MatchCounts) {
        self.matched += other.matched;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// Per-role counts under one matching rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoleCounts {
    /// Sources.
    pub source: MatchCounts,
    /// Cues.
    pub cue: MatchCounts,
    /// Contents.
    pub content: MatchCounts,
    /// Whole attributions: content matched and source agreeing (the headline).
    pub content_with_source: MatchCounts,
}

impl RoleCounts {
    fn add(&mut self, other: RoleCounts) {
        self.source.add(other.source);
        self.cue.add(other.cue);
        self.content.add(other.content);
        self.content_with_source.add(other.content_with_source);
    }
}

/// Scores of a run, micro-averaged over articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PolnearScores {
    /// Articles scored.
    pub articles: usize,
    /// Overlap matching (at least one shared character after trimming).
    pub overlap: RoleCounts,
    /// Exact matching (same characters after trimming).
    pub exact: RoleCounts,
}

impl PolnearScores {
    /// The headline: content with correct source, overlap matching.
    pub fn headline(&self) -> Prf {
        self.overlap.content_with_source.prf()
    }
}

/// Scores predictions against gold, article by article: `(text, gold, predicted)` triples.
pub fn score_polnear<'a, I>(articles: I) -> PolnearScores
where
    I: IntoIterator<Item = (&'a str, &'a [AttributionSpans], &'a [AttributionSpans])>,
{
    let mut scores = PolnearScores::default();
    for (text, gold, predicted) in articles {
        scores.articles += 1;
        scores.overlap.add(score_article(text, gold, predicted, false));
        scores.exact.add(score_article(text, gold, predicted, true));
    }
    scores
}

/// A role reduced to sorted, merged, trimmed character ranges.
type Unit = Vec<(usize, usize)>;

fn unit(chars: &[char], pieces: &[CharSpan]) -> Unit {
    let mut ranges: Vec<(usize, usize)> = pieces
        .iter()
        .filter_map(|piece| {
            let end = piece.end.min(chars.len());
            let mut start = piece.start.min(end);
            let mut end = end;
            while start < end && is_trimmed(chars[start]) {
                start += 1;
            }
            while end > start && is_trimmed(chars[end - 1]) {
                end -= 1;
            }
            (start < end).then_some((start, end))
        })
        .collect();
    ranges.sort_unstable();
    let mut merged: Unit = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn is_trimmed(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii_punctuation() && c != '$' && c != '%')
        || "“”‘’—–…«»".contains(c)
}

/// Characters shared by two units.
fn shared(a: &Unit, b: &Unit) -> usize {
    let mut total = 0;
    for &(s1, e1) in a {
        for &(s2, e2) in b {
            let (start, end) = (s1.max(s2), e1.min(e2));
            if start < end {
                total += end - start;
            }
        }
    }
    total
}

fn matches(a: &Unit, b: &Unit, exact: bool) -> Option<usize> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let common = shared(a, b);
    if exact { (a == b).then_some(common) } else { (common > 0).then_some(common) }
}

/// Greedy one-to-one matching on scored candidate pairs; returns the number of matches.
fn greedy(mut pairs: Vec<(usize, usize, usize)>) -> usize {
    pairs.sort_unstable_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut used_gold = std::collections::HashSet::new();
    let mut used_predicted = std::collections::HashSet::new();
    let mut matched = 0;
    for (g, p, _) in pairs {
        if !used_gold.contains(&g) && !used_predicted.contains(&p) {
            used_gold.insert(g);
            used_predicted.insert(p);
            matched += 1;
        }
    }
    matched
}

fn score_article(
    text: &str,
    gold: &[AttributionSpans],
    predicted: &[AttributionSpans],
    exact: bool,
) -> RoleCounts {
    let chars: Vec<char> = text.chars().collect();
    let units = |list: &[AttributionSpans]| -> Vec<[Unit; 3]> {
        list.iter()
            .map(|a| [unit(&chars, &a.source), unit(&chars, &a.cue), unit(&chars, &a.content)])
            .collect()
    };
    let (gold, predicted) = (units(gold), units(predicted));
    let role = |index: usize| -> MatchCounts {
        let mut pairs = Vec::new();
        for (g, gu) in gold.iter().enumerate() {
            for (p, pu) in predicted.iter().enumerate() {
                if let Some(weight) = matches(&gu[index], &pu[index], exact) {
                    pairs.push((g, p, weight));
                }
            }
        }
        MatchCounts {
            matched: greedy(pairs),
            predicted: predicted.iter().filter(|u| !u[index].is_empty()).count(),
            gold: gold.iter().filter(|u| !u[index].is_empty()).count(),
        }
    };
    let mut pairs = Vec::new();
    for (g, gu) in gold.iter().enumerate() {
        for (p, pu) in predicted.iter().enumerate() {
            let Some(weight) = matches(&gu[2], &pu[2], exact) else { continue };
            let source_ok = match (gu[0].is_empty(), pu[0].is_empty()) {
                (true, true) => true,
                (false, false) => matches(&gu[0], &pu[0], exact).is_some(),
                _ => false,
            };
            if source_ok {
                pairs.push((g, p, weight));
            }
        }
    }
    RoleCounts {
        source: role(0),
        cue: role(1),
        content: role(2),
        content_with_source: MatchCounts {
            matched: greedy(pairs),
            predicted: predicted.len(),
            gold: gold.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> CharSpan {
        CharSpan { start, end }
    }

    fn attribution(
        source: &[(usize, usize)],
        cue: (usize, usize),
        content: &[(usize, usize)],
    ) -> AttributionSpans {
        AttributionSpans {
            source: source.iter().map(|&(s, e)| span(s, e)).collect(),
            cue: vec![span(cue.0, cue.1)],
            content: content.iter().map(|&(s, e)| span(s, e)).collect(),
        }
    }

    // 0         1         2         3         4
    // 0123456789012345678901234567890123456789012345
    // “We will win,” Smith said. Jones said no.
    const TEXT: &str = "“We will win,” Smith said. Jones said no.";

    #[test]
    fn parses_brat_events_with_discontinuous_and_missing_source() {
        let ann = "T1\tSource 15 20\tSmith\nT2\tCue 21 25\tsaid\nT3\tContent 0 5;6 14\tx\n\
                   T4\tAttribution 21 25\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
                   T5\tCue 33 37\tsaid\nT6\tContent 38 40\tno\nT7\tBroken\tx\n\
                   E2\tAttribution-no-source:T5 Content:T6 Cue:T5\n#1\tAnnotatorNotes T1\tnote\n";
        let parsed = parse_ann(ann);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].content, vec![span(0, 5), span(6, 14)]);
        assert_eq!(parsed[0].source, vec![span(15, 20)]);
        assert!(parsed[1].source.is_empty());
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let gold = vec![attribution(&[(15, 20)], (21, 25), &[(0, 14)])];
        let scores = score_polnear([(TEXT, gold.as_slice(), gold.as_slice())]);
        for counts in [scores.overlap, scores.exact] {
            assert_eq!(counts.content_with_source.prf().f1, 1.0);
            assert_eq!(counts.source.prf().f1, 1.0);
        }
    }

    #[test]
    fn trimming_ignores_quotes_and_punctuation() {
        let gold = vec![attribution(&[(15, 20)], (21, 25), &[(0, 14)])];
        // Content without the quote marks and comma; cue with the period.
        let predicted = vec![attribution(&[(15, 20)], (21, 26), &[(1, 12)])];
        let scores = score_polnear([(TEXT, gold.as_slice(), predicted.as_slice())]);
        assert_eq!(scores.exact.content_with_source.matched, 1);
        assert_eq!(scores.exact.cue.matched, 1);
    }

    #[test]
    fn overlap_counts_partial_spans_exact_does_not() {
        let gold = vec![attribution(&[(15, 20)], (21, 25), &[(0, 14)])];
        let predicted = vec![attribution(&[(16, 25)], (21, 25), &[(4, 8)])];
        let scores = score_polnear([(TEXT, gold.as_slice(), predicted.as_slice())]);
        assert_eq!(scores.overlap.content_with_source.matched, 1);
        assert_eq!(scores.exact.content_with_source.matched, 0);
        assert_eq!(scores.exact.content.matched, 0);
        assert_eq!(scores.exact.cue.matched, 1);
    }

    #[test]
    fn wrong_source_or_missing_source_does_not_count() {
        let gold = vec![
            attribution(&[(15, 20)], (21, 25), &[(0, 14)]),
            attribution(&[], (33, 37), &[(38, 40)]),
        ];
        let predicted = vec![
            attribution(&[(27, 32)], (21, 25), &[(0, 14)]),
            attribution(&[(27, 32)], (33, 37), &[(38, 40)]),
        ];
        let scores = score_polnear([(TEXT, gold.as_slice(), predicted.as_slice())]);
        let headline = scores.overlap.content_with_source;
        assert_eq!((headline.matched, headline.predicted, headline.gold), (0, 2, 2));
        assert_eq!(scores.overlap.content.matched, 2);
        // Source counts only sources present: gold has one, predicted two.
        assert_eq!((scores.overlap.source.predicted, scores.overlap.source.gold), (2, 1));
    }

    #[test]
    fn matching_is_one_to_one_and_prefers_larger_overlap() {
        let gold = vec![
            attribution(&[(15, 20)], (21, 25), &[(0, 14)]),
            attribution(&[(27, 32)], (33, 37), &[(38, 40)]),
        ];
        // One long prediction covering both contents: it matches one gold only.
        let predicted = vec![attribution(&[(15, 20)], (21, 25), &[(0, 40)])];
        let scores = score_polnear([(TEXT, gold.as_slice(), predicted.as_slice())]);
        let prf = scores.overlap.content.prf();
        assert_eq!(scores.overlap.content.matched, 1);
        assert!((prf.precision - 1.0).abs() < 1e-9 && (prf.recall - 0.5).abs() < 1e-9);
        assert_eq!(scores.overlap.content_with_source.matched, 1);
    }

    #[test]
    fn byte_offsets_convert_to_char_offsets() {
        let table = byte_to_char_offsets("“a” b");
        assert_eq!(table[0], 0);
        assert_eq!(table[3], 1);
        assert_eq!(table[4], 2);
        assert_eq!(table[7], 3);
        assert_eq!(table["“a” b".len()], 5);
    }
}
