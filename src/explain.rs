//! Explain: why a model scores as it does.
//!
//! * **A model**: the features with the largest weight for each class.
//! * **An article**: each paragraph's *contribution* to the article's index — its weight in
//!   the aggregate (see [`crate::aggregate`]) times its own index, over the sum of weights,
//!   so the contributions add up to the article's index exactly — and, inside the paragraphs
//!   that contribute most, the features with the largest contribution to that paragraph's
//!   index: `tf-idf × (w_pos − w_neg)`, the feature's share of the logit difference between
//!   the two poles (FAVOR − AGAINST for stance, positive − negative for sentiment). That
//!   logit is the intercepts' difference plus every feature's contribution, and both are
//!   shown, so a paragraph's verdict adds up. For a two-step model the logit is the second
//!   step's (which side), and `side` is the first step's P(the paragraph takes a side).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::Article;
use crate::model::linear::Head;
use crate::model::{Classifier, Target};
use crate::pipeline::ArticleScorer;

/// A feature and its weight for a class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermWeight {
    /// The feature (a stem, an n-gram, `#concept`, `not_…`, or `c:…` for characters).
    pub feature: String,
    /// Its weight for the class.
    pub weight: f64,
}

/// The top features of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassTerms {
    /// The class.
    pub label: String,
    /// Features by descending weight.
    pub terms: Vec<TermWeight>,
}

/// What `explain` shows of a model read alone: its task, target and top features.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelExplanation {
    /// The task the model predicts.
    pub task: String,
    /// What its labels are about (`null` for a model that names none).
    pub target: Option<Target>,
    /// The `top` features of every class.
    pub classes: Vec<ClassTerms>,
}

/// A model's task, target and `top` highest-weighted features per class.
pub fn explain_model(model: &Classifier, top: usize) -> ModelExplanation {
    ModelExplanation {
        task: model.task.clone(),
        target: model.target.clone(),
        classes: top_terms(model, top),
    }
}

