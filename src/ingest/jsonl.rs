//! JSON Lines reading with file and line numbers in every error.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::encoding::Encoding;
use crate::error::{Error, Result};

/// One JSON object per line; blank lines are skipped.
pub struct JsonLines<R> {
    reader: R,
    path: String,
    line: usize,
    offset: u64,
    buf: Vec<u8>,
    max_line: usize,
    encoding: Encoding,
    failed: bool,
    /// Whether a bad line is reported and passed over instead of ending the stream.
    lenient: bool,
}

/// A JSON object and the 1-based line it came from.
pub type Record = (usize, Map<String, Value>);

impl<R: BufRead> JsonLines<R> {
    /// Reads `reader`, naming it `path` in errors; lines longer than `max_line` bytes are
    /// an error.
    pub fn new(reader: R, path: impl Into<String>, max_line: usize) -> Self {
        JsonLines {
            reader,
            path: path.into(),
            line: 0,
            offset: 0,
            buf: Vec::new(),
            max_line,
            encoding: Encoding::Utf8,
            failed: false,
            lenient: false,
        }
    }

    /// Reports a bad line (invalid UTF-8 or JSON, wrong fields, too long) and goes on with
    /// the next one, instead of ending the stream; read errors still end it.
    pub fn lenient(mut self, lenient: bool) -> Self {
        self.lenient = lenient;
        self
    }

    /// Counts lines and bytes from `line` lines and `offset` bytes into the file, for a
    /// chunk that does not start the file.
    pub fn starting_at(mut self, line: usize, offset: u64) -> Self {
        self.line = line;
        self.offset = offset;
        self
    }

    /// Decodes lines with `encoding` instead of UTF-8.
    pub fn with_encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Reads the next line into `self.buf`; `Ok(false)` at end of input. A line that is too
    /// long is an error (`Ok(Err(_))`, after the rest of the line is skipped).
    fn next_line(&mut self) -> Result<std::result::Result<bool, Error>> {
        self.buf.clear();
        let limit = self.max_line as u64 + 1;
        let n = std::io::Read::take(&mut self.reader, limit)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        if n == 0 {
            return Ok(Ok(false));
        }
        self.line += 1;
        let content = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
        if content.len() > self.max_line {
            self.offset += self.buf.len() as u64;
            if self.lenient {
                let skipped = self
                    .reader
                    .skip_until(b'\n')
                    .map_err(|e| Error::io(&self.path, e))?;
                self.offset += skipped as u64;
            }
            return Ok(Err(Error::line(
                &self.path,
                self.line,
                format!(
                    "line longer than {} bytes (raise --max-line-bytes)",
                    self.max_line
                ),
            )));
        }
        Ok(Ok(true))
    }
}

impl<R: BufRead> JsonLines<R> {
    /// Reads the next non-blank line and hands its decoded text and 1-based line number to
    /// `parse`; `None` at end of input. The stream stops after the first error.
    pub fn next_with<T>(
        &mut self,
        mut parse: impl FnMut(&str, usize) -> Result<T>,
    ) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        // Errors of one line; a read error always ends the stream.
        let mut line_error = true;
        let item = loop {
            match self.next_line() {
                Ok(Ok(false)) => return None,
                Ok(Ok(true)) => {}
                Ok(Err(e)) => break Err(e),
                Err(e) => {
                    line_error = false;
                    break Err(e);
                }
            }
            let start = self.offset;
            self.offset += self.buf.len() as u64;
            let decoded = match self.encoding {
                Encoding::Utf8 => match std::str::from_utf8(&self.buf) {
                    Ok(t) => std::borrow::Cow::Borrowed(t),
                    Err(e) => {
                        break Err(Error::line(
                            &self.path,
                            self.line,
                            format!(
                                "not valid UTF-8 at byte {} of the file (pass --encoding latin1 if it is Latin-1)",
                                start + e.valid_up_to() as u64
                            ),
                        ))
                    }
                },
                enc => match enc.decode(&self.buf, std::path::Path::new(&self.path), start) {
                    Ok(t) => std::borrow::Cow::Owned(t),
                    Err(e) => break Err(e),
                },
            };
            let text = decoded.trim_start_matches('\u{feff}').trim();
            if text.is_empty() {
                continue;
            }
            break parse(text, self.line);
        };
        self.failed = item.is_err() && !(self.lenient && line_error);
        Some(item)
    }
}

