//! Options shared by several subcommands, each group defined once: threads, seed, output,
//! label files, article input limits, training hyper-parameters, model selection and output
//! formats.

use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, ValueEnum};

use super::output::Output;
use crate::error::{Error, Result};
use crate::evaluate::search::{AlphaRule, Search};
use crate::ingest::label_files::{Fields, Source};
use crate::ingest::Encoding;
use crate::model::{select, Balance, CheckedParams, Classifier, Solver, TrainParams};
use crate::tokenize::{Lexicon, StopWordList};
use crate::train::{DataSpec, LabelledData, Prefer};
use crate::vectorize::DocFreq;

/// Worker threads.
#[derive(Debug, Clone, Args)]
pub struct ThreadsOpt {
    /// Worker threads for scoring and for cross-validation folds; the output is the same
    /// whatever the number [default: the number of cores available]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl ThreadsOpt {
    /// The number of threads asked for, else the cores available.
    pub fn get(&self) -> usize {
        self.threads
            .map_or_else(crate::parallel::available_threads, usize::from)
    }
}

/// The seed of every random choice a command makes.
#[derive(Debug, Clone, Args)]
pub struct SeedOpt {
    /// Seed of the random choices: stratified folds, bootstrap resamples, ties and
    /// --strategy random
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// Where a command's output goes.
#[derive(Debug, Clone, Args)]
pub struct OutOpt {
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl OutOpt {
    /// Checks, before any work, that the output can be written.
    pub fn check(&self) -> Result<()> {
        match &self.out {
            Some(p) => crate::io::check_output(p),
            None => Ok(()),
        }
    }

    /// Opens the output.
    pub fn open(&self) -> Result<Output> {
        Output::open(self.out.as_deref())
    }

    /// The format to write: `--format` when given, else the one `--out`'s extension names
    /// (`.jsonl`, `.json`, `.csv`, `.tsv`, `.md`, `.html`), else `default`. An extension that
    /// names a format the command does not write, or that `--format` contradicts, is an
    /// error; other extensions name nothing.
    pub fn format<F: ValueEnum + Copy + PartialEq>(
        &self,
        given: Option<F>,
        default: impl FnOnce() -> F,
    ) -> Result<F> {
        let Some(path) = self.out.as_deref() else {
            return Ok(given.unwrap_or_else(default));
        };
        let ext = crate::ingest::extension_of(path);
        let word = match ext.as_str() {
            "jsonl" | "ndjson" => "jsonl",
            "json" => "json",
            "csv" => "csv",
            "tsv" | "tab" => "tsv",
            "md" | "markdown" => "md",
            "html" | "htm" => "html",
            _ => return Ok(given.unwrap_or_else(default)),
        };
        let names = || {
            F::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Ok(named) = F::from_str(word, true) else {
            return Err(Error::params(format!(
                "--out {}: this command does not write {word} (its formats: {}); \
                 name the file for one of them",
                path.display(),
                names()
            )));
        };
        match given {
            Some(g) if g != named => Err(Error::params(format!(
                "--format {} contradicts --out {}, whose extension says {word}; \
                 drop --format or rename the file",
                value_name(g),
                path.display()
            ))),
            _ => Ok(named),
        }
    }
}

/// Label files to read for a task (`train`, `evaluate`, `learning-curve`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct DataOpts {
    /// What to predict: stance, sentiment, or the name of any label field
    #[arg(long)]
    pub task: String,
    /// Labelled JSONL, CSV or TSV files [default for stance and sentiment: the labels the
    /// built-in model was trained on, which ship inside the binary]
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// A file with one example per line, every line labelled LABEL (repeatable)
    #[arg(long, value_name = "FILE=LABEL", value_parser = Source::lines)]
    pub lines: Vec<Source>,
    /// The field holding the text; repeat to join several fields with a space
    #[arg(long = "text-field", value_name = "FIELD", default_values_t = ["text".to_string()])]
    pub text_field: Vec<String>,
    /// The field naming each record's article (for leave-one-article-out)
    #[arg(long, default_value = "article")]
    pub group_field: String,
    /// Keep only records whose FIELD equals VALUE (repeatable; all must hold)
    #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = parse_where)]
    pub filters: Vec<(String, String)>,
    /// The field saying whether each record's topic is stated for (+1) or against (-1)
    /// its target, as in "ban X" against X (IBM claim stance: topicSentiment): the labels
    /// of -1 records are mirrored (FAVOR and AGAINST swapped) so one model learns the
    /// stance towards the target itself, and its predictions for them are mirrored back
    #[arg(long, value_name = "FIELD")]
    pub polarity_field: Option<String>,
    /// The two opposite labels --polarity-field swaps [default: the two labels of a
    /// two-class task, else FAVOR,AGAINST or another known pair among the labels]
    #[arg(long, value_name = "A,B", value_parser = parse_pair, requires = "polarity_field")]
    pub opposites: Option<Opposites>,
    /// Encoding of the input files (UTF-8 or UTF-16 with a byte-order mark is always
    /// recognised)
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Extra label files (JSONL, CSV or TSV) merged with --data: repeated paragraphs are kept
    /// once; conflicting labels stop the run unless --prefer says which side wins
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub extra: Vec<PathBuf>,
    /// Label files merged like --extra whose examples only train: cross-validation keeps
    /// them in every fold's training part (and in the inner folds of --search) and never
    /// tests them, e.g. a written corpus beside --data --cv loao
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub train_also: Vec<PathBuf>,
    /// Which label wins when --data and --extra (or --train-also) disagree about a paragraph
    #[arg(long, value_enum, default_value_t = Prefer::Neither)]
    pub prefer: Prefer,
    /// Keep paragraphs that the --data files label in more than one way, and records that
    /// share an id, as given, with a warning (for public data sets where one text carries
    /// several labels); by default either stops the run
    #[arg(long)]
    pub allow_conflicts: bool,
}

/// Two labels named by `--opposites A,B`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opposites(pub [String; 2]);

fn parse_pair(s: &str) -> std::result::Result<Opposites, String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains(',') => {
            Ok(Opposites([a.trim().to_string(), b.trim().to_string()]))
        }
        _ => Err(format!("'{s}': expected two labels, A,B")),
    }
}

