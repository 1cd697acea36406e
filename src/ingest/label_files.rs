//! Labelled paragraphs for training and evaluation.
//!
//! Sources:
//! * **JSONL** (`.jsonl`), one object per record, e.g. `data/seed_paragraphs.jsonl`:
//!   `{"id","article","source","text","stance","sentiment","note"?}`;
//! * **CSV / TSV** (`.csv`, `.tsv`) with a header row naming the columns (TSV is unquoted);
//! * **one example per line** (`FILE=LABEL`): every non-blank line of FILE is a text with
//!   label LABEL — for corpora such as rt-polarity's `rt-polarity.pos` / `.neg`.
//!
//! The *task* names the field that holds the label; `stance` and `sentiment` have fixed
//! label sets (matched case-insensitively and written canonically), any other field takes
//! whatever values it holds. Records whose label is missing, `null` or empty are unlabelled
//! and skipped. `--where FIELD=VALUE` keeps only matching records; several text fields are
//! joined with a space. Files are UTF-8 unless an [`Encoding`] is given (or a byte-order mark
//! says UTF-16).

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::encoding::Encoding;
use super::jsonl::{kind, JsonLines};
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
            None => Ok(value.trim().to_string()),
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
    /// Which option it came from: it decides the example's sample weight and whether
    /// cross-validation may test it.
    pub role: Role,
    /// Whether the record's topic is stated against its target (`--polarity-field` says
    /// −1): its label is mirrored to train and the prediction mirrored back.
    pub mirrored: bool,
}

/// Which option a labelled example came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// A base label (`--data`, `--lines`): trains and is tested.
    #[default]
    Data,
    /// An extra label (`--extra`): trains with the extra weight and is tested.
    Extra,
    /// A label that only trains (`--train-also`): in every training part, never tested.
    TrainAlso,
}

impl Role {
    /// The name stored in manifests: `data`, `extra` or `train-also`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Data => "data",
            Role::Extra => "extra",
            Role::TrainAlso => "train-also",
        }
    }

    /// Whether cross-validation may hold the example out.
    pub fn testable(self) -> bool {
        self != Role::TrainAlso
    }
}

/// Where labelled examples come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSONL, CSV or TSV file with named fields.
    File(PathBuf),
    /// A file with one example per line, all with `label`.
    Lines {
        /// The file.
        path: PathBuf,
        /// The label of every line.
        label: String,
    },
    /// A JSONL, CSV or TSV file embedded in the binary (the built-in models' labels),
    /// named by the path it was built from.
    Embedded {
        /// The path it was built from (its extension picks the format).
        path: PathBuf,
        /// Its text.
        text: &'static str,
    },
}

impl Source {
    /// The file read.
    pub fn path(&self) -> &Path {
        match self {
            Source::File(p) | Source::Lines { path: p, .. } | Source::Embedded { path: p, .. } => p,
        }
    }

    /// Parses `FILE=LABEL`.
    pub fn lines(spec: &str) -> std::result::Result<Source, String> {
        match spec.rsplit_once('=') {
            Some((path, label)) if !path.is_empty() && !label.trim().is_empty() => {
                Ok(Source::Lines {
                    path: PathBuf::from(path),
                    label: label.trim().to_string(),
                })
            }
            _ => Err(format!("'{spec}': expected FILE=LABEL")),
        }
    }
}

/// What was read from one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The path as given.
    pub path: PathBuf,
    /// Records read (after `--where` filters).
    pub rows: usize,
    /// Records with a label.
    pub labelled: usize,
}

/// Which fields to read, and which records.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The text fields, joined with a space (default `text`).
    pub text: Vec<String>,
    /// The group field (default `article`); absent groups are `None`.
    pub group: String,
    /// Keep only records whose field equals the value.
    pub filters: Vec<(String, String)>,
    /// How files are decoded.
    pub encoding: Encoding,
    /// The field saying whether each record's topic is stated for (+1) or against (−1)
    /// its target, if any.
    pub polarity: Option<String>,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: vec!["text".into()],
            group: "article".into(),
            filters: Vec::new(),
            encoding: Encoding::Utf8,
            polarity: None,
        }
    }
}

