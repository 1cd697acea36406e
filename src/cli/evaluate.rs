//! `standpoint evaluate`: accuracy, macro-F1, per-class figures, confusion matrix and
//! calibration of a model on labelled paragraphs, of the training settings under
//! cross-validation, or of the settings trained on one set and tested on another.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::options::{
    DataOpts, Notes, OutOpt, QuietOpt, SearchOpts, SeedOpt, TableOrJson, ThreadsOpt, TrainOpts,
};
use super::output::Output;
use super::progress::Terminal;
use crate::error::{display_path, Error, Result};
use crate::evaluate::cv::{cross_validate_with, train_test, CvChoice, CvOutcome};
use crate::evaluate::metrics;
use crate::evaluate::search::Search;
use crate::ingest::label_files::{self, Example, Source};
use crate::model::fit::argmax;
use crate::model::manifest::Report;
use crate::model::{select, Mirror};

/// Measure a model, or the training settings by cross-validation.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub data: DataOpts,
    /// A trained model to score the data with
    #[arg(long, value_name = "FILE", conflicts_with_all = ["cv", "test"])]
    pub model: Option<PathBuf>,
    /// Cross-validate the training settings instead: loao, a number of folds, or
    /// holdout:GROUP (train on every other --group-field value, test on GROUP)
    #[arg(long, conflicts_with = "test")]
    pub cv: Option<CvChoice>,
    /// Train the settings on --data (with --extra and --train-also) and score these label
    /// files (JSONL, CSV or TSV, read with the same fields), e.g. a written corpus tested
    /// on real paragraphs
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub test: Vec<PathBuf>,
    #[command(flatten)]
    pub seed: SeedOpt,
    #[command(flatten)]
    pub threads: ThreadsOpt,
    /// Output format [default: what --out's extension names, else table]
    #[arg(long, value_enum)]
    pub format: Option<TableOrJson>,
    #[command(flatten)]
    pub out: OutOpt,
    /// With --cv or --test: also write every example with its fold and out-of-fold
    /// probabilities as JSONL ({"fold","label","text","group","probs"}; "fold": null for an
    /// example that only trains), e.g. to run another tool on the same folds
    #[arg(long, value_name = "FILE")]
    pub folds_out: Option<PathBuf>,
    /// Write every scored example as JSONL: {"id","file","line","group","label",
    /// "predicted","probs","text"} (and "fold" with --cv)
    #[arg(long, value_name = "FILE")]
    pub predictions_out: Option<PathBuf>,
    /// With --cv or --test: --search or --auto run inside each training part
    #[command(flatten)]
    pub search: SearchOpts,
    #[command(flatten)]
    pub train: TrainOpts,
    #[command(flatten)]
    pub progress: QuietOpt,
}

/// Reads the data and measures what `args` ask for — a model, the settings under
/// cross-validation, or the settings trained on --data and tested on --test (writing
/// `--folds-out` and `--predictions-out` when asked) — and returns the figures with a title
/// saying what was measured: all that `evaluate` does but print them. A Python binding
/// evaluates through it.
pub fn measure(args: &EvaluateArgs, notes: &mut dyn Notes) -> Result<(Report, String)> {
    let trains = args.cv.is_some() || !args.test.is_empty();
    let searching = args.search.get();
    if !trains && (args.folds_out.is_some() || searching.is_some()) {
        return Err(Error::params(
            "--folds-out, --search and --auto need --cv or --test (they are about training runs)",
        ));
    }
    for p in args
        .out
        .out
        .iter()
        .chain(&args.folds_out)
        .chain(&args.predictions_out)
    {
        crate::io::check_output(p)?;
    }
    let data = args.data.read(notes)?;
    let (task, examples, mirror) = (data.task, data.examples, data.mirror);
    let search = match searching {
        Search::None => "",
        Search::Alpha { .. } => ", α by inner cross-validation",
        Search::Settings { .. } => ", settings by inner cross-validation (--auto)",
    };
    let (report, title, scored) = match (&args.model, args.cv.clone()) {
        (Some(path), None) => {
            let model = select::for_task(Some(path), &task.field)?;
            let trained = model.training.params.mirror.as_ref();
            match (trained, &args.data.polarity_field) {
                (Some(m), None) => {
                    return Err(Error::params(format!(
                        "{}: the model mirrors labels where '{}' is -1; pass --polarity-field {}",
                        display_path(path),
                        m.field,
                        m.field
                    )))
                }
                (None, Some(_)) => {
                    return Err(Error::params(format!(
                        "{}: the model was trained without --polarity-field, so it has no \
                         mirrored labels to mirror back; drop --polarity-field",
                        display_path(path)
                    )))
                }
                _ => {}
            }
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
                    if let (Some(m), true) = (trained, e.mirrored) {
                        m.probs(&labels, &mut p);
                    }
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
            let outcome = CvOutcome {
                report: metrics::report(&labels, &gold, &probs),
                labels,
                gold,
                fold_of: vec![Some(0); examples.len()],
                probs,
            };
            (
                outcome.report.clone(),
                format!("model {}", display_path(path)),
                Scored {
                    examples,
                    outcome,
                    folds: false,
                },
            )
        }
        (None, Some(cv)) => {
            let folds = cv.folds(&examples, args.seed.seed).ok_or_else(|| {
                Error::params(
                    "--cv none/auto found nothing to cross-validate: use loao or a number of folds",
                )
            })?;
            let params = args
                .train
                .params_with_base(examples.len(), args.data.builtin_base()?.as_ref())?
                .with_mirror(mirror.clone());
            let progress = notes.progress();
            let threads = args.threads.get();
            let out =
                cross_validate_with(&params, &examples, &folds, threads, &searching, &*progress)?;
            (
                out.report.clone(),
                format!("{}{search}", folds.describe()),
                Scored {
                    examples,
                    outcome: out,
                    folds: true,
                },
            )
        }
        (None, None) if !args.test.is_empty() => {
            let sources: Vec<Source> = args.test.iter().map(|p| Source::File(p.clone())).collect();
            let (test, _) = label_files::read(&sources, &task, &args.data.spec()?.fields)?;
            let overlap = overlap(&examples, &test);
            if overlap > 0 {
                notes.warn(format!(
                    "{overlap} test paragraph(s) are also in the training data"
                ));
            }
            let params = args
                .train
                .params_with_base(examples.len(), args.data.builtin_base()?.as_ref())?
                .with_mirror(mirror.clone());
            let out = train_test(&params, &examples, &test, args.threads.get(), &searching)?;
            let names: Vec<String> = args.test.iter().map(|p| display_path(p)).collect();
            let title = format!(
                "trained on {} examples, tested on {}{search}",
                examples.len(),
                names.join(", ")
            );
            let mut all = examples;
            all.extend(test);
            (
                out.report.clone(),
                title,
                Scored {
                    examples: all,
                    outcome: out,
                    folds: false,
                },
            )
        }
        _ => {
            return Err(Error::params(
                "give --model FILE, --cv loao|K|holdout:G, or --test FILE",
            ))
        }
    };
    if let Some(path) = &args.folds_out {
        write_folds(path, &scored.examples, &scored.outcome, mirror.as_ref())?;
    }
    if let Some(path) = &args.predictions_out {
        write_predictions(path, &scored)?;
    }
    Ok((report, format!("{} — {title}", task.field)))
}

