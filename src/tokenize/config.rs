//! Tokenizer settings, stored in every model file: stop words, stemming, n-gram ranges,
//! negation and the concept lexicon, with their checks; the stop-word and lexicon options
//! as given on a command line; and the memo of compiled lexicons.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::concepts::{self, Concepts};
use super::filter::TokenFilter;
use super::stem::Stem;
use super::stopwords::ENGLISH;
use super::words;
use crate::error::{display_path, Error, Result};
use crate::ingest::Encoding;
use crate::text::normalize_word;

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
    pub(super) fn compile_concepts(&self) -> Result<Option<Arc<Concepts>>> {
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
                    let mut t = normalize_word(w);
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

pub(super) fn concept_memo() -> &'static Mutex<HashMap<LexiconKey, Arc<Concepts>>> {
    static COMPILED: OnceLock<Mutex<HashMap<LexiconKey, Arc<Concepts>>>> = OnceLock::new();
    COMPILED.get_or_init(Default::default)
}

/// A file's text, decoded as UTF-8 (errors name the file and byte).
fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Encoding::Utf8.decode(&bytes, path, 0)
}

impl StopWordList {
    /// The list a command line names: `none`, `english`, or a comma-separated union of
    /// `english` and files with one word per line (`#` starts a comment), stored whole.
    pub fn from_spec(spec: &str) -> Result<StopWordList> {
        match spec {
            "none" => return Ok(StopWordList::None),
            "english" => return Ok(StopWordList::English),
            _ => {}
        }
        let mut words: Vec<String> = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part == "english" {
                words.extend(ENGLISH.iter().map(|w| w.to_string()));
                continue;
            }
            let p = Path::new(part);
            for (i, line) in read_utf8(p)?.lines().enumerate() {
                let w = line.trim();
                if w.is_empty() || w.starts_with('#') {
                    continue;
                }
                if w.contains(char::is_whitespace) {
                    return Err(Error::line(p, i + 1, format!("'{w}': one word per line")));
                }
                words.push(normalize_word(w));
            }
        }
        words.sort();
        words.dedup();
        Ok(StopWordList::Custom {
            name: spec.to_string(),
            words,
        })
    }
}

impl Lexicon {
    /// The lexicon a command line names: `builtin`, `none`, or a lexicon file.
    pub fn from_spec(spec: &str) -> Result<Option<Lexicon>> {
        match spec {
            "none" => Ok(None),
            "builtin" => Ok(Some(Lexicon::builtin())),
            path => {
                let p = Path::new(path);
                Ok(Some(Lexicon {
                    name: display_path(p),
                    text: read_utf8(p)?,
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Analyzer;

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
    fn bad_ngram_ranges_are_rejected() {
        for (lo, hi) in [(0, 1), (2, 1), (1, 7)] {
            let c = AnalyzerConfig {
                word_ngrams: (lo, hi),
                ..AnalyzerConfig::default()
            };
            assert!(Analyzer::new(c).is_err(), "{lo},{hi}");
        }
    }

    #[test]
    fn stop_word_lists_combine_english_and_files() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("topic.txt");
        std::fs::write(&f, "# topic words\nNATO\nAsia’s\n\n").unwrap();
        let spec = format!("english,{}", f.display());
        match StopWordList::from_spec(&spec).unwrap() {
            StopWordList::Custom { words, .. } => {
                assert!(
                    words.contains(&"nato".to_string()) && words.contains(&"asia's".to_string())
                );
                assert!(words.contains(&"the".to_string()));
                assert!(words.windows(2).all(|w| w[0] < w[1]));
            }
            other => panic!("{other:?}"),
        }
        std::fs::write(&f, "two words\n").unwrap();
        let err = StopWordList::from_spec(&f.display().to_string())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("topic.txt:1: 'two words': one word per line"),
            "{err}"
        );
        assert_eq!(
            StopWordList::from_spec("english").unwrap(),
            StopWordList::English
        );
    }
}
