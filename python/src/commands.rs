//! The commands other than scoring: `train`, `evaluate`, `explain`, `segment`, `report`.
//! `train`, `evaluate` and `explain` take the command line's own arguments — the Python
//! package turns keyword arguments into them by name (`min_df=2` → `--min-df 2`) — and are
//! parsed by the command line's definitions, so options, defaults, checks and messages are
//! the command line's; [`command_options`] describes those options for the package's
//! argument handling and docstrings.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{ArgAction, CommandFactory, Parser};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use standpoint::cli::options::Notes;
use standpoint::cli::report::Keys;
use standpoint::cli::{evaluate as evaluate_cmd, train as train_cmd, Cli, Command};
use standpoint::explain::{
    explain_article, explain_model as model_terms, poles, ArticleExplanation,
};
use standpoint::ingest::{Article, Articles, Limits};
use standpoint::model::{select, Classifier};
use standpoint::pipeline::{segment_article, ArticleScorer, ScoredArticle};
use standpoint::report::{summarize, Collected, ReportParams};
use standpoint::Error;

use crate::errors::{from_clap, to_py, IntoPyResult};
use crate::input::{self, INPUT};
use crate::json_to_py;
use crate::model::Model;

/// What a command said as it worked: warnings (the package issues them with `warnings`)
/// and notes (logged).
#[derive(Default)]
struct Collect {
    warnings: Vec<String>,
    notes: Vec<String>,
}

impl Notes for Collect {
    fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }
    fn note(&mut self, note: String) {
        self.notes.push(note);
    }
}

/// Parses `argv` as the arguments of `standpoint COMMAND`.
fn parse(py: Python<'_>, command: &str, argv: Vec<String>) -> PyResult<Command> {
    let full = ["standpoint".to_string(), command.to_string()]
        .into_iter()
        .chain(argv);
    Cli::try_parse_from(full)
        .map(|c| c.command)
        .map_err(|e| from_clap(py, e))
}

/// The options of `standpoint COMMAND`, one dict each: ``name`` (the keyword:
/// ``--min-df`` → ``min_df``), ``flag``, ``kind`` (``flag``, ``value`` or ``values`` for a
/// repeatable option), ``default``, ``choices``, ``value_name``, ``heading`` and ``help``.
#[pyfunction]
pub fn command_options<'py>(py: Python<'py>, command: &str) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let mut cli = Cli::command();
    cli.build();
    let sub = cli
        .find_subcommand(command)
        .ok_or_else(|| PyValueError::new_err(format!("no command '{command}'")))?;
    let mut out = Vec::new();
    for arg in sub.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if matches!(long, "help" | "version") {
            continue;
        }
        let d = PyDict::new(py);
        d.set_item("name", long.replace('-', "_"))?;
        d.set_item("flag", format!("--{long}"))?;
        let kind = match arg.get_action() {
            ArgAction::SetTrue => "flag",
            ArgAction::Append => "values",
            _ => "value",
        };
        d.set_item("kind", kind)?;
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        d.set_item("default", defaults)?;
        let choices: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|_| kind != "flag")
            .map(|v| v.get_name().to_string())
            .collect();
        d.set_item("choices", choices)?;
        d.set_item(
            "value_name",
            arg.get_value_names()
                .and_then(|v| v.first())
                .map(|v| v.to_string()),
        )?;
        d.set_item("heading", arg.get_help_heading())?;
        let help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        d.set_item("help", help)?;
        out.push(d);
    }
    Ok(out)
}

/// Trains a model: `argv` are `standpoint train`'s arguments without `--out`. With `out`
/// the model is written there as `train` writes it (checked first, atomically, the old
/// file kept as `.bak`). Returns the model, the warnings and the notes.
#[pyfunction]
#[pyo3(signature = (argv, out = None))]
pub fn train(
    py: Python<'_>,
    mut argv: Vec<String>,
    out: Option<PathBuf>,
) -> PyResult<(Model, Vec<String>, Vec<String>)> {
    // `train` requires --out; a model trained from Python need not be written, so without
    // `out` a placeholder satisfies the parser and is never used.
    argv.push("--out".into());
    argv.push(
        out.as_ref()
            .map_or_else(|| "-".into(), |p| p.display().to_string()),
    );
    let Command::Train(args) = parse(py, "train", argv)? else {
        unreachable!("parsed as train")
    };
    let write = out.is_some();
    let mut notes = Collect::default();
    let model = py
        .detach(|| -> standpoint::Result<Classifier> {
            if write {
                standpoint::io::check_output(&args.out)?;
            }
            let model = train_cmd::fit(&args, &mut notes)?;
            if write {
                model.save(&args.out)?;
            }
            Ok(model)
        })
        .py(py)?;
    Ok((
        Model {
            inner: Arc::new(model),
        },
        notes.warnings,
        notes.notes,
    ))
}

