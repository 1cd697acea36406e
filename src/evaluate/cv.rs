//! Cross-validation: leave-one-group-out (one article per fold — the honest estimate for
//! paragraphs, whose articles share words) or stratified K-fold with a fixed seed.
//! Each fold trains its own model; the report pools the out-of-fold predictions.
//! Examples of [`TrainAlso`](crate::ingest::label_files::Role::TrainAlso) are in every fold's training part and never held out;
//! [`train_test`] trains on one set and scores another.

use std::collections::BTreeMap;

use super::metrics;
use super::search::Search;
use crate::error::{Error, Result};
use crate::ingest::label_files::Example;
use crate::model::fit::{encode_labels, Fitted};
use crate::model::manifest::{FoldMetrics, Report};
use crate::model::CheckedParams;
use crate::progress::{Progress, Silent};
use crate::rng::Rng;
use crate::tokenize::Analyzer;

/// The cross-validation asked for on the command line (`--cv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CvChoice {
    /// Leave one article out when every record names one.
    Auto,
    /// Leave one article out.
    Loao,
    /// No cross-validation.
    None,
    /// Stratified K-fold.
    K(usize),
    /// Hold out the records of one group (`--group-field`), train on the rest.
    Holdout(String),
}

impl std::str::FromStr for CvChoice {
    type Err = String;

    /// `auto`, `loao`, `none`, a number of folds (at least 2) or `holdout:GROUP`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(CvChoice::Auto),
            "loao" => Ok(CvChoice::Loao),
            "none" => Ok(CvChoice::None),
            h if h.len() > "holdout:".len() && h.starts_with("holdout:") => {
                Ok(CvChoice::Holdout(h["holdout:".len()..].to_string()))
            }
            k => match k.parse::<usize>() {
                Ok(k) if k >= 2 => Ok(CvChoice::K(k)),
                _ => Err(format!(
                    "'{s}': expected auto, loao, none, a number of folds >= 2, or holdout:GROUP"
                )),
            },
        }
    }
}

impl CvChoice {
    /// The folds to use for `examples`, if any: `auto` leaves one article out when every
    /// example names its article and there are several, else none.
    pub fn folds(self, examples: &[Example], seed: u64) -> Option<Folds> {
        match self {
            CvChoice::None => None,
            CvChoice::Loao => Some(Folds::Groups),
            CvChoice::K(k) => Some(Folds::Stratified { k, seed }),
            CvChoice::Holdout(g) => Some(Folds::Holdout(g)),
            CvChoice::Auto => {
                let testable = || examples.iter().filter(|e| e.role.testable());
                let all = testable().all(|e| e.group.is_some());
                let first = testable().next().and_then(|e| e.group.as_deref());
                let several = testable().any(|e| e.group.as_deref() != first);
                (all && several).then_some(Folds::Groups)
            }
        }
    }
}

/// How examples are split into folds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folds {
    /// One fold per group (article), groups in sorted order.
    Groups,
    /// K folds with each class spread evenly; the seed fixes the shuffle.
    Stratified {
        /// Number of folds.
        k: usize,
        /// Shuffle seed.
        seed: u64,
    },
    /// One fold: the examples of this group are held out, all others train (a predefined
    /// train / test split).
    Holdout(String),
}

impl Folds {
    /// A short description, stored in model manifests.
    pub fn describe(&self) -> String {
        match self {
            Folds::Groups => "leave-one-article-out".into(),
            Folds::Stratified { k, seed } => format!("stratified {k}-fold, seed {seed}"),
            Folds::Holdout(g) => format!("held-out group '{g}'"),
        }
    }

