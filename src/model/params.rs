//! Training hyper-parameters, checked before any fitting starts.

use serde::{Deserialize, Serialize};

use super::Mirror;
use crate::error::{Error, Result};
use crate::tokenize::{AnalyzerConfig, StopWordList};
use crate::vectorize::TfidfParams;

/// How to counter unequal class sizes (linfa-logistic has no class weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Balance {
    /// Every example counts once.
    None,
    /// Each example of class c counts `round(n_max / n_c)` times (as if repeated), so every
    /// class carries about the weight of the largest.
    #[default]
    Oversample,
    /// Each example of class c weighs `n / (k · n_c)` for n examples in k classes
    /// (scikit-learn's `class_weight="balanced"`): every class carries exactly the same
    /// total weight and all together weigh n; not whole numbers, so the sparse solver fits.
    Balanced,
}

/// Which optimiser fits the weights; both minimise the same objective with L-BFGS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Solver {
    /// The sparse solver, or linfa-logistic when its dense matrix is tiny (at most 1 MiB).
    #[default]
    Auto,
    /// linfa-logistic's `MultiLogisticRegression` on a dense matrix.
    Linfa,
    /// The same L-BFGS (argmin) on the sparse rows.
    Sparse,
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
    /// Scale features by their Naive Bayes log-count ratio (Wang & Manning 2012).
    pub nb: bool,
    /// Sample weight of an extra label (`--extra`, the answers of `label`) relative to a
    /// base label; it multiplies the class-balancing weight.
    #[serde(default = "one")]
    pub extra_weight: f64,
    /// Most L-BFGS iterations.
    pub max_iter: u64,
    /// Convergence tolerance: largest gradient entry divided by the total sample weight.
    pub tol: f64,
    /// The optimiser.
    pub solver: Solver,
    /// Two-step head ([`super::linear::Head::TwoStep`]): this label is decided first,
    /// against all others, then the others among themselves; `None` for one softmax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_step: Option<String>,
    /// Labels mirrored where a record's topic is stated against its target
    /// (`--polarity-field`); predictions for such records are mirrored back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<Mirror>,
}

fn one() -> f64 {
    1.0
}

/// The defaults are the [`TrainParams::small`] preset.
impl Default for TrainParams {
    fn default() -> Self {
        Self::small()
    }
}

impl TrainParams {
    /// Training sets of at least this many examples get the [`TrainParams::large`] preset
    /// under `--preset auto`.
    pub const LARGE_FROM: usize = 1000;

    /// For small training sets: the stance setting chosen by leave-one-article-out
    /// cross-validation on the 112 seed paragraphs — unigram Snowball stems without English
    /// stop words, sublinear TF-IDF, α = 0.3, oversampled classes. No concept lexicon: a
    /// lexicon belongs to its target (the built-in NATO-in-Asia lexicon to the built-in
    /// models, `--concepts builtin`); concepts are weighted 2 when one is given.
    pub fn small() -> Self {
        TrainParams {
            analyzer: AnalyzerConfig {
                stop_words: StopWordList::English,
                stem: true,
                word_ngrams: (1, 1),
                char_ngrams: None,
                concepts: None,
                negation: 0,
            },
            tfidf: TfidfParams {
                concept_weight: 2.0,
                ..TfidfParams::default()
            },
            alpha: 0.3,
            balance: Balance::Oversample,
            nb: false,
            extra_weight: 1.0,
            max_iter: 1000,
            tol: 1e-5,
            solver: Solver::Auto,
            two_step: None,
            mirror: None,
        }
    }

    /// For large training sets: the setting chosen by 10-fold cross-validation on
    /// rt-polarity — Snowball stems, word 1–3-grams, the three words after a negator
    /// marked, no stop words, no concepts, character 2–6-grams as a second view (each view
    /// normalised on its own, the n-grams weighted 0.7), Naive Bayes log-count ratios,
    /// sublinear TF-IDF, α = 0.1, oversampled classes.
    pub fn large() -> Self {
        TrainParams {
            analyzer: AnalyzerConfig {
                stop_words: StopWordList::None,
                stem: true,
                word_ngrams: (1, 3),
                char_ngrams: Some((2, 6)),
                concepts: None,
                negation: 3,
            },
            tfidf: TfidfParams {
                char_weight: 0.7,
                view_norm: true,
                ..TfidfParams::default()
            },
            alpha: 0.1,
            nb: true,
            ..Self::small()
        }
    }

