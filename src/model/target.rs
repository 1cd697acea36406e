//! The target a stance model's labels are about: a short name and the one-sentence
//! definition the labels follow. It is stored in the model file, and `score`, `report`,
//! `explain` and `model info` show it; the target's own concept lexicon, if any, is in the
//! model's analyzer settings.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a model's labels are about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// A short name, e.g. `NATO in Asia`.
    pub name: String,
    /// The one sentence the labels follow.
    pub definition: String,
}

impl Target {
    /// A target with a non-empty name and definition (trimmed).
    pub fn new(name: &str, definition: &str) -> Result<Target> {
        let (name, definition) = (name.trim(), definition.trim());
        if name.is_empty() || definition.is_empty() {
            return Err(Error::params(
                "a target needs a name and a one-sentence definition (--target-name, --target-definition)",
            ));
        }
        Ok(Target {
            name: name.to_string(),
            definition: definition.to_string(),
        })
    }

    /// How a model's target reads in output: its name, or that it has none.
    pub fn describe(target: Option<&Target>) -> String {
        match target {
            Some(t) => format!("{} — {}", t.name, t.definition),
            None => "(not named: the model was trained without --target-name)".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_needs_both_parts() {
        let t = Target::new(" Quad ", "The Quad deepening its military cooperation.").unwrap();
        assert_eq!(t.name, "Quad");
        assert!(Target::new("Quad", " ").is_err());
        assert!(Target::describe(None).contains("not named"));
        assert_eq!(
            Target::describe(Some(&t)),
            "Quad — The Quad deepening its military cooperation."
        );
    }
}
