//! The MRPC paraphrase pairs, and choosing a decision threshold for a similarity score
//! by k-fold cross-validation.
//!
//! [`load_mrpc`] reads the training part of the Microsoft Research Paraphrase Corpus
//! (Dolan & Brockett 2005): 4,076 sentence pairs from news, each judged paraphrase or
//! not. A near-duplicate detector turns a pair into a score; [`cross_validate_threshold`]
//! then measures how well "score ≥ threshold means paraphrase" works when the threshold
//! is chosen on data other than the pairs it is judged on, and [`best_threshold`] picks
//! the threshold on all of it.

use std::cmp::Ordering;
use std::path::Path;

use serde::Serialize;

use crate::EvalError;
use crate::basil::io_error;

/// Folder name of the MRPC training part inside the shared data folder.
pub const MRPC_DIR: &str = "mrpc";

/// File name of the pairs inside [`MRPC_DIR`].
const MRPC_FILE: &str = "train.tsv";

/// One MRPC sentence pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrpcPair {
    /// Whether the annotators judged the two sentences paraphrases (`Quality` = 1).
    pub paraphrase: bool,
    /// MSR id of the first sentence.
    pub id1: String,
    /// MSR id of the second sentence.
    pub id2: String,
    /// The first sentence, untokenised.
    pub s1: String,
    /// The second sentence, untokenised.
    pub s2: String,
}

/// What threshold selection maximises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Objective {
    /// Share of pairs classified correctly.
    Accuracy,
    /// F1 of the positive (paraphrase) class.
    F1,
}

/// The result of [`cross_validate_threshold`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdCv {
    /// What each threshold was chosen to maximise.
    pub objective: Objective,
    /// Number of folds.
    pub folds: usize,
    /// The threshold chosen on all the data, for use on new data.
    pub threshold: f64,
    /// The threshold chosen for each fold, on the other folds.
    pub fold_thresholds: Vec<f64>,
    /// Share of held-out predictions that are correct, pooled over all folds.
    pub accuracy: f64,
    /// Pooled held-out precision of the positive class (0 with no positive prediction).
    pub precision: f64,
    /// Pooled held-out recall of the positive class (0 with no positive item).
    pub recall: f64,
    /// Pooled held-out F1 of the positive class: `2·TP / (2·TP + FP + FN)`, 0 when
    /// that is 0/0.
    pub f1: f64,
}

/// Loads `dir/train.tsv`, where `dir` is the data set's folder (`<data>/mrpc`), in file
/// order.
///
/// The file is tab-separated with a header line and five columns (`Quality`, `#1 ID`,
/// `#2 ID`, `#1 String`, `#2 String`), and has **no quoting**: sentences contain `"`,
/// which is kept as-is. A row with another column count, or a `Quality` other than `0`
/// or `1`, is an [`EvalError::Format`].
pub fn load_mrpc(dir: &Path) -> Result<Vec<MrpcPair>, EvalError> {
    let path = dir.join(MRPC_FILE);
    let bytes = std::fs::read(&path).map_err(|source| io_error(&path, source))?;
    parse_mrpc(&path, &String::from_utf8_lossy(&bytes))
}

/// The threshold that maximises `objective` when predicting `score >= threshold` as
/// positive.
///
/// Candidates are the smallest score (everything positive), the midpoints between
/// consecutive distinct scores, and the next float above the largest score (everything
/// negative). Ties go to the smallest candidate. Objectives are compared exactly (as
/// counts or fractions of counts), so ties are real ties. A NaN score is always
/// predicted negative and adds no candidate; with no other score the threshold is 0.
///
/// # Panics
///
/// If `scores` and `labels` differ in length.
pub fn best_threshold(scores: &[f64], labels: &[bool], objective: Objective) -> f64 {
    assert_eq!(scores.len(), labels.len(), "one label per score");
    choose_threshold(scores.iter().copied().zip(labels.iter().copied()).collect(), objective)
}

