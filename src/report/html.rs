//! The report as one self-contained HTML page: inline CSS, two inline SVG charts drawn with
//! plotters' SVG backend (no fonts or network needed) — a dot-and-whisker chart of each
//! source's mean stance index with its interval, and a stacked bar of label shares — and the
//! table.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::render::{cells, method};
use super::SourceReport;
use crate::error::{Error, Result};

const FAVOR: RGBColor = RGBColor(46, 125, 50);
const AGAINST: RGBColor = RGBColor(198, 40, 40);
const NONE: RGBColor = RGBColor(158, 158, 158);
const INK: RGBColor = RGBColor(33, 33, 33);

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

fn plot_err(e: impl std::fmt::Display) -> Error {
    Error::params(format!("drawing the chart failed: {e}"))
}

fn height(n: usize) -> u32 {
    70 + 34 * n.max(1) as u32
}

/// Row positions: the first group at the top.
fn y_of(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// The y-axis label for a row position.
fn label_at(names: &[String], y: f64) -> String {
    let n = names.len();
    let r = y.round();
    if (y - r).abs() > 1e-6 || r < 0.0 || r as usize >= n {
        return String::new();
    }
    names[n - 1 - r as usize].clone()
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    x: std::ops::Range<f64>,
    names: &'a [String],
    x_desc: &str,
) -> Result<Chart<'a, 'b>> {
    let n = names.len();
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(200)
        .build_cartesian_2d(x, -0.6..(n as f64 - 0.4))
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .y_labels(n.max(1) * 2 + 1)
        .y_label_formatter(&|y| label_at(names, *y))
        .disable_y_mesh()
        .x_max_light_lines(1)
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(230, 230, 230))
        .x_desc(x_desc)
        .label_style(("sans-serif", 13).into_font().color(&INK))
        .draw()
        .map_err(plot_err)?;
    Ok(chart)
}

/// The dot-and-whisker chart of mean stance index ± interval per group, as SVG.
pub fn stance_chart(r: &SourceReport) -> Result<String> {
    let names: Vec<String> = r
        .groups
        .iter()
        .map(|g| format!("{} (n={})", g.name(), g.articles))
        .collect();
    let n = names.len();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, height(n))).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = frame(
            &root,
            -1.0..1.0,
            &names,
            "stance index: P(FAVOR) − P(AGAINST)",
        )?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.6), (0.0, n as f64 - 0.4)],
                NONE.stroke_width(1),
            )))
            .map_err(plot_err)?;
        for (i, g) in r.groups.iter().enumerate() {
            let y = y_of(i, n);
            let colour = if g.stance_index > 0.0 { FAVOR } else { AGAINST };
            if let Some(ci) = g.stance_index_ci {
                chart
                    .draw_series([
                        PathElement::new(vec![(ci.low, y), (ci.high, y)], colour.stroke_width(2)),
                        PathElement::new(
                            vec![(ci.low, y - 0.15), (ci.low, y + 0.15)],
                            colour.stroke_width(2),
                        ),
                        PathElement::new(
                            vec![(ci.high, y - 0.15), (ci.high, y + 0.15)],
                            colour.stroke_width(2),
                        ),
                    ])
                    .map_err(plot_err)?;
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (g.stance_index, y),
                        6,
                        colour.filled(),
                    )))
                    .map_err(plot_err)?;
            } else {
                // One article: no interval, an open dot.
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (g.stance_index, y),
                        6,
                        colour.stroke_width(2),
                    )))
                    .map_err(plot_err)?;
            }
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// The stacked bar of FAVOR / AGAINST / NONE shares per group, as SVG.
pub fn shares_chart(r: &SourceReport) -> Result<String> {
    let names: Vec<String> = r.groups.iter().map(|g| g.name()).collect();
    let n = names.len();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, height(n) + 30)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (legend, plot) = root.split_vertically(30);
        for (i, (label, colour)) in [("FAVOR", FAVOR), ("AGAINST", AGAINST), ("NONE", NONE)]
            .into_iter()
            .enumerate()
        {
            let x = 224 + 110 * i as i32;
            legend
                .draw(&Rectangle::new([(x, 10), (x + 14, 22)], colour.filled()))
                .map_err(plot_err)?;
            legend
                .draw(&Text::new(
                    label,
                    (x + 20, 10),
                    ("sans-serif", 13).into_font().color(&INK),
                ))
                .map_err(plot_err)?;
        }
        let mut chart = frame(&plot, 0.0..1.0, &names, "share of articles")?;
        for (colour, pick) in [(FAVOR, 0usize), (AGAINST, 1), (NONE, 2)] {
            let bars: Vec<Rectangle<(f64, f64)>> = r
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let s = [g.shares.favor, g.shares.against, g.shares.none];
                    let start: f64 = s[..pick].iter().sum();
                    let y = y_of(i, n);
                    Rectangle::new(
                        [(start, y - 0.32), (start + s[pick], y + 0.32)],
                        colour.filled(),
                    )
                })
                .collect();
            chart.draw_series(bars).map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;\
