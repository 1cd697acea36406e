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

/// What a terminal shows while `standpoint COMMAND` (shell words) runs under `script`.
fn terminal_shows(command: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("standpoint");
    let out = Command::new("script")
        .args(["-qec", &format!("{} {command}", bin.display()), "/dev/null"])
        .output()
        .expect("`script` (util-linux) runs commands under a pseudo-terminal");
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{command}: {shown}");
    shown
}

/// What a terminal shows while `standpoint score ARGS` runs under `script`.
fn on_a_terminal(args: &str) -> String {
    terminal_shows(&format!("score {args}"))
}

/// Standard error of `standpoint ARGS` run with pipes.
fn piped_stderr(args: &[&str]) -> String {
    let out = standpoint().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The text a terminal shows on the line where `needle` starts: what follows the last
/// carriage return before it, without escape sequences.
fn line_before(shown: &str, needle: &str) -> String {
    let at = shown
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in {shown:?}"));
    let start = shown[..at].rfind(['\r', '\n']).map_or(0, |i| i + 1);
    let mut text = String::new();
    let mut chars = shown[start..at].chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters, then one final letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            text.push(c);
        }
    }
    text
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

#[test]
fn a_warning_printed_while_the_bar_is_shown_gets_a_line_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    let input = corpus(d.path(), 12000);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&input)
        .unwrap();
    std::io::Write::write_all(
        &mut f,
        b"{\"id\":\"late\",\"date\":\"sometime soon\",\"text\":\"Ministers met again.\"}\n",
    )
    .unwrap();
    let out = d.path().join("scored.jsonl");
    let shown = on_a_terminal(&format!(
        "--threads 1 {} --out {}",
        input.display(),
        out.display()
    ));
    assert!(shown.contains("articles scored ("), "{shown:?}");
    assert_eq!(
        line_before(&shown, "standpoint: warning: "),
        "",
        "the bar shares the warning's line: {shown:?}"
    );
    assert!(shown.contains("article 'late': cannot read the date 'sometime soon'"));
}

#[test]
fn training_search_and_cross_validation_show_stages_with_the_time_left() {
    let data = common::seed_labels();
    let d = tempfile::tempdir().unwrap();
    let model = d.path().join("m.json");
    let args = format!(
        "--task stance --data {} --search --cv 3 --out {}",
        data.display(),
        model.display()
    );
    let shown = terminal_shows(&format!("train {args}"));
    for stage in ["α values tried [", "cross-validation folds trained ["] {
        assert!(shown.contains(stage), "no {stage:?} in {shown:?}");
    }
    assert!(
        shown.contains(" elapsed, ") && shown.contains(" left)"),
        "{shown:?}"
    );
    // The note that follows the search is not on the bar's line.
    assert_eq!(line_before(&shown, "search ("), "", "{shown:?}");
    let quiet = terminal_shows(&format!("train --quiet {args}"));
    assert!(!quiet.contains(" left)"), "{quiet:?}");
    assert!(quiet.contains("wrote "), "{quiet:?}");
    let piped = piped_stderr(&[
        "train",
        "--task",
        "stance",
        "--data",
        data.to_str().unwrap(),
        "--search",
        "--cv",
        "3",
        "--out",
        model.to_str().unwrap(),
    ]);
    assert!(
        !piped.contains(" left)") && piped.contains("wrote "),
        "{piped}"
    );

    let shown = terminal_shows(&format!(
        "evaluate --task stance --data {} --cv 3",
        data.display()
    ));
    assert!(
        shown.contains("cross-validation folds trained ["),
        "{shown:?}"
    );
    let piped = piped_stderr(&[
        "evaluate",
        "--task",
        "stance",
        "--data",
        data.to_str().unwrap(),
        "--cv",
        "3",
    ]);
    assert!(!piped.contains(" left)"), "{piped}");
}

#[test]
fn learning_curves_and_retraining_in_label_show_progress_on_a_terminal_only() {
    let data = common::seed_labels();
    let curve = format!(
        "learning-curve --task stance --data {} --seeds 2 --start 10 --step 40",
        data.display()
    );
    let shown = terminal_shows(&curve);
    assert!(
        shown.contains("learning-curve models fitted ["),
        "{shown:?}"
    );
    // Two seeds, two strategies, three fits each (10, 50 and 90 labels of a pool of 78).
    assert!(shown.contains("/12 ("), "{shown:?}");
    assert!(!terminal_shows(&format!("{curve} --quiet")).contains(" left)"));

    let d = tempfile::tempdir().unwrap();
    let pool = corpus(d.path(), 40);
    let answers = d.path().join("answers.jsonl");
    let replies = d.path().join("replies.txt");
    std::fs::write(&replies, "f\na\nn\nq\n").unwrap();
    let label = format!(
        "label --task stance --pool {} --out {} --retrain-every 2",
        pool.display(),
        answers.display()
    );
    let shown = terminal_shows(&format!("{label} < {}", replies.display()));
    assert!(shown.contains("retraining on "), "{shown:?}");
    std::fs::remove_file(&answers).unwrap();
    let quiet = terminal_shows(&format!("{label} --quiet < {}", replies.display()));
    assert!(!quiet.contains("retraining on "), "{quiet:?}");
    std::fs::remove_file(&answers).unwrap();
    let piped = standpoint()
        .args([
            "label",
            "--task",
            "stance",
            "--retrain-every",
            "2",
            "--pool",
        ])
        .arg(&pool)
        .arg("--out")
        .arg(&answers)
        .write_stdin("f\na\nn\nq\n")
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("retraining on "));
}
