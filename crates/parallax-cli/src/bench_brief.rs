//! `parallax bench brief`: how long the story brief takes for stories of up to 30 articles,
//! after the earlier stages (cleaning, grouping, relations, facts), on one thread and on all.
//!
//! Stories come from the news corpus: the articles are grouped as `analyze` groups them, and
//! each of the largest stories is cut to its first `--articles` members (their relations
//! kept), so the figure is for real news text, not made-up sentences.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::Args;
use parallax_core::brief::{BriefConfig, Member, brief};
use parallax_core::embed::SentenceEncoder;
use parallax_core::model::{Article, DocumentId, Story};
use parallax_eval::{NEWS_CORPUS_DIR, NEWS_CORPUS_FILE, load_news_corpus};
use serde_json::json;

use crate::args::ModelArgs;

/// Arguments of `parallax bench brief`.
#[derive(Debug, Args)]
pub(crate) struct BenchBriefArgs {
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Articles of the corpus to group into stories.
    #[arg(long, default_value_t = 6000)]
    pub(crate) limit: usize,
    /// Articles per timed story (the largest stories are cut to this size).
    #[arg(long, default_value_t = 30)]
    pub(crate) articles: usize,
    /// How many stories to time.
    #[arg(long, default_value_t = 5)]
    pub(crate) stories: usize,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

pub(crate) fn bench_brief(args: &BenchBriefArgs, quiet: bool) -> Result<ExitCode> {
    let news =
        load_news_corpus(&args.data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE), Some(args.limit))
            .context("cannot load the news corpus")?;
    let articles: Vec<Article> = crate::bench_facts::as_articles(news);
    let model = crate::model::load(&args.model, quiet)?;
    let encoder = model.as_ref().map(|model| model as &dyn SentenceEncoder);
    // Grouping and relations run lexically here (the model's part of them is measured by
    // `bench embed`); with a model, the sentences of the timed stories are embedded before
    // the clock starts, as the relation stage does for stories of up to 30 articles.
    let config = crate::model::pipeline_config(&args.model);
    let spinner = crate::inputs::spinner("grouping and relating".to_owned(), quiet);
    let (stories, _) = parallax_core::pipeline::stories(&articles, None, &config, &|_, _, _| {});
    spinner.finish_and_clear();
    let by_id: HashMap<&DocumentId, &Article> = articles.iter().map(|a| (&a.id, a)).collect();
    // The largest stories, cut to `--articles` members.
    let mut largest: Vec<&Story> = stories.iter().filter(|s| s.articles.len() >= 2).collect();
    largest.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.id.cmp(&b.id)));
    let chosen: Vec<Story> = largest
        .into_iter()
        .take(args.stories)
        .map(|story| {
            let mut story = story.clone();
            story.articles.truncate(args.articles);
            let kept: std::collections::HashSet<&DocumentId> = story.articles.iter().collect();
            let relations = story
                .relations
                .iter()
                .filter(|r| kept.contains(&r.a) && kept.contains(&r.b))
                .cloned()
                .collect();
            story.relations = relations;
            story
        })
        .collect();
    let members: Vec<&Article> = chosen
        .iter()
        .flat_map(|s| s.articles.iter().filter_map(|id| by_id.get(id).copied()))
        .collect();
    let facts = parallax_core::pipeline::facts_of(&members);
    let facts_by_id: HashMap<&DocumentId, &parallax_core::facts::ArticleFacts> =
        members.iter().map(|a| &a.id).zip(facts.iter()).collect();
    let mut embeddings = parallax_core::embed::Embeddings::new();
    if let Some(encoder) = encoder {
        let sentences: Vec<&str> = members.iter().flat_map(|a| a.sentence_texts()).collect();
        let spinner =
            crate::inputs::spinner(format!("embedding {} sentences", sentences.len()), quiet);
        embeddings.add(encoder, &sentences, 32).map_err(|e| anyhow::anyhow!("{e}"))?;
        spinner.finish_and_clear();
    }
    let embeddings = (!embeddings.is_empty()).then_some(&embeddings);
    let brief_config = BriefConfig::default();
    let mut rows = Vec::new();
    let all = rayon::current_num_threads();
    for story in &chosen {
        let story_members: Vec<Member<'_>> = story
            .articles
            .iter()
            .filter_map(|id| Some(Member { article: by_id.get(id)?, facts: facts_by_id.get(id)? }))
            .collect();
        let mut timings = Vec::new();
        let mut result = None;
        for threads in [1, all] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
            let start = Instant::now();
            let made = pool.install(|| brief(story, &story_members, embeddings, &brief_config));
            timings.push((threads, start.elapsed().as_secs_f64()));
            result = Some(made);
        }
        let made = result.unwrap_or_default();
        let sentences: usize = story_members.iter().map(|m| m.article.sentences.len()).sum();
        rows.push(json!({
            "story": story.id,
            "articles": story_members.len(),
            "sentences": sentences,
            "claims": made.claims.len(),
            "contradictions": made.contradictions.len(),
            "seconds": timings.iter().map(|(t, s)| json!({"threads": t, "seconds": s})).collect::<Vec<_>>(),
        }));
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut stdout,
            &json!({ "corpus_articles": articles.len(), "model": encoder.is_some(), "stories": rows }),
        )?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        stdout,
        "brief of the {} largest stories among {} news articles, cut to {} articles ({})",
        rows.len(),
        articles.len(),
        args.articles,
        if encoder.is_some() { "with sentence vectors" } else { "lexical" }
    )?;
    for row in &rows {
        let times: Vec<String> = row["seconds"]
            .as_array()
            .map(|runs| {
                runs.iter()
                    .map(|run| {
                        format!(
                            "{:.3} s on {} thread(s)",
                            run["seconds"].as_f64().unwrap_or(0.0),
                            run["threads"]
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        writeln!(
            stdout,
            "  {} articles, {} sentences -> {} claims, {} contradictions: {}",
            row["articles"],
            row["sentences"],
            row["claims"],
            row["contradictions"],
            times.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
