//! The command line, end to end: scoring the seeds with the built-in models, other input
//! forms, training and evaluation, and clear failures.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{jsonl, root, standpoint};

const CRITICAL: [&str; 6] = [
    "cgtn-asian-characteristics",
    "cmo-three-challenges",
    "oped-2023-stoltenberg-seoul-tokyo",
    "analysis-2024-washington-summit",
    "gt-tentacles-editorial",
    "fa-stay-out-of-asia",
];

#[test]
fn scores_the_seven_seed_articles_from_another_directory_with_built_in_models() {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = standpoint()
        .current_dir(elsewhere.path())
        .args(["score", "--format", "jsonl"])
        .arg(root().join("seeds"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 7);
    let by_id = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    for id in CRITICAL {
        let r = by_id(id);
        assert_eq!(r["stance"]["label"], "AGAINST", "{id}: {r}");
        assert!(r["stance"]["index"].as_f64().unwrap() < 0.0);
    }
    let nikkei = by_id("nikkei-four-projects");
    assert_ne!(nikkei["stance"]["label"], "AGAINST", "{nikkei}");
    assert_eq!(nikkei["source"], "Nikkei Asia");
    assert_eq!(by_id("gt-tentacles-editorial")["source"], "Global Times");
    assert_eq!(by_id("fa-stay-out-of-asia")["source"], "Foreign Affairs");
    assert_eq!(
        by_id("oped-2023-stoltenberg-seoul-tokyo")["source"],
        "unknown"
    );
    for r in &rows {
        let p = &r["stance"]["probs"];
        let sum: f64 = ["FAVOR", "AGAINST", "NONE"]
            .iter()
            .map(|k| p[k].as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-9);
        let index = r["stance"]["index"].as_f64().unwrap();
        let expect = p["FAVOR"].as_f64().unwrap() - p["AGAINST"].as_f64().unwrap();
        assert!((index - expect).abs() < 1e-12);
        assert!(r["sentiment"]["probs"]["neutral"].is_number());
        assert!(r["paragraphs"].as_u64().unwrap() >= 10);
    }
}

#[test]
fn table_and_csv_formats() {
    standpoint()
        .args(["score", "--format", "table"])
        .arg(root().join("seeds"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("id "))
        .stdout(predicate::str::contains("China Military Online"));
    let out = standpoint()
        .args(["score", "--format", "csv"])
        .arg(root().join("seeds"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("id,source,title,date,author,url,stance,stance_index"));
    assert_eq!(lines.count(), 7);
    // The Nikkei title holds a comma and is quoted.
    assert!(text.contains(
        "\"NATO to launch 4 projects with Indo-Pacific partners, including AI and cyber\""
    ));
}

#[test]
fn paragraphs_breakdown_and_piped_default_is_jsonl() {
    let out = standpoint()
        .args(["score", "--paragraphs"])
        .arg(root().join("seeds/001_72ef4f98fb1a1686.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    let paras = rows[0]["paragraph_scores"].as_array().unwrap();
    assert_eq!(
        paras.len(),
        rows[0]["paragraphs"].as_u64().unwrap() as usize
    );
    assert_eq!(paras[0]["kind"], "title");
    assert_eq!(paras[1]["line"], 12, "line numbers refer to the file");
}

#[test]
fn jsonl_from_standard_input() {
    let input = concat!(
        r#"{"id":"a","source":"Desk","title":"T","text":"NATO extending tentacles into Asia will end in failure and provoke bloc confrontation."}"#,
        "\n",
        r#"{"id":"b","text":"The ministers met in Brussels on Thursday."}"#,
        "\n"
    );
    let out = standpoint()
        .args(["score", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["source"], "Desk");
    assert_eq!(rows[0]["stance"]["label"], "AGAINST");
    assert_eq!(rows[1]["source"], "unknown");
}

#[test]
fn missing_path_fails_and_names_it() {
    standpoint()
        .args(["score", "no/such/article.txt"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("no/such/article.txt"))
        .stderr(predicate::str::contains("No such file"));
}

#[test]
fn malformed_jsonl_names_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("in.jsonl");
    std::fs::write(&p, "{\"text\":\"fine.\"}\n{\"text\": 3}\n").unwrap();
    standpoint()
        .arg("score")
        .arg(&p)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "in.jsonl:2: field 'text' must be a string, found a number",
        ));
}

/// About 1.5 MB of JSONL (several read chunks) built from the seed paragraphs, ending
/// with a malformed line after `good` articles.
fn many_articles(dir: &Path, good: usize) -> PathBuf {
    let paras: Vec<String> = std::fs::read_to_string(root().join("data/seed_paragraphs.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut out = String::new();
    for i in 0..good {
        let text: Vec<&str> = (0..6)
            .map(|k| paras[(i * 7 + k * 13) % paras.len()].as_str())
            .collect();
        let row = serde_json::json!({"id": format!("a{i}"), "source": format!("s{}", i % 5), "text": text.join("\n\n")});
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out.push_str("{\"id\": \"bad\", \"text\": [1]}\n{\"id\": \"never\", \"text\": \"x\"}\n");
    let p = dir.join("many.jsonl");
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn output_and_errors_are_the_same_whatever_the_thread_count() {
    let d = tempfile::tempdir().unwrap();
    let many = many_articles(d.path(), 400);
    assert!(std::fs::metadata(&many).unwrap().len() > 1 << 20);
    for format in [
        ["--format", "jsonl"],
        ["--format", "csv"],
        ["--format", "table"],
    ] {
        let run = |threads: &str| {
            let out = standpoint()
                .args(["score", "--threads", threads, "--paragraphs"])
                .args(format)
                .arg(root().join("seeds"))
                .arg(&many)
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            (out.stdout, String::from_utf8(out.stderr).unwrap())
        };
        let one = run("1");
        assert!(
            one.1
                .contains("many.jsonl:401: field 'text' must be a string, found an array"),
            "{}",
            one.1
        );
        for threads in ["2", "3"] {
            let other = run(threads);
            assert!(
                other.0 == one.0,
                "{format:?}: output differs with {threads} threads"
            );
            assert_eq!(other.1, one.1, "{format:?}");
        }
        if format[1] == "jsonl" {
            let rows = jsonl(&one.0);
            assert_eq!(rows.len(), 7 + 400);
            assert_eq!(rows[7]["id"], "a0");
            assert_eq!(rows[406]["id"], "a399");
        }
    }
}

fn train(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    standpoint()
        .args(["train", "--task", "stance", "--data"])
        .arg(root().join("data/seed_paragraphs.jsonl"))
        .arg("--out")
        .arg(&out)
        .args(extra)
        .assert()
        .success()
        .stderr(predicate::str::contains("stance model, 112 examples"));
    out
}

#[test]
fn training_is_deterministic_and_records_its_manifest() {
    let d = tempfile::tempdir().unwrap();
    let a = train(d.path(), "a.json", &["--cv", "none"]);
    let b = train(d.path(), "b.json", &["--cv", "none", "--threads", "1"]);
    let (ta, tb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(ta, tb, "same inputs, same bytes");
    let m: Value = serde_json::from_slice(&ta).unwrap();
    assert_eq!(m["format"], "standpoint-model");
    assert_eq!(m["task"], "stance");
    let data = &m["training"]["data"][0];
    assert_eq!(data["rows"], 112);
    assert_eq!(data["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["training"]["class_counts"]["FAVOR"], 12);
    assert!(m["training"]["cv"].is_null());
    // Scoring with it gives the same as with the built-in model trained the same way.
    standpoint()
        .args(["score", "--model"])
        .arg(&a)
        .arg(root().join("seeds/002_3c3c7867f6d4a3de.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("\"label\":\"AGAINST\""));
}

#[test]
fn training_cross_validates_by_article_when_articles_are_named() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("m.json");
    standpoint()
        .args(["train", "--task", "stance", "--data"])
        .arg(root().join("data/seed_paragraphs.jsonl"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "cv (leave-one-article-out): accuracy",
        ));
    let m: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(m["training"]["cv"]["folds"], 7);
    assert_eq!(m["training"]["cv"]["report"]["n"], 112);
}

#[test]
fn training_keeps_the_previous_model_as_backup() {
    let d = tempfile::tempdir().unwrap();
    let out = train(d.path(), "m.json", &["--cv", "none", "--alpha", "1"]);
    let first = std::fs::read(&out).unwrap();
    train(d.path(), "m.json", &["--cv", "none", "--alpha", "0.5"]);
    assert_eq!(std::fs::read(d.path().join("m.json.bak")).unwrap(), first);
    assert_ne!(std::fs::read(&out).unwrap(), first);
}

#[test]
fn unknown_label_fails_with_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("l.jsonl");
    std::fs::write(
        &p,
        "{\"text\":\"a\",\"stance\":\"FAVOR\"}\n{\"text\":\"b\",\"stance\":\"PRO\"}\n",
    )
    .unwrap();
    standpoint()
        .args(["train", "--task", "stance", "--out"])
        .arg(d.path().join("m.json"))
        .arg("--data")
        .arg(&p)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "l.jsonl:2: unknown stance label 'PRO'",
        ));
    assert!(!d.path().join("m.json").exists());
}

#[test]
fn evaluate_cross_validation_json_has_the_documented_keys() {
    let out = standpoint()
        .args([
            "evaluate",
            "--task",
            "sentiment",
            "--cv",
            "loao",
            "--format",
            "json",
            "--data",
        ])
        .arg(root().join("data/seed_paragraphs.jsonl"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    for k in [
        "n",
        "accuracy",
        "macro_f1",
        "f_avg",
        "per_class",
        "confusion",
        "log_loss",
        "brier",
        "ece",
        "folds",
    ] {
        assert!(r.get(k).is_some(), "missing {k}");
    }
    assert_eq!(r["n"], 112);
    assert!(r["f_avg"].is_null());
    assert_eq!(r["folds"].as_array().unwrap().len(), 7);
}

#[test]
fn evaluate_a_trained_model_on_labelled_data() {
    let out = standpoint()
        .args([
            "evaluate", "--task", "stance", "--format", "json", "--model",
        ])
        .arg(root().join("models/stance.json"))
        .arg("--data")
        .arg(root().join("data/seed_paragraphs.jsonl"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(r["n"], 112);
    assert!(r.get("folds").is_none());
    // Its own training data (beside the written corpus): nearly every label reproduced.
    assert!(r["accuracy"].as_f64().unwrap() > 0.85, "{r}");
    let favor: u64 = ["AGAINST", "FAVOR", "NONE"]
        .iter()
        .map(|p| r["confusion"]["FAVOR"][p].as_u64().unwrap())
        .sum();
    assert_eq!(favor, 12);
    // A sentiment model cannot evaluate stance.
    standpoint()
        .args(["evaluate", "--task", "stance", "--model"])
        .arg(root().join("models/sentiment.json"))
        .arg("--data")
        .arg(root().join("data/seed_paragraphs.jsonl"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "is a 'sentiment' model, but a 'stance' model is needed here",
        ));
}

#[test]
fn a_file_that_is_not_a_model_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("m.json");
    std::fs::write(
        &p,
        "{\"format\": \"standpoint-model\", \"format_version\": 1",
    )
    .unwrap();
    standpoint()
        .args(["score", "--model"])
        .arg(&p)
        .arg(root().join("seeds"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("m.json: model file is truncated"));
}

#[test]
fn report_csv_has_one_row_per_source_with_interval_bounds() {
    let out = standpoint()
        .args(["report", "--format", "csv"])
        .arg(root().join("seeds"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    // Six sources: the two unattributed pieces share "unknown".
    assert_eq!(rows.len(), 6);
    let unknown = rows.iter().find(|r| r[0] == "unknown").unwrap();
    assert_eq!(unknown[col("articles")], "2");
    let (lo, mean, hi): (f64, f64, f64) = (
        unknown[col("stance_index_ci_low")].parse().unwrap(),
        unknown[col("stance_index")].parse().unwrap(),
        unknown[col("stance_index_ci_high")].parse().unwrap(),
    );
    assert!(lo <= mean && mean <= hi && lo < hi);
    let gt = rows.iter().find(|r| r[0] == "Global Times").unwrap();
    assert_eq!(
        gt[col("stance_index_ci_low")],
        "",
        "one article: no interval"
    );
    // Sorted from the most favourable mean index to the most critical.
    let means: Vec<f64> = rows
        .iter()
        .map(|r| r[col("stance_index")].parse().unwrap())
        .collect();
    assert!(means.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(rows[0][0], "Nikkei Asia");
}

#[test]
fn report_reads_scored_jsonl_from_a_pipe_and_writes_html() {
    let scored = standpoint()
        .args(["score", "--format", "jsonl"])
        .arg(root().join("seeds"))
        .output()
        .unwrap()
        .stdout;
    let d = tempfile::tempdir().unwrap();
    let html = d.path().join("report.html");
    standpoint()
        .args(["report", "-", "--format", "html", "--out"])
        .arg(&html)
        .write_stdin(scored)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<svg").count(), 2);
    assert!(page.contains("id=\"stance-index\"") && page.contains("id=\"label-shares\""));
    assert_eq!(page.matches("<tr>").count(), 7);
    assert!(!page.contains("<script") && !page.contains("https://"));
    // Fewer than 1,000 resamples is refused.
    standpoint()
        .args(["report", "--resamples", "100"])
        .arg(root().join("seeds"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("at least 1,000"));
}

#[test]
fn report_rejects_jsonl_that_is_not_scored_output() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("scored.jsonl");
    std::fs::write(&p, "{\"id\":\"a\",\"source\":\"S\",\"title\":null,\"stance\":{\"label\":\"NONE\"},\"paragraphs\":1}\n").unwrap();
    standpoint()
        .arg("report")
        .arg(&p)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "scored.jsonl:1: not a scored article",
        ));
}

#[test]
fn explain_a_model_and_an_article() {
    standpoint()
        .args(["explain", "--top", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "AGAINST — features with the largest weight",
        ))
        .stdout(predicate::str::contains("FAVOR — features"));
    let out = standpoint()
        .args([
            "explain",
            "--format",
            "json",
            "--paragraphs",
            "2",
            "--top",
            "4",
        ])
        .arg(root().join("seeds/002_3c3c7867f6d4a3de.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let e: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(e["id"], "oped-2023-stoltenberg-seoul-tokyo");
    let paras = e["paragraphs"].as_array().unwrap();
    assert_eq!(paras.len(), 2);
    assert_eq!(paras[0]["terms"].as_array().unwrap().len(), 4);
    assert!(e["index"].as_f64().unwrap() < 0.0);
    standpoint()
        .args(["explain", "--task", "sentiment", "--model"])
        .arg(root().join("models/stance.json"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "is a 'stance' model, but a 'sentiment' model is needed",
        ));
}

fn pool(dir: &Path) -> PathBuf {
    let p = dir.join("pool.jsonl");
    let arts = [
        ("p1", "Wire", "Tokyo will host a NATO liaison office, officials said on Monday.\n\nThe plan drew sharp criticism from Beijing, which warned of bloc confrontation.\n\nAnalysts said the office would mostly coordinate cyber defence."),
        ("p2", "Daily", "Japan welcomed deeper cooperation with the alliance as vital for shared security.\n\nThe move was criticised as meddling by opposition lawmakers.\n\nThe summit ends on Thursday."),
    ];
    let lines: Vec<String> = arts
        .iter()
        .map(|(id, src, text)| {
            serde_json::json!({"id": id, "source": src, "text": text}).to_string()
        })
        .collect();
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn answers(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn label_from_piped_answers_saves_each_and_resumes() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("answers.jsonl");
    standpoint()
        .args(["label", "--task", "stance", "--pool"])
        .arg(pool(d.path()))
        .arg("--out")
        .arg(&out)
        .write_stdin("a\nmaybe\nnone\ns\nundo\nf\nq\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("'maybe' is not an answer"))
        .stderr(predicate::str::contains(
            "3 answer(s) this session; 3 labels in",
        ));
    let got = answers(&out);
    assert_eq!(got.len(), 3);
    let labels: Vec<&str> = got.iter().map(|r| r["stance"].as_str().unwrap()).collect();
    assert_eq!(labels, ["AGAINST", "NONE", "FAVOR"]);
    assert!(got
        .iter()
        .all(|r| r["guess"]["p"].is_number() && r["article"].is_string()));
    // Resuming asks only the other paragraphs; EOF ends the session cleanly.
    standpoint()
        .args(["label", "--task", "stance", "--pool"])
        .arg(pool(d.path()))
        .arg("--out")
        .arg(&out)
        .write_stdin("n\n")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 answer(s) this session; 4 labels",
        ));
    let texts: std::collections::HashSet<String> = answers(&out)
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 4, "no paragraph asked twice");
    // The answers file trains with --extra.
    let m = d.path().join("m.json");
    standpoint()
        .args(["train", "--task", "stance", "--cv", "none", "--data"])
        .arg(root().join("data/seed_paragraphs.jsonl"))
        .arg("--extra")
        .arg(&out)
        .arg("--out")
        .arg(&m)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "merged 112 base and 4 extra labels",
        ));
}

#[test]
fn killing_label_loses_no_answer() {
    use std::io::Write as _;
    use std::process::{Command as Proc, Stdio};
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("answers.jsonl");
    let mut child = Proc::new(assert_cmd::cargo::cargo_bin("standpoint"))
        .args(["label", "--task", "stance", "--pool"])
        .arg(pool(d.path()))
        .arg("--out")
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\nn\n").unwrap();
    stdin.flush().unwrap();
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&out).map_or(0, |s| s.lines().count()) < 2 {
        assert!(
            start.elapsed().as_secs() < 30,
            "answers never reached the file"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL, while it waits for the third answer
    child.wait().unwrap();
    let got = answers(&out);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1]["stance"], "NONE");
    assert!(std::fs::read_to_string(&out).unwrap().ends_with('\n'));
}

#[test]
fn train_extra_conflicts_are_named_and_settled_by_prefer() {
    let d = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join("data/seed_paragraphs.jsonl")).unwrap();
    let first: Value = serde_json::from_str(seed.lines().next().unwrap()).unwrap();
    let extra = d.path().join("extra.csv");
    std::fs::write(
        &extra,
        format!(
            "text,stance\n\"{}\",FAVOR\n\"A brand new paragraph.\",NONE\n",
            first["text"].as_str().unwrap()
        ),
    )
    .unwrap();
    let train = |prefer: Option<&str>| {
        let mut c = standpoint();
        c.args(["train", "--task", "stance", "--cv", "none", "--data"])
            .arg(root().join("data/seed_paragraphs.jsonl"))
            .arg("--extra")
            .arg(&extra)
            .arg("--out")
            .arg(d.path().join("m.json"));
        if let Some(p) = prefer {
            c.args(["--prefer", p]);
        }
        c.assert()
    };
    train(None)
        .failure()
        .stderr(predicate::str::contains(
            "seed_paragraphs.jsonl:1 says NONE, ",
        ))
        .stderr(predicate::str::contains("extra.csv:2 says FAVOR"));
    assert!(!d.path().join("m.json").exists());
    train(Some("extra")).success();
    let m: Value =
        serde_json::from_slice(&std::fs::read(d.path().join("m.json")).unwrap()).unwrap();
    assert_eq!(m["training"]["merge"]["conflicts_resolved"], 1);
    assert_eq!(m["training"]["class_counts"]["FAVOR"], 13);
    assert_eq!(m["training"]["data"][1]["role"], "extra");
    standpoint()
        .args(["model", "info"])
        .arg(d.path().join("m.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("extra       "))
        .stdout(predicate::str::contains("1 conflicts settled by --prefer"));
}

#[test]
fn utf16_files_are_read_by_their_byte_order_mark_and_asian_encodings_by_name() {
    let d = tempfile::tempdir().unwrap();
    let text = "NATO expansion into Asia will only provoke confrontation and stoke tensions.\n";
    let mut utf16 = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(d.path().join("a.txt"), &utf16).unwrap();
    std::fs::write(d.path().join("b.txt"), text).unwrap();
    let out = standpoint()
        .args(["score", "--format", "jsonl"])
        .arg(d.path().join("a.txt"))
        .arg(d.path().join("b.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = jsonl(&out.stdout);
    assert_eq!(v[0]["stance"], v[1]["stance"]);
    // GBK: "北约" then the same sentence.
    let mut gbk = b"\xb1\xb1\xd4\xbc ".to_vec();
    gbk.extend_from_slice(text.as_bytes());
    std::fs::write(d.path().join("c.txt"), &gbk).unwrap();
    standpoint()
        .args(["segment", "--format", "jsonl"])
        .arg(d.path().join("c.txt"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("c.txt: byte 0: not valid UTF-8"));
    let out = standpoint()
        .args(["segment", "--format", "jsonl", "--encoding", "gbk"])
        .arg(d.path().join("c.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(jsonl(&out.stdout)[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("北约 NATO"));
}
