//! JSON shapes of stories, articles and relations (the same fields as the CLI's report,
//! `docs/report-schema.md`).

use parallax_core::model::{Article, Relation, Story};
use parallax_store::{ArticleSummary, StorySummary};
use serde_json::{Value, json};

/// A story in a list: id, label, size, keywords, top entities.
pub(crate) fn story_summary(story: &StorySummary) -> Value {
    json!({
        "id": story.id,
        "label": story.label,
        "articles": story.size,
        "keywords": story.keywords,
        "entities": story.entities,
    })
}

/// A story in full: members, relations, facts, and the brief (`summary`, `claims`,
/// `contradictions`, `sources`, `provenance`, `coverage`; empty lists for a story of one
/// article).
pub(crate) fn story(story: &Story, members: &[ArticleSummary]) -> Value {
    let mut value = json!({
        "id": story.id,
        "label": story.label,
        "keywords": story.keywords,
        "articles": members.iter().map(summary).collect::<Vec<_>>(),
        "originals": story.originals,
        "relations": story.relations.iter().map(relation).collect::<Vec<_>>(),
    });
    if let (Value::Object(map), Ok(Value::Object(facts))) =
        (&mut value, serde_json::to_value(&story.facts))
    {
        map.extend(facts);
    }
    if let (Value::Object(map), Ok(Value::Object(brief))) =
        (&mut value, serde_json::to_value(&story.brief))
    {
        map.extend(brief);
    }
    value
}

pub(crate) fn summary(article: &ArticleSummary) -> Value {
    json!({ "id": article.id, "title": article.title, "outlet": article.outlet, "date": article.date })
}

/// An article with its clean text, what was removed, and its facts.
pub(crate) fn article(
    article: &Article,
    facts: Option<&parallax_core::facts::ArticleFacts>,
) -> Value {
    json!({
        "id": article.id,
        "origin": article.origin.to_string(),
        "format": article.format.as_str(),
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "language": article.language,
        "page_type": article.page_type.as_str(),
        "text": article.text,
        "sentences": article.sentences.iter().map(|s| [s.start, s.end]).collect::<Vec<_>>(),
        "removed": article.removed.iter().map(|r| json!({
            "line": r.line, "reason": r.reason.as_str(), "text": r.text,
        })).collect::<Vec<_>>(),
        "facts": facts,
    })
}

/// A relation between two articles, with its aligned passages (sentence indexes).
pub(crate) fn relation(relation: &Relation) -> Value {
    let scores = &relation.scores;
    json!({
        "a": relation.a,
        "b": relation.b,
        "relation": relation.kind.as_str(),
        "scores": {
            "jaccard": scores.jaccard,
            "containment_a": scores.containment_a,
            "containment_b": scores.containment_b,
            "coverage_a": scores.coverage_a,
            "coverage_b": scores.coverage_b,
            "lexical": scores.lexical,
            "semantic": scores.semantic,
        },
        "direction": relation.direction.as_ref().map(|d| json!({
            "original": d.original, "copy": d.copy, "basis": d.basis.as_str(),
        })),
        "passages": relation.passages.iter().map(|p| json!({
            "a": [p.a.0, p.a.1],
            "b": [p.b.0, p.b.1],
            "kind": p.kind.as_str(),
            "pairs": p.pairs.iter().map(|pair| json!({
                "a": pair.a, "b": pair.b, "kind": pair.kind.as_str(), "score": pair.score,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
