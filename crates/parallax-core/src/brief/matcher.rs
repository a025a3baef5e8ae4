//! The learned statement matcher: a logistic model over the pair features of
//! [`FEATURES`](super::FEATURES), fitted on the hand-annotated claims gold
//! (`eval/claims/`, `parallax train matcher`). Two fits ship: one for briefs with sentence
//! vectors (the model ran) and one without (`--no-model`), where the vector features are zero.
//!
//! Fitting is Newton's method on the L2-penalised log loss, in a fixed order on one thread, so
//! the same pairs give the same weights bit for bit; the weights file prints every value in
//! Rust's shortest round-trip form.

use std::sync::OnceLock;

use super::group::{FEATURE_COUNT, FEATURES};

/// A fitted matcher: the probability that two statements state one fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    /// One weight per feature, in [`FEATURES`] order.
    pub weights: [f64; FEATURE_COUNT],
    /// The intercept.
    pub bias: f64,
}

/// Why a matcher file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("matcher weights, line {line}: {reason}")]
pub struct MatcherError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// The header line of a matcher file.
const HEADER: &str = "parallax.matcher/v1";

impl Matcher {
    /// The probability, in `(0, 1)`, that a pair with these features states one fact.
    pub fn probability(&self, features: &[f64; FEATURE_COUNT]) -> f64 {
        let z: f64 = self.bias + self.weights.iter().zip(features).map(|(w, x)| w * x).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits a matcher on labelled pairs (`true`: one fact) with an L2 penalty of `l2` on the
    /// weights (not the intercept). Deterministic: the same rows in the same order give the
    /// same weights.
    // Matrix code reads best with indices.
    #[allow(clippy::needless_range_loop)]
    pub fn fit(rows: &[([f64; FEATURE_COUNT], bool)], l2: f64) -> Matcher {
        const N: usize = FEATURE_COUNT + 1;
        let mut theta = [0.0f64; N];
        for _ in 0..50 {
            let mut gradient = [0.0f64; N];
            let mut hessian = [[0.0f64; N]; N];
            for (features, label) in rows {
                let mut x = [0.0f64; N];
                x[..FEATURE_COUNT].copy_from_slice(features);
                x[FEATURE_COUNT] = 1.0;
                let z: f64 = theta.iter().zip(&x).map(|(t, v)| t * v).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let y = if *label { 1.0 } else { 0.0 };
                let w = (p * (1.0 - p)).max(1e-12);
                for i in 0..N {
                    gradient[i] += (p - y) * x[i];
                    for j in 0..N {
                        hessian[i][j] += w * x[i] * x[j];
                    }
                }
            }
            for i in 0..FEATURE_COUNT {
                gradient[i] += l2 * theta[i];
                hessian[i][i] += l2;
            }
            hessian[FEATURE_COUNT][FEATURE_COUNT] += 1e-9;
            let Some(step) = solve(hessian, gradient) else { break };
            let mut largest = 0.0f64;
            for i in 0..N {
                theta[i] -= step[i];
                largest = largest.max(step[i].abs());
            }
            if largest < 1e-10 {
                break;
            }
        }
        let mut weights = [0.0; FEATURE_COUNT];
        weights.copy_from_slice(&theta[..FEATURE_COUNT]);
        Matcher { weights, bias: theta[FEATURE_COUNT] }
    }

    /// The weights file: a header, `bias`, then one `name value` line per feature.
    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\nbias {}\n", self.bias);
        for (name, weight) in FEATURES.iter().zip(&self.weights) {
            text.push_str(&format!("{name} {weight}\n"));
        }
        text
    }

    /// Reads a weights file written by [`Matcher::to_text`].
    pub fn from_text(text: &str) -> Result<Matcher, MatcherError> {
        let mut lines = text.lines().enumerate();
        let error = |line: usize, reason: String| MatcherError { line: line + 1, reason };
        match lines.next() {
            Some((_, HEADER)) => {}
            _ => return Err(error(0, format!("expected `{HEADER}`"))),
        }
        let mut value = |name: &str| -> Result<f64, MatcherError> {
            let (at, line) =
                lines.next().ok_or_else(|| error(usize::MAX - 1, "ends early".into()))?;
            let (key, number) = line
                .split_once(' ')
                .ok_or_else(|| error(at, format!("expected `{name} VALUE`")))?;
            if key != name {
                return Err(error(at, format!("expected `{name}`, found `{key}`")));
            }
            number.parse().map_err(|_| error(at, format!("`{number}` is not a number")))
        };
        let bias = value("bias")?;
        let mut weights = [0.0; FEATURE_COUNT];
        for (weight, name) in weights.iter_mut().zip(FEATURES) {
            *weight = value(name)?;
        }
        Ok(Matcher { weights, bias })
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
        cell.get_or_init(|| Matcher::from_text(text).unwrap_or_else(|_| Matcher::overlap()))
    }

    /// A matcher that weighs word overlap alone (the fallback).
    fn overlap() -> Matcher {
        let mut weights = [0.0; FEATURE_COUNT];
        weights[0] = 10.0;
        Matcher { weights, bias: -5.0 }
    }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting (`None` when singular).
#[allow(clippy::needless_range_loop)]
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for column in 0..N {
        let pivot =
            (column..N).max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))?;
        if a[pivot][column].abs() < 1e-15 {
            return None;
        }
        a.swap(column, pivot);
        b.swap(column, pivot);
        for row in column + 1..N {
            let factor = a[row][column] / a[column][column];
            if factor == 0.0 {
                continue;
            }
            for k in column..N {
                a[row][k] -= factor * a[column][k];
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = [0.0; N];
    for row in (0..N).rev() {
        let tail: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
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
            let matcher = Matcher::from_text(text).expect("the shipped weights parse");
            assert_eq!(Matcher::from_text(&matcher.to_text()).as_ref(), Ok(&matcher));
        }
    }

    #[test]
    fn fit_separates_and_is_deterministic() {
        // Positives have high overlap, negatives low; a little noise on other features.
        let mut rows = Vec::new();
        for i in 0..200 {
            let mut x = [0.0; FEATURE_COUNT];
            let positive = i % 4 == 0;
            x[0] = if positive { 0.5 + f64::from(i % 7) / 20.0 } else { f64::from(i % 9) / 30.0 };
            x[1] = f64::from(i % 5) / 5.0;
            rows.push((x, positive));
        }
        let a = Matcher::fit(&rows, 1.0);
        let b = Matcher::fit(&rows, 1.0);
        assert_eq!(a.to_text(), b.to_text());
        assert!(a.weights[0] > 1.0, "{a:?}");
        let mut high = [0.0; FEATURE_COUNT];
        high[0] = 0.8;
        let mut low = [0.0; FEATURE_COUNT];
        low[0] = 0.05;
        assert!(a.probability(&high) > 0.5 && a.probability(&low) < 0.2);
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        assert_eq!(Matcher::from_text("nope").unwrap_err().line, 1);
        let error = Matcher::from_text(&format!("{HEADER}\nbias x\n")).unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn solve_small_system() {
        let x = solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0]).is_none());
    }
}
