//! Options shared by several subcommands: article input limits, training hyper-parameters,
//! model selection and output formats.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, ValueEnum};

use crate::error::{display_path, Error, Result};
use crate::model::{builtin, Balance, Classifier, Solver, TrainParams};
use crate::tokenize::{Lexicon, StopWordList};
use crate::vectorize::DocFreq;

/// How articles are read: their encoding and the limits that protect memory and time.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct InputOpts {
    /// Encoding of the article files
    #[arg(long, value_enum, default_value_t = crate::ingest::Encoding::Utf8)]
    pub encoding: crate::ingest::Encoding,
    /// Largest article accepted, in bytes
    #[arg(long, default_value_t = crate::ingest::Limits::default().max_article_bytes, value_name = "BYTES")]
    pub max_article_bytes: usize,
    /// Longest JSONL line accepted, in bytes
    #[arg(long, default_value_t = crate::ingest::Limits::default().max_line_bytes, value_name = "BYTES")]
    pub max_line_bytes: usize,
    /// Most paragraphs (non-blank lines) accepted in one article
    #[arg(long, default_value_t = crate::ingest::Limits::default().max_paragraphs, value_name = "N")]
    pub max_paragraphs: usize,
}

impl InputOpts {
    /// The limits these options set.
    pub fn limits(&self) -> crate::ingest::Limits {
        crate::ingest::Limits {
            max_article_bytes: self.max_article_bytes,
            max_line_bytes: self.max_line_bytes,
            max_paragraphs: self.max_paragraphs,
            encoding: self.encoding,
        }
    }
}

/// An inclusive range `MIN,MAX` (or a single `N` for `N,N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range(pub usize, pub usize);

impl FromStr for Range {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let parse = |x: &str| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| format!("'{s}': expected MIN,MAX with whole numbers, e.g. 1,2"))
        };
        let (lo, hi) = match s.split_once(',') {
            Some((a, b)) => (parse(a)?, parse(b)?),
            None => (parse(s)?, parse(s)?),
        };
        if lo == 0 || lo > hi {
            return Err(format!("'{s}': expected 1 <= MIN <= MAX"));
        }
        Ok(Range(lo, hi))
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.0, self.1)
    }
}

/// The stop-word list named on the command line: `none`, `english`, or a comma-separated
/// union of `english` and files with one word per line (`#` starts a comment).
pub fn stop_words(spec: &str) -> Result<StopWordList> {
    match spec {
        "none" => return Ok(StopWordList::None),
        "english" => return Ok(StopWordList::English),
        _ => {}
    }
    let mut words: Vec<String> = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part == "english" {
            words.extend(
                crate::tokenize::ENGLISH_STOP_WORDS
                    .iter()
                    .map(|w| w.to_string()),
            );
            continue;
        }
        let p = Path::new(part);
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        let text = crate::ingest::Encoding::Utf8.decode(&bytes, p, 0)?;
        for (i, line) in text.lines().enumerate() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            if w.contains(char::is_whitespace) {
                return Err(Error::line(p, i + 1, format!("'{w}': one word per line")));
            }
            words.push(w.to_lowercase().replace('\u{2019}', "'"));
        }
    }
    words.sort();
    words.dedup();
    Ok(StopWordList::Custom {
        name: spec.to_string(),
        words,
    })
}

/// Class balancing on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BalanceOpt {
    /// Every example counts once.
    None,
    /// Repeat examples of smaller classes up to the largest class.
    Oversample,
}

/// A training preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// `small` below 1,000 training examples, `large` from 1,000 on.
    Auto,
    /// Chosen on the 112 seed paragraphs (leave one article out).
    Small,
    /// Chosen on rt-polarity's 10,662 sentences (10-fold).
    Large,
}

/// The settings of `p` as the command-line options that give them.
pub fn describe(p: &TrainParams) -> String {
    let a = &p.analyzer;
    format!(
        "--ngram {},{} --negation {} --stop-words {} --concepts {} --concept-weight {} --alpha {} --balance {}",
        a.word_ngrams.0,
        a.word_ngrams.1,
        a.negation,
        match &a.stop_words {
            StopWordList::None => "none",
            StopWordList::English => "english",
            StopWordList::Custom { name, .. } => name,
        },
        a.concepts.as_ref().map_or("none", |_| "builtin"),
        p.tfidf.concept_weight,
        p.alpha,
        match p.balance {
            Balance::None => "none",
            Balance::Oversample => "oversample",
        }
    )
}

fn preset_help() -> String {
    format!(
        "Default settings: small = {}; large = {}; auto = small below {} training examples, else large. \
         Options given explicitly override the preset.",
        describe(&TrainParams::small()),
        describe(&TrainParams::large()),
        TrainParams::LARGE_FROM
    )
}

