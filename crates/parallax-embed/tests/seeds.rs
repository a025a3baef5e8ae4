//! The demo corpus (examples/kim-putin) with the real model: one story, in which 000 and 003
//! are the strongest pair, a rewrite (of each other or of a common source) with the aligned
//! sentences the product brief names, and every other pair the same story told independently.
//!
//! Needs the model, like `reference.rs`: skipped with a note unless it is installed, and a
//! failure when `PARALLAX_REQUIRE_MODEL=1` (CI) and it is not.

use parallax_core::model::{MatchKind, RelationKind};
use parallax_embed::{MiniLm, MiniLmConfig};

mod common;

#[test]
fn seeds_000_and_003_are_the_rewrite_pair() {
    let Some(dir) = common::model_or_skip("seeds_000_and_003_are_the_rewrite_pair") else { return };
    let model = MiniLm::load(&dir, MiniLmConfig::default()).expect("model");
    let output = common::seeds_with(&model);
    assert_eq!(output.stories.len(), 1);
    let story = &output.stories[0];
    assert_eq!(story.relations.len(), 10, "every pair of the five articles is related");
    let file_of = |id: &parallax_core::model::DocumentId| {
        let article = output.articles.iter().find(|article| &article.id == id).unwrap();
        article.origin.path[..3].to_owned()
    };
    let strongest = &story.relations[0];
    let mut pair = [file_of(&strongest.a), file_of(&strongest.b)];
    pair.sort();
    assert_eq!(pair, ["000", "003"], "000 ↔ 003 comes first");
    assert_eq!(strongest.kind, RelationKind::Rewrite);
    for relation in &story.relations[1..] {
        assert_eq!(relation.kind, RelationKind::SameStory, "{relation:?}");
    }
    // The aligned pair the brief names.
    let (a, b) = if file_of(&strongest.a) == "000" {
        (&strongest.a, &strongest.b)
    } else {
        (&strongest.b, &strongest.a)
    };
    let sentences = |id: &parallax_core::model::DocumentId| -> Vec<String> {
        let article = output.articles.iter().find(|article| &article.id == id).unwrap();
        article.sentence_texts().map(str::to_owned).collect()
    };
    let (text_000, text_003) = (sentences(a), sentences(b));
    let swapped = a != &strongest.a;
    let found = strongest.pairs().any(|pair| {
        let (i, j) = if swapped { (pair.b, pair.a) } else { (pair.a, pair.b) };
        pair.kind == MatchKind::Paraphrase
            && text_000[i].contains("planning to journey to Russia to negotiate with President Vladimir Putin")
            && text_003[j].contains("intends to travel to Russia this month for a meeting with President Vladimir Putin")
    });
    assert!(found, "the journey/travel sentences are aligned: {:?}", strongest.passages);
    assert!(strongest.scores.coverage_a > 0.4 && strongest.scores.coverage_b > 0.4);
}
