//! Parallax's store: articles, what was removed from them, rejected inputs and stories, in an
//! embedded SQLite database.
//!
//! - **Incremental and idempotent.** Articles are keyed by their stable id: storing the same
//!   article twice keeps one row, and a re-run adds only what is new ([`InsertReport`]).
//! - **Crash-safe.** The database runs in WAL mode and every [`Store::insert_articles`] call is
//!   one transaction, so killing the process mid-ingest loses at most the batch in flight and
//!   leaves a database that opens.
//! - **Versioned.** The schema version lives in SQLite's `user_version`; [`Store::open`] applies
//!   the missing migrations in order and refuses a database written by a newer Parallax.
//!
//! Only this crate knows SQL.
//!
//! ```
//! let mut store = parallax_store::Store::open_in_memory()?;
//! assert_eq!(store.article_count()?, 0);
//! # Ok::<(), parallax_store::StoreError>(())
//! ```

mod codec;
mod schema;

use std::path::Path;

use parallax_core::brief::Brief;
use parallax_core::facts::{ArticleFacts, StoryFacts};
use parallax_core::model::{
    Article, Diagnostic, DocumentId, Origin, Removal, RemovalReason, Severity, SourceFormat, Story,
    StoryLink,
};
use rusqlite::{Connection, OptionalExtension, params};

