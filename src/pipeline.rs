//! The scoring pipeline for one article: segment → tokenize → vectorize → both models →
//! aggregate. [`ArticleScorer`] holds per-thread state; the models are shared. `score`,
//! `report`, `explain`, the labelling session and the Python binding all score through it
//! ([`score_all`] scores articles held in memory on the worker pool), and resolve an
//! article's metadata with [`ArticleMeta::resolve`]. [`segment_article`] is the article as
//! `segment` shows it.

use serde::{Deserialize, Serialize};

use crate::aggregate::{self, Sentiment, SentimentProbs, Stance, StanceProbs};
use crate::error::{Error, Result};
use crate::ingest::label_files::{SENTIMENT, STANCE};
use crate::ingest::{Article, Removed};
use crate::model::{Classifier, Scorer};
use crate::segment::{segment, Paragraph, Segmented};
use crate::vectorize::fused::FusedVectorizer;
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

/// An article's metadata: what its input gave, else what segmentation found in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMeta {
    /// Source outlet, or `unknown`.
    pub source: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Date, if known.
    pub date: Option<String>,
    /// Author, if known.
    pub author: Option<String>,
    /// URL, if given.
    pub url: Option<String>,
}

impl ArticleMeta {
    /// The metadata of `article`, falling back on what `seg` (its segmentation) found.
    pub fn resolve(article: &Article, seg: &Segmented) -> Self {
        ArticleMeta {
            source: article
                .source
                .clone()
                .or_else(|| seg.source.clone())
                .unwrap_or_else(|| "unknown".into()),
            title: article.title.clone().or_else(|| seg.title.clone()),
            date: article.date.clone().or_else(|| seg.date.clone()),
            author: article.author.clone().or_else(|| seg.author.clone()),
            url: article.url.clone(),
        }
    }
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

/// One scored paragraph as the scorer saw it, handed to [`ArticleScorer::score_with`].
#[derive(Debug, Clone, Copy)]
pub struct ParagraphView<'s> {
    /// 0-based position among the article's paragraphs.
    pub n: usize,
    /// The paragraph, as segmentation found it.
    pub paragraph: &'s Paragraph,
    /// 1-based line in the input file.
    pub line: usize,
    /// Its TF-IDF row under each model (stance, sentiment).
    pub rows: &'s [SparseRow],
    /// Each model's probabilities, in that model's label order (stance, sentiment).
    pub probs: &'s [Vec<f64>; 2],
    /// Its stance probabilities.
    pub stance: StanceProbs,
    /// Its sentiment probabilities.
    pub sentiment: SentimentProbs,
}

