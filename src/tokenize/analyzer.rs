//! The analyzer: runs the token pipeline over a paragraph — words → lower case →
//! apostrophe → negation → stop words → stem → word n-grams, concept phrases, character
//! n-grams — reusing its buffers and stem cache between paragraphs.

use std::sync::Arc;

use super::concepts::Concepts;
use super::config::{AnalyzerConfig, StopWordList};
use super::filter::TokenFilter;
use super::stem::Stem;
use super::stopwords::StopWords;
use super::{chargram, negation, ngram, words, Apostrophe, Lowercase};
use crate::error::Result;

/// Runs the token pipeline over paragraphs; reuses its buffers and stem cache.
#[derive(Debug, Clone)]
pub struct Analyzer {
    config: AnalyzerConfig,
    stop_words: Option<StopWords>,
    stem: Option<Stem>,
    negation: Option<negation::Negation>,
    concepts: Option<Arc<Concepts>>,
    /// Token slots; the first `len` hold the current paragraph's tokens.
    tokens: Vec<String>,
    len: usize,
    /// Every normalised token, stop words included (for concept phrases).
    all: Vec<String>,
    all_len: usize,
    /// Lower-cased words before stop words and stemming (for character n-grams).
    surface: Vec<String>,
    buf: String,
}

impl Analyzer {
    /// An analyzer for `config` (checked).
    pub fn new(config: AnalyzerConfig) -> Result<Self> {
        config.check()?;
        let concepts = config.compile_concepts()?;
        Ok(Analyzer {
            concepts,
            all: Vec::new(),
            all_len: 0,
            stop_words: match &config.stop_words {
                StopWordList::None => None,
                StopWordList::English => Some(StopWords::english()),
                StopWordList::Custom { words, .. } => Some(StopWords::custom(words)),
            },
            stem: config.stem.then(Stem::english),
            negation: (config.negation > 0).then(|| negation::Negation::new(config.negation)),
            config,
            tokens: Vec::new(),
            len: 0,
            surface: Vec::new(),
            buf: String::new(),
        })
    }

    /// The settings this analyzer runs.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// The stemming stage, if enabled (for cache statistics).
    pub fn stemmer(&self) -> Option<&Stem> {
        self.stem.as_ref()
    }

    /// The stop-word filter, if enabled.
    pub fn stop_words(&self) -> Option<&StopWords> {
        self.stop_words.as_ref()
    }

    /// The concept lexicon, if enabled.
    pub fn concepts(&self) -> Option<&Concepts> {
        self.concepts.as_deref()
    }

    /// Runs words → lower-case → apostrophe → stop words → stem; fills `self.tokens[..len]`
    /// (and, with concepts, `self.all[..all_len]` with every token, stop words included).
    fn run(&mut self, text: &str) {
        self.len = 0;
        self.all_len = 0;
        let keep_surface = self.config.char_ngrams.is_some();
        let keep_all = self.concepts.is_some();
        if keep_surface {
            self.surface.clear();
        }
        if let Some(n) = self.negation.as_mut() {
            n.clause_break();
        }
        let mut prev_end = 0;
        for (offset, word) in words::words(text) {
            if let Some(n) = self.negation.as_mut() {
                if negation::is_clause_break(&text[prev_end..offset]) {
                    n.clause_break();
                }
            }
            prev_end = offset + word.len();
            if self.len == self.tokens.len() {
                self.tokens.push(String::new());
            }
            let token = &mut self.tokens[self.len];
            token.clear();
            token.push_str(word);
            Lowercase.apply(token);
            Apostrophe.apply(token);
            if keep_surface {
                self.surface.push(token.clone());
            }
            let negated = match self.negation.as_mut() {
                Some(n) => n.next_word(negation::is_negator(token)),
                None => false,
            };
            let keep = match self.stop_words.as_mut() {
                Some(sw) => sw.apply(token),
                None => true,
            };
            if !keep && !keep_all {
                continue;
            }
            if let Some(st) = self.stem.as_mut() {
                st.apply(token);
            }
            if keep_all {
                if self.all_len == self.all.len() {
                    self.all.push(String::new());
                }
                self.all[self.all_len].clear();
                self.all[self.all_len].push_str(token);
                self.all_len += 1;
            }
            if keep {
                if negated {
                    token.insert_str(0, negation::PREFIX);
                }
                self.len += 1;
            }
        }
    }

    /// The tokens of `text` after every filter (stems, without n-grams).
    pub fn tokens(&mut self, text: &str) -> &[String] {
        self.run(text);
        &self.tokens[..self.len]
    }

