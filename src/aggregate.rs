//! Aggregate: paragraph probabilities → one article score.
//!
//! **Stance.** An article's stance is its author's. Each paragraph's *relevance* is
//! `r = 1 − P(NONE)`: how much it takes a side; its *quoted share* `q` is the share of its
//! letters inside double quotes: how much of it reports someone else's words. The
//! article's stance probabilities are the mean of its paragraphs' probabilities weighted by
//! `w = (r² + ε) · (1 − 0.9 q)` (ε = 0.01). So paragraphs that are not about the target
//! (high P(NONE)) count little and do not drown the stance of those that are, and a
//! quotation of the other side (a critic quoting Stoltenberg) counts a tenth of the
//! author's own words; an article whose paragraphs are all neutral still averages to NONE.
//! The label is the most probable class; the **stance index** is `P(FAVOR) − P(AGAINST)`
//! in [-1, 1].
//!
//! **Sentiment.** The plain mean of the paragraphs' probabilities; the label is the most
//! probable class.

use serde::{Deserialize, Serialize};

/// Floor of a paragraph's stance weight.
pub const EPSILON: f64 = 0.01;
/// How much of a paragraph's weight its quoted share removes.
pub const QUOTE_DISCOUNT: f64 = 0.9;

/// Stance probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceProbs {
    /// P(FAVOR).
    #[serde(rename = "FAVOR")]
    pub favor: f64,
    /// P(AGAINST).
    #[serde(rename = "AGAINST")]
    pub against: f64,
    /// P(NONE).
    #[serde(rename = "NONE")]
    pub none: f64,
}

/// Sentiment probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentProbs {
    /// P(positive).
    pub positive: f64,
    /// P(negative).
    pub negative: f64,
    /// P(neutral).
    pub neutral: f64,
}

/// A stance verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stance {
    /// FAVOR, AGAINST or NONE.
    pub label: String,
    /// P(FAVOR) − P(AGAINST).
    pub index: f64,
    /// Class probabilities.
    pub probs: StanceProbs,
}

/// A sentiment verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sentiment {
    /// positive, negative or neutral.
    pub label: String,
    /// Class probabilities.
    pub probs: SentimentProbs,
}

impl StanceProbs {
    /// The verdict for these probabilities (ties go to NONE, then AGAINST).
    pub fn verdict(self) -> Stance {
        let label = if self.none >= self.against && self.none >= self.favor {
            "NONE"
        } else if self.against >= self.favor {
            "AGAINST"
        } else {
            "FAVOR"
        };
        Stance {
            label: label.into(),
            index: self.favor - self.against,
            probs: self,
        }
    }

    /// How much the paragraph takes a side: `1 − P(NONE)`.
    pub fn relevance(self) -> f64 {
        (1.0 - self.none).clamp(0.0, 1.0)
    }

    /// The paragraph's weight in its article's stance, given its quoted share.
    pub fn weight(self, quoted: f64) -> f64 {
        let r = self.relevance();
        (r * r + EPSILON) * (1.0 - QUOTE_DISCOUNT * quoted.clamp(0.0, 1.0))
    }
}

impl SentimentProbs {
    /// The verdict for these probabilities (ties go to neutral, then negative).
    pub fn verdict(self) -> Sentiment {
        let label = if self.neutral >= self.negative && self.neutral >= self.positive {
            "neutral"
        } else if self.negative >= self.positive {
            "negative"
        } else {
            "positive"
        };
        Sentiment {
            label: label.into(),
            probs: self,
        }
    }
}

/// The article's stance from its paragraphs' probabilities and quoted shares (`None`
/// without paragraphs).
pub fn stance(paragraphs: &[(StanceProbs, f64)]) -> Option<Stance> {
    if paragraphs.is_empty() {
        return None;
    }
    let (mut f, mut a, mut n, mut total) = (0.0, 0.0, 0.0, 0.0);
    for &(p, quoted) in paragraphs {
        let w = p.weight(quoted);
        f += w * p.favor;
        a += w * p.against;
        n += w * p.none;
        total += w;
    }
    Some(
        StanceProbs {
            favor: f / total,
            against: a / total,
            none: n / total,
        }
        .verdict(),
    )
}

