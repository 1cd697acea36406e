//! Labelling: an active-learning session. Unlabelled articles are segmented and their paragraphs
//! scored by the current model; the paragraphs it is least sure of come first. Each answer
//! is appended to the answers file and flushed to disk at once, so killing the process
//! loses nothing already answered; *undo* removes only the answer just given. With
//! `retrain_every`, the model is retrained on the base labels plus the answers so far and
//! the remaining paragraphs are re-ordered.
//!
//! Paragraphs already labelled (in the base label files or the answers file, skips
//! included) and near-duplicates (≥ 80% of word 3-shingles shared) are never asked.

mod answers;
mod dedup;
mod keys;
mod pool;
mod session;
mod strategy;

pub use answers::{examples_of, Answer, Answers, Guess, Record};
pub use dedup::{Dedup, NEAR_DUPLICATE};
pub use keys::Keys;
pub use pool::Prepared;
pub use session::{candidates, guess, order, retrained, Candidate, Plan, Session};
pub use strategy::{uncertainty, Strategy};
