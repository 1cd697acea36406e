//! What extraction removed from a saved page, and why: the page's text blocks are listed
//! before [`super::html`] extracts the article, each with the kind of furniture its element
//! (or the nearest ancestor that says) is — navigation, a cookie banner, related links,
//! comments, a script, a style sheet — and the blocks that are not in the extracted text
//! are what was removed, one entry per element of furniture.

use dom_query::NodeRef;

use super::dates;

/// A part of a page that extraction removed, and why (`segment --dropped` lists them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// What it was: `navigation`, `cookie-banner`, `related-links`, `comments`, `script`,
    /// `style`, `metadata` (JSON-LD), `header`, `footer`, `aside`, `form`, `caption`,
    /// `share`, `newsletter`, `advert`, `byline`, `date`, or `boilerplate` (text the
    /// extractor judged not part of the article).
    pub what: &'static str,
    /// Its text, white space collapsed (for a script or style sheet, its code or `src`).
    pub text: String,
}

/// A run of text on the page and the furniture it belongs to.
#[derive(Debug)]
pub struct Block {
    what: Option<&'static str>,
    /// The element of furniture it is in (0: none), so its blocks make one entry.
    container: usize,
    text: String,
}

/// Most blocks listed, and most entries kept (a guard against hostile pages).
const MAX_BLOCKS: usize = 5_000;
const MAX_ENTRIES: usize = 200;
/// Most bytes of text measured while looking for furniture to strip.
const MAX_MEASURED: usize = 16 << 20;
/// Most elements with a class or id looked at for furniture to strip.
const MAX_STRIPPED: usize = 2_000;
/// Longest text kept for one entry, in bytes.
const MAX_TEXT: usize = 1_000;
/// Deepest element walked into; anything deeper is one block.
const MAX_DEPTH: usize = 200;

/// Elements whose text is one block.
const BLOCK_TAGS: [&str; 20] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figcaption",
    "caption",
    "td",
    "th",
    "button",
    "label",
    "address",
    "summary",
];

/// Elements whose text runs on with the text around them.
const INLINE_TAGS: [&str; 24] = [
    "a", "span", "em", "strong", "b", "i", "u", "small", "time", "abbr", "cite", "code", "q",
    "sub", "sup", "mark", "s", "del", "ins", "font", "kbd", "var", "data", "bdi",
];

/// Elements with no text to list.
const SILENT_TAGS: [&str; 12] = [
    "img", "picture", "video", "audio", "iframe", "canvas", "svg", "select", "input", "meta",
    "link", "title",
];

/// The kind of furniture an element's class or id names, innermost first.
fn hinted(node: &NodeRef) -> Option<&'static str> {
    let names = format!(
        "{} {}",
        node.class().as_deref().unwrap_or(""),
        node.id_attr().as_deref().unwrap_or("")
    )
    .to_ascii_lowercase();
    if names.trim().is_empty() {
        return None;
    }
    let has = |keys: &[&str]| keys.iter().any(|k| names.contains(k));
    let word = |keys: &[&str]| {
        names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| keys.contains(&w))
    };
    if has(&["cookie", "consent", "gdpr"]) {
        Some("cookie-banner")
    } else if has(&["comment", "disqus", "discussion"]) {
        Some("comments")
    } else if has(&[
        "related",
        "recommend",
        "more-stories",
        "read-next",
        "readnext",
        "trending",
        "most-read",
        "popular",
        "outbrain",
        "taboola",
    ]) {
        Some("related-links")
    } else if has(&["share", "social"]) {
        Some("share")
    } else if has(&["newsletter", "subscribe", "signup", "sign-up", "paywall"]) {
        Some("newsletter")
    } else if word(&[
        "ad",
        "ads",
        "advert",
        "advertisement",
        "sponsor",
        "sponsored",
        "promo",
    ]) {
        Some("advert")
    } else if has(&["breadcrumb", "menu", "navbar"]) || word(&["nav"]) {
        Some("navigation")
    } else if has(&["byline", "author"]) {
        Some("byline")
    } else if has(&["caption"]) {
        Some("caption")
    } else {
        None
    }
}

/// The kind of furniture an element is by its tag.
fn by_tag(tag: &str) -> Option<&'static str> {
    match tag {
        "nav" => Some("navigation"),
        "header" => Some("header"),
        "footer" => Some("footer"),
        "aside" => Some("aside"),
        "form" => Some("form"),
        "figcaption" => Some("caption"),
        _ => None,
    }
}

/// Runs of white space as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lists a page's text blocks, in document order.
struct Walk {
    blocks: Vec<Block>,
    run: String,
    containers: usize,
}

impl Walk {
    fn push(&mut self, what: Option<&'static str>, container: usize, text: &str) {
        let text = collapse(text);
        if !text.is_empty() && self.blocks.len() < MAX_BLOCKS {
            self.blocks.push(Block {
                what,
                container,
                text,
            });
        }
    }

