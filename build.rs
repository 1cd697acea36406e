//! Copies the default models into OUT_DIR so the binary embeds them; a missing model
//! becomes an empty file, which `model::builtin` reports as "built without models".
//!
//! Also embeds the label files the default models were trained on — every `"path"` of
//! their manifests' `data` lists that names a file under the crate root — as
//! `OUT_DIR/labels.rs`, so that `train --extra` and `label --retrain-every` work from any
//! directory. The manifests are scanned for their paths rather than parsed, to keep the
//! build script free of dependencies; a model that is missing or names no such file embeds
//! nothing.

use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=models");
    let mut label_files: Vec<String> = Vec::new();
    for name in ["stance", "sentiment"] {
        let src = Path::new("models").join(format!("{name}.json"));
        println!("cargo:rerun-if-changed={}", src.display());
        let text = std::fs::read_to_string(&src).unwrap_or_default();
        for path in data_paths(&text) {
            if !label_files.contains(&path) {
                label_files.push(path);
            }
        }
        std::fs::write(out.join(format!("{name}.json")), text).expect("write OUT_DIR model");
    }
    let mut code = String::from(
        "/// The label files the built-in models were trained on: (path as recorded, text).\n\
         pub(super) const LABEL_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &label_files {
        let file = root.join(path);
        println!("cargo:rerun-if-changed={}", file.display());
        if !file.is_file() {
            println!("cargo:warning=label file {path} named by a built-in model is missing; not embedded");
            continue;
        }
        code.push_str(&format!(
            "    ({path:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out.join("labels.rs"), code).expect("write OUT_DIR labels");
}

/// The relative paths in the `"data"` list of a model's training manifest.
fn data_paths(model: &str) -> Vec<String> {
    let Some(start) = model.find("\"training\":") else {
        return Vec::new();
    };
    let rest = &model[start..];
    let Some(data) = rest.find("\"data\":[") else {
        return Vec::new();
    };
    let list = &rest[data..];
    let list = &list[..list.find(']').unwrap_or(list.len())];
    let mut paths = Vec::new();
    for part in list.split("\"path\":\"").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let path = &part[..end];
        let safe = !path.is_empty()
            && !path.contains('\\')
            && !path.contains('=')
            && !Path::new(path).is_absolute()
            && !path.split('/').any(|c| c == "..");
        if safe {
            paths.push(path.to_string());
        }
    }
    paths
}
