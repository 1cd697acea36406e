//! Labelled paragraphs for training and evaluation.
//!
//! A label file is JSONL, one object per paragraph, e.g. `data/seed_paragraphs.jsonl`:
//! `{"id","article","source","text","stance","sentiment","note"?}`. The *task* names the
//! field that holds the label; `stance` and `sentiment` have fixed label sets (matched
//! case-insensitively and written canonically), any other field takes whatever values it
//! holds. Records whose label is missing or `null` are unlabelled and skipped.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::jsonl::{kind, opt_str, req_str, JsonLines};
use crate::error::{display_path, Error, Result};

/// Stance labels.
pub const STANCE: [&str; 3] = ["FAVOR", "AGAINST", "NONE"];
/// Sentiment labels.
pub const SENTIMENT: [&str; 3] = ["positive", "negative", "neutral"];

/// A prediction task: the label field and, for built-in tasks, the allowed labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The field holding the label.
    pub field: String,
    /// Allowed labels, if the task fixes them.
    pub labels: Option<&'static [&'static str]>,
}

impl Task {
    /// The task named `name`: `stance`, `sentiment`, or any other label field.
    pub fn named(name: &str) -> Self {
        let labels: Option<&'static [&'static str]> = match name {
            "stance" => Some(&STANCE),
            "sentiment" => Some(&SENTIMENT),
            _ => None,
        };
        Task {
            field: name.to_string(),
            labels,
        }
    }

    /// The canonical form of `value`, or an error message listing what is allowed.
    pub fn canonical(&self, value: &str) -> std::result::Result<String, String> {
        match self.labels {
            None => Ok(value.to_string()),
            Some(allowed) => allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(value.trim()))
                .map(|a| a.to_string())
                .ok_or_else(|| {
                    format!(
                        "unknown {} label '{value}' (expected one of {})",
                        self.field,
                        allowed.join(", ")
                    )
                }),
        }
    }
}

/// One labelled paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The record's `id`, if any.
    pub id: Option<String>,
    /// The paragraph.
    pub text: String,
    /// The canonical label.
    pub label: String,
    /// The group (article) it belongs to, for leave-one-group-out folds.
    pub group: Option<String>,
    /// File it came from.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
}

/// What was read from one label file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The path as given.
    pub path: PathBuf,
    /// Records read.
    pub rows: usize,
    /// Records with a label.
    pub labelled: usize,
}

/// Which fields to read.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The text field (default `text`).
    pub text: String,
    /// The group field (default `article`); absent groups are `None`.
    pub group: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: "text".into(),
            group: "article".into(),
        }
    }
}

/// Reads the labelled examples of `paths` for `task`.
pub fn read(
    paths: &[PathBuf],
    task: &Task,
    fields: &Fields,
) -> Result<(Vec<Example>, Vec<FileSummary>)> {
    let mut examples = Vec::new();
    let mut summaries = Vec::new();
    for path in paths {
        let before = examples.len();
        let rows = read_jsonl(path, task, fields, &mut examples)?;
        summaries.push(FileSummary {
            path: path.clone(),
            rows,
            labelled: examples.len() - before,
        });
    }
    Ok((examples, summaries))
}

fn label_value(v: Option<&Value>, task: &Task, file: &str, line: usize) -> Result<Option<String>> {
    let raw = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) if task.labels.is_none() => n.to_string(),
        Some(Value::Bool(b)) if task.labels.is_none() => b.to_string(),
        Some(other) => {
            return Err(Error::line(
                file,
                line,
                format!(
                    "field '{}' must be a string label, found {}",
                    task.field,
                    kind(other)
                ),
            ))
        }
    };
    if raw.trim().is_empty() {
        return Err(Error::line(
            file,
            line,
            format!("field '{}' is empty", task.field),
        ));
    }
    task.canonical(&raw)
        .map(Some)
        .map_err(|msg| Error::line(file, line, msg))
}

fn read_jsonl(path: &Path, task: &Task, fields: &Fields, out: &mut Vec<Example>) -> Result<usize> {
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    let file = display_path(path);
    let mut rows = 0;
    for rec in JsonLines::new(BufReader::new(f), file.clone(), 16 << 20) {
        let (line, map) = rec?;
        rows += 1;
        let Some(label) = label_value(map.get(&task.field), task, &file, line)? else {
            continue;
        };
        let text = req_str(&map, &fields.text, &file, line)?;
        if text.trim().is_empty() {
            return Err(Error::line(
                &file,
                line,
                format!("field '{}' is empty", fields.text),
            ));
        }
        out.push(Example {
            id: opt_str(&map, "id", &file, line)?,
            text,
            label,
            group: opt_str(&map, &fields.group, &file, line)?,
            file: file.clone(),
            line,
        });
    }
    if rows == 0 {
        return Err(Error::file(
            path,
            "no records (expected one JSON object per line)",
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(content: &str) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("l.jsonl");
        std::fs::write(&p, content).unwrap();
        (d, p)
    }

    #[test]
    fn reads_labels_canonically_and_skips_unlabelled() {
        let (_d, p) = file(
            "{\"id\":\"a\",\"article\":\"x\",\"text\":\"one\",\"stance\":\"favor\"}\n\
             {\"id\":\"b\",\"text\":\"two\",\"stance\":null}\n\
             {\"id\":\"c\",\"text\":\"three\",\"stance\":\"NONE\",\"sentiment\":\"neutral\"}\n",
        );
        let (ex, sum) = read(&[p], &Task::named("stance"), &Fields::default()).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].label, "FAVOR");
        assert_eq!(ex[0].group.as_deref(), Some("x"));
        assert_eq!((ex[1].line, ex[1].group.clone()), (3, None));
        assert_eq!((sum[0].rows, sum[0].labelled), (3, 2));
    }

    #[test]
    fn unknown_label_names_file_and_line() {
        let (_d, p) = file(
            "{\"text\":\"one\",\"stance\":\"FAVOR\"}\n{\"text\":\"two\",\"stance\":\"PRO\"}\n",
        );
        let err = read(&[p], &Task::named("stance"), &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(
                "l.jsonl:2: unknown stance label 'PRO' (expected one of FAVOR, AGAINST, NONE)"
            ),
            "{err}"
        );
    }

    #[test]
    fn custom_field_takes_any_value_but_checks_types() {
        let (_d, p) = file("{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":\"0\"}\n");
        let (ex, _) = read(&[p], &Task::named("label"), &Fields::default()).unwrap();
        assert_eq!(ex[0].label, "1");
        let (_d, p) = file("{\"text\":\"a\",\"stance\":[1]}\n");
        let err = read(&[p], &Task::named("stance"), &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":1: field 'stance' must be a string label, found an array"),
            "{err}"
        );
    }

    #[test]
    fn missing_text_and_empty_file_are_errors() {
        let (_d, p) = file("{\"stance\":\"NONE\"}\n");
        let err = read(&[p], &Task::named("stance"), &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(":1: missing field 'text' (a string)"),
            "{err}"
        );
        let (_d, p) = file("\n\n");
        let err = read(&[p], &Task::named("stance"), &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no records"), "{err}");
    }
}
