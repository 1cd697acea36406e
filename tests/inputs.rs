//! The inputs analysts have: saved web pages, Markdown, CSV / TSV exports, compressed
//! archives, and files that are not text — read (or refused) by the reading commands.

use std::io::Write;
use std::path::{Path, PathBuf};

mod common;

use common::{jsonl, root, standpoint};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/inputs").join(name)
}

/// Runs `args`, asserts success, and returns stdout and stderr.
fn run(args: &[&str]) -> (String, String) {
    let out = standpoint().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} failed: {err}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), err)
}

/// Runs `args`, asserts a clean failure, and returns the message.
fn fails(args: &[&str]) -> String {
    let out = standpoint().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail: {err}");
    assert!(err.starts_with("standpoint: error: "), "{err}");
    err
}

fn score(path: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["score", "--format", "jsonl"];
    args.extend(extra);
    let p = path.to_str().unwrap();
    args.push(p);
    jsonl(run(&args).0.as_bytes())
}

#[test]
fn a_saved_page_keeps_the_article_and_its_metadata_and_drops_the_furniture() {
    let page = fixture("saved-page.html");
    let a = &score(&page, &[])[0];
    assert_eq!(a["id"], "saved-page");
    assert_eq!(a["title"], "Allies weigh a liaison office in Tokyo");
    assert_eq!(a["source"], "The Harbour Ledger");
    assert_eq!(a["author"], "Mariko Tanaka");
    assert_eq!(a["date"], "2024-06-03");
    assert_eq!(
        a["url"],
        "https://ledger.example.com/world/2024/06/03/liaison-office-tokyo"
    );
    let (seg, _) = run(&["segment", "--format", "jsonl", page.to_str().unwrap()]);
    assert!(seg.contains("Critics in several capitals counter"), "{seg}");
    assert!(seg.contains("An office is not a base"), "{seg}");
    for furniture in [
        "cookies",
        "Accept all",
        "Subscribe",
        "Related stories",
        "Five things to know",
        "Great article",
        "worst idea",
        "gtag",
        "font-family",
        "All rights reserved",
        "Photo: Ledger staff",
        "<p",
    ] {
        assert!(!seg.contains(furniture), "{furniture:?} kept in {seg}");
    }
}

/// The rows `segment --dropped` marks as removed from a page: (what, text).
fn removed_rows(listing: &str) -> Vec<(String, String)> {
    listing
        .lines()
        .filter_map(|l| l.strip_prefix(" page  - "))
        .map(|r| {
            let (what, text) = r.split_once(' ').unwrap();
            (what.to_string(), text.trim().to_string())
        })
        .collect()
}

