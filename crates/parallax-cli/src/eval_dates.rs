//! `parallax eval dates`: publication dates on the htmldate evaluation set, scored with the
//! origin's metric, next to htmldate's published figures.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::Args;
use parallax_core::clean::page_date_explained;
use parallax_core::ingest::decode_html;
use parallax_eval::{
    DateCounts, DateOutcome, DatePage, load_htmldate, published_htmldate, score_dates,
};

/// Arguments of `parallax eval dates`.
#[derive(Debug, Args)]
pub(crate) struct EvalDatesArgs {
    /// The data folder holding `htmldate/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Only the first N labelled pages.
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<usize>,
    /// Score dates predicted elsewhere (JSON object mapping page ids to `YYYY-MM-DD` or null,
    /// as `bench/dates_peer.py --output` writes) instead of running Parallax.
    #[arg(long, value_name = "FILE")]
    pub(crate) predictions: Option<PathBuf>,
    /// Worker threads for the extraction (pages/s is measured with these).
    #[arg(long, short = 'j', default_value_t = 1)]
    pub(crate) threads: usize,
    /// List every page whose date is wrong or missing, with the label and the prediction.
    #[arg(long, short = 'v')]
    pub(crate) verbose: bool,
    /// Print JSON (schema `parallax.eval-dates/v1`; wrong pages always included).
    #[arg(long)]
    pub(crate) json: bool,
}

/// One page's prediction.
struct Prediction {
    date: Option<String>,
    /// Where Parallax read the date.
    source: Option<&'static str>,
    /// Why nothing could be predicted (the page could not be read).
    failure: Option<String>,
}

