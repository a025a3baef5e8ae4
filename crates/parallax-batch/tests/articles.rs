//! Stage 1 on the engine makes the articles and diagnostics `pipeline::clean_batch` makes.

use parallax_batch::articles::{self, articles_from_batch};
use parallax_batch::{EngineConfig, raw, runtime, session, tables};
use parallax_core::clean::CleanConfig;
use parallax_core::ingest::{self, IngestConfig, IngestEvent};
use parallax_core::model::{Body, Origin, RawDocument, RemovalReason};
use parallax_core::pipeline::clean_batch;

/// The demo corpus (HTML and text), plain texts of one outlet that repeat furniture lines (the
/// line statistics decide those), one id given twice, a page without text and a bad date.
fn corpus() -> Vec<RawDocument> {
    let mut documents = Vec::new();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin");
    let mut files: Vec<_> = std::fs::read_dir(&demo).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let file = std::fs::File::open(&path).unwrap();
        for event in ingest::read(&name, file, None, &IngestConfig::default()) {
            if let IngestEvent::Document(document) = event {
                documents.push(document);
            }
        }
    }
    let stories = [
        "The city council approved a new budget on Tuesday after a long debate over road repairs \
         and school funding. Council members voted seven to two in favour of the plan.",
        "A local bakery won a national award for its sourdough bread this weekend. The owners said \
         they started the business in a garage ten years ago with a single oven.",
        "Firefighters put out a blaze at a warehouse near the harbour early on Sunday morning. No one \
         was hurt, but the building was badly damaged, officials said.",
    ];
    for (n, story) in stories.iter().enumerate() {
        let text = format!(
            "Home | News | Sport\nSubscribe to our newsletter today\nThe harbour district weekly edition\n\n{story}\n\nShare this article\nMore from the harbour district weekly edition\nRead more local news"
        );
        let mut document =
            RawDocument::new(Origin::record("local.jsonl", n as u64 + 1), Body::Text(text));
        document.id = Some(format!("local-{n}"));
        document.outlet = Some("Local Times".to_owned());
        document.date =
            Some(if n == 1 { "sometime".to_owned() } else { format!("2024-05-0{}", n + 1) });
        documents.push(document);
    }
    let mut again = documents.last().unwrap().clone();
    again.origin = Origin::record("again.jsonl", 1);
    documents.push(again);
    documents.push(RawDocument::new(
        Origin::file("empty.html"),
        Body::Html("<html><body><script>x()</script></body></html>".to_owned()),
    ));
    documents
}

fn batch_articles(
    documents: &[RawDocument],
    partitions: usize,
) -> (Vec<parallax_core::model::Article>, Vec<parallax_core::model::Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let events = documents.iter().cloned().map(IngestEvent::Document);
    raw::write(&dir.path().join(tables::RAW), events, &|_| {}).unwrap();
    let runtime = runtime(partitions).unwrap();
    let ctx = session(&EngineConfig { partitions, ..EngineConfig::default() }).unwrap();
    let cleaned = runtime.block_on(articles::run(&ctx, dir.path())).unwrap();
    let batches = runtime
        .block_on(async {
            let frame = ctx
                .read_parquet(
                    dir.path().join(tables::ARTICLES).to_str().unwrap(),
                    Default::default(),
                )
                .await?;
            frame.collect().await
        })
        .unwrap();
    let mut found = Vec::new();
    for batch in &batches {
        found.extend(articles_from_batch(batch).unwrap());
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(found.len(), cleaned.articles);
    (found, cleaned.diagnostics)
}

#[test]
fn engine_articles_equal_clean_batch() {
    let documents = corpus();
    let (expected, expected_diagnostics) = clean_batch(documents.clone(), &CleanConfig::default());
    // The fixture exercises what it should.
    assert!(expected.iter().any(|article| {
        article.removed.iter().any(|removal| removal.reason == RemovalReason::Repeated)
    }));
    assert!(expected_diagnostics.iter().any(|d| d.message.contains("kept once")));
    assert!(expected_diagnostics.iter().any(|d| d.message.contains("not understood")));
    assert!(expected_diagnostics.iter().any(|d| d.origin == Origin::file("empty.html")));
    assert!(expected.len() >= 8, "{}", expected.len());

    for partitions in [1, 3] {
        let (found, diagnostics) = batch_articles(&documents, partitions);
        assert_eq!(found.len(), expected.len());
        for (a, b) in found.iter().zip(&expected) {
            assert_eq!(a, b, "article {}", b.id);
        }
        assert_eq!(diagnostics, expected_diagnostics);
    }
}