pub use schema::SCHEMA_VERSION;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database was written by a newer Parallax.
    #[error(
        "database schema version {found} is newer than this parallax supports ({supported}); upgrade parallax"
    )]
    TooNew {
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The file is not a Parallax database (or not SQLite at all).
    #[error("`{path}` is not a Parallax database: {reason}")]
    NotParallax {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// A stored value could not be read back (a bug or a damaged file).
    #[error("damaged row in the database: {0}")]
    Corrupt(String),
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The article.
    pub id: DocumentId,
    /// Its title.
    pub title: Option<String>,
    /// A passage of its text with the matched words in `[` `]`.
    pub snippet: String,
}

/// A user's words as an FTS5 expression: each word quoted (so no word is read as syntax), all
/// required. `None` when there is no word.
fn fts_expression(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(32)
        .map(|word| format!("\"{word}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// How many articles an insert added and how many were already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsertReport {
    /// Articles stored now.
    pub added: usize,
    /// Articles whose id was already stored (left untouched).
    pub existing: usize,
}

/// A summary row of a stored article (no text), for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    /// The id.
    pub id: DocumentId,
    /// The title.
    pub title: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// The date.
    pub date: Option<String>,
}

/// An open Parallax database.
pub struct Store {
    connection: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open(path)?;
        Store::init(connection, &path.display().to_string())
    }

    /// A fresh database in memory (for one-off runs and tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(connection: Connection, path: &str) -> Result<Store, StoreError> {
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        // Any read fails fast on a file that is not SQLite.
        let journal: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(
                |err| StoreError::NotParallax { path: path.to_owned(), reason: err.to_string() },
            )?;
        let _ = journal;
        connection.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        schema::migrate(&connection, path)?;
        Ok(Store { connection })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Stores articles in one transaction; ids already stored are left as they are.
    pub fn insert_articles(&mut self, articles: &[Article]) -> Result<InsertReport, StoreError> {
        let transaction = self.connection.transaction()?;
        let mut report = InsertReport::default();
        {
            let mut insert_article = transaction.prepare_cached(
                "INSERT OR IGNORE INTO articles
                 (id, origin_path, origin_record, format, url, outlet, title, author, date, language, text, paragraphs, sentences)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            let mut insert_removal = transaction.prepare_cached(
                "INSERT INTO removals (article_id, seq, line, reason, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for article in articles {
                let changed = insert_article.execute(params![
                    article.id.as_str(),
                    article.origin.path,
                    article.origin.record.map(|record| record as i64),
                    article.format.as_str(),
                    article.url,
                    article.outlet,
                    article.title,
                    article.author,
                    article.date,
                    article.language,
                    article.text,
                    codec::encode_spans(&article.paragraphs),
                    codec::encode_spans(&article.sentences),
                ])?;
                if changed == 0 {
                    report.existing += 1;
                    continue;
                }
                report.added += 1;
                for (seq, removal) in article.removed.iter().enumerate() {
                    insert_removal.execute(params![
                        article.id.as_str(),
                        seq as i64,
                        removal.line,
                        removal.reason.as_str(),
                        removal.text,
                    ])?;
                }
            }
        }
        transaction.commit()?;
        Ok(report)
    }

    /// Records rejected inputs and warnings, so `parallax` can list them later.
    pub fn record_diagnostics(&mut self, diagnostics: &[Diagnostic]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO diagnostics (origin_path, origin_record, severity, message) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for diagnostic in diagnostics {
                let severity = match diagnostic.severity {
                    Severity::Warning => "warning",
                    Severity::Error => "error",
                };
                insert.execute(params![
                    diagnostic.origin.path,
                    diagnostic.origin.record.map(|record| record as i64),
                    severity,
                    diagnostic.message
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Whether an article with this id is stored.
    pub fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        let found: Option<i64> = self
            .connection
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id.as_str()], |row| row.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// The number of stored articles.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        let count: i64 =
            self.connection.query_row("SELECT COUNT(*) FROM articles", [], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// One article with its removals.
    pub fn article(&self, id: &DocumentId) -> Result<Option<Article>, StoreError> {
        let mut statement =
            self.connection.prepare_cached(&format!("{ARTICLE_SELECT} WHERE id = ?1"))?;
        let row = statement.query_row([id.as_str()], read_article_row).optional()?;
        let Some(row) = row else { return Ok(None) };
        let mut article = row?;
        article.removed = self.removals(&article.id)?;
        Ok(Some(article))
    }

    /// Every stored article, in id order, with their removals.
    pub fn articles(&self) -> Result<Vec<Article>, StoreError> {
        let mut statement = self.connection.prepare(&format!("{ARTICLE_SELECT} ORDER BY id"))?;
        let rows = statement.query_map([], read_article_row)?;
        let mut articles = Vec::new();
        for row in rows {
            articles.push(row??);
        }
        let mut statement = self.connection.prepare(
            "SELECT article_id, line, reason, text FROM removals ORDER BY article_id, seq",
        )?;
        let mut rows = statement.query([])?;
        let mut index = 0;
        while let Some(row) = rows.next()? {
            let article_id: String = row.get(0)?;
            while index < articles.len() && articles[index].id.as_str() < article_id.as_str() {
                index += 1;
            }
            if index < articles.len() && articles[index].id.as_str() == article_id {
                articles[index].removed.push(read_removal(row)?);
            }
        }
        Ok(articles)
    }

    /// Summaries of the given articles, in the order given (unknown ids are skipped).
    pub fn summaries(&self, ids: &[DocumentId]) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id, title, outlet, date FROM articles WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = statement
                .query_row([id.as_str()], |row| {
                    Ok(ArticleSummary {
                        id: DocumentId::new(row.get::<_, String>(0)?),
                        title: row.get(1)?,
                        outlet: row.get(2)?,
                        date: row.get(3)?,
                    })
                })
                .optional()?;
            out.extend(row);
        }
        Ok(out)
    }

    fn removals(&self, id: &DocumentId) -> Result<Vec<Removal>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT article_id, line, reason, text FROM removals WHERE article_id = ?1 ORDER BY seq",
        )?;
        let mut rows = statement.query([id.as_str()])?;
        let mut removals = Vec::new();
        while let Some(row) = rows.next()? {
            removals.push(read_removal(row)?);
        }
        Ok(removals)
    }

    /// Replaces the stored stories with `stories` (stories are recomputed over the whole store).
    pub fn replace_stories(&mut self, stories: &[Story]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        transaction.execute_batch(
            "DELETE FROM story_relations; DELETE FROM story_links; DELETE FROM story_articles;
             DELETE FROM stories;",
        )?;
        {
            let mut insert_story = transaction.prepare_cached(
                "INSERT INTO stories (id, position, label, keywords, originals, facts, brief)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut insert_relation = transaction.prepare_cached(
                "INSERT INTO story_relations (story_id, position, a, b, kind, relation)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut insert_member = transaction.prepare_cached(
                "INSERT INTO story_articles (story_id, article_id) VALUES (?1, ?2)",
            )?;
            let mut insert_link = transaction.prepare_cached(
                "INSERT INTO story_links (story_id, a, b, similarity) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (position, story) in stories.iter().enumerate() {
                insert_story.execute(params![
                    story.id,
                    position as i64,
                    story.label,
                    story.keywords.join("\n"),
                    story.originals.iter().map(DocumentId::as_str).collect::<Vec<_>>().join("\n"),
                    serde_json::to_string(&story.facts).unwrap_or_default(),
                    if story.brief.is_empty() {
                        String::new()
                    } else {
                        serde_json::to_string(&story.brief).unwrap_or_default()
                    },
                ])?;
                for (position, relation) in story.relations.iter().enumerate() {
                    insert_relation.execute(params![
                        story.id,
                        position as i64,
                        relation.a.as_str(),
                        relation.b.as_str(),
                        relation.kind.as_str(),
                        codec::encode_relation(relation),
                    ])?;
                }
                for article in &story.articles {
                    insert_member.execute(params![story.id, article.as_str()])?;
                }
                for link in &story.links {
                    insert_link.execute(params![
                        story.id,
                        link.a.as_str(),
                        link.b.as_str(),
                        link.similarity
                    ])?;
                }
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Every stored story, largest first.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        let mut statement = self.connection.prepare("SELECT id FROM stories ORDER BY position")?;
        let ids: Vec<String> =
            statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
        let mut stories = Vec::with_capacity(ids.len());
        for id in ids {
            stories.extend(self.story(&id)?);
        }
        Ok(stories)
    }

    /// A page of stories, largest first: `limit` stories after skipping `offset`.
    pub fn stories_page(&self, offset: usize, limit: usize) -> Result<Vec<Story>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM stories ORDER BY position LIMIT ?1 OFFSET ?2")?;
        let ids: Vec<String> = statement
            .query_map(params![limit as i64, offset as i64], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut stories = Vec::with_capacity(ids.len());
        for id in ids {
            stories.extend(self.story(&id)?);
        }
        Ok(stories)
    }

    /// How many stories are stored.
    pub fn story_count(&self) -> Result<usize, StoreError> {
        let count: i64 =
            self.connection.query_row("SELECT COUNT(*) FROM stories", [], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// One story by id (a unique prefix of at least 4 characters also finds it).
    pub fn story(&self, id: &str) -> Result<Option<Story>, StoreError> {
        // The exact id first (an indexed lookup: `stories()` reads every story this way), then a
        // prefix (a scan).
        let mut exact = self.connection.prepare_cached(
            "SELECT id, label, keywords, originals, facts, brief FROM stories WHERE id = ?1",
        )?;
        let row = |row: &rusqlite::Row<'_>| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
        };
        let mut rows: Vec<(String, String, String, String, String, String)> =
            exact.query_map([id], row)?.collect::<Result<_, _>>()?;
        if rows.is_empty() && id.chars().count() >= 4 {
            let mut prefix = self.connection.prepare_cached(
                "SELECT id, label, keywords, originals, facts, brief FROM stories
                 WHERE substr(id, 1, length(?1)) = ?1 ORDER BY position LIMIT 2",
            )?;
            rows = prefix.query_map([id], row)?.collect::<Result<_, _>>()?;
        }
        let (story_id, label, keywords, originals, facts, brief) = match rows.as_slice() {
            [one] => one.clone(),
            [exact, _] if exact.0 == id => exact.clone(),
            _ => return Ok(None),
        };
        let mut members = self.connection.prepare_cached(
            "SELECT article_id FROM story_articles WHERE story_id = ?1 ORDER BY article_id",
        )?;
        let articles: Vec<DocumentId> = members
            .query_map([&story_id], |row| row.get::<_, String>(0))?
            .map(|id| id.map(DocumentId::new))
            .collect::<Result<_, _>>()?;
        let mut links = self.connection.prepare_cached(
            "SELECT a, b, similarity FROM story_links WHERE story_id = ?1 ORDER BY a, b",
        )?;
        let links: Vec<StoryLink> = links
            .query_map([&story_id], |row| {
                Ok(StoryLink {
                    a: DocumentId::new(row.get::<_, String>(0)?),
                    b: DocumentId::new(row.get::<_, String>(1)?),
                    similarity: row.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut relations_query = self.connection.prepare_cached(
            "SELECT relation FROM story_relations WHERE story_id = ?1 ORDER BY position",
        )?;
        let encoded: Vec<String> =
            relations_query.query_map([&story_id], |row| row.get(0))?.collect::<Result<_, _>>()?;
        let relations = encoded
            .iter()
            .map(|text| {
                codec::decode_relation(text).ok_or_else(|| {
                    StoreError::Corrupt(format!("unreadable relation in story {story_id}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let keywords = keywords.lines().map(str::to_owned).collect();
        let originals = originals.lines().map(DocumentId::new).collect();
        // Stories stored before schema 3 have no facts: empty, not an error.
        let facts = if facts.is_empty() {
            StoryFacts::default()
        } else {
            serde_json::from_str(&facts).map_err(|error| {
                StoreError::Corrupt(format!("unreadable facts of story {story_id}: {error}"))
            })?
        };
        // Stories stored before schema 5, and stories of one article, have no brief.
        let brief = if brief.is_empty() {
            Brief::default()
        } else {
            serde_json::from_str(&brief).map_err(|error| {
                StoreError::Corrupt(format!("unreadable brief of story {story_id}: {error}"))
            })?
        };
        Ok(Some(Story {
            id: story_id,
            label,
            articles,
            keywords,
            links,
            relations,
            originals,
            facts,
            brief,
        }))
    }

    /// Articles matching a full-text query (words, all required; any punctuation ignored), best
    /// match first: id, title and a snippet with the matches in `[` `]`.
    pub fn search_articles(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(expression) = fts_expression(query) else {
            return Ok(Vec::new());
        };
        let mut statement = self.connection.prepare_cached(
            "SELECT a.id, a.title, snippet(article_search, 1, '[', ']', '…', 16)
             FROM article_search JOIN articles a ON a.rowid = article_search.rowid
             WHERE article_search MATCH ?1 ORDER BY bm25(article_search), a.id LIMIT ?2",
        )?;
        let hits = statement
            .query_map(params![expression, limit as i64], |row| {
                Ok(SearchHit {
                    id: DocumentId::new(row.get::<_, String>(0)?),
                    title: row.get(1)?,
                    snippet: row.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(hits)
    }

    /// Ids of stories with a member article matching a full-text query, best match first.
    pub fn search_stories(&self, query: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let Some(expression) = fts_expression(query) else {
            return Ok(Vec::new());
        };
        let mut statement = self.connection.prepare_cached(
            "WITH m AS MATERIALIZED (
               SELECT rowid, rank AS score FROM article_search WHERE article_search MATCH ?1
             )
             SELECT sa.story_id FROM m
             JOIN articles a ON a.rowid = m.rowid
             JOIN story_articles sa ON sa.article_id = a.id
             GROUP BY sa.story_id ORDER BY MIN(m.score), sa.story_id LIMIT ?2",
        )?;
        let ids = statement
            .query_map(params![expression, limit as i64], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Stores the facts of articles (replacing any stored before), in one transaction.
    pub fn put_facts(&mut self, facts: &[(&DocumentId, &ArticleFacts)]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR REPLACE INTO article_facts (article_id, facts) VALUES (?1, ?2)",
            )?;
            for (id, facts) in facts {
                insert.execute(params![
                    id.as_str(),
                    serde_json::to_string(facts).unwrap_or_default()
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// The ids of stored articles whose facts are not stored (new, or stored before schema 3).
    pub fn ids_without_facts(&self) -> Result<Vec<DocumentId>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_facts)
             ORDER BY id",
        )?;
        let ids = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .map(|id| id.map(DocumentId::new))
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// The stored facts of every article that has them, by id.
    pub fn all_facts(&self) -> Result<Vec<(DocumentId, ArticleFacts)>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT article_id, facts FROM article_facts ORDER BY article_id")?;
        let rows: Vec<(String, String)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, text)| {
                let facts = serde_json::from_str(&text).map_err(|error| {
                    StoreError::Corrupt(format!("unreadable facts of article {id}: {error}"))
                })?;
                Ok((DocumentId::new(id), facts))
            })
            .collect()
    }

    /// The stored facts of one article, if any.
    pub fn facts(&self, id: &DocumentId) -> Result<Option<ArticleFacts>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT facts FROM article_facts WHERE article_id = ?1")?;
        let text: Option<String> =
            statement.query_map([id.as_str()], |row| row.get(0))?.next().transpose()?;
        text.map(|text| {
            serde_json::from_str(&text).map_err(|error| {
                StoreError::Corrupt(format!("unreadable facts of article {id}: {error}"))
            })
        })
        .transpose()
    }

    /// The diagnostics recorded so far, oldest first.
    pub fn diagnostics(&self) -> Result<Vec<Diagnostic>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT origin_path, origin_record, severity, message FROM diagnostics ORDER BY rowid",
        )?;
        let rows = statement.query_map([], |row| {
            let origin = origin_from(row.get(0)?, row.get(1)?);
            let severity: String = row.get(2)?;
            let message: String = row.get(3)?;
            Ok((origin, severity, message))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (origin, severity, message) = row?;
            out.push(match severity.as_str() {
                "warning" => Diagnostic::warning(origin, message),
                _ => Diagnostic::error(origin, message),
            });
        }
        Ok(out)
    }
}

fn origin_from(path: String, record: Option<i64>) -> Origin {
    Origin { path, record: record.and_then(|record| u64::try_from(record).ok()) }
}

const ARTICLE_SELECT: &str = "SELECT id, origin_path, origin_record, format, url, outlet, title, author, date, language, text, paragraphs, sentences FROM articles";

fn read_article_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Article, StoreError>> {
    let id: String = row.get(0)?;
    let origin = origin_from(row.get(1)?, row.get(2)?);
    let format: String = row.get(3)?;
    let paragraphs: String = row.get(11)?;
    let sentences: String = row.get(12)?;
    let format = match format.as_str() {
        "html" => SourceFormat::Html,
        "text" => SourceFormat::Text,
        other => {
            return Ok(Err(StoreError::Corrupt(format!("article `{id}` has format `{other}`"))));
        }
    };
    let (Some(paragraphs), Some(sentences)) =
        (codec::decode_spans(&paragraphs), codec::decode_spans(&sentences))
    else {
        return Ok(Err(StoreError::Corrupt(format!("article `{id}` has unreadable spans"))));
    };
    Ok(Ok(Article {
        id: DocumentId::new(id),
        origin,
        format,
        url: row.get(4)?,
        outlet: row.get(5)?,
        title: row.get(6)?,
        author: row.get(7)?,
        date: row.get(8)?,
        language: row.get(9)?,
        text: row.get(10)?,
        paragraphs,
        sentences,
        removed: Vec::new(),
    }))
}

fn read_removal(row: &rusqlite::Row<'_>) -> Result<Removal, StoreError> {
    let reason: String = row.get(2)?;
    let reason = RemovalReason::parse(&reason)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown removal reason `{reason}`")))?;
    Ok(Removal { line: row.get(1)?, text: row.get(3)?, reason })
}

#[cfg(test)]
mod tests;
