//! Replays saved fuzz inputs through the fuzz targets' own checks (`fuzz/checks.rs`):
//! `fuzz/regressions/TARGET/` holds inputs that once failed a target (fixed since), and
//! `fuzz/seeds/` the targets' starting corpora (`text/` for the three targets that read
//! article text). Runs in `cargo test`, no fuzzer needed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of the target's folders; returns how many it ran.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    let seeds = match target {
        "segment" | "tokenize" | "score_article" => "text",
        other => other,
    };
    for dir in [
        root.join("regressions").join(target),
        root.join("seeds").join(seeds),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| check(&data));
            assert!(r.is_ok(), "{} fails the {target} check", f.display());
            n += 1;
        }
    }
    n
}

#[test]
fn segment() {
    assert!(replay("segment", checks::segment::check) > 1);
}

#[test]
fn tokenize() {
    assert!(replay("tokenize", checks::tokenize::check) > 0);
}

#[test]
fn score_article() {
    assert!(replay("score_article", checks::score_article::check) > 0);
}

#[test]
fn jsonl() {
    assert!(replay("jsonl", checks::jsonl::check) > 1);
}

#[test]
fn labels() {
    assert!(replay("labels", checks::labels::check) > 0);
}

#[test]
fn model() {
    assert!(replay("model", checks::model::check) > 0);
}

#[test]
fn documents() {
    assert!(replay("documents", checks::documents::check) > 3);
}

#[test]
fn table() {
    assert!(replay("table", checks::table::check) > 3);
}