    /// The held-out example indices of each fold, and the group of each fold if any; only
    /// testable examples (not [`TrainAlso`](crate::ingest::label_files::Role::TrainAlso)) are held out.
    pub fn split(
        &self,
        examples: &[Example],
        y: &[usize],
    ) -> Result<Vec<(Vec<usize>, Option<String>)>> {
        let testable = |i: &usize| examples[*i].role.testable();
        let n_testable = (0..examples.len()).filter(testable).count();
        match self {
            Folds::Groups => {
                let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
                for (i, e) in examples.iter().enumerate().filter(|(i, _)| testable(i)) {
                    let g = e.group.as_deref().ok_or_else(|| {
                        Error::line(&e.file, e.line, "no group (article) field: leave-one-article-out needs one on every record")
                    })?;
                    groups.entry(g).or_default().push(i);
                }
                if groups.len() < 2 {
                    return Err(Error::params(format!(
                        "leave-one-article-out needs at least two articles, found {}",
                        groups.len()
                    )));
                }
                Ok(groups
                    .into_iter()
                    .map(|(g, idx)| (idx, Some(g.to_string())))
                    .collect())
            }
            Folds::Holdout(g) => {
                let test: Vec<usize> = (0..examples.len())
                    .filter(testable)
                    .filter(|&i| examples[i].group.as_deref() == Some(g.as_str()))
                    .collect();
                if test.is_empty() || test.len() == examples.len() {
                    return Err(Error::params(format!(
                        "holdout '{g}': {} of {n_testable} examples are in that group; expected some but not all",
                        test.len(),
                    )));
                }
                Ok(vec![(test, Some(g.clone()))])
            }
            &Folds::Stratified { k, seed } => {
                if k < 2 || k > n_testable {
                    return Err(Error::params(format!(
                        "{k} folds for {n_testable} examples: expected 2 <= k <= examples",
                    )));
                }
                let n_classes = y.iter().copied().max().map_or(0, |m| m + 1);
                let mut rng = Rng::new(seed);
                let mut folds = vec![Vec::new(); k];
                let mut next = 0;
                for c in 0..n_classes {
                    let mut idx: Vec<usize> = (0..y.len())
                        .filter(testable)
                        .filter(|&i| y[i] == c)
                        .collect();
                    rng.shuffle(&mut idx);
                    for i in idx {
                        folds[next].push(i);
                        next = (next + 1) % k;
                    }
                }
                Ok(folds
                    .into_iter()
                    .map(|mut f| {
                        f.sort_unstable();
                        (f, None)
                    })
                    .collect())
            }
        }
    }
}

/// Out-of-fold predictions and their report.
#[derive(Debug, Clone)]
pub struct CvOutcome {
    /// All labels, sorted.
    pub labels: Vec<String>,
    /// Gold class index of each example.
    pub gold: Vec<usize>,
    /// Out-of-fold probabilities of each example, aligned with `labels` (empty for
    /// examples that were never held out, as the training part of a holdout).
    pub probs: Vec<Vec<f64>>,
    /// The fold (0-based) in which each example was held out, if it was.
    pub fold_of: Vec<Option<usize>>,
    /// Pooled report with per-fold figures.
    pub report: Report,
}

impl Fitted {
    /// Class probabilities of each text, in this model's label order.
    pub fn predict_texts<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Vec<f64>> {
        let mut analyzer = Analyzer::new(self.analyzer.clone()).expect("checked at fit");
        texts
            .iter()
            .map(|t| {
                let row = self.tfidf.transform(analyzer.features(t.as_ref()));
                self.linear.predict_proba(&row)
            })
            .collect()
    }
}

/// Fits `params` on `train` — first choosing α by inner cross-validation on `train` alone
/// with `search` ([`super::search`]), on `threads` threads — and returns the probabilities
/// of `test`, aligned with `labels` (a label the fit never saw gets 0), those of a
/// mirrored example mirrored back.
fn fit_predict(
    params: &CheckedParams,
    train: &[Example],
    test: &[&Example],
    labels: &[String],
    search: &Search,
    threads: usize,
) -> Result<Vec<Vec<f64>>> {
    let searched;
    let params = if search.is_some() {
        searched = super::search::search(params, train, threads, search, &Silent)?.0;
        &searched
    } else {
        params
    };
    let fitted = params.fit_examples(train)?;
    let cols: Vec<usize> = fitted
        .labels
        .iter()
        .map(|l| {
            labels
                .iter()
                .position(|g| g == l)
                .expect("a fitted label is a label")
        })
        .collect();
    let texts: Vec<&str> = test.iter().map(|e| e.text.as_str()).collect();
    Ok(fitted
        .predict_texts(&texts)
        .into_iter()
        .zip(test)
        .map(|(p, e)| {
            let mut full = vec![0.0; labels.len()];
            for (c, v) in cols.iter().zip(p) {
                full[*c] = v;
            }
            if let (Some(m), true) = (&params.mirror, e.mirrored) {
                m.probs(labels, &mut full);
            }
            full
        })
        .collect())
}

