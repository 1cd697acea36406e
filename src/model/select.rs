//! Which models a command uses: model files given by the user, checked to predict the task
//! they are used for, a directory of models, or the built-in ones.

use std::path::{Path, PathBuf};

use super::builtin;
use super::classifier::Classifier;
use crate::error::{display_path, Error, Result};

/// The model for `task`: the file at `path`, which must predict `task`, else the built-in
/// model.
pub fn for_task(path: Option<&Path>, task: &str) -> Result<Classifier> {
    match path {
        Some(p) => {
            let m = Classifier::load(p)?;
            m.expect_task(task, &display_path(p))?;
            Ok(m)
        }
        None => builtin::load(task),
    }
}

/// The stance and sentiment models to score an article with when `model`, a `task` model
/// (stance or sentiment), is explained: `model` in its task's place, the other task's
/// built-in model in the other, so the article scores as `score` scores it.
pub fn beside_builtin(model: Classifier, task: &str) -> Result<(Classifier, Classifier)> {
    Ok(if task == "sentiment" {
        (builtin::load("stance")?, model)
    } else {
        (model, builtin::load("sentiment")?)
    })
}

/// The stance and sentiment models: `files` by the task each predicts (at most one per
/// task), else `dir/stance.json` and `dir/sentiment.json`, else the built-in ones.
pub fn stance_and_sentiment(
    files: &[PathBuf],
    dir: Option<&Path>,
) -> Result<(Classifier, Classifier)> {
    let mut stance: Option<Classifier> = None;
    let mut sentiment: Option<Classifier> = None;
    for path in files {
        let m = Classifier::load(path)?;
        let slot = match m.task.as_str() {
            "stance" => &mut stance,
            "sentiment" => &mut sentiment,
            other => {
                return Err(Error::file(
                    path,
                    format!("is a '{other}' model; score needs a stance or a sentiment model"),
                ))
            }
        };
        if slot.is_some() {
            return Err(Error::file(
                path,
                format!("a second '{}' model was given", m.task),
            ));
        }
        *slot = Some(m);
    }
    let get = |slot: Option<Classifier>, task: &str| -> Result<Classifier> {
        match (slot, dir) {
            (Some(m), _) => Ok(m),
            (None, Some(dir)) => for_task(Some(&dir.join(format!("{task}.json"))), task),
            (None, None) => builtin::load(task),
        }
    };
    Ok((get(stance, "stance")?, get(sentiment, "sentiment")?))
}
