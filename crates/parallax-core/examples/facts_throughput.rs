//! Throughput of the rule-based fact extractors over a JSONL(.gz) news corpus (one object per
//! line with `text` and an optional ISO `date`), e.g. the 25k-article corpus:
//!
//! ```sh
//! cargo run --release -p parallax-core --example facts_throughput -- \
//!     /work/shared/data/news-corpus/articles.jsonl.gz [--sample N]
//! ```
//!
//! `--sample N` also prints every Nth mention and quantity with its context, to eyeball.

use std::io::{BufRead, BufReader, Read};
use std::time::{Duration, Instant};

use parallax_core::facts::numbers::quantities;
use parallax_core::facts::time::{CivilDate, time_mentions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: facts_throughput CORPUS.jsonl[.gz] [--sample N]");
    let sample: usize = match args.get(2).map(String::as_str) {
        Some("--sample") => args.get(3).and_then(|n| n.parse().ok()).unwrap_or(0),
        _ => 0,
    };
    let file = std::fs::File::open(path).expect("open corpus");
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut articles: Vec<(String, Option<CivilDate>)> = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line.expect("read line");
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let text = value["text"].as_str().unwrap_or_default().to_owned();
        let date = value["date"].as_str().and_then(CivilDate::parse);
        articles.push((text, date));
    }
    let bytes: usize = articles.iter().map(|(text, _)| text.len()).sum();
    let anchored = articles.iter().filter(|(_, date)| date.is_some()).count();
    println!("{} articles ({anchored} with a date), {:.1} MB of text", articles.len(), mb(bytes));

    let (mut mentions, mut resolved) = (0usize, 0usize);
    let started = Instant::now();
    for (text, date) in &articles {
        let found = time_mentions(text, *date);
        mentions += found.len();
        resolved += found.iter().filter(|m| m.resolved).count();
    }
    report("time_mentions", started.elapsed(), articles.len(), bytes);
    println!("  {mentions} mentions, {resolved} resolved");

    let (mut found, mut with_unit, mut counted) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    for (text, _) in &articles {
        let all = quantities(text);
        found += all.len();
        with_unit += all.iter().filter(|q| q.unit.is_some()).count();
        counted += all.iter().filter(|q| q.counted.is_some()).count();
    }
    report("quantities", started.elapsed(), articles.len(), bytes);
    println!("  {found} quantities, {with_unit} with a unit, {counted} with a counted noun");

    if sample > 0 {
        let (mut n, mut q) = (0usize, 0usize);
        for (text, date) in &articles {
            for m in time_mentions(text, *date) {
                n += 1;
                if n % sample == 0 {
                    let show = |d: Option<CivilDate>| d.map(|d| d.to_string()).unwrap_or_default();
                    println!(
                        "TIME {:?} [{}] {}..{} {} rel={} anchor={}",
                        m.span.slice(text),
                        context(text, m.span.start, m.span.end),
                        show(m.start),
                        show(m.end),
                        m.precision.as_str(),
                        m.relative,
                        show(*date)
                    );
                }
            }
            for x in quantities(text) {
                q += 1;
                if q % sample == 0 {
                    println!(
                        "QTY {:?} [{}] {} {:?} {:?} {:?}",
                        x.span.slice(text),
                        context(text, x.span.start, x.span.end),
                        x.value,
                        x.unit,
                        x.counted,
                        x.normalized
                    );
                }
            }
        }
    }
}

/// A few words either side of a span, on one line.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to].replace('\n', " ")
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn report(name: &str, elapsed: Duration, articles: usize, bytes: usize) {
    let seconds = elapsed.as_secs_f64();
    println!(
        "{name}: {seconds:.2} s, {:.0} articles/s, {:.1} MB/s",
        articles as f64 / seconds,
        mb(bytes) / seconds
    );
}
