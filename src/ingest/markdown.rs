//! Markdown articles, parsed as CommonMark with `pulldown-cmark`: the front matter (YAML
//! between `---` lines or TOML between `+++` lines) gives `title`, `source`, `author`,
//! `date` and `url`; the first heading is the title when the front matter has none; every
//! paragraph, list item and quoted paragraph becomes one line with emphasis, links and
//! inline code reduced to their text. Code blocks, images, tables, raw HTML and later
//! headings (section titles, not the author's argument) are dropped, and so is a paragraph
//! set wholly in emphasis (`*By Jane Doe*`, an italic author bio or editor's note) — a
//! `By …` one gives the author.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{dates, Extracted};

/// The article of Markdown text `md`.
pub fn extract(md: &str) -> Extracted {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut x = Extracted::default();
    let mut heading: Option<String> = None;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Text inside emphasis, and outside it, in the current block.
    let (mut emphasised, mut plain) = (0usize, 0usize);
    let mut emphasis = 0usize;
    // Depth inside dropped content (code blocks, images, tables, metadata, footnotes).
    let mut skip = 0usize;
    let mut in_heading = false;
    let mut metadata = String::new();
    let mut in_metadata = false;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => metadata.push_str(&t),
            Event::Start(
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::Table(_) | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::Table | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                let text = collapse(&line);
                line.clear();
                if heading.is_none() && !text.is_empty() {
                    heading = Some(text);
                }
                (emphasised, plain) = (0, 0);
            }
            Event::Start(Tag::Emphasis | Tag::Strong) => emphasis += 1,
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => emphasis = emphasis.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                let letters = t.chars().filter(|c| c.is_alphanumeric()).count();
                match emphasis > 0 && !in_heading {
                    true => emphasised += letters,
                    false => plain += letters,
                }
                line.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => line.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::Item) => {
                let text = collapse(&line);
                line.clear();
                if !text.is_empty() {
                    if plain == 0 && emphasised > 0 {
                        if let Some(name) = byline(&text) {
                            x.author.get_or_insert(name);
                        }
                    } else {
                        lines.push(text);
                    }
                }
                (emphasised, plain) = (0, 0);
            }
            _ => {}
        }
    }
    front_matter(&metadata, &mut x);
    if let Some(date) = x.date.take() {
        x.date = Some(dates::parse(&date).unwrap_or(date));
    }
    if x.title.is_none() {
        x.title = heading;
    }
    let mut text = String::new();
    if let Some(t) = &x.title {
        text.push_str(t);
        text.push('\n');
    }
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    x.text = text;
    x
}

/// Runs of white space as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name in a short `By Jane Doe` line.
fn byline(text: &str) -> Option<String> {
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("by "))?;
    let name = rest.trim().trim_end_matches('.');
    (!name.is_empty() && name.split_whitespace().count() <= 8).then(|| name.to_string())
}

/// The fields of YAML (`key: value`) or TOML (`key = "value"`) front matter that an article
/// has; other keys, nested values and lists other than a first author are ignored.
fn front_matter(block: &str, x: &mut Extracted) {
    let mut list_key: Option<String> = None;
    for raw in block.lines() {
        if let (Some(key), Some(item)) = (&list_key, raw.trim_start().strip_prefix("- ")) {
            if raw.starts_with(char::is_whitespace) || raw.starts_with('-') {
                if key == "author" || key == "authors" {
                    x.author.get_or_insert_with(|| unquote(item));
                }
                continue;
            }
        }
        list_key = None;
        if raw.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((key, value)) = raw.split_once(':').or_else(|| raw.split_once('=')) else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        if value.is_empty() {
            list_key = Some(key);
            continue;
        }
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(list) => list.split(',').next().unwrap_or("").to_string(),
            None => value.to_string(),
        };
        let value = unquote(&value);
        if value.is_empty() {
            continue;
        }
        let slot = match key.as_str() {
            "title" => &mut x.title,
            "source" | "publisher" | "site" | "site_name" | "outlet" => &mut x.source,
            "author" | "authors" | "byline" => &mut x.author,
            "date" | "published" | "publishdate" | "pubdate" | "published_at" => &mut x.date,
            "url" | "link" | "canonical_url" | "canonical" => &mut x.url,
            _ => continue,
        };
        slot.get_or_insert(value);
    }
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let inner = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
    inner.unwrap_or(v).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = r#"---
title: "Tokyo weighs a liaison office"
source: Example Weekly
author:
  - Jane Doe
  - John Roe
date: June 3, 2024
url: https://example.com/tokyo-office
tags: [defence, asia]
---

# Tokyo weighs a liaison office

*By Jane Doe*

Officials in **Tokyo** said on Monday that talks with [the alliance](https://example.com/a)
were at an early stage, and that `no decision` had been taken.

![A meeting room](https://example.com/room.jpg)

### What supporters say

- Closer ties would help exchange information.
- Critics call the plan *premature*.

```python
print("not an article")
```

> "We are listening," one diplomat said.

| year | budget |
|---|---|
| 2024 | 10 |

<div class="ad">Advertisement</div>

*Jane Doe is a senior fellow at an example institute and writes on regional security.*
"#;

    #[test]
    fn front_matter_headings_emphasis_and_dropped_blocks() {
        let x = extract(ARTICLE);
        assert_eq!(x.title.as_deref(), Some("Tokyo weighs a liaison office"));
        assert_eq!(x.source.as_deref(), Some("Example Weekly"));
        assert_eq!(x.author.as_deref(), Some("Jane Doe"));
        assert_eq!(x.date.as_deref(), Some("2024-06-03"));
        assert_eq!(x.url.as_deref(), Some("https://example.com/tokyo-office"));
        let lines: Vec<&str> = x.text.lines().collect();
        assert_eq!(
            lines,
            [
                "Tokyo weighs a liaison office",
                "Officials in Tokyo said on Monday that talks with the alliance were at an early \
                 stage, and that no decision had been taken.",
                "Closer ties would help exchange information.",
                "Critics call the plan premature.",
                "\"We are listening,\" one diplomat said.",
            ]
        );
    }

    #[test]
    fn without_front_matter_the_first_heading_is_the_title_and_toml_is_read() {
        let x = extract("Intro line before.\n\n## The heading\n\nBody.\n");
        assert_eq!(x.title.as_deref(), Some("The heading"));
        assert_eq!(x.text, "The heading\nIntro line before.\nBody.\n");
        let x = extract("+++\ntitle = \"T\"\ndate = \"2024/06/03\"\n+++\n\nBody.\n");
        assert_eq!(
            (x.title.as_deref(), x.date.as_deref()),
            (Some("T"), Some("2024-06-03"))
        );
        // A thematic break is not front matter once text came before it.
        let x = extract("Body.\n\n---\n\nMore.\n");
        assert_eq!(x.text, "Body.\nMore.\n");
    }
}
