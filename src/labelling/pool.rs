//! What a labelling session starts from, read and checked once: shared by the terminal loop
//! (`label`) and the studio.

use crate::ingest::label_files::{Example, Task};
use crate::ingest::Article;
use crate::model::Classifier;

use super::Plan;

/// A session's pieces: the model, the task and its labels, the base labels, the paragraphs
/// not to ask, the pool and the plan.
pub struct Prepared {
    /// The model to ask with, if any.
    pub model: Option<Classifier>,
    /// The task.
    pub task: Task,
    /// The labels offered (canonical).
    pub labels: Vec<String>,
    /// Base labels to retrain with.
    pub base: Vec<Example>,
    /// Paragraphs labelled elsewhere (base and `--labelled`), not to be asked.
    pub known: Vec<String>,
    /// The pool, article ids unique.
    pub articles: Vec<Article>,
    /// Order and retraining.
    pub plan: Plan,
}
