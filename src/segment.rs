//! Segment: article text → title and content paragraphs, with site boilerplate removed.
//!
//! A paragraph is a non-blank line; lines of a hard-wrapped block (a line without closing
//! punctuation followed by one starting in lower case) are joined with a space. Each line
//! is then classified by general rules, first match wins:
//!
//! | rule | example | kept as |
//! |---|---|---|
//! | metadata key alone, then its value | `Source` / `Xinhua` | dropped; value recorded |
//! | credit `Role: Name` | `Video editor: A. Li` | dropped; author/source/date recorded |
//! | time or date only | `04:07`, `2023-02-07 17:10` | dropped; date recorded |
//! | byline | `By Jane Doe, (Outlet)` | dropped; author/source recorded |
//! | site furniture | `Download`, `Read more here.`, `Continue...` | dropped |
//! | contact line | `… contact us at desk@example.com` | dropped |
//! | editor's note, disclaimer | `Editor's note: …`, `… do not necessarily reflect …` | dropped |
//! | author bio | `(The author is a researcher at …)` | dropped |
//! | headline list | a line made of two or more headlines of the page | dropped |
//! | title | first short line without closing `.`, `,`, `;`, `:` | title |
//! | deck | a short line of ≥ 4 words right after the title | subtitle |
//! | heading | an ALL-CAPS line, or ≤ 3 words without closing punctuation | dropped |
//! | anything else | | body |

use std::borrow::Cow;

use crate::tokenize::words::letter_run_end;

/// What a kept paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The article's title.
    Title,
    /// A deck or standfirst under the title.
    Subtitle,
    /// Running text.
    Body,
}

/// A content paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The paragraph's text, trimmed.
    pub text: String,
    /// Title, subtitle or body.
    pub kind: Kind,
    /// 1-based line of the segmented text where it starts.
    pub line: usize,
    /// Share of its letters inside double quotes ([`crate::aggregate::quoted_share`]),
    /// found during segmentation's pass over its bytes.
    pub quoted: f64,
}

/// Why a line was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Drop {
    /// A metadata key or its value (`Source`, `Editor`, `Time` …).
    Metadata,
    /// A `Role: Name` credit.
    Credit,
    /// A time, date or duration alone.
    Timestamp,
    /// A `By …` line.
    Byline,
    /// Navigation and other site furniture.
    Furniture,
    /// A contact or promotion line.
    Contact,
    /// An editor's note or disclaimer.
    Disclaimer,
    /// A note about the author.
    AuthorBio,
    /// A list of headlines.
    HeadlineList,
    /// A section heading or a very short line.
    Heading,
}

impl Drop {
    /// The rule's name, as in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Drop::Metadata => "metadata",
            Drop::Credit => "credit",
            Drop::Timestamp => "timestamp",
            Drop::Byline => "byline",
            Drop::Furniture => "furniture",
            Drop::Contact => "contact",
            Drop::Disclaimer => "disclaimer",
            Drop::AuthorBio => "author-bio",
            Drop::HeadlineList => "headline-list",
            Drop::Heading => "heading",
        }
    }
}

/// A dropped line and the rule that dropped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line.
    pub line: usize,
    /// The line's text.
    pub text: String,
    /// The rule.
    pub rule: Drop,
}

/// The result of segmenting one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Segmented {
    /// The title, if the text starts with one.
    pub title: Option<String>,
    /// Title, subtitle and body paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Source outlet named in the text (`Source` line, byline parenthesis).
    pub source: Option<String>,
    /// Author named in a byline or credit.
    pub author: Option<String>,
    /// Date found in metadata or a dateline, as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Lines dropped as boilerplate.
    pub dropped: Vec<Dropped>,
}

/// How many of a page's headline-like lines a headline list is matched against.
const MAX_HEADLINES: usize = 64;