/// Scores articles with a stance and a sentiment model: both through one fused pass over
/// each paragraph when the models allow it (see [`FusedVectorizer`]), else each through its
/// own generic scorer.
#[derive(Debug, Clone)]
pub struct ArticleScorer<'m> {
    models: [&'m Classifier; 2],
    fused: Option<FusedVectorizer>,
    generic: [Scorer<'m>; 2],
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
            fused: FusedVectorizer::new(&[
                (&stance.analyzer, &stance.tfidf),
                (&sentiment.analyzer, &sentiment.tfidf),
            ]),
            stance_cols: Columns::new(stance, &STANCE),
            sentiment_cols: Columns::new(sentiment, &SENTIMENT),
            generic: [stance.scorer(), sentiment.scorer()],
            rows: vec![SparseRow::default(), SparseRow::default()],
            probs: [
                vec![0.0; stance.labels.len()],
                vec![0.0; sentiment.labels.len()],
            ],
        })
    }

    /// The stance and the sentiment model.
    pub fn models(&self) -> [&'m Classifier; 2] {
        self.models
    }

    /// Fills both models' rows and probabilities for `text`.
    fn score_rows(&mut self, text: &str) {
        let [m0, m1] = self.models;
        match self.fused.as_mut() {
            Some(f) => f.transform_all(text, &[&m0.tfidf, &m1.tfidf], &mut self.rows),
            None => {
                for (row, scorer) in self.rows.iter_mut().zip(&mut self.generic) {
                    *row = scorer.vectorize(text);
                }
            }
        }
        m0.linear
            .predict_proba_into(&self.rows[0], &mut self.probs[0]);
        m1.linear
            .predict_proba_into(&self.rows[1], &mut self.probs[1]);
    }

    fn picked(&self) -> (StanceProbs, SentimentProbs) {
        let st = self.stance_cols.pick(&self.probs[0]);
        let se = self.sentiment_cols.pick(&self.probs[1]);
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

    /// Stance and sentiment probabilities of one paragraph.
    pub fn paragraph(&mut self, text: &str) -> (StanceProbs, SentimentProbs) {
        self.score_rows(text);
        self.picked()
    }

    /// Segments and scores an article; with `detail`, keeps the per-paragraph scores.
    pub fn score(&mut self, article: &Article, detail: bool) -> ScoredArticle {
        let mut details = Vec::new();
        let mut scored = self.score_with(article, |v| {
            if detail {
                details.push(ScoredParagraph {
                    n: v.n,
                    kind: v.paragraph.kind.name().into(),
                    line: v.line,
                    text: v.paragraph.text.clone(),
                    quoted: v.paragraph.quoted,
                    weight: v.stance.weight(v.paragraph.quoted),
                    stance: v.stance.verdict(),
                    sentiment: v.sentiment.verdict(),
                });
            }
        });
        scored.paragraph_scores = detail.then_some(details);
        scored
    }

    /// Segments and scores an article, showing each paragraph to `each` as it is scored;
    /// the result has no per-paragraph scores.
    pub fn score_with(
        &mut self,
        article: &Article,
        mut each: impl FnMut(ParagraphView<'_>),
    ) -> ScoredArticle {
        let seg = segment(&article.text);
        let mut stances = Vec::with_capacity(seg.paragraphs.len());
        let mut sentiments = Vec::with_capacity(seg.paragraphs.len());
        for (n, p) in seg.paragraphs.iter().enumerate() {
            self.score_rows(&p.text);
            let (st, se) = self.picked();
            stances.push((st, p.quoted));
            sentiments.push(se);
            each(ParagraphView {
                n,
                paragraph: p,
                line: article.line + p.line - 1,
                rows: &self.rows,
                probs: &self.probs,
                stance: st,
                sentiment: se,
            });
        }
        let meta = ArticleMeta::resolve(article, &seg);
        ScoredArticle {
            id: article.id.clone(),
            source: meta.source,
            title: meta.title,
            date: meta.date,
            author: meta.author,
            url: meta.url,
            stance: aggregate::stance(&stances),
            sentiment: aggregate::sentiment(&sentiments),
            paragraphs: stances.len(),
            paragraph_scores: None,
        }
    }
}

/// Bytes of article text per job when [`score_all`] hands articles to the workers.
const BATCH_BYTES: usize = 64 << 10;

/// Scores `articles` (held in memory) on `threads` workers of the one pool
/// ([`crate::parallel`], as `score` does), each with its own copy of `prototype`;
/// with `detail`, keeps the per-paragraph scores. The results are in input order and the
/// same whatever `threads`.
pub fn score_all(
    prototype: &ArticleScorer<'_>,
    articles: &[Article],
    threads: usize,
    detail: bool,
) -> Vec<ScoredArticle> {
    let mut rest = articles;
    let batches = std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut bytes = 0;
        let n = rest
            .iter()
            .position(|a| {
                bytes += a.text.len();
                bytes >= BATCH_BYTES
            })
            .map_or(rest.len(), |i| i + 1);
        let (batch, tail) = rest.split_at(n);
        rest = tail;
        Some(batch)
    });
    crate::parallel::map_with(
        batches,
        threads,
        || prototype.clone(),
        |scorer, batch: &[Article]| {
            batch
                .iter()
                .map(|a| scorer.score(a, detail))
                .collect::<Vec<_>>()
        },
    )
    .into_iter()
    .flatten()
    .collect()
}

