//! Fuzzes attribution extraction: any text, with its own sentences or bogus ones, must give
//! spans in bounds and on char boundaries, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_fuzz::fuzz_quotes;

fuzz_target!(|text: &str| {
    fuzz_quotes(text);
});
