//! The article manifest: a `manifest.json` beside text files that says which articles they
//! hold, where each starts and ends, and its source, title, author and date.
//!
//! ```json
//! {"format": "standpoint-manifest", "version": 1, "articles": [
//!   {"id": "gt-tentacles", "file": "004.txt", "lines": [3, 14], "source": "Global Times",
//!    "title": "…", "author": "Global Times", "date": "unknown"}]}
//! ```
//!
//! `lines` are 1-based and inclusive; lines of a listed file outside every range (page
//! furniture between articles) belong to no article. `"unknown"` marks what the text does
//! not give. A `manifest.json` without `"format": "standpoint-manifest"` is not ours and is
//! ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file name looked for in a directory.
pub const FILE_NAME: &str = "manifest.json";
/// The value of `format` that marks a standpoint manifest.
pub const FORMAT: &str = "standpoint-manifest";

/// One article of a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable article id.
    pub id: String,
    /// File name, relative to the manifest's directory.
    pub file: String,
    /// First and last line (1-based, inclusive).
    pub lines: (usize, usize),
    /// Source outlet, or `unknown`.
    pub source: String,
    /// Title, or `unknown`.
    pub title: String,
    /// Author(s), or `unknown`.
    pub author: String,
    /// Date as `YYYY-MM-DD`, or `unknown`.
    pub date: String,
    /// Free-text remark (how the fields were established).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(rename = "format")]
    _format: String,
    version: u32,
    #[serde(default)]
    note: Option<String>,
    articles: Vec<Entry>,
}

/// A loaded manifest: its entries grouped by file.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    dir: PathBuf,
    /// The manifest's own remark, if any.
    pub note: Option<String>,
    by_file: BTreeMap<String, Vec<Entry>>,
}

/// `None` for `unknown` or an empty string.
pub fn unless_unknown(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("unknown")).then(|| t.to_string())
}

impl Manifest {
    /// Loads `dir/manifest.json` if it exists and is a standpoint manifest.
    pub fn find(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::line(&path, e.line(), format!("invalid JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Ok(None);
        }
        let file: ManifestFile = serde_json::from_value(value)
            .map_err(|e| Error::file(&path, format!("not a valid manifest: {e}")))?;
        if file.version != 1 {
            return Err(Error::file(
                &path,
                format!(
                    "manifest version {} is not supported (expected 1)",
                    file.version
                ),
            ));
        }
        let mut by_file: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        let mut ids = std::collections::HashSet::new();
        for e in file.articles {
            if !ids.insert(e.id.clone()) {
                return Err(Error::file(
                    &path,
                    format!("article id '{}' appears twice", e.id),
                ));
            }
            let (a, b) = e.lines;
            if a == 0 || b < a {
                return Err(Error::file(
                    &path,
                    format!(
                        "article '{}': lines [{a}, {b}] is not a 1-based range",
                        e.id
                    ),
                ));
            }
            by_file.entry(e.file.clone()).or_default().push(e);
        }
        for (f, entries) in by_file.iter_mut() {
            entries.sort_by_key(|e| e.lines.0);
            if let Some(w) = entries.windows(2).find(|w| w[1].lines.0 <= w[0].lines.1) {
                return Err(Error::file(
                    &path,
                    format!("articles '{}' and '{}' overlap in {f}", w[0].id, w[1].id),
                ));
            }
        }
        Ok(Some(Manifest {
            dir: dir.to_path_buf(),
            note: file.note,
            by_file,
        }))
    }

    /// The manifest's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entries for `file_name`, in line order (empty if the file is not listed).
    pub fn entries(&self, file_name: &str) -> &[Entry] {
        self.by_file.get(file_name).map_or(&[], Vec::as_slice)
    }

    /// Every entry, by file then line.
    pub fn all(&self) -> impl Iterator<Item = &Entry> {
        self.by_file.values().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, json: &str) {
        std::fs::write(dir.join(FILE_NAME), json).unwrap();
    }

    #[test]
    fn foreign_manifest_is_ignored_and_bad_ours_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        assert!(Manifest::find(d.path()).unwrap().is_none());
        write(d.path(), r#"{"name": "some-npm-package"}"#);
        assert!(Manifest::find(d.path()).unwrap().is_none());
        write(
            d.path(),
            r#"{"format":"standpoint-manifest","version":1,"articles":[
               {"id":"a","file":"x.txt","lines":[1,5],"source":"S","title":"T","author":"unknown","date":"unknown"},
               {"id":"b","file":"x.txt","lines":[5,9],"source":"S","title":"T","author":"unknown","date":"unknown"}]}"#,
        );
        let err = Manifest::find(d.path()).unwrap_err().to_string();
        assert!(err.contains("overlap"), "{err}");
        write(
            d.path(),
            r#"{"format":"standpoint-manifest","version":2,"articles":[]}"#,
        );
        assert!(Manifest::find(d.path())
            .unwrap_err()
            .to_string()
            .contains("version 2"));
    }

    #[test]
    fn unknown_means_none() {
        assert_eq!(unless_unknown("unknown"), None);
        assert_eq!(unless_unknown(" "), None);
        assert_eq!(unless_unknown("CGTN"), Some("CGTN".into()));
    }
}
