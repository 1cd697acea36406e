//! `standpoint train` — fit a model on labelled paragraphs and write it atomically.
//!
//! ```text
//! standpoint train --task stance|sentiment|FIELD --data FILE... --out FILE
//!                  [--cv auto|loao|none|K] [--seed N] [model options]
//!   --task    the JSONL field that holds the label (stance and sentiment have fixed labels)
//!   --cv      cross-validate first and store the figures in the model's manifest:
//!             loao = leave one article out (the `article` field), K = stratified K-fold,
//!             auto = loao when every record has an article, else none
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::options::TrainOpts;
use crate::error::{display_path, Error, Result};
use crate::evaluate::cv::{cross_validate, Folds};
use crate::evaluate::search::search_alpha;
use crate::ingest::labels::{self, Example, Fields, Source, Task};
use crate::ingest::merge::{conflicts_within, duplicate_ids, merge, MergeReport, Prefer};
use crate::ingest::Encoding;
use crate::io::sha256_file;
use crate::model::{Classifier, CvRecord, DataFile, Training};

/// Cross-validation choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CvChoice {
    /// Leave one article out when every record names one.
    Auto,
    /// Leave one article out.
    Loao,
    /// No cross-validation.
    None,
    /// Stratified K-fold.
    K(usize),
    /// Hold out the records of one group (`--group-field`), train on the rest.
    Holdout(String),
}

impl std::str::FromStr for CvChoice {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(CvChoice::Auto),
            "loao" => Ok(CvChoice::Loao),
            "none" => Ok(CvChoice::None),
            h if h.len() > "holdout:".len() && h.starts_with("holdout:") => {
                Ok(CvChoice::Holdout(h["holdout:".len()..].to_string()))
            }
            k => match k.parse::<usize>() {
                Ok(k) if k >= 2 => Ok(CvChoice::K(k)),
                _ => Err(format!(
                    "'{s}': expected auto, loao, none, a number of folds >= 2, or holdout:GROUP"
                )),
            },
        }
    }
}

impl CvChoice {
    /// The folds to use for `examples`, if any.
    pub fn folds(self, examples: &[Example], seed: u64) -> Option<Folds> {
        match self {
            CvChoice::None => None,
            CvChoice::Loao => Some(Folds::Groups),
            CvChoice::K(k) => Some(Folds::Stratified { k, seed }),
            CvChoice::Holdout(g) => Some(Folds::Holdout(g)),
            CvChoice::Auto => {
                let mut groups = examples.iter().map(|e| e.group.as_deref());
                let all = groups.clone().all(|g| g.is_some());
                let first = groups.next().flatten();
                let several = examples.iter().any(|e| e.group.as_deref() != first);
                (all && several).then_some(Folds::Groups)
            }
        }
    }
}

/// Shared input options for label files.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct DataOpts {
    /// What to predict: stance, sentiment, or the name of any label field
    #[arg(long)]
    pub task: String,
    /// Labelled JSONL, CSV or TSV files
    #[arg(long, num_args = 1.., value_name = "FILE", required_unless_present = "lines")]
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
    /// Encoding of the input files
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Extra label files (JSONL, CSV or TSV) merged with --data: repeated paragraphs are kept
    /// once; conflicting labels stop the run unless --prefer says which side wins
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub extra: Vec<PathBuf>,
    /// Which label wins when --data and --extra disagree about a paragraph
    #[arg(long, value_enum, default_value_t = Prefer::Neither)]
    pub prefer: Prefer,
    /// Keep paragraphs that the --data files label in more than one way, and records that
    /// share an id, as given, with a warning (for public data sets where one text carries
    /// several labels); by default either stops the run
    #[arg(long)]
    pub allow_conflicts: bool,
}

/// The labelled data read for a command.
#[derive(Debug)]
pub struct Labelled {
    /// The task.
    pub task: Task,
    /// The examples, merged.
    pub examples: Vec<Example>,
    /// Each file read, in order, with its role (`data` or `extra`).
    pub files: Vec<(labels::FileSummary, Source, &'static str)>,
    /// The merge, when there were extra files.
    pub merge: Option<MergeReport>,
}

fn parse_where(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("'{s}': expected FIELD=VALUE")),
    }
}

impl DataOpts {
    /// The sources in command-line order: `--data` files, then `--lines` files.
    pub fn sources(&self) -> Vec<Source> {
        self.data
            .iter()
            .map(|p| Source::File(p.clone()))
            .chain(self.lines.iter().cloned())
            .collect()
    }

