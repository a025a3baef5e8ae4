//! Parallax's core: the pure pipeline from bytes to stories.
//!
//! The stages, each a module of pure functions with an explicit config:
//!
//! 1. [`ingest`]: bytes (text, HTML, JSONL, WARC, gzip) to [`model::RawDocument`]s.
//! 2. [`clean`]: a raw document to an [`model::Article`]: main text without boilerplate, title,
//!    date, what was removed and why.
//! 3. [`text`]: normalisation, paragraphs, sentences, language (used by `clean`).
//! 4. [`stories`]: articles to [`model::Story`]s.
//!
//! [`pipeline`] runs them in order over a batch. Nothing here reads files, opens sockets or
//! prints: the caller hands in bytes and gets back values plus [`model::Diagnostic`]s.
//!
//! ```
//! use parallax_core::ingest::{self, IngestEvent};
//! use parallax_core::pipeline::{Pipeline, PipelineConfig};
//!
//! let text = "Kim to meet Putin\n\nNorth Korean leader Kim Jong Un will travel to Russia to meet \
//!             President Vladimir Putin, officials said on Monday.\n\nFollow us on Google News!";
//! let mut pipeline = Pipeline::new(PipelineConfig::default());
//! for event in ingest::read("kim.txt", text.as_bytes(), None, &Default::default()) {
//!     if let IngestEvent::Document(raw) = event {
//!         pipeline.add(raw);
//!     }
//! }
//! let output = pipeline.run();
//! assert_eq!(output.articles[0].title.as_deref(), Some("Kim to meet Putin"));
//! assert!(!output.articles[0].text.contains("Google News"));
//! assert_eq!(output.stories.len(), 1);
//! ```
pub mod align;
pub mod brief;
pub mod clean;
pub mod dedup;
pub mod embed;
pub mod facts;
pub mod ingest;
pub mod learn;
pub mod model;
pub mod pipeline;
pub mod relate;
pub mod stories;
pub mod text;
