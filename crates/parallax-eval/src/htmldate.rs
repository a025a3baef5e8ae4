//! The htmldate evaluation set: 1,000 web pages labelled with their original publication date
//! (`htmldate/` in the shared data folder; see its `DATASET.md`), and the origin's metric.
//!
//! One prediction per page, compared as a `YYYY-MM-DD` string: a correct date is a true positive,
//! a wrong date a false positive, no date a false negative. Precision = TP/(TP+FP), recall =
//! TP/(TP+FN), accuracy = (TP+TN)/pages, F = 2TP/(2TP+FP+FN). The origin stores the 5 pages
//! without an identifiable date as NaN, so its script never counts them right: "no date" on them
//! is a false negative there ([`DateScores::origin`]); the strict variant
//! ([`DateScores::strict`]) counts it as a true negative.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde::Deserialize;

use crate::EvalError;

/// The folder of the htmldate set inside the shared data folder.
pub const HTMLDATE_DIR: &str = "htmldate";

/// One labelled page of the htmldate set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePage {
    /// The page id (the HTML file's name without `.html.gz`).
    pub id: String,
    /// The page's URL.
    pub url: Option<String>,
    /// The labelled publication date (`YYYY-MM-DD`), `None` for pages without one.
    pub gold: Option<String>,
    /// `default` or `mediacloud_2020`.
    pub collection: String,
    /// The page's bytes as stored (not decoded: 17 pages are not UTF-8). Empty when the page
    /// could not be read.
    pub html: Vec<u8>,
    /// Why the page's file could not be read, if it could not: the page still counts, as a
    /// page where nothing was found.
    pub load_error: Option<String>,
}

/// Loads the htmldate set from `data_dir/htmldate`, in label order. A label file that is missing
/// or malformed is an error; a page file that cannot be read is recorded in the page
/// ([`DatePage::load_error`]), so one bad file never stops a run.
pub fn load_htmldate(data_dir: &Path) -> Result<Vec<DatePage>, EvalError> {
    #[derive(Deserialize)]
    struct Label {
        id: String,
        url: Option<String>,
        date: Option<String>,
        #[serde(default)]
        collection: String,
        html: String,
    }

    let root = data_dir.join(HTMLDATE_DIR);
    let labels_path = root.join("labels.jsonl.gz");
    let labels = read_gz(&labels_path)?;
    let labels = String::from_utf8(labels).map_err(|_| EvalError::Format {
        path: labels_path.clone(),
        reason: "not UTF-8".to_owned(),
    })?;
    let mut pages = Vec::new();
    for (index, line) in labels.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let label: Label = serde_json::from_str(line).map_err(|source| EvalError::Json {
            path: labels_path.clone(),
            line: Some(index + 1),
            source,
        })?;
        if label.html.contains("..") {
            return Err(EvalError::Format {
                path: labels_path,
                reason: format!("line {}: page path `{}` leaves the folder", index + 1, label.html),
            });
        }
        let (html, load_error) = match read_gz(&root.join(&label.html)) {
            Ok(bytes) => (bytes, None),
            Err(error) => (Vec::new(), Some(error_chain(&error))),
        };
        pages.push(DatePage {
            id: label.id,
            url: label.url,
            gold: label.date.filter(|date| !date.trim().is_empty()),
            collection: label.collection,
            html,
            load_error,
        });
    }
    Ok(pages)
}

fn read_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let io_error = |path: &PathBuf, source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::NotFound {
            EvalError::NotFound { path: path.clone() }
        } else {
            EvalError::Io { path: path.clone(), source }
        }
    };
    let path = path.to_path_buf();
    let compressed = fs::read(&path).map_err(|source| io_error(&path, source))?;
    let mut bytes = Vec::with_capacity(compressed.len() * 4);
    MultiGzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(&path, source))?;
    Ok(bytes)
}

fn error_chain(error: &EvalError) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// How one prediction compares with its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOutcome {
    /// The predicted date is the labelled one.
    Correct,
    /// A date was predicted, but not the labelled one (or the page has no date).
    Wrong,
    /// No date was predicted for a page that has one.
    Missed,
    /// No date was predicted for a page labelled without one.
    NoneCorrectly,
}

