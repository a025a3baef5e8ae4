//! Stage 1, the per-article map: raw documents into clean articles, as `pipeline::clean_batch`
//! makes them, as a DataFusion plan.
//!
//! Plain-text cleaning needs the batch's line statistics (how many documents of an outlet repeat
//! a short line). Instead of one table in memory, they are a join: every document's observed
//! line keys, counted by key; every document's looked-up keys joined to the counts and gathered
//! per document; then each document is cleaned with its own part of the table
//! (`LineStats::from_counts`), which decides as the whole table would. One article per id: the
//! driver reads the cleaned rows sorted by id and origin and keeps the first, as
//! `clean_batch` does.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BinaryBuilder, ListArray, ListBuilder, RecordBatch, StringArray,
    StringBuilder, StructArray, UInt32Builder, UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::cast::{
    as_binary_array, as_list_array, as_string_array, as_uint32_array, as_uint64_array,
};
use datafusion::common::{JoinType, Result, exec_err};
use datafusion::execution::FunctionRegistry as _;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions_aggregate::expr_fn::{array_agg, count};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::prelude::{SessionContext, col, lit};
use futures::StreamExt as _;
use parallax_core::clean::{
    CleanConfig, LineKey, LineStats, clean, looked_up_lines, observed_lines,
};
use parallax_core::model::{
    Article, Diagnostic, DocumentId, Origin, PageType, Removal, RemovalReason, SourceFormat, Span,
};
use rayon::prelude::*;

use crate::udf::{RAW_COLUMNS, documents, kernel_function, scalar_string};
use crate::{BatchError, table, tables};

/// The fields of an article row (and of [`Clean`]'s result, which adds `warnings` and `error`).
pub fn article_fields() -> Vec<Field> {
    let list = |item: DataType| DataType::List(Arc::new(Field::new_list_field(item, true)));
    vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("origin_path", DataType::Utf8, true),
        Field::new("origin_record", DataType::UInt64, true),
        Field::new("format", DataType::Utf8, true),
        Field::new("url", DataType::Utf8, true),
        Field::new("outlet", DataType::Utf8, true),
        Field::new("title", DataType::Utf8, true),
        Field::new("author", DataType::Utf8, true),
        Field::new("date", DataType::Utf8, true),
        Field::new("text", DataType::Utf8, true),
        // Spans as flat start, end, start, end… byte offsets.
        Field::new("paragraphs", list(DataType::UInt64), true),
        Field::new("sentences", list(DataType::UInt64), true),
        Field::new("language", DataType::Utf8, true),
        Field::new("removed_line", list(DataType::UInt32), true),
        Field::new("removed_text", list(DataType::Utf8), true),
        Field::new("removed_reason", list(DataType::Utf8), true),
        Field::new("page_type", DataType::Utf8, true),
    ]
}

fn clean_fields() -> Fields {
    let mut fields = article_fields();
    fields.push(Field::new(
        "warnings",
        DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
        true,
    ));
    fields.push(Field::new("error", DataType::Utf8, true));
    Fields::from(fields)
}

/// What stage 1 made.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// Articles written (one per id).
    pub articles: usize,
    /// Problems, in origin order: documents without article text, ids given twice, warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs stage 1 over the `raw` table under `dir`, writing the `cleaned` table and the `articles`
