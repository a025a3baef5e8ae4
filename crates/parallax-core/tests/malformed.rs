//! Malformed input: every bad file or record gets a diagnostic that names it (file, and line or
//! record number), and the batch goes on: the documents around a bad record still come through.
//!
//! Fixtures are generated in code (gzip, WARC, random bytes), so nothing binary is committed.
//! The property tests at the end hold the invariants the fuzz targets under `fuzz/` also check.

use std::io::Write;
use std::time::Instant;

use flate2::Compression;
use flate2::write::GzEncoder;
use parallax_core::clean::{CleanConfig, TextCleanConfig, TextContext, clean, clean_text};
use parallax_core::ingest::{self, IngestConfig, IngestEvent, InputFormat};
use parallax_core::model::{Body, Diagnostic, Origin, RawDocument, Severity};
use parallax_core::pipeline::{Pipeline, PipelineConfig};
use parallax_core::text::{normalize, split_sentences};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn read_with(
    path: &str,
    bytes: &[u8],
    format: Option<InputFormat>,
    config: &IngestConfig,
) -> Vec<IngestEvent> {
    ingest::read(path, bytes, format, config).collect()
}

fn read(path: &str, bytes: &[u8]) -> Vec<IngestEvent> {
    read_with(path, bytes, None, &IngestConfig::default())
}

fn documents(events: &[IngestEvent]) -> Vec<&RawDocument> {
    events
        .iter()
        .filter_map(|event| match event {
            IngestEvent::Document(document) => Some(document),
            IngestEvent::Diagnostic(_) => None,
        })
        .collect()
}

fn diagnostics(events: &[IngestEvent]) -> Vec<&Diagnostic> {
    events
        .iter()
        .filter_map(|event| match event {
            IngestEvent::Diagnostic(diagnostic) => Some(diagnostic),
            IngestEvent::Document(_) => None,
        })
        .collect()
}

fn errors(events: &[IngestEvent]) -> Vec<&Diagnostic> {
    diagnostics(events).into_iter().filter(|d| d.severity == Severity::Error).collect()
}

fn text_of(document: &RawDocument) -> &str {
    match &document.body {
        Body::Text(text) | Body::Html(text) => text,
    }
}

/// Asserts the message contains every key word (case-insensitive), with a readable failure.
#[track_caller]
fn assert_mentions(diagnostic: &Diagnostic, words: &[&str]) {
    let lower = diagnostic.message.to_lowercase();
    for word in words {
        assert!(
            lower.contains(&word.to_lowercase()),
            "diagnostic `{diagnostic}` should mention `{word}`"
        );
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A deterministic xorshift generator, so "random" fixtures are the same on every run.
fn pseudo_random_bytes(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn jsonl_record(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "title": format!("Story {id}"), "text": text }).to_string()
}

const ARTICLE: &str = "North Korean leader Kim Jong Un will travel to Russia to meet President \
                       Vladimir Putin, officials said on Monday. The two leaders are expected to \
                       discuss weapons supplies for the war in Ukraine.";

/// Three valid JSONL records, ids `a`, `b`, `c`.
fn three_records() -> String {
    ["a", "b", "c"]
        .iter()
        .map(|id| jsonl_record(id, &format!("{ARTICLE} Record {id}.")) + "\n")
        .collect()
}

fn html_page(title: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{title}</h1>\
         <p>North Korean leader Kim Jong Un will travel to Russia this month to meet President \
         Vladimir Putin and discuss supplying Moscow with weapons, according to officials.</p>\
         <p>The meeting would take place in Vladivostok, on the Pacific coast of Russia, where \
         the two leaders met for the first time in 2019, the officials said on Monday.</p>\
         <p>Kim is expected to travel by armored train, as he has done on previous trips abroad, \
         and could also visit a naval base and a space launch site during the visit.</p>\
         </article><footer>Copyright 2023</footer></body></html>"
    )
}

/// One WARC record with a correct `Content-Length`.
fn warc_record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2023-09-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn http_response(html: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len())
        .into_bytes()
}

fn good_response(uri: &str, title: &str) -> Vec<u8> {
    warc_record(
        "response",
        uri,
        "application/http; msgtype=response",
        &http_response(&html_page(title)),
    )
}

/// Prints the events (shown with `--nocapture`, or when a test fails).
fn dump(label: &str, events: &[IngestEvent]) {
    eprintln!("--- {label}");
    for event in events {
        match event {
            IngestEvent::Document(document) => {
                eprintln!("document {} {:?}", document.origin, document.url)
            }
            IngestEvent::Diagnostic(diagnostic) => eprintln!("{diagnostic}"),
        }
    }
}

fn urls(events: &[IngestEvent]) -> Vec<(Option<u64>, String)> {
    documents(events).iter().map(|d| (d.origin.record, d.url.clone().unwrap_or_default())).collect()
}

// ---------------------------------------------------------------------------------------------
// Gzip
// ---------------------------------------------------------------------------------------------

#[test]
fn gzip_jsonl_reads_transparently() {
    let events = read("batch.jsonl.gz", &gzip(three_records().as_bytes()));
    assert!(diagnostics(&events).is_empty(), "{:?}", diagnostics(&events));
    let ids: Vec<_> = documents(&events).iter().map(|d| d.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(documents(&events)[2].origin, Origin::record("batch.jsonl.gz", 3));
}

#[test]
fn gzip_truncated_in_trailer_keeps_all_records_and_reports_the_file() {
    let full = gzip(three_records().as_bytes());
    // Drop the last 4 bytes (the trailer's ISIZE): all data is there, the stream is not complete.
    let truncated = &full[..full.len() - 4];
    let events = read("batch.jsonl.gz", truncated);
    let ids: Vec<_> = documents(&events).iter().map(|d| d.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].origin, Origin::file("batch.jsonl.gz"));
    assert_mentions(errors[0], &["gzip", "truncated", "stopped after line 3"]);
}

