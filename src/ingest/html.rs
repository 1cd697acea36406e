//! Saved web pages read as articles with `dom_smoothie` (a port of Mozilla's Readability):
//! the main content is kept and navigation, scripts, styles, cookie banners, related-link
//! lists, comments and figure captions dropped; the title, byline, date, site name and URL come from the
//! page's metadata (JSON-LD `NewsArticle`, `og:` / `article:` meta, `<title>`).

use dom_smoothie::{Config, Readability, TextMode};

use super::{boilerplate, dates, Extracted};
use crate::error::{Error, Result};

/// Most elements a page may have (a guard against hostile input).
const MAX_ELEMENTS: usize = 500_000;

/// The article of the HTML page `html`, read from `file` (named in errors).
pub fn extract(html: &str, file: &str) -> Result<Extracted> {
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let document = dom_query::Document::from(html);
    let blocks = boilerplate::blocks(&document);
    boilerplate::strip(&document);
    // Readability keeps figures; their captions describe photos, not the argument.
    document.select("figcaption").remove();
    let url = ["meta[property='og:url']", "link[rel='canonical']"]
        .iter()
        .zip(["content", "href"])
        .find_map(|(sel, attr)| document.select(sel).attr(attr).map(|v| v.to_string()));
    let mut page = Readability::with_document(document, None, Some(config))
        .map_err(|e| Error::file(file, format!("cannot read the page: {e}")))?;
    let article = page.parse().map_err(|e| {
        Error::file(
            file,
            format!("no article text found in the HTML page ({e}); is it a saved article page?"),
        )
    })?;
    let known = |s: Option<String>| {
        s.map(|s| collapse(&s))
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("unknown"))
    };
    let title = known(Some(article.title.clone()));
    let mut text = String::new();
    if let Some(t) = &title {
        text.push_str(t);
        text.push('\n');
    }
    let mut body = 0;
    for line in article.text_content.lines() {
        let line = collapse(line);
        if line.is_empty() || Some(&line) == title.as_ref() {
            continue;
        }
        body += 1;
        text.push_str(&line);
        text.push('\n');
    }
    if body == 0 {
        return Err(Error::file(
            file,
            "no article text found in the HTML page (only a title); is it a saved article page?",
        ));
    }
    let date = known(article.published_time.clone()).map(|d| dates::parse(&d).unwrap_or(d));
    let author = known(article.byline.clone()).map(|b| {
        b.strip_prefix("By ")
            .or_else(|| b.strip_prefix("by "))
            .unwrap_or(&b)
            .to_string()
    });
    Ok(Extracted {
        removed: boilerplate::removed(blocks, &text, author.as_deref()),
        text,
        title,
        author,
        date,
        source: known(article.site_name.clone()),
        url: known(article.url.clone().or(url)),
    })
}

/// Runs of white space as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