#[test]
fn segment_dropped_shows_what_extraction_removed_from_saved_pages() {
    let page = fixture("ferry-page.html");
    let (listing, _) = run(&["segment", "--dropped", page.to_str().unwrap()]);
    let removed = removed_rows(&listing);
    let find = |what: &str, words: &str| {
        assert!(
            removed.iter().any(|(w, t)| w == what && t.contains(words)),
            "no {what} row with {words:?} in {listing}"
        )
    };
    find("cookie-banner", "use cookies to personalise content");
    find("navigation", "Local Weather Sport");
    find("navigation", "Home · Local · Transport");
    find("advert", "Advertisement");
    find("share", "Share on social media");
    find("caption", "Photo: Courier staff");
    find("newsletter", "Sign up for our free newsletter");
    find("related-links", "Harbour car park to close");
    find("comments", "About time.");
    find("footer", "14 Quay Street");
    find("script", "courierAds.slots.push");
    find("script", "src=/assets/app.81c2.js");
    find("style", "#consent-overlay");
    find("metadata", "NewsArticle");
    // One row per piece of furniture: the two comments are one entry.
    assert_eq!(removed.iter().filter(|(w, _)| w == "comments").count(), 1);
    // Nothing kept is listed as removed, and nothing removed reaches the paragraphs.
    let (kept, _) = run(&["segment", "--format", "jsonl", page.to_str().unwrap()]);
    assert_eq!(jsonl(kept.as_bytes()).len(), 6, "{kept}");
    for (_, text) in &removed {
        assert!(!text.contains("Gull Island will keep four"), "{listing}");
    }
    for furniture in [
        "More from Local",
        "Library extends",
        "harbourwatcher",
        "I agree",
    ] {
        assert!(!kept.contains(furniture), "{furniture:?} kept in {kept}");
    }
    // Without --dropped the listing has no removed rows.
    let (plain, _) = run(&["segment", page.to_str().unwrap()]);
    assert!(removed_rows(&plain).is_empty(), "{plain}");

    // A blog page: theme furniture around the post, WordPress-style comments.
    let blog = fixture("orchard-blog.htm");
    let (listing, _) = run(&["segment", "--dropped", blog.to_str().unwrap()]);
    let removed = removed_rows(&listing);
    for (what, words) in [
        ("cookie-banner", "This website uses cookies"),
        ("navigation", "Home · Events · Clubs · Contact"),
        ("navigation", "Previous post"),
        ("share", "Share this:"),
        ("comments", "2 thoughts on"),
        ("aside", "Recent Posts"),
        ("style", "--wp--preset"),
    ] {
        assert!(
            removed.iter().any(|(w, t)| w == what && t.contains(words)),
            "no {what} row with {words:?} in {listing}"
        );
    }
    let a = &score(&blog, &[])[0];
    assert_eq!(a["paragraphs"], 5, "title and four paragraphs: {a}");
    assert_eq!(
        (&a["author"], &a["date"]),
        (&"Priya Shah".into(), &"2022-09-24".into())
    );
}

#[test]
fn an_html_field_in_jsonl_is_read_as_a_saved_page_by_every_reading_command() {
    let d = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(fixture("ferry-page.html")).unwrap();
    let lines = [
        serde_json::json!({"id": "ferry", "html": page}),
        // Fields given next to the page win over its metadata.
        serde_json::json!({"id": "mine", "html": page, "title": "My title", "source": "Desk"}),
        serde_json::json!({"id": "plain", "text": "Plain text wins.\nIt is read as text.", "html": "<p>x</p>"}),
    ];
    let input = d.path().join("crawl.jsonl");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, &body).unwrap();
    let p = input.to_str().unwrap();
    let a = score(&input, &[]);
    assert_eq!(
        a[0]["title"],
        "Island ferry adds a winter timetable after a busy summer"
    );
    assert_eq!(a[0]["source"], "Coastline Courier");
    assert_eq!(a[0]["author"], "Tomas Reyes");
    assert_eq!(a[0]["date"], "2023-10-12");
    assert_eq!(
        a[0]["url"],
        "https://courier.example.org/local/2023/10/12/ferry-winter-timetable"
    );
    // Title and five paragraphs: the byline line is dropped by segmentation.
    assert_eq!(a[0]["paragraphs"], 6, "{}", a[0]);
    assert_eq!(
        (&a[1]["title"], &a[1]["source"]),
        (&"My title".into(), &"Desk".into())
    );
    assert_eq!(a[1]["author"], "Tomas Reyes");
    assert_eq!(a[2]["paragraphs"], 2, "{}", a[2]);
    // The file's scores equal those of the page read as a .html file.
    let html = score(&fixture("ferry-page.html"), &[]);
    assert_eq!(a[0]["stance"], html[0]["stance"]);

    let (listing, _) = run(&["segment", "--dropped", p]);
    assert!(
        listing.contains(" page  - cookie-banner We and our partners"),
        "{listing}"
    );
    assert!(
        !listing.contains("body            harbourwatcher"),
        "{listing}"
    );
    let (why, _) = run(&["explain", p]);
    assert!(why.contains("ferry"), "{why}");
    let (report, _) = run(&["report", "--format", "json", p]);
    assert!(report.contains("Coastline Courier"), "{report}");
    let piped = standpoint()
        .args(["report", "--format", "json", "-"])
        .write_stdin(body.clone())
        .output()
        .unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&piped.stdout), report);
    let answers = d.path().join("answers.jsonl");
    let labelled = standpoint()
        .args(["label", "--task", "stance", "--pool", p, "--out"])
        .arg(&answers)
        .write_stdin("q\n")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&labelled.stdout);
    assert!(
        labelled.status.success(),
        "{}",
        String::from_utf8_lossy(&labelled.stderr)
    );
    assert!(
        !shown.contains("We and our partners use cookies"),
        "{shown}"
    );

    // A page with no article is an error naming the line.
    std::fs::write(
        &input,
        "{\"id\":\"ok\",\"text\":\"Fine.\"}\n{\"id\":\"menu\",\"html\":\"<html><head><title>Menu</title></head><body><img src=a.png></body></html>\"}\n",
    )
    .unwrap();
    let err = fails(&["score", p]);
    assert!(
        err.contains("crawl.jsonl:2: no article text found"),
        "{err}"
    );
    // Neither field: the message names both.
    std::fs::write(&input, "{\"id\":\"x\"}\n").unwrap();
    let err = fails(&["score", p]);
    assert!(
        err.contains("crawl.jsonl:1: missing field 'text' (a string), or 'html' (a saved page)"),
        "{err}"
    );
}

