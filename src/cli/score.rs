//! `standpoint score` — stance and sentiment of each article.
//!
//! ```text
//! standpoint score [OPTIONS] <PATH>...
//!   PATH  a .txt/.md file, a directory (recursive; uses its manifest.json), a .jsonl file
//!         of {"id","source","title","date","url","text"}, or - for that JSONL on stdin
//!   --format table|jsonl|csv   default: table on a terminal, jsonl when piped
//!   --paragraphs               add each paragraph's scores
//!   --model FILE / --model-dir DIR   use other models than the built-in ones
//!   --threads N                worker threads [default: the cores available]; the output
//!                              is the same, in input order, whatever N
//!   --skip-bad                 report a bad article or unreadable file on stderr and go on
//!                              (default: stop at the first, exit 1)
//!   --max-article-bytes / --max-line-bytes / --max-paragraphs / --encoding   input limits
//! ```

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::options::{default_score_format, InputOpts, ModelOpts, ScoreFormat};
use super::output::{csv_field, Output};
use crate::error::{Error, Result};
use crate::ingest::chunks::Chunk;
use crate::ingest::Articles;
use crate::pipeline::{ArticleScorer, ScoredArticle};

/// Score articles' stance toward NATO's larger role in Asia, and their sentiment.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Files, directories, .jsonl files, or - for JSONL on standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: table on a terminal, jsonl otherwise]
    #[arg(long, value_enum)]
    pub format: Option<ScoreFormat>,
    /// Include each paragraph's scores
    #[arg(long)]
    pub paragraphs: bool,
    /// Write to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub models: ModelOpts,
    #[command(flatten)]
    pub input: InputOpts,
    /// Report each bad article (invalid JSON or UTF-8, wrong fields, empty, past a limit)
    /// or unreadable file as a warning and go on; the exit status is still 0
    #[arg(long)]
    pub skip_bad: bool,
    /// Worker threads [default: the number of cores available]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// The number of cores available to this process.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What a worker makes of one chunk of input: formatted output, table rows, and the error
/// that stopped it, if any.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    rows: Vec<ScoredArticle>,
    error: Option<Error>,
    /// Errors passed over with `--skip-bad`.
    skipped: Vec<Error>,
    /// Each article's id and where it was read, to warn about repeated ids.
    ids: Vec<(String, String)>,
}

/// A fixed 64-bit hash of an article id: repeated ids are found without keeping every id.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// Runs `score`.
pub fn run(args: ScoreArgs) -> Result<()> {
    let (stance, sentiment) = args.models.load()?;
    let limits = args.input.limits();
    let skip_bad = args.skip_bad;
    let chunks = Articles::open(&args.paths, limits)?
        .lenient(skip_bad)
        .into_chunks();
    let format = args.format.unwrap_or_else(|| {
        if args.out.is_some() {
            ScoreFormat::Jsonl
        } else {
            default_score_format()
        }
    });
    let prototype = ArticleScorer::new(&stance, &sentiment)?;
    let mut out = Output::open(args.out.as_deref())?;
    let mut table = Vec::new();
    if format == ScoreFormat::Csv {
        writeln!(out, "{}", CSV_HEADER).map_err(|e| out.error(e))?;
    }
    let threads = args.threads.map_or_else(default_threads, usize::from);
    let mut skipped = 0usize;
    let mut seen = std::collections::HashSet::new();
    let detail = args.paragraphs;
    let work = |scorer: &mut ArticleScorer, chunk: Result<Chunk>| {
        let mut batch = Batch::default();
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) if skip_bad => {
                batch.skipped.push(e);
                return batch;
            }
            Err(e) => {
                batch.error = Some(e);
                return batch;
            }
        };
        for article in chunk.articles() {
            let scored = match article {
                Ok(a) => {
                    batch
                        .ids
                        .push((a.id.clone(), format!("{}:{}", a.file, a.line)));
                    scorer.score(&a, detail)
                }
                Err(e) if skip_bad => {
                    batch.skipped.push(e);
                    continue;
                }
                Err(e) => {
                    batch.error = Some(e);
                    break;
                }
            };
            let b = &mut batch.bytes;
            let written = match format {
                ScoreFormat::Jsonl => serde_json::to_writer(&mut *b, &scored)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(b)),
                ScoreFormat::Csv => write_csv(b, &scored),
                ScoreFormat::Table if detail => write_table(b, std::slice::from_ref(&scored)),
                ScoreFormat::Table => {
                    batch.rows.push(scored);
                    Ok(())
                }
            };
            written.expect("writing to memory does not fail");
        }
        batch
    };
    crate::parallel::ordered(
        chunks,
        threads,
        || prototype.clone(),
        work,
        |batch: Batch| {
            out.write_all(&batch.bytes).map_err(|e| out.error(e))?;
            table.extend(batch.rows);
            for e in batch.skipped {
                eprintln!("standpoint: warning: skipped: {e}");
                skipped += 1;
            }
            for (id, at) in batch.ids {
                if !seen.insert(id_hash(&id)) {
                    eprintln!(
                        "standpoint: warning: {at}: article id '{id}' repeats an earlier one \
                         (`report` refuses repeated ids unless given --dedup)"
                    );
                }
            }
            batch.error.map_or(Ok(()), Err)
        },
    )?;
    if skipped > 0 {
        eprintln!("standpoint: warning: {skipped} bad input(s) skipped (--skip-bad)");
    }
    if format == ScoreFormat::Table && !detail {
        write_table(&mut out, &table).map_err(|e| out.error(e))?;
    }
    out.finish()
}

