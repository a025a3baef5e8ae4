//! `parallax bench facts`: articles per second of the facts stage (entities, quotes, time,
//! figures, cited outlets) on the news corpus, on one thread and on all.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use parallax_core::model::{Article, DocumentId, Origin, SourceFormat};
use parallax_eval::{NEWS_CORPUS_DIR, NEWS_CORPUS_FILE, load_news_corpus};
use serde_json::json;

use crate::args::BenchFactsArgs;

pub(crate) fn bench_facts(args: &BenchFactsArgs, _quiet: bool) -> Result<ExitCode> {
    let news =
        load_news_corpus(&args.data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE), args.limit)
            .context("cannot load the news corpus")?;
    let articles = as_articles(news);
    let characters: usize = articles.iter().map(|article| article.text.len()).sum();
    let mut runs = Vec::new();
    let all = rayon::current_num_threads();
    for threads in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        let start = Instant::now();
        let facts = pool.install(|| parallax_core::pipeline::facts_batch(&articles));
        let seconds = start.elapsed().as_secs_f64();
        let entities: usize = facts.iter().map(|f| f.entities.len()).sum();
        let quotes: usize = facts.iter().map(|f| f.quotes.len()).sum();
        let citations: usize = facts.iter().map(|f| f.citations.len()).sum();
        runs.push(json!({
            "threads": threads, "seconds": seconds,
            "articles_per_second": articles.len() as f64 / seconds,
            "mb_per_second": characters as f64 / 1e6 / seconds,
            "entities": entities, "quotes": quotes, "citations": citations,
        }));
        if threads == all {
            break;
        }
    }
    let value = json!({ "articles": articles.len(), "bytes": characters, "runs": runs });
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "facts stage on {} news articles ({:.1} MB)",
            articles.len(),
            characters as f64 / 1e6
        )?;
        for run in &runs {
            writeln!(
                stdout,
                "  {} thread(s): {:.1} s, {:.0} articles/s ({} entities, {} quotes, {} citations)",
                run["threads"],
                run["seconds"].as_f64().unwrap_or(0.0),
                run["articles_per_second"].as_f64().unwrap_or(0.0),
                run["entities"],
                run["quotes"],
                run["citations"],
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// News-corpus items as clean articles (the corpus is boilerplate-free text).
pub(crate) fn as_articles(news: Vec<parallax_eval::NewsArticle>) -> Vec<Article> {
    news.into_iter()
        .map(|item| {
            let sentences = parallax_core::text::split_sentences(&item.text);
            Article {
                id: DocumentId::new(item.id),
                origin: Origin::file("news-corpus"),
                format: SourceFormat::Text,
                url: Some(item.url),
                outlet: Some(item.source),
                title: Some(item.title),
                author: None,
                date: item.date,
                paragraphs: parallax_core::text::split_paragraphs(&item.text),
                sentences,
                text: item.text,
                language: None,
                removed: Vec::new(),
                page_type: parallax_core::model::PageType::Article,
            }
        })
        .collect()
}