#[test]
fn gzip_truncated_mid_stream_keeps_the_records_before_the_cut() {
    // Records long enough (and varied enough) that the deflate stream has several blocks' worth of
    // output before the cut; the cut lands in the middle of the compressed data.
    let mut records = String::new();
    for index in 0..200 {
        let noise: String =
            pseudo_random_bytes(300, index + 1).iter().map(|b| char::from(b'a' + b % 26)).collect();
        records.push_str(&jsonl_record(&format!("r{index}"), &format!("{ARTICLE} {noise}")));
        records.push('\n');
    }
    let full = gzip(records.as_bytes());
    let truncated = &full[..full.len() / 2];
    let events = read("big.jsonl.gz", truncated);
    let documents = documents(&events);
    assert!(!documents.is_empty() && documents.len() < 200, "{} documents", documents.len());
    // The documents that came through are exactly the first N lines, in order, intact.
    for (index, document) in documents.iter().enumerate() {
        assert_eq!(document.id.as_deref(), Some(format!("r{index}").as_str()));
        assert_eq!(document.origin, Origin::record("big.jsonl.gz", index as u64 + 1));
    }
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].origin, Origin::file("big.jsonl.gz"));
    assert_mentions(
        errors[0],
        &["truncated gzip", &format!("stopped after line {}", documents.len())],
    );
}

#[test]
fn gzip_truncated_text_and_header_only() {
    let full = gzip(ARTICLE.as_bytes());
    let events = read("story.txt.gz", &full[..full.len() / 2]);
    assert!(documents(&events).is_empty());
    assert_eq!(errors(&events).len(), 1);
    assert_eq!(errors(&events)[0].origin, Origin::file("story.txt.gz"));
    assert_mentions(errors(&events)[0], &["gzip"]);

    // Just the magic bytes and a few header bytes.
    let events = read("story.txt.gz", &full[..6]);
    assert_eq!(events.len(), 1);
    assert_eq!(errors(&events)[0].origin, Origin::file("story.txt.gz"));
    assert_mentions(errors(&events)[0], &["gzip"]);
}

#[test]
fn gzip_of_an_empty_file() {
    let events = read("empty.jsonl.gz", &gzip(b""));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(errors(&events)[0].origin, Origin::file("empty.jsonl.gz"));
    assert_mentions(errors(&events)[0], &["empty"]);
}

// ---------------------------------------------------------------------------------------------
// Binary, encoding, empty
// ---------------------------------------------------------------------------------------------

#[test]
fn binary_file_is_rejected_whatever_its_name() {
    let mut bytes = pseudo_random_bytes(4096, 42);
    bytes[10] = 0;
    bytes[0] = b'x'; // not gzip magic, not `{` or `<`
    for path in ["blob.bin", "blob.txt", "blob.html"] {
        let events = read(path, &bytes);
        assert!(documents(&events).is_empty(), "{path}: {events:?}");
        let errors = errors(&events);
        assert_eq!(errors.len(), 1, "{path}: {errors:?}");
        assert_eq!(errors[0].origin, Origin::file(path));
        assert_mentions(errors[0], &["binary"]);
    }
}

#[test]
fn binary_file_without_nul_bytes_is_rejected() {
    // Control bytes but no NUL.
    let bytes: Vec<u8> =
        pseudo_random_bytes(4096, 7).into_iter().map(|b| if b == 0 { 1 } else { b % 32 }).collect();
    let events = read("controls.txt", &bytes);
    assert!(documents(&events).is_empty());
    assert_eq!(errors(&events)[0].origin, Origin::file("controls.txt"));
    assert_mentions(errors(&events)[0], &["binary"]);
}

#[test]
fn binary_jsonl_record_is_rejected_and_the_others_kept() {
    let mut bytes = (jsonl_record("a", ARTICLE) + "\n").into_bytes();
    bytes.extend_from_slice(b"{\"text\": \"x\0\0\0y\"}\n");
    bytes.extend_from_slice((jsonl_record("c", ARTICLE) + "\n").as_bytes());
    let events = read("mixed.jsonl", &bytes);
    let ids: Vec<_> = documents(&events).iter().map(|d| d.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "c"]);
    let errors = errors(&events);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, Origin::record("mixed.jsonl", 2));
    assert_mentions(errors[0], &["binary"]);
}

#[test]
fn invalid_utf8_text_is_decoded_with_a_warning() {
    let mut bytes =
        b"Kim to meet Putin\n\nNorth Korean leader Kim Jong Un will travel to Russia, ".to_vec();
    bytes.extend_from_slice(b"officials said in M\xfcnchen on Monday, caf\xe9 \xff\xfe.\n");
    let events = read("latin.txt", &bytes);
    let documents = documents(&events);
    assert_eq!(documents.len(), 1, "{events:?}");
    assert_eq!(documents[0].origin, Origin::file("latin.txt"));
    assert!(text_of(documents[0]).contains("North Korean leader"));
    let diagnostics = diagnostics(&events);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!(diagnostics[0].origin, Origin::file("latin.txt"));
    assert_mentions(diagnostics[0], &["not valid UTF-8", "byte at 93"]);
}

/// UTF-16 text with a byte-order mark is text, not binary: `decode_text` and `decode_html` handle
/// the BOM (`Encoding::for_bom`), but every ASCII character of UTF-16 has a NUL byte.
///
/// Regression: the binary check once ran before the BOM was looked at and rejected UTF-16 for
/// its NUL bytes; a BOM other than UTF-8's now vouches for the text.
#[test]
fn utf16_text_with_a_bom_is_decoded() {
    let text = "Kim to meet Putin\n\nNorth Korean leader Kim Jong Un will travel to Russia.\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let events = read("windows.txt", &bytes);
    assert!(errors(&events).is_empty(), "{events:?}");
    assert_eq!(documents(&events).len(), 1);
    assert!(text_of(documents(&events)[0]).contains("North Korean leader"));
}

