//! The fused analyzer and vectorizer, the scoring fast path: each model's analyzer and
//! vocabulary compiled into integer tables, so that each distinct word is analysed once and
//! every later occurrence costs one hash lookup, for all models in one pass.
//!
//! * Every word of the vocabulary's n-grams (a stem, or `not_` + a stem) gets a *token id*;
//!   unigram, bigram and trigram features are looked up by token ids, so no n-gram string
//!   is ever built. A word whose stem is in no feature breaks n-grams exactly as in the
//!   generic path, since no feature can contain it.
//! * Every stem that occurs in a concept phrase gets a *concept-stem id*, and phrases are
//!   matched on those ids, longest first, as [`crate::tokenize::Concepts`] does on strings.
//! * A per-scorer cache maps each lower-cased word to its stop-word and negator flags, its
//!   token ids and its concept-stem id. ASCII words of up to 15 bytes (nearly all words)
//!   are keyed by their lower-cased bytes packed into a `u128`, so a hit costs no string
//!   copy or comparison.
//!
//! * Character n-grams depend on the lower-cased word alone, so the cache also keeps each
//!   word's character n-gram features (in one pool), computed the first time it is seen.
//!
//! The rows are identical to [`Tfidf::transform`] over [`Analyzer::features`] (tested on the
//! seeds and a mix of settings); models with word n-grams longer than three are not
//! compiled and take the generic path.

use rustc_hash::FxHashMap;

mod tables;

use tables::{ModelTables, ParagraphBuffers, WordFeatures, NO_ID};

use crate::text::normalize_word_in_place;
use crate::tokenize::negation::{self, Negation};
use crate::tokenize::{words, AnalyzerConfig};
use crate::vectorize::{SparseRow, Tfidf};

/// Distinct words the cache holds before it is emptied: about 13 MB with two models, and
/// several times the vocabulary of a year of one outlet's news.
pub const CACHE_WORDS: usize = 1 << 17;

/// Words looked up together before the models' work on them (see `collect`).
const BATCH_WORDS: usize = 256;

/// A fused analyzer and vectorizer for one or more models over one shared word cache: each paragraph
/// is split and lower-cased once, each word looked up once, for all the models. Keeps a
/// cache, so one per thread.
#[derive(Debug, Clone)]
pub struct FusedVectorizer {
    tables: Vec<ModelTables>,
    negation: Vec<Option<Negation>>,
    /// Whether each model is unigram-only (copied from its tables for the word loop).
    unigram_only: Vec<bool>,
    /// Packed short ASCII word (see [`short_key`]) → index of its first entry in
    /// `entries` (one entry per model).
    short: FxHashMap<u128, u32>,
    /// Any other lower-cased word → index of its first entry in `entries`.
    long: FxHashMap<Box<str>, u32>,
    entries: Vec<WordFeatures>,
    /// The character n-gram features of the cached words (see [`WordFeatures::chars`]).
    char_pool: Vec<u32>,
    scratch: Vec<ParagraphBuffers>,
    /// A batch of the paragraph's words: (offset, length, first entry).
    found: Vec<(usize, usize, usize)>,
    buf: String,
    cache_limit: usize,
}

/// The lower-cased bytes of an ASCII word of at most 15 bytes, packed little-endian into a
/// `u128` (zero-padded; words hold no NUL, so the packing is one-to-one); `None` for other
/// words. `text[offset..]` starts with `word`.
#[inline]
fn short_key(text: &str, offset: usize, word: &str) -> Option<u128> {
    let len = word.len();
    if len > 15 {
        return None;
    }
    let bytes = text.as_bytes();
    let raw = match bytes.get(offset..offset + 16) {
        Some(b) => u128::from_le_bytes(b.try_into().expect("16 bytes")),
        None => {
            let mut b = [0u8; 16];
            b[..len].copy_from_slice(word.as_bytes());
            u128::from_le_bytes(b)
        }
    };
    let mask = (1u128 << (8 * len)) - 1;
    let raw = raw & mask;
    // Any byte with the high bit set makes the word non-ASCII.
    if raw & (0x8080_8080_8080_8080_8080_8080_8080_8080 & mask) != 0 {
        return None;
    }
    // An ASCII word holds only letters, digits and `'`: setting bit 0x20 lower-cases the
    // letters and leaves digits and `'` (which have it) unchanged.
    Some(raw | (0x2020_2020_2020_2020_2020_2020_2020_2020 & mask))
}

