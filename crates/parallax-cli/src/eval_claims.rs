//! `parallax eval claims --gold FILE`: the brief against a hand-annotated claims gold
//! (`eval/claims/`): pairwise precision, recall and F1 over cross-article statement pairs, the
//! share of multi-source facts reported corroborated, contradiction precision and recall.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Args;
use parallax_core::brief::{Brief, ClaimStatus, Matcher, Member, PairFeatures, pair_features};
use parallax_core::embed::{Embeddings, SentenceEncoder};
use parallax_core::model::{Article, Body, DocumentId, Origin, RawDocument};
use parallax_core::pipeline::{Pipeline, PipelineConfig, PipelineOutput};
use parallax_eval::{
    BASIL_DIR, ClaimsScores, GoldEvent, SystemArticle, SystemClaim, SystemContradiction,
    SystemEvent, fact_sentences, load_basil, load_claims_gold, same_fact, score_claims,
};
use serde_json::json;

use crate::args::ModelArgs;

/// Arguments of `parallax eval claims`.
#[derive(Debug, Args)]
pub(crate) struct EvalClaimsArgs {
    /// The gold file (`parallax.claims-gold/v1`), e.g. `eval/claims/basil-dev.json`.
    #[arg(long, value_name = "FILE")]
    pub(crate) gold: PathBuf,
    /// The data folder holding `basil-dev/` (for gold of corpus `basil-dev`).
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// The folder of articles (for gold of corpus `demo`); article keys are file-name
    /// prefixes.
    #[arg(long, default_value = "examples/kim-putin", value_name = "DIR")]
    pub(crate) demo: PathBuf,
    /// Write every wrong pair, missed corroboration and wrong or missed contradiction here.
    #[arg(long, value_name = "FILE")]
    pub(crate) errors: Option<PathBuf>,
    /// Write every candidate statement pair with its matcher features and gold label here, as
    /// JSON Lines (for fitting and inspecting the matcher).
    #[arg(long, value_name = "FILE")]
    pub(crate) pairs: Option<PathBuf>,
    /// Match probability from which two statements can state one claim (default: the brief's).
    #[arg(long, value_name = "P")]
    pub(crate) claim_min: Option<f64>,
    /// Mean match probability a claim's statements must keep when two groups merge (default:
    /// the brief's).
    #[arg(long, value_name = "P")]
    pub(crate) claim_mean_min: Option<f64>,
    /// Match probability from which a statement also joins a second claim (default: the
    /// brief's; above 1 turns second memberships off).
    #[arg(long, value_name = "P")]
    pub(crate) second_min: Option<f64>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

pub(crate) fn eval_claims(args: &EvalClaimsArgs, quiet: bool) -> Result<ExitCode> {
    let gold = load_claims_gold(&args.gold)?;
    let model = crate::model::load(&args.model, quiet)?;
    let encoder = model.as_ref().map(|model| model as &dyn SentenceEncoder);
    let mut config = event_config(&args.model);
    if let Some(value) = args.claim_min {
        config.brief.claim_min = value;
    }
    if let Some(value) = args.second_min {
        config.brief.second_min = value;
    }
    if let Some(value) = args.claim_mean_min {
        config.brief.claim_mean_min = value;
    }
    let runs = run_events(
        &args.gold,
        &gold.corpus,
        gold.events,
        &args.data,
        &args.demo,
        encoder,
        &config,
        quiet,
    )?;
    let mut total = ClaimsScores::default();
    let mut rows = Vec::new();
    let mut pair_lines = String::new();
    for run in &runs {
        let event = &run.event;
        let system = system_event(&run.output, &run.key_of);
        if args.pairs.is_some() {
            for (pair, label) in labelled_pairs(run, &system, &config) {
                let line = json!({
                    "event": event.event, "a": (&pair.a.0, pair.a.1), "b": (&pair.b.0, pair.b.1),
                    "label": label, "features": pair.values,
                    "a_text": pair.a_text, "b_text": pair.b_text,
                });
                pair_lines.push_str(&line.to_string());
                pair_lines.push('\n');
            }
        }
        let scores = score_claims(event, &system);
        rows.push(json!({
            "event": event.event,
            "facts": event.facts.len(),
            "pairs": scores.pairs,
            "multi_source_facts": scores.multi_source_facts,
            "corroborated": scores.corroborated,
            "contradictions": scores.contradictions,
        }));
        total.add(&scores);
    }
    if total.unmatched_statements > 0 {
        eprintln!(
            "warning: {} gold statements were not found in their article's text",
            total.unmatched_statements
        );
    }
    if let Some(path) = &args.errors {
        let mut text = String::new();
        for error in &total.errors {
            text.push_str(&format!("[{}] {} {}\n", &error.event, error.kind, error.text));
        }
        std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    if let Some(path) = &args.pairs {
        std::fs::write(path, pair_lines)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    let pairs = &total.pairs;
    let x = &total.contradictions;
    if args.json {
        let summary = json!({
            "gold": args.gold.display().to_string(),
            "corpus": gold.corpus,
            "model": encoder.is_some(),
            "events": rows.len(),
            "pairs": {
                "precision": pairs.precision(), "recall": pairs.recall(), "f1": pairs.f1(),
                "counts": pairs,
            },
            "corroboration": {
                "multi_source_facts": total.multi_source_facts,
                "reported_corroborated": total.corroborated,
                "share": total.corroborated_share(),
                "source_count_right": total.corroborated_count_right,
            },
            "contradictions": {
                "precision": x.precision(), "recall": x.recall(), "counts": x,
            },
            "unmatched_statements": total.unmatched_statements,
            "per_event": rows,
        });
        serde_json::to_writer_pretty(&mut stdout, &summary)?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        stdout,
        "claims gold `{}` ({}, {} events, {})",
        args.gold.display(),
        gold.corpus,
        rows.len(),
        if encoder.is_some() { "with the model" } else { "lexical" }
    )?;
    writeln!(
        stdout,
        "cross-article pairs   P {:.3}  R {:.3}  F1 {:.3}   ({} of {} predicted right, {} of {} gold found)",
        pairs.precision(),
        pairs.recall(),
        pairs.f1(),
        pairs.predicted_right,
        pairs.predicted,
        pairs.gold_found,
        pairs.gold
    )?;
    writeln!(
        stdout,
        "multi-source facts    {} of {} reported corroborated ({:.1}%), {} with the right source count",
        total.corroborated,
        total.multi_source_facts,
        100.0 * total.corroborated_share(),
        total.corroborated_count_right
    )?;
    writeln!(
        stdout,
        "contradictions        P {:.3}  R {:.3}   ({} of {} predicted right, {} of {} gold found)",
        x.precision(),
        x.recall(),
        x.predicted_right,
        x.predicted,
        x.gold_found,
        x.gold
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Each gold event with its articles as raw documents, in the gold's article order; `document`
/// reads one article by its key.
fn with_documents(
    events: Vec<GoldEvent>,
    mut document: impl FnMut(&GoldEvent, &str) -> Result<RawDocument>,
) -> Result<Vec<(GoldEvent, Vec<RawDocument>)>> {
    events
        .into_iter()
        .map(|event| {
            let documents = event
                .articles
                .iter()
                .map(|key| document(&event, key))
                .collect::<Result<Vec<_>>>()?;
            Ok((event, documents))
        })
        .collect()
}

/// The gold's BASIL events (article keys are outlets).
fn basil_events(data: &Path, events: Vec<GoldEvent>) -> Result<Vec<(GoldEvent, Vec<RawDocument>)>> {
    let articles = load_basil(&data.join(BASIL_DIR))
        .with_context(|| format!("cannot load BASIL from `{}`", data.join(BASIL_DIR).display()))?;
    with_documents(events, |event, outlet| {
        let article = articles
            .iter()
            .find(|a| a.event_id == event.event && a.outlet == outlet)
            .with_context(|| {
                format!("BASIL has no article of event `{}` from `{outlet}`", event.event)
            })?;
        let mut raw = RawDocument::new(
            Origin::file(format!("{}.txt", article.outlet)),
            Body::Text(format!("{}\n\n{}", article.title, article.text)),
        );
        raw.id = Some(format!("{}-{}", &event.event[..8.min(event.event.len())], outlet));
        raw.outlet = Some(article.outlet.clone());
        raw.date = Some(article.date.clone());
        raw.url = Some(article.url.clone());
        Ok(raw)
    })
}

/// The demo folder's files, keyed by file-name prefix.
fn demo_events(
    folder: &Path,
    events: Vec<GoldEvent>,
) -> Result<Vec<(GoldEvent, Vec<RawDocument>)>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("cannot read `{}`", folder.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    with_documents(events, |_, key| {
        let path = files
            .iter()
            .find(|path| {
                path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(key))
            })
            .with_context(|| format!("no file in `{}` starts with `{key}`", folder.display()))?;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        let mut raw = RawDocument::new(Origin::file(path.display().to_string()), Body::Text(text));
        raw.id = Some(key.to_owned());
        Ok(raw)
    })
}

/// What the brief of the event's largest story says, keyed as the gold keys articles.
fn system_event(output: &PipelineOutput, key_of: &BTreeMap<String, String>) -> SystemEvent {
    let key = |id: &parallax_core::model::DocumentId| -> String {
        key_of.get(id.as_str()).cloned().unwrap_or_else(|| id.as_str().to_owned())
    };
    let articles: Vec<SystemArticle> = output
        .articles
        .iter()
        .map(|article: &Article| SystemArticle {
            key: key(&article.id),
            text: article.text.clone(),
            sentences: article.sentences.iter().map(|s| (s.start, s.end)).collect(),
        })
        .collect();
    let Some(story) = output.stories.iter().max_by_key(|story| story.articles.len()) else {
        return SystemEvent { articles, ..SystemEvent::default() };
    };
    let brief: &Brief = &story.brief;
    let claims = brief
        .claims
        .iter()
        .map(|claim| SystemClaim {
            statements: claim.statements.iter().map(|s| (key(&s.article), s.sentence)).collect(),
            corroborated: claim.status == ClaimStatus::Corroborated,
            sources: claim.sources,
        })
        .collect();
    let contradictions = brief
        .contradictions
        .iter()
        .map(|x| SystemContradiction {
            kind: x.kind.as_str().to_owned(),
            change_over_time: x.change_over_time,
            summary: x.summary.clone(),
            sides: x
                .sides
                .iter()
                .map(|side| side.statements.iter().map(|s| (key(&s.article), s.sentence)).collect())
                .collect(),
        })
        .collect();
    SystemEvent { articles, claims, contradictions }
}

/// The pipeline settings of a claims run: each event is one story by construction (grouping is
/// measured by `eval stories`).
pub(crate) fn event_config(model: &ModelArgs) -> PipelineConfig {
    let mut config = crate::model::pipeline_config(model);
    config.stories.min_similarity = 0.0;
    config.stories.min_text_cosine = 0.0;
    config.stories.min_edge_similarity = 0.0;
    config.stories.max_days_apart = 3650;
    config
}

/// One gold event run through the pipeline.
pub(crate) struct EventRun {
    pub(crate) event: GoldEvent,
    pub(crate) output: PipelineOutput,
    pub(crate) embeddings: Embeddings,
    /// Article id -> the gold's article key.
    pub(crate) key_of: BTreeMap<String, String>,
}

/// Runs every event of a gold file through the pipeline.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_events(
    gold_path: &Path,
    corpus: &str,
    events: Vec<GoldEvent>,
    data: &Path,
    demo: &Path,
    encoder: Option<&dyn SentenceEncoder>,
    config: &PipelineConfig,
    quiet: bool,
) -> Result<Vec<EventRun>> {
    let events: Vec<(GoldEvent, Vec<RawDocument>)> = match corpus {
        "basil-dev" => basil_events(data, events)?,
        "demo" => demo_events(demo, events)?,
        other => bail!("`{}`: unknown corpus `{other}` (basil-dev or demo)", gold_path.display()),
    };
    let progress = crate::inputs::progress_bar(events.len() as u64, "events", quiet);
    let mut runs = Vec::new();
    for (event, documents) in events {
        let mut pipeline = Pipeline::new(config.clone());
        let mut key_of: BTreeMap<String, String> = BTreeMap::new();
        for (key, mut document) in event.articles.iter().zip(documents) {
            let id = document.id.clone().unwrap_or_else(|| key.clone());
            document.id = Some(id.clone());
            key_of.insert(id, key.clone());
            pipeline.add(document);
        }
        let (output, embeddings) = pipeline.run_keeping_embeddings(encoder);
        progress.inc(1);
        runs.push(EventRun { event, output, embeddings, key_of });
    }
    progress.finish_and_clear();
    Ok(runs)
}

/// Every candidate statement pair of the event's largest story with its features (articles
/// named by gold key) and whether one gold fact holds both.
pub(crate) fn labelled_pairs(
    run: &EventRun,
    system: &SystemEvent,
    config: &PipelineConfig,
) -> Vec<(PairFeatures, bool)> {
    let Some(story) = run.output.stories.iter().max_by_key(|story| story.articles.len()) else {
        return Vec::new();
    };
    let members: Vec<Member<'_>> = run
        .output
        .articles
        .iter()
        .zip(&run.output.facts)
        .map(|(article, facts)| Member { article, facts })
        .collect();
    let vectors = (!run.embeddings.is_empty()).then_some(&run.embeddings);
    let facts = fact_sentences(&run.event, &system.articles);
    let key = |id: &DocumentId| -> DocumentId {
        DocumentId::new(
            run.key_of.get(id.as_str()).cloned().unwrap_or_else(|| id.as_str().to_owned()),
        )
    };
    pair_features(story, &members, vectors, &config.brief)
        .into_iter()
        .map(|mut pair| {
            pair.a.0 = key(&pair.a.0);
            pair.b.0 = key(&pair.b.0);
            let a = (pair.a.0.as_str().to_owned(), pair.a.1);
            let b = (pair.b.0.as_str().to_owned(), pair.b.1);
            let label = same_fact(&facts, &a, &b);
            (pair, label)
        })
        .collect()
}

/// Arguments of `parallax train matcher`.
#[derive(Debug, Args)]
pub(crate) struct TrainMatcherArgs {
    /// Claims gold files to fit on (the held-out file is never among them).
    #[arg(long, value_name = "FILE", default_values = ["eval/claims/basil-dev.json", "eval/claims/demo.json"])]
    pub(crate) gold: Vec<PathBuf>,
    /// The data folder holding `basil-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// The folder of the demo corpus.
    #[arg(long, default_value = "examples/kim-putin", value_name = "DIR")]
    pub(crate) demo: PathBuf,
    /// Where to write `matcher_lexical.txt` and `matcher_model.txt`.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 1.0)]
    pub(crate) l2: f64,
    /// Also write every labelled pair (event, statements, features, label) to this JSON Lines
    /// file, one line per pair and run (`lexical`, `model`), for analysis.
    #[arg(long, value_name = "FILE")]
    pub(crate) pairs: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

/// The index of the `has_vectors` feature.
const HAS_VECTORS: usize = 5;

/// `parallax train matcher`: fits the statement matcher twice (pairs with and without sentence
/// vectors) on the claims gold and writes both weights files.
pub(crate) fn train_matcher(args: &TrainMatcherArgs, quiet: bool) -> Result<ExitCode> {
    let model_args = &args.model;
    if model_args.no_model {
        bail!("the matcher is fitted with and without sentence vectors: drop --no-model");
    }
    let model = crate::model::load(model_args, quiet)?
        .context("fitting the matcher needs the sentence model: run `parallax model fetch`")?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    let config = event_config(model_args);
    let mut pairs_out = match &args.pairs {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create `{}`", path.display()))?,
        )),
        None => None,
    };
    for (name, encoder) in [("lexical", None), ("model", Some(&model as &dyn SentenceEncoder))] {
        let mut rows: Vec<([f64; parallax_core::brief::FEATURE_COUNT], bool)> = Vec::new();
        for path in &args.gold {
            let gold = load_claims_gold(path)?;
            let runs = run_events(
                path,
                &gold.corpus,
                gold.events,
                &args.data,
                &args.demo,
                encoder,
                &config,
                quiet,
            )?;
            for run in &runs {
                let system = system_event(&run.output, &run.key_of);
                let labelled = labelled_pairs(run, &system, &config);
                if let Some(out) = pairs_out.as_mut() {
                    for (pair, label) in &labelled {
                        let line = json!({
                            "run": name,
                            "gold": path.display().to_string(),
                            "event": run.event.event,
                            "a": [pair.a.0.as_str(), pair.a.1],
                            "b": [pair.b.0.as_str(), pair.b.1],
                            "label": label,
                            "a_text": pair.a_text,
                            "b_text": pair.b_text,
                            "features": pair.values.to_vec(),
                        });
                        writeln!(out, "{line}")?;
                    }
                }
                // The model matcher scores pairs of two whole sentences with vectors; the
                // lexical one every other pair.
                rows.extend(
                    labelled
                        .into_iter()
                        .filter(|(pair, _)| encoder.is_none() || pair.values[HAS_VECTORS] > 0.0)
                        .map(|(pair, label)| (pair.values, label)),
                );
            }
        }
        let matcher = Matcher::fit(&rows, args.l2);
        let path = args.out.join(format!("matcher_{name}.txt"));
        std::fs::write(&path, parallax_core::brief::matcher::to_text(&matcher))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        if !quiet {
            let positives = rows.iter().filter(|(_, label)| *label).count();
            eprintln!(
                "{name}: fitted on {} pairs ({positives} one fact), wrote {}",
                rows.len(),
                path.display()
            );
        }
    }
    if let Some(out) = pairs_out.as_mut() {
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