#[test]
fn invalid_utf8_jsonl_record_is_rejected_and_the_others_kept() {
    let mut bytes = (jsonl_record("a", ARTICLE) + "\n").into_bytes();
    bytes.extend_from_slice(b"{\"id\": \"b\", \"text\": \"caf\xe9 au lait\"}\n");
    bytes.extend_from_slice((jsonl_record("c", ARTICLE) + "\n").as_bytes());
    let events = read("utf8.jsonl", &bytes);
    let ids: Vec<_> = documents(&events).iter().map(|d| d.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "c"]);
    let errors = errors(&events);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, Origin::record("utf8.jsonl", 2));
    assert_mentions(errors[0], &["UTF-8"]);
}

#[test]
fn empty_and_blank_files() {
    for path in ["empty.txt", "empty.html", "empty.jsonl", "empty.warc", "empty"] {
        let events = read(path, b"");
        assert_eq!(events.len(), 1, "{path}: {events:?}");
        assert_eq!(errors(&events)[0].origin, Origin::file(path));
        assert_mentions(errors(&events)[0], &["empty"]);
    }
    let events = read("blank.txt", b" \n\t\r\n  \n");
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(errors(&events)[0].origin, Origin::file("blank.txt"));
    assert_mentions(errors(&events)[0], &["whitespace"]);
}

#[test]
fn blank_jsonl_file_yields_no_documents() {
    // A JSONL file of blank lines is not empty, and blank lines are skipped silently, so it
    // produces nothing at all (no document and, today, no diagnostic either). Only the absence of
    // documents and of a panic is asserted here; see the report on whether it deserves a warning.
    let events = read("blank.jsonl", b"\n\n   \n\r\n");
    assert!(documents(&events).is_empty());
    assert!(events.len() <= 1, "{events:?}");
}

// ---------------------------------------------------------------------------------------------
// Size limit: a 50 MB single line
// ---------------------------------------------------------------------------------------------

fn fifty_megabyte_line() -> Vec<u8> {
    let sentence = "The armored train carrying Kim Jong Un crossed into Russia early on Tuesday. ";
    let mut bytes = Vec::with_capacity(50_000_100);
    while bytes.len() < 50_000_000 {
        bytes.extend_from_slice(sentence.as_bytes());
    }
    bytes
}

#[test]
fn fifty_megabyte_line_is_rejected_under_the_default_limit() {
    let bytes = fifty_megabyte_line();
    let started = Instant::now();
    let events = read("huge.txt", &bytes);
    eprintln!("50 MB text, default limit: {:?}", started.elapsed());
    assert!(documents(&events).is_empty());
    assert_eq!(events.len(), 1);
    assert_eq!(errors(&events)[0].origin, Origin::file("huge.txt"));
    assert_mentions(errors(&events)[0], &["larger than", "16 MiB", "limit"]);

    // The same line as one JSONL record between two good ones: only that record goes.
    let mut jsonl = (jsonl_record("a", ARTICLE) + "\n").into_bytes();
    jsonl.extend_from_slice(b"{\"id\": \"big\", \"text\": \"");
    jsonl.extend_from_slice(&bytes);
    jsonl.extend_from_slice(b"\"}\n");
    jsonl.extend_from_slice((jsonl_record("c", ARTICLE) + "\n").as_bytes());
    let started = Instant::now();
    let events = read("huge.jsonl", &jsonl);
    eprintln!("50 MB JSONL record, default limit: {:?}", started.elapsed());
    let ids: Vec<_> = documents(&events).iter().map(|d| d.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(documents(&events)[1].origin, Origin::record("huge.jsonl", 3));
    let errors = errors(&events);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, Origin::record("huge.jsonl", 2));
    assert_mentions(errors[0], &["larger than", "limit"]);

    // And as one WARC record between two good ones. (The warc reader buffers the whole record
    // before the size check, so memory grows with the record; the limit is applied after.)
    let mut warc = good_response("https://example.com/one", "One");
    let mut page = b"<html><body><p>".to_vec();
    page.extend_from_slice(&bytes);
    page.extend_from_slice(b"</p></body></html>");
    warc.extend(warc_record("resource", "https://example.com/huge", "text/html", &page));
    warc.extend(good_response("https://example.com/three", "Three"));
    let started = Instant::now();
    let events = read("huge.warc", &warc);
    eprintln!("50 MB WARC record, default limit: {:?}", started.elapsed());
    assert_eq!(
        urls(&events),
        [
            (Some(1), "https://example.com/one".to_owned()),
            (Some(3), "https://example.com/three".to_owned())
        ]
    );
    let warc_errors = self::errors(&events);
    assert_eq!(warc_errors.len(), 1, "{warc_errors:?}");
    assert_eq!(warc_errors[0].origin, Origin::record("huge.warc", 2));
    assert_mentions(warc_errors[0], &["larger than", "16 MiB", "limit"]);
}

#[test]
fn fifty_megabyte_line_is_processed_under_a_raised_limit() {
    let bytes = fifty_megabyte_line();
    let config = IngestConfig { max_document_bytes: 64 << 20, ..IngestConfig::default() };
    let started = Instant::now();
    let events = read_with("huge.txt", &bytes, None, &config);
    eprintln!("50 MB text, 64 MiB limit, ingest: {:?}", started.elapsed());
    let documents = documents(&events);
    assert_eq!(documents.len(), 1, "{:?}", diagnostics(&events));
    let started = Instant::now();
    // Whatever the verdict on a one-line page (kept or "no article text left"), it must come back.
    let result = clean(documents[0], None, &CleanConfig::default());
    eprintln!("50 MB text, clean: {:?} (ok: {})", started.elapsed(), result.is_ok());
    match result {
        Ok((article, _)) => assert!(!article.text.is_empty()),
        Err(diagnostic) => assert_eq!(diagnostic.origin, Origin::file("huge.txt")),
    }
}

/// "No limit" spelled as the largest value should mean no limit, not a crash or an empty read.
///
/// Regression: `max_document_bytes + 1` once overflowed (a panic in debug builds, a limit of 0 in
/// release); the limit now saturates.
#[test]
fn unlimited_document_size_does_not_overflow() {
    let config = IngestConfig { max_document_bytes: usize::MAX, ..IngestConfig::default() };
    let events = read_with("unlimited.txt", ARTICLE.as_bytes(), None, &config);
    assert_eq!(documents(&events).len(), 1, "{events:?}");
    let events = read_with("unlimited.jsonl", three_records().as_bytes(), None, &config);
    assert_eq!(documents(&events).len(), 3, "{events:?}");
}

