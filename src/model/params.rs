//! Training hyper-parameters, checked before any fitting starts.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::tokenize::{AnalyzerConfig, Lexicon, StopWordList};
use crate::vectorize::TfidfParams;

/// How to counter unequal class sizes (linfa-logistic has no class weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Balance {
    /// Every example counts once.
    None,
    /// Each example of class c counts `round(n_max / n_c)` times (as if repeated), so every
    /// class carries about the weight of the largest.
    #[default]
    Oversample,
}

impl std::str::FromStr for Balance {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "none" => Ok(Balance::None),
            "oversample" => Ok(Balance::Oversample),
            _ => Err(format!("'{s}': expected none or oversample")),
        }
    }
}

/// Everything that decides a trained model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainParams {
    /// Tokenizer settings.
    pub analyzer: AnalyzerConfig,
    /// TF-IDF settings.
    pub tfidf: TfidfParams,
    /// L2 strength α in `Σ CE + α/2 ‖W‖²` (scikit-learn's `1/C`).
    pub alpha: f64,
    /// Class balancing.
    pub balance: Balance,
    /// Most L-BFGS iterations.
    pub max_iter: u64,
    /// Convergence tolerance: largest gradient entry divided by the total sample weight.
    pub tol: f64,
}

/// The defaults: the stance setting chosen by leave-one-article-out cross-validation on
/// the seed labels (README, "Choosing the defaults") — unigrams without English stop words,
/// Snowball stems, the built-in concept lexicon at weight 2, sublinear TF-IDF, α = 0.3,
/// oversampled classes.
impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            analyzer: AnalyzerConfig {
                stop_words: StopWordList::English,
                stem: true,
                word_ngrams: (1, 1),
                char_ngrams: None,
                concepts: Some(Lexicon::builtin()),
            },
            tfidf: TfidfParams {
                concept_weight: 2.0,
                ..TfidfParams::default()
            },
            alpha: 0.3,
            balance: Balance::Oversample,
            max_iter: 1000,
            tol: 1e-5,
        }
    }
}

impl TrainParams {
    /// Checks every setting; fitting calls this first.
    pub fn check(&self) -> Result<()> {
        self.analyzer.check()?;
        self.tfidf.check()?;
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(Error::params(format!(
                "alpha = {}: the L2 strength must be a positive number",
                self.alpha
            )));
        }
        if self.max_iter == 0 {
            return Err(Error::params("max_iter must be at least 1"));
        }
        if !(self.tol.is_finite() && self.tol > 0.0 && self.tol < 1.0) {
            return Err(Error::params(format!(
                "tol = {}: expected a number in (0, 1)",
                self.tol
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_bad_values_fail() {
        assert!(TrainParams::default().check().is_ok());
        for alpha in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let p = TrainParams {
                alpha,
                ..TrainParams::default()
            };
            assert!(p.check().is_err(), "alpha {alpha}");
        }
        let p = TrainParams {
            max_iter: 0,
            ..TrainParams::default()
        };
        assert!(p.check().is_err());
        let p = TrainParams {
            tol: 0.0,
            ..TrainParams::default()
        };
        assert!(p.check().is_err());
    }
}
