//! One model's analyzer and vocabulary as integer tables for [`super::FusedVectorizer`]:
//! token ids for the words of its n-grams, n-gram features keyed by packed token ids,
//! concept phrases as concept-stem ids, and what the model makes of one word.

use rustc_hash::FxHashMap;

use crate::tokenize::concepts::MAX_WITH_ABSENCES;
use crate::tokenize::negation;
use crate::tokenize::{chargram, Analyzer, AnalyzerConfig};
use crate::vectorize::Tfidf;

/// No token, feature or concept stem.
pub(super) const NO_ID: u32 = u32::MAX;

/// What one model's pipeline makes of one lower-cased word.
#[derive(Debug, Clone, Copy)]
pub(super) struct WordFeatures {
    pub(super) stop: bool,
    /// Whether the word is a negator (`not`, `never` …); the same for every model.
    pub(super) negator: bool,
    /// Token id of the stem, or [`NO_ID`]; for a unigram-only model, directly its feature.
    pub(super) tok: u32,
    /// Token id of `not_` + stem, or [`NO_ID`]; for a unigram-only model, its feature.
    pub(super) neg_tok: u32,
    /// Concept-stem id, or [`NO_ID`].
    pub(super) cstem: u32,
    /// The word's character n-gram features: `chars.0..chars.1` in the vectorizer's pool.
    pub(super) chars: (u32, u32),
}

/// One model's analyzer and vocabulary as integer tables; never changes after compiling.
#[derive(Debug, Clone)]
pub(super) struct ModelTables {
    pub(super) analyzer: Analyzer,
    pub(super) tokens: FxHashMap<String, u32>,
    /// Unigram feature of each token id.
    pub(super) uni: Vec<u32>,
    pub(super) bi: FxHashMap<u64, u32>,
    pub(super) tri: FxHashMap<u64, u32>,
    pub(super) ngrams: (usize, usize),
    pub(super) concept_stems: FxHashMap<String, u32>,
    /// Phrases, indexed by their first concept-stem id: (the other ids, the concept's
    /// index), longest first.
    pub(super) phrases: Vec<Vec<(Vec<u32>, u32)>>,
    /// Each concept's feature, or [`NO_ID`] when it is not in the vocabulary.
    pub(super) concept_ids: Vec<u32>,
    /// Absence concepts: (feature or [`NO_ID`], mask of the concepts whose absence it marks).
    pub(super) absences: Vec<(u32, u128)>,
    pub(super) negation: usize,
    /// WordFeatures unigrams only: words map straight to features and no token list is kept.
    pub(super) unigram_only: bool,
    /// The character n-gram range, if the model has character n-grams (looked up in the
    /// model's own vocabulary, once per distinct word).
    pub(super) char_range: Option<(usize, usize)>,
}

/// Per-model scratch space, reused between paragraphs.
#[derive(Debug, Clone, Default)]
pub(super) struct ParagraphBuffers {
    pub(super) toks: Vec<u32>,
    pub(super) cstems: Vec<u32>,
    pub(super) ids: Vec<u32>,
    /// Character n-gram features of the paragraph's words, in any order.
    pub(super) chars: Vec<u32>,
    pub(super) pairs: Vec<(u32, u32)>,
}

