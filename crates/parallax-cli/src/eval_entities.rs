//! `parallax eval entities`: person, organisation and place mentions on news-corpus articles,
//! against a reference tagger's mentions of the same texts (spaCy's `en_core_web_sm`, written by
//! `bench/entities_spacy.py`). No gold entity set is among the shared data, so this measures
//! agreement with a statistical tagger, not accuracy.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Args;
use parallax_core::facts::entities::EntityKind;
use parallax_core::model::Article;
use parallax_eval::{
    Disagreement, EntityArticle, EntityCounts, EntityMention, EntityScores, EntityType,
    NEWS_CORPUS_DIR, NEWS_CORPUS_FILE, disagreements, load_entity_reference, load_news_corpus,
    score_entities,
};
use serde_json::json;

use crate::bench_facts::as_articles;

/// Arguments of `parallax eval entities`.
#[derive(Debug, Args)]
pub(crate) struct EvalEntitiesArgs {
    /// The reference mentions: the JSON file `bench/entities_spacy.py --output FILE` writes
    /// (schema `parallax.entity-reference/v1`, news-corpus article ids).
    #[arg(long, value_name = "FILE")]
    pub(crate) reference: PathBuf,
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// How many of the most frequent disagreements of each kind to list.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub(crate) top: usize,
    /// Also write every disagreement to FILE as JSON Lines (article id, kind, mention text,
    /// types, the text around it), for error analysis.
    #[arg(long, value_name = "FILE")]
    pub(crate) disagreements: Option<PathBuf>,
    /// Print JSON (schema `parallax.eval-entities/v1`).
    #[arg(long)]
    pub(crate) json: bool,
}

fn entity_type(kind: EntityKind) -> EntityType {
    match kind {
        EntityKind::Person => EntityType::Person,
        EntityKind::Organization => EntityType::Organization,
        EntityKind::Place => EntityType::Place,
    }
}

pub(crate) fn eval_entities(args: &EvalEntitiesArgs) -> Result<ExitCode> {
    let reference = load_entity_reference(&args.reference)
        .with_context(|| format!("cannot load the reference `{}`", args.reference.display()))?;
    let corpus = args.data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE);
    let news = load_news_corpus(&corpus, None).context("cannot load the news corpus")?;
    let mut articles: Vec<_> = as_articles(news)
        .into_iter()
        .filter(|a| reference.entities.contains_key(a.id.as_str()))
        .collect();
    articles.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    if articles.len() != reference.entities.len() {
        let known: std::collections::HashSet<&str> =
            articles.iter().map(|a| a.id.as_str()).collect();
        let missing = reference.entities.keys().find(|id| !known.contains(id.as_str()));
        bail!(
            "`{}` names article `{}`, which is not in `{}`",
            args.reference.display(),
            missing.map_or("?", String::as_str),
            corpus.display()
        );
    }
    // The reference's offsets must point at its own mention texts in our copy of the article.
    for article in &articles {
        for entity in &reference.entities[article.id.as_str()] {
            if article.text.get(entity.start..entity.end) != Some(entity.text.as_str()) {
                bail!(
                    "`{}`: article `{}`: bytes {}..{} are not `{}` (was the reference made from \
                     another copy of the corpus?)",
                    args.reference.display(),
                    article.id.as_str(),
                    entity.start,
                    entity.end,
                    entity.text
                );
            }
        }
    }
    let facts = parallax_core::pipeline::facts_batch(&articles);
    let scored: Vec<EntityArticle> = articles
        .iter()
        .zip(&facts)
        .map(|(article, facts)| {
            let predicted = facts
                .entities
                .iter()
                .flat_map(|entity| {
                    entity.mentions.iter().map(|span| EntityMention {
                        start: span.start,
                        end: span.end,
                        kind: entity_type(entity.kind),
                    })
                })
                .collect();
            EntityArticle::from_reference(predicted, &reference.entities[article.id.as_str()])
        })
        .collect();
    let scores = score_entities(&scored);
    let frequent = match &args.disagreements {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create `{}`", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let frequent = frequent_disagreements(&articles, &scored, args.top, Some(&mut writer))
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            writer.flush().with_context(|| format!("cannot write `{}`", path.display()))?;
            frequent
        }
        None => frequent_disagreements(&articles, &scored, args.top, None)?,
    };
    print_scores(args, &reference.tool, &reference.model, &scores, &frequent)?;
    Ok(ExitCode::SUCCESS)
}

