//! The one error type of this crate.
//!
//! Every variant names the file it concerns, because nearly all failures here are
//! about data on disk: a data set that is absent, unreadable or shaped unexpectedly.

use std::path::PathBuf;

/// Why a data set, a prediction file or a run could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The data set's folder or ground-truth file does not exist.
    #[error("data set not found at `{path}`")]
    NotFound {
        /// The path that was looked for.
        path: PathBuf,
    },
    /// A file or folder exists but could not be read.
    #[error("cannot read `{path}`")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying IO error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON (or JSON Lines) file is not valid JSON of the expected shape.
    #[error("cannot parse `{path}`{}", line.map(|line| format!(" at line {line}")).unwrap_or_default())]
    Json {
        /// The file.
        path: PathBuf,
        /// The 1-based line, for JSON Lines files.
        line: Option<usize>,
        /// The underlying parse error.
        #[source]
        source: serde_json::Error,
    },
    /// A file parsed, but its content breaks the data set's documented format.
    #[error("`{path}` has an unexpected format: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The rayon thread pool for a run could not be built.
    #[error("cannot start a pool of {threads} threads")]
    ThreadPool {
        /// The requested number of threads.
        threads: usize,
        /// The underlying error.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}
