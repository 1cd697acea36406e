//! Report: scored articles → one summary per source (or per source and month).
//!
//! For each group: how many articles and paragraphs, the mean **stance index** with a
//! percentile-bootstrap interval (articles resampled with replacement, a fixed seed), the
//! shares of articles labelled FAVOR / AGAINST / NONE, the mean **sentiment**
//! (`P(positive) − P(negative)`) with its interval, and the most favourable and most
//! critical article. A group of one article has no interval (`None`), not a zero-width one.
//! Rows are sorted from the most favourable mean index to the most critical.

pub mod bootstrap;
pub mod charts;
mod collect;
pub mod html;
pub mod render;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::pipeline::ScoredArticle;
use crate::rng::Rng;
use crate::text::fnv1a;
use bootstrap::{mean_interval, Interval};
pub use collect::Collected;

/// A grouping key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The source outlet.
    Source,
    /// The publication month (`YYYY-MM`, or `unknown`).
    Month,
}

impl std::str::FromStr for Key {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "source" => Ok(Key::Source),
            "month" => Ok(Key::Month),
            other => Err(format!("'{other}': expected source or month")),
        }
    }
}

/// How to summarise.
#[derive(Debug, Clone)]
pub struct ReportParams {
    /// Grouping keys, in order.
    pub by: Vec<Key>,
    /// Bootstrap resamples (at least 1,000).
    pub resamples: usize,
    /// Seed of the resampling.
    pub seed: u64,
    /// Confidence level of the intervals.
    pub level: f64,
    /// Leave out groups with fewer articles.
    pub min_articles: usize,
}

impl Default for ReportParams {
    fn default() -> Self {
        ReportParams {
            by: vec![Key::Source],
            resamples: 2000,
            seed: 0,
            level: 0.95,
            min_articles: 1,
        }
    }
}

/// An article singled out in a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRef {
    /// Its id.
    pub id: String,
    /// Its title, if known.
    pub title: Option<String>,
    /// Its stance index.
    pub index: f64,
}

/// Shares of articles by stance label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shares {
    /// Share labelled FAVOR.
    #[serde(rename = "FAVOR")]
    pub favor: f64,
    /// Share labelled AGAINST.
    #[serde(rename = "AGAINST")]
    pub against: f64,
    /// Share labelled NONE.
    #[serde(rename = "NONE")]
    pub none: f64,
}

/// The summary of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The source.
    pub source: String,
    /// The month, when grouping by month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// Articles with a stance.
    pub articles: usize,
    /// Their paragraphs.
    pub paragraphs: usize,
    /// Mean stance index.
    pub stance_index: f64,
    /// Its interval (`null` for a single article).
    pub stance_index_ci: Option<Interval>,
    /// Label shares.
    pub shares: Shares,
    /// Mean `P(positive) − P(negative)`.
    pub sentiment: f64,
    /// Its interval (`null` for a single article).
    pub sentiment_ci: Option<Interval>,
    /// The article with the highest stance index.
    pub most_favourable: ArticleRef,
    /// The article with the lowest stance index.
    pub most_critical: ArticleRef,
}

