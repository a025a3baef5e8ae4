//! Deduplication at scale: the stages of `parallax dedup` as a DataFusion plan.
//!
//! 1. **Sign** (per document, parallel): the text `parallax dedup` judges, its exact key and
//!    MinHash signature → the `signatures` table.
//! 2. **Candidates**: each signature's LSH band keys, unnested; documents sharing a key pair
//!    up (a hash join on the key) → distinct pairs `(a, b)`, `a < b`.
//! 3. **Verify**: each pair's estimated Jaccard from the two signatures → the `pairs` table.
//! 4. **Verdicts** (driver): documents in input order, each kept or dropped against the kept
//!    documents before it, exactly as the streaming `Deduplicator` decides — but only pairs
//!    that passed the threshold are looked at, so one band collision never joins two
//!    documents.

use std::collections::HashMap;
use std::path::Path;

use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, FixedSizeBinaryArray, Float64Array, Float64Builder, RecordBatch,
    StringBuilder, UInt64Builder,
};
use datafusion::common::JoinType;
use datafusion::common::cast::{as_boolean_array, as_fixed_size_binary_array, as_float64_array};
use datafusion::execution::FunctionRegistry as _;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::prelude::{SessionContext, col, lit};
use parallax_core::dedup::{DedupConfig, Scheme};
use parallax_core::model::{Diagnostic, Origin};

use crate::udf::RAW_COLUMNS;
use crate::{BatchError, table, tables};

pub use parallax_core::dedup::Verdict;

