//! Fuzzes the rule-based fact extractors (`facts::time::time_mentions` with and without an
//! anchor, `facts::numbers::quantities`) on arbitrary strings: no panic, spans in bounds, on
//! char boundaries, in order and without overlaps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_core::facts::numbers::quantities;
use parallax_core::facts::time::{CivilDate, time_mentions};
use parallax_core::model::Span;

fn check(text: &str, spans: impl Iterator<Item = Span>) {
    let mut previous_end = 0;
    for span in spans {
        assert!(span.start < span.end && span.end <= text.len(), "span out of bounds");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= previous_end, "overlapping or decreasing spans");
        previous_end = span.end;
    }
}

fuzz_target!(|text: &str| {
    let anchor = CivilDate::parse("2023-09-05");
    for anchor in [None, anchor] {
        let mentions = time_mentions(text, anchor);
        for mention in &mentions {
            assert_eq!(mention.resolved, mention.start.is_some() && mention.end.is_some());
            if let (Some(start), Some(end)) = (mention.start, mention.end) {
                assert!(start <= end, "range ends before it starts");
            }
        }
        check(text, mentions.iter().map(|m| m.span));
    }
    let found = quantities(text);
    assert!(found.iter().all(|q| q.value.is_finite()), "non-finite value");
    check(text, found.iter().map(|q| q.span));
});
