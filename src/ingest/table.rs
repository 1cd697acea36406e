//! CSV and TSV articles (`csv`): a header row names the columns, one article per row. The
//! text, id, source, title and date columns are named by [`Columns`]; `author` and `url`
//! are read when the header has them. A header without the text column, or a row too short
//! to have it, is an error naming the file and line.

use std::io::BufRead;
use std::path::Path;

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

/// A CSV / TSV file being read in batches of rows.
pub(super) struct TableReader {
    rows: csv::Reader<Box<dyn BufRead + Send>>,
    file: String,
    at: Positions,
    limits: Limits,
    record: csv::ByteRecord,
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
        let file = display_path(path);
        let opened = open::open_path(path)?;
        let (reader, utf16) = encoding::buffered(opened.reader).map_err(|e| Error::io(path, e))?;
        let limits = match utf16 {
            true => Limits {
                encoding: Encoding::Utf8,
                ..limits
            },
            false => limits,
        };
        let mut rows = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .quoting(delimiter != b'\t')
            .from_reader(reader);
        let header = rows
            .byte_headers()
            .map_err(|e| csv_error(&file, &e))?
            .clone();
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
                path,
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
        })
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
                Ok(true) => match self.article() {
                    Ok(a) => {
                        bytes += a.text.len();
                        batch.articles.push(a);
                    }
                    Err(e) => {
                        batch.error = Some(e);
                        break;
                    }
                },
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

    /// The article of the record just read.
    fn article(&self) -> Result<Article> {
        let pos = self.record.position();
        let line = pos.map_or(0, |p| p.line() as usize);
        let offset = pos.map_or(0, |p| p.byte());
        let file = self.file.as_str();
        let field = |i: Option<usize>| -> Result<Option<String>> {
            let Some(bytes) = i.and_then(|i| self.record.get(i)) else {
                return Ok(None);
            };
            let s = self
                .limits
                .encoding
                .decode(bytes, Path::new(file), offset)?;
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