/// Runs `evaluate`.
pub fn run(args: EvaluateArgs) -> Result<()> {
    let format = args.out.format(args.format, || TableOrJson::Table)?;
    let (report, title) = measure(&args, &mut Terminal::new(args.progress.quiet))?;
    let mut out = args.out.open()?;
    match format {
        TableOrJson::Json => {
            serde_json::to_writer_pretty(&mut out, &report).map_err(|e| out.error(e.into()))?;
            writeln!(out).map_err(|e| out.error(e))?;
        }
        TableOrJson::Table => write_table(&mut out, &report, &title).map_err(|e| out.error(e))?,
    }
    out.finish()
}

/// Examples with their predictions, for the per-example outputs.
struct Scored {
    examples: Vec<Example>,
    outcome: CvOutcome,
    /// Whether the fold numbers mean something (cross-validation).
    folds: bool,
}

/// How many of `test`'s paragraphs are also in `train` (by normalised text).
fn overlap(train: &[Example], test: &[Example]) -> usize {
    let keys: std::collections::HashSet<String> = train
        .iter()
        .map(|e| crate::text::paragraph_key(&e.text))
        .collect();
    test.iter()
        .filter(|e| keys.contains(&crate::text::paragraph_key(&e.text)))
        .count()
}

/// Writes each example with its fold and out-of-fold probabilities (`null` for examples
/// that only trained); a mirrored example also names the two labels it swaps (`"mirror"`),
/// so another tool can train on the same mirrored labels.
fn write_folds(
    path: &std::path::Path,
    examples: &[Example],
    cv: &CvOutcome,
    mirror: Option<&Mirror>,
) -> Result<()> {
    let mut out = Output::open(Some(path))?;
    for (i, e) in examples.iter().enumerate() {
        let probs = cv.fold_of[i].map(|_| probs_map(&cv.labels, &cv.probs[i]));
        let mut rec = serde_json::json!({"fold": cv.fold_of[i], "label": e.label,
                                         "text": e.text, "group": e.group, "probs": probs});
        if let (Some(m), true) = (mirror, e.mirrored) {
            rec["mirror"] = serde_json::json!(m.labels);
        }
        writeln!(out, "{rec}").map_err(|err| out.error(err))?;
    }
    out.finish()
}

fn probs_map(labels: &[String], probs: &[f64]) -> serde_json::Map<String, serde_json::Value> {
    labels
        .iter()
        .zip(probs)
        .map(|(l, p)| (l.clone(), serde_json::json!(p)))
        .collect()
}

/// Writes every scored (held-out) example with its predicted label and probabilities.
fn write_predictions(path: &std::path::Path, s: &Scored) -> Result<()> {
    let mut out = Output::open(Some(path))?;
    let cv = &s.outcome;
    for (i, e) in s.examples.iter().enumerate() {
        let Some(fold) = cv.fold_of[i] else { continue };
        let p = &cv.probs[i];
        let mut rec = serde_json::json!({"id": e.id, "file": e.file, "line": e.line,
            "group": e.group, "label": e.label, "predicted": cv.labels[argmax(p)],
            "probs": probs_map(&cv.labels, p), "text": e.text});
        if s.folds {
            rec["fold"] = serde_json::json!(fold);
        }
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
