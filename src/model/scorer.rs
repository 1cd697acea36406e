//! Scoring texts with one model: its analyzer and vectorizer, with their caches, per thread.

use super::classifier::Classifier;
use crate::tokenize::Analyzer;
use crate::vectorize::fused::FusedVectorizer;
use crate::vectorize::SparseRow;

/// Scores texts with one model; keeps its caches and buffers between calls. Uses the
/// fused fast path ([`FusedVectorizer`]) when the model's settings allow it.
#[derive(Debug, Clone)]
pub struct Scorer<'m> {
    model: &'m Classifier,
    fused: Option<FusedVectorizer>,
    analyzer: Analyzer,
    ids: Vec<u32>,
}

impl<'m> Scorer<'m> {
    /// A scorer for `model` with empty caches.
    pub fn new(model: &'m Classifier) -> Self {
        Scorer {
            model,
            fused: FusedVectorizer::new(&[(&model.analyzer, &model.tfidf)]),
            analyzer: Analyzer::new(model.analyzer.clone()).expect("checked on load"),
            ids: Vec::new(),
        }
    }

    /// The model.
    pub fn model(&self) -> &Classifier {
        self.model
    }

    /// The TF-IDF row of `text`.
    pub fn vectorize(&mut self, text: &str) -> SparseRow {
        let tfidf = &self.model.tfidf;
        if let Some(c) = self.fused.as_mut() {
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
