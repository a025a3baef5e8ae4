//! The batch deduplication gives what the streaming `Deduplicator` gives, document for document,
//! and the candidate pairs an LSH index over all documents finds.

use parallax_batch::dedup::{self, Verdict};
use parallax_batch::{EngineConfig, raw, runtime, session};
use parallax_core::dedup::{DedupConfig, Deduplicator, LshIndex, MinHasher};
use parallax_core::ingest::IngestEvent;
use parallax_core::model::{Body, Diagnostic, Origin, RawDocument};

/// Documents with exact copies, near copies (a sentence added, a word changed), unrelated ones,
/// one with no words and one HTML page with no text to extract.
fn corpus() -> Vec<IngestEvent> {
    let base = [
        "North Korean leader Kim Jong Un is expected to travel to Russia this month to meet \
         President Vladimir Putin and discuss weapons sales, a US official said on Monday.",
        "The central bank raised its main interest rate by a quarter point on Thursday, the \
         fourth increase this year, citing inflation that remains well above its target.",
        "Heavy rain flooded streets across the capital overnight, closing two metro lines and \
         stranding hundreds of commuters, the city's emergency service said.",
        "The football club announced the signing of a young striker on a five-year contract, \
         the largest transfer fee it has ever paid for a player.",
    ];
    let mut texts: Vec<String> = Vec::new();
    for (n, text) in base.iter().enumerate() {
        texts.push((*text).to_owned());
        texts.push(text.to_uppercase()); // exact copy: same words
        texts.push(format!("{text} More details were not immediately available.")); // near
        if n % 2 == 0 {
            texts.push(text.replace("said", "reported")); // near, one word changed
        }
    }
    texts.push("  ...  ".to_owned()); // no words
    texts.push("Completely unrelated words about gardening, tomatoes and the summer.".to_owned());
    let mut events: Vec<IngestEvent> = texts
        .into_iter()
        .enumerate()
        .map(|(n, text)| {
            let mut document =
                RawDocument::new(Origin::record("corpus.jsonl", n as u64 + 1), Body::Text(text));
            document.id = Some(format!("doc-{n:02}"));
            IngestEvent::Document(document)
        })
        .collect();
    events.insert(
        3,
        IngestEvent::Document(RawDocument::new(
            Origin::file("empty.html"),
            Body::Html("<html><body><script>x()</script></body></html>".to_owned()),
        )),
    );
    events.push(IngestEvent::Diagnostic(Diagnostic::error(Origin::file("bad.warc"), "not WARC")));
    events
}

fn streaming(events: &[IngestEvent], config: &DedupConfig) -> (Vec<String>, Vec<Verdict>) {
    let mut deduplicator = Deduplicator::new(config.clone());
    let (mut ids, mut verdicts) = (Vec::new(), Vec::new());
    for event in events {
        let IngestEvent::Document(document) = event else { continue };
        let text = match &document.body {
            Body::Text(text) => text.clone(),
            Body::Html(_) => match parallax_core::clean::clean(document, None, &Default::default())
            {
                Ok((article, _)) => article.text,
                Err(_) => continue,
            },
        };
        ids.push(document.id.clone().unwrap_or_else(|| document.origin.to_string()));
        verdicts.push(deduplicator.push(&text));
    }
    (ids, verdicts)
}

#[test]
fn batch_verdicts_and_pairs_equal_the_streaming_ones() {
    let events = corpus();
    for threshold in [0.5, 0.8] {
        let config = DedupConfig { threshold, ..DedupConfig::default() };
        let dir = tempfile::tempdir().unwrap();
        let summary = raw::write(&dir.path().join("raw"), events.clone(), &|_| {}).unwrap();
        assert_eq!(summary.diagnostics.len(), 1);
        let runtime = runtime(2).unwrap();
        let ctx = session(&EngineConfig { partitions: 2, ..EngineConfig::default() }).unwrap();
        let outcome = runtime.block_on(dedup::run(&ctx, dir.path(), &config, false)).unwrap();

        let (ids, verdicts) = streaming(&events, &config);
        assert_eq!(outcome.ids, ids);
        assert_eq!(outcome.verdicts, verdicts, "threshold {threshold}");
        assert!(outcome.verdicts.iter().any(|v| matches!(v, Verdict::Exact { .. })));
        assert!(outcome.verdicts.iter().any(|v| matches!(v, Verdict::Near { .. })));
        assert!(outcome.verdicts.contains(&Verdict::Empty));
        // The HTML page without text is reported, not judged.
        assert_eq!(outcome.diagnostics.len(), 1);
        assert_eq!(outcome.diagnostics[0].origin, Origin::file("empty.html"));

        // Candidate pairs: those of an LSH index holding every document with words.
        let hasher = MinHasher::new(config.shingle, config.num_perm, config.seed, config.scheme);
        let mut index = LshIndex::new(config.banding());
        let mut entry_document = Vec::new();
        let mut judged = 0;
        for event in &events {
            let IngestEvent::Document(document) = event else { continue };
            let Body::Text(text) = &document.body else { continue };
            if text.chars().any(char::is_alphanumeric) {
                index.insert(hasher.signature(text));
                entry_document.push(judged);
            }
            judged += 1;
        }
        let expected: Vec<(usize, usize)> = index
            .candidate_pairs()
            .into_iter()
            .map(|(i, j)| (entry_document[i as usize], entry_document[j as usize]))
            .collect();
        let found: Vec<(usize, usize)> = outcome.pairs.iter().map(|&(a, b, _)| (a, b)).collect();
        assert_eq!(found, expected);
        assert!(!found.is_empty());
    }
}

#[test]
fn the_same_verdicts_whatever_the_partitions() {
    let events = corpus();
    let config = DedupConfig { threshold: 0.5, ..DedupConfig::default() };
    let mut results = Vec::new();
    for partitions in [1, 3] {
        let dir = tempfile::tempdir().unwrap();
        raw::write(&dir.path().join("raw"), events.clone(), &|_| {}).unwrap();
        let runtime = runtime(partitions).unwrap();
        let ctx = session(&EngineConfig { partitions, ..EngineConfig::default() }).unwrap();
        let outcome = runtime.block_on(dedup::run(&ctx, dir.path(), &config, false)).unwrap();
        results.push((outcome.ids, outcome.verdicts, outcome.pairs));
    }
    assert_eq!(results[0], results[1]);
}

#[test]
fn no_candidate_pairs_and_no_documents_are_fine() {
    let texts = [
        "The central bank raised its main interest rate by a quarter point on Thursday.",
        "Heavy rain flooded streets across the capital overnight, closing two metro lines.",
    ];
    for count in [2, 0] {
        let events: Vec<IngestEvent> = texts[..count]
            .iter()
            .enumerate()
            .map(|(n, text)| {
                IngestEvent::Document(RawDocument::new(
                    Origin::record("corpus.jsonl", n as u64 + 1),
                    Body::Text((*text).to_owned()),
                ))
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        raw::write(&dir.path().join("raw"), events, &|_| {}).unwrap();
        let runtime = runtime(2).unwrap();
        let ctx = session(&EngineConfig::default()).unwrap();
        let outcome =
            runtime.block_on(dedup::run(&ctx, dir.path(), &DedupConfig::default(), false)).unwrap();
        assert!(outcome.pairs.is_empty());
        assert_eq!(outcome.verdicts, vec![Verdict::Keep; count]);
    }
}
