//! `standpoint segment` — show how articles are cut into paragraphs.
//!
//! ```text
//! standpoint segment [--format table|jsonl] [--dropped] <PATH>...
//!   table   each kept paragraph (title / subtitle / body) with its line; with --dropped
//!           also every dropped line and the rule that dropped it
//!   jsonl   one {"id","article","source","kind","line","text"} per paragraph: the start
//!           of a label file (add "stance" and "sentiment")
//! ```

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::options::InputOpts;
use super::output::Output;
use crate::error::Result;
use crate::ingest::Articles;
use crate::segment::{segment, Kind};

/// Output format of `segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentFormat {
    /// Readable listing.
    Table,
    /// One JSON object per paragraph.
    Jsonl,
}

/// Show the paragraphs (and dropped boilerplate) the scorer sees.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Files, directories, .jsonl files, or - for JSONL on standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SegmentFormat::Table)]
    pub format: SegmentFormat,
    /// Also list dropped lines and the rule that dropped each (table format)
    #[arg(long)]
    pub dropped: bool,
    /// Write to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputOpts,
}

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Title => "title",
        Kind::Subtitle => "subtitle",
        Kind::Body => "body",
    }
}

/// Runs `segment`.
pub fn run(args: SegmentArgs) -> Result<()> {
    let mut out = Output::open(args.out.as_deref())?;
    for article in Articles::open(&args.paths, args.input.limits())? {
        let a = article?;
        let s = segment(&a.text);
        let source = a
            .source
            .clone()
            .or(s.source.clone())
            .unwrap_or_else(|| "unknown".into());
        let line = |l: usize| a.line + l - 1;
        match args.format {
            SegmentFormat::Jsonl => {
                for (n, p) in s.paragraphs.iter().enumerate() {
                    let rec = json!({"id": format!("{}-{n:02}", a.id), "article": a.id, "source": source,
                                     "kind": kind(p.kind), "line": line(p.line), "text": p.text});
                    writeln!(out, "{rec}").map_err(|e| out.error(e))?;
                }
            }
            SegmentFormat::Table => {
                let title = a
                    .title
                    .clone()
                    .or(s.title.clone())
                    .unwrap_or_else(|| "-".into());
                writeln!(
                    out,
                    "== {} [{}:{}] source: {source}; title: {title}",
                    a.id, a.file, a.line
                )
                .map_err(|e| out.error(e))?;
                let mut rows: Vec<(usize, String, &str)> = s
                    .paragraphs
                    .iter()
                    .map(|p| (line(p.line), kind(p.kind).to_string(), p.text.as_str()))
                    .collect();
                if args.dropped {
                    for d in &s.dropped {
                        rows.push((
                            line(d.line),
                            format!("- {}", d.rule.name()),
                            d.text.as_str(),
                        ));
                    }
                    rows.sort_by_key(|r| r.0);
                }
                for (l, what, text) in rows {
                    let short: String = text.chars().take(100).collect();
                    let more = if text.chars().count() > 100 {
                        "…"
                    } else {
                        ""
                    };
                    writeln!(out, "{l:>5}  {what:<15} {short}{more}").map_err(|e| out.error(e))?;
                }
            }
        }
    }
    out.finish()
}
