//! Text helpers shared by several layers (a leaf: it uses no other module of the crate):
//! word normalisation, byte-level letter runs, the quoted share of a paragraph, a
//! paragraph's identity for de-duplication, excerpts for messages and tables, and the FNV-1a
//! hash.

/// Lower-cases `token` in place (full Unicode, like Python's `str.lower`; ASCII tokens take a
/// fast path).
#[inline]
pub fn lowercase_in_place(token: &mut String) {
    if token.is_ascii() {
        token.make_ascii_lowercase();
    } else {
        *token = token.to_lowercase();
    }
}

/// Replaces every typographic apostrophe U+2019 of `token` with `'`.
#[inline]
pub fn plain_apostrophes_in_place(token: &mut String) {
    if !token.is_ascii() && token.contains('\u{2019}') {
        *token = token.replace('\u{2019}', "'");
    }
}

/// Normalises a word in place as the tokenizer does before stop words and stemming:
/// lower case, and `’` made `'`.
#[inline]
pub fn normalize_word_in_place(token: &mut String) {
    lowercase_in_place(token);
    plain_apostrophes_in_place(token);
}

/// `word` normalised as by [`normalize_word_in_place`].
pub fn normalize_word(word: &str) -> String {
    let mut t = word.to_string();
    normalize_word_in_place(&mut t);
    t
}