impl FusedVectorizer {
    /// Compiles the models given as (analyzer settings, vectorizer); `None` when one of them
    /// needs the generic path (word n-grams longer than three, or more than 2²¹ distinct
    /// n-gram words).
    pub fn new(models: &[(&AnalyzerConfig, &Tfidf)]) -> Option<Self> {
        let tables = models
            .iter()
            .map(|(c, t)| ModelTables::new(c, t))
            .collect::<Option<Vec<_>>>()?;
        Some(FusedVectorizer {
            negation: tables
                .iter()
                .map(|t| (t.negation > 0).then(|| Negation::new(t.negation)))
                .collect(),
            scratch: vec![ParagraphBuffers::default(); tables.len()],
            unigram_only: tables.iter().map(|t| t.unigram_only).collect(),
            tables,
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            entries: Vec::new(),
            char_pool: Vec::new(),
            found: Vec::new(),
            buf: String::new(),
            cache_limit: CACHE_WORDS,
        })
    }

    /// Empties the word cache whenever it holds `words` words or more (default
    /// [`CACHE_WORDS`]), between batches of a paragraph's words; it holds at most that plus
    /// one batch.
    pub fn with_cache_limit(mut self, words: usize) -> Self {
        self.cache_limit = words.max(1);
        self
    }

