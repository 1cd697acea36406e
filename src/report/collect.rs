//! Scored articles gathered for a report, one per id: the same article counted twice would
//! narrow the intervals falsely, so a repeated id is an error naming where both copies were
//! read, unless repeats are to be dropped (`report --dedup`).

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::pipeline::ScoredArticle;

/// Scored articles by id, with where each was first read.
#[derive(Debug, Default)]
pub struct Collected {
    articles: Vec<ScoredArticle>,
    seen: HashMap<String, String>,
    dedup: bool,
    dropped: usize,
}

impl Collected {
    /// An empty collection; with `dedup`, a repeated id is dropped instead of refused.
    pub fn new(dedup: bool) -> Self {
        Collected {
            dedup,
            ..Collected::default()
        }
    }

    /// Adds `a`, read at `at` (`FILE:LINE`).
    pub fn push(&mut self, a: ScoredArticle, at: String) -> Result<()> {
        match self.seen.get(&a.id) {
            Some(_) if self.dedup => {
                self.dropped += 1;
                Ok(())
            }
            Some(first) => Err(Error::data(format!(
                "{at}: article id '{}' was already read at {first}; pass --dedup to keep only the first",
                a.id
            ))),
            None => {
                self.seen.insert(a.id.clone(), at);
                self.articles.push(a);
                Ok(())
            }
        }
    }

    /// How many repeats were dropped.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The articles kept, in the order they were added.
    pub fn into_articles(self) -> Vec<ScoredArticle> {
        self.articles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str) -> ScoredArticle {
        ScoredArticle {
            id: id.into(),
            source: "S".into(),
            title: None,
            date: None,
            author: None,
            url: None,
            stance: None,
            sentiment: None,
            paragraphs: 0,
            paragraph_scores: None,
        }
    }

    #[test]
    fn a_repeated_id_names_both_places_unless_dropped() {
        let mut c = Collected::new(false);
        c.push(article("a"), "x.jsonl:1".into()).unwrap();
        let err = c.push(article("a"), "y.jsonl:4".into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "y.jsonl:4: article id 'a' was already read at x.jsonl:1; pass --dedup to keep only the first"
        );
        let mut c = Collected::new(true);
        for at in ["x:1", "x:2"] {
            c.push(article("a"), at.into()).unwrap();
        }
        c.push(article("b"), "x:3".into()).unwrap();
        assert_eq!(c.dropped(), 1);
        let ids: Vec<String> = c.into_articles().into_iter().map(|a| a.id).collect();
        assert_eq!(ids, ["a", "b"]);
    }
}
