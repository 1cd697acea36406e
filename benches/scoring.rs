//! Criterion benchmarks of the scoring path, stage by stage and end to end.
//!
//! ```text
//! cargo bench --bench scoring                 # all
//! cargo bench --bench scoring -- stem         # one group
//! STANDPOINT_BENCH_CORPUS=FILE cargo bench --bench scoring -- corpus
//! ```
//!
//! The corpus benchmark reads `STANDPOINT_BENCH_CORPUS`, else
//! `target/bench/articles_10mb.jsonl` (written by `scripts/side-by-side.sh`), else a
//! synthetic 10 MB file of the seed articles repeated (it says which). Paragraph-level
//! benchmarks run over the 112 labelled seed paragraphs.
//!
//! The `features` group prices each feature family on its own: a model trained on the
//! seed paragraphs with only that family (words; words stemmed; word uni+bigrams; stems
//! and character 2–5-grams; stems and the built-in concepts) vectorizes them as scoring
//! does (the fused path where the settings allow it, the generic analyzer otherwise).

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use standpoint::ingest::{Articles, Limits};
use standpoint::model::{builtin, TrainParams};
use standpoint::pipeline::ArticleScorer;
use standpoint::segment::segment;
use standpoint::tokenize::{words, Analyzer, AnalyzerConfig, Lexicon, Stem, TokenFilter};
use standpoint::vectorize::fused::FusedVectorizer;
use standpoint::vectorize::SparseRow;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed_records() -> Vec<serde_json::Value> {
    std::fs::read_to_string(root().join("data/seed_paragraphs.jsonl"))
        .expect("data/seed_paragraphs.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

fn seed_paragraphs() -> Vec<String> {
    seed_records()
        .iter()
        .map(|v| v["text"].as_str().expect("text").to_string())
        .collect()
}

fn total_bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

/// The corpus to score end to end, and a description of it.
fn corpus() -> (PathBuf, String) {
    if let Some(p) = std::env::var_os("STANDPOINT_BENCH_CORPUS") {
        let p = PathBuf::from(p);
        return (p.clone(), format!("{}", p.display()));
    }
    let made = root().join("target/bench/articles_10mb.jsonl");
    if made.exists() {
        return (made.clone(), format!("{}", made.display()));
    }
    let synthetic = root().join("target/bench/synthetic_10mb.jsonl");
    if !synthetic.exists() {
        write_synthetic(&synthetic);
    }
    (
        synthetic,
        "synthetic: the seed articles repeated to 10 MB (run scripts/side-by-side.sh for the real corpus)".into(),
    )
}

fn write_synthetic(path: &Path) {
    let articles: Vec<_> = Articles::open(&[root().join("seeds")], Limits::default())
        .expect("seeds")
        .collect::<Result<_, _>>()
        .expect("seed articles");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("target/bench");
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("create"));
    let (mut n, mut bytes) = (0usize, 0usize);
    while bytes < 10_000_000 {
        let a = &articles[n % articles.len()];
        let row = serde_json::json!({"id": format!("syn-{n}"), "source": a.source, "text": a.text});
        writeln!(out, "{row}").expect("write");
        bytes += a.text.len();
        n += 1;
    }
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename");
}

fn stages(c: &mut Criterion) {
    let stance = builtin::load("stance").expect("built-in stance model");
    let sentiment = builtin::load("sentiment").expect("built-in sentiment model");
    let paras = seed_paragraphs();
    let bytes = total_bytes(&paras);
    let n = paras.len() as u64;

    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("split words", |b| {
        b.iter(|| {
            paras
                .iter()
                .map(|p| words::words(black_box(p)).count())
                .sum::<usize>()
        })
    });
    let mut analyzer = Analyzer::new(stance.analyzer.clone()).expect("analyzer");
    g.bench_function("analyzer features (generic path)", |b| {
        b.iter(|| {
            paras
                .iter()
                .map(|p| analyzer.features(black_box(p)).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let all_words: Vec<String> = paras
        .iter()
        .flat_map(|p| words::words(p).map(|(_, w)| w.to_lowercase()))
        .collect();
    let mut g = c.benchmark_group("stem");
    g.throughput(Throughput::Elements(all_words.len() as u64));
    let mut warm = Stem::english();
    for w in &all_words {
        warm.apply(&mut w.clone());
    }
    let mut token = String::new();
    g.bench_function("cache hit", |b| {
        b.iter(|| {
            for w in &all_words {
                token.clear();
                token.push_str(w);
                warm.apply(black_box(&mut token));
            }
        })
    });
    let cold = Stem::english();
    g.bench_function("cache miss (Snowball)", |b| {
        b.iter(|| {
            all_words
                .iter()
                .map(|w| cold.stem_uncached(black_box(w)).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut compiled = FusedVectorizer::new(&[
        (&stance.analyzer, &stance.tfidf),
        (&sentiment.analyzer, &sentiment.tfidf),
    ])
    .expect("the built-in models compile");
    let tfidfs = [&stance.tfidf, &sentiment.tfidf];
    let mut g = c.benchmark_group("vectorize");
    g.throughput(Throughput::Elements(n));
    let mut rows = Vec::new();
    g.bench_function("both models, compiled (paragraphs)", |b| {
        b.iter(|| {
            for p in &paras {
                compiled.transform_all(black_box(p), &tfidfs, &mut rows);
            }
        })
    });
    let mut scorer = stance.scorer();
    g.bench_function("stance model, generic (paragraphs)", |b| {
        b.iter(|| {
            paras
                .iter()
                .map(|p| scorer.vectorize(black_box(p)).indices.len())
                .sum::<usize>()
        })
    });
    g.finish();

    let stance_rows: Vec<SparseRow> = paras
        .iter()
        .map(|p| {
            compiled.transform_all(p, &tfidfs, &mut rows);
            rows[0].clone()
        })
        .collect();
    let mut g = c.benchmark_group("predict");
    g.throughput(Throughput::Elements(n));
    let mut probs = vec![0.0; stance.labels.len()];
    g.bench_function("stance softmax (paragraphs)", |b| {
        b.iter(|| {
            for r in &stance_rows {
                stance.linear.predict_proba_into(black_box(r), &mut probs);
            }
        })
    });
    g.finish();

    let articles: Vec<_> = Articles::open(&[root().join("seeds")], Limits::default())
        .expect("seeds")
        .collect::<Result<_, _>>()
        .expect("seed articles");
    let longest = articles
        .iter()
        .max_by_key(|a| a.text.len())
        .expect("an article");
    let mut article_scorer = ArticleScorer::new(&stance, &sentiment).expect("scorer");
    let mut g = c.benchmark_group("article");
    g.throughput(Throughput::Bytes(longest.text.len() as u64));
    g.bench_function("segment", |b| {
        b.iter(|| segment(black_box(&longest.text)).paragraphs.len())
    });
    g.bench_function("score one article, end to end", |b| {
        b.iter(|| article_scorer.score(black_box(longest), false).paragraphs)
    });
    g.finish();
}

/// One feature family's analyzer settings, by name.
fn families() -> Vec<(&'static str, AnalyzerConfig)> {
    let words = AnalyzerConfig {
        stem: false,
        word_ngrams: (1, 1),
        ..AnalyzerConfig::default()
    };
    let stems = AnalyzerConfig {
        stem: true,
        ..words.clone()
    };
    vec![
        ("words", words.clone()),
        ("stems", stems.clone()),
        (
            "word uni+bigrams (stems)",
            AnalyzerConfig {
                word_ngrams: (1, 2),
                ..stems.clone()
            },
        ),
        (
            "character 2-5-grams (+ stems)",
            AnalyzerConfig {
                char_ngrams: Some((2, 5)),
                ..stems.clone()
            },
        ),
        (
            "concepts, built-in lexicon (+ stems)",
            AnalyzerConfig {
                concepts: Some(Lexicon::builtin()),
                ..stems
            },
        ),
    ]
}

fn feature_families(c: &mut Criterion) {
    let records = seed_records();
    let paras = seed_paragraphs();
    let labels: Vec<&str> = records
        .iter()
        .map(|r| r["stance"].as_str().expect("stance"))
        .collect();
    let mut g = c.benchmark_group("features");
    g.throughput(Throughput::Bytes(total_bytes(&paras)));
    for (name, analyzer) in families() {
        let fitted = TrainParams {
            analyzer,
            ..TrainParams::default()
        }
        .fit(&paras, &labels)
        .expect("a model of one feature family");
        let tfidf = &fitted.tfidf;
        let label = format!("{name}, {} features", tfidf.len());
        match FusedVectorizer::new(&[(&fitted.analyzer, tfidf)]) {
            Some(mut fused) => g.bench_function(format!("{label} (fused)"), |b| {
                b.iter(|| {
                    paras
                        .iter()
                        .map(|p| fused.transform(tfidf, black_box(p)).indices.len())
                        .sum::<usize>()
                })
            }),
            None => {
                let mut analyzer = Analyzer::new(fitted.analyzer.clone()).expect("analyzer");
                let mut ids = Vec::new();
                g.bench_function(format!("{label} (generic)"), |b| {
                    b.iter(|| {
                        let mut n = 0;
                        for p in &paras {
                            analyzer.for_each_feature(black_box(p), |f| {
                                if let Some(id) = tfidf.feature_index(f) {
                                    ids.push(id);
                                }
                            });
                            n += tfidf.transform_ids(&mut ids).indices.len();
                        }
                        n
                    })
                })
            }
        };
    }
    g.finish();
}

/// Reads, segments, scores and serialises every article of the corpus, in process, on one
/// thread, as `standpoint score --threads 1` does, starting with an empty word cache.
fn score_corpus(path: &Path, scorer: &mut ArticleScorer, out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut paragraphs = 0;
    for a in Articles::open(&[path.to_path_buf()], Limits::default()).expect("corpus") {
        let scored = scorer.score(&a.expect("article"), false);
        paragraphs += scored.paragraphs;
        serde_json::to_writer(&mut *out, &scored).expect("serialise");
        out.push(b'\n');
    }
    paragraphs
}

fn corpus_end_to_end(c: &mut Criterion) {
    let stance = builtin::load("stance").expect("built-in stance model");
    let sentiment = builtin::load("sentiment").expect("built-in sentiment model");
    let (path, what) = corpus();
    eprintln!("corpus: {what}");
    let bytes = std::fs::metadata(&path).expect("corpus file").len();
    let prototype = ArticleScorer::new(&stance, &sentiment).expect("scorer");
    let mut out = Vec::new();
    let paragraphs = score_corpus(&path, &mut prototype.clone(), &mut out) as u64;
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("score 10 MB, one thread (bytes)", |b| {
        b.iter(|| score_corpus(&path, &mut prototype.clone(), &mut out))
    });
    g.throughput(Throughput::Elements(paragraphs));
    g.bench_function("score 10 MB, one thread (paragraphs)", |b| {
        b.iter(|| score_corpus(&path, &mut prototype.clone(), &mut out))
    });
    g.finish();
}

criterion_group!(benches, stages, feature_families, corpus_end_to_end);
criterion_main!(benches);
