//! Loaders for two news-article data sets: the BASIL dev part (events covered by three
//! outlets each, the gold for story clustering) and the AllSides news corpus
//! (unlabelled articles, for throughput runs and as clustering distractors).
//!
//! Both are gzip-compressed JSON Lines files in the shared data folder, described in
//! each folder's `DATASET.md`. [`load_basil`] takes the data set's own folder
//! (`<data>/`[`BASIL_DIR`]); [`load_news_corpus`] takes the file itself
//! (`<data>/`[`NEWS_CORPUS_DIR`]`/`[`NEWS_CORPUS_FILE`]) and can stop early. Both keep
//! the file's order, and ignore fields they do not expose.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::EvalError;

/// Folder name of the BASIL dev part inside the shared data folder.
pub const BASIL_DIR: &str = "basil-dev";
/// Folder name of the AllSides news corpus inside the shared data folder.
pub const NEWS_CORPUS_DIR: &str = "news-corpus";
/// File name of the news corpus inside [`NEWS_CORPUS_DIR`].
pub const NEWS_CORPUS_FILE: &str = "articles.jsonl.gz";

/// File name of the articles inside [`BASIL_DIR`] and [`ECBPLUS_DIR`].
const ARTICLES_FILE: &str = "articles.jsonl.gz";
/// Folder name of the ECB+ dev part (topics 1–35) inside the shared data folder.
pub const ECBPLUS_DIR: &str = "ecbplus-dev";

/// One ECB+ article: a report of one of the two real events of its topic.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EcbArticle {
    /// `<topic>_<n>ecb` or `<topic>_<n>ecbplus`.
    pub id: String,
    /// The topic: two events of the same kind (two earthquakes, two rehab stays).
    pub topic: u32,
    /// The gold event: `<topic>_ecb` or `<topic>_ecbplus`.
    pub subtopic: String,
    /// The first line that is not a date or time.
    pub title: String,
    /// One sentence per line.
    pub text: String,
}

/// Loads the ECB+ dev articles from `dir/articles.jsonl.gz` (`<data>/`[`ECBPLUS_DIR`]).
pub fn load_ecbplus(dir: &Path) -> Result<Vec<EcbArticle>, EvalError> {
    read_jsonl_gz(&dir.join(ARTICLES_FILE), None)
}

/// One BASIL article: one outlet's report of one event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BasilArticle {
    /// `<event-uuid>_<n>`, the origin file stem; `n` (1 to 3) does not encode the outlet.
    pub id: String,
    /// The event (origin "triplet-uuid"): the gold story cluster. Each event has
    /// exactly one article per outlet.
    pub event_id: String,
    /// `fox` (Fox News), `nyt` (New York Times) or `hpo` (HuffPost).
    pub outlet: String,
    /// The headline.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// The article's URL.
    pub url: String,
    /// The body: a paragraph's sentences joined by one space, paragraphs joined by a
    /// blank line. In the origin the first paragraph usually repeats the title.
    pub text: String,
}

/// One article of the AllSides news corpus.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewsArticle {
    /// The origin's random 16-character id; the file is sorted by it.
    pub id: String,
    /// The outlet's name as AllSides writes it (for example `New York Times - News`).
    pub source: String,
    /// The headline.
    pub title: String,
    /// The origin's date string as-is: mostly `YYYY-MM-DD`, a few `M/D/YY`, some
    /// clearly wrong; `None` where the origin has none.
    pub date: Option<String>,
    /// The article's URL (a few occur twice).
    pub url: String,
    /// The body text (already boilerplate-free, not HTML).
    pub text: String,
}

/// Loads the BASIL articles from `dir/articles.jsonl.gz`, where `dir` is the data set's
/// folder (`<data>/basil-dev`), in file order (by date, then origin path).
pub fn load_basil(dir: &Path) -> Result<Vec<BasilArticle>, EvalError> {
    read_jsonl_gz(&dir.join(ARTICLES_FILE), None)
}

/// Loads the news corpus from `path` (`<data>/news-corpus/articles.jsonl.gz`), in file
/// order (by id), stopping after `limit` articles when given.
pub fn load_news_corpus(path: &Path, limit: Option<usize>) -> Result<Vec<NewsArticle>, EvalError> {
    read_jsonl_gz(path, limit)
}

/// Reads up to `limit` records from a gzip-compressed JSON Lines file, streaming, and
/// skipping blank lines. Invalid UTF-8 is replaced before parsing.
fn read_jsonl_gz<T: DeserializeOwned>(
    path: &Path,
    limit: Option<usize>,
) -> Result<Vec<T>, EvalError> {
    let file = File::open(path).map_err(|source| io_error(path, source))?;
    let mut reader = BufReader::new(MultiGzDecoder::new(file));
    let mut records = Vec::new();
    let mut buffer = Vec::new();
    let mut line_number = 0;
    while limit.is_none_or(|limit| records.len() < limit) {
        buffer.clear();
        let read =
            reader.read_until(b'\n', &mut buffer).map_err(|source| io_error(path, source))?;
        if read == 0 {
            break;
        }
        line_number += 1;
        let line = String::from_utf8_lossy(&buffer);
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|source| EvalError::Json {
            path: path.to_owned(),
            line: Some(line_number),
            source,
        })?;
        records.push(record);
    }
    Ok(records)
}

/// An IO error on `path`, as [`EvalError::NotFound`] where the file does not exist.
pub(crate) fn io_error(path: &Path, source: std::io::Error) -> EvalError {
    if source.kind() == std::io::ErrorKind::NotFound {
        EvalError::NotFound { path: path.to_owned() }
    } else {
        EvalError::Io { path: path.to_owned(), source }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    /// Writes `text` gzip-compressed to a fresh file under the system temp folder.
    fn gz_file(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("parallax-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        let mut encoder = GzEncoder::new(File::create(&path).unwrap(), Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap();
        path
    }

    #[test]
    fn reads_news_lines_in_order_up_to_the_limit() {
        let text = concat!(
            r#"{"id": "b", "source": "S", "title": "T", "date": null, "url": "u", "text": "x", "bias": "left"}"#,
            "\n\n",
            r#"{"id": "a", "source": "S", "title": "T", "date": "2016-09-20", "url": "u", "text": "y"}"#,
            "\n",
            r#"{"id": "c", "source": "S", "title": "T", "date": null, "url": "u", "text": "z"}"#,
            "\n",
        );
        let path = gz_file("news.jsonl.gz", text);
        let all = load_news_corpus(&path, None).unwrap();
        let ids: Vec<&str> = all.iter().map(|article| article.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"]);
        assert_eq!(all[0].date, None);
        assert_eq!(all[1].date.as_deref(), Some("2016-09-20"));
        let first_two = load_news_corpus(&path, Some(2)).unwrap();
        assert_eq!(first_two, all[..2]);
        assert!(load_news_corpus(&path, Some(0)).unwrap().is_empty());
    }

    #[test]
    fn bad_line_names_its_line_number() {
        let text = concat!(
            r#"{"id": "a", "source": "S", "title": "T", "date": null, "url": "u", "text": "y"}"#,
            "\n",
            r#"{"id": "b"}"#,
            "\n",
        );
        let path = gz_file("bad.jsonl.gz", text);
        let error = load_news_corpus(&path, None).unwrap_err();
        assert!(matches!(error, EvalError::Json { line: Some(2), .. }), "{error:?}");
    }

    #[test]
    fn missing_basil_is_not_found() {
        let error = load_basil(Path::new("/nonexistent/parallax-data/basil-dev")).unwrap_err();
        assert!(matches!(error, EvalError::NotFound { .. }), "{error:?}");
    }
}
