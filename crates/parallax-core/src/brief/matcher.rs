//! The learned statement matcher: a logistic model ([`Logistic`]) over the pair features of
//! [`FEATURES`], fitted on the hand-annotated claims gold
//! (`eval/claims/`, `parallax train matcher`). Two fits ship: one for briefs with sentence
//! vectors (the model ran) and one without (`--no-model`), where the vector features are zero.

use std::sync::OnceLock;

use super::group::{FEATURE_COUNT, FEATURES};
use crate::learn::{Logistic, WeightsError};

/// A fitted matcher: the probability that two statements state one fact.
pub type Matcher = Logistic<FEATURE_COUNT>;

/// Why a matcher file could not be read.
pub type MatcherError = WeightsError;

/// The header line of a matcher file.
const HEADER: &str = "parallax.matcher/v1";

/// The weights file of a matcher.
pub fn to_text(matcher: &Matcher) -> String {
    matcher.to_text(HEADER, &FEATURES)
}

/// Reads a weights file written by [`to_text`].
pub fn from_text(text: &str) -> Result<Matcher, MatcherError> {
    Matcher::from_text(text, HEADER, &FEATURES)
}

/// The built-in matcher for briefs with sentence vectors (`model`) or without.
pub fn builtin(model: bool) -> &'static Matcher {
    static LEXICAL: OnceLock<Matcher> = OnceLock::new();
    static MODEL: OnceLock<Matcher> = OnceLock::new();
    let (cell, text) = if model {
        (&MODEL, include_str!("matcher_model.txt"))
    } else {
        (&LEXICAL, include_str!("matcher_lexical.txt"))
    };
    // The files are checked by a unit test; a broken one falls back to plain word overlap.
    cell.get_or_init(|| from_text(text).unwrap_or_else(|_| overlap()))
}

/// A matcher that weighs word overlap alone (the fallback).
fn overlap() -> Matcher {
    let mut weights = [0.0; FEATURE_COUNT];
    weights[0] = 10.0;
    Matcher { weights, bias: -5.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_weights_parse() {
        for model in [false, true] {
            let text = if model {
                include_str!("matcher_model.txt")
            } else {
                include_str!("matcher_lexical.txt")
            };
            let matcher = from_text(text).expect("the shipped weights parse");
            assert_eq!(from_text(&to_text(&matcher)).as_ref(), Ok(&matcher));
            assert_eq!(builtin(model), &matcher);
        }
    }
}
