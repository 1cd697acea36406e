//! Prints the content paragraphs of articles as JSONL skeleton records (id, article,
//! source, text), the starting point of a label file.
use standpoint::ingest::{Articles, Limits};
use standpoint::segment::segment;
fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    for a in Articles::open(&paths, Limits::default()).unwrap() {
        let a = a.unwrap();
        for (n, p) in segment(&a.text).paragraphs.iter().enumerate() {
            let rec = serde_json::json!({"id": format!("{}-{:02}", a.id, n), "article": a.id,
                "source": a.source.clone().unwrap_or_else(|| "unknown".into()), "text": p.text});
            println!("{rec}");
        }
    }
}
