//! Tables: folders of Parquet files under the output folder, and typed access to their columns.

use std::path::Path;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray, UInt64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::cast::{as_string_array, as_uint64_array};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{DataFrame, ParquetReadOptions, SessionContext};

use crate::BatchError;

/// Reads a table (a folder of Parquet files).
pub(crate) async fn read(ctx: &SessionContext, path: &Path) -> Result<DataFrame, BatchError> {
    Ok(ctx.read_parquet(path_str(path)?, ParquetReadOptions::default()).await?)
}

/// Writes a table (a folder of Parquet files; always a folder, even for one part or none).
pub(crate) async fn write(frame: DataFrame, path: &Path) -> Result<(), BatchError> {
    let schema = std::sync::Arc::new(frame.schema().as_arrow().clone());
    std::fs::create_dir_all(path).map_err(|source| BatchError::io(path, source))?;
    let folder = format!("{}/", path_str(path)?.trim_end_matches('/'));
    frame.write_parquet(&folder, DataFrameWriteOptions::new(), None).await?;
    // No rows, no file: an empty part keeps the table readable, with its columns.
    let parts = std::fs::read_dir(path).map_err(|source| BatchError::io(path, source))?.count();
    if parts == 0 {
        crate::raw::write_parquet(
            &path.join("part-00000.parquet"),
            &RecordBatch::new_empty(schema),
        )?;
    }
    Ok(())
}

fn path_str(path: &Path) -> Result<&str, BatchError> {
    path.to_str().ok_or_else(|| BatchError::Path(path.display().to_string()))
}

/// A batch's column `name`.
pub(crate) fn column<'a>(
    batch: &'a RecordBatch,
    name: &'static str,
) -> Result<&'a ArrayRef, BatchError> {
    batch.column_by_name(name).ok_or(BatchError::Column(name))
}

/// A batch's column `name` as strings.
pub(crate) fn strings(batch: &RecordBatch, name: &'static str) -> Result<StringArray, BatchError> {
    let array = cast(column(batch, name)?, &DataType::Utf8)?;
    Ok(as_string_array(&array)?.clone())
}

/// A batch's column `name` as unsigned integers.
pub(crate) fn uint64(batch: &RecordBatch, name: &'static str) -> Result<UInt64Array, BatchError> {
    let array = cast(column(batch, name)?, &DataType::UInt64)?;
    Ok(as_uint64_array(&array)?.clone())
}
