//! The written corpus (`data/authored/`) stays what its data card says: valid records, no
//! near-duplicates within it or against the seed paragraphs, every stance class at least
//! 30% of it, final labels equal to the settled ones in `agreement/labels.jsonl`, and the
//! card's agreement table recomputed from that file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;
use standpoint::labelling::Dedup;

mod common;

use common::{jsonl, root, seed_label_records};

const STANCE: [&str; 3] = ["FAVOR", "AGAINST", "NONE"];
const SENTIMENT: [&str; 3] = ["positive", "negative", "neutral"];

fn authored_dir() -> PathBuf {
    root().join("data/authored")
}

/// Every author file's records, by author, in file order.
fn corpus() -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(authored_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "jsonl") {
            let author = p.file_stem().unwrap().to_string_lossy().into_owned();
            out.insert(author, jsonl(&std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn label<'a>(r: &'a Value, task: &str) -> Option<&'a str> {
    r[task].as_str()
}

#[test]
fn records_are_valid_and_ids_unique() {
    let corpus = corpus();
    assert!(corpus.len() >= 6, "{} author files", corpus.len());
    let mut ids = HashSet::new();
    let mut n = 0;
    for (author, records) in &corpus {
        for r in records {
            let id = r["id"].as_str().unwrap();
            assert!(ids.insert(id.to_string()), "{id} used twice");
            assert_eq!(r["author"], author.as_str(), "{id}");
            let article = r["article"].as_str().unwrap();
            assert!(article.starts_with(&format!("{author}-")), "{id}");
            assert!(id.starts_with(&format!("{article}-")), "{id}");
            assert!(!r["text"].as_str().unwrap().trim().is_empty(), "{id}");
            assert!(r["source"].as_str().is_some_and(|s| !s.is_empty()), "{id}");
            for (task, allowed) in [("stance", &STANCE), ("sentiment", &SENTIMENT)] {
                match &r[task] {
                    Value::Null => {}
                    v => assert!(allowed.contains(&v.as_str().unwrap()), "{id}: {task} {v}"),
                }
            }
            assert!(
                label(r, "stance").is_some() || label(r, "sentiment").is_some(),
                "{id} has no label at all"
            );
            n += 1;
        }
    }
    assert!(n >= 1500, "{n} paragraphs");
}

#[test]
fn every_stance_class_is_at_least_30_percent_and_every_cell_occurs() {
    let mut stance: HashMap<&str, usize> = HashMap::new();
    let mut cells: HashSet<(String, String)> = HashSet::new();
    let corpus = corpus();
    let mut n = 0;
    for r in corpus.values().flatten() {
        if let Some(s) = label(r, "stance") {
            *stance.entry(s).or_default() += 1;
            n += 1;
            if let Some(t) = label(r, "sentiment") {
                cells.insert((s.to_string(), t.to_string()));
            }
        }
    }
    for s in STANCE {
        let share = stance[s] as f64 / n as f64;
        assert!(share >= 0.30, "{s}: {share:.3} of {n}");
    }
    assert_eq!(cells.len(), 9, "{cells:?}");
}

#[test]
fn no_near_duplicates_within_the_corpus_or_against_the_seeds() {
    let mut dedup = Dedup::default();
    for r in seed_label_records() {
        dedup.insert(r["text"].as_str().unwrap());
    }
    let mut found = Vec::new();
    for r in corpus().values().flatten() {
        if !dedup.insert(r["text"].as_str().unwrap()) {
            found.push(r["id"].as_str().unwrap().to_string());
        }
    }
    assert!(found.is_empty(), "near-duplicates: {found:?}");
}

/// Cohen's kappa of two label sequences.
fn kappa(a: &[&str], b: &[&str]) -> f64 {
    let n = a.len() as f64;
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n;
    let mut ca: HashMap<&str, f64> = HashMap::new();
    let mut cb: HashMap<&str, f64> = HashMap::new();
    for (x, y) in a.iter().zip(b) {
        *ca.entry(x).or_default() += 1.0;
        *cb.entry(y).or_default() += 1.0;
    }
    let chance: f64 = ca
        .iter()
        .map(|(k, v)| v * cb.get(k).copied().unwrap_or(0.0))
        .sum::<f64>()
        / (n * n);
    (agree - chance) / (1.0 - chance)
}

#[test]
fn kappa_kernel_on_a_worked_example() {
    // 10 items, 8 agreements; marginals 5/5 and 6/4: chance 0.5, kappa (0.8-0.5)/0.5.
    let a = ["x", "x", "x", "x", "x", "y", "y", "y", "y", "y"];
    let b = ["x", "x", "x", "x", "y", "y", "y", "y", "y", "x"];
    assert!((kappa(&a, &b) - 0.6).abs() < 1e-12);
}

#[test]
fn final_labels_are_the_settled_ones_and_the_card_reports_the_agreement() {
    let agreement = jsonl(&std::fs::read(authored_dir().join("agreement/labels.jsonl")).unwrap());
    let corpus = corpus();
    let by_id: HashMap<&str, &Value> = corpus
        .values()
        .flatten()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    let mut kept = 0;
    let mut per_author: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for a in &agreement {
        let id = a["id"].as_str().unwrap();
        per_author
            .entry(a["author"].as_str().unwrap())
            .or_default()
            .push(a);
        match by_id.get(id) {
            Some(r) => {
                kept += 1;
                for task in ["stance", "sentiment"] {
                    let [first, second, fin] = [0, 1, 2].map(|i| a[task][i].as_str());
                    assert_eq!(label(r, task), fin, "{id}: {task}");
                    if first == second {
                        assert_eq!(fin, first, "{id}: {task} agreed but changed");
                    }
                }
            }
            None => assert!(
                a.get("dropped").is_some()
                    || (a["stance"][2].is_null() && a["sentiment"][2].is_null()),
                "{id} left out without a reason"
            ),
        }
    }
    assert_eq!(
        kept,
        by_id.len(),
        "every corpus paragraph has its agreement record"
    );

    let card = std::fs::read_to_string(authored_dir().join("README.md")).unwrap();
    for (author, rows) in &per_author {
        let mut cells = Vec::new();
        for task in ["stance", "sentiment"] {
            let first: Vec<&str> = rows.iter().map(|r| r[task][0].as_str().unwrap()).collect();
            let second: Vec<&str> = rows.iter().map(|r| r[task][1].as_str().unwrap()).collect();
            let disagree = first.iter().zip(&second).filter(|(x, y)| x != y).count();
            cells.push(format!("{:.3} ({disagree})", kappa(&first, &second)));
        }
        let row = format!("| {} | {} |", cells[0], cells[1]);
        let line = card
            .lines()
            .find(|l| l.starts_with(&format!("| `{author}` |")))
            .unwrap_or_else(|| panic!("the data card has no row for {author}"));
        assert!(
            line.ends_with(&row),
            "{author}: card says {line}, computed {row}"
        );
    }
}
