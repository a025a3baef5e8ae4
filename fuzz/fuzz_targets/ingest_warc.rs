//! Fuzzes `ingest::read` with the Warc format, then cleans every document it yields.
//!
//! Invariants: nothing panics out of `ingest::read`, its iterator or `clean`, and every
//! diagnostic names the input file.
#![no_main]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use parallax_core::clean::{CleanConfig, clean};
use parallax_core::ingest::{self, IngestConfig, IngestEvent, InputFormat};

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// parallax-core catches panics of third-party parsers (the `warc` reader, `rs-trafilatura`) on
/// purpose and turns them into diagnostics, but libfuzzer-sys's panic hook aborts on every panic,
/// caught or not. This hook only records the message; a panic that escapes is reported below.
/// Set `PARALLAX_FUZZ_STRICT=1` to keep libfuzzer-sys's hook and stop on caught panics too.
fn install_panic_hook() {
    if std::env::var_os("PARALLAX_FUZZ_STRICT").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
}

fn run(data: &[u8]) {
    // A small size limit keeps each run fast and exercises the over-limit paths too.
    let config = IngestConfig { max_document_bytes: 64 << 10, ..IngestConfig::default() };
    let clean_config = CleanConfig::default();
    for event in ingest::read("archive.warc", data, Some(InputFormat::Warc), &config) {
        match event {
            IngestEvent::Document(raw) => {
                assert_eq!(raw.origin.path, "archive.warc");
                let _ = clean(&raw, None, &clean_config);
            }
            IngestEvent::Diagnostic(diagnostic) => {
                assert_eq!(diagnostic.origin.path, "archive.warc");
                assert!(!diagnostic.message.is_empty());
            }
        }
    }
}

fuzz_target!(init: install_panic_hook(), |data: &[u8]| {
    if catch_unwind(AssertUnwindSafe(|| run(data))).is_err() {
        let message = LAST_PANIC.lock().ok().and_then(|last| last.clone()).unwrap_or_default();
        eprintln!("panic escaped parallax-core: {message}");
        std::process::abort();
    }
});
