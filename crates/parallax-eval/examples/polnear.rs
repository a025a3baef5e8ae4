//! Runs Parallax's attribution extractor on PolNeAR and prints the scores.
//!
//! `cargo run --release -p parallax-eval --example polnear -- [DATA_DIR] [train|dev] [--misses N]`
//! (`DATA_DIR` defaults to `../shared/data`; `--misses N` prints up to N unmatched gold
//! attributions and N unmatched predictions, for error analysis.)

use std::path::PathBuf;

use parallax_core::facts::quotes::attributions;
use parallax_core::model::Span;
use parallax_core::text::split_sentences;
use parallax_eval::{
    AttributionSpans, CharSpan, MatchCounts, PolnearSplit, byte_to_char_offsets, load_polnear,
    score_polnear,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = PathBuf::from("../shared/data");
    let mut split = PolnearSplit::Train;
    let mut misses = 0usize;
    let mut cues = false;
    let mut grep: Option<String> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "train" => split = PolnearSplit::Train,
            "dev" => split = PolnearSplit::Dev,
            "--cues" => cues = true,
            "--grep" => grep = iter.next().cloned(),
            "--misses" => misses = iter.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            other => data = PathBuf::from(other),
        }
    }
    let articles = load_polnear(&data, split)?;
    if let Some(needle) = grep {
        for article in articles.iter().filter(|a| a.text.contains(&needle)) {
            let text = &article.text;
            for a in attributions(text, &split_sentences(text)) {
                let show = |s: Option<Span>| s.map_or("-", |s| s.slice(text));
                let content: Vec<&str> = a.content.iter().map(|c| c.slice(text)).collect();
                println!("S=[{}] C=[{}] T=[{}]", show(a.source), show(a.cue), content.join(" | "));
            }
        }
        return Ok(());
    }
    let predictions: Vec<Vec<AttributionSpans>> = articles
        .iter()
        .map(|article| {
            let table = byte_to_char_offsets(&article.text);
            let convert = |span: Span| CharSpan { start: table[span.start], end: table[span.end] };
            attributions(&article.text, &split_sentences(&article.text))
                .into_iter()
                .map(|a| AttributionSpans {
                    source: a.source.into_iter().map(convert).collect(),
                    cue: a.cue.into_iter().map(convert).collect(),
                    content: a.content.into_iter().map(convert).collect(),
                })
                .collect()
        })
        .collect();
    let scores = score_polnear(
        articles
            .iter()
            .zip(&predictions)
            .map(|(a, p)| (a.text.as_str(), a.attributions.as_slice(), p.as_slice())),
    );
    println!("PolNeAR {} ({} articles)", split.as_str(), scores.articles);
    let line = |name: &str, counts: MatchCounts| {
        let prf = counts.prf();
        println!(
            "  {name:<22} P {:.3}  R {:.3}  F1 {:.3}   ({} matched, {} predicted, {} gold)",
            prf.precision, prf.recall, prf.f1, counts.matched, counts.predicted, counts.gold
        );
    };
    for (label, counts) in [("overlap", scores.overlap), ("exact", scores.exact)] {
        println!("{label}:");
        line("content+source", counts.content_with_source);
        line("source", counts.source);
        line("cue", counts.cue);
        line("content", counts.content);
    }
    if cues {
        print_cues(&articles, &predictions);
    }
    if misses > 0 {
        print_misses(&articles, &predictions, misses);
    }
    Ok(())
}

fn show(text: &[char], spans: &[CharSpan]) -> String {
    spans
        .iter()
        .map(|s| text[s.start.min(text.len())..s.end.min(text.len())].iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn overlaps(a: &[CharSpan], b: &[CharSpan]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.start < y.end && y.start < x.end))
}

