//! Golden test of the story brief on the demo corpus (examples/kim-putin), lexical (no model):
//! the two discrepancies the issue names (who said negotiations are "actively advancing"; where
//! the meeting is), the place one a change over time, each article's unique claims, and the
//! brief's structure as a snapshot (`tests/snapshots/brief__*.snap`). The same corpus with the
//! model, where 000 and 003 also count as one source, is checked in
//! `crates/parallax-embed/tests/brief.rs`.

use std::collections::BTreeMap;

use parallax_core::brief::{Brief, ClaimStatus, ContradictionKind, Modality};
use parallax_core::model::{Article, DocumentId};

mod common;
use common::seeds;

/// `000`…`004` for an article id.
fn file(articles: &[Article], id: &DocumentId) -> String {
    let article = articles.iter().find(|a| &a.id == id).expect("article");
    article.origin.path.trim_start_matches("kim-putin/")[..3].to_owned()
}

fn files(articles: &[Article], ids: &[DocumentId]) -> Vec<String> {
    let mut files: Vec<String> = ids.iter().map(|id| file(articles, id)).collect();
    files.sort();
    files
}

/// The brief's structure, with file numbers for ids: what the snapshot holds.
fn outline(brief: &Brief, articles: &[Article]) -> serde_json::Value {
    let contradictions: Vec<_> = brief
        .contradictions
        .iter()
        .map(|x| {
            serde_json::json!({
                "kind": x.kind.as_str(),
                "change_over_time": x.change_over_time,
                "summary": x.summary,
                "sides": x.sides.iter().map(|side| serde_json::json!({
                    "value": side.value,
                    "modality": side.modality.as_str(),
                    "articles": files(articles, &side.articles),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let shared: Vec<_> = brief
        .claims
        .iter()
        .filter(|claim| claim.articles.len() > 1 || claim.status == ClaimStatus::Contested)
        .map(|claim| {
            serde_json::json!({
                "id": claim.id,
                "status": claim.status.as_str(),
                "sources": claim.sources,
                "articles": files(articles, &claim.articles),
                "text": claim.text,
            })
        })
        .collect();
    let provenance: BTreeMap<String, serde_json::Value> = brief
        .provenance
        .iter()
        .map(|p| {
            (
                file(articles, &p.article),
                serde_json::json!({
                    "source": p.source,
                    "origins": p.origins.len(),
                    "unique_claims": p.unique_claims.len(),
                    "omitted_claims": p.omitted_claims,
                }),
            )
        })
        .collect();
    serde_json::json!({
        "claims": brief.claims.len(),
        "summary": brief.summary.iter().map(|line| &line.claim).collect::<Vec<_>>(),
        "sources": brief.sources.iter().map(|s| files(articles, &s.articles)).collect::<Vec<_>>(),
        "contradictions": contradictions,
        "shared_claims": shared,
        "provenance": provenance,
        "coverage_rows": brief.coverage.rows.len(),
    })
}

#[test]
fn seeds_brief_shows_both_discrepancies() {
    let output = seeds(false);
    assert_eq!(output.stories.len(), 1);
    let story = &output.stories[0];
    let brief = &story.brief;
    let articles = &output.articles;

    // The attribution: Watson (001), Kirby (004), the White House (002 and others).
    let attribution = brief
        .contradictions
        .iter()
        .find(|x| x.kind == ContradictionKind::Attribution)
        .expect("an attribution contradiction");
    assert!(!attribution.change_over_time);
    let side = |value: &str| {
        attribution.sides.iter().find(|s| s.value == value).map(|s| files(articles, &s.articles))
    };
    assert_eq!(side("Adrienne Watson"), Some(vec!["001".to_owned()]));
    assert_eq!(side("John Kirby"), Some(vec!["004".to_owned()]));
    let white_house = side("White House").expect("the White House side");
    assert!(white_house.contains(&"002".to_owned()), "{white_house:?}");
    assert!(
        attribution.sides.iter().flat_map(|s| &s.statements).any(|s| s.text.contains("actively")),
        "the statement is the 'actively advancing' one"
    );

    // The place: expected in Vladivostok, happened at Vostochny: a change over time.
    let place = brief
        .contradictions
        .iter()
        .find(|x| x.kind == ContradictionKind::Place)
        .expect("a place contradiction");
    assert!(place.change_over_time, "{}", place.summary);
    let vladivostok = place.sides.iter().find(|s| s.value == "Vladivostok").expect("Vladivostok");
    let vostochny =
        place.sides.iter().find(|s| s.value.starts_with("Vostochny")).expect("Vostochny");
    assert_eq!(vladivostok.modality, Modality::Expected);
    assert_eq!(vostochny.modality, Modality::Happened);
    assert_eq!(files(articles, &vostochny.articles), ["002"]);
    assert!(files(articles, &vladivostok.articles).len() >= 3);

    // Every article has its unique claims listed, and they are claims of that article only.
    assert_eq!(brief.provenance.len(), 5);
    for provenance in &brief.provenance {
        assert!(!provenance.unique_claims.is_empty(), "{:?}", provenance.article);
        for id in &provenance.unique_claims {
            let claim = brief.claims.iter().find(|c| &c.id == id).expect("claim");
            assert_eq!(claim.articles, std::slice::from_ref(&provenance.article));
        }
    }
    // The summary holds claims, the coverage table one column per article.
    assert!(!brief.summary.is_empty());
    assert_eq!(brief.coverage.articles.len(), 5);
    assert!(brief.coverage.rows.iter().all(|row| row.cells.len() == 5));

    insta::assert_json_snapshot!("seeds_brief_outline", outline(brief, articles));
}

#[test]
fn seeds_brief_does_not_depend_on_input_order() {
    let forward = seeds(false);
    let backward = seeds(true);
    assert_eq!(forward.stories[0].brief, backward.stories[0].brief);
}
