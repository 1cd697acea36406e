//! What each fuzz target checks, shared by the targets in `fuzz_targets/` and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs in `cargo test`. Every check
//! panics on a bug; returning means the input was handled.
#![allow(dead_code)]

/// Segmentation of arbitrary text: no panic, and every paragraph is non-empty, trimmed and
/// found in the input (hard-wrapped lines are joined with a space, so whitespace runs are
/// compared as one space).
pub mod segment {
    use standpoint::segment::segment;

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        let s = segment(&text);
        let lines = text.lines().count().max(1);
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let input = squash(&text);
        for p in &s.paragraphs {
            assert!(!p.text.is_empty(), "empty paragraph");
            assert_eq!(p.text.trim(), p.text, "untrimmed paragraph");
            assert!(
                input.contains(&squash(&p.text)),
                "paragraph not in the input"
            );
            assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
            assert!((0.0..=1.0).contains(&p.quoted), "quoted share {}", p.quoted);
        }
    }
}

/// The tokenizer on arbitrary text, and the compiled vectorizer against the generic
/// analyzer: both must give the same TF-IDF row for every text. Analyzers and compiled
/// tables live across runs, as in a long `score` job, so their caches are exercised too.
pub mod tokenize {
    use std::sync::{Mutex, OnceLock};

    use standpoint::model::{builtin, Classifier};
    use standpoint::tokenize::{Analyzer, AnalyzerConfig};
    use standpoint::vectorize::fused::FusedVectorizer;

    fn models() -> &'static [Classifier; 2] {
        static M: OnceLock<[Classifier; 2]> = OnceLock::new();
        M.get_or_init(|| {
            [
                builtin::load("stance").unwrap(),
                builtin::load("sentiment").unwrap(),
            ]
        })
    }

    struct State {
        /// Analyzers with other settings (default, word 1–3 and char 2–5 grams).
        others: Vec<Analyzer>,
        /// Per model: its generic analyzer and its compiled vectorizer (small cache, so that
        /// emptying it is exercised).
        pairs: Vec<(Analyzer, FusedVectorizer)>,
    }

    fn state() -> &'static Mutex<State> {
        static S: OnceLock<Mutex<State>> = OnceLock::new();
        S.get_or_init(|| {
            let grams = AnalyzerConfig {
                word_ngrams: (1, 3),
                char_ngrams: Some((2, 5)),
                ..AnalyzerConfig::default()
            };
            let others = [AnalyzerConfig::default(), grams]
                .into_iter()
                .map(|c| Analyzer::new(c).unwrap())
                .collect();
            let pairs = models()
                .iter()
                .map(|m| {
                    let compiled = FusedVectorizer::new(&[(&m.analyzer, &m.tfidf)])
                        .expect("built-in models compile")
                        .with_cache_limit(512);
                    (Analyzer::new(m.analyzer.clone()).unwrap(), compiled)
                })
                .collect();
            Mutex::new(State { others, pairs })
        })
    }

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let mut st = state().lock().unwrap();
        // Character n-grams make thousands of features per text: a short prefix suffices.
        let mut short = text.len().min(256);
        while !text.is_char_boundary(short) {
            short -= 1;
        }
        for a in &mut st.others {
            for feature in a.features(&text[..short]) {
                assert!(!feature.is_empty(), "empty feature");
            }
        }
        for (m, (a, compiled)) in models().iter().zip(&mut st.pairs) {
            let fast = compiled.transform(&m.tfidf, text);
            let mut ids = Vec::new();
            a.for_each_feature(text, |feat| {
                if let Some(id) = m.tfidf.feature_index(feat) {
                    ids.push(id);
                }
            });
            let slow = m.tfidf.transform_ids(&mut ids);
            let fast: Vec<_> = fast.iter().collect();
            let slow: Vec<_> = slow.iter().collect();
            assert_eq!(fast.len(), slow.len(), "{text:?}");
            for ((i, x), (j, y)) in fast.iter().zip(&slow) {
                assert_eq!(i, j, "{text:?}");
                assert!((x - y).abs() <= 1e-12, "{text:?}: {x} vs {y}");
            }
        }
    }
}

/// Whole-article scoring with the built-in models on arbitrary text: probabilities are
/// finite and sum to one, the stance index is in [-1, 1].
pub mod score_article {
    use std::sync::{Mutex, OnceLock};

