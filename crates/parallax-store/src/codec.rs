//! Compact text encodings for values stored in one column.

use parallax_core::model::{
    Direction, DirectionBasis, DocumentId, MatchKind, Passage, Relation, RelationKind,
    RelationScores, SentencePair, Span,
};
use serde_json::{Value, json};

/// Spans as `start:end` pairs separated by spaces.
pub(crate) fn encode_spans(spans: &[Span]) -> String {
    let mut out = String::with_capacity(spans.len() * 10);
    for (index, span) in spans.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(&span.start.to_string());
        out.push(':');
        out.push_str(&span.end.to_string());
    }
    out
}

/// The inverse of [`encode_spans`]; `None` on malformed input.
pub(crate) fn decode_spans(text: &str) -> Option<Vec<Span>> {
    text.split_whitespace()
        .map(|pair| {
            let (start, end) = pair.split_once(':')?;
            Some(Span { start: start.parse().ok()?, end: end.parse().ok()? })
        })
        .collect()
}

/// A relation as one JSON object.
pub(crate) fn encode_relation(relation: &Relation) -> String {
    let scores = &relation.scores;
    let passages: Vec<Value> = relation
        .passages
        .iter()
        .map(|passage| {
            let pairs: Vec<Value> = passage
                .pairs
                .iter()
                .map(|pair| json!([pair.a, pair.b, pair.kind.as_str(), pair.score]))
                .collect();
            json!({"a": [passage.a.0, passage.a.1], "b": [passage.b.0, passage.b.1],
                   "kind": passage.kind.as_str(), "pairs": pairs})
        })
        .collect();
    json!({
        "a": relation.a.as_str(), "b": relation.b.as_str(), "kind": relation.kind.as_str(),
        "scores": [scores.jaccard, scores.containment_a, scores.containment_b, scores.coverage_a,
                   scores.coverage_b, scores.lexical, scores.semantic],
        "passages": passages,
        "direction": relation.direction.as_ref().map(|direction| json!([
            direction.original.as_str(), direction.copy.as_str(), direction.basis.as_str()
        ])),
    })
    .to_string()
}

fn match_kind(name: &str) -> Option<MatchKind> {
    [MatchKind::Exact, MatchKind::Near, MatchKind::Paraphrase]
        .into_iter()
        .find(|kind| kind.as_str() == name)
}

/// The inverse of [`encode_relation`]; `None` on malformed input.
pub(crate) fn decode_relation(text: &str) -> Option<Relation> {
    let value: Value = serde_json::from_str(text).ok()?;
    let id = |value: &Value| value.as_str().map(DocumentId::new);
    let kind = [
        RelationKind::Duplicate,
        RelationKind::NearDuplicate,
        RelationKind::Rewrite,
        RelationKind::SameStory,
    ]
    .into_iter()
    .find(|kind| Some(kind.as_str()) == value["kind"].as_str())?;
    let scores = value["scores"].as_array()?;
    let number = |index: usize| scores.get(index).and_then(Value::as_f64);
    let scores = RelationScores {
        jaccard: number(0)?,
        containment_a: number(1)?,
        containment_b: number(2)?,
        coverage_a: number(3)?,
        coverage_b: number(4)?,
        lexical: number(5)?,
        semantic: number(6),
    };
    let range = |value: &Value| -> Option<(usize, usize)> {
        Some((value.get(0)?.as_u64()? as usize, value.get(1)?.as_u64()? as usize))
    };
    let passages = value["passages"]
        .as_array()?
        .iter()
        .map(|passage| {
            let pairs = passage["pairs"]
                .as_array()?
                .iter()
                .map(|pair| {
                    Some(SentencePair {
                        a: pair.get(0)?.as_u64()? as usize,
                        b: pair.get(1)?.as_u64()? as usize,
                        kind: match_kind(pair.get(2)?.as_str()?)?,
                        score: pair.get(3)?.as_f64()?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Passage {
                a: range(&passage["a"])?,
                b: range(&passage["b"])?,
                kind: match_kind(passage["kind"].as_str()?)?,
                pairs,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let direction = match &value["direction"] {
        Value::Null => None,
        direction => Some(Direction {
            original: id(direction.get(0)?)?,
            copy: id(direction.get(1)?)?,
            basis: [DirectionBasis::Date, DirectionBasis::Citation, DirectionBasis::Containment]
                .into_iter()
                .find(|basis| Some(basis.as_str()) == direction.get(2).and_then(Value::as_str))?,
        }),
    };
    Some(Relation { a: id(&value["a"])?, b: id(&value["b"])?, kind, scores, passages, direction })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_roundtrip() {
        let relation = Relation {
            a: DocumentId::new("a"),
            b: DocumentId::new("b"),
            kind: RelationKind::Rewrite,
            scores: RelationScores {
                jaccard: 0.25,
                coverage_a: 0.5,
                semantic: Some(0.9),
                ..Default::default()
            },
            passages: vec![Passage {
                a: (0, 2),
                b: (1, 3),
                kind: MatchKind::Paraphrase,
                pairs: vec![
                    SentencePair { a: 0, b: 1, kind: MatchKind::Exact, score: 1.0 },
                    SentencePair { a: 1, b: 2, kind: MatchKind::Paraphrase, score: 0.83 },
                ],
            }],
            direction: Some(Direction {
                original: DocumentId::new("a"),
                copy: DocumentId::new("b"),
                basis: DirectionBasis::Date,
            }),
        };
        assert_eq!(decode_relation(&encode_relation(&relation)), Some(relation));
        assert_eq!(decode_relation("{}"), None);
    }

    #[test]
    fn spans_roundtrip() {
        let spans = vec![Span { start: 0, end: 12 }, Span { start: 14, end: 30 }];
        assert_eq!(decode_spans(&encode_spans(&spans)), Some(spans));
        assert_eq!(decode_spans(""), Some(vec![]));
        assert_eq!(decode_spans("1:x"), None);
    }
}
