//! The segmentation loop: non-blank lines, hard-wrapped lines joined, each classified by
//! the rules of [`super::rules`] and [`super::metadata`] (first match wins) and kept as a
//! title, subtitle or body paragraph or dropped with the rule's name.

use std::borrow::Cow;

use super::dates::{find_date, is_timestamp, leading_dateline};
use super::metadata::{bare_meta_key, byline, credit, date_line, MetaKey};
use super::rules::{
    ends_clause, ends_sentence, furniture, is_author_bio, is_contact, is_disclaimer, is_heading,
    is_headline_list, is_title_like,
};
use super::scanner::{scan, word_count, Scan};

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

impl Kind {
    /// The kind's name, as in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Subtitle => "subtitle",
            Kind::Body => "body",
        }
    }
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
    /// Share of its letters inside double quotes ([`crate::text::quoted_share`]),
    /// found during segmentation's pass over its bytes.
    pub quoted: f64,
}

/// Why a line was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropRule {
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

impl DropRule {
    /// The rule's name, as in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            DropRule::Metadata => "metadata",
            DropRule::Credit => "credit",
            DropRule::Timestamp => "timestamp",
            DropRule::Byline => "byline",
            DropRule::Furniture => "furniture",
            DropRule::Contact => "contact",
            DropRule::Disclaimer => "disclaimer",
            DropRule::AuthorBio => "author-bio",
            DropRule::HeadlineList => "headline-list",
            DropRule::Heading => "heading",
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
    pub rule: DropRule,
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
                drop(&mut out, DropRule::Metadata);
                continue;
            }
        }
        if let Some(key) = bare_meta_key(unit) {
            expect_value = Some(key);
            drop(&mut out, DropRule::Metadata);
            continue;
        }
        if let Some((key, value)) = credit(unit) {
            if let Some(key) = key {
                out.record(key, value);
            }
            drop(&mut out, DropRule::Credit);
            continue;
        }
        if is_timestamp(unit) {
            if out.date.is_none() {
                out.date = find_date(unit).or_else(|| date_line(unit));
            }
            drop(&mut out, DropRule::Timestamp);
            continue;
        }
        if let Some(date) = date_line(unit) {
            out.date.get_or_insert(date);
            drop(&mut out, DropRule::Metadata);
            continue;
        }
        if let Some((author, outlet)) = byline(unit) {
            out.author.get_or_insert(author);
            if let Some(o) = outlet {
                out.source.get_or_insert(o);
            }
            drop(&mut out, DropRule::Byline);
            continue;
        }
        if let Some(related) = furniture(unit) {
            after_related |= related;
            drop(&mut out, DropRule::Furniture);
            continue;
        }
        if is_contact(unit, words, cues) {
            drop(&mut out, DropRule::Contact);
            continue;
        }
        if is_disclaimer(unit, cues) {
            drop(&mut out, DropRule::Disclaimer);
            continue;
        }
        if is_author_bio(unit, words, cues) {
            drop(&mut out, DropRule::AuthorBio);
            continue;
        }
        let title_like = is_title_like(unit);
        if is_headline_list(unit, &headlines) || (after_related && title_like) {
            drop(&mut out, DropRule::HeadlineList);
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
            drop(&mut out, DropRule::Heading);
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

    fn rules(text: &str) -> Vec<(String, DropRule)> {
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
        assert_eq!(rule_of("Share"), Some(DropRule::Furniture));
        assert_eq!(
            rule_of("By Ana Ruiz and Tom Beck, (Harbour Daily)"),
            Some(DropRule::Byline)
        );
        assert_eq!(
            rule_of("Updated: March 3, 2021 08:15 GMT"),
            Some(DropRule::Timestamp)
        );
        assert_eq!(rule_of("WHAT COMES NEXT"), Some(DropRule::Heading));
        assert_eq!(rule_of("Photographer: Lee Min"), Some(DropRule::Credit));
        assert_eq!(
            rule_of("(The author is a reporter covering shipping.)"),
            Some(DropRule::AuthorBio)
        );
        assert_eq!(
            rule_of("Editor's note: The views in this piece do not necessarily reflect ours."),
            Some(DropRule::Disclaimer)
        );
        assert_eq!(
            rule_of("Questions? Contact us at desk@harbour.example."),
            Some(DropRule::Contact)
        );
        assert_eq!(rule_of("Read more here."), Some(DropRule::Furniture));
        assert_eq!(
            rule_of("Storm Season Starts Early"),
            Some(DropRule::HeadlineList)
        );
        assert_eq!(rule_of("Continue..."), Some(DropRule::Furniture));
        assert_eq!(rule_of("Related Stories"), Some(DropRule::Furniture));
        assert_eq!(r.len(), 12);
    }

    #[test]
    fn rule_names_match_their_json_form() {
        for d in segment(PAGE).dropped {
            assert_eq!(serde_json::to_value(d.rule).unwrap(), d.rule.name());
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
                .filter(|d| d.rule == DropRule::Metadata)
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
                && *d == DropRule::HeadlineList
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
    fn date_lines_and_reuters_datelines_give_the_date() {
        let body = "Ministers met to discuss ports and ships in the region today.";
        for (text, want) in [
            (
                format!("Ports in focus\n\nDate: 2024-05-06\n\n{body}\n"),
                "2024-05-06",
            ),
            (
                format!("Ports in focus\n\nDate: June 3, 2024\n\n{body}\n"),
                "2024-06-03",
            ),
            (
                format!("Ports in focus\n\nPublished: 2024/06/03 10:00\n\n{body}\n"),
                "2024-06-03",
            ),
            (
                format!("Ports in focus\n\nTOKYO, June 3, 2024 (Reuters) - {body}\n"),
                "2024-06-03",
            ),
        ] {
            let s = segment(&text);
            assert_eq!(s.date.as_deref(), Some(want), "{text}");
            assert!(
                s.paragraphs.iter().all(|p| !p.text.starts_with("Date")),
                "{text}"
            );
        }
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