    use standpoint::ingest::Article;
    use standpoint::model::{builtin, Classifier};
    use standpoint::pipeline::ArticleScorer;

    fn models() -> &'static (Classifier, Classifier) {
        static M: OnceLock<(Classifier, Classifier)> = OnceLock::new();
        M.get_or_init(|| {
            (
                builtin::load("stance").unwrap(),
                builtin::load("sentiment").unwrap(),
            )
        })
    }

    /// One scorer for all runs, as in a long `score` job.
    fn scorer() -> &'static Mutex<ArticleScorer<'static>> {
        static S: OnceLock<Mutex<ArticleScorer<'static>>> = OnceLock::new();
        S.get_or_init(|| {
            let (stance, sentiment) = models();
            Mutex::new(ArticleScorer::new(stance, sentiment).unwrap())
        })
    }

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let text = String::from_utf8_lossy(data).into_owned();
        let mut scorer = scorer().lock().unwrap();
        let article = Article {
            id: "fuzz".into(),
            source: None,
            title: None,
            author: None,
            date: None,
            url: None,
            text,
            file: "fuzz".into(),
            line: 1,
            removed: Vec::new(),
        };
        let scored = scorer.score(&article, true);
        if let Some(s) = &scored.stance {
            let p = s.probs;
            let sum = p.favor + p.against + p.none;
            assert!((sum - 1.0).abs() < 1e-9, "stance probs sum {sum}");
            assert!((-1.0..=1.0).contains(&s.index), "index {}", s.index);
        }
        if let Some(s) = &scored.sentiment {
            let p = s.probs;
            let sum = p.positive + p.negative + p.neutral;
            assert!((sum - 1.0).abs() < 1e-9, "sentiment probs sum {sum}");
        }
        for p in scored.paragraph_scores.iter().flatten() {
            assert!(!p.text.is_empty());
        }
    }
}

/// The JSONL article reader on arbitrary bytes, with small limits: every line gives the
/// article of its JSON object, or an error naming the stream.
pub mod jsonl {
    use std::io::Cursor;

    use standpoint::ingest::{read_jsonl, Limits};

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let limits = Limits {
            max_article_bytes: 2048,
            max_line_bytes: 1024,
            max_paragraphs: 16,
            ..Limits::default()
        };
        let lines = data.split(|&b| b == b'\n').count();
        for r in read_jsonl(Cursor::new(data.to_vec()), "fuzz.jsonl", limits) {
            match r {
                Ok(a) => {
                    assert!(a.line >= 1 && a.line <= lines, "line {} of {lines}", a.line);
                    assert!(a.text.len() <= limits.max_article_bytes);
                    // The article is that line's object, with that line's "text".
                    let raw = data.split(|&b| b == b'\n').nth(a.line - 1).unwrap();
                    let raw = std::str::from_utf8(raw).unwrap();
                    // The reader trims the line (any Unicode white space) and a BOM.
                    let raw = raw.trim();
                    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw).trim();
                    // As the reader parses: typed first, where fields other than `text`
                    // are skipped unchecked (a huge number there is no error); else as a
                    // map, where a repeated key's last value counts.
                    #[derive(serde::Deserialize)]
                    struct Line {
                        text: String,
                    }
                    assert!(raw.starts_with('{'), "line {} is not an object", a.line);
                    let text = match serde_json::from_str::<Line>(raw) {
                        Ok(line) => line.text,
                        Err(_) => {
                            let v: serde_json::Value = serde_json::from_str(raw).unwrap();
                            v["text"].as_str().unwrap().to_string()
                        }
                    };
                    assert_eq!(text, a.text);
                }
                Err(e) => {
                    let msg = e.to_string();
                    assert!(msg.starts_with("fuzz.jsonl"), "{msg}");
                    break;
                }
            }
        }
    }
}

/// The label reader (JSONL, CSV, TSV, chosen by the first byte) on arbitrary bytes: every
/// input gives examples or an error naming the file.
pub mod labels {
    use std::io::Cursor;
    use std::path::Path;

    use standpoint::ingest::label_files::{read_records_from, Fields, Task};

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let Some((&kind, rest)) = data.split_first() else {
            return;
        };
        let name = match kind % 3 {
            0 => "fuzz.jsonl",
            1 => "fuzz.csv",
            _ => "fuzz.tsv",
        };
        let task = Task::named(if kind & 4 == 0 { "stance" } else { "sentiment" });
        let mut out = Vec::new();
        let r = read_records_from(
            Cursor::new(rest),
            Path::new(name),
            &task,
            &Fields::default(),
            &mut out,
        );
        match r {
            Ok(rows) => assert!(out.len() <= rows),
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with(name), "{msg}");
            }
        }
    }
}

