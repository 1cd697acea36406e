//! The byte scanner: one pass over a line's bytes gives its word count, its trigger words
//! (so the exact rules can skip ordinary prose without normalising it) and its quoted share.

use crate::text::letter_run_end;

/// Whitespace-separated words of `s`, as `split_whitespace().count()`.
pub(super) fn word_count(s: &str) -> usize {
    scan(s).words
}

/// Which trigger words a line contains, found in the same byte pass that counts its words
/// (see [`scan`]), so the exact rules below can skip ordinary prose without normalising it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Cues {
    /// An `@`.
    pub(super) email: bool,
    /// `contact`.
    pub(super) contact: bool,
    /// `follow`, `subscribe` or `sign`.
    pub(super) follow: bool,
    /// `note` or `disclaimer`.
    pub(super) note: bool,
    /// `necessarily`.
    pub(super) necessarily: bool,
    /// `expressed`.
    pub(super) expressed: bool,
    /// `author`, `authors` or `writer`.
    pub(super) author: bool,
}

impl Cues {
    /// Records the ASCII-letter run `w` if it is a trigger word (any case).
    #[inline]
    fn word(&mut self, w: &[u8]) {
        let is = |t: &[u8]| w.eq_ignore_ascii_case(t);
        match (w.len(), w[0] | 0x20) {
            (4, b'n') if is(b"note") => self.note = true,
            (4, b's') if is(b"sign") => self.follow = true,
            (6, b'a') if is(b"author") => self.author = true,
            (6, b'f') if is(b"follow") => self.follow = true,
            (6, b'w') if is(b"writer") => self.author = true,
            (7, b'a') if is(b"authors") => self.author = true,
            (7, b'c') if is(b"contact") => self.contact = true,
            (9, b's') if is(b"subscribe") => self.follow = true,
            (9, b'e') if is(b"expressed") => self.expressed = true,
            (10, b'd') if is(b"disclaimer") => self.note = true,
            (11, b'n') if is(b"necessarily") => self.necessarily = true,
            _ => {}
        }
    }
}

/// Byte classes for [`scan`].
pub(super) const OTHER: u8 = 0;

pub(super) const ALPHA: u8 = 1;

pub(super) const SPACE: u8 = 2;

/// The lead byte of a multi-byte character: it must be decoded to know whether it is
/// whitespace, a letter or a curly double quote.
pub(super) const MULTI: u8 = 3;

pub(super) const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphabetic() {
            t[b] = ALPHA;
        } else if b >= 0xc0 {
            t[b] = MULTI;
        }
        b += 1;
    }
    let mut b = 9;
    while b <= 13 {
        t[b] = SPACE;
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t
};

/// What one pass over a line's bytes finds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Scan {
    /// Whitespace-separated words, as `split_whitespace().count()`.
    pub(super) words: usize,
    /// Trigger words.
    pub(super) cues: Cues,
    /// Share of letters inside double quotes, as [`crate::text::quoted_share`].
    pub(super) quoted: f64,
}

/// One pass over the bytes of `s`: its word count, its trigger words (runs of ASCII
/// letters) and its quoted share.
pub(super) fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let n = b.len();
    let mut cues = Cues::default();
    let (mut words, mut in_word) = (0, false);
    let (mut inside, mut letters, mut quoted) = (false, 0usize, 0usize);
    let mut i = 0;
    while i < n {
        let c = b[i];
        let space = match CLASS[c as usize] {
            ALPHA => {
                let start = i;
                i = letter_run_end(b, i + 1);
                let len = i - start;
                letters += len;
                if inside {
                    quoted += len;
                }
                if (4..=11).contains(&len) {
                    cues.word(&b[start..i]);
                }
                false
            }
            SPACE => {
                i += 1;
                true
            }
            MULTI => {
                let ch = s[i..].chars().next().expect("char boundary");
                i += ch.len_utf8();
                match ch {
                    '\u{201c}' => inside = true,
                    '\u{201d}' => inside = false,
                    ch if ch.is_alphabetic() => {
                        letters += 1;
                        quoted += usize::from(inside);
                    }
                    _ => {}
                }
                ch.is_whitespace()
            }
            _ => {
                match c {
                    b'@' => cues.email = true,
                    b'"' => inside = !inside,
                    _ => {}
                }
                i += 1;
                false
            }
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    Scan {
        words,
        cues,
        quoted: if letters == 0 {
            0.0
        } else {
            quoted as f64 / letters as f64
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_find_trigger_words_in_any_case() {
        let cues = |s| scan(s).cues;
        assert!(cues("Editor’s NOTE: x").note);
        assert!(cues("DISCLAIMER").note);
        assert!(!cues("notes and nothing").note);
        assert!(cues("Please SIGN UP today").follow);
        assert!(cues("contact").contact);
        assert!(cues("write to desk@example.org").email);
        assert!(cues("(The AUTHOR is a fellow)").author);
        assert!(cues("views éxpressed, not necessarily").necessarily);
        assert!(!cues("views éxpressed").expressed);
        assert_eq!(cues("NATO met in Madrid."), Cues::default());
        assert_eq!(cues("noteworthy signs: Signal"), Cues::default());
    }

    #[test]
    fn scan_finds_the_quoted_share_of_aggregate() {
        let seeds = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/seed_paragraphs.jsonl"
        ))
        .unwrap();
        let mut texts: Vec<String> = seeds
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        texts.extend(
            [
                "He said \"abcdef\" ok",
                "\u{201c}Yes\u{201d}, he said",
                "He said: \u{201c}we will go on",
                "\"\"",
                "“Ünïcödé” ab",
                "ᚠᚢ “ᚦ” 42",
            ]
            .map(String::from),
        );
        assert!(texts.iter().any(|t| crate::text::quoted_share(t) > 0.0));
        for t in &texts {
            assert_eq!(scan(t).quoted, crate::text::quoted_share(t), "{t:?}");
        }
    }

    #[test]
    fn scan_counts_words_like_split_whitespace() {
        for s in [
            "",
            "  ",
            "one",
            " two  words ",
            "tab\tand\nnewline",
            "no\u{a0}break and\u{2003}em\u{3000}ideographic",
            "Ünïcödé wörds — dash’s",
            "\u{85}next\u{2028}line",
            "a\u{200b}b",
        ] {
            assert_eq!(scan(s).words, s.split_whitespace().count(), "{s:?}");
        }
    }
}