// ---------------------------------------------------------------------------------------------
// Broken JSONL records
// ---------------------------------------------------------------------------------------------

#[test]
fn broken_jsonl_records_are_reported_by_line_and_skipped() {
    let lines = [
        jsonl_record("first", ARTICLE),                        // 1: good
        "this is not JSON".to_owned(),                         // 2
        "[1, 2, 3]".to_owned(),                                // 3: array
        r#"{"id": "x", "title": "No body here"}"#.to_owned(),  // 4: missing text
        r#"{"id": "y", "text": ["a", "list"]}"#.to_owned(),    // 5: wrong type
        String::new(),                                         // 6: blank, skipped silently
        r#"{"id": "z", "text": "   "}"#.to_owned(),            // 7: empty body
        r#"{"id": "t", "text": "ok"} trailing"#.to_owned(),    // 8: trailing garbage
        r#"{"id": {"nested": 1}, "text": "fine"}"#.to_owned(), // 9: wrong type of id
        r#"{"text": "unterminated"#.to_owned(),                // 10: truncated record
        "42".to_owned(),                                       // 11: a number
        jsonl_record("last", ARTICLE),                         // 12: good
    ];
    let input = lines.join("\n");
    let events = read("broken.jsonl", input.as_bytes());
    let kept: Vec<_> =
        documents(&events).iter().map(|d| (d.origin.record, d.id.clone().unwrap())).collect();
    assert_eq!(kept, [(Some(1), "first".to_owned()), (Some(12), "last".to_owned())]);

    let errors = errors(&events);
    let expected: &[(u64, &[&str])] = &[
        (2, &["invalid JSON"]),
        (3, &["expected a JSON object", "array"]),
        (4, &["no body", "text"]),
        (5, &["`text`", "string", "array"]),
        (7, &["empty"]),
        (8, &["invalid JSON"]),
        (9, &["`id`", "string", "object"]),
        (10, &["invalid JSON"]),
        (11, &["expected a JSON object", "number"]),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, (line, words)) in errors.iter().zip(expected) {
        assert_eq!(error.origin, Origin::record("broken.jsonl", *line));
        assert_mentions(error, words);
    }
}

#[test]
fn jsonl_line_numbers_count_crlf_and_bom_lines() {
    let input = format!(
        "\u{feff}{}\r\nnope\r\n{}\r\n",
        jsonl_record("a", ARTICLE),
        jsonl_record("b", ARTICLE)
    );
    let events = read("crlf.jsonl", input.as_bytes());
    let kept: Vec<_> =
        documents(&events).iter().map(|d| (d.origin.record, d.id.clone().unwrap())).collect();
    assert_eq!(kept, [(Some(1), "a".to_owned()), (Some(3), "b".to_owned())]);
    assert_eq!(errors(&events)[0].origin, Origin::record("crlf.jsonl", 2));
}

#[test]
fn too_many_bad_jsonl_lines_in_a_row_skip_the_rest_of_the_file() {
    let mut input = String::new();
    for _ in 0..5 {
        input.push_str("garbage\n");
    }
    input.push_str(&jsonl_record("late", ARTICLE));
    let config = IngestConfig { max_consecutive_errors: 3, ..IngestConfig::default() };
    let events = read_with("garbage.jsonl", input.as_bytes(), None, &config);
    assert!(documents(&events).is_empty());
    let errors = errors(&events);
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[2].origin, Origin::record("garbage.jsonl", 3));
    assert_mentions(errors[2], &["skipping the rest"]);
}

// ---------------------------------------------------------------------------------------------
// WARC
// ---------------------------------------------------------------------------------------------

fn warcinfo() -> Vec<u8> {
    warc_record("warcinfo", "", "application/warc-fields", b"software: parallax-test\r\n")
}

#[test]
fn warc_good_records_come_through_and_non_html_is_skipped() {
    let mut warc = warcinfo();
    warc.extend(good_response("https://example.com/one", "One"));
    warc.extend(warc_record(
        "request",
        "https://example.com/one",
        "application/http; msgtype=request",
        b"GET /one HTTP/1.1\r\n\r\n",
    ));
    warc.extend(good_response("https://example.com/two", "Two"));
    let events = read("crawl.warc", &warc);
    assert!(diagnostics(&events).is_empty(), "{:?}", diagnostics(&events));
    assert_eq!(
        urls(&events),
        [
            (Some(2), "https://example.com/one".to_owned()),
            (Some(4), "https://example.com/two".to_owned())
        ]
    );
}

/// A record whose `Content-Length` is not a number.
///
/// The header block fails to parse; the reader reports it once and skips to the next `WARC/`
/// line, so the good record after it survives with its true number (see the next test).
#[test]
fn warc_record_with_a_bad_header_is_reported_and_the_next_record_survives() {
    let mut warc = good_response("https://example.com/one", "One");
    let bad = good_response("https://example.com/bad", "Bad");
    let bad = String::from_utf8(bad).unwrap();
    let bad = bad.replacen(
        "WARC/1.0\r\nWARC-Type: response",
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc",
        1,
    );
    // The first Content-Length wins in the warc parser; put the bad one first.
    warc.extend_from_slice(bad.as_bytes());
    warc.extend(good_response("https://example.com/three", "Three"));
    let events = read("bad-header.warc", &warc);
    dump("bad-header.warc", &events);
    let urls = urls(&events);
    assert_eq!(urls.first(), Some(&(Some(1), "https://example.com/one".to_owned())), "{events:#?}");
    assert_eq!(urls.len(), 2, "{events:#?}");
    assert_eq!(urls[1].1, "https://example.com/three");
    let errors = errors(&events);
    assert!(!errors.is_empty());
    assert_eq!(errors[0].origin, Origin::record("bad-header.warc", 2));
    assert_mentions(errors[0], &["malformed WARC record"]);
    assert!(errors.iter().all(|error| error.origin.path == "bad-header.warc"));
}

