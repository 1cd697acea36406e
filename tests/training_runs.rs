//! Training and evaluation runs over several label sets, end to end: a set trained on and
//! another tested (`evaluate --test`), labels that only train (`--train-also`), and the
//! weight of extra labels (`--extra-weight`).

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

use common::{jsonl, seed_label_records, standpoint};

/// Writes the seed records of the articles `keep` selects to `dir/name`, each with an
/// `author` field naming the first three letters of its article.
fn subset(dir: &Path, name: &str, keep: impl Fn(&str) -> bool) -> PathBuf {
    let p = dir.join(name);
    let mut text = String::new();
    for mut r in seed_label_records() {
        let article = r["article"].as_str().unwrap().to_string();
        if keep(&article) {
            r["author"] = Value::from(&article[..3]);
            text.push_str(&r.to_string());
            text.push('\n');
        }
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// The Nikkei report (FAVOR-heavy) and the Foreign Affairs essay, against the rest.
fn two_sets(dir: &Path) -> (PathBuf, PathBuf) {
    let test = |a: &str| a.starts_with("nikkei") || a.starts_with("fa-");
    (
        subset(dir, "train.jsonl", |a| !test(a)),
        subset(dir, "test.jsonl", test),
    )
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn evaluate_test_trains_on_one_set_and_scores_another() {
    let d = tempfile::tempdir().unwrap();
    let (train, test) = two_sets(d.path());
    let n_train = std::fs::read_to_string(&train).unwrap().lines().count();
    let n_test = std::fs::read_to_string(&test).unwrap().lines().count();
    let (preds, folds) = (d.path().join("p.jsonl"), d.path().join("f.jsonl"));
    let out = standpoint()
        .args(["evaluate", "--task", "stance", "--format", "json", "--data"])
        .arg(&train)
        .arg("--test")
        .arg(&test)
        .arg("--predictions-out")
        .arg(&preds)
        .arg("--folds-out")
        .arg(&folds)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r = json_of(&out);
    assert_eq!(r["n"], n_test);
    assert!(r["folds"].is_null());
    let p = jsonl(&std::fs::read(&preds).unwrap());
    assert_eq!(p.len(), n_test);
    let correct = p.iter().filter(|x| x["predicted"] == x["label"]).count();
    assert!(
        (correct as f64 / n_test as f64 - r["accuracy"].as_f64().unwrap()).abs() < 1e-12,
        "the predictions are the ones the report counts"
    );
    assert!(p[0]["file"].as_str().unwrap().ends_with("test.jsonl"));
    assert_eq!(p[0]["line"], 1);
    // The folds file has the training examples with "fold": null, for a peer to use.
    let f = jsonl(&std::fs::read(&folds).unwrap());
    assert_eq!(f.len(), n_train + n_test);
    assert_eq!(f.iter().filter(|x| x["fold"].is_null()).count(), n_train);
    // The table names both sides.
    standpoint()
        .args(["evaluate", "--task", "stance", "--data"])
        .arg(&train)
        .arg("--test")
        .arg(&test)
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "trained on {n_train} examples, tested on"
        )));
}

