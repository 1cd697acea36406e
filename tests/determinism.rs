//! The same inputs give byte-identical outputs — models, evaluations, scores, reports —
//! across runs and thread counts.

use std::path::Path;

mod common;

use common::{root, standpoint_in};

/// Runs `args` in `dir` and returns stdout; fails the test on a non-zero exit.
fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = standpoint_in(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn labels() -> String {
    root()
        .join("data/seed_paragraphs.jsonl")
        .to_string_lossy()
        .into_owned()
}

fn seeds() -> String {
    root().join("seeds").to_string_lossy().into_owned()
}

#[test]
fn training_writes_the_same_model_bytes_across_runs_and_thread_counts() {
    let d = tempfile::tempdir().unwrap();
    let data = labels();
    // Leave-one-article-out figures and the L2 search both run folds on threads.
    let mut models = Vec::new();
    for (name, threads) in [("a.json", "1"), ("b.json", "2"), ("c.json", "2")] {
        run(
            d.path(),
            &[
                "train",
                "--task",
                "stance",
                "--search",
                "--threads",
                threads,
                "--data",
                &data,
                "--out",
                name,
            ],
        );
        models.push(std::fs::read(d.path().join(name)).unwrap());
    }
    assert!(models[0].len() > 1000);
    assert_eq!(models[0], models[1], "1 thread vs 2 threads");
    assert_eq!(models[1], models[2], "two runs with 2 threads");
}

#[test]
fn cross_validation_reports_the_same_figures_across_runs_and_thread_counts() {
    let d = tempfile::tempdir().unwrap();
    let data = labels();
    let eval = |threads: &str| {
        run(
            d.path(),
            &[
                "evaluate",
                "--task",
                "sentiment",
                "--cv",
                "5",
                "--seed",
                "7",
                "--threads",
                threads,
                "--format",
                "json",
                "--data",
                &data,
            ],
        )
    };
    let one = eval("1");
    assert_eq!(one, eval("2"));
    assert_eq!(one, eval("2"));
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(v["n"], 112);
    assert_eq!(v["folds"].as_array().unwrap().len(), 5);
}

#[test]
fn scores_are_the_same_across_runs_thread_counts_and_formats() {
    let d = tempfile::tempdir().unwrap();
    let s = seeds();
    // Many articles, so that two threads really share the work.
    let seed_text: Vec<String> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut lines = String::new();
    for i in 0..300 {
        let text = &seed_text[i % seed_text.len()];
        let cut = text.len() * (i % 7 + 3) / 10;
        let cut = (0..=cut).rev().find(|&c| text.is_char_boundary(c)).unwrap();
        lines.push_str(
            &(serde_json::json!({"id": format!("a{i}"), "source": format!("S{}", i % 5), "text": &text[..cut]})
                .to_string()
                + "\n"),
        );
    }
    std::fs::write(d.path().join("many.jsonl"), lines).unwrap();
    for format in ["jsonl", "csv", "table"] {
        let score = |threads: &str| {
            run(
                d.path(),
                &[
                    "score",
                    "--paragraphs",
                    "--threads",
                    threads,
                    "--format",
                    format,
                    &s,
                    "many.jsonl",
                ],
            )
        };
        let one = score("1");
        assert!(one.len() > 10_000, "{format}");
        assert_eq!(one, score("2"), "{format}: 1 vs 2 threads");
        assert_eq!(one, score("2"), "{format}: second run");
    }
}

#[test]
fn reports_are_the_same_across_runs_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    let s = seeds();
    let scored = run(d.path(), &["score", "--format", "jsonl", &s]);
    std::fs::write(d.path().join("scored.jsonl"), &scored).unwrap();
    for format in ["table", "csv", "json", "md", "html"] {
        let report = || {
            run(
                d.path(),
                &[
                    "report",
                    "--resamples",
                    "1000",
                    "--format",
                    format,
                    "scored.jsonl",
                ],
            )
        };
        let first = report();
        assert!(!first.is_empty(), "{format}");
        assert_eq!(first, report(), "{format}");
        // Scoring on the fly gives the same report as scoring first.
        let direct = run(
            d.path(),
            &["report", "--resamples", "1000", "--format", format, &s],
        );
        assert_eq!(first, direct, "{format}: from articles vs from scores");
    }
}