/// The good record after a bad one should keep its true position in the file (record 3), and one
/// bad record should give one diagnostic.
///
/// Regression: with the `warc` crate's own reader the bad record's body was parsed as further
/// records (three errors) and the good record was numbered 5; framing is now ours.
#[test]
fn warc_record_numbers_stay_true_after_a_bad_header() {
    let mut warc = good_response("https://example.com/one", "One");
    let bad = String::from_utf8(good_response("https://example.com/bad", "Bad")).unwrap();
    let bad = bad.replacen(
        "WARC/1.0\r\nWARC-Type: response",
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc",
        1,
    );
    warc.extend_from_slice(bad.as_bytes());
    warc.extend(good_response("https://example.com/three", "Three"));
    let events = read("numbers.warc", &warc);
    dump("numbers.warc", &events);
    let errors = errors(&events);
    assert_eq!(
        urls(&events),
        [
            (Some(1), "https://example.com/one".to_owned()),
            (Some(3), "https://example.com/three".to_owned())
        ],
        "errors: {errors:#?}"
    );
    assert_eq!(errors.len(), 1, "one bad record, one diagnostic: {errors:#?}");
}

/// Content-Length smaller than the block: the record is cut short (its HTTP message is then
/// incomplete, one error), the rest of its block is stray data before the next `WARC/` line (one
/// warning), and the good record after it keeps its true number.
#[test]
fn warc_record_with_a_short_content_length() {
    let mut warc = good_response("https://example.com/one", "One");
    let bad = good_response("https://example.com/bad", "Bad");
    let block_len = http_response(&html_page("Bad")).len();
    let bad = String::from_utf8(bad).unwrap().replacen(
        &format!("Content-Length: {block_len}\r\n\r\n"),
        "Content-Length: 20\r\n\r\n",
        1,
    );
    assert!(bad.contains("Content-Length: 20\r\n"));
    warc.extend_from_slice(bad.as_bytes());
    warc.extend(good_response("https://example.com/three", "Three"));
    let events = read("short.warc", &warc);
    dump("short.warc", &events);
    assert_eq!(
        urls(&events),
        [
            (Some(1), "https://example.com/one".to_owned()),
            (Some(3), "https://example.com/three".to_owned())
        ]
    );
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0].origin, Origin::record("short.warc", 2));
    assert_mentions(errors[0], &["HTTP"]);
    let warnings: Vec<_> =
        diagnostics(&events).into_iter().filter(|d| d.severity == Severity::Warning).collect();
    assert_eq!(warnings.len(), 1, "{events:#?}");
    assert_mentions(warnings[0], &["stray bytes", "Content-Length"]);
}

/// Content-Length larger than the block: the block read runs into the next record. The reader
/// notices the `WARC/` start inside the block, reports the bad record once, and gives the overrun
/// back, so the good record after it survives with its true number.
#[test]
fn warc_record_with_a_long_content_length() {
    let mut warc = good_response("https://example.com/one", "One");
    let bad = good_response("https://example.com/bad", "Bad");
    let block_len = http_response(&html_page("Bad")).len();
    let bad = String::from_utf8(bad).unwrap().replacen(
        &format!("Content-Length: {block_len}\r\n\r\n"),
        &format!("Content-Length: {}\r\n\r\n", block_len + 100_000),
        1,
    );
    warc.extend_from_slice(bad.as_bytes());
    warc.extend(good_response("https://example.com/three", "Three"));
    let events = read("long.warc", &warc);
    dump("long.warc", &events);
    assert_eq!(
        urls(&events),
        [
            (Some(1), "https://example.com/one".to_owned()),
            (Some(3), "https://example.com/three".to_owned())
        ],
        "{events:#?}"
    );
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0].origin, Origin::record("long.warc", 2));
    assert_mentions(errors[0], &["malformed WARC record", "Content-Length"]);
}

#[test]
fn warc_with_bad_http_inside_a_record() {
    let mut warc = good_response("https://example.com/one", "One");
    warc.extend(warc_record(
        "response",
        "https://example.com/bad",
        "application/http; msgtype=response",
        b"NOT HTTP AT ALL\r\n\r\n<p>x</p>",
    ));
    warc.extend(warc_record(
        "response",
        "https://example.com/nohead",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK no blank line",
    ));
    warc.extend(warc_record(
        "response",
        "https://example.com/gz",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\nnot gzip",
    ));
    warc.extend(good_response("https://example.com/five", "Five"));
    let events = read("http.warc", &warc);
    dump("http.warc", &events);
    assert_eq!(
        urls(&events),
        [
            (Some(1), "https://example.com/one".to_owned()),
            (Some(5), "https://example.com/five".to_owned())
        ]
    );
    let errors = errors(&events);
    let origins: Vec<_> = errors.iter().map(|e| e.origin.clone()).collect();
    assert_eq!(
        origins,
        [
            Origin::record("http.warc", 2),
            Origin::record("http.warc", 3),
            Origin::record("http.warc", 4)
        ]
    );
    assert_mentions(errors[0], &["status line"]);
    assert_mentions(errors[1], &["blank line"]);
    assert_mentions(errors[2], &["gzip"]);
}

#[test]
fn warc_truncated_in_the_last_record() {
    let mut warc = good_response("https://example.com/one", "One");
    let second = good_response("https://example.com/two", "Two");
    warc.extend_from_slice(&second[..second.len() / 2]);
    let events = read("cut.warc", &warc);
    dump("cut.warc", &events);
    assert_eq!(urls(&events), [(Some(1), "https://example.com/one".to_owned())]);
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0].origin, Origin::record("cut.warc", 2));
}

/// A WARC cut inside the last record's *header* block should also be reported.
///
/// Regression: the `warc` crate's reader dropped a partial header at end of file silently.
#[test]
fn warc_truncated_in_the_last_header() {
    let mut warc = good_response("https://example.com/one", "One");
    warc.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/t",
    );
    let events = read("cut-header.warc", &warc);
    dump("cut-header.warc", &events);
    assert_eq!(urls(&events), [(Some(1), "https://example.com/one".to_owned())]);
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0].origin.path, "cut-header.warc");
}

