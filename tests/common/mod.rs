//! Helpers shared by the integration tests: where the repository is, the binary under
//! test, the seed labels, and JSONL output parsed.
#![allow(dead_code)] // each test file uses its own share of these

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `standpoint` binary built for these tests.
pub fn standpoint() -> Command {
    Command::cargo_bin("standpoint").unwrap()
}

/// The binary, run in `dir`.
pub fn standpoint_in(dir: &Path) -> Command {
    let mut c = standpoint();
    c.current_dir(dir);
    c
}

/// The seed label file, `data/seed_paragraphs.jsonl`.
pub fn seed_labels() -> PathBuf {
    root().join("data/seed_paragraphs.jsonl")
}

/// The seed label file's records.
pub fn seed_label_records() -> Vec<Value> {
    jsonl(&std::fs::read(seed_labels()).unwrap())
}

/// One JSON value per line of `out`.
pub fn jsonl(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
