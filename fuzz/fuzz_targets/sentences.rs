//! Fuzzes sentence splitting and normalisation on arbitrary strings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_fuzz::fuzz_sentences;

fuzz_target!(|text: &str| {
    fuzz_sentences(text);
});
