//! Shared body of the ingest fuzz targets: feed bytes to `ingest::read` in one format, clean
//! every document, and check that nothing panics out of parallax-core and that every item names
//! the input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use parallax_core::clean::{CleanConfig, clean};
use parallax_core::ingest::{self, IngestConfig, IngestEvent, InputFormat};

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
