//! `standpoint evaluate`: accuracy, macro-F1, per-class figures, confusion matrix and
//! calibration of a model on labelled paragraphs, or of the training settings under
//! cross-validation.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::options::{
    DataOpts, Notes, OutOpt, SeedOpt, Stderr, TableOrJson, ThreadsOpt, TrainOpts,
};
use super::output::Output;
use crate::error::{display_path, Error, Result};
use crate::evaluate::cv::{cross_validate, CvChoice, CvOutcome};
use crate::evaluate::metrics;
use crate::ingest::label_files::Example;
use crate::model::manifest::Report;
use crate::model::select;

/// Measure a model, or the training settings by cross-validation.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub data: DataOpts,
    /// A trained model to score the data with
    #[arg(long, value_name = "FILE", conflicts_with = "cv")]
    pub model: Option<PathBuf>,
    /// Cross-validate the training settings instead: loao, a number of folds, or
    /// holdout:GROUP (train on every other --group-field value, test on GROUP)
    #[arg(long)]
    pub cv: Option<CvChoice>,
    #[command(flatten)]
    pub seed: SeedOpt,
    #[command(flatten)]
    pub threads: ThreadsOpt,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
    #[command(flatten)]
    pub out: OutOpt,
    /// With --cv: also write every example with its fold and out-of-fold probabilities as
    /// JSONL ({"fold","label","text","group","probs"}), e.g. to run another tool on the
    /// same folds
    #[arg(long, value_name = "FILE", requires = "cv")]
    pub folds_out: Option<PathBuf>,
    /// With --cv: choose α in each fold by inner cross-validation on that fold's training part
    #[arg(long, requires = "cv")]
    pub search: bool,
    #[command(flatten)]
    pub train: TrainOpts,
}

/// Measures what `args` describe — a model on the data, or the training settings under
/// cross-validation (writing `--folds-out` when asked) — and returns the figures with a
/// title saying what was measured: all that `evaluate` does but print them. A Python
/// binding evaluates through it.
pub fn measure(args: &EvaluateArgs, notes: &mut dyn Notes) -> Result<(Report, String)> {
    for p in args.out.out.iter().chain(&args.folds_out) {
        crate::io::check_output(p)?;
    }
    let data = args.data.read(notes)?;
    let (task, examples) = (data.task, data.examples);
    let (report, title) = match (&args.model, args.cv.clone()) {
        (Some(path), None) => {
            let model = select::for_task(Some(path), &task.field)?;
            let mut labels = model.labels.clone();
            for e in &examples {
                if !labels.contains(&e.label) {
                    labels.push(e.label.clone());
                }
            }
            let mut scorer = model.scorer();
            let probs: Vec<Vec<f64>> = examples
                .iter()
                .map(|e| {
                    let mut p = scorer.predict_proba(&e.text);
                    p.resize(labels.len(), 0.0);
                    p
                })
                .collect();
            let gold: Vec<usize> = examples
                .iter()
                .map(|e| {
                    labels
                        .iter()
                        .position(|l| *l == e.label)
                        .expect("added above")
                })
                .collect();
            (
                metrics::report(&labels, &gold, &probs),
                format!("model {}", display_path(path)),
            )
        }
        (None, Some(cv)) => {
            let folds = cv.folds(&examples, args.seed.seed).ok_or_else(|| {
                Error::params(
                    "--cv none/auto found nothing to cross-validate: use loao or a number of folds",
                )
            })?;
            let params = args.train.params(examples.len())?;
            let out = cross_validate(&params, &examples, &folds, args.threads.get(), args.search)?;
            if let Some(path) = &args.folds_out {
                write_folds(path, &examples, &out)?;
            }
            let search = if args.search {
                ", α by inner cross-validation"
            } else {
                ""
            };
            (out.report, format!("{}{search}", folds.describe()))
        }
        _ => return Err(Error::params("give either --model FILE or --cv loao|K")),
    };
    Ok((report, format!("{} — {title}", task.field)))
}

/// Runs `evaluate`.
pub fn run(args: EvaluateArgs) -> Result<()> {
    let (report, title) = measure(&args, &mut Stderr)?;
    let mut out = args.out.open()?;
    match args.format {
        TableOrJson::Json => {
            serde_json::to_writer_pretty(&mut out, &report).map_err(|e| out.error(e.into()))?;
            writeln!(out).map_err(|e| out.error(e))?;
        }
        TableOrJson::Table => write_table(&mut out, &report, &title).map_err(|e| out.error(e))?,
    }
    out.finish()
}

/// Writes each example with its fold and out-of-fold probabilities (`null` for examples
/// that only trained).
fn write_folds(path: &std::path::Path, examples: &[Example], cv: &CvOutcome) -> Result<()> {
    let mut out = Output::open(Some(path))?;
    for (i, e) in examples.iter().enumerate() {
        let probs: Option<serde_json::Map<String, serde_json::Value>> = cv.fold_of[i].map(|_| {
            cv.labels
                .iter()
                .zip(&cv.probs[i])
                .map(|(l, p)| (l.clone(), serde_json::json!(p)))
                .collect()
        });
        let rec = serde_json::json!({"fold": cv.fold_of[i], "label": e.label, "text": e.text,
                                     "group": e.group, "probs": probs});
        writeln!(out, "{rec}").map_err(|err| out.error(err))?;
    }
    out.finish()
}

/// Writes a report as text tables.
pub fn write_table(out: &mut impl Write, r: &Report, title: &str) -> std::io::Result<()> {
    writeln!(out, "{title}")?;
    writeln!(
        out,
        "n {}  accuracy {:.3}  macro-F1 {:.3}  F_avg {}  log-loss {:.3}  Brier {:.3}  ECE {:.3}",
        r.n,
        r.accuracy,
        r.macro_f1,
        r.f_avg.map_or("-".into(), |f| format!("{f:.3}")),
        r.log_loss,
        r.brier,
        r.ece
    )?;
    writeln!(out)?;
    let w = r
        .per_class
        .keys()
        .map(|k| k.len())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(out, "{:<w$}  precision  recall     F1  support", "class")?;
    for (label, m) in &r.per_class {
        writeln!(
            out,
            "{label:<w$}  {:>9.3}  {:>6.3}  {:>5.3}  {:>7}",
            m.precision, m.recall, m.f1, m.support
        )?;
    }
    writeln!(out)?;
    write!(out, "{:<w$}", "gold \\ predicted")?;
    for l in r.confusion.keys() {
        write!(out, "  {l:>w$}")?;
    }
    writeln!(out)?;
    for (gold, row) in &r.confusion {
        write!(out, "{gold:<w$}")?;
        let pad = "gold \\ predicted".len().saturating_sub(w);
        write!(out, "{:pad$}", "")?;
        for n in row.values() {
            write!(out, "  {n:>w$}")?;
        }
        writeln!(out)?;
    }
    if let Some(folds) = &r.folds {
        writeln!(out)?;
        writeln!(
            out,
            "fold  {:<32}  {:>4}  accuracy  macro-F1",
            "held out", "n"
        )?;
        for f in folds {
            writeln!(
                out,
                "{:>4}  {:<32}  {:>4}  {:>8.3}  {:>8.3}",
                f.fold + 1,
                f.group.as_deref().unwrap_or("-"),
                f.n,
                f.accuracy,
                f.macro_f1
            )?;
        }
    }
    Ok(())
}
