//! The line rules that need no metadata: sentence and clause ends, titles and headings,
//! site furniture, contact lines, disclaimers, author bios and headline lists.

use super::scanner::{word_count, Cues};
use crate::text::push_normalized_word;

/// Last character ignoring closing quotes and brackets.
pub(super) fn last_significant(s: &str) -> Option<char> {
    s.trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '»'))
}

/// Ends like a sentence (`.`, `!`, `?`, `…`), possibly inside closing quotes.
pub(super) fn ends_sentence(s: &str) -> bool {
    matches!(last_significant(s), Some('.' | '!' | '?' | '…'))
}

/// Ends a clause: sentence end or `,;:` — a wrapped line never ends like this.
pub(super) fn ends_clause(s: &str) -> bool {
    ends_sentence(s) || matches!(last_significant(s), Some(',' | ';' | ':'))
}

/// Short, and does not end like a sentence or clause (`!` and `?` are allowed).
pub(super) fn is_title_like(s: &str) -> bool {
    // Cheapest tests first: most lines are prose that ends with a full stop.
    !matches!(last_significant(s), Some('.' | ',' | ';' | ':' | '…'))
        && s.len() <= 1000
        && s.chars().count() <= 250
        && (1..=25).contains(&word_count(s))
}

/// ALL-CAPS with at least two letters.
pub(super) fn is_heading(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2 && word_count(s) <= 12
}

/// Lower-cased letters-and-spaces form, for matching phrases.
pub(super) fn normalized(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        push_normalized_word(&mut out, w);
    }
    out
}

/// Navigation and site furniture; returns `Some(true)` for a "related" heading (what
/// follows is a list of headlines).
pub(super) fn furniture(s: &str) -> Option<bool> {
    const PHRASES: [&str; 40] = [
        "download",
        "search trends",
        "trending",
        "trending now",
        "related",
        "related news",
        "related articles",
        "related stories",
        "related content",
        "more stories",
        "continue",
        "continue reading",
        "read more",
        "read more here",
        "read the full story",
        "share",
        "share this",
        "share this article",
        "print",
        "comments",
        "comment",
        "advertisement",
        "subscribe",
        "sign up",
        "log in",
        "login",
        "follow us",
        "most popular",
        "most read",
        "tags",
        "back to top",
        "next article",
        "previous article",
        "click here",
        "watch",
        "listen",
        "menu",
        "home",
        "top stories",
        "you may also like",
    ];
    if s.len() > 80 || word_count(s) > 6 {
        return None;
    }
    let n = normalized(s);
    if n.is_empty() {
        return Some(false);
    }
    if PHRASES.contains(&n.as_str()) {
        // Headings after which a list of headlines follows.
        let list = n.starts_with("related")
            || n.starts_with("more ")
            || n.starts_with("most ")
            || n.starts_with("trending")
            || n == "top stories"
            || n == "you may also like";
        return Some(list);
    }
    // "Continue...", "More…" and the like: one or two words trailing off.
    let trimmed = s.trim_end();
    if word_count(s) <= 2 && (trimmed.ends_with("...") || trimmed.ends_with('…')) {
        return Some(false);
    }
    if n.starts_with("read more") || n.starts_with("copyright") || s.starts_with('©') {
        return Some(false);
    }
    None
}

/// Has an e-mail address (`x@y.z`).
pub(super) fn has_email(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((user, host)) => !user.is_empty() && host.contains('.') && !host.starts_with('.'),
            None => false,
        }
    })
}

/// The start of [`normalized`]`(s)`, enough to test prefixes of up to 20 bytes.
pub(super) fn normalized_head(s: &str) -> String {
    let mut cut = s.len().min(64);
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    let head = normalized(&s[..cut]);
    if head.len() >= 20 || cut == s.len() {
        head
    } else {
        normalized(s)
    }
}

pub(super) fn is_contact(s: &str, words: usize, cues: Cues) -> bool {
    if !(cues.email || cues.contact || cues.follow) || words > 40 {
        return false;
    }
    if cues.email && has_email(s) {
        return true;
    }
    if cues.contact && normalized(s).contains("contact us") {
        return true;
    }
    if cues.follow {
        let n = normalized_head(s);
        return n.starts_with("follow us")
            || n.starts_with("subscribe to")
            || n.starts_with("sign up for");
    }
    false
}

pub(super) fn is_disclaimer(s: &str, cues: Cues) -> bool {
    if cues.note {
        let n = normalized_head(s);
        if n.starts_with("editor's note")
            || n.starts_with("editors' note")
            || n.starts_with("editors note")
            || n.starts_with("disclaimer")
        {
            return true;
        }
    }
    if !(cues.necessarily || cues.expressed) {
        return false;
    }
    let n = normalized(s);
    n.contains("do not necessarily reflect")
        || n.contains("does not necessarily reflect")
        || n.contains("do not necessarily represent")
        || (n.contains("views expressed") && n.contains("author"))
        || (n.contains("opinions expressed") && n.contains("author"))
}

pub(super) fn is_author_bio(s: &str, words: usize, cues: Cues) -> bool {
    if !cues.author || words > 60 {
        return false;
    }
    // With the cue, a parenthesized line always names an author or writer.
    if s.starts_with('(') && s.trim_end().ends_with(')') {
        return true;
    }
    let n = normalized_head(s);
    [
        "the author is",
        "the author was",
        "the writer is",
        "the authors are",
        "the writer was",
    ]
    .iter()
    .any(|p| n.starts_with(p))
}

/// A line that contains two or more of the page's headlines.
pub(super) fn is_headline_list(s: &str, headlines: &[&str]) -> bool {
    if headlines.len() < 2 || !(s.contains(',') || s.contains('|') || s.contains('•')) {
        return false;
    }
    headlines
        .iter()
        .filter(|h| h.len() < s.len() && s.contains(**h))
        .take(2)
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_head_is_a_prefix_of_normalized() {
        let long = "Editor’s   note: — ".repeat(10);
        for s in [
            "Follow us",
            long.as_str(),
            "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((( a b",
        ] {
            assert!(normalized(s).starts_with(&normalized_head(s)), "{s:?}");
            assert!(normalized_head(s).len() >= 20.min(normalized(s).len()));
        }
    }
}
