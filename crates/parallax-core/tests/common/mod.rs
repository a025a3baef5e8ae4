//! Shared by the tests that run the demo corpus (examples/kim-putin) through the pipeline.

use std::path::PathBuf;

use parallax_core::ingest::{self, IngestEvent};
use parallax_core::pipeline::{Pipeline, PipelineConfig, PipelineOutput};

/// The demo corpus through the lexical pipeline, its files given in name order (or the reverse),
/// each named `kim-putin/<file>`.
pub(crate) fn seeds(reverse: bool) -> PipelineOutput {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seed dir")
        .map(|entry| entry.expect("entry").path())
        .collect();
    paths.sort();
    if reverse {
        paths.reverse();
    }
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for path in paths {
        let bytes = std::fs::read(&path).expect("seed");
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        for event in
            ingest::read(&format!("kim-putin/{name}"), bytes.as_slice(), None, &Default::default())
        {
            if let IngestEvent::Document(document) = event {
                pipeline.add(document);
            }
        }
    }
    pipeline.run()
}
