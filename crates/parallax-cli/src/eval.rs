//! `parallax eval` and `parallax bench`: quality and speed of extraction on the evaluation data,
//! next to the published figures of peer tools.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use parallax_core::clean::{
    HtmlCleanConfig, HtmlEngine, TextCleanConfig, TextContext, clean_text, extract_html, page_text,
};
use parallax_core::text::normalize;
use parallax_eval::{
    Dataset, DatasetKind, Extractor, PageScore, RunReport, ThroughputConfig,
    load_article_extraction, load_predictions, load_wcxb, load_wcxb_other, measure_throughput,
    published_article_extraction, published_wcxb, published_wcxb_types, score,
};

use crate::args::{
    BenchCommand, BenchExtractionArgs, DatasetArg, EngineArg, EvalCommand, EvalExtractionArgs,
    EvalMetadataArgs, EvalPredictionsArgs,
};

/// Parallax's HTML path: main-text extraction, then normalisation.
struct HtmlExtractor {
    config: HtmlCleanConfig,
}

impl Extractor for HtmlExtractor {
    fn name(&self) -> &str {
        match self.config.engine {
            HtmlEngine::Parallax => "parallax (html)",
            HtmlEngine::Trafilatura => "parallax with rs-trafilatura engine",
        }
    }

    fn extract(&self, html: &str, url: Option<&str>) -> String {
        extract_html(html, url, &self.config)
            .map(|extraction| normalize(&extraction.text))
            .unwrap_or_default()
    }
}

/// Parallax's plain-text path on the page's whole visible text: how well boilerplate removal
/// works when no HTML structure is available.
struct PlainTextExtractor {
    config: TextCleanConfig,
}

impl Extractor for PlainTextExtractor {
    fn name(&self) -> &str {
        "parallax (plain text of the whole page)"
    }

    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        let text = normalize(&page_text(html));
        let cleaned = clean_text(&text, TextContext::default(), &self.config);
        match cleaned.title {
            Some(title) => format!("{title}\n\n{}", cleaned.text),
            None => cleaned.text,
        }
    }
}

/// The whole visible text, unfiltered: the floor any extractor should beat.
struct WholePage;

impl Extractor for WholePage {
    fn name(&self) -> &str {
        "whole-page text (baseline)"
    }

    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        normalize(&page_text(html))
    }
}

fn datasets(data: &std::path::Path, only: Option<DatasetArg>) -> Result<Vec<Dataset>> {
    let mut out = Vec::new();
    if only.is_none_or(|dataset| dataset == DatasetArg::ArticleExtraction) {
        out.push(load_article_extraction(data).with_context(|| {
            format!("cannot load article-extraction from `{}`\nhint: pass `--data DIR` with the shared data folder", data.display())
        })?);
    }
    if only.is_none_or(|dataset| dataset == DatasetArg::Wcxb) {
        out.push(
            load_wcxb(data)
                .with_context(|| format!("cannot load wcxb-dev from `{}`", data.display()))?,
        );
    }
    // The other page types are scored by default where the folder is there.
    let other = data.join(parallax_eval::WCXB_OTHER_DIR);
    if only == Some(DatasetArg::WcxbOther) || (only.is_none() && other.is_dir()) {
        out.push(
            load_wcxb_other(data)
                .with_context(|| format!("cannot load wcxb-dev-other from `{}`", data.display()))?,
        );
    }
    Ok(out)
}

fn dataset_name(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::ArticleExtraction => "article-extraction",
        DatasetKind::Wcxb => "wcxb-dev (article pages)",
        DatasetKind::WcxbOther => "wcxb-dev-other (other page types)",
    }
}

pub(crate) fn eval(command: EvalCommand, quiet: bool) -> Result<ExitCode> {
    match command {
        EvalCommand::Extraction(args) => eval_extraction(&args, quiet),
        EvalCommand::Predictions(args) => eval_predictions(&args),
        EvalCommand::Metadata(args) => eval_metadata(&args),
        EvalCommand::Dates(args) => crate::eval_dates::eval_dates(&args),
        EvalCommand::Entities(args) => crate::eval_entities::eval_entities(&args),
        EvalCommand::Paraphrase(args) => crate::eval_relations::eval_paraphrase(&args, quiet),
        EvalCommand::Stories(args) => crate::eval_stories::eval_stories(&args, quiet),
        EvalCommand::Quotes(args) => crate::eval_quotes::eval_quotes(&args),
        EvalCommand::Brief(args) => crate::eval_brief::eval_brief(&args, quiet),
        EvalCommand::Claims(args) => crate::eval_claims::eval_claims(&args, quiet),
        EvalCommand::Pagetype(args) => crate::pagetype::eval_pagetype(&args, quiet),
    }
}

