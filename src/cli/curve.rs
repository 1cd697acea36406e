//! `standpoint learning-curve`: does asking for the most uncertain labels pay?

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::options::{DataOpts, Notes, QuietOpt, TrainOpts};
use super::output::Output;
use super::progress::Terminal;
use crate::error::Result;
use crate::evaluate::curve::{learning_curve_with, svg, Curve, CurveParams};
use crate::labelling::Strategy;

/// Output format of the learning curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CurveFormat {
    /// Aligned columns.
    Table,
    /// A Markdown table.
    Md,
    /// JSON.
    Json,
}

/// Compare labelling by uncertainty with labelling at random.
#[derive(Debug, Args)]
pub struct CurveArgs {
    #[command(flatten)]
    pub data: DataOpts,
    /// Labels to start from (at least one per class)
    #[arg(long, default_value_t = 10)]
    pub start: usize,
    /// Labels added per step
    #[arg(long, default_value_t = 6)]
    pub step: usize,
    /// Repetitions with different splits (seeds 0, 1, …)
    #[arg(long, default_value_t = 10)]
    pub seeds: usize,
    /// Share of each class held out for testing
    #[arg(long, default_value_t = 0.3)]
    pub test_fraction: f64,
    /// Orders to compare
    #[arg(long, value_enum, num_args = 1.., default_values_t = [Strategy::Entropy, Strategy::Random])]
    pub strategies: Vec<Strategy>,
    /// Output format
    #[arg(long, value_enum, default_value_t = CurveFormat::Table)]
    pub format: CurveFormat,
    /// Also draw the curves as SVG into FILE
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub train: TrainOpts,
    #[command(flatten)]
    pub progress: QuietOpt,
}

fn write_rows(out: &mut impl Write, curves: &[Curve], md: bool) -> std::io::Result<()> {
    let names: Vec<&str> = curves.iter().map(|c| c.strategy.as_str()).collect();
    if md {
        writeln!(out, "| labels | {} |", names.join(" | "))?;
        writeln!(out, "|---:|{}", "---:|".repeat(names.len()))?;
    } else {
        write!(out, "{:>6}", "labels")?;
        for n in &names {
            write!(out, "  {n:>15}")?;
        }
        writeln!(out)?;
    }
    for (j, p) in curves[0].points.iter().enumerate() {
        let cells: Vec<String> = curves
            .iter()
            .map(|c| format!("{:.3} ± {:.3}", c.points[j].macro_f1, c.points[j].sd))
            .collect();
        if md {
            writeln!(out, "| {} | {} |", p.labels, cells.join(" | "))?;
        } else {
            write!(out, "{:>6}", p.labels)?;
            for c in &cells {
                write!(out, "  {c:>15}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Runs `learning-curve`.
pub fn run(args: CurveArgs) -> Result<()> {
    if !args.data.train_also.is_empty() {
        return Err(crate::error::Error::params(
            "learning-curve draws its pool and test part from every label: --train-also does not apply",
        ));
    }
    if args.data.polarity_field.is_some() {
        return Err(crate::error::Error::params(
            "learning-curve does not mirror labels: --polarity-field applies to train and evaluate",
        ));
    }
    if let Some(p) = &args.plot {
        crate::io::check_output(p)?;
    }
    let mut terminal = Terminal::new(args.progress.quiet);
    let labelled = args.data.read(&mut terminal)?;
    let params = args
        .train
        .params_with_base(labelled.examples.len(), args.data.builtin_base()?.as_ref())?;
    let cp = CurveParams {
        start: args.start,
        step: args.step,
        seeds: args.seeds,
        test_fraction: args.test_fraction,
        strategies: args.strategies.clone(),
    };
    let curves = learning_curve_with(&params, &labelled.examples, &cp, &*terminal.progress())?;
    if let Some(path) = &args.plot {
        let title = format!(
            "{}: macro-F1 vs labels, mean of {} splits",
            labelled.task.field, args.seeds
        );
        crate::io::write_atomic(path, svg(&curves, &title)?.as_bytes(), false)?;
    }
    let mut out = Output::open(None)?;
    let written = match args.format {
        CurveFormat::Json => serde_json::to_writer_pretty(&mut out, &curves)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        CurveFormat::Table => write_rows(&mut out, &curves, false),
        CurveFormat::Md => write_rows(&mut out, &curves, true),
    };
    written.map_err(|e| out.error(e))?;
    out.finish()
}
