//! The answers file: one JSONL record per answer, appended and synced to disk at once, so
//! killing the process loses nothing already answered; undo removes only this session's
//! last answer.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{display_path, Error, Result};
use crate::ingest::jsonl::JsonLines;
use crate::ingest::label_files::{Example, Role, Task};

/// The answers file: one JSONL record per answer, appended and synced at once.
pub struct Answers {
    path: PathBuf,
    file: File,
    /// Byte length of the file before each answer of this session, for undo.
    marks: Vec<u64>,
    /// Every record in the file, in order.
    records: Vec<Map<String, Value>>,
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
        Ok(Answers {
            path: path.to_path_buf(),
            file,
            marks: Vec::new(),
            records,
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
        Ok(true)
    }
}

/// One line of the answers file, fields in the order of `data/`.
#[derive(Serialize)]
pub(super) struct Record<'a> {
    pub(super) id: &'a str,
    pub(super) article: &'a str,
    pub(super) source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<&'a str>,
    pub(super) text: &'a str,
    /// The task's field and the label (`null` for a skip).
    #[serde(flatten)]
    pub(super) answer: Map<String, Value>,
    /// The model's guess when the question was asked (none before the first model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) guess: Option<Guess<'a>>,
}

#[derive(Serialize)]
pub(super) struct Guess<'a> {
    pub(super) label: &'a str,
    pub(super) p: f64,
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

/// The labelled examples among answer records (skips have a null label).
pub fn examples_of(records: &[Map<String, Value>], task: &Task, file: &str) -> Vec<Example> {
    records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let label = r.get(&task.field)?.as_str()?;
            Some(Example {
                id: r.get("id").and_then(Value::as_str).map(String::from),
                text: r.get("text")?.as_str()?.to_string(),
                label: task.canonical(label).ok()?,
                group: r.get("article").and_then(Value::as_str).map(String::from),
                file: file.to_string(),
                line: i + 1,
                role: Role::Extra,
            })
        })
        .collect()
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
