//! The scoring pipeline for one article: segment → tokenize → vectorize → both models →
//! aggregate. [`ArticleScorer`] holds per-thread state; the models are shared.

use serde::{Deserialize, Serialize};

use crate::aggregate::{self, Sentiment, SentimentProbs, Stance, StanceProbs};
use crate::error::{Error, Result};
use crate::ingest::labels::{SENTIMENT, STANCE};
use crate::ingest::Article;
use crate::model::{Classifier, Scorer};
use crate::segment::{segment, Kind};
use crate::vectorize::compiled::Compiled;
use crate::vectorize::SparseRow;

/// A scored paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoredParagraph {
    /// 0-based position among the article's paragraphs.
    pub n: usize,
    /// Title, subtitle or body.
    pub kind: String,
    /// 1-based line in the input file.
    pub line: usize,
    /// The paragraph.
    pub text: String,
    /// Share of its letters inside double quotes.
    pub quoted: f64,
    /// Its weight in the article's stance.
    pub weight: f64,
    /// Its stance.
    pub stance: Stance,
    /// Its sentiment.
    pub sentiment: Sentiment,
}

/// A scored article: one JSONL line of `score`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredArticle {
    /// Article id.
    pub id: String,
    /// Source outlet, or `unknown`.
    pub source: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Date, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Author, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// URL, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Stance (null when the article has no content paragraph).
    pub stance: Option<Stance>,
    /// Sentiment (null when the article has no content paragraph).
    pub sentiment: Option<Sentiment>,
    /// Number of content paragraphs scored.
    pub paragraphs: usize,
    /// Per-paragraph breakdown (`--paragraphs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph_scores: Option<Vec<ScoredParagraph>>,
}

/// Maps a model's label columns onto a fixed label order (missing labels get 0).
#[derive(Debug, Clone)]
struct Columns([Option<usize>; 3]);

impl Columns {
    fn new(model: &Classifier, order: &[&str; 3]) -> Self {
        Columns(order.map(|l| model.label_index(l)))
    }

    fn pick(&self, p: &[f64]) -> [f64; 3] {
        self.0.map(|c| c.map_or(0.0, |c| p[c]))
    }
}

/// Scores articles with a stance and a sentiment model: both through one compiled pass
/// over each paragraph when the models allow it (see [`Compiled`]), else each through its
/// own generic scorer.
#[derive(Debug, Clone)]
pub struct ArticleScorer<'m> {
    models: [&'m Classifier; 2],
    compiled: Option<Compiled>,
    stance: Scorer<'m>,
    sentiment: Scorer<'m>,
    stance_cols: Columns,
    sentiment_cols: Columns,
    rows: Vec<SparseRow>,
    probs: [Vec<f64>; 2],
}

impl<'m> ArticleScorer<'m> {
    /// A scorer for the two models; their labels must be stance and sentiment labels.
    pub fn new(stance: &'m Classifier, sentiment: &'m Classifier) -> Result<Self> {
        for (model, allowed) in [(stance, &STANCE), (sentiment, &SENTIMENT)] {
            if let Some(l) = model.labels.iter().find(|l| !allowed.contains(&l.as_str())) {
                return Err(Error::params(format!(
                    "the {} model has label '{l}', expected only {}",
                    model.task,
                    allowed.join(", ")
                )));
            }
        }
        Ok(ArticleScorer {
            models: [stance, sentiment],
            compiled: Compiled::new(&[
                (&stance.analyzer, &stance.tfidf),
                (&sentiment.analyzer, &sentiment.tfidf),
            ]),
            stance_cols: Columns::new(stance, &STANCE),
            sentiment_cols: Columns::new(sentiment, &SENTIMENT),
            stance: stance.scorer(),
            sentiment: sentiment.scorer(),
            rows: Vec::new(),
            probs: [
                vec![0.0; stance.labels.len()],
                vec![0.0; sentiment.labels.len()],
            ],
        })
    }

    /// Stance and sentiment probabilities of one paragraph.
    pub fn paragraph(&mut self, text: &str) -> (StanceProbs, SentimentProbs) {
        let (st, se) = match self.compiled.as_mut() {
            Some(c) => {
                let [m0, m1] = self.models;
                c.transform_all(text, &[&m0.tfidf, &m1.tfidf], &mut self.rows);
                m0.linear
                    .predict_proba_into(&self.rows[0], &mut self.probs[0]);
                m1.linear
                    .predict_proba_into(&self.rows[1], &mut self.probs[1]);
                (
                    self.stance_cols.pick(&self.probs[0]),
                    self.sentiment_cols.pick(&self.probs[1]),
                )
            }
            None => (
                self.stance_cols.pick(&self.stance.predict_proba(text)),
                self.sentiment_cols
                    .pick(&self.sentiment.predict_proba(text)),
            ),
        };
        (
            StanceProbs {
                favor: st[0],
                against: st[1],
                none: st[2],
            },
            SentimentProbs {
                positive: se[0],
                negative: se[1],
                neutral: se[2],
            },
        )
    }

    /// Segments and scores an article; with `detail`, keeps the per-paragraph scores.
    pub fn score(&mut self, article: &Article, detail: bool) -> ScoredArticle {
        let seg = segment(&article.text);
        let mut stances = Vec::with_capacity(seg.paragraphs.len());
        let mut sentiments = Vec::with_capacity(seg.paragraphs.len());
        let mut details = Vec::new();
        for (n, p) in seg.paragraphs.iter().enumerate() {
            let (st, se) = self.paragraph(&p.text);
            let quoted = p.quoted;
            stances.push((st, quoted));
            sentiments.push(se);
            if detail {
                details.push(ScoredParagraph {
                    n,
                    kind: match p.kind {
                        Kind::Title => "title",
                        Kind::Subtitle => "subtitle",
                        Kind::Body => "body",
                    }
                    .into(),
                    line: article.line + p.line - 1,
                    text: p.text.clone(),
                    quoted,
                    weight: st.weight(quoted),
                    stance: st.verdict(),
                    sentiment: se.verdict(),
                });
            }
        }
        ScoredArticle {
            id: article.id.clone(),
            source: article
                .source
                .clone()
                .or(seg.source)
                .unwrap_or_else(|| "unknown".into()),
            title: article.title.clone().or(seg.title),
            date: article.date.clone().or(seg.date),
            author: article.author.clone().or(seg.author),
            url: article.url.clone(),
            stance: aggregate::stance(&stances),
            sentiment: aggregate::sentiment(&sentiments),
            paragraphs: stances.len(),
            paragraph_scores: detail.then_some(details),
        }
    }
}
