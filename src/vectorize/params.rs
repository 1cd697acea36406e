//! TF-IDF hyper-parameters and document-frequency bounds, checked before fitting.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A document-frequency bound: an absolute count or a fraction of the documents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DocFreq {
    /// At least / at most this many documents.
    Count(u64),
    /// At least / at most this fraction (0..=1) of the documents.
    Fraction(f64),
}

impl DocFreq {
    /// The bound in documents, for a corpus of `n` documents.
    pub(super) fn documents(self, n: usize) -> f64 {
        match self {
            DocFreq::Count(c) => c as f64,
            DocFreq::Fraction(f) => f * n as f64,
        }
    }

    fn check(self, name: &str) -> Result<()> {
        match self {
            DocFreq::Count(_) => Ok(()),
            DocFreq::Fraction(f) if (0.0..=1.0).contains(&f) => Ok(()),
            DocFreq::Fraction(f) => Err(Error::params(format!(
                "{name} = {f}: a fraction must lie in [0, 1] (use a whole number for a count)"
            ))),
        }
    }
}

impl std::str::FromStr for DocFreq {
    type Err = String;

    /// `"2"` is a count, `"0.5"` or `"1.0"` a fraction (as in scikit-learn).
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if let Ok(c) = s.parse::<u64>() {
            return Ok(DocFreq::Count(c));
        }
        match s.parse::<f64>() {
            Ok(f) if (0.0..=1.0).contains(&f) => Ok(DocFreq::Fraction(f)),
            _ => Err(format!(
                "'{s}': expected a document count (e.g. 2) or a fraction in [0, 1] (e.g. 0.5)"
            )),
        }
    }
}

impl std::fmt::Display for DocFreq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocFreq::Count(c) => write!(f, "{c}"),
            DocFreq::Fraction(x) => write!(f, "{x:?}"),
        }
    }
}

/// TF-IDF hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TfidfParams {
    /// Use `1 + ln(tf)` instead of the raw count.
    pub sublinear_tf: bool,
    /// Add one to n and to every df, as if one document held every term.
    pub smooth_idf: bool,
    /// Drop terms in fewer documents than this.
    pub min_df: DocFreq,
    /// Drop terms in more documents than this.
    pub max_df: DocFreq,
    /// Keep at most this many terms (the most frequent).
    pub max_features: Option<usize>,
    /// Multiplier of concept features (`#…`) before the l2 norm.
    pub concept_weight: f64,
    /// Multiplier of character n-gram features (`c:…`) before the l2 norm: words and
    /// character n-grams are two views of a text, and a word yields several n-grams, so
    /// at weight 1 the n-grams swamp the words under one norm.
    #[serde(default = "one")]
    pub char_weight: f64,
    /// Normalise the words and the character n-grams each to unit l2 norm, then weigh the
    /// n-grams by `char_weight`: two views side by side instead of one norm over both.
    #[serde(default, skip_serializing_if = "is_false")]
    pub view_norm: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> f64 {
    1.0
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            sublinear_tf: true,
            smooth_idf: true,
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            max_features: None,
            concept_weight: 1.0,
            char_weight: 1.0,
            view_norm: false,
        }
    }
}

impl TfidfParams {
    /// Checks the bounds against each other where that is possible without data.
    pub fn check(&self) -> Result<()> {
        self.min_df.check("min_df")?;
        self.max_df.check("max_df")?;
        if self.max_features == Some(0) {
            return Err(Error::params("max_features must be at least 1"));
        }
        if !(self.char_weight.is_finite() && self.char_weight > 0.0) {
            return Err(Error::params(format!(
                "char_weight = {}: expected a positive number",
                self.char_weight
            )));
        }
        if !(self.concept_weight.is_finite() && self.concept_weight > 0.0) {
            return Err(Error::params(format!(
                "concept_weight = {}: expected a positive number",
                self.concept_weight
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_freq_parses_like_scikit_learn() {
        assert_eq!("2".parse::<DocFreq>().unwrap(), DocFreq::Count(2));
        assert_eq!("0.5".parse::<DocFreq>().unwrap(), DocFreq::Fraction(0.5));
        assert_eq!("1.0".parse::<DocFreq>().unwrap(), DocFreq::Fraction(1.0));
        assert!("1.5".parse::<DocFreq>().is_err());
        assert!("-1".parse::<DocFreq>().is_err());
    }
}
