//! The article-extraction benchmark's metric (Zyte / Scrapinghub), and its published scores.
//!
//! Per page, both texts become `\w+` tokens (case kept), then multisets of 4-token
//! shingles (a text of fewer than 4 tokens gives one shorter shingle, an empty text
//! none). TP, FP and FN are the multiset overlap, predicted surplus and missing
//! shingles, divided by their sum so that every page weighs the same. Precision is
//! averaged over pages with TP + FP > 0, recall over pages with TP + FN > 0, and F1 is
//! the harmonic mean of those two averages (not a mean of per-page F1s). Accuracy is
//! the share of pages whose token list equals the reference's exactly.

use std::collections::HashMap;
use std::path::Path;

use crate::dataset::{list_system_outputs, load_system_output};
use crate::{Dataset, EvalError, Predictions};

/// Shingle length used by the benchmark.
const SHINGLE_TOKENS: usize = 4;

/// One page's normalised shingle counts, the input to the averaged scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArticlePageScore {
    /// Share of shingles both texts have.
    pub true_positive: f64,
    /// Share of shingles only the prediction has.
    pub false_positive: f64,
    /// Share of shingles only the reference has.
    pub false_negative: f64,
    /// Whether the token lists are identical.
    pub exact: bool,
}

impl ArticlePageScore {
    /// Page precision, or `None` when the page does not count towards precision
    /// (TP + FP = 0: nothing predicted).
    pub fn precision(&self) -> Option<f64> {
        (self.true_positive + self.false_positive > 0.0).then(|| {
            if self.false_positive == 0.0 && self.false_negative == 0.0 {
                1.0
            } else {
                self.true_positive / (self.true_positive + self.false_positive)
            }
        })
    }

    /// Page recall, or `None` when the page does not count towards recall
    /// (TP + FN = 0: empty reference).
    pub fn recall(&self) -> Option<f64> {
        (self.true_positive + self.false_negative > 0.0).then(|| {
            if self.false_positive == 0.0 && self.false_negative == 0.0 {
                1.0
            } else {
                self.true_positive / (self.true_positive + self.false_negative)
            }
        })
    }
}

/// Averaged scores over the article-extraction pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
    /// Mean page precision over pages with a non-empty prediction.
    pub precision: f64,
    /// Mean page recall over pages with a non-empty reference.
    pub recall: f64,
    /// Share of pages whose token list equals the reference's.
    pub accuracy: f64,
    /// Number of pages scored.
    pub pages: usize,
    /// Pages without a prediction, scored as empty output.
    pub missing: usize,
}

/// A score published by the benchmark's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublishedScore {
    /// The system, spelled like its file stem in `system-outputs/` where it has one.
    pub system: &'static str,
    /// The system version the origin ran.
    pub version: &'static str,
    /// Published F1.
    pub f1: f64,
    /// Published precision, where the origin lists it.
    pub precision: Option<f64>,
    /// Published recall, where the origin lists it.
    pub recall: Option<f64>,
    /// Published accuracy, where the origin lists it.
    pub accuracy: Option<f64>,
}

/// Our scorer's result on one published system output, next to the published score.
#[derive(Debug, Clone)]
pub struct PublishedCheck {
    /// The system (file stem in `system-outputs/`).
    pub system: String,
    /// The version recorded in the output file, if any.
    pub version: Option<String>,
    /// Our scores on that output.
    pub ours: Scores,
    /// The published score, if the table has this system.
    pub published: Option<PublishedScore>,
}

impl PublishedCheck {
    /// Whether our F1, precision, recall and accuracy print the same as the published
    /// ones at 3 decimals (the precision the origin publishes), for the values the row
    /// has. `false` without a published row.
    pub fn reproduces(&self) -> bool {
        let Some(published) = self.published else { return false };
        let same = |ours: f64, theirs: Option<f64>| {
            theirs.is_none_or(|theirs| format!("{ours:.3}") == format!("{theirs:.3}"))
        };
        same(self.ours.f1, Some(published.f1))
            && same(self.ours.precision, published.precision)
            && same(self.ours.recall, published.recall)
            && same(self.ours.accuracy, published.accuracy)
    }
}

/// Scores one page: `gold` is the reference text, `predicted` the extractor's text.
pub fn score_article_extraction_page(gold: &str, predicted: &str) -> ArticlePageScore {
    let gold_tokens = crate::tokens::word_tokens(gold);
    let predicted_tokens = crate::tokens::word_tokens(predicted);
    let gold_shingles = shingle_counts(&gold_tokens);
    let predicted_shingles = shingle_counts(&predicted_tokens);

    let mut true_positive = 0usize;
    let mut false_negative = 0usize;
    for (shingle, &gold_count) in &gold_shingles {
        let predicted_count = predicted_shingles.get(shingle).copied().unwrap_or(0);
        true_positive += gold_count.min(predicted_count);
        false_negative += gold_count.saturating_sub(predicted_count);
    }
    let predicted_total: usize = predicted_shingles.values().sum();
    let false_positive = predicted_total - true_positive;

    let total = (true_positive + false_positive + false_negative) as f64;
    let normalise = |count: usize| if total > 0.0 { count as f64 / total } else { 0.0 };
    ArticlePageScore {
        true_positive: normalise(true_positive),
        false_positive: normalise(false_positive),
        false_negative: normalise(false_negative),
        exact: gold_tokens == predicted_tokens,
    }
}

