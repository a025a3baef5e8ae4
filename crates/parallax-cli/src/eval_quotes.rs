//! `parallax eval quotes`: attribution extraction (source, cue, content) on PolNeAR.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use parallax_core::facts::quotes::{
    CueModel, CueOptions, CueTrainer, GoldAttribution, SpanMode, SpanModel, SpanOptions,
    SpanTrainer, attributions_tagged,
};
use parallax_core::model::Span;
use parallax_core::text::split_sentences;
use parallax_eval::{
    AttributionSpans, CharSpan, MatchCounts, POLNEAR_DIR, PolnearSplit, byte_to_char_offsets,
    load_polnear, score_polnear,
};
use serde_json::json;

/// Arguments of `parallax eval quotes`.
#[derive(Debug, Args)]
pub(crate) struct EvalQuotesArgs {
    /// The data folder holding `polnear/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// The PolNeAR split to score (tune on train, report dev).
    #[arg(long, value_enum, default_value = "dev")]
    pub(crate) split: SplitArg,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also write every article's predicted attributions (character offsets) to FILE as JSON
    /// Lines, for error analysis.
    #[arg(long, value_name = "FILE")]
    pub(crate) predictions: Option<PathBuf>,
    /// Run the rules alone, without the learned cue detector (an ablation).
    #[arg(long)]
    pub(crate) rules_only: bool,
    /// Use this cue weights file (from `parallax train cues`) instead of the built-in one.
    #[arg(long, value_name = "FILE", hide = true)]
    pub(crate) cue_model: Option<PathBuf>,
    /// Score above which the detector adds a cue verb (default: the built-in threshold).
    #[arg(long, value_name = "SCORE", hide = true)]
    pub(crate) cue_add: Option<f32>,
    /// Score below which the detector drops a rule cue (default: the built-in threshold).
    #[arg(long, value_name = "SCORE", hide = true)]
    pub(crate) cue_veto: Option<f32>,
    /// How the learned span tagger joins the rules (an ablation switch).
    #[arg(long, value_enum, default_value = "fill")]
    pub(crate) spans: SpansArg,
    /// Use this span tagger weights file (from `parallax train spans`) instead of the built-in
    /// one.
    #[arg(long, value_name = "FILE", hide = true)]
    pub(crate) span_model: Option<PathBuf>,
    /// Confidence below which a tagged cue is dropped in `--spans fill` (default: the built-in
    /// threshold).
    #[arg(long, value_name = "SCORE", hide = true)]
    pub(crate) span_min_confidence: Option<f32>,
    /// Score only the train articles held out from fitting for threshold tuning (see
    /// `parallax train cues --hold-out`).
    #[arg(long, hide = true)]
    pub(crate) tuning_only: bool,
}

/// Arguments of `parallax train cues`.
#[derive(Debug, Args)]
pub(crate) struct TrainCuesArgs {
    /// The data folder holding `polnear/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Where to write the weights.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 8)]
    pub(crate) epochs: usize,
    /// Leave out the train articles kept for threshold tuning (one in six, by a hash of the
    /// article name), so that `parallax eval quotes --split train --tuning-only` scores unseen
    /// text.
    #[arg(long)]
    pub(crate) hold_out: bool,
}

/// Whether a PolNeAR train article is kept for tuning the detector's thresholds.
fn is_tuning_article(id: &str) -> bool {
    // FNV-1a: stable across versions and machines.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash % 6 == 0
}

/// PolNeAR train's articles (less the tuning ones with `--hold-out`), each with its gold
/// attributions in byte spans.
fn training_articles(args: &TrainCuesArgs) -> Result<Vec<(String, Vec<GoldAttribution>)>> {
    let articles = load_polnear(&args.data, PolnearSplit::Train).with_context(|| {
        format!("cannot load PolNeAR from `{}`", args.data.join(POLNEAR_DIR).display())
    })?;
    let mut out = Vec::with_capacity(articles.len());
    for article in articles {
        if args.hold_out && is_tuning_article(&article.id) {
            continue;
        }
        let bytes: Vec<usize> = article
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(article.text.len()))
            .collect();
        let to_bytes = |c: &CharSpan| -> Option<Span> {
            Some(Span { start: *bytes.get(c.start)?, end: *bytes.get(c.end)? })
        };
        let gold: Vec<GoldAttribution> = article
            .attributions
            .iter()
            .map(|a| GoldAttribution {
                source: a.source.iter().filter_map(to_bytes).collect(),
                cue: a.cue.iter().filter_map(to_bytes).collect(),
                content: a.content.iter().filter_map(to_bytes).collect(),
            })
            .collect();
        out.push((article.text, gold));
    }
    Ok(out)
}