/// Estimates how well a thresholded score separates positives from negatives by
/// `folds`-fold cross-validation, and picks a threshold on all the data.
///
/// Item `i` belongs to fold `i % folds`. For each fold, [`best_threshold`] is chosen
/// on the items of the other folds, then the fold's items are predicted positive when
/// `score >= threshold`. Accuracy, precision, recall and F1 of the positive class are
/// computed once over the held-out predictions of all folds pooled (not averaged per
/// fold). Deterministic: the result depends only on the inputs' order and values.
///
/// # Panics
///
/// If `scores` and `labels` differ in length, or `folds` is less than 2.
pub fn cross_validate_threshold(
    scores: &[f64],
    labels: &[bool],
    folds: usize,
    objective: Objective,
) -> ThresholdCv {
    assert_eq!(scores.len(), labels.len(), "one label per score");
    assert!(folds >= 2, "cross-validation needs at least 2 folds, got {folds}");
    let items: Vec<(f64, bool)> = scores.iter().copied().zip(labels.iter().copied()).collect();
    let mut pooled = Counts::default();
    let mut fold_thresholds = Vec::with_capacity(folds);
    for fold in 0..folds {
        let training = items
            .iter()
            .enumerate()
            .filter(|(index, _)| index % folds != fold)
            .map(|(_, &item)| item)
            .collect();
        let threshold = choose_threshold(training, objective);
        fold_thresholds.push(threshold);
        for &(score, label) in items.iter().skip(fold).step_by(folds) {
            pooled.add(score >= threshold, label);
        }
    }
    ThresholdCv {
        objective,
        folds,
        threshold: choose_threshold(items, objective),
        fold_thresholds,
        accuracy: pooled.accuracy(),
        precision: pooled.precision(),
        recall: pooled.recall(),
        f1: pooled.f1(),
    }
}

fn parse_mrpc(path: &Path, text: &str) -> Result<Vec<MrpcPair>, EvalError> {
    let format_error = |line: usize, reason: String| EvalError::Format {
        path: path.to_owned(),
        reason: format!("line {line}: {reason}"),
    };
    let mut pairs = Vec::new();
    // The first line is the header.
    for (index, line) in text.lines().enumerate().skip(1) {
        let line_number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [quality, id1, id2, s1, s2] = fields[..] else {
            return Err(format_error(
                line_number,
                format!("expected 5 tab-separated columns, found {}", fields.len()),
            ));
        };
        let paraphrase = match quality {
            "1" => true,
            "0" => false,
            other => {
                return Err(format_error(
                    line_number,
                    format!("`Quality` is `{other}`, not 0 or 1"),
                ));
            }
        };
        pairs.push(MrpcPair {
            paraphrase,
            id1: id1.to_owned(),
            id2: id2.to_owned(),
            s1: s1.to_owned(),
            s2: s2.to_owned(),
        });
    }
    Ok(pairs)
}

/// A binary confusion matrix.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    true_positive: usize,
    false_positive: usize,
    true_negative: usize,
    false_negative: usize,
}

impl Counts {
    fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.true_positive += 1,
            (true, false) => self.false_positive += 1,
            (false, false) => self.true_negative += 1,
            (false, true) => self.false_negative += 1,
        }
    }

    fn correct(&self) -> usize {
        self.true_positive + self.true_negative
    }

    fn total(&self) -> usize {
        self.correct() + self.false_positive + self.false_negative
    }

    /// F1 as the exact fraction `2·TP / (2·TP + FP + FN)`, with `0/0` as `0/1`.
    fn f1_fraction(&self) -> (u128, u128) {
        let numerator = 2 * self.true_positive as u128;
        let denominator = numerator + (self.false_positive + self.false_negative) as u128;
        (numerator, denominator.max(1))
    }

    fn accuracy(&self) -> f64 {
        fraction(self.correct(), self.total())
    }

    fn precision(&self) -> f64 {
        fraction(self.true_positive, self.true_positive + self.false_positive)
    }

    fn recall(&self) -> f64 {
        fraction(self.true_positive, self.true_positive + self.false_negative)
    }

    fn f1(&self) -> f64 {
        let (numerator, denominator) = self.f1_fraction();
        numerator as f64 / denominator as f64
    }

    /// Compares two confusion matrices by `objective`, exactly.
    fn compare(&self, other: &Counts, objective: Objective) -> Ordering {
        match objective {
            Objective::Accuracy => self.correct().cmp(&other.correct()),
            Objective::F1 => {
                let (own_numerator, own_denominator) = self.f1_fraction();
                let (other_numerator, other_denominator) = other.f1_fraction();
                (own_numerator * other_denominator).cmp(&(other_numerator * own_denominator))
            }
        }
    }
}