pub(super) fn pack(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

pub(super) fn pack3(a: u32, b: u32, c: u32) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

impl ModelTables {
    pub(super) fn new(config: &AnalyzerConfig, tfidf: &Tfidf) -> Option<Self> {
        if config.word_ngrams.1 > 3 {
            return None;
        }
        let analyzer = Analyzer::new(config.clone()).ok()?;
        let mut tokens: FxHashMap<String, u32> = FxHashMap::default();
        // Each word n-gram feature as (its token ids, how many, its feature).
        let mut grams: Vec<([u32; 3], usize, u32)> = Vec::new();
        let mut concept_feature: FxHashMap<&str, u32> = FxHashMap::default();
        for (j, f) in tfidf.vocabulary().iter().enumerate() {
            if f.starts_with(crate::tokenize::concepts::PREFIX) {
                concept_feature.insert(f.as_str(), j as u32);
                continue;
            }
            if f.starts_with(chargram::PREFIX) {
                // Character n-gram features without a range to make them: not compiled.
                config.char_ngrams?;
                continue;
            }
            let mut ids = [NO_ID; 3];
            let mut len = 0;
            for part in f.split(' ') {
                if len == 3 {
                    return None;
                }
                ids[len] = match tokens.get(part) {
                    Some(&id) => id,
                    None => {
                        let n = tokens.len() as u32;
                        tokens.insert(part.to_string(), n);
                        n
                    }
                };
                len += 1;
            }
            grams.push((ids, len, j as u32));
        }
        if tokens.len() >= 1 << 21 {
            return None;
        }
        let mut uni = vec![NO_ID; tokens.len()];
        let mut bi = FxHashMap::default();
        let mut tri = FxHashMap::default();
        for (ids, len, j) in grams {
            match ids[..len] {
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
        let mut concept_ids = Vec::new();
        let mut absences = Vec::new();
        if let Some(c) = analyzer.concepts() {
            concept_ids = c
                .features()
                .iter()
                .map(|f| concept_feature.get(f.as_str()).copied().unwrap_or(NO_ID))
                .collect();
            absences = c
                .absences()
                .iter()
                .map(|&(id, mask)| (concept_ids[id], mask))
                .collect();
            for (words, concept) in c.phrase_list() {
                let ids: Vec<u32> = words
                    .iter()
                    .map(|w| {
                        let n = concept_stems.len() as u32;
                        *concept_stems.entry(w.to_string()).or_insert(n)
                    })
                    .collect();
                starting
                    .entry(ids[0])
                    .or_default()
                    .push((ids[1..].to_vec(), concept as u32));
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
        Some(ModelTables {
            negation: config.negation,
            ngrams: config.word_ngrams,
            analyzer,
            tokens,
            uni,
            bi,
            tri,
            concept_stems,
            phrases,
            concept_ids,
            absences,
            unigram_only: config.word_ngrams == (1, 1),
            char_range: config.char_ngrams,
        })
    }

    /// Appends the features (in `tfidf`, this model's vectorizer) of the lower-cased word's
    /// character n-grams to `pool`.
    pub(super) fn char_features(
        &self,
        lower: &str,
        tfidf: &Tfidf,
        buf: &mut String,
        pool: &mut Vec<u32>,
    ) {
        if let Some(range) = self.char_range {
            chargram::char_ngrams(lower, range, buf, |g| {
                if let Some(id) = tfidf.feature_index(g) {
                    pool.push(id);
                }
            });
        }
    }

    /// This model's view of a lower-cased word, given its Snowball stem.
    pub(super) fn word(&self, lower: &str, snowball: &str, negator: bool) -> WordFeatures {
        let stem = if self.analyzer.stemmer().is_some() {
            snowball
        } else {
            lower
        };
        let neg_tok = if self.negation > 0 {
            self.tokens
                .get(&format!("{}{stem}", negation::PREFIX))
                .copied()
                .unwrap_or(NO_ID)
        } else {
            NO_ID
        };
        let tok = self.tokens.get(stem).copied().unwrap_or(NO_ID);
        let feature = |t: u32| {
            if t == NO_ID {
                NO_ID
            } else {
                self.uni[t as usize]
            }
        };
        WordFeatures {
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
            cstem: self.concept_stems.get(stem).copied().unwrap_or(NO_ID),
            chars: (0, 0),
        }
    }

    /// Appends the feature ids of the collected tokens and concept stems to `s.ids` (which
    /// already holds the unigrams of a unigram-only model).
    pub(super) fn features(&self, s: &mut ParagraphBuffers) {
        let (lo, hi) = self.ngrams;
        if self.unigram_only {
            self.concept_features(s);
            s.ids.extend_from_slice(&s.chars);
            return;
        }
        s.ids.clear();
        let t = &s.toks;
        if lo <= 1 {
            for &a in t {
                if a != NO_ID && self.uni[a as usize] != NO_ID {
                    s.ids.push(self.uni[a as usize]);
                }
            }
        }
        if lo <= 2 && hi >= 2 {
            for w in t.windows(2) {
                if w[0] != NO_ID && w[1] != NO_ID {
                    if let Some(&f) = self.bi.get(&pack(w[0], w[1])) {
                        s.ids.push(f);
                    }
                }
            }
        }
        if hi >= 3 {
            for w in t.windows(3) {
                if w.iter().all(|&x| x != NO_ID) {
                    if let Some(&f) = self.tri.get(&pack3(w[0], w[1], w[2])) {
                        s.ids.push(f);
                    }
                }
            }
        }
        self.concept_features(s);
        s.ids.extend_from_slice(&s.chars);
    }

    /// Appends the features of the concept phrases found in `s.cstems` to `s.ids`, then
    /// those of the absence concepts (for a paragraph with words).
    pub(super) fn concept_features(&self, s: &mut ParagraphBuffers) {
        let c = &s.cstems;
        let mut seen = 0u128;
        let mut i = 0;
        while i < c.len() {
            let hit = (c[i] != NO_ID)
                .then(|| &self.phrases[c[i] as usize])
                .and_then(|cands| {
                    cands.iter().find(|(rest, _)| {
                        rest.len() < c.len() - i
                            && rest.iter().zip(&c[i + 1..]).all(|(a, b)| a == b)
                    })
                });
            match hit {
                Some((rest, concept)) => {
                    let f = self.concept_ids[*concept as usize];
                    if f != NO_ID {
                        s.ids.push(f);
                    }
                    if (*concept as usize) < MAX_WITH_ABSENCES {
                        seen |= 1 << concept;
                    }
                    i += 1 + rest.len();
                }
                None => i += 1,
            }
        }
        if c.is_empty() {
            return;
        }
        for &(f, mask) in &self.absences {
            if f != NO_ID && seen & mask == 0 {
                s.ids.push(f);
            }
        }
    }
}

impl ParagraphBuffers {
    /// Sorts `ids` and returns (feature, count) pairs in feature order.
    pub(super) fn count(&mut self) -> &[(u32, u32)] {
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
