//! Input in chunks of whole lines, so that JSON parsing can run on worker threads: the
//! reader only finds line ends; [`Chunk::articles`] parses. Reading a stream chunk by chunk
//! gives the same articles and the same first error, at the same line, as reading it whole.

use std::io::{BufRead, Cursor, Read};

use super::encoding::{self, Encoding};
use super::table::TableReader;
use super::{jsonl_articles, open, text_articles, Article, Columns, Input, Limits};
use crate::error::{Error, Result};

/// A piece of input: whole JSONL lines of one stream, or articles already read.
#[derive(Debug)]
pub enum Chunk {
    /// Whole lines of a JSONL stream.
    Lines {
        /// The stream's name in messages.
        file: String,
        /// 1-based line number of the first line.
        first_line: usize,
        /// Byte offset of the first line in the stream.
        offset: u64,
        /// The lines, each with its `\n` (the last may lack it).
        bytes: Vec<u8>,
        /// Limits and encoding.
        limits: Limits,
        /// Whether a bad line is reported and passed over.
        lenient: bool,
    },
    /// The articles of a text file.
    Articles(Vec<Article>),
}

impl Chunk {
    /// The chunk's articles; parsing stops at the first error.
    pub fn articles(self) -> Box<dyn Iterator<Item = Result<Article>>> {
        match self {
            Chunk::Lines {
                file,
                first_line,
                offset,
                bytes,
                limits,
                lenient,
            } => Box::new(jsonl_articles(
                Cursor::new(bytes),
                file,
                limits,
                (first_line - 1, offset),
                lenient,
            )),
            Chunk::Articles(v) => Box::new(v.into_iter().map(Ok)),
        }
    }
}

/// A JSONL stream being cut into chunks.
struct Stream {
    reader: Box<dyn BufRead + Send>,
    file: String,
    /// Lines read so far.
    line: usize,
    /// Bytes read so far.
    offset: u64,
    /// Whether a line with something other than white space was read.
    nonblank: bool,
    /// Whether the stream is UTF-16 read as UTF-8 (its lines are then UTF-8, whatever
    /// encoding was asked for).
    utf16: bool,
}

impl Stream {
    fn new(reader: Box<dyn BufRead + Send>, file: String, utf16: bool) -> Self {
        Stream {
            reader,
            file,
            line: 0,
            offset: 0,
            nonblank: false,
            utf16,
        }
    }
}

/// The inputs of [`super::Articles::open`] as chunks of about `target` bytes, in order.
pub struct Chunks {
    inputs: std::vec::IntoIter<Input>,
    stream: Option<Stream>,
    limits: Limits,
    target: usize,
    /// An error to report after the chunk before it.
    error: Option<Error>,
    done: bool,
    /// Whether errors are reported and reading goes on (with the next line, or the next
    /// input after a read error).
    lenient: bool,
    /// The CSV / TSV file being read.
    table: Option<TableReader>,
    columns: Columns,
}

impl Chunks {
    pub(super) fn new(inputs: Vec<Input>, limits: Limits, target: usize) -> Self {
        Chunks {
            inputs: inputs.into_iter(),
            stream: None,
            limits,
            target: target.max(1),
            error: None,
            done: false,
            lenient: false,
            table: None,
            columns: Columns::default(),
        }
    }

    pub(super) fn set_columns(&mut self, columns: Columns) {
        self.columns = columns;
    }

    pub(super) fn set_lenient(&mut self, lenient: bool) {
        self.lenient = lenient;
    }

    pub(super) fn set_target(&mut self, bytes: usize) {
        self.target = bytes.max(1);
    }

