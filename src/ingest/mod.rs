//! Ingest: paths → articles.
//!
//! * a `.txt` file is one article — or, when a [`manifest`] in its directory lists it, the
//!   articles the manifest names; a `.md` file is one Markdown article ([`markdown`]), a
//!   `.html` / `.htm` file one saved web page ([`html`]);
//! * a `.jsonl` file holds one article per line: `{"id","source","title","date","url","text"}`
//!   (only `text` is required); a `.csv` / `.tsv` file one per row ([`table`]);
//! * any of these may be compressed (`.gz`, `.zst`: [`open`]); a file that is not text (a
//!   PDF, an Office file, an image — by its first bytes, [`sniff`]) is refused;
//! * a directory is walked recursively (sorted, hidden entries skipped, links followed, a
//!   file reached twice read once) for those files; files in it that are not text are
//!   counted in [`Skipped`];
//! * `-` reads JSONL from standard input.
//!
//! Text must be UTF-8 (a BOM is dropped) unless another [`Encoding`] is asked for; anything
//! else is an error naming the file and byte.

pub mod boilerplate;
pub mod chunks;
pub mod dates;
pub mod encoding;
pub mod html;
pub mod jsonl;
pub mod label_files;
pub mod manifest;
pub mod markdown;
pub mod open;
pub mod sniff;
pub mod table;
mod walk;

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::error::{display_path, Error, Result};
pub use boilerplate::Removed;
use chunks::Chunks;
pub use encoding::Encoding;
use jsonl::{opt_str, parse_object, JsonLines};
use manifest::{unless_unknown, Manifest};
pub use walk::Skipped;
use walk::{Input, TextKind};

/// A path's lower-case extension (`""` when it has none).
pub fn extension_of(path: &Path) -> String {
    walk::extension(path)
}

/// The extension that names a path's format, under a compression one (`jsonl` for
/// `a.jsonl.gz`).
pub fn format_of(path: &Path) -> String {
    walk::format_extension(path).0
}

/// Limits that protect memory and time on hostile input; going past one is an error that
/// names the file and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest article text, in bytes.
    pub max_article_bytes: usize,
    /// Longest JSONL line, in bytes.
    pub max_line_bytes: usize,
    /// Most paragraphs (non-blank lines) in one article.
    pub max_paragraphs: usize,
    /// How input bytes are decoded.
    pub encoding: Encoding,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: 8 << 20,
            max_line_bytes: 16 << 20,
            max_paragraphs: 10_000,
            encoding: Encoding::Utf8,
        }
    }
}

/// One article to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Identifier: the manifest id, the JSONL `id`, or the file's path without extension.
    pub id: String,
    /// Source outlet, if known.
    pub source: Option<String>,
    /// Title, if known.
    pub title: Option<String>,
    /// Author, if known.
    pub author: Option<String>,
    /// Publication date (`YYYY-MM-DD` where known), if known.
    pub date: Option<String>,
    /// URL, if given.
    pub url: Option<String>,
    /// The article's text.
    pub text: String,
    /// The file it came from (`-` for standard input).
    pub file: String,
    /// The 1-based line of `file` where it starts.
    pub line: usize,
    /// What extraction removed before segmentation (a saved page's navigation, scripts…).
    pub removed: Vec<Removed>,
}

impl Article {
    /// A warning naming the article when the date its input gave cannot be read (it then
    /// counts as month `unknown` in reports).
    pub fn unreadable_date(&self) -> Option<String> {
        let d = self.date.as_deref().filter(|d| dates::parse(d).is_none())?;
        Some(format!(
            "{}:{}: article '{}': cannot read the date '{d}' (expected e.g. 2024-06-03, \
             3 June 2024, June 3, 2024 or June 2024); it counts as month unknown",
            self.file, self.line, self.id
        ))
    }
}

/// The columns CSV / TSV articles are read from; `author` and `url` are read when present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The article's text (required).
    pub text: String,
    /// Its id (else `file:line`).
    pub id: String,
    /// Source outlet.
    pub source: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            id: "id".into(),
            source: "source".into(),
            title: "title".into(),
            date: "date".into(),
        }
    }
}

/// An article's text and the metadata a structured format (Markdown, HTML) gave with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The text to segment: a title line, then one paragraph per line.
    pub text: String,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Date (`YYYY-MM-DD` where it could be read).
    pub date: Option<String>,
    /// Source outlet or site name.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// What extraction removed (a page's furniture), in document order.
    pub removed: Vec<Removed>,
}

