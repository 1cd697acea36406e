//! The studio's pages and assets, all built into the binary (`include_str!`): nothing is
//! read from disk or fetched from elsewhere. Assets are found by exact name in a fixed
//! table, so no request path can reach the file system.

use super::agreement::Agreement;
use crate::report::html::escape;

/// The assets: name, content type, content.
const ASSETS: [(&str, &str, &str); 4] = [
    (
        "studio.css",
        "text/css; charset=utf-8",
        include_str!("assets/studio.css"),
    ),
    (
        "label.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/label.js"),
    ),
    (
        "agreement.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/agreement.js"),
    ),
    (
        "report.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/report.js"),
    ),
];

/// The asset named exactly `name`: its content type and content.
pub fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, t, c)| (*t, *c))
}

/// Which page the navigation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// Labelling.
    Label,
    /// Agreement.
    Agreement,
    /// Report.
    Report,
}

/// A whole page around `body`, with the studio's stylesheet and `scripts`.
pub fn layout(title: &str, nav: Nav, body: &str, scripts: &[&str]) -> String {
    let link = |to: Nav, href: &str, name: &str| {
        let current = if to == nav {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<a href=\"{href}\"{current}>{name}</a>")
    };
    let scripts: String = scripts
        .iter()
        .map(|s| format!("<script src=\"/assets/{s}\"></script>\n"))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · standpoint studio</title>\n<link rel=\"stylesheet\" href=\"/assets/studio.css\">\n\
         </head>\n<body>\n<nav><strong>standpoint studio</strong> {} {} {}</nav>\n<main>\n{body}</main>\n{scripts}</body>\n</html>\n",
        escape(title),
        link(Nav::Label, "/", "Label"),
        link(Nav::Agreement, "/agreement", "Agreement"),
        link(Nav::Report, "/report", "Report"),
    )
}

/// The labelling page: filled in by `label.js` from `/api/config` and `/api/state`.
pub fn label_page() -> String {
    layout(
        "Label",
        Nav::Label,
        include_str!("assets/label.html"),
        &["label.js"],
    )
}

/// The agreement page: kappa per pair, then the disagreements with a button per label to
/// settle each.
pub fn agreement_page(a: &Agreement, labels: &[String]) -> String {
    let mut h = String::from(
        "<h1>Agreement</h1>\n<p class=\"meta\">Cohen's kappa per pair of annotators over the \
         paragraphs both labelled (skips and settling answers left out).</p>\n\
         <p><label>Settle as <input id=\"annotator\" size=\"16\" autocomplete=\"off\"></label></p>\n",
    );
    h.push_str("<table class=\"sortable\" id=\"pairs\"><thead><tr><th>annotator</th><th>annotator</th><th>both labelled</th><th>agreement</th><th>kappa</th></tr></thead>\n<tbody>\n");
    for p in &a.pairs {
        let kappa = p.kappa.map_or("n/a".to_string(), |k| format!("{k:.2}"));
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td>\
             <td class=\"num kappa\" data-sort=\"{}\">{kappa}</td></tr>\n",
            escape(&p.a),
            escape(&p.b),
            p.both,
            p.observed,
            p.kappa.unwrap_or(f64::NAN)
        ));
    }
    if a.pairs.is_empty() {
        h.push_str("<tr><td colspan=\"5\">No two annotators have labelled the same paragraph yet.</td></tr>\n");
    }
    h.push_str("</tbody></table>\n");
    let open = a
        .disagreements
        .iter()
        .filter(|d| d.settled.is_none())
        .count();
    h.push_str(&format!(
        "<h2>Disagreements ({open} to settle, {} settled)</h2>\n",
        a.disagreements.len() - open
    ));
    h.push_str("<p id=\"status\" role=\"status\"></p>\n");
    for d in &a.disagreements {
        let given: Vec<String> = d
            .labels
            .iter()
            .map(|(who, l)| {
                let who = if who.is_empty() { "(unnamed)" } else { who };
                format!("{}: <b>{}</b>", escape(who), escape(l))
            })
            .collect();
        h.push_str(&format!(
            "<section class=\"disagreement\" data-id=\"{}\">\n<p class=\"meta\">{} · {} · {}</p>\n\
             <blockquote>{}</blockquote>\n<p>{}</p>\n",
            escape(&d.id),
            escape(&d.source),
            escape(d.title.as_deref().unwrap_or("(no title)")),
            escape(&d.id),
            escape(&d.text),
            given.join(" · ")
        ));
        match &d.settled {
            Some(l) => h.push_str(&format!(
                "<p class=\"settled\">settled: <b>{}</b></p>\n",
                escape(l)
            )),
            None => {
                h.push_str("<p class=\"settle\">");
                for l in labels {
                    h.push_str(&format!(
                        "<button type=\"button\" data-label=\"{0}\">{0}</button> ",
                        escape(l)
                    ));
                }
                h.push_str("</p>\n");
            }
        }
        h.push_str("</section>\n");
    }
    layout(
        "Agreement",
        Nav::Agreement,
        &h,
        &["agreement.js", "report.js"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_found_by_exact_name_only() {
        assert!(asset("label.js").unwrap().0.starts_with("text/javascript"));
        for bad in [
            "../label.js",
            "label.js/",
            "LABEL.JS",
            "",
            "assets/label.js",
        ] {
            assert!(asset(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn pages_name_only_the_studios_own_scripts_and_styles() {
        let page = label_page();
        for bad in ["http://", "https://", "//cdn", "<script>"] {
            assert!(!page.contains(bad), "{bad}");
        }
        assert!(page.contains("<script src=\"/assets/label.js\">"));
    }
}
