//! `standpoint train` — fit a model on labelled paragraphs and write it atomically.
//!
//! ```text
//! standpoint train --task stance|sentiment|FIELD --data FILE... --out FILE
//!                  [--cv auto|loao|none|K] [--seed N] [model options]
//!   --task    the JSONL field that holds the label (stance and sentiment have fixed labels)
//!   --cv      cross-validate first and store the figures in the model's manifest:
//!             loao = leave one article out (the `article` field), K = stratified K-fold,
//!             auto = loao when every record has an article, else none
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::options::TrainOpts;
use crate::error::{display_path, Error, Result};
use crate::evaluate::cv::{cross_validate, Folds};
use crate::ingest::labels::{self, Example, Fields, Task};
use crate::io::sha256_file;
use crate::model::{Classifier, CvRecord, DataFile, Training};

/// Cross-validation choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvChoice {
    /// Leave one article out when every record names one.
    Auto,
    /// Leave one article out.
    Loao,
    /// No cross-validation.
    None,
    /// Stratified K-fold.
    K(usize),
}

impl std::str::FromStr for CvChoice {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(CvChoice::Auto),
            "loao" => Ok(CvChoice::Loao),
            "none" => Ok(CvChoice::None),
            k => match k.parse::<usize>() {
                Ok(k) if k >= 2 => Ok(CvChoice::K(k)),
                _ => Err(format!(
                    "'{s}': expected auto, loao, none or a number of folds >= 2"
                )),
            },
        }
    }
}

impl CvChoice {
    /// The folds to use for `examples`, if any.
    pub fn folds(self, examples: &[Example], seed: u64) -> Option<Folds> {
        match self {
            CvChoice::None => None,
            CvChoice::Loao => Some(Folds::Groups),
            CvChoice::K(k) => Some(Folds::Stratified { k, seed }),
            CvChoice::Auto => {
                let mut groups = examples.iter().map(|e| e.group.as_deref());
                let all = groups.clone().all(|g| g.is_some());
                let first = groups.next().flatten();
                let several = examples.iter().any(|e| e.group.as_deref() != first);
                (all && several).then_some(Folds::Groups)
            }
        }
    }
}

/// Shared input options for label files.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct DataOpts {
    /// What to predict: stance, sentiment, or the name of any label field
    #[arg(long)]
    pub task: String,
    /// Labelled JSONL files
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The field holding the text
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// The field naming each record's article (for leave-one-article-out)
    #[arg(long, default_value = "article")]
    pub group_field: String,
}

impl DataOpts {
    /// The task and its labelled examples.
    pub fn read(&self) -> Result<(Task, Vec<Example>, Vec<labels::FileSummary>)> {
        let task = Task::named(&self.task);
        let fields = Fields {
            text: self.text_field.clone(),
            group: self.group_field.clone(),
        };
        let (examples, summaries) = labels::read(&self.data, &task, &fields)?;
        if examples.is_empty() {
            return Err(Error::params(format!(
                "no record in {} has a '{}' label",
                self.data
                    .iter()
                    .map(|p| display_path(p))
                    .collect::<Vec<_>>()
                    .join(", "),
                task.field
            )));
        }
        Ok((task, examples, summaries))
    }
}

/// Train a stance, sentiment or other classifier on labelled paragraphs.
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataOpts,
    /// Where to write the model (atomically; an existing file is kept as FILE.bak)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Cross-validation before training: auto, loao, none, or a number of folds
    #[arg(long, default_value = "auto")]
    pub cv: CvChoice,
    /// Seed for stratified folds
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Threads for cross-validation folds
    #[arg(long, default_value_t = default_threads())]
    pub threads: usize,
    #[command(flatten)]
    pub model: TrainOpts,
}

/// The machine's parallelism.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `train`.
pub fn run(args: TrainArgs) -> Result<()> {
    let params = args.model.params()?;
    let (task, examples, summaries) = args.data.read()?;
    let cv = match args.cv.folds(&examples, args.seed) {
        Some(folds) => {
            let out = cross_validate(&params, &examples, &folds, args.threads)?;
            Some(CvRecord {
                scheme: folds.describe(),
                folds: out.report.folds.as_ref().map_or(0, Vec::len),
                report: out.report,
            })
        }
        None => None,
    };
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let fitted = params.fit(&texts, &labels)?;
    let mut class_counts = BTreeMap::new();
    for l in &labels {
        *class_counts.entry(l.to_string()).or_insert(0usize) += 1;
    }
    let data = summaries
        .iter()
        .map(|s| {
            let (sha256, bytes) = sha256_file(&s.path)?;
            Ok(DataFile {
                path: display_path(&s.path),
                sha256,
                bytes,
                rows: s.rows,
                used: s.labelled,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let training = Training {
        tool: format!("standpoint {}", env!("CARGO_PKG_VERSION")),
        label_field: task.field.clone(),
        text_field: args.data.text_field.clone(),
        data,
        class_counts: class_counts.clone(),
        params,
        fit: fitted.report.clone(),
        cv,
    };
    let model = Classifier::new(&task.field, fitted, training);
    model.save(&args.out)?;
    let f = &model.training.fit;
    eprintln!(
        "wrote {}: {} model, {} examples {:?}, {} features",
        display_path(&args.out),
        task.field,
        f.examples,
        class_counts,
        f.features
    );
    eprintln!(
        "fit: training loss {:.4} (class prior {:.4}), training accuracy {:.3}, gradient {:.1e}",
        f.training_loss, f.prior_loss, f.training_accuracy, f.gradient
    );
    if let Some(cv) = &model.training.cv {
        let r = &cv.report;
        eprintln!(
            "cv ({}): accuracy {:.3}, macro-F1 {:.3}{}",
            cv.scheme,
            r.accuracy,
            r.macro_f1,
            r.f_avg.map_or(String::new(), |f| format!(", F_avg {f:.3}"))
        );
    }
    Ok(())
}
