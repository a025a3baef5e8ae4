//! Loading the two data sets, their published system outputs, and prediction files.
//!
//! Both loaders take the shared data folder (the one holding `article-extraction/`
//! and `wcxb-dev/`), read every page into memory, and return pages sorted by id so
//! that everything derived from a [`Dataset`] is deterministic.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use rayon::prelude::*;
use serde::Deserialize;

use crate::EvalError;

/// Folder name of the Zyte article-extraction benchmark inside the data folder.
pub const ARTICLE_EXTRACTION_DIR: &str = "article-extraction";
/// Folder name of the WCXB dev split (article pages) inside the data folder.
pub const WCXB_DIR: &str = "wcxb-dev";

/// Folder name of the WCXB dev split's other page types (service, forum, listing, product,
/// collection, documentation) inside the data folder.
pub const WCXB_OTHER_DIR: &str = "wcxb-dev-other";

/// Predicted main text per page id. Pages missing from the map count as empty output.
pub type Predictions = BTreeMap<String, String>;

/// Which data set, and therefore which metric, a [`Dataset`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// Zyte's article-extraction benchmark: 4-token shingles, averaged P and R.
    ArticleExtraction,
    /// WCXB dev split, article pages: lower-cased token bags, macro-averaged P/R/F1.
    Wcxb,
    /// WCXB dev split, the other page types: the same metric as [`DatasetKind::Wcxb`].
    WcxbOther,
}

impl DatasetKind {
    /// The folder name inside the data folder, also used as the data set's display name.
    pub fn dir_name(self) -> &'static str {
        match self {
            DatasetKind::ArticleExtraction => ARTICLE_EXTRACTION_DIR,
            DatasetKind::Wcxb => WCXB_DIR,
            DatasetKind::WcxbOther => WCXB_OTHER_DIR,
        }
    }

    /// Whether pages are scored with WCXB's token-bag metric.
    pub fn is_wcxb(self) -> bool {
        matches!(self, DatasetKind::Wcxb | DatasetKind::WcxbOther)
    }
}

/// The human reference for one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gold {
    /// The main text (`articleBody` or `main_content`).
    pub text: String,
    /// WCXB snippets that a good extraction contains (empty for article-extraction).
    pub with: Vec<String>,
    /// WCXB snippets that a good extraction leaves out (empty for article-extraction).
    pub without: Vec<String>,
    /// WCXB page title.
    pub title: Option<String>,
    /// WCXB author, where the page has one.
    pub author: Option<String>,
    /// WCXB publication date, `YYYY-MM-DD`, where the page has one.
    pub publish_date: Option<String>,
}

/// One page: its raw HTML plus the reference text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The data set's page id (64 hex digits, or WCXB's 4-digit `file_id`).
    pub id: String,
    /// The page's URL, where the data set records one.
    pub url: Option<String>,
    /// The page's HTML, decoded as UTF-8 (invalid bytes replaced).
    pub html: String,
    /// WCXB's page type (`article`, `forum`, `listing`…); `None` on article-extraction.
    pub page_type: Option<String>,
    /// The reference.
    pub gold: Gold,
}

/// All pages of one data set, sorted by id.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Which data set this is.
    pub kind: DatasetKind,
    /// The pages, sorted by id.
    pub pages: Vec<Page>,
}

impl Dataset {
    /// The reference texts as predictions: scoring them gives a perfect score.
    pub fn gold_predictions(&self) -> Predictions {
        self.pages.iter().map(|page| (page.id.clone(), page.gold.text.clone())).collect()
    }

    /// Total size of the pages' HTML in bytes.
    pub fn html_bytes(&self) -> usize {
        self.pages.iter().map(|page| page.html.len()).sum()
    }
}

/// The predictions one system published with the article-extraction benchmark.
#[derive(Debug, Clone)]
pub struct SystemOutput {
    /// The system's name: the file stem in `system-outputs/`.
    pub system: String,
    /// The version recorded in the file, for the wrapped format.
    pub version: Option<String>,
    /// The predictions; a `null` article body is an empty text.
    pub predictions: Predictions,
}

