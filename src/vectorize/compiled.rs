//! The scoring fast path: a model's analyzer and vocabulary compiled into integer tables,
//! so that each distinct word is analysed once and every later occurrence costs one hash
//! lookup.
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
//! The rows are identical to [`Tfidf::transform`] over [`Analyzer::features`] (tested on the
//! seeds and a mix of settings); models with character n-grams or word n-grams longer than
//! three are not compiled and take the generic path.

use rustc_hash::FxHashMap;

use super::{SparseRow, Tfidf};
use crate::tokenize::negation::{self, Negation};
use crate::tokenize::{
    chargram, words, Analyzer, AnalyzerConfig, Apostrophe, Lowercase, TokenFilter,
};

const NONE: u32 = u32::MAX;

/// Distinct words the cache holds before it is emptied: about 13 MB with two models, and
/// several times the vocabulary of a year of one outlet's news.
pub const CACHE_WORDS: usize = 1 << 17;

/// What one model's pipeline makes of one lower-cased word.
#[derive(Debug, Clone, Copy)]
struct Word {
    stop: bool,
    /// Whether the word is a negator (`not`, `never` …); the same for every model.
    negator: bool,
    /// Token id of the stem, or [`NONE`]; for a unigram-only model, directly its feature.
    tok: u32,
    /// Token id of `not_` + stem, or [`NONE`]; for a unigram-only model, its feature.
    neg_tok: u32,
    /// Concept-stem id, or [`NONE`].
    cstem: u32,
}

/// One model's analyzer and vocabulary as integer tables; never changes after compiling.
#[derive(Debug, Clone)]
struct Tables {
    analyzer: Analyzer,
    tokens: FxHashMap<String, u32>,
    /// Unigram feature of each token id.
    uni: Vec<u32>,
    bi: FxHashMap<u64, u32>,
    tri: FxHashMap<u64, u32>,
    ngrams: (usize, usize),
    concept_stems: FxHashMap<String, u32>,
    /// Phrases, indexed by their first concept-stem id: (the other ids, the concept's
    /// feature or [`NONE`] when the concept is not in the vocabulary), longest first.
    phrases: Vec<Vec<(Vec<u32>, u32)>>,
    negation: usize,
    /// Word unigrams only: words map straight to features and no token list is kept.
    unigram_only: bool,
}

