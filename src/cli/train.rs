//! `standpoint train`: fit a model on labelled paragraphs and write it atomically.

use std::path::PathBuf;

use clap::Args;

use super::options::{DataOpts, Notes, QuietOpt, SearchOpts, SeedOpt, ThreadsOpt, TrainOpts};
use super::progress::Terminal;
use crate::error::{display_path, Result};
use crate::evaluate::cv::CvChoice;
use crate::model::{Classifier, Target};
use crate::train::{train, TrainRun};

/// Train a stance, sentiment or other classifier on labelled paragraphs.
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataOpts,
    /// Where to write the model (atomically; an existing file is kept as FILE.bak; missing
    /// directories are created)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Cross-validation before training: auto, loao, none, a number of folds, or
    /// holdout:GROUP
    #[arg(long, default_value = "auto")]
    pub cv: CvChoice,
    #[command(flatten)]
    pub seed: SeedOpt,
    #[command(flatten)]
    pub threads: ThreadsOpt,
    #[command(flatten)]
    pub search: SearchOpts,
    /// A short name of what the labels are about, stored in the model and shown by score,
    /// report, explain and model info [default: the built-in model's target when its labels
    /// are the base]
    #[arg(long, value_name = "NAME", requires = "target_definition")]
    pub target_name: Option<String>,
    /// The one sentence the labels follow, e.g. "AUKUS expanding beyond submarines"
    #[arg(long, value_name = "SENTENCE", requires = "target_name")]
    pub target_definition: Option<String>,
    #[command(flatten)]
    pub model: TrainOpts,
    #[command(flatten)]
    pub progress: QuietOpt,
}

/// Reads the data and trains the model `args` describe: all that `train` does but write the
/// model. A Python binding trains through it, so both train alike.
pub fn fit(args: &TrainArgs, notes: &mut dyn Notes) -> Result<Classifier> {
    let data = args.data.read(notes)?;
    if let Some(m) = &data.merge {
        notes.note(format!(
            "merged {} base and {} extra labels: {} duplicates dropped, {} conflicts settled by --prefer, {} examples",
            m.base, m.extra, m.duplicates, m.conflicts_resolved, m.merged
        ));
    }
    let builtin = args.data.builtin_base()?;
    let params = args
        .model
        .params_with_base(data.examples.len(), builtin.as_ref())?;
    let target = match (&args.target_name, &args.target_definition) {
        (Some(n), Some(d)) => Some(Target::new(n, d)?),
        _ => builtin.as_ref().and_then(|m| m.target.clone()),
    };
    let run = TrainRun {
        cv: args.cv.clone(),
        seed: args.seed.seed,
        threads: args.threads.get(),
        search: args.search.get(),
        target,
    };
    let progress = notes.progress();
    train(
        &data,
        &args.data.text_field.join("+"),
        params,
        &run,
        &*progress,
        |record| {
            notes.note(match &record.chosen {
                Some(c) => format!(
                    "search ({}, {} candidates{}): {c}",
                    record.scheme,
                    record.trials.len(),
                    if record.stopped_by_budget {
                        ", stopped by --search-budget"
                    } else {
                        ""
                    }
                ),
                None => format!("search ({}): α = {}", record.scheme, record.alpha),
            })
        },
    )
}

/// Runs `train`.
pub fn run(args: TrainArgs) -> Result<()> {
    crate::io::check_output_in_new_dirs(&args.out)?;
    let model = fit(&args, &mut Terminal::new(args.progress.quiet))?;
    crate::io::create_parents(&args.out)?;
    model.save(&args.out)?;
    let t = &model.training;
    let f = &t.fit;
    eprintln!(
        "wrote {}: {} model, {} examples {:?}, {} features",
        display_path(&args.out),
        model.task,
        f.examples,
        t.class_counts,
        f.features
    );
    eprintln!(
        "fit: training loss {:.4} (class prior {:.4}), training accuracy {:.3}, gradient {:.1e}; {}",
        f.training_loss,
        f.prior_loss,
        f.training_accuracy,
        f.gradient,
        f.effort()
    );
    if let Some(cv) = &t.cv {
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
