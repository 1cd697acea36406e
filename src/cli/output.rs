//! Where a command's output goes: standard output (buffered), or a file written
//! atomically so a failed run never leaves a half-written file.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::{display_path, Error, Result};
use crate::io::AtomicFile;

/// Buffered standard output or an atomically replaced file.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file, renamed into place by [`Output::finish`].
    File(BufWriter<AtomicFile>),
}

impl Output {
    /// Standard output when `path` is `None` or `-`, else the file.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(p) if p.as_os_str() != "-" => Ok(Output::File(BufWriter::with_capacity(
                1 << 16,
                AtomicFile::create(p)?,
            ))),
            _ => Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            ))),
        }
    }

    /// An I/O error on this output, naming it.
    pub fn error(&self, e: io::Error) -> Error {
        match self {
            Output::Stdout(_) => Error::io("standard output", e),
            Output::File(w) => Error::io(w.get_ref().target(), e),
        }
    }

    /// Flushes; a file is synced and renamed into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().map_err(|e| Error::io("standard output", e)),
            Output::File(w) => {
                let target = display_path(w.get_ref().target());
                let f = w
                    .into_inner()
                    .map_err(|e| Error::io(&target, e.into_error()))?;
                f.commit(false)
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_output_appears_only_on_finish() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.jsonl");
        let mut o = Output::open(Some(&p)).unwrap();
        writeln!(o, "line").unwrap();
        assert!(!p.exists());
        o.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "line\n");
        let o = Output::open(Some(&d.path().join("gone.jsonl"))).unwrap();
        drop(o);
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
