//! Concept filter: phrases of a lexicon add a shared concept feature (`#concept`), the way
//! a synonym filter adds synonyms in a search engine.
//!
//! A lexicon is text, one concept per line: `name: phrase, phrase, …` (`#` starts a
//! comment line). Phrases are normalised by the analyzer's own stages (words, lower-case,
//! apostrophe, stem), then matched over a paragraph's full token sequence — stop words
//! included, so `no need` and `out of step` match — longest phrase first, without overlap.
//!
//! A line `name: unless other, other, …` defines an *absence* concept: `#name` is added to
//! a paragraph that has at least one word and none of the listed concepts — in the built-in
//! lexicon, `#off_target` marks text that names neither NATO nor Asia, so an off-topic
//! paragraph carries evidence of its own instead of an empty row.
//!
//! The built-in lexicon ([`BUILTIN`]) describes the debate about NATO's role in Asia.

use std::collections::HashMap;

use crate::error::{Error, Result};

/// The built-in lexicon.
pub const BUILTIN: &str = include_str!("concepts.txt");

/// Marks a concept feature (word features never contain `#`).
pub const PREFIX: &str = "#";

/// A compiled lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concepts {
    /// Feature names, `#name`, by concept index.
    features: Vec<String>,
    /// Phrases by their first token: (remaining tokens, concept), longest first.
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
    phrases: usize,
    /// Absence concepts: (the concept, a bit mask of the concepts whose absence it marks).
    absences: Vec<(usize, u128)>,
}