/// Share of labelled pages where the extracted field matches the label: titles and authors
/// compared case-insensitively after whitespace normalisation (a title also matches when one
/// contains the other, since sites append their name), dates exactly.
fn eval_metadata(args: &EvalMetadataArgs) -> Result<ExitCode> {
    use rayon::prelude::*;
    let dataset = datasets(&args.data, Some(DatasetArg::Wcxb))?.remove(0);
    let engine = match args.engine {
        EngineArg::Parallax => HtmlEngine::Parallax,
        EngineArg::Trafilatura => HtmlEngine::Trafilatura,
    };
    let config = HtmlCleanConfig { engine, ..HtmlCleanConfig::default() };
    let found: Vec<_> = dataset
        .pages
        .par_iter()
        .map(|page| extract_html(&page.html, page.url.as_deref(), &config).unwrap_or_default())
        .collect();
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let mut counts = [(0usize, 0usize); 3];
    for (page, extraction) in dataset.pages.iter().zip(&found) {
        if let Some(gold) = page.gold.title.as_deref().filter(|title| !title.trim().is_empty()) {
            counts[0].1 += 1;
            let (gold, ours) = (fold(gold), fold(extraction.title.as_deref().unwrap_or("")));
            if !ours.is_empty() && (ours == gold || ours.contains(&gold) || gold.contains(&ours)) {
                counts[0].0 += 1;
            }
        }
        if let Some(gold) = page
            .gold
            .author
            .as_deref()
            .filter(|author| !author.trim().is_empty() && *author != "None")
        {
            counts[1].1 += 1;
            let ours = fold(extraction.author.as_deref().unwrap_or(""));
            if !ours.is_empty() && (ours.contains(&fold(gold)) || fold(gold).contains(&ours)) {
                counts[1].0 += 1;
            }
        }
        if let Some(gold) = page.gold.publish_date.as_deref() {
            counts[2].1 += 1;
            if extraction.date.as_deref() == Some(gold) {
                counts[2].0 += 1;
            }
        }
    }
    let names = ["title", "author", "publication date"];
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let rows: Vec<_> = names
            .iter()
            .zip(counts)
            .map(|(name, (right, labelled))| serde_json::json!({"field": name, "correct": right, "labelled": labelled}))
            .collect();
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({"schema": "parallax.eval-metadata/v1", "dataset": "wcxb-dev (article pages)", "fields": rows}),
        )?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "page metadata on wcxb-dev (article pages), {} pages",
            dataset.pages.len()
        )?;
        for (name, (right, labelled)) in names.iter().zip(counts) {
            let share = if labelled == 0 { 0.0 } else { right as f64 / labelled as f64 };
            writeln!(stdout, "  {name:<17} {right:>4} / {labelled:<4} correct ({share:.3})")?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn eval_predictions(args: &EvalPredictionsArgs) -> Result<ExitCode> {
    let dataset = datasets(&args.data, Some(args.dataset))?.remove(0);
    let predictions = load_predictions(&args.predictions).with_context(|| {
        format!("cannot read predictions from `{}`", args.predictions.display())
    })?;
    let scores = score(&dataset, &predictions);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({
                "schema": "parallax.eval-extraction/v1",
                "results": [{
                    "dataset": dataset_name(dataset.kind),
                    "system": args.name,
                    "pages": scores.pages(),
                    "f1": scores.f1(),
                    "precision": scores.precision(),
                    "recall": scores.recall(),
                }],
            }),
        )?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{} on {} ({} pages): F1 {:.3}, precision {:.3}, recall {:.3}",
            args.name,
            dataset_name(dataset.kind),
            scores.pages(),
            scores.f1(),
            scores.precision(),
            scores.recall()
        )?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn eval_extraction(args: &EvalExtractionArgs, quiet: bool) -> Result<ExitCode> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut extractors: Vec<Box<dyn Extractor>> =
        vec![Box::new(HtmlExtractor { config: HtmlCleanConfig::default() })];
    if args.all_engines {
        let config =
            HtmlCleanConfig { engine: HtmlEngine::Trafilatura, ..HtmlCleanConfig::default() };
        extractors.push(Box::new(HtmlExtractor { config }));
    }
    if args.plain_text {
        extractors.push(Box::new(PlainTextExtractor { config: TextCleanConfig::default() }));
        extractors.push(Box::new(WholePage));
    }
    let mut results = Vec::new();
    let loaded = datasets(&args.data, args.dataset)?;
    for dataset in &loaded {
        for extractor in &extractors {
            if !quiet {
                eprintln!(
                    "scoring {} on {} ({} pages)…",
                    extractor.name(),
                    dataset_name(dataset.kind),
                    dataset.pages.len()
                );
            }
            let report = parallax_eval::run(dataset, extractor.as_ref(), threads)?;
            results.push(report);
        }
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value: Vec<serde_json::Value> = results
            .iter()
            .map(|report| {
                let mut value = report_json(report);
                if let Some(dataset) = loaded.iter().find(|dataset| dataset.kind == report.kind) {
                    value["page_types"] = types_json(dataset, report);
                }
                value
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({"schema": "parallax.eval-extraction/v1", "results": value}),
        )?;
        writeln!(stdout)?;
    } else {
        for kind in [DatasetKind::ArticleExtraction, DatasetKind::Wcxb, DatasetKind::WcxbOther] {
            let ours: Vec<&RunReport> =
                results.iter().filter(|report| report.kind == kind).collect();
            if ours.is_empty() {
                continue;
            }
            writeln!(
                stdout,
                "{} ({} pages), the data set's own metric",
                dataset_name(kind),
                ours[0].pages.len()
            )?;
            writeln!(stdout, "  {:<44} {:>6} {:>9} {:>7}", "system", "F1", "precision", "recall")?;
            for report in &ours {
                writeln!(
                    stdout,
                    "  {:<44} {:>6.3} {:>9.3} {:>7.3}   (measured here)",
                    report.extractor,
                    report.scores.f1(),
                    report.scores.precision(),
                    report.scores.recall()
                )?;
            }
            match kind {
                DatasetKind::ArticleExtraction => {
                    for published in published_article_extraction().iter().take(12) {
                        let optional = |value: Option<f64>| {
                            value.map_or_else(|| "-".to_owned(), |value| format!("{value:.3}"))
                        };
                        writeln!(
                            stdout,
                            "  {:<44} {:>6.3} {:>9} {:>7}   (published)",
                            published.system,
                            published.f1,
                            optional(published.precision),
                            optional(published.recall)
                        )?;
                    }
                }
                DatasetKind::Wcxb => {
                    for (system, f1) in published_wcxb() {
                        writeln!(
                            stdout,
                            "  {system:<44} {f1:>6.3} {:>9} {:>7}   (published, whole dev split)",
                            "-", "-"
                        )?;
                    }
                }
                DatasetKind::WcxbOther => {
                    let dataset = loaded.iter().find(|dataset| dataset.kind == kind);
                    if let Some(dataset) = dataset {
                        write_types_table(&mut stdout, dataset, &ours)?;
                    }
                }
            }
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Mean page F1 per WCXB page type, in the order of [`published_wcxb_types`].
fn type_f1(dataset: &Dataset, report: &RunReport) -> Vec<(&'static str, usize, f64)> {
    published_wcxb_types()
        .iter()
        .filter_map(|(page_type, _)| {
            let scores: Vec<f64> = dataset
                .pages
                .iter()
                .zip(&report.pages)
                .filter(|(page, _)| page.page_type.as_deref() == Some(page_type))
                .map(|(_, result)| match result.score {
                    PageScore::Wcxb(score) => score.f1,
                    PageScore::ArticleExtraction(_) => 0.0,
                })
                .collect();
            (!scores.is_empty()).then(|| {
                (*page_type, scores.len(), scores.iter().sum::<f64>() / scores.len() as f64)
            })
        })
        .collect()
}

fn types_json(dataset: &Dataset, report: &RunReport) -> serde_json::Value {
    if dataset.kind != DatasetKind::WcxbOther {
        return serde_json::Value::Null;
    }
    type_f1(dataset, report)
        .into_iter()
        .map(|(page_type, pages, f1)| {
            (page_type.to_owned(), serde_json::json!({"pages": pages, "f1": f1}))
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Per page type: ours next to rs-trafilatura's and Trafilatura's published dev figures.
fn write_types_table(
    out: &mut impl Write,
    dataset: &Dataset,
    reports: &[&RunReport],
) -> std::io::Result<()> {
    writeln!(out, "  per page type, F1 (published: rs-trafilatura / Trafilatura, WCXB dev)")?;
    let published = published_wcxb_types();
    let rows: Vec<Vec<(&str, usize, f64)>> =
        reports.iter().map(|report| type_f1(dataset, report)).collect();
    for (index, (page_type, (rs, py))) in published.iter().enumerate() {
        let Some(&(_, pages, _)) = rows.first().and_then(|row| row.get(index)) else { continue };
        let ours: Vec<String> =
            rows.iter().filter_map(|row| row.get(index)).map(|r| format!("{:.3}", r.2)).collect();
        writeln!(
            out,
            "  {page_type:<14} {pages:>4} pages   {}   published {rs:.2} / {py:.2}",
            ours.join("  ")
        )?;
    }
    Ok(())
}

fn report_json(report: &RunReport) -> serde_json::Value {
    serde_json::json!({
        "dataset": dataset_name(report.kind),
        "system": report.extractor,
        "pages": report.pages.len(),
        "f1": report.scores.f1(),
        "precision": report.scores.precision(),
        "recall": report.scores.recall(),
        "pages_per_second": report.pages_per_second(),
        "threads": report.threads,
    })
}

pub(crate) fn bench(command: BenchCommand, quiet: bool) -> Result<ExitCode> {
    match command {
        BenchCommand::Extraction(args) => bench_extraction(&args, quiet),
        BenchCommand::Dedup(args) => crate::eval_relations::bench_dedup(&args, quiet),
        BenchCommand::Embed(args) => crate::eval_relations::bench_embed(&args, quiet),
        BenchCommand::Facts(args) => crate::bench_facts::bench_facts(&args, quiet),
        BenchCommand::Brief(args) => crate::bench_brief::bench_brief(&args, quiet),
        BenchCommand::Corpus(args) => crate::bench_corpus::bench_corpus(&args, quiet),
    }
}

fn bench_extraction(args: &BenchExtractionArgs, quiet: bool) -> Result<ExitCode> {
    let dataset = datasets(&args.data, Some(args.dataset))?.remove(0);
    let threads =
        args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    if !quiet {
        eprintln!(
            "timing extraction on {} pages, {} passes, 1 and {threads} threads…",
            dataset.pages.len(),
            args.passes
        );
    }
    let extractor = HtmlExtractor { config: HtmlCleanConfig::default() };
    let config = ThroughputConfig { passes: args.passes, threads, warmup_passes: 1 };
    let throughput = measure_throughput(&dataset.pages, &extractor, &config)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({
                "schema": "parallax.bench-extraction/v1",
                "dataset": dataset_name(dataset.kind),
                "pages": throughput.pages,
                "html_bytes": throughput.html_bytes,
                "passes": throughput.passes,
                "single_thread_pages_per_second": throughput.single_thread.pages_per_second,
                "parallel_threads": throughput.parallel.threads,
                "parallel_pages_per_second": throughput.parallel.pages_per_second,
            }),
        )?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{}: {} pages ({:.1} MB of HTML), {} passes\n  1 thread:   {:>8.1} pages/s\n  {} threads: {:>8.1} pages/s",
            dataset_name(dataset.kind),
            throughput.pages,
            throughput.html_bytes as f64 / 1e6,
            throughput.passes,
            throughput.single_thread.pages_per_second,
            throughput.parallel.threads,
            throughput.parallel.pages_per_second
        )?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
