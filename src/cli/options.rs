//! Options shared by several subcommands: training hyper-parameters, model selection and
//! output formats.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, ValueEnum};

use crate::error::{display_path, Error, Result};
use crate::model::{builtin, Balance, Classifier, TrainParams};
use crate::tokenize::{AnalyzerConfig, Lexicon, StopWordList};
use crate::vectorize::{DocFreq, TfidfParams};

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

/// Stop-word choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StopWords {
    /// Keep every word.
    None,
    /// scikit-learn's English list.
    English,
}

impl fmt::Display for StopWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopWords::None => "none",
            StopWords::English => "english",
        })
    }
}

/// Class balancing on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BalanceOpt {
    /// Every example counts once.
    None,
    /// Repeat examples of smaller classes up to the largest class.
    Oversample,
}

impl fmt::Display for BalanceOpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BalanceOpt::None => "none",
            BalanceOpt::Oversample => "oversample",
        })
    }
}

fn d() -> TrainParams {
    TrainParams::default()
}

fn default_stop() -> StopWords {
    match d().analyzer.stop_words {
        StopWordList::None => StopWords::None,
        StopWordList::English => StopWords::English,
    }
}

fn default_concepts() -> &'static str {
    match d().analyzer.concepts {
        Some(_) => "builtin",
        None => "none",
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
            let text = crate::ingest::decode_utf8(bytes, p)?;
            Ok(Some(Lexicon {
                name: display_path(p),
                text,
            }))
        }
    }
}

fn default_balance() -> BalanceOpt {
    match d().balance {
        Balance::None => BalanceOpt::None,
        Balance::Oversample => BalanceOpt::Oversample,
    }
}

/// Training hyper-parameters (defaults: the settings chosen by leave-one-article-out
/// cross-validation on the seed labels).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Model options")]
pub struct TrainOpts {
    /// Word n-gram range
    #[arg(long, value_name = "MIN,MAX", default_value_t = Range(d().analyzer.word_ngrams.0, d().analyzer.word_ngrams.1))]
    pub ngram: Range,
    /// Also use character n-grams inside words, e.g. 2,5
    #[arg(long, value_name = "MIN,MAX")]
    pub char_ngram: Option<Range>,
    /// Stop words to drop before stemming
    #[arg(long, value_enum, default_value_t = default_stop())]
    pub stop_words: StopWords,
    /// Concept lexicon: builtin, none, or a lexicon file (`concept: phrase, …` per line)
    #[arg(long, value_name = "builtin|none|FILE", default_value = default_concepts())]
    pub concepts: String,
    /// Weight of concept features relative to words
    #[arg(long, default_value_t = d().tfidf.concept_weight)]
    pub concept_weight: f64,
    /// Do not stem
    #[arg(long)]
    pub no_stem: bool,
    /// Use raw term counts instead of 1 + ln(count)
    #[arg(long)]
    pub no_sublinear_tf: bool,
    /// Use ln(n/df) + 1 instead of the smoothed idf
    #[arg(long)]
    pub no_smooth_idf: bool,
    /// Drop terms in fewer documents (a count, or a fraction such as 0.01)
    #[arg(long, value_name = "N|FRACTION", default_value_t = d().tfidf.min_df)]
    pub min_df: DocFreq,
    /// Drop terms in more documents (a count, or a fraction such as 0.9)
    #[arg(long, value_name = "N|FRACTION", default_value_t = d().tfidf.max_df)]
    pub max_df: DocFreq,
    /// Keep only the N most frequent terms
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// L2 strength α (scikit-learn's 1/C)
    #[arg(long, default_value_t = d().alpha)]
    pub alpha: f64,
    /// Class balancing
    #[arg(long, value_enum, default_value_t = default_balance())]
    pub balance: BalanceOpt,
    /// Most L-BFGS iterations
    #[arg(long, default_value_t = d().max_iter)]
    pub max_iter: u64,
    /// Convergence tolerance (largest gradient entry / number of weighted examples)
    #[arg(long, default_value_t = d().tol)]
    pub tol: f64,
}

impl TrainOpts {
    /// The hyper-parameters these options describe (checked).
    pub fn params(&self) -> Result<TrainParams> {
        let p = TrainParams {
            analyzer: AnalyzerConfig {
                stop_words: match self.stop_words {
                    StopWords::None => StopWordList::None,
                    StopWords::English => StopWordList::English,
                },
                stem: !self.no_stem,
                word_ngrams: (self.ngram.0, self.ngram.1),
                char_ngrams: self.char_ngram.map(|r| (r.0, r.1)),
                concepts: lexicon(&self.concepts)?,
            },
            tfidf: TfidfParams {
                sublinear_tf: !self.no_sublinear_tf,
                smooth_idf: !self.no_smooth_idf,
                min_df: self.min_df,
                max_df: self.max_df,
                max_features: self.max_features,
                concept_weight: self.concept_weight,
            },
            alpha: self.alpha,
            balance: match self.balance {
                BalanceOpt::None => Balance::None,
                BalanceOpt::Oversample => Balance::Oversample,
            },
            max_iter: self.max_iter,
            tol: self.tol,
        };
        p.check()?;
        Ok(p)
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
    fn ranges_parse() {
        assert_eq!("1,2".parse::<Range>().unwrap(), Range(1, 2));
        assert_eq!("3".parse::<Range>().unwrap(), Range(3, 3));
        assert!("2,1".parse::<Range>().is_err());
        assert!("0,1".parse::<Range>().is_err());
        assert!("a,b".parse::<Range>().is_err());
    }
}
