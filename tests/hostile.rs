//! Hostile input against every command: broken encodings, binary junk, empty and giant
//! files, malformed and mistyped JSONL, bad labels, duplicate ids, conflicting labels, bad
//! model files, missing paths, unwritable outputs, and SIGKILL during `train` and `label`.
//!
//! Each case must end with exit code 1 and one `standpoint: error:` message that names the
//! file (and the line or byte where one applies), never a panic, and must leave every file
//! that existed before exactly as it was. The documented lossy modes (`score --skip-bad`,
//! `report --dedup`, `train --allow-conflicts`, `--encoding latin1`) warn and go on.

use std::path::{Path, PathBuf};

use serde_json::json;

mod common;

use common::{root, seed_labels, standpoint_in as standpoint};

/// Runs `args` in `dir`, asserts a clean failure whose message contains every one of
/// `expect`, and returns the message.
fn fails(dir: &Path, args: &[&str], expect: &[&str]) -> String {
    let out = standpoint(dir).args(args).write_stdin("").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail: {err}");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(
        err.starts_with("standpoint: error: ") || err.contains("\nstandpoint: error: "),
        "{args:?}: no error line: {err}"
    );
    for e in expect {
        assert!(err.contains(e), "{args:?}: expected {e:?} in: {err}");
    }
    err
}

/// Runs `args` in `dir`, asserts success, and returns stdout and stderr.
fn succeeds(dir: &Path, args: &[&str]) -> (String, String) {
    let out = standpoint(dir).args(args).write_stdin("").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} failed: {err}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), err)
}

/// `train` arguments for the stance task without cross-validation.
fn train<'a>(data: &'a str, out: &'a str) -> [&'a str; 9] {
    [
        "train", "--task", "stance", "--cv", "none", "--data", data, "--out", out,
    ]
}