impl DateOutcome {
    /// Compares a prediction with a label (both `YYYY-MM-DD`, compared as strings after trimming).
    pub fn judge(gold: Option<&str>, predicted: Option<&str>) -> Self {
        let gold = gold.map(str::trim).filter(|date| !date.is_empty());
        let predicted = predicted.map(str::trim).filter(|date| !date.is_empty());
        match (gold, predicted) {
            (Some(gold), Some(predicted)) if gold == predicted => Self::Correct,
            (_, Some(_)) => Self::Wrong,
            (Some(_), None) => Self::Missed,
            (None, None) => Self::NoneCorrectly,
        }
    }
}

/// True and false positives and negatives over a set of pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateCounts {
    /// Correct dates.
    pub tp: usize,
    /// Wrong dates (including any date on a page without one).
    pub fp: usize,
    /// Pages where no date was returned (and that count as misses).
    pub fn_: usize,
    /// Pages without a date where none was returned (strict variant only).
    pub tn: usize,
}

impl DateCounts {
    /// The number of pages counted.
    pub fn pages(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }

    /// TP / (TP + FP); 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN); 0 when there is nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// (TP + TN) / pages.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.pages())
    }

    /// 2TP / (2TP + FP + FN).
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
}

/// The scores of a run, with both treatments of date-less pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateScores {
    /// The origin's treatment: "no date" on a date-less page is a false negative.
    pub origin: DateCounts,
    /// The strict treatment: "no date" on a date-less page is a true negative.
    pub strict: DateCounts,
}

/// Scores `(gold, predicted)` pairs, one per page, with the origin's metric and the strict one.
pub fn score_dates<'a>(
    pairs: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> DateScores {
    let mut scores = DateScores::default();
    for (gold, predicted) in pairs {
        match DateOutcome::judge(gold, predicted) {
            DateOutcome::Correct => {
                scores.origin.tp += 1;
                scores.strict.tp += 1;
            }
            DateOutcome::Wrong => {
                scores.origin.fp += 1;
                scores.strict.fp += 1;
            }
            DateOutcome::Missed => {
                scores.origin.fn_ += 1;
                scores.strict.fn_ += 1;
            }
            DateOutcome::NoneCorrectly => {
                scores.origin.fn_ += 1;
                scores.strict.tn += 1;
            }
        }
    }
    scores
}

/// A score published by the origin (`docs/evaluation.rst` at the commit named in `DATASET.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublishedDateScore {
    /// The tool, its version and mode.
    pub system: &'static str,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Accuracy.
    pub accuracy: f64,
    /// F-score.
    pub f1: f64,
}

