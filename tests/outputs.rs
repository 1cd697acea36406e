//! Output rules: the format follows `--out`'s extension unless `--format` says otherwise
//! (and they must agree), `json` and `jsonl` name one format, CSV has every field of the
//! JSONL, `--paragraphs` gives one CSV row per paragraph, `report -` takes what `report
//! FILE` takes, and tables keep ids whole.

mod common;

use common::{jsonl, root, standpoint};

fn seed(name: &str) -> String {
    root().join("seeds").join(name).display().to_string()
}

fn ok(args: &[&str]) -> String {
    let out = standpoint().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = standpoint().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_format_follows_the_out_extension_and_must_agree_with_format() {
    let d = tempfile::tempdir().unwrap();
    let at = |n: &str| d.path().join(n).display().to_string();
    let article = seed("000_2f579bc48ea1c37d.txt");
    ok(&["score", &article, "--out", &at("s.csv")]);
    let csv = std::fs::read_to_string(at("s.csv")).unwrap();
    assert!(
        csv.starts_with("id,source,title,date,author,url,stance,"),
        "{csv}"
    );
    ok(&["score", &article, "--out", &at("s.tsv")]);
    assert!(std::fs::read_to_string(at("s.tsv"))
        .unwrap()
        .starts_with("id\tsource\t"));
    ok(&["score", &article, "--out", &at("s.json")]);
    assert_eq!(jsonl(&std::fs::read(at("s.json")).unwrap()).len(), 1);
    ok(&["report", &article, "--out", &at("r.html")]);
    assert!(std::fs::read_to_string(at("r.html"))
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    ok(&["report", &article, "--out", &at("r.md")]);
    assert!(std::fs::read_to_string(at("r.md"))
        .unwrap()
        .starts_with("| source |"));
    // An unknown extension names nothing.
    ok(&["report", &article, "--out", &at("r.txt")]);
    assert!(std::fs::read_to_string(at("r.txt"))
        .unwrap()
        .starts_with("source"));
    let err = fails(&[
        "score",
        &article,
        "--format",
        "csv",
        "--out",
        &at("x.jsonl"),
    ]);
    assert!(
        err.contains("--format csv contradicts --out") && err.contains("x.jsonl"),
        "{err}"
    );
    assert!(!d.path().join("x.jsonl").exists());
    let err = fails(&["score", &article, "--out", &at("x.html")]);
    assert!(
        err.contains("this command does not write html (its formats: table, jsonl, csv, tsv)"),
        "{err}"
    );
    // json and jsonl are one format everywhere.
    assert_eq!(
        ok(&["score", "--format", "json", &article]),
        ok(&["score", "--format", "jsonl", &article])
    );
    assert_eq!(
        ok(&["report", "--format", "jsonl", &article]),
        ok(&["report", "--format", "json", &article])
    );
}

#[test]
fn csv_paragraph_rows_carry_the_article_columns_and_every_jsonl_field() {
    let article = seed("000_2f579bc48ea1c37d.txt");
    let json = &jsonl(ok(&["score", "--format", "jsonl", &article]).as_bytes())[0];
    let out = ok(&["score", "--paragraphs", "--format", "csv", &article]);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let header = rows.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), json["paragraphs"].as_u64().unwrap() as usize);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(&r[col("id")], json["id"].as_str().unwrap());
        assert_eq!(&r[col("author")], json["author"].as_str().unwrap());
        assert_eq!(&r[col("stance")], json["stance"]["label"].as_str().unwrap());
        assert_eq!(r[col("paragraph")].parse::<usize>().unwrap(), i);
        assert!(!r[col("text")].is_empty());
    }
    // Every scalar field of the JSONL has a column.
    let json = &jsonl(
        ok(&[
            "score",
            "--format",
            "jsonl",
            &seed("002_3c3c7867f6d4a3de.txt"),
        ])
        .as_bytes(),
    )[0];
    for key in json.as_object().unwrap().keys() {
        if !matches!(key.as_str(), "stance" | "sentiment") {
            assert!(header.iter().any(|h| h == key), "no column {key}");
        }
    }
}

#[test]
fn report_from_standard_input_takes_raw_and_scored_articles() {
    let lines = "{\"id\":\"a\",\"source\":\"S\",\"text\":\"Ministers met in Brussels to discuss the summit.\"}\n\
                 {\"id\":\"b\",\"source\":\"S\",\"text\":\"The alliance will open an office in Tokyo.\"}\n";
    let d = tempfile::tempdir().unwrap();
    let raw = d.path().join("raw.jsonl");
    std::fs::write(&raw, lines).unwrap();
    let from_file = ok(&["report", "--format", "csv", raw.to_str().unwrap()]);
    let out = standpoint()
        .args(["report", "--format", "csv", "-"])
        .write_stdin(lines)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), from_file);
}

#[test]
fn tables_keep_long_ids_whole() {
    let d = tempfile::tempdir().unwrap();
    let id = "a-very-long-article-identifier-from-an-archive-export-2024-06-03-0001";
    let p = d.path().join("a.jsonl");
    std::fs::write(
        &p,
        format!(
            "{{\"id\":\"{id}\",\"text\":\"Ministers met in Brussels to discuss the summit.\"}}\n"
        ),
    )
    .unwrap();
    let table = ok(&["score", "--format", "table", p.to_str().unwrap()]);
    assert!(table.contains(id), "{table}");
}