/// Training hyper-parameters. Unset options take the preset's value (see `--preset`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Model options")]
pub struct TrainOpts {
    /// Defaults for the options below: auto, small or large
    #[arg(long, value_enum, default_value_t = Preset::Auto, long_help = preset_help())]
    pub preset: Preset,
    /// Word n-gram range [small: 1,1; large: 1,2]
    #[arg(long, value_name = "MIN,MAX")]
    pub ngram: Option<Range>,
    /// Also use character n-grams inside words, e.g. 2,5
    #[arg(long, value_name = "MIN,MAX")]
    pub char_ngram: Option<Range>,
    /// Stop words to drop before stemming: none, english, or english and/or files of
    /// words, comma-separated [small: english; large: none]
    #[arg(long, value_name = "none|english|FILE,…")]
    pub stop_words: Option<String>,
    /// Concept lexicon: builtin, none, or a lexicon file [small: builtin; large: none]
    #[arg(long, value_name = "builtin|none|FILE")]
    pub concepts: Option<String>,
    /// Weight of concept features relative to words [small: 2]
    #[arg(long)]
    pub concept_weight: Option<f64>,
    /// Mark N words after a negator (not, no, never, …n't) as negated; 0 is off [small: 0; large: 3]
    #[arg(long, value_name = "N")]
    pub negation: Option<usize>,
    /// Do not stem
    #[arg(long)]
    pub no_stem: bool,
    /// Use raw term counts instead of 1 + ln(count)
    #[arg(long)]
    pub no_sublinear_tf: bool,
    /// Use ln(n/df) + 1 instead of the smoothed idf
    #[arg(long)]
    pub no_smooth_idf: bool,
    /// Drop terms in fewer documents (a count, or a fraction such as 0.01) [1]
    #[arg(long, value_name = "N|FRACTION")]
    pub min_df: Option<DocFreq>,
    /// Drop terms in more documents (a count, or a fraction such as 0.9) [1.0]
    #[arg(long, value_name = "N|FRACTION")]
    pub max_df: Option<DocFreq>,
    /// Keep only the N most frequent terms
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// L2 strength α, scikit-learn's 1/C [small: 0.3; large: 0.1]
    #[arg(long)]
    pub alpha: Option<f64>,
    /// Class balancing [oversample]
    #[arg(long, value_enum)]
    pub balance: Option<BalanceOpt>,
    /// Scale features by their Naive Bayes log-count ratio (NBSVM's features, Wang & Manning 2012)
    #[arg(long)]
    pub nb: bool,
    /// Most L-BFGS iterations [1000]
    #[arg(long)]
    pub max_iter: Option<u64>,
    /// Convergence tolerance: largest gradient entry / weighted examples [1e-5]
    #[arg(long)]
    pub tol: Option<f64>,
    /// Optimiser: linfa (dense linfa-logistic), sparse (the same L-BFGS on sparse rows), or
    /// auto (linfa while its dense matrix fits in 256 MiB) [auto]
    #[arg(long, value_enum)]
    pub solver: Option<SolverOpt>,
}

/// Optimiser choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverOpt {
    /// linfa-logistic while the dense matrix fits in 256 MiB, else sparse.
    Auto,
    /// linfa-logistic on a dense matrix.
    Linfa,
    /// L-BFGS on the sparse rows.
    Sparse,
}

impl TrainOpts {
    /// The hyper-parameters for a training set of `n_examples`: the preset, overridden by
    /// every option given (checked).
    pub fn params(&self, n_examples: usize) -> Result<TrainParams> {
        let mut p = match self.preset {
            Preset::Auto => TrainParams::for_examples(n_examples),
            Preset::Small => TrainParams::small(),
            Preset::Large => TrainParams::large(),
        };
        if let Some(r) = self.ngram {
            p.analyzer.word_ngrams = (r.0, r.1);
        }
        if let Some(r) = self.char_ngram {
            p.analyzer.char_ngrams = Some((r.0, r.1));
        }
        if let Some(spec) = &self.stop_words {
            p.analyzer.stop_words = stop_words(spec)?;
        }
        if let Some(spec) = &self.concepts {
            p.analyzer.concepts = lexicon(spec)?;
        }
        if let Some(w) = self.concept_weight {
            p.tfidf.concept_weight = w;
        }
        if let Some(n) = self.negation {
            p.analyzer.negation = n;
        }
        if self.no_stem {
            p.analyzer.stem = false;
        }
        if self.no_sublinear_tf {
            p.tfidf.sublinear_tf = false;
        }
        if self.no_smooth_idf {
            p.tfidf.smooth_idf = false;
        }
        if let Some(v) = self.min_df {
            p.tfidf.min_df = v;
        }
        if let Some(v) = self.max_df {
            p.tfidf.max_df = v;
        }
        if self.max_features.is_some() {
            p.tfidf.max_features = self.max_features;
        }
        if let Some(a) = self.alpha {
            p.alpha = a;
        }
        if let Some(b) = self.balance {
            p.balance = match b {
                BalanceOpt::None => Balance::None,
                BalanceOpt::Oversample => Balance::Oversample,
            };
        }
        if self.nb {
            p.nb = true;
        }
        if let Some(m) = self.max_iter {
            p.max_iter = m;
        }
        if let Some(t) = self.tol {
            p.tol = t;
        }
        if let Some(s) = self.solver {
            p.solver = match s {
                SolverOpt::Auto => Solver::Auto,
                SolverOpt::Linfa => Solver::Linfa,
                SolverOpt::Sparse => Solver::Sparse,
            };
        }
        p.check()?;
        Ok(p)
    }
}

