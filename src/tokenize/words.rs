//! Word splitter: the first stage of the tokenizer.
//!
//! A word is a maximal run of Unicode letters and digits (`char::is_alphanumeric`),
//! joined across an apostrophe (`'` or U+2019) that sits between two such characters:
//! `don't` and `NATO’s` are one word each, `'quoted'` gives `quoted`. This matches the
//! scikit-learn peer's pattern `\w+(?:['’]\w+)*` except that `_` is not a word character.

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

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        // Skip to the first word character.
        let start = loop {
            if i >= bytes.len() {
                self.pos = i;
                return None;
            }
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let c = self.text[i..].chars().next().expect("char boundary");
                if c.is_alphanumeric() {
                    break i;
                }
                i += c.len_utf8();
            }
        };
        let mut end = start;
        let mut rest = self.text[start..].char_indices().peekable();
        while let Some((off, c)) = rest.next() {
            if is_word_char(c) {
                end = start + off + c.len_utf8();
            } else if is_apostrophe(c) && rest.peek().is_some_and(|&(_, n)| is_word_char(n)) {
                continue;
            } else {
                break;
            }
        }
        self.pos = end;
        Some((start, &self.text[start..end]))
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
    fn empty_and_punctuation_only() {
        assert!(w("").is_empty());
        assert!(w(" -- ... ’ ' ").is_empty());
    }
}
