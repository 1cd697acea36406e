//! Word splitter: the first stage of the tokenizer.
//!
//! A word is a maximal run of Unicode letters and digits (`char::is_alphanumeric`),
//! joined across an apostrophe (`'` or U+2019) that sits between two such characters:
//! `don't` and `NATO’s` are one word each, `'quoted'` gives `quoted`. This matches the
//! scikit-learn peer's pattern `\w+(?:['’]\w+)*` except that `_` is not a word character.

use crate::text::alnum_run_end;

/// Iterator over the words of a text, as `(byte offset, word)` pairs.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// The words of `text`, in order, with their byte offsets.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Whether `c` can be part of a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Whether `c` joins two word parts (`'` or the typographic U+2019).
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// ASCII letters and digits, by byte.
const ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The word character starting at byte `i`, and its length; `None` if it is not one.
#[inline]
fn word_char_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return ALNUM[b as usize].then_some(1);
    }
    let c = text[i..].chars().next().expect("char boundary");
    c.is_alphanumeric().then(|| c.len_utf8())
}

/// The length of the (non-word) character starting at byte `i`.
#[inline]
fn char_len_at(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b if b < 0x80 => 1,
        b if b >= 0xf0 => 4,
        b if b >= 0xe0 => 3,
        _ => 2,
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut i = self.pos;
        // Skip to the first word character.
        loop {
            if i >= n {
                self.pos = n;
                return None;
            }
            if bytes[i] < 0x80 {
                if ALNUM[bytes[i] as usize] {
                    break;
                }
                i += 1;
                continue;
            }
            match word_char_at(text, i) {
                Some(_) => break,
                None => i += char_len_at(text, i),
            }
        }
        let start = i;
        loop {
            // A run of ASCII letters and digits, the common case.
            i = alnum_run_end(bytes, i);
            if i >= n {
                break;
            }
            if bytes[i] < 0x80 && bytes[i] != b'\'' {
                break;
            }
            if let Some(len) = word_char_at(text, i) {
                i += len;
                continue;
            }
            // An apostrophe joins two word parts.
            let apos = match bytes[i] {
                b'\'' => 1,
                0xe2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x99) => 3,
                _ => 0,
            };
            if apos > 0 && i + apos < n && word_char_at(text, i + apos).is_some() {
                i += apos;
                continue;
            }
            break;
        }
        self.pos = i;
        Some((start, &text[start..i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<&str> {
        words(text).map(|(_, w)| w).collect()
    }

    #[test]
    fn splits_on_punctuation_and_space() {
        assert_eq!(
            w("NATO is coming to Asia. Over the past few months,"),
            ["NATO", "is", "coming", "to", "Asia", "Over", "the", "past", "few", "months"]
        );
    }

    #[test]
    fn keeps_internal_apostrophes_straight_and_curly() {
        assert_eq!(
            w("NATO’s allies don't 'quote' rock'n'roll"),
            ["NATO’s", "allies", "don't", "quote", "rock'n'roll"]
        );
    }

    #[test]
    fn apostrophe_at_the_edge_is_not_part_of_the_word() {
        assert_eq!(w("the members’ interests"), ["the", "members", "interests"]);
        assert_eq!(w("’tis"), ["tis"]);
    }

    #[test]
    fn hyphens_dots_and_underscores_split() {
        assert_eq!(
            w("Asia-Pacific U.S. snake_case 2%"),
            ["Asia", "Pacific", "U", "S", "snake", "case", "2"]
        );
    }

    #[test]
    fn letters_and_digits_of_any_script() {
        assert_eq!(
            w("Über 75th 北约 Ελλάδα"),
            ["Über", "75th", "北约", "Ελλάδα"]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "« NATO’s » role";
        for (off, word) in words(text) {
            assert_eq!(&text[off..off + word.len()], word);
        }
        assert_eq!(words(text).map(|(o, _)| o).collect::<Vec<_>>(), [3, 15]);
    }

    #[test]
    fn byte_level_scan_agrees_with_a_char_level_reference() {
        // The definition, char by char: runs of alphanumerics joined by one apostrophe
        // between two of them.
        fn reference(t: &str) -> Vec<&str> {
            let cs: Vec<(usize, char)> = t.char_indices().collect();
            let mut out = Vec::new();
            let mut k = 0;
            while k < cs.len() {
                if !cs[k].1.is_alphanumeric() {
                    k += 1;
                    continue;
                }
                let s = cs[k].0;
                let mut e = k;
                while e + 1 < cs.len()
                    && (cs[e + 1].1.is_alphanumeric()
                        || (is_apostrophe(cs[e + 1].1)
                            && cs.get(e + 2).is_some_and(|c| c.1.is_alphanumeric())))
                {
                    e += if cs[e + 1].1.is_alphanumeric() { 1 } else { 2 };
                }
                let end = cs.get(e + 1).map_or(t.len(), |c| c.0);
                out.push(&t[s..end]);
                k = e + 1;
            }
            out
        }
        let seeds = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/seed_paragraphs.jsonl"
        ))
        .unwrap();
        let long = "Supercalifragilistic’s antidisestablishmentarianism don't1234567890abcdefXYZ’ "
            .repeat(3);
        for t in [
            "NATO’s allies don't 'quote' rock'n'roll",
            "’’a’’b’ c'' 'd' e’",
            "Über 75th 北约 Ελλάδα — “quoted” – x²·y ½ ab́c",
            "trailing apostrophe’",
            "a'’b",
            "",
            long.as_str(),
            seeds.as_str(),
        ] {
            assert_eq!(w(t), reference(t), "{t}");
        }
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(w("").is_empty());
        assert!(w(" -- ... ’ ' ").is_empty());
    }
}
