//! `standpoint score`: stance and sentiment of each article, as JSONL, CSV or a table.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::options::{default_score_format, InputOpts, ModelOpts, OutOpt, ScoreFormat, ThreadsOpt};
use crate::error::{Error, Result};
use crate::ingest::chunks::Chunk;
use crate::model::Target;
use crate::pipeline::{ArticleScorer, ScoredArticle};
use crate::text::shorten;

/// Score articles' stance toward the stance model's target (the built-in model's: NATO's
/// larger role in Asia), and their sentiment.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Files, directories, .jsonl files, or - for JSONL on standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format (json is jsonl) [default: what --out's extension names, else table on a
    /// terminal and jsonl otherwise]
    #[arg(long, value_enum)]
    pub format: Option<ScoreFormat>,
    /// Include each paragraph's scores
    #[arg(long)]
    pub paragraphs: bool,
    #[command(flatten)]
    pub out: OutOpt,
    #[command(flatten)]
    pub models: ModelOpts,
    #[command(flatten)]
    pub input: InputOpts,
    /// Report each bad article (invalid JSON or UTF-8, wrong fields, empty, past a limit)
    /// or unreadable file as a warning and go on; the exit status is still 0
    #[arg(long)]
    pub skip_bad: bool,
    #[command(flatten)]
    pub threads: ThreadsOpt,
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
    /// Warnings about the articles (dates that cannot be read).
    notes: Vec<String>,
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
    let target = stance.target.clone();
    let skip_bad = args.skip_bad;
    let chunks = args
        .input
        .open(&args.paths)?
        .lenient(skip_bad)
        .into_chunks();
    let format = args.out.format(args.format, || {
        if args.out.out.is_some() {
            ScoreFormat::Jsonl
        } else {
            default_score_format()
        }
    })?;
    let delimiter = if format == ScoreFormat::Tsv {
        b'\t'
    } else {
        b','
    };
    let prototype = ArticleScorer::new(&stance, &sentiment)?;
    let mut out = args.out.open()?;
    let mut table = Vec::new();
    if matches!(format, ScoreFormat::Csv | ScoreFormat::Tsv) {
        write_csv_record(&mut out, &csv_header(args.paragraphs), delimiter)
            .map_err(|e| out.error(e))?;
    }
    let threads = args.threads.get();
    let mut skipped = 0usize;
    let mut seen = std::collections::HashSet::new();
    let detail = args.paragraphs;
    let quiet = args.input.quiet;
    let mut progress = super::progress::Counter::new("articles scored", quiet);
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
                    batch.notes.extend(a.unreadable_date());
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
                ScoreFormat::Csv | ScoreFormat::Tsv => write_csv(b, &scored, delimiter),
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
                progress.warn(&format!("skipped: {e}"));
                skipped += 1;
            }
            progress.add(batch.ids.len() as u64);
            for note in batch.notes.iter().filter(|_| !quiet) {
                progress.warn(note);
            }
            for (id, at) in batch.ids {
                if !seen.insert(id_hash(&id)) {
                    progress.warn(&format!(
                        "{at}: article id '{id}' repeats an earlier one \
                         (`report` refuses repeated ids unless given --dedup)"
                    ));
                }
            }
            batch.error.map_or(Ok(()), Err)
        },
    )?;
    progress.finish();
    if skipped > 0 {
        eprintln!("standpoint: warning: {skipped} bad input(s) skipped (--skip-bad)");
    }
    if format == ScoreFormat::Table {
        if !detail {
            write_table(&mut out, &table).map_err(|e| out.error(e))?;
        }
        writeln!(
            out,
            "\nstance toward: {}",
            Target::describe(target.as_ref())
        )
        .map_err(|e| out.error(e))?;
    }
    out.finish()
}

/// The article columns of `--format csv` / `tsv`: every field of the JSONL.
const CSV_HEADER: [&str; 16] = [
    "id",
    "source",
    "title",
    "date",
    "author",
    "url",
    "stance",
    "stance_index",
    "p_favor",
    "p_against",
    "p_none",
    "sentiment",
    "p_positive",
    "p_negative",
    "p_neutral",
    "paragraphs",
];

/// The paragraph columns `--paragraphs` adds to every row (one row per paragraph).
const CSV_PARAGRAPH_HEADER: [&str; 12] = [
    "paragraph",
    "kind",
    "line",
    "weight",
    "quoted",
    "paragraph_stance",
    "paragraph_stance_index",
    "paragraph_p_favor",
    "paragraph_p_against",
    "paragraph_p_none",
    "paragraph_sentiment",
    "text",
];

/// The header of `--format csv` / `tsv`.
fn csv_header(paragraphs: bool) -> Vec<String> {
    let mut h: Vec<String> = CSV_HEADER.iter().map(|s| s.to_string()).collect();
    if paragraphs {
        h.extend(CSV_PARAGRAPH_HEADER.iter().map(|s| s.to_string()));
    }
    h
}

fn write_csv_record(out: &mut impl Write, record: &[String], delimiter: u8) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    w.write_record(record)?;
    w.flush()
}

/// A field for a TSV cell: tabs and line ends would break the row, so they become spaces.
fn tsv_cell(s: String, delimiter: u8) -> String {
    match delimiter {
        b'\t' => s.replace(['\t', '\n', '\r'], " "),
        _ => s,
    }
}

/// One row per article, or with `--paragraphs` one per paragraph (the article's columns
/// repeated).
fn write_csv(out: &mut impl Write, a: &ScoredArticle, delimiter: u8) -> std::io::Result<()> {
    let mut fields = vec![
        a.id.clone(),
        a.source.clone(),
        a.title.clone().unwrap_or_default(),
        a.date.clone().unwrap_or_default(),
        a.author.clone().unwrap_or_default(),
        a.url.clone().unwrap_or_default(),
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
    let fields: Vec<String> = fields.into_iter().map(|f| tsv_cell(f, delimiter)).collect();
    let Some(ps) = &a.paragraph_scores else {
        return write_csv_record(out, &fields, delimiter);
    };
    for p in ps {
        let mut row = fields.clone();
        row.extend([
            p.n.to_string(),
            p.kind.clone(),
            p.line.to_string(),
            format!("{:.4}", p.weight),
            format!("{:.4}", p.quoted),
            p.stance.label.clone(),
            format!("{:.4}", p.stance.index),
            format!("{:.4}", p.stance.probs.favor),
            format!("{:.4}", p.stance.probs.against),
            format!("{:.4}", p.stance.probs.none),
            p.sentiment.label.clone(),
            tsv_cell(p.text.clone(), delimiter),
        ]);
        write_csv_record(out, &row, delimiter)?;
    }
    Ok(())
}

fn write_table(out: &mut impl Write, rows: &[ScoredArticle]) -> std::io::Result<()> {
    let id_w = rows
        .iter()
        .map(|a| a.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
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
            a.id,
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