/// The lexicon named by `--concepts`.
pub fn lexicon(spec: &str) -> Result<Option<Lexicon>> {
    match spec {
        "none" => Ok(None),
        "builtin" => Ok(Some(Lexicon::builtin())),
        path => {
            let p = Path::new(path);
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            let text = crate::ingest::Encoding::Utf8.decode(&bytes, p, 0)?;
            Ok(Some(Lexicon {
                name: display_path(p),
                text,
            }))
        }
    }
}

/// Which models to score with.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Models")]
pub struct ModelOpts {
    /// A model file to use instead of the built-in one for its task (repeatable)
    #[arg(long, value_name = "FILE")]
    pub model: Vec<PathBuf>,
    /// A directory with stance.json and sentiment.json
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
}

impl ModelOpts {
    /// The stance and sentiment models: `--model` files by their task, else `--model-dir`,
    /// else the built-in ones.
    pub fn load(&self) -> Result<(Classifier, Classifier)> {
        let mut stance: Option<Classifier> = None;
        let mut sentiment: Option<Classifier> = None;
        for path in &self.model {
            let m = Classifier::load(path)?;
            let slot = match m.task.as_str() {
                "stance" => &mut stance,
                "sentiment" => &mut sentiment,
                other => {
                    return Err(Error::file(
                        path,
                        format!("is a '{other}' model; score needs a stance or a sentiment model"),
                    ))
                }
            };
            if slot.is_some() {
                return Err(Error::file(
                    path,
                    format!("a second '{}' model was given", m.task),
                ));
            }
            *slot = Some(m);
        }
        let from_dir = |task: &str, dir: &Path| -> Result<Classifier> {
            let path = dir.join(format!("{task}.json"));
            let m = Classifier::load(&path)?;
            m.expect_task(task, &display_path(&path))?;
            Ok(m)
        };
        let get = |slot: Option<Classifier>, task: &str| -> Result<Classifier> {
            match (slot, &self.model_dir) {
                (Some(m), _) => Ok(m),
                (None, Some(dir)) => from_dir(task, dir),
                (None, None) => builtin::load(task),
            }
        };
        Ok((get(stance, "stance")?, get(sentiment, "sentiment")?))
    }
}

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON object per article.
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

/// `table` on a terminal, `jsonl` when piped.
pub fn default_score_format() -> ScoreFormat {
    if std::io::stdout().is_terminal() {
        ScoreFormat::Table
    } else {
        ScoreFormat::Jsonl
    }
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    /// Aligned columns for reading.
    Table,
    /// JSON.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_options_override_the_preset() {
        use clap::Parser;
        #[derive(Parser)]
        struct T {
            #[command(flatten)]
            o: TrainOpts,
        }
        let t = T::parse_from(["t"]);
        assert_eq!(t.o.params(100).unwrap(), TrainParams::small());
        assert_eq!(t.o.params(5000).unwrap(), TrainParams::large());
        let t = T::parse_from([
            "t",
            "--preset",
            "large",
            "--alpha",
            "2",
            "--concepts",
            "builtin",
        ]);
        let p = t.o.params(10).unwrap();
        assert_eq!(p.alpha, 2.0);
        assert!(p.analyzer.concepts.is_some());
        assert_eq!(p.analyzer.word_ngrams, (1, 2));
        assert!(T::parse_from(["t", "--alpha=-1"]).o.params(10).is_err());
    }

    #[test]
    fn stop_word_lists_combine_english_and_files() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("topic.txt");
        std::fs::write(&f, "# topic words\nNATO\nAsia’s\n\n").unwrap();
        let spec = format!("english,{}", f.display());
        match stop_words(&spec).unwrap() {
            StopWordList::Custom { words, .. } => {
                assert!(
                    words.contains(&"nato".to_string()) && words.contains(&"asia's".to_string())
                );
                assert!(words.contains(&"the".to_string()));
                assert!(words.windows(2).all(|w| w[0] < w[1]));
            }
            other => panic!("{other:?}"),
        }
        std::fs::write(&f, "two words\n").unwrap();
        let err = stop_words(&f.display().to_string())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("topic.txt:1: 'two words': one word per line"),
            "{err}"
        );
        assert_eq!(stop_words("english").unwrap(), StopWordList::English);
    }

    #[test]
    fn ranges_parse() {
        assert_eq!("1,2".parse::<Range>().unwrap(), Range(1, 2));
        assert_eq!("3".parse::<Range>().unwrap(), Range(3, 3));
        assert!("2,1".parse::<Range>().is_err());
        assert!("0,1".parse::<Range>().is_err());
        assert!("a,b".parse::<Range>().is_err());
    }
}