/// The article's sentiment: the mean of its paragraphs' probabilities.
pub fn sentiment(paragraphs: &[SentimentProbs]) -> Option<Sentiment> {
    if paragraphs.is_empty() {
        return None;
    }
    let k = paragraphs.len() as f64;
    let sum = paragraphs.iter().fold((0.0, 0.0, 0.0), |s, p| {
        (s.0 + p.positive, s.1 + p.negative, s.2 + p.neutral)
    });
    Some(
        SentimentProbs {
            positive: sum.0 / k,
            negative: sum.1 / k,
            neutral: sum.2 / k,
        }
        .verdict(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(favor: f64, against: f64, none: f64) -> (StanceProbs, f64) {
        (
            StanceProbs {
                favor,
                against,
                none,
            },
            0.0,
        )
    }

    #[test]
    fn neutral_paragraphs_do_not_drown_the_stance() {
        // Three critical paragraphs among ten that are not about the target.
        let mut paras = vec![sp(0.1, 0.7, 0.2); 3];
        paras.extend(vec![sp(0.1, 0.1, 0.8); 10]);
        let s = stance(&paras).unwrap();
        assert_eq!(s.label, "AGAINST");
        // The plain mean would have called it NONE.
        let mean_none = (3.0 * 0.2 + 10.0 * 0.8) / 13.0;
        let mean_against = (3.0 * 0.7 + 10.0 * 0.1) / 13.0;
        assert!(mean_none > mean_against);
        assert!(s.index < -0.3, "{s:?}");
    }

    #[test]
    fn all_neutral_article_stays_none_and_index_is_small() {
        let s = stance(&[sp(0.15, 0.1, 0.75), sp(0.1, 0.15, 0.75), sp(0.1, 0.1, 0.8)]).unwrap();
        assert_eq!(s.label, "NONE");
        assert!(s.index.abs() < 0.05);
    }

    #[test]
    fn probabilities_still_sum_to_one_and_index_in_range() {
        let s = stance(&[sp(1.0, 0.0, 0.0), sp(0.0, 1.0, 0.0), sp(0.0, 0.0, 1.0)]).unwrap();
        let p = s.probs;
        assert!((p.favor + p.against + p.none - 1.0).abs() < 1e-12);
        assert!((-1.0..=1.0).contains(&s.index));
        assert_eq!(stance(&[sp(1.0, 0.0, 0.0)]).unwrap().index, 1.0);
    }

    #[test]
    fn a_quoted_opponent_counts_less_than_the_author() {
        // A critic quotes a supporter at length, then gives their own verdict.
        let quote = (
            StanceProbs {
                favor: 0.85,
                against: 0.05,
                none: 0.10,
            },
            0.8,
        );
        let verdict = sp(0.05, 0.75, 0.20);
        assert_eq!(stance(&[quote, verdict]).unwrap().label, "AGAINST");
        // Unquoted, the supporter's paragraph would have carried the article.
        let unquoted = (quote.0, 0.0);
        assert_eq!(stance(&[unquoted, verdict]).unwrap().label, "FAVOR");
    }

    #[test]
    fn sentiment_is_the_plain_mean() {
        let s = sentiment(&[
            SentimentProbs {
                positive: 0.6,
                negative: 0.2,
                neutral: 0.2,
            },
            SentimentProbs {
                positive: 0.0,
                negative: 0.8,
                neutral: 0.2,
            },
        ])
        .unwrap();
        assert_eq!(s.label, "negative");
        assert!((s.probs.positive - 0.3).abs() < 1e-15);
    }

    #[test]
    fn empty_article_has_no_verdict() {
        assert!(stance(&[]).is_none());
        assert!(sentiment(&[]).is_none());
    }
}
