//! standpoint scores news articles' **stance** toward a target — NATO taking a larger role
//! in Asia and the Indo-Pacific: FAVOR / AGAINST / NONE — and their **sentiment**
//! (positive / negative / neutral).
//!
//! The modules follow the data, in layers that only point down (`ARCHITECTURE.md`):
//! [`ingest`] (files → articles, label files) → [`segment`] (article → paragraphs) →
//! [`tokenize`] (paragraph → features) → [`vectorize`] (features → TF-IDF rows) →
//! [`model`] (rows → class probabilities; training with linfa-logistic; the model file) and
//! [`aggregate`] (paragraphs → article) → [`pipeline`] (one article scored) → [`explain`],
//! [`labelling`] and [`report`] (articles → per-source summaries) → [`evaluate`] (metrics,
//! cross-validation) → [`train`] (data sets and training runs) → [`cli`] (the commands).
//! [`error`], [`io`], [`rng`], [`parallel`], [`progress`] and [`text`] are leaves any layer
//! may use.

pub mod aggregate;
pub mod cli;
pub mod error;
pub mod evaluate;
pub mod explain;
pub mod ingest;
pub mod io;
pub mod labelling;
pub mod model;
pub mod parallel;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod rng;
pub mod segment;
pub mod studio;
pub mod text;
pub mod tokenize;
pub mod train;
pub mod vectorize;

pub use error::{Error, Result};
