//! The JSON API's read endpoints. Each runs its store work and JSON rendering on a pooled read
//! connection, off the async threads ([`crate::AppState::read`]).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parallax_core::model::{DocumentId, Story};
use parallax_store::{Store, StorySummary};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{ServerError, State, json as shape};

/// The most items a list returns at once.
pub(crate) const MAX_LIMIT: usize = 500;
/// The largest `offset` a list accepts (as the OpenAPI document says).
pub(crate) const MAX_OFFSET: usize = 1_000_000_000;

/// Paging and search parameters of the list endpoints.
#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    /// Full-text query; absent or empty lists everything.
    q: Option<String>,
    /// At most this many (default 50, 1 to 500).
    limit: Option<usize>,
    /// Skip this many.
    offset: Option<usize>,
}

/// A [`ListQuery`] checked: `limit` in 1..=500 (out of range is a 400, not silently clamped).
#[derive(Debug, Clone)]
pub(crate) struct ListRequest {
    pub(crate) query: Option<String>,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
}

impl ListQuery {
    pub(crate) fn check(self) -> Result<ListRequest, ServerError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ServerError::BadRequest(format!(
                "`limit` must be between 1 and {MAX_LIMIT} (got {limit})"
            )));
        }
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ServerError::BadRequest(format!(
                "`offset` must be at most {MAX_OFFSET} (got {offset})"
            )));
        }
        let query = self.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
        Ok(ListRequest { query, limit, offset })
    }
}

/// A query string that does not parse, as a JSON error.
pub(crate) fn bad_query(rejection: QueryRejection) -> ServerError {
    ServerError::BadRequest(rejection.body_text())
}

pub(crate) async fn health(state: State) -> Result<Json<Value>, ServerError> {
    let writable = state.config.token.is_some();
    let value = state
        .health
        .run(move |store| -> Result<Value, ServerError> {
            Ok(json!({
                "status": "ok",
                "schema": store.schema_version()?,
                "articles": store.article_count()?,
                "stories": store.story_count()?,
                "writable": writable,
            }))
        })
        .await??;
    Ok(Json(value))
}

/// Summaries of the stories matching a query (or all), largest first (best match first when
/// searching).
pub(crate) fn find_stories(
    store: &Store,
    query: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<Vec<StorySummary>, ServerError> {
    match query {
        None => Ok(store.story_summaries(offset, limit)?),
        Some(query) => {
            let ids = store.search_stories(query, offset.saturating_add(limit))?;
            let ids: Vec<String> = ids.into_iter().skip(offset).collect();
            Ok(store.story_summaries_of(&ids)?)
        }
    }
}

pub(crate) async fn stories(
    state: State,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ServerError> {
    let Query(query) = query.map_err(bad_query)?;
    let request = query.check()?;
    let value = state
        .read(move |store| -> Result<Value, ServerError> {
            let stories =
                find_stories(store, request.query.as_deref(), request.limit, request.offset)?;
            Ok(json!({ "stories": stories.iter().map(shape::story_summary).collect::<Vec<_>>() }))
        })
        .await??;
    Ok(Json(value))
}

/// Where a story is now: `Ok(Ok(story))`, or `Ok(Err(id))` when `id` is the old id of a story
/// merged into the story `id` now names (the caller redirects).
pub(crate) fn story_or_alias(
    store: &Store,
    id: &str,
) -> Result<Result<Story, String>, ServerError> {
    if let Some(story) = store.story(id)? {
        return Ok(Ok(story));
    }
    match store.resolve_story_alias(id)? {
        Some(target) => Ok(Err(target)),
        None => Err(ServerError::NotFound(format!("no story `{id}`"))),
    }
}

/// A permanent redirect to `location`.
pub(crate) fn moved(location: &str) -> Response {
    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

pub(crate) async fn story(state: State, Path(id): Path<String>) -> Result<Response, ServerError> {
    state
        .read(move |store| -> Result<Response, ServerError> {
            match story_or_alias(store, &id)? {
                Ok(story) => {
                    let members = store.summaries(&story.articles)?;
                    Ok(Json(shape::story(&story, &members)).into_response())
                }
                Err(target) => Ok(moved(&format!("/api/stories/{}", crate::web::segment(&target)))),
            }
        })
        .await?
}

pub(crate) async fn articles(
    state: State,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ServerError> {
    let Query(query) = query.map_err(bad_query)?;
    let request = query.check()?;
    let value = state
        .read(move |store| -> Result<Value, ServerError> {
            let articles: Vec<Value> = match request.query.as_deref() {
                Some(q) => store
                    .search_articles(q, request.offset.saturating_add(request.limit))?
                    .into_iter()
                    .skip(request.offset)
                    .map(|hit| json!({ "id": hit.id, "title": hit.title, "snippet": hit.snippet }))
                    .collect(),
                None => {
                    let ids = store.article_ids(request.offset, request.limit)?;
                    store.summaries(&ids)?.iter().map(shape::summary).collect()
                }
            };
            Ok(json!({ "articles": articles }))
        })
        .await??;
    Ok(Json(value))
}

pub(crate) async fn article(
    state: State,
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let value = state
        .read(move |store| -> Result<Value, ServerError> {
            let id = DocumentId::new(id);
            let article = store
                .article(&id)?
                .ok_or_else(|| ServerError::NotFound(format!("no article `{id}`")))?;
            let facts = store.facts(&id)?;
            Ok(shape::article(&article, facts.as_ref()))
        })
        .await??;
    Ok(Json(value))
}

/// The two articles of an alignment request.
#[derive(Debug, Deserialize)]
pub(crate) struct PairQuery {
    pub(crate) a: String,
    pub(crate) b: String,
}

pub(crate) async fn align(
    state: State,
    pair: Result<Query<PairQuery>, QueryRejection>,
) -> Result<Json<Value>, ServerError> {
    let Query(pair) = pair.map_err(bad_query)?;
    let value = state
        .read(move |store| -> Result<Value, ServerError> {
            let (a, b) = (DocumentId::new(pair.a), DocumentId::new(pair.b));
            let (_, relation) = store.relation_between(&a, &b)?.ok_or_else(|| {
                ServerError::NotFound(format!("articles `{a}` and `{b}` share no story"))
            })?;
            let texts = |id: &DocumentId| -> Result<Vec<String>, ServerError> {
                let article = store
                    .article(id)?
                    .ok_or_else(|| ServerError::NotFound(format!("no article `{id}`")))?;
                Ok(article.sentence_texts().map(str::to_owned).collect())
            };
            Ok(json!({
                "relation": shape::relation(&relation),
                "sentences": { "a": texts(&relation.a)?, "b": texts(&relation.b)? },
            }))
        })
        .await??;
    Ok(Json(value))
}

pub(crate) async fn not_found() -> ServerError {
    ServerError::NotFound("no such page or endpoint".into())
}
