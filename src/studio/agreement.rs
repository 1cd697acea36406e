//! Agreement between annotators: Cohen's kappa for each pair over the paragraphs both
//! labelled, and the paragraphs they disagree on (settled or not).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::state::Given;
use crate::labelling::Candidate;

/// Agreement between two annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// The first annotator (in name order).
    pub a: String,
    /// The second.
    pub b: String,
    /// Paragraphs both labelled.
    pub both: usize,
    /// Share of those with the same label.
    pub observed: f64,
    /// Cohen's kappa (`None` when chance agreement is 1: one label only).
    pub kappa: Option<f64>,
}

/// A paragraph annotators labelled differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// The paragraph.
    pub id: String,
    /// Its source.
    pub source: String,
    /// Its article's title.
    pub title: Option<String>,
    /// Its text.
    pub text: String,
    /// Each annotator's label, by name.
    pub labels: BTreeMap<String, String>,
    /// The settling label, once settled.
    pub settled: Option<String>,
}

/// The agreement view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Every pair of annotators with a paragraph in common.
    pub pairs: Vec<Pair>,
    /// The disagreements, unsettled first.
    pub disagreements: Vec<Disagreement>,
}

/// Each annotator's (last) label, settling answers and skips left out.
fn labels(given: &[Given]) -> BTreeMap<String, String> {
    given
        .iter()
        .filter(|g| !g.settled)
        .filter_map(|g| Some((g.annotator.clone(), g.label.clone()?)))
        .collect()
}

/// Whether annotators gave `given`'s paragraph different labels.
pub fn disagreed(given: &[Given]) -> bool {
    labels(given).values().collect::<BTreeSet<_>>().len() > 1
}

/// Cohen's kappa of paired labels: (observed − chance) / (1 − chance); `None` when chance
/// agreement is 1.
pub fn kappa(pairs: &[(&str, &str)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let observed = pairs.iter().filter(|(x, y)| x == y).count() as f64 / n;
    let mut left: BTreeMap<&str, f64> = BTreeMap::new();
    let mut right: BTreeMap<&str, f64> = BTreeMap::new();
    for (x, y) in pairs {
        *left.entry(x).or_default() += 1.0 / n;
        *right.entry(y).or_default() += 1.0 / n;
    }
    let chance: f64 = left
        .iter()
        .map(|(l, p)| p * right.get(l).copied().unwrap_or(0.0))
        .sum();
    (chance < 1.0 - 1e-12).then(|| (observed - chance) / (1.0 - chance))
}

/// Agreement over every paragraph's answers.
pub fn agreement(given: &[(Candidate, Vec<Given>)]) -> Agreement {
    let per: Vec<(&Candidate, BTreeMap<String, String>, &[Given])> = given
        .iter()
        .map(|(c, g)| (c, labels(g), g.as_slice()))
        .collect();
    let names: BTreeSet<&String> = per.iter().flat_map(|(_, l, _)| l.keys()).collect();
    let names: Vec<&String> = names.into_iter().collect();
    let mut pairs = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let both: Vec<(&str, &str)> = per
                .iter()
                .filter_map(|(_, l, _)| Some((l.get(*a)?.as_str(), l.get(*b)?.as_str())))
                .collect();
            if both.is_empty() {
                continue;
            }
            let same = both.iter().filter(|(x, y)| x == y).count();
            pairs.push(Pair {
                a: a.to_string(),
                b: b.to_string(),
                both: both.len(),
                observed: same as f64 / both.len() as f64,
                kappa: kappa(&both),
            });
        }
    }
    let mut disagreements: Vec<Disagreement> = per
        .into_iter()
        .filter(|(_, l, _)| l.values().collect::<BTreeSet<_>>().len() > 1)
        .map(|(c, labels, g)| Disagreement {
            id: c.id.clone(),
            source: c.source.clone(),
            title: c.title.clone(),
            text: c.text.clone(),
            labels,
            settled: g
                .iter()
                .rev()
                .find(|g| g.settled)
                .and_then(|g| g.label.clone()),
        })
        .collect();
    disagreements.sort_by(|x, y| {
        x.settled
            .is_some()
            .cmp(&y.settled.is_some())
            .then(x.id.cmp(&y.id))
    });
    Agreement {
        pairs,
        disagreements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_a_worked_example() {
        // 50 items: both yes 20, both no 15, a yes b no 5, a no b yes 10.
        let mut p = Vec::new();
        p.extend(std::iter::repeat_n(("y", "y"), 20));
        p.extend(std::iter::repeat_n(("n", "n"), 15));
        p.extend(std::iter::repeat_n(("y", "n"), 5));
        p.extend(std::iter::repeat_n(("n", "y"), 10));
        // observed 0.7; chance 0.5·0.6 + 0.5·0.4 = 0.5; kappa 0.4.
        assert!((kappa(&p).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(kappa(&[("a", "a"), ("a", "a")]), None);
        assert_eq!(kappa(&[("a", "b"), ("b", "a")]), Some(-1.0));
    }

    #[test]
    fn disagreements_ignore_skips_and_settling_answers() {
        let g = |a: &str, l: Option<&str>, s: bool| Given {
            annotator: a.into(),
            label: l.map(String::from),
            settled: s,
        };
        assert!(!disagreed(&[g("a", Some("X"), false), g("b", None, false)]));
        assert!(disagreed(&[
            g("a", Some("X"), false),
            g("b", Some("Y"), false)
        ]));
        assert!(!disagreed(&[
            g("a", Some("X"), false),
            g("lead", Some("Y"), true)
        ]));
    }
}