    fn open(&mut self, input: Input) -> Result<Option<Chunk>> {
        match input {
            Input::Stdin => {
                let opened = open::open_reader(Box::new(std::io::stdin()), "-")?;
                let (reader, utf16) =
                    encoding::buffered_bufread(opened.reader).map_err(|e| Error::io("-", e))?;
                self.stream = Some(Stream::new(reader, "-".into(), utf16));
                Ok(None)
            }
            Input::Jsonl(path) => {
                let opened = open::open_path(&path)?;
                let (reader, utf16) =
                    encoding::buffered_bufread(opened.reader).map_err(|e| Error::io(&path, e))?;
                self.stream = Some(Stream::new(
                    reader,
                    crate::error::display_path(&path),
                    utf16,
                ));
                Ok(None)
            }
            Input::Table { path, delimiter } => {
                self.table = Some(TableReader::open(
                    &path,
                    delimiter,
                    &self.columns,
                    self.limits,
                )?);
                Ok(None)
            }
            Input::Text {
                path,
                id,
                manifest,
                kind,
            } => Ok(Some(Chunk::Articles(text_articles(
                &path,
                id,
                manifest.as_deref(),
                kind,
                self.limits,
            )?))),
        }
    }
}

impl Iterator for Chunks {
    type Item = Result<Chunk>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.error.take() {
                self.done = !self.lenient;
                return Some(Err(e));
            }
            if self.done {
                return None;
            }
            if let Some(t) = self.table.as_mut() {
                let batch = t.batch(self.target);
                if batch.done {
                    self.table = None;
                }
                self.error = batch.error;
                if batch.articles.is_empty() {
                    continue;
                }
                return Some(Ok(Chunk::Articles(batch.articles)));
            }
            let Some(s) = self.stream.as_mut() else {
                let Some(input) = self.inputs.next() else {
                    self.done = true;
                    return None;
                };
                match self.open(input) {
                    Ok(Some(chunk)) => return Some(Ok(chunk)),
                    Ok(None) => continue,
                    Err(e) => {
                        self.done = !self.lenient;
                        return Some(Err(e));
                    }
                }
            };
            let (first_line, offset) = (s.line + 1, s.offset);
            let max = self.limits.max_line_bytes;
            let mut bytes = Vec::with_capacity(self.target.min(1 << 20) + 1024);
            let mut end = false;
            while bytes.len() < self.target {
                let before = bytes.len();
                // One byte more than a line may hold with its `\n`, to see that it is too long.
                match (&mut s.reader)
                    .take(max as u64 + 2)
                    .read_until(b'\n', &mut bytes)
                {
                    Ok(0) => {
                        end = true;
                        if !s.nonblank && self.error.is_none() {
                            self.error = Some(Error::file(
                                &s.file,
                                "no articles: the input is empty (expected one JSON object per line)",
                            ));
                        }
                        break;
                    }
                    Ok(n) => {
                        s.line += 1;
                        s.offset += n as u64;
                        let line = &bytes[before..];
                        if !s.nonblank {
                            s.nonblank = line.iter().any(|b| !b.is_ascii_whitespace());
                        }
                        if line.strip_suffix(b"\n").unwrap_or(line).len() > max {
                            // The parser reports it. Strict: nothing after it is read.
                            // Lenient: the rest of the line is skipped and the chunk ends
                            // here, so the next one starts at the right line and byte.
                            if !self.lenient {
                                self.done = true;
                                end = true;
                                break;
                            }
                            match s.reader.skip_until(b'\n') {
                                Ok(skipped) => s.offset += skipped as u64,
                                Err(e) => {
                                    self.error = Some(Error::io(&s.file, e));
                                    end = true;
                                }
                            }
                            break;
                        }
                    }
                    Err(e) => {
                        // The line the error cut short is not parsed: the error is the news.
                        bytes.truncate(before);
                        self.error = Some(Error::io(&s.file, e));
                        end = true;
                        break;
                    }
                }
            }
            let file = s.file.clone();
            let limits = match s.utf16 {
                true => Limits {
                    encoding: Encoding::Utf8,
                    ..self.limits
                },
                false => self.limits,
            };
            if end {
                self.stream = None;
            }
            if bytes.is_empty() {
                continue;
            }
            return Some(Ok(Chunk::Lines {
                file,
                first_line,
                offset,
                bytes,
                limits,
                lenient: self.lenient,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::{Articles, Encoding, Limits};

    /// The articles (or the error's message) read with chunks of `target` bytes.
    fn read(paths: &[PathBuf], limits: Limits, target: usize) -> Vec<Result<String, String>> {
        Articles::open(paths, limits)
            .unwrap()
            .with_chunk_bytes(target)
            .map(|a| {
                a.map(|a| format!("{}|{}|{}:{}|{:?}", a.id, a.text, a.file, a.line, a.source))
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    fn same_for_every_chunk_size(paths: &[PathBuf], limits: Limits) -> Vec<Result<String, String>> {
        let whole = read(paths, limits, usize::MAX);
        for target in [1, 2, 7, 30, 100, 1000] {
            assert_eq!(
                read(paths, limits, target),
                whole,
                "chunks of {target} bytes"
            );
        }
        whole
    }

    #[test]
    fn chunks_give_the_same_articles_and_first_error_as_whole_reading() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.jsonl");
        let mut text = String::from("\u{feff}{\"id\":\"1\",\"text\":\"One.\"}\r\n\n  \n");
        for i in 2..40 {
            text.push_str(&format!(
                "{{\"id\":\"{i}\",\"source\":\"s{i}\",\"text\":\"Text {i}.\"}}\n"
            ));
        }
        text.push_str("{\"text\": 3}\n{\"id\":\"after\",\"text\":\"Never read.\"}\n");
        std::fs::write(&a, text).unwrap();
        let b = d.path().join("b.txt");
        std::fs::write(&b, "A text file.\n").unwrap();
        let got = same_for_every_chunk_size(&[b, a], Limits::default());
        assert_eq!(got.len(), 41);
        assert!(got[0].as_ref().unwrap().starts_with("b|A text file."));
        assert!(got[1].as_ref().unwrap().starts_with("1|One.|"));
        assert!(
            got[39].as_ref().unwrap().ends_with(":41|Some(\"s39\")"),
            "{:?}",
            got[39]
        );
        let err = got[40].as_ref().unwrap_err();
        assert!(
            err.ends_with("a.jsonl:42: field 'text' must be a string, found a number"),
            "{err}"
        );
    }

    #[test]
    fn a_line_too_long_is_reported_at_its_line_whatever_the_chunks() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.jsonl");
        let long = "x".repeat(200);
        std::fs::write(
            &a,
            format!("{{\"text\":\"ok\"}}\n{{\"text\":\"{long}\"}}\n{{\"text\":\"ok\"}}\n"),
        )
        .unwrap();
        let limits = Limits {
            max_line_bytes: 100,
            ..Limits::default()
        };
        let got = same_for_every_chunk_size(&[a], limits);
        assert_eq!(got.len(), 2);
        let err = got[1].as_ref().unwrap_err();
        assert!(
            err.contains("a.jsonl:2: line longer than 100 bytes"),
            "{err}"
        );
    }

    #[test]
    fn byte_offsets_in_encoding_errors_count_from_the_file_start() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.jsonl");
        let mut bytes = Vec::new();
        for _ in 0..10 {
            bytes.extend_from_slice(b"{\"text\":\"fine\"}\n");
        }
        bytes.extend_from_slice(b"{\"text\":\"caf\xe9\"}\n");
        std::fs::write(&a, &bytes).unwrap();
        let got = same_for_every_chunk_size(std::slice::from_ref(&a), Limits::default());
        let err = got[10].as_ref().unwrap_err();
        assert!(
            err.contains("a.jsonl:11: not valid UTF-8 at byte 172 "),
            "{err}"
        );
        let latin1 = Limits {
            encoding: Encoding::Latin1,
            ..Limits::default()
        };
        let got = same_for_every_chunk_size(&[a], latin1);
        assert!(
            got[10].as_ref().unwrap().contains("a.jsonl:11|café|"),
            "{:?}",
            got[10]
        );
    }
}
