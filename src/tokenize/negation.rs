//! Negation filter: the words that follow a negator, up to a scope or the next clause
//! punctuation, get the prefix [`PREFIX`] — `not good` gives `not`, `not_good` — so that a
//! negated word is a different feature from the plain one (Das & Chen 2001; Pang, Lee &
//! Vaithyanathan 2002). Negators: `not no never nothing nobody none nor neither cannot
//! without` and any word ending in `n't`, tested on the lower-cased, unstemmed word.

/// Marks a negated word (word tokens never contain `_`).
pub const PREFIX: &str = "not_";

/// Whether `word` (lower-cased, `'` apostrophes) negates what follows.
pub fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "nothing"
            | "nobody"
            | "none"
            | "nor"
            | "neither"
            | "cannot"
            | "without"
    ) || word.ends_with("n't")
}

/// Whether the text between two words ends a clause (`.,;:!?`).
pub fn is_clause_break(gap: &str) -> bool {
    gap.bytes()
        .any(|b| matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?'))
}

/// Tracks how many of the next words are negated.
#[derive(Debug, Clone)]
pub struct Negation {
    scope: usize,
    remaining: usize,
}

impl Negation {
    /// Marks at most `scope` words after each negator.
    pub fn new(scope: usize) -> Self {
        Negation {
            scope,
            remaining: 0,
        }
    }

    /// Ends the current clause: no later word is negated by an earlier negator.
    pub fn clause_break(&mut self) {
        self.remaining = 0;
    }

    /// Steps past one word: `marked` says whether that word is in a negated scope; a
    /// negator opens a new scope for the words after it.
    pub fn next_word(&mut self, word_is_negator: bool) -> bool {
        let marked = self.remaining > 0;
        if word_is_negator {
            self.remaining = self.scope;
        } else if self.remaining > 0 {
            self.remaining -= 1;
        }
        marked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(words: &[&str], scope: usize) -> Vec<String> {
        let mut n = Negation::new(scope);
        words
            .iter()
            .map(|w| {
                if *w == "," {
                    n.clause_break();
                    return ",".to_string();
                }
                if n.next_word(is_negator(w)) {
                    format!("{PREFIX}{w}")
                } else {
                    w.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn marks_a_few_words_after_a_negator() {
        assert_eq!(
            mark(&["it", "is", "not", "a", "good", "film", "at", "all"], 3),
            ["it", "is", "not", "not_a", "not_good", "not_film", "at", "all"]
        );
    }

    #[test]
    fn punctuation_ends_the_scope_and_contractions_negate() {
        assert_eq!(
            mark(&["does", "n't", "work", ",", "sadly"], 3),
            ["does", "n't", "not_work", ",", "sadly"]
        );
        assert_eq!(mark(&["isn't", "bad"], 2), ["isn't", "not_bad"]);
    }

    #[test]
    fn a_second_negator_restarts_the_scope() {
        assert_eq!(
            mark(&["never", "no", "fun"], 1),
            ["never", "not_no", "not_fun"]
        );
    }
}