/// The `top` highest-weighted features of every class, in the model's label order.
pub fn top_terms(model: &Classifier, top: usize) -> Vec<ClassTerms> {
    let vocab = model.tfidf.vocabulary();
    model
        .labels
        .iter()
        .enumerate()
        .map(|(c, label)| {
            let mut idx: Vec<usize> = (0..vocab.len()).collect();
            let w = model.linear.weights.column(c);
            idx.sort_by(|&a, &b| w[b].total_cmp(&w[a]).then_with(|| vocab[a].cmp(&vocab[b])));
            ClassTerms {
                label: label.clone(),
                terms: idx
                    .into_iter()
                    .take(top)
                    .map(|j| TermWeight {
                        feature: vocab[j].clone(),
                        weight: w[j],
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A feature's contribution inside one paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermContribution {
    /// The feature.
    pub feature: String,
    /// Its tf-idf value in the paragraph.
    pub tfidf: f64,
    /// `tfidf × (w_pos − w_neg)`: positive pushes toward the positive pole.
    pub contribution: f64,
}

/// One paragraph's part in an article's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParagraphExplanation {
    /// 0-based position in the article.
    pub n: usize,
    /// 1-based line in the input file.
    pub line: usize,
    /// Title, subtitle or body.
    pub kind: &'static str,
    /// The paragraph.
    pub text: String,
    /// The paragraph's label.
    pub label: String,
    /// Its index: P(positive pole) − P(negative pole).
    pub index: f64,
    /// Its weight in the article.
    pub weight: f64,
    /// Its share of the article's index (these add up to it).
    pub contribution: f64,
    /// The logit difference between the poles, `intercept` + every feature's contribution.
    pub logit: f64,
    /// The intercepts' part of `logit`: what the model says of a paragraph with no known
    /// feature.
    pub intercept: f64,
    /// For a two-step model, P(the paragraph takes a side): the first step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<f64>,
    /// The features that move its index most.
    pub terms: Vec<TermContribution>,
}

/// Why an article got its index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleExplanation {
    /// Article id.
    pub id: String,
    /// Source, or `unknown`.
    pub source: String,
    /// Title, if known.
    pub title: Option<String>,
    /// `stance` or `sentiment`.
    pub task: String,
    /// The poles of the index, positive first (`FAVOR`/`AGAINST`, `positive`/`negative`).
    pub poles: (String, String),
    /// The article's index.
    pub index: f64,
    /// Paragraphs by descending |contribution| (at most the number asked for).
    pub paragraphs: Vec<ParagraphExplanation>,
}

/// The poles of a task's index, positive first; only stance and sentiment have them.
pub fn poles(task: &str) -> Result<(&'static str, &'static str)> {
    match task {
        "stance" => Ok(("FAVOR", "AGAINST")),
        "sentiment" => Ok(("positive", "negative")),
        other => Err(Error::params(format!(
            "articles can be explained for stance or sentiment, not '{other}'"
        ))),
    }
}

/// Explains `article`'s `task` index (`stance` or `sentiment`), scored by `scorer` exactly
/// as `score` scores it: the `top_paragraphs` paragraphs that contribute most, each with its
/// `top_terms` strongest features.
pub fn explain_article(
    scorer: &mut ArticleScorer<'_>,
    task: &str,
    article: &Article,
    top_paragraphs: usize,
    top_terms: usize,
) -> Result<ArticleExplanation> {
    let (pos, neg) = poles(task)?;
    let m = usize::from(task == "sentiment");
    let model = scorer.models()[m];
    let col = |l: &str| model.label_index(l);
    let (cp, cn) = (col(pos), col(neg));
    let vocab = model.tfidf.vocabulary();
    let w = &model.linear.weights;
    let b = &model.linear.intercept;
    let intercept = cp.map_or(0.0, |c| b[c]) - cn.map_or(0.0, |c| b[c]);
    let none = match model.linear.head {
        Head::TwoStep { none } => Some(none),
        Head::Flat => None,
    };
    let mut paras = Vec::new();
    let scored = scorer.score_with(article, |v| {
        let probs = &v.probs[m];
        let get = |c: Option<usize>| c.map_or(0.0, |c| probs[c]);
        let index = get(cp) - get(cn);
        let weight = if m == 0 {
            v.stance.weight(v.paragraph.quoted)
        } else {
            1.0
        };
        let mut terms: Vec<TermContribution> = v.rows[m]
            .iter()
            .map(|(j, x)| {
                let wp = cp.map_or(0.0, |c| w[[j, c]]);
                let wn = cn.map_or(0.0, |c| w[[j, c]]);
                TermContribution {
                    feature: vocab[j].clone(),
                    tfidf: x,
                    contribution: x * (wp - wn),
                }
            })
            .collect();
        let logit = intercept + terms.iter().map(|t| t.contribution).sum::<f64>();
        terms.sort_by(|a, b| {
            b.contribution
                .abs()
                .total_cmp(&a.contribution.abs())
                .then_with(|| a.feature.cmp(&b.feature))
        });
        terms.truncate(top_terms);
        let best = probs
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |(i, _)| i);
        paras.push(ParagraphExplanation {
            n: v.n,
            line: v.line,
            kind: v.paragraph.kind.name(),
            text: v.paragraph.text.clone(),
            label: model.labels[best].clone(),
            index,
            weight,
            contribution: 0.0,
            logit,
            intercept,
            side: none.map(|c| 1.0 - probs[c]),
            terms,
        });
    });
    let total: f64 = paras.iter().map(|p| p.weight).sum();
    for p in &mut paras {
        p.contribution = p.weight * p.index / total;
    }
    let index = paras.iter().map(|p| p.contribution).sum();
    paras.sort_by(|a, b| {
        b.contribution
            .abs()
            .total_cmp(&a.contribution.abs())
            .then(a.n.cmp(&b.n))
    });
    paras.truncate(top_paragraphs);
    Ok(ArticleExplanation {
        id: article.id.clone(),
        source: scored.source,
        title: scored.title,
        task: model.task.clone(),
        poles: (pos.to_string(), neg.to_string()),
        index,
        paragraphs: paras,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builtin;

    fn article(text: &str) -> Article {
        Article {
            id: "t".into(),
            source: Some("Desk".into()),
            title: None,
            author: None,
            date: None,
            url: None,
            text: text.into(),
            file: "t.txt".into(),
            line: 1,
            removed: Vec::new(),
        }
    }

    const TEXT: &str = "NATO extending tentacles into Asia-Pacific will only end in failure\n\n\
        The summit opened in Washington on Tuesday.\n\n\
        Forcibly meddling in regional affairs will provoke bloc confrontation and stoke tensions.\n\n\
        Partners welcomed closer cooperation with the alliance.\n";

    #[test]
    fn contributions_add_up_to_the_scored_index() {
        let st = builtin::load("stance").unwrap();
        let se = builtin::load("sentiment").unwrap();
        let a = article(TEXT);
        let mut scorer = ArticleScorer::new(&st, &se).unwrap();
        let e = explain_article(&mut scorer, "stance", &a, 10, 5).unwrap();
        let scored = ArticleScorer::new(&st, &se).unwrap().score(&a, false);
        let index = scored.stance.unwrap().index;
        assert!((e.index - index).abs() < 1e-12, "{} vs {index}", e.index);
        let sum: f64 = e.paragraphs.iter().map(|p| p.contribution).sum();
        assert!((sum - index).abs() < 1e-12);
        // Sorted by |contribution|; the two hostile paragraphs outweigh the welcoming one.
        assert!(e
            .paragraphs
            .windows(2)
            .all(|w| w[0].contribution.abs() >= w[1].contribution.abs()));
        assert!(e.index < 0.0);
        let strong: Vec<bool> = e
            .paragraphs
            .iter()
            .filter(|p| p.contribution.abs() > 0.05)
            .map(|p| p.contribution < 0.0)
            .collect();
        assert_eq!(
            strong.iter().filter(|&&against| against).count(),
            2,
            "{strong:?}"
        );
        // The plain report of the meeting takes no side.
        let summit = e.paragraphs.iter().find(|p| p.n == 1).unwrap();
        assert_eq!(summit.label, "NONE");
        assert_eq!(e.poles, ("FAVOR".into(), "AGAINST".into()));
    }

    #[test]
    fn term_contributions_are_weight_times_tfidf() {
        let st = builtin::load("stance").unwrap();
        let se = builtin::load("sentiment").unwrap();
        let mut scorer = ArticleScorer::new(&st, &se).unwrap();
        let e = explain_article(&mut scorer, "stance", &article(TEXT), 1, 50).unwrap();
        let p = &e.paragraphs[0];
        let (f, a) = (
            st.label_index("FAVOR").unwrap(),
            st.label_index("AGAINST").unwrap(),
        );
        for t in &p.terms {
            let j = st.tfidf.feature_index(&t.feature).unwrap() as usize;
            let expect = t.tfidf * (st.linear.weights[[j, f]] - st.linear.weights[[j, a]]);
            assert!((t.contribution - expect).abs() < 1e-15);
        }
        assert!(
            p.terms.iter().any(|t| t.feature.starts_with('#')),
            "concepts take part"
        );
    }

    #[test]
    fn intercept_and_every_term_add_up_to_the_paragraphs_logit() {
        let st = builtin::load("stance").unwrap();
        let se = builtin::load("sentiment").unwrap();
        let mut scorer = ArticleScorer::new(&st, &se).unwrap();
        let e = explain_article(&mut scorer, "stance", &article(TEXT), 10, 10_000).unwrap();
        let (f, a) = (
            st.label_index("FAVOR").unwrap(),
            st.label_index("AGAINST").unwrap(),
        );
        for p in &e.paragraphs {
            let sum: f64 = p.terms.iter().map(|t| t.contribution).sum();
            assert!((p.intercept + sum - p.logit).abs() < 1e-12);
            let row = st.scorer().vectorize(&p.text);
            let mut z = vec![0.0; 3];
            st.linear.decision(&row, &mut z);
            assert!(
                (z[f] - z[a] - p.logit).abs() < 1e-12,
                "{} vs {}",
                z[f] - z[a],
                p.logit
            );
            // The index has the logit's sign.
            assert!(p.index * p.logit >= 0.0, "{} {}", p.index, p.logit);
        }
    }

    #[test]
    fn top_terms_are_sorted_per_class() {
        let st = builtin::load("stance").unwrap();
        let t = top_terms(&st, 5);
        assert_eq!(t.len(), 3);
        for c in &t {
            assert_eq!(c.terms.len(), 5);
            assert!(c.terms.windows(2).all(|w| w[0].weight >= w[1].weight));
        }
    }

    #[test]
    fn only_stance_and_sentiment_articles_are_explained() {
        let mut m = builtin::load("stance").unwrap();
        m.task = "topic".into();
        let se = builtin::load("sentiment").unwrap();
        let mut scorer = ArticleScorer::new(&m, &se).unwrap();
        assert!(explain_article(&mut scorer, &m.task, &article(TEXT), 3, 3).is_err());
    }
}
