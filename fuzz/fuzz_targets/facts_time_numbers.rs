//! Fuzzes the rule-based fact extractors (`facts::time::time_mentions` with and without an
//! anchor, `facts::numbers::quantities`) on arbitrary strings: no panic, spans in bounds, on
//! char boundaries, in order and without overlaps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_fuzz::fuzz_time_numbers;

fuzz_target!(|text: &str| {
    fuzz_time_numbers(text);
});