/// A folder with the hostile files, plus an existing model, label file and report that
/// failing commands must leave alone.
struct Fixture {
    dir: tempfile::TempDir,
    /// (path, content) of every file that existed before the commands ran.
    before: Vec<(PathBuf, Vec<u8>)>,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
        w(
            "latin1.txt",
            b"NATO in Asia.\n\nThe caf\xe9 near the summit was full.\n",
        );
        w(
            "latin1.jsonl",
            b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"caf\xe9\"}\n",
        );
        w(
            "latin1_labels.jsonl",
            b"{\"id\":\"a\",\"text\":\"NATO in Asia\",\"stance\":\"NONE\"}\n{\"id\":\"b\",\"text\":\"caf\xe9\",\"stance\":\"NONE\"}\n",
        );
        let mut binary = b"\x89PNG\r\n\x1a\n".to_vec();
        binary.extend((0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8));
        w("binary.txt", &binary);
        w("binary.jsonl", &binary);
        w("junk.txt", b"\x13\x37junk\0\x01\x02");
        w(
            "renamed_pdf.txt",
            b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
        );
        let articles: String = (0..3000)
            .map(|i| {
                format!("{{\"id\":\"g{i}\",\"text\":\"Article {i} on ports and budgets.\"}}\n")
            })
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, articles.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        w("truncated.jsonl.gz", &gz[..gz.len() * 2 / 3]);
        let zst = zstd::encode_all(articles.as_bytes(), 3).unwrap();
        w("truncated.jsonl.zst", &zst[..zst.len() / 2]);
        w(
            "no_text.html",
            b"<html><head><title>Menu</title></head><body><img src=a.png></body></html>",
        );
        w(
            "broken.html",
            b"<html><head><title>Broken</title><body><nav><a href=/>Home</nav><div class=story><p>An unclosed paragraph about the summit, where ministers from many member states argued for hours about budgets, ports and the shipping lanes that connect them\n<p>Another <b>bold <i>claim</b> that ministers made late in the evening, when the communique was finally agreed after a long and difficult negotiation between the delegations</div></td></table><p>A third paragraph, outside any container, says that the next meeting will be held in the spring and that officials will report on progress.<script>if (a < b) {",
        );
        w("no_text_column.csv", b"id,headline\n1,Hello\n");
        w("short_row.csv", b"id,text\n1,\"A full row.\"\n2\n");
        w("empty.csv", b"");
        w(
            "unclosed_quote.csv",
            format!("id,text\n1,fine\n2,\"never closed {}", "word ".repeat(2000)).as_bytes(),
        );
        w(
            "bad_page.jsonl",
            b"{\"id\":\"p\",\"html\":\"<html><body><script>x()</script></body></html>\"}\n",
        );
        w("empty.txt", b"");
        w("empty.jsonl", b"");
        w("blank.jsonl", b"\n\n  \n");
        std::fs::create_dir(d.join("no_articles")).unwrap();
        w("no_articles/notes.pdf", b"%PDF-1.4");
        w("no_articles/data.json", b"{\"a\": [1, 2]}\n");
        w(
            "malformed.jsonl",
            b"{\"id\":\"a\",\"text\":\"NATO opened an office.\"}\n{\"id\":\"b\",\"text\":\"unterminated\n",
        );
        w(
            "no_text.jsonl",
            b"{\"id\":\"a\",\"text\":\"NATO.\"}\n{\"id\":\"b\",\"title\":\"no body\"}\n",
        );
        w(
            "text_number.jsonl",
            b"{\"id\":\"a\",\"text\":\"NATO.\"}\n{\"id\":\"b\",\"text\":42}\n",
        );
        w("array_line.jsonl", b"[\"not\", \"an\", \"object\"]\n");
        let line = |id: &str, text: &str| json!({"id": id, "source": "Wire", "text": text});
        let dup = [
            line("x1", "Tokyo will host a NATO liaison office."),
            line("x2", "Beijing warned of bloc confrontation."),
            line("x1", "Analysts expect little change."),
        ];
        w(
            "duplicate_ids.jsonl",
            dup.iter()
                .map(|v| v.to_string() + "\n")
                .collect::<String>()
                .as_bytes(),
        );
        let seed = std::fs::read_to_string(seed_labels()).unwrap();
        let rows: Vec<serde_json::Value> = seed
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut bad_label = rows[..5].to_vec();
        bad_label[3]["stance"] = json!("MAYBE");
        let mut conflict = rows[..30].to_vec();
        let mut twin = rows[2].clone();
        twin["id"] = json!("twin");
        twin["stance"] = json!(if rows[2]["stance"] == "FAVOR" {
            "AGAINST"
        } else {
            "FAVOR"
        });
        conflict.push(twin);
        let mut dup_label_ids = rows[..30].to_vec();
        let mut copy = rows[7].clone();
        copy["text"] = json!("A different paragraph that reuses an id.");
        dup_label_ids.push(copy);
        let jsonl = |rows: &[serde_json::Value]| -> Vec<u8> {
            rows.iter()
                .map(|r| r.to_string() + "\n")
                .collect::<String>()
                .into_bytes()
        };
        w("bad_label.jsonl", &jsonl(&bad_label));
        w("conflict.jsonl", &jsonl(&conflict));
        w("dup_label_ids.jsonl", &jsonl(&dup_label_ids));
        w(
            "bad_label.csv",
            b"text,stance\n\"NATO opens an office\",NONE\n\"Tokyo joins\",SIDEWAYS\n",
        );
        let model = std::fs::read(root().join("models/stance.json")).unwrap();
        w("truncated.json", &model[..model.len() / 3]);
        let text = String::from_utf8(model.clone()).unwrap();
        assert!(text.contains("\"format_version\":3"));
        w(
            "future.json",
            text.replacen("\"format_version\":3", "\"format_version\":9", 1)
                .as_bytes(),
        );
        w("not_json.json", b"<html>not a model</html>\n");
        // Files a user cares about, which no failing command may touch.
        w("model.json", &model);
        w("answers.jsonl", &jsonl(&rows[..3]));
        w("report.csv", b"source,n\nWire,1\n");
        let before = [
            "model.json",
            "answers.jsonl",
            "report.csv",
            "malformed.jsonl",
        ]
        .iter()
        .map(|n| (d.join(n), std::fs::read(d.join(n)).unwrap()))
        .collect();
        Fixture { dir, before }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Every file that existed before is unchanged, and no temporary file is left.
    fn intact(&self) {
        for (p, bytes) in &self.before {
            assert_eq!(&std::fs::read(p).unwrap(), bytes, "{} changed", p.display());
        }
        for e in std::fs::read_dir(self.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.contains(".tmp-"), "left a temporary file: {name}");
        }
    }
}