/// Writes a fitted weights file, saying so unless `quiet`.
fn write_weights(path: &Path, bytes: &[u8], quiet: bool) -> Result<ExitCode> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    if !quiet {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn train_cues(args: &TrainCuesArgs, quiet: bool) -> Result<ExitCode> {
    let articles = training_articles(args)?;
    let mut trainer = CueTrainer::new();
    for (text, gold) in &articles {
        let cues: Vec<Span> = gold.iter().flat_map(|a| a.cue.iter().copied()).collect();
        trainer.add(text, &split_sentences(text), &cues);
    }
    if !quiet {
        eprintln!(
            "fitting the cue detector on {} PolNeAR train articles ({} words), {} epochs",
            articles.len(),
            trainer.len(),
            args.epochs
        );
    }
    write_weights(&args.out, &trainer.train(args.epochs).to_bytes(), quiet)
}

/// How the span tagger takes part.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum SpansArg {
    /// Rules (and cue detector) alone.
    Off,
    /// Rules, plus the tagger's attributions where the rules found none.
    Fill,
    /// The tagger alone.
    Only,
}

pub(crate) fn train_spans(args: &TrainCuesArgs, quiet: bool) -> Result<ExitCode> {
    let articles = training_articles(args)?;
    let mut trainer = SpanTrainer::new();
    for (text, gold) in &articles {
        trainer.add(text, &split_sentences(text), gold);
    }
    if !quiet {
        eprintln!(
            "fitting the span tagger on {} PolNeAR train articles ({} tokens), {} epochs",
            articles.len(),
            trainer.len(),
            args.epochs
        );
    }
    write_weights(&args.out, &trainer.train(args.epochs).to_bytes(), quiet)
}

/// A PolNeAR split.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum SplitArg {
    /// Months 1–10 (840 articles).
    Train,
    /// Month 11 (84 articles).
    Dev,
}