/// Reads articles from `paths` in order; every path is checked before anything is read.
pub struct Articles {
    chunks: Chunks,
    current: Option<Box<dyn Iterator<Item = Result<Article>>>>,
    failed: bool,
    lenient: bool,
    skipped: Skipped,
}

/// The size of the chunks [`Articles::into_chunks`] cuts streams into.
pub const CHUNK_BYTES: usize = 256 << 10;

impl Articles {
    /// Expands `paths` (files, directories, `-`) into the inputs to read.
    pub fn open(paths: &[PathBuf], limits: Limits) -> Result<Self> {
        let (inputs, skipped) = walk::inputs(paths)?;
        Ok(Articles {
            chunks: Chunks::new(inputs, limits, CHUNK_BYTES),
            current: None,
            failed: false,
            lenient: false,
            skipped,
        })
    }

    /// The files of directories passed over because they are not text.
    pub fn skipped(&self) -> &Skipped {
        &self.skipped
    }

    /// Reads CSV / TSV articles from `columns` instead of the default ones.
    pub fn with_columns(mut self, columns: Columns) -> Self {
        self.chunks.set_columns(columns);
        self
    }

    /// Cuts streams into chunks of about `bytes` bytes instead of [`CHUNK_BYTES`].
    pub fn with_chunk_bytes(mut self, bytes: usize) -> Self {
        self.chunks.set_target(bytes);
        self
    }

    /// Reports a bad article (or an unreadable input) and goes on with the next, instead of
    /// stopping at the first: each error is still returned, in order.
    pub fn lenient(mut self, lenient: bool) -> Self {
        self.chunks.set_lenient(lenient);
        self.lenient = lenient;
        self
    }

    /// The input as chunks of whole lines, for parsing on worker threads; the articles of
    /// the chunks, in order, are this iterator's.
    pub fn into_chunks(self) -> Chunks {
        self.chunks
    }
}

impl Iterator for Articles {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            if let Some(cur) = self.current.as_mut() {
                match cur.next() {
                    Some(Err(e)) => {
                        self.failed = !self.lenient;
                        return Some(Err(e));
                    }
                    Some(ok) => return Some(ok),
                    None => self.current = None,
                }
            }
            match self.chunks.next()? {
                Ok(chunk) => self.current = Some(chunk.articles()),
                Err(e) => {
                    self.failed = !self.lenient;
                    return Some(Err(e));
                }
            }
        }
    }
}

fn read_text(path: &Path, limits: Limits) -> Result<String> {
    let max = limits.max_article_bytes as u64 * 16;
    let mut bytes = Vec::new();
    open::open_path(path)?
        .reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(Error::file(
            path,
            format!(
                "file is more than {max} bytes (16 × the article limit of {} bytes)",
                limits.max_article_bytes
            ),
        ));
    }
    // UTF-16 text is half NUL bytes: its byte-order mark says it is text.
    if let Some(at) = bytes
        .iter()
        .position(|&b| b == 0)
        .filter(|_| !encoding::is_utf16(&bytes))
    {
        return Err(Error::byte(
            path,
            at as u64,
            "binary data (NUL byte) in a text file",
        ));
    }
    limits.encoding.decode(&bytes, path, 0)
}

/// Checks an article against the limits, and that it has some text.
fn check_article(text: &str, file: &str, line: usize, limits: Limits) -> Result<()> {
    if text.len() > limits.max_article_bytes {
        return Err(Error::line(
            file,
            line,
            format!(
                "article of {} bytes is larger than the limit of {} bytes (raise --max-article-bytes)",
                text.len(),
                limits.max_article_bytes
            ),
        ));
    }
    // Counting line ends is cheap; non-blank lines are counted only when it is not enough.
    if text.bytes().filter(|&b| b == b'\n').count() >= limits.max_paragraphs {
        let paragraphs = text.lines().filter(|l| !l.trim().is_empty()).count();
        if paragraphs > limits.max_paragraphs {
            return Err(Error::line(
                file,
                line,
                format!(
                    "article of {paragraphs} paragraphs has more than the limit of {} (raise --max-paragraphs)",
                    limits.max_paragraphs
                ),
            ));
        }
    }
    if text.trim().is_empty() {
        return Err(Error::line(file, line, "empty article (no text to score)"));
    }
    Ok(())
}

