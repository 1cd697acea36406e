//! Model: a trained classifier (tokenizer settings, TF-IDF vocabulary and idf, softmax
//! weights) and its JSON file format.
//!
//! A model file is one JSON object: `format`, `format_version`, `task`, `labels`,
//! `analyzer`, `tfidf` (params, vocabulary, idf), `intercept`, `weights` (one array per
//! label, aligned with the vocabulary) and `training` (the manifest: data files with
//! sha256, counts, hyper-parameters, fit checks, cross-validation figures). Floats are
//! written so that they read back bit for bit.

pub mod builtin;
pub mod fit;
pub mod linear;
pub mod params;
pub mod sparse;

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::error::{display_path, Error, Result};
use crate::evaluate::metrics::Report;
use crate::tokenize::{Analyzer, AnalyzerConfig};
use crate::vectorize::compiled::Compiled;
use crate::vectorize::{SparseRow, Tfidf};
pub use fit::{FitReport, Fitted};
pub use linear::LinearModel;
pub use params::{Balance, Solver, TrainParams};

/// The `format` value of a model file.
pub const FORMAT: &str = "standpoint-model";
/// The model file version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

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
    /// How α was chosen, with `--search`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<crate::evaluate::search::SearchRecord>,
    /// How extra label files were merged in, with `--extra`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<crate::ingest::merge::MergeReport>,
}

/// A trained classifier, ready to score paragraphs.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// The task, i.e. the label field it predicts (`stance`, `sentiment`, …).
    pub task: String,
    /// Labels, in weight-column order.
    pub labels: Vec<String>,
    /// Tokenizer settings.
    pub analyzer: AnalyzerConfig,
    /// Vocabulary and idf.
    pub tfidf: Tfidf,
    /// Weights and intercepts.
    pub linear: LinearModel,
    /// How it was trained.
    pub training: Training,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    format_version: u32,
    task: String,
    labels: Vec<String>,
    analyzer: AnalyzerConfig,
    tfidf: Tfidf,
    intercept: Vec<f64>,
    weights: Vec<Vec<f64>>,
    training: Training,
}

/// Just enough of a model file to check what it is before reading it all.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
}

/// Whether a JSON error points at the very end of `text` (a file cut short mid-token).
fn at_end(text: &str, e: &serde_json::Error) -> bool {
    let before: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    before + e.column() >= text.trim_end().len()
}

impl Classifier {
    /// Wraps a fit with its task and manifest.
    pub fn new(task: &str, fitted: Fitted, training: Training) -> Self {
        Classifier {
            task: task.to_string(),
            labels: fitted.labels,
            analyzer: fitted.analyzer,
            tfidf: fitted.tfidf,
            linear: fitted.linear,
            training,
        }
    }

    /// The model as JSON text (ends with a newline).
    pub fn to_json(&self) -> String {
        let k = self.labels.len();
        let weights = (0..k)
            .map(|c| self.linear.weights.column(c).to_vec())
            .collect();
        let file = ModelFile {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            task: self.task.clone(),
            labels: self.labels.clone(),
            analyzer: self.analyzer.clone(),
            tfidf: self.tfidf.clone(),
            intercept: self.linear.intercept.to_vec(),
            weights,
            training: self.training.clone(),
        };
        let mut s = serde_json::to_string(&file).expect("model serialises");
        s.push('\n');
        s
    }

    /// Reads a model from JSON text; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &str) -> Result<Self> {
        let bad = |msg: String| Error::file(origin, msg);
        let header: Header = serde_json::from_str(text).map_err(|e| {
            bad(if e.is_eof() || at_end(text, &e) {
                format!(
                    "model file is truncated (ends at line {} column {})",
                    e.line(),
                    e.column()
                )
            } else {
                format!(
                    "not a model file: invalid JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                )
            })
        })?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(bad(format!(
                "not a standpoint model file (no \"format\": \"{FORMAT}\")"
            )));
        }
        match header.format_version {
            Some(FORMAT_VERSION) => {}
            Some(v) if v > FORMAT_VERSION => {
                return Err(bad(format!(
                "model format version {v} is newer than this standpoint reads ({FORMAT_VERSION}); \
                     upgrade standpoint or retrain the model"
            )))
            }
            Some(v) => return Err(bad(format!("model format version {v} is not supported"))),
            None => return Err(bad("model file has no format_version".into())),
        }
        let f: ModelFile =
            serde_json::from_str(text).map_err(|e| bad(format!("invalid model file: {e}")))?;
        let k = f.labels.len();
        let n = f.tfidf.len();
        if k < 2 || f.intercept.len() != k || f.weights.len() != k {
            return Err(bad(format!(
                "inconsistent model: {k} labels, {} intercepts, {} weight rows",
                f.intercept.len(),
                f.weights.len()
            )));
        }
        if let Some((c, row)) = f.weights.iter().enumerate().find(|(_, r)| r.len() != n) {
            return Err(bad(format!(
                "inconsistent model: weights for '{}' have {} entries, vocabulary has {n}",
                f.labels[c],
                row.len()
            )));
        }
        if f.weights
            .iter()
            .flatten()
            .chain(&f.intercept)
            .any(|v| !v.is_finite())
        {
            return Err(bad("model has non-finite weights".into()));
        }
        f.analyzer.check().map_err(|e| bad(e.to_string()))?;
        let mut weights = Array2::<f64>::zeros((n, k));
        for (c, row) in f.weights.iter().enumerate() {
            weights.column_mut(c).assign(&Array1::from(row.clone()));
        }
        Ok(Classifier {
            task: f.task,
            labels: f.labels,
            analyzer: f.analyzer,
            tfidf: f.tfidf,
            linear: LinearModel {
                weights,
                intercept: Array1::from(f.intercept),
            },
            training: f.training,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::byte(
                path,
                e.utf8_error().valid_up_to() as u64,
                "model file is not UTF-8",
            )
        })?;
        Self::from_json(&text, &display_path(path))
    }

    /// Writes the model atomically, keeping a previous file at `path` as `path.bak`.
    pub fn save(&self, path: &Path) -> Result<()> {
        crate::io::write_atomic(path, self.to_json().as_bytes(), true)
    }

    /// Fails unless this model predicts `task`.
    pub fn expect_task(&self, task: &str, origin: &str) -> Result<()> {
        if self.task != task {
            return Err(Error::file(
                origin,
                format!(
                    "is a '{}' model, but a '{task}' model is needed here",
                    self.task
                ),
            ));
        }
        Ok(())
    }

    /// The column of `label`, if the model has it.
    pub fn label_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }

    /// A scorer with its own tokenizer state (one per thread).
    pub fn scorer(&self) -> Scorer<'_> {
        Scorer {
            model: self,
            compiled: Compiled::new(&[(&self.analyzer, &self.tfidf)]),
            analyzer: Analyzer::new(self.analyzer.clone()).expect("checked on load"),
            ids: Vec::new(),
        }
    }
}