/// Trains one model per fold on `threads` threads (the worker pool of
/// [`crate::parallel`]) and pools the held-out predictions;
/// with `search`, each fold first chooses α by inner cross-validation on its own training
/// part ([`super::search`]), so nothing of the held-out fold leaks into the choice.
pub fn cross_validate(
    params: &CheckedParams,
    examples: &[Example],
    folds: &Folds,
    threads: usize,
    search: &Search,
) -> Result<CvOutcome> {
    cross_validate_with(params, examples, folds, threads, search, &Silent)
}

/// [`cross_validate`], telling `progress` of each fold trained.
pub fn cross_validate_with(
    params: &CheckedParams,
    examples: &[Example],
    folds: &Folds,
    threads: usize,
    search: &Search,
    progress: &dyn Progress,
) -> Result<CvOutcome> {
    let all: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let (labels, gold) = encode_labels(&all);
    let splits = folds.split(examples, &gold)?;
    progress.start("cross-validation folds trained", splits.len() as u64);
    let run_fold = |f: usize| -> Result<Vec<Vec<f64>>> {
        let test = &splits[f].0;
        let mut is_test = vec![false; examples.len()];
        for &i in test {
            is_test[i] = true;
        }
        let train: Vec<Example> = examples
            .iter()
            .zip(&is_test)
            .filter(|(_, &t)| !t)
            .map(|(e, _)| e.clone())
            .collect();
        let test: Vec<&Example> = test.iter().map(|&i| &examples[i]).collect();
        let fitted = fit_predict(params, &train, &test, &labels, search, 1).map_err(|e| {
            Error::fit(format!(
                "fold {} ({}): {e}",
                f + 1,
                splits[f].1.as_deref().unwrap_or("stratified")
            ))
        });
        progress.advance(1);
        fitted
    };
    let results = crate::parallel::map(0..splits.len(), threads, run_fold);
    progress.done();
    let mut probs = vec![Vec::new(); examples.len()];
    let mut fold_of = vec![None; examples.len()];
    let mut fold_metrics = Vec::new();
    for (f, r) in results.into_iter().enumerate() {
        let p = r?;
        let (test, group) = &splits[f];
        let fold_gold: Vec<usize> = test.iter().map(|&i| gold[i]).collect();
        let fr = metrics::report(&labels, &fold_gold, &p);
        fold_metrics.push(FoldMetrics {
            fold: f,
            group: group.clone(),
            n: test.len(),
            accuracy: fr.accuracy,
            macro_f1: fr.macro_f1,
            log_loss: fr.log_loss,
        });
        for (&i, row) in test.iter().zip(p) {
            probs[i] = row;
            fold_of[i] = Some(f);
        }
    }
    let held: Vec<usize> = (0..examples.len())
        .filter(|&i| fold_of[i].is_some())
        .collect();
    let held_gold: Vec<usize> = held.iter().map(|&i| gold[i]).collect();
    let held_probs: Vec<Vec<f64>> = held.iter().map(|&i| probs[i].clone()).collect();
    let mut report = metrics::report(&labels, &held_gold, &held_probs);
    report.folds = Some(fold_metrics);
    Ok(CvOutcome {
        labels,
        gold,
        probs,
        fold_of,
        report,
    })
}