#[test]
fn warc_gzip_multi_member() {
    // The usual .warc.gz layout: one gzip member per record.
    let mut warc_gz = gzip(&warcinfo());
    warc_gz.extend(gzip(&good_response("https://example.com/one", "One")));
    warc_gz.extend(gzip(&good_response("https://example.com/two", "Two")));
    warc_gz.extend(gzip(&good_response("https://example.com/three", "Three")));
    let events = read("crawl.warc.gz", &warc_gz);
    assert!(diagnostics(&events).is_empty(), "{:?}", diagnostics(&events));
    assert_eq!(
        urls(&events),
        [
            (Some(2), "https://example.com/one".to_owned()),
            (Some(3), "https://example.com/two".to_owned()),
            (Some(4), "https://example.com/three".to_owned())
        ]
    );
}

/// A `.warc.gz` whose last gzip member is cut short should give the records before the cut and
/// then one file-level "corrupt or truncated gzip" error, as JSONL does.
///
/// Regression: a read error once repeated as 100 bogus record errors; it now ends the file with
/// one diagnostic naming gzip.
#[test]
fn warc_gzip_truncated_gives_one_file_error() {
    let mut warc_gz = gzip(&warcinfo());
    warc_gz.extend(gzip(&good_response("https://example.com/one", "One")));
    warc_gz.extend(gzip(&good_response("https://example.com/two", "Two")));
    warc_gz.extend(gzip(&good_response("https://example.com/three", "Three")));
    // The last member truncated: the first records come through, the file gets a gzip error.
    let cut = warc_gz.len() - 30;
    let events = read("crawl.warc.gz", &warc_gz[..cut]);
    dump("crawl.warc.gz truncated", &events);
    let urls = urls(&events);
    assert_eq!(
        urls[..2],
        [
            (Some(2), "https://example.com/one".to_owned()),
            (Some(3), "https://example.com/two".to_owned())
        ]
    );
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0].origin.path, "crawl.warc.gz");
    assert_mentions(errors[0], &["gzip"]);
}

#[test]
fn warc_without_records_or_without_html() {
    let events = read("notwarc.warc", b"hello, this is not a WARC file\n");
    assert_eq!(errors(&events).len(), 1, "{events:?}");
    assert_eq!(errors(&events)[0].origin.path, "notwarc.warc");

    let events = read("info.warc", &warcinfo());
    assert!(documents(&events).is_empty());
    assert_eq!(diagnostics(&events).len(), 1);
    assert_eq!(diagnostics(&events)[0].origin, Origin::file("info.warc"));
    assert_mentions(diagnostics(&events)[0], &["none holding an HTML page"]);
}

// ---------------------------------------------------------------------------------------------
// Hostile and heavy input (issue 21): bounded in time and memory, never a crash
// ---------------------------------------------------------------------------------------------

/// The shape that took `ingest` down: 100,000 nested `<div>`s (1.1 MB). Before, the parse and
/// the selector passes took minutes and then overflowed the stack (an abort, the whole batch
/// lost). Now the tags below 256 levels are dropped before parsing, the text is kept, and a
/// warning names the file.
#[test]
fn issue_21_deeply_nested_html_is_flattened_and_named() {
    let depth = 100_000;
    let page = format!(
        "<html><body>{}<p>A storm hit Maine on Tuesday.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let document = RawDocument::new(Origin::file("deep.html"), Body::Html(page));
    let (article, warnings) = clean(&document, None, &CleanConfig::default()).expect("an article");
    assert_eq!(article.text, "A storm hit Maine on Tuesday.");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].origin, Origin::file("deep.html"));
    assert_mentions(&warnings[0], &["deeper than 256 levels"]);
    // The facts stage walks no tree, but runs here too for completeness.
    let facts = parallax_core::facts::article_facts(&article);
    assert!(facts.entities.iter().any(|entity| entity.name == "Maine"));
}

/// A 1 MB text without one full stop used to be one "sentence": the attribution features looked
/// across it for every word (quadratic: minutes for 4 MB), and every date kept the whole text as
/// its context (767 MB of facts JSON for 4 MB, which SQLite refused). Now sentences are capped,
/// long texts are read piece by piece, and the facts are capped, so their JSON stays a small
/// multiple of the text.
#[test]
fn issue_21_a_text_without_full_stops_stays_proportionate() {
    let words =
        ["storm", "Maine", "hit", "Tuesday", "the", "said", "January", "in", "2024", "five miles"];
    let mut text = String::from("Storm news\n\n");
    let mut state = 7u64;
    while text.len() < 1 << 20 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        text.push_str(words[(state >> 33) as usize % words.len()]);
        text.push(' ');
    }
    let document = RawDocument::new(Origin::file("nostop.txt"), Body::Text(text));
    let (article, _) = clean(&document, None, &CleanConfig::default()).expect("an article");
    assert!(
        article
            .sentences
            .iter()
            .all(|s| s.end - s.start <= parallax_core::text::MAX_SENTENCE_BYTES)
    );
    let facts = parallax_core::facts::article_facts(&article);
    let json = serde_json::to_string(&facts).unwrap();
    assert!(
        json.len() < 4 * article.text.len(),
        "facts JSON {} bytes for {} bytes of text",
        json.len(),
        article.text.len()
    );
    assert!(facts.truncated, "the caps were hit and say so");
    assert!(facts.times.len() <= parallax_core::facts::MAX_FACTS_PER_LIST);
    assert!(facts.times.iter().all(|time| time.context.len() <= 400));
}

