//! The trained classifier: a task, its labels, the tokenizer settings, the fitted TF-IDF
//! vectorizer and softmax weights, and the manifest of how it was made.

use super::fit::Fitted;
use super::linear::LinearModel;
use super::manifest::Training;
use super::scorer::Scorer;
use super::target::Target;
use crate::error::{Error, Result};
use crate::tokenize::AnalyzerConfig;
use crate::vectorize::Tfidf;

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
    /// What its labels are about, if named.
    pub target: Option<Target>,
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
            target: None,
        }
    }

    /// The same model, naming its target.
    pub fn with_target(self, target: Option<Target>) -> Self {
        Classifier { target, ..self }
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
        Scorer::new(self)
    }
}
