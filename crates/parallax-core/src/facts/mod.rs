//! Who, what, when: the facts an article states, found with rules and gazetteers (no model).
//!
//! Each submodule reads an article's clean text (byte [`Span`](crate::model::Span)s into it)
//! and returns what it found, in text order:
//!
//! - [`quotes`]: attributions: who (source) said (cue) what (content), direct and reported.
//! - [`time`]: temporal expressions normalised to dates or ranges with a precision, resolved
//!   against the publication date when there is one.
//! - [`numbers`]: quantities with their unit and what they count, normalised where a unit
//!   allows.
//!
//! Every function here is pure and total: any text in, no panic, output in text order.

mod lex;
pub mod numbers;
pub mod quotes;
pub mod time;
