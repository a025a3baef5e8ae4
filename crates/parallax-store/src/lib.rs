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

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use parallax_core::brief::Brief;
use parallax_core::facts::{ArticleFacts, StoryFacts};
use parallax_core::model::{
    Article, Diagnostic, DocumentId, Origin, PageType, Relation, Removal, RemovalReason, Severity,
    SourceFormat, Story, StoryLink,
};
use parallax_core::stories::{PreviousStory, carry_ids};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

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
    /// A read-only handle on a database whose schema is older than this build's.
    #[error(
        "database schema version {found} is older than this parallax writes ({supported}); open it for writing once to upgrade it"
    )]
    TooOld {
        /// The version found in the file.
        found: i64,
        /// The version this build writes.
        supported: i64,
    },
    /// The writer lock file could not be created or locked.
    #[error("cannot lock `{path}` for writing: {source}")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
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

/// An article the store refused, with why; nothing of it was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The article.
    pub id: DocumentId,
    /// Where it came from.
    pub origin: Origin,
    /// Why it was refused.
    pub reason: String,
}

/// What [`Store::insert_articles_with_facts`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsertOutcome {
    /// Added and already-stored counts.
    pub report: InsertReport,
    /// Articles refused (their derived data could not be stored), in the order given.
    pub rejected: Vec<Rejected>,
}

/// The largest facts value stored for one article, in bytes of JSON. The facts stage caps what it
/// keeps far below this (`parallax_core::facts::MAX_FACTS_PER_LIST`); anything larger is a bug
/// or hostile, and the article is refused rather than half stored.
pub const MAX_FACTS_JSON_BYTES: usize = 256 << 20;

/// The advisory lock a writer holds on a database file, released when dropped: two `parallax`
/// processes writing one database take turns instead of failing with `database is locked`
/// half-way. The lock is an OS file lock on a companion file, `<database>-writer`, next to
/// SQLite's own `-wal` and `-shm` files.
#[derive(Debug)]
pub struct WriterLock {
    _file: std::fs::File,
}

impl WriterLock {
    /// Locks `database` for writing; if another process holds the lock, calls `on_wait` once and
    /// waits for it.
    pub fn acquire(database: &Path, on_wait: impl FnOnce(&Path)) -> Result<WriterLock, StoreError> {
        let (path, file) = WriterLock::open(database)?;
        let lock_error = |source| StoreError::Lock { path: path.clone(), source };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                on_wait(&path);
                file.lock().map_err(lock_error)?;
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(lock_error(error)),
        }
        Ok(WriterLock { _file: file })
    }

    /// Locks `database` for writing if no other process holds the lock within `patience`
    /// (checked every 50 ms); `None` if one still does.
    pub fn try_acquire(
        database: &Path,
        patience: std::time::Duration,
    ) -> Result<Option<WriterLock>, StoreError> {
        let (path, file) = WriterLock::open(database)?;
        let started = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(WriterLock { _file: file })),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < patience => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(StoreError::Lock { path, source });
                }
            }
        }
    }

    fn open(database: &Path) -> Result<(PathBuf, std::fs::File), StoreError> {
        let mut name = database.as_os_str().to_owned();
        name.push("-writer");
        let path = PathBuf::from(name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Lock { path: path.clone(), source })?;
        Ok((path, file))
    }
}

/// A story in a list: what a list shows, read without its facts, relations or brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorySummary {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// How many articles it has.
    pub size: usize,
    /// Its keywords.
    pub keywords: Vec<String>,
    /// The names of its main entities (at most 8, most mentioned first).
    pub entities: Vec<String>,
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
    path: Option<PathBuf>,
}