#[test]
fn non_utf8_input_is_refused_with_the_byte_unless_an_encoding_is_given() {
    let f = Fixture::new();
    let d = f.path();
    fails(
        d,
        &["score", "latin1.txt"],
        &["latin1.txt: byte 22: not valid UTF-8"],
    );
    fails(d, &["segment", "latin1.txt"], &["latin1.txt: byte 22"]);
    fails(
        d,
        &["score", "latin1.jsonl"],
        &["latin1.jsonl:2: ", "byte 44"],
    );
    fails(
        d,
        &["explain", "--task", "stance", "latin1.jsonl"],
        &["latin1.jsonl:2"],
    );
    fails(d, &["report", "latin1.jsonl"], &["latin1.jsonl:2"]);
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "latin1.txt",
            "--out",
            "answers.jsonl",
        ],
        &["latin1.txt: byte 22"],
    );
    fails(
        d,
        &train("latin1_labels.jsonl", "model.json"),
        &["latin1_labels.jsonl:2", "--encoding latin1"],
    );
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--cv",
            "3",
            "--data",
            "latin1_labels.jsonl",
        ],
        &["latin1_labels.jsonl:2", "--encoding latin1"],
    );
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--model",
            "model.json",
            "--data",
            "latin1_labels.jsonl",
        ],
        &["latin1_labels.jsonl:2"],
    );
    // The documented way in: an explicit encoding.
    let (out, _) = succeeds(
        d,
        &[
            "score",
            "--encoding",
            "latin1",
            "--format",
            "jsonl",
            "latin1.txt",
        ],
    );
    assert_eq!(out.lines().count(), 1);
    succeeds(
        d,
        &[
            "segment",
            "--encoding",
            "latin1",
            "--format",
            "jsonl",
            "latin1.jsonl",
        ],
    );
    f.intact();
}

#[test]
fn binary_files_are_refused_by_every_reader() {
    let f = Fixture::new();
    let d = f.path();
    // binary.* start with PNG's magic number: refused as images, with advice.
    let image = "this is an image, not text";
    fails(d, &["score", "binary.txt"], &["binary.txt: ", image, "OCR"]);
    fails(d, &["score", "binary.jsonl"], &["binary.jsonl: ", image]);
    fails(d, &["segment", "binary.txt"], &["binary.txt: ", image]);
    fails(d, &["report", "binary.jsonl"], &["binary.jsonl: ", image]);
    fails(
        d,
        &["explain", "--task", "stance", "binary.txt"],
        &["binary.txt: ", image],
    );
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "binary.jsonl",
            "--out",
            "answers.jsonl",
        ],
        &["binary.jsonl: ", image],
    );
    fails(
        d,
        &train("binary.jsonl", "model.json"),
        &["binary.jsonl: ", image],
    );
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--model",
            "model.json",
            "--data",
            "binary.jsonl",
        ],
        &["binary.jsonl: ", image],
    );
    fails(d, &["model", "info", "binary.txt"], &["binary.txt"]);
    // Junk without a magic number is caught by its NUL byte.
    fails(
        d,
        &["score", "junk.txt"],
        &["junk.txt: byte 6: binary data"],
    );
    fails(d, &["segment", "junk.txt"], &["junk.txt: byte 6"]);
    f.intact();
}