/// Segments `text` into paragraphs.
pub fn segment(text: &str) -> Segmented {
    let units = join_wrapped(text);
    // The page's headlines; a bounded number, so that a page of thousands of short lines
    // costs linear time.
    let headlines: Vec<&str> = units
        .iter()
        .filter(|u| is_title_like(&u.1) && word_count(&u.1) >= 3)
        .map(|u| u.1.as_ref())
        .take(MAX_HEADLINES)
        .collect();
    let mut out = Segmented::default();
    let mut expect_value: Option<MetaKey> = None;
    let mut after_related = false;
    let mut seen_body = false;
    let mut last_kept: Option<Kind> = None;

    for (line, unit) in &units {
        let (line, unit) = (*line, unit.as_ref());
        let Scan {
            words,
            cues,
            quoted,
        } = scan(unit);
        let drop = |out: &mut Segmented, rule| {
            out.dropped.push(Dropped {
                line,
                text: unit.to_string(),
                rule,
            })
        };

        if let Some(key) = expect_value.take() {
            if words <= 8 && !ends_sentence(unit) {
                out.record(key, unit);
                drop(&mut out, Drop::Metadata);
                continue;
            }
        }
        if let Some(key) = bare_meta_key(unit) {
            expect_value = Some(key);
            drop(&mut out, Drop::Metadata);
            continue;
        }
        if let Some((key, value)) = credit(unit) {
            if let Some(key) = key {
                out.record(key, value);
            }
            drop(&mut out, Drop::Credit);
            continue;
        }
        if is_timestamp(unit) {
            if out.date.is_none() {
                out.date = find_date(unit);
            }
            drop(&mut out, Drop::Timestamp);
            continue;
        }
        if let Some((author, outlet)) = byline(unit) {
            out.author.get_or_insert(author);
            if let Some(o) = outlet {
                out.source.get_or_insert(o);
            }
            drop(&mut out, Drop::Byline);
            continue;
        }
        if let Some(related) = furniture(unit) {
            after_related |= related;
            drop(&mut out, Drop::Furniture);
            continue;
        }
        if is_contact(unit, words, cues) {
            drop(&mut out, Drop::Contact);
            continue;
        }
        if is_disclaimer(unit, cues) {
            drop(&mut out, Drop::Disclaimer);
            continue;
        }
        if is_author_bio(unit, words, cues) {
            drop(&mut out, Drop::AuthorBio);
            continue;
        }
        let title_like = is_title_like(unit);
        if is_headline_list(unit, &headlines) || (after_related && title_like) {
            drop(&mut out, Drop::HeadlineList);
            continue;
        }
        after_related = false;
        if title_like && !seen_body {
            if out.title.is_none()
                && last_kept.is_none()
                && words >= 2
                && (words >= 3 || !is_heading(unit))
            {
                out.title = Some(unit.to_string());
                out.push(unit, Kind::Title, line, quoted);
                last_kept = Some(Kind::Title);
                continue;
            }
            if last_kept == Some(Kind::Title) && words >= 4 {
                out.push(unit, Kind::Subtitle, line, quoted);
                last_kept = Some(Kind::Subtitle);
                continue;
            }
        }
        if is_heading(unit) || (words <= 3 && !ends_sentence(unit)) {
            drop(&mut out, Drop::Heading);
            continue;
        }
        if !seen_body && out.date.is_none() {
            out.date = leading_dateline(unit);
        }
        seen_body = true;
        out.push(unit, Kind::Body, line, quoted);
        last_kept = Some(Kind::Body);
    }
    out
}

impl Segmented {
    fn push(&mut self, text: &str, kind: Kind, line: usize, quoted: f64) {
        self.paragraphs.push(Paragraph {
            text: text.to_string(),
            kind,
            line,
            quoted,
        });
    }

    fn record(&mut self, key: MetaKey, value: &str) {
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

/// Non-blank lines, trimmed, with hard-wrapped continuation lines joined.
fn join_wrapped(text: &str) -> Vec<(usize, Cow<'_, str>)> {
    let mut units: Vec<(usize, Cow<'_, str>)> = Vec::new();
    let mut open = false; // whether the last unit may continue on the next line
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        let continues = line.chars().next().is_some_and(char::is_lowercase);
        match units.last_mut() {
            Some((_, prev)) if open && continues && !ends_clause(prev) => {
                let prev = prev.to_mut();
                prev.push(' ');
                prev.push_str(line);
            }
            _ => units.push((i + 1, Cow::Borrowed(line))),
        }
        open = true;
    }
    units
}

fn word_count(s: &str) -> usize {
    scan(s).words
}

/// Last character ignoring closing quotes and brackets.
fn last_significant(s: &str) -> Option<char> {
    s.trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '»'))
}