/// How long a statement waits for another connection's write lock before failing. Writers take
/// turns through [`WriterLock`]; this covers the short transactions of a writer that does not
/// (an older Parallax, a reader's checkpoint).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open(path)?;
        let mut store = Store::init(connection, &path.display().to_string())?;
        store.path = Some(path.to_owned());
        Ok(store)
    }

    /// Opens an existing database for reading only (a server's reader connections: in WAL mode
    /// they read a consistent snapshot while a writer works). Its schema must be this build's:
    /// open it with [`Store::open`] once first.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(path, flags)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        let found: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|err| StoreError::NotParallax {
                path: path.display().to_string(),
                reason: err.to_string(),
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { found, supported: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::TooOld { found, supported: SCHEMA_VERSION });
        }
        Ok(Store { connection, path: Some(path.to_owned()) })
    }

    /// A fresh database in memory (for one-off runs and tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, ":memory:")
    }

    /// The file of the database (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Caps the size of any one stored value (a text, a facts document) at `bytes`, as SQLite's
    /// `SQLITE_LIMIT_LENGTH` does (its default is 1 GB): a larger one is refused with `string or
    /// blob too big`. For tests of the refusal path, and for deployments that want a lower cap.
    pub fn set_max_value_bytes(&self, bytes: usize) -> Result<(), StoreError> {
        let bytes = i32::try_from(bytes).unwrap_or(i32::MAX);
        self.connection.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH, bytes)?;
        Ok(())
    }

    /// A write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`): a deferred
    /// one that reads first and writes later fails with `database is locked` when another
    /// connection wrote in between, whatever the busy timeout.
    fn write(&mut self) -> Result<rusqlite::Transaction<'_>, StoreError> {
        Ok(self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    fn init(connection: Connection, path: &str) -> Result<Store, StoreError> {
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // Any read fails fast on a file that is not SQLite.
        let journal: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(
                |err| StoreError::NotParallax { path: path.to_owned(), reason: err.to_string() },
            )?;
        let _ = journal;
        connection.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        schema::migrate(&connection, path)?;
        Ok(Store { connection, path: None })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Stores articles in one transaction; ids already stored are left as they are.
    pub fn insert_articles(&mut self, articles: &[Article]) -> Result<InsertReport, StoreError> {
        let transaction = self.write()?;
        let mut report = InsertReport::default();
        for article in articles {
            if insert_article(&transaction, article)? {
                report.added += 1;
            } else {
                report.existing += 1;
            }
        }
        transaction.commit()?;
        Ok(report)
    }

    /// Stores articles together with their facts, in one transaction: each article and its facts
    /// go in whole or not at all. An article whose facts cannot be stored (too large, or refused
    /// by SQLite) is rolled back alone and listed in [`InsertOutcome::rejected`]; the others are
    /// stored. Ids already stored are left as they are (their facts too).
    pub fn insert_articles_with_facts(
        &mut self,
        items: &[(&Article, &ArticleFacts)],
    ) -> Result<InsertOutcome, StoreError> {
        let mut transaction = self.write()?;
        let mut outcome = InsertOutcome::default();
        for (article, facts) in items {
            let encoded = serde_json::to_string(facts).map_err(|error| {
                StoreError::Corrupt(format!("facts of `{}` do not encode: {error}", article.id))
            })?;
            if encoded.len() > MAX_FACTS_JSON_BYTES {
                outcome.rejected.push(Rejected {
                    id: article.id.clone(),
                    origin: article.origin.clone(),
                    reason: format!(
                        "its facts take {} MB, more than the {} MB a stored article may have; \
                         not stored",
                        encoded.len() >> 20,
                        MAX_FACTS_JSON_BYTES >> 20
                    ),
                });
                continue;
            }
            let savepoint = transaction.savepoint()?;
            let stored = insert_article(&savepoint, article).and_then(|added| {
                if added {
                    savepoint.execute(
                        "INSERT OR REPLACE INTO article_facts (article_id, facts) VALUES (?1, ?2)",
                        params![article.id.as_str(), encoded],
                    )?;
                }
                Ok(added)
            });
            match stored {
                Ok(added) => {
                    savepoint.commit()?;
                    if added {
                        outcome.report.added += 1;
                    } else {
                        outcome.report.existing += 1;
                    }
                }
                Err(StoreError::Sqlite(error)) if is_value_error(&error) => {
                    drop(savepoint);
                    outcome.rejected.push(Rejected {
                        id: article.id.clone(),
                        origin: article.origin.clone(),
                        reason: format!("SQLite refused it ({error}); not stored"),
                    });
                }
                Err(error) => return Err(error),
            }
        }
        transaction.commit()?;
        Ok(outcome)
    }

    /// Which of `ids` are stored.
    pub fn existing_ids(&self, ids: &[DocumentId]) -> Result<HashSet<DocumentId>, StoreError> {
        let mut statement =
            self.connection.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        let mut found = HashSet::new();
        for id in ids {
            if statement.exists([id.as_str()])? {
                found.insert(id.clone());
            }
        }
        Ok(found)
    }

    /// Records rejected inputs and warnings, so `parallax` can list them later.
    pub fn record_diagnostics(&mut self, diagnostics: &[Diagnostic]) -> Result<(), StoreError> {
        let transaction = self.write()?;
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

    /// A page of article ids, in id order: `limit` ids after skipping `offset`.
    pub fn article_ids(&self, offset: usize, limit: usize) -> Result<Vec<DocumentId>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM articles ORDER BY id LIMIT ?1 OFFSET ?2")?;
        let ids = statement
            .query_map(params![limit as i64, offset as i64], |row| row.get::<_, String>(0))?
            .map(|id| id.map(DocumentId::new))
            .collect::<Result<_, _>>()?;
        Ok(ids)
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
    ///
    /// Ids are stable ([`parallax_core::stories::carry_ids`]): a story that continues a stored one
    /// takes its id (`stories` are renamed in place), and the ids of stories merged into another
    /// one become aliases of it ([`Store::resolve_story_alias`]).
    pub fn replace_stories(&mut self, stories: &mut [Story]) -> Result<(), StoreError> {
        let transaction = self.write()?;
        let previous = previous_stories(&transaction, None)?;
        let aliases = carry_ids(stories, &previous);
        transaction.execute_batch(
            "DELETE FROM story_relations; DELETE FROM story_links; DELETE FROM story_articles;
             DELETE FROM stories;",
        )?;
        write_stories(&transaction, stories)?;
        write_aliases(&transaction, &aliases, stories)?;
        transaction.commit()?;
        Ok(())
    }

    /// Replaces the stored stories `replaced` (ids) with `stories`, leaving every other story as
    /// it is: an incremental regroup touches only the stories a new article joins. Ids carry over
    /// among the replaced stories as in [`Store::replace_stories`].
    pub fn update_stories(
        &mut self,
        replaced: &[String],
        stories: &mut [Story],
    ) -> Result<(), StoreError> {
        let transaction = self.write()?;
        let previous = previous_stories(&transaction, Some(replaced))?;
        let aliases = carry_ids(stories, &previous);
        for id in replaced {
            for table in ["story_relations", "story_links", "story_articles"] {
                transaction
                    .execute(&format!("DELETE FROM {table} WHERE story_id = ?1"), [id.as_str()])?;
            }
            transaction.execute("DELETE FROM stories WHERE id = ?1", [id.as_str()])?;
        }
        write_stories(&transaction, stories)?;
        write_aliases(&transaction, &aliases, stories)?;
        transaction.commit()?;
        Ok(())
    }

    /// The story an old id now stands for, when `id` is the id of a story that was merged into
    /// another one (following chains of merges).
    pub fn resolve_story_alias(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut statement =
            self.connection.prepare_cached("SELECT target FROM story_aliases WHERE id = ?1")?;
        Ok(statement.query_row([id], |row| row.get(0)).optional()?)
    }

    /// The id of the story holding `article`, if any.
    pub fn story_of(&self, article: &DocumentId) -> Result<Option<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT story_id FROM story_articles WHERE article_id = ?1 LIMIT 1")?;
        Ok(statement.query_row([article.as_str()], |row| row.get(0)).optional()?)
    }

    /// The relation of two articles (either order), from the story that holds both, with that
    /// story's id.
    pub fn relation_between(
        &self,
        a: &DocumentId,
        b: &DocumentId,
    ) -> Result<Option<(String, Relation)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT story_id, relation FROM story_relations
             WHERE (a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1) LIMIT 1",
        )?;
        let row: Option<(String, String)> = statement
            .query_row([a.as_str(), b.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        row.map(|(story, text)| {
            let relation = codec::decode_relation(&text).ok_or_else(|| {
                StoreError::Corrupt(format!("unreadable relation in story {story}"))
            })?;
            Ok((story, relation))
        })
        .transpose()
    }

    /// Every stored story, largest first.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        let mut statement =
            self.connection.prepare(&format!("SELECT id FROM stories {STORY_ORDER}"))?;
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
            .prepare_cached(&format!("SELECT id FROM stories {STORY_ORDER} LIMIT ?1 OFFSET ?2"))?;
        let ids: Vec<String> = statement
            .query_map(params![limit as i64, offset as i64], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut stories = Vec::with_capacity(ids.len());
        for id in ids {
            stories.extend(self.story(&id)?);
        }
        Ok(stories)
    }

    /// A page of story summaries, largest first: `limit` after skipping `offset`.
    pub fn story_summaries(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<StorySummary>, StoreError> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT id, label, size, keywords, entities FROM stories {STORY_ORDER} LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = statement.query_map(params![limit as i64, offset as i64], read_summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The summaries of the stories with these ids, in the order given (unknown ids skipped).
    pub fn story_summaries_of(&self, ids: &[String]) -> Result<Vec<StorySummary>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, label, size, keywords, entities FROM stories WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(statement.query_row([id], read_summary).optional()?);
        }
        Ok(out)
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
                 WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 2",
            )?;
            rows = prefix.query_map([id], row)?.collect::<Result<_, _>>()?;
        }
        let (story_id, label, keywords, originals, facts, brief) = match rows.as_slice() {
            [one] => one.clone(),
            [exact, _] if exact.0 == id => exact.clone(),
            _ => return Ok(None),
        };
        let articles = self.story_members(&story_id)?;
        let links = self.story_links(&story_id)?;
        let relations = self.story_relations(&story_id)?;
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

    /// In how many articles each word occurs (title or text), as the full-text index counts
    /// (lower case, diacritics removed); `None` for a word it does not hold. For weighing words
    /// as the whole corpus does when only a few stories are read.
    pub fn word_frequencies(&self, words: &[&str]) -> Result<Vec<Option<u32>>, StoreError> {
        self.connection.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_vocab
             USING fts5vocab(main, 'article_search', 'row');",
        )?;
        let mut statement =
            self.connection.prepare_cached("SELECT doc FROM temp.article_vocab WHERE term = ?1")?;
        words
            .iter()
            .map(|word| {
                let count: Option<i64> =
                    statement.query_row([word], |row| row.get(0)).optional()?;
                Ok(count.and_then(|count| u32::try_from(count).ok()))
            })
            .collect()
    }

    /// Articles holding any of `words` (title or text), best match first (BM25), at most
    /// `limit`: the candidates among which a new article's story is looked for.
    pub fn articles_with_words(
        &self,
        words: &[&str],
        limit: usize,
    ) -> Result<Vec<DocumentId>, StoreError> {
        let terms: Vec<String> =
            words.iter().filter_map(|word| fts_expression(word)).take(64).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let expression = terms.join(" OR ");
        let mut statement = self.connection.prepare_cached(
            "SELECT a.id FROM article_search JOIN articles a ON a.rowid = article_search.rowid
             WHERE article_search MATCH ?1 ORDER BY bm25(article_search), a.id LIMIT ?2",
        )?;
        let ids = statement
            .query_map(params![expression, limit as i64], |row| row.get::<_, String>(0))?
            .map(|id| id.map(DocumentId::new))
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// The links of a story (the similarities that grouped it).
    pub fn story_links(&self, id: &str) -> Result<Vec<StoryLink>, StoreError> {
        let mut links = self.connection.prepare_cached(
            "SELECT a, b, similarity FROM story_links WHERE story_id = ?1 ORDER BY a, b",
        )?;
        let links = links
            .query_map([id], |row| {
                Ok(StoryLink {
                    a: DocumentId::new(row.get::<_, String>(0)?),
                    b: DocumentId::new(row.get::<_, String>(1)?),
                    similarity: row.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(links)
    }

    /// The relations between a story's articles, in stored order.
    pub fn story_relations(&self, id: &str) -> Result<Vec<Relation>, StoreError> {
        let mut relations_query = self.connection.prepare_cached(
            "SELECT relation FROM story_relations WHERE story_id = ?1 ORDER BY position",
        )?;
        let encoded: Vec<String> =
            relations_query.query_map([id], |row| row.get(0))?.collect::<Result<_, _>>()?;
        encoded
            .iter()
            .map(|text| {
                codec::decode_relation(text).ok_or_else(|| {
                    StoreError::Corrupt(format!("unreadable relation in story {id}"))
                })
            })
            .collect()
    }

    /// The articles of a story, in id order.
    pub fn story_members(&self, id: &str) -> Result<Vec<DocumentId>, StoreError> {
        let mut members = self.connection.prepare_cached(
            "SELECT article_id FROM story_articles WHERE story_id = ?1 ORDER BY article_id",
        )?;
        let articles = members
            .query_map([id], |row| row.get::<_, String>(0))?
            .map(|id| id.map(DocumentId::new))
            .collect::<Result<_, _>>()?;
        Ok(articles)
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

    /// Stores the facts of articles (replacing any stored before), in one transaction. Facts that
    /// cannot be stored (too large, or refused by SQLite) are skipped and returned with why; the
    /// rest are stored.
    pub fn put_facts(
        &mut self,
        facts: &[(&DocumentId, &ArticleFacts)],
    ) -> Result<Vec<(DocumentId, String)>, StoreError> {
        let mut transaction = self.write()?;
        let mut failed = Vec::new();
        for (id, facts) in facts {
            let encoded = serde_json::to_string(facts).unwrap_or_default();
            if encoded.len() > MAX_FACTS_JSON_BYTES {
                failed.push((
                    (*id).clone(),
                    format!("facts of {} MB are too large", encoded.len() >> 20),
                ));
                continue;
            }
            let savepoint = transaction.savepoint()?;
            match savepoint.execute(
                "INSERT OR REPLACE INTO article_facts (article_id, facts) VALUES (?1, ?2)",
                params![id.as_str(), encoded],
            ) {
                Ok(_) => savepoint.commit()?,
                Err(error) if is_value_error(&error) => {
                    drop(savepoint);
                    failed.push(((*id).clone(), format!("SQLite refused its facts ({error})")));
                }
                Err(error) => return Err(error.into()),
            }
        }
        transaction.commit()?;
        Ok(failed)
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

const ARTICLE_SELECT: &str = "SELECT id, origin_path, origin_record, format, url, outlet, title, author, date, language, text, paragraphs, sentences, page_type FROM articles";

fn read_article_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Article, StoreError>> {
    let id: String = row.get(0)?;
    let origin = origin_from(row.get(1)?, row.get(2)?);
    let format: String = row.get(3)?;
    let paragraphs: String = row.get(11)?;
    let sentences: String = row.get(12)?;
    let page_type: String = row.get(13)?;
    let Some(page_type) = PageType::parse(&page_type) else {
        return Ok(Err(StoreError::Corrupt(format!("article `{id}` has page type `{page_type}`"))));
    };
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
        page_type,
    }))
}

fn read_removal(row: &rusqlite::Row<'_>) -> Result<Removal, StoreError> {
    let reason: String = row.get(2)?;
    let reason = RemovalReason::parse(&reason)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown removal reason `{reason}`")))?;
    Ok(Removal { line: row.get(1)?, text: row.get(3)?, reason })
}

/// How many entity names a story summary keeps.
const SUMMARY_ENTITIES: usize = 8;

/// Stories in report order: largest first, then by first article (the order the pipeline sorts
/// them in, since an article is in one story only).
const STORY_ORDER: &str = "ORDER BY size DESC, first_article";

/// Inserts one article and its removals; `false` when its id was already stored.
fn insert_article(connection: &Connection, article: &Article) -> Result<bool, StoreError> {
    let mut insert_article = connection.prepare_cached(
        "INSERT OR IGNORE INTO articles
         (id, origin_path, origin_record, format, url, outlet, title, author, date, language, text, paragraphs, sentences, page_type)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
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
        article.page_type.as_str(),
    ])?;
    if changed == 0 {
        return Ok(false);
    }
    let mut insert_removal = connection.prepare_cached(
        "INSERT INTO removals (article_id, seq, line, reason, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (seq, removal) in article.removed.iter().enumerate() {
        insert_removal.execute(params![
            article.id.as_str(),
            seq as i64,
            removal.line,
            removal.reason.as_str(),
            removal.text,
        ])?;
    }
    Ok(true)
}

fn read_summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<StorySummary> {
    let lines = |text: String| -> Vec<String> { text.lines().map(str::to_owned).collect() };
    Ok(StorySummary {
        id: row.get(0)?,
        label: row.get(1)?,
        size: usize::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
        keywords: lines(row.get(3)?),
        entities: lines(row.get(4)?),
    })
}

/// An error about one value (too big, a constraint) rather than about the database: the row is
/// refused, the database is fine.
fn is_value_error(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::TooBig | rusqlite::ErrorCode::ConstraintViolation)
    ) || matches!(error, rusqlite::Error::ToSqlConversionFailure(_))
}

/// The stored stories (all, or those with the given ids) with their articles, in id order.
fn previous_stories(
    connection: &Connection,
    only: Option<&[String]>,
) -> Result<Vec<PreviousStory>, StoreError> {
    let mut by_story: std::collections::BTreeMap<String, Vec<DocumentId>> = Default::default();
    match only {
        None => {
            let mut statement = connection.prepare(
                "SELECT story_id, article_id FROM story_articles ORDER BY story_id, article_id",
            )?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                by_story
                    .entry(row.get(0)?)
                    .or_default()
                    .push(DocumentId::new(row.get::<_, String>(1)?));
            }
        }
        Some(ids) => {
            let mut statement = connection.prepare_cached(
                "SELECT article_id FROM story_articles WHERE story_id = ?1 ORDER BY article_id",
            )?;
            for id in ids {
                let members: Vec<DocumentId> = statement
                    .query_map([id.as_str()], |row| row.get::<_, String>(0))?
                    .map(|member| member.map(DocumentId::new))
                    .collect::<Result<_, _>>()?;
                by_story.insert(id.clone(), members);
            }
        }
    }
    Ok(by_story.into_iter().map(|(id, articles)| PreviousStory { id, articles }).collect())
}

