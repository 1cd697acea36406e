//! Which inputs paths name: `-`, files, and directories walked with `walkdir` — sorted,
//! hidden entries skipped, symbolic links followed, a link loop reported at once, and a
//! file that one walk reaches twice (through links) read once. A file's format is chosen by
//! its extension (under a `.gz` / `.zst` one); its first bytes are checked for files that
//! are not text (a PDF renamed `.txt`): named on the command line such a file is an error
//! saying how to convert it, found in a directory it is counted in [`Skipped`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::manifest::Manifest;
use super::open::{self, not_text};
use super::sniff::{Codec, NotText};
use crate::error::{display_path, Error, Result};

/// One input to read.
#[derive(Debug, Clone)]
pub(super) enum Input {
    Stdin,
    Jsonl(PathBuf),
    /// CSV (`,`) or TSV (tab) with a header.
    Table {
        path: PathBuf,
        delimiter: u8,
    },
    Text {
        path: PathBuf,
        id: String,
        manifest: Option<Arc<Manifest>>,
        kind: TextKind,
    },
}

/// How a one-article file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TextKind {
    /// Plain text.
    Plain,
    /// CommonMark with optional front matter.
    Markdown,
    /// A saved web page.
    Html,
}

/// The extensions a directory walk reads (also under `.gz` or `.zst`).
const READ_EXTENSIONS: [&str; 11] = [
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "jsonl", "ndjson", "csv", "tsv",
];

/// A compression extension.
fn is_compressed_ext(ext: &str) -> bool {
    matches!(ext, "gz" | "zst" | "zstd")
}

pub(super) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The extension that names a file's format — `jsonl` for `a.jsonl.gz` — and the path
/// without it and without a compression extension.
pub(super) fn format_extension(path: &Path) -> (String, PathBuf) {
    let ext = extension(path);
    if is_compressed_ext(&ext) {
        let stem = path.with_extension("");
        return (extension(&stem), stem.with_extension(""));
    }
    (ext, path.with_extension(""))
}

/// Files a directory walk passed over because they are not text, counted by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped(BTreeMap<NotText, usize>);

impl Skipped {
    fn add(&mut self, kind: NotText) {
        *self.0.entry(kind).or_default() += 1;
    }

    /// How many files were skipped.
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// One sentence saying how many files of which kinds were skipped, or `None`.
    pub fn message(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let n = self.total();
        let kinds: Vec<String> = self
            .0
            .iter()
            .map(|(k, c)| format!("{c} {}", k.name()))
            .collect();
        Some(format!(
            "skipped {n} file{} that {} not text: {} (convert {} to text, HTML or CSV to score {})",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            kinds.join(", "),
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        ))
    }
}

/// The inputs of `paths`, in order, and the files of directories skipped as not text;
/// every path is checked before anything is read.
pub(super) fn inputs(paths: &[PathBuf]) -> Result<(Vec<Input>, Skipped)> {
    let mut skipped = Skipped::default();
    let mut inputs = Vec::new();
    let mut manifests: HashMap<PathBuf, Option<Arc<Manifest>>> = HashMap::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_seen {
                return Err(Error::params("'-' (standard input) given twice"));
            }
            stdin_seen = true;
            inputs.push(Input::Stdin);
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let before = (inputs.len(), skipped.total());
            walk(path, &mut inputs, &mut manifests, &mut skipped)?;
            if inputs.len() == before.0 {
                let also = match skipped.total() - before.1 {
                    0 => String::new(),
                    n => format!("; {n} file(s) that are not text were skipped"),
                };
                return Err(Error::file(
                    path,
                    format!(
                        "no articles found (looked for .txt, .md, .html, .jsonl, .csv and .tsv \
                         files, also as .gz or .zst){also}"
                    ),
                ));
            }
        } else {
            push_file(path, path, &mut inputs, &mut manifests, None)?;
        }
    }
    Ok((inputs, skipped))
}

/// The files a walk has taken, by (device, inode), so a file reached twice through links is
/// read once.
#[derive(Default)]
struct SeenFiles(HashSet<(u64, u64)>);

impl SeenFiles {
    /// Records a file; `false` if it was recorded before.
    #[cfg(unix)]
    fn insert(&mut self, meta: &std::fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        self.0.insert((meta.dev(), meta.ino()))
    }

    /// Records a file (no inode numbers here: every file counts as new).
    #[cfg(not(unix))]
    fn insert(&mut self, _meta: &std::fs::Metadata) -> bool {
        true
    }
}

fn walk(
    root: &Path,
    inputs: &mut Vec<Input>,
    manifests: &mut HashMap<PathBuf, Option<Arc<Manifest>>>,
    skipped: &mut Skipped,
) -> Result<()> {
    let mut seen = SeenFiles::default();
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e));
    for entry in entries {
        let entry = entry.map_err(|e| walk_error(root, e))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = entry.metadata().map_err(|e| walk_error(root, e))?;
        if seen.insert(&meta) {
            push_file(entry.path(), root, inputs, manifests, Some(skipped))?;
        }
    }
    Ok(())
}

