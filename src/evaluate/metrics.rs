//! Classification metrics from gold labels and predicted probabilities.
//!
//! * precision, recall and F1 per class (0 where undefined, as scikit-learn's
//!   `zero_division=0`); macro-F1 averages the classes present in gold or predictions;
//! * F_avg = mean F1 of FAVOR and AGAINST (SemEval-2016 Task 6), when both labels exist;
//! * log-loss = mean −ln p(gold), with p clipped to [1e-15, 1];
//! * Brier = mean Σ_c (p_c − y_c)² (the multi-class form; for two classes it is twice the
//!   binary `brier_score_loss`);
//! * ECE = Σ_b (n_b / n) |accuracy_b − confidence_b| over 10 equal-width bins of the top
//!   probability.

use std::collections::BTreeMap;

use crate::model::fit::argmax;
use crate::model::manifest::{ClassMetrics, Report};

/// Computes the report for gold class indices `gold` and probability rows `probs`
/// (aligned with `labels`).
pub fn report(labels: &[String], gold: &[usize], probs: &[Vec<f64>]) -> Report {
    assert_eq!(gold.len(), probs.len(), "one probability row per example");
    let k = labels.len();
    let n = gold.len();
    let pred: Vec<usize> = probs.iter().map(|p| argmax(p)).collect();
    let mut confusion = vec![vec![0usize; k]; k];
    for (&g, &p) in gold.iter().zip(&pred) {
        confusion[g][p] += 1;
    }
    let mut per_class = BTreeMap::new();
    let mut f1_sum = 0.0;
    let mut present = 0;
    for c in 0..k {
        let tp = confusion[c][c] as f64;
        let support: usize = confusion[c].iter().sum();
        let predicted: usize = (0..k).map(|g| confusion[g][c]).sum();
        let precision = if predicted > 0 {
            tp / predicted as f64
        } else {
            0.0
        };
        let recall = if support > 0 {
            tp / support as f64
        } else {
            0.0
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        if support > 0 || predicted > 0 {
            f1_sum += f1;
            present += 1;
        }
        per_class.insert(
            labels[c].clone(),
            ClassMetrics {
                precision,
                recall,
                f1,
                support,
            },
        );
    }
    let f1_of = |l: &str| per_class.get(l).map(|m: &ClassMetrics| m.f1);
    let f_avg = match (f1_of("FAVOR"), f1_of("AGAINST")) {
        (Some(a), Some(b)) => Some((a + b) / 2.0),
        _ => None,
    };
    let correct = gold.iter().zip(&pred).filter(|(g, p)| g == p).count();
    let mut log_loss = 0.0;
    let mut brier = 0.0;
    for (&g, p) in gold.iter().zip(probs) {
        log_loss -= p[g].clamp(1e-15, 1.0).ln();
        brier += p
            .iter()
            .enumerate()
            .map(|(c, &pc)| {
                let y = if c == g { 1.0 } else { 0.0 };
                (pc - y) * (pc - y)
            })
            .sum::<f64>();
    }
    let denom = n.max(1) as f64;
    Report {
        n,
        accuracy: correct as f64 / denom,
        macro_f1: if present > 0 {
            f1_sum / present as f64
        } else {
            0.0
        },
        f_avg,
        per_class,
        confusion: labels
            .iter()
            .enumerate()
            .map(|(g, lg)| {
                let row = labels
                    .iter()
                    .enumerate()
                    .map(|(p, lp)| (lp.clone(), confusion[g][p]))
                    .collect();
                (lg.clone(), row)
            })
            .collect(),
        log_loss: log_loss / denom,
        brier: brier / denom,
        ece: ece(gold, probs, &pred),
        folds: None,
    }
}

fn ece(gold: &[usize], probs: &[Vec<f64>], pred: &[usize]) -> f64 {
    let mut count = [0usize; 10];
    let mut conf = [0.0f64; 10];
    let mut hits = [0.0f64; 10];
    for ((&g, p), &c) in gold.iter().zip(probs).zip(pred) {
        let top = p[c];
        let b = ((top * 10.0) as usize).min(9);
        count[b] += 1;
        conf[b] += top;
        if g == c {
            hits[b] += 1.0;
        }
    }
    let n = gold.len().max(1) as f64;
    (0..10)
        .filter(|&b| count[b] > 0)
        .map(|b| (hits[b] - conf[b]).abs() / n)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["AGAINST", "FAVOR", "NONE"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn figures_by_hand() {
        // gold: A A F N ; predicted: A F F A
        let probs = vec![
            vec![0.7, 0.2, 0.1],
            vec![0.3, 0.6, 0.1],
            vec![0.1, 0.8, 0.1],
            vec![0.5, 0.1, 0.4],
        ];
        let r = report(&labels(), &[0, 0, 1, 2], &probs);
        assert_eq!(r.n, 4);
        assert_eq!(r.accuracy, 0.5);
        let a = &r.per_class["AGAINST"];
        assert_eq!((a.precision, a.recall, a.support), (0.5, 0.5, 2));
        let f = &r.per_class["FAVOR"];
        assert_eq!((f.precision, f.recall), (0.5, 1.0));
        assert!((f.f1 - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(r.per_class["NONE"].f1, 0.0);
        assert!((r.macro_f1 - (0.5 + 2.0 / 3.0 + 0.0) / 3.0).abs() < 1e-15);
        assert!((r.f_avg.unwrap() - (0.5 + 2.0 / 3.0) / 2.0).abs() < 1e-15);
        assert_eq!(r.confusion["AGAINST"]["FAVOR"], 1);
        assert_eq!(r.confusion["NONE"]["AGAINST"], 1);
        let ll = -(0.7f64.ln() + 0.3f64.ln() + 0.8f64.ln() + 0.4f64.ln()) / 4.0;
        assert!((r.log_loss - ll).abs() < 1e-15);
        let brier = (0.09 + 0.04 + 0.01)
            + (0.49 + 0.36 + 0.01)
            + (0.01 + 0.04 + 0.01)
            + (0.25 + 0.01 + 0.36);
        assert!((r.brier - brier / 4.0).abs() < 1e-12);
        // Bins: 0.7 (hit) -> 7, 0.6 (miss) -> 6, 0.8 (hit) -> 8, 0.5 (miss) -> 5.
        let ece = (0.3 + 0.6 + 0.2 + 0.5) / 4.0;
        assert!((r.ece - ece).abs() < 1e-12);
    }

    #[test]
    fn absent_class_does_not_count_in_macro_f1() {
        let probs = vec![vec![0.9, 0.05, 0.05], vec![0.1, 0.8, 0.1]];
        let r = report(&labels(), &[0, 1], &probs);
        assert_eq!(r.macro_f1, 1.0);
        assert_eq!(r.per_class["NONE"].support, 0);
    }

    #[test]
    fn f_avg_is_null_without_stance_labels() {
        let l: Vec<String> = vec!["neg".into(), "pos".into()];
        let r = report(&l, &[0, 1], &[vec![0.6, 0.4], vec![0.3, 0.7]]);
        assert_eq!(r.f_avg, None);
        let json = serde_json::to_value(&r).unwrap();
        assert!(json["f_avg"].is_null());
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "accuracy",
                "brier",
                "confusion",
                "ece",
                "f_avg",
                "log_loss",
                "macro_f1",
                "n",
                "per_class"
            ]
        );
    }

    #[test]
    fn zero_probability_is_clipped() {
        let r = report(&labels(), &[2], &[vec![1.0, 0.0, 0.0]]);
        assert!((r.log_loss - 1e-15f64.ln().abs()).abs() < 1e-9);
    }
}
