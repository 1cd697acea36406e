//! The report's charts as responsive inline SVG, drawn with plotters' SVG backend (no fonts or
//! network needed): a dot-and-whisker chart of each source's mean stance index with its
//! interval and its NONE share beside it, a stacked bar of label shares, and for
//! `--by source,month` one trend chart per source (months in order, intervals, NONE share).
//!
//! Each SVG keeps only its `viewBox`, so it scales to its container's width; the left label
//! area is sized from the longest label, and a label too long for it is shortened in the
//! middle with its full text as a `<title>` tooltip.

use std::collections::BTreeSet;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Group, SourceReport};
use crate::error::{Error, Result};

const FAVOR: RGBColor = RGBColor(46, 125, 50);
const AGAINST: RGBColor = RGBColor(198, 40, 40);
const NONE: RGBColor = RGBColor(158, 158, 158);
const INK: RGBColor = RGBColor(33, 33, 33);
const GRID: RGBColor = RGBColor(230, 230, 230);

/// Width of the row charts' coordinate system; the page shows them at most 960 px wide, so
/// their 15-unit text is 12–16 px from an 800 px to a 1280 px window.
const WIDE: u32 = 880;
/// Width of one trend chart (two side by side from about 1000 px, one below that).
const TREND_W: u32 = 560;
const TREND_H: u32 = 300;
/// Text size in the SVG's own units.
const TEXT: f64 = 15.0;
/// Names longer than this many characters are shortened in the middle.
const MAX_NAME: usize = 30;
/// Width of the NONE-share column beside the index chart.
const NONE_COL: u32 = 150;

fn plot_err(e: impl std::fmt::Display) -> Error {
    Error::params(format!("drawing the chart failed: {e}"))
}

/// A font of `px` SVG units (plotters writes sizes divided by 1.24).
fn font(px: f64) -> TextStyle<'static> {
    ("sans-serif", px * 1.24).into_font().color(&INK)
}

/// Estimated width of a text in SVG units: a generous average glyph width of sans-serif
/// (DejaVu Sans averages about 0.5 em over names, Liberation Sans and Arial less).
fn text_width(s: &str, px: f64) -> u32 {
    (s.chars().count() as f64 * px * 0.54).ceil() as u32
}

/// `name` shortened in the middle to `MAX_NAME` characters, or `None` when it fits.
fn shorten(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= MAX_NAME {
        return None;
    }
    let tail = 10;
    let head = MAX_NAME - tail - 1;
    let h: String = chars[..head].iter().collect();
    let t: String = chars[chars.len() - tail..].iter().collect();
    Some(format!("{}…{}", h.trim_end(), t.trim_start()))
}

/// Text escaped as plotters escapes it, to find the label it wrote.
fn svg_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A row label: the drawn text and, when shortened, the full text.
struct Label {
    shown: String,
    full: Option<String>,
}

fn row_label(g: &Group, with_n: bool) -> Label {
    let name = g.name();
    let n = if with_n {
        format!(" (n={})", g.articles)
    } else {
        String::new()
    };
    match shorten(&name) {
        Some(short) => Label {
            shown: format!("{short}{n}"),
            full: Some(format!("{name}{n}")),
        },
        None => Label {
            shown: format!("{name}{n}"),
            full: None,
        },
    }
}

/// Drops the fixed size so the chart scales with the page, and adds the full text of
/// shortened labels as tooltips.
fn finish(svg: String, labels: &[Label], what: &str) -> String {
    let mut svg = match (svg.find("<svg "), svg.find(" viewBox=")) {
        (Some(start), Some(vb)) if start < vb => format!(
            "{}<svg role=\"img\" aria-label=\"{}\"{}",
            &svg[..start],
            svg_escape(what),
            &svg[vb..]
        ),
        _ => svg,
    };
    for l in labels {
        if let Some(full) = &l.full {
            let shown = format!("\n{}\n</text>", svg_escape(&l.shown));
            let titled = format!(
                "\n<title>{}</title>{}\n</text>",
                svg_escape(full),
                svg_escape(&l.shown)
            );
            svg = svg.replace(&shown, &titled);
        }
    }
    svg
}

