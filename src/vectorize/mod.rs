//! Vectorize: features → l2-normalised TF-IDF rows, with scikit-learn's formulas.
//!
//! * tf = raw count, or `1 + ln(count)` with `sublinear_tf`;
//! * idf = `ln((1 + n) / (1 + df)) + 1` with `smooth_idf`, else `ln(n / df) + 1`;
//! * `min_df` / `max_df` (a count, or a fraction of the n training documents) prune terms
//!   first, then `max_features` keeps the terms with the largest total count (ties broken
//!   by the term, so the cut is deterministic);
//! * the vocabulary is sorted; each row is scaled to unit l2 norm; unseen features are dropped;
//! * beyond scikit-learn: concept features (`#…`, see [`crate::tokenize::concepts`]) are
//!   multiplied by `concept_weight` before the norm, so the few concept features are not
//!   swamped by the many word features (1 leaves the formulas untouched); and a fitted
//!   per-feature scale (Naive Bayes log-count ratios, [`nb_scale`]) can multiply each
//!   feature before the norm.
//!
//! [`TfidfParams::fit`] learns the vocabulary and idf once; [`Tfidf`] only transforms.

mod counts;
pub mod fused;
mod nb;
mod params;
mod row;
mod tfidf;

pub use counts::TermCounts;
pub use nb::nb_scale;
pub use params::{DocFreq, TfidfParams};
pub use row::SparseRow;
pub use tfidf::Tfidf;
