//! The real all-MiniLM-L6-v2 against vectors made by sentence-transformers
//! (`tests/fixtures/st-reference.json`, see the README there).
//!
//! Needs the model: installed by `parallax model fetch` (CI does this first), or a folder in
//! `PARALLAX_MODEL_DIR`. Without it the test says so and passes, unless
//! `PARALLAX_REQUIRE_MODEL=1`, which CI sets so that a missing model fails the run.

use parallax_embed::{MiniLm, MiniLmConfig};

mod common;

#[derive(serde::Deserialize)]
struct Reference {
    sentences: Vec<String>,
    vectors: Vec<Vec<f32>>,
    token_counts: Vec<usize>,
}

#[test]
fn vectors_match_sentence_transformers() {
    let Some(dir) = common::model_or_skip("vectors_match_sentence_transformers") else { return };
    let reference: Reference = serde_json::from_str(include_str!("fixtures/st-reference.json"))
        .expect("reference fixture");
    let texts: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    for batch_size in [1, 4, 32, 64] {
        let model = MiniLm::load(&dir, MiniLmConfig { batch_size, ..MiniLmConfig::default() })
            .expect("load model");
        assert_eq!(model.token_counts(&texts).unwrap(), reference.token_counts);
        let vectors = model.embed(&texts).expect("embed");
        let mut overall = 0f32;
        for ((text, ours), theirs) in texts.iter().zip(&vectors).zip(&reference.vectors) {
            let worst = ours.iter().zip(theirs).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
            assert!(worst < 1e-3, "batch {batch_size}: {text:?} differs by {worst}");
            overall = overall.max(worst);
        }
        eprintln!("batch {batch_size}: largest difference {overall:e}");
    }
}
