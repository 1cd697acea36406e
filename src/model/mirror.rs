//! Labels stated against topics of either polarity (`--polarity-field`).
//!
//! In a data set of many topics (IBM's claim stance: "ban X", "subsidise Y"), PRO towards
//! "ban violent video games" is what CON would be towards a topic stated for them. Records
//! whose topic is stated against its target (polarity −1) have their label mirrored — the
//! two opposite labels swapped, any other label kept — so one model learns the stance
//! towards the target itself; its predictions for such records are mirrored back.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Known pairs of opposite labels, matched case-insensitively.
const OPPOSITES: [(&str, &str); 6] = [
    ("FAVOR", "AGAINST"),
    ("PRO", "CON"),
    ("positive", "negative"),
    ("support", "oppose"),
    ("agree", "disagree"),
    ("for", "against"),
];

/// The polarity field and the two labels it swaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mirror {
    /// The record field holding +1 or −1.
    pub field: String,
    /// The two opposite labels.
    pub labels: [String; 2],
}

impl Mirror {
    /// The mirror of `field` over a data set with `labels`: the pair `given`, else the two
    /// labels of a two-class set, else the first known pair of opposites among `labels`.
    pub fn among(field: &str, labels: &[&str], given: Option<&[String; 2]>) -> Result<Mirror> {
        let find = |want: &str| labels.iter().find(|l| l.eq_ignore_ascii_case(want));
        let pair = match given {
            Some([a, b]) => {
                for l in [a, b] {
                    if !labels.contains(&l.as_str()) {
                        return Err(Error::params(format!(
                            "--opposites {a},{b}: no example is labelled '{l}' (labels: {})",
                            labels.join(", ")
                        )));
                    }
                }
                if a == b {
                    return Err(Error::params("--opposites needs two different labels"));
                }
                [a.clone(), b.clone()]
            }
            None if labels.len() == 2 => [labels[0].to_string(), labels[1].to_string()],
            None => OPPOSITES
                .iter()
                .find_map(|(a, b)| Some([find(a)?.to_string(), find(b)?.to_string()]))
                .ok_or_else(|| {
                    Error::params(format!(
                        "--polarity-field {field}: which labels are opposites? none of the \
                         known pairs is among {}; name them with --opposites A,B",
                        labels.join(", ")
                    ))
                })?,
        };
        Ok(Mirror {
            field: field.to_string(),
            labels: pair,
        })
    }

    /// `label` mirrored: one opposite for the other, any other label as it is.
    pub fn label<'a>(&'a self, label: &'a str) -> &'a str {
        match label {
            l if l == self.labels[0] => &self.labels[1],
            l if l == self.labels[1] => &self.labels[0],
            l => l,
        }
    }

    /// Mirrors probabilities aligned with `labels`: the two opposites' columns swap.
    pub fn probs(&self, labels: &[String], probs: &mut [f64]) {
        let at = |want: &String| labels.iter().position(|l| l == want);
        if let (Some(a), Some(b)) = (at(&self.labels[0]), at(&self.labels[1])) {
            probs.swap(a, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_pair_is_found_and_the_third_label_stays() {
        let m = Mirror::among("topicSentiment", &["AGAINST", "FAVOR", "NONE"], None).unwrap();
        assert_eq!(m.labels, ["FAVOR".to_string(), "AGAINST".to_string()]);
        assert_eq!(m.label("FAVOR"), "AGAINST");
        assert_eq!(m.label("AGAINST"), "FAVOR");
        assert_eq!(m.label("NONE"), "NONE");
        let labels: Vec<String> = ["AGAINST", "FAVOR", "NONE"].map(String::from).into();
        let mut p = [0.7, 0.2, 0.1];
        m.probs(&labels, &mut p);
        assert_eq!(p, [0.2, 0.7, 0.1]);
    }

    #[test]
    fn two_labels_are_opposites_and_others_need_naming() {
        let m = Mirror::among("s", &["no", "yes"], None).unwrap();
        assert_eq!(m.label("no"), "yes");
        let err = Mirror::among("s", &["a", "b", "c"], None).unwrap_err();
        assert!(err.to_string().contains("--opposites A,B"), "{err}");
        let given = ["a".to_string(), "c".to_string()];
        let m = Mirror::among("s", &["a", "b", "c"], Some(&given)).unwrap();
        assert_eq!((m.label("a"), m.label("b")), ("c", "b"));
        let missing = ["a".to_string(), "z".to_string()];
        let err = Mirror::among("s", &["a", "b", "c"], Some(&missing)).unwrap_err();
        assert!(
            err.to_string().contains("no example is labelled 'z'"),
            "{err}"
        );
    }
}
