//! Fitting: labelled texts → analyzer → TF-IDF → softmax weights by L-BFGS, then a check
//! that the fit really converged.
//!
//! The weights come from the [`super::sparse`] solver — linfa-logistic's objective and
//! L-BFGS on the sparse rows — or, under `--solver auto` only for a tiny problem (a dense
//! documents × features matrix of at most [`AUTO_DENSE_BYTES`], 1 MiB, e.g. 128 rows ×
//! 1,024 features), from linfa-logistic's `MultiLogisticRegression` (f64) on that matrix.
//! The line is measured, not assumed (one run, whole `train --cv none` process, sentiment
//! settings): on 112 seed paragraphs both take 0.03 s up to 154 × 700 (0.9 MB) and linfa
//! 0.06 s against 0.03 s at 154 × 1,468 (1.8 MB); on the 3,741 shipped paragraphs the
//! sparse solver was the faster at every vocabulary from 10 features (density 0.61:
//! 0.12 s against 0.21 s) to 5,112 (0.40 s and 20 MiB against 20.5 s and 181 MiB) and
//! 42,552 with character n-grams (4.3 s against 137 s), at the same training loss: the
//! dense kernels did not pay even with 61% of the cells non-zero (README: Fitting and its
//! checks). Fixed intercepts always go to the sparse solver.
//!
//! linfa-logistic returns `Ok` even when L-BFGS stops early (a failed line search, or a
//! cost that stalls), and it has no sample weights. So:
//! * an example's sample weight is its class-balancing weight times its record weight (1
//!   for a base label, `extra_weight` for an extra one); whole-number weights are exactly
//!   repeated rows, which is how linfa gets them; weights that are not whole numbers
//!   (`--extra-weight 0.5`) go to the sparse solver under `--solver auto`, and are an error
//!   with `--solver linfa` — repeating rows cannot express them, and the sparse solver
//!   reaches linfa's optimum (tested below);
//! * after fitting, the gradient of the same objective is recomputed here; if its largest
//!   entry exceeds `tol × Σ weights`, L-BFGS is restarted from where it stopped (up to
//!   three times) and then the fit is an error;
//! * the objective must also be below that of the intercept-only model.
//!
//! A two-step model (`--two-step NONE`, [`Head::TwoStep`]) is two such fits on the sparse
//! solver, each checked the same way: NONE against the rest on every example, then the
//! sides among themselves on theirs, with intercepts held fixed (see
//! `CheckedParams::fit_two_step`).

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::linear::{objective, Head, LinearModel, Objective};
use super::params::{Balance, CheckedParams, Solver, TrainParams};
use super::sparse;
use crate::error::{Error, Result};
use crate::ingest::label_files::{Example, Role};
use crate::tokenize::concepts::MAX_WITH_ABSENCES;
use crate::tokenize::{Analyzer, AnalyzerConfig};
use crate::vectorize::{nb_scale, SparseRow, TermCounts, Tfidf};

/// Largest dense training matrix linfa-logistic is given when asked for explicitly.
pub const DENSE_LIMIT_BYTES: usize = 3 << 30;
/// Largest dense matrix for which `--solver auto` picks linfa-logistic: a problem this
/// small fits in milliseconds either way; above it the sparse solver is the faster.
pub const AUTO_DENSE_BYTES: usize = 1 << 20;

/// A fitted classifier: predicts only.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Class labels, sorted; index i is column i of the weights.
    pub labels: Vec<String>,
    /// Tokenizer settings.
    pub analyzer: AnalyzerConfig,
    /// Vocabulary and idf.
    pub tfidf: Tfidf,
    /// Weights and intercepts.
    pub linear: LinearModel,
    /// How the fit went.
    pub report: FitReport,
}

/// Facts about a fit, stored in the model's training manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitReport {
    /// Labelled examples used.
    pub examples: usize,
    /// Sum of sample weights (examples after oversampling and extra weights).
    pub weighted_examples: f64,
    /// Class-balancing weight of each class, in label order (an example's sample weight is
    /// this times its record weight).
    pub class_weights: Vec<f64>,
    /// Vocabulary size.
    pub features: usize,
    /// The optimiser used: `linfa` or `sparse`.
    pub solver: String,
    /// L-BFGS runs (1 + restarts).
    pub runs: u32,
    /// L-BFGS iterations over all runs (the sparse solver's; linfa-logistic does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u64>,
    /// Objective-and-gradient evaluations over all runs, each one pass over the rows (the
    /// sparse solver's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluations: Option<u64>,
    /// Final objective value.
    pub objective: f64,
    /// Largest gradient entry / Σ weights at the solution.
    pub gradient: f64,
    /// Weighted mean cross-entropy on the training data.
    pub training_loss: f64,
    /// The same for the intercept-only model (class priors).
    pub prior_loss: f64,
    /// Accuracy on the training data.
    pub training_accuracy: f64,
    /// For a two-step model, the second step's fit (the figures above are the first
    /// step's, but for the accuracy, which is the whole model's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Box<FitReport>>,
}

