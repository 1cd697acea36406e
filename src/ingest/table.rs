//! CSV and TSV articles (`csv`): a header row names the columns, one article per row. The
//! text, id, source, title and date columns are named by [`Columns`]; `author` and `url`
//! are read when the header has them. A header without the text column, or a row too short
//! to have it, is an error naming the file and line. A record (all its fields, quoted line
//! breaks included) may be at most [`Limits::max_line_bytes`] long: a longer one is an error
//! naming the line it starts on, found before it fills memory.

use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::encoding::{self, Encoding};
use super::{check_article, dates, open, Article, Columns, Limits};
use crate::error::{display_path, Error, Result};

/// Where each field is in a row.
#[derive(Debug)]
struct Positions {
    text: usize,
    id: Option<usize>,
    source: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    author: Option<usize>,
    url: Option<usize>,
}

/// How far past the start of the record being read [`Bounded`] lets the parser read
/// beyond the limit: its buffers' worth.
const SLACK: u64 = 64 << 10;

/// The error [`Bounded`] stops a read with.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record too long")
    }
}

impl std::error::Error for TooLong {}

/// A reader that refuses to go more than `max` bytes (and [`SLACK`]) past `start`, the
/// offset where the record being parsed starts, so one endless quoted field cannot fill
/// memory.
struct Bounded<R> {
    inner: R,
    read: u64,
    start: Arc<AtomicU64>,
    max: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let start = self.start.load(Ordering::Relaxed);
        if self.read.saturating_sub(start) > self.max.saturating_add(SLACK) {
            return Err(std::io::Error::other(TooLong));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// A CSV / TSV file being read in batches of rows.
pub(super) struct TableReader {
    rows: csv::Reader<Bounded<Box<dyn BufRead + Send>>>,
    file: String,
    at: Positions,
    limits: Limits,
    record: csv::ByteRecord,
    /// Where the next record starts: its byte offset (shared with [`Bounded`]) and line.
    start: Arc<AtomicU64>,
    next_line: u64,
    /// The line the record just read starts on (the header's, before any).
    line: u64,
    /// Whether lines end with a lone carriage return (old Mac exports), which `csv` does
    /// not count: lines are then counted by records.
    cr_lines: bool,
}

/// One batch of a table: its articles, and the error that ended it (the bad row's).
pub(super) struct Batch {
    pub articles: Vec<Article>,
    pub error: Option<Error>,
    /// Whether the table has no more rows.
    pub done: bool,
}

impl TableReader {
    /// Opens `path` (`,` or tab as `delimiter`) and reads its header.
    pub(super) fn open(
        path: &Path,
        delimiter: u8,
        columns: &Columns,
        limits: Limits,
    ) -> Result<Self> {
        let opened = open::open_path(path)?;
        Self::from_reader(
            opened.reader,
            display_path(path),
            delimiter,
            columns,
            limits,
        )
    }

    /// Reads the table of `reader` (decompressed), naming it `file` in errors.
    fn from_reader(
        reader: Box<dyn BufRead + Send>,
        file: String,
        delimiter: u8,
        columns: &Columns,
        limits: Limits,
    ) -> Result<Self> {
        let (reader, utf16) = encoding::buffered(reader).map_err(|e| Error::io(&file, e))?;
        let limits = match utf16 {
            true => Limits {
                encoding: Encoding::Utf8,
                ..limits
            },
            false => limits,
        };
        let start = Arc::new(AtomicU64::new(0));
        let bounded = Bounded {
            inner: reader,
            read: 0,
            start: start.clone(),
            max: limits.max_line_bytes as u64,
        };
        let mut rows = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .quoting(delimiter != b'\t')
            .from_reader(bounded);
        let too_long = |line| too_long(&file, line, limits.max_line_bytes);
        let header = match rows.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) if is_too_long(&e) => return Err(too_long(1)),
            Err(e) => return Err(csv_error(&file, &e)),
        };
        if rows.position().byte() > limits.max_line_bytes as u64 {
            return Err(too_long(1));
        }
        start.store(rows.position().byte(), Ordering::Relaxed);
        let next_line = rows.position().line();
        let names: Vec<String> = header
            .iter()
            .map(|h| {
                let h = String::from_utf8_lossy(h);
                h.trim_start_matches('\u{feff}').trim().to_string()
            })
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        let Some(text) = find(&columns.text) else {
            let found = match names.iter().all(String::is_empty) {
                true => "the file is empty".to_string(),
                false => format!("the header has {}", names.join(", ")),
            };
            return Err(Error::line(
                &file,
                1,
                format!(
                    "no text column '{}' ({found}); name it with --text-field",
                    columns.text
                ),
            ));
        };
        Ok(TableReader {
            rows,
            file,
            at: Positions {
                text,
                id: find(&columns.id),
                source: find(&columns.source),
                title: find(&columns.title),
                date: find(&columns.date),
                author: find("author"),
                url: find("url"),
            },
            limits,
            record: csv::ByteRecord::new(),
            start,
            next_line,
            line: 1,
            cr_lines: false,
        })
    }

