//! `POST /api/articles`: incremental ingest of one article (JSON, raw HTML or plain text), then
//! the stories are regrouped (lexically) so the new article lands in one.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use parallax_core::facts::ArticleFacts;
use parallax_core::ingest::{self, IngestEvent, InputFormat};
use parallax_core::model::{Article, DocumentId, Severity};
use parallax_core::pipeline::{
    PipelineConfig, attach_briefs, attach_facts, clean_batch, facts_batch, stories,
};
use serde_json::{Value, json};

use crate::{ServerError, State};

/// Whether the request carries the configured write token.
fn authorize(state: &crate::AppState, headers: &HeaderMap) -> Result<(), ServerError> {
    let Some(token) = state.config.token.as_deref() else {
        return Err(ServerError::Unauthorized(
            "this server is read-only: start it with --token (or PARALLAX_TOKEN) to accept articles".into(),
        ));
    };
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
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
    let (name, format, bytes) = if content_type.starts_with("application/json") {
        // One JSON object, read as a one-line JSONL record (same fields, same checks).
        let value: Value = serde_json::from_slice(&body)
            .map_err(|error| ServerError::BadRequest(format!("invalid JSON body: {error}")))?;
        if !value.is_object() {
            return Err(ServerError::BadRequest("the JSON body must be an object".into()));
        }
        ("api.jsonl", InputFormat::Jsonl, serde_json::to_vec(&value).unwrap_or_default())
    } else if content_type.starts_with("text/html") {
        ("api.html", InputFormat::Html, body.to_vec())
    } else if content_type.starts_with("text/plain") {
        ("api.txt", InputFormat::Text, body.to_vec())
    } else {
        return Err(ServerError::BadRequest(
            "send application/json ({\"text\": …} or {\"html\": …}), text/html or text/plain"
                .into(),
        ));
    };
    let state = state.0.clone();
    tokio::task::spawn_blocking(move || add(&state, name, format, &bytes))
        .await
        .map_err(|error| ServerError::BadRequest(format!("ingest failed: {error}")))?
}

fn add(
    state: &crate::AppState,
    name: &str,
    format: InputFormat,
    bytes: &[u8],
) -> Result<Json<Value>, ServerError> {
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
    let (articles, diagnostics) = clean_batch(documents, &config.clean);
    if let Some(error) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
        return Err(ServerError::BadRequest(error.message.clone()));
    }
    let Some(article) = articles.first() else {
        return Err(ServerError::BadRequest("no article in the body".into()));
    };
    let id = article.id.clone();
    let mut store = state.store();
    let report = store.insert_articles(&articles)?;
    // Facts for what lacks them, then the stories over everything stored.
    let missing: HashSet<DocumentId> = store.ids_without_facts()?.into_iter().collect();
    let all = store.articles()?;
    let todo: Vec<_> = all.iter().filter(|a| missing.contains(&a.id)).cloned().collect();
    let found = facts_batch(&todo);
    let pairs: Vec<(&DocumentId, &ArticleFacts)> =
        todo.iter().map(|a| &a.id).zip(found.iter()).collect();
    store.put_facts(&pairs)?;
    let (mut grouped, _) = stories(&all, None, &config, &|_, _, _| {});
    let facts = store.all_facts()?;
    let by_id: HashMap<&DocumentId, &ArticleFacts> = facts.iter().map(|(id, f)| (id, f)).collect();
    attach_facts(&mut grouped, &by_id);
    let article_by_id: HashMap<&DocumentId, &Article> = all.iter().map(|a| (&a.id, a)).collect();
    attach_briefs(&mut grouped, &article_by_id, &by_id, None, &config.brief);
    store.replace_stories(&grouped)?;
    let story =
        grouped.iter().find(|story| story.articles.contains(&id)).map(|story| story.id.clone());
    Ok(Json(json!({
        "id": id,
        "added": report.added > 0,
        "story": story,
        "warnings": problems.iter().chain(&diagnostics).map(|d| d.message.clone()).collect::<Vec<_>>(),
    })))
}