/// Disagreements by kind, each kind's most frequent (mention text, types) first: (kind, text,
/// types, count).
type Frequent = Vec<(&'static str, Vec<(String, String, usize)>)>;

fn frequent_disagreements(
    articles: &[Article],
    scored: &[EntityArticle],
    top: usize,
    mut listing: Option<&mut dyn std::io::Write>,
) -> Result<Frequent> {
    let mut tallies: [BTreeMap<(String, String), usize>; 3] = Default::default();
    for (article, entities) in articles.iter().zip(scored) {
        let text = |m: &EntityMention| {
            article
                .text
                .get(m.start..m.end)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        for disagreement in disagreements(entities) {
            let (slot, key) = match disagreement {
                Disagreement::Extra(m) => (0, (text(&m), m.kind.as_str().to_owned())),
                Disagreement::Missed(m) => (1, (text(&m), m.kind.as_str().to_owned())),
                Disagreement::Retyped(p, r) => {
                    (2, (text(&p), format!("{} / {}", p.kind.as_str(), r.kind.as_str())))
                }
            };
            if let Some(out) = listing.as_mut() {
                let m = match disagreement {
                    Disagreement::Extra(m)
                    | Disagreement::Missed(m)
                    | Disagreement::Retyped(m, _) => m,
                };
                let from = floor_boundary(&article.text, m.start.saturating_sub(60));
                let to = floor_boundary(&article.text, (m.end + 60).min(article.text.len()));
                let record = json!({
                    "article": article.id.as_str(),
                    "kind": KINDS[slot],
                    "text": key.0, "types": key.1,
                    "context": article.text.get(from..to).unwrap_or_default(),
                });
                serde_json::to_writer(&mut *out, &record)?;
                writeln!(out)?;
            }
            *tallies[slot].entry(key).or_default() += 1;
        }
    }
    let names = ["only Parallax", "only the reference", "typed differently (ours / reference)"];
    Ok(names
        .into_iter()
        .zip(tallies)
        .map(|(name, tally)| {
            let mut rows: Vec<(String, String, usize)> =
                tally.into_iter().map(|((text, types), n)| (text, types, n)).collect();
            rows.sort_by(|a, b| {
                b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)).then_with(|| a.1.cmp(&b.1))
            });
            rows.truncate(top);
            (name, rows)
        })
        .collect())
}

/// The disagreement kinds in `--disagreements` records.
const KINDS: [&str; 3] = ["only_parallax", "only_reference", "retyped"];

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

fn counts_json(counts: &EntityCounts) -> serde_json::Value {
    let one = |c: &parallax_eval::MentionCounts| {
        let prf = c.prf();
        json!({
            "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
            "matched": c.matched, "predicted": c.predicted, "reference": c.gold,
        })
    };
    json!({ "exact": one(&counts.exact), "overlap": one(&counts.overlap) })
}

fn print_scores(
    args: &EvalEntitiesArgs,
    tool: &str,
    model: &str,
    scores: &EntityScores,
    frequent: &Frequent,
) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let mut rows: Vec<(&str, &EntityCounts)> =
        scores.typed.iter().map(|(kind, counts)| (kind.as_str(), counts)).collect();
    rows.push(("all (typed)", &scores.all_typed));
    rows.push(("any type", &scores.untyped));
    if args.json {
        let units: HashMap<&str, serde_json::Value> =
            rows.iter().map(|(name, counts)| (*name, counts_json(counts))).collect();
        let value = json!({
            "schema": "parallax.eval-entities/v1",
            "reference": { "tool": tool, "model": model },
            "articles": scores.articles,
            "units": units,
            "type_agreement": scores.type_agreement(),
            "neutral_predictions": scores.neutral,
            "frequent_disagreements": frequent
                .iter()
                .map(|(name, rows)| json!({
                    "kind": name,
                    "mentions": rows
                        .iter()
                        .map(|(text, types, n)| json!({ "text": text, "types": types, "count": n }))
                        .collect::<Vec<_>>(),
                }))
                .collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
        return Ok(());
    }
    writeln!(
        stdout,
        "Entities on {} news-corpus articles, against {tool} {model} (agreement, not accuracy)\n",
        scores.articles
    )?;
    writeln!(
        stdout,
        "{:<8} {:<13} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8}",
        "match", "type", "P", "R", "F1", "matched", "pred", "ref"
    )?;
    for (label, exact) in [("overlap", false), ("exact", true)] {
        for (name, counts) in &rows {
            let c = if exact { counts.exact } else { counts.overlap };
            let prf = c.prf();
            writeln!(
                stdout,
                "{label:<8} {name:<13} {:>6.3} {:>6.3} {:>6.3} {:>8} {:>8} {:>8}",
                prf.precision, prf.recall, prf.f1, c.matched, c.predicted, c.gold
            )?;
        }
    }
    writeln!(
        stdout,
        "\ntype agreement on overlapping mentions: {:.3}; predictions on a name the reference \
         types otherwise (NORP, FAC, …), not scored: {}",
        scores.type_agreement(),
        scores.neutral
    )?;
    for (name, rows) in frequent {
        writeln!(stdout, "\nmost frequent, {name}:")?;
        for (text, types, n) in rows {
            writeln!(stdout, "  {n:>5}  {text} ({types})")?;
        }
    }
    Ok(())
}
