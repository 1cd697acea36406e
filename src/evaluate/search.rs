//! Choosing settings by inner cross-validation on the training data only. The inner folds
//! leave one group out when the testable examples carry at least three groups, else they
//! are stratified 5-fold with seed 0; `--train-also` examples train in every inner fold and
//! are never held out. The best macro-F1 wins, ties going to the lower log-loss, then to
//! the earlier candidate. α is picked by an [`AlphaRule`]: the best inner score (the
//! default), or the largest α within one standard error of it (the standard error of the
//! folds' macro-F1), the more regularised model that the inner folds cannot tell apart
//! from the best.
//!
//! Two searches:
//! * [`Search::Alpha`] tries every L2 strength of [`ALPHAS`] on the given settings;
//! * [`Search::Settings`] walks a compact grid one setting at a time ([`GRID`]): from the
//!   given settings, each dimension in turn tries its values with the others at their best
//!   so far and keeps the best (coordinate ascent; two passes, the second only while the
//!   first changed something), then, under the one-standard-error rule, every α of the
//!   grid with the chosen settings. The concept lexicon is a dimension only when the settings
//!   carry one (a target's own lexicon is switched on or off, never added). A time budget
//!   stops the walk between candidates; the record says whether it did, so a search that
//!   finished within its budget is deterministic.

use std::time::{Duration, Instant};

use super::cv::{cross_validate, Folds};
use crate::error::Result;
use crate::ingest::label_files::Example;
use crate::model::manifest::{Report, SearchRecord, Trial};
use crate::model::{Balance, CheckedParams, TrainParams};
use crate::progress::Progress;

/// The α values tried by [`Search::Alpha`].
pub const ALPHAS: [f64; 7] = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];

/// How α is picked from the inner scores of the α values tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AlphaRule {
    /// The best inner macro-F1 (ties: the lower log-loss, then the larger α).
    #[default]
    Best,
    /// The largest α whose inner macro-F1 is at least the best one minus its standard
    /// error (the one-standard-error rule of Breiman et al. 1984, glmnet's `lambda.1se`).
    OneSe,
}

/// What a search chooses.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// No search: the settings as given.
    None,
    /// α from [`ALPHAS`].
    Alpha {
        /// How α is picked.
        rule: AlphaRule,
    },
    /// The settings of [`GRID`], one dimension at a time, within a time budget.
    Settings {
        /// Wall-time budget of the walk.
        budget: Duration,
        /// How α is picked once the other settings are chosen.
        rule: AlphaRule,
    },
}

impl Search {
    /// Whether anything is searched.
    pub fn is_some(&self) -> bool {
        *self != Search::None
    }
}

/// One dimension of the grid: its name and how each of its values changes the settings.
pub struct Dimension {
    /// The option it stands for.
    pub name: &'static str,
    /// The values, as the command-line options that give them.
    pub values: &'static [&'static str],
}

/// The grid [`Search::Settings`] walks, in order: word n-grams, character n-grams (with
/// their weight beside the words), stop words, the concept lexicon (when the settings have
/// one), NB weighting, sublinear tf, class balancing, then α.
pub const GRID: [Dimension; 8] = [
    Dimension {
        name: "ngram",
        values: &["--ngram 1,1", "--ngram 1,2", "--ngram 1,3"],
    },
    Dimension {
        name: "char-ngram",
        values: &[
            "--char-ngram none",
            "--char-ngram 2,6 --char-weight 0.7 --view-norm",
        ],
    },
    Dimension {
        name: "stop-words",
        values: &["--stop-words none", "--stop-words english"],
    },
    Dimension {
        name: "concepts",
        values: &["the lexicon", "--concepts none"],
    },
    Dimension {
        name: "nb",
        values: &["--no-nb", "--nb"],
    },
    Dimension {
        name: "sublinear-tf",
        values: &["sublinear tf", "--no-sublinear-tf"],
    },
    Dimension {
        name: "balance",
        values: &[
            "--balance oversample",
            "--balance balanced",
            "--balance none",
        ],
    },
    Dimension {
        name: "alpha",
        values: &[
            "--alpha 0.03",
            "--alpha 0.1",
            "--alpha 0.3",
            "--alpha 1",
            "--alpha 3",
            "--alpha 10",
        ],
    },
];

