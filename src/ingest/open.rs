//! Opening an input — a file or standard input — as a stream of its bytes: decompressed
//! (`flate2`, `zstd`) when its first bytes say gzip or zstd, whatever its name, and refused
//! when they say it holds no text ([`NotText`]). Limits apply to the decompressed bytes, as
//! the readers above count them; a corrupt or truncated stream is a read error naming the
//! decompressed byte where it broke.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::sniff::{sniff, Codec, NotText, Sniffed, HEAD_BYTES};
use crate::error::{display_path, Error, Result};

const BUFFER: usize = 1 << 16;

/// An opened input.
pub struct Opened {
    /// Its (decompressed) bytes.
    pub reader: Box<dyn BufRead + Send>,
    /// The compression it was read through, if any.
    pub codec: Option<Codec>,
}

/// Opens `path` for reading.
pub fn open_path(path: &Path) -> Result<Opened> {
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    open_reader(Box::new(f), &display_path(path))
}

/// Opens a stream named `name` in messages.
pub fn open_reader(reader: Box<dyn Read + Send>, name: &str) -> Result<Opened> {
    let read = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: reader,
        read: read.clone(),
    };
    let mut raw = BufReader::with_capacity(BUFFER, counted);
    let codec = match sniff(fill_head(&mut raw).map_err(|e| Error::io(name, e))?) {
        Sniffed::Text => {
            return Ok(Opened {
                reader: Box::new(raw),
                codec: None,
            })
        }
        Sniffed::NotText(kind) => return Err(not_text(name, kind, None)),
        Sniffed::Compressed(codec) => codec,
    };
    let mut inner = BufReader::with_capacity(BUFFER, decoder(raw, codec, name, read)?);
    match sniff(fill_head(&mut inner).map_err(|e| Error::io(name, e))?) {
        Sniffed::Text => Ok(Opened {
            reader: Box::new(inner),
            codec: Some(codec),
        }),
        Sniffed::NotText(kind) => Err(not_text(name, kind, Some(codec))),
        Sniffed::Compressed(_) => Err(Error::file(
            name,
            format!(
                "{} stream holding another compressed stream (decompress it once first)",
                codec.name()
            ),
        )),
    }
}

/// What the first bytes of a file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content {
    /// The compression it is in.
    pub codec: Option<Codec>,
    /// What it is when it is not text (looking inside the compression).
    pub not_text: Option<NotText>,
}

/// What the first bytes of the file at `path` say it is, looking inside gzip and zstd.
/// Reads only the first few hundred bytes.
pub fn content(path: &Path) -> Result<Content> {
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    let read = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: Box::new(f),
        read: read.clone(),
    };
    let mut raw = BufReader::with_capacity(HEAD_BYTES, counted);
    let name = display_path(path);
    let (codec, not_text) = match sniff(fill_head(&mut raw).map_err(|e| Error::io(path, e))?) {
        Sniffed::Text => (None, None),
        Sniffed::NotText(kind) => (None, Some(kind)),
        Sniffed::Compressed(codec) => {
            let mut inner = BufReader::with_capacity(HEAD_BYTES, decoder(raw, codec, &name, read)?);
            match sniff(fill_head(&mut inner).map_err(|e| Error::io(path, e))?) {
                Sniffed::NotText(kind) => (Some(codec), Some(kind)),
                _ => (Some(codec), None),
            }
        }
    };
    Ok(Content { codec, not_text })
}

/// The error for a file that is not text: what it is and how to convert it.
pub fn not_text(name: &str, kind: NotText, codec: Option<Codec>) -> Error {
    let inside = codec.map_or(String::new(), |c| {
        format!(" (inside {} compression)", c.name())
    });
    Error::file(
        name,
        format!(
            "this is {}{inside}, not text: {}",
            kind.with_article(),
            kind.advice()
        ),
    )
}

/// The first bytes of `r`, as one read gives them.
fn fill_head<R: Read>(r: &mut BufReader<R>) -> io::Result<&[u8]> {
    r.fill_buf()
}

fn decoder<R: BufRead + Send + 'static>(
    raw: R,
    codec: Codec,
    name: &str,
    compressed: Arc<AtomicU64>,
) -> Result<Located> {
    let inner: Box<dyn Read + Send> = match codec {
        Codec::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(raw)),
        Codec::Zstd => {
            Box::new(zstd::stream::read::Decoder::with_buffer(raw).map_err(|e| Error::io(name, e))?)
        }
    };
    Ok(Located {
        inner,
        codec,
        out: 0,
        compressed,
    })
}

/// A reader that counts the bytes read through it.
struct Counted {
    inner: Box<dyn Read + Send>,
    read: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A decoder whose errors say at which byte the stream broke.
struct Located {
    inner: Box<dyn Read + Send>,
    codec: Codec,
    /// Decompressed bytes given so far.
    out: u64,
    /// Compressed bytes read so far (ahead of the decoder by at most a buffer).
    compressed: Arc<AtomicU64>,
}

impl Read for Located {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.out += n as u64;
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => Err(io::Error::new(
                e.kind(),
                format!(
                    "corrupt or truncated {} stream after decompressed byte {} \
                     ({} compressed bytes read): {e}",
                    self.codec.name(),
                    self.out,
                    self.compressed.load(Ordering::Relaxed)
                ),
            )),
        }
    }
}