/// `Content-Length: 1000000000000000` on the second of three records. Before, the reader skipped
/// 10^15 bytes, that is the rest of the file: the third (valid) record was lost and the only
/// diagnostic blamed a truncated file. Now the skip stops at the next record, which comes
/// through, and the error names record 2.
#[test]
fn issue_21_warc_content_length_of_10_15_does_not_swallow_the_next_record() {
    let mut warc = good_response("https://example.com/one", "One");
    let bad = String::from_utf8(good_response("https://example.com/bad", "Bad")).unwrap();
    let bad = regex_free_replace_length(&bad, "1000000000000000");
    warc.extend_from_slice(bad.as_bytes());
    warc.extend(good_response("https://example.com/three", "Three"));
    let events = read("huge-length.warc", &warc);
    dump("huge-length.warc", &events);
    let found = urls(&events);
    assert_eq!(found.len(), 2, "{events:#?}");
    assert_eq!(found[0], (Some(1), "https://example.com/one".to_owned()));
    assert_eq!(found[1], (Some(3), "https://example.com/three".to_owned()));
    let bad = errors(&events);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].origin, Origin::record("huge-length.warc", 2));
    assert_mentions(bad[0], &["Content-Length", "runs into the next record"]);

    // The marker cut across the reader's chunks: the same through a one-byte buffer.
    for chunk in [1, 3, 7, 1000] {
        let reader = Trickle { bytes: &warc, at: 0, chunk };
        let events: Vec<IngestEvent> =
            ingest::read("small-chunks.warc", reader, None, &IngestConfig::default()).collect();
        assert_eq!(urls(&events).len(), 2, "chunks of {chunk}: {events:#?}");
    }

    // A truly huge last record (the file ends inside it) is still reported as truncated.
    let mut warc = good_response("https://example.com/one", "One");
    warc.extend_from_slice(
        regex_free_replace_length(
            &String::from_utf8(good_response("https://example.com/cut", "Cut")).unwrap(),
            "1000000000000000",
        )
        .as_bytes(),
    );
    let events = read("cut.warc", &warc);
    assert_eq!(urls(&events).len(), 1);
    assert_mentions(errors(&events)[0], &["truncated"]);
}

/// A reader that hands out at most `chunk` bytes per read, as a slow pipe does.
struct Trickle<'a> {
    bytes: &'a [u8],
    at: usize,
    chunk: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n = buffer.len().min(self.chunk).min(self.bytes.len() - self.at);
        buffer[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A NUL byte in the first 8 KiB rejected a file as binary while one after 8 KiB was silently
/// dropped. Now the whole document is looked at: a stray NUL anywhere is dropped with a warning,
/// and only NULs making up a real share of it (a binary file) reject it.
#[test]
fn issue_21_a_nul_byte_is_treated_the_same_wherever_it_is() {
    let text =
        format!("Storm news\n\n{}", "A storm hit the coast of Maine on Tuesday. ".repeat(500));
    for at in [100, text.len() - 100] {
        let mut bytes = text.clone().into_bytes();
        bytes.insert(at, 0);
        let events = read("nul.txt", &bytes);
        assert_eq!(documents(&events).len(), 1, "NUL at {at}: {events:?}");
        let warnings = diagnostics(&events);
        assert_eq!(warnings.len(), 1, "NUL at {at}: {warnings:?}");
        assert_eq!(warnings[0].severity, Severity::Warning);
        assert_mentions(warnings[0], &["NUL"]);
        let document = documents(&events)[0];
        let (article, _) = clean(document, None, &CleanConfig::default()).expect("an article");
        assert!(!article.text.contains('\0'));
    }
}

/// The record's `Content-Length` header replaced by `length`.
fn regex_free_replace_length(record: &str, length: &str) -> String {
    let start = record.find("Content-Length: ").expect("a length") + "Content-Length: ".len();
    let end = start + record[start..].find('\r').expect("a line end");
    format!("{}{length}{}", &record[..start], &record[end..])
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Text that looks like articles with furniture: more likely to reach the interesting paths than
/// arbitrary strings.
fn article_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("Kim to meet Putin".to_owned()),
        Just("North Korean leader Kim Jong Un will travel to Russia, officials said.".to_owned()),
        Just("The U.S. said Mr. Kim's train left at 5 p.m. on Jan. 3. Then it stopped.".to_owned()),
        Just("Share on Facebook".to_owned()),
        Just("Follow us on Google News!".to_owned()),
        Just("Previous article".to_owned()),
        Just("Views: 1021".to_owned()),
        Just("“Arms talks are advancing,” said Watson. “Are they?”".to_owned()),
        Just("Copyright 2023 All rights reserved".to_owned()),
        Just(String::new()),
        Just("   ".to_owned()),
        "[a-zA-Z .,!?'’“”\u{a0}\u{200b}é\u{301}-]{0,80}",
    ];
    prop::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), article_like(), "(?s).{0,200}"]
}