#[test]
fn new_readers_refuse_broken_input_naming_the_file() {
    let f = Fixture::new();
    let d = f.path();
    // A PDF renamed .txt, named on the command line.
    for cmd in ["score", "segment", "report"] {
        fails(
            d,
            &[cmd, "renamed_pdf.txt"],
            &["renamed_pdf.txt: this is a PDF, not text", "pdftotext"],
        );
    }
    fails(
        d,
        &["explain", "--task", "stance", "renamed_pdf.txt"],
        &["renamed_pdf.txt: this is a PDF"],
    );
    fails(
        d,
        &train("renamed_pdf.txt", "model.json"),
        &["renamed_pdf.txt: this is a PDF"],
    );
    // A truncated gzip stream, for articles and for labels.
    for args in [
        &["score", "truncated.jsonl.gz"][..],
        &["report", "truncated.jsonl.gz"],
        &["segment", "truncated.jsonl.gz"],
        &train("truncated.jsonl.gz", "model.json"),
    ] {
        fails(
            d,
            args,
            &["truncated.jsonl.gz: corrupt or truncated gzip stream after decompressed byte"],
        );
    }
    fails(
        d,
        &["score", "truncated.jsonl.zst"],
        &["truncated.jsonl.zst: corrupt or truncated zstd stream"],
    );
    // Pages that are not articles, and broken markup, are errors or articles: never panics.
    fails(
        d,
        &["score", "no_text.html"],
        &["no_text.html: no article text found"],
    );
    let (out, _) = succeeds(d, &["score", "--format", "jsonl", "broken.html"]);
    assert!(out.contains("\"id\":\"broken\""), "{out}");
    // A CSV without its text column, or with a row cut short.
    fails(
        d,
        &["score", "no_text_column.csv"],
        &["no_text_column.csv:1: no text column 'text' (the header has id, headline)"],
    );
    fails(
        d,
        &["score", "short_row.csv"],
        &["short_row.csv:3: row has 1 field(s); the text column is field 2"],
    );
    fails(
        d,
        &["score", "--text-field", "body", "empty.csv"],
        &["empty.csv:1: no text column 'body' (the file is empty)"],
    );
    // A quote never closed runs to the end of the file: bounded like a JSONL line.
    fails(
        d,
        &["score", "--max-line-bytes", "4096", "unclosed_quote.csv"],
        &["unclosed_quote.csv:3: CSV record longer than 4096 bytes (raise --max-line-bytes)"],
    );
    // A JSONL page field without an article names its line.
    fails(
        d,
        &["score", "bad_page.jsonl"],
        &["bad_page.jsonl:1: no article text found"],
    );
    f.intact();
}

#[test]
fn empty_files_and_folders_without_articles_are_errors() {
    let f = Fixture::new();
    let d = f.path();
    fails(d, &["score", "empty.txt"], &["empty.txt:1: empty article"]);
    fails(d, &["score", "empty.jsonl"], &["empty.jsonl: no articles"]);
    fails(d, &["score", "blank.jsonl"], &["blank.jsonl: no articles"]);
    fails(
        d,
        &["segment", "empty.txt"],
        &["empty.txt:1: empty article"],
    );
    fails(d, &["report", "empty.jsonl"], &["empty.jsonl"]);
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "empty.jsonl",
            "--out",
            "answers.jsonl",
        ],
        &["empty.jsonl"],
    );
    fails(
        d,
        &train("empty.jsonl", "model.json"),
        &["empty.jsonl: no records"],
    );
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--model",
            "model.json",
            "--data",
            "empty.jsonl",
        ],
        &["empty.jsonl: no records"],
    );
    fails(d, &["model", "info", "empty.txt"], &["empty.txt"]);
    // A directory with no article files in it.
    fails(
        d,
        &["score", "no_articles"],
        &["no_articles: no articles found"],
    );
    fails(
        d,
        &["segment", "no_articles"],
        &["no_articles: no articles found"],
    );
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "no_articles",
            "--out",
            "answers.jsonl",
        ],
        &["no_articles: no articles found"],
    );
    fails(d, &["report", "no_articles"], &["no_articles"]);
    f.intact();
}