/// table (sorted by id, one article per id) there.
pub async fn run(ctx: &SessionContext, dir: &Path) -> Result<Cleaned, BatchError> {
    let raw = table::read(ctx, &dir.join(tables::RAW)).await?;
    let raw_args = || -> Vec<_> { RAW_COLUMNS.iter().map(|name| col(*name)).collect() };
    let line_keys = ctx.udf("parallax_line_keys")?;
    let keys = |which: &str, seq: &str, key: &str| {
        let mut arguments = raw_args();
        arguments.push(lit(which.to_owned()));
        raw.clone()
            .filter(col("format").eq(lit("text")))?
            .select(vec![col("seq").alias(seq), line_keys.call(arguments).alias(key)])?
            .unnest_columns(&[key])
    };
    // Documents per line key.
    let counts = keys("observed", "oseq", "okey")?
        .aggregate(vec![col("okey")], vec![count(col("oseq")).alias("n")])?;
    // Each document's part of the table.
    let pack = ctx.udf("parallax_pack_line_count")?;
    let needed = keys("looked_up", "lseq", "lkey")?
        .join_on(counts, JoinType::Inner, [col("lkey").eq(col("okey"))])?
        .select(vec![col("lseq"), pack.call(vec![col("lkey"), col("n")]).alias("entry")])?
        .aggregate(vec![col("lseq")], vec![array_agg(col("entry")).alias("line_counts")])?;
    let clean = ctx.udf("parallax_clean")?;
    let mut arguments = raw_args();
    arguments.push(col("line_counts"));
    // The cleaning function's result is stored as one struct column and taken apart on
    // reading: projecting its fields straight away would call it once per field.
    table::write(needed, &dir.join(tables::LINE_COUNTS)).await?;
    let needed = table::read(ctx, &dir.join(tables::LINE_COUNTS)).await?;
    let cleaned = needed
        .join_on(raw, JoinType::Right, [col("lseq").eq(col("seq"))])?
        .select(vec![clean.call(arguments).alias("a")])?;
    table::write(cleaned, &dir.join(tables::CLEANED)).await?;

    // One article per id, the first in origin order; the driver streams the sorted rows.
    let fields: Vec<_> = clean_fields()
        .iter()
        .map(|field| get_field(col("a"), field.name().as_str()).alias(field.name()))
        .collect();
    let sorted = table::read(ctx, &dir.join(tables::CLEANED)).await?.select(fields)?.sort(vec![
        col("id").sort(true, false),
        col("origin_path").sort(true, false),
        col("origin_record").sort(true, true),
    ])?;
    let mut stream = sorted.execute_stream().await?;
    let out = dir.join(tables::ARTICLES);
    std::fs::create_dir_all(&out).map_err(|source| BatchError::io(&out, source))?;
    let mut diagnostics = Vec::new();
    let mut previous: Option<(String, Origin)> = None;
    let mut part = 0;
    let mut written = 0;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let mut keep = Vec::with_capacity(batch.num_rows());
        let ids = table::strings(&batch, "id")?;
        let paths = table::strings(&batch, "origin_path")?;
        let records = table::uint64(&batch, "origin_record")?;
        let errors = table::strings(&batch, "error")?;
        let warnings = as_list_array(table::column(&batch, "warnings")?)?;
        for row in 0..batch.num_rows() {
            let origin = Origin {
                path: paths.value(row).to_owned(),
                record: (!records.is_null(row)).then(|| records.value(row)),
            };
            if !errors.is_null(row) {
                diagnostics.push(Diagnostic::error(origin, errors.value(row)));
                keep.push(false);
                continue;
            }
            if !warnings.is_null(row) {
                let list = warnings.value(row);
                let list = as_string_array(&list)?;
                for index in 0..list.len() {
                    diagnostics.push(Diagnostic::warning(origin.clone(), list.value(index)));
                }
            }
            let id = ids.value(row);
            if let Some((previous_id, previous_origin)) = &previous
                && previous_id == id
            {
                diagnostics.push(Diagnostic::warning(
                    origin,
                    format!("same article as {previous_origin} (id `{id}`); kept once"),
                ));
                keep.push(false);
                continue;
            }
            previous = Some((id.to_owned(), origin));
            keep.push(true);
        }
        let keep = datafusion::arrow::array::BooleanArray::from(keep);
        let kept = datafusion::arrow::compute::filter_record_batch(&batch, &keep)?;
        let columns: Vec<usize> = (0..article_fields().len()).collect();
        let kept = kept.project(&columns)?;
        if kept.num_rows() > 0 {
            written += kept.num_rows();
            crate::raw::write_parquet(&out.join(format!("part-{part:05}.parquet")), &kept)?;
            part += 1;
        }
    }
    diagnostics.sort_by(|a, b| a.origin.cmp(&b.origin).then_with(|| a.message.cmp(&b.message)));
    Ok(Cleaned { articles: written, diagnostics })
}

