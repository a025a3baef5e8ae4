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
        { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 1_000_000_000, "default": 0 } }
    ])
}

fn ids() -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": "Article ids, in id order." })
}

fn modality() -> Value {
    json!({ "type": "string", "enum": ["stated", "expected", "happened"] })
}

/// The story detail: the fields of docs/report-schema.md plus the brief.
fn story_schema() -> Value {
    let list = |of: &str| json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{of}") } });
    let any_list = json!({ "type": "array", "items": { "type": "object" } });
    json!({
        "type": "object",
        "required": ["id", "label", "keywords", "articles", "originals", "relations",
                     "summary", "claims", "contradictions", "sources", "provenance", "coverage"],
        "properties": {
            "id": { "type": "string" },
            "label": { "type": "string" },
            "keywords": { "type": "array", "items": { "type": "string" } },
            "articles": { "type": "array", "items": { "type": "object", "properties": {
                "id": { "type": "string" }, "title": { "type": ["string", "null"] },
                "outlet": { "type": ["string", "null"] }, "date": { "type": ["string", "null"] }
            }}},
            "originals": { "type": "array", "items": { "type": "string" } },
            "relations": any_list,
            "entities": any_list,
            "quotes": any_list,
            "timeline": any_list,
            "figures": any_list,
            "citations": any_list,
            "summary": { "description": "The brief's extractive summary: the best-corroborated claims, in story order. Empty for a story of one article.", "type": "array", "items": { "$ref": "#/components/schemas/SummaryLine" } },
            "claims": { "description": "Every claim, best corroborated first.", "type": "array", "items": { "$ref": "#/components/schemas/Claim" } },
            "contradictions": { "description": "Where sources differ.", "type": "array", "items": { "$ref": "#/components/schemas/Contradiction" } },
            "sources": list("Source"),
            "provenance": list("Provenance"),
            "coverage": { "$ref": "#/components/schemas/Coverage" }
        }
    })
}

fn summary_line_schema() -> Value {
    json!({
        "type": "object",
        "required": ["claim", "text", "sources"],
        "properties": {
            "claim": { "type": "string", "description": "Claim id (c1, c2…)." },
            "text": { "type": "string" },
            "sources": { "type": "integer", "minimum": 1, "description": "Independent sources stating it." }
        }
    })
}

fn claim_schema() -> Value {
    json!({
        "type": "object",
        "required": ["id", "text", "status", "sources", "articles", "statements"],
        "properties": {
            "id": { "type": "string", "description": "c1, c2…, best corroborated first." },
            "text": { "type": "string", "description": "The canonical wording." },
            "status": { "type": "string", "enum": ["corroborated", "single-source", "contested"] },
            "sources": { "type": "integer", "minimum": 0 },
            "articles": ids(),
            "statements": { "type": "array", "items": {
                "type": "object",
                "required": ["article", "sentence", "text", "modality"],
                "properties": {
                    "article": { "type": "string" },
                    "sentence": { "type": "integer", "minimum": 0, "description": "Index into the article's sentences." },
                    "text": { "type": "string" },
                    "attribution": { "type": "string", "description": "Who the article says it comes from." },
                    "modality": modality()
                }
            }}
        }
    })
}

fn contradiction_schema() -> Value {
    json!({
        "type": "object",
        "required": ["id", "kind", "change_over_time", "summary", "sides"],
        "properties": {
            "id": { "type": "string", "description": "x1, x2…" },
            "kind": { "type": "string", "enum": ["attribution", "place", "number", "date", "negation"] },
            "change_over_time": { "type": "boolean", "description": "Expected one way, reported done another (a change, not a conflict)." },
            "summary": { "type": "string" },
            "sides": { "type": "array", "items": {
                "type": "object",
                "required": ["value", "modality", "articles", "statements"],
                "properties": {
                    "value": { "type": "string" },
                    "modality": modality(),
                    "articles": ids(),
                    "statements": { "type": "array", "items": {
                        "type": "object",
                        "required": ["claim", "article", "text", "modality"],
                        "properties": {
                            "claim": { "type": "string" }, "article": { "type": "string" },
                            "text": { "type": "string" }, "modality": modality()
                        }
                    }}
                }
            }}
        }
    })
}

fn source_schema() -> Value {
    json!({
        "type": "object",
        "required": ["id", "articles", "basis"],
        "properties": {
            "id": { "type": "string", "description": "s1, s2…" },
            "articles": ids(),
            "basis": { "type": "string", "description": "Why the articles are one source." }
        }
    })
}

