//! The public benchmark sets in `../shared/datasets/` (read in place, never copied): their
//! formats are read correctly and the default settings keep their accuracy. Each test
//! skips, saying so, when the data set is absent.

use std::path::PathBuf;

use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{root, standpoint};

fn dataset(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/datasets").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

fn rt_args(dir: &std::path::Path) -> Vec<String> {
    vec![
        "--lines".into(),
        format!("{}=positive", dir.join("rt-polarity.pos").display()),
        "--lines".into(),
        format!("{}=negative", dir.join("rt-polarity.neg").display()),
    ]
}

#[test]
fn rt_polarity_needs_its_encoding_named() {
    let Some(dir) = dataset("rt_polarity_v1.0") else {
        return;
    };
    standpoint()
        .args(["evaluate", "--task", "sentiment", "--cv", "10"])
        .args(rt_args(&dir))
        .assert()
        .failure()
        .stderr(predicate::str::contains("rt-polarity.pos: byte "))
        .stderr(predicate::str::contains("--encoding latin1"));
}

#[test]
fn rt_polarity_ten_fold_accuracy_with_defaults_reaches_a_cnn_over_word_vectors() {
    let Some(dir) = dataset("rt_polarity_v1.0") else {
        return;
    };
    let out = standpoint()
        .args([
            "evaluate",
            "--task",
            "sentiment",
            "--encoding",
            "latin1",
            "--cv",
            "10",
            "--seed",
            "0",
        ])
        .args(["--format", "json"])
        .args(rt_args(&dir))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(r["n"], 10662);
    assert_eq!(r["folds"].as_array().unwrap().len(), 10);
    let acc = r["accuracy"].as_f64().unwrap();
    // Kim (2014): a CNN over static word vectors, 81.0 (NBSVM-bi: 79.4).
    assert!(acc >= 0.810, "10-fold accuracy {acc}");
}

#[test]
fn ibm_claim_stance_reads_the_csv_and_its_split() {
    let Some(csv) = dataset("ibm_claim_stance/claim_stance_dataset_v1.csv") else {
        return;
    };
    let out = standpoint()
        .args([
            "evaluate",
            "--task",
            "claims.stance",
            "--text-field",
            "claims.claimCorrectedText",
        ])
        .args([
            "--group-field",
            "split",
            "--cv",
            "holdout:test",
            "--allow-conflicts",
            "--format",
            "json",
            "--data",
        ])
        .arg(&csv)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(r["n"], 1355);
    assert_eq!(r["per_class"]["PRO"]["support"], 700);
    assert_eq!(r["per_class"]["CON"]["support"], 655);
    // A filter that keeps only the training split.
    let d = tempfile::tempdir().unwrap();
    standpoint()
        .args([
            "train",
            "--task",
            "claims.stance",
            "--text-field",
            "claims.claimCorrectedText",
        ])
        .args([
            "--where",
            "split=train",
            "--cv",
            "none",
            "--allow-conflicts",
            "--out",
        ])
        .arg(d.path().join("m.json"))
        .arg("--data")
        .arg(&csv)
        .assert()
        .success()
        .stderr(predicate::str::contains("1039 examples"));
}