impl FitReport {
    /// How the optimum was reached, e.g. `sparse solver, 1 run(s), 58 iterations, 72
    /// evaluations` (the counts only where the solver gives them).
    pub fn effort(&self) -> String {
        let counts = match (self.iterations, self.evaluations) {
            (Some(i), Some(e)) => format!(", {i} iterations, {e} evaluations"),
            _ => String::new(),
        };
        format!("{} solver, {} run(s){counts}", self.solver, self.runs)
    }
}

/// Sorted distinct labels and each example's class index.
pub fn encode_labels<S: AsRef<str>>(labels: &[S]) -> (Vec<String>, Vec<usize>) {
    let mut classes: Vec<String> = labels.iter().map(|l| l.as_ref().to_string()).collect();
    classes.sort();
    classes.dedup();
    let y = labels
        .iter()
        .map(|l| {
            classes
                .binary_search_by(|c| c.as_str().cmp(l.as_ref()))
                .expect("label present")
        })
        .collect();
    (classes, y)
}

/// Per-example weights for `balance`, and each class's balancing weight; the classes are
/// counted by examples (record weights do not change them).
pub fn sample_weights(y: &[usize], n_classes: usize, balance: Balance) -> (Vec<f64>, Vec<f64>) {
    let mut counts = vec![0usize; n_classes];
    for &c in y {
        counts[c] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1) as f64;
    let present = counts.iter().filter(|&&n| n > 0).count().max(1) as f64;
    let per_class: Vec<f64> = counts
        .iter()
        .map(|&n| match balance {
            Balance::None => 1.0,
            Balance::Oversample => (max / n.max(1) as f64).round().max(1.0),
            Balance::Balanced => y.len() as f64 / (present * n.max(1) as f64),
        })
        .collect();
    (y.iter().map(|&c| per_class[c]).collect(), per_class)
}

impl TrainParams {
    /// Checks the parameters, then fits (see [`CheckedParams::fit`]).
    pub fn fit<S: AsRef<str>, L: AsRef<str>>(&self, texts: &[S], labels: &[L]) -> Result<Fitted> {
        self.check()?.fit(texts, labels)
    }
}

impl TrainParams {
    /// The record weight of an example of `role`: `extra_weight` for an extra label, 1
    /// otherwise.
    pub fn record_weight(&self, role: Role) -> f64 {
        match role {
            Role::Extra => self.extra_weight,
            Role::Data | Role::TrainAlso => 1.0,
        }
    }
}

impl CheckedParams {
    /// Fits a classifier on `texts` with `labels` (at least two distinct labels), every
    /// example with record weight 1.
    pub fn fit<S: AsRef<str>, L: AsRef<str>>(&self, texts: &[S], labels: &[L]) -> Result<Fitted> {
        self.fit_weighted(texts, labels, &vec![1.0; texts.len()])
    }

