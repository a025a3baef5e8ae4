//! `parallax eval brief`: the story brief on BASIL dev, one story per event (its three
//! outlets): the coverage table over the outlets and how many of each outlet's claims no other
//! outlet states. BASIL has no gold for claims, so this prints what a person checks by hand
//! (`--out` writes every event's brief as Markdown for that).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use parallax_core::brief::{Cell, ClaimStatus};
use parallax_core::embed::SentenceEncoder;
use parallax_core::model::{Body, Origin, RawDocument};
use parallax_core::pipeline::Pipeline;
use parallax_eval::{BASIL_DIR, load_basil};
use serde_json::json;

use crate::args::ModelArgs;

/// Arguments of `parallax eval brief`.
#[derive(Debug, Args)]
pub(crate) struct EvalBriefArgs {
    /// The data folder holding `basil-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Write every event's brief as Markdown to this file (for spot checks).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

const OUTLETS: [&str; 3] = ["fox", "nyt", "hpo"];

pub(crate) fn eval_brief(args: &EvalBriefArgs, quiet: bool) -> Result<ExitCode> {
    let articles = load_basil(&args.data.join(BASIL_DIR)).with_context(|| {
        format!("cannot load BASIL from `{}`", args.data.join(BASIL_DIR).display())
    })?;
    let model = crate::model::load(&args.model, quiet)?;
    let encoder = model.as_ref().map(|model| model as &dyn SentenceEncoder);
    let mut events: BTreeMap<&str, Vec<&parallax_eval::BasilArticle>> = BTreeMap::new();
    for article in &articles {
        events.entry(article.event_id.as_str()).or_default().push(article);
    }
    // Each event is one story by construction: grouping is measured by `eval stories`.
    let mut config = crate::model::pipeline_config(&args.model);
    config.stories.min_similarity = 0.0;
    config.stories.min_text_cosine = 0.0;
    config.stories.min_edge_similarity = 0.0;
    config.stories.max_days_apart = 3650;
    let mut rows = Vec::new();
    let mut markdown = String::new();
    let progress = crate::inputs::progress_bar(events.len() as u64, "events", quiet);
    for (event, members) in &events {
        let mut pipeline = Pipeline::new(config.clone());
        for article in members {
            let mut raw = RawDocument::new(
                Origin::file(format!("{}.txt", article.outlet)),
                Body::Text(format!("{}\n\n{}", article.title, article.text)),
            );
            raw.id = Some(format!("{}-{}", &event[..8.min(event.len())], article.outlet));
            raw.outlet = Some(article.outlet.clone());
            raw.date = Some(article.date.clone());
            raw.url = Some(article.url.clone());
            pipeline.add(raw);
        }
        let output = pipeline.run_with(encoder);
        progress.inc(1);
        let Some(story) = output.stories.iter().max_by_key(|story| story.articles.len()) else {
            continue;
        };
        let brief = &story.brief;
        let outlet_of = |id: &parallax_core::model::DocumentId| {
            output
                .articles
                .iter()
                .find(|a| &a.id == id)
                .and_then(|a| a.outlet.clone())
                .unwrap_or_default()
        };
        let mut unique: BTreeMap<String, usize> = BTreeMap::new();
        let mut claims_of: BTreeMap<String, usize> = BTreeMap::new();
        for claim in &brief.claims {
            for id in &claim.articles {
                *claims_of.entry(outlet_of(id)).or_default() += 1;
            }
            if let [only] = claim.articles.as_slice() {
                *unique.entry(outlet_of(only)).or_default() += 1;
            }
        }
        let shared = brief.claims.iter().filter(|c| c.articles.len() >= 2).count();
        let all_three = brief.claims.iter().filter(|c| c.articles.len() >= 3).count();
        let contested = brief.claims.iter().filter(|c| c.status == ClaimStatus::Contested).count();
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for contradiction in &brief.contradictions {
            *kinds.entry(contradiction.kind.as_str()).or_default() += 1;
        }
        // The coverage table over the three outlets.
        let columns: Vec<String> = brief.coverage.articles.iter().map(outlet_of).collect();
        let coverage: Vec<serde_json::Value> = brief
            .coverage
            .rows
            .iter()
            .map(|row| {
                let text = brief
                    .claims
                    .iter()
                    .find(|c| c.id == row.claim)
                    .map(|c| c.text.clone())
                    .unwrap_or_default();
                let cells: BTreeMap<&str, &str> = columns
                    .iter()
                    .map(String::as_str)
                    .zip(row.cells.iter().map(|c: &Cell| c.as_str()))
                    .collect();
                json!({ "claim": row.claim, "text": text, "cells": cells })
            })
            .collect();
        rows.push(json!({
            "event": event,
            "title": members.first().map(|a| a.title.clone()),
            "stories": output.stories.len(),
            "claims": brief.claims.len(),
            "shared_claims": shared,
            "claims_of_all_three": all_three,
            "contested": contested,
            "claims_per_outlet": claims_of,
            "unique_per_outlet": unique,
            "contradictions": kinds,
            "coverage": coverage,
        }));
        if args.out.is_some() {
            markdown.push_str(&crate::brief_md::render_markdown(
                std::slice::from_ref(story),
                &output.articles,
            ));
        }
    }
    progress.finish_and_clear();
    if let Some(path) = &args.out {
        std::fs::write(path, markdown)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &json!({ "events": rows }))?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        stdout,
        "BASIL dev: {} events, one story each ({}); claims = statements grouped across outlets",
        rows.len(),
        if encoder.is_some() { "with the model" } else { "lexical" }
    )?;
    writeln!(
        stdout,
        "{:<10} {:>6} {:>6} {:>5} {:>9} {:>14} {:>14} {:>14}  contradictions",
        "event",
        "claims",
        "shared",
        "all3",
        "contested",
        "fox only/all",
        "nyt only/all",
        "hpo only/all"
    )?;
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut shared_total, mut claims_total, mut contradictions_total) = (0, 0, 0);
    for row in &rows {
        let count = |key: &str| row[key].as_u64().unwrap_or(0) as usize;
        let per = |outlet: &str| {
            let unique = row["unique_per_outlet"][outlet].as_u64().unwrap_or(0) as usize;
            let all = row["claims_per_outlet"][outlet].as_u64().unwrap_or(0) as usize;
            (unique, all)
        };
        let mut cells = Vec::new();
        for outlet in OUTLETS {
            let (unique, all) = per(outlet);
            let total = totals.entry(outlet).or_default();
            total.0 += unique;
            total.1 += all;
            cells.push(format!("{unique}/{all}"));
        }
        let kinds: Vec<String> = row["contradictions"]
            .as_object()
            .map(|map| map.iter().map(|(k, v)| format!("{k} {v}")).collect())
            .unwrap_or_default();
        contradictions_total += row["contradictions"]
            .as_object()
            .map_or(0, |map| map.values().filter_map(|v| v.as_u64()).sum::<u64>() as usize);
        shared_total += count("shared_claims");
        claims_total += count("claims");
        writeln!(
            stdout,
            "{:<10} {:>6} {:>6} {:>5} {:>9} {:>14} {:>14} {:>14}  {}",
            row["event"].as_str().unwrap_or("").get(..8).unwrap_or(""),
            count("claims"),
            count("shared_claims"),
            count("claims_of_all_three"),
            count("contested"),
            cells[0],
            cells[1],
            cells[2],
            kinds.join(", ")
        )?;
    }
    writeln!(stdout)?;
    for outlet in OUTLETS {
        let (unique, all) = totals.get(outlet).copied().unwrap_or_default();
        writeln!(
            stdout,
            "{outlet}: {unique} of {all} claims stated by no other outlet ({:.0}%)",
            100.0 * unique as f64 / all.max(1) as f64
        )?;
    }
    writeln!(
        stdout,
        "all: {claims_total} claims, {shared_total} stated by two or more outlets; \
         {contradictions_total} contradictions"
    )?;
    Ok(ExitCode::SUCCESS)
}
