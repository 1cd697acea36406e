//! Choosing the L2 strength by inner cross-validation on the training data only: each α of
//! a grid is cross-validated (leave-one-group-out when the testable examples carry at least
//! three groups, else stratified 5-fold with seed 0; `--train-also` examples train in every
//! inner fold and are never held out) and the best macro-F1 wins, ties going to the lower
//! log-loss, then to the larger α.

use super::cv::{cross_validate, Folds};
use crate::error::Result;
use crate::ingest::label_files::Example;
use crate::model::manifest::{SearchRecord, Trial};
use crate::model::CheckedParams;

/// The α values tried.
pub const ALPHAS: [f64; 7] = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];

/// The inner folds for `examples`, judged on the examples that may be held out.
pub fn inner_folds(examples: &[Example]) -> Folds {
    let mut groups: Vec<&str> = Vec::new();
    for e in examples.iter().filter(|e| e.role.testable()) {
        match e.group.as_deref() {
            Some(g) if !groups.contains(&g) => groups.push(g),
            Some(_) => {}
            None => return Folds::Stratified { k: 5, seed: 0 },
        }
    }
    if groups.len() >= 3 {
        Folds::Groups
    } else {
        Folds::Stratified { k: 5, seed: 0 }
    }
}

/// Picks α for `params` on `examples`; returns the parameters with that α and the record.
pub fn search_alpha(
    params: &CheckedParams,
    examples: &[Example],
    threads: usize,
) -> Result<(CheckedParams, SearchRecord)> {
    let folds = inner_folds(examples);
    let mut trials = Vec::new();
    for &alpha in &ALPHAS {
        let p = params.with_alpha(alpha)?;
        let out = cross_validate(&p, examples, &folds, threads, false)?;
        trials.push(Trial {
            alpha,
            macro_f1: out.report.macro_f1,
            log_loss: out.report.log_loss,
        });
    }
    let best = trials
        .iter()
        .max_by(|a, b| {
            a.macro_f1
                .total_cmp(&b.macro_f1)
                .then(b.log_loss.total_cmp(&a.log_loss))
                .then(a.alpha.total_cmp(&b.alpha))
        })
        .expect("at least one alpha")
        .alpha;
    Ok((
        params.with_alpha(best)?,
        SearchRecord {
            scheme: folds.describe(),
            trials,
            alpha: best,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TrainParams;

    fn ex(text: &str, label: &str, group: Option<&str>) -> Example {
        Example {
            id: None,
            text: text.into(),
            label: label.into(),
            group: group.map(Into::into),
            file: "t".into(),
            line: 1,
            role: Default::default(),
        }
    }

    #[test]
    fn inner_folds_use_groups_only_when_there_are_enough() {
        let three = [
            ex("a", "x", Some("1")),
            ex("b", "y", Some("2")),
            ex("c", "x", Some("3")),
        ];
        assert_eq!(inner_folds(&three), Folds::Groups);
        let two = [ex("a", "x", Some("1")), ex("b", "y", Some("2"))];
        assert_eq!(inner_folds(&two), Folds::Stratified { k: 5, seed: 0 });
        let none = [ex("a", "x", None)];
        assert_eq!(inner_folds(&none), Folds::Stratified { k: 5, seed: 0 });
    }

    #[test]
    fn search_tries_every_alpha_and_keeps_the_best() {
        let mut v = Vec::new();
        for i in 0..10 {
            v.push(ex(&format!("great fine good {i}"), "pos", None));
            v.push(ex(&format!("awful bad poor {i}"), "neg", None));
        }
        let (p, rec) = search_alpha(&TrainParams::default().check().unwrap(), &v, 2).unwrap();
        assert_eq!(rec.trials.len(), ALPHAS.len());
        assert_eq!(p.alpha, rec.alpha);
        let best = rec.trials.iter().map(|t| t.macro_f1).fold(0.0, f64::max);
        let chosen = rec.trials.iter().find(|t| t.alpha == rec.alpha).unwrap();
        assert_eq!(chosen.macro_f1, best);
    }
}
