//! File writing that never leaves a half-written file behind (with `tempfile`), and file
//! hashing.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

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

/// Like [`check_output`], for an output whose missing parent directories will be created
/// ([`create_parents`]): the nearest existing ancestor must be a directory.
pub fn check_output_in_new_dirs(path: &Path) -> Result<()> {
    if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Error::file(path, "is a directory"));
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        match fs::metadata(d) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(Error::file(
                    path,
                    format!("{} is not a directory", d.display()),
                ))
            }
            Err(_) => dir = d.parent(),
        }
    }
    Ok(())
}

/// Creates the missing parent directories of `path`.
pub fn create_parents(path: &Path) -> Result<()> {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => fs::create_dir_all(d).map_err(|e| Error::io(d, e)),
        _ => Ok(()),
    }
}

/// A file being written under a temporary name beside its target; [`AtomicFile::commit`]
/// flushes it to disk and renames it over the target, so readers see the old or the new
/// content, never a mix. Dropped without commit, it is removed.
///
/// The temporary file comes from `tempfile`: a random name opened with `O_EXCL`, so a
/// planted file or symbolic link at a predictable name is never followed. It takes the
/// target's permissions (and, where the process may, its owner and group), so replacing a
/// 0600 file leaves a 0600 file; a new file gets the usual 0666 less the umask. A symbolic
/// link is followed (the file it points to is replaced, the link kept); a target that
/// exists and is not a regular file (a terminal, a pipe, `/dev/null`) is written to
/// directly.
pub struct AtomicFile {
    target: PathBuf,
    /// Where it goes: the temporary file, or a special file written in place.
    sink: Option<Sink>,
}

enum Sink {
    Temp(NamedTempFile),
    Direct(File),
}

impl AtomicFile {
    /// Starts writing a replacement for `path`.
    pub fn create(path: &Path) -> Result<Self> {
        let (resolved, existing) = match fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(Error::file(path, "is a directory")),
            Ok(m) if !m.is_file() => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                return Ok(AtomicFile {
                    target: path.to_path_buf(),
                    sink: Some(Sink::Direct(file)),
                });
            }
            Ok(m) => (
                fs::canonicalize(path).map_err(|e| Error::io(path, e))?,
                Some(m),
            ),
            Err(_) => (path.to_path_buf(), None),
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
        let prefix = format!(".{name}.tmp-");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(path, e))?;
        if let Some(meta) = existing {
            keep_mode_and_owner(tmp.as_file(), &meta).map_err(|e| Error::io(path, e))?;
        }
        Ok(AtomicFile {
            target: path.to_path_buf(),
            sink: Some(Sink::Temp(tmp)),
        })
    }

    /// The path being replaced.
    pub fn target(&self) -> &Path {
        &self.target
    }

    fn file(&mut self) -> &mut File {
        match self.sink.as_mut().expect("open") {
            Sink::Temp(t) => t.as_file_mut(),
            Sink::Direct(f) => f,
        }
    }

    /// Flushes to disk and renames over the target; with `backup`, an existing target is
    /// first copied to `target.bak`.
    pub fn commit(mut self, backup: bool) -> Result<()> {
        let tmp = match self.sink.take().expect("not committed twice") {
            // A special file: there is nothing to rename, only to flush.
            Sink::Direct(mut f) => return f.flush().map_err(|e| Error::io(&self.target, e)),
            Sink::Temp(t) => t,
        };
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.target, e))?;
        let real = fs::canonicalize(&self.target).unwrap_or_else(|_| self.target.clone());
        if backup && real.exists() {
            let bak = backup_path(&self.target);
            fs::copy(&real, &bak).map_err(|e| Error::io(&bak, e))?;
            File::open(&bak)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(&bak, e))?;
        }
        tmp.persist(&real)
            .map_err(|e| Error::io(&self.target, e.error))?;
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

/// Gives `file` the permissions of `target`, and its owner and group where this process
/// may (only the superuser may give a file away, so elsewhere that is skipped).
fn keep_mode_and_owner(file: &File, target: &fs::Metadata) -> std::io::Result<()> {
    file.set_permissions(target.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match std::os::unix::fs::fchown(file, Some(target.uid()), Some(target.gid())) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {}
            other => other?,
        }
    }
    Ok(())
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
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

    #[cfg(unix)]
    #[test]
    fn the_targets_mode_is_kept_and_new_files_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("secret.json");
        fs::write(&p, b"old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"new", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o600);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"newer", false).unwrap();
        assert_eq!(mode(&p), 0o640);
        // A new file: 0666 less the umask, as a plain create gives.
        let plain = d.path().join("plain");
        File::create(&plain).unwrap();
        let fresh = d.path().join("fresh.json");
        write_atomic(&fresh, b"x", false).unwrap();
        assert_eq!(mode(&fresh), mode(&plain));
    }

    #[cfg(unix)]
    #[test]
    fn the_owner_is_kept() {
        use std::os::unix::fs::MetadataExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.json");
        fs::write(&p, b"old").unwrap();
        let before = fs::metadata(&p).unwrap();
        // As the superuser, give it to another owner first, which the rewrite must keep.
        let _ = std::os::unix::fs::chown(&p, Some(1), Some(1));
        let want = fs::metadata(&p).unwrap();
        write_atomic(&p, b"new", false).unwrap();
        let after = fs::metadata(&p).unwrap();
        assert_eq!((after.uid(), after.gid()), (want.uid(), want.gid()));
        assert!(want.uid() == 1 || want.uid() == before.uid());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_the_old_temporary_name_is_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.json");
        let victim = d.path().join("victim");
        fs::write(&victim, b"untouched").unwrap();
        // The name the hand-written version used, and a few guesses beside it.
        for name in [
            format!(".m.json.tmp-{}", std::process::id()),
            ".m.json.tmp-".to_string(),
        ] {
            std::os::unix::fs::symlink(&victim, d.path().join(name)).unwrap();
        }
        write_atomic(&p, b"new", false).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert!(!fs::symlink_metadata(&p).unwrap().file_type().is_symlink());
    }

    #[test]
    fn missing_parent_directories_are_checked_then_created() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("a/b/model.json");
        check_output_in_new_dirs(&out).unwrap();
        assert!(check_output(&out).is_err());
        create_parents(&out).unwrap();
        assert!(d.path().join("a/b").is_dir());
        std::fs::write(d.path().join("f"), "x").unwrap();
        let err = check_output_in_new_dirs(&d.path().join("f/x/model.json"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not a directory"), "{err}");
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
