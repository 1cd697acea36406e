//! The tokenizer on arbitrary text, and the compiled vectorizer against the generic
//! analyzer: both must give the same TF-IDF row for every text. Analyzers and compiled
//! tables live across runs, as in a long `score` job, so their caches are exercised too.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::tokenize::check(data));