/// Ends like a sentence (`.`, `!`, `?`, `…`), possibly inside closing quotes.
fn ends_sentence(s: &str) -> bool {
    matches!(last_significant(s), Some('.' | '!' | '?' | '…'))
}

/// Ends a clause: sentence end or `,;:` — a wrapped line never ends like this.
fn ends_clause(s: &str) -> bool {
    ends_sentence(s) || matches!(last_significant(s), Some(',' | ';' | ':'))
}

/// Short, and does not end like a sentence or clause (`!` and `?` are allowed).
fn is_title_like(s: &str) -> bool {
    // Cheapest tests first: most lines are prose that ends with a full stop.
    !matches!(last_significant(s), Some('.' | ',' | ';' | ':' | '…'))
        && s.len() <= 1000
        && s.chars().count() <= 250
        && (1..=25).contains(&word_count(s))
}

/// ALL-CAPS with at least two letters.
fn is_heading(s: &str) -> bool {
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
fn normalized(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            w.chars()
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetaKey {
    Source,
    Author,
    Date,
    Other,
}

fn meta_key(name: &str) -> Option<MetaKey> {
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
fn bare_meta_key(s: &str) -> Option<MetaKey> {
    if s.len() > 40 || word_count(s) > 2 {
        return None;
    }
    let name = s.trim_end_matches(':').trim();
    meta_key(&normalized(name))
}

/// Words that make `Role: Name` a credit line.
const CREDIT_ROLES: [&str; 24] = [
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
fn credit(s: &str) -> Option<(Option<MetaKey>, &str)> {
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

fn month_number(w: &str) -> Option<u32> {
    let w = w.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w) && (w.len() >= 3))
        .map(|i| i as u32 + 1)
}

/// A line that holds only a time, a duration or a date (`04:07`, `2023-02-07 17:10:24`,
/// `Updated: July 9, 2024 10:00 GMT`).
fn is_timestamp(s: &str) -> bool {
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

/// A date at the very start of a paragraph, before a dash: `10th July 2024 – (Beijing) …`.
fn leading_dateline(s: &str) -> Option<String> {
    let head = s.split(['–', '—']).next()?;
    if head.len() == s.len() || word_count(head) > 5 {
        return None;
    }
    find_date(head)
}

/// `By Name[, Name …][, (Outlet)]`: the author and the outlet in parentheses.
fn byline(s: &str) -> Option<(String, Option<String>)> {
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

/// Navigation and site furniture; returns `Some(true)` for a "related" heading (what
/// follows is a list of headlines).
fn furniture(s: &str) -> Option<bool> {
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
fn has_email(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((user, host)) => !user.is_empty() && host.contains('.') && !host.starts_with('.'),
            None => false,
        }
    })
}

/// Which trigger words a line contains, found in the same byte pass that counts its words
/// (see [`scan`]), so the exact rules below can skip ordinary prose without normalising it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cues {
    /// An `@`.
    email: bool,
    /// `contact`.
    contact: bool,
    /// `follow`, `subscribe` or `sign`.
    follow: bool,
    /// `note` or `disclaimer`.
    note: bool,
    /// `necessarily`.
    necessarily: bool,
    /// `expressed`.
    expressed: bool,
    /// `author`, `authors` or `writer`.
    author: bool,
}

impl Cues {
    /// Records the ASCII-letter run `w` if it is a trigger word (any case).
    #[inline]
    fn word(&mut self, w: &[u8]) {
        let is = |t: &[u8]| w.eq_ignore_ascii_case(t);
        match (w.len(), w[0] | 0x20) {
            (4, b'n') if is(b"note") => self.note = true,
            (4, b's') if is(b"sign") => self.follow = true,
            (6, b'a') if is(b"author") => self.author = true,
            (6, b'f') if is(b"follow") => self.follow = true,
            (6, b'w') if is(b"writer") => self.author = true,
            (7, b'a') if is(b"authors") => self.author = true,
            (7, b'c') if is(b"contact") => self.contact = true,
            (9, b's') if is(b"subscribe") => self.follow = true,
            (9, b'e') if is(b"expressed") => self.expressed = true,
            (10, b'd') if is(b"disclaimer") => self.note = true,
            (11, b'n') if is(b"necessarily") => self.necessarily = true,
            _ => {}
        }
    }
}

/// Byte classes for [`scan`].
const OTHER: u8 = 0;
const ALPHA: u8 = 1;
const SPACE: u8 = 2;
/// The lead byte of a multi-byte character: it must be decoded to know whether it is
/// whitespace, a letter or a curly double quote.
const MULTI: u8 = 3;

const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphabetic() {
            t[b] = ALPHA;
        } else if b >= 0xc0 {
            t[b] = MULTI;
        }
        b += 1;
    }
    let mut b = 9;
    while b <= 13 {
        t[b] = SPACE;
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t
};

/// What one pass over a line's bytes finds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Scan {
    /// Whitespace-separated words, as `split_whitespace().count()`.
    words: usize,
    /// Trigger words.
    cues: Cues,
    /// Share of letters inside double quotes, as [`crate::aggregate::quoted_share`].
    quoted: f64,
}

