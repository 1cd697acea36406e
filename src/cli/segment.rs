//! `standpoint segment`: the paragraphs an article is cut into, and the lines dropped.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::options::{InputOpts, OutOpt};
use crate::error::Result;
use crate::pipeline::segment_article;
use crate::text::excerpt;

/// Output format of `segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentFormat {
    /// Readable listing.
    Table,
    /// One JSON object per paragraph.
    #[value(alias = "json")]
    Jsonl,
}

/// Show the paragraphs (and dropped boilerplate) the scorer sees.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Files, directories, .jsonl files, or - for JSONL on standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: what --out's extension names, else table]
    #[arg(long, value_enum)]
    pub format: Option<SegmentFormat>,
    /// Also list what was dropped and why (table format): lines and the rule that dropped
    /// each, and what HTML extraction removed from a page (marked `page`)
    #[arg(long)]
    pub dropped: bool,
    #[command(flatten)]
    pub out: OutOpt,
    #[command(flatten)]
    pub input: InputOpts,
}

/// Runs `segment`.
pub fn run(args: SegmentArgs) -> Result<()> {
    let format = args.out.format(args.format, || SegmentFormat::Table)?;
    let mut out = args.out.open()?;
    for article in args.input.open(&args.paths)? {
        let a = article?;
        args.input.check_date(&a);
        let s = segment_article(&a);
        match format {
            SegmentFormat::Jsonl => {
                for rec in &s.paragraphs {
                    serde_json::to_writer(&mut out, rec).map_err(|e| out.error(e.into()))?;
                    writeln!(out).map_err(|e| out.error(e))?;
                }
            }
            SegmentFormat::Table => {
                let title = s.meta.title.as_deref().unwrap_or("-");
                writeln!(
                    out,
                    "== {} [{}:{}] source: {}; title: {title}",
                    a.id, a.file, a.line, s.meta.source
                )
                .map_err(|e| out.error(e))?;
                let mut rows: Vec<(usize, String, &str)> = s
                    .paragraphs
                    .iter()
                    .map(|p| (p.line, p.kind.to_string(), p.text.as_str()))
                    .collect();
                if args.dropped {
                    for r in &s.removed {
                        writeln!(out, " page  - {:<13} {}", r.what, excerpt(&r.text, 100))
                            .map_err(|e| out.error(e))?;
                    }
                    for d in &s.dropped {
                        rows.push((d.line, format!("- {}", d.rule), d.text.as_str()));
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
