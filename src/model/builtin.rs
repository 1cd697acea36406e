//! The default models, embedded in the binary from `models/` at build time, so that
//! `standpoint score` works from any directory; and the label files they were trained on
//! (named by their manifests, embedded by `build.rs`), so that retraining works from any
//! directory too. The label files are only text in the binary until a command trains.

use std::path::{Path, PathBuf};

use super::manifest::{DataFile, Training};
use super::Classifier;
use crate::error::{Error, Result};
use crate::ingest::label_files::Source;

const STANCE: &str = include_str!(concat!(env!("OUT_DIR"), "/stance.json"));
const SENTIMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/sentiment.json"));
include!(concat!(env!("OUT_DIR"), "/labels.rs"));

/// The embedded text of a label file a built-in model was trained on, by the path its
/// manifest records (e.g. `data/seed_paragraphs.jsonl`).
pub fn label_file(path: &str) -> Option<&'static str> {
    LABEL_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// The paths of the embedded label files.
pub fn label_files() -> impl Iterator<Item = &'static str> {
    LABEL_FILES.iter().map(|(p, _)| *p)
}

/// The embedded JSON of a built-in model (`stance` or `sentiment`), if this build has it.
pub fn json(task: &str) -> Option<&'static str> {
    let text = match task {
        "stance" => STANCE,
        "sentiment" => SENTIMENT,
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Loads the built-in model for `task`.
pub fn load(task: &str) -> Result<Classifier> {
    let text = json(task).ok_or_else(|| {
        Error::params(format!(
            "this build has no built-in '{task}' model (models/{task}.json was missing when it was \
             compiled); pass --model or --model-dir"
        ))
    })?;
    let model = Classifier::from_json(text, &format!("built-in {task} model"))?;
    model.expect_task(task, &format!("built-in {task} model"))?;
    Ok(model)
}

/// Where a label file of a manifest can be read now: the file at its recorded path when it
/// is there with the recorded sha256, else the embedded copy with that sha256, else
/// `None`. One-example-per-line files (`FILE=LABEL`) are not embedded.
pub fn locate(file: &DataFile) -> Option<Source> {
    let path = Path::new(&file.path);
    if path.is_file() && crate::io::sha256_file(path).is_ok_and(|(sha, _)| sha == file.sha256) {
        return Some(Source::File(path.to_path_buf()));
    }
    label_file(&file.path)
        .filter(|text| crate::io::sha256_bytes(text.as_bytes()) == file.sha256)
        .map(|text| Source::Embedded {
            path: PathBuf::from(&file.path),
            text,
        })
}

/// The label files a model was trained on, located ([`locate`]) by role: the base
/// (`data`), the `extra` and the `train-also` files; an error names the files that cannot
/// be found.
pub fn training_sources(training: &Training, origin: &str) -> Result<TrainingSources> {
    let mut found = TrainingSources::default();
    let mut missing = Vec::new();
    for f in &training.data {
        match locate(f) {
            Some(s) if f.role == "data" => found.base.push(s),
            Some(s) if f.role == "train-also" => found.train_also.push(s),
            Some(s) => found.extra.push(s),
            None => missing.push(format!("{} (sha256 {})", f.path, f.sha256)),
        }
    }
    let base = &found.base;
    if !missing.is_empty() || base.is_empty() {
        return Err(Error::params(format!(
            "the labels {origin} was trained on are not here and not built in: {}; pass --data",
            if missing.is_empty() {
                "no base file".to_string()
            } else {
                missing.join(", ")
            }
        )));
    }
    Ok(found)
}

/// A model's label files by role ([`training_sources`]).
#[derive(Debug, Clone, Default)]
pub struct TrainingSources {
    /// The base labels (`--data`).
    pub base: Vec<Source>,
    /// The extra labels (`--extra`).
    pub extra: Vec<Source>,
    /// The labels that only trained (`--train-also`).
    pub train_also: Vec<Source>,
}
