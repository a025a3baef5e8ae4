//! The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`. Tests check that
//! the routes and the document agree, and that every described path answers.

use axum::Json;
use serde_json::{Value, json};

/// The paths this document describes (kept in one place for the test).
#[cfg(test)]
pub(crate) const PATHS: &[&str] = &[
    "/api/health",
    "/api/stories",
    "/api/stories/{id}",
    "/api/articles",
    "/api/articles/{id}",
    "/api/align",
    "/api/openapi.json",
];

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn list_parameters() -> Value {
    json!([
        { "name": "q", "in": "query", "schema": { "type": "string" }, "description": "Full-text query (words, all required)." },
        { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50 } },
        { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "default": 0 } }
    ])
}

pub(crate) async fn document() -> Json<Value> {
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Parallax API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stories, articles, their relations and facts. Field meanings: docs/report-schema.md."
        },
        "paths": {
            "/api/health": { "get": {
                "summary": "Liveness and counts",
                "responses": { "200": { "description": "status, schema version, article and story counts, whether writes are enabled" } }
            }},
            "/api/stories": { "get": {
                "summary": "List or search stories, largest first (search: best match first)",
                "parameters": list_parameters(),
                "responses": { "200": { "description": "{stories: [{id, label, articles, keywords, entities}]}" } }
            }},
            "/api/stories/{id}": { "get": {
                "summary": "A story: articles, relations with aligned passages, entities, quotes, timeline, figures, cited outlets",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "description": "Story id or a unique prefix (4+ characters)." }],
                "responses": { "200": { "description": "the story" }, "404": error_response("no such story") }
            }},
            "/api/articles": {
                "get": {
                    "summary": "List or full-text search articles",
                    "parameters": list_parameters(),
                    "responses": { "200": { "description": "{articles: [{id, title, outlet?, date?, snippet?}]}" } }
                },
                "post": {
                    "summary": "Add an article and regroup the stories (needs the write token)",
                    "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": {
                        "application/json": { "schema": { "$ref": "#/components/schemas/NewArticle" } },
                        "text/html": { "schema": { "type": "string" } },
                        "text/plain": { "schema": { "type": "string" } }
                    }},
                    "responses": {
                        "200": { "description": "{id, added, story, warnings}" },
                        "400": error_response("unreadable body or no article in it"),
                        "401": error_response("missing or wrong token, or a read-only server"),
                        "413": { "description": "body over the size limit" }
                    }
                }
            },
            "/api/articles/{id}": { "get": {
                "summary": "An article: clean text, sentence spans, removed boilerplate with reasons, facts",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "the article" }, "404": error_response("no such article") }
            }},
            "/api/align": { "get": {
                "summary": "The alignment of two articles of one story, with both articles' sentences",
                "parameters": [
                    { "name": "a", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "b", "in": "query", "required": true, "schema": { "type": "string" } }
                ],
                "responses": { "200": { "description": "{relation, sentences: {a: [...], b: [...]}}" }, "404": error_response("the two articles share no story") }
            }},
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1" } }
            }}
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" } } },
                "NewArticle": {
                    "type": "object",
                    "description": "The fields of a JSONL input record: the body as text or html.",
                    "properties": {
                        "id": { "type": "string" }, "url": { "type": "string" }, "outlet": { "type": "string" },
                        "title": { "type": "string" }, "date": { "type": "string", "description": "YYYY-MM-DD" },
                        "text": { "type": "string" }, "html": { "type": "string" }
                    }
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn describes_every_api_route() {
        let document = super::document().await.0;
        let described: Vec<&str> =
            document["paths"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = super::PATHS.to_vec();
        expected.sort_unstable();
        let mut described = described;
        described.sort_unstable();
        assert_eq!(described, expected);
        // Every `/api/` route registered in lib.rs appears in PATHS.
        let source = include_str!("lib.rs");
        for line in source.lines().filter(|line| line.contains(".route(\"/api/")) {
            let path = line.split('"').nth(1).unwrap();
            assert!(super::PATHS.contains(&path), "{path} is not described");
        }
    }
}
