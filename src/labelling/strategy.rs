//! How the next paragraph to label is chosen: by the uncertainty of the current model's
//! probabilities (entropy, margin) or in a seeded random order.

/// How the next paragraph is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Strategy {
    /// Highest entropy of the predicted probabilities first.
    Entropy,
    /// Smallest gap between the two most probable labels first.
    Margin,
    /// A seeded random order (the baseline).
    Random,
}

/// How uncertain `probs` are under `strategy` (higher: ask sooner).
pub fn uncertainty(probs: &[f64], strategy: Strategy) -> f64 {
    match strategy {
        Strategy::Entropy => -probs
            .iter()
            .filter(|p| **p > 0.0)
            .map(|p| p * p.ln())
            .sum::<f64>(),
        Strategy::Margin => {
            let mut s = probs.to_vec();
            s.sort_by(|a, b| b.total_cmp(a));
            -(s[0] - s.get(1).copied().unwrap_or(0.0))
        }
        Strategy::Random => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncertainty_orders() {
        let sure = [0.9, 0.05, 0.05];
        let unsure = [0.4, 0.35, 0.25];
        for s in [Strategy::Entropy, Strategy::Margin] {
            assert!(uncertainty(&unsure, s) > uncertainty(&sure, s), "{s:?}");
        }
    }
}
