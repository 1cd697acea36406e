//! Every command's `--help`, kept as a snapshot in `tests/snapshots/`: the help is the usage
//! documentation, so a change to it shows in review. `UPDATE_SNAPSHOTS=1 cargo test --test
//! help` rewrites the snapshots after a deliberate change.

mod common;

use common::{root, standpoint};

/// Every command, as the words after `standpoint`.
const COMMANDS: [&[&str]; 12] = [
    &[],
    &["score"],
    &["train"],
    &["evaluate"],
    &["report"],
    &["explain"],
    &["label"],
    &["studio"],
    &["learning-curve"],
    &["segment"],
    &["model"],
    &["model", "info"],
];

#[test]
fn every_commands_help_matches_its_snapshot() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let dir = root().join("tests/snapshots");
    let mut stale = Vec::new();
    for words in COMMANDS {
        let out = standpoint()
            .args(words)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{words:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        let name = match words {
            [] => "standpoint".to_string(),
            w => w.join("-"),
        };
        let path = dir.join(format!("help-{name}.txt"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &help).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != help {
            stale.push(format!("{}:\n{help}", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "--help differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites them):\n{}",
        stale.join("\n")
    );
}
