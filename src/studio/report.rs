//! The studio's report: the pool scored once at start by the stance and sentiment models,
//! summarised per source (`report`'s summary and SVG charts, a trend per source by month),
//! with sortable tables; a source's page lists its articles, an article's page shows
//! `explain`'s paragraph breakdown. Articles are named by their pool id, never a path.

use std::collections::HashMap;

use super::pages::{layout, Nav};
use crate::error::Result;
use crate::explain::explain_article;
use crate::ingest::Article;
use crate::model::Classifier;
use crate::pipeline::{ArticleScorer, ScoredArticle};
use crate::report::charts::{
    by_source_then_month, months, shares_chart, stance_chart, trend_chart,
};
use crate::report::html::escape;
use crate::report::render::cells;
use crate::report::{summarize, Key, ReportParams, SourceReport};

/// The pool scored, summarised by source and by source and month.
pub struct Reports {
    stance: Classifier,
    sentiment: Classifier,
    by_source: SourceReport,
    by_month: SourceReport,
    scored: Vec<ScoredArticle>,
    articles: HashMap<String, Article>,
}

impl Reports {
    /// Scores `articles` with the two models and summarises them (`seed`: the bootstrap's).
    pub fn new(
        stance: Classifier,
        sentiment: Classifier,
        articles: &[Article],
        seed: u64,
    ) -> Result<Reports> {
        let scored: Vec<ScoredArticle> = {
            let mut scorer = ArticleScorer::new(&stance, &sentiment)?;
            articles.iter().map(|a| scorer.score(a, false)).collect()
        };
        let params = |by| ReportParams {
            by,
            seed,
            ..ReportParams::default()
        };
        let by_source = summarize(&scored, &params(vec![Key::Source]))?;
        let by_month = summarize(&scored, &params(vec![Key::Source, Key::Month]))?;
        Ok(Reports {
            stance,
            sentiment,
            by_source,
            by_month,
            scored,
            articles: articles.iter().map(|a| (a.id.clone(), a.clone())).collect(),
        })
    }

