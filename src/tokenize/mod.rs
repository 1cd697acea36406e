//! Tokenize: paragraph text → features.
//!
//! The stages, each in its own file:
//! [`words`] (Unicode words) → [`Lowercase`] → [`Apostrophe`] (`’` → `'`) →
//! [`negation`] (optional: `not_` on words after a negator) →
//! [`StopWords`] (optional) → [`Stem`] (Snowball English, cached) →
//! [`ngram`] (word n-grams joined by one space) and, optionally, [`concepts`] (lexicon
//! phrases → `#concept` features) and [`chargram`] (character n-grams within words).
//! [`Analyzer`] runs them in that order.

mod analyzer;
mod apostrophe;
pub mod chargram;
pub mod concepts;
mod config;
mod filter;
mod lowercase;
pub mod negation;
pub mod ngram;
mod stem;
mod stopwords;
pub mod words;

pub use analyzer::Analyzer;
pub use apostrophe::Apostrophe;
pub use concepts::Concepts;
pub use config::{AnalyzerConfig, Lexicon, StopWordList, LEXICON_MEMO};
pub use filter::TokenFilter;
pub use lowercase::Lowercase;
pub use stem::Stem;
pub use stopwords::{StopWords, ENGLISH as ENGLISH_STOP_WORDS};