/// The origin's published scores on the 1,000 pages (2026-06-01, Python 3.13).
pub fn published_htmldate() -> Vec<PublishedDateScore> {
    let row = |system, precision, recall, accuracy, f1| PublishedDateScore {
        system,
        precision,
        recall,
        accuracy,
        f1,
    };
    vec![
        row("htmldate 1.10.0 (extensive)", 0.908, 0.993, 0.903, 0.949),
        row("htmldate 1.10.0 (fast)", 0.924, 0.927, 0.861, 0.925),
        row("newspaper4k 0.9.5", 0.912, 0.728, 0.680, 0.810),
        row("news-please 1.6.16", 0.845, 0.777, 0.680, 0.810),
        row("articleDateExtractor 0.20", 0.846, 0.745, 0.656, 0.792),
        row("goose3 3.1.21", 0.930, 0.568, 0.545, 0.706),
        row("date_guesser 2.1.4", 0.832, 0.611, 0.544, 0.705),
    ]
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    #[test]
    fn outcomes() {
        let cases = [
            (Some("2020-01-02"), Some("2020-01-02"), DateOutcome::Correct),
            (Some("2020-01-02"), Some(" 2020-01-02 "), DateOutcome::Correct),
            (Some("2020-01-02"), Some("2020-01-03"), DateOutcome::Wrong),
            (None, Some("2020-01-03"), DateOutcome::Wrong),
            (Some("2020-01-02"), None, DateOutcome::Missed),
            (Some("2020-01-02"), Some(""), DateOutcome::Missed),
            (None, None, DateOutcome::NoneCorrectly),
        ];
        for (gold, predicted, outcome) in cases {
            assert_eq!(DateOutcome::judge(gold, predicted), outcome, "{gold:?} {predicted:?}");
        }
    }

    #[test]
    fn origin_and_strict_metric() {
        // 6 right, 2 wrong, 1 missed, 1 date-less page left without a date.
        let mut pairs = vec![(Some("2020-01-01"), Some("2020-01-01")); 6];
        pairs.push((Some("2020-01-01"), Some("2019-01-01")));
        pairs.push((None, Some("2019-01-01")));
        pairs.push((Some("2020-01-01"), None));
        pairs.push((None, None));
        let scores = score_dates(pairs);
        assert_eq!(scores.origin, DateCounts { tp: 6, fp: 2, fn_: 2, tn: 0 });
        assert_eq!(scores.strict, DateCounts { tp: 6, fp: 2, fn_: 1, tn: 1 });
        assert_eq!(scores.origin.pages(), 10);
        assert!((scores.origin.precision() - 0.75).abs() < 1e-12);
        assert!((scores.origin.recall() - 0.75).abs() < 1e-12);
        assert!((scores.origin.accuracy() - 0.6).abs() < 1e-12);
        assert!((scores.origin.f1() - 12.0 / 16.0).abs() < 1e-12);
        assert!((scores.strict.accuracy() - 0.7).abs() < 1e-12);
        assert!((scores.strict.recall() - 6.0 / 7.0).abs() < 1e-12);
        assert!((scores.strict.f1() - 12.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn empty_run_scores_zero() {
        let scores = score_dates(std::iter::empty());
        assert_eq!(scores.origin.pages(), 0);
        assert_eq!(scores.origin.f1(), 0.0);
        assert_eq!(scores.strict.accuracy(), 0.0);
    }

    #[test]
    fn published_extensive_is_consistent() {
        let extensive = published_htmldate()[0];
        let f =
            2.0 * extensive.precision * extensive.recall / (extensive.precision + extensive.recall);
        assert!((f - extensive.f1).abs() < 0.002, "{f}");
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn loads_labels_and_raw_bytes_and_records_missing_pages() {
        let dir = std::env::temp_dir().join(format!("parallax-htmldate-{}", std::process::id()));
        let root = dir.join(HTMLDATE_DIR);
        fs::create_dir_all(root.join("html")).unwrap();
        let labels = concat!(
            r#"{"id": "a", "url": "https://a.example/x", "date": "2014-07-19", "collection": "default", "html": "html/a.html.gz"}"#,
            "\n",
            r#"{"id": "b", "url": "https://b.example/", "date": null, "collection": "mediacloud_2020", "html": "html/b.html.gz"}"#,
            "\n"
        );
        fs::write(root.join("labels.jsonl.gz"), gz(labels.as_bytes())).unwrap();
        // Latin-1 bytes: kept as they are, not decoded.
        fs::write(root.join("html/a.html.gz"), gz(b"<p>19. Juli 2014 \xfc</p>")).unwrap();
        let pages = load_htmldate(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].id, "a");
        assert_eq!(pages[0].gold.as_deref(), Some("2014-07-19"));
        assert_eq!(pages[0].html, b"<p>19. Juli 2014 \xfc</p>");
        assert_eq!(pages[0].load_error, None);
        assert_eq!(pages[1].gold, None);
        assert_eq!(pages[1].collection, "mediacloud_2020");
        assert!(pages[1].html.is_empty());
        assert!(pages[1].load_error.as_deref().is_some_and(|error| error.contains("b.html.gz")));
    }

    #[test]
    fn missing_labels_is_an_error() {
        let error = load_htmldate(Path::new("/nonexistent/parallax")).unwrap_err();
        assert!(matches!(error, EvalError::NotFound { .. }));
    }
}