/// `base` with value `v` of grid dimension `d` (`None` when the value does not apply).
fn apply(base: &TrainParams, d: usize, v: usize) -> Option<TrainParams> {
    let mut p = base.clone();
    match (GRID[d].name, v) {
        ("ngram", v) => p.analyzer.word_ngrams = (1, v + 1),
        ("char-ngram", 0) => p.analyzer.char_ngrams = None,
        ("char-ngram", _) => {
            p.analyzer.char_ngrams = Some((2, 6));
            p.tfidf.char_weight = 0.7;
            p.tfidf.view_norm = true;
        }
        ("stop-words", 0) => p.analyzer.stop_words = crate::tokenize::StopWordList::None,
        ("stop-words", _) => p.analyzer.stop_words = crate::tokenize::StopWordList::English,
        ("concepts", _) if base.analyzer.concepts.is_none() => return None,
        ("concepts", 0) => {}
        ("concepts", _) => p.analyzer.concepts = None,
        ("nb", v) => p.nb = v == 1,
        ("sublinear-tf", v) => p.tfidf.sublinear_tf = v == 0,
        ("balance", 0) => p.balance = Balance::Oversample,
        ("balance", 1) => p.balance = Balance::Balanced,
        ("balance", _) => p.balance = Balance::None,
        ("alpha", v) => p.alpha = [0.03, 0.1, 0.3, 1.0, 3.0, 10.0][v],
        _ => unreachable!("every grid value is handled"),
    }
    Some(p)
}

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

/// Whether trial `a` beats trial `b`: higher macro-F1, then lower log-loss.
fn better(a: &Trial, b: &Trial) -> bool {
    a.macro_f1
        .total_cmp(&b.macro_f1)
        .then(b.log_loss.total_cmp(&a.log_loss))
        .is_gt()
}

/// The trial of one candidate from its inner cross-validation report, with the standard
/// error of its folds' macro-F1 (none for fewer than two folds).
fn trial(alpha: f64, settings: Option<String>, report: &Report) -> Trial {
    let se = report.folds.as_ref().filter(|f| f.len() >= 2).map(|f| {
        let k = f.len() as f64;
        let mean = f.iter().map(|x| x.macro_f1).sum::<f64>() / k;
        let var = f.iter().map(|x| (x.macro_f1 - mean).powi(2)).sum::<f64>() / (k - 1.0);
        (var / k).sqrt()
    });
    Trial {
        alpha,
        settings,
        macro_f1: report.macro_f1,
        log_loss: report.log_loss,
        se,
    }
}

/// The α that `rule` picks from `trials` (one per α, the other settings equal), and the α
/// of the best trial when that differs.
fn pick_alpha(trials: &[&Trial], rule: AlphaRule) -> (f64, Option<f64>) {
    let best = trials
        .iter()
        .copied()
        .reduce(|b, t| {
            if better(t, b) || (!better(b, t) && t.alpha > b.alpha) {
                t
            } else {
                b
            }
        })
        .expect("at least one alpha");
    let chosen = match rule {
        AlphaRule::Best => best.alpha,
        AlphaRule::OneSe => {
            let floor = best.macro_f1 - best.se.unwrap_or(0.0);
            trials
                .iter()
                .filter(|t| t.macro_f1 >= floor)
                .map(|t| t.alpha)
                .fold(best.alpha, f64::max)
        }
    };
    (chosen, (chosen != best.alpha).then_some(best.alpha))
}

/// Runs `search` for `params` on `examples`; returns the chosen parameters and the record
/// (`None` for [`Search::None`]). `progress` is told of each candidate tried.
pub fn search(
    params: &CheckedParams,
    examples: &[Example],
    threads: usize,
    search: &Search,
    progress: &dyn Progress,
) -> Result<(CheckedParams, Option<SearchRecord>)> {
    match search {
        Search::None => Ok((params.clone(), None)),
        Search::Alpha { rule } => {
            let (p, r) = search_alpha(params, examples, threads, *rule, progress)?;
            Ok((p, Some(r)))
        }
        Search::Settings { budget, rule } => {
            let (p, r) = search_settings(params, examples, threads, *budget, *rule, progress)?;
            Ok((p, Some(r)))
        }
    }
}

/// Picks α for `params` on `examples` by `rule`; returns the parameters with that α and the
/// record.
pub fn search_alpha(
    params: &CheckedParams,
    examples: &[Example],
    threads: usize,
    rule: AlphaRule,
    progress: &dyn Progress,
) -> Result<(CheckedParams, SearchRecord)> {
    let folds = inner_folds(examples);
    let mut trials = Vec::new();
    progress.start("α values tried", ALPHAS.len() as u64);
    for &alpha in &ALPHAS {
        let p = params.with_alpha(alpha)?;
        let out = cross_validate(&p, examples, &folds, threads, &Search::None)?;
        trials.push(trial(alpha, None, &out.report));
        progress.advance(1);
    }
    progress.done();
    let (alpha, best_alpha) = pick_alpha(&trials.iter().collect::<Vec<_>>(), rule);
    Ok((
        params.with_alpha(alpha)?,
        SearchRecord {
            scheme: folds.describe(),
            trials,
            alpha,
            best_alpha,
            chosen: None,
            stopped_by_budget: false,
        },
    ))
}

