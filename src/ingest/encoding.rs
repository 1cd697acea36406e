//! Text encodings of input files. UTF-8 is the default and anything else in a UTF-8 file is
//! an error naming the byte; `latin1` reads single-byte Western text the way browsers do
//! (the WHATWG `latin1` label means Windows-1252: 0x80–0x9F are `€ ‚ ƒ „ … † ‡ …`).

use std::path::Path;

use crate::error::{Error, Result};

/// How to decode input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8; a byte-order mark is dropped.
    #[default]
    Utf8,
    /// ISO-8859-1 / Windows-1252 (every byte is a character).
    Latin1,
}

/// Windows-1252 characters for bytes 0x80–0x9F (undefined bytes map to the C1 control
/// with the same number, as in WHATWG).
const CP1252_HIGH: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

impl Encoding {
    /// Decodes `bytes` of `path`; `base` is the byte offset of `bytes` in the file, for
    /// messages.
    pub fn decode(self, bytes: &[u8], path: &Path, base: u64) -> Result<String> {
        match self {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.strip_prefix('\u{feff}').unwrap_or(s).to_string()),
                Err(e) => Err(Error::byte(
                    path,
                    base + e.valid_up_to() as u64,
                    "not valid UTF-8 (convert the file, or pass --encoding latin1 if it is Latin-1 / Windows-1252)",
                )),
            },
            Encoding::Latin1 => Ok(bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9f => CP1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                })
                .collect()),
        }
    }
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
}
