//! Train: labelled data sets and training runs. A data set is the label files read for a
//! task, checked and merged ([`DataSpec::read`]); a run tunes, cross-validates and fits a
//! model on it and records how ([`train()`]). What a command line, a Python binding or a
//! server needs to make a model.

mod data;
pub mod merge;
mod run;

pub use data::{DataSpec, FileRead, LabelledData};
pub use merge::Prefer;
pub use run::{record, train, TrainRun};
