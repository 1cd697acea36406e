//! Tokenize: paragraph text → features.
//!
//! The stages, each in its own file:
//! [`words`] (Unicode words) → [`Lowercase`] → [`Apostrophe`] (`’` → `'`) →
//! [`negation`] (optional: `not_` on words after a negator) →
//! [`StopWords`] (optional) → [`Stem`] (Snowball English, cached) →
//! [`ngram`] (word n-grams joined by one space) and, optionally, [`concepts`] (lexicon
//! phrases → `#concept` features) and [`chargram`] (character n-grams within words).
//! [`Analyzer`] runs them in that order.

mod apostrophe;
pub mod chargram;
pub mod concepts;
mod lowercase;
pub mod negation;
pub mod ngram;
mod stem;
mod stopwords;
pub mod words;

pub use apostrophe::Apostrophe;
pub use concepts::Concepts;
pub use lowercase::Lowercase;
pub use stem::Stem;
pub use stopwords::{StopWords, ENGLISH as ENGLISH_STOP_WORDS};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One stage of the token pipeline: rewrites a token in place, or drops it.
pub trait TokenFilter {
    /// Rewrites `token`; returns `false` to drop it from the stream.
    fn apply(&mut self, token: &mut String) -> bool;
}

/// Which stop words to drop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StopWordList {
    /// Keep every word.
    #[default]
    None,
    /// scikit-learn's English list (318 words).
    English,
    /// A list given by the user (stored whole in the model).
    Custom {
        /// Where it came from, e.g. `english,topic.txt`.
        name: String,
        /// The words, lower-cased, sorted.
        words: Vec<String>,
    },
}

/// Tokenizer settings; stored in every model file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerConfig {
    /// Stop words dropped before stemming.
    pub stop_words: StopWordList,
    /// Snowball English stemming.
    pub stem: bool,
    /// Word n-gram range `(min, max)`; `(1, 1)` is unigrams only.
    pub word_ngrams: (usize, usize),
    /// Character n-gram range within words, if any.
    pub char_ngrams: Option<(usize, usize)>,
    /// Concept lexicon, if any.
    pub concepts: Option<Lexicon>,
    /// Mark this many words after a negator with `not_` (0: off).
    pub negation: usize,
}

/// A concept lexicon as stored in a model: its name and full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// `builtin` or the file it was read from.
    pub name: String,
    /// The lexicon text (see [`concepts`]).
    pub text: String,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Self {
        Lexicon {
            name: "builtin".into(),
            text: concepts::BUILTIN.into(),
        }
    }
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            stop_words: StopWordList::None,
            stem: true,
            word_ngrams: (1, 2),
            char_ngrams: None,
            concepts: None,
            negation: 0,
        }
    }
}

impl AnalyzerConfig {
    /// Checks the n-gram ranges.
    pub fn check(&self) -> Result<()> {
        let (lo, hi) = self.word_ngrams;
        if !(1 <= lo && lo <= hi && hi <= 6) {
            return Err(Error::params(format!(
                "word n-gram range {lo},{hi}: expected 1 <= min <= max <= 6"
            )));
        }
        if self.negation > 50 {
            return Err(Error::params(format!(
                "negation scope {}: expected at most 50 words",
                self.negation
            )));
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if !(1 <= lo && lo <= hi && hi <= 10) {
                return Err(Error::params(format!(
                    "character n-gram range {lo},{hi}: expected 1 <= min <= max <= 10"
                )));
            }
        }
        self.compile_concepts().map(|_| ())
    }

    /// The compiled lexicon, its phrases normalised like this analyzer's tokens. Compiling
    /// stems every phrase, so each distinct lexicon is compiled once and shared (the memo
    /// keeps at most [`LEXICON_MEMO`] lexicons: a process that loads endless models does
    /// not grow without bound).
    fn compile_concepts(&self) -> Result<Option<Arc<Concepts>>> {
        let Some(lex) = &self.concepts else {
            return Ok(None);
        };
        let key = (lex.name.clone(), lex.text.clone(), self.stem);
        let memo = concept_memo();
        if let Some(c) = memo.lock().expect("lexicon memo").get(&key) {
            return Ok(Some(c.clone()));
        }
        let mut stem = self.stem.then(Stem::english);
        let normalize = |phrase: &str| -> Vec<String> {
            words::words(phrase)
                .map(|(_, w)| {
                    let mut t = w.to_string();
                    Lowercase.apply(&mut t);
                    Apostrophe.apply(&mut t);
                    if let Some(s) = stem.as_mut() {
                        s.apply(&mut t);
                    }
                    t
                })
                .collect()
        };
        let compiled = Arc::new(Concepts::parse(&lex.text, &lex.name, normalize)?);
        let mut memo = memo.lock().expect("lexicon memo");
        if memo.len() >= LEXICON_MEMO {
            memo.clear();
        }
        memo.insert(key, compiled.clone());
        Ok(Some(compiled))
    }
}

/// Compiled lexicons kept for reuse, at most.
pub const LEXICON_MEMO: usize = 16;

type LexiconKey = (String, String, bool);

fn concept_memo() -> &'static Mutex<HashMap<LexiconKey, Arc<Concepts>>> {
    static COMPILED: OnceLock<Mutex<HashMap<LexiconKey, Arc<Concepts>>>> = OnceLock::new();
    COMPILED.get_or_init(Default::default)
}

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
    fn bad_lexicon_is_a_parameter_error() {
        let c = AnalyzerConfig {
            concepts: Some(Lexicon {
                name: "lex.txt".into(),
                text: "nonsense".into(),
            }),
            ..AnalyzerConfig::default()
        };
        assert_eq!(
            Analyzer::new(c).unwrap_err().to_string(),
            "lex.txt:1: expected 'concept: phrase, phrase, …'"
        );
        let builtin = AnalyzerConfig {
            concepts: Some(Lexicon::builtin()),
            ..AnalyzerConfig::default()
        };
        assert!(Analyzer::new(builtin).is_ok());
    }

    #[test]
    fn the_lexicon_memo_stays_bounded_however_many_lexicons_are_loaded() {
        for i in 0..3 * LEXICON_MEMO {
            let c = AnalyzerConfig {
                concepts: Some(Lexicon {
                    name: format!("lex{i}.txt"),
                    text: format!("bloc: nato, alliance{i}\n"),
                }),
                ..AnalyzerConfig::default()
            };
            let mut a = Analyzer::new(c).unwrap();
            assert!(a
                .features(&format!("the alliance{i}"))
                .contains(&"#bloc".to_string()));
            assert!(concept_memo().lock().unwrap().len() <= LEXICON_MEMO);
        }
    }

    #[test]
    fn buffers_are_reused_across_calls() {
        let mut a = analyzer(StopWordList::None, true, (1, 2));
        assert_eq!(a.features("one two three").len(), 5);
        assert_eq!(a.features("four"), ["four"]);
        assert!(a.features("").is_empty());
    }

    #[test]
    fn bad_ngram_ranges_are_rejected() {
        for (lo, hi) in [(0, 1), (2, 1), (1, 7)] {
            let c = AnalyzerConfig {
                word_ngrams: (lo, hi),
                ..AnalyzerConfig::default()
            };
            assert!(Analyzer::new(c).is_err(), "{lo},{hi}");
        }
    }
}
