//! Apostrophe filter: maps the typographic apostrophe U+2019 to `'`.
//!
//! The Snowball stemmer only knows `'`: without this, `nato’s` would keep its
//! possessive while `nato's` loses it.

use super::TokenFilter;

/// Replaces every U+2019 in a token with `'`.
#[derive(Debug, Clone, Default)]
pub struct Apostrophe;

impl TokenFilter for Apostrophe {
    fn apply(&mut self, token: &mut String) -> bool {
        crate::text::plain_apostrophes_in_place(token);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_becomes_straight() {
        let mut t = "nato’s".to_string();
        Apostrophe.apply(&mut t);
        assert_eq!(t, "nato's");
        let mut t = "don't".to_string();
        Apostrophe.apply(&mut t);
        assert_eq!(t, "don't");
    }
}