fn parse_where(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("'{s}': expected FIELD=VALUE")),
    }
}

impl DataOpts {
    /// The built-in model whose labels are the base when neither --data nor --lines is
    /// given (an error for a task without a built-in model).
    pub fn builtin_base(&self) -> Result<Option<Classifier>> {
        if !self.data.is_empty() || !self.lines.is_empty() {
            return Ok(None);
        }
        if crate::model::builtin::json(&self.task).is_none() {
            return Err(Error::params(format!(
                "--task {}: there is no built-in '{}' model whose labels could be the base; pass --data or --lines",
                self.task, self.task
            )));
        }
        crate::model::builtin::load(&self.task).map(Some)
    }

    /// The data set these options name; without --data or --lines, the built-in model's
    /// own labels (embedded) are the base.
    pub fn spec(&self) -> Result<DataSpec> {
        let mut sources: Vec<Source> = self
            .data
            .iter()
            .map(|p| Source::File(p.clone()))
            .chain(self.lines.iter().cloned())
            .collect();
        let mut extra: Vec<Source> = Vec::new();
        let mut train_also: Vec<Source> = Vec::new();
        if let Some(m) = self.builtin_base()? {
            let found = crate::model::builtin::training_sources(
                &m.training,
                &format!("the built-in {} model", self.task),
            )?;
            sources = found.base;
            extra = found.extra;
            train_also = found.train_also;
        }
        extra.extend(self.extra.iter().map(|p| Source::File(p.clone())));
        train_also.extend(self.train_also.iter().map(|p| Source::File(p.clone())));
        Ok(DataSpec {
            task: self.task.clone(),
            sources,
            extra,
            train_also,
            fields: Fields {
                text: self.text_field.clone(),
                group: self.group_field.clone(),
                filters: self.filters.clone(),
                encoding: self.encoding,
                polarity: self.polarity_field.clone(),
            },
            prefer: self.prefer,
            allow_conflicts: self.allow_conflicts,
            opposites: self.opposites.clone().map(|o| o.0),
        })
    }

    /// Reads the data set, telling `notes` its warnings (and how many labels a
    /// `--polarity-field` mirrors).
    pub fn read(&self, notes: &mut dyn Notes) -> Result<LabelledData> {
        let data = self.spec()?.read(|w| notes.warn(w))?;
        if let Some(m) = &data.mirror {
            let n = data.examples.iter().filter(|e| e.mirrored).count();
            notes.note(format!(
                "{n} of {} examples have '{}' = -1: their labels are mirrored ({} <-> {})",
                data.examples.len(),
                m.field,
                m.labels[0],
                m.labels[1]
            ));
        }
        Ok(data)
    }
}

/// What a command says as it works: warnings, and notes on its progress.
pub trait Notes {
    /// A warning (the command line prints `standpoint: warning: …`).
    fn warn(&mut self, warning: String);
    /// A note on progress (the command line prints it on standard error).
    fn note(&mut self, note: String);
    /// Where long work reports its stages and steps (the command line draws a bar).
    fn progress(&self) -> std::sync::Arc<dyn crate::progress::Progress> {
        std::sync::Arc::new(crate::progress::Silent)
    }
}

