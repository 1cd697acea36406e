//! The fitted TF-IDF vectorizer: learning the vocabulary and idf from counts, and
//! weighing documents with them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::counts::{run_lengths, TermCounts};
use super::params::TfidfParams;
use super::row::SparseRow;
use crate::error::{Error, Result};

impl TfidfParams {
    /// Learns the vocabulary and idf from `counts`; returns the fitted vectorizer and the
    /// TF-IDF rows of the training documents.
    pub fn fit(&self, counts: &TermCounts) -> Result<(Tfidf, Vec<SparseRow>)> {
        self.check()?;
        let n = counts.n_documents();
        if n == 0 {
            return Err(Error::params("TF-IDF needs at least one document"));
        }
        let n_terms = counts.terms.len();
        let mut df = vec![0u64; n_terms];
        let mut total = vec![0u64; n_terms];
        for doc in &counts.docs {
            for &(id, c) in doc {
                df[id as usize] += 1;
                total[id as usize] += u64::from(c);
            }
        }
        let high = self.max_df.documents(n);
        let low = self.min_df.documents(n);
        if high < low {
            return Err(Error::params(format!(
                "max_df ({}) corresponds to fewer documents than min_df ({}) for {n} documents",
                self.max_df, self.min_df
            )));
        }
        let mut kept: Vec<u32> = (0..n_terms as u32)
            .filter(|&id| {
                let d = df[id as usize] as f64;
                d <= high && d >= low
            })
            .collect();
        if let Some(limit) = self.max_features {
            if kept.len() > limit {
                kept.sort_by(|&a, &b| {
                    total[b as usize]
                        .cmp(&total[a as usize])
                        .then_with(|| counts.terms[a as usize].cmp(&counts.terms[b as usize]))
                });
                kept.truncate(limit);
            }
        }
        if kept.is_empty() {
            return Err(Error::params(format!(
                "no terms remain after pruning (min_df {}, max_df {}, {n} documents): \
                 lower min_df or raise max_df",
                self.min_df, self.max_df
            )));
        }
        kept.sort_by(|&a, &b| counts.terms[a as usize].cmp(&counts.terms[b as usize]));
        let mut remap = vec![u32::MAX; n_terms];
        for (new, &old) in kept.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let vocabulary: Vec<String> = kept
            .iter()
            .map(|&id| counts.terms[id as usize].clone())
            .collect();
        let idf: Vec<f64> = kept
            .iter()
            .map(|&id| idf_value(n, df[id as usize], self.smooth_idf))
            .collect();
        let tfidf = Tfidf::from_parts(self.clone(), vocabulary, idf)?;
        let rows = counts
            .docs
            .iter()
            .map(|doc| {
                let mut pairs: Vec<(u32, u32)> = doc
                    .iter()
                    .filter_map(|&(id, c)| {
                        let new = remap[id as usize];
                        (new != u32::MAX).then_some((new, c))
                    })
                    .collect();
                pairs.sort_unstable_by_key(|&(id, _)| id);
                tfidf.weigh(&pairs)
            })
            .collect();
        Ok((tfidf, rows))
    }
}

/// Each feature's multiplier: idf, times the concept weight for concept features or the
/// character weight for character n-grams, times the fitted scale if any.
fn factors(
    params: &TfidfParams,
    vocabulary: &[String],
    idf: &[f64],
    scale: Option<&[f64]>,
) -> Vec<f64> {
    vocabulary
        .iter()
        .zip(idf)
        .enumerate()
        .map(|(j, (t, &w))| {
            let concept = if t.starts_with(crate::tokenize::concepts::PREFIX) {
                params.concept_weight
            } else if t.starts_with(crate::tokenize::chargram::PREFIX) {
                params.char_weight
            } else {
                1.0
            };
            w * concept * scale.map_or(1.0, |s| s[j])
        })
        .collect()
}