/// Loads the article-extraction benchmark from `data_dir/article-extraction`.
pub fn load_article_extraction(data_dir: &Path) -> Result<Dataset, EvalError> {
    #[derive(Deserialize)]
    struct Entry {
        #[serde(rename = "articleBody")]
        article_body: Option<String>,
        url: Option<String>,
    }

    let root = data_dir.join(ARTICLE_EXTRACTION_DIR);
    let truth_path = root.join("ground-truth.json");
    let truth: BTreeMap<String, Entry> = parse_json(&truth_path, &read_file(&truth_path)?)?;
    let entries: Vec<(String, Entry)> = truth.into_iter().collect();
    let pages = entries
        .into_par_iter()
        .map(|(id, entry)| {
            let html = read_gz_text(&root.join("html").join(format!("{id}.html.gz")))?;
            let gold = Gold { text: entry.article_body.unwrap_or_default(), ..Gold::default() };
            Ok(Page { id, url: entry.url, html, page_type: None, gold })
        })
        .collect::<Result<Vec<_>, EvalError>>()?;
    Ok(Dataset { kind: DatasetKind::ArticleExtraction, pages })
}

/// Loads the WCXB dev split (article pages) from `data_dir/wcxb-dev`.
pub fn load_wcxb(data_dir: &Path) -> Result<Dataset, EvalError> {
    load_wcxb_kind(data_dir, DatasetKind::Wcxb)
}

/// Loads the WCXB dev split's other page types from `data_dir/wcxb-dev-other`.
pub fn load_wcxb_other(data_dir: &Path) -> Result<Dataset, EvalError> {
    load_wcxb_kind(data_dir, DatasetKind::WcxbOther)
}

fn load_wcxb_kind(data_dir: &Path, kind: DatasetKind) -> Result<Dataset, EvalError> {
    #[derive(Deserialize)]
    struct Line {
        file_id: String,
        page_type: Option<String>,
        url: Option<String>,
        title: Option<String>,
        author: Option<String>,
        publish_date: Option<String>,
        main_content: Option<String>,
        with: Option<Vec<String>>,
        without: Option<Vec<String>>,
    }

    let root = data_dir.join(kind.dir_name());
    let truth_path = root.join("ground-truth.jsonl.gz");
    let truth = read_gz_text(&truth_path)?;
    let mut lines = Vec::new();
    for (line_idx, text) in truth.lines().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(text).map_err(|source| EvalError::Json {
            path: truth_path.clone(),
            line: Some(line_idx + 1),
            source,
        })?;
        lines.push(line);
    }
    let mut pages = lines
        .into_par_iter()
        .map(|line| {
            let html = read_gz_text(&root.join("html").join(format!("{}.html.gz", line.file_id)))?;
            let gold = Gold {
                text: line.main_content.unwrap_or_default(),
                with: line.with.unwrap_or_default(),
                without: line.without.unwrap_or_default(),
                title: line.title,
                author: line.author,
                publish_date: line.publish_date,
            };
            Ok(Page { id: line.file_id, url: line.url, html, page_type: line.page_type, gold })
        })
        .collect::<Result<Vec<_>, EvalError>>()?;
    pages.sort_by(|left, right| left.id.cmp(&right.id));
    Ok(Dataset { kind, pages })
}

/// Names of the published system outputs in `data_dir/article-extraction/system-outputs`,
/// sorted.
pub fn list_system_outputs(data_dir: &Path) -> Result<Vec<String>, EvalError> {
    let dir = system_outputs_dir(data_dir);
    let entries = fs::read_dir(&dir).map_err(|source| io_error(&dir, source))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| io_error(&dir, source))?;
        let file_name = entry.file_name();
        if let Some(name) = file_name.to_str().and_then(|name| name.strip_suffix(".json.gz")) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Loads `system-outputs/<system>.json.gz`, in either of its two formats: a plain map
/// like the ground truth, or `{"version": ..., "output": {<id>: {"articleBody": ...}}}`.
pub fn load_system_output(data_dir: &Path, system: &str) -> Result<SystemOutput, EvalError> {
    let path = system_outputs_dir(data_dir).join(format!("{system}.json.gz"));
    let value: serde_json::Value = parse_json(&path, &read_gz_text(&path)?)?;
    let (version, output) = match value {
        serde_json::Value::Object(mut map) if map.contains_key("output") => {
            let version =
                map.get("version").and_then(|version| version.as_str()).map(str::to_owned);
            (version, map.remove("output").unwrap_or_default())
        }
        other => (None, other),
    };
    let predictions = predictions_from_value(&path, output)?;
    Ok(SystemOutput { system: system.to_owned(), version, predictions })
}