/// Reads the labelled examples of `sources` for `task`.
pub fn read(
    sources: &[Source],
    task: &Task,
    fields: &Fields,
) -> Result<(Vec<Example>, Vec<FileSummary>)> {
    let mut examples = Vec::new();
    let mut summaries = Vec::new();
    for source in sources {
        let before = examples.len();
        let rows = match source {
            Source::File(path) => read_records(path, task, fields, &mut examples)?,
            Source::Lines { path, label } => read_lines(path, label, task, fields, &mut examples)?,
            Source::Embedded { path, text } => {
                read_records_from(text.as_bytes(), path, task, fields, &mut examples)?
            }
        };
        summaries.push(FileSummary {
            path: source.path().to_path_buf(),
            rows,
            labelled: examples.len() - before,
        });
    }
    Ok((examples, summaries))
}

/// A field's value as text: strings as they are, numbers and booleans printed.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Turns one record into an example (or `None` when unlabelled or filtered out).
fn example(
    map: &Map<String, Value>,
    task: &Task,
    fields: &Fields,
    file: &str,
    line: usize,
) -> Result<Option<Example>> {
    let label = match map.get(&task.field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => {
            if task.labels.is_some() && !v.is_string() {
                return Err(Error::line(
                    file,
                    line,
                    format!(
                        "field '{}' must be a string label, found {}",
                        task.field,
                        kind(v)
                    ),
                ));
            }
            scalar(v).expect("scalar")
        }
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
    let label = task
        .canonical(&label)
        .map_err(|msg| Error::line(file, line, msg))?;
    let mut text = String::new();
    for f in &fields.text {
        let part = match map.get(f) {
            Some(Value::String(s)) => s,
            None | Some(Value::Null) => {
                return Err(Error::line(
                    file,
                    line,
                    format!("missing field '{f}' (a string)"),
                ))
            }
            Some(other) => {
                return Err(Error::line(
                    file,
                    line,
                    format!("field '{f}' must be a string, found {}", kind(other)),
                ))
            }
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part.trim());
    }
    if text.trim().is_empty() {
        return Err(Error::line(
            file,
            line,
            format!("field '{}' is empty", fields.text.join("+")),
        ));
    }
    let str_field = |name: &str| -> Result<Option<String>> {
        match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => scalar(v).map(Some).ok_or_else(|| {
                Error::line(
                    file,
                    line,
                    format!("field '{name}' must be a string, found {}", kind(v)),
                )
            }),
        }
    };
    let mirrored = match &fields.polarity {
        None => false,
        Some(name) => against(map.get(name)).map_err(|found| {
            Error::line(
                file,
                line,
                format!(
                    "field '{name}' must be +1 or -1 (the topic stated for or against its \
                     target), found {found}"
                ),
            )
        })?,
    };
    Ok(Some(Example {
        id: str_field("id")?,
        text,
        label,
        group: str_field(&fields.group)?,
        file: file.to_string(),
        line,
        role: Role::Data,
        mirrored,
    }))
}

/// Whether a polarity value says −1 (`-1`, `−1`, `-`, as a number or a string; `+1`, `1`
/// and `+` say +1), or what was found instead.
fn against(value: Option<&Value>) -> std::result::Result<bool, String> {
    let text = match value {
        None | Some(Value::Null) => return Err("nothing".into()),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(kind(other).to_string()),
    };
    match text.as_str() {
        "1" | "+1" | "+" | "1.0" => Ok(false),
        "-1" | "\u{2212}1" | "-" | "\u{2212}" | "-1.0" => Ok(true),
        _ => Err(format!("'{text}'")),
    }
}

fn keep(map: &Map<String, Value>, fields: &Fields) -> bool {
    fields
        .filters
        .iter()
        .all(|(k, v)| map.get(k).and_then(scalar).is_some_and(|x| x == *v))
}

fn read_records(
    path: &Path,
    task: &Task,
    fields: &Fields,
    out: &mut Vec<Example>,
) -> Result<usize> {
    let opened = super::open::open_path(path)?;
    let (reader, utf16) =
        super::encoding::buffered_bufread(opened.reader).map_err(|e| Error::io(path, e))?;
    let utf8 = Fields {
        encoding: Encoding::Utf8,
        ..fields.clone()
    };
    let fields = if utf16 { &utf8 } else { fields };
    read_records_from(reader, path, task, fields, out)
}