#[test]
fn a_50_mb_line_is_stopped_by_the_limits_and_passes_when_they_are_raised() {
    let f = Fixture::new();
    let d = f.path();
    let words = "NATO ".repeat(10 << 20); // 50 MiB on one line
    std::fs::write(d.join("huge.txt"), &words).unwrap();
    std::fs::write(
        d.join("huge.jsonl"),
        json!({"id": "h", "text": words}).to_string() + "\n",
    )
    .unwrap();
    drop(words);
    fails(
        d,
        &["score", "huge.txt"],
        &[
            "huge.txt:1: article of 52428800 bytes",
            "--max-article-bytes",
        ],
    );
    fails(
        d,
        &["score", "huge.jsonl"],
        &["huge.jsonl:1: line longer than", "--max-line-bytes"],
    );
    fails(
        d,
        &["segment", "huge.jsonl"],
        &["huge.jsonl:1: line longer"],
    );
    fails(d, &["report", "huge.jsonl"], &["huge.jsonl:1: line longer"]);
    fails(
        d,
        &train("huge.jsonl", "model.json"),
        &["huge.jsonl:1: line longer"],
    );
    // The lossy mode skips the line with a warning and scores what remains.
    let mut mixed = std::fs::read(d.join("huge.jsonl")).unwrap();
    mixed.extend_from_slice(b"{\"id\":\"ok\",\"text\":\"NATO opened an office in Tokyo.\"}\n");
    std::fs::write(d.join("mixed.jsonl"), mixed).unwrap();
    let (out, err) = succeeds(
        d,
        &["score", "--skip-bad", "--format", "jsonl", "mixed.jsonl"],
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"id\":\"ok\""));
    assert!(
        err.contains("warning: skipped: mixed.jsonl:1: line longer"),
        "{err}"
    );
    // Limits are configurable: the paragraph limit, then a raised size limit.
    std::fs::write(d.join("many.txt"), "A paragraph about NATO.\n".repeat(50)).unwrap();
    fails(
        d,
        &["score", "--max-paragraphs", "20", "many.txt"],
        &["many.txt:1: ", "20", "--max-paragraphs"],
    );
    let (out, _) = succeeds(
        d,
        &[
            "score",
            "--max-article-bytes",
            "60000000",
            "--format",
            "jsonl",
            "huge.txt",
        ],
    );
    assert_eq!(out.lines().count(), 1);
    f.intact();
}

#[test]
fn malformed_and_mistyped_jsonl_names_the_line() {
    let f = Fixture::new();
    let d = f.path();
    for cmd in [
        &["score"][..],
        &["segment"],
        &["report"],
        &["explain", "--task", "stance"],
    ] {
        let args = |file: &'static str| [cmd, &[file]].concat();
        fails(
            d,
            &args("malformed.jsonl"),
            &["malformed.jsonl:2: invalid JSON"],
        );
        if cmd[0] != "report" {
            fails(
                d,
                &args("no_text.jsonl"),
                &["no_text.jsonl:2: missing field 'text'"],
            );
            fails(
                d,
                &args("text_number.jsonl"),
                &["text_number.jsonl:2: field 'text' must be a string, found a number"],
            );
        }
        fails(d, &args("array_line.jsonl"), &["array_line.jsonl:1"]);
    }
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "malformed.jsonl",
            "--out",
            "answers.jsonl",
        ],
        &["malformed.jsonl:2: invalid JSON"],
    );
    fails(
        d,
        &train("malformed.jsonl", "model.json"),
        &["malformed.jsonl:2: invalid JSON"],
    );
    fails(
        d,
        &train("no_text.jsonl", "model.json"),
        &["no record in no_text.jsonl has a 'stance' label"],
    );
    let w = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    w(
        "label_no_text.jsonl",
        "{\"text\":\"NATO.\",\"stance\":\"NONE\"}\n{\"stance\":\"FAVOR\"}\n",
    );
    w(
        "label_text_array.jsonl",
        "{\"text\":\"NATO.\",\"stance\":\"NONE\"}\n{\"text\":[\"x\"],\"stance\":\"FAVOR\"}\n",
    );
    w(
        "label_number.jsonl",
        "{\"text\":\"NATO.\",\"stance\":\"NONE\"}\n{\"text\":\"x\",\"stance\":7}\n",
    );
    for (file, expect) in [
        (
            "label_no_text.jsonl",
            "label_no_text.jsonl:2: missing field 'text'",
        ),
        (
            "label_text_array.jsonl",
            "label_text_array.jsonl:2: field 'text' must be a string, found an array",
        ),
        (
            "label_number.jsonl",
            "label_number.jsonl:2: field 'stance' must be a string label, found a number",
        ),
    ] {
        fails(d, &train(file, "model.json"), &[expect]);
    }
    // report scores article files itself: the same line is named.
    fails(
        d,
        &["report", "no_text.jsonl"],
        &["no_text.jsonl:2: missing field 'text'"],
    );
    // The lossy mode: bad lines are skipped with a warning each and a summary.
    let (out, err) = succeeds(
        d,
        &[
            "score",
            "--skip-bad",
            "--format",
            "jsonl",
            "text_number.jsonl",
        ],
    );
    assert_eq!(out.lines().count(), 1);
    assert!(err.contains("text_number.jsonl:2"), "{err}");
    f.intact();
}