fn provenance_schema() -> Value {
    json!({
        "type": "object",
        "required": ["article", "source", "origins", "unique_claims", "omitted_claims"],
        "properties": {
            "article": { "type": "string" },
            "source": { "type": "string", "description": "Source id." },
            "origins": { "type": "array", "items": {
                "type": "object",
                "required": ["kind", "basis"],
                "properties": {
                    "kind": { "type": "string", "enum": ["article", "common-source", "outlet"] },
                    "article": { "type": "string" },
                    "outlet": { "type": "string" },
                    "basis": { "type": "string" }
                }
            }},
            "unique_claims": { "type": "array", "items": { "type": "string" }, "description": "Claim ids no other article states." },
            "omitted_claims": { "type": "array", "items": { "type": "string" }, "description": "Corroborated claim ids it leaves out." }
        }
    })
}

fn coverage_schema() -> Value {
    json!({
        "type": "object",
        "required": ["articles", "rows"],
        "properties": {
            "articles": { "type": "array", "items": { "type": "string" }, "description": "The columns." },
            "rows": { "type": "array", "items": {
                "type": "object",
                "required": ["claim", "cells"],
                "properties": {
                    "claim": { "type": "string" },
                    "cells": { "type": "array", "items": { "type": "string", "enum": ["states", "contradicts", "silent"] }, "description": "One per column." }
                }
            }}
        }
    })
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
                "responses": {
                    "200": { "description": "{stories: [{id, label, articles, keywords, entities}]}" },
                    "400": error_response("a parameter out of range or unreadable")
                }
            }},
            "/api/stories/{id}": { "get": {
                "summary": "A story: articles, relations with aligned passages, entities, quotes, timeline, figures, cited outlets, and its brief (summary, claims, contradictions, sources, provenance, coverage)",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "description": "Story id or a unique prefix (4+ characters)." }],
                "responses": {
                    "200": {
                        "description": "the story",
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Story" } } }
                    },
                    "308": { "description": "the story was merged into another one: `Location` is its address" },
                    "404": error_response("no such story")
                }
            }},
            "/api/articles": {
                "get": {
                    "summary": "List or full-text search articles",
                    "parameters": list_parameters(),
                    "responses": {
                        "200": { "description": "{articles: [{id, title, outlet?, date?, snippet?}]}" },
                        "400": error_response("a parameter out of range or unreadable")
                    }
                },
                "post": {
                    "summary": "Add an article and regroup the stories (needs the write token)",
                    "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": {
                        "application/json": { "schema": { "$ref": "#/components/schemas/NewArticle" } },
                        "text/html": { "schema": { "description": "A web page, any bytes (its charset from the page itself)." } },
                        "text/plain": { "schema": { "description": "A text, any bytes (UTF-8, else detected)." } }
                    }},
                    "responses": {
                        "200": { "description": "{id, added, story, warnings}" },
                        "400": error_response("unreadable body or no article in it"),
                        "401": error_response("missing or wrong token, or a read-only server"),
                        "413": { "description": "body over the size limit" },
                        "503": error_response("another process is writing to the database for over 20 s (`Retry-After` says when to try again)")
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
                "responses": {
                    "200": { "description": "{relation, sentences: {a: [...], b: [...]}}" },
                    "400": error_response("`a` or `b` missing"),
                    "404": error_response("the two articles share no story")
                }
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
                "Story": story_schema(),
                "SummaryLine": summary_line_schema(),
                "Claim": claim_schema(),
                "Contradiction": contradiction_schema(),
                "Source": source_schema(),
                "Provenance": provenance_schema(),
                "Coverage": coverage_schema(),
                "NewArticle": {
                    "type": "object",
                    "description": "The fields of a JSONL input record: the body as text or html. As in JSONL input, a number is read as its decimal text (numeric ids are common) and null as absent.",
                    "properties": {
                        "id": { "type": ["string", "number", "null"], "minLength": 1, "description": "The article's id; absent or null: a hash of its text." }, "url": { "type": ["string", "number", "null"] },
                        "outlet": { "type": ["string", "number", "null"] }, "title": { "type": ["string", "number", "null"] },
                        "date": { "type": ["string", "number", "null"], "description": "YYYY-MM-DD (other forms are read when they can be; else ignored with a warning)" },
                        "text": { "type": ["string", "number", "null"] }, "html": { "type": ["string", "number", "null"] }
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
        // The story detail describes the brief, and every `$ref` resolves.
        let story = &document["components"]["schemas"]["Story"];
        for key in ["summary", "claims", "contradictions", "sources", "provenance", "coverage"] {
            assert!(story["properties"].get(key).is_some(), "the Story schema lacks {key}");
        }
        let text = document.to_string();
        for reference in text.split("\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap();
            assert!(
                document["components"]["schemas"].get(name).is_some(),
                "{name} is referenced but not defined"
            );
        }
    }
}
