//! Fuzzes attribution extraction: any text, with its own sentences or bogus ones, must give
//! spans in bounds and on char boundaries, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_core::facts::quotes::attributions;
use parallax_core::model::Span;
use parallax_core::text::split_sentences;

fuzz_target!(|text: &str| {
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
});