#[test]
fn unknown_labels_name_the_file_and_line() {
    let f = Fixture::new();
    let d = f.path();
    fails(
        d,
        &train("bad_label.jsonl", "model.json"),
        &["bad_label.jsonl:4: unknown stance label 'MAYBE'"],
    );
    fails(
        d,
        &train("bad_label.csv", "model.json"),
        &["bad_label.csv:3: unknown stance label 'SIDEWAYS'"],
    );
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--model",
            "model.json",
            "--data",
            "bad_label.jsonl",
        ],
        &["bad_label.jsonl:4"],
    );
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--cv",
            "3",
            "--data",
            "bad_label.csv",
        ],
        &["bad_label.csv:3"],
    );
    f.intact();
}

#[test]
fn duplicate_ids_are_errors_or_documented_warnings() {
    let f = Fixture::new();
    let d = f.path();
    // score keeps going (ids are the user's), but says so.
    let (out, err) = succeeds(d, &["score", "--format", "jsonl", "duplicate_ids.jsonl"]);
    assert_eq!(out.lines().count(), 3);
    assert!(err.contains("warning") && err.contains("x1"), "{err}");
    // report would count the article twice: an error naming both lines, unless --dedup.
    std::fs::write(d.join("scored.jsonl"), &out).unwrap();
    fails(
        d,
        &["report", "scored.jsonl"],
        &["scored.jsonl:3", "scored.jsonl:1", "x1"],
    );
    let (_, err) = succeeds(d, &["report", "--dedup", "--format", "csv", "scored.jsonl"]);
    assert!(err.contains("warning"), "{err}");
    // label cannot tell the paragraphs of two articles with one id apart.
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "duplicate_ids.jsonl",
            "--out",
            "answers.jsonl",
        ],
        &["duplicate_ids.jsonl:3", "x1"],
    );
    // Label files: an id used twice stops training, unless --allow-conflicts.
    let ids = seed_rows_id(7);
    fails(
        d,
        &train("dup_label_ids.jsonl", "model.json"),
        &[
            "dup_label_ids.jsonl:8",
            "dup_label_ids.jsonl:31",
            &ids,
            "--allow-conflicts",
        ],
    );
    succeeds(
        d,
        &[
            "train",
            "--task",
            "stance",
            "--cv",
            "none",
            "--allow-conflicts",
            "--data",
            "dup_label_ids.jsonl",
            "--out",
            "other.json",
        ],
    );
    f.intact();
}

fn seed_rows_id(i: usize) -> String {
    let seed = std::fs::read_to_string(seed_labels()).unwrap();
    let row: serde_json::Value = serde_json::from_str(seed.lines().nth(i).unwrap()).unwrap();
    row["id"].as_str().unwrap().to_string()
}

#[test]
fn conflicting_labels_stop_training_and_name_both_lines() {
    let f = Fixture::new();
    let d = f.path();
    for cmd in ["train", "evaluate", "learning-curve"] {
        let mut args = vec![cmd, "--task", "stance", "--data", "conflict.jsonl"];
        match cmd {
            "train" => args.extend(["--out", "model.json"]),
            "evaluate" => args.extend(["--cv", "3"]),
            _ => {}
        }
        fails(
            d,
            &args,
            &[
                "1 paragraph(s) have conflicting labels",
                "conflict.jsonl:3",
                "conflict.jsonl:31",
            ],
        );
    }
    let (_, err) = succeeds(
        d,
        &[
            "train",
            "--task",
            "stance",
            "--cv",
            "none",
            "--allow-conflicts",
            "--data",
            "conflict.jsonl",
            "--out",
            "other.json",
        ],
    );
    assert!(
        err.contains("warning: 1 paragraph(s) have conflicting labels"),
        "{err}"
    );
    f.intact();
}