max-width:1100px;color:#212121;padding:0 1rem}h1{font-size:1.5rem;margin-bottom:.2rem}\
p.meta{color:#555;margin-top:0}figure{margin:1.5rem 0}figcaption{font-weight:600;margin-bottom:.4rem}\
table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{border-bottom:1px solid #ddd;\
padding:.35rem .5rem;text-align:left;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}\
th{background:#f5f5f5}svg{max-width:100%;height:auto}";

/// The whole page.
pub fn page(r: &SourceReport, title: &str) -> Result<String> {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    ));
    h.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"meta\">{}</p>\n",
        escape(title),
        escape(&method(r))
    ));
    h.push_str(&format!(
        "<figure id=\"stance-index\">\n<figcaption>Mean stance index per source, with its {:.0}% interval \
         (open dot: a single article, no interval)</figcaption>\n{}\n</figure>\n",
        r.level * 100.0,
        stance_chart(r)?
    ));
    h.push_str(&format!(
        "<figure id=\"label-shares\">\n<figcaption>Share of articles labelled FAVOR, AGAINST and NONE\
         </figcaption>\n{}\n</figure>\n",
        shares_chart(r)?
    ));
    h.push_str("<table id=\"sources\">\n<thead><tr>");
    for c in [
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
    ] {
        h.push_str(&format!("<th>{c}</th>"));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for g in &r.groups {
        h.push_str("<tr>");
        for (i, c) in cells(g).iter().enumerate() {
            let class = if matches!(i, 1..=3 | 5..=8) {
                " class=\"num\""
            } else {
                ""
            };
            h.push_str(&format!("<td{class}>{}</td>", escape(c)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::super::{summarize, ReportParams};
    use super::*;

    #[test]
    fn page_is_self_contained_with_two_charts_and_the_table() {
        let r = summarize(&sample(), &ReportParams::default()).unwrap();
        let h = page(&r, "Stance <by> source").unwrap();
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains("<title>Stance &lt;by&gt; source</title>"));
        assert_eq!(h.matches("<svg").count(), 2);
        assert_eq!(h.matches("<tr>").count(), 1 + r.groups.len());
        for name in ["Daily A", "Weekly B", "Lone C"] {
            assert!(h.contains(&format!("<td>{name}</td>")), "{name}");
        }
        // Nothing is fetched: no scripts, stylesheets, images or fonts from elsewhere.
        for bad in ["<script", "<link", "<img", "url(", "@import", "https://"] {
            assert!(!h.contains(bad), "{bad}");
        }
        // Three whiskers per multi-article source (bar and two caps).
        let stance = stance_chart(&r).unwrap();
        assert_eq!(stance.matches("<circle").count(), 3);
        assert!(stance.contains("Lone C (n=1)"));
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
