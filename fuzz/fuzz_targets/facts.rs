//! Facts (entities, quotes, time, figures, cited outlets) over arbitrary text: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_fuzz::fuzz_facts;

fuzz_target!(|data: &[u8]| {
    fuzz_facts(data);
});
