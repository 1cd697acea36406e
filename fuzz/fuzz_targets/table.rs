//! The CSV / TSV article reader on arbitrary bytes, with small limits: every row gives an
//! article within the limits or an error naming the stream and a line within it.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::table::check(data));
