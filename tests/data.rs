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
fn shipped_models_were_trained_on_the_current_label_files() {
    let mut authored: Vec<String> = std::fs::read_dir(root().join("data/authored"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".jsonl"))
        .map(|n| format!("data/authored/{n}"))
        .collect();
    authored.sort();
    for task in ["stance", "sentiment"] {
        let m = shipped(task);
        assert_eq!(m.task, task);
        let files = &m.training.data;
        // The seeds are the data (cross-validated), the written corpus trains only.
        assert_eq!(files[0].path, "data/seed_paragraphs.jsonl");
        assert_eq!(files[0].role, "data");
        let also: Vec<&str> = files[1..].iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            also, authored,
            "{task}: every written file, and nothing else"
        );
        assert!(files[1..].iter().all(|f| f.role == "train-also"));
        for d in &m.training.data {
            let (sha, bytes) = standpoint::io::sha256_file(&root().join(&d.path)).unwrap();
            assert_eq!(
                (d.sha256.as_str(), d.bytes),
                (sha.as_str(), bytes),
                "{task}: retrain after editing {}",
                d.path
            );
        }
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
    for task in ["stance", "sentiment"] {
        let m = shipped(task);
        let (mut texts, mut labels) = (Vec::new(), Vec::new());
        for d in &m.training.data {
            let text = std::fs::read_to_string(root().join(&d.path)).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let r: Value = serde_json::from_str(line).unwrap();
                // A record without this task's label does not train it.
                if let Some(label) = r[task].as_str() {
                    texts.push(r["text"].as_str().unwrap().to_string());
                    labels.push(label.to_string());
                }
            }
        }
        assert_eq!(texts.len(), m.training.fit.examples, "{task}");
        let fitted = m.training.params.fit(&texts, &labels).unwrap();
        assert_eq!(fitted.tfidf, m.tfidf, "{task}: vocabulary and idf");
        assert_eq!(fitted.labels, m.labels);
        assert_eq!(fitted.linear.head, m.linear.head, "{task}: head");
        let recorded = &m.training.fit;
        let same_solver = if fitted.report.solver == recorded.solver {
            fitted
        } else {
            // --solver auto now picks another solver than it did for the shipped model:
            // that one must reach the shipped optimum, and the recorded one reproduce it.
            let rel = (fitted.report.objective - recorded.objective).abs() / recorded.objective;
            assert!(
                rel < 1e-6,
                "{task}: {} objective off by {rel:e}",
                fitted.report.solver
            );
            let mut params = m.training.params.clone();
            params.solver = serde_json::from_value(Value::from(recorded.solver.as_str())).unwrap();
            params.fit(&texts, &labels).unwrap()
        };
        // Weights agree to the optimiser's tolerance (dense BLAS kernels differ by CPU).
        let d = (&same_solver.linear.weights - &m.linear.weights)
            .iter()
            .chain((&same_solver.linear.intercept - &m.linear.intercept).iter())
            .fold(0.0f64, |a, b| a.max(b.abs()));
        assert!(d < 1e-4, "{task}: weights differ by {d}");
    }
}

#[test]
fn the_shipped_stance_model_gets_the_seed_articles_verdicts_right() {
    let st = shipped("stance");
    let se = shipped("sentiment");
    let mut scorer = standpoint::pipeline::ArticleScorer::new(&st, &se).unwrap();
    let articles = Articles::open(&[root().join("seeds")], Limits::default()).unwrap();
    let mut verdicts = BTreeMap::new();
    for a in articles {
        let a = a.unwrap();
        let scored = scorer.score(&a, false);
        verdicts.insert(a.id.clone(), scored.stance.unwrap().label);
    }
    assert_eq!(verdicts.len(), 7, "{verdicts:?}");
    for (id, label) in &verdicts {
        let want = if id == "nikkei-four-projects" {
            "FAVOR"
        } else {
            "AGAINST"
        };
        assert_eq!(label, want, "{id}");
    }
}

#[test]
fn the_shipped_stance_model_has_no_built_in_lean() {
    let st = shipped("stance");
    let (f, a, n) = (
        st.label_index("FAVOR").unwrap(),
        st.label_index("AGAINST").unwrap(),
        st.label_index("NONE").unwrap(),
    );
    // A paragraph with no words: uniform.
    for text in ["", "…", " — ", "* * *"] {
        let p = st.scorer().predict_proba(text);
        for v in &p {
            assert!((v - 1.0 / 3.0).abs() < 0.02, "{text:?}: {p:?}");
        }
    }
    // Off-topic text: NONE, and no side favoured.
    for text in [
        "The recipe calls for two cups of flour, a pinch of salt and warm water.",
        "Run the installer, then restart the computer before opening the program.",
        "The river flooded the lower fields after a week of heavy rain.",
        "Quarterly earnings at the bank beat forecasts as lending grew.",
    ] {
        let p = st.scorer().predict_proba(text);
        assert!(p[n] > 0.5, "{text:?}: {p:?}");
        assert!((p[f] - p[a]).abs() < 0.2, "{text:?}: {p:?}");
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
