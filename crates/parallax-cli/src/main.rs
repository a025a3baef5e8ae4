//! `parallax`: the command-line front end. Parses arguments, reads files, calls the core
//! pipeline and the store, and prints. The only crate that writes to stdout.

mod args;
mod batch;
mod bench_brief;
mod bench_corpus;
mod bench_facts;
mod brief_md;
mod dedup;
mod eval;
mod eval_brief;
mod eval_claims;
mod eval_dates;
mod eval_entities;
mod eval_quotes;
mod eval_relations;
mod eval_stories;
mod inputs;
mod model;
mod pagetype;
mod report;
mod serve;
mod train_background;
mod train_encoder;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser as _;
use parallax_core::embed::SentenceEncoder;
use parallax_core::model::{Article, Diagnostic, DocumentId, Severity};
use parallax_core::pipeline::{PipelineConfig, clean_batch};
use parallax_store::Store;

use crate::args::{
    AnalyzeArgs, Cli, Command, ExtractArgs, IngestArgs, InputArgs, StoriesArgs, StoryArgs,
};
use crate::report::{
    EXTRACT_SCHEMA, ExtractRecord, REPORT_SCHEMA, Report, Streamed, Summary, article_dto,
    diagnostic_dto, generator, into_story_dto, render_article, render_diagnostics, render_stories,
    story_dto,
};

/// Exit code when some inputs were rejected.
const EXIT_REJECTED: u8 = 1;
/// Exit code for usage and fatal errors (clap uses 2 for usage errors too).
const EXIT_FATAL: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                // `parallax … | head` closing the pipe early is not an error.
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Analyze(args) => analyze(args, quiet),
        Command::Ingest(args) => ingest(args, quiet),
        Command::Extract(args) => extract(args, quiet),
        Command::Stories(args) => list_stories(args),
        Command::Story(args) => show_story(args),
        Command::Dedup(args) => dedup::dedup(args, quiet),
        Command::Batch(args) => batch::batch(args, quiet),
        Command::Similar(args) => dedup::similar(args, quiet),
        Command::Model(command) => model::command(command),
        Command::Eval(command) => eval::eval(command, quiet),
        Command::Bench(command) => eval::bench(command, quiet),
        Command::Train(args::TrainCommand::Cues(args)) => {
            crate::eval_quotes::train_cues(&args, quiet)
        }
        Command::Train(args::TrainCommand::Spans(args)) => {
            crate::eval_quotes::train_spans(&args, quiet)
        }
        Command::Train(args::TrainCommand::Matcher(args)) => {
            crate::eval_claims::train_matcher(&args, quiet)
        }
        Command::Train(args::TrainCommand::Stories(args)) => {
            crate::eval_stories::train_stories(&args, quiet)
        }
        Command::Train(args::TrainCommand::Pagetype(args)) => {
            crate::pagetype::train_pagetype(&args, quiet)
        }
        Command::Train(args::TrainCommand::Background(args)) => {
            crate::train_background::train_background(&args, quiet)
        }
        Command::Train(args::TrainCommand::Encoder(args)) => {
            crate::train_encoder::train_encoder(&args, quiet)
        }
        Command::Serve(args) => serve::serve(args, quiet),
    }
}

/// The outcome of reading and cleaning the inputs.
struct Batch {
    documents_read: usize,
    articles: Vec<Article>,
    diagnostics: Vec<Diagnostic>,
}

fn configure_threads(input: &InputArgs) -> Result<()> {
    if let Some(threads) = input.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("cannot set up the worker threads")?;
    }
    Ok(())
}

/// Reads and cleans the inputs.
fn read_and_clean(input: &InputArgs, config: &PipelineConfig, quiet: bool) -> Result<Batch> {
    configure_threads(input)?;
    let (files, mut diagnostics) = inputs::collect(&input.paths);
    let progress = inputs::progress_bar(files.len() as u64, "reading", quiet);
    let (documents, read_diagnostics) = inputs::read_all(
        &files,
        inputs::format_override(input),
        &inputs::ingest_config(input),
        &progress,
    );
    progress.finish_and_clear();
    diagnostics.extend(read_diagnostics);
    let documents_read = documents.len();
    let cleaning = inputs::spinner(format!("cleaning {documents_read} documents"), quiet);
    let (articles, clean_diagnostics) = clean_batch(documents, &config.clean);
    cleaning.finish_and_clear();
    diagnostics.extend(clean_diagnostics);
    Ok(Batch { documents_read, articles, diagnostics })
}