    /// The error of a record that starts at `line` and is longer than the limit.
    fn too_long(&self, line: u64) -> Error {
        too_long(&self.file, line, self.limits.max_line_bytes)
    }

    /// The next rows, about `target` bytes of text; stops at the first bad row.
    pub(super) fn batch(&mut self, target: usize) -> Batch {
        let mut batch = Batch {
            articles: Vec::new(),
            error: None,
            done: false,
        };
        let mut bytes = 0;
        while bytes < target {
            match self.rows.read_byte_record(&mut self.record) {
                Ok(false) => {
                    batch.done = true;
                    break;
                }
                Ok(true) => match self.record_read().and_then(|()| self.article()) {
                    Ok(a) => {
                        bytes += a.text.len();
                        batch.articles.push(a);
                    }
                    Err(e) => {
                        batch.error = Some(e);
                        break;
                    }
                },
                Err(e) if is_too_long(&e) => {
                    batch.error = Some(self.too_long(self.next_line));
                    batch.done = true;
                    break;
                }
                Err(e) => {
                    batch.error = Some(csv_error(&self.file, &e));
                    // A broken stream cannot be read on; a bad row can be passed over.
                    batch.done = !matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                    break;
                }
            }
        }
        batch
    }

    /// Moves the start of the next record past the one just read, and checks its length.
    fn record_read(&mut self) -> Result<()> {
        let start = self.start.load(Ordering::Relaxed);
        let end = self.rows.position().byte();
        let line = self.next_line;
        self.start.store(end, Ordering::Relaxed);
        self.next_line = self.rows.position().line();
        // A record that starts on the line of the one before it followed a lone CR.
        self.cr_lines |= line <= self.line;
        self.line = match self.cr_lines {
            true => self.record.position().map_or(line, |p| p.record() + 1),
            false => line,
        };
        match end - start > self.limits.max_line_bytes as u64 {
            true => Err(self.too_long(line)),
            false => Ok(()),
        }
    }

    /// The article of the record just read.
    fn article(&self) -> Result<Article> {
        let pos = self.record.position();
        let line = self.line as usize;
        let offset = pos.map_or(0, |p| p.byte());
        let file = self.file.as_str();
        let field = |i: Option<usize>| -> Result<Option<String>> {
            let Some(bytes) = i.and_then(|i| self.record.get(i)) else {
                return Ok(None);
            };
            let s = self
                .limits
                .encoding
                .decode_part(bytes, Path::new(file), offset)?;
            let s = s.trim();
            Ok((!s.is_empty() && !s.eq_ignore_ascii_case("unknown")).then(|| s.to_string()))
        };
        if self.record.len() <= self.at.text {
            return Err(Error::line(
                file,
                line,
                format!(
                    "row has {} field(s); the text column is field {}",
                    self.record.len(),
                    self.at.text + 1
                ),
            ));
        }
        let text = field(Some(self.at.text))?.unwrap_or_default();
        check_article(&text, file, line, self.limits)?;
        let date = field(self.at.date)?.map(|d| dates::parse(&d).unwrap_or(d));
        Ok(Article {
            id: field(self.at.id)?.unwrap_or_else(|| format!("{file}:{line}")),
            source: field(self.at.source)?,
            title: field(self.at.title)?,
            author: field(self.at.author)?,
            date,
            url: field(self.at.url)?,
            text,
            file: file.to_string(),
            line,
            removed: Vec::new(),
        })
    }
}

