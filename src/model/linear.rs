//! The fitted logistic model, evaluated on sparse rows: class scores `z = x·W + b`, read
//! by its [`Head`] — flat, `P(k | x) = softmax(z)_k`, or two-step, where one label (`NONE`)
//! is a decision of its own, `P(NONE | x) = σ(z_NONE)`, and the other labels share the
//! rest, `P(k | x) = (1 − σ(z_NONE)) · softmax(z_sides)_k` — and the training objective
//! each of its softmax fits minimises:
//!
//! `f(W, b) = Σᵢ sᵢ · CEᵢ + α/2 · ‖W‖²` (intercept not penalised; `sᵢ` are sample weights),
//!
//! which is linfa-logistic's objective (with all `sᵢ = 1`) and scikit-learn's with
//! `C = 1/α`.

use ndarray::{Array1, Array2};

use crate::vectorize::SparseRow;

/// Weights (features × classes), intercepts (classes) and how the class scores become
/// probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// Row j holds feature j's weight for each class.
    pub weights: Array2<f64>,
    /// One intercept per class.
    pub intercept: Array1<f64>,
    /// How the scores are read.
    pub head: Head,
}

/// How class scores become probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Head {
    /// One softmax over all classes.
    #[default]
    Flat,
    /// Two decisions: the score of class `none` is the logit of that class against all
    /// others (is the text about the target and does it take a side?); the other classes
    /// share the rest by a softmax of their scores (which side?).
    TwoStep {
        /// The class decided first.
        none: usize,
    },
}

impl Head {
    /// Turns class scores into probabilities, in place.
    pub fn probabilities(self, z: &mut [f64]) {
        match self {
            Head::Flat => softmax_in_place(z),
            Head::TwoStep { none } => {
                let p_none = sigmoid(z[none]);
                z[none] = f64::NEG_INFINITY;
                softmax_in_place(z);
                for v in z.iter_mut() {
                    *v *= 1.0 - p_none;
                }
                z[none] = p_none;
            }
        }
    }
}

/// The logistic function, stably.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl LinearModel {
    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.intercept.len()
    }

    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.weights.nrows()
    }

    /// Writes the class scores `x·W + b` of `row` into `out`.
    pub fn decision(&self, row: &SparseRow, out: &mut [f64]) {
        out.copy_from_slice(self.intercept.as_slice().expect("contiguous intercept"));
        let k = out.len();
        let w = self.weights.as_slice().expect("standard-layout weights");
        for (&j, &v) in row.indices.iter().zip(&row.values) {
            let wj = &w[j as usize * k..j as usize * k + k];
            for (o, &wjk) in out.iter_mut().zip(wj) {
                *o += v * wjk;
            }
        }
    }

    /// Class probabilities of `row`, written into `out`.
    pub fn predict_proba_into(&self, row: &SparseRow, out: &mut [f64]) {
        self.decision(row, out);
        self.head.probabilities(out);
    }

    /// Class probabilities of `row`.
    pub fn predict_proba(&self, row: &SparseRow) -> Vec<f64> {
        let mut out = vec![0.0; self.n_classes()];
        self.predict_proba_into(row, &mut out);
        out
    }
}

