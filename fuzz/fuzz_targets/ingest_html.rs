//! Fuzzes `ingest::read` with the Html format, then cleans every document it yields.
//!
//! Invariants: nothing panics out of `ingest::read`, its iterator or `clean`, and every
//! diagnostic names the input file (see `src/lib.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_core::ingest::InputFormat;
use parallax_fuzz::{fuzz_ingest, install_panic_hook};

fuzz_target!(init: install_panic_hook(), |data: &[u8]| {
    fuzz_ingest("page.html", InputFormat::Html, data);
});