/// Per-model scratch space, reused between paragraphs.
#[derive(Debug, Clone, Default)]
struct Scratch {
    toks: Vec<u32>,
    cstems: Vec<u32>,
    ids: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

/// Compiled vectorizers for one or more models over one shared word cache: each paragraph
/// is split and lower-cased once, each word looked up once, for all the models. Keeps a
/// cache, so one per thread.
#[derive(Debug, Clone)]
pub struct Compiled {
    tables: Vec<Tables>,
    negation: Vec<Option<Negation>>,
    /// Whether each model is unigram-only (copied from its tables for the word loop).
    unigram_only: Vec<bool>,
    /// Packed short ASCII word (see [`short_key`]) → index of its first entry in
    /// `entries` (one entry per model).
    short: FxHashMap<u128, u32>,
    /// Any other lower-cased word → index of its first entry in `entries`.
    long: FxHashMap<Box<str>, u32>,
    entries: Vec<Word>,
    scratch: Vec<Scratch>,
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

fn pack(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn pack3(a: u32, b: u32, c: u32) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

impl Tables {
    fn new(config: &AnalyzerConfig, tfidf: &Tfidf) -> Option<Self> {
        if config.char_ngrams.is_some() || config.word_ngrams.1 > 3 {
            return None;
        }
        let analyzer = Analyzer::new(config.clone()).ok()?;
        let mut tokens: FxHashMap<String, u32> = FxHashMap::default();
        let mut grams: Vec<(Vec<u32>, u32)> = Vec::new();
        let mut concept_feature: FxHashMap<&str, u32> = FxHashMap::default();
        for (j, f) in tfidf.vocabulary().iter().enumerate() {
            if f.starts_with(crate::tokenize::concepts::PREFIX) {
                concept_feature.insert(f.as_str(), j as u32);
                continue;
            }
            if f.starts_with(chargram::PREFIX) {
                return None;
            }
            let ids: Vec<u32> = f
                .split(' ')
                .map(|part| {
                    let n = tokens.len() as u32;
                    *tokens.entry(part.to_string()).or_insert(n)
                })
                .collect();
            grams.push((ids, j as u32));
        }
        if tokens.len() >= 1 << 21 {
            return None;
        }
        let mut uni = vec![NONE; tokens.len()];
        let mut bi = FxHashMap::default();
        let mut tri = FxHashMap::default();
        for (ids, j) in grams {
            match ids[..] {
                [a] => uni[a as usize] = j,
                [a, b] => {
                    bi.insert(pack(a, b), j);
                }
                [a, b, c] => {
                    tri.insert(pack3(a, b, c), j);
                }
                _ => return None,
            }
        }
        let mut concept_stems: FxHashMap<String, u32> = FxHashMap::default();
        let mut starting: FxHashMap<u32, Vec<(Vec<u32>, u32)>> = FxHashMap::default();
        if let Some(c) = analyzer.concepts() {
            for (words, concept) in c.phrase_list() {
                let ids: Vec<u32> = words
                    .iter()
                    .map(|w| {
                        let n = concept_stems.len() as u32;
                        *concept_stems.entry(w.to_string()).or_insert(n)
                    })
                    .collect();
                let feature = concept_feature
                    .get(c.features()[concept].as_str())
                    .copied()
                    .unwrap_or(NONE);
                starting
                    .entry(ids[0])
                    .or_default()
                    .push((ids[1..].to_vec(), feature));
            }
            // The same order as the string matcher: longest first, then by the words.
            let names: FxHashMap<u32, &str> = concept_stems
                .iter()
                .map(|(k, v)| (*v, k.as_str()))
                .collect();
            for list in starting.values_mut() {
                list.sort_by(|a, b| {
                    b.0.len().cmp(&a.0.len()).then_with(|| {
                        let wa: Vec<&str> = a.0.iter().map(|i| names[i]).collect();
                        let wb: Vec<&str> = b.0.iter().map(|i| names[i]).collect();
                        wa.cmp(&wb)
                    })
                });
            }
        }
        let mut phrases = vec![Vec::new(); concept_stems.len()];
        for (first, list) in starting {
            phrases[first as usize] = list;
        }
        Some(Tables {
            negation: config.negation,
            ngrams: config.word_ngrams,
            analyzer,
            tokens,
            uni,
            bi,
            tri,
            concept_stems,
            phrases,
            unigram_only: config.word_ngrams == (1, 1),
        })
    }

    /// This model's view of a lower-cased word, given its Snowball stem.
    fn word(&self, lower: &str, snowball: &str, negator: bool) -> Word {
        let stem = if self.analyzer.stemmer().is_some() {
            snowball
        } else {
            lower
        };
        let neg_tok = if self.negation > 0 {
            self.tokens
                .get(&format!("{}{stem}", negation::PREFIX))
                .copied()
                .unwrap_or(NONE)
        } else {
            NONE
        };
        let tok = self.tokens.get(stem).copied().unwrap_or(NONE);
        let feature = |t: u32| {
            if t == NONE {
                NONE
            } else {
                self.uni[t as usize]
            }
        };
        Word {
            stop: self
                .analyzer
                .stop_words()
                .is_some_and(|s| s.contains(lower)),
            negator,
            tok: if self.unigram_only { feature(tok) } else { tok },
            neg_tok: if self.unigram_only {
                feature(neg_tok)
            } else {
                neg_tok
            },
            cstem: self.concept_stems.get(stem).copied().unwrap_or(NONE),
        }
    }

    /// Appends the feature ids of the collected tokens and concept stems to `s.ids` (which
    /// already holds the unigrams of a unigram-only model).
    fn features(&self, s: &mut Scratch) {
        let (lo, hi) = self.ngrams;
        if self.unigram_only {
            self.concept_features(s);
            return;
        }
        s.ids.clear();
        let t = &s.toks;
        if lo <= 1 {
            for &a in t {
                if a != NONE && self.uni[a as usize] != NONE {
                    s.ids.push(self.uni[a as usize]);
                }
            }
        }
        if lo <= 2 && hi >= 2 {
            for w in t.windows(2) {
                if w[0] != NONE && w[1] != NONE {
                    if let Some(&f) = self.bi.get(&pack(w[0], w[1])) {
                        s.ids.push(f);
                    }
                }
            }
        }
        if hi >= 3 {
            for w in t.windows(3) {
                if w.iter().all(|&x| x != NONE) {
                    if let Some(&f) = self.tri.get(&pack3(w[0], w[1], w[2])) {
                        s.ids.push(f);
                    }
                }
            }
        }
        self.concept_features(s);
    }

    /// Appends the features of the concept phrases found in `s.cstems` to `s.ids`.
    fn concept_features(&self, s: &mut Scratch) {
        let c = &s.cstems;
        let mut i = 0;
        while i < c.len() {
            let hit = (c[i] != NONE)
                .then(|| &self.phrases[c[i] as usize])
                .and_then(|cands| {
                    cands.iter().find(|(rest, _)| {
                        rest.len() < c.len() - i
                            && rest.iter().zip(&c[i + 1..]).all(|(a, b)| a == b)
                    })
                });
            match hit {
                Some((rest, f)) => {
                    if *f != NONE {
                        s.ids.push(*f);
                    }
                    i += 1 + rest.len();
                }
                None => i += 1,
            }
        }
    }
}

impl Scratch {
    /// Sorts `ids` and returns (feature, count) pairs in feature order.
    fn count(&mut self) -> &[(u32, u32)] {
        self.ids.sort_unstable();
        self.pairs.clear();
        for &f in &self.ids {
            match self.pairs.last_mut() {
                Some((g, c)) if *g == f => *c += 1,
                _ => self.pairs.push((f, 1)),
            }
        }
        &self.pairs
    }
}

impl Compiled {
    /// Compiles the models given as (analyzer settings, vectorizer); `None` when one of them
    /// needs the generic path (character n-grams, word n-grams longer than three, or more
    /// than 2²¹ distinct n-gram words).
    pub fn new(models: &[(&AnalyzerConfig, &Tfidf)]) -> Option<Self> {
        let tables = models
            .iter()
            .map(|(c, t)| Tables::new(c, t))
            .collect::<Option<Vec<_>>>()?;
        Some(Compiled {
            negation: tables
                .iter()
                .map(|t| (t.negation > 0).then(|| Negation::new(t.negation)))
                .collect(),
            scratch: vec![Scratch::default(); tables.len()],
            unigram_only: tables.iter().map(|t| t.unigram_only).collect(),
            tables,
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            entries: Vec::new(),
            buf: String::new(),
            cache_limit: CACHE_WORDS,
        })
    }

    /// Empties the word cache whenever it holds `words` words (default [`CACHE_WORDS`]).
    pub fn with_cache_limit(mut self, words: usize) -> Self {
        self.cache_limit = words.max(1);
        self
    }

    /// Distinct words analysed so far.
    pub fn cached_words(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Analyses a lower-cased word for every model and returns the index of its first entry.
    /// A full cache is emptied first, so memory stays bounded on any input.
    fn analyse(&mut self, lower: &str) -> u32 {
        if self.cached_words() >= self.cache_limit {
            self.short.clear();
            self.long.clear();
            self.entries.clear();
        }
        let e = self.entries.len() as u32;
        let stem = match self.tables.iter().find_map(|t| t.analyzer.stemmer()) {
            Some(s) => s.stem_uncached(lower),
            None => String::new(),
        };
        let negator = negation::is_negator(lower);
        for t in &self.tables {
            self.entries.push(t.word(lower, &stem, negator));
        }
        e
    }

    /// Index of the first entry of the word at `text[offset..]`, analysing it the first time.
    #[inline]
    fn entry(&mut self, text: &str, offset: usize, word: &str) -> usize {
        if let Some(key) = short_key(text, offset, word) {
            if let Some(&e) = self.short.get(&key) {
                return e as usize;
            }
            let lower = word.to_ascii_lowercase();
            let e = self.analyse(&lower);
            self.short.insert(key, e);
            return e as usize;
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.push_str(word);
        Lowercase.apply(&mut buf);
        Apostrophe.apply(&mut buf);
        let e = match self.long.get(buf.as_str()) {
            Some(&e) => e,
            None => {
                let e = self.analyse(&buf);
                self.long.insert(buf.as_str().into(), e);
                e
            }
        };
        self.buf = buf;
        e as usize
    }

    /// Splits `text` once and collects every model's tokens and concept stems.
    fn collect(&mut self, text: &str) {
        let n = self.tables.len();
        for (s, neg) in self.scratch.iter_mut().zip(self.negation.iter_mut()) {
            s.toks.clear();
            s.cstems.clear();
            s.ids.clear();
            if let Some(neg) = neg {
                neg.clause_break();
            }
        }
        let any_negation = self.negation.iter().any(Option::is_some);
        let any_concepts = self.tables.iter().any(|t| !t.phrases.is_empty());
        let mut prev_end = 0;
        for (offset, word) in words::words(text) {
            if any_negation && negation::is_clause_break(&text[prev_end..offset]) {
                for neg in self.negation.iter_mut().flatten() {
                    neg.clause_break();
                }
            }
            prev_end = offset + word.len();
            let e = self.entry(text, offset, word);
            for m in 0..n {
                let w = self.entries[e + m];
                let negated = match self.negation[m].as_mut() {
                    Some(neg) => neg.next_word(w.negator),
                    None => false,
                };
                let s = &mut self.scratch[m];
                // A run of words outside every phrase breaks phrases as one such word does.
                if any_concepts && (w.cstem != NONE || s.cstems.last() != Some(&NONE)) {
                    s.cstems.push(w.cstem);
                }
                let tok = if negated { w.neg_tok } else { w.tok };
                if self.unigram_only[m] {
                    if tok != NONE && !w.stop {
                        s.ids.push(tok);
                    }
                } else if !w.stop {
                    s.toks.push(tok);
                }
            }
        }
    }

    /// The TF-IDF rows of `text` under every model, in the order they were compiled;
    /// `tfidfs` are the models' vectorizers in that order.
    pub fn transform_all(&mut self, text: &str, tfidfs: &[&Tfidf], rows: &mut Vec<SparseRow>) {
        self.collect(text);
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

    /// The TF-IDF row of `text` under the first (or only) model.
    pub fn transform(&mut self, tfidf: &Tfidf, text: &str) -> SparseRow {
        self.collect(text);
        let (t, s) = (&self.tables[0], &mut self.scratch[0]);
        t.features(s);
        tfidf.weigh(s.count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TrainParams;
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
        let texts = seed_texts();
        let labels: Vec<&str> = (0..texts.len()).map(|i| ["a", "b", "c"][i % 3]).collect();
        let params = TrainParams {
            analyzer: config.clone(),
            ..TrainParams::default()
        };
        let fitted = params.fit(&texts, &labels).unwrap();
        let mut generic = Analyzer::new(config.clone()).unwrap();
        let mut fast = Compiled::new(&[(&config, &fitted.tfidf)]).expect("compiles");
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
        let mut roomy = Compiled::new(&[(&config, &fitted.tfidf)]).unwrap();
        let mut tight = Compiled::new(&[(&config, &fitted.tfidf)])
            .unwrap()
            .with_cache_limit(7);
        for t in &texts {
            assert_eq!(
                tight.transform(&fitted.tfidf, t),
                roomy.transform(&fitted.tfidf, t)
            );
            assert!(tight.cached_words() <= 7);
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
        let mut all = Compiled::new(&pairs).unwrap();
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
    fn character_ngrams_are_not_compiled() {
        let config = AnalyzerConfig {
            char_ngrams: Some((2, 4)),
            ..AnalyzerConfig::default()
        };
        let params = TrainParams {
            analyzer: config.clone(),
            ..TrainParams::default()
        };
        let fitted = params.fit(&["a b", "c d"], &["x", "y"]).unwrap();
        assert!(Compiled::new(&[(&config, &fitted.tfidf)]).is_none());
    }
}