fn open_store(db: Option<&Path>) -> Result<Store> {
    match db {
        Some(path) => Store::open(path)
            .with_context(|| format!("cannot open the database `{}`", path.display())),
        None => Store::open_in_memory().context("cannot create the in-memory database"),
    }
}

/// Stores a batch and regroups the stories. Each new article is stored together with its facts
/// (found first, in parallel), in chunks of one transaction each: an article whose derived data
/// cannot be stored is refused whole, with an error diagnostic added to the batch's, and the
/// rest goes on, so a bad article never leaves a half-stored row that later runs trip on. The
/// whole write holds the database's writer lock: two processes writing one database take turns.
/// Returns the counts of added and already-stored articles, and every stored article (read back
/// once for the grouping, and handed to the caller so it need not read them again).
fn store_batch(
    store: &mut Store,
    batch: &mut Batch,
    config: &PipelineConfig,
    encoder: Option<&dyn SentenceEncoder>,
    quiet: bool,
) -> Result<(usize, usize, Vec<Article>)> {
    let timings = std::env::var_os("PARALLAX_TIMINGS").is_some();
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if timings {
            eprintln!("timing: {what} at {:.2} s", clock.elapsed().as_secs_f64());
        }
    };
    // The facts of the articles not stored yet, before taking the lock (no database work).
    let ids: Vec<DocumentId> = batch.articles.iter().map(|article| article.id.clone()).collect();
    let stored_before = store.existing_ids(&ids).context("cannot read the database")?;
    let new: Vec<&Article> =
        batch.articles.iter().filter(|article| !stored_before.contains(&article.id)).collect();
    let spinner = inputs::spinner(format!("finding facts in {} articles", new.len()), quiet);
    let new_facts = parallax_core::pipeline::facts_of(&new);
    spinner.finish_and_clear();
    for (article, facts) in new.iter().zip(&new_facts) {
        if facts.truncated {
            batch.diagnostics.push(Diagnostic::warning(
                article.origin.clone(),
                format!(
                    "more facts than a news article holds (a text without full stops, a data \
                     dump?): only the first {} entities, quotes, dates and figures kept",
                    parallax_core::facts::MAX_FACTS_PER_LIST
                ),
            ));
        }
    }
    lap("facts of new articles");
    let _lock = match store.path() {
        Some(path) => Some(
            parallax_store::WriterLock::acquire(path, |lock| {
                if !quiet {
                    eprintln!(
                        "waiting for another parallax process writing to `{}` (lock `{}`)",
                        path.display(),
                        lock.display()
                    );
                }
            })
            .context("cannot lock the database for writing")?,
        ),
        None => None,
    };
    let progress = inputs::progress_bar(batch.articles.len() as u64, "storing", quiet);
    let (mut added, mut existing) = (0, stored_before.len());
    let items: Vec<(&Article, &parallax_core::facts::ArticleFacts)> =
        new.iter().copied().zip(new_facts.iter()).collect();
    let mut refused = Vec::new();
    for chunk in items.chunks(500) {
        let outcome = store.insert_articles_with_facts(chunk).context("cannot store articles")?;
        added += outcome.report.added;
        existing += outcome.report.existing;
        refused.extend(outcome.rejected);
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    for rejected in refused {
        batch.diagnostics.push(Diagnostic::error(
            rejected.origin,
            format!("article `{}` not stored: {}", rejected.id, rejected.reason),
        ));
    }
    store.record_diagnostics(&batch.diagnostics).context("cannot store diagnostics")?;
    lap("stored");
    let articles = store.articles().context("cannot read articles back")?;
    lap("read back");
    let (mut grouped, diagnostics, embeddings) = story_stage(&articles, encoder, config, quiet);
    lap("stories and relations");
    facts_stage(
        store,
        &articles,
        &mut grouped,
        &embeddings,
        config,
        &mut batch.diagnostics,
        quiet,
    )?;
    lap("facts and briefs");
    for diagnostic in &diagnostics {
        eprintln!("{diagnostic}");
    }
    store.replace_stories(&mut grouped).context("cannot store stories")?;
    lap("stories stored");
    Ok((added, existing, articles))
}

