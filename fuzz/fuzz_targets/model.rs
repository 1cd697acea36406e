//! Model loading on arbitrary text: an error, or a model that scores any paragraph with
//! finite probabilities that sum to one.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::model::check(data));
