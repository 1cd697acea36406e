//! Which inputs paths name: `-`, files, and directories walked with `walkdir` — sorted,
//! hidden entries skipped, symbolic links followed, a link loop reported at once, and a
//! file that one walk reaches twice (through links) read once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::manifest::Manifest;
use crate::error::{Error, Result};

/// One input to read.
#[derive(Debug, Clone)]
pub(super) enum Input {
    Stdin,
    Jsonl(PathBuf),
    Text {
        path: PathBuf,
        id: String,
        manifest: Option<Arc<Manifest>>,
    },
}

pub(super) const TEXT_EXTENSIONS: [&str; 4] = ["txt", "md", "markdown", "text"];

pub(super) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The inputs of `paths`, in order; every path is checked before anything is read.
pub(super) fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
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
            let before = inputs.len();
            walk(path, &mut inputs, &mut manifests)?;
            if inputs.len() == before {
                return Err(Error::file(
                    path,
                    "no articles found (looked for .txt, .md and .jsonl files)",
                ));
            }
        } else {
            push_file(path, path, &mut inputs, &mut manifests, true)?;
        }
    }
    Ok(inputs)
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
            push_file(entry.path(), root, inputs, manifests, false)?;
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

pub(super) fn push_file(
    path: &Path,
    root: &Path,
    inputs: &mut Vec<Input>,
    manifests: &mut HashMap<PathBuf, Option<Arc<Manifest>>>,
    explicit: bool,
) -> Result<()> {
    let ext = extension(path);
    if ext == "jsonl" {
        inputs.push(Input::Jsonl(path.to_path_buf()));
        return Ok(());
    }
    if !explicit && !TEXT_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let manifest = manifest_for(dir, manifests)?;
    let rel = if explicit {
        path.file_name().map(PathBuf::from).unwrap_or_default()
    } else {
        path.strip_prefix(root).unwrap_or(path).to_path_buf()
    };
    let id = rel.with_extension("").to_string_lossy().replace('\\', "/");
    inputs.push(Input::Text {
        path: path.to_path_buf(),
        id,
        manifest,
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