    /// The preset for a training set of `n` examples.
    pub fn for_examples(n: usize) -> Self {
        if n >= Self::LARGE_FROM {
            Self::large()
        } else {
            Self::small()
        }
    }
}

impl TrainParams {
    /// The settings as the command-line options that give them (`--char-ngram`, `--nb`,
    /// `--no-sublinear-tf`, `--extra-weight`, `--two-step` and `--polarity-field` only when
    /// they are not the default).
    pub fn describe(&self) -> String {
        let a = &self.analyzer;
        let mut s = format!(
            "--ngram {},{} --negation {} --stop-words {} --concepts {} --concept-weight {} --alpha {} --balance {}",
            a.word_ngrams.0,
            a.word_ngrams.1,
            a.negation,
            match &a.stop_words {
                StopWordList::None => "none",
                StopWordList::English => "english",
                StopWordList::Custom { name, .. } => name,
            },
            a.concepts.as_ref().map_or("none", |l| l.name.as_str()),
            self.tfidf.concept_weight,
            self.alpha,
            match self.balance {
                Balance::None => "none",
                Balance::Oversample => "oversample",
                Balance::Balanced => "balanced",
            }
        );
        if let Some((lo, hi)) = a.char_ngrams {
            s += &format!(
                " --char-ngram {lo},{hi} --char-weight {}",
                self.tfidf.char_weight
            );
            if self.tfidf.view_norm {
                s += " --view-norm";
            }
        }
        if self.nb {
            s += " --nb";
        }
        if !self.tfidf.sublinear_tf {
            s += " --no-sublinear-tf";
        }
        if self.extra_weight != 1.0 {
            s += &format!(" --extra-weight {}", self.extra_weight);
        }
        if let Some(label) = &self.two_step {
            s += &format!(" --two-step {label}");
        }
        if let Some(m) = &self.mirror {
            s += &format!(
                " --polarity-field {} --opposites {},{}",
                m.field, m.labels[0], m.labels[1]
            );
        }
        s
    }

    /// Checks every setting; only checked parameters fit, cross-validate or search.
    pub fn check(&self) -> Result<CheckedParams> {
        self.analyzer.check()?;
        self.tfidf.check()?;
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(Error::params(format!(
                "alpha = {}: the L2 strength must be a positive number",
                self.alpha
            )));
        }
        if !(self.extra_weight.is_finite() && self.extra_weight > 0.0) {
            return Err(Error::params(format!(
                "extra_weight = {}: the weight of extra labels must be a positive number",
                self.extra_weight
            )));
        }
        if self.max_iter == 0 {
            return Err(Error::params("max_iter must be at least 1"));
        }
        if let Some(label) = &self.two_step {
            if label.trim().is_empty() {
                return Err(Error::params("--two-step needs the label decided first"));
            }
            if self.solver == Solver::Linfa {
                return Err(Error::params(
                    "a two-step model holds its intercepts fixed, which linfa-logistic cannot: \
                     use --solver sparse or auto",
                ));
            }
        }
        if !(self.tol.is_finite() && self.tol > 0.0 && self.tol < 1.0) {
            return Err(Error::params(format!(
                "tol = {}: expected a number in (0, 1)",
                self.tol
            )));
        }
        Ok(CheckedParams(self.clone()))
    }
}

/// Training parameters that passed [`TrainParams::check`] (linfa's checked-parameters
/// pattern): fitting, cross-validation and the α search take these, so nothing checks twice
/// and nothing runs on settings that cannot work.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedParams(TrainParams);

impl CheckedParams {
    /// The parameters.
    pub fn params(&self) -> &TrainParams {
        &self.0
    }

    /// The parameters, owned (to store them in a model's manifest).
    pub fn into_inner(self) -> TrainParams {
        self.0
    }

    /// The same parameters, mirroring labels by `mirror` (see [`Mirror`]).
    pub fn with_mirror(mut self, mirror: Option<Mirror>) -> CheckedParams {
        self.0.mirror = mirror;
        self
    }

    /// The same parameters with the L2 strength `alpha` (checked).
    pub fn with_alpha(&self, alpha: f64) -> Result<CheckedParams> {
        TrainParams {
            alpha,
            ..self.0.clone()
        }
        .check()
    }
}

impl std::ops::Deref for CheckedParams {
    type Target = TrainParams;

    fn deref(&self) -> &TrainParams {
        &self.0
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
        for extra_weight in [0.0, -2.0, f64::NAN] {
            let p = TrainParams {
                extra_weight,
                ..TrainParams::default()
            };
            assert!(p.check().is_err(), "extra_weight {extra_weight}");
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
