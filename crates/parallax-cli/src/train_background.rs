//! `parallax train background`: the background word frequencies of story grouping's term
//! weights, counted on the news corpus.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use parallax_core::stories::background::Background;
use parallax_core::text::content_words;
use parallax_eval::{NEWS_CORPUS_DIR, NEWS_CORPUS_FILE, load_news_corpus};

/// Arguments of `parallax train background`.
#[derive(Debug, Args)]
pub(crate) struct TrainBackgroundArgs {
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Where to write the table (the built-in one is
    /// `crates/parallax-core/src/stories/background_frequencies.txt`).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
}

/// Counts, for each content word, the news-corpus articles (title and body) that use it.
pub(crate) fn train_background(args: &TrainBackgroundArgs, quiet: bool) -> Result<ExitCode> {
    let path = args.data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE);
    let news = load_news_corpus(&path, None)
        .with_context(|| format!("cannot load the news corpus from `{}`", path.display()))?;
    let background = Background::count(news.iter().map(|article| {
        content_words(&article.title).chain(content_words(&article.text)).collect::<Vec<_>>()
    }));
    std::fs::write(&args.out, background.to_text())
        .with_context(|| format!("cannot write `{}`", args.out.display()))?;
    if !quiet {
        eprintln!(
            "{} words from {} articles, wrote {}",
            background.frequency.len(),
            background.documents,
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
