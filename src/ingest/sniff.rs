//! What a file's first bytes say it is: a compressed stream standpoint opens itself (gzip,
//! zstd), or a kind of file that holds no text to read (PDF, Office documents, images,
//! other archives), whatever its name.

/// How many leading bytes [`sniff`] looks at (a tar header's magic is at 257).
pub const HEAD_BYTES: usize = 264;

/// A compression standpoint decompresses while it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// gzip (`.gz`), members concatenated as `cat a.gz b.gz` makes them.
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

impl Codec {
    /// The codec's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }
}

/// A kind of file that is not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotText {
    /// A PDF document.
    Pdf,
    /// A zip container: Word, Excel, PowerPoint, OpenDocument, EPUB, or a plain zip.
    Zip,
    /// An OLE2 compound file: Word, Excel or PowerPoint 97–2003.
    OldOffice,
    /// Rich Text Format.
    Rtf,
    /// An image.
    Image,
    /// An archive or compression standpoint does not open (7z, RAR, xz, bzip2, tar).
    Archive,
}

impl NotText {
    /// What the file is, in a few words.
    pub fn name(self) -> &'static str {
        match self {
            NotText::Pdf => "PDF",
            NotText::Zip => "Office document or zip archive",
            NotText::OldOffice => "Word/Excel/PowerPoint 97-2003 file",
            NotText::Rtf => "RTF document",
            NotText::Image => "image",
            NotText::Archive => "archive",
        }
    }

    /// Its name after `a` or `an`.
    pub fn with_article(self) -> String {
        let name = self.name();
        let an = name.starts_with(['A', 'E', 'I', 'O', 'U', 'R', 'a', 'e', 'i', 'o', 'u']);
        format!("{} {name}", if an { "an" } else { "a" })
    }

    /// How to turn it into something standpoint reads.
    pub fn advice(self) -> &'static str {
        match self {
            NotText::Pdf => "convert it to text first, e.g. `pdftotext -layout FILE.pdf FILE.txt`",
            NotText::Zip => {
                "save a document as plain text or HTML (`pandoc FILE.docx -t plain -o FILE.txt`), \
                 a spreadsheet as CSV, or unpack a zip archive and pass its folder"
            }
            NotText::OldOffice => {
                "save it as text or CSV, e.g. `libreoffice --headless --convert-to txt FILE.doc`"
            }
            NotText::Rtf => "save it as plain text, e.g. `pandoc FILE.rtf -t plain -o FILE.txt`",
            NotText::Image => {
                "an image holds no text to score; run OCR first (`tesseract FILE out`)"
            }
            NotText::Archive => {
                "unpack it and pass the folder (standpoint opens .gz and .zst files itself)"
            }
        }
    }

    /// The kind a file's extension names, for files a directory walk passes over unread.
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext {
            "pdf" => NotText::Pdf,
            "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" | "epub" | "zip" | "pages" => {
                NotText::Zip
            }
            "doc" | "xls" | "ppt" => NotText::OldOffice,
            "rtf" => NotText::Rtf,
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "tif" | "tiff" | "bmp" | "heic" => {
                NotText::Image
            }
            "7z" | "rar" | "xz" | "bz2" | "tar" | "tgz" => NotText::Archive,
            _ => return None,
        })
    }
}

/// What the first bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Nothing known: read as text (encoding checks still apply).
    Text,
    /// A compressed stream to open.
    Compressed(Codec),
    /// Not text.
    NotText(NotText),
}

/// Classifies `head`, the first (up to [`HEAD_BYTES`]) bytes of a file, by magic numbers.
pub fn sniff(head: &[u8]) -> Sniffed {
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(&[0x1f, 0x8b]) {
        return Sniffed::Compressed(Codec::Gzip);
    }
    if starts(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Sniffed::Compressed(Codec::Zstd);
    }
    let kind = if starts(b"%PDF-") {
        NotText::Pdf
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        NotText::Zip
    } else if starts(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        NotText::OldOffice
    } else if starts(b"{\\rtf") {
        NotText::Rtf
    } else if starts(b"\x89PNG\r\n\x1a\n")
        || starts(&[0xff, 0xd8, 0xff])
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || (starts(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || starts(b"II*\0")
        || starts(b"MM\0*")
    {
        NotText::Image
    } else if starts(b"7z\xbc\xaf\x27\x1c")
        || starts(b"Rar!\x1a\x07")
        || starts(&[0xfd, b'7', b'z', b'X', b'Z', 0])
        || (starts(b"BZh") && head.get(4..10) == Some(&[0x31, 0x41, 0x59, 0x26, 0x53, 0x59]))
        || head.get(257..262) == Some(b"ustar")
    {
        NotText::Archive
    } else {
        return Sniffed::Text;
    };
    Sniffed::NotText(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_name_the_kind_and_text_is_text() {
        assert_eq!(
            sniff(b"%PDF-1.7\n1 0 obj<</Type/Catalog>>"),
            Sniffed::NotText(NotText::Pdf)
        );
        assert_eq!(
            sniff(b"PK\x03\x04\x14\0\x06\0"),
            Sniffed::NotText(NotText::Zip)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Sniffed::NotText(NotText::Image)
        );
        assert_eq!(
            sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Sniffed::NotText(NotText::Image)
        );
        let mut tar = vec![b'a'; 300];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(sniff(&tar), Sniffed::NotText(NotText::Archive));
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Sniffed::Compressed(Codec::Gzip));
        assert_eq!(
            sniff(&[0x28, 0xb5, 0x2f, 0xfd]),
            Sniffed::Compressed(Codec::Zstd)
        );
        // Text that merely starts like a magic number is text.
        for text in [
            &b"PK is the party's initials."[..],
            b"BZh, said the bee.",
            b"MM, an acronym",
            b"{\"text\":\"x\"}",
            b"",
        ] {
            assert_eq!(
                sniff(text),
                Sniffed::Text,
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
