//! Copies the default models into OUT_DIR so the binary embeds them; a missing model
//! becomes an empty file, which `model::builtin` reports as "built without models".

use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=models");
    for name in ["stance", "sentiment"] {
        let src = Path::new("models").join(format!("{name}.json"));
        println!("cargo:rerun-if-changed={}", src.display());
        let text = std::fs::read_to_string(&src).unwrap_or_default();
        std::fs::write(out.join(format!("{name}.json")), text).expect("write OUT_DIR model");
    }
}
