//! File writing that never leaves a half-written file behind, and file hashing.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Checks, before long work, that `path` can be an output: not a directory, and in a
/// directory that exists. (Permissions and disk space show only when writing.)
pub fn check_output(path: &Path) -> Result<()> {
    if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Error::file(path, "is a directory"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::file(
            path,
            format!("{} is not a directory", dir.display()),
        )),
        Err(e) => Err(Error::file(
            path,
            format!("cannot write here: directory {}: {e}", dir.display()),
        )),
    }
}

/// A file being written under a temporary name beside its target; [`AtomicFile::commit`]
/// flushes it to disk and renames it over the target, so readers see the old or the new
/// content, never a mix. Dropped without commit, it is removed. A symbolic link is
/// followed (the file it points to is replaced, the link kept); a target that exists and is
/// not a regular file (a terminal, a pipe, `/dev/null`) is written to directly.
pub struct AtomicFile {
    target: PathBuf,
    /// The temporary file; `None` when writing straight to a special file.
    tmp: Option<PathBuf>,
    file: Option<File>,
}

impl AtomicFile {
    /// Starts writing a replacement for `path`.
    pub fn create(path: &Path) -> Result<Self> {
        let resolved = match fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(Error::file(path, "is a directory")),
            Ok(m) if !m.is_file() => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                return Ok(AtomicFile {
                    target: path.to_path_buf(),
                    tmp: None,
                    file: Some(file),
                });
            }
            Ok(_) => fs::canonicalize(path).map_err(|e| Error::io(path, e))?,
            Err(_) => path.to_path_buf(),
        };
        let dir = match resolved.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = resolved
            .file_name()
            .ok_or_else(|| Error::file(path, "not a file path"))?
            .to_string_lossy()
            .into_owned();
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(|e| Error::io(path, e))?;
        Ok(AtomicFile {
            target: path.to_path_buf(),
            tmp: Some(tmp),
            file: Some(file),
        })
    }

    /// The path being replaced.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes to disk and renames over the target; with `backup`, an existing target is
    /// first copied to `target.bak`.
    pub fn commit(mut self, backup: bool) -> Result<()> {
        let mut file = self.file.take().expect("not committed twice");
        let Some(tmp) = self.tmp.take() else {
            // A special file: there is nothing to rename, only to flush.
            return file.flush().map_err(|e| Error::io(&self.target, e));
        };
        let cleanup = |e: Error| {
            let _ = fs::remove_file(&tmp);
            e
        };
        file.sync_all()
            .map_err(|e| cleanup(Error::io(&self.target, e)))?;
        drop(file);
        let real = fs::canonicalize(&self.target).unwrap_or_else(|_| self.target.clone());
        if backup && real.exists() {
            let bak = backup_path(&self.target);
            fs::copy(&real, &bak).map_err(|e| cleanup(Error::io(&bak, e)))?;
            File::open(&bak)
                .and_then(|f| f.sync_all())
                .map_err(|e| cleanup(Error::io(&bak, e)))?;
        }
        fs::rename(&tmp, &real).map_err(|e| cleanup(Error::io(&self.target, e)))?;
        if let Some(dir) = real.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("open").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("open").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let (Some(_), Some(tmp)) = (self.file.take(), self.tmp.take()) {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]); with `backup`, an existing
/// `path` is first kept as `path.bak`.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.commit(backup)
}

/// Where [`write_atomic`] keeps the previous version of `path`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// The SHA-256 of a file, as lower-case hex, and its size in bytes.
pub fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((hex(&h.finalize()), n))
}

/// The SHA-256 of bytes, as lower-case hex.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_keeps_a_backup() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.json");
        write_atomic(&p, b"one", true).unwrap();
        assert!(!backup_path(&p).exists());
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn unwritable_target_leaves_the_old_file() {
        let d = tempfile::tempdir().unwrap();
        let err = write_atomic(&d.path().join("no/such/dir/m.json"), b"x", false).unwrap_err();
        assert!(err.to_string().contains("no/such/dir"), "{err}");
        assert!(write_atomic(d.path(), b"x", false).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_kept() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real.json");
        let link = d.path().join("link.json");
        fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new", true).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(fs::read(backup_path(&link)).unwrap(), b"old");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn special_files_are_written_in_place_never_replaced() {
        write_atomic(Path::new("/dev/null"), b"x", true).unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().is_file());
        assert!(!Path::new("/dev/null.bak").exists());
        // A full disk is an error that names the file.
        let err = write_atomic(Path::new("/dev/full"), &[b'x'; 1 << 16], false).unwrap_err();
        assert!(err.to_string().starts_with("/dev/full: "), "{err}");
        assert!(!fs::metadata("/dev/full").unwrap().is_file());
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f");
        fs::write(&p, b"abc").unwrap();
        assert_eq!(sha256_file(&p).unwrap().0, sha256_bytes(b"abc"));
    }
}