fn print_misses(
    articles: &[parallax_eval::PolnearArticle],
    predictions: &[Vec<AttributionSpans>],
    limit: usize,
) {
    let (mut missed, mut spurious) = (Vec::new(), Vec::new());
    for (article, predicted) in articles.iter().zip(predictions) {
        let chars: Vec<char> = article.text.chars().collect();
        let good = |g: &AttributionSpans, p: &AttributionSpans| {
            overlaps(&g.content, &p.content)
                && (g.source.is_empty() == p.source.is_empty())
                && (g.source.is_empty() || overlaps(&g.source, &p.source))
        };
        for g in &article.attributions {
            if !predicted.iter().any(|p| good(g, p)) {
                let ours = predicted.iter().find(|p| overlaps(&p.cue, &g.cue)).map_or_else(
                    || "none".to_owned(),
                    |p| {
                        format!(
                            "S=[{}] C=[{}] T=[{}]",
                            show(&chars, &p.source),
                            show(&chars, &p.cue),
                            show(&chars, &p.content)
                        )
                    },
                );
                let at = g.cue.first().map_or(0, |c| c.start);
                let context: String = chars
                    [at.saturating_sub(150).min(chars.len())..(at + 100).min(chars.len())]
                    .iter()
                    .collect::<String>()
                    .replace('\n', " / ");
                missed.push(format!(
                    "S=[{}] C=[{}] T=[{}]\n      ours: {ours}\n      text: {context}",
                    show(&chars, &g.source),
                    show(&chars, &g.cue),
                    show(&chars, &g.content)
                ));
            }
        }
        for p in predicted {
            if !article.attributions.iter().any(|g| good(g, p)) {
                spurious.push(format!(
                    "S=[{}] C=[{}] T=[{}]",
                    show(&chars, &p.source),
                    show(&chars, &p.cue),
                    show(&chars, &p.content)
                ));
            }
        }
    }
    let step = |n: usize| (n / limit.max(1)).max(1);
    println!("\nMISSED (gold without a match, {} in all, a sample):", missed.len());
    for line in missed.iter().step_by(step(missed.len())).take(limit) {
        println!("  {line}");
    }
    println!("\nSPURIOUS (predictions without a match, {} in all, a sample):", spurious.len());
    for line in spurious.iter().step_by(step(spurious.len())).take(limit) {
        println!("  {line}");
    }
}

/// Per cue word: predictions matched / predicted, and gold attributions missed.
fn print_cues(articles: &[parallax_eval::PolnearArticle], predictions: &[Vec<AttributionSpans>]) {
    use std::collections::HashMap;
    let mut predicted: HashMap<String, (usize, usize)> = HashMap::new();
    let mut missed: HashMap<String, usize> = HashMap::new();
    for (article, list) in articles.iter().zip(predictions) {
        let chars: Vec<char> = article.text.chars().collect();
        let good = |g: &AttributionSpans, p: &AttributionSpans| {
            overlaps(&g.content, &p.content)
                && (g.source.is_empty() == p.source.is_empty())
                && (g.source.is_empty() || overlaps(&g.source, &p.source))
        };
        for p in list {
            let word = show(&chars, &p.cue).to_lowercase();
            let word = word.split_whitespace().last().unwrap_or("").to_owned();
            let entry = predicted.entry(word).or_default();
            entry.1 += 1;
            if article.attributions.iter().any(|g| good(g, p)) {
                entry.0 += 1;
            }
        }
        for g in &article.attributions {
            if !list.iter().any(|p| good(g, p)) {
                let word = show(&chars, &g.cue).to_lowercase();
                *missed.entry(word).or_default() += 1;
            }
        }
    }
    let mut rows: Vec<_> = predicted.into_iter().collect();
    rows.sort_by_key(|(_, (m, n))| std::cmp::Reverse(n - m));
    println!("\ncue word: matched/predicted (most unmatched first)");
    for (word, (m, n)) in rows.iter().take(60) {
        println!("  {word:<16} {m}/{n}");
    }
    let mut rows: Vec<_> = missed.into_iter().collect();
    rows.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    println!("\nmissed gold cues");
    for (word, n) in rows.iter().take(80) {
        print!("{word}:{n}  ");
    }
    println!();
}
