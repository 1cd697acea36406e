//! The report as one self-contained HTML page: inline CSS, the inline SVG charts of
//! `charts.rs` — by source: the stance index with its interval and NONE share, and the label
//! shares; by source and month: one trend chart per source — and the table, whose ids and
//! intervals never wrap (the table scrolls sideways in a narrow window instead).

use super::charts::{by_source_then_month, months, shares_chart, stance_chart, trend_chart};
use super::render::{cells, method};
use super::{Group, SourceReport};
use crate::error::Result;

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;\
max-width:1100px;color:#212121;padding:0 1rem;line-height:1.4}h1{font-size:1.5rem;margin-bottom:.2rem}\
h2{font-size:1.15rem;margin:2rem 0 .5rem}p.meta{color:#555;margin-top:0}figure{margin:1.5rem 0}\
figcaption{font-weight:600;margin-bottom:.4rem}svg{display:block;width:100%;height:auto;max-width:960px}\
.trends{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,460px),1fr));gap:1rem 1.5rem}\
.trends figure{margin:0}.trends svg{max-width:640px}.trends figcaption{overflow-wrap:anywhere}\
.table-wrap{overflow-x:auto}table{border-collapse:collapse;font-size:.9rem}\
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#f5f5f5;white-space:nowrap}td{white-space:nowrap}td.name{white-space:normal;min-width:10rem}\
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.first td{border-top:2px solid #bbb}";

const COLUMNS: [&str; 12] = [
    "source",
    "articles",
    "paragraphs",
    "stance index",
    "interval",
    "FAVOR",
    "AGAINST",
    "NONE",
    "sentiment",
    "interval",
    "most favourable",
    "most critical",
];

/// One table row; the article cells carry the article's title as a tooltip.
fn row(h: &mut String, g: &Group, first_of_source: bool) {
    h.push_str(if first_of_source {
        "<tr class=\"first\">"
    } else {
        "<tr>"
    });
    for (i, c) in cells(g).iter().enumerate() {
        let title = match i {
            10 => g.most_favourable.title.as_deref(),
            11 => g.most_critical.title.as_deref(),
            _ => None,
        };
        let class = match i {
            0 => " class=\"name\"",
            1..=3 | 5..=8 => " class=\"num\"",
            _ => "",
        };
        let title = title
            .map(|t| format!(" title=\"{}\"", escape(t)))
            .unwrap_or_default();
        h.push_str(&format!("<td{class}{title}>{}</td>", escape(c)));
    }
    h.push_str("</tr>\n");
}

/// The whole page.
pub fn page(r: &SourceReport, title: &str) -> Result<String> {
    let by_month = r.groups.iter().any(|g| g.month.is_some());
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    ));
    h.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"meta\">{}</p>\n",
        escape(title),
        escape(&method(r))
    ));
    let sources = by_source_then_month(r);
    if by_month {
        let order = months(r);
        h.push_str(&format!(
            "<h2 id=\"trends\">Mean stance index by month, with its {:.0}% interval \
             (open dot: a single article); grey bars: the month's NONE share (right axis)</h2>\n\
             <div class=\"trends\">\n",
            r.level * 100.0
        ));
        for (source, groups) in &sources {
            let n: usize = groups.iter().map(|g| g.articles).sum();
            h.push_str(&format!(
                "<figure class=\"trend\">\n<figcaption>{} (n={n})</figcaption>\n{}\n</figure>\n",
                escape(source),
                trend_chart(groups, &order)?
            ));
        }
        h.push_str("</div>\n");
    } else {
        h.push_str(&format!(
            "<figure id=\"stance-index\">\n<figcaption>Mean stance index per source, with its {:.0}% \
             interval (open dot: a single article, no interval), and its share of NONE articles\
             </figcaption>\n{}\n</figure>\n",
            r.level * 100.0,
            stance_chart(r)?
        ));
        h.push_str(&format!(
            "<figure id=\"label-shares\">\n<figcaption>Share of articles labelled FAVOR, AGAINST \
             and NONE</figcaption>\n{}\n</figure>\n",
            shares_chart(r)?
        ));
    }
    h.push_str("<div class=\"table-wrap\">\n<table id=\"sources\">\n<thead><tr>");
    for c in COLUMNS {
        h.push_str(&format!("<th>{c}</th>"));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    if by_month {
        for (_, groups) in &sources {
            for (i, g) in groups.iter().enumerate() {
                row(&mut h, g, i == 0);
            }
        }
    } else {
        for g in &r.groups {
            row(&mut h, g, false);
        }
    }
    h.push_str("</tbody>\n</table>\n</div>\n</body>\n</html>\n");
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{article, sample};
    use super::super::{summarize, Key, ReportParams};
    use super::*;

    /// The `(x, anchor, text)` of every `<text>` element plotters wrote.
    fn texts(svg: &str) -> Vec<(f64, String, String)> {
        let attr = |tag: &str, name: &str| {
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(tag[at..at + tag[at..].find('"')?].to_string())
        };
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let (tag, rest) = t.split_once('>').unwrap();
                let body = rest.split("</text>").next().unwrap().trim();
                let body = body.rsplit("</title>").next().unwrap().to_string();
                let tag = format!(" {tag}");
                let x = attr(&tag, "x").unwrap().parse().unwrap();
                (x, attr(&tag, "text-anchor").unwrap_or_default(), body)
            })
            .collect()
    }

    fn svgs(page: &str) -> Vec<&str> {
        page.split("<svg").skip(1).collect()
    }

    #[test]
    fn page_is_self_contained_with_two_charts_and_the_table() {
        let r = summarize(&sample(), &ReportParams::default()).unwrap();
        let h = page(&r, "Stance <by> source").unwrap();
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains("<title>Stance &lt;by&gt; source</title>"));
        assert_eq!(h.matches("<svg").count(), 2);
        assert_eq!(h.matches("<tr>").count(), 1 + r.groups.len());
        for name in ["Daily A", "Weekly B", "Lone C"] {
            assert!(
                h.contains(&format!("<td class=\"name\">{name}</td>")),
                "{name}"
            );
        }
        // Nothing is fetched: no scripts, stylesheets, images or fonts from elsewhere.
        for bad in ["<script", "<link", "<img", "url(", "@import", "https://"] {
            assert!(!h.contains(bad), "{bad}");
        }
        // Three whiskers per multi-article source (bar and two caps).
        let stance = stance_chart(&r).unwrap();
        assert_eq!(stance.matches("<circle").count(), 3);
        assert!(stance.contains("Lone C (n=1)"));
        // Ids and intervals do not wrap; the table scrolls inside its container instead.
        assert!(STYLE.contains("td{white-space:nowrap}"));
        assert!(STYLE.contains(".table-wrap{overflow-x:auto}"));
        assert!(h.contains("<div class=\"table-wrap\">\n<table"));
        assert!(h.contains("<td title=\"Title a3\">a3 (-0.45)</td>"));
    }

    #[test]
    fn charts_scale_with_the_page_and_their_text_is_readable() {
        let r = summarize(&sample(), &ReportParams::default()).unwrap();
        let h = page(&r, "t").unwrap();
        for svg in svgs(&h) {
            let tag = &svg[..svg.find('>').unwrap()];
            assert!(tag.contains(" viewBox=\"0 0 "), "{tag}");
            assert!(
                !tag.contains(" width=") && !tag.contains(" height="),
                "{tag}"
            );
            // Shown at most 960 px wide, from an 880-unit box: 15-unit text stays ≥ 15 px at
            // 1280 px and ≥ 13 px in an 800 px window (768 px of content).
            let view = &tag[tag.find(" viewBox=\"").unwrap() + 10..];
            let width: f64 = view.split([' ', '"']).nth(2).unwrap().parse().unwrap();
            assert!(width <= 900.0, "{width}");
            for size in svg.split("font-size=\"").skip(1) {
                let px: f64 = size[..size.find('"').unwrap()].parse().unwrap();
                assert!(px * 768.0 / width >= 12.5, "{px} in {width}");
            }
        }
        assert!(STYLE.contains("svg{display:block;width:100%;height:auto;max-width:960px}"));
    }

    #[test]
    fn long_source_names_are_never_cut() {
        let long =
            "The Straits and Indo-Pacific Regional Affairs Weekly Review (Singapore edition)";
        let fits = "Regional Affairs Weekly Review";
        let v = vec![
            article("l1", long, None, 0.7, 0.1),
            article("l2", long, None, 0.6, 0.2),
            article("f1", fits, None, 0.2, 0.7),
            article("s1", "AP", None, 0.2, 0.2),
        ];
        let r = summarize(&v, &ReportParams::default()).unwrap();
        for svg in [stance_chart(&r).unwrap(), shares_chart(&r).unwrap()] {
            // The long name whole, as the tooltip of its shortened label.
            assert!(svg.contains(&format!("<title>{long}")), "{svg}");
            let labels: Vec<_> = texts(&svg)
                .into_iter()
                .filter(|(_, anchor, _)| anchor == "end")
                .collect();
            let shown: Vec<&str> = labels.iter().map(|(_, _, t)| t.as_str()).collect();
            assert!(shown.iter().any(|t| t.starts_with(fits)), "{shown:?}");
            assert!(shown
                .iter()
                .any(|t| t.starts_with("The Straits and") && t.contains('…')));
            // Right-aligned at x, each label starts inside the chart with room to spare.
            for (x, _, t) in &labels {
                let needed = t.chars().count() as f64 * 15.0 * 0.5;
                assert!(*x >= needed, "{t} ends at {x}");
            }
        }
    }

    #[test]
    fn the_index_chart_shows_each_sources_none_share() {
        let v = vec![
            article("a1", "Daily A", None, 0.7, 0.1),
            article("a2", "Daily A", None, 0.1, 0.7),
            article("a3", "Daily A", None, 0.1, 0.1),
            article("b1", "Weekly B", None, 0.7, 0.1),
        ];
        let r = summarize(&v, &ReportParams::default()).unwrap();
        let svg = stance_chart(&r).unwrap();
        let shown: Vec<String> = texts(&svg).into_iter().map(|(_, _, t)| t).collect();
        assert!(shown.iter().any(|t| t == "NONE share"), "{shown:?}");
        assert!(shown.iter().any(|t| t == "33%"), "{shown:?}");
        // One grey bar per source.
        assert_eq!(svg.matches("fill=\"#9E9E9E\"").count(), 2, "{svg}");
    }

    #[test]
    fn by_source_and_month_draws_a_trend_per_source_in_month_order() {
        let v = vec![
            article("a1", "Daily A", Some("2025-01-03"), 0.7, 0.1),
            article("a2", "Daily A", Some("2024-11-20"), 0.1, 0.7),
            article("a3", "Daily A", Some("2024-11-02"), 0.2, 0.6),
            article("a4", "Daily A", None, 0.2, 0.6),
            article("b1", "Weekly B", Some("2024-12-10"), 0.7, 0.1),
            article("b2", "Weekly B", Some("2024-10-10"), 0.1, 0.7),
            article("c1", "abc", Some("2024-10-10"), 0.1, 0.7),
        ];
        let p = ReportParams {
            by: vec![Key::Source, Key::Month],
            ..ReportParams::default()
        };
        let r = summarize(&v, &p).unwrap();
        let h = page(&r, "t").unwrap();
        assert_eq!(h.matches("<figure class=\"trend\">").count(), 3);
        let order = ["2024-10", "2024-11", "2024-12", "2025-01", "unknown"];
        for svg in svgs(&h) {
            let ticks: Vec<(f64, String)> = texts(svg)
                .into_iter()
                .filter(|(_, _, t)| order.contains(&t.as_str()))
                .map(|(x, _, t)| (x, t))
                .collect();
            let months: Vec<&str> = ticks.iter().map(|(_, t)| t.as_str()).collect();
            assert_eq!(
                months, order,
                "every month from the first to the last, in order"
            );
            assert!(ticks.windows(2).all(|w| w[0].0 < w[1].0), "{ticks:?}");
            assert!(svg.contains("NONE share"));
        }
        // Table rows: source by source (ignoring case), months in order, undated last.
        let rows: Vec<&str> = h
            .split("<td class=\"name\">")
            .skip(1)
            .map(|c| &c[..c.find("</td>").unwrap()])
            .collect();
        assert_eq!(
            rows,
            [
                "abc (2024-10)",
                "Daily A (2024-11)",
                "Daily A (2025-01)",
                "Daily A (unknown)",
                "Weekly B (2024-10)",
                "Weekly B (2024-12)",
            ]
        );
    }

    #[test]
    fn shares_chart_has_three_segments_per_source_and_a_legend() {
        let r = summarize(&sample(), &ReportParams::default()).unwrap();
        let svg = shares_chart(&r).unwrap();
        for l in ["FAVOR", "AGAINST", "NONE"] {
            assert!(svg.contains(&format!("\n{l}\n</text>")), "{l}");
        }
        assert!(svg.matches("<rect").count() >= 3 * r.groups.len());
    }
}