fn height(n: usize) -> u32 {
    80 + 36 * n.max(1) as u32
}

/// Row positions: the first group at the top.
fn y_of(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// The label of the integer position `v` in `0..labels.len()`, or nothing between them.
fn label_at(labels: &[String], v: f64) -> String {
    let r = v.round();
    if (v - r).abs() > 1e-6 || r < 0.0 || r as usize >= labels.len() {
        return String::new();
    }
    labels[r as usize].clone()
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;

/// A chart with one row per name (top to bottom) over `x`.
fn rows_frame<'a, 'b>(
    area: &'a Area<'b>,
    x: std::ops::Range<f64>,
    names: &'a [String],
    label_w: u32,
    x_desc: &str,
    x_fmt: &'a dyn Fn(&f64) -> String,
) -> Result<Chart<'a, 'b>> {
    let n = names.len();
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(label_w)
        .build_cartesian_2d(x, -0.6..(n as f64 - 0.4))
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .y_labels(n.max(1) * 2 + 1)
        .x_labels(5)
        .y_label_formatter(&|y| label_at(names, (n as f64 - 1.0) - *y))
        .x_label_formatter(x_fmt)
        .disable_y_mesh()
        .x_max_light_lines(1)
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_desc(x_desc)
        .label_style(font(TEXT))
        .axis_desc_style(font(TEXT))
        .draw()
        .map_err(plot_err)?;
    Ok(chart)
}

/// The label area for these labels: the longest one plus the tick gap.
fn label_width(labels: &[Label]) -> u32 {
    labels
        .iter()
        .map(|l| text_width(&l.shown, TEXT))
        .max()
        .unwrap_or(0)
        + 24
}

/// Draws an index with its interval at `(x, y)`, or an open dot without one.
fn whisker(
    chart: &mut Chart<'_, '_>,
    index: f64,
    ci: Option<super::bootstrap::Interval>,
    pos: f64,
    cap: f64,
    horizontal: bool,
) -> Result<()> {
    let colour = if index > 0.0 { FAVOR } else { AGAINST };
    let at = |v: f64, p: f64| if horizontal { (v, p) } else { (p, v) };
    match ci {
        Some(ci) => {
            chart
                .draw_series([
                    PathElement::new(
                        vec![at(ci.low, pos), at(ci.high, pos)],
                        colour.stroke_width(2),
                    ),
                    PathElement::new(
                        vec![at(ci.low, pos - cap), at(ci.low, pos + cap)],
                        colour.stroke_width(2),
                    ),
                    PathElement::new(
                        vec![at(ci.high, pos - cap), at(ci.high, pos + cap)],
                        colour.stroke_width(2),
                    ),
                ])
                .map_err(plot_err)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    at(index, pos),
                    6,
                    colour.filled(),
                )))
                .map_err(plot_err)?;
        }
        // One article: no interval, an open dot.
        None => {
            chart
                .draw_series(std::iter::once(Circle::new(
                    at(index, pos),
                    6,
                    colour.stroke_width(2),
                )))
                .map_err(plot_err)?;
        }
    }
    Ok(())
}

fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// The dot-and-whisker chart of mean stance index ± interval per group, with each group's
/// NONE share as a grey bar and a percentage beside it.
pub fn stance_chart(r: &SourceReport) -> Result<String> {
    let labels: Vec<Label> = r.groups.iter().map(|g| row_label(g, true)).collect();
    let names: Vec<String> = labels.iter().map(|l| l.shown.clone()).collect();
    let n = names.len();
    let label_w = label_width(&labels);
    let width = WIDE.max(label_w + NONE_COL + 360);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height(n))).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (left, right) = root.split_horizontally(width - NONE_COL);
        let signed = |v: &f64| format!("{v:+.1}");
        let mut chart = rows_frame(
            &left,
            -1.0..1.0,
            &names,
            label_w,
            "stance index: P(FAVOR) − P(AGAINST)",
            &signed,
        )?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.6), (0.0, n as f64 - 0.4)],
                NONE.stroke_width(1),
            )))
            .map_err(plot_err)?;
        for (i, g) in r.groups.iter().enumerate() {
            whisker(
                &mut chart,
                g.stance_index,
                g.stance_index_ci,
                y_of(i, n),
                0.15,
                true,
            )?;
        }
        let mut none = ChartBuilder::on(&right)
            .margin(12)
            .margin_left(24)
            .margin_right(30)
            .x_label_area_size(48)
            .build_cartesian_2d(0.0..1.0, -0.6..(n as f64 - 0.4))
            .map_err(plot_err)?;
        none.configure_mesh()
            .disable_mesh()
            .disable_y_axis()
            .x_labels(3)
            .x_label_formatter(&|v| percent(*v))
            .x_desc("NONE share")
            .label_style(font(TEXT))
            .axis_desc_style(font(TEXT))
            .draw()
            .map_err(plot_err)?;
        let inside = font(TEXT).pos(Pos::new(HPos::Left, VPos::Center));
        for (i, g) in r.groups.iter().enumerate() {
            let y = y_of(i, n);
            let s = g.shares.none;
            none.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.3), (s, y + 0.3)],
                NONE.filled(),
            )))
            .map_err(plot_err)?;
            // The percentage right of a short bar, inside a long one.
            let (at, style) = if s > 0.6 {
                (0.04, inside.clone().color(&WHITE))
            } else {
                (s + 0.04, inside.clone())
            };
            none.draw_series(std::iter::once(Text::new(percent(s), (at, y), style)))
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(finish(
        svg,
        &labels,
        "mean stance index per source, with its NONE share",
    ))
}