pub(crate) fn eval_dates(args: &EvalDatesArgs) -> Result<ExitCode> {
    let mut pages = load_htmldate(&args.data)
        .with_context(|| format!("cannot load the htmldate set from `{}`", args.data.display()))?;
    if let Some(limit) = args.limit {
        pages.truncate(limit);
    }
    let (system, predictions, seconds) = match &args.predictions {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let map: std::collections::HashMap<String, Option<String>> =
                serde_json::from_str(&text)
                    .with_context(|| format!("cannot parse `{}`", path.display()))?;
            let predictions = pages
                .iter()
                .map(|page| Prediction {
                    date: map.get(&page.id).cloned().flatten(),
                    source: None,
                    failure: None,
                })
                .collect();
            (path.display().to_string(), predictions, None)
        }
        None => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(args.threads.max(1))
                .build()
                .context("cannot start the worker threads")?;
            let start = Instant::now();
            let predictions = pool.install(|| {
                use rayon::prelude::*;
                pages.par_iter().map(predict).collect::<Vec<_>>()
            });
            ("parallax".to_owned(), predictions, Some(start.elapsed().as_secs_f64()))
        }
    };
    let scores = score_dates(
        pages
            .iter()
            .zip(&predictions)
            .map(|(page, found)| (page.gold.as_deref(), found.date.as_deref())),
    );
    let wrong: Vec<(&DatePage, &Prediction, DateOutcome)> = pages
        .iter()
        .zip(&predictions)
        .map(|(page, found)| {
            (page, found, DateOutcome::judge(page.gold.as_deref(), found.date.as_deref()))
        })
        .filter(|(_, _, outcome)| matches!(outcome, DateOutcome::Wrong | DateOutcome::Missed))
        .collect();
    let failures: Vec<(&DatePage, &str)> = pages
        .iter()
        .zip(&predictions)
        .filter_map(|(page, found)| found.failure.as_deref().map(|failure| (page, failure)))
        .collect();
    // Where the dates came from, with how many of each were right.
    let mut sources: std::collections::BTreeMap<&str, (usize, usize)> =
        std::collections::BTreeMap::new();
    for (page, found) in pages.iter().zip(&predictions) {
        if let Some(source) = found.source {
            let entry = sources.entry(source).or_default();
            entry.1 += 1;
            if found.date.is_some() && found.date == page.gold {
                entry.0 += 1;
            }
        }
    }
    let pages_per_s = seconds.map(|seconds| pages.len() as f64 / seconds.max(1e-9));

    let mut stdout = std::io::stdout().lock();
    if args.json {
        let counts = |counts: &DateCounts| {
            serde_json::json!({
                "tp": counts.tp, "fp": counts.fp, "fn": counts.fn_, "tn": counts.tn,
                "precision": counts.precision(), "recall": counts.recall(),
                "accuracy": counts.accuracy(), "f1": counts.f1(),
            })
        };
        let published: Vec<_> = published_htmldate()
            .iter()
            .map(|row| serde_json::json!({"system": row.system, "precision": row.precision, "recall": row.recall, "accuracy": row.accuracy, "f1": row.f1}))
            .collect();
        let wrong: Vec<_> = wrong
            .iter()
            .map(|(page, found, outcome)| serde_json::json!({"id": page.id, "url": page.url, "gold": page.gold, "predicted": found.date, "source": found.source, "outcome": if *outcome == DateOutcome::Missed { "missed" } else { "wrong" }}))
            .collect();
        let failures: Vec<_> = failures
            .iter()
            .map(|(page, failure)| serde_json::json!({"id": page.id, "error": failure}))
            .collect();
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({
                "schema": "parallax.eval-dates/v1",
                "dataset": "htmldate",
                "system": system,
                "pages": pages.len(),
                "threads": args.predictions.is_none().then_some(args.threads.max(1)),
                "seconds": seconds,
                "pages_per_s": pages_per_s,
                "origin": counts(&scores.origin),
                "strict": counts(&scores.strict),
                "published": published,
                "sources": sources.iter().map(|(source, (correct, found))| serde_json::json!({"source": source, "pages": found, "correct": correct})).collect::<Vec<_>>(),
                "wrong": wrong,
                "failures": failures,
            }),
        )?;
        writeln!(stdout)?;
    } else {
        let origin = &scores.origin;
        writeln!(stdout, "publication dates on htmldate, {} pages ({system})", pages.len())?;
        writeln!(
            stdout,
            "  {:<30} P {:.3}  R {:.3}  F {:.3}  accuracy {:.3}  (TP {} FP {} FN {})",
            "origin metric",
            origin.precision(),
            origin.recall(),
            origin.f1(),
            origin.accuracy(),
            origin.tp,
            origin.fp,
            origin.fn_,
        )?;
        let strict = &scores.strict;
        writeln!(
            stdout,
            "  {:<30} P {:.3}  R {:.3}  F {:.3}  accuracy {:.3}  (TN {})",
            "strict (no date = right)",
            strict.precision(),
            strict.recall(),
            strict.f1(),
            strict.accuracy(),
            strict.tn,
        )?;
        if let (Some(seconds), Some(rate)) = (seconds, pages_per_s) {
            writeln!(
                stdout,
                "  {:.2} s, {rate:.1} pages/s on {} thread(s), decoding included",
                seconds,
                args.threads.max(1)
            )?;
        }
        writeln!(stdout, "published (origin, 1,000 pages):")?;
        for row in published_htmldate().iter().take(2) {
            writeln!(
                stdout,
                "  {:<30} P {:.3}  R {:.3}  F {:.3}  accuracy {:.3}",
                row.system, row.precision, row.recall, row.f1, row.accuracy
            )?;
        }
        for (page, failure) in &failures {
            writeln!(stdout, "  page {} not read: {failure}", page.id)?;
        }
        if args.verbose {
            writeln!(stdout, "dates by where they were read (correct / found):")?;
            for (source, (correct, found)) in &sources {
                writeln!(stdout, "  {source:<18} {correct:>4} / {found}")?;
            }
            writeln!(stdout, "wrong or missing ({}):", wrong.len())?;
            for (page, found, _) in &wrong {
                writeln!(
                    stdout,
                    "  {:<40} gold {:<10}  ours {:<10} {:<16} {}",
                    page.id,
                    page.gold.as_deref().unwrap_or("-"),
                    found.date.as_deref().unwrap_or("-"),
                    found.source.unwrap_or("-"),
                    page.url.as_deref().unwrap_or(""),
                )?;
            }
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Decodes the page's bytes (declared charset, else UTF-8, else a guess) and reads its date.
fn predict(page: &DatePage) -> Prediction {
    if let Some(error) = &page.load_error {
        return Prediction { date: None, source: None, failure: Some(error.clone()) };
    }
    let html = decode_html(&page.html, None).text;
    let (date, source) = page_date_explained(&html, page.url.as_deref())
        .map_or((None, None), |(date, source)| (Some(date), Some(source)));
    Prediction { date, source, failure: None }
}