#[test]
fn train_also_labels_train_in_every_fold_and_are_never_tested() {
    let d = tempfile::tempdir().unwrap();
    let (rest, two) = two_sets(d.path());
    let n_two = std::fs::read_to_string(&two).unwrap().lines().count();
    let folds = d.path().join("f.jsonl");
    let run = |args: &[&str]| {
        json_of(
            &standpoint()
                .args(["evaluate", "--task", "stance", "--format", "json", "--data"])
                .arg(&two)
                .args(args)
                .assert()
                .success()
                .get_output()
                .stdout,
        )
    };
    let alone = run(&["--cv", "loao"]);
    let also = run(&[
        "--cv",
        "loao",
        "--train-also",
        rest.to_str().unwrap(),
        "--folds-out",
        folds.to_str().unwrap(),
    ]);
    assert_eq!(also["n"], n_two);
    assert_eq!(also["folds"].as_array().unwrap().len(), 2);
    assert_ne!(
        alone["log_loss"], also["log_loss"],
        "the rest was trained on"
    );
    let f = jsonl(&std::fs::read(&folds).unwrap());
    assert!(f
        .iter()
        .filter(|x| x["fold"].is_null())
        .all(|x| !x["group"].as_str().unwrap().starts_with("nikkei")));
    assert_eq!(f.iter().filter(|x| !x["fold"].is_null()).count(), n_two);
    // Leave one author out, with the inner folds of --search grouped the same way.
    let by_author = run(&[
        "--cv",
        "loao",
        "--group-field",
        "author",
        "--train-also",
        rest.to_str().unwrap(),
        "--search",
    ]);
    let groups: Vec<&str> = by_author["folds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["fa-", "nik"]);
}

#[test]
fn extra_weight_is_stored_and_changes_the_fit() {
    let d = tempfile::tempdir().unwrap();
    let (rest, two) = two_sets(d.path());
    let train = |name: &str, w: &str| {
        let out = d.path().join(name);
        standpoint()
            .args(["train", "--task", "stance", "--cv", "none", "--data"])
            .arg(&rest)
            .arg("--extra")
            .arg(&two)
            .args(["--extra-weight", w, "--out"])
            .arg(&out)
            .assert()
            .success();
        json_of(&std::fs::read(&out).unwrap())
    };
    let one = train("one.json", "1");
    let half = train("half.json", "0.5");
    assert_eq!(one["training"]["params"]["extra_weight"], 1.0);
    assert_eq!(half["training"]["params"]["extra_weight"], 0.5);
    assert_eq!(half["training"]["fit"]["solver"], "sparse");
    let w = |m: &Value| m["training"]["fit"]["weighted_examples"].as_f64().unwrap();
    assert!(w(&half) < w(&one), "{} vs {}", w(&half), w(&one));
    standpoint()
        .args(["model", "info"])
        .arg(d.path().join("half.json"))
        .assert()
        .success()
        .stdout(predicates::str::contains("--extra-weight 0.5"));
    standpoint()
        .args(["train", "--task", "stance", "--data"])
        .arg(&rest)
        .args(["--extra-weight", "0", "--out"])
        .arg(d.path().join("bad.json"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("extra_weight = 0"));
}

#[test]
fn train_extra_works_from_any_directory_with_the_embedded_labels() {
    let elsewhere = tempfile::tempdir().unwrap();
    let d = elsewhere.path();
    let extra = subset(d, "mine.jsonl", |a| a.starts_with("nikkei"));
    let out = d.join("new/dirs/stance.json");
    common::standpoint_in(d)
        .args(["train", "--task", "stance", "--cv", "none", "--extra"])
        .arg(&extra)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let m = json_of(&std::fs::read(&out).unwrap());
    let builtin: Value =
        serde_json::from_str(standpoint::model::builtin::json("stance").unwrap()).unwrap();
    let data = m["training"]["data"].as_array().unwrap();
    assert_eq!(
        data[0], builtin["training"]["data"][0],
        "the embedded base file"
    );
    let roles: Vec<&str> = data.iter().map(|d| d["role"].as_str().unwrap()).collect();
    assert_eq!(
        roles.iter().filter(|r| **r == "extra").count(),
        1,
        "{roles:?}"
    );
    // The written corpus the built-in model trained on alone stays train-only, at weight 1.
    let also = roles.iter().filter(|r| **r == "train-also").count();
    assert_eq!(also, roles.len() - 2, "{roles:?}");
    assert_eq!(
        m["training"]["merge"]["train_also"],
        builtin["training"]["merge"]["train_also"]
    );
    assert_eq!(
        standpoint::model::Classifier::load(&out)
            .unwrap()
            .training
            .params,
        standpoint::model::builtin::load("stance")
            .unwrap()
            .training
            .params,
        "the built-in model's settings"
    );
    // Every Nikkei paragraph repeats a base one with the same label.
    let nikkei = std::fs::read_to_string(&extra).unwrap().lines().count();
    assert_eq!(m["training"]["merge"]["duplicates"], nikkei as u64);
    // A task without a built-in model needs --data.
    common::standpoint_in(d)
        .args(["train", "--task", "topic", "--extra"])
        .arg(&extra)
        .arg("--out")
        .arg(d.join("t.json"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("no built-in 'topic' model"));
}

#[test]
fn label_retrains_from_any_directory_with_the_embedded_labels() {
    let elsewhere = tempfile::tempdir().unwrap();
    let d = elsewhere.path();
    std::fs::write(
        d.join("pool.jsonl"),
        "{\"id\":\"p1\",\"source\":\"Desk\",\"text\":\"Leaders welcomed the new partnership as a milestone for shared security.\\n\\nThe ministers met on Thursday in a hotel near the airport.\"}\n",
    )
    .unwrap();
    let out = common::standpoint_in(d)
        .args([
            "label",
            "--task",
            "stance",
            "--pool",
            "pool.jsonl",
            "--out",
            "answers.jsonl",
            "--retrain-every",
            "1",
        ])
        .write_stdin("f\nn\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("model retrained 1×"), "{text}");
    assert_eq!(
        std::fs::read_to_string(d.join("answers.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
}

#[test]
fn a_new_target_from_zero_labels_to_a_named_model() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    std::fs::write(
        d.join("pool.jsonl"),
        "{\"id\":\"a\",\"source\":\"Gazette\",\"text\":\"Parents welcomed the four-day week as a win for families.\\n\\nThe trial starts in September.\\n\\nCritics said the four-day week would exhaust pupils.\"}\n",
    )
    .unwrap();
    // Any label field, labels given, no model: keyword hits come first.
    let out = common::standpoint_in(d)
        .args([
            "label",
            "--task",
            "week",
            "--labels",
            "pro,con,none",
            "--no-model",
            "--keywords",
            "four-day",
            "--pool",
            "pool.jsonl",
            "--out",
            "answers.jsonl",
        ])
        .write_stdin("1\n2\n3\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("[1] pro  [2] con  [3] none"), "{text}");
    assert!(text.contains("no model yet (1 keyword hit(s))"), "{text}");
    let answers = jsonl(&std::fs::read(d.join("answers.jsonl")).unwrap());
    let labels: Vec<&str> = answers
        .iter()
        .map(|a| a["week"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["pro", "con", "none"]);
    assert!(answers[0]["text"].as_str().unwrap().contains("four-day"));
    // Train a named model on the answers; score and model info name the target.
    common::standpoint_in(d)
        .args([
            "train",
            "--task",
            "week",
            "--data",
            "answers.jsonl",
            "--cv",
            "none",
            "--target-name",
            "Four-day week",
            "--target-definition",
            "Schools moving to a four-day week.",
            "--out",
            "m/week.json",
        ])
        .assert()
        .success();
    let m = json_of(&std::fs::read(d.join("m/week.json")).unwrap());
    assert_eq!(m["target"]["name"], "Four-day week");
    assert!(
        m["analyzer"]["concepts"].is_null(),
        "no lexicon unless given"
    );
    common::standpoint_in(d)
        .args(["model", "info", "m/week.json"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "target      Four-day week — Schools moving to a four-day week.",
        ));
}