/// The stacked bar of FAVOR / AGAINST / NONE shares per group.
pub fn shares_chart(r: &SourceReport) -> Result<String> {
    let labels: Vec<Label> = r.groups.iter().map(|g| row_label(g, false)).collect();
    let names: Vec<String> = labels.iter().map(|l| l.shown.clone()).collect();
    let n = names.len();
    let label_w = label_width(&labels);
    let width = WIDE.max(label_w + 400);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height(n) + 34)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (legend, plot) = root.split_vertically(34);
        for (i, (label, colour)) in [("FAVOR", FAVOR), ("AGAINST", AGAINST), ("NONE", NONE)]
            .into_iter()
            .enumerate()
        {
            let x = 12 + label_w as i32 + 130 * i as i32;
            legend
                .draw(&Rectangle::new([(x, 12), (x + 16, 28)], colour.filled()))
                .map_err(plot_err)?;
            legend
                .draw(&Text::new(
                    label,
                    (x + 22, 20),
                    font(TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(plot_err)?;
        }
        let pct = |v: &f64| percent(*v);
        let mut chart = rows_frame(&plot, 0.0..1.0, &names, label_w, "share of articles", &pct)?;
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
    Ok(finish(
        svg,
        &labels,
        "share of articles by stance label per source",
    ))
}

/// The months of a `--by source,month` report in chronological order, every month from the
/// first to the last (so gaps show), with `unknown` last when some articles had no date.
pub fn months(r: &SourceReport) -> Vec<String> {
    let known: BTreeSet<(i32, u32)> = r
        .groups
        .iter()
        .filter_map(|g| g.month.as_deref().and_then(parse_month))
        .collect();
    let mut out = Vec::new();
    if let (Some(&first), Some(&last)) = (known.first(), known.last()) {
        let (mut y, mut m) = first;
        while (y, m) <= last {
            out.push(format!("{y:04}-{m:02}"));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    if r.groups
        .iter()
        .any(|g| g.month.as_deref().is_some_and(|m| parse_month(m).is_none()))
    {
        out.push("unknown".into());
    }
    out
}

fn parse_month(m: &str) -> Option<(i32, u32)> {
    let (y, mo) = m.split_once('-')?;
    let mo: u32 = mo.parse().ok()?;
    ((1..=12).contains(&mo)).then_some(())?;
    Some((y.parse().ok()?, mo))
}

/// The sources of a report in name order (ignoring case), each with its groups in month order.
pub fn by_source_then_month(r: &SourceReport) -> Vec<(String, Vec<&Group>)> {
    let order = months(r);
    let rank = |g: &Group| {
        g.month
            .as_deref()
            .and_then(|m| order.iter().position(|o| o == m))
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<(String, Vec<&Group>)> = Vec::new();
    let mut groups: Vec<&Group> = r.groups.iter().collect();
    groups.sort_by(|a, b| {
        (a.source.to_lowercase().cmp(&b.source.to_lowercase()))
            .then(a.source.cmp(&b.source))
            .then(rank(a).cmp(&rank(b)))
    });
    for g in groups {
        match out.last_mut() {
            Some((s, v)) if *s == g.source => v.push(g),
            _ => out.push((g.source.clone(), vec![g])),
        }
    }
    out
}

/// One source's trend: its mean stance index per month with intervals (x: every month of
/// the report, in order), and each month's NONE share as a grey bar on the right axis.
pub fn trend_chart(source: &[&Group], months: &[String]) -> Result<String> {
    let m = months.len().max(1);
    // At most about seven month labels fit; label every k-th month.
    let every = m.div_ceil(7);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (TREND_W, TREND_H)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let x = -0.6..(m as f64 - 0.4);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(16)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .right_y_label_area_size(56)
            .build_cartesian_2d(x.clone(), -1.0..1.0)
            .map_err(plot_err)?
            .set_secondary_coord(x, 0.0..1.0);
        let month_at = |v: &f64| {
            let r = v.round();
            if r >= 0.0 && (r as usize) % every == 0 {
                label_at(months, *v)
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(m * 2 + 1)
            .x_label_formatter(&month_at)
            .y_labels(5)
            .y_label_formatter(&|v| format!("{v:+.1}"))
            .disable_x_mesh()
            .y_max_light_lines(1)
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .y_desc("stance index")
            .label_style(font(TEXT))
            .axis_desc_style(font(TEXT))
            .draw()
            .map_err(plot_err)?;
        chart
            .configure_secondary_axes()
            .y_labels(3)
            .y_label_formatter(&|v| percent(*v))
            .y_desc("NONE share")
            .label_style(font(TEXT))
            .axis_desc_style(font(TEXT))
            .draw()
            .map_err(plot_err)?;
        let position = |g: &Group| {
            g.month
                .as_deref()
                .and_then(|mo| months.iter().position(|o| o == mo))
        };
        chart
            .draw_secondary_series(source.iter().filter_map(|g| {
                let p = position(g)? as f64;
                Some(Rectangle::new(
                    [(p - 0.3, 0.0), (p + 0.3, g.shares.none)],
                    NONE.mix(0.35).filled(),
                ))
            }))
            .map_err(plot_err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-0.6, 0.0), (m as f64 - 0.4, 0.0)],
                NONE.stroke_width(1),
            )))
            .map_err(plot_err)?;
        // The monthly means joined in order, a faint line under the dots.
        let line: Vec<(f64, f64)> = source
            .iter()
            .filter_map(|g| Some((position(g)? as f64, g.stance_index)))
            .filter(|(p, _)| months[*p as usize] != "unknown")
            .collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                line,
                RGBColor(120, 120, 120).stroke_width(1),
            )))
            .map_err(plot_err)?;
        for g in source {
            if let Some(p) = position(g) {
                whisker(
                    &mut chart,
                    g.stance_index,
                    g.stance_index_ci,
                    p as f64,
                    0.12,
                    false,
                )?;
            }
        }
        root.present().map_err(plot_err)?;
    }
    let what = source
        .first()
        .map(|g| format!("stance index by month: {}", g.source))
        .unwrap_or_default();
    Ok(finish(svg, &[], &what))
}