const CSV_HEADER: &str = "id,source,title,date,stance,stance_index,p_favor,p_against,p_none,\
sentiment,p_positive,p_negative,p_neutral,paragraphs";

fn write_csv(out: &mut impl Write, a: &ScoredArticle) -> std::io::Result<()> {
    let mut fields = vec![
        csv_field(&a.id),
        csv_field(&a.source),
        csv_field(a.title.as_deref().unwrap_or("")),
        csv_field(a.date.as_deref().unwrap_or("")),
    ];
    match &a.stance {
        Some(s) => fields.extend([
            s.label.clone(),
            format!("{:.4}", s.index),
            format!("{:.4}", s.probs.favor),
            format!("{:.4}", s.probs.against),
            format!("{:.4}", s.probs.none),
        ]),
        None => fields.extend(std::iter::repeat_n(String::new(), 5)),
    }
    match &a.sentiment {
        Some(s) => fields.extend([
            s.label.clone(),
            format!("{:.4}", s.probs.positive),
            format!("{:.4}", s.probs.negative),
            format!("{:.4}", s.probs.neutral),
        ]),
        None => fields.extend(std::iter::repeat_n(String::new(), 4)),
    }
    fields.push(a.paragraphs.to_string());
    writeln!(out, "{}", fields.join(","))
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn write_table(out: &mut impl Write, rows: &[ScoredArticle]) -> std::io::Result<()> {
    let id_w = rows
        .iter()
        .map(|a| a.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 28);
    let src_w = rows
        .iter()
        .map(|a| a.source.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 22);
    writeln!(
        out,
        "{:<id_w$}  {:<src_w$}  {:<7}  {:>6}  {:>5} {:>5} {:>5}  {:<9}  {:>5}  title",
        "id", "source", "stance", "index", "P(F)", "P(A)", "P(N)", "sentiment", "paras"
    )?;
    for a in rows {
        let (label, index, p) = match &a.stance {
            Some(s) => (
                s.label.as_str(),
                format!("{:+.2}", s.index),
                format!(
                    "{:>5.2} {:>5.2} {:>5.2}",
                    s.probs.favor, s.probs.against, s.probs.none
                ),
            ),
            None => ("-", "-".into(), format!("{:>5} {:>5} {:>5}", "-", "-", "-")),
        };
        let senti = a.sentiment.as_ref().map_or("-", |s| s.label.as_str());
        writeln!(
            out,
            "{:<id_w$}  {:<src_w$}  {:<7}  {:>6}  {}  {:<9}  {:>5}  {}",
            shorten(&a.id, id_w),
            shorten(&a.source, src_w),
            label,
            index,
            p,
            senti,
            a.paragraphs,
            shorten(a.title.as_deref().unwrap_or("-"), 60)
        )?;
        if let Some(ps) = &a.paragraph_scores {
            for p in ps {
                writeln!(
                    out,
                    "  {:>3} {:<8} {:<7} {:+.2} w={:.2}  {:<8}  {}",
                    p.n,
                    p.kind,
                    p.stance.label,
                    p.stance.index,
                    p.weight,
                    p.sentiment.label,
                    shorten(&p.text, 90)
                )?;
            }
        }
    }
    Ok(())
}