/// Reads the articles of an `articles` table batch.
pub fn articles_from_batch(batch: &RecordBatch) -> Result<Vec<Article>, BatchError> {
    let text = |name: &'static str| table::strings(batch, name);
    let (ids, paths, formats, urls, outlets, titles, authors, dates, texts, languages, types) = (
        text("id")?,
        text("origin_path")?,
        text("format")?,
        text("url")?,
        text("outlet")?,
        text("title")?,
        text("author")?,
        text("date")?,
        text("text")?,
        text("language")?,
        text("page_type")?,
    );
    let records = table::uint64(batch, "origin_record")?;
    let lists = |name: &'static str| -> Result<ListArray, BatchError> {
        Ok(as_list_array(table::column(batch, name)?)?.clone())
    };
    let (paragraphs, sentences) = (lists("paragraphs")?, lists("sentences")?);
    let (removed_line, removed_text, removed_reason) =
        (lists("removed_line")?, lists("removed_text")?, lists("removed_reason")?);
    let optional = |array: &StringArray, row: usize| {
        (!array.is_null(row)).then(|| array.value(row).to_owned())
    };
    let spans = |list: &ListArray, row: usize| -> Result<Vec<Span>, BatchError> {
        let values = list.value(row);
        let values = as_uint64_array(&values)?;
        Ok(values
            .values()
            .chunks_exact(2)
            .map(|pair| Span { start: pair[0] as usize, end: pair[1] as usize })
            .collect())
    };
    let mut articles = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let lines = removed_line.value(row);
        let lines = as_uint32_array(&lines)?;
        let removed_texts = removed_text.value(row);
        let removed_texts = as_string_array(&removed_texts)?;
        let reasons = removed_reason.value(row);
        let reasons = as_string_array(&reasons)?;
        let removed = (0..lines.len())
            .map(|index| Removal {
                line: lines.value(index),
                text: removed_texts.value(index).to_owned(),
                reason: RemovalReason::parse(reasons.value(index))
                    .unwrap_or(RemovalReason::OutsideMainContent),
            })
            .collect();
        articles.push(Article {
            id: DocumentId::new(ids.value(row)),
            origin: Origin {
                path: paths.value(row).to_owned(),
                record: (!records.is_null(row)).then(|| records.value(row)),
            },
            format: if formats.value(row) == "html" {
                SourceFormat::Html
            } else {
                SourceFormat::Text
            },
            url: optional(&urls, row),
            outlet: optional(&outlets, row),
            title: optional(&titles, row),
            author: optional(&authors, row),
            date: optional(&dates, row),
            text: texts.value(row).to_owned(),
            paragraphs: spans(&paragraphs, row)?,
            sentences: spans(&sentences, row)?,
            language: optional(&languages, row),
            removed,
            page_type: PageType::parse(types.value(row)).unwrap_or_default(),
        });
    }
    Ok(articles)
}

kernel_function!(
    /// `parallax_line_keys(<raw columns>, which)`: a plain-text document's line keys, `observed`
    /// (what it adds to the batch's line statistics) or `looked_up` (what cleaning it reads), each
    /// as 16 bytes (outlet hash, line hash, little-endian).
    LineKeys, RAW_COLUMNS.len() + 1
);

fn key_bytes(key: LineKey) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&key.0.to_le_bytes());
    bytes[8..].copy_from_slice(&key.1.to_le_bytes());
    bytes
}