fn check_spans(text: &str) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for span in split_sentences(text) {
        prop_assert!(span.start < span.end, "empty span {span:?}");
        prop_assert!(span.end <= text.len(), "span {span:?} past the end ({})", text.len());
        prop_assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
        prop_assert!(
            span.start >= previous_end,
            "span {span:?} overlaps or goes back from {previous_end}"
        );
        let slice = &text[span.start..span.end];
        prop_assert_eq!(slice, slice.trim());
        prop_assert!(!slice.contains('\n'), "sentence crosses a line: {:?}", slice);
        previous_end = span.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn normalize_is_idempotent(text in any_text()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn sentence_spans_are_in_bounds_and_ordered(text in any_text()) {
        check_spans(&text)?;
        check_spans(&normalize(&text))?;
    }

    #[test]
    fn clean_text_keeps_only_input_lines(text in any_text(), normalized in any::<bool>()) {
        let input = if normalized { normalize(&text) } else { text };
        let cleaned = clean_text(&input, TextContext::default(), &TextCleanConfig::default());
        let lines: Vec<&str> = input.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
        let kept: Vec<&str> = cleaned.text.split("\n\n").filter(|p| !p.is_empty()).collect();
        for paragraph in &kept {
            prop_assert!(lines.contains(paragraph), "output paragraph {:?} is not an input line", paragraph);
        }
        // Kept in input order (checked when the lines are distinct, so positions are unambiguous).
        let mut unique = lines.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() == lines.len() {
            let positions: Vec<usize> = kept.iter().filter_map(|p| lines.iter().position(|l| l == p)).collect();
            prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "paragraphs out of order: {:?}", positions);
        }
        for removal in &cleaned.removed {
            prop_assert!(lines.contains(&removal.text.as_str()), "removed {:?} is not an input line", removal.text);
        }
        if let Some(title) = &cleaned.title {
            prop_assert!(lines.iter().any(|line| line.contains(title.as_str())), "title {:?} is not from the input", title);
        }
        // Every non-empty line is accounted for: kept, removed (with a reason) or the title.
        let accounted = kept.len() + cleaned.removed.len() + usize::from(cleaned.title.is_some());
        prop_assert_eq!(accounted, lines.len());
    }

    #[test]
    fn ingest_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048), gz in any::<bool>()) {
        let bytes = if gz { gzip(&bytes) } else { bytes };
        let config = IngestConfig { max_document_bytes: 1 << 20, ..IngestConfig::default() };
        for (path, format) in [
            ("f.txt", InputFormat::Text),
            ("f.html", InputFormat::Html),
            ("f.jsonl", InputFormat::Jsonl),
            ("f.warc", InputFormat::Warc),
        ] {
            for event in ingest::read(path, bytes.as_slice(), Some(format), &config) {
                match event {
                    IngestEvent::Document(raw) => {
                        prop_assert_eq!(&raw.origin.path, path);
                        if let Ok((article, _)) = clean(&raw, None, &CleanConfig::default()) {
                            check_spans(&article.text)?;
                        }
                    }
                    IngestEvent::Diagnostic(diagnostic) => prop_assert_eq!(&diagnostic.origin.path, path),
                }
            }
        }
        // And with the format left to sniffing.
        let _ = ingest::read("unknown", bytes.as_slice(), None, &config).count();
    }

    #[test]
    fn ingest_never_panics_on_mangled_warc(cut in 0usize..4000, flips in prop::collection::vec((0usize..4000, any::<u8>()), 0..6)) {
        let mut warc = warcinfo();
        warc.extend(good_response("https://example.com/one", "One"));
        warc.extend(good_response("https://example.com/two", "Two"));
        for (index, byte) in flips {
            let len = warc.len();
            warc[index % len] = byte;
        }
        warc.truncate(cut.max(1).min(warc.len()));
        for event in ingest::read("m.warc", warc.as_slice(), Some(InputFormat::Warc), &IngestConfig::default()) {
            match event {
                IngestEvent::Document(raw) => prop_assert_eq!(&raw.origin.path, "m.warc"),
                IngestEvent::Diagnostic(diagnostic) => prop_assert_eq!(&diagnostic.origin.path, "m.warc"),
            }
        }
    }
}

// Determinism: the pipeline's output does not depend on the order documents are added in.

const TOPICS: &[&[&str]] = &[
    &[
        "North Korean leader Kim Jong Un will travel to Russia to meet Vladimir Putin.",
        "The two leaders are expected to discuss weapons supplies for the war in Ukraine.",
        "Kim is expected to travel by armored train to Vladivostok, officials said.",
        "The White House warned North Korea against selling arms to Russia.",
    ],
    &[
        "Heavy rain flooded streets across Hong Kong on Friday, closing schools and offices.",
        "The observatory issued its highest black rainstorm warning for the city.",
        "Rescuers pulled residents from flooded homes as the rain continued overnight.",
        "The government urged residents to stay indoors until the storm passed.",
    ],
    &[
        "The central bank raised interest rates by a quarter point on Wednesday.",
        "Inflation has stayed above the bank's target for more than a year.",
        "Economists expect one more rate increase before the end of the year.",
        "Markets fell after the decision as investors weighed the outlook for growth.",
    ],
];

fn document_strategy() -> impl Strategy<Value = (usize, Vec<usize>, bool, Option<&'static str>)> {
    (
        0..TOPICS.len(),
        prop::collection::vec(0usize..4, 1..5),
        any::<bool>(),
        prop_oneof![Just(None), Just(Some("news.example")), Just(Some("daily.example"))],
    )
}

fn build_documents(specs: &[(usize, Vec<usize>, bool, Option<&'static str>)]) -> Vec<RawDocument> {
    specs
        .iter()
        .enumerate()
        .map(|(index, (topic, sentences, furniture, outlet))| {
            let mut text = String::from("A headline for this story\n\n");
            for &sentence in sentences {
                text.push_str(TOPICS[*topic][sentence]);
                text.push_str("\n\n");
            }
            if *furniture {
                text.push_str("Share on Facebook\nFollow us on Google News!\n");
            }
            let mut document =
                RawDocument::new(Origin::file(format!("doc{index:03}.txt")), Body::Text(text));
            document.outlet = outlet.map(str::to_owned);
            document
        })
        .collect()
}

fn run_pipeline(documents: Vec<RawDocument>) -> parallax_core::pipeline::PipelineOutput {
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for document in documents {
        pipeline.add(document);
    }
    pipeline.run()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_output_does_not_depend_on_input_order(
        (specs, order) in prop::collection::vec(document_strategy(), 1..14).prop_flat_map(|specs| {
            let indices: Vec<usize> = (0..specs.len()).collect();
            (Just(specs), Just(indices).prop_shuffle())
        })
    ) {
        let documents = build_documents(&specs);
        let shuffled: Vec<RawDocument> = order.iter().map(|&index| documents[index].clone()).collect();
        let a = run_pipeline(documents);
        let b = run_pipeline(shuffled);
        let ids_texts = |output: &parallax_core::pipeline::PipelineOutput| -> Vec<(String, String)> {
            output.articles.iter().map(|article| (article.id.to_string(), article.text.clone())).collect()
        };
        prop_assert_eq!(ids_texts(&a), ids_texts(&b));
        prop_assert_eq!(&a.articles, &b.articles);
        prop_assert_eq!(&a.stories, &b.stories);
        prop_assert_eq!(&a.diagnostics, &b.diagnostics);
    }
}