/// What `evaluate` returns: the report, its title, the warnings and the notes.
type Evaluated<'py> = (Bound<'py, PyAny>, String, Vec<String>, Vec<String>);

/// Evaluates: `argv` are `standpoint evaluate`'s arguments. Returns the report (the keys
/// of `evaluate --format json`), its title, the warnings and the notes.
#[pyfunction]
pub fn evaluate<'py>(py: Python<'py>, argv: Vec<String>) -> PyResult<Evaluated<'py>> {
    let Command::Evaluate(args) = parse(py, "evaluate", argv)? else {
        unreachable!("parsed as evaluate")
    };
    let mut notes = Collect::default();
    let (report, title) = py
        .detach(|| evaluate_cmd::measure(&args, &mut notes))
        .py(py)?;
    Ok((json_to_py(py, &report)?, title, notes.warnings, notes.notes))
}

/// The explained model: `model` (checked to predict `task`), else `--model`, else the
/// built-in one.
fn explained_model(
    py: Python<'_>,
    model: Option<Py<Model>>,
    path: Option<&std::path::Path>,
    task: &str,
) -> PyResult<Arc<Classifier>> {
    match model {
        Some(m) => {
            let m = Arc::clone(&m.get().inner);
            m.expect_task(task, &format!("the {task} model given"))
                .py(py)?;
            Ok(m)
        }
        None => Ok(Arc::new(select::for_task(path, task).py(py)?)),
    }
}

/// A model's strongest features per class: `argv` are `standpoint explain`'s arguments
/// without paths. Returns `explain --format json`'s object (``task``, ``target``, ``classes``).
#[pyfunction]
#[pyo3(signature = (argv, model = None))]
pub fn explain_model<'py>(
    py: Python<'py>,
    argv: Vec<String>,
    model: Option<Py<Model>>,
) -> PyResult<Bound<'py, PyAny>> {
    let Command::Explain(args) = parse(py, "explain", argv)? else {
        unreachable!("parsed as explain")
    };
    let m = explained_model(py, model, args.model.as_deref(), &args.task)?;
    Ok(pythonize::pythonize(py, &model_terms(&m, args.top))?)
}

/// Why articles scored as they did: `argv` are `standpoint explain`'s arguments (with the
/// paths to read, unless `items` holds the articles). Returns one dict per article,
/// `explain --format json`'s lines.
#[pyfunction]
#[pyo3(signature = (argv, items = None, model = None))]
pub fn explain<'py>(
    py: Python<'py>,
    argv: Vec<String>,
    items: Option<Bound<'py, PyAny>>,
    model: Option<Py<Model>>,
) -> PyResult<Bound<'py, PyList>> {
    let Command::Explain(args) = parse(py, "explain", argv)? else {
        unreachable!("parsed as explain")
    };
    poles(&args.task).py(py)?;
    let m = explained_model(py, model, args.model.as_deref(), &args.task)?;
    let limits = args.input.limits();
    let given = match &items {
        Some(items) => Some(input::articles(items, limits)?),
        None => None,
    };
    let explained = py
        .detach(|| -> standpoint::Result<Vec<ArticleExplanation>> {
            let (stance, sentiment) = select::beside_builtin((*m).clone(), &args.task)?;
            let mut scorer = ArticleScorer::new(&stance, &sentiment)?;
            let articles: Box<dyn Iterator<Item = standpoint::Result<Article>>> = match given {
                Some(v) => Box::new(v.into_iter()),
                None => Box::new(
                    Articles::open(&args.paths, limits)?.with_columns(args.input.columns()),
                ),
            };
            articles
                .map(|a| explain_article(&mut scorer, &args.task, &a?, args.paragraphs, args.top))
                .collect()
        })
        .py(py)?;
    let list = PyList::empty(py);
    for e in &explained {
        list.append(json_to_py(py, e)?)?;
    }
    Ok(list)
}

