//! Model: a trained classifier (tokenizer settings, TF-IDF vocabulary and idf, softmax
//! weights), how it is fitted and checked, its JSON file format with the training manifest,
//! and scoring texts with it.

pub mod builtin;
mod classifier;
mod file;
pub mod fit;
pub mod linear;
pub mod manifest;
mod mirror;
pub mod params;
mod scorer;
pub mod select;
pub mod sparse;
mod target;

pub use classifier::Classifier;
pub use file::{FORMAT, FORMAT_VERSION};
pub use fit::{FitReport, Fitted};
pub use linear::LinearModel;
pub use manifest::{CvRecord, DataFile, Training};
pub use mirror::Mirror;
pub use params::{Balance, CheckedParams, Solver, TrainParams};
pub use scorer::Scorer;
pub use target::Target;
