//! Prints the attributions found in each line of a file (debugging aid).
//!
//! `cargo run --example quotes_debug FILE [--rules-only] [--no-spans]`
use parallax_core::facts::quotes::{CueOptions, SpanOptions, attributions_tagged};
use parallax_core::text::split_sentences;

fn main() {
    let path =
        std::env::args().nth(1).expect("usage: quotes_debug FILE [--rules-only] [--no-spans]");
    let options = if std::env::args().any(|a| a == "--rules-only") {
        CueOptions::rules_only()
    } else {
        CueOptions::default()
    };
    let spans = if std::env::args().any(|a| a == "--no-spans") {
        SpanOptions::off()
    } else {
        SpanOptions::default()
    };
    let text = std::fs::read_to_string(path).expect("readable file");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        println!("== {line}");
        for a in attributions_tagged(line, &split_sentences(line), &options, &spans) {
            let s = |span: Option<parallax_core::model::Span>| {
                span.map_or("-", |s| &line[s.start..s.end])
            };
            let content: Vec<&str> = a.content.iter().map(|c| &line[c.start..c.end]).collect();
            println!("   src={:?} cue={:?} content={:?}", s(a.source), s(a.cue), content);
        }
    }
}