    /// Distinct words analysed so far.
    pub fn cached_words(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Analyses a lower-cased word for every model and returns the index of its first entry.
    fn analyse(&mut self, lower: &str, tfidfs: &[&Tfidf]) -> u32 {
        let e = self.entries.len() as u32;
        let stem = match self.tables.iter().find_map(|t| t.analyzer.stemmer()) {
            Some(s) => s.stem_uncached(lower),
            None => String::new(),
        };
        let negator = negation::is_negator(lower);
        let mut buf = String::new();
        for (t, tfidf) in self.tables.iter().zip(tfidfs) {
            let mut w = t.word(lower, &stem, negator);
            let start = self.char_pool.len() as u32;
            t.char_features(lower, tfidf, &mut buf, &mut self.char_pool);
            w.chars = (start, self.char_pool.len() as u32);
            self.entries.push(w);
        }
        e
    }

    /// Index of the first entry of the word at `text[offset..]`, analysing it the first time.
    #[inline]
    fn entry(&mut self, text: &str, offset: usize, word: &str, tfidfs: &[&Tfidf]) -> usize {
        if let Some(key) = short_key(text, offset, word) {
            if let Some(&e) = self.short.get(&key) {
                return e as usize;
            }
            let lower = word.to_ascii_lowercase();
            let e = self.analyse(&lower, tfidfs);
            self.short.insert(key, e);
            return e as usize;
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.push_str(word);
        normalize_word_in_place(&mut buf);
        let e = match self.long.get(buf.as_str()) {
            Some(&e) => e,
            None => {
                let e = self.analyse(&buf, tfidfs);
                self.long.insert(buf.as_str().into(), e);
                e
            }
        };
        self.buf = buf;
        e as usize
    }

    /// Splits `text` once and collects every model's tokens and concept stems.
    fn collect(&mut self, text: &str, tfidfs: &[&Tfidf]) {
        for (s, neg) in self.scratch.iter_mut().zip(self.negation.iter_mut()) {
            s.toks.clear();
            s.cstems.clear();
            s.ids.clear();
            s.chars.clear();
            if let Some(neg) = neg {
                neg.clause_break();
            }
        }
        let any_negation = self.negation.iter().any(Option::is_some);
        let any_concepts = self.tables.iter().any(|t| !t.phrases.is_empty());
        // Two passes over each batch of words: every word's cache entry first, then the
        // models' work. The lookups do not depend on each other, so their cache misses
        // overlap in the first pass. A full cache is emptied only between batches, so that
        // the entries found stay valid; it holds at most the limit plus one batch.
        let mut found = std::mem::take(&mut self.found);
        let mut all = words::words(text);
        let mut prev_end = 0;
        loop {
            if self.cached_words() >= self.cache_limit {
                self.short.clear();
                self.long.clear();
                self.entries.clear();
                self.char_pool.clear();
            }
            found.clear();
            for (offset, word) in all.by_ref() {
                let e = self.entry(text, offset, word, tfidfs);
                found.push((offset, word.len(), e));
                if found.len() == BATCH_WORDS {
                    break;
                }
            }
            if found.is_empty() {
                break;
            }
            for &(offset, len, e) in &found {
                if any_negation && negation::is_clause_break(&text[prev_end..offset]) {
                    for neg in self.negation.iter_mut().flatten() {
                        neg.clause_break();
                    }
                }
                prev_end = offset + len;
                self.push_word(e, any_concepts);
            }
        }
        self.found = found;
    }

    /// Adds the word whose first entry is `e` to every model's paragraph buffers.
    #[inline]
    fn push_word(&mut self, e: usize, any_concepts: bool) {
        for m in 0..self.tables.len() {
            let w = self.entries[e + m];
            let negated = match self.negation[m].as_mut() {
                Some(neg) => neg.next_word(w.negator),
                None => false,
            };
            let s = &mut self.scratch[m];
            let (c0, c1) = w.chars;
            if c1 > c0 {
                s.chars
                    .extend_from_slice(&self.char_pool[c0 as usize..c1 as usize]);
            }
            // A run of words outside every phrase breaks phrases as one such word does.
            if any_concepts && (w.cstem != NO_ID || s.cstems.last() != Some(&NO_ID)) {
                s.cstems.push(w.cstem);
            }
            let tok = if negated { w.neg_tok } else { w.tok };
            if self.unigram_only[m] {
                if tok != NO_ID && !w.stop {
                    s.ids.push(tok);
                }
            } else if !w.stop {
                s.toks.push(tok);
            }
        }
    }

    /// The TF-IDF rows of `text` under every model, in the order they were compiled;
    /// `tfidfs` are the models' vectorizers in that order.
    pub fn transform_all(&mut self, text: &str, tfidfs: &[&Tfidf], rows: &mut Vec<SparseRow>) {
        assert_eq!(tfidfs.len(), self.tables.len(), "one vectorizer per model");
        self.collect(text, tfidfs);
        rows.resize_with(self.tables.len(), SparseRow::default);
        for (((t, s), tfidf), row) in self
            .tables
            .iter()
            .zip(self.scratch.iter_mut())
            .zip(tfidfs)
            .zip(rows.iter_mut())
        {
            t.features(s);
            tfidf.weigh_into(s.count(), row);
        }
    }

    /// The TF-IDF row of `text` under the only model.
    pub fn transform(&mut self, tfidf: &Tfidf, text: &str) -> SparseRow {
        assert_eq!(self.tables.len(), 1, "transform_all scores several models");
        self.collect(text, &[tfidf]);
        let (t, s) = (&self.tables[0], &mut self.scratch[0]);
        t.features(s);
        tfidf.weigh(s.count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TrainParams;
    use crate::tokenize::Analyzer;
    use crate::tokenize::{Lexicon, StopWordList};

    fn seed_texts() -> Vec<String> {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/seed_paragraphs.jsonl"
        ))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
    }

    fn check(config: AnalyzerConfig) {
        check_params(TrainParams {
            analyzer: config,
            ..TrainParams::default()
        });
    }

    fn check_params(params: TrainParams) {
        let config = params.analyzer.clone();
        let texts = seed_texts();
        let labels: Vec<&str> = (0..texts.len()).map(|i| ["a", "b", "c"][i % 3]).collect();
        let fitted = params.fit(&texts, &labels).unwrap();
        let mut generic = Analyzer::new(config.clone()).unwrap();
        let mut fast = FusedVectorizer::new(&[(&config, &fitted.tfidf)]).expect("compiles");
        let mut extra = vec![
            "It's not a good idea, they say: NATO doesn't belong in Asia! Not at all.".to_string(),
            "".to_string(),
            "Ünïcödé words, U.S. allies’ \"quotes\" and NATO’s role; no need for tokenism."
                .to_string(),
        ];
        extra.extend(texts.iter().map(|t| t.to_uppercase()));
        for t in texts.iter().chain(&extra) {
            let want = fitted.tfidf.transform(generic.features(t));
            let got = fast.transform(&fitted.tfidf, t);
            assert_eq!(got, want, "{config:?}\n{t}");
        }
        assert!(fast.cached_words() > 100);
    }

    #[test]
    fn a_full_cache_is_emptied_without_changing_rows() {
        let config = TrainParams::small().analyzer;
        let texts = seed_texts();
        let labels: Vec<&str> = (0..texts.len()).map(|i| ["a", "b", "c"][i % 3]).collect();
        let params = TrainParams {
            analyzer: config.clone(),
            ..TrainParams::default()
        };
        let fitted = params.fit(&texts, &labels).unwrap();
        let mut roomy = FusedVectorizer::new(&[(&config, &fitted.tfidf)]).unwrap();
        let mut tight = FusedVectorizer::new(&[(&config, &fitted.tfidf)])
            .unwrap()
            .with_cache_limit(7);
        let long = texts.concat();
        for t in texts.iter().chain([&long]) {
            assert_eq!(
                tight.transform(&fitted.tfidf, t),
                roomy.transform(&fitted.tfidf, t)
            );
            // Emptied between batches of words: at most the limit plus one batch, even in
            // a paragraph of thousands of distinct words.
            assert!(tight.cached_words() <= 7 + BATCH_WORDS);
        }
        assert!(roomy.cached_words() > 7);
    }

    #[test]
    fn same_rows_as_the_generic_path_for_the_shipped_settings() {
        check(TrainParams::small().analyzer);
        check(AnalyzerConfig {
            stop_words: StopWordList::None,
            ..TrainParams::small().analyzer
        });
    }

    #[test]
    fn same_rows_with_bigrams_trigrams_and_negation() {
        check(TrainParams::large().analyzer);
        check(AnalyzerConfig {
            word_ngrams: (1, 3),
            negation: 2,
            stop_words: StopWordList::English,
            concepts: Some(Lexicon::builtin()),
            ..AnalyzerConfig::default()
        });
        check(AnalyzerConfig {
            word_ngrams: (2, 3),
            stem: false,
            ..AnalyzerConfig::default()
        });
    }

    #[test]
    fn several_models_share_one_pass_and_each_gets_its_own_rows() {
        let texts = seed_texts();
        let labels: Vec<&str> = (0..texts.len()).map(|i| ["a", "b"][i % 2]).collect();
        let configs = [
            TrainParams::small().analyzer,
            TrainParams::large().analyzer,
            AnalyzerConfig {
                word_ngrams: (1, 3),
                negation: 1,
                ..AnalyzerConfig::default()
            },
        ];
        let fitted: Vec<_> = configs
            .iter()
            .map(|c| {
                TrainParams {
                    analyzer: c.clone(),
                    ..TrainParams::default()
                }
                .fit(&texts, &labels)
                .unwrap()
            })
            .collect();
        let pairs: Vec<(&AnalyzerConfig, &Tfidf)> = configs
            .iter()
            .zip(&fitted)
            .map(|(c, f)| (c, &f.tfidf))
            .collect();
        let tfidfs: Vec<&Tfidf> = fitted.iter().map(|f| &f.tfidf).collect();
        let mut all = FusedVectorizer::new(&pairs).unwrap();
        let mut rows = Vec::new();
        for t in texts.iter().take(40) {
            all.transform_all(t, &tfidfs, &mut rows);
            for (k, (c, f)) in configs.iter().zip(&fitted).enumerate() {
                let want = f
                    .tfidf
                    .transform(Analyzer::new(c.clone()).unwrap().features(t));
                assert_eq!(rows[k], want, "model {k}");
            }
        }
    }

    #[test]
    fn same_rows_with_character_ngrams_and_separate_view_norms() {
        let large = TrainParams::large();
        assert!(large.tfidf.view_norm && large.nb && large.analyzer.char_ngrams.is_some());
        check_params(large);
        check(AnalyzerConfig {
            char_ngrams: Some((1, 3)),
            stop_words: StopWordList::English,
            concepts: Some(Lexicon::builtin()),
            ..TrainParams::small().analyzer
        });
    }
}
