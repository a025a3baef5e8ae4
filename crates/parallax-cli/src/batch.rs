//! `parallax batch`: the batch pipeline on the embedded DataFusion engine (feature `batch`).

use std::process::ExitCode;

use anyhow::Result;

use crate::args::BatchArgs;

/// `parallax batch`, in a build without the engine.
#[cfg(not(feature = "batch"))]
pub(crate) fn batch(_: BatchArgs, _: bool) -> Result<ExitCode> {
    anyhow::bail!(
        "this parallax was built without the batch engine (Apache DataFusion); build it with \
         `cargo build --release -p parallax-cli --features batch`"
    )
}

/// `parallax batch`.
#[cfg(feature = "batch")]
pub(crate) fn batch(args: BatchArgs, quiet: bool) -> Result<ExitCode> {
    engine::batch(args, quiet)
}

#[cfg(feature = "batch")]
mod engine {
    use std::io::Write as _;
    use std::process::ExitCode;

    use anyhow::{Context as _, Result};
    use parallax_batch::dedup::{self, Verdict};
    use parallax_batch::{EngineConfig, raw, tables};
    use parallax_core::ingest::IngestEvent;
    use parallax_core::model::{Diagnostic, Severity};
    use serde_json::json;

    use crate::args::BatchArgs;
    use crate::inputs;

