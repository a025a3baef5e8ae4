//! Parallax's batch pipeline as a plan of stages over Arrow data, run by Apache DataFusion.
//!
//! `parallax analyze` holds a whole batch in memory; this crate runs the same kernels of
//! `parallax-core` as a DataFusion plan over Parquet tables in an output folder, with a memory
//! pool that spills to disk, so memory stays bounded whatever the size of the input.
//!
//! The tables (each a folder of Parquet files under the output folder, [`tables`]):
//!
//! | table | written by | one row per |
//! | --- | --- | --- |
//! | `raw` | stage 0, the driver ([`raw::write`]) | ingested document |
//! | `signatures` | sign (DataFusion) | document: exact key, MinHash signature |
//! | `pairs` | candidates + verify (DataFusion) | document pair sharing an LSH band, with its Jaccard |
//! | `dedup` | verdicts (driver) | judged document: keep, or a duplicate of which |
//! | `line_counts` | line statistics (DataFusion: count per line key, joined back) | plain-text document: its part of the table |
//! | `cleaned` | clean (DataFusion) | document: its article or why none |
//! | `articles` | one per id (driver, streaming the sorted rows) | article |
//!
//! The kernels are DataFusion scalar functions ([`udf`]) whose settings are literal arguments,
//! so they register by name in any session.

pub mod articles;
pub mod dedup;
pub mod raw;
mod table;
pub mod udf;

use std::path::Path;
use std::sync::Arc;

use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

/// The names of the tables under an output folder.
pub mod tables {
    /// Ingested documents.
    pub const RAW: &str = "raw";
    /// Exact keys and MinHash signatures.
    pub const SIGNATURES: &str = "signatures";
    /// Candidate pairs with their estimated Jaccard.
    pub const PAIRS: &str = "pairs";
    /// Deduplication verdicts.
    pub const DEDUP: &str = "dedup";
    /// Each plain-text document's part of the batch's line statistics.
    pub const LINE_COUNTS: &str = "line_counts";
    /// Every document cleaned (or the reason it could not be), in no particular order.
    pub const CLEANED: &str = "cleaned";
    /// Clean articles, one per id, sorted by id.
    pub const ARTICLES: &str = "articles";
}

/// What went wrong in a batch run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The engine failed.
    #[error("DataFusion: {0}")]
    Engine(#[from] datafusion::error::DataFusionError),
    /// Arrow failed to build or read a batch.
    #[error("Arrow: {0}")]
    Arrow(#[from] datafusion::arrow::error::ArrowError),
    /// A Parquet file could not be written or read.
    #[error("Parquet: {0}")]
    Parquet(#[from] datafusion::parquet::errors::ParquetError),
    /// A table lacks a column it must have.
    #[error("a table lacks its column `{0}`")]
    Column(&'static str),
    /// A path is not valid UTF-8 (DataFusion takes table paths as strings).
    #[error("{0}: the path is not valid UTF-8")]
    Path(String),
    /// The output folder already holds a run.
    #[error("{0} already holds a batch run; give an empty or new folder")]
    NotEmpty(String),
}

impl BatchError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> BatchError {
        BatchError::Io { path: path.display().to_string(), source }
    }
}

/// Settings of the embedded engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Partitions each stage runs in (threads); 0: the number of cores.
    pub partitions: usize,
    /// The memory the engine may use for joins, sorts and aggregations before it spills to disk,
    /// in bytes.
    pub memory_limit: usize,
}

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig { partitions: 0, memory_limit: 512 << 20 }
    }
}

/// An embedded DataFusion session with Parallax's functions registered, a memory pool of
/// `config.memory_limit` bytes shared fairly by the operators that can spill, and spill files in
/// the system's temporary folder.
pub fn session(config: &EngineConfig) -> Result<SessionContext, BatchError> {
    let partitions = if config.partitions == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        config.partitions
    };
    let runtime = RuntimeEnvBuilder::new()
        .with_memory_pool(Arc::new(FairSpillPool::new(config.memory_limit)))
        .build_arc()?;
    let session_config = SessionConfig::new()
        .with_target_partitions(partitions)
        // Plain strings: the kernels take `&str`, and views would be cast back on every call.
        .set_bool("datafusion.execution.parquet.schema_force_view_types", false)
        // Sort-merge joins, which spill to disk, rather than hash joins, which must hold their
        // build side in memory: memory stays within the pool whatever the size of the input.
        .set_bool("datafusion.optimizer.prefer_hash_join", false)
        // Row groups of at most 65,536 rows: a Parquet writer holds its row group in memory, and
        // the default (a million rows) let memory grow with the table up to that size.
        .set_usize("datafusion.execution.parquet.max_row_group_size", 65_536);
    let mut ctx = SessionContext::new_with_config_rt(session_config, runtime);
    udf::register(&mut ctx)?;
    Ok(ctx)
}

/// A Tokio runtime for the engine, with `threads` workers (0: the number of cores).
pub fn runtime(threads: usize) -> Result<tokio::runtime::Runtime, BatchError> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if threads > 0 {
        builder.worker_threads(threads);
    }
    builder.enable_all().build().map_err(|source| BatchError::io(Path::new("(runtime)"), source))
}

/// Checks that `dir` can take a new run: missing, or an empty folder.
pub fn check_output(dir: &Path) -> Result<(), BatchError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(BatchError::NotEmpty(dir.display().to_string()));
            }
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(BatchError::io(dir, source)),
    }
}
