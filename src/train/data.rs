//! A labelled data set for training or evaluation: the `--data` and `--lines` files read
//! for a task, checked for conflicting labels and repeated ids, and the `--extra` and
//! `--train-also` files merged in (each example keeps its [`Role`]).

use super::merge::{conflicts_within, duplicate_ids, merge, Prefer};
use crate::error::{display_path, Error, Result};
use crate::ingest::label_files::{self, Example, Fields, FileSummary, Role, Source, Task};
use crate::model::manifest::MergeReport;
use crate::model::Mirror;

/// Which label files make a data set, and how they are read and merged.
#[derive(Debug, Clone)]
pub struct DataSpec {
    /// The task: `stance`, `sentiment`, or the name of any label field.
    pub task: String,
    /// The base sources, in order: files with named fields, then one-example-per-line files.
    pub sources: Vec<Source>,
    /// Extra label files merged into the base: repeated paragraphs are kept once.
    pub extra: Vec<Source>,
    /// Label files merged like the extra ones whose examples only train: in every
    /// cross-validation fold's training part, never held out.
    pub train_also: Vec<Source>,
    /// Which fields are read, which records kept, and how files are decoded.
    pub fields: Fields,
    /// Which label wins when a base and an extra file disagree about a paragraph.
    pub prefer: Prefer,
    /// Keep conflicting labels and repeated ids within the base files (with a warning)
    /// instead of stopping.
    pub allow_conflicts: bool,
    /// The two labels `fields.polarity` swaps, when they are named (else found from the
    /// labels, see [`Mirror::among`]).
    pub opposites: Option<[String; 2]>,
}

/// One file read for a data set.
#[derive(Debug, Clone)]
pub struct FileRead {
    /// What was read from it.
    pub summary: FileSummary,
    /// The source as given.
    pub source: Source,
    /// `data` (a base source), `extra` or `train-also`.
    pub role: &'static str,
}

/// A labelled data set, read and merged.
#[derive(Debug)]
pub struct LabelledData {
    /// The task.
    pub task: Task,
    /// The examples, merged.
    pub examples: Vec<Example>,
    /// Each file read, in order.
    pub files: Vec<FileRead>,
    /// The merge, when there were extra files.
    pub merge: Option<MergeReport>,
    /// How labels are mirrored, when the records name their topic's polarity.
    pub mirror: Option<Mirror>,
}

/// How many conflicts or repeated ids a message lists before `… and N more`.
const SHOWN: usize = 20;

impl DataSpec {
    /// Reads the task's labelled examples: the base files are taken as they are once they
    /// agree with themselves (conflicting labels or repeated ids stop the read unless
    /// `allow_conflicts`, which passes a warning to `warn` instead); only extra labels are
    /// merged into them.
    pub fn read(&self, mut warn: impl FnMut(String)) -> Result<LabelledData> {
        let task = Task::named(&self.task);
        let (base, base_files) = label_files::read(&self.sources, &task, &self.fields)?;
        let mut files: Vec<FileRead> = base_files
            .into_iter()
            .zip(self.sources.iter().cloned())
            .map(|(summary, source)| FileRead {
                summary,
                source,
                role: "data",
            })
            .collect();
        let mut extra = Vec::new();
        for (sources, role) in [
            (&self.extra, Role::Extra),
            (&self.train_also, Role::TrainAlso),
        ] {
            if sources.is_empty() {
                continue;
            }
            let (mut examples, summaries) = label_files::read(sources, &task, &self.fields)?;
            for e in &mut examples {
                e.role = role;
            }
            extra.extend(examples);
            files.extend(summaries.into_iter().zip(sources.iter().cloned()).map(
                |(summary, source)| FileRead {
                    summary,
                    source,
                    role: role.as_str(),
                },
            ));
        }
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
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n");
            let more = match problems.len() {
                n if n > SHOWN => format!("\n  … and {} more", n - SHOWN),
                _ => String::new(),
            };
            if !self.allow_conflicts {
                return Err(Error::data(format!(
                    "{} {what} in the --data files:\n{shown}{more}\n\
                     fix the files, or pass --allow-conflicts to keep them as given",
                    problems.len()
                )));
            }
            warn(format!(
                "{} {what} in the --data files; kept as given (--allow-conflicts)",
                problems.len()
            ));
        }
        let (examples, report) = if self.extra.is_empty() && self.train_also.is_empty() {
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
                    .map(|f| display_path(f.source.path()))
                    .collect::<Vec<_>>()
                    .join(", "),
                task.field
            )));
        }
        let mirror = match &self.fields.polarity {
            None => None,
            Some(field) => {
                let mut labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
                labels.sort_unstable();
                labels.dedup();
                Some(Mirror::among(field, &labels, self.opposites.as_ref())?)
            }
        };
        Ok(LabelledData {
            task,
            examples,
            files,
            merge: report,
            mirror,
        })
    }
}
