//! Shared by the tests that need the real model.

use std::path::PathBuf;

use parallax_embed::fetch;

/// The installed model's folder, or `None` (with a note naming the test) when it is not
/// installed. Panics instead when `PARALLAX_REQUIRE_MODEL=1` (CI), so a missing model cannot pass
/// silently there.
pub(crate) fn model_or_skip(test: &str) -> Option<PathBuf> {
    let dir = fetch::installed(None, &fetch::cache_dir());
    if dir.is_none() {
        assert!(
            std::env::var("PARALLAX_REQUIRE_MODEL").as_deref() != Ok("1"),
            "PARALLAX_REQUIRE_MODEL=1 but the model is not installed (run `parallax model fetch`)"
        );
        eprintln!("model not installed: {test} not checked");
    }
    dir
}

/// The demo corpus (examples/kim-putin, its five `.txt` files in name order) through the
/// pipeline with the model.
#[allow(dead_code)] // not every test crate that shares this module runs the corpus
pub(crate) fn seeds_with(
    model: &parallax_embed::MiniLm,
) -> parallax_core::pipeline::PipelineOutput {
    use parallax_core::embed::SentenceEncoder;
    use parallax_core::ingest::{self, IngestEvent};
    use parallax_core::pipeline::{Pipeline, PipelineConfig};

    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for name in &names {
        let bytes = std::fs::read(corpus.join(name)).unwrap();
        for event in ingest::read(name, bytes.as_slice(), None, &Default::default()) {
            if let IngestEvent::Document(document) = event {
                pipeline.add(document);
            }
        }
    }
    pipeline.run_with(Some(model as &dyn SentenceEncoder))
}