#[test]
fn a_page_without_article_text_is_an_error_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("menu.html");
    std::fs::write(&p, "<html><head><title>Menu</title><script>var x = 1;</script></head><body><img src='a.png'></body></html>").unwrap();
    let err = fails(&["score", p.to_str().unwrap()]);
    assert!(err.contains("menu.html"), "{err}");
}

#[test]
fn markdown_is_read_as_markdown() {
    let md = fixture("op-ed.md");
    let a = &score(&md, &[])[0];
    assert_eq!(a["title"], "Why the alliance should look east with care");
    assert_eq!(a["source"], "The Quarterly Review");
    assert_eq!(a["author"], "Jane Doe");
    assert_eq!(a["date"], "2024-06-03");
    assert_eq!(a["url"], "https://review.example.org/2024/look-east");
    let (seg, _) = run(&["segment", "--format", "jsonl", md.to_str().unwrap()]);
    let paragraphs: Vec<String> = jsonl(seg.as_bytes())
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paragraphs[0], "Why the alliance should look east with care");
    assert!(paragraphs[1].starts_with("The debate over a larger role in Asia"));
    assert!(paragraphs[1].contains("a question of capacity and of priorities"));
    for p in &paragraphs {
        for bad in [
            "#",
            "*",
            "](",
            "By Jane Doe",
            "senior fellow",
            "Figure data",
            "What supporters say",
            "title:",
        ] {
            assert!(!p.contains(bad), "{bad:?} in {p:?}");
        }
    }
}

