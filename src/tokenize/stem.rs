//! Stemming filter: Snowball English (Porter 2) via `rust-stemmers`, cached per word.
//!
//! rust-stemmers 1.2 gives the same stems as NLTK's `SnowballStemmer("english")` once
//! curly apostrophes are mapped to `'` (see [`super::apostrophe`]).

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::TokenFilter;

/// Distinct words the cache holds before it is emptied, so that memory stays bounded on
/// archives with endless distinct tokens (ids, URLs, junk).
pub const CACHE_WORDS: usize = 1 << 17;

/// Replaces each token with its Snowball English stem; remembers the stems it computed
/// (up to [`CACHE_WORDS`] words, then starts again).
pub struct Stem {
    stemmer: Stemmer,
    cache: HashMap<String, String>,
    misses: u64,
}

impl Stem {
    /// A stemmer with an empty cache.
    pub fn english() -> Self {
        Stem {
            stemmer: Stemmer::create(Algorithm::English),
            cache: HashMap::new(),
            misses: 0,
        }
    }

    /// The stem of `word`, without touching the cache.
    pub fn stem_uncached(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// How many distinct words were stemmed (cache misses) so far.
    pub fn misses(&self) -> u64 {
        self.misses
    }

    /// How many distinct words the cache holds.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }
}

impl Clone for Stem {
    /// A clone shares nothing: it starts with the same cached stems.
    fn clone(&self) -> Self {
        Stem {
            stemmer: Stemmer::create(Algorithm::English),
            cache: self.cache.clone(),
            misses: 0,
        }
    }
}

impl std::fmt::Debug for Stem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stem")
            .field("cached", &self.cache.len())
            .finish()
    }
}

impl TokenFilter for Stem {
    fn apply(&mut self, token: &mut String) -> bool {
        if let Some(stem) = self.cache.get(token.as_str()) {
            token.clear();
            token.push_str(stem);
            return true;
        }
        self.misses += 1;
        let stem = self.stemmer.stem(token).into_owned();
        let word = std::mem::replace(token, stem);
        if self.cache.len() >= CACHE_WORDS {
            self.cache.clear();
        }
        self.cache.insert(word, token.clone());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(f: &mut Stem, w: &str) -> String {
        let mut t = w.to_string();
        f.apply(&mut t);
        t
    }

    #[test]
    fn snowball_english_stems() {
        let mut f = Stem::english();
        let got: Vec<String> = [
            "alliances",
            "expanding",
            "nato's",
            "generously",
            "deterrence",
            "threatening",
        ]
        .iter()
        .map(|w| stem(&mut f, w))
        .collect();
        assert_eq!(
            got,
            ["allianc", "expand", "nato", "generous", "deterr", "threaten"]
        );
    }

    #[test]
    fn cache_hit_gives_the_same_stem_and_counts_misses_once() {
        let mut f = Stem::english();
        assert_eq!(stem(&mut f, "cooperation"), "cooper");
        assert_eq!(stem(&mut f, "cooperation"), "cooper");
        assert_eq!(stem(&mut f, "cooperating"), "cooper");
        assert_eq!(f.misses(), 2);
        assert_eq!(f.cached(), 2);
        assert_eq!(f.stem_uncached("cooperation"), "cooper");
    }

    #[test]
    fn the_cache_stays_bounded_and_stems_stay_right() {
        let mut f = Stem::english();
        for i in 0..CACHE_WORDS + 10 {
            stem(&mut f, &format!("w{i}ing"));
        }
        assert!(f.cached() <= CACHE_WORDS, "{} cached", f.cached());
        assert_eq!(stem(&mut f, "cooperation"), "cooper");
        assert_eq!(stem(&mut f, "walking5"), "walking5");
        assert_eq!(stem(&mut f, "talking"), "talk");
    }
}