/// Finds the facts of stored articles that have none (stored by an older Parallax, or whose
/// facts an earlier run could not store), stores them, merges every story's facts and builds
/// every story's brief. Facts that cannot be stored become error diagnostics.
fn facts_stage(
    store: &mut Store,
    articles: &[Article],
    stories: &mut [parallax_core::model::Story],
    embeddings: &parallax_core::embed::Embeddings,
    config: &PipelineConfig,
    diagnostics: &mut Vec<Diagnostic>,
    quiet: bool,
) -> Result<()> {
    let missing: std::collections::HashSet<DocumentId> =
        store.ids_without_facts().context("cannot read stored facts")?.into_iter().collect();
    let todo: Vec<&Article> =
        articles.iter().filter(|article| missing.contains(&article.id)).collect();
    if !todo.is_empty() {
        let spinner = inputs::spinner(format!("finding facts in {} articles", todo.len()), quiet);
        let found = parallax_core::pipeline::facts_of(&todo);
        let pairs: Vec<(&DocumentId, &parallax_core::facts::ArticleFacts)> =
            todo.iter().map(|article| &article.id).zip(found.iter()).collect();
        let failed = store.put_facts(&pairs).context("cannot store facts")?;
        spinner.finish_and_clear();
        for (id, reason) in failed {
            let origin = todo.iter().find(|article| article.id == id).map_or_else(
                || parallax_core::model::Origin::file(id.as_str()),
                |a| a.origin.clone(),
            );
            diagnostics
                .push(Diagnostic::error(origin, format!("facts of `{id}` not stored: {reason}")));
        }
    }
    // Every article's facts, as stored (each held once).
    let stored = store.all_facts().context("cannot read stored facts")?;
    let by_id: std::collections::HashMap<&DocumentId, &parallax_core::facts::ArticleFacts> =
        stored.iter().map(|(id, facts)| (id, facts)).collect();
    parallax_core::pipeline::attach_facts(stories, &by_id);
    let briefing = inputs::spinner("briefing stories".to_owned(), quiet);
    let article_by_id: std::collections::HashMap<&DocumentId, &Article> =
        articles.iter().map(|article| (&article.id, article)).collect();
    parallax_core::pipeline::attach_briefs(
        stories,
        &article_by_id,
        &by_id,
        (!embeddings.is_empty()).then_some(embeddings),
        &config.brief,
    );
    briefing.finish_and_clear();
    Ok(())
}

/// Story grouping and relations, with a progress bar per stage.
fn story_stage(
    articles: &[Article],
    encoder: Option<&dyn SentenceEncoder>,
    config: &PipelineConfig,
    quiet: bool,
) -> (Vec<parallax_core::model::Story>, Vec<Diagnostic>, parallax_core::embed::Embeddings) {
    let bar = std::sync::Mutex::new((String::new(), indicatif::ProgressBar::hidden()));
    let clock = std::time::Instant::now();
    let progress = |stage: &str, done: usize, total: usize| {
        if stage == "grouped" {
            if std::env::var_os("PARALLAX_TIMINGS").is_some() {
                eprintln!("timing: stories grouped after {:.2} s", clock.elapsed().as_secs_f64());
            }
            return;
        }
        let Ok(mut guard) = bar.lock() else { return };
        if guard.0 != stage {
            guard.1.finish_and_clear();
            let name: &'static str = match stage {
                "embedding leads" => "leads",
                "embedding sentences" => "sentences",
                _ => "relations",
            };
            guard.0 = stage.to_owned();
            guard.1 = inputs::progress_bar(total as u64, name, quiet);
        }
        guard.1.set_position(done.min(total) as u64);
    };
    let result =
        parallax_core::pipeline::stories_with_embeddings(articles, encoder, config, &progress);
    if let Ok(guard) = bar.lock() {
        guard.1.finish_and_clear();
    }
    result
}

fn exit_code(diagnostics: &[Diagnostic]) -> ExitCode {
    if diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error) {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count()
}

fn print_diagnostics(diagnostics: &[Diagnostic], quiet: bool) {
    if !diagnostics.is_empty() && (!quiet || count(diagnostics, Severity::Error) > 0) {
        eprint!("{}", report::terminal_safe(&render_diagnostics(diagnostics)));
    }
}

