//! Quantities. Filled in by the numbers work.
