//! The training manifest stored in every model file, and the plain records it holds: the
//! data files with their sha256, the fit report, cross-validation metrics, the α search and
//! the merge of extra labels. They are data only; `evaluate` and `train` fill them in, and a
//! model file carries them, so they live here with the file format.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fit::FitReport;
use super::params::TrainParams;

/// One labelled data file a model was trained on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFile {
    /// The path as given to `train` (`FILE=LABEL` for one-example-per-line files).
    pub path: String,
    /// `data` (`--data`, `--lines`) or `extra` (`--extra`).
    pub role: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Records read.
    pub rows: usize,
    /// Records used for training (labelled, not duplicates).
    pub used: usize,
}

/// Cross-validation figures stored with a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CvRecord {
    /// How folds were made, e.g. `leave-one-article-out`.
    pub scheme: String,
    /// Number of folds.
    pub folds: usize,
    /// Metrics over the pooled out-of-fold predictions.
    pub report: Report,
}

/// The training manifest: what a model was made from and how well it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Tool and version that trained it.
    pub tool: String,
    /// The field that held the label.
    pub label_field: String,
    /// The field that held the text.
    pub text_field: String,
    /// Input files.
    pub data: Vec<DataFile>,
    /// Training examples per label.
    pub class_counts: BTreeMap<String, usize>,
    /// Hyper-parameters.
    pub params: TrainParams,
    /// Fit diagnostics.
    pub fit: FitReport,
    /// Cross-validation, if it was run.
    pub cv: Option<CvRecord>,
    /// How α or the settings were chosen, with `--search` or `--auto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchRecord>,
    /// How extra label files were merged in, with `--extra`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<MergeReport>,
}

/// Precision, recall, F1 and support of one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassMetrics {
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold examples of the class.
    pub support: usize,
}

/// Figures for one cross-validation fold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoldMetrics {
    /// 0-based fold number.
    pub fold: usize,
    /// The held-out group (article), for group folds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Held-out examples.
    pub n: usize,
    /// Accuracy on the fold.
    pub accuracy: f64,
    /// Macro-F1 on the fold.
    pub macro_f1: f64,
    /// Log-loss on the fold.
    pub log_loss: f64,
}

/// The evaluation report; its JSON keys are the documented interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Examples scored.
    pub n: usize,
    /// Share predicted correctly.
    pub accuracy: f64,
    /// Mean F1 over classes present in gold or predictions.
    pub macro_f1: f64,
    /// Mean F1 of FAVOR and AGAINST, when both labels exist.
    pub f_avg: Option<f64>,
    /// Per-class figures.
    pub per_class: BTreeMap<String, ClassMetrics>,
    /// Counts by gold then predicted label.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Mean negative log-likelihood of the gold label.
    pub log_loss: f64,
    /// Multi-class Brier score.
    pub brier: f64,
    /// Expected calibration error, 10 bins.
    pub ece: f64,
    /// Per-fold figures (cross-validation only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folds: Option<Vec<FoldMetrics>>,
}

/// One candidate setting of a search and how it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trial {
    /// The L2 strength.
    pub alpha: f64,
    /// For the settings search: the change this candidate made to the best settings so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<String>,
    /// Inner cross-validated macro-F1.
    pub macro_f1: f64,
    /// Inner cross-validated log-loss.
    pub log_loss: f64,
    /// Standard error of the inner folds' macro-F1 (their standard deviation / √folds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub se: Option<f64>,
}

/// The outcome of a search, stored in a model's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchRecord {
    /// How the inner folds were made.
    pub scheme: String,
    /// Every candidate tried, in order.
    pub trials: Vec<Trial>,
    /// The α chosen.
    pub alpha: f64,
    /// The α of the best inner macro-F1, when the one-standard-error rule chose a larger one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_alpha: Option<f64>,
    /// For the settings search: the settings chosen, as command-line options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    /// Whether the time budget stopped the settings search before its walk was done.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stopped_by_budget: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeReport {
    /// Labelled base records.
    pub base: usize,
    /// Labelled extra records (`--extra` and `--train-also`).
    pub extra: usize,
    /// Of the merged examples, those that only train (`--train-also`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub train_also: usize,
    /// Records dropped as repeats of a paragraph with the same label.
    pub duplicates: usize,
    /// Conflicts settled by `--prefer`.
    pub conflicts_resolved: usize,
    /// Examples in the merged set.
    pub merged: usize,
}