/// Appends `word`, normalised as by [`normalize_word_in_place`], to `out`.
#[inline]
pub fn push_normalized_word(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&normalize_word(word));
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is an ASCII letter (eight bytes at once: each
/// byte's range test is an addition that cannot carry into the next byte).
#[inline]
fn letter_bytes(x: u64) -> u64 {
    let v = x & !HIGH;
    let y = v | (0x20 * ONES);
    let letter = (y + (0x80 - 0x61) * ONES) & !(y + (0x7f - 0x7a) * ONES);
    letter & !x & HIGH
}

/// The high bit of each byte of `x` that is an ASCII letter or digit.
#[inline]
fn alnum_bytes(x: u64) -> u64 {
    let v = x & !HIGH;
    let digit = (v + (0x80 - 0x30) * ONES) & !(v + (0x7f - 0x39) * ONES);
    letter_bytes(x) | (digit & !x & HIGH)
}

/// The end of the run of bytes from `i` that `test` accepts, eight at a time.
#[inline]
fn run_end(bytes: &[u8], mut i: usize, test: fn(u64) -> u64, scalar: fn(&u8) -> bool) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let m = test(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        if m != HIGH {
            return i + ((!m & HIGH).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && scalar(&bytes[i]) {
        i += 1;
    }
    i
}

/// The end of the run of ASCII letters and digits that starts at byte `i`.
#[inline]
pub fn alnum_run_end(bytes: &[u8], i: usize) -> usize {
    run_end(bytes, i, alnum_bytes, u8::is_ascii_alphanumeric)
}

/// The end of the run of ASCII letters that starts at byte `i`.
#[inline]
pub fn letter_run_end(bytes: &[u8], i: usize) -> usize {
    run_end(bytes, i, letter_bytes, u8::is_ascii_alphabetic)
}

/// The share of `text`'s letters that stand inside double quotes (`"…"` or `“…”`); an
/// unclosed quote runs to the end, as quotes continued into the next paragraph do.
pub fn quoted_share(text: &str) -> f64 {
    // Three memchr-backed searches: most paragraphs have no quotes at all.
    if !(text.contains('"') || text.contains('\u{201c}') || text.contains('\u{201d}')) {
        return 0.0;
    }
    let (mut inside, mut quoted, mut letters) = (false, 0usize, 0usize);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b == b'"' {
                inside = !inside;
            } else if b.is_ascii_alphabetic() {
                letters += 1;
                quoted += usize::from(inside);
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        match c {
            '\u{201c}' => inside = true,
            '\u{201d}' => inside = false,
            c if c.is_alphabetic() => {
                letters += 1;
                quoted += usize::from(inside);
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    if letters == 0 {
        0.0
    } else {
        quoted as f64 / letters as f64
    }
}

/// The identity of a paragraph for de-duplication: lower case, one space between words,
/// typographic quotes and apostrophes made plain.
pub fn paragraph_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' => out.push('\''),
                '\u{201c}' | '\u{201d}' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// The first `n` characters of `s`, followed by `…` when there were more.
pub fn excerpt(s: &str, n: usize) -> String {
    let t: String = s.chars().take(n).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// `s` cut to at most `n` characters, the last of them `…` when it was cut (for columns).
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The 64-bit FNV-1a hash, fed piece by piece: a stable hash that does not change between
/// versions or runs (unlike `std`'s).
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// Feeds `bytes`.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    }

    /// The hash of everything fed so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The FNV-1a hash of `s`.
pub fn fnv1a(s: &str) -> u64 {
    let mut h = Fnv1a::default();
    h.write(s.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_with_plain_apostrophes() {
        assert_eq!(normalize_word("NATO’s"), "nato's");
        assert_eq!(normalize_word("ÜBER"), "über");
        assert_eq!(normalize_word("ΟΔΟΣ"), "οδος");
        for w in ["Editor’s", "ASCII", "Ünïcödé’s", "ΟΔΟΣ"] {
            let mut out = String::from("x ");
            push_normalized_word(&mut out, w);
            assert_eq!(out, format!("x {}", normalize_word(w)));
        }
    }

    #[test]
    fn runs_of_eight_bytes_at_a_time_match_byte_by_byte() {
        let all: Vec<u8> = (0..=255u8).collect();
        for start in 0..all.len() {
            for len in 0..12.min(all.len() - start) {
                let s = &all[start..start + len];
                let alnum = s
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(len);
                let alpha = s
                    .iter()
                    .position(|b| !b.is_ascii_alphabetic())
                    .unwrap_or(len);
                assert_eq!(alnum_run_end(s, 0), alnum, "{s:?}");
                assert_eq!(letter_run_end(s, 0), alpha, "{s:?}");
            }
        }
        let mut t = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".to_vec();
        assert_eq!(alnum_run_end(&t, 0), t.len());
        assert_eq!(letter_run_end(&t, 0), 52);
        for bad in [
            b'@', b'[', b'`', b'{', b'/', b':', b'\'', 0x80, 0xc3, 0xff, 0,
        ] {
            for at in [0, 7, 8, 9, 15, 16, 40] {
                let saved = t[at];
                t[at] = bad;
                assert_eq!(alnum_run_end(&t, 0), at);
                assert_eq!(letter_run_end(&t, 0), at.min(52));
                t[at] = saved;
            }
        }
    }

    #[test]
    fn quoted_share_by_hand() {
        assert_eq!(quoted_share("no quotes here"), 0.0);
        // 6 letters out of 14 inside quotes.
        assert!((quoted_share("He said \"abcdef\" ok") - 6.0 / 14.0).abs() < 1e-12);
        assert!((quoted_share("\u{201c}Yes\u{201d}, he said") - 3.0 / 9.0).abs() < 1e-12);
        // An unclosed quote runs to the end of the paragraph.
        assert!((quoted_share("He said: \u{201c}we will go on") - 10.0 / 16.0).abs() < 1e-12);
        assert_eq!(quoted_share("\"\""), 0.0);
        // Non-ASCII letters count like ASCII ones.
        assert!((quoted_share("“Ünïcödé” ab") - 7.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn normalisation_ignores_case_spacing_and_typographic_quotes() {
        assert_eq!(
            paragraph_key("NATO’s  “role”\nin Asia"),
            paragraph_key("nato's \"role\" in asia")
        );
        assert_ne!(paragraph_key("NATO role"), paragraph_key("NATO roles"));
    }

    #[test]
    fn excerpts_and_shortened_cells() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "abc…");
        assert_eq!(excerpt("ünï", 2), "ün…");
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten("abcd", 0), "…");
    }

    #[test]
    fn fnv1a_reference_values_and_pieces() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        let mut h = Fnv1a::default();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv1a("foobar"));
    }
}
