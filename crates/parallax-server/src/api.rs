//! The JSON API's read endpoints.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use parallax_core::model::{DocumentId, Story};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{ServerError, State, json as shape};

/// Paging and search parameters of the list endpoints.
#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    /// Full-text query; absent or empty lists everything.
    q: Option<String>,
    /// At most this many (default 50, at most 500).
    limit: Option<usize>,
    /// Skip this many.
    offset: Option<usize>,
}

impl ListQuery {
    fn limit(&self) -> usize {
        self.limit.unwrap_or(50).clamp(1, 500)
    }
    fn query(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
}

/// A query string that does not parse, as a JSON error.
fn bad_query(rejection: QueryRejection) -> ServerError {
    ServerError::BadRequest(rejection.body_text())
}

pub(crate) async fn health(state: State) -> Result<Json<Value>, ServerError> {
    let store = state.store();
    Ok(Json(json!({
        "status": "ok",
        "schema": store.schema_version()?,
        "articles": store.article_count()?,
        "stories": store.story_count()?,
        "writable": state.config.token.is_some(),
    })))
}

/// Stories matching a query (or all), largest first.
pub(crate) fn find_stories(
    store: &parallax_store::Store,
    query: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<Vec<Story>, ServerError> {
    match query {
        None => Ok(store.stories_page(offset, limit)?),
        Some(query) => {
            let ids = store.search_stories(query, offset + limit)?;
            let mut stories = Vec::new();
            for id in ids.iter().skip(offset) {
                stories.extend(store.story(id)?);
            }
            Ok(stories)
        }
    }
}

pub(crate) async fn stories(
    state: State,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ServerError> {
    let Query(query) = query.map_err(bad_query)?;
    let store = state.store();
    let stories = find_stories(&store, query.query(), query.limit(), query.offset.unwrap_or(0))?;
    Ok(Json(json!({ "stories": stories.iter().map(shape::story_summary).collect::<Vec<_>>() })))
}

pub(crate) async fn story(
    state: State,
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let store = state.store();
    let story =
        store.story(&id)?.ok_or_else(|| ServerError::NotFound(format!("no story `{id}`")))?;
    let members = store.summaries(&story.articles)?;
    Ok(Json(shape::story(&story, &members)))
}

pub(crate) async fn articles(
    state: State,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ServerError> {
    let Query(query) = query.map_err(bad_query)?;
    let store = state.store();
    let limit = query.limit();
    let offset = query.offset.unwrap_or(0);
    let articles: Vec<Value> = match query.query() {
        Some(q) => store
            .search_articles(q, offset + limit)?
            .into_iter()
            .skip(offset)
            .map(|hit| json!({ "id": hit.id, "title": hit.title, "snippet": hit.snippet }))
            .collect(),
        None => {
            let ids: Vec<DocumentId> =
                store.articles()?.into_iter().skip(offset).take(limit).map(|a| a.id).collect();
            store.summaries(&ids)?.iter().map(shape::summary).collect()
        }
    };
    Ok(Json(json!({ "articles": articles })))
}

pub(crate) async fn article(
    state: State,
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let store = state.store();
    let id = DocumentId::new(id);
    let article =
        store.article(&id)?.ok_or_else(|| ServerError::NotFound(format!("no article `{id}`")))?;
    let facts = store.facts(&id)?;
    Ok(Json(shape::article(&article, facts.as_ref())))
}

/// The two articles of an alignment request.
#[derive(Debug, Deserialize)]
pub(crate) struct PairQuery {
    a: String,
    b: String,
}

/// The relation of two articles of one story, from the story that holds both.
pub(crate) fn relation_of(
    store: &parallax_store::Store,
    a: &DocumentId,
    b: &DocumentId,
) -> Result<Option<parallax_core::model::Relation>, ServerError> {
    for story in store.stories()? {
        if let Some(relation) = story
            .relations
            .into_iter()
            .find(|r| (&r.a == a && &r.b == b) || (&r.a == b && &r.b == a))
        {
            return Ok(Some(relation));
        }
    }
    Ok(None)
}

pub(crate) async fn align(
    state: State,
    pair: Result<Query<PairQuery>, QueryRejection>,
) -> Result<Json<Value>, ServerError> {
    let Query(pair) = pair.map_err(bad_query)?;
    let store = state.store();
    let (a, b) = (DocumentId::new(pair.a), DocumentId::new(pair.b));
    let relation = relation_of(&store, &a, &b)?
        .ok_or_else(|| ServerError::NotFound(format!("articles `{a}` and `{b}` share no story")))?;
    let texts = |id: &DocumentId| -> Result<Vec<String>, ServerError> {
        let article = store
            .article(id)?
            .ok_or_else(|| ServerError::NotFound(format!("no article `{id}`")))?;
        Ok(article.sentence_texts().map(str::to_owned).collect())
    };
    Ok(Json(json!({
        "relation": shape::relation(&relation),
        "sentences": { "a": texts(&relation.a)?, "b": texts(&relation.b)? },
    })))
}

pub(crate) async fn not_found() -> ServerError {
    ServerError::NotFound("no such page or endpoint".into())
}
