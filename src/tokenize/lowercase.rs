//! Lower-casing filter (full Unicode, like Python's `str.lower`).

use super::TokenFilter;

/// Lower-cases each token in place; ASCII tokens take a fast path.
#[derive(Debug, Clone, Default)]
pub struct Lowercase;

impl TokenFilter for Lowercase {
    fn apply(&mut self, token: &mut String) -> bool {
        crate::text::lowercase_in_place(token);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> String {
        let mut t = s.to_string();
        assert!(Lowercase.apply(&mut t));
        t
    }

    #[test]
    fn lowercases_ascii_and_unicode() {
        assert_eq!(lower("NATO"), "nato");
        assert_eq!(lower("Stoltenberg’s"), "stoltenberg’s");
        assert_eq!(lower("ÜBER"), "über");
        assert_eq!(lower("ΟΔΟΣ"), "οδος");
    }
}