    /// Ends the run of inline text.
    fn flush(&mut self, what: Option<&'static str>, container: usize) {
        let run = std::mem::take(&mut self.run);
        self.push(what, container, &run);
    }

    fn element(
        &mut self,
        node: &NodeRef,
        what: Option<&'static str>,
        container: usize,
        depth: usize,
    ) {
        let tag = node.node_name().map(|t| t.to_string()).unwrap_or_default();
        match tag.as_str() {
            "script" => {
                self.flush(what, container);
                let kind = match node.attr("type").is_some_and(|t| t.contains("ld+json")) {
                    true => "metadata",
                    false => "script",
                };
                let code = node.text();
                let text = match (code.trim().is_empty(), node.attr("src")) {
                    (true, Some(src)) => format!("src={src}"),
                    _ => code.to_string(),
                };
                self.push(Some(kind), 0, &text);
                return;
            }
            "style" | "noscript" | "template" => {
                self.flush(what, container);
                let kind = if tag == "style" { "style" } else { "script" };
                self.push(Some(kind), 0, &node.text());
                return;
            }
            t if SILENT_TAGS.contains(&t) => return,
            _ => {}
        }
        if INLINE_TAGS.contains(&tag.as_str()) {
            self.run.push(' ');
            self.run.push_str(&node.text());
            return;
        }
        self.flush(what, container);
        let (what, container) = match hinted(node).or_else(|| by_tag(&tag)) {
            Some(w) => {
                self.containers += 1;
                (Some(w), self.containers)
            }
            None => (what, container),
        };
        if BLOCK_TAGS.contains(&tag.as_str()) || depth >= MAX_DEPTH {
            self.push(what, container, &node.text());
            return;
        }
        for child in node.children_it(false) {
            if self.blocks.len() >= MAX_BLOCKS {
                break;
            }
            if child.is_text() {
                self.run.push(' ');
                self.run.push_str(&child.text());
            } else if child.is_element() {
                self.element(&child, what, container, depth + 1);
            }
        }
        self.flush(what, container);
    }
}

/// The page's text blocks (scripts and style sheets too), in document order.
pub fn blocks(document: &dom_query::Document) -> Vec<Block> {
    let mut walk = Walk {
        blocks: Vec::new(),
        run: String::new(),
        containers: 0,
    };
    for child in document.root().children_it(false) {
        if child.is_element() {
            walk.element(&child, None, 0, 0);
        }
    }
    walk.blocks
}

/// Removes from `document` the elements whose class or id names furniture that is never
/// part of an article — comments; cookie banners, newsletter boxes and adverts that are
/// short; related links and share bars that are mostly links — unless the element holds
/// the article (an `article` or `main`, or at least half the page's text with its `h1`
/// title), as a wrapper whose class says `comments-open` or `social` may.
pub fn strip(document: &dom_query::Document) {
    let page = document.select("body").text().len();
    // Nested furniture would be measured again at every level: a bound on the work.
    let mut budget = MAX_MEASURED;
    for node in document
        .select("[class], [id]")
        .nodes()
        .iter()
        .take(MAX_STRIPPED)
    {
        let Some(what) = hinted(node) else {
            continue;
        };
        let tag = node.node_name().map(|t| t.to_string()).unwrap_or_default();
        if matches!(tag.as_str(), "html" | "body" | "main" | "article")
            || !node.find(&["article"]).is_empty()
            || !node.find(&["main"]).is_empty()
        {
            continue;
        }
        let raw = node.text();
        budget = budget.saturating_sub(raw.len());
        if budget == 0 {
            break;
        }
        let text = collapse(&raw).len();
        if text * 2 >= page.max(1) && !node.find(&["h1"]).is_empty() {
            continue;
        }
        let links: usize = node
            .find(&["a"])
            .iter()
            .map(|a| collapse(&a.text()).len())
            .sum();
        let furniture = match what {
            "comments" => true,
            "cookie-banner" | "newsletter" | "advert" => text < 1_000,
            "related-links" | "share" => links * 2 >= text,
            _ => false,
        };
        if furniture {
            node.remove_from_parent();
        }
    }
}

/// Whether `block` is in the extracted `lines`: one of them, or most of one.
fn kept(block: &str, lines: &std::collections::HashSet<&str>, longest: &[&str]) -> bool {
    lines.contains(block)
        || longest
            .iter()
            .any(|l| l.len() >= block.len() && l.len() <= 2 * block.len() && l.contains(block))
}

