//! Feature counts per document, collected before the vocabulary is fixed.

use std::collections::HashMap;

/// Counts of features per document, collected before the vocabulary is fixed.
#[derive(Debug, Default, Clone)]
pub struct TermCounts {
    pub(super) terms: Vec<String>,
    index: HashMap<String, u32>,
    /// Per document: (term id, count), sorted by term id.
    pub(super) docs: Vec<Vec<(u32, u32)>>,
    current: Vec<u32>,
}

impl TermCounts {
    /// No documents yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one occurrence of `feature` to the current document.
    pub fn push(&mut self, feature: &str) {
        let id = match self.index.get(feature) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.terms.push(feature.to_string());
                self.index.insert(feature.to_string(), id);
                id
            }
        };
        self.current.push(id);
    }

    /// Closes the current document (possibly empty) and starts the next.
    pub fn end_document(&mut self) {
        let counts = run_lengths(&mut self.current);
        self.docs.push(counts);
    }

    /// Adds a whole document given as its features.
    pub fn add_document<S: AsRef<str>>(&mut self, features: impl IntoIterator<Item = S>) {
        for f in features {
            self.push(f.as_ref());
        }
        self.end_document();
    }

    /// Number of documents added.
    pub fn n_documents(&self) -> usize {
        self.docs.len()
    }
}

/// Sorts `ids` and turns it into (id, count) pairs; leaves `ids` empty.
pub(super) fn run_lengths(ids: &mut Vec<u32>) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &id in ids.iter() {
        match out.last_mut() {
            Some((last, c)) if *last == id => *c += 1,
            _ => out.push((id, 1)),
        }
    }
    ids.clear();
    out
}
