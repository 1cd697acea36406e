//! Whole-article scoring with the built-in models on arbitrary text: probabilities are
//! finite and sum to one, the stance index is in [-1, 1].
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::score_article::check(data));
