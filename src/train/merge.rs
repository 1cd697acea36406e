//! Merging label files: base labels (`--data`) and extra ones (`--extra`) become one
//! training set. Paragraphs are identified by their normalised text (lower case, one space
//! between words, typographic quotes and apostrophes made plain). A repeated paragraph with
//! the same label is kept once; with different labels it is a conflict: every conflict is
//! reported with the file and line of both records, and the merge stops unless the caller
//! says which side wins. Conflicts inside one side always stop it. `--train-also` labels
//! are on the extra side.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::ingest::label_files::Example;
use crate::model::manifest::MergeReport;
use crate::text::{excerpt, paragraph_key};

/// Which side wins a conflict between base and extra labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Prefer {
    /// Stop and report.
    #[default]
    Neither,
    /// The base (`--data`) label wins.
    Base,
    /// The extra (`--extra`) label wins.
    Extra,
}

/// The paragraphs that `examples` label in more than one way, each described with the file
/// and line of two of its records.
pub fn conflicts_within(examples: &[Example]) -> Vec<String> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut reported: HashMap<String, ()> = HashMap::new();
    let mut out = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        let key = paragraph_key(&e.text);
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&j) if examples[j].label != e.label && !reported.contains_key(&key) => {
                let p = &examples[j];
                out.push(format!(
                    "  {}:{} says {}, {}:{} says {}: \"{}\"",
                    p.file,
                    p.line,
                    p.label,
                    e.file,
                    e.line,
                    e.label,
                    excerpt(&e.text, 60)
                ));
                reported.insert(key, ());
            }
            Some(_) => {}
        }
    }
    out
}

/// The ids that more than one of `examples` carries, each described with the file and line
/// of its first two records.
pub fn duplicate_ids(examples: &[Example]) -> Vec<String> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut reported: HashMap<&str, ()> = HashMap::new();
    let mut out = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        let Some(id) = e.id.as_deref() else {
            continue;
        };
        match first.get(id) {
            None => {
                first.insert(id, i);
            }
            Some(&j) if !reported.contains_key(id) => {
                let p = &examples[j];
                out.push(format!(
                    "  {}:{} and {}:{} both have id '{id}'",
                    p.file, p.line, e.file, e.line
                ));
                reported.insert(id, ());
            }
            Some(_) => {}
        }
    }
    out
}

/// Merges `base` and `extra` (each in file order).
pub fn merge(
    base: Vec<Example>,
    extra: Vec<Example>,
    prefer: Prefer,
) -> Result<(Vec<Example>, MergeReport)> {
    let mut report = MergeReport {
        base: base.len(),
        extra: extra.len(),
        ..MergeReport::default()
    };
    let mut out: Vec<(Example, bool)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut conflicts: Vec<String> = Vec::new();
    let tagged = base
        .into_iter()
        .map(|e| (e, false))
        .chain(extra.into_iter().map(|e| (e, true)));
    for (e, is_extra) in tagged {
        let key = paragraph_key(&e.text);
        let Some(&i) = seen.get(&key) else {
            seen.insert(key, out.len());
            out.push((e, is_extra));
            continue;
        };
        let (prev, prev_extra) = &out[i];
        if prev.label == e.label {
            report.duplicates += 1;
            continue;
        }
        let describe = || {
            format!(
                "  {}:{} says {}, {}:{} says {}: \"{}\"",
                prev.file,
                prev.line,
                prev.label,
                e.file,
                e.line,
                e.label,
                excerpt(&e.text, 60)
            )
        };
        match (*prev_extra == is_extra, prefer) {
            (false, Prefer::Extra) => {
                report.conflicts_resolved += 1;
                out[i] = (e, true);
            }
            (false, Prefer::Base) => report.conflicts_resolved += 1,
            (false, Prefer::Neither) => conflicts.push(describe()),
            (true, _) => conflicts.push(format!(
                "{} (both {})",
                describe(),
                if is_extra { "extra" } else { "base" }
            )),
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::data(format!(
            "{} paragraph(s) have conflicting labels:\n{}\nfix the files, or pass --prefer extra or --prefer base \
             (conflicts within the base or within the extra files must be fixed)",
            conflicts.len(),
            conflicts.join("\n")
        )));
    }
    let merged: Vec<Example> = out.into_iter().map(|(e, _)| e).collect();
    report.merged = merged.len();
    report.train_also = merged.iter().filter(|e| !e.role.testable()).count();
    Ok((merged, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str, label: &str, file: &str, line: usize) -> Example {
        Example {
            id: None,
            text: text.into(),
            label: label.into(),
            group: None,
            file: file.into(),
            line,
            role: Default::default(),
            mirrored: false,
        }
    }

    #[test]
    fn duplicates_are_dropped_and_new_paragraphs_added() {
        let base = vec![
            ex("NATO is coming.", "NONE", "b", 1),
            ex("Stay out.", "AGAINST", "b", 2),
        ];
        let extra = vec![
            ex("nato is  coming.", "NONE", "x", 1),
            ex("Welcome partners.", "FAVOR", "x", 2),
        ];
        let (m, r) = merge(base, extra, Prefer::Neither).unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!((r.base, r.extra, r.duplicates, r.merged), (2, 2, 1, 3));
        assert_eq!(m[2].label, "FAVOR");
    }

    #[test]
    fn conflicts_name_both_records_and_stop_unless_preferred() {
        let base = || vec![ex("Stay out.", "AGAINST", "data/l.jsonl", 7)];
        let extra = || vec![ex("stay out.", "NONE", "mine.jsonl", 3)];
        let err = merge(base(), extra(), Prefer::Neither)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("data/l.jsonl:7 says AGAINST, mine.jsonl:3 says NONE"),
            "{err}"
        );
        assert!(err.contains("--prefer extra"), "{err}");
        let (m, r) = merge(base(), extra(), Prefer::Extra).unwrap();
        assert_eq!((m[0].label.as_str(), r.conflicts_resolved), ("NONE", 1));
        let (m, _) = merge(base(), extra(), Prefer::Base).unwrap();
        assert_eq!(m[0].label, "AGAINST");
    }

    #[test]
    fn conflicts_within_one_file_are_found_once_each() {
        let v = vec![
            ex("Stay out.", "AGAINST", "b", 1),
            ex("stay  OUT.", "FAVOR", "b", 7),
            ex("stay out.", "NONE", "b", 9),
            ex("Come in.", "FAVOR", "b", 10),
            ex("Come in.", "FAVOR", "b", 11),
        ];
        let c = conflicts_within(&v);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            c[0].contains("b:1 says AGAINST, b:7 says FAVOR"),
            "{}",
            c[0]
        );
        assert!(conflicts_within(&v[3..]).is_empty());
    }

    #[test]
    fn conflicts_within_one_side_always_stop() {
        let extra = vec![
            ex("Stay out.", "AGAINST", "x", 1),
            ex("Stay out.", "FAVOR", "y", 4),
        ];
        let err = merge(vec![], extra, Prefer::Extra).unwrap_err().to_string();
        assert!(
            err.contains("x:1 says AGAINST, y:4 says FAVOR") && err.contains("(both extra)"),
            "{err}"
        );
    }
}