/// scikit-learn's idf for a term in `df` of `n` documents.
fn idf_value(n: usize, df: u64, smooth: bool) -> f64 {
    if smooth {
        ((1 + n) as f64 / (1 + df) as f64).ln() + 1.0
    } else {
        (n as f64 / df as f64).ln() + 1.0
    }
}

/// A fitted TF-IDF vectorizer: vocabulary and idf, transform only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TfidfFile", into = "TfidfFile")]
pub struct Tfidf {
    params: TfidfParams,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    scale: Option<Vec<f64>>,
    /// idf × concept weight × scale: the factor each tf is multiplied by.
    factor: Vec<f64>,
    /// The character n-grams' indices (contiguous: the vocabulary is sorted by prefix).
    chars: std::ops::Range<u32>,
    index: HashMap<String, u32>,
}

/// The serialised form of [`Tfidf`] (the index is rebuilt on load).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TfidfFile {
    params: TfidfParams,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale: Option<Vec<f64>>,
}

impl TryFrom<TfidfFile> for Tfidf {
    type Error = Error;

    fn try_from(f: TfidfFile) -> Result<Self> {
        let t = Tfidf::from_parts(f.params, f.vocabulary, f.idf)?;
        match f.scale {
            Some(s) => t.with_scale(s),
            None => Ok(t),
        }
    }
}

impl From<Tfidf> for TfidfFile {
    fn from(t: Tfidf) -> Self {
        TfidfFile {
            params: t.params,
            vocabulary: t.vocabulary,
            idf: t.idf,
            scale: t.scale,
        }
    }
}

impl Tfidf {
    /// Builds a vectorizer from a stored vocabulary and idf, checking them.
    pub fn from_parts(params: TfidfParams, vocabulary: Vec<String>, idf: Vec<f64>) -> Result<Self> {
        if vocabulary.len() != idf.len() {
            return Err(Error::params(format!(
                "vocabulary has {} terms but idf has {} values",
                vocabulary.len(),
                idf.len()
            )));
        }
        if vocabulary.len() > u32::MAX as usize {
            return Err(Error::params("vocabulary too large"));
        }
        if let Some(w) = vocabulary.windows(2).find(|w| w[0] >= w[1]) {
            return Err(Error::params(format!(
                "vocabulary is not sorted and unique at '{}' / '{}'",
                w[0], w[1]
            )));
        }
        if let Some(v) = idf.iter().find(|v| !v.is_finite() || **v <= 0.0) {
            return Err(Error::params(format!(
                "idf value {v} is not a positive number"
            )));
        }
        params.check()?;
        let factor = factors(&params, &vocabulary, &idf, None);
        let prefix = crate::tokenize::chargram::PREFIX;
        let lo = vocabulary.partition_point(|t| t.as_str() < prefix);
        let hi = lo + vocabulary[lo..].partition_point(|t| t.starts_with(prefix));
        let chars = lo as u32..hi as u32;
        let index = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Ok(Tfidf {
            params,
            vocabulary,
            idf,
            scale: None,
            factor,
            chars,
            index,
        })
    }

    /// The same vectorizer with every feature also multiplied by `scale` (one finite,
    /// non-negative number per feature).
    pub fn with_scale(mut self, scale: Vec<f64>) -> Result<Self> {
        if scale.len() != self.vocabulary.len() {
            return Err(Error::params(format!(
                "feature scale has {} values, vocabulary has {}",
                scale.len(),
                self.vocabulary.len()
            )));
        }
        if let Some(v) = scale.iter().find(|v| !v.is_finite() || **v < 0.0) {
            return Err(Error::params(format!(
                "feature scale {v} is not a non-negative number"
            )));
        }
        self.factor = factors(&self.params, &self.vocabulary, &self.idf, Some(&scale));
        self.scale = Some(scale);
        Ok(self)
    }

    /// The per-feature scale, if one was fitted.
    pub fn scale(&self) -> Option<&[f64]> {
        self.scale.as_deref()
    }