/// Reads the labelled records of `reader` into `out`, as [`read`] reads the file `path`
/// (whose extension picks CSV, TSV or JSONL and whose name appears in messages); returns
/// how many records passed the filters.
pub fn read_records_from<R: BufRead>(
    mut reader: R,
    path: &Path,
    task: &Task,
    fields: &Fields,
    out: &mut Vec<Example>,
) -> Result<usize> {
    let file = display_path(path);
    let (ext, _) = super::walk::format_extension(path);
    let mut rows = 0;
    let mut annotated = false;
    let mut read: Vec<(Example, bool)> = Vec::new();
    let mut push = |line: usize, map: Map<String, Value>| -> Result<()> {
        if !keep(&map, fields) {
            return Ok(());
        }
        rows += 1;
        annotated |= map.contains_key("annotator") || map.contains_key("settled");
        if let Some(e) = example(&map, task, fields, &file, line)? {
            read.push((e, map.get("settled").and_then(Value::as_bool) == Some(true)));
        }
        Ok(())
    };
    let mut records = 0;
    match ext.as_str() {
        "csv" | "tsv" => {
            let mut bytes = Vec::new();
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(path, e))?;
            let text = fields.encoding.decode(&bytes, path, 0)?;
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(if ext == "tsv" { b'\t' } else { b',' })
                .quoting(ext == "csv")
                .from_reader(text.as_bytes());
            let headers = reader
                .headers()
                .map_err(|e| Error::line(path, 1, format!("bad header row: {e}")))?
                .clone();
            for f in fields.text.iter().chain(std::iter::once(&task.field)) {
                if !headers.iter().any(|h| h == f) {
                    return Err(Error::line(
                        path,
                        1,
                        format!(
                            "no column '{f}' (columns: {})",
                            headers.iter().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
            for rec in reader.records() {
                let rec = rec.map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    Error::line(
                        path,
                        line,
                        format!("bad {} record: {e}", ext.to_uppercase()),
                    )
                })?;
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let map: Map<String, Value> = headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
                    .collect();
                records += 1;
                push(line, map)?;
            }
        }
        _ => {
            for rec in JsonLines::new(reader, file.clone(), 16 << 20).with_encoding(fields.encoding)
            {
                let (line, map) = rec?;
                records += 1;
                push(line, map)?;
            }
        }
    }
    if records == 0 {
        return Err(Error::file(
            path,
            "no records (expected JSONL, or CSV/TSV with a header row)",
        ));
    }
    match annotated {
        true => out.extend(one_per_paragraph(read)),
        false => out.extend(read.into_iter().map(|(e, _)| e)),
    }
    Ok(rows)
}

/// Answers of several annotators (the studio's answers file), one example per paragraph id:
/// the last settling answer (`true` beside it), else the label every annotator gave; a
/// paragraph they disagree on, not settled yet, is left out. Examples without an id stay.
pub fn one_per_paragraph(given: Vec<(Example, bool)>) -> Vec<Example> {
    let mut by_id: std::collections::HashMap<String, Vec<(Example, bool)>> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for (e, settled) in given {
        match e.id.clone() {
            Some(id) => by_id.entry(id).or_default().push((e, settled)),
            None => out.push(e),
        }
    }
    for (_, mut answers) in by_id {
        let chosen = match answers.iter().rposition(|a| a.1) {
            Some(i) => Some(answers.swap_remove(i).0),
            None if answers.iter().all(|a| a.0.label == answers[0].0.label) => {
                answers.pop().map(|a| a.0)
            }
            None => None,
        };
        out.extend(chosen);
    }
    out.sort_by_key(|e| e.line);
    out
}

fn read_lines(
    path: &Path,
    label: &str,
    task: &Task,
    fields: &Fields,
    out: &mut Vec<Example>,
) -> Result<usize> {
    if !fields.filters.is_empty() {
        return Err(Error::params(format!(
            "--where needs named fields, and {}={label} has none",
            display_path(path)
        )));
    }
    if fields.polarity.is_some() {
        return Err(Error::params(format!(
            "--polarity-field needs named fields, and {}={label} has none",
            display_path(path)
        )));
    }
    let file = display_path(path);
    let label = task
        .canonical(label)
        .map_err(|msg| Error::file(path, msg))?;
    let mut bytes = Vec::new();
    super::open::open_path(path)?
        .reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let text = fields.encoding.decode(&bytes, path, 0)?;
    let mut rows = 0;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        rows += 1;
        out.push(Example {
            id: Some(format!("{file}:{}", i + 1)),
            text: t.to_string(),
            label: label.clone(),
            group: None,
            file: file.clone(),
            line: i + 1,
            role: Role::Data,
            mirrored: false,
        });
    }
    if rows == 0 {
        return Err(Error::file(
            path,
            "no examples (expected one text per line)",
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(name);
        std::fs::write(&p, content).unwrap();
        (d, p)
    }

    fn read1(src: Source, task: &str, fields: &Fields) -> Result<(Vec<Example>, Vec<FileSummary>)> {
        read(&[src], &Task::named(task), fields)
    }

    #[test]
    fn several_annotators_answers_give_one_example_per_paragraph() {
        let (_d, p) = file(
            "answers.jsonl",
            b"{\"id\":\"p1\",\"text\":\"one\",\"stance\":\"FAVOR\",\"annotator\":\"ann\"}\n\
              {\"id\":\"p1\",\"text\":\"one\",\"stance\":\"AGAINST\",\"annotator\":\"bo\"}\n\
              {\"id\":\"p2\",\"text\":\"two\",\"stance\":\"NONE\",\"annotator\":\"ann\"}\n\
              {\"id\":\"p2\",\"text\":\"two\",\"stance\":\"NONE\",\"annotator\":\"bo\"}\n\
              {\"id\":\"p3\",\"text\":\"three\",\"stance\":\"FAVOR\",\"annotator\":\"ann\"}\n\
              {\"id\":\"p3\",\"text\":\"three\",\"stance\":\"NONE\",\"annotator\":\"bo\"}\n\
              {\"id\":\"p3\",\"text\":\"three\",\"stance\":\"favor\",\"annotator\":\"lead\",\"settled\":true}\n",
        );
        let (ex, sums) = read1(Source::File(p), "stance", &Fields::default()).unwrap();
        let got: Vec<(&str, &str, usize)> = ex
            .iter()
            .map(|e| (e.text.as_str(), e.label.as_str(), e.line))
            .collect();
        assert_eq!(got, [("two", "NONE", 4), ("three", "FAVOR", 7)]);
        assert_eq!((sums[0].rows, sums[0].labelled), (7, 2));
    }

    #[test]
    fn reads_labels_canonically_and_skips_unlabelled() {
        let (_d, p) = file(
            "l.jsonl",
            b"{\"id\":\"a\",\"article\":\"x\",\"text\":\"one\",\"stance\":\"favor\"}\n\
              {\"id\":\"b\",\"text\":\"two\",\"stance\":null}\n\
              {\"id\":\"c\",\"text\":\"three\",\"stance\":\"NONE\",\"sentiment\":\"neutral\"}\n\
              {\"id\":\"d\",\"text\":\"four\",\"stance\":\"  \"}\n",
        );
        let (ex, sum) = read1(Source::File(p), "stance", &Fields::default()).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].label, "FAVOR");
        assert_eq!(ex[0].group.as_deref(), Some("x"));
        assert_eq!((ex[1].line, ex[1].group.clone()), (3, None));
        assert_eq!((sum[0].rows, sum[0].labelled), (4, 2));
    }

    #[test]
    fn unknown_label_names_file_and_line() {
        let (_d, p) = file(
            "l.jsonl",
            b"{\"text\":\"one\",\"stance\":\"FAVOR\"}\n{\"text\":\"two\",\"stance\":\"PRO\"}\n",
        );
        let err = read1(Source::File(p), "stance", &Fields::default())
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
        let (_d, p) = file(
            "l.jsonl",
            b"{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":\"0\"}\n",
        );
        let (ex, _) = read1(Source::File(p), "label", &Fields::default()).unwrap();
        assert_eq!(ex[0].label, "1");
        let (_d, p) = file("l.jsonl", b"{\"text\":\"a\",\"stance\":[1]}\n");
        let err = read1(Source::File(p), "stance", &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":1: field 'stance' must be a string label, found an array"),
            "{err}"
        );
    }

    #[test]
    fn polarity_field_marks_records_against_their_target() {
        let (_d, p) = file(
            "c.jsonl",
            b"{\"text\":\"a\",\"stance\":\"FAVOR\",\"s\":1}\n\
              {\"text\":\"b\",\"stance\":\"FAVOR\",\"s\":\"-1\"}\n\
              {\"text\":\"c\",\"stance\":\"NONE\",\"s\":\"+1\"}\n\
              {\"text\":\"d\",\"s\":\"sideways\"}\n",
        );
        let fields = Fields {
            polarity: Some("s".into()),
            ..Fields::default()
        };
        let (ex, _) = read1(Source::File(p), "stance", &fields).unwrap();
        // The label stays as given; the unlabelled record is not checked.
        let got: Vec<(&str, bool)> = ex.iter().map(|e| (e.label.as_str(), e.mirrored)).collect();
        assert_eq!(got, [("FAVOR", false), ("FAVOR", true), ("NONE", false)]);
        let (_d, p) = file(
            "c.jsonl",
            b"{\"text\":\"a\",\"stance\":\"FAVOR\",\"s\":-1}\n\
              {\"text\":\"b\",\"stance\":\"FAVOR\",\"s\":\"yes\"}\n",
        );
        let err = read1(Source::File(p), "stance", &fields)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(":2: field 's' must be +1 or -1 (the topic stated for or against its target), found 'yes'"),
            "{err}"
        );
        let (_d, p) = file("c.jsonl", b"{\"text\":\"a\",\"stance\":\"FAVOR\"}\n");
        let err = read1(Source::File(p), "stance", &fields)
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("found nothing"), "{err}");
    }

    #[test]
    fn missing_text_and_empty_file_are_errors() {
        let (_d, p) = file("l.jsonl", b"{\"stance\":\"NONE\"}\n");
        let err = read1(Source::File(p), "stance", &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(":1: missing field 'text' (a string)"),
            "{err}"
        );
        let (_d, p) = file("l.jsonl", b"\n\n");
        let err = read1(Source::File(p), "stance", &Fields::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no records"), "{err}");
    }

    #[test]
    fn csv_with_named_columns_filters_and_joined_text() {
        let (_d, p) = file(
            "claims.csv",
            b"\"topicText\",\"claims.claimCorrectedText\",\"claims.stance\",\"split\"\n\
              \"Ban guns\",\"Guns kill, people say\",\"PRO\",\"train\"\n\
              \"Ban guns\",\"Rights matter\",\"CON\",\"test\"\n",
        );
        let fields = Fields {
            text: vec!["topicText".into(), "claims.claimCorrectedText".into()],
            filters: vec![("split".into(), "train".into())],
            ..Fields::default()
        };
        let (ex, sum) = read1(Source::File(p.clone()), "claims.stance", &fields).unwrap();
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].text, "Ban guns Guns kill, people say");
        assert_eq!((ex[0].label.as_str(), ex[0].line), ("PRO", 2));
        assert_eq!(sum[0].rows, 1);
        let bad = Fields {
            text: vec!["claim".into()],
            ..Fields::default()
        };
        let err = read1(Source::File(p), "claims.stance", &bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("claims.csv:1: no column 'claim' (columns: topicText,"),
            "{err}"
        );
    }

    #[test]
    fn tsv_is_unquoted() {
        let (_d, p) = file("d.tsv", b"text\tlabel\nsays \"hi\"\tpos\n");
        let (ex, _) = read1(Source::File(p), "label", &Fields::default()).unwrap();
        assert_eq!(ex[0].text, "says \"hi\"");
    }

    #[test]
    fn one_example_per_line_with_encoding() {
        let (_d, p) = file("rt.neg", b"a dull film \x96 truly\n\nflat .\n");
        let err = read1(
            Source::lines(&format!("{}=negative", p.display())).unwrap(),
            "sentiment",
            &Fields::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("rt.neg: byte 12: not valid UTF-8"), "{err}");
        let latin = Fields {
            encoding: Encoding::Latin1,
            ..Fields::default()
        };
        let src = Source::lines(&format!("{}=Negative", p.display())).unwrap();
        let (ex, _) = read1(src, "sentiment", &latin).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(
            (ex[0].text.as_str(), ex[0].label.as_str()),
            ("a dull film – truly", "negative")
        );
        assert_eq!(ex[1].line, 3);
        assert!(Source::lines("no-label").is_err());
    }
}