/// The article of a Markdown or HTML file.
fn structured_article(path: &Path, id: String, kind: TextKind, limits: Limits) -> Result<Article> {
    let raw = read_text(path, limits)?;
    let file = display_path(path);
    let x = match kind {
        TextKind::Html => html::extract(&raw, &file)?,
        _ => markdown::extract(&raw),
    };
    check_article(&x.text, &file, 1, limits)?;
    Ok(Article {
        id,
        source: x.source,
        title: x.title,
        author: x.author,
        date: x.date,
        url: x.url,
        text: x.text,
        file,
        line: 1,
        removed: x.removed,
    })
}

/// The articles of one text file: one, or those its manifest lists.
fn text_articles(
    path: &Path,
    id: String,
    manifest: Option<&Manifest>,
    kind: TextKind,
    limits: Limits,
) -> Result<Vec<Article>> {
    if kind != TextKind::Plain {
        return Ok(vec![structured_article(path, id, kind, limits)?]);
    }
    let text = read_text(path, limits)?;
    let file = display_path(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let entries = manifest.map_or(&[][..], |m| m.entries(name));
    if entries.is_empty() {
        check_article(&text, &file, 1, limits)?;
        return Ok(vec![Article {
            id,
            source: None,
            title: None,
            author: None,
            date: None,
            url: None,
            text,
            file,
            line: 1,
            removed: Vec::new(),
        }]);
    }
    let lines: Vec<&str> = text.lines().collect();
    entries
        .iter()
        .map(|e| {
            let (a, b) = e.lines;
            if b > lines.len() {
                return Err(Error::file(
                    path,
                    format!(
                        "manifest article '{}' ends at line {b} but the file has {} lines",
                        e.id,
                        lines.len()
                    ),
                ));
            }
            let body = lines[a - 1..b].join("\n");
            check_article(&body, &file, a, limits)?;
            Ok(Article {
                id: e.id.clone(),
                source: unless_unknown(&e.source),
                title: unless_unknown(&e.title),
                author: unless_unknown(&e.author),
                date: unless_unknown(&e.date),
                url: None,
                text: body,
                file: file.clone(),
                line: a,
                removed: Vec::new(),
            })
        })
        .collect()
}

/// An article's fields as a JSONL line gives them — `{"id","source","title","author","date",
/// "url","text"}`, only `text` required, or `html` (a saved page, read as a `.html` file is)
/// in its place — or as an in-memory record does (a binding's list or data frame).
/// [`ArticleFields::into_article`] turns them into an [`Article`] the way `score` reads a
/// JSONL line, so every front end applies the same checks and defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ArticleFields {
    /// The article's text (empty when `html` gives it).
    #[serde(default)]
    pub text: String,
    /// A saved page whose article is the text, when `text` is not given.
    #[serde(default)]
    pub html: Option<String>,
    /// Its id.
    #[serde(default)]
    pub id: Option<String>,
    /// Source outlet.
    #[serde(default)]
    pub source: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Author.
    #[serde(default)]
    pub author: Option<String>,
    /// Date.
    #[serde(default)]
    pub date: Option<String>,
    /// URL.
    #[serde(default)]
    pub url: Option<String>,
}

impl ArticleFields {
    /// The fields of a JSON object read at `line` of `file`: `text` (or `html`) must be a
    /// string, the others strings or null (a numeric id is taken as written); other keys are
    /// ignored.
    pub fn from_object(
        map: &serde_json::Map<String, serde_json::Value>,
        file: &str,
        line: usize,
    ) -> Result<Self> {
        let html = opt_str(map, "html", file, line)?;
        let text = match (opt_str(map, "text", file, line)?, &html) {
            (Some(text), _) => text,
            (None, Some(_)) => String::new(),
            (None, None) => {
                return Err(Error::line(
                    file,
                    line,
                    "missing field 'text' (a string), or 'html' (a saved page)",
                ))
            }
        };
        Ok(ArticleFields {
            text,
            html,
            id: opt_str(map, "id", file, line)?,
            source: opt_str(map, "source", file, line)?,
            title: opt_str(map, "title", file, line)?,
            author: opt_str(map, "author", file, line)?,
            date: opt_str(map, "date", file, line)?,
            url: opt_str(map, "url", file, line)?,
        })
    }

    /// Whether these fields carry an article: some `text`, or an `html` page.
    fn has_text(&self) -> bool {
        !self.text.is_empty() || self.html.is_some()
    }

