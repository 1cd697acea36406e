//! Text encodings of input files, decoded with `encoding_rs` (the WHATWG Encoding Standard,
//! as browsers decode pages). A byte-order mark always wins: UTF-8, UTF-16LE and UTF-16BE
//! files are recognised by it whatever encoding was asked for. Without one, UTF-8 is the
//! default and anything else in a UTF-8 file is an error naming the byte; `latin1` reads
//! single-byte Western text (the WHATWG `latin1` label means Windows-1252: 0x80–0x9F are
//! `€ ‚ ƒ „ … † ‡ …`); `gbk`, `big5`, `shift_jis` and `euc-kr` read the Chinese, Japanese and
//! Korean encodings Asian outlets use, and a byte sequence they do not define is an error
//! naming the byte.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::{Decoder, DecoderResult};

use crate::error::{Error, Result};

/// How to decode input bytes that carry no byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8; a byte-order mark is dropped.
    #[default]
    Utf8,
    /// ISO-8859-1 / Windows-1252 (every byte is a character).
    #[value(alias = "windows-1252")]
    Latin1,
    /// GBK (simplified Chinese; decoded as GB18030, its superset).
    Gbk,
    /// Big5 (traditional Chinese, with the HKSCS extensions).
    Big5,
    /// Shift_JIS (Japanese).
    #[value(name = "shift_jis", alias = "shift-jis", alias = "sjis")]
    ShiftJis,
    /// EUC-KR (Korean; decoded as windows-949, its superset).
    EucKr,
}

/// The encoding a byte-order mark at the start of `bytes` names, and the mark's length.
pub fn sniff_bom(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    encoding_rs::Encoding::for_bom(bytes)
}

/// Whether `bytes` start with a UTF-16 byte-order mark.
pub fn is_utf16(bytes: &[u8]) -> bool {
    matches!(sniff_bom(bytes), Some((e, _)) if e != encoding_rs::UTF_8)
}

impl Encoding {
    /// The `encoding_rs` encoding.
    fn whatwg(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Latin1 => encoding_rs::WINDOWS_1252,
            Encoding::Gbk => encoding_rs::GBK,
            Encoding::Big5 => encoding_rs::BIG5,
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
            Encoding::EucKr => encoding_rs::EUC_KR,
        }
    }

    /// Decodes `bytes` of `path`; `base` is the byte offset of `bytes` in the file, for
    /// messages. A byte-order mark picks the encoding and is dropped.
    pub fn decode(self, bytes: &[u8], path: &Path, base: u64) -> Result<String> {
        if let Some((enc, len)) = sniff_bom(bytes) {
            if enc != encoding_rs::UTF_8 {
                return strict(enc, &bytes[len..], path, base + len as u64);
            }
        }
        self.decode_part(bytes, path, base)
    }

    /// Decodes a part of a file — a CSV field — as [`Encoding::decode`] does a whole one,
    /// but without looking for a UTF-16 byte-order mark: bytes `FE FF` inside a UTF-8 file are
    /// not valid UTF-8, not the start of UTF-16 text.
    pub fn decode_part(self, bytes: &[u8], path: &Path, base: u64) -> Result<String> {
        match self {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.strip_prefix('\u{feff}').unwrap_or(s).to_string()),
                Err(e) => Err(Error::byte(
                    path,
                    base + e.valid_up_to() as u64,
                    "not valid UTF-8 (convert the file, or pass --encoding latin1 if it is Latin-1 / Windows-1252)",
                )),
            },
            Encoding::Latin1 => Ok(self
                .whatwg()
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()),
            other => strict(other.whatwg(), bytes, path, base),
        }
    }
}

/// Decodes `bytes` with `enc`; a byte sequence that `enc` does not define is an error
/// naming its byte.
fn strict(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
    path: &Path,
    base: u64,
) -> Result<String> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len()),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => {
            let at = read - usize::from(bad) - usize::from(after);
            Err(Error::byte(
                path,
                base + at as u64,
                format!("not valid {} (pass the file's --encoding)", enc.name()),
            ))
        }
        DecoderResult::OutputFull => unreachable!("the buffer holds the longest output"),
    }
}

/// `reader` buffered, as UTF-8 when it starts with a UTF-16 byte-order mark (see
/// [`Utf16Reader`]); the flag says whether it did.
pub fn buffered<R: Read + Send + 'static>(
    reader: R,
) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
    let mut r = BufReader::with_capacity(1 << 16, reader);
    if is_utf16(r.fill_buf()?) {
        let utf8 = BufReader::with_capacity(1 << 16, Utf16Reader::new(r));
        return Ok((Box::new(utf8), true));
    }
    Ok((Box::new(r), false))
}

/// [`buffered`] for a stream that is already buffered: no second buffer unless it is
/// UTF-16.
pub fn buffered_bufread(
    mut reader: Box<dyn BufRead + Send>,
) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
    if is_utf16(reader.fill_buf()?) {
        let utf8 = BufReader::with_capacity(1 << 16, Utf16Reader::new(reader));
        return Ok((Box::new(utf8), true));
    }
    Ok((reader, false))
}

