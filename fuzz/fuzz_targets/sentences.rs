//! Fuzzes sentence splitting and normalisation on arbitrary strings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_core::text::{normalize, split_sentences};

fuzz_target!(|text: &str| {
    let mut previous_end = 0;
    for span in split_sentences(text) {
        assert!(span.start < span.end && span.end <= text.len(), "span out of bounds");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= previous_end, "overlapping or decreasing spans");
        previous_end = span.end;
    }
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "normalize is not idempotent");
    for span in split_sentences(&once) {
        assert!(once.get(span.start..span.end).is_some());
    }
});