/// A kept paragraph as `segment --format jsonl` prints it: the skeleton of a label record
/// (fields in the order they are printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphRecord {
    /// The article's id.
    pub article: String,
    /// `ARTICLE-NN`, NN its 0-based position.
    pub id: String,
    /// Title, subtitle or body.
    pub kind: &'static str,
    /// 1-based line in the input file.
    pub line: usize,
    /// The article's source, or `unknown`.
    pub source: String,
    /// The paragraph.
    pub text: String,
}

/// A line segmentation dropped, and the rule that dropped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DroppedLine {
    /// 1-based line in the input file.
    pub line: usize,
    /// The rule's name.
    pub rule: &'static str,
    /// The line.
    pub text: String,
}

/// An article as segmentation sees it: its metadata, the paragraphs it keeps and the lines
/// it drops, with their lines in the input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentedArticle {
    /// The article's metadata.
    pub meta: ArticleMeta,
    /// Title, subtitle and body paragraphs, in order.
    pub paragraphs: Vec<ParagraphRecord>,
    /// Lines dropped as boilerplate, in order.
    pub dropped: Vec<DroppedLine>,
    /// What extraction removed before segmentation (a saved page's furniture), in order.
    pub removed: Vec<Removed>,
}

/// Segments `article` as `segment` shows it.
pub fn segment_article(article: &Article) -> SegmentedArticle {
    let seg = segment(&article.text);
    let meta = ArticleMeta::resolve(article, &seg);
    let line = |l: usize| article.line + l - 1;
    let paragraphs = seg
        .paragraphs
        .iter()
        .enumerate()
        .map(|(n, p)| ParagraphRecord {
            article: article.id.clone(),
            id: format!("{}-{n:02}", article.id),
            kind: p.kind.name(),
            line: line(p.line),
            source: meta.source.clone(),
            text: p.text.clone(),
        })
        .collect();
    let dropped = seg
        .dropped
        .iter()
        .map(|d| DroppedLine {
            line: line(d.line),
            rule: d.rule.name(),
            text: d.text.clone(),
        })
        .collect();
    SegmentedArticle {
        meta,
        paragraphs,
        dropped,
        removed: article.removed.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builtin;

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            source: None,
            title: None,
            author: None,
            date: None,
            url: None,
            text: text.into(),
            file: "t.jsonl".into(),
            line: 4,
            removed: Vec::new(),
        }
    }

    #[test]
    fn score_all_keeps_input_order_and_equals_one_by_one_scoring() {
        let (st, se) = (
            builtin::load("stance").unwrap(),
            builtin::load("sentiment").unwrap(),
        );
        let prototype = ArticleScorer::new(&st, &se).unwrap();
        // Long enough that the articles fill several batches.
        let body =
            "Forcibly meddling in regional affairs will provoke bloc confrontation.\n".repeat(300);
        let articles: Vec<Article> = (0..12)
            .map(|i| match i % 3 {
                0 => article(&format!("a{i}"), &body),
                1 => article(
                    &format!("a{i}"),
                    "Partners welcomed closer cooperation with NATO.",
                ),
                _ => article(&format!("a{i}"), "Download"),
            })
            .collect();
        let one_by_one: Vec<ScoredArticle> = articles
            .iter()
            .map(|a| prototype.clone().score(a, true))
            .collect();
        for threads in [1, 2, 3] {
            assert_eq!(score_all(&prototype, &articles, threads, true), one_by_one);
        }
        assert!(score_all(&prototype, &[], 2, false).is_empty());
    }

    #[test]
    fn segment_article_numbers_paragraphs_and_lines_in_the_input() {
        let a = article(
            "x",
            "NATO summit opens\nBy Jane Roe\nLeaders met in Washington on Tuesday to talk.\n",
        );
        let s = segment_article(&a);
        let ids: Vec<&str> = s.paragraphs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["x-00", "x-01"]);
        assert_eq!((s.paragraphs[0].kind, s.paragraphs[0].line), ("title", 4));
        assert_eq!(s.paragraphs[1].line, 6);
        assert_eq!(s.dropped.len(), 1);
        assert_eq!((s.dropped[0].line, s.dropped[0].rule), (5, "byline"));
        assert_eq!(s.meta.source, "unknown");
    }
}
