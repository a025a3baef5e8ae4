//! The story brief of the demo corpus (examples/kim-putin) with the real model: 000 and 003
//! (rewrites of one source) count as one source, and the brief shows both discrepancies the
//! issue names: who said arms talks are "actively advancing" (Watson, Kirby, the White House)
//! and where the meeting is (expected in Vladivostok, reported at Vostochny: a change over time).
//!
//! Needs the model: skipped with a note unless it is installed, and a failure when
//! `PARALLAX_REQUIRE_MODEL=1` (CI) and it is not.

use parallax_core::brief::{ContradictionKind, Modality};
use parallax_core::model::DocumentId;
use parallax_embed::{MiniLm, MiniLmConfig};

mod common;

#[test]
fn seeds_brief_with_the_model() {
    let Some(dir) = common::model_or_skip("seeds_brief_with_the_model") else { return };
    let model = MiniLm::load(&dir, MiniLmConfig::default()).expect("model");
    let output = common::seeds_with(&model);
    assert_eq!(output.stories.len(), 1);
    let brief = &output.stories[0].brief;
    let file = |id: &DocumentId| {
        let article = output.articles.iter().find(|article| &article.id == id).unwrap();
        article.origin.path[..3].to_owned()
    };
    let files = |ids: &[DocumentId]| {
        let mut files: Vec<String> = ids.iter().map(file).collect();
        files.sort();
        files
    };

    // 000 and 003 are one source; the other three stand alone.
    let mut sources: Vec<Vec<String>> = brief.sources.iter().map(|s| files(&s.articles)).collect();
    sources.sort();
    assert_eq!(sources, [vec!["000", "003"], vec!["001"], vec!["002"], vec!["004"]]);

    let attribution = brief
        .contradictions
        .iter()
        .find(|x| x.kind == ContradictionKind::Attribution)
        .expect("the attribution discrepancy");
    let side = |value: &str| {
        attribution.sides.iter().find(|s| s.value == value).map(|s| files(&s.articles))
    };
    assert_eq!(side("Adrienne Watson"), Some(vec!["001".to_owned()]));
    assert_eq!(side("John Kirby"), Some(vec!["004".to_owned()]));
    assert!(side("White House").is_some_and(|articles| articles.contains(&"002".to_owned())));

    let place = brief
        .contradictions
        .iter()
        .find(|x| x.kind == ContradictionKind::Place)
        .expect("the place discrepancy");
    assert!(place.change_over_time, "{}", place.summary);
    let vostochny = place.sides.iter().find(|s| s.value.starts_with("Vostochny")).unwrap();
    assert_eq!(vostochny.modality, Modality::Happened);
    assert_eq!(files(&vostochny.articles), ["002"]);
    let vladivostok = place.sides.iter().find(|s| s.value == "Vladivostok").unwrap();
    assert_eq!(vladivostok.modality, Modality::Expected);

    // A claim the two rewrites share, and nobody else, rests on one source.
    let shared_by_rewrites = brief
        .claims
        .iter()
        .find(|claim| files(&claim.articles) == ["000", "003"])
        .expect("a claim of 000 and 003 only");
    assert_eq!(shared_by_rewrites.sources, 1);
    // Every article has claims only it states.
    assert!(brief.provenance.iter().all(|p| !p.unique_claims.is_empty()));
}
