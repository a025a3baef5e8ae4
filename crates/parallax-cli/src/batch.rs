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

    use anyhow::Result;
    use parallax_batch::dedup;
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
            if args.output.json {
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
        let outcome = runtime.block_on(dedup::run(&ctx, &args.out, &config, args.output.clean))?;
        spinner.finish_and_clear();
        diagnostics.extend(outcome.diagnostics.iter().cloned());

        let mut tally = crate::dedup::Tally::default();
        for (index, verdict) in outcome.verdicts.iter().enumerate() {
            tally.add(index, verdict);
        }
        let rejected = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        print(&args, &config, &outcome, &tally, rejected)?;
        if let Some(path) = &args.output.pairs {
            crate::dedup::write_pairs(path, &outcome.ids, outcome.pairs.iter().copied())?;
        }
        if let Some(path) = &args.output.keep_list {
            tally.write_keep_list(path, &outcome.ids)?;
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
        tally: &crate::dedup::Tally,
        rejected: usize,
    ) -> Result<()> {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        if args.output.json {
            let params = json!({"kind": "params", "params": crate::dedup::params_json(config)});
            serde_json::to_writer(&mut stdout, &params)?;
            writeln!(stdout)?;
            for (index, verdict) in outcome.verdicts.iter().enumerate() {
                let line = crate::dedup::verdict_line(&outcome.ids, index, verdict);
                serde_json::to_writer(&mut stdout, &line)?;
                writeln!(stdout)?;
            }
        }
        tally.write_end(&mut stdout, args.output.json, config, &outcome.ids, rejected)?;
        stdout.flush()?;
        Ok(())
    }
}