/// The articles of a CSV (`,`) or TSV (tab) stream with a header, read from `reader` as
/// `score` reads a `.csv` / `.tsv` file; `file` names the stream in messages. Stops at the
/// first bad row.
pub fn read_table(
    reader: Box<dyn BufRead + Send>,
    file: &str,
    delimiter: u8,
    columns: &Columns,
    limits: Limits,
) -> impl Iterator<Item = Result<Article>> {
    let mut table = Some(TableReader::from_reader(
        reader,
        file.to_string(),
        delimiter,
        columns,
        limits,
    ));
    let mut pending = std::collections::VecDeque::new();
    std::iter::from_fn(move || loop {
        if let Some(a) = pending.pop_front() {
            return Some(a);
        }
        match table.take()? {
            Err(e) => return Some(Err(e)),
            Ok(mut t) => {
                let batch = t.batch(CHUNK_ROWS_BYTES);
                pending.extend(batch.articles.into_iter().map(Ok));
                match batch.error {
                    Some(e) => pending.push_back(Err(e)),
                    None if !batch.done => table = Some(Ok(t)),
                    None => {}
                }
            }
        }
    })
}

/// About how many bytes of text [`read_table`] reads at a time.
const CHUNK_ROWS_BYTES: usize = 64 << 10;

/// The error of a record of `file` that starts at `line` and is longer than `max` bytes.
fn too_long(file: &str, line: u64, max: usize) -> Error {
    Error::line(
        file,
        line as usize,
        format!("CSV record longer than {max} bytes (raise --max-line-bytes)"),
    )
}

/// Whether `e` is [`Bounded`] stopping a record that runs past the limit.
fn is_too_long(e: &csv::Error) -> bool {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.get_ref().is_some_and(|e| e.is::<TooLong>()),
        _ => false,
    }
}

/// A `csv` error as the library's, naming the file and line.
fn csv_error(file: &str, e: &csv::Error) -> Error {
    match e.position() {
        Some(p) => Error::line(file, p.line() as usize, format!("bad CSV: {e}")),
        None => match e.kind() {
            csv::ErrorKind::Io(io) => {
                Error::io(file, std::io::Error::new(io.kind(), io.to_string()))
            }
            _ => Error::file(file, format!("bad CSV: {e}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(bytes: impl Read + Send + 'static, max_line_bytes: usize) -> Result<TableReader> {
        let limits = Limits {
            max_line_bytes,
            ..Limits::default()
        };
        let reader = Box::new(std::io::BufReader::new(bytes));
        TableReader::from_reader(reader, "t.csv".into(), b',', &Columns::default(), limits)
    }

    #[test]
    fn an_endless_quoted_field_is_an_error_before_it_fills_memory() {
        let endless = b"id,text\na,fine\nb,\"".chain(std::io::repeat(b'x'));
        let mut t = table(endless, 1000).unwrap();
        let batch = t.batch(usize::MAX);
        assert_eq!(batch.articles.len(), 1);
        let err = batch.error.unwrap().to_string();
        assert_eq!(
            err,
            "t.csv:3: CSV record longer than 1000 bytes (raise --max-line-bytes)"
        );
        assert!(batch.done);
        // An endless header too.
        let err = table(std::io::repeat(b'h'), 1000)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("t.csv:1: CSV record longer than 1000"),
            "{err}"
        );
    }

    #[test]
    fn a_long_record_names_the_line_it_starts_on_and_the_next_ones_can_be_read() {
        let text = format!(
            "id,text\na,fine\nb,\"two\nlines {}\"\nc,after\n",
            "x".repeat(200)
        );
        let mut t = table(std::io::Cursor::new(text.clone()), 100).unwrap();
        let batch = t.batch(usize::MAX);
        let err = batch.error.unwrap().to_string();
        assert!(
            err.starts_with("t.csv:3: CSV record longer than 100 bytes"),
            "{err}"
        );
        assert!(!batch.done);
        let rest = t.batch(usize::MAX);
        assert_eq!(rest.articles[0].id, "c");
        assert_eq!(rest.articles[0].line, 5);
        // Under the limit, the same table reads whole; lines ended by a lone CR count too.
        let mut old_mac = table(std::io::Cursor::new("id,text\ra,one\rb,two\r"), 100).unwrap();
        let lines: Vec<usize> = old_mac
            .batch(usize::MAX)
            .articles
            .iter()
            .map(|a| a.line)
            .collect();
        assert_eq!(lines, [2, 3]);
        let mut t = table(std::io::Cursor::new(text), 1000).unwrap();
        assert_eq!(t.batch(usize::MAX).articles.len(), 3);
    }
}