    /// Fits a classifier on labelled examples, each weighted for its role
    /// ([`TrainParams::record_weight`]); a mirrored example trains on its label mirrored
    /// (see [`crate::model::Mirror`]).
    pub fn fit_examples<'a>(
        &self,
        examples: impl IntoIterator<Item = &'a Example>,
    ) -> Result<Fitted> {
        let mut texts = Vec::new();
        let mut labels = Vec::new();
        let mut weights = Vec::new();
        for e in examples {
            texts.push(e.text.as_str());
            labels.push(match (&self.mirror, e.mirrored) {
                (Some(m), true) => m.label(&e.label),
                _ => e.label.as_str(),
            });
            weights.push(self.record_weight(e.role));
        }
        self.fit_weighted(&texts, &labels, &weights)
    }

    /// Fits a classifier on `texts` with `labels`; example i's sample weight is its
    /// class-balancing weight times `record_weights[i]` (positive).
    pub fn fit_weighted<S: AsRef<str>, L: AsRef<str>>(
        &self,
        texts: &[S],
        labels: &[L],
        record_weights: &[f64],
    ) -> Result<Fitted> {
        if texts.len() != labels.len() || texts.len() != record_weights.len() {
            return Err(Error::params(format!(
                "{} texts, {} labels and {} weights",
                texts.len(),
                labels.len(),
                record_weights.len()
            )));
        }
        if let Some(w) = record_weights
            .iter()
            .find(|w| !(w.is_finite() && **w > 0.0))
        {
            return Err(Error::params(format!(
                "sample weight {w}: expected a positive number"
            )));
        }
        let (classes, y) = encode_labels(labels);
        if classes.len() < 2 {
            return Err(Error::fit(format!(
                "need at least two different labels, found {}",
                match classes.first() {
                    Some(c) => format!("only '{c}'"),
                    None => "none".into(),
                }
            )));
        }
        let mut analyzer = Analyzer::new(self.analyzer.clone())?;
        let mut counts = TermCounts::new();
        for t in texts {
            analyzer.for_each_feature(t.as_ref(), |f| counts.push(f));
            counts.end_document();
        }
        let (mut tfidf, mut rows) = self.tfidf.fit(&counts)?;
        // The term counts are not needed for the fit: freed before it, they do not add to
        // its peak memory.
        drop(counts);
        if self.nb {
            let scale = nb_scale(&rows, &y, classes.len(), tfidf.len());
            tfidf = tfidf.with_scale(scale)?;
            for row in &mut rows {
                tfidf.rescale(row);
            }
        }
        let (linear, report) = match &self.two_step {
            None => {
                let (mut weights, class_weights) = sample_weights(&y, classes.len(), self.balance);
                for (w, r) in weights.iter_mut().zip(record_weights) {
                    *w *= r;
                }
                let (k, d) = (classes.len(), tfidf.len());
                self.fit_step(&rows, &y, &weights, (k, d), class_weights, None)?
            }
            Some(label) => {
                let relevance = relevance_features(&analyzer, &tfidf);
                let data = (rows.as_slice(), y.as_slice(), record_weights);
                self.fit_two_step(label, &classes, data, tfidf.len(), &relevance)?
            }
        };
        Ok(Fitted {
            labels: classes,
            analyzer: self.analyzer.clone(),
            tfidf,
            linear,
            report,
        })
    }

    /// One softmax fit of `(k, d)` = classes × features, checked: the weights (and the
    /// intercepts, unless `fixed`) by the chosen solver, then [`TrainParams::verify`].
    fn fit_step(
        &self,
        rows: &[SparseRow],
        y: &[usize],
        weights: &[f64],
        (k, d): (usize, usize),
        class_weights: Vec<f64>,
        fixed: Option<&[f64]>,
    ) -> Result<(LinearModel, FitReport)> {
        let (linear, runs, solver, effort) = self.fit_linear(rows, y, weights, k, d, fixed)?;
        let mut report = self.verify(&linear, (rows, y, weights), class_weights, runs, fixed)?;
        report.solver = solver.into();
        if let Some(e) = effort {
            report.iterations = Some(e.iterations);
            report.evaluations = Some(e.evaluations);
        }
        Ok((linear, report))
    }

    /// The two-step head ([`Head::TwoStep`]): `label` against all others on every example
    /// (relevance), then the other labels among themselves on their examples (polarity);
    /// each step balanced on its own classes. The intercepts are held where a row with no
    /// known feature gets uniform probabilities — what a paragraph says about the target
    /// has to come from its features, not from the training set's class shares — and the
    /// `relevance` features (whether the text names the target at all) take no part in the
    /// polarity step, so that being off the target cannot lean toward a side.
    fn fit_two_step(
        &self,
        label: &str,
        classes: &[String],
        (rows, y, record_weights): (&[SparseRow], &[usize], &[f64]),
        d: usize,
        relevance: &[u32],
    ) -> Result<(LinearModel, FitReport)> {
        let k = classes.len();
        let none = classes.iter().position(|c| c == label).ok_or_else(|| {
            Error::params(format!(
                "--two-step {label}: no example has that label (the labels are {})",
                classes.join(", ")
            ))
        })?;
        if k < 3 {
            return Err(Error::params(format!(
                "--two-step needs at least three labels, the data has {}",
                classes.join(", ")
            )));
        }
        let y_rel: Vec<usize> = y.iter().map(|&c| usize::from(c == none)).collect();
        let (mut w_rel, cw_rel) = sample_weights(&y_rel, 2, self.balance);
        for (w, r) in w_rel.iter_mut().zip(record_weights) {
            *w *= r;
        }
        let prior = -((k - 1) as f64).ln();
        let (rel, mut report) =
            self.fit_step(rows, &y_rel, &w_rel, (2, d), cw_rel, Some(&[0.0, prior]))?;
        let sides: Vec<usize> = (0..k).filter(|&c| c != none).collect();
        let keep: Vec<usize> = (0..y.len()).filter(|&i| y[i] != none).collect();
        let rows_pol: Vec<SparseRow> = keep.iter().map(|&i| without(&rows[i], relevance)).collect();
        let y_pol: Vec<usize> = keep
            .iter()
            .map(|&i| y[i] - usize::from(y[i] > none))
            .collect();
        let (mut w_pol, cw_pol) = sample_weights(&y_pol, k - 1, self.balance);
        for (w, &i) in w_pol.iter_mut().zip(&keep) {
            *w *= record_weights[i];
        }
        let zeros = vec![0.0; k - 1];
        let (pol, pol_report) =
            self.fit_step(&rows_pol, &y_pol, &w_pol, (k - 1, d), cw_pol, Some(&zeros))?;
        let mut weights = Array2::<f64>::zeros((d, k));
        let mut intercept = Array1::<f64>::zeros(k);
        weights
            .column_mut(none)
            .assign(&(&rel.weights.column(1) - &rel.weights.column(0)));
        intercept[none] = rel.intercept[1] - rel.intercept[0];
        for (p, &c) in sides.iter().enumerate() {
            weights.column_mut(c).assign(&pol.weights.column(p));
            intercept[c] = pol.intercept[p];
        }
        let linear = LinearModel {
            weights,
            intercept,
            head: Head::TwoStep { none },
        };
        report.training_accuracy = accuracy(&linear, rows, y);
        report.polarity = Some(Box::new(pol_report));
        Ok((linear, report))
    }
}

