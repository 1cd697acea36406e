//! `standpoint report`: how each source leans, with bootstrap intervals.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::options::{InputOpts, ModelOpts, OutOpt, SeedOpt};
use crate::error::{display_path, Error, Result};
use crate::ingest::jsonl::JsonLines;
use crate::ingest::{open, ArticleFields};
use crate::pipeline::{ArticleScorer, ScoredArticle};
use crate::report::{html, render, summarize, Collected, Key, ReportParams};

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns.
    Table,
    /// Comma-separated values.
    Csv,
    /// JSON.
    #[value(alias = "jsonl")]
    Json,
    /// A Markdown table.
    Md,
    /// One self-contained HTML page with charts.
    Html,
}

/// Grouping keys, comma-separated on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys(pub Vec<Key>);

impl std::str::FromStr for Keys {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        s.split(',')
            .map(str::parse)
            .collect::<std::result::Result<_, _>>()
            .map(Keys)
    }
}

/// Summarise stance and sentiment per source, with bootstrap intervals.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scored JSONL files (or - for standard input), or articles to score first
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Grouping: source, or source,month (months from the articles' dates)
    #[arg(long, value_name = "KEYS", default_value = "source")]
    pub by: Keys,
    /// Leave out groups with fewer articles
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_articles: usize,
    /// Bootstrap resamples per interval (at least 1,000)
    #[arg(long, value_name = "N", default_value_t = ReportParams::default().resamples)]
    pub resamples: usize,
    #[command(flatten)]
    pub seed: SeedOpt,
    /// Confidence level of the intervals
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Output format [default: what --out's extension names, else table]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    #[command(flatten)]
    pub out: OutOpt,
    /// Title of the HTML page [default: "Stance toward TARGET, by source" (or "by source and
    /// month"), TARGET named by the stance model (--model, --model-dir or the built-in one)]
    #[arg(long)]
    pub title: Option<String>,
    /// Keep only the first article of each id, with a warning (by default a repeated id is
    /// an error: the same article counted twice would narrow the intervals falsely)
    #[arg(long)]
    pub dedup: bool,
    #[command(flatten)]
    pub input: InputOpts,
    #[command(flatten)]
    pub models: ModelOpts,
}

/// Whether `path` holds scored JSONL: a `.jsonl` whose first record has `stance` and
/// `paragraphs` fields and no `text`.
fn is_scored(path: &Path) -> Result<bool> {
    if path.as_os_str() == "-" {
        return Ok(true);
    }
    if crate::ingest::format_of(path) != "jsonl" || path.is_dir() {
        return Ok(false);
    }
    let f = open::open_path(path)?.reader;
    let first = JsonLines::new(f, display_path(path), 64 << 20).next();
    Ok(match first {
        Some(Ok((_, map))) => {
            map.contains_key("stance")
                && map.contains_key("paragraphs")
                && !map.contains_key("text")
                && !map.contains_key("html")
        }
        _ => false,
    })
}

/// Reads scored articles; with `raw`, a line that is an article to score (it has `text`
/// or `html`, and no scores) is scored, as `report FILE` scores a file of them.
fn read_scored(
    reader: impl BufRead,
    name: String,
    max_line: usize,
    out: &mut Collected,
    mut raw: Option<(&mut ArticleScorer, &InputOpts)>,
) -> Result<()> {
    for rec in JsonLines::new(reader, name.clone(), max_line) {
        let (line, map) = rec?;
        if let Some((scorer, input)) = raw.as_mut() {
            let raw_article = map.contains_key("text") || map.contains_key("html");
            if raw_article && !map.contains_key("stance") {
                let a = ArticleFields::from_object(&map, &name, line)?.into_article(
                    &name,
                    line,
                    input.limits(),
                )?;
                input.check_date(&a);
                out.push(scorer.score(&a, false), format!("{name}:{line}"))?;
                continue;
            }
        }
        let a: ScoredArticle =
            serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| {
                Error::line(
                    &name,
                    line,
                    format!("not a scored article (the output of `standpoint score`): {e}"),
                )
            })?;
        out.push(a, format!("{name}:{line}"))?;
    }
    Ok(())
}

/// Runs `report`.
pub fn run(args: ReportArgs) -> Result<()> {
    let format = args.out.format(args.format, || ReportFormat::Table)?;
    args.out.check()?;
    let params = ReportParams {
        by: args.by.0.clone(),
        resamples: args.resamples,
        seed: args.seed.seed,
        level: args.level,
        min_articles: args.min_articles,
    };
    let mut collected = Collected::new(args.dedup);
    let max_line = args.input.max_line_bytes;
    let mut scored_files = Vec::new();
    let mut to_score = Vec::new();
    for p in &args.paths {
        match is_scored(p)? {
            true => scored_files.push(p),
            false => to_score.push(p.clone()),
        }
    }
    // Standard input may hold scored or raw articles, line by line: it needs the models.
    let stdin = scored_files.iter().any(|p| p.as_os_str() == "-");
    let models = match stdin || !to_score.is_empty() {
        true => Some(args.models.load()?),
        false => None,
    };
    let mut scorer = match &models {
        Some((stance, sentiment)) => Some(ArticleScorer::new(stance, sentiment)?),
        None => None,
    };
    for p in scored_files {
        if p.as_os_str() == "-" {
            let stdin = open::open_reader(Box::new(std::io::stdin()), "-")?.reader;
            let raw = scorer.as_mut().map(|s| (s, &args.input));
            read_scored(stdin, "-".into(), max_line, &mut collected, raw)?;
        } else {
            let f = open::open_path(p)?.reader;
            read_scored(f, display_path(p), max_line, &mut collected, None)?;
        }
    }
    if let (false, Some(scorer)) = (to_score.is_empty(), scorer.as_mut()) {
        for a in args.input.open(&to_score)? {
            let a = a?;
            args.input.check_date(&a);
            let at = format!("{}:{}", a.file, a.line);
            collected.push(scorer.score(&a, false), at)?;
        }
    }
    if collected.dropped() > 0 {
        eprintln!(
            "standpoint: warning: {} article(s) with a repeated id left out (--dedup)",
            collected.dropped()
        );
    }
    let scored = collected.into_articles();
    if scored.is_empty() {
        return Err(Error::params("no articles to report on"));
    }
    let report = summarize(&scored, &params)?;
    let mut out = args.out.open()?;
    let written = match format {
        ReportFormat::Table => render::table(&mut out, &report),
        ReportFormat::Csv => render::csv(&mut out, &report),
        ReportFormat::Json => render::json(&mut out, &report),
        ReportFormat::Md => render::markdown(&mut out, &report),
        ReportFormat::Html => {
            let by = if report.by.iter().any(|k| k == "month") {
                "by source and month"
            } else {
                "by source"
            };
            let title = match &args.title {
                Some(t) => t.clone(),
                None => match args.models.load()?.0.target {
                    Some(t) => format!("Stance toward {}, {by}", t.name),
                    None => format!("Stance {by}"),
                },
            };
            let page = html::page(&report, &title)?;
            out.write_all(page.as_bytes())
        }
    };
    written.map_err(|e| out.error(e))?;
    out.finish()
}
