//! The command line: one file per subcommand. It parses options and prints; the work is
//! done by the library. `tests/help.rs` keeps every command's `--help` as a snapshot.

pub mod curve;
pub mod evaluate;
pub mod explain;
pub mod label;
pub mod model;
pub mod options;
pub mod output;
pub mod progress;
pub mod report;
pub mod score;
pub mod segment;
pub mod studio;
pub mod train;

use clap::{Parser, Subcommand};

use crate::error::Result;

/// Scores news articles' stance toward a target (FAVOR / AGAINST / NONE) and their
/// sentiment, with TF-IDF and multinomial logistic regression trained on hand-labelled
/// paragraphs. The built-in models' target: NATO taking a larger role in Asia and the
/// Indo-Pacific; `train` makes models for any other.
#[derive(Debug, Parser)]
#[command(name = "standpoint", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score articles: stance, stance index and sentiment per article
    Score(score::ScoreArgs),
    /// Train a model on labelled paragraphs
    Train(train::TrainArgs),
    /// Measure a model, or training settings by cross-validation
    Evaluate(evaluate::EvaluateArgs),
    /// Summarise how each source leans, with bootstrap intervals (table, CSV, JSON, Markdown, HTML)
    Report(report::ReportArgs),
    /// Show a model's strongest features, or what drives an article's score
    Explain(explain::ExplainArgs),
    /// Label the paragraphs the model is least sure of (saved at once; resumable)
    Label(label::LabelArgs),
    /// Label in the browser with several annotators; agreement and the report
    Studio(studio::StudioArgs),
    /// Learning curves: labels chosen by uncertainty vs at random
    LearningCurve(curve::CurveArgs),
    /// Show the paragraphs an article is cut into and the boilerplate dropped
    Segment(segment::SegmentArgs),
    /// Inspect model files (`model info FILE`)
    #[command(subcommand)]
    Model(model::ModelCommand),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Score(a) => score::run(a),
        Command::Train(a) => train::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Report(a) => report::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Label(a) => label::run(a),
        Command::Studio(a) => studio::run(a),
        Command::LearningCurve(a) => curve::run(a),
        Command::Segment(a) => segment::run(a),
        Command::Model(c) => model::run(c),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
