//! Dates and times: lines that hold only a timestamp, the first date of a text as
//! `YYYY-MM-DD`, and a dateline at the start of a paragraph.

use super::scanner::word_count;
use crate::ingest::dates::month_number;

/// A line that holds only a time, a duration or a date (`04:07`, `2023-02-07 17:10:24`,
/// `Updated: July 9, 2024 10:00 GMT`).
pub(super) fn is_timestamp(s: &str) -> bool {
    if s.len() > 120 || !s.bytes().any(|c| c.is_ascii_digit()) || word_count(s) > 8 {
        return false;
    }
    s.split(|c: char| !c.is_alphabetic()).all(|w| {
        w.is_empty()
            || month_number(w).is_some()
            || matches!(
                w.to_lowercase().as_str(),
                "am" | "pm"
                    | "gmt"
                    | "utc"
                    | "bst"
                    | "est"
                    | "edt"
                    | "cet"
                    | "jst"
                    | "kst"
                    | "updated"
                    | "published"
                    | "posted"
                    | "on"
                    | "at"
                    | "st"
                    | "nd"
                    | "rd"
                    | "th"
                    | "mon"
                    | "tue"
                    | "wed"
                    | "thu"
                    | "fri"
                    | "sat"
                    | "sun"
            )
    })
}

/// The first date in `s` as `YYYY-MM-DD`: `2023-02-07`, `10th July 2024`, `July 10, 2024`.
pub fn find_date(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let day = |w: &str| -> Option<u32> {
        let d = w.trim_end_matches(|c: char| c.is_alphabetic());
        d.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    let year = |w: &str| -> Option<u32> {
        (w.len() == 4)
            .then(|| w.parse::<u32>().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    };
    for (i, w) in words.iter().enumerate() {
        let b = w.as_bytes();
        if b.len() >= 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b[..4]
                .iter()
                .chain(&b[5..7])
                .chain(&b[8..10])
                .all(u8::is_ascii_digit)
        {
            let (y, m, d) = (&w[..4], &w[5..7], &w[8..10]);
            let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Some(format!("{y}-{m:02}-{d:02}"));
            }
        }
        let next = |k: usize| words.get(i + k).copied().unwrap_or("");
        if let (Some(d), Some(m), Some(y)) = (day(w), month_number(next(1)), year(next(2))) {
            return Some(format!("{y}-{m:02}-{d:02}"));
        }
        if let (Some(m), Some(d), Some(y)) = (month_number(w), day(next(1)), year(next(2))) {
            return Some(format!("{y}-{m:02}-{d:02}"));
        }
    }
    None
}

/// A date at the very start of a paragraph, before a dash: `10th July 2024 – (Beijing) …`,
/// `TOKYO, June 3, 2024 (Reuters) - …`.
pub(super) fn leading_dateline(s: &str) -> Option<String> {
    let head = s.split(['–', '—']).next()?;
    let head = head.split(" - ").next()?;
    if head.len() == s.len() || word_count(head) > 5 {
        return None;
    }
    find_date(head)
}
