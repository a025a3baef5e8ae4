//! `parallax eval stories`: story grouping against gold events, on BASIL dev among news
//! distractors (one event, three outlets) and on ECB+ (two real events of the same kind per
//! topic), with a tf-idf single-link baseline.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use parallax_core::embed::SentenceEncoder;
use parallax_core::model::{Article, Body, Origin, RawDocument, Story};
use parallax_core::pipeline::{PipelineConfig, clean_batch};
use parallax_core::stories::TermVectors;
use parallax_core::stories::{PairModel, pair, pair_rows};
use parallax_embed::MiniLm;
use parallax_eval::{
    BASIL_DIR, BasilArticle, ClusteringScores, ECBPLUS_DIR, NEWS_CORPUS_DIR, NEWS_CORPUS_FILE,
    load_basil, load_ecbplus, load_news_corpus, score_with_distractors,
};
use rayon::prelude::*;
use serde_json::json;

use crate::args::{EvalStoriesArgs, StoriesDataset, TopicFold, TrainStoriesArgs};

pub(crate) fn eval_stories(args: &EvalStoriesArgs, quiet: bool) -> Result<ExitCode> {
    match args.dataset {
        StoriesDataset::Basil => eval_basil(args, quiet),
        StoriesDataset::EcbplusDev => eval_ecbplus(args, quiet),
    }
}

/// Cleans `documents` and groups them as `analyze` does; also the seconds it took.
fn group(
    documents: Vec<RawDocument>,
    model: Option<&MiniLm>,
    config: &PipelineConfig,
    quiet: bool,
) -> (Vec<Article>, Vec<Story>, f64) {
    let start = Instant::now();
    let (articles, _) = clean_batch(documents, &config.clean);
    let encoder = model.map(|model| model as &dyn SentenceEncoder);
    let (stories, _, _) = crate::story_stage(&articles, encoder, config, quiet);
    (articles, stories, start.elapsed().as_secs_f64())
}

/// Each article's story id.
fn predicted_of(stories: &[Story]) -> BTreeMap<String, String> {
    stories
        .iter()
        .flat_map(|story| {
            story.articles.iter().map(|id| (id.as_str().to_owned(), story.id.clone()))
        })
        .collect()
}

/// Documents to group, and the gold event of each labelled one (by document id).
struct Labelled {
    documents: Vec<RawDocument>,
    gold: BTreeMap<String, String>,
}

/// BASIL dev's articles (ids `basil-…`) and then `distractors` news-corpus articles
/// (`news-…`), with each BASIL article's event.
fn basil_documents(data: &Path, distractors: usize) -> Result<(Vec<BasilArticle>, Labelled)> {
    let basil = load_basil(&data.join(BASIL_DIR))
        .with_context(|| format!("cannot load BASIL from `{}`", data.display()))?;
    let news =
        load_news_corpus(&data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE), Some(distractors))
            .context("cannot load the news corpus")?;
    let mut documents = Vec::with_capacity(basil.len() + news.len());
    let mut gold: BTreeMap<String, String> = BTreeMap::new();
    for article in &basil {
        let id = format!("basil-{}", article.id);
        gold.insert(id.clone(), article.event_id.clone());
        documents.push(RawDocument {
            origin: Origin::record("basil-dev/articles.jsonl.gz", 0),
            id: Some(id),
            url: Some(article.url.clone()),
            outlet: Some(article.outlet.clone()),
            title: Some(article.title.clone()),
            date: Some(article.date.clone()),
            body: Body::Text(article.text.clone()),
        });
    }
    for article in news {
        documents.push(RawDocument {
            origin: Origin::record("news-corpus/articles.jsonl.gz", 0),
            id: Some(format!("news-{}", article.id)),
            url: Some(article.url),
            outlet: Some(article.source),
            title: Some(article.title),
            date: article.date,
            body: Body::Text(article.text),
        });
    }
    Ok((basil, Labelled { documents, gold }))
}

