//! Word n-grams: consecutive tokens joined by one space, as scikit-learn builds them
//! (all unigrams first, then bigrams, …), over the tokens left after stop words.

/// Calls `emit` for every n-gram of `tokens` with `lo <= n <= hi`; `buf` is scratch space.
pub fn word_ngrams<S: AsRef<str>>(
    tokens: &[S],
    (lo, hi): (usize, usize),
    buf: &mut String,
    mut emit: impl FnMut(&str),
) {
    for n in lo..=hi.min(tokens.len()) {
        for window in tokens.windows(n) {
            if n == 1 {
                emit(window[0].as_ref());
                continue;
            }
            buf.clear();
            for (i, t) in window.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(t.as_ref());
            }
            emit(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(tokens: &[&str], range: (usize, usize)) -> Vec<String> {
        let mut out = Vec::new();
        word_ngrams(tokens, range, &mut String::new(), |g| {
            out.push(g.to_string())
        });
        out
    }

    #[test]
    fn unigrams_then_bigrams() {
        assert_eq!(
            grams(&["nato", "come", "to", "asia"], (1, 2)),
            [
                "nato",
                "come",
                "to",
                "asia",
                "nato come",
                "come to",
                "to asia"
            ]
        );
    }

    #[test]
    fn bigrams_and_trigrams_only() {
        assert_eq!(
            grams(&["asian", "nato", "fear"], (2, 3)),
            ["asian nato", "nato fear", "asian nato fear"]
        );
    }

    #[test]
    fn fewer_tokens_than_n() {
        assert_eq!(grams(&["nato"], (1, 3)), ["nato"]);
        assert!(grams(&[], (1, 2)).is_empty());
    }
}
