//! Percentile bootstrap intervals for a mean: resample the values with replacement, take
//! the mean of each resample, and read the interval off the resampled means' quantiles
//! (linear interpolation between order statistics, as numpy's default percentile).
//!
//! Kept hand-written: it is a few lines over [`crate::rng`], tested, and deterministic from
//! its seed; the bootstrap crates add resampling schemes this report does not need and
//! their own random streams, which would change every published interval.

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// The `q`-quantile (0..=1) of sorted values, interpolating linearly.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The `level` (e.g. 0.95) percentile-bootstrap interval of the mean of `values`, from
/// `resamples` resamples drawn by `rng`; `None` with fewer than two values, where it is
/// undefined.
pub fn mean_interval(
    values: &[f64],
    resamples: usize,
    level: f64,
    rng: &mut Rng,
) -> Option<Interval> {
    let n = values.len();
    if n < 2 || resamples == 0 {
        return None;
    }
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| (0..n).map(|_| values[rng.below(n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    Some(Interval {
        low: quantile(&means, tail),
        high: quantile(&means, 1.0 - tail),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert_eq!(quantile(&v, 0.5), 2.5);
    }

    #[test]
    fn interval_is_undefined_for_one_value() {
        assert_eq!(mean_interval(&[0.4], 1000, 0.95, &mut Rng::new(1)), None);
    }

    #[test]
    fn interval_covers_the_mean_and_narrows_with_more_data() {
        let mut rng = Rng::new(7);
        let few: Vec<f64> = (0..5).map(|i| i as f64 / 4.0).collect();
        let many: Vec<f64> = (0..200).map(|i| (i % 5) as f64 / 4.0).collect();
        let a = mean_interval(&few, 2000, 0.95, &mut rng).unwrap();
        let b = mean_interval(&many, 2000, 0.95, &mut rng).unwrap();
        assert!(a.low < 0.5 && 0.5 < a.high, "{a:?}");
        assert!(b.low < 0.5 && 0.5 < b.high, "{b:?}");
        assert!(b.high - b.low < (a.high - a.low) / 3.0);
        // Identical values: every resample has the same mean.
        let c = mean_interval(&[0.2, 0.2, 0.2], 100, 0.95, &mut rng).unwrap();
        assert!(
            (c.low - 0.2).abs() < 1e-15 && (c.high - 0.2).abs() < 1e-15,
            "{c:?}"
        );
    }

    #[test]
    fn same_seed_same_interval() {
        let v = [0.1, -0.5, 0.3, 0.9];
        let a = mean_interval(&v, 1000, 0.95, &mut Rng::new(3));
        assert_eq!(a, mean_interval(&v, 1000, 0.95, &mut Rng::new(3)));
        assert_ne!(a, mean_interval(&v, 1000, 0.95, &mut Rng::new(4)));
    }
}