/// Walks [`GRID`] from `params`, then picks α by `rule` (see the module doc).
pub fn search_settings(
    params: &CheckedParams,
    examples: &[Example],
    threads: usize,
    budget: Duration,
    rule: AlphaRule,
    progress: &dyn Progress,
) -> Result<(CheckedParams, SearchRecord)> {
    let start = Instant::now();
    let pass: u64 = GRID.iter().map(|d| d.values.len() as u64).sum();
    progress.start("settings tried", 1 + pass);
    let folds = inner_folds(examples);
    let mut trials: Vec<Trial> = Vec::new();
    let mut tried: Vec<TrainParams> = Vec::new();
    let mut evaluate = |p: &TrainParams, label: String| -> Result<Trial> {
        if let Some(i) = tried.iter().position(|q| q == p) {
            return Ok(trials[i].clone());
        }
        let checked = p.check()?;
        let out = cross_validate(&checked, examples, &folds, threads, &Search::None)?;
        let t = trial(p.alpha, Some(label), &out.report);
        tried.push(p.clone());
        trials.push(t.clone());
        progress.advance(1);
        Ok(t)
    };
    let mut best_params = params.params().clone();
    let mut best = evaluate(&best_params, "the given settings".into())?;
    let mut stopped = false;
    'passes: for n in 0..2 {
        if n > 0 {
            progress.extend(pass);
        }
        let mut changed = false;
        for (d, dim) in GRID.iter().enumerate() {
            for (v, value) in dim.values.iter().enumerate() {
                if start.elapsed() > budget {
                    stopped = true;
                    break 'passes;
                }
                let Some(p) = apply(&best_params, d, v) else {
                    continue;
                };
                if p == best_params {
                    continue;
                }
                let t = evaluate(&p, value.to_string())?;
                if better(&t, &best) {
                    best = t;
                    best_params = p;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut best_alpha = None;
    if rule != AlphaRule::Best && !stopped {
        let a = GRID
            .iter()
            .position(|d| d.name == "alpha")
            .expect("α is a dimension");
        progress.extend(GRID[a].values.len() as u64);
        let mut sweep = vec![(best_params.clone(), best.clone())];
        for (v, value) in GRID[a].values.iter().enumerate() {
            if start.elapsed() > budget {
                stopped = true;
                break;
            }
            let p = apply(&best_params, a, v).expect("every α applies");
            if p != best_params {
                let t = evaluate(&p, value.to_string())?;
                sweep.push((p, t));
            }
        }
        let (alpha, best_at) = pick_alpha(&sweep.iter().map(|(_, t)| t).collect::<Vec<_>>(), rule);
        best_alpha = best_at;
        best_params = sweep
            .into_iter()
            .find(|(p, _)| p.alpha == alpha)
            .expect("the chosen α was tried")
            .0;
    }
    progress.done();
    let chosen = best_params.describe();
    let checked = best_params.check()?;
    Ok((
        checked,
        SearchRecord {
            scheme: folds.describe(),
            trials,
            alpha: best_params.alpha,
            best_alpha,
            chosen: Some(chosen),
            stopped_by_budget: stopped,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TrainParams;
    use crate::progress::Silent;

    fn ex(text: &str, label: &str, group: Option<&str>) -> Example {
        Example {
            id: None,
            text: text.into(),
            label: label.into(),
            group: group.map(Into::into),
            file: "t".into(),
            line: 1,
            role: Default::default(),
            mirrored: false,
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

    fn toy() -> Vec<Example> {
        let mut v = Vec::new();
        for i in 0..10 {
            v.push(ex(&format!("great fine good {i}"), "pos", None));
            v.push(ex(&format!("awful bad poor {i}"), "neg", None));
        }
        v
    }

    #[test]
    fn search_tries_every_alpha_and_keeps_the_best() {
        let v = toy();
        let (p, rec) = search_alpha(
            &TrainParams::default().check().unwrap(),
            &v,
            2,
            AlphaRule::Best,
            &Silent,
        )
        .unwrap();
        assert_eq!(rec.trials.len(), ALPHAS.len());
        assert_eq!(p.alpha, rec.alpha);
        let best = rec.trials.iter().map(|t| t.macro_f1).fold(0.0, f64::max);
        let chosen = rec.trials.iter().find(|t| t.alpha == rec.alpha).unwrap();
        assert_eq!(chosen.macro_f1, best);
    }

    fn t(alpha: f64, macro_f1: f64, se: Option<f64>) -> Trial {
        Trial {
            alpha,
            settings: None,
            macro_f1,
            log_loss: 0.7,
            se,
        }
    }

    #[test]
    fn one_standard_error_takes_the_largest_alpha_within_it() {
        let trials = [
            t(0.1, 0.60, Some(0.02)),
            t(1.0, 0.585, Some(0.03)),
            t(3.0, 0.575, Some(0.02)),
            t(10.0, 0.50, Some(0.01)),
        ];
        let refs: Vec<&Trial> = trials.iter().collect();
        // Best 0.60 ± 0.02: the floor is 0.58, so α 1 (0.585) is in and α 3 (0.575) out.
        assert_eq!(pick_alpha(&refs, AlphaRule::OneSe), (1.0, Some(0.1)));
        assert_eq!(pick_alpha(&refs, AlphaRule::Best), (0.1, None));
        // Without a standard error only ties count; a tie in macro-F1 and log-loss goes to
        // the larger α under either rule.
        let flat = [t(0.3, 0.6, None), t(1.0, 0.6, None), t(3.0, 0.59, None)];
        let refs: Vec<&Trial> = flat.iter().collect();
        assert_eq!(pick_alpha(&refs, AlphaRule::OneSe), (1.0, None));
        assert_eq!(pick_alpha(&refs, AlphaRule::Best), (1.0, None));
    }

    #[test]
    fn a_trial_carries_the_standard_error_of_its_folds() {
        let fold = |macro_f1| crate::model::manifest::FoldMetrics {
            fold: 0,
            group: None,
            n: 10,
            accuracy: 0.5,
            macro_f1,
            log_loss: 0.7,
        };
        let mut r = crate::evaluate::metrics::report(
            &["a".to_string(), "b".to_string()],
            &[0, 1],
            &[vec![0.9, 0.1], vec![0.2, 0.8]],
        );
        assert_eq!(trial(1.0, None, &r).se, None);
        r.folds = Some(vec![fold(0.5), fold(0.7)]);
        // Standard deviation 0.1414 over two folds: 0.1414 / √2 = 0.1.
        let se = trial(1.0, None, &r).se.unwrap();
        assert!((se - 0.1).abs() < 1e-12, "{se}");
        r.folds = Some(vec![fold(0.5)]);
        assert_eq!(trial(1.0, None, &r).se, None);
    }

    #[test]
    fn every_grid_value_applies_and_concepts_only_with_a_lexicon() {
        let plain = TrainParams::default();
        for (d, dim) in GRID.iter().enumerate() {
            for v in 0..dim.values.len() {
                let p = apply(&plain, d, v);
                assert_eq!(p.is_none(), dim.name == "concepts", "{} {v}", dim.name);
                if let Some(p) = p {
                    p.check().unwrap();
                }
            }
        }
        let with = TrainParams {
            analyzer: crate::tokenize::AnalyzerConfig {
                concepts: Some(crate::tokenize::Lexicon::builtin()),
                ..plain.analyzer.clone()
            },
            ..plain.clone()
        };
        let concepts = GRID.iter().position(|d| d.name == "concepts").unwrap();
        assert!(apply(&with, concepts, 1)
            .unwrap()
            .analyzer
            .concepts
            .is_none());
    }

    #[test]
    fn the_settings_search_keeps_its_best_trial_and_is_deterministic() {
        let v = toy();
        let p = TrainParams::default().check().unwrap();
        let long = Duration::from_secs(600);
        let (a, ra) = search_settings(&p, &v, 2, long, AlphaRule::OneSe, &Silent).unwrap();
        let (b, rb) = search_settings(&p, &v, 1, long, AlphaRule::OneSe, &Silent).unwrap();
        assert_eq!(a, b);
        assert_eq!(ra, rb);
        assert!(!ra.stopped_by_budget);
        assert_eq!(ra.trials[0].settings.as_deref(), Some("the given settings"));
        let top = ra
            .trials
            .iter()
            .map(|t| t.macro_f1)
            .fold(f64::MIN, f64::max);
        assert!(ra.trials.len() > 10, "{}", ra.trials.len());
        let chosen_f1 = ra
            .trials
            .iter()
            .filter(|t| t.macro_f1 == top)
            .map(|t| t.log_loss)
            .fold(f64::MAX, f64::min);
        assert!(chosen_f1.is_finite());
        assert_eq!(ra.chosen.as_deref(), Some(a.describe().as_str()));
        // A budget of nothing stops after the first candidate.
        let (_, rc) =
            search_settings(&p, &v, 1, Duration::ZERO, AlphaRule::OneSe, &Silent).unwrap();
        assert!(rc.stopped_by_budget);
        assert_eq!(rc.trials.len(), 1);
    }
}
