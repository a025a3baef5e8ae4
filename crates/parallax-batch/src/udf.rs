//! Parallax's kernels as DataFusion scalar functions.
//!
//! Each function is a thin Arrow wrapper around a pure kernel of `parallax-core`; the settings
//! travel as literal arguments, so a function is known by its name alone and registers the same
//! way in an embedded session, a cluster's scheduler and every executor. Rows of one batch are
//! worked on in parallel (rayon): one Parquet part is one partition, and a small input has few.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BinaryBuilder, BooleanBuilder, FixedSizeBinaryBuilder, Float64Builder,
    ListArray, ListBuilder, StringArray, StringBuilder, StructArray, UInt32Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::cast::{as_list_array, as_string_array, as_uint32_array};
use datafusion::common::{DataFusionError, Result, ScalarValue, exec_err};
use datafusion::execution::FunctionRegistry;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use parallax_core::clean::{CleanConfig, clean};
use parallax_core::dedup::{MinHasher, Scheme, exact_key};
use parallax_core::model::{Body, Origin, RawDocument};
use rayon::prelude::*;

/// Registers every Parallax function with `registry` (a session, or an executor's registry).
pub fn register(registry: &mut dyn FunctionRegistry) -> Result<()> {
    for function in functions() {
        registry.register_udf(Arc::new(function))?;
    }
    Ok(())
}

/// Every Parallax function.
pub fn functions() -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::from(DedupSign::new()),
        ScalarUDF::from(LshBands::new()),
        ScalarUDF::from(MinhashJaccard::new()),
        ScalarUDF::from(crate::articles::LineKeys::new()),
        ScalarUDF::from(crate::articles::PackLineCount::new()),
        ScalarUDF::from(crate::articles::Clean::new()),
    ]
}

/// The raw columns a document is rebuilt from, in this order, as the first arguments of
/// [`DedupSign`].
pub const RAW_COLUMNS: [&str; 9] =
    ["origin_path", "origin_record", "id", "url", "outlet", "title", "date", "format", "body"];

/// The fields of [`DedupSign`]'s result.
pub fn sign_fields() -> Fields {
    Fields::from(vec![
        Field::new("key", DataType::FixedSizeBinary(16), true),
        Field::new("has_words", DataType::Boolean, true),
        Field::new("signature", signature_type(), true),
        Field::new("error", DataType::Utf8, true),
    ])
}

/// A MinHash signature: a list of 32-bit hash values.
pub fn signature_type() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::UInt32, true)))
}

/// A document's exact key, whether it has words, and its MinHash signature.
type Signed = (u128, bool, Vec<u32>);

