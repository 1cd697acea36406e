//! Character n-grams inside word boundaries (scikit-learn's `char_wb` analyzer): each word
//! is padded with one space on both sides and cut into n-grams; a padded word shorter than
//! n gives itself once. Features carry the prefix [`PREFIX`] so they never collide with
//! word features.

/// Marks a character n-gram feature (word features never contain `:`).
pub const PREFIX: &str = "c:";

/// Calls `emit` for every character n-gram (`lo <= n <= hi`) of the padded `word`.
pub fn char_ngrams(
    word: &str,
    (lo, hi): (usize, usize),
    buf: &mut String,
    mut emit: impl FnMut(&str),
) {
    // Byte offsets of each char boundary of " word ".
    let mut bounds: Vec<usize> = Vec::with_capacity(word.len() + 3);
    bounds.push(0);
    bounds.push(1);
    for (i, c) in word.char_indices() {
        bounds.push(1 + i + c.len_utf8());
    }
    bounds.push(word.len() + 2);
    debug_assert!(!word.is_empty());
    let padded_chars = bounds.len() - 1;
    let mut padded = String::with_capacity(word.len() + 2);
    padded.push(' ');
    padded.push_str(word);
    padded.push(' ');
    for n in lo..=hi {
        if padded_chars <= n {
            // The whole padded word is shorter than (or as long as) n: emit it once, then stop.
            buf.clear();
            buf.push_str(PREFIX);
            buf.push_str(&padded);
            emit(buf);
            break;
        }
        for start in 0..=padded_chars - n {
            buf.clear();
            buf.push_str(PREFIX);
            buf.push_str(&padded[bounds[start]..bounds[start + n]]);
            emit(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(word: &str, range: (usize, usize)) -> Vec<String> {
        let mut out = Vec::new();
        char_ngrams(word, range, &mut String::new(), |g| {
            out.push(g.strip_prefix(PREFIX).unwrap().to_string())
        });
        out
    }

    #[test]
    fn padded_trigrams() {
        assert_eq!(grams("nato", (3, 3)), [" na", "nat", "ato", "to "]);
    }

    #[test]
    fn two_to_three() {
        assert_eq!(grams("eu", (2, 3)), [" e", "eu", "u ", " eu", "eu "]);
    }

    #[test]
    fn short_word_counted_once() {
        // " a " has 3 chars: n = 3 gives it once and longer n are skipped.
        assert_eq!(grams("a", (2, 5)), [" a", "a ", " a "]);
    }

    #[test]
    fn multibyte_characters() {
        assert_eq!(grams("北约", (2, 2)), [" 北", "北约", "约 "]);
    }
}