#[test]
fn csv_and_tsv_exports_are_articles_with_named_columns() {
    let csv = fixture("exports.csv");
    let err = fails(&["score", csv.to_str().unwrap()]);
    assert!(
        err.contains("exports.csv:1: no text column 'text' (the header has id, source, title, date, author, url, body, section); name it with --text-field"),
        "{err}"
    );
    let got = score(&csv, &["--text-field", "body"]);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0]["id"], "csv-1");
    assert_eq!(got[0]["author"], "Mariko Tanaka");
    assert_eq!(got[0]["url"], "https://ledger.example.com/1");
    let dates: Vec<&str> = got.iter().map(|a| a["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-06-03", "2024-06-03", "2024-06"]);
    assert_eq!(got[2]["source"], "unknown");
    // Other column names, and rows without an id named by file and line.
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("export.csv");
    std::fs::write(
        &p,
        "headline,outlet,content\nOne,Ledger,First text.\nTwo,Review,\"Second, quoted text.\"\n",
    )
    .unwrap();
    let got = score(
        &p,
        &[
            "--text-field",
            "content",
            "--source-field",
            "outlet",
            "--title-field",
            "headline",
        ],
    );
    assert_eq!(got[1]["source"], "Review");
    assert_eq!(got[1]["title"], "Two");
    assert!(
        got[1]["id"].as_str().unwrap().ends_with("export.csv:3"),
        "{}",
        got[1]["id"]
    );
    let tsv = score(&fixture("exports.tsv"), &[]);
    assert_eq!(tsv.len(), 2);
    assert_eq!(tsv[1]["date"], "2024-06-03");
    // report and segment read them too.
    let (rep, _) = run(&[
        "report",
        "--format",
        "csv",
        "--text-field",
        "body",
        csv.to_str().unwrap(),
    ]);
    assert!(rep.contains("Harbour Ledger"), "{rep}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn compressed_inputs_read_as_their_plain_form() {
    let d = tempfile::tempdir().unwrap();
    let plain = std::fs::read(root().join("tests/fixtures/inputs/op-ed.md")).unwrap();
    let lines: String = (0..300)
        .map(|i| {
            format!(
                "{{\"id\":\"a{i}\",\"source\":\"S\",\"text\":\"Article {i} on the summit.\"}}\n"
            )
        })
        .collect();
    std::fs::write(d.path().join("a.jsonl"), &lines).unwrap();
    std::fs::write(d.path().join("b.jsonl.gz"), gzip(lines.as_bytes())).unwrap();
    std::fs::write(
        d.path().join("c.jsonl.zst"),
        zstd::encode_all(lines.as_bytes(), 3).unwrap(),
    )
    .unwrap();
    std::fs::write(d.path().join("op-ed.md.gz"), gzip(&plain)).unwrap();
    let a = score(&d.path().join("a.jsonl"), &[]);
    assert_eq!(score(&d.path().join("b.jsonl.gz"), &[]), a);
    assert_eq!(score(&d.path().join("c.jsonl.zst"), &[]), a);
    let md = score(&d.path().join("op-ed.md.gz"), &[]);
    assert_eq!(md[0]["id"], "op-ed");
    assert_eq!(md[0]["author"], "Jane Doe");
    // Standard input is decompressed too.
    let out = standpoint()
        .args(["score", "--format", "jsonl", "-"])
        .write_stdin(gzip(lines.as_bytes()))
        .output()
        .unwrap();
    assert_eq!(jsonl(&out.stdout), a);
    // A directory walk reads them all (the .md.gz as Markdown).
    assert_eq!(score(d.path(), &[]).len(), 901);
    // A truncated stream is an error naming the file and where it broke, after the
    // articles read before it.
    let big: String = (0..5000)
        .map(|i| format!("{{\"id\":\"t{i}\",\"text\":\"Article number {i} about ports, budgets and ships.\"}}\n"))
        .collect();
    let gz = gzip(big.as_bytes());
    let t = d.path().join("cut.jsonl.gz");
    std::fs::write(&t, &gz[..gz.len() / 2]).unwrap();
    let err = fails(&["score", "--format", "jsonl", t.to_str().unwrap()]);
    assert!(
        err.contains("cut.jsonl.gz: corrupt or truncated gzip stream after decompressed byte"),
        "{err}"
    );
    // A file named .gz that is not gzip says so.
    let fake = d.path().join("fake.jsonl.gz");
    std::fs::write(&fake, &lines).unwrap();
    let err = fails(&["score", fake.to_str().unwrap()]);
    assert!(
        err.contains("fake.jsonl.gz: named as gzip but it is not gzip data"),
        "{err}"
    );
}