/// ECB+ dev's articles of the topics in `fold`, with each one's event, and each event's topic.
fn ecb_documents(data: &Path, fold: TopicFold) -> Result<(Labelled, BTreeMap<String, u32>)> {
    let ecb = load_ecbplus(&data.join(ECBPLUS_DIR))
        .with_context(|| format!("cannot load ECB+ from `{}`", data.display()))?;
    let ecb: Vec<_> = ecb.into_iter().filter(|article| fold.holds(article.topic)).collect();
    let gold = ecb.iter().map(|article| (article.id.clone(), article.subtopic.clone())).collect();
    let topic_of = ecb.iter().map(|article| (article.subtopic.clone(), article.topic)).collect();
    let documents = ecb
        .into_iter()
        .enumerate()
        .map(|(line, article)| RawDocument {
            origin: Origin::record("ecbplus-dev/articles.jsonl.gz", line as u64 + 1),
            id: Some(article.id),
            url: None,
            outlet: None,
            title: Some(article.title),
            date: None,
            body: Body::Text(article.text),
        })
        .collect();
    Ok((Labelled { documents, gold }, topic_of))
}

/// The pipeline settings of an evaluation: the model's, with pair models read from `pairs`
/// when given.
fn eval_config(args: &EvalStoriesArgs) -> Result<PipelineConfig> {
    let mut config = crate::model::pipeline_config(&args.model);
    config.relations = args.relations;
    if let Some(dir) = &args.pairs {
        let read = |name: &str| -> Result<PairModel> {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            pair::from_text(&text).with_context(|| format!("in `{}`", path.display()))
        };
        config.stories.pair_models =
            Some(Box::new([read("pairs_lexical.txt")?, read("pairs_model.txt")?]));
    }
    Ok(config)
}