impl Group {
    /// The group's name: the source, with the month when there is one.
    pub fn name(&self) -> String {
        match &self.month {
            Some(m) => format!("{} ({m})", self.source),
            None => self.source.clone(),
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceReport {
    /// The grouping keys.
    pub by: Vec<String>,
    /// Bootstrap resamples per interval.
    pub resamples: usize,
    /// Resampling seed.
    pub seed: u64,
    /// Confidence level.
    pub level: f64,
    /// Articles read.
    pub articles: usize,
    /// Articles left out because they had no content paragraph.
    pub without_paragraphs: usize,
    /// Groups left out by `min_articles`.
    pub groups_below_min: usize,
    /// One summary per group, most favourable first.
    pub groups: Vec<Group>,
}

/// The month (`YYYY-MM`) of a `YYYY-MM-DD…` date, or `unknown`.
fn month(date: Option<&str>) -> String {
    match date {
        Some(d)
            if d.len() >= 7
                && d.as_bytes()[4] == b'-'
                && d[..4].bytes().all(|b| b.is_ascii_digit())
                && d[5..7].bytes().all(|b| b.is_ascii_digit()) =>
        {
            d[..7].to_string()
        }
        _ => "unknown".into(),
    }
}

/// Summarises scored articles.
pub fn summarize(articles: &[ScoredArticle], params: &ReportParams) -> Result<SourceReport> {
    if params.resamples < 1000 {
        return Err(Error::params(format!(
            "{} bootstrap resamples: use at least 1,000",
            params.resamples
        )));
    }
    if !(params.level > 0.0 && params.level < 1.0) {
        return Err(Error::params(format!(
            "confidence level {}: expected (0, 1)",
            params.level
        )));
    }
    if params.by.is_empty() || !params.by.contains(&Key::Source) {
        return Err(Error::params("group by source, or by source,month"));
    }
    let by_month = params.by.contains(&Key::Month);
    let mut groups: BTreeMap<(String, Option<String>), Vec<&ScoredArticle>> = BTreeMap::new();
    let mut without = 0;
    for a in articles {
        if a.stance.is_none() || a.sentiment.is_none() {
            without += 1;
            continue;
        }
        let m = by_month.then(|| month(a.date.as_deref()));
        groups.entry((a.source.clone(), m)).or_default().push(a);
    }
    let mut below = 0;
    let mut out = Vec::new();
    for ((source, m), members) in groups {
        if members.len() < params.min_articles {
            below += 1;
            continue;
        }
        let stance = |a: &ScoredArticle| a.stance.as_ref().expect("filtered above").clone();
        let index: Vec<f64> = members.iter().map(|a| stance(a).index).collect();
        let senti: Vec<f64> = members
            .iter()
            .map(|a| {
                let p = a.sentiment.as_ref().expect("filtered above").probs;
                p.positive - p.negative
            })
            .collect();
        let n = members.len() as f64;
        let share = |l: &str| members.iter().filter(|a| stance(a).label == l).count() as f64 / n;
        let key = format!("{source}\u{1f}{}", m.as_deref().unwrap_or(""));
        // FNV-1a: a stable hash of the group key, so each group's resampling does not depend
        // on which other groups exist.
        let mut rng = Rng::new(params.seed ^ fnv1a(&key));
        let stance_ci = mean_interval(&index, params.resamples, params.level, &mut rng);
        let sentiment_ci = mean_interval(&senti, params.resamples, params.level, &mut rng);
        let pick = |best: fn(f64, f64) -> bool| {
            let mut i = 0;
            for j in 1..members.len() {
                if best(index[j], index[i]) {
                    i = j;
                }
            }
            ArticleRef {
                id: members[i].id.clone(),
                title: members[i].title.clone(),
                index: index[i],
            }
        };
        out.push(Group {
            source,
            month: m,
            articles: members.len(),
            paragraphs: members.iter().map(|a| a.paragraphs).sum(),
            stance_index: index.iter().sum::<f64>() / n,
            stance_index_ci: stance_ci,
            shares: Shares {
                favor: share("FAVOR"),
                against: share("AGAINST"),
                none: share("NONE"),
            },
            sentiment: senti.iter().sum::<f64>() / n,
            sentiment_ci,
            most_favourable: pick(|a, b| a > b),
            most_critical: pick(|a, b| a < b),
        });
    }
    out.sort_by(|a, b| {
        b.stance_index
            .total_cmp(&a.stance_index)
            .then_with(|| a.name().cmp(&b.name()))
    });
    Ok(SourceReport {
        by: params
            .by
            .iter()
            .map(|k| match k {
                Key::Source => "source".to_string(),
                Key::Month => "month".to_string(),
            })
            .collect(),
        resamples: params.resamples,
        seed: params.seed,
        level: params.level,
        articles: articles.len(),
        without_paragraphs: without,
        groups_below_min: below,
        groups: out,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::aggregate::{SentimentProbs, StanceProbs};

    pub(crate) fn article(
        id: &str,
        source: &str,
        date: Option<&str>,
        favor: f64,
        against: f64,
    ) -> ScoredArticle {
        let none = 1.0 - favor - against;
        ScoredArticle {
            id: id.into(),
            source: source.into(),
            title: Some(format!("Title {id}")),
            date: date.map(Into::into),
            author: None,
            url: None,
            stance: Some(
                StanceProbs {
                    favor,
                    against,
                    none,
                }
                .verdict(),
            ),
            sentiment: Some(
                SentimentProbs {
                    positive: favor,
                    negative: against,
                    neutral: none,
                }
                .verdict(),
            ),
            paragraphs: 10,
            paragraph_scores: None,
        }
    }

    pub(crate) fn sample() -> Vec<ScoredArticle> {
        vec![
            article("a1", "Daily A", Some("2024-07-09"), 0.1, 0.8),
            article("a2", "Daily A", Some("2024-07-20"), 0.2, 0.7),
            article("a3", "Daily A", Some("2024-08-01"), 0.15, 0.6),
            article("b1", "Weekly B", Some("2024-07-10"), 0.7, 0.1),
            article("b2", "Weekly B", None, 0.5, 0.2),
            article("c1", "Lone C", None, 0.3, 0.3),
        ]
    }

    #[test]
    fn one_row_per_source_sorted_most_favourable_first() {
        let r = summarize(&sample(), &ReportParams::default()).unwrap();
        let names: Vec<&str> = r.groups.iter().map(|g| g.source.as_str()).collect();
        assert_eq!(names, ["Weekly B", "Lone C", "Daily A"]);
        let a = &r.groups[2];
        assert_eq!((a.articles, a.paragraphs), (3, 30));
        assert!((a.stance_index - (-0.7 - 0.5 - 0.45) / 3.0).abs() < 1e-12);
        assert_eq!(a.shares.against, 1.0);
        assert_eq!(a.most_critical.id, "a1");
        assert_eq!(a.most_favourable.id, "a3");
        let ci = a.stance_index_ci.unwrap();
        assert!(ci.low <= a.stance_index && a.stance_index <= ci.high);
        assert!(ci.low >= -0.7 - 1e-12 && ci.high <= -0.45 + 1e-12);
    }

    #[test]
    fn a_single_article_has_no_interval() {
        let r = summarize(&sample(), &ReportParams::default()).unwrap();
        let c = r.groups.iter().find(|g| g.source == "Lone C").unwrap();
        assert_eq!((c.stance_index_ci, c.sentiment_ci), (None, None));
        let json = serde_json::to_value(c).unwrap();
        assert!(json["stance_index_ci"].is_null());
    }

    #[test]
    fn by_source_and_month_min_articles_and_determinism() {
        let p = ReportParams {
            by: vec![Key::Source, Key::Month],
            ..ReportParams::default()
        };
        let r = summarize(&sample(), &p).unwrap();
        let names: Vec<String> = r.groups.iter().map(Group::name).collect();
        assert!(names.contains(&"Daily A (2024-07)".to_string()));
        assert!(names.contains(&"Weekly B (unknown)".to_string()));
        assert_eq!(r.groups.len(), 5);
        let p2 = ReportParams {
            min_articles: 2,
            ..p.clone()
        };
        let r2 = summarize(&sample(), &p2).unwrap();
        assert_eq!(r2.groups.len(), 1);
        assert_eq!(r2.groups_below_min, 4);
        assert_eq!(summarize(&sample(), &p).unwrap(), r);
        // Intervals of a group do not depend on the other groups present.
        let only_a: Vec<_> = sample()
            .into_iter()
            .filter(|a| a.source == "Daily A")
            .collect();
        let alone = summarize(&only_a, &ReportParams::default()).unwrap();
        let full = summarize(&sample(), &ReportParams::default()).unwrap();
        assert_eq!(alone.groups[0], full.groups[2]);
    }

    #[test]
    fn too_few_resamples_and_articles_without_paragraphs() {
        let p = ReportParams {
            resamples: 500,
            ..ReportParams::default()
        };
        assert!(summarize(&sample(), &p).is_err());
        let mut v = sample();
        v[0].stance = None;
        v[0].sentiment = None;
        let r = summarize(&v, &ReportParams::default()).unwrap();
        assert_eq!(r.without_paragraphs, 1);
        assert_eq!(r.groups.iter().map(|g| g.articles).sum::<usize>(), 5);
    }
}