#[test]
fn bad_model_files_are_refused_by_every_command_that_loads_one() {
    let f = Fixture::new();
    let d = f.path();
    let seeds = root().join("seeds");
    let seeds = seeds.to_str().unwrap();
    let sentiment = root().join("models/sentiment.json");
    let sentiment = sentiment.to_str().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        (
            "truncated.json",
            &["truncated.json: model file is truncated"],
        ),
        (
            "future.json",
            &["future.json: model format version 9 is newer than this standpoint reads"],
        ),
        ("not_json.json", &["not_json.json: not a model file"]),
        ("missing.json", &["missing.json: No such file"]),
    ];
    for (model, expect) in cases {
        fails(d, &["score", "--model", model, seeds], expect);
        fails(d, &["model", "info", model], expect);
        fails(d, &["explain", "--model", model], expect);
        fails(d, &["report", "--model", model, seeds], expect);
        fails(
            d,
            &[
                "evaluate",
                "--task",
                "stance",
                "--model",
                model,
                "--data",
                "answers.jsonl",
            ],
            expect,
        );
        fails(
            d,
            &[
                "label",
                "--task",
                "stance",
                "--model",
                model,
                "--pool",
                seeds,
                "--out",
                "answers.jsonl",
            ],
            expect,
        );
    }
    // A model for another task.
    fails(
        d,
        &[
            "evaluate",
            "--task",
            "stance",
            "--model",
            sentiment,
            "--data",
            "answers.jsonl",
        ],
        &["sentiment.json: is a 'sentiment' model, but a 'stance' model is needed here"],
    );
    fails(
        d,
        &[
            "label",
            "--task",
            "stance",
            "--model",
            sentiment,
            "--pool",
            seeds,
            "--out",
            "answers.jsonl",
        ],
        &["sentiment.json: is a 'sentiment' model"],
    );
    fails(
        d,
        &["score", "--model", sentiment, "--model", sentiment, seeds],
        &["sentiment.json", "a second 'sentiment' model"],
    );
    f.intact();
}

#[test]
fn missing_paths_are_named() {
    let f = Fixture::new();
    let d = f.path();
    for args in [
        &["score", "nowhere.jsonl"][..],
        &["segment", "nowhere.jsonl"],
        &["report", "nowhere.jsonl"],
        &["explain", "--task", "stance", "nowhere.jsonl"],
        &[
            "label",
            "--task",
            "stance",
            "--pool",
            "nowhere.jsonl",
            "--out",
            "answers.jsonl",
        ],
        &train("nowhere.jsonl", "model.json"),
        &[
            "evaluate",
            "--task",
            "stance",
            "--cv",
            "3",
            "--data",
            "nowhere.jsonl",
        ],
        &["model", "info", "nowhere.jsonl"],
        &[
            "learning-curve",
            "--task",
            "stance",
            "--data",
            "nowhere.jsonl",
        ],
    ] {
        fails(d, args, &["nowhere.jsonl: No such file or directory"]);
    }
    f.intact();
}

#[test]
fn unwritable_outputs_fail_before_work_and_keep_the_old_file() {
    let f = Fixture::new();
    let d = f.path();
    let labels = seed_labels();
    let labels = labels.to_str().unwrap();
    let seeds = root().join("seeds");
    let seeds = seeds.to_str().unwrap();
    std::fs::create_dir(d.join("a_directory")).unwrap();
    for out in ["no/such/dir/model.json", "a_directory"] {
        let first = out.split('/').next().unwrap();
        if out == "a_directory" {
            fails(d, &train(labels, out), &[first]);
        }
        fails(
            d,
            &[
                "evaluate",
                "--task",
                "stance",
                "--model",
                "model.json",
                "--data",
                labels,
                "--out",
                out,
            ],
            &[first],
        );
        fails(
            d,
            &["label", "--task", "stance", "--pool", seeds, "--out", out],
            &[first],
        );
        fails(d, &["report", seeds, "--out", out], &[first]);
    }
    if Path::new("/dev/full").exists() {
        fails(
            d,
            &train(labels, "/dev/full"),
            &["/dev/full: No space left on device"],
        );
        fails(
            d,
            &["report", seeds, "--format", "csv", "--out", "/dev/full"],
            &["/dev/full: No space left on device"],
        );
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("standpoint"))
            .args(["score", "--format", "jsonl", seeds])
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("standard output: No space left on device"),
            "{err}"
        );
    }
    // A read-only output file (unless running as root, who may write anyway).
    let ro = d.join("readonly_dir");
    std::fs::create_dir(&ro).unwrap();
    std::fs::write(ro.join("model.json"), b"old").unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |m: u32| std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(m)).unwrap();
    mode(0o555);
    if std::fs::write(ro.join("probe"), b"x").is_err() {
        fails(
            d,
            &train(labels, "readonly_dir/model.json"),
            &["readonly_dir/model.json", "ermission denied"],
        );
        assert_eq!(std::fs::read(ro.join("model.json")).unwrap(), b"old");
    }
    mode(0o755);
    f.intact();
}

