//! Near-duplicate paragraphs: two paragraphs that share at least [`NEAR_DUPLICATE`] of
//! their word 3-shingles (or are equal after [`crate::text::paragraph_key`]) are one.

use std::collections::{HashMap, HashSet};

use crate::text::{paragraph_key, Fnv1a};

/// Finds exact and near-duplicate paragraphs by their word 3-shingles.
#[derive(Debug, Default)]
pub struct Dedup {
    exact: HashSet<String>,
    sets: Vec<HashSet<u64>>,
    index: HashMap<u64, Vec<usize>>,
}

/// Share of word 3-shingles two paragraphs must have in common to be near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.8;

fn shingles(norm: &str) -> HashSet<u64> {
    let words: Vec<&str> = crate::tokenize::words::words(norm)
        .map(|(_, w)| w)
        .collect();
    let hash = |s: &[&str]| {
        let mut h = Fnv1a::default();
        for w in s {
            h.write(w.as_bytes());
            h.write(b" ");
        }
        h.finish()
    };
    if words.len() < 3 {
        return std::iter::once(hash(&words)).collect();
    }
    words.windows(3).map(hash).collect()
}

impl Dedup {
    /// Records `text`; `false` if it (or a near-duplicate) was recorded before.
    pub fn insert(&mut self, text: &str) -> bool {
        let norm = paragraph_key(text);
        if !self.exact.insert(norm.clone()) {
            return false;
        }
        let set = shingles(&norm);
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for h in &set {
            for &i in self.index.get(h).map_or(&[][..], Vec::as_slice) {
                *overlap.entry(i).or_default() += 1;
            }
        }
        for (i, common) in overlap {
            let union = set.len() + self.sets[i].len() - common;
            if common as f64 >= NEAR_DUPLICATE * union as f64 {
                return false;
            }
        }
        let id = self.sets.len();
        for h in &set {
            self.index.entry(*h).or_default().push(id);
        }
        self.sets.push(set);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_are_recognised() {
        let mut d = Dedup::default();
        let a = "The alliance will hold its annual summit in Washington next week with partners from Asia.";
        assert!(d.insert(a));
        assert!(!d.insert(&a.to_uppercase()), "exact after normalisation");
        assert!(
            !d.insert(&a.replace("next week", "next  week,")),
            "near-duplicate"
        );
        assert!(
            d.insert("Beijing criticised the plan and warned of bloc confrontation in the region.")
        );
    }
}
