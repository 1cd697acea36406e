//! The document readers (Markdown, HTML, dates, compressed and not-text streams) on
//! arbitrary bytes.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::documents::check(data));