    /// The article these fields make when read at `line` (1-based) of `file`: checked
    /// against `limits` and for some text (errors name `file:line`), metadata given as
    /// `unknown` taken as unknown, and the id `file:line` when none is given. Without
    /// `text`, `html` is read as a saved page (its article and metadata; fields given here
    /// win over the page's).
    pub fn into_article(self, file: &str, line: usize, limits: Limits) -> Result<Article> {
        let page = match (&self.html, self.text.is_empty()) {
            (Some(html), true) => Some(html::extract(html, &format!("{file}:{line}"))?),
            _ => None,
        };
        let page = page.unwrap_or_default();
        let text = match self.text.is_empty() {
            true => page.text,
            false => self.text,
        };
        check_article(&text, file, line, limits)?;
        let known = |s: Option<String>| s.and_then(|s| unless_unknown(&s));
        Ok(Article {
            id: self.id.unwrap_or_else(|| format!("{file}:{line}")),
            source: known(self.source).or(page.source),
            title: known(self.title).or(page.title),
            author: known(self.author).or(page.author),
            date: known(self.date)
                .map(|d| dates::parse(&d).unwrap_or(d))
                .or(page.date),
            url: known(self.url).or(page.url),
            text,
            file: file.to_string(),
            line,
            removed: page.removed,
        })
    }
}

/// The articles of a JSONL stream read from `reader`, one per line, as `score` reads a
/// `.jsonl` file; `file` names the stream in messages. Stops at the first bad line.
pub fn read_jsonl<R: BufRead + 'static>(
    reader: R,
    file: &str,
    limits: Limits,
) -> impl Iterator<Item = Result<Article>> {
    jsonl_articles(reader, file.to_string(), limits, (0, 0), false)
}

