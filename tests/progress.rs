//! Progress bars show on a terminal and nowhere else: run under a pseudo-terminal
//! (`script` from util-linux) and through a pipe.

use std::process::Command;

mod common;

use common::standpoint;

/// A JSONL file of `n` short articles.
fn corpus(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let p = dir.join("many.jsonl");
    let lines: String = (0..n)
        .map(|i| {
            format!("{{\"id\":\"a{i}\",\"text\":\"Ministers met to discuss ports, item {i}.\"}}\n")
        })
        .collect();
    std::fs::write(&p, lines).unwrap();
    p
}

/// What a terminal shows while `standpoint score ARGS` runs under `script`.
fn on_a_terminal(args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("standpoint");
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("{} score {args}", bin.display()),
            "/dev/null",
        ])
        .output()
        .expect("`script` (util-linux) runs commands under a pseudo-terminal");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn scoring_many_articles_shows_progress_on_a_terminal_only() {
    let d = tempfile::tempdir().unwrap();
    let input = corpus(d.path(), 6000);
    let out = d.path().join("scored.jsonl");
    let args = format!("--threads 1 {} --out {}", input.display(), out.display());
    let shown = on_a_terminal(&args);
    assert!(shown.contains("articles scored ("), "{shown:?}");
    assert!(shown.contains("/s,"), "no rate in {shown:?}");
    assert_eq!(on_a_terminal(&format!("--quiet {args}")), "");
    // A pipe gets no bar.
    let piped = standpoint()
        .args(["score", "--threads", "1", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
    // A short run shows none either.
    let few = corpus(d.path(), 50);
    let shown = on_a_terminal(&format!("{} --out {}", few.display(), out.display()));
    assert!(!shown.contains("articles scored"), "{shown:?}");
}