/// The blocks that are not in the extracted `text`, one entry per element of furniture;
/// a block that is the page's `author` line or a date says so.
pub fn removed(blocks: Vec<Block>, text: &str, author: Option<&str>) -> Vec<Removed> {
    let lines: Vec<String> = text.lines().map(collapse).collect();
    let set: std::collections::HashSet<&str> = lines.iter().map(String::as_str).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut out: Vec<Removed> = Vec::new();
    let mut last: Option<usize> = None;
    for b in blocks {
        let code = matches!(b.what, Some("script" | "style" | "metadata"));
        if !code && kept(&b.text, &set, &refs) {
            last = None;
            continue;
        }
        let what = b.what.unwrap_or_else(|| {
            if author.is_some_and(|a| b.text.contains(a)) && b.text.len() < 80 {
                "byline"
            } else if dates::parse(&b.text).is_some() {
                "date"
            } else {
                "boilerplate"
            }
        });
        if let (Some(_), Some(prev)) = (last, out.last_mut()) {
            if b.container != 0 && prev.what == what {
                if prev.text.len() < MAX_TEXT {
                    prev.text.push_str(" · ");
                    prev.text.push_str(&b.text);
                    truncate(&mut prev.text);
                }
                continue;
            }
        }
        if out.len() >= MAX_ENTRIES {
            break;
        }
        let mut text = b.text;
        truncate(&mut text);
        out.push(Removed { what, text });
        last = (b.container != 0).then_some(b.container);
    }
    out
}

/// Cuts `s` to at most [`MAX_TEXT`] bytes, at a character boundary.
fn truncate(s: &mut String) {
    if s.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed_from(html: &str, kept_text: &str) -> Vec<(&'static str, String)> {
        let doc = dom_query::Document::from(html);
        removed(blocks(&doc), kept_text, Some("Ann Lee"))
            .into_iter()
            .map(|r| (r.what, r.text))
            .collect()
    }

    #[test]
    fn furniture_is_named_by_its_element_or_class_and_kept_text_is_not_listed() {
        let html = r#"<html><head><style>p{color:red}</style></head><body>
            <nav><a href="/">Home</a> <a href="/town">Town</a></nav>
            <div class="consent-popup">We use cookies. <button>OK</button></div>
            <article><h1>Bridge reopens</h1><p class="byline">By Ann Lee</p>
            <p>The bridge reopened on Monday after repairs to its deck.</p></article>
            <ul class="related-stories"><li>Roads closed</li><li>Rail news</li></ul>
            <script>track();</script><script src="/app.js"></script></body></html>"#;
        let got = removed_from(
            html,
            "Bridge reopens\nThe bridge reopened on Monday after repairs to its deck.\n",
        );
        assert_eq!(
            got,
            [
                ("style", "p{color:red}".to_string()),
                ("navigation", "Home Town".to_string()),
                ("cookie-banner", "We use cookies. · OK".to_string()),
                ("byline", "By Ann Lee".to_string()),
                ("related-links", "Roads closed · Rail news".to_string()),
                ("script", "track();".to_string()),
                ("script", "src=/app.js".to_string()),
            ]
        );
    }

    #[test]
    fn a_short_link_is_removed_even_when_a_kept_line_contains_its_word() {
        let got = removed_from(
            "<body><nav><li>Town</li></nav><p>Town hall met on Monday to vote on the budget.</p></body>",
            "Town hall met on Monday to vote on the budget.\n",
        );
        assert_eq!(got, [("navigation", "Town".to_string())]);
    }

    #[test]
    fn a_wrapper_named_like_furniture_that_holds_the_text_is_kept() {
        let p = "The council agreed on Tuesday to repair the old footbridge over the river.";
        let comment = format!("<p>{p} I walk over it every day and it shakes. {p}</p>");
        let html = format!(
            "<html><body><div class='social-story'><h1>Footbridge</h1><p>{p}</p>\
             <p>Work starts in May.</p></div><div class='share'><a href='#'>Share</a></div>\
             <div id='comments'>{}</div></body></html>",
            comment.repeat(3)
        );
        let x = super::super::html::extract(&html, "t.html").unwrap();
        assert!(x.text.contains("repair the old footbridge"), "{}", x.text);
        assert!(!x.text.contains("it shakes"), "{}", x.text);
        let what: Vec<&str> = x.removed.iter().map(|r| r.what).collect();
        assert!(
            what.contains(&"share") && what.contains(&"comments"),
            "{what:?}"
        );
        // A page-wide wrapper whose class names comments, holding the title, stays.
        let html = format!(
            "<html><body><div class='comments-open'><h1>Footbridge</h1><p>{p}</p>\
             <p>{p} Work starts in May.</p></div></body></html>"
        );
        let x = super::super::html::extract(&html, "t.html").unwrap();
        assert!(x.text.contains("Work starts in May"), "{}", x.text);
    }

    #[test]
    fn a_deep_page_is_walked_without_overflowing() {
        let html = format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let got = removed_from(&html, "other\n");
        assert_eq!(got, [("boilerplate", "deep text".to_string())]);
    }
}