/// The progress bar of long work: `--quiet` turns it off.
#[derive(Debug, Clone, Args)]
pub struct QuietOpt {
    /// No progress bar (one is drawn, with the time left, only when standard error is a
    /// terminal)
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Choosing settings by inner cross-validation (`train`, `evaluate --cv`, `evaluate --test`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Settings search")]
pub struct SearchOpts {
    /// Choose α by inner cross-validation on the training data (leave one article out when
    /// there are three or more articles, else stratified 5-fold) from 0.01 … 10, by
    /// --alpha-rule
    #[arg(long, conflicts_with = "auto")]
    pub search: bool,
    /// Choose the settings by inner cross-validation on the training data: word n-grams,
    /// character n-grams, stop words, the concept lexicon (when one is given), NB
    /// weighting, sublinear tf, class balancing and α, one at a time from the given
    /// settings (README: Choosing settings by the data); the choice and every inner score
    /// are stored in the model
    #[arg(long)]
    pub auto: bool,
    /// Wall-time budget of --auto: the walk stops between candidates once it is spent
    #[arg(long, value_name = "SECONDS", default_value_t = 300, requires = "auto")]
    pub search_budget: u64,
    /// How --search and --auto pick α from the inner scores: the best one, or the largest α
    /// within one standard error of it (the folds' macro-F1)
    #[arg(long, value_enum, default_value_t = AlphaRule::Best)]
    pub alpha_rule: AlphaRule,
}

impl SearchOpts {
    /// The search these options ask for.
    pub fn get(&self) -> Search {
        if self.auto {
            Search::Settings {
                budget: std::time::Duration::from_secs(self.search_budget),
                rule: self.alpha_rule,
            }
        } else if self.search {
            Search::Alpha {
                rule: self.alpha_rule,
            }
        } else {
            Search::None
        }
    }
}

/// How articles are read: their encoding and the limits that protect memory and time.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct InputOpts {
    /// Encoding of the article files
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Largest article accepted, in bytes
    #[arg(long, default_value_t = crate::ingest::Limits::default().max_article_bytes, value_name = "BYTES")]
    pub max_article_bytes: usize,
    /// Longest JSONL line or CSV/TSV record accepted, in bytes
    #[arg(long, default_value_t = crate::ingest::Limits::default().max_line_bytes, value_name = "BYTES")]
    pub max_line_bytes: usize,
    /// Most paragraphs (non-blank lines) accepted in one article
    #[arg(long, default_value_t = crate::ingest::Limits::default().max_paragraphs, value_name = "N")]
    pub max_paragraphs: usize,
    /// CSV/TSV articles: the column holding the text
    #[arg(long = "text-field", default_value = "text", value_name = "COLUMN")]
    pub text_field: String,
    /// CSV/TSV articles: the column holding the id [default: FILE:LINE when missing]
    #[arg(long = "id-field", default_value = "id", value_name = "COLUMN")]
    pub id_field: String,
    /// CSV/TSV articles: the column holding the source
    #[arg(long = "source-field", default_value = "source", value_name = "COLUMN")]
    pub source_field: String,
    /// CSV/TSV articles: the column holding the title
    #[arg(long = "title-field", default_value = "title", value_name = "COLUMN")]
    pub title_field: String,
    /// CSV/TSV articles: the column holding the date
    #[arg(long = "date-field", default_value = "date", value_name = "COLUMN")]
    pub date_field: String,
    /// No warnings about files skipped in directories because they are not text, or about
    /// dates that cannot be read; no progress bar (score, label)
    #[arg(long, short = 'q')]
    pub quiet: bool,
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

    /// The columns CSV / TSV articles are read from.
    pub fn columns(&self) -> crate::ingest::Columns {
        crate::ingest::Columns {
            text: self.text_field.clone(),
            id: self.id_field.clone(),
            source: self.source_field.clone(),
            title: self.title_field.clone(),
            date: self.date_field.clone(),
        }
    }

    /// Warns (unless `--quiet`) when `article`'s date cannot be read.
    pub fn check_date(&self, article: &crate::ingest::Article) {
        if let Some(w) = article.unreadable_date().filter(|_| !self.quiet) {
            eprintln!("standpoint: warning: {w}");
        }
    }

    /// The articles of `paths`, read with these options; files of directories skipped as
    /// not text are reported in one warning unless `--quiet`.
    pub fn open(&self, paths: &[std::path::PathBuf]) -> Result<crate::ingest::Articles> {
        let articles =
            crate::ingest::Articles::open(paths, self.limits())?.with_columns(self.columns());
        if let Some(msg) = articles.skipped().message().filter(|_| !self.quiet) {
            eprintln!("standpoint: warning: {msg}");
        }
        Ok(articles)
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

/// `--char-ngram`'s value: a range, or `none` for no character n-grams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharRange(pub Option<Range>);

impl FromStr for CharRange {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("none") {
            return Ok(CharRange(None));
        }
        s.parse().map(|r| CharRange(Some(r)))
    }
}

/// The settings of `p` as the command-line options that give them.
pub fn describe(p: &TrainParams) -> String {
    p.describe()
}

/// The command-line name of a value of a [`ValueEnum`].
pub fn value_name(v: impl ValueEnum) -> String {
    v.to_possible_value()
        .map_or_else(String::new, |p| p.get_name().to_string())
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
    /// Character n-grams inside words, e.g. 2,5, or none [small: none; large: 2,6]
    #[arg(long, value_name = "MIN,MAX|none")]
    pub char_ngram: Option<CharRange>,
    /// Stop words to drop before stemming: none, english, or english and/or files of
    /// words, comma-separated [small: english; large: none]
    #[arg(long, value_name = "none|english|FILE,…")]
    pub stop_words: Option<String>,
    /// Concept lexicon: none, a lexicon file for your target, or builtin (the NATO-in-Asia
    /// lexicon of the built-in models) [none]
    #[arg(long, value_name = "builtin|none|FILE")]
    pub concepts: Option<String>,
    /// Weight of character n-gram features relative to words [small: 1; large: 0.7]
    #[arg(long, value_name = "W")]
    pub char_weight: Option<f64>,
    /// Normalise words and character n-grams each to unit length before --char-weight
    /// weighs the n-grams (two views side by side), instead of one norm over both
    /// [small: off; large: on]
    #[arg(long, conflicts_with = "no_view_norm")]
    pub view_norm: bool,
    /// One l2 norm over words and character n-grams together
    #[arg(long)]
    pub no_view_norm: bool,
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
    pub balance: Option<Balance>,
    /// Scale features by their Naive Bayes log-count ratio (NBSVM's features, Wang & Manning
    /// 2012) [small: off; large: on]
    #[arg(long, conflicts_with = "no_nb")]
    pub nb: bool,
    /// Do not scale features by their Naive Bayes log-count ratio
    #[arg(long)]
    pub no_nb: bool,
    /// Sample weight of each --extra label relative to a --data label; it multiplies the
    /// class-balancing weight (a weight that is not a whole number needs the sparse
    /// solver, which --solver auto picks) [1]
    #[arg(long, value_name = "W")]
    pub extra_weight: Option<f64>,
    /// Most L-BFGS iterations [1000]
    #[arg(long)]
    pub max_iter: Option<u64>,
    /// Convergence tolerance: largest gradient entry / weighted examples [1e-5]
    #[arg(long)]
    pub tol: Option<f64>,
    /// Optimiser: linfa (dense linfa-logistic), sparse (the same L-BFGS on sparse rows), or
    /// auto (sparse, linfa only while its dense matrix is at most 1 MiB) [auto]
    #[arg(long, value_enum)]
    pub solver: Option<Solver>,
    /// Decide LABEL first (is the text about the target and does it take a side?), then the
    /// other labels among themselves, with intercepts that give a text of no known feature
    /// uniform probabilities; the built-in stance model uses --two-step NONE
    #[arg(long, value_name = "LABEL", conflicts_with = "flat")]
    pub two_step: Option<String>,
    /// One softmax over all labels, also where the base model is two-step [the default]
    #[arg(long)]
    pub flat: bool,
}

impl TrainOpts {
    /// The hyper-parameters for a training set of `n_examples`: the preset, overridden by
    /// every option given (checked).
    pub fn params(&self, n_examples: usize) -> Result<CheckedParams> {
        self.params_with_base(n_examples, None)
    }

    /// The hyper-parameters for a training set of `n_examples` whose base labels are those
    /// of `builtin` (when given): that model's recorded settings under `--preset auto`,
    /// else the preset, overridden by every option given (checked).
    pub fn params_with_base(
        &self,
        n_examples: usize,
        builtin: Option<&Classifier>,
    ) -> Result<CheckedParams> {
        let mut p = match (self.preset, builtin) {
            (Preset::Auto, Some(m)) => m.training.params.clone(),
            (Preset::Auto, None) => TrainParams::for_examples(n_examples),
            (Preset::Small, _) => TrainParams::small(),
            (Preset::Large, _) => TrainParams::large(),
        };
        if let Some(r) = self.ngram {
            p.analyzer.word_ngrams = (r.0, r.1);
        }
        if let Some(CharRange(r)) = self.char_ngram {
            p.analyzer.char_ngrams = r.map(|r| (r.0, r.1));
        }
        if let Some(spec) = &self.stop_words {
            p.analyzer.stop_words = StopWordList::from_spec(spec)?;
        }
        if let Some(spec) = &self.concepts {
            p.analyzer.concepts = Lexicon::from_spec(spec)?;
        }
        if let Some(w) = self.concept_weight {
            p.tfidf.concept_weight = w;
        }
        if let Some(w) = self.char_weight {
            p.tfidf.char_weight = w;
        }
        if self.view_norm {
            p.tfidf.view_norm = true;
        }
        if self.no_view_norm {
            p.tfidf.view_norm = false;
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
            p.balance = b;
        }
        if self.nb {
            p.nb = true;
        }
        if self.no_nb {
            p.nb = false;
        }
        if let Some(w) = self.extra_weight {
            p.extra_weight = w;
        }
        if let Some(m) = self.max_iter {
            p.max_iter = m;
        }
        if let Some(t) = self.tol {
            p.tol = t;
        }
        if let Some(s) = self.solver {
            p.solver = s;
        }
        if let Some(label) = &self.two_step {
            p.two_step = Some(label.clone());
        }
        if self.flat {
            p.two_step = None;
        }
        p.check()
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
    /// else the built-in ones. A model that mirrors labels (`--polarity-field`) is said
    /// on standard error: articles carry no topic polarity, so it scores them as stated
    /// for its target.
    pub fn load(&self) -> Result<(Classifier, Classifier)> {
        let (stance, sentiment) =
            select::stance_and_sentiment(&self.model, self.model_dir.as_deref())?;
        for m in [&stance, &sentiment] {
            if let Some(mirror) = &m.training.params.mirror {
                eprintln!(
                    "standpoint: warning: the {} model was trained with labels mirrored where \
                     '{}' is -1; articles carry no such field, so each is scored as if its \
                     topic were stated for the target (+1)",
                    m.task, mirror.field
                );
            }
        }
        Ok((stance, sentiment))
    }
}

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON object per article.
    #[value(alias = "json")]
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
    /// Tab-separated values with a header.
    Tsv,
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
    #[value(alias = "jsonl")]
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
        assert_eq!(*t.o.params(100).unwrap(), TrainParams::small());
        assert_eq!(*t.o.params(5000).unwrap(), TrainParams::large());
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
        assert_eq!(p.analyzer.word_ngrams, (1, 3));
        assert!(T::parse_from(["t", "--alpha=-1"]).o.params(10).is_err());
    }

    #[test]
    fn library_enums_are_named_as_on_the_command_line() {
        assert_eq!(value_name(Balance::Oversample), "oversample");
        assert_eq!(value_name(Balance::Balanced), "balanced");
        assert_eq!(value_name(Solver::Sparse), "sparse");
        assert!(describe(&TrainParams::small()).ends_with("--balance oversample"));
    }

    #[test]
    fn ranges_parse() {
        assert_eq!("1,2".parse::<Range>().unwrap(), Range(1, 2));
        assert_eq!("3".parse::<Range>().unwrap(), Range(3, 3));
        assert!("2,1".parse::<Range>().is_err());
        assert!("0,1".parse::<Range>().is_err());
        assert!("a,b".parse::<Range>().is_err());
        assert_eq!("none".parse::<CharRange>().unwrap(), CharRange(None));
        assert_eq!(
            "2,6".parse::<CharRange>().unwrap(),
            CharRange(Some(Range(2, 6)))
        );
        assert!("nothing".parse::<CharRange>().is_err());
    }

    #[test]
    fn the_large_presets_views_and_nb_can_be_switched_off() {
        use clap::Parser;
        #[derive(Parser)]
        struct T {
            #[command(flatten)]
            o: TrainOpts,
        }
        let opts = |args: &[&str]| {
            let mut argv = vec!["t", "--preset", "large"];
            argv.extend_from_slice(args);
            T::parse_from(argv).o.params(10).unwrap().into_inner()
        };
        let large = opts(&[]);
        assert_eq!(large.analyzer.char_ngrams, Some((2, 6)));
        assert!(large.nb && large.tfidf.view_norm);
        let off = opts(&["--char-ngram", "none", "--no-nb", "--no-view-norm"]);
        assert_eq!(off.analyzer.char_ngrams, None);
        assert!(!off.nb && !off.tfidf.view_norm);
    }
}
