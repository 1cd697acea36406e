//! Evaluate: metrics over labelled paragraphs and cross-validation.

pub mod curve;
pub mod cv;
pub mod metrics;
pub mod search;