/// Loads a prediction file (plain or gzip-compressed JSON). Accepted shapes: a map from
/// id to text (what `bench/` writes and WCXB's evaluator reads), a map from id to
/// `{"articleBody": text}`, or either wrapped as `{"output": ...}`. A `null` text is
/// an empty text.
pub fn load_predictions(path: &Path) -> Result<Predictions, EvalError> {
    let text = if path.extension().is_some_and(|extension| extension == "gz") {
        read_gz_text(path)?
    } else {
        String::from_utf8_lossy(&read_file(path)?).into_owned()
    };
    let value: serde_json::Value = parse_json(path, text.as_bytes())?;
    let value = match value {
        serde_json::Value::Object(mut map) if map.contains_key("output") => {
            map.remove("output").unwrap_or_default()
        }
        other => other,
    };
    predictions_from_value(path, value)
}

fn predictions_from_value(path: &Path, value: serde_json::Value) -> Result<Predictions, EvalError> {
    let serde_json::Value::Object(map) = value else {
        return Err(format_error(path, "predictions are not a JSON object"));
    };
    let mut predictions = Predictions::new();
    for (id, entry) in map {
        let text = match entry {
            serde_json::Value::String(text) => text,
            serde_json::Value::Null => String::new(),
            serde_json::Value::Object(mut fields) => match fields.remove("articleBody") {
                Some(serde_json::Value::String(text)) => text,
                Some(serde_json::Value::Null) | None => String::new(),
                Some(_) => {
                    return Err(format_error(path, format!("`articleBody` of `{id}` is not text")));
                }
            },
            _ => return Err(format_error(path, format!("prediction for `{id}` is not text"))),
        };
        predictions.insert(id, text);
    }
    Ok(predictions)
}

fn system_outputs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(ARTICLE_EXTRACTION_DIR).join("system-outputs")
}

fn read_file(path: &Path) -> Result<Vec<u8>, EvalError> {
    fs::read(path).map_err(|source| io_error(path, source))
}

/// Reads a gzip file and decodes it as UTF-8, replacing invalid bytes.
fn read_gz_text(path: &Path) -> Result<String, EvalError> {
    let compressed = read_file(path)?;
    let mut bytes = Vec::with_capacity(compressed.len() * 4);
    MultiGzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(path, source))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    bytes: impl AsRef<[u8]>,
) -> Result<T, EvalError> {
    serde_json::from_slice(bytes.as_ref()).map_err(|source| EvalError::Json {
        path: path.to_owned(),
        line: None,
        source,
    })
}

fn io_error(path: &Path, source: std::io::Error) -> EvalError {
    if source.kind() == std::io::ErrorKind::NotFound {
        EvalError::NotFound { path: path.to_owned() }
    } else {
        EvalError::Io { path: path.to_owned(), source }
    }
}

fn format_error(path: &Path, reason: impl Into<String>) -> EvalError {
    EvalError::Format { path: path.to_owned(), reason: reason.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn predictions(json: &str) -> Result<Predictions, EvalError> {
        predictions_from_value(Path::new("test.json"), serde_json::from_str(json).unwrap())
    }

    #[test]
    fn reads_plain_and_article_body_maps() {
        let plain = predictions(r#"{"a": "one", "b": null}"#).unwrap();
        assert_eq!(plain["a"], "one");
        assert_eq!(plain["b"], "");
        let nested = predictions(r#"{"a": {"articleBody": "one", "url": "u"}, "b": {}}"#).unwrap();
        assert_eq!(nested["a"], "one");
        assert_eq!(nested["b"], "");
    }

    #[test]
    fn rejects_non_text_predictions() {
        assert!(matches!(predictions(r#"{"a": 3}"#), Err(EvalError::Format { .. })));
        assert!(matches!(predictions("[]"), Err(EvalError::Format { .. })));
    }

    #[test]
    fn missing_data_set_is_not_found() {
        let error = load_article_extraction(Path::new("/nonexistent/parallax-data")).unwrap_err();
        assert!(matches!(error, EvalError::NotFound { .. }), "{error:?}");
    }
}