/// `numerator / denominator`, or 0 for an empty denominator.
fn fraction(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
}

/// Sweeps the candidate thresholds in ascending order (see [`best_threshold`]), keeping
/// the first one with the best objective.
fn choose_threshold(mut items: Vec<(f64, bool)>, objective: Objective) -> f64 {
    // NaN scores are negative at every threshold; the rest start out all positive.
    let mut counts = Counts::default();
    for &(score, label) in &items {
        counts.add(!score.is_nan(), label);
    }
    items.retain(|(score, _)| !score.is_nan());
    items.sort_by(|left, right| left.0.total_cmp(&right.0));
    let Some(&(lowest, _)) = items.first() else { return 0.0 };

    let mut best = (lowest, counts);
    let mut start = 0;
    while start < items.len() {
        // Move the group of items scoring `value` to the negative side...
        let value = items[start].0;
        let mut end = start;
        while end < items.len() && items[end].0 == value {
            if items[end].1 {
                counts.true_positive -= 1;
                counts.false_negative += 1;
            } else {
                counts.false_positive -= 1;
                counts.true_negative += 1;
            }
            end += 1;
        }
        // ...which is what the threshold just above `value` predicts.
        let threshold = match items.get(end) {
            Some(&(next, _)) => midpoint_above(value, next),
            None => next_up(value),
        };
        // `threshold > value` fails only above +∞, where no threshold excludes `value`.
        if threshold > value && counts.compare(&best.1, objective) == Ordering::Greater {
            best = (threshold, counts);
        }
        start = end;
    }
    best.0
}

/// The midpoint of `low < high`, or `high` where rounding puts it at `low`, so that
/// the result is always in `(low, high]`.
fn midpoint_above(low: f64, high: f64) -> f64 {
    let middle = low.midpoint(high);
    if middle > low { middle } else { high }
}