/// The articles of a JSONL stream that starts `start` = (lines, bytes) into its file.
fn jsonl_articles<R: BufRead + 'static>(
    reader: R,
    file: String,
    limits: Limits,
    start: (usize, u64),
    lenient: bool,
) -> impl Iterator<Item = Result<Article>> {
    let mut lines = JsonLines::new(reader, file.clone(), limits.max_line_bytes)
        .with_encoding(limits.encoding)
        .starting_at(start.0, start.1)
        .lenient(lenient);
    std::iter::from_fn(move || {
        lines.next_with(|text, line| {
            // The typed parse is the fast path; anything it does not accept (another type, a
            // duplicate key) is parsed again as a generic object for its message. It would
            // take a JSON array as the fields in order: objects only.
            let typed = match text.trim_start().starts_with('{') {
                true => serde_json::from_str::<ArticleFields>(text)
                    .ok()
                    .filter(ArticleFields::has_text),
                false => None,
            };
            let fields = match typed {
                Some(f) => f,
                None => ArticleFields::from_object(&parse_object(text, &file, line)?, &file, line)?,
            };
            fields.into_article(&file, line, limits)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::encoding::utf16;
    use super::*;

    fn collect(paths: &[&Path]) -> Result<Vec<Article>> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
        Articles::open(&paths, Limits::default())?.collect()
    }

    #[test]
    fn directory_walk_is_sorted_and_skips_other_files() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("b.txt"), "Second.\n").unwrap();
        std::fs::write(d.path().join("a.md"), "First.\n").unwrap();
        std::fs::write(d.path().join("notes.pdf"), "%PDF").unwrap();
        std::fs::write(d.path().join(".hidden.txt"), "Hidden.\n").unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(
            d.path().join("sub/c.jsonl"),
            "{\"id\":\"x\",\"source\":\"S\",\"text\":\"Third.\"}\n",
        )
        .unwrap();
        let got = collect(&[d.path()]).unwrap();
        let ids: Vec<&str> = got.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "x"]);
        assert_eq!(got[2].source.as_deref(), Some("S"));
    }

    #[test]
    fn missing_path_and_empty_directory_are_errors() {
        let d = tempfile::tempdir().unwrap();
        let err = collect(&[&d.path().join("nope")]).unwrap_err().to_string();
        assert!(
            err.contains("nope") && err.contains("No such file"),
            "{err}"
        );
        let err = collect(&[d.path()]).unwrap_err().to_string();
        assert!(err.contains("no articles found"), "{err}");
    }

    #[test]
    fn non_utf8_and_binary_name_the_byte() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("latin.txt");
        std::fs::write(&p, b"caf\xe9 au lait\n").unwrap();
        let err = collect(&[&p]).unwrap_err().to_string();
        assert!(
            err.contains(
                "latin.txt: byte 3: not valid UTF-8 (convert the file, or pass --encoding latin1"
            ),
            "{err}"
        );
        std::fs::write(&p, b"abc\0def").unwrap();
        assert!(collect(&[&p])
            .unwrap_err()
            .to_string()
            .contains("byte 3: binary data"));
    }

    #[test]
    fn utf16_text_and_jsonl_files_are_read_by_their_byte_order_mark() {
        let d = tempfile::tempdir().unwrap();
        for be in [false, true] {
            let t = d.path().join(format!("a{be}.txt"));
            std::fs::write(&t, utf16("NATO’s role in Asia.\n", be)).unwrap();
            let j = d.path().join(format!("b{be}.jsonl"));
            let line = "{\"id\":\"j\",\"source\":\"北约\",\"text\":\"Text.\"}\n";
            std::fs::write(&j, utf16(&line.repeat(3), be)).unwrap();
            let got = collect(&[&t, &j]).unwrap();
            assert_eq!(got.len(), 4);
            assert_eq!(got[0].text, "NATO’s role in Asia.\n");
            assert_eq!(got[1].source.as_deref(), Some("北约"));
            assert_eq!(got[3].line, 3);
        }
    }

    #[test]
    fn jsonl_missing_text_names_the_line() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.jsonl");
        std::fs::write(&p, "{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"2\"}\n").unwrap();
        let got: Vec<Result<Article>> = Articles::open(std::slice::from_ref(&p), Limits::default())
            .unwrap()
            .collect();
        assert!(got[0].is_ok());
        let err = got[1].as_ref().unwrap_err().to_string();
        assert!(
            err.ends_with("a.jsonl:2: missing field 'text' (a string), or 'html' (a saved page)"),
            "{err}"
        );
    }

    #[test]
    fn in_memory_fields_are_read_as_a_jsonl_line_is() {
        let map = |s: &str| match serde_json::from_str(s).unwrap() {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        };
        let f = ArticleFields::from_object(
            &map(r#"{"id":7,"source":"unknown","title":"T","text":"Body.","extra":[1]}"#),
            "<input>",
            3,
        )
        .unwrap();
        assert_eq!(f.id.as_deref(), Some("7"));
        let a = f.into_article("<input>", 3, Limits::default()).unwrap();
        assert_eq!((a.source, a.title.as_deref(), a.line), (None, Some("T"), 3));
        let a = ArticleFields {
            text: "Body.".into(),
            ..ArticleFields::default()
        }
        .into_article("<input>", 3, Limits::default())
        .unwrap();
        assert_eq!(a.id, "<input>:3");
        let err = ArticleFields::from_object(&map(r#"{"text":"x","date":[2024]}"#), "<input>", 2)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "<input>:2: field 'date' must be a string, found an array"
        );
        let err = ArticleFields::default()
            .into_article("<input>", 5, Limits::default())
            .unwrap_err()
            .to_string();
        assert_eq!(err, "<input>:5: empty article (no text to score)");
    }

    #[test]
    fn manifest_splits_a_file_into_articles() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("page.txt"),
            "Menu\nOne\nbody one.\nLink\nTwo\nbody two.\n",
        )
        .unwrap();
        std::fs::write(
            d.path().join("manifest.json"),
            r#"{"format":"standpoint-manifest","version":1,"articles":[
              {"id":"one","file":"page.txt","lines":[2,3],"source":"A","title":"One","author":"unknown","date":"2024-07-09"},
              {"id":"two","file":"page.txt","lines":[5,6],"source":"unknown","title":"Two","author":"unknown","date":"unknown"}]}"#,
        )
        .unwrap();
        let got = collect(&[d.path()]).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].text, "One\nbody one.");
        assert_eq!(
            (got[0].line, got[0].date.as_deref()),
            (2, Some("2024-07-09"))
        );
        assert_eq!(
            (got[1].id.as_str(), got[1].source.as_deref()),
            ("two", None)
        );
        // The file named directly uses the manifest too.
        assert_eq!(collect(&[&d.path().join("page.txt")]).unwrap().len(), 2);
    }

    #[test]
    fn article_size_limit() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.txt");
        std::fs::write(&p, "x".repeat(100)).unwrap();
        let limits = Limits {
            max_article_bytes: 50,
            ..Limits::default()
        };
        let r: Result<Vec<Article>> = Articles::open(&[p], limits).unwrap().collect();
        assert!(r
            .unwrap_err()
            .to_string()
            .contains("larger than the limit of 50 bytes"));
    }
}
