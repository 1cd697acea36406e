//! The layer rule of `ARCHITECTURE.md`: a module may use the modules below it, never one
//! above it nor a sibling of its own layer. Checked over every `crate::` path in the
//! library's code (test modules, which may build fixtures from anything, are left out).

use std::collections::BTreeSet;
use std::path::Path;

mod common;

/// The layers, bottom first; modules of one layer are siblings.
const LAYERS: [&[&str]; 12] = [
    &["error"],
    &["io", "rng", "parallel", "progress", "text"],
    &["ingest"],
    &["segment"],
    &["tokenize"],
    &["vectorize"],
    &["model", "aggregate"],
    &["pipeline"],
    &["explain", "labelling", "report"],
    &["evaluate", "studio"],
    &["train"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to (`src/model/fit.rs` → `model`).
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The modules `code` names as `crate::NAME`, with the 1-based line of each.
fn uses(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let line = line.split("//").next().unwrap();
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((i + 1, name));
            }
        }
        // `use crate::{a, b}` names several.
        if let Some(group) = line.split("crate::{").nth(1) {
            for part in group.split('}').next().unwrap_or("").split(',') {
                let name = part.trim().split("::").next().unwrap_or("");
                if !name.is_empty() {
                    out.push((i + 1, name.to_string()));
                }
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_uses_one_above_it_or_a_sibling() {
    let src = common::root().join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut wrong = Vec::new();
    let mut modules = BTreeSet::new();
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let from = module_of(rel);
        if from == "lib" || from == "main" {
            continue;
        }
        modules.insert(from.clone());
        let Some(from_layer) = layer(&from) else {
            wrong.push(format!("{}: module '{from}' is in no layer", rel.display()));
            continue;
        };
        let code = std::fs::read_to_string(path).unwrap();
        for (line, to) in uses(&code) {
            if to == from || to == "self" {
                continue;
            }
            match layer(&to) {
                None => wrong.push(format!("{}:{line}: unknown module '{to}'", rel.display())),
                Some(l) if l >= from_layer => wrong.push(format!(
                    "{}:{line}: '{from}' uses '{to}', which is {}",
                    rel.display(),
                    if l == from_layer {
                        "a sibling in its layer"
                    } else {
                        "above it"
                    }
                )),
                Some(_) => {}
            }
        }
    }
    assert!(wrong.is_empty(), "layer rule broken:\n{}", wrong.join("\n"));
    // Every layer's modules exist: the table matches the tree.
    for m in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(modules.contains(*m), "no module '{m}' in src/");
    }
}

#[test]
fn the_checker_sees_uses_in_every_form() {
    let code = "use crate::model::Classifier;\nuse crate::{text, vectorize::Tfidf};\n\
                fn f() { crate::io::write_atomic(); } // crate::cli\n#[cfg(test)]\nuse crate::cli;\n";
    let names: Vec<String> = uses(code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["model", "text", "vectorize", "io"]);
}