fn eval_basil(args: &EvalStoriesArgs, quiet: bool) -> Result<ExitCode> {
    let (basil, Labelled { documents, gold }) = basil_documents(&args.data, args.distractors)?;
    let distractors = documents.len() - basil.len();
    let basil_documents = documents[..basil.len()].to_vec();
    let model = crate::model::load(&args.model, quiet)?;
    let config = eval_config(args)?;
    let (articles, stories, seconds) = group(documents, model.as_ref(), &config, quiet);
    let predicted = predicted_of(&stories);
    let scores = score_with_distractors(&gold, &predicted);
    // Stories that mix events, or an event with distractors: what to look at first.
    let titles: BTreeMap<&str, &str> = articles
        .iter()
        .map(|article| (article.id.as_str(), article.title.as_deref().unwrap_or("")))
        .collect();
    let mixed: Vec<serde_json::Value> = stories
        .iter()
        .filter(|story| {
            let events: BTreeSet<&String> =
                story.articles.iter().filter_map(|id| gold.get(id.as_str())).collect();
            !events.is_empty()
                && (events.len() > 1
                    || events.len() < story.articles.len() / 3 + 1 && story.articles.len() > 3)
        })
        .map(|story| story_json(story, &gold, &titles))
        .collect();
    let rewrites = stories
        .iter()
        .flat_map(|story| &story.relations)
        .filter(|relation| {
            relation.a.as_str().starts_with("basil-")
                && relation.b.as_str().starts_with("basil-")
                && relation.kind != parallax_core::model::RelationKind::SameStory
        })
        .count();
    // Each event's three articles on their own.
    let alone = args.alone.then(|| {
        let mut events: BTreeMap<&str, Vec<RawDocument>> = BTreeMap::new();
        for (document, article) in basil_documents.into_iter().zip(&basil) {
            events.entry(article.event_id.as_str()).or_default().push(document);
        }
        let config = PipelineConfig { relations: false, ..config.clone() };
        let split: Vec<String> = events
            .into_iter()
            .filter_map(|(event, documents)| {
                let (_, stories, _) = group(documents, model.as_ref(), &config, true);
                (stories.len() > 1).then(|| event.to_owned())
            })
            .collect();
        split
    });
    let baseline = args.baseline.then(|| tfidf_single_link(&articles, &gold));

    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "dataset": "basil-dev + news-corpus distractors", "basil_articles": basil.len(),
            "distractors": distractors, "model": model.as_ref().map(|model| model.name().to_owned()),
            "seconds": seconds, "stories": stories.len(), "scores": scores,
            "basil_pairs_called_copies": rewrites, "mixed_stories": mixed,
            "alone_split_events": alone,
            "baseline": baseline_json(baseline),
        });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "BASIL dev ({} articles, 40 events × 3 outlets) + {} news-corpus distractors, {}; {:.1} s",
            basil.len(),
            distractors,
            model.as_ref().map_or("lexical only", |model| model.name()),
            seconds
        )?;
        writeln!(
            stdout,
            "{} stories; {} distractors share a story with a BASIL article\n",
            stories.len(),
            scores.merged_distractors
        )?;
        write_scores(&mut stdout, "parallax", &scores)?;
        if let Some((threshold, scores)) = &baseline {
            write_scores(&mut stdout, &format!("tf-idf single link at {threshold:.2}"), scores)?;
        }
        writeln!(
            stdout,
            "\nBASIL pairs called duplicates or rewrites (independent outlets: should be 0): {rewrites}"
        )?;
        if let Some(split) = &alone {
            writeln!(
                stdout,
                "events whose three articles, grouped on their own, are not one story: {} of 40{}",
                split.len(),
                if split.is_empty() { String::new() } else { format!(" ({})", split.join(", ")) }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_ecbplus(args: &EvalStoriesArgs, quiet: bool) -> Result<ExitCode> {
    let (Labelled { documents, gold }, topic_of) = ecb_documents(&args.data, args.topics)?;
    let articles_count = documents.len();
    let model = crate::model::load(&args.model, quiet)?;
    let config = eval_config(args)?;
    let (articles, stories, seconds) = group(documents, model.as_ref(), &config, quiet);
    let predicted = predicted_of(&stories);
    let scores = score_with_distractors(&gold, &predicted);
    let shape = Shape::of(&stories, &gold, &topic_of);
    let titles: BTreeMap<&str, &str> = articles
        .iter()
        .map(|article| (article.id.as_str(), article.title.as_deref().unwrap_or("")))
        .collect();
    let mixed: Vec<serde_json::Value> = stories
        .iter()
        .filter(|story| {
            story
                .articles
                .iter()
                .filter_map(|id| gold.get(id.as_str()))
                .collect::<BTreeSet<_>>()
                .len()
                > 1
        })
        .map(|story| story_json(story, &gold, &titles))
        .collect();
    let baseline = args.baseline.then(|| tfidf_single_link(&articles, &gold));
    let topics = topic_of.values().collect::<BTreeSet<_>>().len();

    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "dataset": "ecbplus-dev", "fold": format!("{:?}", args.topics).to_lowercase(), "articles": articles_count, "events": scores.gold_clusters,
            "topics": topics, "model": model.as_ref().map(|model| model.name().to_owned()),
            "seconds": seconds, "stories": stories.len(), "scores": scores,
            "topics_with_both_events_in_one_story": shape.merged_topics,
            "stories_across_topics": shape.cross_topic_stories, "split_events": shape.split_events,
            "mixed_stories": mixed,
            "baseline": baseline_json(baseline),
        });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "ECB+ dev ({} articles, {} events of the same kind in pairs over {topics} topics), {}; {:.1} s",
            articles_count,
            scores.gold_clusters,
            model.as_ref().map_or("lexical only", |model| model.name()),
            seconds
        )?;
        writeln!(stdout, "{} stories\n", stories.len())?;
        write_scores(&mut stdout, "parallax", &scores)?;
        if let Some((threshold, scores)) = &baseline {
            write_scores(&mut stdout, &format!("tf-idf single link at {threshold:.2}"), scores)?;
        }
        writeln!(
            stdout,
            "\ntopics whose two events share a story: {} of {topics}{}",
            shape.merged_topics.len(),
            list(&shape.merged_topics)
        )?;
        writeln!(stdout, "stories across topics: {}", shape.cross_topic_stories)?;
        writeln!(
            stdout,
            "events split over several stories: {} of {}",
            shape.split_events.len(),
            scores.gold_clusters
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// How predicted stories sit over the topics and events of ECB+.
struct Shape {
    /// Topics with a story holding articles of both its events.
    merged_topics: Vec<u32>,
    /// Stories holding articles of more than one topic.
    cross_topic_stories: usize,
    /// Events whose articles are in more than one story.
    split_events: Vec<String>,
}

impl Shape {
    fn of(
        stories: &[Story],
        gold: &BTreeMap<String, String>,
        topic_of: &BTreeMap<String, u32>,
    ) -> Shape {
        let mut merged_topics = BTreeSet::new();
        let mut cross_topic_stories = 0;
        let mut stories_of_event: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for story in stories {
            let events: BTreeSet<&str> = story
                .articles
                .iter()
                .filter_map(|id| gold.get(id.as_str()).map(String::as_str))
                .collect();
            let mut topics: BTreeMap<u32, usize> = BTreeMap::new();
            for &event in &events {
                *topics.entry(topic_of[event]).or_default() += 1;
                stories_of_event.entry(event).or_default().insert(story.id.as_str());
            }
            merged_topics.extend(topics.iter().filter(|&(_, &n)| n > 1).map(|(&topic, _)| topic));
            cross_topic_stories += usize::from(topics.len() > 1);
        }
        let split_events = stories_of_event
            .into_iter()
            .filter(|(_, stories)| stories.len() > 1)
            .map(|(event, _)| event.to_owned())
            .collect();
        Shape {
            merged_topics: merged_topics.into_iter().collect(),
            cross_topic_stories,
            split_events,
        }
    }
}

fn list(topics: &[u32]) -> String {
    if topics.is_empty() {
        return String::new();
    }
    let names: Vec<String> = topics.iter().map(u32::to_string).collect();
    format!(" (topics {})", names.join(", "))
}

fn story_json(
    story: &Story,
    gold: &BTreeMap<String, String>,
    titles: &BTreeMap<&str, &str>,
) -> serde_json::Value {
    json!({
        "story": story.label,
        "articles": story.articles.iter().map(|id| format!(
            "{} | {} | {}",
            id,
            gold.get(id.as_str()).map_or("-", |event| &event[..event.len().min(12)]),
            titles.get(id.as_str()).unwrap_or(&"")
        )).collect::<Vec<_>>(),
    })
}

/// The `baseline` field of a JSON report.
fn baseline_json(baseline: Option<(f64, ClusteringScores)>) -> serde_json::Value {
    baseline.map_or(serde_json::Value::Null, |(threshold, scores)| {
        json!({"method": "tf-idf single link", "threshold": threshold, "scores": scores})
    })
}

fn write_scores(
    out: &mut impl std::io::Write,
    name: &str,
    scores: &ClusteringScores,
) -> Result<()> {
    writeln!(out, "{name}")?;
    writeln!(out, "  {:<10} {:>9} {:>7} {:>7}", "", "precision", "recall", "F1")?;
    for (metric, prf) in [("pairwise", scores.pairwise), ("BCubed", scores.bcubed)] {
        writeln!(out, "  {metric:<10} {:>9.3} {:>7.3} {:>7.3}", prf.precision, prf.recall, prf.f1)?;
    }
    writeln!(out, "  adjusted Rand index {:.3}", scores.adjusted_rand)?;
    Ok(())
}

/// Single-link clustering of the articles' tf-idf cosines (Parallax's term vectors), at the
/// threshold (a multiple of 0.02) with the best BCubed F1 against `gold`: the threshold and the
/// scores.
fn tfidf_single_link(
    articles: &[Article],
    gold: &BTreeMap<String, String>,
) -> (f64, ClusteringScores) {
    const LOWEST: f64 = 0.04;
    let terms = TermVectors::new(articles);
    let mut edges: Vec<(f64, usize, usize)> = (0..articles.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            let terms = &terms;
            (a + 1..articles.len()).filter_map(move |b| {
                let cosine = terms.cosine(a, b);
                (cosine >= LOWEST).then_some((cosine, a, b))
            })
        })
        .collect();
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut best: Option<(f64, ClusteringScores)> = None;
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn root(parent: &mut [usize], mut node: usize) -> usize {
        while parent[node] != node {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        node
    }
    let mut next = 0;
    for step in (2..=48).rev() {
        let threshold = f64::from(step) * 0.02;
        while next < edges.len() && edges[next].0 >= threshold {
            let (a, b) = (root(&mut parent, edges[next].1), root(&mut parent, edges[next].2));
            parent[a.max(b)] = a.min(b);
            next += 1;
        }
        let predicted: BTreeMap<String, String> = (0..articles.len())
            .map(|index| {
                (articles[index].id.as_str().to_owned(), root(&mut parent, index).to_string())
            })
            .collect();
        let scores = score_with_distractors(gold, &predicted);
        if best.as_ref().is_none_or(|(_, kept)| scores.bcubed.f1 > kept.bcubed.f1) {
            best = Some((threshold, scores));
        }
    }
    best.expect("the loop runs")
}

/// `parallax train stories`: fits the pair model twice (pairs with and without title-and-lead
/// embeddings) on ECB+ dev and BASIL dev among news distractors, and writes both weights files.
pub(crate) fn train_stories(args: &TrainStoriesArgs, quiet: bool) -> Result<ExitCode> {
    let model = crate::model::load(&args.model, quiet)?;
    let config = crate::model::pipeline_config(&args.model);
    let (ecb, _) = ecb_documents(&args.data, args.topics)?;
    let (_, basil) = basil_documents(&args.data, args.distractors)?;
    // Rows of each set: without embeddings, and with them when a model is loaded.
    let mut rows: [Vec<([f64; pair::PAIR_FEATURE_COUNT], bool)>; 2] = Default::default();
    for Labelled { documents, gold } in [ecb, basil] {
        let (articles, _) = clean_batch(documents, &config.clean);
        let event: Vec<Option<&String>> =
            articles.iter().map(|article| gold.get(article.id.as_str())).collect();
        // Every ECB+ article has an event; in the BASIL set, a pair of two distractors has no
        // label (they may well report one event).
        let label = |a: usize, b: usize| match (event[a], event[b]) {
            (Some(x), Some(y)) => Some(x == y),
            (None, None) => None,
            _ => Some(false),
        };
        let vectors = match &model {
            Some(model) => Some(
                parallax_core::pipeline::embed_leads(&articles, model, &config, &|_, _, _| {})
                    .context("cannot embed the leads")?,
            ),
            None => None,
        };
        for (with_vectors, table) in [(false, None), (true, vectors.as_deref())] {
            if with_vectors && table.is_none() {
                continue;
            }
            let found = pair_rows(&articles, table, &config.stories, &label);
            rows[usize::from(with_vectors)].extend(
                found
                    .into_iter()
                    .filter(|&(_, _, semantic)| semantic == with_vectors)
                    .map(|(features, same, _)| (features, same)),
            );
        }
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    for (name, rows) in ["lexical", "model"].into_iter().zip(&rows) {
        if rows.is_empty() {
            continue;
        }
        let fitted = PairModel::fit(rows, args.l2);
        let path = args.out.join(format!("pairs_{name}.txt"));
        std::fs::write(&path, pair::to_text(&fitted))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        if !quiet {
            let positives = rows.iter().filter(|(_, same)| *same).count();
            eprintln!(
                "{name}: fitted on {} pairs ({positives} of one event), wrote {}",
                rows.len(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