    pub(super) fn batch(args: BatchArgs, quiet: bool) -> Result<ExitCode> {
        anyhow::ensure!(
            args.dedup_only || args.articles_only,
            "the batch engine runs deduplication (--dedup-only) and cleaning (--articles-only) so \
             far; stories, facts and briefs run in `parallax analyze`"
        );
        let config = crate::dedup::config(&args.params);
        let banding = config.banding();
        anyhow::ensure!(
            banding.bands * banding.rows <= config.num_perm,
            "bands × rows ({} × {}) exceeds --num-perm {}",
            banding.bands,
            banding.rows,
            config.num_perm
        );
        parallax_batch::check_output(&args.out)?;
        crate::configure_threads(&args.input)?;

        // Stage 0: the inputs, streamed into the `raw` table.
        let (files, mut diagnostics) = inputs::collect(&args.input.paths);
        let spinner = inputs::spinner("reading".to_owned(), quiet);
        let mut writer = raw::RawWriter::new(&args.out.join(tables::RAW))?;
        let mut failure: Option<parallax_batch::BatchError> = None;
        inputs::stream(
            &files,
            inputs::format_override(&args.input),
            &inputs::ingest_config(&args.input),
            |event: IngestEvent| {
                if failure.is_some() {
                    return;
                }
                match writer.push(event) {
                    Ok(true) => {
                        spinner.set_message(format!("reading: {} documents", writer.documents()));
                    }
                    Ok(false) => {}
                    Err(error) => failure = Some(error),
                }
            },
        );
        if let Some(error) = failure {
            return Err(error.into());
        }
        let summary = writer.finish()?;
        diagnostics.extend(summary.diagnostics);

        // The plan, on the embedded engine.
        let threads = args.input.threads.unwrap_or(0);
        let engine = EngineConfig { partitions: threads, memory_limit: args.memory_limit << 20 };
        let runtime = parallax_batch::runtime(threads)?;
        let ctx = parallax_batch::session(&engine)?;
        if args.articles_only {
            spinner.set_message(format!("cleaning {} documents", summary.documents));
            let found = runtime.block_on(parallax_batch::articles::run(&ctx, &args.out))?;
            spinner.finish_and_clear();
            diagnostics.extend(found.diagnostics);
            let rejected = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            if args.json {
                println!(
                    "{}",
                    json!({"kind": "summary", "documents": summary.documents, "articles": found.articles, "rejected": rejected})
                );
            } else {
                println!(
                    "{} documents: {} articles, {rejected} rejected; table `articles` under {}",
                    summary.documents,
                    found.articles,
                    args.out.display()
                );
            }
            return finish(&diagnostics, quiet);
        }
        spinner.set_message(format!("deduplicating {} documents", summary.documents));
        let outcome = runtime.block_on(dedup::run(&ctx, &args.out, &config, args.clean))?;
        spinner.finish_and_clear();
        diagnostics.extend(outcome.diagnostics.iter().cloned());

        print(&args, &config, &outcome, &diagnostics)?;
        if let Some(path) = &args.pairs {
            crate::dedup::write_pairs(path, &outcome.ids, outcome.pairs.iter().copied())?;
        }
        if let Some(path) = &args.keep_list {
            let mut out = String::new();
            for (id, verdict) in outcome.ids.iter().zip(&outcome.verdicts) {
                if *verdict == Verdict::Keep {
                    out.push_str(id);
                    out.push('\n');
                }
            }
            std::fs::write(path, out)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if !quiet {
            eprintln!("tables written under {}", args.out.display());
        }
        finish(&diagnostics, quiet)
    }

    /// Lists the diagnostics on stderr; exit code 1 when an input was rejected.
    fn finish(diagnostics: &[Diagnostic], quiet: bool) -> Result<ExitCode> {
        if !diagnostics.is_empty()
            && (!quiet || diagnostics.iter().any(|d| d.severity == Severity::Error))
        {
            eprint!("{}", crate::report::render_diagnostics(diagnostics));
        }
        Ok(if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }

    /// The results, as `parallax dedup` prints them.
    fn print(
        args: &BatchArgs,
        config: &parallax_core::dedup::DedupConfig,
        outcome: &dedup::DedupOutcome,
        diagnostics: &[Diagnostic],
    ) -> Result<()> {
        let ids = &outcome.ids;
        let clusters = dedup::clusters(outcome);
        let relation = |document: usize| match outcome.verdicts[document] {
            Verdict::Near { jaccard, .. } => ("near", jaccard),
            _ => ("exact", 1.0),
        };
        let count =
            |wanted: fn(&Verdict) -> bool| outcome.verdicts.iter().filter(|v| wanted(v)).count();
        let counts = (
            count(|v| *v == Verdict::Keep),
            count(|v| matches!(v, Verdict::Exact { .. })),
            count(|v| matches!(v, Verdict::Near { .. })),
            count(|v| *v == Verdict::Empty),
        );
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        if args.json {
            let mut line = |value: serde_json::Value| -> Result<()> {
                serde_json::to_writer(&mut stdout, &value)?;
                writeln!(stdout)?;
                Ok(())
            };
            line(json!({"kind": "params", "params": crate::dedup::params_json(config)}))?;
            for (document, verdict) in outcome.verdicts.iter().enumerate() {
                line(match verdict {
                    Verdict::Keep => json!({"kind": "keep", "id": ids[document]}),
                    Verdict::Exact { of } => {
                        json!({"kind": "drop", "id": ids[document], "duplicate_of": ids[*of], "relation": "exact", "jaccard": 1.0})
                    }
                    Verdict::Near { of, jaccard } => {
                        json!({"kind": "drop", "id": ids[document], "duplicate_of": ids[*of], "relation": "near", "jaccard": jaccard})
                    }
                    Verdict::Empty => {
                        json!({"kind": "drop", "id": ids[document], "relation": "empty"})
                    }
                })?;
            }
            for (representative, members) in &clusters {
                let members: Vec<serde_json::Value> = members
                    .iter()
                    .map(|&document| {
                        let (relation, jaccard) = relation(document);
                        json!({"id": ids[document], "relation": relation, "jaccard": jaccard})
                    })
                    .collect();
                line(
                    json!({"kind": "cluster", "keep": ids[*representative], "duplicates": members}),
                )?;
            }
            line(json!({
                "kind": "summary", "documents": ids.len(), "kept": counts.0, "exact_duplicates": counts.1,
                "near_duplicates": counts.2, "empty": counts.3, "clusters": clusters.len(),
                "rejected": diagnostics.iter().filter(|d| d.severity == Severity::Error).count(),
            }))?;
        } else {
            let banding = config.banding();
            writeln!(
                stdout,
                "{} documents: {} kept, {} exact duplicates, {} near duplicates, {} empty, in {} clusters",
                ids.len(),
                counts.0,
                counts.1,
                counts.2,
                counts.3,
                clusters.len()
            )?;
            writeln!(
                stdout,
                "MinHash: {}-word shingles, {} permutations ({:?}, seed {}), LSH {} bands × {} rows, Jaccard ≥ {}; {} candidate pairs\n",
                config.shingle,
                config.num_perm,
                config.scheme,
                config.seed,
                banding.bands,
                banding.rows,
                config.threshold,
                outcome.pairs.len()
            )?;
            for (representative, members) in &clusters {
                writeln!(stdout, "keep {}", ids[*representative])?;
                for &document in members {
                    let (relation, jaccard) = relation(document);
                    writeln!(
                        stdout,
                        "  drop {} ({relation}, Jaccard {jaccard:.2})",
                        ids[document]
                    )?;
                }
            }
        }
        stdout.flush()?;
        Ok(())
    }
}
