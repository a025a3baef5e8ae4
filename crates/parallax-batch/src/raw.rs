//! Stage 0: ingested documents into the `raw` table, Parquet files of bounded size.
//!
//! The driver reads the inputs one document at a time (`parallax_core::ingest`) and writes them
//! out in parts of at most [`PART_DOCUMENTS`] documents or [`PART_BYTES`] bytes of body, so
//! memory stays flat whatever the size of the input. Every later stage reads this table, on one
//! machine or on a cluster's executors.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringBuilder, UInt64Builder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;
use parallax_core::ingest::IngestEvent;
use parallax_core::model::{Body, Diagnostic, RawDocument};

use crate::BatchError;

/// Documents per Parquet part of the `raw` table.
pub const PART_DOCUMENTS: usize = 8192;

/// Bytes of body per Parquet part of the `raw` table (a part ends after the document that
/// passes it).
pub const PART_BYTES: usize = 64 << 20;

/// The `raw` table: one row per ingested document, `seq` numbering them in input order.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("seq", DataType::UInt64, false),
        Field::new("origin_path", DataType::Utf8, false),
        Field::new("origin_record", DataType::UInt64, true),
        Field::new("id", DataType::Utf8, true),
        Field::new("url", DataType::Utf8, true),
        Field::new("outlet", DataType::Utf8, true),
        Field::new("title", DataType::Utf8, true),
        Field::new("date", DataType::Utf8, true),
        Field::new("format", DataType::Utf8, false),
        Field::new("body", DataType::Utf8, false),
    ]))
}

/// What stage 0 read.
#[derive(Debug, Default)]
pub struct RawSummary {
    /// Documents written.
    pub documents: u64,
    /// Parquet parts written.
    pub parts: usize,
    /// Problems the inputs had (files or records that could not be read).
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes the documents of `events` into `dir` (created) as `part-NNNNN.parquet` files.
pub fn write(
    dir: &Path,
    events: impl IntoIterator<Item = IngestEvent>,
    progress: &dyn Fn(u64),
) -> Result<RawSummary, BatchError> {
    let mut writer = RawWriter::new(dir)?;
    for event in events {
        if writer.push(event)? {
            progress(writer.documents());
        }
    }
    writer.finish()
}

/// Stage 0 as it goes: documents pushed one at a time, written a part at a time.
pub struct RawWriter {
    dir: PathBuf,
    part: Part,
    summary: RawSummary,
}

impl RawWriter {
    /// A writer of the `raw` table in `dir` (created).
    pub fn new(dir: &Path) -> Result<RawWriter, BatchError> {
        std::fs::create_dir_all(dir).map_err(|source| BatchError::io(dir, source))?;
        Ok(RawWriter { dir: dir.to_owned(), part: Part::default(), summary: RawSummary::default() })
    }

    /// Takes one ingest event; returns whether a part was written.
    pub fn push(&mut self, event: IngestEvent) -> Result<bool, BatchError> {
        match event {
            IngestEvent::Document(document) => {
                self.part.push(self.summary.documents, &document);
                self.summary.documents += 1;
                if self.part.rows >= PART_DOCUMENTS || self.part.bytes >= PART_BYTES {
                    self.part.flush(&self.dir, &mut self.summary.parts)?;
                    return Ok(true);
                }
            }
            IngestEvent::Diagnostic(diagnostic) => self.summary.diagnostics.push(diagnostic),
        }
        Ok(false)
    }

    /// Documents taken so far.
    pub fn documents(&self) -> u64 {
        self.summary.documents
    }

    /// Writes the last part.
    pub fn finish(mut self) -> Result<RawSummary, BatchError> {
        self.part.flush(&self.dir, &mut self.summary.parts)?;
        if self.summary.parts == 0 {
            // No documents: an empty part keeps the table readable, with its columns.
            write_parquet(&part_path(&self.dir, 0), &RecordBatch::new_empty(schema()))?;
        }
        Ok(self.summary)
    }
}

/// The path of part `index`.
fn part_path(dir: &Path, index: usize) -> PathBuf {
    dir.join(format!("part-{index:05}.parquet"))
}

/// The Parquet settings of every table Parquet writes here: Snappy (fast, and what Spark and
/// DuckDB read by default).
pub(crate) fn writer_properties() -> WriterProperties {
    WriterProperties::builder().set_compression(Compression::SNAPPY).build()
}

/// Writes `batch` as one Parquet file.
pub(crate) fn write_parquet(path: &Path, batch: &RecordBatch) -> Result<(), BatchError> {
    let file = File::create(path).map_err(|source| BatchError::io(path, source))?;
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(writer_properties()))?;
    writer.write(batch)?;
    writer.close()?;
    Ok(())
}

#[derive(Default)]
struct Part {
    rows: usize,
    bytes: usize,
    seq: UInt64Builder,
    origin_path: StringBuilder,
    origin_record: UInt64Builder,
    id: StringBuilder,
    url: StringBuilder,
    outlet: StringBuilder,
    title: StringBuilder,
    date: StringBuilder,
    format: StringBuilder,
    body: StringBuilder,
}

impl Part {
    fn push(&mut self, seq: u64, document: &RawDocument) {
        self.rows += 1;
        self.seq.append_value(seq);
        self.origin_path.append_value(&document.origin.path);
        self.origin_record.append_option(document.origin.record);
        self.id.append_option(document.id.as_deref());
        self.url.append_option(document.url.as_deref());
        self.outlet.append_option(document.outlet.as_deref());
        self.title.append_option(document.title.as_deref());
        self.date.append_option(document.date.as_deref());
        let (format, body) = match &document.body {
            Body::Text(text) => ("text", text),
            Body::Html(html) => ("html", html),
        };
        self.format.append_value(format);
        self.body.append_value(body);
        self.bytes += body.len();
    }

    fn flush(&mut self, dir: &Path, parts: &mut usize) -> Result<(), BatchError> {
        if self.rows == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.seq.finish()),
            Arc::new(self.origin_path.finish()),
            Arc::new(self.origin_record.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.outlet.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.format.finish()),
            Arc::new(self.body.finish()),
        ];
        let batch = RecordBatch::try_new(schema(), columns)?;
        write_parquet(&part_path(dir, *parts), &batch)?;
        *parts += 1;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }
}