/// Model loading on arbitrary text: an error, or a model that scores any paragraph with
/// finite probabilities that sum to one.
pub mod model {
    use standpoint::model::Classifier;

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match Classifier::from_json(text, "fuzz.json") {
            Ok(m) => {
                let mut s = m.scorer();
                for para in ["", "NATO opens an office in Tokyo.", "the the the 2023 ’s"] {
                    let p = s.predict_proba(para);
                    assert_eq!(p.len(), m.labels.len());
                    let sum: f64 = p.iter().sum();
                    assert!(p.iter().all(|x| x.is_finite()), "{p:?}");
                    assert!((sum - 1.0).abs() < 1e-9, "{p:?}");
                }
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz.json"), "{e}"),
        }
    }
}

/// The document readers on arbitrary bytes: Markdown and HTML extraction (and what it
/// removed), the date parser, and opening a stream (magic numbers, gzip, zstd). Each gives
/// text or an error naming the input, never a panic; a parsed date is in normal form and
/// parses to itself.
pub mod documents {
    use std::io::Read;

    use standpoint::ingest::{dates, html, markdown, open};

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        let x = markdown::extract(&text);
        for line in x.text.lines() {
            assert!(!line.is_empty(), "empty Markdown paragraph");
            assert_eq!(line.trim(), line, "untrimmed Markdown paragraph");
        }
        match html::extract(&text, "<fuzz>") {
            Ok(x) => {
                assert!(x.text.lines().all(|l| !l.trim().is_empty()));
                for r in &x.removed {
                    assert!(!r.text.trim().is_empty(), "empty removed {}", r.what);
                    assert!(r.text.len() <= 1_000 + '…'.len_utf8(), "long removed text");
                }
            }
            Err(e) => assert!(e.to_string().starts_with("<fuzz>"), "{e}"),
        }
        for s in text.lines().take(8) {
            if let Some(d) = dates::parse(s) {
                let b = d.as_bytes();
                assert!(b.len() == 7 || b.len() == 10, "{d}");
                assert_eq!(dates::parse(&d).as_deref(), Some(d.as_str()), "{d}");
            }
        }
        let reader = Box::new(std::io::Cursor::new(data.to_vec()));
        match open::open_reader(reader, "<fuzz>") {
            Ok(o) => {
                let mut sink = Vec::new();
                let _ = o.reader.take(1 << 20).read_to_end(&mut sink);
            }
            Err(e) => assert!(e.to_string().starts_with("<fuzz>"), "{e}"),
        }
    }
}

/// The CSV / TSV article reader on arbitrary bytes (read as both), with small limits: every
/// row gives an article within the limits, at a line of the input, or an error naming the
/// stream that ends it.
pub mod table {
    use standpoint::ingest::table::read_table;
    use standpoint::ingest::{dates, Columns, Limits};

    /// Checks one input.
    pub fn check(data: &[u8]) {
        let limits = Limits {
            max_article_bytes: 2048,
            max_line_bytes: 1024,
            max_paragraphs: 16,
            ..Limits::default()
        };
        // Lines end with LF, CRLF or (old Mac exports) a lone CR.
        let lines = 1 + data.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
        for delimiter in [b',', b'\t'] {
            let reader = Box::new(std::io::Cursor::new(data.to_vec()));
            let mut failed = false;
            for r in read_table(reader, "fuzz.csv", delimiter, &Columns::default(), limits) {
                assert!(!failed, "an article after the error that ends the table");
                match r {
                    Ok(a) => {
                        assert!(!a.text.trim().is_empty(), "empty article");
                        assert!(a.text.len() <= limits.max_article_bytes);
                        assert!(a.text.len() <= limits.max_line_bytes);
                        assert!((2..=lines).contains(&a.line), "line {}", a.line);
                        assert!(!a.id.is_empty());
                        assert_eq!(a.file, "fuzz.csv");
                        if let Some(d) = a.date.as_deref().and_then(dates::parse) {
                            assert_eq!(a.date.as_deref(), Some(d.as_str()), "date not normalised");
                        }
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        assert!(msg.starts_with("fuzz.csv"), "{msg}");
                        failed = true;
                    }
                }
            }
        }
    }
}