/// Segments articles — `items` in memory, else `paths` read as `segment` reads them —
/// and returns one dict per article: its metadata, ``paragraphs`` (`segment --format
/// jsonl`'s records), ``dropped`` (each dropped line with its rule) and ``removed`` (what
/// HTML extraction removed from a page: ``what`` and ``text``).
#[pyfunction]
#[pyo3(signature = (items = None, paths = Vec::new(), max_article_bytes = None,
                    max_line_bytes = None, max_paragraphs = None, encoding = None))]
pub fn segment<'py>(
    py: Python<'py>,
    items: Option<Bound<'py, PyAny>>,
    paths: Vec<PathBuf>,
    max_article_bytes: Option<usize>,
    max_line_bytes: Option<usize>,
    max_paragraphs: Option<usize>,
    encoding: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let limits: Limits = input::limits(max_article_bytes, max_line_bytes, max_paragraphs, encoding)
        .map_err(|m| to_py(py, Error::params(m)))?;
    let articles: Vec<standpoint::Result<Article>> = match &items {
        Some(items) => input::articles(items, limits)?,
        None => py
            .detach(|| Articles::open(&paths, limits).map(|a| a.collect()))
            .py(py)?,
    };
    let list = PyList::empty(py);
    for a in articles {
        let a = a.py(py)?;
        let s = segment_article(&a);
        let d = PyDict::new(py);
        d.set_item("id", &a.id)?;
        d.set_item("source", &s.meta.source)?;
        d.set_item("title", &s.meta.title)?;
        d.set_item("date", &s.meta.date)?;
        d.set_item("author", &s.meta.author)?;
        d.set_item("url", &s.meta.url)?;
        d.set_item("file", &a.file)?;
        d.set_item("line", a.line)?;
        d.set_item("paragraphs", pythonize::pythonize(py, &s.paragraphs)?)?;
        d.set_item("dropped", pythonize::pythonize(py, &s.dropped)?)?;
        d.set_item("removed", pythonize::pythonize(py, &s.removed)?)?;
        list.append(d)?;
    }
    Ok(list)
}

/// The per-source summary of scored articles (dicts in `score --format jsonl`'s shape),
/// as `report` makes it; returns `report --format json`'s object and the warnings.
#[pyfunction]
#[pyo3(signature = (scored, by = "source", min_articles = 1, resamples = 2000, seed = 0,
                    level = 0.95, dedup = false))]
#[allow(clippy::too_many_arguments)]
pub fn report<'py>(
    py: Python<'py>,
    scored: &Bound<'py, PyList>,
    by: &str,
    min_articles: usize,
    resamples: usize,
    seed: u64,
    level: f64,
    dedup: bool,
) -> PyResult<(Bound<'py, PyAny>, Vec<String>)> {
    let keys: Keys = by
        .parse()
        .map_err(|e: String| to_py(py, Error::params(format!("by={by:?}: {e}"))))?;
    let mut collected = Collected::new(dedup);
    for (i, item) in scored.iter().enumerate() {
        let line = i + 1;
        let value: serde_json::Value = pythonize::depythonize(&item).map_err(|e| {
            to_py(
                py,
                Error::line(INPUT, line, format!("not a scored article: {e}")),
            )
        })?;
        let a: ScoredArticle = serde_json::from_value(value).map_err(|e| {
            to_py(
                py,
                Error::line(
                    INPUT,
                    line,
                    format!("not a scored article (the output of `standpoint score`): {e}"),
                ),
            )
        })?;
        collected.push(a, format!("{INPUT}:{line}")).py(py)?;
    }
    let mut warnings = Vec::new();
    if collected.dropped() > 0 {
        warnings.push(format!(
            "{} article(s) with a repeated id left out (dedup=True)",
            collected.dropped()
        ));
    }
    let articles = collected.into_articles();
    if articles.is_empty() {
        return Err(to_py(py, Error::params("no articles to report on")));
    }
    let params = ReportParams {
        by: keys.0,
        resamples,
        seed,
        level,
        min_articles,
    };
    let r = py.detach(|| summarize(&articles, &params)).py(py)?;
    Ok((json_to_py(py, &r)?, warnings))
}
