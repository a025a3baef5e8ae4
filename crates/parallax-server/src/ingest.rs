//! `POST /api/articles`: incremental ingest of one article (JSON, raw HTML or plain text). The
//! article is read and cleaned off the async threads, stored with its facts in one transaction,
//! and placed among the stories around it (found through the full-text index), lexically: only
//! the story it joins (or merges) is rebuilt.

use std::collections::{BTreeSet, HashMap};

use axum::Json;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use parallax_core::facts::ArticleFacts;
use parallax_core::ingest::{self, IngestEvent, InputFormat};
use parallax_core::model::{Article, Severity};
use parallax_core::pipeline::{PipelineConfig, StoredStory, clean_batch, place_article};
use parallax_core::stories::{TermVectors, top_words, words_of};
use parallax_store::{Store, WriterLock};
use serde_json::{Value, json};

use crate::{ServerError, State};

/// Whether the request carries the configured write token (the `Bearer` scheme in any case,
/// as RFC 9110 has it).
fn authorize(state: &crate::AppState, headers: &HeaderMap) -> Result<(), ServerError> {
    let Some(token) = state.config.token.as_deref() else {
        return Err(ServerError::Unauthorized(
            "this server is read-only: start it with --token (or PARALLAX_TOKEN) to accept articles".into(),
        ));
    };
    let given =
        headers.get(AUTHORIZATION).and_then(|value| value.to_str().ok()).and_then(|value| {
            let (scheme, credentials) = value.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| credentials.trim())
        });
    // Compare every byte, so the time taken does not tell how much of a guess was right.
    let matches = given.is_some_and(|given| {
        given.len() == token.len()
            && given.bytes().zip(token.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    });
    if matches {
        Ok(())
    } else {
        Err(ServerError::Unauthorized(
            "missing or wrong token (send `Authorization: Bearer <token>`)".into(),
        ))
    }
}

pub(crate) async fn post_article(
    state: State,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ServerError> {
    authorize(&state, &headers)?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (name, format) = if content_type.starts_with("application/json") {
        ("api.jsonl", InputFormat::Jsonl)
    } else if content_type.starts_with("text/html") {
        ("api.html", InputFormat::Html)
    } else if content_type.starts_with("text/plain") {
        ("api.txt", InputFormat::Text)
    } else {
        return Err(ServerError::BadRequest(
            "send application/json ({\"text\": …} or {\"html\": …}), text/html or text/plain"
                .into(),
        ));
    };
    // Reading and cleaning need no database: done on a blocking thread before the write turn.
    let article = tokio::task::spawn_blocking(move || prepare(name, format, &body))
        .await
        .map_err(|error| ServerError::Internal(format!("reading the article failed: {error}")))??;
    let cache = std::sync::Arc::clone(&state.frequencies);
    let patience = state.config.write_lock_patience;
    state.write(move |store| add(store, &cache, patience, article)).await?
}

/// A cleaned article with its facts, ready to store.
struct Prepared {
    article: Article,
    facts: ArticleFacts,
    warnings: Vec<String>,
}

fn prepare(name: &str, format: InputFormat, body: &[u8]) -> Result<Prepared, ServerError> {
    let bytes = if format == InputFormat::Jsonl {
        // One JSON object, read as a one-line JSONL record (same fields, same checks).
        let value: Value = serde_json::from_slice(body)
            .map_err(|error| ServerError::BadRequest(format!("invalid JSON body: {error}")))?;
        if !value.is_object() {
            return Err(ServerError::BadRequest("the JSON body must be an object".into()));
        }
        if value.get("id").and_then(Value::as_str).is_some_and(|id| id.trim().is_empty()) {
            return Err(ServerError::BadRequest(
                "`id` is empty: leave it out (or null) to have one made from the text".into(),
            ));
        }
        serde_json::to_vec(&value).unwrap_or_default()
    } else {
        body.to_vec()
    };
    let bytes = bytes.as_slice();
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for event in ingest::read(name, bytes, Some(format), &Default::default()) {
        match event {
            IngestEvent::Document(document) => documents.push(document),
            IngestEvent::Diagnostic(diagnostic) => problems.push(diagnostic),
        }
    }
    if let Some(error) = problems.iter().find(|d| d.severity == Severity::Error) {
        return Err(ServerError::BadRequest(error.message.clone()));
    }
    let config = PipelineConfig::default();
    let (mut articles, diagnostics) = clean_batch(documents, &config.clean);
    if let Some(error) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
        return Err(ServerError::BadRequest(error.message.clone()));
    }
    if articles.is_empty() {
        return Err(ServerError::BadRequest("no article in the body".into()));
    }
    let article = articles.swap_remove(0);
    let facts = parallax_core::facts::article_facts(&article);
    let warnings = problems.iter().chain(&diagnostics).map(|d| d.message.clone()).collect();
    Ok(Prepared { article, facts, warnings })
}

/// How many stored articles that share words with a new one are looked at, and how many of
/// their stories are read back.
const CANDIDATE_ARTICLES: usize = 100;
const CANDIDATE_STORIES: usize = 12;
/// Of a very large story, this many members are read back (the latest by id order is as good as
/// any: the new article is compared with each, and the centroid of this many is the story's).
const MEMBERS_READ: usize = 300;