/// A walk error as the library's error, naming the path (and the loop, for a link loop).
fn walk_error(root: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(root).to_path_buf();
    if let Some(ancestor) = e.loop_ancestor() {
        return Error::file(
            &path,
            format!(
                "symbolic link loop: it leads back to {}",
                ancestor.display()
            ),
        );
    }
    match e.into_io_error() {
        Some(io) => Error::io(&path, io),
        None => Error::file(&path, "cannot be read"),
    }
}

fn manifest_for(
    dir: &Path,
    cache: &mut HashMap<PathBuf, Option<Arc<Manifest>>>,
) -> Result<Option<Arc<Manifest>>> {
    if let Some(m) = cache.get(dir) {
        return Ok(m.clone());
    }
    let m = Manifest::find(dir)?.map(Arc::new);
    cache.insert(dir.to_path_buf(), m.clone());
    Ok(m)
}

/// Adds the input `path` makes: `skipped` is `None` for a path named on the command line
/// (read whatever its extension; not text is an error) and the walk's count inside one.
pub(super) fn push_file(
    path: &Path,
    root: &Path,
    inputs: &mut Vec<Input>,
    manifests: &mut HashMap<PathBuf, Option<Arc<Manifest>>>,
    mut skipped: Option<&mut Skipped>,
) -> Result<()> {
    let (ext, stem) = format_extension(path);
    if let Some(skipped) = skipped.as_deref_mut() {
        if !READ_EXTENSIONS.contains(&ext.as_str()) {
            if let Some(kind) = NotText::from_extension(&ext) {
                skipped.add(kind);
            }
            return Ok(());
        }
    }
    let content = open::content(path)?;
    if let Some(kind) = content.not_text {
        return match skipped {
            None => Err(not_text(&display_path(path), kind, content.codec)),
            Some(skipped) => {
                skipped.add(kind);
                Ok(())
            }
        };
    }
    let named = match extension(path).as_str() {
        "gz" => Some(Codec::Gzip),
        "zst" | "zstd" => Some(Codec::Zstd),
        _ => None,
    };
    if let (Some(named), None) = (named, content.codec) {
        return Err(Error::file(
            path,
            format!(
                "named as {} but it is not {} data (rename it, or recompress it)",
                named.name(),
                named.name()
            ),
        ));
    }
    let kind = match ext.as_str() {
        "jsonl" | "ndjson" => {
            inputs.push(Input::Jsonl(path.to_path_buf()));
            return Ok(());
        }
        "csv" | "tsv" => {
            inputs.push(Input::Table {
                path: path.to_path_buf(),
                delimiter: if ext == "tsv" { b'\t' } else { b',' },
            });
            return Ok(());
        }
        "md" | "markdown" => TextKind::Markdown,
        "html" | "htm" | "xhtml" => TextKind::Html,
        _ => TextKind::Plain,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let manifest = match kind {
        TextKind::Plain => manifest_for(dir, manifests)?,
        _ => None,
    };
    let explicit_root = root == path;
    let rel = if explicit_root {
        stem.file_name().map(PathBuf::from).unwrap_or_default()
    } else {
        stem.strip_prefix(root).unwrap_or(&stem).to_path_buf()
    };
    let id = rel.to_string_lossy().replace('\\', "/");
    inputs.push(Input::Text {
        path: path.to_path_buf(),
        id,
        manifest,
        kind,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Articles, Limits};
    use super::*;

    fn ids(paths: &[PathBuf]) -> Result<Vec<String>> {
        Articles::open(paths, Limits::default())?
            .map(|a| a.map(|a| a.id))
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_reported_at_once_naming_the_loop() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("x.txt"), "Text.\n").unwrap();
        std::os::unix::fs::symlink(d.path().join("a"), sub.join("back")).unwrap();
        let err = ids(&[d.path().to_path_buf()]).unwrap_err().to_string();
        assert!(err.contains("symbolic link loop"), "{err}");
        assert!(err.contains("a/b/back"), "{err}");
        // Short: the loop is found on its first turn, not after 40 levels of it.
        assert!(err.matches("back").count() <= 2, "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_reached_twice_through_links_is_read_once() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("x.txt"), "Text.\n").unwrap();
        std::os::unix::fs::symlink(&real, d.path().join("alias")).unwrap();
        std::os::unix::fs::symlink(real.join("x.txt"), d.path().join("y.txt")).unwrap();
        std::fs::hard_link(real.join("x.txt"), d.path().join("z.txt")).unwrap();
        assert_eq!(ids(&[d.path().to_path_buf()]).unwrap(), ["alias/x"]);
        // A directory given twice is read twice, as files given twice are.
        let twice = [real.clone(), real];
        assert_eq!(ids(&twice).unwrap(), ["x", "x"]);
    }

    #[test]
    fn hidden_entries_are_skipped_below_the_root_only() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join(".root");
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        std::fs::write(root.join(".hidden/a.txt"), "A.\n").unwrap();
        std::fs::write(root.join("b.txt"), "B.\n").unwrap();
        assert_eq!(ids(&[root]).unwrap(), ["b"]);
    }
}