fn analyze(args: AnalyzeArgs, quiet: bool) -> Result<ExitCode> {
    let mut config = model::pipeline_config(&args.model);
    config.stories.include_pages = args.input.include_pages;
    let model = model::load(&args.model, quiet)?;
    let mut batch = read_and_clean(&args.input, &config, quiet)?;
    let mut store = open_store(args.db.as_deref())?;
    let encoder = model.as_ref().map(|model| model as &dyn SentenceEncoder);
    let (added, existing, articles) = store_batch(&mut store, &mut batch, &config, encoder, quiet)?;
    let summary = Summary {
        documents_read: batch.documents_read,
        articles_added: added,
        articles_existing: existing,
        articles: articles.len(),
        stories: store.story_count()?,
        rejected: count(&batch.diagnostics, Severity::Error),
        warnings: count(&batch.diagnostics, Severity::Warning),
    };
    // Stories are read back a page at a time and written as they come: a report on a large
    // corpus is never held whole in memory.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let format = if args.json { args::Format::Json } else { args.format };
    if format == args::Format::Md {
        for page in story_pages(&store) {
            write!(
                stdout,
                "{}",
                report::terminal_safe(&brief_md::render_markdown(&page?, &articles))
            )?;
        }
    } else if format == args::Format::Json {
        let index = report::index(&articles);
        let report = Report {
            schema: REPORT_SCHEMA,
            generator: generator(),
            summary,
            stories: Streamed::new(stored_story_dtos(&store, &index)),
            articles: Streamed::new(articles.iter().map(|article| {
                let mut dto = article_dto(article, args.with_text);
                dto.facts = store.facts(&article.id)?;
                Ok::<_, parallax_store::StoreError>(dto)
            })),
            diagnostics: batch.diagnostics.iter().map(diagnostic_dto).collect(),
        };
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{} article{} in {} stor{} ({} read, {} new, {} rejected)\n",
            summary.articles,
            if summary.articles == 1 { "" } else { "s" },
            summary.stories,
            if summary.stories == 1 { "y" } else { "ies" },
            summary.documents_read,
            summary.articles_added,
            summary.rejected,
        )?;
        for page in story_pages(&store) {
            write!(stdout, "{}", report::terminal_safe(&render_stories(&page?, &articles, true)))?;
        }
    }
    stdout.flush()?;
    print_diagnostics(&batch.diagnostics, quiet);
    Ok(exit_code(&batch.diagnostics))
}

/// The stored stories as report DTOs, largest first, read a page at a time.
fn stored_story_dtos<'a>(
    store: &'a Store,
    index: &'a std::collections::HashMap<&'a str, &'a Article>,
) -> impl Iterator<Item = Result<report::StoryDto, parallax_store::StoreError>> + 'a {
    story_pages(store).flat_map(move |page| match page {
        Ok(stories) => {
            stories.into_iter().map(|story| Ok(into_story_dto(story, index))).collect::<Vec<_>>()
        }
        Err(error) => vec![Err(error)],
    })
}

/// The stored stories, largest first, a page at a time.
fn story_pages(
    store: &Store,
) -> impl Iterator<Item = Result<Vec<parallax_core::model::Story>, parallax_store::StoreError>> + '_
{
    const PAGE: usize = 256;
    let mut offset = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let page = store.stories_page(offset, PAGE);
        match &page {
            Ok(stories) if stories.is_empty() => return None,
            Ok(stories) => {
                offset += stories.len();
                done = stories.len() < PAGE;
            }
            Err(_) => done = true,
        }
        Some(page)
    })
}

