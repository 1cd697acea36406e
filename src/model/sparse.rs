//! The sparse solver: the same objective and optimiser as linfa-logistic — L-BFGS with a
//! More–Thuente line search and 10 stored corrections, from argmin — evaluated on the
//! sparse TF-IDF rows directly, with sample weights, instead of on a dense
//! documents × features matrix. Its optimum is linfa-logistic's (tested on small data);
//! it needs memory proportional to the non-zeros, not to documents × features.
//!
//! Kept beside linfa-logistic rather than replaced: linfa-logistic only takes dense
//! matrices and has no sample weights, and no crate offers weighted multinomial logistic
//! regression on sparse rows with linfa's objective; the objective itself
//! ([`super::linear::objective_into`]) is shared with the fit checks and tested against
//! finite differences.

use std::cell::{Cell, RefCell};

use argmin::core::{CostFunction, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{Array1, Array2};

use super::linear::{objective_into, Head, LinearModel};
use crate::error::{Error, Result};
use crate::vectorize::SparseRow;

/// The weighted multinomial problem over sparse rows.
struct Problem<'a> {
    rows: &'a [SparseRow],
    y: &'a [usize],
    s: &'a [f64],
    alpha: f64,
    k: usize,
    /// Intercepts held fixed (their gradient is zero), if any.
    fixed: bool,
    /// The last point evaluated: L-BFGS asks for the cost and the gradient of the same
    /// point separately.
    last: RefCell<Option<Evaluated>>,
    /// Objective evaluations so far (each one pass over the rows).
    evaluations: Cell<u64>,
}

/// What one L-BFGS run took: iterations, and passes over the rows (the line search may
/// evaluate several points per iteration).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effort {
    /// L-BFGS iterations.
    pub iterations: u64,
    /// Objective-and-gradient evaluations.
    pub evaluations: u64,
}

impl std::ops::AddAssign for Effort {
    fn add_assign(&mut self, other: Effort) {
        self.iterations += other.iterations;
        self.evaluations += other.evaluations;
    }
}

/// Parameters with their objective and gradient.
type Evaluated = (Array1<f64>, f64, Array1<f64>);

impl Problem<'_> {
    fn evaluate(&self, p: &Array1<f64>) -> (f64, Array1<f64>) {
        if let Some((q, v, g)) = self.last.borrow().as_ref() {
            if q == p {
                return (*v, g.clone());
            }
        }
        let p_slice = p.as_slice().expect("contiguous parameters");
        let (w, b) = p_slice.split_at(p_slice.len() - self.k);
        let mut grad = vec![0.0; p_slice.len()];
        self.evaluations.set(self.evaluations.get() + 1);
        let (value, _) = objective_into(w, b, self.rows, self.y, self.s, self.alpha, &mut grad);
        if self.fixed {
            let n = grad.len() - self.k;
            grad[n..].fill(0.0);
        }
        let grad = Array1::from(grad);
        *self.last.borrow_mut() = Some((p.clone(), value, grad.clone()));
        (value, grad)
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(p).0)
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        Ok(self.evaluate(p).1)
    }
}

/// Minimises `Σ sᵢ CEᵢ + α/2 ‖W‖²` from `init` (or zeros) until the gradient's l2 norm is
/// below `grad_tol` or `max_iter` iterations have run; with `fixed_intercept`, the
/// intercepts stay at those values and only the weights are fitted. Returns the model and
/// the [`Effort`] it took.
#[allow(clippy::too_many_arguments)]
pub fn fit(
    rows: &[SparseRow],
    y: &[usize],
    s: &[f64],
    n_classes: usize,
    n_features: usize,
    alpha: f64,
    max_iter: u64,
    grad_tol: f64,
    init: Option<&LinearModel>,
    fixed_intercept: Option<&[f64]>,
) -> Result<(LinearModel, Effort)> {
    let k = n_classes;
    let n = n_features * k;
    let mut p0 = Array1::<f64>::zeros(n + k);
    let p0s = p0.as_slice_mut().expect("contiguous");
    if let Some(m) = init {
        p0s[..n].copy_from_slice(m.weights.as_slice().expect("standard layout"));
        p0s[n..].copy_from_slice(m.intercept.as_slice().expect("contiguous"));
    }
    if let Some(b) = fixed_intercept {
        if b.len() != k {
            return Err(Error::fit(format!(
                "{} fixed intercepts for {k} classes",
                b.len()
            )));
        }
        p0s[n..].copy_from_slice(b);
    }
    let problem = Problem {
        rows,
        y,
        s,
        alpha,
        k,
        fixed: fixed_intercept.is_some(),
        last: RefCell::new(None),
        evaluations: Cell::new(0),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(grad_tol)
        .map_err(|e| Error::fit(format!("L-BFGS setup: {e}")))?;
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(p0).max_iters(max_iter))
        .run()
        .map_err(|e| Error::fit(format!("L-BFGS: {e}")))?;
    let effort = Effort {
        iterations: result.state.iter,
        evaluations: result
            .problem
            .problem
            .as_ref()
            .map_or(0, |p| p.evaluations.get()),
    };
    let state = result.state;
    let p = state
        .best_param
        .or(state.param)
        .ok_or_else(|| Error::fit("L-BFGS returned no parameters"))?;
    let p = p.into_raw_vec_and_offset().0;
    let (w, b) = p.split_at(n_features * k);
    let model = LinearModel {
        weights: Array2::from_shape_vec((n_features, k), w.to_vec()).expect("shape"),
        intercept: Array1::from(b.to_vec()),
        head: Head::Flat,
    };
    Ok((model, effort))
}