impl ScalarUDFImpl for LineKeys {
    fn name(&self) -> &str {
        "parallax_line_keys"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new_list_field(DataType::Binary, true))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let documents = documents(&args.args[..RAW_COLUMNS.len()], rows)?;
        let observed = match scalar_string(&args.args[RAW_COLUMNS.len()], "which")?.as_str() {
            "observed" => true,
            "looked_up" => false,
            other => return exec_err!("which: `observed` or `looked_up`, not `{other}`"),
        };
        let keys: Vec<Vec<LineKey>> = documents
            .par_iter()
            .map(
                |document| {
                    if observed { observed_lines(document) } else { looked_up_lines(document) }
                },
            )
            .collect();
        let mut out = ListBuilder::new(BinaryBuilder::new());
        for document in keys {
            for key in document {
                out.values().append_value(key_bytes(key));
            }
            out.append(true);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

kernel_function!(
    /// `parallax_pack_line_count(key, n)`: a line key and its count as 20 bytes, for
    /// [`Clean`]'s table part.
    PackLineCount, 2
);

impl ScalarUDFImpl for PackLineCount {
    fn name(&self) -> &str {
        "parallax_pack_line_count"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let keys = args.args[0].to_array(args.number_rows)?;
        let keys = as_binary_array(&keys)?;
        let counts = args.args[1].to_array(args.number_rows)?;
        let counts = cast(&counts, &DataType::UInt64)?;
        let counts = as_uint64_array(&counts)?;
        let mut out = BinaryBuilder::new();
        for row in 0..keys.len() {
            let mut bytes = keys.value(row).to_vec();
            let count = u32::try_from(counts.value(row)).unwrap_or(u32::MAX);
            bytes.extend_from_slice(&count.to_le_bytes());
            out.append_value(bytes);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

kernel_function!(
    /// `parallax_clean(<raw columns>, line_counts)`: the clean article (`clean::clean`) with its
    /// warnings, or the reason there is none (`error`). `line_counts` is the document's part of the
    /// batch's line statistics, packed by [`PackLineCount`] (null: none of its lines repeat).
    Clean, RAW_COLUMNS.len() + 1
);

impl ScalarUDFImpl for Clean {
    fn name(&self) -> &str {
        "parallax_clean"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(clean_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let documents = documents(&args.args[..RAW_COLUMNS.len()], rows)?;
        let counts = args.args[RAW_COLUMNS.len()].to_array(rows)?;
        let counts = as_list_array(&counts)?;
        let mut tables: Vec<Option<LineStats>> = Vec::with_capacity(rows);
        for row in 0..rows {
            if counts.is_null(row) {
                tables.push(None);
                continue;
            }
            let entries = counts.value(row);
            let entries = as_binary_array(&entries)?;
            tables.push(Some(LineStats::from_counts((0..entries.len()).filter_map(|index| {
                let bytes = entries.value(index);
                let wide = |range: std::ops::Range<usize>| -> Option<u64> {
                    Some(u64::from_le_bytes(bytes.get(range)?.try_into().ok()?))
                };
                let count = u32::from_le_bytes(bytes.get(16..20)?.try_into().ok()?);
                Some(((wide(0..8)?, wide(8..16)?), count))
            }))));
        }
        let config = CleanConfig::default();
        let empty = LineStats::new();
        let results: Vec<Result<(Article, Vec<Diagnostic>), Diagnostic>> = documents
            .par_iter()
            .zip(&tables)
            .map(|(document, table)| {
                clean(document, Some(table.as_ref().unwrap_or(&empty)), &config)
            })
            .collect();
        let mut builder = ArticleBuilder::default();
        for (document, result) in documents.iter().zip(results) {
            builder.push(document, result);
        }
        Ok(ColumnarValue::Array(Arc::new(builder.finish()?)))
    }
}

#[derive(Default)]
struct ArticleBuilder {
    id: StringBuilder,
    origin_path: StringBuilder,
    origin_record: UInt64Builder,
    format: StringBuilder,
    url: StringBuilder,
    outlet: StringBuilder,
    title: StringBuilder,
    author: StringBuilder,
    date: StringBuilder,
    text: StringBuilder,
    paragraphs: ListBuilder<UInt64Builder>,
    sentences: ListBuilder<UInt64Builder>,
    language: StringBuilder,
    removed_line: ListBuilder<UInt32Builder>,
    removed_text: ListBuilder<StringBuilder>,
    removed_reason: ListBuilder<StringBuilder>,
    page_type: StringBuilder,
    warnings: ListBuilder<StringBuilder>,
    error: StringBuilder,
}

impl ArticleBuilder {
    fn push(
        &mut self,
        document: &parallax_core::model::RawDocument,
        result: Result<(Article, Vec<Diagnostic>), Diagnostic>,
    ) {
        self.origin_path.append_value(&document.origin.path);
        self.origin_record.append_option(document.origin.record);
        let (article, warnings) = match result {
            Ok(found) => found,
            Err(diagnostic) => {
                for builder in [
                    &mut self.id,
                    &mut self.format,
                    &mut self.url,
                    &mut self.outlet,
                    &mut self.title,
                    &mut self.author,
                    &mut self.date,
                    &mut self.text,
                    &mut self.language,
                    &mut self.page_type,
                ] {
                    builder.append_null();
                }
                self.paragraphs.append_null();
                self.sentences.append_null();
                self.removed_line.append_null();
                self.removed_text.append_null();
                self.removed_reason.append_null();
                self.warnings.append_null();
                self.error.append_value(diagnostic.message);
                return;
            }
        };
        self.id.append_value(article.id.as_str());
        self.format.append_value(article.format.as_str());
        self.url.append_option(article.url.as_deref());
        self.outlet.append_option(article.outlet.as_deref());
        self.title.append_option(article.title.as_deref());
        self.author.append_option(article.author.as_deref());
        self.date.append_option(article.date.as_deref());
        self.text.append_value(&article.text);
        for (builder, spans) in
            [(&mut self.paragraphs, &article.paragraphs), (&mut self.sentences, &article.sentences)]
        {
            for span in spans {
                builder.values().append_value(span.start as u64);
                builder.values().append_value(span.end as u64);
            }
            builder.append(true);
        }
        self.language.append_option(article.language.as_deref());
        for removal in &article.removed {
            self.removed_line.values().append_value(removal.line);
            self.removed_text.values().append_value(&removal.text);
            self.removed_reason.values().append_value(removal.reason.as_str());
        }
        self.removed_line.append(true);
        self.removed_text.append(true);
        self.removed_reason.append(true);
        self.page_type.append_value(article.page_type.as_str());
        for warning in warnings {
            self.warnings.values().append_value(warning.message);
        }
        self.warnings.append(true);
        self.error.append_null();
    }

    fn finish(mut self) -> Result<StructArray> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.origin_path.finish()),
            Arc::new(self.origin_record.finish()),
            Arc::new(self.format.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.outlet.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.author.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.paragraphs.finish()),
            Arc::new(self.sentences.finish()),
            Arc::new(self.language.finish()),
            Arc::new(self.removed_line.finish()),
            Arc::new(self.removed_text.finish()),
            Arc::new(self.removed_reason.finish()),
            Arc::new(self.page_type.finish()),
            Arc::new(self.warnings.finish()),
            Arc::new(self.error.finish()),
        ];
        Ok(StructArray::try_new(clean_fields(), columns, None)?)
    }
}