#[test]
fn label_files_may_be_compressed() {
    let d = tempfile::tempdir().unwrap();
    let labels = std::fs::read(common::seed_labels()).unwrap();
    let p = d.path().join("labels.jsonl.gz");
    std::fs::write(&p, gzip(&labels)).unwrap();
    let (out, _) = run(&[
        "evaluate",
        "--task",
        "stance",
        "--cv",
        "3",
        "--data",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.contains("macro_f1"), "{out}");
}

/// A folder of what an analyst's downloads hold.
fn downloads() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.path().join(name), bytes).unwrap();
    w(
        "story.txt",
        b"Ministers met in Brussels.\n\nThey discussed the summit.\n",
    );
    w(
        "report.pdf",
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
    );
    w(
        "renamed.txt",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>\n",
    );
    w(
        "brief.docx",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
    );
    w("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    w("notes.json", b"{}");
    d
}

#[test]
fn files_that_are_not_text_are_refused_by_name_and_skipped_in_folders_with_one_warning() {
    let d = downloads();
    let renamed = d.path().join("renamed.txt");
    let err = fails(&["score", renamed.to_str().unwrap()]);
    assert!(
        err.contains(
            "renamed.txt: this is a PDF, not text: convert it to text first, e.g. `pdftotext"
        ),
        "{err}"
    );
    let err = fails(&["segment", d.path().join("brief.docx").to_str().unwrap()]);
    assert!(
        err.contains("brief.docx: this is an Office document or zip archive"),
        "{err}"
    );
    assert!(err.contains("pandoc"), "{err}");
    let dir = d.path().to_str().unwrap();
    for cmd in ["score", "segment"] {
        let (out, err) = run(&[cmd, "--format", "jsonl", dir]);
        let key = if cmd == "score" { "id" } else { "article" };
        let mut articles: Vec<String> = jsonl(out.as_bytes())
            .iter()
            .map(|a| a[key].as_str().unwrap().to_string())
            .collect();
        articles.dedup();
        assert_eq!(articles, ["story"], "{cmd}");
        assert_eq!(
            err,
            "standpoint: warning: skipped 4 files that are not text: 2 PDF, 1 Office document \
             or zip archive, 1 image (convert them to text, HTML or CSV to score them)\n",
            "{cmd}"
        );
        let (_, err) = run(&[cmd, "--quiet", "--format", "jsonl", dir]);
        assert_eq!(err, "", "{cmd} --quiet");
    }
}

#[test]
fn an_unreadable_date_is_a_warning_naming_the_article_for_every_reading_command() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("dated.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"good\",\"date\":\"3 June 2024\",\"source\":\"A\",\"text\":\"The council met.\"}\n\
         {\"id\":\"odd\",\"date\":\"the week after Easter\",\"source\":\"A\",\"text\":\"The council met again.\"}\n",
    )
    .unwrap();
    let p = input.to_str().unwrap();
    let warning = "dated.jsonl:2: article 'odd': cannot read the date 'the week after Easter'";
    let answers = d.path().join("answers.jsonl");
    let a = answers.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["score", "--format", "jsonl", p],
        &["report", p],
        &["segment", p],
        &["explain", p],
        &["label", "--task", "stance", "--pool", p, "--out", a],
    ];
    for args in commands {
        let out = standpoint().args(args).write_stdin("q\n").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert_eq!(err.matches(warning).count(), 1, "{args:?}: {err}");
        assert!(!err.contains("'good'"), "{args:?}: {err}");
        let mut quiet = args.to_vec();
        quiet.push("--quiet");
        let out = standpoint()
            .args(&quiet)
            .write_stdin("q\n")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("cannot read the date"), "{quiet:?}: {err}");
    }
    // Raw articles piped into `report -` are warned about too.
    let out = standpoint()
        .args(["report", "-"])
        .write_stdin(std::fs::read(&input).unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("-:2: article 'odd': cannot read the date"),
        "{err}"
    );
}