/// Replaces scores with their softmax, stably.
pub fn softmax_in_place(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// Value and gradient of the training objective at a model.
#[derive(Debug, Clone)]
pub struct Objective {
    /// `Σ sᵢ CEᵢ + α/2 ‖W‖²`.
    pub value: f64,
    /// `Σ sᵢ CEᵢ / Σ sᵢ`: the weighted mean cross-entropy.
    pub mean_loss: f64,
    /// Gradient with respect to W (features × classes).
    pub grad_weights: Array2<f64>,
    /// Gradient with respect to b.
    pub grad_intercept: Array1<f64>,
}

impl Objective {
    /// Largest absolute gradient entry.
    pub fn max_abs_gradient(&self) -> f64 {
        self.grad_weights
            .iter()
            .chain(self.grad_intercept.iter())
            .fold(0.0f64, |m, g| m.max(g.abs()))
    }
}

/// Computes the objective and its gradient on `rows` with class indices `y` and sample
/// weights `s`.
pub fn objective(
    model: &LinearModel,
    rows: &[SparseRow],
    y: &[usize],
    s: &[f64],
    alpha: f64,
) -> Objective {
    let k = model.n_classes();
    let w = model.weights.as_slice().expect("standard layout");
    let b = model.intercept.as_slice().expect("contiguous");
    let mut grad = vec![0.0; w.len() + k];
    let (value, loss) = objective_into(w, b, rows, y, s, alpha, &mut grad);
    let grad_intercept = Array1::from(grad.split_off(w.len()));
    Objective {
        value,
        mean_loss: loss / s.iter().sum::<f64>(),
        grad_weights: Array2::from_shape_vec(model.weights.raw_dim(), grad).expect("shape"),
        grad_intercept,
    }
}

/// The objective on raw parameters: `w` is features × classes row-major, `b` the
/// intercepts; the gradient (W's entries, then b's) is *added* into `grad`. Returns the
/// objective and the weighted cross-entropy sum.
pub fn objective_into(
    w: &[f64],
    b: &[f64],
    rows: &[SparseRow],
    y: &[usize],
    s: &[f64],
    alpha: f64,
    grad: &mut [f64],
) -> (f64, f64) {
    let k = b.len();
    let (gw, gb) = grad.split_at_mut(w.len());
    // Two and three classes (sentiment pairs, stance) get the loops unrolled over a
    // fixed-size array; the arithmetic, and so the result, is the same as the general loop.
    let loss = match k {
        2 => cross_entropy_fixed::<2>(w, b, rows, y, s, gw, gb),
        3 => cross_entropy_fixed::<3>(w, b, rows, y, s, gw, gb),
        _ => cross_entropy(w, b, rows, y, s, gw, gb),
    };
    let mut penalty = 0.0;
    for (g, &wv) in gw.iter_mut().zip(w) {
        *g += alpha * wv;
        penalty += wv * wv;
    }
    (loss + 0.5 * alpha * penalty, loss)
}

/// The weighted cross-entropy sum of [`objective_into`], its gradient added into `gw`
/// (weights) and `gb` (intercepts), for any number of classes.
fn cross_entropy(
    w: &[f64],
    b: &[f64],
    rows: &[SparseRow],
    y: &[usize],
    s: &[f64],
    gw: &mut [f64],
    gb: &mut [f64],
) -> f64 {
    let k = b.len();
    let mut loss = 0.0;
    let mut p = vec![0.0; k];
    for ((row, &yi), &si) in rows.iter().zip(y).zip(s) {
        p.copy_from_slice(b);
        for (&j, &x) in row.indices.iter().zip(&row.values) {
            let wj = &w[j as usize * k..j as usize * k + k];
            for (pc, &wjc) in p.iter_mut().zip(wj) {
                *pc += x * wjc;
            }
        }
        loss += si * residuals(&mut p, yi, si, gb);
        for (&j, &x) in row.indices.iter().zip(&row.values) {
            let g = &mut gw[j as usize * k..j as usize * k + k];
            for (gc, &dc) in g.iter_mut().zip(&p) {
                *gc += x * dc;
            }
        }
    }
    loss
}

/// [`cross_entropy`] for exactly `K` classes.
fn cross_entropy_fixed<const K: usize>(
    w: &[f64],
    b: &[f64],
    rows: &[SparseRow],
    y: &[usize],
    s: &[f64],
    gw: &mut [f64],
    gb: &mut [f64],
) -> f64 {
    let b: [f64; K] = b.try_into().expect("K intercepts");
    let mut loss = 0.0;
    for ((row, &yi), &si) in rows.iter().zip(y).zip(s) {
        let mut p = b;
        for (&j, &x) in row.indices.iter().zip(&row.values) {
            let o = j as usize * K;
            let wj: &[f64; K] = w[o..o + K].try_into().expect("K weights");
            for c in 0..K {
                p[c] += x * wj[c];
            }
        }
        loss += si * residuals(&mut p, yi, si, gb);
        for (&j, &x) in row.indices.iter().zip(&row.values) {
            let o = j as usize * K;
            let g: &mut [f64; K] = (&mut gw[o..o + K]).try_into().expect("K gradients");
            for c in 0..K {
                g[c] += x * p[c];
            }
        }
    }
    loss
}

/// Turns the logits `p` of one row of class `yi` and weight `si` into the gradient's
/// residuals `si (softmax(p) − onehot(yi))`, adds them into `gb`, and returns the row's
/// cross-entropy `logsumexp(p) − p[yi]`.
#[inline(always)]
fn residuals(p: &mut [f64], yi: usize, si: f64, gb: &mut [f64]) -> f64 {
    let max = p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = max + p.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
    let ce = lse - p[yi];
    for (c, v) in p.iter_mut().enumerate() {
        *v = si * ((*v - lse).exp() - if c == yi { 1.0 } else { 0.0 });
        gb[c] += *v;
    }
    ce
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn row(pairs: &[(u32, f64)]) -> SparseRow {
        SparseRow {
            indices: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn softmax_of_sparse_row_by_hand() {
        let m = LinearModel {
            weights: array![[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]],
            intercept: array![0.0, 0.0, 0.5],
            head: Head::Flat,
        };
        let p = m.predict_proba(&row(&[(0, 0.6), (1, 0.8)]));
        let z = [0.6, 1.6, -0.6 + 0.5];
        let e: Vec<f64> = z.iter().map(|v: &f64| v.exp()).collect();
        let sum: f64 = e.iter().sum();
        for c in 0..3 {
            assert!((p[c] - e[c] / sum).abs() < 1e-15);
        }
        // An empty row gives softmax(b).
        let p0 = m.predict_proba(&SparseRow::default());
        assert!(p0[2] > p0[0] && (p0[0] - p0[1]).abs() < 1e-15);
    }

    #[test]
    fn two_step_decides_the_first_class_then_shares_the_rest() {
        let m = LinearModel {
            weights: array![[1.0, -1.0, 2.0]],
            intercept: array![0.0, 0.0, -(2f64.ln())],
            head: Head::TwoStep { none: 2 },
        };
        // An empty row: σ(−ln 2) = 1/3 for the first decision, the rest split evenly.
        let p0 = m.predict_proba(&SparseRow::default());
        for p in &p0 {
            assert!((p - 1.0 / 3.0).abs() < 1e-15, "{p0:?}");
        }
        let p = m.predict_proba(&row(&[(0, 0.5)]));
        let none = sigmoid(1.0 - 2f64.ln());
        let favor = (1.0 - none) * 0.5f64.exp() / (0.5f64.exp() + (-0.5f64).exp());
        assert!((p[2] - none).abs() < 1e-15);
        assert!((p[0] - favor).abs() < 1e-15);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert!((sigmoid(-800.0) - 0.0).abs() < 1e-300 && sigmoid(800.0) == 1.0);
    }

    #[test]
    fn softmax_is_stable_for_large_scores() {
        let mut z = [1000.0, 1000.0, -1000.0];
        softmax_in_place(&mut z);
        assert_eq!(z, [0.5, 0.5, 0.0]);
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let m = LinearModel {
            weights: array![[0.3, -0.2, 0.1], [0.0, 0.4, -0.5], [0.2, 0.2, 0.2]],
            intercept: array![0.1, -0.1, 0.0],
            head: Head::Flat,
        };
        let rows = vec![
            row(&[(0, 0.6), (2, 0.8)]),
            row(&[(1, 1.0)]),
            row(&[(0, 0.28), (1, 0.96)]),
        ];
        let (y, s, alpha) = ([0usize, 2, 1], [1.0, 3.0, 2.0], 0.7);
        let obj = objective(&m, &rows, &y, &s, alpha);
        let h = 1e-6;
        for j in 0..3 {
            for c in 0..3 {
                let mut plus = m.clone();
                plus.weights[[j, c]] += h;
                let mut minus = m.clone();
                minus.weights[[j, c]] -= h;
                let fd = (objective(&plus, &rows, &y, &s, alpha).value
                    - objective(&minus, &rows, &y, &s, alpha).value)
                    / (2.0 * h);
                assert!((fd - obj.grad_weights[[j, c]]).abs() < 1e-7, "W[{j},{c}]");
            }
        }
        for c in 0..3 {
            let mut plus = m.clone();
            plus.intercept[c] += h;
            let mut minus = m.clone();
            minus.intercept[c] -= h;
            let fd = (objective(&plus, &rows, &y, &s, alpha).value
                - objective(&minus, &rows, &y, &s, alpha).value)
                / (2.0 * h);
            assert!((fd - obj.grad_intercept[c]).abs() < 1e-7, "b[{c}]");
        }
    }

    #[test]
    fn integer_weights_equal_repeated_rows() {
        let m = LinearModel {
            weights: array![[0.3, -0.2], [0.1, 0.4]],
            intercept: array![0.1, -0.1],
            head: Head::Flat,
        };
        let a = row(&[(0, 0.6), (1, 0.8)]);
        let b = row(&[(1, 1.0)]);
        let weighted = objective(&m, &[a.clone(), b.clone()], &[0, 1], &[2.0, 1.0], 0.5);
        let repeated = objective(&m, &[a.clone(), a, b], &[0, 0, 1], &[1.0, 1.0, 1.0], 0.5);
        assert!((weighted.value - repeated.value).abs() < 1e-12);
        assert!((&weighted.grad_weights - &repeated.grad_weights)
            .iter()
            .all(|d| d.abs() < 1e-12));
    }
}