/// Starts `train` writing `out` (which holds an older model) and kills it with SIGKILL
/// after `delay`; returns whether it had finished.
fn kill_train_after(d: &Path, out: &Path, delay: std::time::Duration) -> bool {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("standpoint"))
        .current_dir(d)
        .args(["train", "--task", "stance", "--cv", "none", "--data"])
        .arg(seed_labels())
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    finished
}

#[test]
fn sigkill_during_train_leaves_the_old_model_or_the_new_one() {
    use standpoint::model::Classifier;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("model.json");
    // The "old" model: trained on other settings, so old and new differ.
    succeeds(
        d.path(),
        &[
            "train",
            "--task",
            "stance",
            "--cv",
            "none",
            "--max-features",
            "50",
            "--data",
            seed_labels().to_str().unwrap(),
            "--out",
            "model.json",
        ],
    );
    let old = std::fs::read(&out).unwrap();
    // How long an undisturbed run takes, to spread the kills over it.
    let start = std::time::Instant::now();
    succeeds(
        d.path(),
        &train(seed_labels().to_str().unwrap(), "new.json"),
    );
    let full = start.elapsed();
    let new = std::fs::read(d.path().join("new.json")).unwrap();
    assert_ne!(old, new);
    let mut outcomes = (0, 0);
    for i in 0..12u32 {
        std::fs::write(&out, &old).unwrap();
        let finished = kill_train_after(d.path(), &out, full * i / 10);
        let now = std::fs::read(&out).unwrap();
        assert!(
            now == old || now == new,
            "kill {i}: the model file is neither the old nor the new model"
        );
        Classifier::load(&out).expect("the model file still loads");
        if now == old {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        if finished {
            assert_eq!(now, new, "a finished run wrote the new model");
        }
        // A killed run may leave its temporary file (documented); remove it between runs.
        for e in std::fs::read_dir(d.path()).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().contains(".tmp-") {
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    assert!(outcomes.0 > 0, "no kill landed before the commit");
}

#[test]
fn sigkill_during_label_keeps_earlier_and_new_answers() {
    use std::io::Write as _;
    let f = Fixture::new();
    let d = f.path();
    let pool = d.join("pool.jsonl");
    std::fs::write(
        &pool,
        [
            json!({"id": "p1", "source": "Wire", "text": "Tokyo will host a NATO liaison office, officials said.\n\nBeijing warned of bloc confrontation.\n\nAnalysts expect little change."}),
            json!({"id": "p2", "source": "Daily", "text": "Japan welcomed deeper cooperation with the alliance.\n\nOpposition lawmakers called it meddling."}),
        ]
        .iter()
        .map(|v| v.to_string() + "\n")
        .collect::<String>(),
    )
    .unwrap();
    let answers = d.join("answers.jsonl");
    let before = std::fs::read_to_string(&answers).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("standpoint"))
        .current_dir(d)
        .args([
            "label",
            "--task",
            "stance",
            "--pool",
            "pool.jsonl",
            "--out",
            "answers.jsonl",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"f\na\n").unwrap();
    stdin.flush().unwrap();
    let start = std::time::Instant::now();
    let lines = || std::fs::read_to_string(&answers).unwrap().lines().count();
    while lines() < before.lines().count() + 2 {
        assert!(
            start.elapsed().as_secs() < 60,
            "answers never reached the file"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL while waiting for the next answer
    child.wait().unwrap();
    let after = std::fs::read_to_string(&answers).unwrap();
    assert!(after.starts_with(&before), "earlier answers were changed");
    assert!(after.ends_with('\n'));
    let added: Vec<serde_json::Value> = after[before.len()..]
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<&str> = added
        .iter()
        .map(|r| r["stance"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["FAVOR", "AGAINST"]);
}
