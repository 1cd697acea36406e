//! `standpoint segment`: the paragraphs an article is cut into, and the lines dropped.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::options::{InputOpts, OutOpt};
use crate::error::Result;
use crate::ingest::Articles;
use crate::pipeline::ArticleMeta;
use crate::segment::segment;
use crate::text::excerpt;

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
    #[command(flatten)]
    pub out: OutOpt,
    #[command(flatten)]
    pub input: InputOpts,
}

/// Runs `segment`.
pub fn run(args: SegmentArgs) -> Result<()> {
    let mut out = args.out.open()?;
    for article in Articles::open(&args.paths, args.input.limits())? {
        let a = article?;
        let s = segment(&a.text);
        let meta = ArticleMeta::resolve(&a, &s);
        let source = &meta.source;
        let line = |l: usize| a.line + l - 1;
        match args.format {
            SegmentFormat::Jsonl => {
                for (n, p) in s.paragraphs.iter().enumerate() {
                    let rec = json!({"id": format!("{}-{n:02}", a.id), "article": a.id, "source": source,
                                     "kind": p.kind.name(), "line": line(p.line), "text": p.text});
                    writeln!(out, "{rec}").map_err(|e| out.error(e))?;
                }
            }
            SegmentFormat::Table => {
                let title = meta.title.as_deref().unwrap_or("-");
                writeln!(
                    out,
                    "== {} [{}:{}] source: {source}; title: {title}",
                    a.id, a.file, a.line
                )
                .map_err(|e| out.error(e))?;
                let mut rows: Vec<(usize, String, &str)> = s
                    .paragraphs
                    .iter()
                    .map(|p| (line(p.line), p.kind.name().to_string(), p.text.as_str()))
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
                    writeln!(out, "{l:>5}  {what:<15} {}", excerpt(text, 100))
                        .map_err(|e| out.error(e))?;
                }
            }
        }
    }
    out.finish()
}