/// The features that say whether a text is about the target: the lexicon's absence
/// concepts and the concepts they watch for (see [`crate::tokenize::concepts`]).
fn relevance_features(analyzer: &Analyzer, tfidf: &Tfidf) -> Vec<u32> {
    let Some(c) = analyzer.concepts() else {
        return Vec::new();
    };
    let mut ids: Vec<u32> = c
        .absences()
        .iter()
        .flat_map(|&(id, mask)| {
            (0..c.features().len())
                .filter(move |&o| o == id || (o < MAX_WITH_ABSENCES && mask & (1 << o) != 0))
                .filter_map(|o| tfidf.feature_index(&c.features()[o]))
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `row` without the features `drop` (sorted).
fn without(row: &SparseRow, drop: &[u32]) -> SparseRow {
    let mut out = SparseRow::default();
    for (&j, &v) in row.indices.iter().zip(&row.values) {
        if drop.binary_search(&j).is_err() {
            out.indices.push(j);
            out.values.push(v);
        }
    }
    out
}

/// Share of `rows` whose most probable class is `y`.
fn accuracy(linear: &LinearModel, rows: &[SparseRow], y: &[usize]) -> f64 {
    let mut p = vec![0.0; linear.n_classes()];
    let correct = rows
        .iter()
        .zip(y)
        .filter(|(row, &c)| {
            linear.predict_proba_into(row, &mut p);
            argmax(&p) == c
        })
        .count();
    correct as f64 / rows.len().max(1) as f64
}

/// The largest gradient entry of `obj` divided by `total`, over the weights only when the
/// intercepts are `fixed`.
fn gradient(obj: &Objective, total: f64, fixed: bool) -> f64 {
    if fixed {
        obj.grad_weights.iter().fold(0.0f64, |m, g| m.max(g.abs())) / total
    } else {
        obj.max_abs_gradient() / total
    }
}

impl TrainParams {
    /// Fits the weights with the chosen solver; restarts L-BFGS from where it stopped while
    /// the gradient check fails (at most three times). Returns the model, the number of runs,
    /// the solver's name and, for the sparse solver, the effort over all runs.
    fn fit_linear(
        &self,
        rows: &[SparseRow],
        y: &[usize],
        weights: &[f64],
        n_classes: usize,
        n_features: usize,
        fixed: Option<&[f64]>,
    ) -> Result<(LinearModel, u32, &'static str, Option<sparse::Effort>)> {
        let whole = weights.iter().all(|w| w.fract() == 0.0);
        let repeats: Vec<usize> = weights.iter().map(|&w| w as usize).collect();
        let n_rows: usize = repeats.iter().sum();
        let bytes = n_rows.saturating_mul(n_features).saturating_mul(8);
        let solver = match self.solver {
            Solver::Auto if fixed.is_some() => Solver::Sparse,
            Solver::Linfa if fixed.is_some() => {
                return Err(Error::params(
                    "linfa-logistic always fits the intercepts; fixed intercepts need --solver sparse or auto",
                ))
            }
            Solver::Auto if whole && bytes <= AUTO_DENSE_BYTES => Solver::Linfa,
            Solver::Auto => Solver::Sparse,
            Solver::Linfa if !whole => {
                return Err(Error::params(
                    "linfa-logistic has no sample weights and repeated rows only give whole-number \
                     weights; with an --extra-weight that is not a whole number or --balance \
                     balanced use --solver sparse or auto",
                ))
            }
            s => s,
        };
        let dataset = match solver {
            Solver::Linfa => Some(dense(rows, y, &repeats, n_features, bytes)?),
            _ => None,
        };
        let total: f64 = weights.iter().sum();
        let mut init: Option<LinearModel> = None;
        let mut runs = 0;
        let mut effort = sparse::Effort::default();
        loop {
            runs += 1;
            let linear = match &dataset {
                Some(ds) => self.run_linfa(ds, n_classes, n_features, init.take())?,
                None => {
                    let (linear, e) = sparse::fit(
                        rows,
                        y,
                        weights,
                        n_classes,
                        n_features,
                        self.alpha,
                        self.max_iter,
                        self.tol * total,
                        init.as_ref(),
                        fixed,
                    )?;
                    effort += e;
                    linear
                }
            };
            let obj = objective(&linear, rows, y, weights, self.alpha);
            let g = gradient(&obj, total, fixed.is_some());
            if g <= self.tol || runs > 3 {
                return Ok(match dataset {
                    Some(_) => (linear, runs, "linfa", None),
                    None => (linear, runs, "sparse", Some(effort)),
                });
            }
            init = Some(linear);
        }
    }

    /// One run of linfa-logistic, optionally from `init`.
    fn run_linfa(
        &self,
        dataset: &Dataset<f64, usize, ndarray::Ix1>,
        n_classes: usize,
        n_features: usize,
        init: Option<LinearModel>,
    ) -> Result<LinearModel> {
        let total = dataset.nsamples() as f64;
        let mut params = MultiLogisticRegression::default()
            .alpha(self.alpha)
            .max_iterations(self.max_iter)
            .gradient_tolerance(self.tol * total);
        if let Some(m) = init {
            let mut p = Array2::<f64>::zeros((n_features + 1, n_classes));
            p.slice_mut(ndarray::s![..n_features, ..])
                .assign(&m.weights);
            p.row_mut(n_features).assign(&m.intercept);
            params = params.initial_params(p);
        }
        let fitted = params
            .fit(dataset)
            .map_err(|e| Error::fit(format!("linfa-logistic: {e}")))?;
        if fitted.classes() != (0..n_classes).collect::<Vec<_>>().as_slice() {
            return Err(Error::fit(
                "linfa-logistic returned an unexpected class order",
            ));
        }
        Ok(LinearModel {
            weights: fitted.params().to_owned(),
            intercept: fitted.intercept().to_owned(),
            head: Head::Flat,
        })
    }

    /// Checks the solution: finite, converged, and better than the class priors.
    fn verify(
        &self,
        linear: &LinearModel,
        (rows, y, weights): (&[SparseRow], &[usize], &[f64]),
        class_weights: Vec<f64>,
        runs: u32,
        fixed: Option<&[f64]>,
    ) -> Result<FitReport> {
        if linear
            .weights
            .iter()
            .chain(linear.intercept.iter())
            .any(|v| !v.is_finite())
        {
            return Err(Error::fit("the optimiser produced non-finite weights"));
        }
        let total: f64 = weights.iter().sum();
        let obj = objective(linear, rows, y, weights, self.alpha);
        let gradient = gradient(&obj, total, fixed.is_some());
        if gradient > self.tol {
            return Err(Error::fit(format!(
                "L-BFGS did not converge: largest gradient entry / total weight = {gradient:.3e} > tol {:.1e} \
                 after {runs} runs of at most {} iterations (raise --max-iter or --alpha)",
                self.tol, self.max_iter
            )));
        }
        let k = linear.n_classes();
        let mut prior = vec![0.0; k];
        for (&c, &w) in y.iter().zip(weights) {
            prior[c] += w;
        }
        let prior_model = LinearModel {
            weights: Array2::zeros(linear.weights.raw_dim()),
            intercept: match fixed {
                Some(b) => Array1::from(b.to_vec()),
                None => prior.iter().map(|p| (p / total).ln()).collect(),
            },
            head: Head::Flat,
        };
        let prior_obj = objective(&prior_model, rows, y, weights, self.alpha);
        if obj.value > prior_obj.value * (1.0 + 1e-9) {
            return Err(Error::fit(format!(
                "the fitted objective {:.6} is worse than the class-prior model's {:.6}: \
                 the optimiser failed",
                obj.value, prior_obj.value
            )));
        }
        Ok(FitReport {
            examples: rows.len(),
            weighted_examples: total,
            class_weights,
            features: linear.n_features(),
            solver: String::new(),
            runs,
            iterations: None,
            evaluations: None,
            objective: obj.value,
            gradient,
            training_loss: obj.mean_loss,
            prior_loss: prior_obj.mean_loss,
            training_accuracy: accuracy(linear, rows, y),
            polarity: None,
        })
    }
}

/// The dense matrix linfa-logistic trains on: each row repeated as often as its weight.
fn dense(
    rows: &[SparseRow],
    y: &[usize],
    repeats: &[usize],
    n_features: usize,
    bytes: usize,
) -> Result<Dataset<f64, usize, ndarray::Ix1>> {
    let n_rows: usize = repeats.iter().sum();
    if bytes > DENSE_LIMIT_BYTES {
        return Err(Error::fit(format!(
            "the dense training matrix ({n_rows} rows × {n_features} features) would take {:.1} GiB; \
             linfa-logistic trains on dense matrices only: use --solver sparse, or lower --max-features",
            bytes as f64 / (1u64 << 30) as f64
        )));
    }
    let mut x = Array2::<f64>::zeros((n_rows, n_features));
    let mut targets = Array1::<usize>::zeros(n_rows);
    let mut r = 0;
    for ((row, &c), &rep) in rows.iter().zip(y).zip(repeats) {
        for _ in 0..rep {
            for (j, v) in row.iter() {
                x[[r, j]] = v;
            }
            targets[r] = c;
            r += 1;
        }
    }
    Ok(Dataset::new(x, targets))
}

/// Index of the largest value (the first, on ties).
pub fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Vec<&'static str>, Vec<&'static str>) {
        let texts = vec![
            "nato expansion threatens peace",
            "nato meddling provokes confrontation",
            "the alliance is a threat to asia",
            "stop nato expansion into asia",
            "nato partnership strengthens security",
            "welcome closer cooperation with nato",
            "the summit was held in washington",
            "leaders met on tuesday",
        ];
        let labels = vec![
            "AGAINST", "AGAINST", "AGAINST", "AGAINST", "FAVOR", "FAVOR", "NONE", "NONE",
        ];
        (texts, labels)
    }

    #[test]
    fn fits_converges_and_beats_the_prior() {
        let (texts, labels) = toy();
        let fitted = TrainParams::default().fit(&texts, &labels).unwrap();
        assert_eq!(fitted.labels, ["AGAINST", "FAVOR", "NONE"]);
        let r = &fitted.report;
        assert!(r.gradient <= 1e-5, "{r:?}");
        assert!(r.training_loss < r.prior_loss, "{r:?}");
        assert_eq!(r.class_weights, [1.0, 2.0, 2.0]);
        assert_eq!(r.weighted_examples, 12.0);
        assert_eq!(r.training_accuracy, 1.0);
    }

    #[test]
    fn oversampling_raises_the_minority_classes() {
        let (texts, labels) = toy();
        let prior = |balance| {
            let f = TrainParams {
                balance,
                ..TrainParams::default()
            }
            .fit(&texts, &labels)
            .unwrap();
            f.linear.predict_proba(&SparseRow::default())
        };
        let (plain, balanced) = (prior(Balance::None), prior(Balance::Oversample));
        // An empty paragraph gets softmax(b): AGAINST (4 of 8) leads without balancing,
        // and loses ground to FAVOR and NONE with it.
        assert!(plain[0] > plain[1] && plain[0] > plain[2], "{plain:?}");
        assert!(
            balanced[0] < plain[0] && balanced[1] > plain[1],
            "{balanced:?} vs {plain:?}"
        );
    }

    #[test]
    fn sparse_solver_reaches_linfas_optimum() {
        let (texts, labels) = toy();
        for balance in [Balance::None, Balance::Oversample] {
            let fit = |solver| {
                TrainParams {
                    solver,
                    balance,
                    tol: 1e-8,
                    ..TrainParams::default()
                }
                .fit(&texts, &labels)
                .unwrap()
            };
            let (dense, sparse) = (fit(Solver::Linfa), fit(Solver::Sparse));
            assert_eq!(
                (dense.report.solver.as_str(), sparse.report.solver.as_str()),
                ("linfa", "sparse")
            );
            let d = (&dense.linear.weights - &sparse.linear.weights)
                .iter()
                .chain((&dense.linear.intercept - &sparse.linear.intercept).iter())
                .fold(0.0f64, |m, v| m.max(v.abs()));
            assert!(d < 1e-5, "{balance:?}: max difference {d}");
            assert!((dense.report.objective - sparse.report.objective).abs() < 1e-9);
        }
    }

    #[test]
    fn one_label_is_an_error() {
        let err = TrainParams::default()
            .fit(&["a b", "c d"], &["NONE", "NONE"])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("at least two different labels, found only 'NONE'"),
            "{err}"
        );
    }

    #[test]
    fn too_few_iterations_is_an_error_not_a_useless_model() {
        let (texts, labels) = toy();
        let p = TrainParams {
            max_iter: 1,
            tol: 1e-9,
            ..TrainParams::default()
        };
        let err = p.fit(&texts, &labels).unwrap_err().to_string();
        assert!(err.contains("did not converge"), "{err}");
    }

    #[test]
    fn weights_for_oversampling() {
        let (w, per) = sample_weights(&[0, 0, 0, 0, 0, 1, 2, 2], 3, Balance::Oversample);
        assert_eq!(per, [1.0, 5.0, 3.0]);
        assert_eq!(w[5], 5.0);
        let (w, _) = sample_weights(&[0, 1], 2, Balance::None);
        assert_eq!(w, [1.0, 1.0]);
    }

    #[test]
    fn balanced_weights_are_scikit_learns() {
        // 3 : 2 classes; rounding would weigh the smaller class 2 (4 against 3).
        let y = [0, 0, 0, 1, 1];
        let (w, per) = sample_weights(&y, 2, Balance::Balanced);
        assert_eq!(per, [5.0 / 6.0, 5.0 / 4.0]);
        let (total, small): (f64, f64) = (w.iter().sum(), w[3] + w[4]);
        assert!((total - 5.0).abs() < 1e-12 && (small - 2.5).abs() < 1e-12);
        assert_eq!(
            sample_weights(&[0, 1, 1, 0], 2, Balance::Balanced).0,
            [1.0; 4]
        );
        let (_, over) = sample_weights(&y, 2, Balance::Oversample);
        assert_eq!(over, [1.0, 2.0]);
    }

    fn toy_examples(extra: &[usize]) -> Vec<Example> {
        let (texts, labels) = toy();
        texts
            .iter()
            .zip(&labels)
            .enumerate()
            .map(|(i, (t, l))| Example {
                id: None,
                text: t.to_string(),
                label: l.to_string(),
                group: None,
                file: "t".into(),
                line: i + 1,
                role: if extra.contains(&i) {
                    Role::Extra
                } else {
                    Role::Data
                },
                mirrored: false,
            })
            .collect()
    }

    #[test]
    fn extra_weight_multiplies_the_balancing_weight() {
        // Examples 4 and 5 are the two FAVOR ones (balancing weight 2 each).
        let ex = toy_examples(&[4, 5]);
        let fit = |extra_weight, balance| {
            TrainParams {
                extra_weight,
                balance,
                ..TrainParams::default()
            }
            .check()
            .unwrap()
            .fit_examples(&ex)
            .unwrap()
        };
        let plain = fit(1.0, Balance::Oversample);
        assert_eq!(plain.report.weighted_examples, 12.0);
        let tripled = fit(3.0, Balance::Oversample);
        // 4 AGAINST × 1 + 2 FAVOR × 2 × 3 + 2 NONE × 2.
        assert_eq!(tripled.report.weighted_examples, 20.0);
        assert_eq!(tripled.report.class_weights, [1.0, 2.0, 2.0]);
        assert_eq!(fit(3.0, Balance::None).report.weighted_examples, 12.0);
        // The heavier FAVOR labels raise FAVOR for a paragraph with no evidence.
        let empty = SparseRow::default();
        let (p1, p3) = (
            plain.linear.predict_proba(&empty),
            tripled.linear.predict_proba(&empty),
        );
        assert!(p3[1] > p1[1] + 0.05, "{p3:?} vs {p1:?}");
    }

    #[test]
    fn whole_number_weights_fit_on_linfa_and_fractions_on_the_sparse_solver() {
        let ex = toy_examples(&[0, 6]);
        let fit = |extra_weight, solver| {
            TrainParams {
                extra_weight,
                solver,
                tol: 1e-8,
                ..TrainParams::default()
            }
            .check()
            .unwrap()
            .fit_examples(&ex)
        };
        let (dense, sparse) = (
            fit(2.0, Solver::Linfa).unwrap(),
            fit(2.0, Solver::Sparse).unwrap(),
        );
        assert_eq!(fit(2.0, Solver::Auto).unwrap().report.solver, "linfa");
        let d = (&dense.linear.weights - &sparse.linear.weights)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(d < 1e-5, "repeated rows vs sample weights: {d}");
        assert_eq!(fit(0.5, Solver::Auto).unwrap().report.solver, "sparse");
        let err = fit(0.5, Solver::Linfa).unwrap_err().to_string();
        assert!(err.contains("--solver sparse"), "{err}");
    }

    #[test]
    fn balanced_classes_weigh_the_same_in_total_and_fit_on_the_sparse_solver() {
        let ex = toy_examples(&[]);
        let fit = |solver| {
            TrainParams {
                balance: Balance::Balanced,
                solver,
                ..TrainParams::default()
            }
            .check()
            .unwrap()
            .fit_examples(&ex)
        };
        let fitted = fit(Solver::Auto).unwrap();
        // 4 AGAINST, 2 FAVOR, 2 NONE: 8 / (3 × 4) and 8 / (3 × 2).
        let r = &fitted.report;
        assert_eq!(r.class_weights, [8.0 / 12.0, 8.0 / 6.0, 8.0 / 6.0]);
        assert!(
            (r.weighted_examples - 8.0).abs() < 1e-9,
            "{}",
            r.weighted_examples
        );
        assert_eq!(r.solver, "sparse");
        let err = fit(Solver::Linfa).unwrap_err().to_string();
        assert!(err.contains("--balance balanced"), "{err}");
    }

    #[test]
    fn auto_keeps_linfa_for_tiny_problems_only() {
        // 3 labels × 60 texts of 8 words each, most words unique: 180 rows × ~1,400
        // features is a 2 MB dense matrix, above the 1 MiB line.
        let labels = ["AGAINST", "FAVOR", "NONE"];
        let mut texts = Vec::new();
        let mut ys = Vec::new();
        for i in 0..180 {
            let c = labels[i % 3];
            let words: Vec<String> = (0..8).map(|j| format!("w{i}x{j}")).collect();
            texts.push(format!("{} {}", c.to_lowercase(), words.join(" ")));
            ys.push(c);
        }
        let fit = |solver| {
            TrainParams {
                solver,
                tol: 1e-8,
                ..TrainParams::default()
            }
            .fit(&texts, &ys)
            .unwrap()
        };
        let auto = fit(Solver::Auto);
        let bytes = 180 * auto.report.features * 8;
        assert!(bytes > AUTO_DENSE_BYTES, "{bytes} bytes");
        assert_eq!(auto.report.solver, "sparse");
        let dense = fit(Solver::Linfa);
        assert!((dense.report.objective - auto.report.objective).abs() < 1e-6);
        // The sparse solver counts its work; a tighter tolerance takes more of it, and every
        // iteration evaluates the objective at least once.
        let (i, e) = (
            auto.report.iterations.unwrap(),
            auto.report.evaluations.unwrap(),
        );
        assert!(i > 0 && e >= i, "{i} iterations, {e} evaluations");
        let loose = TrainParams {
            solver: Solver::Sparse,
            tol: 1e-3,
            ..TrainParams::default()
        }
        .fit(&texts, &ys)
        .unwrap();
        assert!(loose.report.iterations.unwrap() < i);
        assert!(auto
            .report
            .effort()
            .starts_with("sparse solver, 1 run(s), "));
        let (texts, labels) = toy();
        let small = TrainParams::default().fit(&texts, &labels).unwrap();
        assert_eq!(small.report.solver, "linfa");
        assert_eq!(
            (small.report.iterations, small.report.evaluations),
            (None, None)
        );
    }

    #[test]
    fn bad_record_weights_are_errors() {
        let (texts, labels) = toy();
        let p = TrainParams::default().check().unwrap();
        let mut w = vec![1.0; texts.len()];
        w[2] = 0.0;
        assert!(p.fit_weighted(&texts, &labels, &w).is_err());
        assert!(p.fit_weighted(&texts, &labels, &w[1..]).is_err());
    }

    fn two_step(label: &str) -> TrainParams {
        let mut p = TrainParams::default();
        p.analyzer.concepts = Some(crate::tokenize::Lexicon::builtin());
        p.two_step = Some(label.into());
        p
    }

    #[test]
    fn two_step_fits_relevance_then_polarity_with_fixed_intercepts() {
        let (mut texts, mut labels) = toy();
        texts.push("the recipe needs flour and water");
        labels.push("NONE");
        let fitted = two_step("NONE").fit(&texts, &labels).unwrap();
        let m = &fitted.linear;
        assert_eq!(m.head, Head::TwoStep { none: 2 });
        assert_eq!(m.intercept.to_vec(), [0.0, 0.0, -(2f64.ln())]);
        let p = m.predict_proba(&SparseRow::default());
        assert!(p.iter().all(|v| (v - 1.0 / 3.0).abs() < 1e-12), "{p:?}");
        let r = &fitted.report;
        assert_eq!(r.solver, "sparse");
        assert!(
            r.gradient <= 1e-5 && r.training_loss < r.prior_loss,
            "{r:?}"
        );
        let pol = r.polarity.as_ref().unwrap();
        assert_eq!(pol.examples, 6, "the AGAINST and FAVOR examples");
        assert!(pol.gradient <= 1e-5 && pol.training_loss < pol.prior_loss);
        // Whether a text names the target decides relevance, never the side.
        for f in ["#target_nato", "#off_target"] {
            let j = fitted.tfidf.feature_index(f).unwrap() as usize;
            assert_eq!(m.weights[[j, 0]], 0.0, "{f}");
            assert_eq!(m.weights[[j, 1]], 0.0, "{f}");
            assert_ne!(m.weights[[j, 2]], 0.0, "{f}");
        }
        let probs = fitted.predict_texts(&["stop nato expansion", "the recipe needs salt"]);
        assert_eq!(argmax(&probs[0]), 0);
        assert_eq!(argmax(&probs[1]), 2);
    }

    #[test]
    fn two_step_needs_its_label_three_classes_and_the_sparse_solver() {
        let (texts, labels) = toy();
        let err = two_step("NEUTRAL").fit(&texts, &labels).unwrap_err();
        assert!(
            err.to_string().contains("no example has that label"),
            "{err}"
        );
        let (t2, l2) = (&texts[..6], &labels[..6]);
        let err = two_step("FAVOR").fit(t2, l2).unwrap_err();
        assert!(err.to_string().contains("at least three labels"), "{err}");
        let mut p = two_step("NONE");
        p.solver = Solver::Linfa;
        assert!(p.check().is_err());
    }
}