    /// Re-weighs a row made without the scale: multiplies by it and renormalises.
    pub fn rescale(&self, row: &mut SparseRow) {
        let Some(scale) = &self.scale else { return };
        for (j, v) in row.indices.iter().zip(row.values.iter_mut()) {
            *v *= scale[*j as usize];
        }
        self.normalise(&row.indices, &mut row.values);
    }

    /// Scales weighted values to unit l2 norm, or with `view_norm` the words and the
    /// character n-grams each to unit norm and the n-grams then by `char_weight`.
    fn normalise(&self, indices: &[u32], values: &mut [f64]) {
        if !self.params.view_norm || self.chars.is_empty() {
            let norm = values.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                values.iter_mut().for_each(|v| *v /= norm);
            }
            return;
        }
        let (mut words, mut chars) = (0.0f64, 0.0f64);
        for (j, v) in indices.iter().zip(values.iter()) {
            if self.chars.contains(j) {
                chars += v * v;
            } else {
                words += v * v;
            }
        }
        let words = if words > 0.0 { 1.0 / words.sqrt() } else { 0.0 };
        let chars = if chars > 0.0 {
            self.params.char_weight / chars.sqrt()
        } else {
            0.0
        };
        for (j, v) in indices.iter().zip(values.iter_mut()) {
            *v *= if self.chars.contains(j) { chars } else { words };
        }
    }

    /// The hyper-parameters it was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// The sorted vocabulary.
    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    /// The idf of each vocabulary term.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.vocabulary.len()
    }

    /// Whether the vocabulary is empty (never true for a fitted vectorizer).
    pub fn is_empty(&self) -> bool {
        self.vocabulary.is_empty()
    }

    /// The index of `feature`, if it is in the vocabulary.
    #[inline]
    pub fn feature_index(&self, feature: &str) -> Option<u32> {
        self.index.get(feature).copied()
    }

    /// The TF-IDF row of a document given as feature indices, one per occurrence, in any
    /// order; `ids` is left empty.
    pub fn transform_ids(&self, ids: &mut Vec<u32>) -> SparseRow {
        let pairs = run_lengths(ids);
        self.weigh(&pairs)
    }

    /// The TF-IDF row of a document given as its features (unknown ones are dropped).
    pub fn transform<S: AsRef<str>>(&self, features: impl IntoIterator<Item = S>) -> SparseRow {
        let mut ids: Vec<u32> = features
            .into_iter()
            .filter_map(|f| self.feature_index(f.as_ref()))
            .collect();
        self.transform_ids(&mut ids)
    }

    /// Weighs sorted (index, count) pairs: tf × idf, then l2 normalisation.
    pub fn weigh(&self, pairs: &[(u32, u32)]) -> SparseRow {
        let mut row = SparseRow::default();
        self.weigh_into(pairs, &mut row);
        row
    }

    /// [`Tfidf::weigh`] into an existing row (its buffers are reused).
    pub fn weigh_into(&self, pairs: &[(u32, u32)], row: &mut SparseRow) {
        let SparseRow { indices, values } = row;
        indices.clear();
        values.clear();
        for &(id, c) in pairs {
            // ln 1 = 0 exactly, so a single occurrence skips the logarithm.
            let tf = if self.params.sublinear_tf && c > 1 {
                1.0 + f64::from(c).ln()
            } else {
                f64::from(c)
            };
            indices.push(id);
            values.push(tf * self.factor[id as usize]);
        }
        self.normalise(indices, values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectorize::{nb_scale, DocFreq};

    fn counts(docs: &[&[&str]]) -> TermCounts {
        let mut c = TermCounts::new();
        for d in docs {
            c.add_document(d.iter());
        }
        c
    }

    #[test]
    fn smooth_idf_and_l2_rows_by_hand() {
        let c = counts(&[&["nato", "asia", "nato"], &["asia"]]);
        let params = TfidfParams {
            sublinear_tf: false,
            ..TfidfParams::default()
        };
        let (t, rows) = params.fit(&c).unwrap();
        assert_eq!(t.vocabulary(), ["asia", "nato"]);
        let idf_nato = (3.0f64 / 2.0).ln() + 1.0;
        assert_eq!(t.idf(), [1.0, idf_nato]);
        let (a, b) = (1.0, 2.0 * idf_nato);
        let n = (a * a + b * b).sqrt();
        assert_eq!(rows[0].indices, [0, 1]);
        assert!((rows[0].values[0] - a / n).abs() < 1e-15);
        assert!((rows[0].values[1] - b / n).abs() < 1e-15);
        assert_eq!(rows[1].values, [1.0]);
    }

    #[test]
    fn sublinear_tf_is_one_plus_log() {
        let c = counts(&[&["war", "war", "war", "peace"], &["peace"]]);
        let (t, rows) = TfidfParams::default().fit(&c).unwrap();
        let w_war = (1.0 + 3f64.ln()) * t.idf()[1];
        let w_peace = t.idf()[0];
        let n = (w_war * w_war + w_peace * w_peace).sqrt();
        assert!((rows[0].values[1] - w_war / n).abs() < 1e-15);
    }

    #[test]
    fn unseen_features_are_dropped_and_empty_rows_stay_empty() {
        let (t, _) = TfidfParams::default()
            .fit(&counts(&[&["nato"], &["asia"]]))
            .unwrap();
        assert_eq!(t.transform(["tokyo", "office"]), SparseRow::default());
        let row = t.transform(["tokyo", "nato"]);
        assert_eq!(row.indices, [1]);
        assert_eq!(row.values, [1.0]);
    }

    #[test]
    fn min_df_max_df_and_max_features_prune() {
        let c = counts(&[&["a", "b", "c"], &["a", "b"], &["a", "d", "d", "d"]]);
        let p = TfidfParams {
            min_df: DocFreq::Count(2),
            ..TfidfParams::default()
        };
        assert_eq!(p.fit(&c).unwrap().0.vocabulary(), ["a", "b"]);
        let p = TfidfParams {
            max_df: DocFreq::Fraction(0.9),
            ..TfidfParams::default()
        };
        assert_eq!(p.fit(&c).unwrap().0.vocabulary(), ["b", "c", "d"]);
        let p = TfidfParams {
            max_features: Some(2),
            ..TfidfParams::default()
        };
        // totals: a 3, d 3, b 2, c 1 -> a and d.
        assert_eq!(p.fit(&c).unwrap().0.vocabulary(), ["a", "d"]);
    }

    #[test]
    fn impossible_bounds_are_errors() {
        let c = counts(&[&["a"], &["b"]]);
        let p = TfidfParams {
            min_df: DocFreq::Count(2),
            max_df: DocFreq::Count(1),
            ..TfidfParams::default()
        };
        assert!(p.fit(&c).is_err());
        let p = TfidfParams {
            min_df: DocFreq::Count(3),
            ..TfidfParams::default()
        };
        let err = p.fit(&c).unwrap_err().to_string();
        assert!(err.contains("fewer documents than min_df"), "{err}");
        let p = TfidfParams {
            min_df: DocFreq::Count(2),
            ..TfidfParams::default()
        };
        let err = p.fit(&c).unwrap_err().to_string();
        assert!(err.contains("no terms remain"), "{err}");
        assert!(TfidfParams::default().fit(&TermCounts::new()).is_err());
    }

    #[test]
    fn concept_weight_scales_concept_features_before_the_norm() {
        let c = counts(&[&["nato", "#bloc"], &["asia"]]);
        let p = TfidfParams {
            concept_weight: 3.0,
            ..TfidfParams::default()
        };
        let (t, rows) = p.fit(&c).unwrap();
        assert_eq!(t.vocabulary(), ["#bloc", "asia", "nato"]);
        let (b, n) = (3.0 * t.idf()[0], t.idf()[2]);
        let norm = (b * b + n * n).sqrt();
        assert!((rows[0].values[0] - b / norm).abs() < 1e-15);
        assert!((rows[0].values[1] - n / norm).abs() < 1e-15);
    }

    #[test]
    fn view_norm_gives_words_unit_length_and_char_ngrams_their_weight() {
        let docs: &[&[&str]] = &[&["war", "peace", "c:wa", "c:ar", "c:pe"], &["war", "c:wa"]];
        let joint = TfidfParams {
            char_weight: 0.5,
            ..TfidfParams::default()
        };
        let views = TfidfParams {
            view_norm: true,
            ..joint.clone()
        };
        let (tj, _) = joint.fit(&counts(docs)).unwrap();
        let (tv, rows) = views.fit(&counts(docs)).unwrap();
        assert_eq!(tv.vocabulary(), ["c:ar", "c:pe", "c:wa", "peace", "war"]);
        let norm = |row: &SparseRow, chars: bool| {
            row.indices
                .iter()
                .zip(&row.values)
                .filter(|(j, _)| tv.vocabulary()[**j as usize].starts_with("c:") == chars)
                .map(|(_, v)| v * v)
                .sum::<f64>()
                .sqrt()
        };
        for row in &rows {
            assert!((norm(row, false) - 1.0).abs() < 1e-12);
            assert!((norm(row, true) - 0.5).abs() < 1e-12);
        }
        // One norm over both: the whole row has unit length, the words less than that.
        let row = tj.transform(docs[0].iter());
        let all: f64 = row.values.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!((all - 1.0).abs() < 1e-12 && norm(&row, false) < 0.99);
        // Without character n-grams the two agree.
        let words = tv.transform(["war", "peace"]);
        assert_eq!(words, tj.transform(["war", "peace"]));
        let back: Tfidf = serde_json::from_str(&serde_json::to_string(&tv).unwrap()).unwrap();
        assert_eq!(back, tv);
    }

    #[test]
    fn nb_scale_by_hand_and_applied_before_the_norm() {
        // Feature 0 only in class 0 (2 docs), feature 1 in both classes (1 doc each).
        let rows = vec![
            SparseRow {
                indices: vec![0, 1],
                values: vec![0.6, 0.8],
            },
            SparseRow {
                indices: vec![0],
                values: vec![1.0],
            },
            SparseRow {
                indices: vec![1],
                values: vec![1.0],
            },
        ];
        let s = nb_scale(&rows, &[0, 0, 1], 2, 2);
        // p = (2+1, 1+1) → (3/5, 2/5); q = (0+1, 1+1) → (1/3, 2/3).
        let r0 = ((3.0f64 / 5.0) / (1.0 / 3.0)).ln().abs();
        let r1 = ((2.0f64 / 5.0) / (2.0 / 3.0)).ln().abs();
        assert!((s[0] - r0).abs() < 1e-15 && (s[1] - r1).abs() < 1e-15);
        let (t, _) = TfidfParams::default()
            .fit(&counts(&[&["a", "b"], &["a"], &["b"]]))
            .unwrap();
        let t = t.with_scale(s.clone()).unwrap();
        let row = t.transform(["a", "b"]);
        let (a, b) = (t.idf()[0] * s[0], t.idf()[1] * s[1]);
        let n = (a * a + b * b).sqrt();
        assert!((row.values[0] - a / n).abs() < 1e-15 && (row.values[1] - b / n).abs() < 1e-15);
        let back: Tfidf = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        assert!(t.clone().with_scale(vec![1.0]).is_err());
    }

    #[test]
    fn serde_round_trip_rebuilds_the_index() {
        let (t, _) = TfidfParams::default()
            .fit(&counts(&[&["nato", "asia"], &["asia"]]))
            .unwrap();
        let json = serde_json::to_string(&t).unwrap();
        let back: Tfidf = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.feature_index("nato"), Some(1));
    }

    #[test]
    fn unsorted_vocabulary_is_rejected_on_load() {
        let bad = r#"{"params":{"sublinear_tf":true,"smooth_idf":true,"min_df":1,"max_df":1.0,
            "max_features":null,"concept_weight":1.0},"vocabulary":["b","a"],"idf":[1.0,1.0]}"#;
        assert!(serde_json::from_str::<Tfidf>(bad).is_err());
    }
}