/// Trains on `train` (every role trains; with `search`, α is chosen by inner
/// cross-validation on `train`) and scores `test`. The outcome covers `train` followed by
/// `test`: the training examples are never held out, the test examples are fold 0; the
/// report has no per-fold figures.
pub fn train_test(
    params: &CheckedParams,
    train: &[Example],
    test: &[Example],
    threads: usize,
    search: &Search,
) -> Result<CvOutcome> {
    if test.is_empty() {
        return Err(Error::params("the test files hold no labelled example"));
    }
    let all: Vec<&str> = train.iter().chain(test).map(|e| e.label.as_str()).collect();
    let (labels, gold) = encode_labels(&all);
    let test_refs: Vec<&Example> = test.iter().collect();
    let p = fit_predict(params, train, &test_refs, &labels, search, threads)?;
    let report = metrics::report(&labels, &gold[train.len()..], &p);
    let mut probs = vec![Vec::new(); train.len()];
    probs.extend(p);
    let mut fold_of = vec![None; train.len()];
    fold_of.extend(std::iter::repeat_n(Some(0), test.len()));
    Ok(CvOutcome {
        labels,
        gold,
        probs,
        fold_of,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::label_files::Role;
    use crate::model::TrainParams;

    fn ex(text: &str, label: &str, group: &str) -> Example {
        Example {
            id: None,
            text: text.into(),
            label: label.into(),
            group: Some(group.into()),
            file: "t".into(),
            line: 1,
            role: Default::default(),
            mirrored: false,
        }
    }

    fn data() -> Vec<Example> {
        let mut v = Vec::new();
        for g in ["a1", "a2", "a3"] {
            v.push(ex(
                &format!("nato expansion threatens asia {g}"),
                "AGAINST",
                g,
            ));
            v.push(ex(
                &format!("nato meddling provokes bloc confrontation {g}"),
                "AGAINST",
                g,
            ));
            v.push(ex(
                &format!("welcome nato partnership and cooperation {g}"),
                "FAVOR",
                g,
            ));
            v.push(ex(&format!("the summit opened on tuesday {g}"), "NONE", g));
        }
        v
    }

    #[test]
    fn group_folds_hold_out_one_article_each() {
        let d = data();
        let (_, y) = encode_labels(&d.iter().map(|e| e.label.clone()).collect::<Vec<_>>());
        let s = Folds::Groups.split(&d, &y).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[1], (vec![4, 5, 6, 7], Some("a2".into())));
    }

    #[test]
    fn stratified_folds_partition_and_spread_classes() {
        let d = data();
        let (_, y) = encode_labels(&d.iter().map(|e| e.label.clone()).collect::<Vec<_>>());
        let s = Folds::Stratified { k: 3, seed: 1 }.split(&d, &y).unwrap();
        let mut all: Vec<usize> = s.iter().flat_map(|f| f.0.clone()).collect();
        all.sort();
        assert_eq!(all, (0..12).collect::<Vec<_>>());
        for (f, _) in &s {
            assert_eq!(f.len(), 4);
            assert_eq!(
                f.iter().filter(|&&i| y[i] == 0).count(),
                2,
                "two AGAINST per fold"
            );
        }
        assert_eq!(
            s,
            Folds::Stratified { k: 3, seed: 1 }.split(&d, &y).unwrap()
        );
        assert!(Folds::Stratified { k: 13, seed: 1 }.split(&d, &y).is_err());
    }

    #[test]
    fn cross_validation_predicts_every_example_once_same_for_any_thread_count() {
        let d = data();
        let one = cross_validate(
            &TrainParams::default().check().unwrap(),
            &d,
            &Folds::Groups,
            1,
            &Search::None,
        )
        .unwrap();
        let two = cross_validate(
            &TrainParams::default().check().unwrap(),
            &d,
            &Folds::Groups,
            2,
            &Search::None,
        )
        .unwrap();
        assert_eq!(one.probs, two.probs);
        assert_eq!(one.report.n, 12);
        assert!(one
            .probs
            .iter()
            .all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-12));
        assert_eq!(one.report.folds.as_ref().unwrap().len(), 3);
        // The words shared within each class carry over between articles.
        assert!(one.report.accuracy > 0.9, "{:?}", one.report);
    }

    #[test]
    fn holdout_trains_on_the_rest_and_reports_the_held_out_group() {
        let d = data();
        let out = cross_validate(
            &TrainParams::default().check().unwrap(),
            &d,
            &Folds::Holdout("a3".into()),
            2,
            &Search::None,
        )
        .unwrap();
        assert_eq!(out.report.n, 4);
        assert_eq!(out.fold_of.iter().filter(|f| f.is_some()).count(), 4);
        assert!(out.probs[0].is_empty() && out.probs[8].len() == 3);
        let err = cross_validate(
            &TrainParams::default().check().unwrap(),
            &d,
            &Folds::Holdout("nope".into()),
            1,
            &Search::None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("0 of 12 examples"), "{err}");
    }

    #[test]
    fn missing_group_is_named() {
        let mut d = data();
        d[5].group = None;
        d[5].line = 6;
        let err = cross_validate(
            &TrainParams::default().check().unwrap(),
            &d,
            &Folds::Groups,
            1,
            &Search::None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("t:6: no group"), "{err}");
    }

    #[test]
    fn train_also_examples_train_in_every_fold_and_are_never_held_out() {
        let mut d = data();
        // A fourth article that only trains, and a record of it without a group.
        for e in data()
            .into_iter()
            .filter(|e| e.group.as_deref() == Some("a1"))
        {
            d.push(Example {
                group: Some("written".into()),
                role: Role::TrainAlso,
                mirrored: false,
                ..e
            });
        }
        d.last_mut().unwrap().group = None;
        let (_, y) = encode_labels(&d.iter().map(|e| e.label.clone()).collect::<Vec<_>>());
        for folds in [
            Folds::Groups,
            Folds::Stratified { k: 3, seed: 0 },
            Folds::Holdout("a2".into()),
        ] {
            let s = folds.split(&d, &y).unwrap();
            assert!(
                s.iter().flat_map(|f| &f.0).all(|&i| i < 12),
                "{folds:?}: {s:?}"
            );
            assert!(s.iter().all(|f| f.1.as_deref() != Some("written")));
        }
        assert_eq!(Folds::Groups.split(&d, &y).unwrap().len(), 3);
        assert_eq!(CvChoice::Auto.folds(&d, 0), Some(Folds::Groups));
        let out = cross_validate(
            &TrainParams::default().check().unwrap(),
            &d,
            &Folds::Groups,
            2,
            &Search::Alpha {
                rule: Default::default(),
            },
        )
        .unwrap();
        assert_eq!(out.report.n, 12);
        assert!(out.fold_of[12..].iter().all(Option::is_none));
        assert_eq!(super::super::search::inner_folds(&d[..]), Folds::Groups);
    }

    #[test]
    fn train_only_examples_change_what_each_fold_learns() {
        // Held out alone, article a3 has nothing like it in a1 and a2; a copy of it that
        // only trains lifts its fold.
        let mut d = data();
        for e in d.iter_mut().filter(|e| e.group.as_deref() == Some("a3")) {
            e.text = format!("{} quux{}", e.label.to_lowercase(), e.line);
        }
        let params = TrainParams::default().check().unwrap();
        let before = cross_validate(&params, &d, &Folds::Groups, 1, &Search::None).unwrap();
        let mut with = d.clone();
        with.extend(
            d.iter()
                .filter(|e| e.group.as_deref() == Some("a3"))
                .map(|e| Example {
                    role: Role::TrainAlso,
                    mirrored: false,
                    ..e.clone()
                }),
        );
        let after = cross_validate(&params, &with, &Folds::Groups, 1, &Search::None).unwrap();
        let fold3 = |o: &CvOutcome| o.report.folds.as_ref().unwrap()[2].accuracy;
        assert!(
            fold3(&after) > fold3(&before),
            "{} vs {}",
            fold3(&after),
            fold3(&before)
        );
    }

    #[test]
    fn train_test_scores_only_the_test_set_and_keeps_unseen_labels() {
        let d = data();
        let (train, test) = d.split_at(8);
        let mut test = test.to_vec();
        test[3].label = "OTHER".into();
        let out = train_test(
            &TrainParams::default().check().unwrap(),
            train,
            &test,
            1,
            &Search::None,
        )
        .unwrap();
        assert_eq!(out.report.n, 4);
        assert_eq!(out.labels, ["AGAINST", "FAVOR", "NONE", "OTHER"]);
        assert!(out.fold_of[..8].iter().all(Option::is_none));
        assert!(out.fold_of[8..].iter().all(|f| *f == Some(0)));
        assert_eq!(out.probs[11][3], 0.0, "a label never trained on gets 0");
        assert!(out.report.folds.is_none());
        assert!(train_test(
            &TrainParams::default().check().unwrap(),
            train,
            &[],
            1,
            &Search::None
        )
        .is_err());
    }
}
