//! Command-line arguments, as parsed by clap, before they are resolved into settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Parallax turns a pile or a stream of news articles into stories.
///
/// It strips boilerplate from HTML and plain text, stores clean articles in an embedded SQLite
/// database, and groups them into stories.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, long_about = None, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 ok, 1 some inputs were rejected (each is listed), 2 usage or fatal error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Print no progress bars or summaries on stderr.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Ingest articles and print the stories they tell (the main job).
    ///
    /// Uses a temporary in-memory store unless `--db` is given.
    Analyze(AnalyzeArgs),
    /// Ingest articles into a database, incrementally: what is already stored is skipped.
    Ingest(IngestArgs),
    /// Extract clean text from documents and print it, with what was removed and why.
    Extract(ExtractArgs),
    /// List the stories in a database.
    Stories(StoriesArgs),
    /// Show one story from a database.
    Story(StoryArgs),
    /// Score Parallax on the evaluation data sets.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput.
    #[command(subcommand)]
    Bench(BenchCommand),
}

/// Input options shared by the commands that read articles.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Files or folders to read (folders recursively); `-` reads standard input.
    ///
    /// Formats: .txt, .html/.htm, .jsonl (fields id, url, outlet|source, title, date, text|html),
    /// .warc; any of them gzip-compressed (.gz). Other files named explicitly are sniffed.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Treat every input as this format instead of going by file extension.
    #[arg(long, value_enum)]
    pub(crate) format: Option<FormatArg>,
    /// Reject documents larger than this many bytes (after decompression).
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub(crate) max_document_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub(crate) threads: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    Text,
    Html,
    Jsonl,
    Warc,
}

#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Keep the results in this SQLite database (created if missing) instead of a temporary one.
    #[arg(long, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    /// Print the report as JSON (schema `parallax.report/v1`, see docs/report-schema.md).
    #[arg(long)]
    pub(crate) json: bool,
    /// Include each article's clean text in the JSON report.
    #[arg(long)]
    pub(crate) with_text: bool,
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The SQLite database to add to (created if missing).
    #[arg(long, value_name = "FILE", required = true)]
    pub(crate) db: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Print one JSON object per document (schema `parallax.extract/v1`), as JSON Lines.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StoriesArgs {
    /// The SQLite database to read.
    #[arg(long, value_name = "FILE", required = true)]
    pub(crate) db: PathBuf,
    /// Print JSON (schema `parallax.report/v1`).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StoryArgs {
    /// The story id (or a unique prefix of at least 4 characters).
    pub(crate) id: String,
    /// The SQLite database to read.
    #[arg(long, value_name = "FILE", required = true)]
    pub(crate) db: PathBuf,
    /// Print JSON (schema `parallax.report/v1`), with the articles' text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvalCommand {
    /// Score main-text extraction on article-extraction and WCXB (each with its own metric) and
    /// print the published scores beside ours.
    Extraction(EvalExtractionArgs),
    /// Score predictions made elsewhere (a peer tool's output, JSON `{page id: text}`) with a
    /// data set's own metric.
    Predictions(EvalPredictionsArgs),
    /// Score title, author and publication date read from page metadata, on WCXB's labels.
    Metadata(EvalMetadataArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EvalMetadataArgs {
    /// The data folder holding `wcxb-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// The HTML engine whose metadata is scored.
    #[arg(long, value_enum, default_value = "parallax")]
    pub(crate) engine: EngineArg,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EvalPredictionsArgs {
    /// The predictions file (JSON object mapping page ids to extracted text; `.gz` allowed).
    #[arg(value_name = "FILE")]
    pub(crate) predictions: PathBuf,
    /// The data set the predictions are for.
    #[arg(long, value_enum)]
    pub(crate) dataset: DatasetArg,
    /// The data folder holding `article-extraction/` and `wcxb-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// A name for the system, printed with the scores.
    #[arg(long, default_value = "predictions")]
    pub(crate) name: String,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EvalExtractionArgs {
    /// The data folder holding `article-extraction/` and `wcxb-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Only this data set.
    #[arg(long, value_enum)]
    pub(crate) dataset: Option<DatasetArg>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also score plain-text boilerplate removal: the whole visible text of each page goes
    /// through the plain-text cleaner.
    #[arg(long)]
    pub(crate) plain_text: bool,
    /// Also score the alternative HTML engine (rs-trafilatura).
    #[arg(long)]
    pub(crate) all_engines: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum EngineArg {
    Parallax,
    Trafilatura,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum DatasetArg {
    ArticleExtraction,
    Wcxb,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Pages per second of main-text extraction, on one core and on all cores.
    Extraction(BenchExtractionArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BenchExtractionArgs {
    /// The data folder holding `article-extraction/` and `wcxb-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// The data set whose pages are timed.
    #[arg(long, value_enum, default_value = "article-extraction")]
    pub(crate) dataset: DatasetArg,
    /// Passes over the pages per measurement.
    #[arg(long, default_value_t = 3)]
    pub(crate) passes: usize,
    /// Threads for the parallel measurement (default: all cores).
    #[arg(long, short = 'j')]
    pub(crate) threads: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}
