//! The answers file: one JSONL record per answer, appended and synced to disk at once, so
//! killing the process loses nothing already answered; undo removes only this session's
//! last answer. Several annotators may answer one paragraph (`annotator`); a settling
//! answer (`settled: true`) decides between them without changing what they gave.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{display_path, Error, Result};
use crate::ingest::jsonl::JsonLines;
use crate::ingest::label_files::{one_per_paragraph, Example, Role, Task};

/// The answers file: one JSONL record per answer, appended and synced at once.
pub struct Answers {
    path: PathBuf,
    file: File,
    /// Byte length of the file before each answer of this session, for undo.
    marks: Vec<u64>,
    /// Every record in the file, in order.
    records: Vec<Map<String, Value>>,
    /// Each record's byte range in the file.
    spans: Vec<(u64, u64)>,
}

impl Answers {
    /// Opens (or creates) `path`, checking that what it already holds is complete JSONL.
    pub fn open(path: &Path) -> Result<Self> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Error::line(
                path,
                line,
                "the last line is incomplete (no newline at the end); fix or remove it before labelling on",
            ));
        }
        let records = JsonLines::new(BufReader::new(&bytes[..]), display_path(path), 64 << 20)
            .map(|r| r.map(|(_, m)| m))
            .collect::<Result<Vec<_>>>()?;
        let spans = spans(&bytes);
        debug_assert_eq!(spans.len(), records.len());
        Ok(Answers {
            path: path.to_path_buf(),
            file,
            marks: Vec::new(),
            records,
            spans,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every record in the file.
    pub fn records(&self) -> &[Map<String, Value>] {
        &self.records
    }

    /// Appends one record (a JSON object) and syncs it to disk before returning.
    pub fn append(&mut self, record: &impl Serialize) -> Result<()> {
        let len = self
            .file
            .seek(SeekFrom::End(0))
            .map_err(|e| Error::io(&self.path, e))?;
        let mut line = serde_json::to_string(record).expect("record serialises");
        let record: Map<String, Value> = serde_json::from_str(&line).expect("records are objects");
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|_| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        self.marks.push(len);
        self.records.push(record);
        self.spans.push((len, len + line.len() as u64));
        Ok(())
    }

    /// Removes record `i` (an annotator taking back their own answer): the last record is
    /// cut off the file; an earlier one is left out of an atomic rewrite that keeps every
    /// other line byte for byte. Clears this session's undo marks.
    pub fn remove(&mut self, i: usize) -> Result<()> {
        let (start, end) = self.spans[i];
        if i + 1 == self.records.len() {
            self.file
                .set_len(start)
                .and_then(|_| self.file.sync_data())
                .map_err(|e| Error::io(&self.path, e))?;
        } else {
            let mut bytes = std::fs::read(&self.path).map_err(|e| Error::io(&self.path, e))?;
            bytes.drain(start as usize..end as usize);
            crate::io::write_atomic(&self.path, &bytes, false)?;
            self.file = OpenOptions::new()
                .read(true)
                .append(true)
                .open(&self.path)
                .map_err(|e| Error::io(&self.path, e))?;
            let cut = end - start;
            for s in &mut self.spans[i + 1..] {
                *s = (s.0 - cut, s.1 - cut);
            }
        }
        self.records.remove(i);
        self.spans.remove(i);
        self.marks.clear();
        Ok(())
    }

    /// Removes the last answer of this session (never anything older); `false` if there is
    /// none.
    pub fn undo(&mut self) -> Result<bool> {
        let Some(len) = self.marks.pop() else {
            return Ok(false);
        };
        self.file
            .set_len(len)
            .and_then(|_| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        self.records.pop();
        self.spans.pop();
        Ok(true)
    }
}

/// The byte range of each non-blank line (the lines [`JsonLines`] reads as records).
fn spans(bytes: &[u8]) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            let line = String::from_utf8_lossy(&bytes[start..i]);
            if !line.trim_start_matches('\u{feff}').trim().is_empty() {
                out.push((start as u64, i as u64 + 1));
            }
            start = i + 1;
        }
    }
    out
}

/// One line of the answers file, fields in the order of `data/`.
#[derive(Serialize)]
pub struct Record<'a> {
    /// The paragraph's id, `article-nn`.
    pub id: &'a str,
    /// The article's id.
    pub article: &'a str,
    /// Its source.
    pub source: &'a str,
    /// Its title, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// The paragraph.
    pub text: &'a str,
    /// The task's field and the label (`null` for a skip).
    #[serde(flatten)]
    pub answer: Map<String, Value>,
    /// The model's guess when the question was asked (none before the first model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guess: Option<Guess<'a>>,
    /// Who answered (the studio's annotators; none from `label`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotator: Option<&'a str>,
    /// A settling answer: it decides a disagreement between annotators.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub settled: bool,
}