/// Scores texts with one model; keeps its caches and buffers between calls. Uses the
/// compiled fast path ([`Compiled`]) when the model's settings allow it.
#[derive(Debug, Clone)]
pub struct Scorer<'m> {
    model: &'m Classifier,
    compiled: Option<Compiled>,
    analyzer: Analyzer,
    ids: Vec<u32>,
}

impl Scorer<'_> {
    /// The model.
    pub fn model(&self) -> &Classifier {
        self.model
    }

    /// The TF-IDF row of `text`.
    pub fn vectorize(&mut self, text: &str) -> SparseRow {
        let tfidf = &self.model.tfidf;
        if let Some(c) = self.compiled.as_mut() {
            return c.transform(tfidf, text);
        }
        let ids = &mut self.ids;
        self.analyzer.for_each_feature(text, |f| {
            if let Some(id) = tfidf.feature_index(f) {
                ids.push(id);
            }
        });
        tfidf.transform_ids(ids)
    }

    /// Class probabilities of `text`, in the model's label order.
    pub fn predict_proba(&mut self, text: &str) -> Vec<f64> {
        let row = self.vectorize(text);
        self.model.linear.predict_proba(&row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::metrics;

    pub(crate) fn toy_model() -> Classifier {
        let texts = [
            "nato expansion threatens peace in asia",
            "nato meddling provokes confrontation",
            "welcome closer partnership with nato",
            "nato cooperation strengthens security",
            "the summit was held on tuesday",
            "leaders met in washington",
        ];
        let labels = ["AGAINST", "AGAINST", "FAVOR", "FAVOR", "NONE", "NONE"];
        let params = TrainParams::default();
        let fitted = params.fit(&texts, &labels).unwrap();
        let report = metrics::report(
            &fitted.labels,
            &[0, 1],
            &[vec![0.8, 0.1, 0.1], vec![0.2, 0.7, 0.1]],
        );
        let training = Training {
            tool: "test".into(),
            label_field: "stance".into(),
            text_field: "text".into(),
            data: vec![],
            class_counts: BTreeMap::new(),
            params,
            fit: fitted.report.clone(),
            cv: Some(CvRecord {
                scheme: "test".into(),
                folds: 2,
                report,
            }),
            search: None,
            merge: None,
        };
        Classifier::new("stance", fitted, training)
    }

    #[test]
    fn json_round_trip_is_bit_exact() {
        let m = toy_model();
        let json = m.to_json();
        let back = Classifier::from_json(&json, "m.json").unwrap();
        assert_eq!(back.linear, m.linear);
        assert_eq!(back.tfidf, m.tfidf);
        assert_eq!(back.training, m.training);
        assert_eq!(back.to_json(), json);
        let text = "NATO expansion in Asia";
        assert_eq!(
            back.scorer().predict_proba(text),
            m.scorer().predict_proba(text)
        );
    }

    #[test]
    fn truncated_foreign_and_future_files_are_clear_errors() {
        let json = toy_model().to_json();
        let err = Classifier::from_json(&json[..json.len() / 2], "m.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("m.json: model file is truncated"), "{err}");
        let err = Classifier::from_json("{\"name\":\"x\"}", "m.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a standpoint model file"), "{err}");
        let future = json.replacen("\"format_version\":1", "\"format_version\":99", 1);
        let err = Classifier::from_json(&future, "m.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 99 is newer"), "{err}");
    }

    #[test]
    fn wrong_task_is_named() {
        let m = toy_model();
        let err = m
            .expect_task("sentiment", "m.json")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "m.json: is a 'stance' model, but a 'sentiment' model is needed here"
        );
    }

    #[test]
    fn inconsistent_shapes_are_rejected() {
        let json = toy_model().to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut bad = v.clone();
        bad["weights"][0].as_array_mut().unwrap().pop();
        let err = Classifier::from_json(&bad.to_string(), "m.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("inconsistent model"), "{err}");
    }

    #[test]
    fn save_is_atomic_and_keeps_a_backup() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("stance.json");
        let m = toy_model();
        m.save(&p).unwrap();
        m.save(&p).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), m.to_json());
        assert!(crate::io::backup_path(&p).exists());
        assert_eq!(Classifier::load(&p).unwrap().labels, m.labels);
    }
}
