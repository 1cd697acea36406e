//! The model file: one JSON object — `format`, `format_version`, `task`, `target` (name and
//! definition, when named), `labels`,
//! `analyzer`, `tfidf` (params, vocabulary, idf), `intercept`, `weights` (one array per
//! label, aligned with the vocabulary), `two_step` (the label decided first, for a
//! two-step model; absent for one softmax) and `training` (the [`super::manifest`]). Floats are
//! written so that they read back bit for bit; a file is checked whole before it is used.

use std::path::Path;

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::classifier::Classifier;
use super::linear::{Head, LinearModel};
use super::manifest::Training;
use super::target::Target;
use crate::error::{display_path, Error, Result};
use crate::tokenize::AnalyzerConfig;
use crate::vectorize::Tfidf;

/// The `format` value of a model file.
pub const FORMAT: &str = "standpoint-model";
/// The model file version this build writes. Version 2 added the `target`, `extra_weight`
/// and `char_weight` to the settings and the `--train-also` count to the merge record;
/// version 3 the two-step head (`two_step`).
pub const FORMAT_VERSION: u32 = 3;
/// The oldest model file version this build reads (missing fields take their defaults).
pub const OLDEST_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    format_version: u32,
    task: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<Target>,
    labels: Vec<String>,
    analyzer: AnalyzerConfig,
    tfidf: Tfidf,
    intercept: Vec<f64>,
    weights: Vec<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    two_step: Option<String>,
    training: Training,
}

/// Just enough of a model file to check what it is before reading it all.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
}

/// The error for a text whose header is not this format's: invalid or truncated JSON, no
/// `format`, or an unsupported `format_version`; `Ok` when the header is fine.
fn check_header(text: &str, origin: &str) -> Result<()> {
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
        Some(v) if (OLDEST_VERSION..=FORMAT_VERSION).contains(&v) => {}
        Some(v) if v > FORMAT_VERSION => {
            return Err(bad(format!(
                "model format version {v} is newer than this standpoint reads ({FORMAT_VERSION}); \
                 upgrade standpoint or retrain the model"
            )))
        }
        Some(v) => return Err(bad(format!("model format version {v} is not supported"))),
        None => return Err(bad("model file has no format_version".into())),
    }
    Ok(())
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
            target: self.target.clone(),
            labels: self.labels.clone(),
            analyzer: self.analyzer.clone(),
            tfidf: self.tfidf.clone(),
            intercept: self.linear.intercept.to_vec(),
            weights,
            two_step: match self.linear.head {
                Head::Flat => None,
                Head::TwoStep { none } => Some(self.labels[none].clone()),
            },
            training: self.training.clone(),
        };
        let mut s = serde_json::to_string(&file).expect("model serialises");
        s.push('\n');
        s
    }

    /// Reads a model from JSON text; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &str) -> Result<Self> {
        let bad = |msg: String| Error::file(origin, msg);
        // The whole file is parsed once; only when that fails, or names another format,
        // is the header read on its own to say what is wrong.
        let f = match serde_json::from_str::<ModelFile>(text) {
            Ok(f)
                if f.format == FORMAT
                    && (OLDEST_VERSION..=FORMAT_VERSION).contains(&f.format_version) =>
            {
                f
            }
            parsed => {
                check_header(text, origin)?;
                parsed.map_err(|e| bad(format!("invalid model file: {e}")))?
            }
        };
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
        let head = match &f.two_step {
            None => Head::Flat,
            Some(label) => match f.labels.iter().position(|l| l == label) {
                Some(none) if k >= 3 => Head::TwoStep { none },
                Some(_) => {
                    return Err(bad(format!(
                        "a two-step model needs at least three labels, this one has {k}"
                    )))
                }
                None => {
                    return Err(bad(format!(
                        "two_step names '{label}', which is not one of the labels"
                    )))
                }
            },
        };
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
                head,
            },
            training: f.training,
            target: f.target,
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
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::evaluate::metrics;
    use crate::model::{CvRecord, TrainParams};

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
        let future = json.replacen(
            &format!("\"format_version\":{FORMAT_VERSION}"),
            "\"format_version\":99",
            1,
        );
        let err = Classifier::from_json(&future, "m.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 99 is newer"), "{err}");
        let ancient = json.replacen(
            &format!("\"format_version\":{FORMAT_VERSION}"),
            "\"format_version\":0",
            1,
        );
        let err = Classifier::from_json(&ancient, "m.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 0 is not supported"), "{err}");
    }

    #[test]
    fn version_1_files_read_with_the_new_settings_at_their_defaults() {
        let json = toy_model().to_json();
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["format_version"] = 1.into();
        v["training"]["params"]
            .as_object_mut()
            .unwrap()
            .remove("extra_weight");
        let m = Classifier::from_json(&v.to_string(), "old.json").unwrap();
        assert_eq!(m.training.params.extra_weight, 1.0);
        assert!(m
            .to_json()
            .contains(&format!("\"format_version\":{FORMAT_VERSION}")));
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