/// The outcome of deduplication.
#[derive(Debug, Default)]
pub struct DedupOutcome {
    /// Each judged document's id (its own, else where it came from), in input order.
    pub ids: Vec<String>,
    /// Each judged document's verdict, in [`DedupOutcome::ids`]' order.
    pub verdicts: Vec<Verdict>,
    /// Every candidate pair (documents sharing a whole LSH band) as indexes into `ids`, `a < b`,
    /// sorted, with its estimated Jaccard.
    pub pairs: Vec<(usize, usize, f64)>,
    /// Documents that could not be judged (no text could be extracted), in input order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs deduplication over the `raw` table under `dir`, writing the `signatures`, `pairs` and
/// `dedup` tables there.
pub async fn run(
    ctx: &SessionContext,
    dir: &Path,
    config: &DedupConfig,
    clean_text: bool,
) -> Result<DedupOutcome, BatchError> {
    let banding = config.banding();
    let raw = table::read(ctx, &dir.join(tables::RAW)).await?;

    // 1. Sign.
    let mut arguments: Vec<_> = RAW_COLUMNS.iter().map(|name| col(*name)).collect();
    arguments.extend([
        lit(clean_text),
        lit(config.shingle as u64),
        lit(config.num_perm as u64),
        lit(u64::from(config.seed)),
        lit(match config.scheme {
            Scheme::Affine32 => "affine32",
            Scheme::Legacy => "legacy",
        }),
    ]);
    let sign = ctx.udf("parallax_dedup_sign")?;
    // The signing function's result is stored as one struct column and taken apart on reading:
    // projecting its fields straight away would call it once per field.
    let signed = raw.select(vec![
        col("seq"),
        col("id"),
        col("origin_path"),
        col("origin_record"),
        sign.call(arguments).alias("s"),
    ])?;
    table::write(signed, &dir.join(tables::SIGNATURES)).await?;
    let signatures = table::read(ctx, &dir.join(tables::SIGNATURES)).await?.select(vec![
        col("seq"),
        col("id"),
        col("origin_path"),
        col("origin_record"),
        get_field(col("s"), "key").alias("key"),
        get_field(col("s"), "has_words").alias("has_words"),
        get_field(col("s"), "signature").alias("signature"),
        get_field(col("s"), "error").alias("error"),
    ])?;

    // 2. Candidates: a hash join of the band keys.
    let bands_of = ctx.udf("parallax_lsh_bands")?;
    let bands = signatures
        .clone()
        .filter(col("has_words").is_true())?
        .select(vec![
            col("seq"),
            bands_of
                .call(vec![col("signature"), lit(banding.bands as u64), lit(banding.rows as u64)])
                .alias("band"),
        ])?
        .unnest_columns(&["band"])?;
    let left = bands.clone().select(vec![col("seq").alias("a"), col("band").alias("band_a")])?;
    let right = bands.select(vec![col("seq").alias("b"), col("band").alias("band_b")])?;
    let candidates = left
        .join_on(right, JoinType::Inner, [col("band_a").eq(col("band_b")), col("a").lt(col("b"))])?
        .select(vec![col("a"), col("b")])?
        .distinct()?;

    // 3. Verify.
    let jaccard = ctx.udf("parallax_minhash_jaccard")?;
    let left =
        signatures.clone().select(vec![col("seq").alias("sa"), col("signature").alias("sig_a")])?;
    let right =
        signatures.clone().select(vec![col("seq").alias("sb"), col("signature").alias("sig_b")])?;
    let pairs = candidates
        .join_on(left, JoinType::Inner, [col("a").eq(col("sa"))])?
        .join_on(right, JoinType::Inner, [col("b").eq(col("sb"))])?
        .select(vec![
            col("a"),
            col("b"),
            jaccard.call(vec![col("sig_a"), col("sig_b")]).alias("jaccard"),
        ])?
        .sort(vec![col("a").sort(true, false), col("b").sort(true, false)])?;
    table::write(pairs, &dir.join(tables::PAIRS)).await?;

    // 4. Verdicts, in the driver, from the documents' keys and the pairs.
    let documents = signatures
        .select(vec![
            col("seq"),
            col("id"),
            col("origin_path"),
            col("origin_record"),
            col("key"),
            col("has_words"),
            col("error"),
        ])?
        .sort(vec![col("seq").sort(true, false)])?
        .collect()
        .await?;
    let pairs = table::read(ctx, &dir.join(tables::PAIRS)).await?.collect().await?;
    let outcome = verdicts(&documents, &pairs, config.threshold)?;
    std::fs::create_dir_all(dir.join(tables::DEDUP))
        .map_err(|source| BatchError::io(&dir.join(tables::DEDUP), source))?;
    crate::raw::write_parquet(
        &dir.join(tables::DEDUP).join("part-00000.parquet"),
        &verdict_batch(&outcome)?,
    )?;
    Ok(outcome)
}

/// The streaming decision over the whole input: documents in `seq` order, each against the kept
/// documents before it.
fn verdicts(
    documents: &[RecordBatch],
    pairs: &[RecordBatch],
    threshold: f64,
) -> Result<DedupOutcome, BatchError> {
    let mut outcome = DedupOutcome::default();
    // Judged documents: seq → index; their keys and whether they have words.
    let mut index_of: HashMap<u64, usize> = HashMap::new();
    let mut keys: Vec<Option<u128>> = Vec::new();
    for batch in documents {
        let seq = table::uint64(batch, "seq")?;
        let id = table::strings(batch, "id")?;
        let path = table::strings(batch, "origin_path")?;
        let record = table::uint64(batch, "origin_record")?;
        let key = batch.column_by_name("key").ok_or(BatchError::Column("key"))?;
        let key: &FixedSizeBinaryArray = as_fixed_size_binary_array(key)?;
        let has_words: &BooleanArray = as_boolean_array(
            batch.column_by_name("has_words").ok_or(BatchError::Column("has_words"))?,
        )?;
        let error = table::strings(batch, "error")?;
        for row in 0..batch.num_rows() {
            let origin = Origin {
                path: if path.is_null(row) { String::new() } else { path.value(row).to_owned() },
                record: (!record.is_null(row)).then(|| record.value(row)),
            };
            if !error.is_null(row) {
                outcome.diagnostics.push(Diagnostic::error(origin, error.value(row)));
                continue;
            }
            index_of.insert(seq.value(row), outcome.ids.len());
            outcome.ids.push(if id.is_null(row) {
                origin.to_string()
            } else {
                id.value(row).to_owned()
            });
            let words = !has_words.is_null(row) && has_words.value(row);
            keys.push(
                (words && !key.is_null(row))
                    .then(|| key.value(row).try_into().map(u128::from_le_bytes).ok())
                    .flatten(),
            );
        }
    }
    // Pairs, and the neighbours each document has before it over the threshold.
    let mut earlier: Vec<Vec<(usize, f64)>> = vec![Vec::new(); outcome.ids.len()];
    for batch in pairs {
        let a = table::uint64(batch, "a")?;
        let b = table::uint64(batch, "b")?;
        let jaccard: &Float64Array = as_float64_array(
            batch.column_by_name("jaccard").ok_or(BatchError::Column("jaccard"))?,
        )?;
        for row in 0..batch.num_rows() {
            let (Some(&i), Some(&j)) = (index_of.get(&a.value(row)), index_of.get(&b.value(row)))
            else {
                continue;
            };
            let value = jaccard.value(row);
            outcome.pairs.push((i.min(j), i.max(j), value));
            if value >= threshold {
                earlier[i.max(j)].push((i.min(j), value));
            }
        }
    }
    outcome.pairs.sort_by_key(|&(a, b, _)| (a, b));
    let mut kept = vec![false; outcome.ids.len()];
    let mut exact: HashMap<u128, usize> = HashMap::new();
    for (document, key) in keys.iter().enumerate() {
        let Some(key) = key else {
            outcome.verdicts.push(Verdict::Empty);
            continue;
        };
        if let Some(&of) = exact.get(key) {
            outcome.verdicts.push(Verdict::Exact { of });
            continue;
        }
        // The closest kept document; among equals the first.
        let best = earlier[document]
            .iter()
            .filter(|(other, _)| kept[*other])
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some(&(of, jaccard)) = best {
            outcome.verdicts.push(Verdict::Near { of, jaccard });
            continue;
        }
        kept[document] = true;
        exact.insert(*key, document);
        outcome.verdicts.push(Verdict::Keep);
    }
    Ok(outcome)
}

/// The `dedup` table: one row per judged document.
fn verdict_batch(outcome: &DedupOutcome) -> Result<RecordBatch, BatchError> {
    let mut id = StringBuilder::new();
    let mut verdict = StringBuilder::new();
    let mut duplicate_of = StringBuilder::new();
    let mut jaccard = Float64Builder::new();
    let mut index = UInt64Builder::new();
    for (position, (name, judged)) in outcome.ids.iter().zip(&outcome.verdicts).enumerate() {
        index.append_value(position as u64);
        id.append_value(name);
        let (kind, of, value) = match judged {
            Verdict::Keep => ("keep", None, None),
            Verdict::Exact { of } => ("exact", Some(*of), Some(1.0)),
            Verdict::Near { of, jaccard } => ("near", Some(*of), Some(*jaccard)),
            Verdict::Empty => ("empty", None, None),
        };
        verdict.append_value(kind);
        duplicate_of.append_option(of.map(|of| outcome.ids[of].as_str()));
        jaccard.append_option(value);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("index", std::sync::Arc::new(index.finish())),
        ("id", std::sync::Arc::new(id.finish())),
        ("verdict", std::sync::Arc::new(verdict.finish())),
        ("duplicate_of", std::sync::Arc::new(duplicate_of.finish())),
        ("jaccard", std::sync::Arc::new(jaccard.finish())),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}
