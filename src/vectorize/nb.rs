//! Naive Bayes log-count ratios as a per-feature scale (NBSVM's features).

use super::SparseRow;

/// Naive Bayes log-count ratios (Wang & Manning 2012) as one scale per feature: for each
/// class c, `r_c = ln((p_c / ‖p_c‖₁) / (q_c / ‖q_c‖₁))` where `p_c` counts (plus one) the
/// documents of class c that contain each feature and `q_c` those of the other classes; a
/// feature's scale is the largest `|r_c|` (for two classes both are equal).
pub fn nb_scale(rows: &[SparseRow], y: &[usize], n_classes: usize, n_features: usize) -> Vec<f64> {
    let mut count = vec![vec![0.0f64; n_features]; n_classes];
    for (row, &c) in rows.iter().zip(y) {
        for &j in &row.indices {
            count[c][j as usize] += 1.0;
        }
    }
    let total: Vec<f64> = (0..n_features)
        .map(|j| count.iter().map(|c| c[j]).sum())
        .collect();
    let mut scale = vec![0.0f64; n_features];
    for cls in &count {
        let p: Vec<f64> = cls.iter().map(|v| v + 1.0).collect();
        let q: Vec<f64> = cls.iter().zip(&total).map(|(v, t)| t - v + 1.0).collect();
        let (sp, sq): (f64, f64) = (p.iter().sum(), q.iter().sum());
        for j in 0..n_features {
            let r = ((p[j] / sp) / (q[j] / sq)).ln().abs();
            scale[j] = scale[j].max(r);
        }
    }
    scale
}
