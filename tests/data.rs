//! The project's data stays consistent: seeds are the shared originals, every labelled
//! paragraph is verbatim seed text in the order segmentation finds it, and the shipped
//! models were trained on the data as it is now.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::Value;
use standpoint::ingest::{Articles, Limits};
use standpoint::model::{builtin, Classifier};
use standpoint::segment::segment;

mod common;

use common::{root, seed_label_records};

#[test]
fn seeds_are_byte_copies_of_the_shared_originals_when_present() {
    let shared = root().join("../shared/seeds");
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    let mut n = 0;
    for e in std::fs::read_dir(&shared).unwrap() {
        let p = e.unwrap().path();
        let mine = root().join("seeds").join(p.file_name().unwrap());
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(&mine).unwrap(),
            "{}",
            mine.display()
        );
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn labelled_paragraphs_are_exactly_what_segmentation_finds_in_the_seeds() {
    let rows = seed_label_records();
    let articles: Vec<_> = Articles::open(&[root().join("seeds")], Limits::default())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(articles.len(), 7);
    let mut expected = Vec::new();
    for a in &articles {
        for (n, p) in segment(&a.text).paragraphs.iter().enumerate() {
            expected.push((format!("{}-{n:02}", a.id), a.id.clone(), p.text.clone()));
        }
    }
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["article"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn labels_are_valid_unique_and_verbatim() {
    let rows = seed_label_records();
    let seeds: String = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| {
            let dir = std::fs::read_dir(root().join("seeds")).unwrap();
            let f = dir
                .map(|e| e.unwrap().path())
                .find(|f| f.file_name().unwrap().to_string_lossy().starts_with(p))
                .unwrap();
            std::fs::read_to_string(f).unwrap()
        })
        .collect();
    let mut ids = HashSet::new();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for k in &keys {
            assert!(
                [
                    "id",
                    "article",
                    "source",
                    "text",
                    "stance",
                    "sentiment",
                    "note"
                ]
                .contains(k),
                "unexpected field {k}"
            );
        }
        assert!(
            ids.insert(r["id"].as_str().unwrap().to_string()),
            "duplicate id {}",
            r["id"]
        );
        assert!(
            seeds.contains(r["text"].as_str().unwrap()),
            "{} is not verbatim",
            r["id"]
        );
        let st = r["stance"].as_str().unwrap();
        let se = r["sentiment"].as_str().unwrap();
        assert!(["FAVOR", "AGAINST", "NONE"].contains(&st));
        assert!(["positive", "negative", "neutral"].contains(&se));
        *counts.entry(("stance".into(), st.into())).or_default() += 1;
        *counts.entry(("sentiment".into(), se.into())).or_default() += 1;
    }
    assert_eq!(rows.len(), 112);
    // The counts the README and LABELING.md quote.
    assert_eq!(counts[&("stance".into(), "AGAINST".into())], 62);
    assert_eq!(counts[&("stance".into(), "NONE".into())], 38);
    assert_eq!(counts[&("stance".into(), "FAVOR".into())], 12);
}

fn shipped(task: &str) -> Classifier {
    Classifier::load(&root().join(format!("models/{task}.json"))).unwrap()
}

#[test]
fn shipped_models_were_trained_on_the_current_seed_label_records() {
    let (sha, bytes) =
        standpoint::io::sha256_file(&root().join("data/seed_paragraphs.jsonl")).unwrap();
    for task in ["stance", "sentiment"] {
        let m = shipped(task);
        assert_eq!(m.task, task);
        let d = &m.training.data[0];
        assert_eq!(d.path, "data/seed_paragraphs.jsonl");
        assert_eq!(
            (d.sha256.as_str(), d.bytes),
            (sha.as_str(), bytes),
            "{task}: retrain after editing data/"
        );
        assert_eq!(
            m.training.cv.as_ref().unwrap().scheme,
            "leave-one-article-out"
        );
    }
}

#[test]
fn the_binary_embeds_the_files_in_models() {
    for task in ["stance", "sentiment"] {
        let file = std::fs::read_to_string(root().join(format!("models/{task}.json"))).unwrap();
        assert_eq!(
            builtin::json(task),
            Some(file.as_str()),
            "{task}: rebuild after retraining"
        );
    }
}

#[test]
fn retraining_with_the_recorded_settings_reproduces_the_shipped_models() {
    let rows = seed_label_records();
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    for task in ["stance", "sentiment"] {
        let m = shipped(task);
        let labels: Vec<&str> = rows.iter().map(|r| r[task].as_str().unwrap()).collect();
        let fitted = m.training.params.fit(&texts, &labels).unwrap();
        assert_eq!(fitted.tfidf, m.tfidf, "{task}: vocabulary and idf");
        assert_eq!(fitted.labels, m.labels);
        // Weights agree to the optimiser's tolerance (dense BLAS kernels differ by CPU).
        let d = (&fitted.linear.weights - &m.linear.weights)
            .iter()
            .fold(0.0f64, |a, b| a.max(b.abs()));
        assert!(d < 1e-4, "{task}: weights differ by {d}");
    }
}

#[test]
fn manifest_ranges_cover_the_labelled_articles() {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("seeds/manifest.json")).unwrap())
            .unwrap();
    let ids: HashSet<&str> = manifest["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let labelled: HashSet<String> = seed_label_records()
        .iter()
        .map(|r| r["article"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 7);
    assert_eq!(labelled, ids.iter().map(|s| s.to_string()).collect());
    assert!(Path::new(&root().join("data/LABELING.md")).exists());
}
