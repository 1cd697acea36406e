//! Labels stated against topics of either polarity (`--polarity-field`): a claim's PRO or
//! CON depends on whether its topic is for or against the thing the claim talks about.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

mod common;

use common::{jsonl, standpoint};

/// Six topics, three stated for their target and three against it ("ban …"). A claim
/// praising the target is PRO a topic stated for it and CON a topic stated against it, so
/// the same words mean opposite labels in half the topics.
fn claims(dir: &Path) -> PathBuf {
    claims_labelled(dir, "stance_to_topic", ["PRO", "CON"])
}

/// [`claims`] with the label in `field`, named `[for, against]`.
fn claims_labelled(dir: &Path, field: &str, names: [&str; 2]) -> PathBuf {
    let praise = [
        "brings clear benefits",
        "helps families",
        "is good for growth",
    ];
    let blame = ["causes real harm", "hurts families", "is bad for growth"];
    let mut text = String::new();
    for t in 0..6 {
        let polarity = if t % 2 == 0 { 1 } else { -1 };
        let thing = format!("thing{t}");
        for (i, (good, bad)) in praise.iter().zip(blame).enumerate() {
            for (words, sign) in [(good, 1), (&bad, -1)] {
                let stance = names[usize::from(sign * polarity < 0)];
                let mut rec = json!({"id": format!("{t}-{i}-{sign}"), "topic": format!("t{t}"),
                    "text": format!("{thing} {words} report {i}"), "polarity": polarity});
                rec[field] = json!(stance);
                text.push_str(&format!("{rec}\n"));
            }
        }
    }
    let p = dir.join("claims.jsonl");
    std::fs::write(&p, text).unwrap();
    p
}

/// Trains a `task` model on `data` with `--polarity-field polarity`, written to `out`.
fn train_mirrored(data: &Path, task: &str, out: &Path) -> PathBuf {
    standpoint()
        .args(["train", "--task", task, "--cv", "none"])
        .args(["--polarity-field", "polarity", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
    out.to_path_buf()
}

fn evaluate(data: &Path, extra: &[&str]) -> Value {
    let out = standpoint()
        .args([
            "evaluate",
            "--task",
            "stance_to_topic",
            "--group-field",
            "topic",
        ])
        .args(["--cv", "loao", "--format", "json", "--data"])
        .arg(data)
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn mirrored_labels_carry_across_topics_of_either_polarity() {
    let d = tempfile::tempdir().unwrap();
    let data = claims(d.path());
    let plain = evaluate(&data, &[]);
    let folds = d.path().join("folds.jsonl");
    let mirrored = evaluate(
        &data,
        &[
            "--polarity-field",
            "polarity",
            "--folds-out",
            folds.to_str().unwrap(),
        ],
    );
    let (p, m) = (
        plain["macro_f1"].as_f64().unwrap(),
        mirrored["macro_f1"].as_f64().unwrap(),
    );
    assert!(m > 0.9, "mirrored: macro-F1 {m}");
    assert!(
        p < 0.6,
        "without the polarity the words mean both labels: {p}"
    );
    // The folds file names the swapped labels on the records it mirrored, for a peer.
    for r in jsonl(&std::fs::read(&folds).unwrap()) {
        let against = r["group"].as_str().unwrap().ends_with(['1', '3', '5']);
        assert_eq!(!r["mirror"].is_null(), against, "{r}");
    }
}

#[test]
fn a_mirroring_model_needs_the_polarity_to_be_evaluated() {
    let d = tempfile::tempdir().unwrap();
    let data = claims(d.path());
    let model = train_mirrored(&data, "stance_to_topic", &d.path().join("m.json"));
    standpoint()
        .args(["evaluate", "--task", "stance_to_topic", "--data"])
        .arg(&data)
        .arg("--model")
        .arg(&model)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "the model mirrors labels where 'polarity' is -1; pass --polarity-field polarity",
        ));
    let out = standpoint()
        .args(["evaluate", "--task", "stance_to_topic", "--format", "json"])
        .args(["--polarity-field", "polarity", "--data"])
        .arg(&data)
        .arg("--model")
        .arg(&model)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(r["accuracy"], 1.0, "{r}");
    standpoint()
        .args(["model", "info"])
        .arg(&model)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "--polarity-field polarity --opposites CON,PRO",
        ));
}

#[test]
fn score_says_a_mirroring_model_scores_articles_as_stated_for_its_target() {
    let d = tempfile::tempdir().unwrap();
    let data = claims_labelled(d.path(), "stance", ["FAVOR", "AGAINST"]);
    let model = train_mirrored(&data, "stance", &d.path().join("stance.json"));
    let article = d.path().join("a.txt");
    std::fs::write(
        &article,
        "A title\n\nthing9 brings clear benefits, a report says.\n",
    )
    .unwrap();
    standpoint()
        .args(["score", "--model"])
        .arg(&model)
        .arg(&article)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "the stance model was trained with labels mirrored where 'polarity' is -1",
        ));
}