/// The smallest float greater than `value` (`value` itself for +∞ and NaN).
/// `f64::next_up` needs Rust 1.86; the workspace supports 1.85.
fn next_up(value: f64) -> f64 {
    if value.is_nan() || value == f64::INFINITY {
        value
    } else if value == 0.0 {
        f64::from_bits(1)
    } else if value > 0.0 {
        f64::from_bits(value.to_bits() + 1)
    } else {
        f64::from_bits(value.to_bits() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: bool = true;
    const F: bool = false;

    #[track_caller]
    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "got {actual}, expected {expected}");
    }

    #[test]
    fn parses_tab_separated_rows_without_quote_rules() {
        let text = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n\
                    1\t702876\t702977\tHe called him \"the witness\".\tReferring to \"the witness\", he\n\
                    0\t1\t2\tA \"quote.\tB\n";
        let pairs = parse_mrpc(Path::new("train.tsv"), text).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(
            pairs[0],
            MrpcPair {
                paraphrase: true,
                id1: "702876".to_owned(),
                id2: "702977".to_owned(),
                s1: "He called him \"the witness\".".to_owned(),
                s2: "Referring to \"the witness\", he".to_owned(),
            }
        );
        assert!(!pairs[1].paraphrase);
        assert_eq!(pairs[1].s1, "A \"quote.");
    }

    #[test]
    fn rejects_malformed_rows() {
        let header = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n";
        for row in ["1\t2\t3\tonly four", "2\t1\t2\ta\tb", "1\t1\t2\ta\tb\textra"] {
            let error =
                parse_mrpc(Path::new("train.tsv"), &format!("{header}{row}\n")).unwrap_err();
            assert!(
                matches!(&error, EvalError::Format { reason, .. } if reason.starts_with("line 2:")),
                "{error:?}"
            );
        }
    }

    #[test]
    fn best_threshold_breaks_ties_towards_the_smallest() {
        // Sorted: 0.1 F, 0.35 T, 0.4 F, 0.8 T. Correct at each candidate: 0.1 → 2,
        // 0.225 → 3, 0.375 → 2, 0.6 → 3, above 0.8 → 2.
        let scores = [0.1, 0.4, 0.35, 0.8];
        let labels = [F, F, T, T];
        assert_close(best_threshold(&scores, &labels, Objective::Accuracy), 0.225);
        // F1 at each candidate: 4/6, 4/5, 2/4, 2/3, 0.
        assert_close(best_threshold(&scores, &labels, Objective::F1), 0.225);
    }

    #[test]
    fn objectives_can_disagree() {
        // Candidates 1, 1.5, 2.5, 3.5, next_up(4): correct 2, 1, 2, 3, 2;
        // F1 4/6, 2/5, 2/4, 2/3, 0 (4/6 and 2/3 tie exactly; the smaller wins).
        let scores = [1.0, 2.0, 3.0, 4.0];
        let labels = [T, F, F, T];
        assert_eq!(best_threshold(&scores, &labels, Objective::Accuracy), 3.5);
        assert_eq!(best_threshold(&scores, &labels, Objective::F1), 1.0);
    }

    #[test]
    fn extreme_candidates() {
        // All negative: only the candidate above the top score gets everything right.
        let threshold = best_threshold(&[0.2, 0.5], &[F, F], Objective::Accuracy);
        assert!(threshold > 0.5 && threshold < 0.5 + 1e-12, "{threshold}");
        // One distinct score, all positive: the score itself.
        assert_eq!(best_threshold(&[0.3, 0.3], &[T, T], Objective::Accuracy), 0.3);
        // Nothing to choose from.
        assert_eq!(best_threshold(&[], &[], Objective::F1), 0.0);
        assert_eq!(best_threshold(&[f64::NAN], &[T], Objective::F1), 0.0);
    }

    #[test]
    fn nan_scores_are_negative() {
        // The NaN positive is a false negative at every threshold; 0.5 still separates.
        let scores = [f64::NAN, 0.0, 1.0];
        let labels = [T, F, T];
        assert_eq!(best_threshold(&scores, &labels, Objective::Accuracy), 0.5);
    }

    #[test]
    fn cross_validation_pools_held_out_predictions() {
        // Fold 0 = items 0, 2, 4; fold 1 = items 1, 3, 5.
        let scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
        let labels = [F, T, F, T, F, T];
        let cv = cross_validate_threshold(&scores, &labels, 2, Objective::Accuracy);
        assert_eq!(cv.folds, 2);
        assert_eq!(cv.fold_thresholds.len(), 2);
        // Fold 0 trains on 0.2 T, 0.7 T, 0.9 T: everything positive, threshold 0.2.
        // Held out: 0.1 F → TN, 0.3 F → FP, 0.8 F → FP.
        assert_eq!(cv.fold_thresholds[0], 0.2);
        // Fold 1 trains on 0.1 F, 0.3 F, 0.8 F: everything negative, just above 0.8.
        // Held out: 0.2 T → FN, 0.7 T → FN, 0.9 T → TP.
        assert!(cv.fold_thresholds[1] > 0.8 && cv.fold_thresholds[1] < 0.8 + 1e-12);
        // Pooled: TP 1, FP 2, TN 1, FN 2.
        assert_close(cv.accuracy, 2.0 / 6.0);
        assert_close(cv.precision, 1.0 / 3.0);
        assert_close(cv.recall, 1.0 / 3.0);
        assert_close(cv.f1, 1.0 / 3.0);
        // On all data, 0.15, 0.5 and 0.85 each get 4 of 6 right; the smallest wins.
        assert_close(cv.threshold, 0.15);
    }

    #[test]
    fn cross_validation_on_separable_data_is_perfect() {
        let scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
        let labels = [F, F, F, T, T, T];
        for objective in [Objective::Accuracy, Objective::F1] {
            let cv = cross_validate_threshold(&scores, &labels, 3, objective);
            assert_eq!((cv.accuracy, cv.precision, cv.recall, cv.f1), (1.0, 1.0, 1.0, 1.0));
            assert_close(cv.threshold, 0.5);
        }
    }

    #[test]
    #[should_panic(expected = "at least 2 folds")]
    fn one_fold_is_refused() {
        cross_validate_threshold(&[0.5], &[T], 1, Objective::F1);
    }

    #[test]
    fn next_up_steps_one_float() {
        assert_eq!(next_up(1.0), 1.0 + f64::EPSILON);
        assert_eq!(next_up(0.0), f64::from_bits(1));
        assert_eq!(next_up(-0.0), f64::from_bits(1));
        assert!(next_up(-1.0) > -1.0 && next_up(-1.0) < -1.0 + 1e-15);
        assert_eq!(next_up(f64::INFINITY), f64::INFINITY);
    }
}