    /// Calls `emit` for every feature of `text`: word n-grams, then character n-grams.
    pub fn for_each_feature(&mut self, text: &str, mut emit: impl FnMut(&str)) {
        self.run(text);
        ngram::word_ngrams(
            &self.tokens[..self.len],
            self.config.word_ngrams,
            &mut self.buf,
            &mut emit,
        );
        if let Some(c) = &self.concepts {
            c.for_each_match(&self.all[..self.all_len], &mut emit);
        }
        if let Some(range) = self.config.char_ngrams {
            for word in &self.surface {
                chargram::char_ngrams(word, range, &mut self.buf, &mut emit);
            }
        }
    }

    /// Every feature of `text`, as owned strings.
    pub fn features(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_feature(text, |f| out.push(f.to_string()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Lexicon;

    fn analyzer(stop: StopWordList, stem: bool, ngrams: (usize, usize)) -> Analyzer {
        Analyzer::new(AnalyzerConfig {
            stop_words: stop,
            stem,
            word_ngrams: ngrams,
            char_ngrams: None,
            concepts: None,
            negation: 0,
        })
        .unwrap()
    }

    #[test]
    fn full_pipeline_on_a_seed_sentence() {
        let mut a = analyzer(StopWordList::None, true, (1, 1));
        assert_eq!(
            a.tokens("NATO’s allies don't welcome Asia-Pacific expansion."),
            ["nato", "alli", "don't", "welcom", "asia", "pacif", "expans"]
        );
    }

    #[test]
    fn curly_and_straight_apostrophes_give_the_same_stem() {
        let mut a = analyzer(StopWordList::None, true, (1, 1));
        let curly = a.tokens("Stoltenberg’s").to_vec();
        assert_eq!(curly, a.tokens("Stoltenberg's"));
        assert_eq!(curly, ["stoltenberg"]);
    }

    #[test]
    fn stop_words_are_dropped_before_ngrams() {
        let mut a = analyzer(StopWordList::English, true, (1, 2));
        assert_eq!(
            a.features("NATO is coming to Asia"),
            ["nato", "come", "asia", "nato come", "come asia"]
        );
    }

    #[test]
    fn no_stemming_keeps_lowercased_words() {
        let mut a = analyzer(StopWordList::None, false, (1, 1));
        assert_eq!(
            a.tokens("Expanding NATO’s Role"),
            ["expanding", "nato's", "role"]
        );
    }

    #[test]
    fn character_ngrams_follow_word_ngrams() {
        let mut a = Analyzer::new(AnalyzerConfig {
            stop_words: StopWordList::English,
            stem: true,
            word_ngrams: (1, 1),
            char_ngrams: Some((3, 3)),
            concepts: None,
            negation: 0,
        })
        .unwrap();
        // "the" is a stop word for word features but still gives character n-grams.
        assert_eq!(
            a.features("The EU"),
            ["eu", "c: th", "c:the", "c:he ", "c: eu", "c:eu "]
        );
    }

    #[test]
    fn concepts_match_stems_across_stop_words() {
        let mut a = Analyzer::new(AnalyzerConfig {
            stop_words: StopWordList::English,
            stem: true,
            word_ngrams: (1, 1),
            char_ngrams: None,
            concepts: Some(Lexicon {
                name: "t".into(),
                text: "meddle: meddle, interfere\nneed: no need".into(),
            }),
            negation: 0,
        })
        .unwrap();
        // "meddling" and "interfere" stem like lexicon phrases; "no need" spans a stop word.
        assert_eq!(
            a.features("Stop meddling: they interfere. No need."),
            ["stop", "meddl", "interfer", "need", "#meddle", "#meddle", "#need"]
        );
    }

    #[test]
    fn negation_marks_stems_within_the_clause_only() {
        let mut a = Analyzer::new(AnalyzerConfig {
            stop_words: StopWordList::English,
            word_ngrams: (1, 1),
            negation: 3,
            ..AnalyzerConfig::default()
        })
        .unwrap();
        // "not" and "a" are stop words: dropped, but "a" still counts in the scope of 3.
        assert_eq!(
            a.tokens("It's not a good film, but the cast doesn't disappoint."),
            [
                "it",
                "not_good",
                "not_film",
                "cast",
                "doesn't",
                "not_disappoint"
            ]
        );
        // Each paragraph starts outside any negation.
        assert_eq!(a.tokens("Fun."), ["fun"]);
    }

    #[test]
    fn buffers_are_reused_across_calls() {
        let mut a = analyzer(StopWordList::None, true, (1, 2));
        assert_eq!(a.features("one two three").len(), 5);
        assert_eq!(a.features("four"), ["four"]);
        assert!(a.features("").is_empty());
    }
}
