//! TF-IDF parity with scikit-learn 1.9.1: every fixture in `tests/fixtures/tfidf-sklearn/`
//! (copied from `../shared/fixtures/tfidf-sklearn/`) is fitted on its training documents and
//! applied to its test documents; vocabulary must match exactly and every idf and weight to
//! 1e-12. The fixtures give token lists, so this checks the TF-IDF arithmetic
//! (scikit-learn's smooth idf, sublinear tf, l2 norm, min_df / max_df, max_features).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use standpoint::tokenize::ngram::word_ngrams;
use standpoint::vectorize::{DocFreq, SparseRow, TermCounts, TfidfParams};

const TOL: f64 = 1e-12;

fn doc_freq(v: Option<&Value>, default: DocFreq) -> DocFreq {
    match v {
        None => default,
        Some(v) if v.is_u64() => DocFreq::Count(v.as_u64().unwrap()),
        Some(v) => DocFreq::Fraction(v.as_f64().unwrap()),
    }
}

fn features(tokens: &[String], range: (usize, usize)) -> Vec<String> {
    let mut out = Vec::new();
    word_ngrams(tokens, range, &mut String::new(), |g| {
        out.push(g.to_string())
    });
    out
}

fn docs(v: &Value) -> Vec<Vec<String>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d.as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn check_rows(name: &str, which: &str, got: &[SparseRow], want: &Value, vocab: &[String]) {
    let want = want.as_array().unwrap();
    assert_eq!(got.len(), want.len(), "{name} {which}: row count");
    for (i, (row, w)) in got.iter().zip(want).enumerate() {
        let w: BTreeMap<&str, f64> = w
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_f64().unwrap()))
            .collect();
        let g: BTreeMap<&str, f64> = row.iter().map(|(j, v)| (vocab[j].as_str(), v)).collect();
        assert_eq!(
            g.keys().collect::<Vec<_>>(),
            w.keys().collect::<Vec<_>>(),
            "{name} {which} row {i}: features"
        );
        for (k, wv) in &w {
            let d = (g[k] - wv).abs();
            assert!(
                d <= TOL,
                "{name} {which} row {i} '{k}': {} vs {wv} (diff {d:e})",
                g[k]
            );
        }
    }
}

#[test]
fn every_scikit_learn_fixture_agrees_to_1e_12() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tfidf-sklearn");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "all six fixtures are present");
    for path in names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let f: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let c = &f["config"];
        assert_eq!(c["norm"], "l2", "{name}: only l2 rows are produced");
        let range = c["ngram_range"].as_array().unwrap();
        let range = (
            range[0].as_u64().unwrap() as usize,
            range[1].as_u64().unwrap() as usize,
        );
        let params = TfidfParams {
            sublinear_tf: c["sublinear_tf"].as_bool().unwrap(),
            smooth_idf: c["smooth_idf"].as_bool().unwrap(),
            min_df: doc_freq(c.get("min_df"), DocFreq::Count(1)),
            max_df: doc_freq(c.get("max_df"), DocFreq::Fraction(1.0)),
            max_features: c.get("max_features").map(|v| v.as_u64().unwrap() as usize),
            concept_weight: 1.0,
            char_weight: 1.0,
            view_norm: false,
        };
        let mut counts = TermCounts::new();
        for d in docs(&f["train_docs"]) {
            counts.add_document(features(&d, range));
        }
        let (tfidf, train_rows) = params.fit(&counts).unwrap();
        let vocab: Vec<String> = f["vocabulary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        assert_eq!(tfidf.vocabulary(), vocab.as_slice(), "{name}: vocabulary");
        for (j, want) in f["idf"].as_array().unwrap().iter().enumerate() {
            let d = (tfidf.idf()[j] - want.as_f64().unwrap()).abs();
            assert!(d <= TOL, "{name}: idf of '{}' differs by {d:e}", vocab[j]);
        }
        check_rows(&name, "train", &train_rows, &f["train_rows"], &vocab);
        let test_rows: Vec<SparseRow> = docs(&f["test_docs"])
            .iter()
            .map(|d| tfidf.transform(features(d, range)))
            .collect();
        assert!(
            test_rows.last().unwrap().indices.is_empty(),
            "{name}: last test doc is empty"
        );
        check_rows(&name, "test", &test_rows, &f["test_rows"], &vocab);
    }
}

#[test]
fn fixtures_match_the_shared_originals_when_present() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/tfidf-sklearn");
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tfidf-sklearn");
    for e in std::fs::read_dir(&shared).unwrap() {
        let p = e.unwrap().path();
        let mine = local.join(p.file_name().unwrap());
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(&mine).unwrap(),
            "{}",
            mine.display()
        );
    }
}
