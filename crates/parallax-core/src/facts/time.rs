//! Temporal expressions. Filled in by the time work.