/// Stores the article (atomically with its facts) and places it among the stories around it.
fn add(
    store: &mut Store,
    cache: &std::sync::Mutex<FrequencyCache>,
    patience: std::time::Duration,
    prepared: Prepared,
) -> Result<Json<Value>, ServerError> {
    let Prepared { article, facts, warnings } = prepared;
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if std::env::var_os("PARALLAX_TIMINGS").is_some() {
            eprintln!("timing: {what} {:.3}", clock.elapsed().as_secs_f64())
        }
    };
    let id = article.id.clone();
    // Writers in other processes (`parallax ingest`) take turns with this one.
    let _lock = match store.path() {
        Some(path) => match WriterLock::try_acquire(path, patience)? {
            Some(lock) => Some(lock),
            None => return Err(ServerError::Busy(
                "another process is writing to the database (a `parallax ingest`?); try again later"
                    .into(),
            )),
        },
        None => None,
    };
    let outcome = store.insert_articles_with_facts(&[(&article, &facts)])?;
    if let Some(rejected) = outcome.rejected.first() {
        return Err(ServerError::BadRequest(format!("article not stored: {}", rejected.reason)));
    }
    let added = outcome.report.added > 0;
    if !added {
        // Already stored (the same text or id): it is in its story already.
        return Ok(Json(json!({
            "id": id,
            "added": false,
            "story": store.story_of(&id)?,
            "warnings": warnings,
        })));
    }
    let config = PipelineConfig::default();
    let corpus_size = store.article_count()?;
    // The words that find its neighbours: its heaviest, weighed by the corpus's frequencies.
    let own: Vec<String> = words_of(&article).collect::<BTreeSet<_>>().into_iter().collect();
    let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.refresh(corpus_size);
    let own_frequencies = cache.lookup(store, &own)?;
    let terms = TermVectors::with_frequencies(
        std::slice::from_ref(&article),
        &|word| own_frequencies.get(word).copied(),
        corpus_size,
    );
    let query = top_words(&terms, 0, 30);
    let mut story_ids: Vec<String> = Vec::new();
    for candidate in store.articles_with_words(&query, CANDIDATE_ARTICLES)? {
        if candidate == id {
            continue;
        }
        if let Some(story) = store.story_of(&candidate)?
            && !story_ids.contains(&story)
        {
            story_ids.push(story);
        }
        if story_ids.len() >= CANDIDATE_STORIES {
            break;
        }
    }
    lap("candidates");
    let mut neighbours = Vec::with_capacity(story_ids.len());
    for story_id in story_ids {
        let mut members = store.story_members(&story_id)?;
        if members.len() > MEMBERS_READ {
            members.drain(..members.len() - MEMBERS_READ);
        }
        let mut articles = Vec::with_capacity(members.len());
        let mut member_facts = Vec::with_capacity(members.len());
        for member in &members {
            if let Some(stored) = store.article(member)? {
                member_facts.push(store.facts(member)?.unwrap_or_default());
                articles.push(stored);
            }
        }
        let links = store.story_links(&story_id)?;
        let relations = store.story_relations(&story_id)?;
        neighbours.push(StoredStory {
            id: story_id,
            articles,
            facts: member_facts,
            links,
            relations,
        });
    }
    let vocabulary: Vec<String> = neighbours
        .iter()
        .flat_map(|story| story.articles.iter().flat_map(words_of))
        .chain(own.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    lap("neighbours read");
    let frequency = cache.lookup(store, &vocabulary)?;
    drop(cache);
    lap("frequencies");
    let (story, replaced) = place_article(
        &article,
        &facts,
        &neighbours,
        &|word| frequency.get(word).copied(),
        corpus_size,
        &config,
    );
    lap("placed");
    let mut stories = [story];
    store.update_stories(&replaced, &mut stories)?;
    lap("stored");
    Ok(Json(json!({
        "id": id,
        "added": true,
        "story": stories[0].id,
        "warnings": warnings,
    })))
}

/// Corpus frequencies of words, as the full-text index counts them, remembered between writes:
/// looking a word up costs some 80 µs, and the stories around a new article hold thousands. The
/// counts drift as articles are added; the cache is emptied when the corpus has grown by 2 % (or
/// shrunk) since it was filled, which moves an inverse document frequency by about as much.
#[derive(Debug, Default)]
pub(crate) struct FrequencyCache {
    corpus_size: usize,
    words: HashMap<String, Option<u32>>,
}

impl FrequencyCache {
    fn refresh(&mut self, corpus_size: usize) {
        let grown = corpus_size > self.corpus_size + self.corpus_size / 50;
        if grown || corpus_size < self.corpus_size {
            self.words.clear();
            self.corpus_size = corpus_size;
        }
    }

    /// The frequencies of `words` that the index knows.
    fn lookup(
        &mut self,
        store: &Store,
        words: &[String],
    ) -> Result<HashMap<String, u32>, ServerError> {
        let missing: Vec<&str> = words
            .iter()
            .filter(|word| !self.words.contains_key(word.as_str()))
            .map(String::as_str)
            .collect();
        let counts = store.word_frequencies(&missing)?;
        for (word, count) in missing.iter().zip(counts) {
            self.words.insert((*word).to_owned(), count);
        }
        Ok(words
            .iter()
            .filter_map(|word| Some((word.clone(), (*self.words.get(word)?)?)))
            .collect())
    }
}