/// Declares a kernel function's type: a unit of settings-free state whose signature takes
/// `$arity` arguments of any type (each function checks its own), with `new` and `Default`.
/// The doc comment inside the call documents the type.
macro_rules! kernel_function {
    ($(#[$meta:meta])* $name:ident, $arity:expr) => {
        $(#[$meta])*
        #[derive(Debug, PartialEq, Eq, Hash)]
        pub struct $name {
            signature: Signature,
        }

        impl $name {
            /// The function.
            pub fn new() -> $name {
                $name { signature: Signature::any($arity, Volatility::Immutable) }
            }
        }

        impl Default for $name {
            fn default() -> $name {
                $name::new()
            }
        }
    };
}
pub(crate) use kernel_function;

kernel_function!(
    /// `parallax_dedup_sign(<raw columns>, clean, shingle, num_perm, seed, scheme)`: the text a
    /// document is deduplicated on (plain text as it is unless `clean`; HTML always extracted), as
    /// `parallax dedup` takes it, and its exact key, whether it has words, and its MinHash
    /// signature; or the reason it has no text (`error`).
    DedupSign, RAW_COLUMNS.len() + 5
);

impl ScalarUDFImpl for DedupSign {
    fn name(&self) -> &str {
        "parallax_dedup_sign"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(sign_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let (raw_args, settings) = args.args.split_at(RAW_COLUMNS.len());
        let documents = documents(raw_args, rows)?;
        let clean_text = scalar_bool(&settings[0], "clean")?;
        let shingle = scalar_u64(&settings[1], "shingle")? as usize;
        let num_perm = scalar_u64(&settings[2], "num_perm")? as usize;
        let seed = u32::try_from(scalar_u64(&settings[3], "seed")?).unwrap_or(u32::MAX);
        let scheme = match scalar_string(&settings[4], "scheme")?.as_str() {
            "legacy" => Scheme::Legacy,
            _ => Scheme::Affine32,
        };
        let hasher = MinHasher::new(shingle.max(1), num_perm.max(1), seed, scheme);
        let config = CleanConfig::default();
        let signed: Vec<Result<Signed, String>> = documents
            .par_iter()
            .map(|document| {
                let text = match &document.body {
                    Body::Text(text) if !clean_text => text.clone(),
                    _ => match clean(document, None, &config) {
                        Ok((article, _)) => article.text,
                        Err(diagnostic) => return Err(diagnostic.message),
                    },
                };
                Ok((
                    exact_key(&text),
                    text.chars().any(char::is_alphanumeric),
                    hasher.signature(&text).0,
                ))
            })
            .collect();
        let mut keys = FixedSizeBinaryBuilder::with_capacity(rows, 16);
        let mut has_words = BooleanBuilder::with_capacity(rows);
        let mut signatures = ListBuilder::new(UInt32Builder::new());
        let mut errors = StringBuilder::new();
        for result in signed {
            match result {
                Ok((key, words, signature)) => {
                    keys.append_value(key.to_le_bytes())?;
                    has_words.append_value(words);
                    signatures.values().append_slice(&signature);
                    signatures.append(true);
                    errors.append_null();
                }
                Err(message) => {
                    keys.append_null();
                    has_words.append_null();
                    signatures.append_null();
                    errors.append_value(message);
                }
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(keys.finish()),
            Arc::new(has_words.finish()),
            Arc::new(signatures.finish()),
            Arc::new(errors.finish()),
        ];
        Ok(ColumnarValue::Array(Arc::new(StructArray::try_new(sign_fields(), columns, None)?)))
    }
}

kernel_function!(
    /// `parallax_lsh_bands(signature, bands, rows)`: the signature's LSH band keys, one per band:
    /// the band's number then its values, little-endian. Two signatures share a key exactly when
    /// they agree on a whole band (as `LshIndex` decides: the values, not a hash of them).
    LshBands, 3
);

impl ScalarUDFImpl for LshBands {
    fn name(&self) -> &str {
        "parallax_lsh_bands"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new_list_field(DataType::Binary, true))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let signatures = args.args[0].to_array(args.number_rows)?;
        let signatures = as_list_array(&signatures)?;
        let bands = scalar_u64(&args.args[1], "bands")? as usize;
        let rows = scalar_u64(&args.args[2], "rows")? as usize;
        let mut out = ListBuilder::new(BinaryBuilder::new());
        for index in 0..signatures.len() {
            if signatures.is_null(index) {
                out.append_null();
                continue;
            }
            let values = signatures.value(index);
            let values = as_uint32_array(&values)?.values();
            for band in 0..bands {
                // As `LshIndex::band`: a band past the signature's end is empty.
                let start = (band * rows).min(values.len());
                let end = (start + rows).min(values.len());
                let mut key = Vec::with_capacity(4 + 4 * (end - start));
                key.extend_from_slice(&u32::try_from(band).unwrap_or(u32::MAX).to_le_bytes());
                for value in &values[start..end] {
                    key.extend_from_slice(&value.to_le_bytes());
                }
                out.values().append_value(key);
            }
            out.append(true);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

kernel_function!(
    /// `parallax_minhash_jaccard(a, b)`: the Jaccard similarity two MinHash signatures estimate
    /// (`Signature::jaccard`).
    MinhashJaccard, 2
);

impl ScalarUDFImpl for MinhashJaccard {
    fn name(&self) -> &str {
        "parallax_minhash_jaccard"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let left = args.args[0].to_array(args.number_rows)?;
        let right = args.args[1].to_array(args.number_rows)?;
        let (left, right) = (as_list_array(&left)?, as_list_array(&right)?);
        let mut out = Float64Builder::with_capacity(left.len());
        for index in 0..left.len() {
            if left.is_null(index) || right.is_null(index) {
                out.append_null();
                continue;
            }
            let a = parallax_core::dedup::Signature(list_values(left, index)?);
            let b = parallax_core::dedup::Signature(list_values(right, index)?);
            out.append_value(a.jaccard(&b));
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

fn list_values(list: &ListArray, index: usize) -> Result<Vec<u32>> {
    let values = list.value(index);
    Ok(as_uint32_array(&values)?.values().to_vec())
}

/// The documents of the raw columns ([`RAW_COLUMNS`]) of one batch.
pub(crate) fn documents(args: &[ColumnarValue], rows: usize) -> Result<Vec<RawDocument>> {
    let strings: Vec<StringArray> =
        args.iter().map(|arg| strings(arg, rows)).collect::<Result<_>>()?;
    let records = args[1].to_array(rows)?;
    let records = cast(&records, &DataType::UInt64)?;
    let records = datafusion::common::cast::as_uint64_array(&records)?;
    let text = |column: usize, row: usize| -> Option<String> {
        let array = &strings[column];
        (!array.is_null(row)).then(|| array.value(row).to_owned())
    };
    (0..rows)
        .map(|row| {
            let origin = Origin {
                path: text(0, row).unwrap_or_default(),
                record: (!records.is_null(row)).then(|| records.value(row)),
            };
            let body = text(8, row).unwrap_or_default();
            let body = match strings[7].value(row) {
                "html" => Body::Html(body),
                _ => Body::Text(body),
            };
            Ok(RawDocument {
                origin,
                id: text(2, row),
                url: text(3, row),
                outlet: text(4, row),
                title: text(5, row),
                date: text(6, row),
                body,
            })
        })
        .collect()
}

/// An argument as a string array (Parquet's strings may come as views; an integer column is
/// cast too, harmlessly).
fn strings(arg: &ColumnarValue, rows: usize) -> Result<StringArray> {
    let array = arg.to_array(rows)?;
    let array = cast(&array, &DataType::Utf8)?;
    Ok(as_string_array(&array)?.clone())
}

fn scalar_u64(value: &ColumnarValue, name: &str) -> Result<u64> {
    match value {
        ColumnarValue::Scalar(scalar) => match scalar.cast_to(&DataType::UInt64)? {
            ScalarValue::UInt64(Some(value)) => Ok(value),
            other => exec_err!("{name}: expected an integer literal, got {other}"),
        },
        ColumnarValue::Array(_) => exec_err!("{name}: expected a literal"),
    }
}

fn scalar_bool(value: &ColumnarValue, name: &str) -> Result<bool> {
    match value {
        ColumnarValue::Scalar(ScalarValue::Boolean(Some(value))) => Ok(*value),
        _ => exec_err!("{name}: expected a boolean literal"),
    }
}

pub(crate) fn scalar_string(value: &ColumnarValue, name: &str) -> Result<String> {
    match value {
        ColumnarValue::Scalar(scalar) => match scalar.cast_to(&DataType::Utf8)? {
            ScalarValue::Utf8(Some(value)) => Ok(value),
            other => exec_err!("{name}: expected a string literal, got {other}"),
        },
        ColumnarValue::Array(_) => {
            Err(DataFusionError::Execution(format!("{name}: expected a literal")))
        }
    }
}