/// Reads a stream that starts with a UTF-16 byte-order mark as UTF-8 (for JSONL, whose
/// lines are found by their `\n` byte). Byte offsets in later messages count the UTF-8
/// bytes; an unpaired surrogate is a read error naming the byte of the original.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    read: u64,
    output: Vec<u8>,
    out_start: usize,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Transcodes `inner`, whose first bytes are a UTF-16 byte-order mark (dropped).
    pub fn new(inner: R) -> Self {
        Utf16Reader {
            inner,
            // BOM sniffing: the decoder becomes UTF-16LE or UTF-16BE by the mark.
            decoder: encoding_rs::UTF_16LE.new_decoder(),
            input: vec![0; 1 << 16],
            start: 0,
            end: 0,
            read: 0,
            output: Vec::new(),
            out_start: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.output.len() {
                let n = buf.len().min(self.output.len() - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.start == self.end {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
            }
            let last = self.end == 0;
            let input = &self.input[self.start..self.end];
            self.output.clear();
            self.out_start = 0;
            self.output.resize(
                self.decoder
                    .max_utf8_buffer_length_without_replacement(input.len())
                    .unwrap_or(input.len() * 3 + 16),
                0,
            );
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(input, &mut self.output, last);
            self.output.truncate(written);
            self.start += read;
            self.read += read as u64;
            match result {
                DecoderResult::InputEmpty => self.done = last,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, after) => {
                    let at = self.read - u64::from(bad) - u64::from(after);
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("byte {at}: not valid UTF-16"),
                    ));
                }
            }
        }
    }
}

/// `text` as UTF-16 behind its byte-order mark (for tests).
#[cfg(test)]
pub(crate) fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut b = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for u in text.encode_utf16() {
        b.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_reads_windows_1252() {
        let s = Encoding::Latin1
            .decode(b"caf\xe9 \x93quoted\x94 \x85 \x80", Path::new("f"), 0)
            .unwrap();
        assert_eq!(s, "café “quoted” … €");
    }

    #[test]
    fn utf8_error_names_the_byte_and_suggests_latin1() {
        let err = Encoding::Utf8
            .decode(b"ok \xe9", Path::new("rt.neg"), 100)
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("rt.neg: byte 103: not valid UTF-8"),
            "{msg}"
        );
        assert!(msg.contains("--encoding latin1"));
        assert_eq!(
            Encoding::Utf8
                .decode("\u{feff}x".as_bytes(), Path::new("f"), 0)
                .unwrap(),
            "x"
        );
    }

    #[test]
    fn a_utf16_byte_order_mark_is_sniffed_whatever_the_encoding_asked() {
        let text = "NATO’s role in Asia\n北约\n";
        for be in [false, true] {
            for enc in [Encoding::Utf8, Encoding::Latin1, Encoding::Gbk] {
                let got = enc.decode(&utf16(text, be), Path::new("f"), 0).unwrap();
                assert_eq!(got, text, "{enc:?}, big endian {be}");
            }
        }
        let mut bad = utf16("ab", false);
        bad.extend([0x00, 0xd8, b'c', 0]);
        let err = Encoding::Utf8
            .decode(&bad, Path::new("f.txt"), 0)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("f.txt: byte 6: not valid UTF-16LE"),
            "{err}"
        );
    }

    #[test]
    fn asian_encodings_decode_and_name_the_bad_byte() {
        let cases: [(Encoding, &[u8], &str); 4] = [
            (Encoding::Gbk, b"\xb1\xb1\xd4\xbc NATO", "北约 NATO"),
            (Encoding::Big5, b"\xa5\x5f\xac\xf9", "北約"),
            (
                Encoding::ShiftJis,
                b"\x96\x6b\x91\xe5\x90\xbc\x97\x6d",
                "北大西洋",
            ),
            (Encoding::EucKr, b"\xb3\xaa\xc5\xe4", "나토"),
        ];
        for (enc, bytes, want) in cases {
            assert_eq!(
                enc.decode(bytes, Path::new("f"), 0).unwrap(),
                want,
                "{enc:?}"
            );
        }
        let err = Encoding::ShiftJis
            .decode(b"ok \x81", Path::new("a.txt"), 10)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a.txt: byte 13: not valid Shift_JIS"),
            "{err}"
        );
    }

    #[test]
    fn utf16_streams_are_read_as_utf8() {
        let text = "{\"text\":\"北约 one\"}\n{\"text\":\"two\"}\n".repeat(5000);
        for be in [false, true] {
            let mut out = String::new();
            Utf16Reader::new(&utf16(&text, be)[..])
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text);
        }
        let mut bad = utf16("ab", false);
        bad.extend([0x00, 0xdc]);
        let err = Utf16Reader::new(&bad[..])
            .read_to_string(&mut String::new())
            .unwrap_err();
        assert_eq!(err.to_string(), "byte 6: not valid UTF-16");
    }
}