/// One pass over the bytes of `s`: its word count, its trigger words (runs of ASCII
/// letters) and its quoted share.
fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let n = b.len();
    let mut cues = Cues::default();
    let (mut words, mut in_word) = (0, false);
    let (mut inside, mut letters, mut quoted) = (false, 0usize, 0usize);
    let mut i = 0;
    while i < n {
        let c = b[i];
        let space = match CLASS[c as usize] {
            ALPHA => {
                let start = i;
                i = letter_run_end(b, i + 1);
                let len = i - start;
                letters += len;
                if inside {
                    quoted += len;
                }
                if (4..=11).contains(&len) {
                    cues.word(&b[start..i]);
                }
                false
            }
            SPACE => {
                i += 1;
                true
            }
            MULTI => {
                let ch = s[i..].chars().next().expect("char boundary");
                i += ch.len_utf8();
                match ch {
                    '\u{201c}' => inside = true,
                    '\u{201d}' => inside = false,
                    ch if ch.is_alphabetic() => {
                        letters += 1;
                        quoted += usize::from(inside);
                    }
                    _ => {}
                }
                ch.is_whitespace()
            }
            _ => {
                match c {
                    b'@' => cues.email = true,
                    b'"' => inside = !inside,
                    _ => {}
                }
                i += 1;
                false
            }
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    Scan {
        words,
        cues,
        quoted: if letters == 0 {
            0.0
        } else {
            quoted as f64 / letters as f64
        },
    }
}

/// The start of [`normalized`]`(s)`, enough to test prefixes of up to 20 bytes.
fn normalized_head(s: &str) -> String {
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

fn is_contact(s: &str, words: usize, cues: Cues) -> bool {
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

fn is_disclaimer(s: &str, cues: Cues) -> bool {
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

fn is_author_bio(s: &str, words: usize, cues: Cues) -> bool {
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
fn is_headline_list(s: &str, headlines: &[&str]) -> bool {
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

    fn kept(text: &str) -> Vec<(Kind, String)> {
        segment(text)
            .paragraphs
            .into_iter()
            .map(|p| (p.kind, p.text))
            .collect()
    }

    fn rules(text: &str) -> Vec<(String, Drop)> {
        segment(text)
            .dropped
            .into_iter()
            .map(|d| (d.text, d.rule))
            .collect()
    }

    const PAGE: &str = "Share\n\
        Ports Reopen After the Storm\n\
        A Region Counts the Cost of a Long Week\n\
        By Ana Ruiz and Tom Beck, (Harbour Daily)\n\
        Updated: March 3, 2021 08:15 GMT\n\
        \n\
        The northern ports reopened on Monday after a week of closures.\n\
        \n\
        Officials said repairs would take months.\n\
        WHAT COMES NEXT\n\
        Insurers expect claims to rise.\n\
        Photographer: Lee Min\n\
        (The author is a reporter covering shipping.)\n\
        Editor's note: The views in this piece do not necessarily reflect ours.\n\
        Questions? Contact us at desk@harbour.example.\n\
        Read more here.\n\
        Related Stories\n\
        Storm Season Starts Early\n\
        Continue...\n";

    #[test]
    fn keeps_title_deck_and_body() {
        assert_eq!(
            kept(PAGE),
            [
                (Kind::Title, "Ports Reopen After the Storm".to_string()),
                (
                    Kind::Subtitle,
                    "A Region Counts the Cost of a Long Week".to_string()
                ),
                (
                    Kind::Body,
                    "The northern ports reopened on Monday after a week of closures.".to_string()
                ),
                (
                    Kind::Body,
                    "Officials said repairs would take months.".to_string()
                ),
                (Kind::Body, "Insurers expect claims to rise.".to_string()),
            ]
        );
    }

    #[test]
    fn names_the_rule_for_every_dropped_line() {
        let r = rules(PAGE);
        let rule_of = |t: &str| r.iter().find(|(x, _)| x == t).map(|(_, d)| *d);
        assert_eq!(rule_of("Share"), Some(Drop::Furniture));
        assert_eq!(
            rule_of("By Ana Ruiz and Tom Beck, (Harbour Daily)"),
            Some(Drop::Byline)
        );
        assert_eq!(
            rule_of("Updated: March 3, 2021 08:15 GMT"),
            Some(Drop::Timestamp)
        );
        assert_eq!(rule_of("WHAT COMES NEXT"), Some(Drop::Heading));
        assert_eq!(rule_of("Photographer: Lee Min"), Some(Drop::Credit));
        assert_eq!(
            rule_of("(The author is a reporter covering shipping.)"),
            Some(Drop::AuthorBio)
        );
        assert_eq!(
            rule_of("Editor's note: The views in this piece do not necessarily reflect ours."),
            Some(Drop::Disclaimer)
        );
        assert_eq!(
            rule_of("Questions? Contact us at desk@harbour.example."),
            Some(Drop::Contact)
        );
        assert_eq!(rule_of("Read more here."), Some(Drop::Furniture));
        assert_eq!(
            rule_of("Storm Season Starts Early"),
            Some(Drop::HeadlineList)
        );
        assert_eq!(rule_of("Continue..."), Some(Drop::Furniture));
        assert_eq!(rule_of("Related Stories"), Some(Drop::Furniture));
        assert_eq!(r.len(), 12);
    }

    #[test]
    fn rule_names_match_their_json_form() {
        for d in segment(PAGE).dropped {
            assert_eq!(serde_json::to_value(d.rule).unwrap(), d.rule.name());
        }
    }

    #[test]
    fn cues_find_trigger_words_in_any_case() {
        let cues = |s| scan(s).cues;
        assert!(cues("Editor’s NOTE: x").note);
        assert!(cues("DISCLAIMER").note);
        assert!(!cues("notes and nothing").note);
        assert!(cues("Please SIGN UP today").follow);
        assert!(cues("contact").contact);
        assert!(cues("write to desk@example.org").email);
        assert!(cues("(The AUTHOR is a fellow)").author);
        assert!(cues("views éxpressed, not necessarily").necessarily);
        assert!(!cues("views éxpressed").expressed);
        assert_eq!(cues("NATO met in Madrid."), Cues::default());
        assert_eq!(cues("noteworthy signs: Signal"), Cues::default());
    }

    #[test]
    fn scan_finds_the_quoted_share_of_aggregate() {
        let seeds = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/seed_paragraphs.jsonl"
        ))
        .unwrap();
        let mut texts: Vec<String> = seeds
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        texts.extend(
            [
                "He said \"abcdef\" ok",
                "\u{201c}Yes\u{201d}, he said",
                "He said: \u{201c}we will go on",
                "\"\"",
                "“Ünïcödé” ab",
                "ᚠᚢ “ᚦ” 42",
            ]
            .map(String::from),
        );
        assert!(texts
            .iter()
            .any(|t| crate::aggregate::quoted_share(t) > 0.0));
        for t in &texts {
            assert_eq!(scan(t).quoted, crate::aggregate::quoted_share(t), "{t:?}");
        }
    }

    #[test]
    fn scan_counts_words_like_split_whitespace() {
        for s in [
            "",
            "  ",
            "one",
            " two  words ",
            "tab\tand\nnewline",
            "no\u{a0}break and\u{2003}em\u{3000}ideographic",
            "Ünïcödé wörds — dash’s",
            "\u{85}next\u{2028}line",
            "a\u{200b}b",
        ] {
            assert_eq!(scan(s).words, s.split_whitespace().count(), "{s:?}");
        }
    }

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

    #[test]
    fn records_author_outlet_and_date() {
        let s = segment(PAGE);
        assert_eq!(s.title.as_deref(), Some("Ports Reopen After the Storm"));
        assert_eq!(s.author.as_deref(), Some("Ana Ruiz and Tom Beck"));
        assert_eq!(s.source.as_deref(), Some("Harbour Daily"));
        assert_eq!(s.date.as_deref(), Some("2021-03-03"));
    }

    #[test]
    fn metadata_keys_on_their_own_lines() {
        let s = segment("Rates Hold Steady\n\nSource\nCoast Herald\nEditor\nJo Park\nTime\n2022-11-05 09:30:00\n\nThe bank kept rates unchanged.\n");
        assert_eq!(s.source.as_deref(), Some("Coast Herald"));
        assert_eq!(s.date.as_deref(), Some("2022-11-05"));
        assert_eq!(s.author, None);
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(
            s.dropped
                .iter()
                .filter(|d| d.rule == Drop::Metadata)
                .count(),
            6
        );
    }

    #[test]
    fn headline_list_is_dropped_wherever_it_sits() {
        let text = "Week in Review\n\
            Ports Reopen After the Storm, Rates Hold Steady at the Bank, Farmers Count Losses\n\
            Ports Reopen After the Storm\n\
            The ports reopened.\n\
            Rates Hold Steady at the Bank\n\
            The bank held rates.\n";
        let r = rules(text);
        assert!(r.iter().any(
            |(t, d)| t.starts_with("Ports Reopen After the Storm, Rates")
                && *d == Drop::HeadlineList
        ));
    }

    #[test]
    fn no_title_when_the_text_starts_with_prose() {
        let s = segment("The talks ended without a deal.\nBoth sides will meet again.\n");
        assert_eq!(s.title, None);
        assert!(s.paragraphs.iter().all(|p| p.kind == Kind::Body));
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let s = segment("The committee met on Tuesday and agreed\nthat the plan should go ahead.\nA second line starts here.\n");
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(
            s.paragraphs[0].text,
            "The committee met on Tuesday and agreed that the plan should go ahead."
        );
        assert_eq!(s.paragraphs[1].line, 3);
    }

    #[test]
    fn truncated_body_line_is_kept() {
        let s = segment("The ports reopened on Monday after a long week.\n\nAlthough no statement was released after\n\nRepairs continue.\n");
        assert_eq!(s.paragraphs.len(), 3);
    }

    #[test]
    fn dateline_gives_the_date() {
        let s = segment("10th July 2024 – (Geneva) Delegates gathered for the talks on Tuesday.\n");
        assert_eq!(s.date.as_deref(), Some("2024-07-10"));
        assert_eq!(find_date("July 9, 2024"), Some("2024-07-09".into()));
        assert_eq!(
            find_date("on 2023-02-07 17:10:24"),
            Some("2023-02-07".into())
        );
        assert_eq!(find_date("in May"), None);
    }

    #[test]
    fn windows_line_endings_and_nbsp() {
        let s = segment("Title Of The Piece\r\n\r\nFirst paragraph ends here.\u{a0}\r\n");
        assert_eq!(s.paragraphs[1].text, "First paragraph ends here.");
    }

    #[test]
    fn empty_and_blank_text() {
        assert_eq!(segment(""), Segmented::default());
        assert!(segment("\n \n\t\n").paragraphs.is_empty());
    }
}