/// Writes stories (their rows, relations, members and links).
fn write_stories(connection: &Connection, stories: &[Story]) -> Result<(), StoreError> {
    let mut insert_story = connection.prepare_cached(
        "INSERT INTO stories (id, position, label, keywords, originals, facts, brief, size, first_article, entities)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut insert_relation = connection.prepare_cached(
        "INSERT INTO story_relations (story_id, position, a, b, kind, relation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_member = connection
        .prepare_cached("INSERT INTO story_articles (story_id, article_id) VALUES (?1, ?2)")?;
    let mut insert_link = connection.prepare_cached(
        "INSERT INTO story_links (story_id, a, b, similarity) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, story) in stories.iter().enumerate() {
        let first_article = story.articles.iter().min().map_or("", DocumentId::as_str);
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
            story.articles.len() as i64,
            first_article,
            story
                .facts
                .entities
                .iter()
                .take(SUMMARY_ENTITIES)
                .map(|entity| entity.name.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
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
    Ok(())
}

/// Records `aliases` (old id -> new id): earlier aliases that pointed at an old id follow it, and
/// an id that is a story again is no alias.
fn write_aliases(
    connection: &Connection,
    aliases: &[(String, String)],
    stories: &[Story],
) -> Result<(), StoreError> {
    let mut follow =
        connection.prepare_cached("UPDATE story_aliases SET target = ?2 WHERE target = ?1")?;
    let mut insert = connection
        .prepare_cached("INSERT OR REPLACE INTO story_aliases (id, target) VALUES (?1, ?2)")?;
    for (old, new) in aliases {
        follow.execute(params![old, new])?;
        insert.execute(params![old, new])?;
    }
    let mut live = connection.prepare_cached("DELETE FROM story_aliases WHERE id = ?1")?;
    for story in stories {
        live.execute([story.id.as_str()])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