/// Scores `predictions` against an article-extraction data set. Pages without a
/// prediction are scored as empty output and counted in [`Scores::missing`].
pub fn score_article_extraction(dataset: &Dataset, predictions: &Predictions) -> Scores {
    let mut missing = 0;
    let page_scores: Vec<ArticlePageScore> = dataset
        .pages
        .iter()
        .map(|page| {
            let predicted = predictions.get(&page.id).map_or_else(
                || {
                    missing += 1;
                    ""
                },
                String::as_str,
            );
            score_article_extraction_page(&page.gold.text, predicted)
        })
        .collect();
    aggregate_article_extraction(&page_scores, missing)
}

/// Averages page scores the benchmark's way. `missing` is passed through to the result.
pub fn aggregate_article_extraction(page_scores: &[ArticlePageScore], missing: usize) -> Scores {
    let precision = mean(page_scores.iter().filter_map(ArticlePageScore::precision));
    let recall = mean(page_scores.iter().filter_map(ArticlePageScore::recall));
    let f1 = harmonic_mean(precision, recall);
    let accuracy = mean(page_scores.iter().map(|page| if page.exact { 1.0 } else { 0.0 }));
    Scores { f1, precision, recall, accuracy, pages: page_scores.len(), missing }
}

/// Scores every published system output in `data_dir/article-extraction/system-outputs`
/// against `dataset` (the loaded article-extraction data set), sorted by system name.
pub fn check_published_outputs(
    dataset: &Dataset,
    data_dir: &Path,
) -> Result<Vec<PublishedCheck>, EvalError> {
    list_system_outputs(data_dir)?
        .into_iter()
        .map(|system| {
            let output = load_system_output(data_dir, &system)?;
            let ours = score_article_extraction(dataset, &output.predictions);
            let published =
                published_article_extraction().iter().find(|row| row.system == system).copied();
            Ok(PublishedCheck { system, version: output.version, ours, published })
        })
        .collect()
}

/// The origin's published scores, as listed in the data set's `DATASET.md` (latest run,
/// then older runs). For AutoExtract, Diffbot, newspaper3k, dragnet and boilerpipe the
/// precision, recall and accuracy come from the origin's November 2019 README table,
/// which `DATASET.md` summarises by F1 only.
pub fn published_article_extraction() -> &'static [PublishedScore] {
    const fn full(
        system: &'static str,
        version: &'static str,
        f1: f64,
        precision: f64,
        recall: f64,
        accuracy: f64,
    ) -> PublishedScore {
        PublishedScore {
            system,
            version,
            f1,
            precision: Some(precision),
            recall: Some(recall),
            accuracy: Some(accuracy),
        }
    }
    const fn f1_only(system: &'static str, version: &'static str, f1: f64) -> PublishedScore {
        PublishedScore { system, version, f1, precision: None, recall: None, accuracy: None }
    }
    const TABLE: &[PublishedScore] = &[
        full("rs_trafilatura", "9261e08", 0.970, 0.951, 0.990, 0.287),
        full("go_trafilatura", "ae7ea06", 0.960, 0.940, 0.980, 0.287),
        full("trafilatura", "2.0.0", 0.958, 0.938, 0.978, 0.293),
        full("go_readability_fork", "fb0fbc5", 0.947, 0.914, 0.982, 0.166),
        full("readability_js", "0.6.0", 0.947, 0.914, 0.982, 0.166),
        full("go_readability", "9f5bf5c", 0.934, 0.900, 0.971, 0.188),
        full("go_domdistiller", "25b8d04", 0.927, 0.901, 0.956, 0.061),
        full("readability", "0.8.4.1", 0.922, 0.913, 0.931, 0.315),
        full("goose3", "3.1.20", 0.896, 0.940, 0.856, 0.232),
        full("readable_readability", "0.4.0", 0.884, 0.886, 0.881, 0.177),
        full("readability_rs", "0.3.0", 0.873, 0.906, 0.843, 0.227),
        full("dom_smoothie", "0.14.0", 0.865, 0.785, 0.963, 0.055),
        full("readabilityrs", "0.1.2", 0.832, 0.745, 0.943, 0.028),
        full("llm_readability", "0.0.13", 0.829, 0.851, 0.809, 0.077),
        full("justext", "3.0.2", 0.804, 0.858, 0.756, 0.088),
        full("boilerpipe_rs", "0.6.0", 0.739, 0.761, 0.717, 0.000),
        full("inscriptis", "2.6.0", 0.679, 0.517, 0.992, 0.000),
        full("html-text", "0.7.0", 0.665, 0.500, 0.994, 0.000),
        full("beautifulsoup", "4.13.5", 0.665, 0.499, 0.994, 0.000),
        full("html2text", "2025.4.15", 0.662, 0.499, 0.983, 0.000),
        full("fast_html2md", "0.0.58", 0.515, 0.351, 0.967, 0.000),
        full("august", "2.4.0", 0.471, 0.312, 0.955, 0.000),
        full("nanohtml2text", "0.2.1", 0.469, 0.309, 0.973, 0.000),
        full("html2text_rs", "0.16.7", 0.438, 0.283, 0.965, 0.000),
        full("mdka", "1.6.5", 0.435, 0.285, 0.914, 0.000),
        full("xpath-text", "5.4.0", 0.394, 0.246, 0.992, 0.000),
        full("htmd", "0.5.0", 0.184, 0.102, 0.970, 0.000),
        full("html2md_rs", "0.10.2", 0.150, 0.142, 0.160, 0.000),
        f1_only("newspaper4k", "0.9.3.1", 0.949),
        f1_only("news_please", "1.6.16", 0.948),
        full("AutoExtract", "2019-11", 0.970, 0.984, 0.956, 0.470),
        full("Diffbot", "2019-11", 0.951, 0.958, 0.944, 0.348),
        full("newspaper3k", "2019-11", 0.912, 0.917, 0.906, 0.260),
        full("dragnet", "2019-11", 0.907, 0.925, 0.889, 0.221),
        full("boilerpipe", "2019-11", 0.860, 0.850, 0.870, 0.006),
    ];
    TABLE
}

