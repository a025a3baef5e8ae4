//! The schema and its migrations. Version N of the schema is the result of applying the first N
//! migrations; the version is kept in SQLite's `user_version`.

use rusqlite::Connection;

use crate::StoreError;

/// Migrations, in order. Never edit a released one: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: articles, removals, diagnostics, stories.
    "CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        origin_path   TEXT NOT NULL,
        origin_record INTEGER,
        format        TEXT NOT NULL,
        url           TEXT,
        outlet        TEXT,
        title         TEXT,
        author        TEXT,
        date          TEXT,
        language      TEXT,
        text          TEXT NOT NULL,
        paragraphs    TEXT NOT NULL,
        sentences     TEXT NOT NULL,
        ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE removals (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        line       INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        text       TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE diagnostics (
        origin_path   TEXT NOT NULL,
        origin_record INTEGER,
        severity      TEXT NOT NULL,
        message       TEXT NOT NULL,
        at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE stories (
        id       TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        label    TEXT NOT NULL,
        keywords TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX story_articles_by_article ON story_articles(article_id);
    CREATE TABLE story_links (
        story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        a          TEXT NOT NULL,
        b          TEXT NOT NULL,
        similarity REAL NOT NULL
    );",
    // 2: relations between a story's articles (JSON per pair) and the story's likely originals.
    "CREATE TABLE story_relations (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        a        TEXT NOT NULL,
        b        TEXT NOT NULL,
        kind     TEXT NOT NULL,
        relation TEXT NOT NULL,
        PRIMARY KEY (story_id, position)
    );
    CREATE INDEX story_relations_by_pair ON story_relations(a, b);
    CREATE INDEX story_links_by_story ON story_links(story_id);
    ALTER TABLE stories ADD COLUMN originals TEXT NOT NULL DEFAULT '';",
    // 3: facts (entities, quotes, time, figures, cited outlets) per article and per story, JSON.
    "CREATE TABLE article_facts (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        facts      TEXT NOT NULL
    );
    ALTER TABLE stories ADD COLUMN facts TEXT NOT NULL DEFAULT '';",
    // 4: full-text search over articles (SQLite FTS5, external content kept in sync by triggers).
    "CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content = 'articles', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search(article_search) VALUES ('rebuild');
    CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_search(article_search, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER article_search_update AFTER UPDATE ON articles BEGIN
        INSERT INTO article_search(article_search, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;",
    // 5: the story brief (claims, corroboration, contradictions, provenance), JSON.
    "ALTER TABLE stories ADD COLUMN brief TEXT NOT NULL DEFAULT '';",
    // 6: stable story ids (old ids of merged stories redirect); the story order (largest first,
    // then by first article) kept as columns, so that a few stories can be replaced without
    // renumbering the others; the names of a story's main entities, so lists need not read its
    // facts.
    "CREATE TABLE story_aliases (
        id     TEXT PRIMARY KEY,
        target TEXT NOT NULL
    );
    ALTER TABLE stories ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN first_article TEXT NOT NULL DEFAULT '';
    ALTER TABLE stories ADD COLUMN entities TEXT NOT NULL DEFAULT '';
    UPDATE stories SET
        size = (SELECT COUNT(*) FROM story_articles WHERE story_id = stories.id),
        first_article = coalesce(
            (SELECT MIN(article_id) FROM story_articles WHERE story_id = stories.id), ''),
        entities = coalesce((SELECT group_concat(name, char(10)) FROM (
            SELECT json_extract(value, '$.name') AS name
            FROM json_each(CASE WHEN json_valid(stories.facts) THEN stories.facts ELSE '{}' END,
                           '$.entities')
            LIMIT 8)), '');
    CREATE INDEX stories_by_size ON stories(size DESC, first_article);",
    // 7: the page type of each article (`article`, `listing`, `forum`…); earlier rows were all
    // taken for articles.
    "ALTER TABLE articles ADD COLUMN page_type TEXT NOT NULL DEFAULT 'article';",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the migrations the database lacks, each in its own transaction.
pub(crate) fn migrate(connection: &Connection, path: &str) -> Result<(), StoreError> {
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { found: version, supported: SCHEMA_VERSION });
    }
    if version == 0 {
        // A database without our version must be empty, or it is someone else's.
        let tables: i64 = connection.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |row| row.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::NotParallax {
                path: path.to_owned(),
                reason: "it has tables but no Parallax schema version".into(),
            });
        }
    }
    for (index, migration) in
        MIGRATIONS.iter().enumerate().skip(usize::try_from(version).unwrap_or(0))
    {
        let target = index as i64 + 1;
        // Another process may be migrating the same file: take the write lock first, then look
        // again.
        connection.execute_batch("BEGIN IMMEDIATE")?;
        let now: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if now >= target {
            connection.execute_batch("COMMIT")?;
            continue;
        }
        let applied = connection
            .execute_batch(&format!("{migration}; PRAGMA user_version = {target};"))
            .and_then(|()| connection.execute_batch("COMMIT"));
        if let Err(error) = applied {
            let _ = connection.execute_batch("ROLLBACK");
            return Err(error.into());
        }
    }
    Ok(())
}
