//! The JSONL article reader on arbitrary bytes, with small limits: every line gives an
//! article or an error naming the stream and a line within it.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonl::check(data));