    /// The task and its labelled examples, base and extra files merged (repeated
    /// paragraphs kept once, conflicts reported).
    pub fn read(&self) -> Result<Labelled> {
        let task = Task::named(&self.task);
        let fields = Fields {
            text: self.text_field.clone(),
            group: self.group_field.clone(),
            filters: self.filters.clone(),
            encoding: self.encoding,
        };
        let sources = self.sources();
        let (base, base_files) = labels::read(&sources, &task, &fields)?;
        let mut files: Vec<_> = base_files
            .into_iter()
            .zip(sources.iter().cloned())
            .map(|(f, s)| (f, s, "data"))
            .collect();
        let extra_sources: Vec<Source> =
            self.extra.iter().map(|p| Source::File(p.clone())).collect();
        let (extra, extra_files) = if extra_sources.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            labels::read(&extra_sources, &task, &fields)?
        };
        files.extend(
            extra_files
                .into_iter()
                .zip(extra_sources)
                .map(|(f, s)| (f, s, "extra")),
        );
        // The base files are taken as they are, once they agree with themselves; only extra
        // labels are merged into them.
        for (problems, what) in [
            (
                conflicts_within(&base),
                "paragraph(s) have conflicting labels",
            ),
            (duplicate_ids(&base), "id(s) are used more than once"),
        ] {
            if problems.is_empty() {
                continue;
            }
            let shown = problems
                .iter()
                .take(20)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n");
            let more = match problems.len() {
                n if n > 20 => format!("\n  … and {} more", n - 20),
                _ => String::new(),
            };
            if !self.allow_conflicts {
                return Err(Error::data(format!(
                    "{} {what} in the --data files:\n{shown}{more}\n\
                     fix the files, or pass --allow-conflicts to keep them as given",
                    problems.len()
                )));
            }
            eprintln!(
                "standpoint: warning: {} {what} in the --data files; kept as given \
                 (--allow-conflicts)",
                problems.len()
            );
        }
        let (examples, report) = if self.extra.is_empty() {
            (base, None)
        } else {
            let (m, r) = merge(base, extra, self.prefer)?;
            (m, Some(r))
        };
        if examples.is_empty() {
            return Err(Error::params(format!(
                "no record in {} has a '{}' label",
                files
                    .iter()
                    .map(|f| display_path(f.1.path()))
                    .collect::<Vec<_>>()
                    .join(", "),
                task.field
            )));
        }
        Ok(Labelled {
            task,
            examples,
            files,
            merge: report,
        })
    }
}

/// Train a stance, sentiment or other classifier on labelled paragraphs.
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataOpts,
    /// Where to write the model (atomically; an existing file is kept as FILE.bak)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Cross-validation before training: auto, loao, none, a number of folds, or
    /// holdout:GROUP
    #[arg(long, default_value = "auto")]
    pub cv: CvChoice,
    /// Seed for stratified folds
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Threads for cross-validation folds
    #[arg(long, default_value_t = default_threads())]
    pub threads: usize,
    /// Choose α by cross-validation on the training data (leave one article out when there
    /// are three or more articles, else stratified 5-fold) from 0.01 … 10
    #[arg(long)]
    pub search: bool,
    #[command(flatten)]
    pub model: TrainOpts,
}

/// The machine's parallelism.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `train`.
pub fn run(args: TrainArgs) -> Result<()> {
    crate::io::check_output(&args.out)?;
    let Labelled {
        task,
        examples,
        files,
        merge,
    } = args.data.read()?;
    if let Some(m) = &merge {
        eprintln!(
            "merged {} base and {} extra labels: {} duplicates dropped, {} conflicts settled by --prefer, {} examples",
            m.base, m.extra, m.duplicates, m.conflicts_resolved, m.merged
        );
    }
    let mut params = args.model.params(examples.len())?;
    let search = if args.search {
        let (p, record) = search_alpha(&params, &examples, args.threads)?;
        params = p;
        eprintln!("search ({}): α = {}", record.scheme, record.alpha);
        Some(record)
    } else {
        None
    };
    let cv = match args.cv.clone().folds(&examples, args.seed) {
        Some(folds) => {
            let out = cross_validate(&params, &examples, &folds, args.threads, args.search)?;
            Some(CvRecord {
                scheme: folds.describe(),
                folds: out.report.folds.as_ref().map_or(0, Vec::len),
                report: out.report,
            })
        }
        None => None,
    };
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let fitted = params.fit(&texts, &labels)?;
    let mut class_counts = BTreeMap::new();
    for l in &labels {
        *class_counts.entry(l.to_string()).or_insert(0usize) += 1;
    }
    let data = files
        .iter()
        .map(|(s, source, role)| {
            let (sha256, bytes) = sha256_file(&s.path)?;
            Ok(DataFile {
                path: match source {
                    Source::File(p) => display_path(p),
                    Source::Lines { path, label } => format!("{}={label}", display_path(path)),
                },
                role: role.to_string(),
                sha256,
                bytes,
                rows: s.rows,
                used: s.labelled,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let training = Training {
        tool: format!("standpoint {}", env!("CARGO_PKG_VERSION")),
        label_field: task.field.clone(),
        text_field: args.data.text_field.join("+"),
        data,
        class_counts: class_counts.clone(),
        params,
        fit: fitted.report.clone(),
        cv,
        search,
        merge,
    };
    let model = Classifier::new(&task.field, fitted, training);
    model.save(&args.out)?;
    let f = &model.training.fit;
    eprintln!(
        "wrote {}: {} model, {} examples {:?}, {} features",
        display_path(&args.out),
        task.field,
        f.examples,
        class_counts,
        f.features
    );
    eprintln!(
        "fit: training loss {:.4} (class prior {:.4}), training accuracy {:.3}, gradient {:.1e}",
        f.training_loss, f.prior_loss, f.training_accuracy, f.gradient
    );
    if let Some(cv) = &model.training.cv {
        let r = &cv.report;
        eprintln!(
            "cv ({}): accuracy {:.3}, macro-F1 {:.3}{}",
            cv.scheme,
            r.accuracy,
            r.macro_f1,
            r.f_avg.map_or(String::new(), |f| format!(", F_avg {f:.3}"))
        );
    }
    Ok(())
}
