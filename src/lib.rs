//! standpoint scores news articles' **stance** toward a target — NATO taking a larger role
//! in Asia and the Indo-Pacific: FAVOR / AGAINST / NONE — and their **sentiment**
//! (positive / negative / neutral).
//!
//! The modules follow the data:
//! [`ingest`] (files → articles, label files) → [`segment`] (article → paragraphs) →
//! [`tokenize`] (paragraph → features) → [`vectorize`] (features → TF-IDF rows) →
//! [`model`] (rows → class probabilities; training with linfa-logistic) →
//! [`aggregate`] (paragraphs → article) → [`report`] (articles → per-source summaries).
//! [`pipeline`] runs the scoring stages for one article; [`evaluate`] measures models;
//! [`explain`] shows why they score as they do; [`parallel`] spreads scoring over threads
//! in input order; [`cli`] holds the commands.

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
pub mod report;
pub mod rng;
pub mod segment;
pub mod text;
pub mod tokenize;
pub mod train;
pub mod vectorize;

pub use error::{Error, Result};
