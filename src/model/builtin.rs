//! The default models, embedded in the binary from `models/` at build time, so that
//! `standpoint score` works from any directory.

use super::Classifier;
use crate::error::{Error, Result};

const STANCE: &str = include_str!(concat!(env!("OUT_DIR"), "/stance.json"));
const SENTIMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/sentiment.json"));

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
