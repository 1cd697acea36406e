//! A training run: optionally choose α or the settings by inner cross-validation,
//! cross-validate the settings (the search nested in every fold), fit on every example, and record the training manifest (every data file with
//! its sha256 and counts, the settings, the fit checks and the figures).

use std::collections::BTreeMap;

use super::data::LabelledData;
use crate::error::{display_path, Result};
use crate::evaluate::cv::{cross_validate_with, CvChoice};
use crate::evaluate::search::{search, Search};
use crate::ingest::label_files::Source;
use crate::io::{sha256_bytes, sha256_file};
use crate::model::manifest::SearchRecord;
use crate::model::{CheckedParams, Classifier, CvRecord, DataFile, FitReport, Target, Training};
use crate::progress::Progress;

/// How a run validates and tunes before it fits.
#[derive(Debug, Clone)]
pub struct TrainRun {
    /// Cross-validation before training (its figures go into the manifest).
    pub cv: CvChoice,
    /// Seed of stratified folds.
    pub seed: u64,
    /// Worker threads for the folds.
    pub threads: usize,
    /// Choose α or the settings by inner cross-validation on the training data first (and,
    /// in each cross-validation fold, on that fold's training part).
    pub search: Search,
    /// What the labels are about, stored in the model.
    pub target: Option<Target>,
}

/// Trains a model for `data`'s task; `text_field` names the field(s) the text came from,
/// for the manifest. `searched` is told the α search's outcome as soon as it is known, and
/// `progress` of the search's candidates and the cross-validation's folds.
pub fn train(
    data: &LabelledData,
    text_field: &str,
    params: CheckedParams,
    run: &TrainRun,
    progress: &dyn Progress,
    mut searched: impl FnMut(&SearchRecord),
) -> Result<Classifier> {
    let examples = &data.examples;
    let mut params = params.with_mirror(data.mirror.clone());
    let (p, search) = search(&params, examples, run.threads, &run.search, progress)?;
    params = p;
    if let Some(record) = &search {
        searched(record);
    }
    let cv = match run.cv.clone().folds(examples, run.seed) {
        Some(folds) => {
            let out = cross_validate_with(
                &params,
                examples,
                &folds,
                run.threads,
                &run.search,
                progress,
            )?;
            Some(CvRecord {
                scheme: folds.describe(),
                folds: out.report.folds.as_ref().map_or(0, Vec::len),
                report: out.report,
            })
        }
        None => None,
    };
    let fitted = params.fit_examples(examples)?;
    let training = record(data, text_field, params, fitted.report.clone(), cv, search)?;
    Ok(Classifier::new(&data.task.field, fitted, training).with_target(run.target.clone()))
}

/// The training manifest of a model fitted on `data`: reads every data file again for its
/// sha256 and size.
pub fn record(
    data: &LabelledData,
    text_field: &str,
    params: CheckedParams,
    fit: FitReport,
    cv: Option<CvRecord>,
    search: Option<SearchRecord>,
) -> Result<Training> {
    let mut class_counts = BTreeMap::new();
    for e in &data.examples {
        *class_counts.entry(e.label.clone()).or_insert(0usize) += 1;
    }
    let files = data
        .files
        .iter()
        .map(|f| {
            let (sha256, bytes) = match &f.source {
                Source::Embedded { text, .. } => (sha256_bytes(text.as_bytes()), text.len() as u64),
                _ => sha256_file(&f.summary.path)?,
            };
            Ok(DataFile {
                path: match &f.source {
                    Source::File(p) | Source::Embedded { path: p, .. } => display_path(p),
                    Source::Lines { path, label } => format!("{}={label}", display_path(path)),
                },
                role: f.role.to_string(),
                sha256,
                bytes,
                rows: f.summary.rows,
                used: f.summary.labelled,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Training {
        tool: format!("standpoint {}", env!("CARGO_PKG_VERSION")),
        label_field: data.task.field.clone(),
        text_field: text_field.to_string(),
        data: files,
        class_counts,
        params: params.into_inner(),
        fit,
        cv,
        search,
        merge: data.merge.clone(),
    })
}
