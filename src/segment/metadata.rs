//! Metadata lines: `Source` / `Xinhua` key–value pairs, `Role: Name` credits and `By …`
//! bylines, and how what they name is recorded on the segmented article.

use super::dates::find_date;
use super::rules::{ends_sentence, normalized};
use super::scanner::word_count;
use super::segmenter::Segmented;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MetaKey {
    Source,
    Author,
    Date,
    Other,
}

pub(super) fn meta_key(name: &str) -> Option<MetaKey> {
    Some(match name {
        "source" | "from" | "publisher" => MetaKey::Source,
        "author" | "authors" | "writer" | "reporter" | "correspondent" | "scriptwriter"
        | "byline" => MetaKey::Author,
        "time" | "date" | "published" | "updated" | "posted" | "publish time" | "release time"
        | "last updated" => MetaKey::Date,
        "editor" | "editors" | "photo" | "photos" | "photographer" | "producer" | "translator"
        | "video" | "image" | "credit" | "credits" | "category" | "section" | "tags" => {
            MetaKey::Other
        }
        _ => return None,
    })
}

/// `Source`, `Editor:` … alone on a line: the value follows on the next line.
pub(super) fn bare_meta_key(s: &str) -> Option<MetaKey> {
    if s.len() > 40 || word_count(s) > 2 {
        return None;
    }
    let name = s.trim_end_matches(':').trim();
    meta_key(&normalized(name))
}

/// `Date: June 3, 2024`, `Published: 2024/05/06 10:00`: a date key and a value that is a
/// date; returns it as `YYYY-MM-DD` (or `YYYY-MM`).
pub(super) fn date_line(s: &str) -> Option<String> {
    if s.len() > 80 {
        return None;
    }
    let (key, value) = s.split_once(':')?;
    if meta_key(&normalized(key)) != Some(MetaKey::Date) {
        return None;
    }
    crate::ingest::dates::parse(value).or_else(|| find_date(value))
}

/// Words that make `Role: Name` a credit line.
pub(super) const CREDIT_ROLES: [&str; 24] = [
    "writer",
    "scriptwriter",
    "editor",
    "producer",
    "videographer",
    "photographer",
    "image",
    "photo",
    "video",
    "reporter",
    "correspondent",
    "supervisor",
    "designer",
    "translator",
    "source",
    "author",
    "camera",
    "graphics",
    "illustration",
    "animation",
    "director",
    "anchor",
    "host",
    "time",
];

/// A `Role: Name` credit; returns the metadata key it fills, if any, and the value.
pub(super) fn credit(s: &str) -> Option<(Option<MetaKey>, &str)> {
    if s.len() > 200 {
        return None;
    }
    let (role, value) = s.split_once(':')?;
    let role_n = normalized(role);
    let role_words = word_count(&role_n);
    if !(1..=4).contains(&role_words) || word_count(value) > 8 || word_count(s) > 12 {
        return None;
    }
    if value.trim().is_empty() || (ends_sentence(value) && word_count(value) > 3) {
        return None;
    }
    let is_role = role_n
        .split(' ')
        .any(|w| CREDIT_ROLES.contains(&w) || CREDIT_ROLES.contains(&w.trim_end_matches('s')));
    if !is_role {
        return None;
    }
    let key = meta_key(&role_n).or(match role_n.as_str() {
        r if r.ends_with("scriptwriter") || r.ends_with("writer") => Some(MetaKey::Author),
        _ => None,
    });
    Some((key, value.trim()))
}

/// `By Name[, Name …][, (Outlet)]`: the author and the outlet in parentheses.
pub(super) fn byline(s: &str) -> Option<(String, Option<String>)> {
    let rest = s.strip_prefix("By ").or_else(|| s.strip_prefix("BY "))?;
    if word_count(s) > 16 || !rest.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    if ends_sentence(rest) && !rest.trim_end().ends_with(')') {
        return None;
    }
    let (author, outlet) = match rest.rfind('(') {
        Some(open) if rest.trim_end().ends_with(')') => {
            let outlet = rest[open + 1..].trim_end().trim_end_matches(')').trim();
            (rest[..open].trim(), Some(outlet.to_string()))
        }
        _ => (rest.trim(), None),
    };
    let author = author.trim_end_matches([',', ';']).trim().to_string();
    Some((author, outlet.filter(|o| !o.is_empty())))
}

impl Segmented {
    /// Records a metadata value found in the text (the first of each kind wins).
    pub(super) fn record(&mut self, key: MetaKey, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        match key {
            MetaKey::Source => {
                self.source.get_or_insert_with(|| value.to_string());
            }
            MetaKey::Author => {
                self.author.get_or_insert_with(|| value.to_string());
            }
            MetaKey::Date => {
                if self.date.is_none() {
                    self.date = find_date(value);
                }
            }
            MetaKey::Other => {}
        }
    }
}
