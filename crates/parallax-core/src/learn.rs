//! Small learned parts: a logistic model over a fixed list of named features, fitted in Rust
//! and shipped as a text file of weights.
//!
//! Fitting is Newton's method on the L2-penalised log loss, in a fixed order on one thread, so
//! the same rows give the same weights bit for bit; the weights file prints every value in
//! Rust's shortest round-trip form. The brief's statement matcher and story grouping's pair
//! model are such models.

/// A fitted logistic model over `N` features.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic<const N: usize> {
    /// One weight per feature.
    pub weights: [f64; N],
    /// The intercept.
    pub bias: f64,
}

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model weights, line {line}: {reason}")]
pub struct WeightsError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl<const N: usize> Logistic<N> {
    /// The probability, in `(0, 1)`, of the positive class for these features.
    pub fn probability(&self, features: &[f64; N]) -> f64 {
        let z: f64 = self.bias + self.weights.iter().zip(features).map(|(w, x)| w * x).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits a model on labelled rows with an L2 penalty of `l2` on the
    /// weights (not the intercept). Deterministic: the same rows in the same order give the
    /// same weights.
    // Matrix code reads best with indices.
    #[allow(clippy::needless_range_loop)]
    pub fn fit(rows: &[([f64; N], bool)], l2: f64) -> Logistic<N> {
        let mut theta = vec![0.0f64; N + 1];
        for _ in 0..50 {
            let mut gradient = vec![0.0f64; N + 1];
            let mut hessian = vec![vec![0.0f64; N + 1]; N + 1];
            for (features, label) in rows {
                let mut x = vec![0.0f64; N + 1];
                x[..N].copy_from_slice(features);
                x[N] = 1.0;
                let z: f64 = theta.iter().zip(&x).map(|(t, v)| t * v).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let y = if *label { 1.0 } else { 0.0 };
                let w = (p * (1.0 - p)).max(1e-12);
                for i in 0..=N {
                    gradient[i] += (p - y) * x[i];
                    for j in 0..=N {
                        hessian[i][j] += w * x[i] * x[j];
                    }
                }
            }
            for i in 0..N {
                gradient[i] += l2 * theta[i];
                hessian[i][i] += l2;
            }
            hessian[N][N] += 1e-9;
            let Some(step) = solve(hessian, gradient) else { break };
            let mut largest = 0.0f64;
            for i in 0..=N {
                theta[i] -= step[i];
                largest = largest.max(step[i].abs());
            }
            if largest < 1e-10 {
                break;
            }
        }
        let mut weights = [0.0; N];
        weights.copy_from_slice(&theta[..N]);
        Logistic { weights, bias: theta[N] }
    }

    /// The weights file: `header`, `bias`, then one `name value` line per feature.
    pub fn to_text(&self, header: &str, names: &[&str; N]) -> String {
        let mut text = format!("{header}\nbias {}\n", self.bias);
        for (name, weight) in names.iter().zip(&self.weights) {
            text.push_str(&format!("{name} {weight}\n"));
        }
        text
    }

    /// Reads a weights file written by [`Logistic::to_text`] with the same header and names.
    pub fn from_text(text: &str, header: &str, names: &[&str; N]) -> Result<Self, WeightsError> {
        let mut lines = text.lines().enumerate();
        let error = |line: usize, reason: String| WeightsError { line: line + 1, reason };
        match lines.next() {
            Some((_, first)) if first == header => {}
            _ => return Err(error(0, format!("expected `{header}`"))),
        }
        let mut value = |name: &str| -> Result<f64, WeightsError> {
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
        let mut weights = [0.0; N];
        for (weight, name) in weights.iter_mut().zip(names) {
            *weight = value(name)?;
        }
        Ok(Logistic { weights, bias })
    }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting (`None` when singular).
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for column in 0..n {
        let pivot =
            (column..n).max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))?;
        if a[pivot][column].abs() < 1e-15 {
            return None;
        }
        a.swap(column, pivot);
        b.swap(column, pivot);
        for row in column + 1..n {
            let factor = a[row][column] / a[column][column];
            if factor == 0.0 {
                continue;
            }
            for k in column..n {
                a[row][k] -= factor * a[column][k];
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_separates_and_is_deterministic() {
        // Positives have a high first feature, negatives a low one; noise on the second.
        let rows: Vec<([f64; 2], bool)> = (0..200)
            .map(|i| {
                let positive = i % 4 == 0;
                let first =
                    if positive { 0.5 + f64::from(i % 7) / 20.0 } else { f64::from(i % 9) / 30.0 };
                ([first, f64::from(i % 5) / 5.0], positive)
            })
            .collect();
        let a = Logistic::fit(&rows, 1.0);
        let b = Logistic::fit(&rows, 1.0);
        assert_eq!(a.to_text("h", &["x", "y"]), b.to_text("h", &["x", "y"]));
        assert!(a.weights[0] > 1.0, "{a:?}");
        assert!(a.probability(&[0.8, 0.0]) > 0.5 && a.probability(&[0.05, 0.0]) < 0.2);
    }

    #[test]
    fn weights_files_round_trip_and_bad_ones_are_refused_with_the_line() {
        let model = Logistic { weights: [0.1, -2.5], bias: 1.0 / 3.0 };
        let text = model.to_text("h/v1", &["x", "y"]);
        assert_eq!(Logistic::from_text(&text, "h/v1", &["x", "y"]), Ok(model));
        assert_eq!(Logistic::<2>::from_text("nope", "h/v1", &["x", "y"]).unwrap_err().line, 1);
        let error = Logistic::<2>::from_text("h/v1\nbias x\n", "h/v1", &["x", "y"]).unwrap_err();
        assert_eq!(error.line, 2);
        let error = Logistic::<2>::from_text("h/v1\nbias 1\nz 2\n", "h/v1", &["x", "y"]);
        assert_eq!(error.unwrap_err().line, 3);
    }

    #[test]
    fn solve_small_system() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0]).is_none());
    }
}