pub(crate) fn eval_quotes(args: &EvalQuotesArgs) -> Result<ExitCode> {
    let split = match args.split {
        SplitArg::Train => PolnearSplit::Train,
        SplitArg::Dev => PolnearSplit::Dev,
    };
    let mut articles = load_polnear(&args.data, split).with_context(|| {
        format!("cannot load PolNeAR from `{}`", args.data.join(POLNEAR_DIR).display())
    })?;
    if args.tuning_only {
        articles.retain(|a| is_tuning_article(&a.id));
    }
    let loaded;
    let mut options =
        if args.rules_only { CueOptions::rules_only() } else { CueOptions::default() };
    if let Some(path) = &args.cue_model {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        loaded = CueModel::from_bytes(&bytes)
            .with_context(|| format!("cannot load the cue model `{}`", path.display()))?;
        options.model = Some(&loaded);
    }
    if let Some(add) = args.cue_add {
        options.add = add;
    }
    if let Some(veto) = args.cue_veto {
        options.veto = veto;
    }
    let loaded_spans;
    let mut span_options = match args.spans {
        SpansArg::Off => SpanOptions::off(),
        SpansArg::Fill => SpanOptions::default(),
        SpansArg::Only => SpanOptions { mode: SpanMode::Only, ..SpanOptions::default() },
    };
    if let Some(path) = &args.span_model {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        loaded_spans = SpanModel::from_bytes(&bytes)
            .with_context(|| format!("cannot load the span model `{}`", path.display()))?;
        span_options.model = Some(&loaded_spans);
    }
    if let Some(min) = args.span_min_confidence {
        span_options.min_confidence = min;
    }
    if span_options.model.is_none() && args.spans != SpansArg::Off {
        anyhow::bail!("the built-in span tagger is missing; pass --spans off");
    }
    let detector = match (options.model.is_some(), args.spans) {
        (_, SpansArg::Only) => "span tagger",
        (true, SpansArg::Fill) => "rules + learned cues + span tagger",
        (false, SpansArg::Fill) => "rules + span tagger",
        (true, SpansArg::Off) => "rules + learned cues",
        (false, SpansArg::Off) => "rules",
    };
    let predictions: Vec<Vec<AttributionSpans>> = articles
        .iter()
        .map(|article| {
            let table = byte_to_char_offsets(&article.text);
            let convert = |span: Span| CharSpan {
                start: table.get(span.start).copied().unwrap_or(0),
                end: table.get(span.end).copied().unwrap_or(0),
            };
            attributions_tagged(
                &article.text,
                &split_sentences(&article.text),
                &options,
                &span_options,
            )
            .into_iter()
            .map(|a| AttributionSpans {
                source: a.source.into_iter().map(convert).collect(),
                cue: a.cue.into_iter().map(convert).collect(),
                content: a.content.into_iter().map(convert).collect(),
            })
            .collect()
        })
        .collect();
    if let Some(path) = &args.predictions {
        write_predictions(path, &articles, &predictions)
            .with_context(|| format!("cannot write predictions to `{}`", path.display()))?;
    }
    let scores = score_polnear(
        articles
            .iter()
            .zip(&predictions)
            .map(|(a, p)| (a.text.as_str(), a.attributions.as_slice(), p.as_slice())),
    );
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let counts = |c: MatchCounts| json!({"counts": c, "prf": c.prf()});
        let roles = |r: parallax_eval::RoleCounts| {
            json!({
                "content_with_source": counts(r.content_with_source),
                "source": counts(r.source),
                "cue": counts(r.cue),
                "content": counts(r.content),
            })
        };
        let value = json!({
            "dataset": format!("polnear {}", split.as_str()),
            "detector": detector,
            "articles": scores.articles,
            "headline": {"metric": "content with correct source, overlap", "prf": scores.headline()},
            "overlap": roles(scores.overlap),
            "exact": roles(scores.exact),
        });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "PolNeAR {}, {} articles: attribution extraction ({detector})\n",
            split.as_str(),
            scores.articles
        )?;
        writeln!(
            stdout,
            "{:<8} {:<20} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8}",
            "match", "unit", "P", "R", "F1", "matched", "pred", "gold"
        )?;
        for (label, roles) in [("overlap", scores.overlap), ("exact", scores.exact)] {
            for (unit, c) in [
                ("content+source", roles.content_with_source),
                ("source", roles.source),
                ("cue", roles.cue),
                ("content", roles.content),
            ] {
                let prf = c.prf();
                writeln!(
                    stdout,
                    "{label:<8} {unit:<20} {:>6.3} {:>6.3} {:>6.3} {:>8} {:>8} {:>8}",
                    prf.precision, prf.recall, prf.f1, c.matched, c.predicted, c.gold
                )?;
            }
        }
        writeln!(
            stdout,
            "\nGender Gap Tracker (quotes, its own data, not comparable): F1 0.84 content with correct speaker"
        )?;
        // How the speaker rules of the report read the gold sources (before any resolution to
        // the article's entities, so every pronoun counts as one).
        let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        let mut total = 0usize;
        for article in &articles {
            let chars: Vec<char> = article.text.chars().collect();
            for attribution in &article.attributions {
                let source: Vec<String> = attribution
                    .source
                    .iter()
                    .filter_map(|span| chars.get(span.start..span.end))
                    .map(|part| part.iter().collect())
                    .collect();
                if source.is_empty() {
                    continue;
                }
                let kind = parallax_core::facts::source_kind(Some(&source.join(" ")), false);
                *kinds.entry(kind.as_str()).or_default() += 1;
                total += 1;
            }
        }
        let shares: Vec<String> = kinds
            .iter()
            .map(|(kind, count)| {
                format!("{kind} {:.1}%", 100.0 * *count as f64 / total.max(1) as f64)
            })
            .collect();
        writeln!(
            stdout,
            "gold sources as the report's speaker rules read them ({total}, unresolved): {}",
            shares.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_predictions(
    path: &std::path::Path,
    articles: &[parallax_eval::PolnearArticle],
    predictions: &[Vec<AttributionSpans>],
) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let spans = |spans: &[CharSpan]| -> Vec<[usize; 2]> {
        spans.iter().map(|span| [span.start, span.end]).collect()
    };
    for (article, predicted) in articles.iter().zip(predictions) {
        let predicted: Vec<_> = predicted
            .iter()
            .map(|a| {
                json!({"source": spans(&a.source), "cue": spans(&a.cue), "content": spans(&a.content)})
            })
            .collect();
        serde_json::to_writer(
            &mut out,
            &json!({"article": article.id, "attributions": predicted}),
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