/// Most concepts a lexicon with absence concepts may define (one bit each).
pub const MAX_WITH_ABSENCES: usize = 128;

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Concepts {
    /// Compiles `text`, normalising each phrase with `normalize`; `origin` names the
    /// lexicon in errors.
    pub fn parse(
        text: &str,
        origin: &str,
        mut normalize: impl FnMut(&str) -> Vec<String>,
    ) -> Result<Self> {
        let mut features: Vec<String> = Vec::new();
        let mut seen: HashMap<Vec<String>, (usize, usize)> = HashMap::new();
        let mut by_first: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        let mut unless: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, phrases) = line.split_once(':').ok_or_else(|| {
                Error::line(origin, line_no, "expected 'concept: phrase, phrase, …'")
            })?;
            let name = name.trim();
            if !valid_name(name) {
                return Err(Error::line(
                    origin,
                    line_no,
                    format!("concept name '{name}': use lower-case letters, digits and _"),
                ));
            }
            let id = match features.iter().position(|f| f[PREFIX.len()..] == *name) {
                Some(id) => id,
                None => {
                    features.push(format!("{PREFIX}{name}"));
                    features.len() - 1
                }
            };
            if let Some(names) = phrases.trim().strip_prefix("unless ") {
                let names: Vec<String> = names
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                if names.is_empty() {
                    return Err(Error::line(
                        origin,
                        line_no,
                        "expected 'concept: unless concept, concept, …'",
                    ));
                }
                unless.push((id, line_no, names));
                continue;
            }
            for phrase in phrases.split(',') {
                let phrase = phrase.trim();
                if phrase.is_empty() {
                    continue;
                }
                let tokens = normalize(phrase);
                if tokens.is_empty() {
                    return Err(Error::line(
                        origin,
                        line_no,
                        format!("phrase '{phrase}' has no words"),
                    ));
                }
                match seen.get(&tokens) {
                    Some(&(other, _)) if other == id => continue,
                    Some(&(other, other_line)) => {
                        return Err(Error::line(
                            origin,
                            line_no,
                            format!(
                                "phrase '{phrase}' is already in concept '{}' (line {other_line})",
                                &features[other][PREFIX.len()..]
                            ),
                        ))
                    }
                    None => {}
                }
                seen.insert(tokens.clone(), (id, line_no));
                let mut rest = tokens;
                let first = rest.remove(0);
                by_first.entry(first).or_default().push((rest, id));
            }
        }
        if features.is_empty() {
            return Err(Error::file(origin, "the lexicon defines no concept"));
        }
        if !unless.is_empty() && features.len() > MAX_WITH_ABSENCES {
            return Err(Error::file(
                origin,
                format!(
                    "{} concepts: a lexicon with 'unless' lines may define at most {MAX_WITH_ABSENCES}",
                    features.len()
                ),
            ));
        }
        let mut absences = Vec::new();
        for (id, line_no, names) in unless {
            let mut mask = 0u128;
            for name in names {
                let other = features
                    .iter()
                    .position(|f| f[PREFIX.len()..] == *name)
                    .filter(|&o| o != id)
                    .ok_or_else(|| {
                        Error::line(
                            origin,
                            line_no,
                            format!("'unless {name}': no other concept of that name"),
                        )
                    })?;
                mask |= 1 << other;
            }
            absences.push((id, mask));
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        Ok(Concepts {
            features,
            by_first,
            phrases: seen.len(),
            absences,
        })
    }

    /// Concept feature names (`#name`), in lexicon order.
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// Number of distinct phrases.
    pub fn phrases(&self) -> usize {
        self.phrases
    }

    /// Every phrase as its normalised tokens, with its concept's index in [`Self::features`].
    pub fn phrase_list(&self) -> impl Iterator<Item = (Vec<&str>, usize)> + '_ {
        self.by_first.iter().flat_map(|(first, list)| {
            list.iter().map(move |(rest, id)| {
                let mut t = vec![first.as_str()];
                t.extend(rest.iter().map(String::as_str));
                (t, *id)
            })
        })
    }

    /// Absence concepts: each concept's index with the bit mask (bit = concept index) of
    /// the concepts whose absence it marks.
    pub fn absences(&self) -> &[(usize, u128)] {
        &self.absences
    }

    /// Calls `emit` with the feature of every phrase found in `tokens`, left to right, then
    /// with every absence concept whose concepts none of them matched (when `tokens` is not
    /// empty).
    pub fn for_each_match<S: AsRef<str>>(&self, tokens: &[S], mut emit: impl FnMut(&str)) {
        let mut seen = 0u128;
        let mut i = 0;
        while i < tokens.len() {
            let hit = self.by_first.get(tokens[i].as_ref()).and_then(|cands| {
                cands.iter().find(|(rest, _)| {
                    rest.len() < tokens.len() - i
                        && rest
                            .iter()
                            .zip(&tokens[i + 1..])
                            .all(|(a, b)| a == b.as_ref())
                })
            });
            match hit {
                Some((rest, id)) => {
                    emit(&self.features[*id]);
                    if *id < MAX_WITH_ABSENCES {
                        seen |= 1 << id;
                    }
                    i += 1 + rest.len();
                }
                None => i += 1,
            }
        }
        if tokens.is_empty() {
            return;
        }
        for &(id, mask) in &self.absences {
            if seen & mask == 0 {
                emit(&self.features[id]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    }

    fn matches(c: &Concepts, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        c.for_each_match(&split(text), |f| out.push(f.to_string()));
        out
    }

    #[test]
    fn longest_phrase_wins_and_matches_do_not_overlap() {
        let c = Concepts::parse(
            "bloc: cold war, bloc\nwar: war\nneed: no need, need",
            "t",
            split,
        )
        .unwrap();
        assert_eq!(
            matches(&c, "A Cold War bloc, a war, and no need."),
            ["#bloc", "#bloc", "#war", "#need"]
        );
        assert_eq!(c.features(), ["#bloc", "#war", "#need"]);
        assert_eq!(c.phrases(), 5);
    }

    #[test]
    fn phrase_at_the_end_and_partial_phrase() {
        let c = Concepts::parse("x: out of step", "t", split).unwrap();
        assert_eq!(matches(&c, "it is out of step"), ["#x"]);
        assert!(matches(&c, "it is out of").is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let err = Concepts::parse("# c\nno colon here", "lex.txt", split).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lex.txt:2: expected 'concept: phrase, phrase, …'"
        );
        let err = Concepts::parse("a: war\nb: war", "lex.txt", split).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lex.txt:2: phrase 'war' is already in concept 'a' (line 1)"
        );
        let err = Concepts::parse("Bad Name: war", "lex.txt", split).unwrap_err();
        assert!(err.to_string().contains("use lower-case letters"), "{err}");
        assert!(Concepts::parse("# only comments\n", "lex.txt", split).is_err());
    }

    #[test]
    fn an_absence_concept_marks_text_without_the_others() {
        let c = Concepts::parse(
            "nato: nato, the alliance\nasia: asia, tokyo\noff: unless nato, asia\nwar: war",
            "t",
            split,
        )
        .unwrap();
        assert_eq!(c.features(), ["#nato", "#asia", "#off", "#war"]);
        assert_eq!(matches(&c, "Stocks rose in London."), ["#off"]);
        assert_eq!(matches(&c, "A war far away."), ["#war", "#off"]);
        assert_eq!(matches(&c, "NATO met in Tokyo."), ["#nato", "#asia"]);
        assert_eq!(matches(&c, "Tokyo."), ["#asia"]);
        // No words, no evidence either way.
        assert!(matches(&c, " … — ").is_empty());
    }

    #[test]
    fn absence_lines_name_known_concepts() {
        let err = Concepts::parse("a: war\nb: unless a, c", "lex.txt", split).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lex.txt:2: 'unless c': no other concept of that name"
        );
        let err = Concepts::parse("a: war\nb: unless ,", "lex.txt", split).unwrap_err();
        assert!(err.to_string().starts_with("lex.txt:2: expected"), "{err}");
    }

    #[test]
    fn builtin_lexicon_compiles() {
        let c = Concepts::parse(BUILTIN, "built-in", split).unwrap();
        assert!(c.features().len() >= 15);
        assert!(c.phrases() > 300);
    }
}
