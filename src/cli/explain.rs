//! `standpoint explain`: a model's strongest features, or what drives an article's index.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::options::{InputOpts, OutOpt, TableOrJson};
use super::output::Output;
use crate::error::Result;
use crate::explain::{explain_article, explain_model, poles, ArticleExplanation};
use crate::model::{select, Target};
use crate::pipeline::ArticleScorer;
use crate::text::shorten;

/// Show a model's strongest features, or what drives an article's score.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Articles to explain; without any, explain the model itself
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which model: stance or sentiment
    #[arg(long, default_value = "stance")]
    pub task: String,
    /// A model file instead of the built-in one
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Features per class, or per paragraph
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub top: usize,
    /// Paragraphs per article
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub paragraphs: usize,
    /// Output format [default: what --out's extension names, else table]
    #[arg(long, value_enum)]
    pub format: Option<TableOrJson>,
    #[command(flatten)]
    pub out: OutOpt,
    #[command(flatten)]
    pub input: InputOpts,
}

fn write_article(out: &mut Output, e: &ArticleExplanation) -> std::io::Result<()> {
    writeln!(
        out,
        "== {} ({}) {} index {:+.3} = sum of paragraph contributions; + pushes {}, − pushes {}",
        e.id, e.source, e.task, e.index, e.poles.0, e.poles.1
    )?;
    if let Some(t) = &e.title {
        writeln!(out, "   {t}")?;
    }
    for p in &e.paragraphs {
        writeln!(
            out,
            "\n  paragraph {} (line {}, {}): {} {:+.2} × weight {:.2} → contribution {:+.3}",
            p.n, p.line, p.kind, p.label, p.index, p.weight, p.contribution
        )?;
        writeln!(out, "  “{}”", shorten(&p.text, 160))?;
        let side = p
            .side
            .map_or(String::new(), |s| format!("; P(takes a side) {s:.2}"));
        writeln!(
            out,
            "  logit {} − {} {:+.3} = intercept {:+.3} + features {:+.3}{side}",
            e.poles.0,
            e.poles.1,
            p.logit,
            p.intercept,
            p.logit - p.intercept
        )?;
        let terms: Vec<String> = p
            .terms
            .iter()
            .map(|t| format!("{} {:+.3}", t.feature, t.contribution))
            .collect();
        writeln!(out, "  terms: {}", terms.join(", "))?;
    }
    writeln!(out)
}

/// Runs `explain`.
pub fn run(args: ExplainArgs) -> Result<()> {
    let format = args.out.format(args.format, || TableOrJson::Table)?;
    args.out.check()?;
    let model = select::for_task(args.model.as_deref(), &args.task)?;
    let mut out = args.out.open()?;
    if format == TableOrJson::Table {
        writeln!(
            out,
            "{} model; target: {}\n",
            model.task,
            Target::describe(model.target.as_ref())
        )
        .map_err(|e| out.error(e))?;
    }
    if args.paths.is_empty() {
        let explained = explain_model(&model, args.top);
        match format {
            TableOrJson::Json => {
                serde_json::to_writer_pretty(&mut out, &explained)
                    .map_err(|e| out.error(e.into()))?;
                writeln!(out).map_err(|e| out.error(e))?;
            }
            TableOrJson::Table => {
                for c in &explained.classes {
                    writeln!(out, "{} — features with the largest weight", c.label)
                        .map_err(|e| out.error(e))?;
                    for t in &c.terms {
                        writeln!(out, "  {:>+8.3}  {}", t.weight, t.feature)
                            .map_err(|e| out.error(e))?;
                    }
                    writeln!(out).map_err(|e| out.error(e))?;
                }
            }
        }
        return out.finish();
    }
    poles(&args.task)?;
    let (stance, sentiment) = select::beside_builtin(model, &args.task)?;
    let mut scorer = ArticleScorer::new(&stance, &sentiment)?;
    for a in args.input.open(&args.paths)? {
        let a = a?;
        args.input.check_date(&a);
        let e = explain_article(&mut scorer, &args.task, &a, args.paragraphs, args.top)?;
        match format {
            TableOrJson::Json => {
                serde_json::to_writer(&mut out, &e).map_err(|err| out.error(err.into()))?;
                writeln!(out).map_err(|err| out.error(err))?;
            }
            TableOrJson::Table => write_article(&mut out, &e).map_err(|err| out.error(err))?,
        }
    }
    out.finish()
}
