//! Segmentation of arbitrary text: no panic, and every paragraph is non-empty, trimmed and
//! found in the input (hard-wrapped lines are joined with a space, so whitespace runs are
//! compared as one space).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::segment::check(data));
