//! One date parser for every input's metadata: ISO 8601 (`2024-06-03`, `2024-06-03T09:00Z`),
//! `2024/06/03`, `2024.06.03`, `3 June 2024`, `June 3, 2024`, `Jun. 3rd 2024`, RFC 2822
//! (`Mon, 03 Jun 2024 09:00:00 +0000`), `June 2024` and `2024-06`, normalised to
//! `YYYY-MM-DD` (or `YYYY-MM` when only the month is known). Day-first and month-first
//! numeric dates (`03/06/2024`) are ambiguous and not read.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month a name or abbreviation (`Jun`, `Sept.`, `June`) names, 1-based.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&w))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn ymd(year: u32, month: u32, day: Option<u32>) -> Option<String> {
    if !(1800..=2200).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    match day {
        Some(d) if d >= 1 && d <= days_in(year, month) => {
            Some(format!("{year:04}-{month:02}-{d:02}"))
        }
        Some(_) => None,
        None => Some(format!("{year:04}-{month:02}")),
    }
}

/// A day number, with an ordinal suffix allowed (`3`, `3rd`, `21st`).
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..].to_ascii_lowercase();
    if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

fn year_number(word: &str) -> Option<u32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// The date `s` holds at its start (after an optional weekday), as `YYYY-MM-DD` or
/// `YYYY-MM`; `None` when it is not a date this parser reads. What follows the date (a
/// time, a zone) is ignored.
pub fn parse(s: &str) -> Option<String> {
    let s = s.trim();
    // The fast path: ISO dates as written by most exports.
    let b = s.as_bytes();
    if b.len() >= 10
        && b[4] == b[7]
        && matches!(b[4], b'-' | b'/' | b'.')
        && b[..4]
            .iter()
            .chain(&b[5..7])
            .chain(&b[8..10])
            .all(u8::is_ascii_digit)
        && b.get(10).is_none_or(|c| !c.is_ascii_digit())
    {
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        return ymd(n(0..4)?, n(5..7)?, Some(n(8..10)?));
    }
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    let words = match words.first() {
        Some(w) if is_weekday(w) => &words[1..],
        _ => &words[..],
    };
    match words {
        [y, m, ..] if b.len() == 7 && year_number(y).is_some() => {
            ymd(year_number(y)?, m.parse().ok()?, None)
        }
        [d, m, y, ..] if day_number(d).is_some() && month_number(m).is_some() => {
            ymd(year_number(y)?, month_number(m)?, Some(day_number(d)?))
        }
        [m, d, y, ..] if month_number(m).is_some() && day_number(d).is_some() => {
            ymd(year_number(y)?, month_number(m)?, Some(day_number(d)?))
        }
        [m, y] if month_number(m).is_some() => ymd(year_number(y)?, month_number(m)?, None),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_analysts_meet_become_iso() {
        for (s, want) in [
            ("2024-06-03", "2024-06-03"),
            ("2024-06-03T09:30:00+09:00", "2024-06-03"),
            ("2024/06/03", "2024-06-03"),
            ("2024.06.03 10:00", "2024-06-03"),
            ("3 June 2024", "2024-06-03"),
            ("03 Jun 2024", "2024-06-03"),
            ("June 3, 2024", "2024-06-03"),
            ("Jun. 3rd, 2024 10:00 GMT", "2024-06-03"),
            ("Sept. 21, 2023", "2023-09-21"),
            ("Monday, June 3, 2024", "2024-06-03"),
            ("Mon, 03 Jun 2024 09:00:00 +0000", "2024-06-03"),
            ("June 2024", "2024-06"),
            ("2024-06", "2024-06"),
            ("29 February 2024", "2024-02-29"),
        ] {
            assert_eq!(parse(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn what_is_not_a_date_or_is_ambiguous_is_none() {
        for s in [
            "",
            "unknown",
            "03/06/2024",
            "2024-13-01",
            "2023-02-29",
            "31 June 2024",
            "June",
            "May the fourth",
            "2024",
            "20240603",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