/// Counts the shingles of a token list; fewer than [`SHINGLE_TOKENS`] tokens make one
/// short shingle, no tokens make none.
fn shingle_counts<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], usize> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < SHINGLE_TOKENS {
        counts.insert(tokens, 1);
        return counts;
    }
    for shingle in tokens.windows(SHINGLE_TOKENS) {
        *counts.entry(shingle).or_insert(0) += 1;
    }
    counts
}

/// Arithmetic mean; 0 for no values (the origin would raise on an empty list).
pub(crate) fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), value| (sum + value, count + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

fn harmonic_mean(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(gold: &str, predicted: &str, expect: (f64, f64, f64, bool)) {
        let page = score_article_extraction_page(gold, predicted);
        let got = (page.true_positive, page.false_positive, page.false_negative, page.exact);
        assert_eq!(got, expect, "gold {gold:?}, predicted {predicted:?}");
    }

    #[test]
    fn identical_text_is_all_true_positive() {
        let third = 1.0 / 3.0;
        check("one two three four five", "One two three four five", (third, third, third, false));
        check("one two three four five", "one, two; three four five!", (1.0, 0.0, 0.0, true));
    }

    #[test]
    fn extra_and_missing_shingles_are_counted() {
        // Gold shingles: abcd, bcde. Predicted: abcd, bcdx, cdxy.
        check("a b c d e", "a b c d x y", (0.25, 0.5, 0.25, false));
    }

    #[test]
    fn short_texts_make_one_short_shingle() {
        check("a b", "a b", (1.0, 0.0, 0.0, true));
        check("a b", "a b c", (0.0, 0.5, 0.5, false));
    }

    #[test]
    fn empty_texts_make_no_shingles() {
        let both_empty = score_article_extraction_page("", " .. ");
        assert_eq!(both_empty.precision(), None);
        assert_eq!(both_empty.recall(), None);
        assert!(both_empty.exact);
        let nothing_predicted = score_article_extraction_page("a b c d", "");
        assert_eq!(nothing_predicted.precision(), None);
        assert_eq!(nothing_predicted.recall(), Some(0.0));
    }

    #[test]
    fn repeated_shingles_count_as_a_multiset() {
        let page = score_article_extraction_page("a b c d a b c d", "a b c d");
        // Gold: abcd x2, bcda, cdab, dabc; predicted: abcd once.
        assert_eq!(page.true_positive, 0.2);
        assert_eq!(page.false_negative, 0.8);
    }

    #[test]
    fn f1_is_harmonic_mean_of_averaged_precision_and_recall() {
        let pages = [
            score_article_extraction_page("a b c d e", "a b c d e"),
            score_article_extraction_page("a b c d e", "a b c d x y"),
            score_article_extraction_page("a b c d", ""),
        ];
        let scores = aggregate_article_extraction(&pages, 1);
        // Precision over the first two pages only; recall over all three.
        assert!((scores.precision - (1.0 + 1.0 / 3.0) / 2.0).abs() < 1e-12);
        assert!((scores.recall - (1.0 + 0.5 + 0.0) / 3.0).abs() < 1e-12);
        let expect = 2.0 * scores.precision * scores.recall / (scores.precision + scores.recall);
        assert!((scores.f1 - expect).abs() < 1e-12);
        assert!((scores.accuracy - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!((scores.pages, scores.missing), (3, 1));
    }
}
