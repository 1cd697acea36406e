//! The report as a text table, CSV, Markdown or JSON.

use std::io::{self, Write};

use super::bootstrap::Interval;
use super::{Group, SourceReport};

/// `[low, high]`, or why there is none.
pub fn interval(ci: Option<Interval>) -> String {
    match ci {
        Some(c) => format!("[{:+.2}, {:+.2}]", c.low, c.high),
        None => "n/a (1 article)".into(),
    }
}

/// The method line printed under every report.
pub fn method(r: &SourceReport) -> String {
    let mut s = format!(
        "{} articles; intervals: {:.0}% percentile bootstrap over articles, {} resamples, seed {}",
        r.articles,
        r.level * 100.0,
        r.resamples,
        r.seed
    );
    if r.without_paragraphs > 0 {
        s.push_str(&format!(
            "; {} article(s) without content paragraphs left out",
            r.without_paragraphs
        ));
    }
    if r.groups_below_min > 0 {
        s.push_str(&format!(
            "; {} group(s) below --min-articles left out",
            r.groups_below_min
        ));
    }
    s
}

fn article(a: &super::ArticleRef) -> String {
    format!("{} ({:+.2})", a.id, a.index)
}

/// Writes aligned columns.
pub fn table(out: &mut impl Write, r: &SourceReport) -> io::Result<()> {
    let w = r
        .groups
        .iter()
        .map(|g| g.name().chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "{:<w$}  articles  paras   index  95% interval      FAVOR AGAINST  NONE  sentiment  \
         95% interval      most favourable  /  most critical",
        "source"
    )?;
    for g in &r.groups {
        writeln!(
            out,
            "{:<w$}  {:>8}  {:>5}  {:>+6.2}  {:<16}  {:>5.2} {:>7.2} {:>5.2}  {:>+9.2}  {:<16}  {}  /  {}",
            g.name(),
            g.articles,
            g.paragraphs,
            g.stance_index,
            interval(g.stance_index_ci),
            g.shares.favor,
            g.shares.against,
            g.shares.none,
            g.sentiment,
            interval(g.sentiment_ci),
            article(&g.most_favourable),
            article(&g.most_critical)
        )?;
    }
    writeln!(out, "\n{}", method(r))
}

fn bound(ci: Option<Interval>, low: bool) -> String {
    ci.map_or(String::new(), |c| {
        format!("{:.4}", if low { c.low } else { c.high })
    })
}

/// Writes CSV with a header; interval bounds are empty where undefined.
pub fn csv(out: &mut impl Write, r: &SourceReport) -> io::Result<()> {
    let by_month = r.groups.iter().any(|g| g.month.is_some());
    let mut header = vec!["source"];
    if by_month {
        header.push("month");
    }
    header.extend([
        "articles",
        "paragraphs",
        "stance_index",
        "stance_index_ci_low",
        "stance_index_ci_high",
        "share_favor",
        "share_against",
        "share_none",
        "sentiment",
        "sentiment_ci_low",
        "sentiment_ci_high",
        "most_favourable",
        "most_favourable_index",
        "most_critical",
        "most_critical_index",
    ]);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&header)?;
    for g in &r.groups {
        let mut row = vec![g.source.clone()];
        if by_month {
            row.push(g.month.clone().unwrap_or_default());
        }
        row.extend([
            g.articles.to_string(),
            g.paragraphs.to_string(),
            format!("{:.4}", g.stance_index),
            bound(g.stance_index_ci, true),
            bound(g.stance_index_ci, false),
            format!("{:.4}", g.shares.favor),
            format!("{:.4}", g.shares.against),
            format!("{:.4}", g.shares.none),
            format!("{:.4}", g.sentiment),
            bound(g.sentiment_ci, true),
            bound(g.sentiment_ci, false),
            g.most_favourable.id.clone(),
            format!("{:.4}", g.most_favourable.index),
            g.most_critical.id.clone(),
            format!("{:.4}", g.most_critical.index),
        ]);
        w.write_record(&row)?;
    }
    w.flush()
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Writes a Markdown table.
pub fn markdown(out: &mut impl Write, r: &SourceReport) -> io::Result<()> {
    writeln!(
        out,
        "| source | articles | paragraphs | stance index | 95% interval | FAVOR | AGAINST | NONE | sentiment | 95% interval | most favourable | most critical |"
    )?;
    writeln!(
        out,
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---|---|---|"
    )?;
    for g in &r.groups {
        writeln!(
            out,
            "| {} | {} | {} | {:+.2} | {} | {:.2} | {:.2} | {:.2} | {:+.2} | {} | {} | {} |",
            md_cell(&g.name()),
            g.articles,
            g.paragraphs,
            g.stance_index,
            interval(g.stance_index_ci),
            g.shares.favor,
            g.shares.against,
            g.shares.none,
            g.sentiment,
            interval(g.sentiment_ci),
            md_cell(&article(&g.most_favourable)),
            md_cell(&article(&g.most_critical))
        )?;
    }
    writeln!(out, "\n{}", method(r))
}