/// The model's guess: its most probable label and that probability.
#[derive(Serialize)]
pub struct Guess<'a> {
    /// The label.
    pub label: &'a str,
    /// Its probability.
    pub p: f64,
}

/// A user's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A label of the task.
    Label(String),
    /// Not now (recorded, so it is not asked again).
    Skip,
    /// Take back the last answer.
    Undo,
    /// Stop.
    Quit,
}

/// The labelled examples among answer records (skips have a null label), one per
/// paragraph id as [`one_per_paragraph`] chooses (as `train --extra` reads the file).
pub fn examples_of(records: &[Map<String, Value>], task: &Task, file: &str) -> Vec<Example> {
    let given = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let label = r.get(&task.field)?.as_str()?;
            let e = Example {
                id: r.get("id").and_then(Value::as_str).map(String::from),
                text: r.get("text")?.as_str()?.to_string(),
                label: task.canonical(label).ok()?,
                group: r.get("article").and_then(Value::as_str).map(String::from),
                file: file.to_string(),
                line: i + 1,
                role: Role::Extra,
                mirrored: false,
            };
            Some((e, r.get("settled").and_then(Value::as_bool) == Some(true)))
        })
        .collect();
    one_per_paragraph(given)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_file_appends_syncs_and_undoes_only_this_session() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("answers.jsonl");
        std::fs::write(&p, "{\"id\":\"old\",\"text\":\"x\",\"stance\":\"NONE\"}\n").unwrap();
        let mut a = Answers::open(&p).unwrap();
        a.append(&json!({"id": "new"})).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap().lines().count(), 2);
        assert!(a.undo().unwrap());
        assert!(!a.undo().unwrap(), "the earlier answer stays");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"id\":\"old\",\"text\":\"x\",\"stance\":\"NONE\"}\n"
        );
    }

    #[test]
    fn removing_an_earlier_record_keeps_every_other_line() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("answers.jsonl");
        std::fs::write(&p, "{\"id\":\"a\"}\n\n{\"id\":\"b\",  \"x\":1}\n").unwrap();
        let mut a = Answers::open(&p).unwrap();
        a.append(&json!({"id": "c"})).unwrap();
        a.remove(1).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"id\":\"a\"}\n\n{\"id\":\"c\"}\n"
        );
        a.append(&json!({"id": "d"})).unwrap();
        a.remove(2).unwrap();
        a.remove(0).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "\n{\"id\":\"c\"}\n");
        assert_eq!(a.records().len(), 1);
        assert_eq!(Answers::open(&p).unwrap().records(), a.records());
    }

    #[test]
    fn examples_are_one_per_paragraph_settled_or_agreed() {
        let recs: Vec<Map<String, Value>> = [
            json!({"id": "p1", "text": "one", "stance": "FAVOR", "annotator": "ann"}),
            json!({"id": "p1", "text": "one", "stance": "FAVOR", "annotator": "bo"}),
            json!({"id": "p2", "text": "two", "stance": "FAVOR", "annotator": "ann"}),
            json!({"id": "p2", "text": "two", "stance": "AGAINST", "annotator": "bo"}),
            json!({"id": "p3", "text": "three", "stance": "NONE", "annotator": "ann"}),
            json!({"id": "p3", "text": "three", "stance": "AGAINST", "annotator": "bo"}),
            json!({"id": "p3", "text": "three", "stance": "against", "annotator": "lead", "settled": true}),
            json!({"id": "p4", "text": "four", "stance": null}),
        ]
        .into_iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect();
        let ex = examples_of(&recs, &Task::named("stance"), "a.jsonl");
        let got: Vec<(&str, &str, usize)> = ex
            .iter()
            .map(|e| (e.text.as_str(), e.label.as_str(), e.line))
            .collect();
        assert_eq!(got, [("one", "FAVOR", 2), ("three", "AGAINST", 7)]);
    }

    #[test]
    fn incomplete_or_bad_answers_file_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.jsonl");
        std::fs::write(&p, "{\"id\":\"a\"}\n{\"id\":").unwrap();
        let err = Answers::open(&p).err().unwrap().to_string();
        assert!(
            err.contains("a.jsonl:2: the last line is incomplete"),
            "{err}"
        );
        std::fs::write(&p, "not json\n").unwrap();
        assert!(Answers::open(&p)
            .err()
            .unwrap()
            .to_string()
            .contains("a.jsonl:1: invalid JSON"));
    }
}