/// Parses one line's text as a JSON object, naming `path` and `line` in errors.
pub fn parse_object(text: &str, path: &str, line: usize) -> Result<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::line(
            path,
            line,
            format!("expected a JSON object, found {}", kind(&other)),
        )),
        Err(e) => Err(Error::line(
            path,
            line,
            format!("invalid JSON at column {}: {e}", e.column()),
        )),
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        let path = self.path.clone();
        self.next_with(|text, line| Ok((line, parse_object(text, &path, line)?)))
    }
}

/// The JSON type name of a value, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads an optional string field: absent or `null` is `None`; another type is an error.
pub fn opt_str(
    map: &Map<String, Value>,
    field: &str,
    path: &str,
    line: usize,
) -> Result<Option<String>> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if field == "id" => Ok(Some(n.to_string())),
        Some(other) => Err(Error::line(
            path,
            line,
            format!("field '{field}' must be a string, found {}", kind(other)),
        )),
    }
}

/// Reads a required string field.
pub fn req_str(map: &Map<String, Value>, field: &str, path: &str, line: usize) -> Result<String> {
    opt_str(map, field, path, line)?
        .ok_or_else(|| Error::line(path, line, format!("missing field '{field}' (a string)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &[u8]) -> Vec<Result<Record>> {
        JsonLines::new(s, "t.jsonl", 1 << 20).collect()
    }

    #[test]
    fn reads_objects_and_skips_blank_lines() {
        let r = read(b"{\"a\":1}\n\n  \n{\"b\":2}\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].as_ref().unwrap().0, 4);
    }

    #[test]
    fn malformed_line_is_named_and_stops_the_stream() {
        let r = read(b"{\"a\":1}\n{\"a\":\n{\"b\":2}\n");
        assert_eq!(r.len(), 2);
        let msg = r[1].as_ref().unwrap_err().to_string();
        assert!(msg.starts_with("t.jsonl:2: invalid JSON"), "{msg}");
    }

    #[test]
    fn non_object_and_bad_utf8_are_errors() {
        let msg = read(b"[1,2]\n")[0].as_ref().unwrap_err().to_string();
        assert_eq!(msg, "t.jsonl:1: expected a JSON object, found an array");
        let msg = read(b"{\"a\":1}\n{\"t\":\"\xff\"}\n")[1]
            .as_ref()
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            "t.jsonl:2: not valid UTF-8 at byte 14 of the file (pass --encoding latin1 if it is Latin-1)"
        );
        let ok: Vec<_> = JsonLines::new(&b"{\"t\":\"caf\xe9\"}\n"[..], "t", 1 << 20)
            .with_encoding(Encoding::Latin1)
            .collect();
        assert_eq!(ok[0].as_ref().unwrap().1["t"], "café");
    }

    #[test]
    fn over_long_line_is_an_error() {
        let r: Vec<_> = JsonLines::new(&b"{\"a\":\"xxxxxxxxxxxx\"}\n"[..], "t", 8).collect();
        assert!(r[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("longer than 8 bytes"));
    }

    #[test]
    fn field_types_are_checked() {
        let map: Map<String, Value> =
            serde_json::from_str(r#"{"id": 7, "text": 3, "title": null}"#).unwrap();
        assert_eq!(opt_str(&map, "id", "f", 1).unwrap(), Some("7".into()));
        assert_eq!(opt_str(&map, "title", "f", 1).unwrap(), None);
        assert_eq!(
            req_str(&map, "text", "f", 1).unwrap_err().to_string(),
            "f:1: field 'text' must be a string, found a number"
        );
        assert_eq!(
            req_str(&map, "url", "f", 1).unwrap_err().to_string(),
            "f:1: missing field 'url' (a string)"
        );
    }
}
