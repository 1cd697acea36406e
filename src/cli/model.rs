//! `standpoint model info`: what a model is and how it was made (its training manifest).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::options::{describe, TableOrJson};
use super::output::Output;
use crate::error::{display_path, Result};
use crate::model::{builtin, Classifier, Target};

/// Inspect models.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Print a model's training manifest
    Info(InfoArgs),
}

/// Options of `model info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Model files (default: the built-in models)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
}

/// A trial's standard error as " ± 0.012", or nothing.
fn se(se: Option<f64>) -> String {
    se.map(|e| format!(" ± {e:.3}")).unwrap_or_default()
}

/// ", within one standard error of the best (α = 0.3)" when the one-standard-error rule
/// chose another α than the best one, or nothing.
fn one_se(best_alpha: Option<f64>) -> String {
    best_alpha
        .map(|b| format!(", within one standard error of the best (α = {b})"))
        .unwrap_or_default()
}

fn write_info(out: &mut impl Write, name: &str, m: &Classifier) -> std::io::Result<()> {
    let t = &m.training;
    writeln!(out, "{name}: {} model, trained by {}", m.task, t.tool)?;
    writeln!(out, "  target      {}", Target::describe(m.target.as_ref()))?;
    writeln!(out, "  labels      {}", m.labels.join(", "))?;
    for d in &t.data {
        writeln!(
            out,
            "  {:<11} {} ({} bytes, sha256 {}): {} records, {} used",
            d.role, d.path, d.bytes, d.sha256, d.rows, d.used
        )?;
    }
    let counts: Vec<String> = t
        .class_counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    writeln!(
        out,
        "  examples    {} ({})",
        t.fit.examples,
        counts.join(", ")
    )?;
    if let Some(mg) = &t.merge {
        writeln!(
            out,
            "  merge       {} base + {} extra labels, {} duplicates dropped, {} conflicts settled by --prefer",
            mg.base, mg.extra, mg.duplicates, mg.conflicts_resolved
        )?;
    }
    writeln!(
        out,
        "  text field  {}; label field {}",
        t.text_field, t.label_field
    )?;
    writeln!(out, "  settings    {}", describe(&t.params))?;
    let concepts = m
        .tfidf
        .vocabulary()
        .iter()
        .filter(|f| f.starts_with(crate::tokenize::concepts::PREFIX))
        .count();
    writeln!(
        out,
        "  vocabulary  {} features ({concepts} concepts)",
        m.tfidf.len()
    )?;
    let f = &t.fit;
    writeln!(
        out,
        "  fit         {}; training loss {:.4} vs class prior {:.4}; training accuracy {:.3}; gradient {:.1e}",
        f.effort(), f.training_loss, f.prior_loss, f.training_accuracy, f.gradient
    )?;
    if let Some(s) = &t.search {
        match &s.chosen {
            Some(chosen) => {
                writeln!(
                    out,
                    "  search      settings by {} ({} candidates{}): {chosen}",
                    s.scheme,
                    s.trials.len(),
                    if s.stopped_by_budget {
                        ", stopped by the time budget"
                    } else {
                        ""
                    }
                )?;
                for x in &s.trials {
                    writeln!(
                        out,
                        "              macro-F1 {:.3}{}  log-loss {:.3}  {}",
                        x.macro_f1,
                        se(x.se),
                        x.log_loss,
                        x.settings.as_deref().unwrap_or("")
                    )?;
                }
                if s.best_alpha.is_some() {
                    writeln!(out, "              α = {}{}", s.alpha, one_se(s.best_alpha))?;
                }
            }
            None => {
                let trials: Vec<String> = s
                    .trials
                    .iter()
                    .map(|x| format!("{}: {:.3}{}", x.alpha, x.macro_f1, se(x.se)))
                    .collect();
                writeln!(
                    out,
                    "  search      α = {} by {}{} (macro-F1 {})",
                    s.alpha,
                    s.scheme,
                    one_se(s.best_alpha),
                    trials.join(", ")
                )?;
            }
        }
    }
    match &t.cv {
        Some(cv) => {
            let r = &cv.report;
            let per: Vec<String> = r
                .per_class
                .iter()
                .map(|(k, v)| format!("{k} {:.2}", v.f1))
                .collect();
            writeln!(
                out,
                "  cv          {} ({} folds, n {}): accuracy {:.3}, macro-F1 {:.3}, log-loss {:.3}; F1 {}",
                cv.scheme,
                cv.folds,
                r.n,
                r.accuracy,
                r.macro_f1,
                r.log_loss,
                per.join(", ")
            )?;
        }
        None => writeln!(out, "  cv          not run")?,
    }
    Ok(())
}

/// Runs `model …`.
pub fn run(cmd: ModelCommand) -> Result<()> {
    let ModelCommand::Info(args) = cmd;
    let models: Vec<(String, Classifier)> = if args.files.is_empty() {
        vec![
            ("built-in stance model".into(), builtin::load("stance")?),
            (
                "built-in sentiment model".into(),
                builtin::load("sentiment")?,
            ),
        ]
    } else {
        args.files
            .iter()
            .map(|p| Ok((display_path(p), Classifier::load(p)?)))
            .collect::<Result<_>>()?
    };
    let mut out = Output::open(None)?;
    for (name, m) in &models {
        match args.format {
            TableOrJson::Table => write_info(&mut out, name, m).map_err(|e| out.error(e))?,
            TableOrJson::Json => {
                let v = json!({"model": name, "format": crate::model::FORMAT,
                               "format_version": crate::model::FORMAT_VERSION, "task": m.task, "target": m.target,
                               "labels": m.labels, "features": m.tfidf.len(), "training": m.training});
                serde_json::to_writer_pretty(&mut out, &v).map_err(|e| out.error(e.into()))?;
                writeln!(out).map_err(|e| out.error(e))?;
            }
        }
    }
    out.finish()
}