    /// The summary page.
    pub fn summary_page(&self) -> Result<String> {
        let r = &self.by_source;
        let mut h = format!(
            "<h1>Report</h1>\n<p class=\"meta\">{}</p>\n",
            escape(&crate::report::render::method(r))
        );
        h.push_str(&format!(
            "<figure id=\"stance-index\"><figcaption>Mean stance index per source, with its {:.0}% \
             interval (open dot: a single article), and its share of NONE articles</figcaption>\n{}\n</figure>\n",
            r.level * 100.0,
            stance_chart(r)?
        ));
        h.push_str(&format!(
            "<figure id=\"label-shares\"><figcaption>Share of articles labelled FAVOR, AGAINST and \
             NONE</figcaption>\n{}\n</figure>\n",
            shares_chart(r)?
        ));
        let header = [
            "source",
            "articles",
            "paragraphs",
            "index",
            "interval",
            "FAVOR",
            "AGAINST",
            "NONE",
            "sentiment",
            "interval",
        ];
        h.push_str("<h2>Sources</h2>\n<div class=\"table-wrap\"><table class=\"sortable\" id=\"sources\">\n<thead><tr>");
        for c in header {
            h.push_str(&format!("<th>{c}</th>"));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for g in &r.groups {
            let c = cells(g);
            h.push_str(&format!(
                "<tr><td class=\"name\"><a href=\"/report/source?name={}\">{}</a></td>",
                query(&g.source),
                escape(&g.source)
            ));
            let nums = [
                g.articles as f64,
                g.paragraphs as f64,
                g.stance_index,
                g.stance_index,
                g.shares.favor,
                g.shares.against,
                g.shares.none,
                g.sentiment,
                g.sentiment,
            ];
            for (i, v) in nums.iter().enumerate() {
                h.push_str(&format!(
                    "<td class=\"num\" data-sort=\"{v}\">{}</td>",
                    escape(&c[i + 1])
                ));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n");
        let order = months(&self.by_month);
        h.push_str(&format!(
            "<h2 id=\"trends\">Mean stance index by month, with its {:.0}% interval; grey bars: the \
             month's NONE share</h2>\n<div class=\"trends\">\n",
            self.by_month.level * 100.0
        ));
        for (source, groups) in by_source_then_month(&self.by_month) {
            let n: usize = groups.iter().map(|g| g.articles).sum();
            h.push_str(&format!(
                "<figure class=\"trend\"><figcaption><a href=\"/report/source?name={}\">{}</a> \
                 (n={n})</figcaption>\n{}\n</figure>\n",
                query(&source),
                escape(&source),
                trend_chart(&groups, &order)?
            ));
        }
        h.push_str("</div>\n");
        Ok(layout("Report", Nav::Report, &h, &["report.js"]))
    }

    /// One source's articles; `None` for a source not in the pool.
    pub fn source_page(&self, name: &str) -> Option<String> {
        let mine: Vec<&ScoredArticle> = self.scored.iter().filter(|a| a.source == name).collect();
        if mine.is_empty() {
            return None;
        }
        let mut h = format!(
            "<p><a href=\"/report\">← all sources</a></p>\n<h1>{}</h1>\n<p class=\"meta\">{} article(s)</p>\n",
            escape(name),
            mine.len()
        );
        h.push_str("<div class=\"table-wrap\"><table class=\"sortable\" id=\"articles\">\n<thead><tr><th>article</th><th>title</th><th>date</th><th>stance</th><th>index</th><th>sentiment</th><th>paragraphs</th></tr></thead>\n<tbody>\n");
        for a in mine {
            let (label, index) = a.stance.as_ref().map_or(("—".to_string(), f64::NAN), |s| {
                (s.label.clone(), s.index)
            });
            let sent = a
                .sentiment
                .as_ref()
                .map_or(f64::NAN, |s| s.probs.positive - s.probs.negative);
            h.push_str(&format!(
                "<tr><td><a href=\"/report/article?id={}\">{}</a></td><td class=\"name\">{}</td>\
                 <td>{}</td><td>{}</td><td class=\"num\" data-sort=\"{index}\">{index:+.2}</td>\
                 <td class=\"num\" data-sort=\"{sent}\">{sent:+.2}</td><td class=\"num\">{}</td></tr>\n",
                query(&a.id),
                escape(&a.id),
                escape(a.title.as_deref().unwrap_or("")),
                escape(a.date.as_deref().unwrap_or("")),
                escape(&label),
                a.paragraphs
            ));
        }
        h.push_str("</tbody></table></div>\n");
        Some(layout(name, Nav::Report, &h, &["report.js"]))
    }

    /// One article's paragraph breakdown (`explain`'s view); `None` for an unknown id.
    pub fn article_page(&self, id: &str) -> Option<Result<String>> {
        let article = self.articles.get(id)?;
        Some(self.explained(article))
    }

    fn explained(&self, article: &Article) -> Result<String> {
        let mut scorer = ArticleScorer::new(&self.stance, &self.sentiment)?;
        let e = explain_article(&mut scorer, "stance", article, usize::MAX, 6)?;
        let mut h = format!(
            "<p><a href=\"/report/source?name={}\">← {}</a></p>\n<h1>{}</h1>\n\
             <p class=\"meta\">{} · stance index {:+.2} ({} − {}) · the paragraphs by their part in it</p>\n",
            query(&e.source),
            escape(&e.source),
            escape(e.title.as_deref().unwrap_or(&e.id)),
            escape(&e.id),
            e.index,
            e.poles.0,
            e.poles.1
        );
        h.push_str("<div class=\"table-wrap\"><table class=\"sortable\" id=\"paragraphs\">\n<thead><tr><th>#</th><th>label</th><th>index</th><th>weight</th><th>share of the index</th><th>paragraph</th><th>strongest features</th></tr></thead>\n<tbody>\n");
        for p in &e.paragraphs {
            let terms: Vec<String> = p
                .terms
                .iter()
                .map(|t| format!("{} {:+.3}", escape(&t.feature), t.contribution))
                .collect();
            h.push_str(&format!(
                "<tr><td class=\"num\" data-sort=\"{}\">{}</td><td>{}</td>\
                 <td class=\"num\" data-sort=\"{}\">{:+.2}</td><td class=\"num\" data-sort=\"{}\">{:.2}</td>\
                 <td class=\"num\" data-sort=\"{}\">{:+.3}</td><td class=\"text\">{}</td><td class=\"terms\">{}</td></tr>\n",
                p.n,
                p.n,
                escape(&p.label),
                p.index,
                p.index,
                p.weight,
                p.weight,
                p.contribution,
                p.contribution,
                escape(&p.text),
                terms.join("<br>")
            ));
        }
        h.push_str("</tbody></table></div>\n");
        Ok(layout(&e.id, Nav::Report, &h, &["report.js"]))
    }

    /// The by-source summary (for the JSON view).
    pub fn by_source(&self) -> &SourceReport {
        &self.by_source
    }
}

/// `s` percent-encoded for a query value.
pub fn query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
