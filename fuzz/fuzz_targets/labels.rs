//! The label reader (JSONL, CSV, TSV, chosen by the first byte) on arbitrary bytes: every
//! input gives examples or an error naming the file.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::labels::check(data));
