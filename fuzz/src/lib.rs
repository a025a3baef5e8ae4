//! The bodies of the fuzz targets, one function each (the targets in `fuzz_targets/` only call
//! them), so that the main workspace's tests can replay the seeds through the same code
//! (`crates/parallax-core/tests/fuzz_seeds.rs`, which includes this file as a module).
//!
//! The ingest targets feed bytes to `ingest::read` in one format, clean every document, and
//! check that nothing panics out of parallax-core and that every item names the input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use parallax_core::clean::{CleanConfig, clean};
use parallax_core::facts::numbers::quantities;
use parallax_core::facts::quotes::attributions;
use parallax_core::facts::time::{CivilDate, time_mentions};
use parallax_core::ingest::{self, IngestConfig, IngestEvent, InputFormat};
use parallax_core::model::{Article, DocumentId, Origin, PageType, SourceFormat, Span};
use parallax_core::text::{normalize, split_paragraphs, split_sentences};

/// The targets: their names (as in `fuzz_targets/`) and how each reads bytes (the `&str`
/// targets get valid UTF-8 from libFuzzer; here the bytes are decoded lossily first).
pub const TARGETS: [&str; 8] = [
    "facts",
    "facts_time_numbers",
    "ingest_html",
    "ingest_jsonl",
    "ingest_text",
    "ingest_warc",
    "quotes",
    "sentences",
];

/// Runs the target `name` on one input (`false` for an unknown name).
pub fn run_target(name: &str, data: &[u8]) -> bool {
    let text = || String::from_utf8_lossy(data).into_owned();
    match name {
        "facts" => fuzz_facts(data),
        "facts_time_numbers" => fuzz_time_numbers(&text()),
        "ingest_html" => fuzz_ingest("page.html", InputFormat::Html, data),
        "ingest_jsonl" => fuzz_ingest("feed.jsonl", InputFormat::Jsonl, data),
        "ingest_text" => fuzz_ingest("article.txt", InputFormat::Text, data),
        "ingest_warc" => fuzz_ingest("archive.warc", InputFormat::Warc, data),
        "quotes" => fuzz_quotes(&text()),
        "sentences" => fuzz_sentences(&text()),
        _ => return false,
    }
    true
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// parallax-core catches panics of third-party parsers on purpose and turns them into
/// diagnostics, but libfuzzer-sys's panic hook aborts on every panic, caught or not. This hook
/// only records the message; a panic that escapes is reported by [`fuzz_ingest`].
/// Set `PARALLAX_FUZZ_STRICT=1` to keep libfuzzer-sys's hook and stop on caught panics too.
pub fn install_panic_hook() {
    if std::env::var_os("PARALLAX_FUZZ_STRICT").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
}

/// Runs one input through ingest (as `path`, in `format`) and cleaning; aborts (a crash for
/// libFuzzer) when a panic escapes parallax-core or an item names the wrong input.
pub fn fuzz_ingest(path: &str, format: InputFormat, data: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| run(path, format, data))).is_err() {
        let message = LAST_PANIC.lock().ok().and_then(|last| last.clone()).unwrap_or_default();
        eprintln!("panic escaped parallax-core: {message}");
        std::process::abort();
    }
}

fn run(path: &str, format: InputFormat, data: &[u8]) {
    // A small size limit keeps each run fast and exercises the over-limit paths too.
    let config = IngestConfig { max_document_bytes: 64 << 10, ..IngestConfig::default() };
    let clean_config = CleanConfig::default();
    for event in ingest::read(path, data, Some(format), &config) {
        match event {
            IngestEvent::Document(raw) => {
                assert_eq!(raw.origin.path, path);
                let _ = clean(&raw, None, &clean_config);
            }
            IngestEvent::Diagnostic(diagnostic) => {
                assert_eq!(diagnostic.origin.path, path);
                assert!(!diagnostic.message.is_empty());
            }
        }
    }
}

/// `facts`: entities, quotes, time, figures and cited outlets over arbitrary text: no panic.
pub fn fuzz_facts(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let article = Article {
        id: DocumentId::new("fuzz"),
        origin: Origin::file("fuzz.txt"),
        format: SourceFormat::Text,
        url: None,
        outlet: None,
        title: None,
        author: None,
        date: Some("2023-09-05".into()),
        paragraphs: split_paragraphs(&text),
        sentences: split_sentences(&text),
        text,
        language: None,
        removed: Vec::new(),
        page_type: PageType::Article,
    };
    let facts = parallax_core::facts::article_facts(&article);
    let _ = parallax_core::facts::story_facts(&[(&article.id, &facts)]);
}

/// Spans in bounds, on char boundaries, increasing and not overlapping.
fn check_spans(text: &str, spans: impl Iterator<Item = Span>) {
    let mut previous_end = 0;
    for span in spans {
        assert!(span.start < span.end && span.end <= text.len(), "span out of bounds");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= previous_end, "overlapping or decreasing spans");
        previous_end = span.end;
    }
}

/// `facts_time_numbers`: time mentions (with and without an anchor) and quantities.
pub fn fuzz_time_numbers(text: &str) {
    let anchor = CivilDate::parse("2023-09-05");
    for anchor in [None, anchor] {
        let mentions = time_mentions(text, anchor);
        for mention in &mentions {
            assert_eq!(mention.resolved, mention.start.is_some() && mention.end.is_some());
            if let (Some(start), Some(end)) = (mention.start, mention.end) {
                assert!(start <= end, "range ends before it starts");
            }
        }
        check_spans(text, mentions.iter().map(|m| m.span));
    }
    let found = quantities(text);
    assert!(found.iter().all(|q| q.value.is_finite()), "non-finite value");
    check_spans(text, found.iter().map(|q| q.span));
}

/// `quotes`: attributions with real and bogus sentence spans, their spans in bounds.
pub fn fuzz_quotes(text: &str) {
    let bogus = [Span { start: 2, end: 1 }, Span { start: 0, end: text.len() + 3 }];
    for sentences in [split_sentences(text), bogus.to_vec()] {
        for attribution in attributions(text, &sentences) {
            let spans = attribution
                .source
                .iter()
                .chain(attribution.cue.iter())
                .chain(attribution.content.iter());
            for span in spans {
                assert!(span.start < span.end && span.end <= text.len(), "span out of bounds");
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }
}

/// `sentences`: sentence spans in order and in bounds; `normalize` idempotent.
pub fn fuzz_sentences(text: &str) {
    check_spans(text, split_sentences(text).into_iter());
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "normalize is not idempotent");
    for span in split_sentences(&once) {
        assert!(once.get(span.start..span.end).is_some());
    }
}