fn ingest(args: IngestArgs, quiet: bool) -> Result<ExitCode> {
    let mut config = model::pipeline_config(&args.model);
    config.stories.include_pages = args.input.include_pages;
    let model = model::load(&args.model, quiet)?;
    let mut batch = read_and_clean(&args.input, &config, quiet)?;
    let mut store = open_store(Some(&args.db))?;
    let encoder = model.as_ref().map(|model| model as &dyn SentenceEncoder);
    let (added, existing, articles) = store_batch(&mut store, &mut batch, &config, encoder, quiet)?;
    let summary = Summary {
        documents_read: batch.documents_read,
        articles_added: added,
        articles_existing: existing,
        articles: articles.len(),
        stories: store.story_count()?,
        rejected: count(&batch.diagnostics, Severity::Error),
        warnings: count(&batch.diagnostics, Severity::Warning),
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "schema": "parallax.ingest/v1",
            "generator": generator(),
            "db": args.db.display().to_string(),
            "summary": summary,
            "diagnostics": batch.diagnostics.iter().map(diagnostic_dto).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{}: {} read, {} added, {} already stored, {} rejected; {} articles in {} stories",
            args.db.display(),
            summary.documents_read,
            summary.articles_added,
            summary.articles_existing,
            summary.rejected,
            summary.articles,
            summary.stories
        )?;
    }
    stdout.flush()?;
    print_diagnostics(&batch.diagnostics, quiet);
    Ok(exit_code(&batch.diagnostics))
}

fn extract(args: ExtractArgs, quiet: bool) -> Result<ExitCode> {
    let config = PipelineConfig::default();
    let batch = read_and_clean(&args.input, &config, quiet)?;
    let mut articles = batch.articles;
    articles.sort_by(|a, b| a.origin.cmp(&b.origin));
    let mut stdout = std::io::stdout().lock();
    for article in &articles {
        if args.json {
            let record = ExtractRecord {
                schema: EXTRACT_SCHEMA,
                article: article_dto(article, true),
                sentence_list: article.sentence_texts().map(str::to_owned).collect(),
            };
            serde_json::to_writer(&mut stdout, &record)?;
            writeln!(stdout)?;
        } else {
            write!(stdout, "{}", report::terminal_safe(&render_article(article)))?;
        }
    }
    stdout.flush()?;
    print_diagnostics(&batch.diagnostics, quiet);
    Ok(exit_code(&batch.diagnostics))
}

fn open_existing(db: &Path) -> Result<Store> {
    anyhow::ensure!(
        db.exists(),
        "no database at `{}`\nhint: create one with `parallax ingest PATHS --db {}`",
        db.display(),
        db.display()
    );
    open_store(Some(db))
}

fn list_stories(args: StoriesArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let story_count = store.story_count()?;
    let articles = store.articles()?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let index = report::index(&articles);
        let report = Report {
            schema: REPORT_SCHEMA,
            generator: generator(),
            summary: Summary {
                articles: articles.len(),
                stories: story_count,
                ..Summary::default()
            },
            stories: Streamed::new(stored_story_dtos(&store, &index)),
            articles: articles
                .iter()
                .map(|article| article_dto(article, false))
                .collect::<Vec<_>>(),
            diagnostics: Vec::new(),
        };
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{} articles in {} stories\n", articles.len(), story_count)?;
        for page in story_pages(&store) {
            write!(stdout, "{}", report::terminal_safe(&render_stories(&page?, &articles, false)))?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn show_story(args: StoryArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let Some(story) = store.story(&args.id)? else {
        anyhow::bail!(
            "no story `{}` in `{}`\nhint: `parallax stories --db {}` lists them",
            args.id,
            args.db.display(),
            args.db.display()
        );
    };
    let mut articles = Vec::new();
    for id in &story.articles {
        articles.extend(store.article(id)?);
    }
    let mut stdout = std::io::stdout().lock();
    let format = if args.json { args::Format::Json } else { args.format };
    if format == args::Format::Md {
        write!(
            stdout,
            "{}",
            report::terminal_safe(&brief_md::render_markdown(
                std::slice::from_ref(&story),
                &articles
            ))
        )?;
    } else if format == args::Format::Json {
        let report = Report {
            schema: REPORT_SCHEMA,
            generator: generator(),
            summary: Summary { articles: articles.len(), stories: 1, ..Summary::default() },
            stories: vec![story_dto(&story, &report::index(&articles))],
            articles: articles.iter().map(|article| article_dto(article, true)).collect::<Vec<_>>(),
            diagnostics: Vec::new(),
        };
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write!(
            stdout,
            "{}",
            report::terminal_safe(&render_stories(std::slice::from_ref(&story), &articles, true))
        )?;
        for article in &articles {
            write!(stdout, "{}", report::terminal_safe(&render_article(article)))?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