/// Writes the report as pretty JSON.
pub fn json(out: &mut impl Write, r: &SourceReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
}

/// One group's row as plain cells (used by the HTML table).
pub fn cells(g: &Group) -> Vec<String> {
    vec![
        g.name(),
        g.articles.to_string(),
        g.paragraphs.to_string(),
        format!("{:+.2}", g.stance_index),
        interval(g.stance_index_ci),
        format!("{:.2}", g.shares.favor),
        format!("{:.2}", g.shares.against),
        format!("{:.2}", g.shares.none),
        format!("{:+.2}", g.sentiment),
        interval(g.sentiment_ci),
        article(&g.most_favourable),
        article(&g.most_critical),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::super::{summarize, ReportParams};
    use super::*;

    fn report() -> SourceReport {
        summarize(&sample(), &ReportParams::default()).unwrap()
    }

    #[test]
    fn csv_has_one_row_per_source_and_empty_bounds_for_single_articles() {
        let mut v = Vec::new();
        csv(&mut v, &report()).unwrap();
        let text = String::from_utf8(v).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("source,articles,paragraphs,stance_index,stance_index_ci_low"));
        let lone = lines.iter().find(|l| l.starts_with("Lone C,")).unwrap();
        assert!(lone.contains(",0.0000,,,"), "{lone}");
        let a = lines.iter().find(|l| l.starts_with("Daily A,")).unwrap();
        let f: Vec<&str> = a.split(',').collect();
        let (low, mean, high): (f64, f64, f64) = (
            f[4].parse().unwrap(),
            f[3].parse().unwrap(),
            f[5].parse().unwrap(),
        );
        assert!(low <= mean && mean <= high);
    }

    #[test]
    fn csv_fields_are_quoted_when_they_hold_a_comma_quote_or_line_break() {
        let mut r = report();
        r.groups[0].source = "plain".into();
        r.groups[1].source = "a, b".into();
        r.groups[2].source = "say \"no\"".into();
        let mut v = Vec::new();
        csv(&mut v, &r).unwrap();
        let text = String::from_utf8(v).unwrap();
        let first: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.rsplitn(16, ',').last().unwrap())
            .collect();
        assert_eq!(first, ["plain", "\"a, b\"", "\"say \"\"no\"\"\""]);
    }

    #[test]
    fn table_and_markdown_say_when_the_interval_is_undefined() {
        let mut t = Vec::new();
        table(&mut t, &report()).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.contains("n/a (1 article)"));
        assert!(t.contains("2000 resamples, seed 0"));
        let mut m = Vec::new();
        markdown(&mut m, &report()).unwrap();
        let m = String::from_utf8(m).unwrap();
        assert_eq!(m.lines().filter(|l| l.starts_with("| ")).count(), 4);
    }
}
