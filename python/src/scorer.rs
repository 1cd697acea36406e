//! `Scorer`: a stance and a sentiment model, loaded once, scoring articles held in Python
//! (texts, records, columns) or read from paths, on the library's worker pool with the GIL
//! released.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use standpoint::ingest::{Article, Articles, Limits};
use standpoint::model::{select, Classifier};
use standpoint::pipeline::{score_all, ArticleScorer, ScoredArticle};

use crate::errors::{to_py, IntoPyResult};
use crate::input;
use crate::model::Model;

/// How many times this process has loaded a scorer's models.
static LOADS: AtomicUsize = AtomicUsize::new(0);

/// How many times this process has loaded a ``Scorer``'s models (Spark's workers keep
/// one scorer per process; tests check this stays at one).
#[pyfunction]
pub fn load_count() -> usize {
    LOADS.load(Ordering::SeqCst)
}

/// The number of cores available to this process: the default number of threads.
#[pyfunction]
pub fn available_threads() -> usize {
    standpoint::parallel::available_threads()
}

/// A model given from Python: a path to a model file, or a `Model`.
#[derive(FromPyObject)]
pub enum ModelArg {
    /// A `Model` object.
    Model(Py<Model>),
    /// A model file.
    Path(PathBuf),
}

impl ModelArg {
    /// The classifier, checked to predict `task`.
    pub fn load(&self, py: Python<'_>, task: &str) -> PyResult<Arc<Classifier>> {
        match self {
            ModelArg::Model(m) => {
                let m = &m.get().inner;
                m.expect_task(task, &format!("the {task} model given"))
                    .py(py)?;
                Ok(Arc::clone(m))
            }
            ModelArg::Path(p) => Ok(Arc::new(
                py.detach(|| select::for_task(Some(p), task)).py(py)?,
            )),
        }
    }
}

/// Columns of a scored data frame, in order, with the kind of value each holds.
pub const FRAME_COLUMNS: [(&str, &str); 17] = [
    ("id", "str"),
    ("source", "str"),
    ("title", "str"),
    ("date", "str"),
    ("author", "str"),
    ("url", "str"),
    ("stance", "str"),
    ("stance_index", "float"),
    ("p_favor", "float"),
    ("p_against", "float"),
    ("p_none", "float"),
    ("sentiment", "str"),
    ("p_positive", "float"),
    ("p_negative", "float"),
    ("p_neutral", "float"),
    ("paragraphs", "int"),
    ("paragraph_scores", "paragraphs"),
];

/// Scores articles' stance toward NATO's larger role in Asia and their sentiment.
#[pyclass(module = "standpoint._native", frozen)]
pub struct Scorer {
    stance: Arc<Classifier>,
    sentiment: Arc<Classifier>,
    threads: usize,
    limits: Limits,
}

/// Scored articles in input order (`None` where an input was skipped) and the warnings
/// for what was skipped.
type Scored = (Vec<Option<ScoredArticle>>, Vec<String>);

impl Scorer {
    /// Scores `articles`; a bad one is an error unless `skip_bad`, when it is `None` with a
    /// warning.
    fn score_articles(
        &self,
        py: Python<'_>,
        articles: Vec<standpoint::Result<Article>>,
        detail: bool,
        skip_bad: bool,
    ) -> PyResult<Scored> {
        let mut warnings = Vec::new();
        let mut good = Vec::with_capacity(articles.len());
        let mut slots = Vec::with_capacity(articles.len());
        for a in articles {
            match a {
                Ok(a) => {
                    slots.push(true);
                    good.push(a);
                }
                Err(e) if skip_bad => {
                    warnings.push(format!("skipped: {e}"));
                    slots.push(false);
                }
                Err(e) => return Err(to_py(py, e)),
            }
        }
        let prototype = ArticleScorer::new(&self.stance, &self.sentiment).py(py)?;
        let threads = self.threads;
        let mut scored = py
            .detach(|| score_all(&prototype, &good, threads, detail))
            .into_iter();
        let out = slots
            .into_iter()
            .map(|ok| if ok { scored.next() } else { None })
            .collect();
        Ok((out, warnings))
    }
}

#[pymethods]
impl Scorer {
    /// Loads the models: ``stance`` and ``sentiment`` (a model file's path or a ``Model``)
    /// where given, else ``model_dir``'s ``stance.json`` / ``sentiment.json``, else the
    /// built-in ones. ``threads`` defaults to the cores available; the limits and
    /// ``encoding`` are ``score``'s input options (``None``: its defaults).
    #[new]
    #[pyo3(signature = (stance = None, sentiment = None, model_dir = None, threads = None,
                        max_article_bytes = None, max_line_bytes = None, max_paragraphs = None,
                        encoding = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        stance: Option<ModelArg>,
        sentiment: Option<ModelArg>,
        model_dir: Option<PathBuf>,
        threads: Option<usize>,
        max_article_bytes: Option<usize>,
        max_line_bytes: Option<usize>,
        max_paragraphs: Option<usize>,
        encoding: Option<&str>,
    ) -> PyResult<Self> {
        let limits = input::limits(max_article_bytes, max_line_bytes, max_paragraphs, encoding)
            .map_err(|m| to_py(py, standpoint::Error::params(m)))?;
        if threads == Some(0) {
            return Err(to_py(
                py,
                standpoint::Error::params("threads must be at least 1"),
            ));
        }
        let pick = |given: &Option<ModelArg>, task: &str| -> PyResult<Arc<Classifier>> {
            match given {
                Some(m) => m.load(py, task),
                None => {
                    let dir = model_dir.as_deref();
                    let (st, se) = py
                        .detach(|| select::stance_and_sentiment(&[], dir))
                        .py(py)?;
                    Ok(Arc::new(if task == "stance" { st } else { se }))
                }
            }
        };
        let stance = pick(&stance, "stance")?;
        let sentiment = pick(&sentiment, "sentiment")?;
        // The pair must make an article scorer (stance and sentiment labels).
        ArticleScorer::new(&stance, &sentiment).py(py)?;
        LOADS.fetch_add(1, Ordering::SeqCst);
        Ok(Scorer {
            stance,
            sentiment,
            threads: threads.unwrap_or_else(standpoint::parallel::available_threads),
            limits,
        })
    }

    /// Worker threads used to score.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }

    /// The stance model.
    #[getter]
    fn stance(&self) -> Model {
        Model {
            inner: Arc::clone(&self.stance),
        }
    }

    /// The sentiment model.
    #[getter]
    fn sentiment(&self) -> Model {
        Model {
            inner: Arc::clone(&self.sentiment),
        }
    }

    /// Scores a list of texts or records, or a dict of columns; returns one dict per
    /// article in ``score --format jsonl``'s shape (``None`` for an input skipped with
    /// ``skip_bad``) and the warnings.
    #[pyo3(signature = (items, paragraphs = false, skip_bad = false))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        paragraphs: bool,
        skip_bad: bool,
    ) -> PyResult<(Bound<'py, PyList>, Vec<String>)> {
        let articles = input::articles(items, self.limits)?;
        let (scored, warnings) = self.score_articles(py, articles, paragraphs, skip_bad)?;
        Ok((dicts(py, &scored)?, warnings))
    }

    /// Scores files, directories and ``.jsonl`` files as ``standpoint score PATH…`` reads
    /// them; returns the dicts (skipped inputs left out), or with ``as_columns`` the
    /// columns of ``score_columns``, and the warnings.
    #[pyo3(signature = (paths, paragraphs = false, skip_bad = false, as_columns = false))]
    fn score_paths<'py>(
        &self,
        py: Python<'py>,
        paths: Vec<PathBuf>,
        paragraphs: bool,
        skip_bad: bool,
        as_columns: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Vec<String>)> {
        let limits = self.limits;
        let read: standpoint::Result<Vec<standpoint::Result<Article>>> =
            py.detach(|| Ok(Articles::open(&paths, limits)?.lenient(skip_bad).collect()));
        let articles = read.py(py)?;
        let (scored, warnings) = self.score_articles(py, articles, paragraphs, skip_bad)?;
        let kept: Vec<Option<ScoredArticle>> = scored.into_iter().filter(Option::is_some).collect();
        let out = match as_columns {
            true => columns(py, &kept, true, paragraphs)?.into_any(),
            false => dicts(py, &kept)?.into_any(),
        };
        Ok((out, warnings))
    }

    /// Scores a dict of columns (or a list) and returns the scores as columns, one value
    /// per input row (``None`` for a row skipped with ``skip_bad``): the fields of
    /// ``FRAME_COLUMNS`` — ``id`` only when ``with_id``, ``paragraph_scores`` only with
    /// ``paragraphs`` — and the warnings. With ``text_lines`` a paragraph's ``line`` is
    /// its line in the article's text rather than in the input (for inputs cut into
    /// batches, as Spark's, whose positions mean nothing).
    #[pyo3(signature = (items, paragraphs = false, skip_bad = false, with_id = true, text_lines = false))]
    fn score_columns<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        paragraphs: bool,
        skip_bad: bool,
        with_id: bool,
        text_lines: bool,
    ) -> PyResult<(Bound<'py, PyDict>, Vec<String>)> {
        let mut articles = input::articles(items, self.limits)?;
        if text_lines {
            for a in articles.iter_mut().flatten() {
                a.line = 1;
            }
        }
        let (scored, warnings) = self.score_articles(py, articles, paragraphs, skip_bad)?;
        Ok((columns(py, &scored, with_id, paragraphs)?, warnings))
    }
}

/// One dict per scored article (`None` where there is none).
fn dicts<'py>(py: Python<'py>, scored: &[Option<ScoredArticle>]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for a in scored {
        match a {
            Some(a) => list.append(pythonize::pythonize(py, a)?)?,
            None => list.append(py.None())?,
        }
    }
    Ok(list)
}

/// The scores as columns (see [`FRAME_COLUMNS`]).
fn columns<'py>(
    py: Python<'py>,
    scored: &[Option<ScoredArticle>],
    with_id: bool,
    paragraphs: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let text = |f: fn(&ScoredArticle) -> Option<&str>| -> Vec<Option<&str>> {
        scored.iter().map(|a| a.as_ref().and_then(f)).collect()
    };
    let num = |f: fn(&ScoredArticle) -> Option<f64>| -> Vec<Option<f64>> {
        scored.iter().map(|a| a.as_ref().and_then(f)).collect()
    };
    for (name, _) in FRAME_COLUMNS {
        match name {
            "id" if with_id => out.set_item(name, text(|a| Some(&a.id)))?,
            "id" => {}
            "source" => out.set_item(name, text(|a| Some(&a.source)))?,
            "title" => out.set_item(name, text(|a| a.title.as_deref()))?,
            "date" => out.set_item(name, text(|a| a.date.as_deref()))?,
            "author" => out.set_item(name, text(|a| a.author.as_deref()))?,
            "url" => out.set_item(name, text(|a| a.url.as_deref()))?,
            "stance" => {
                out.set_item(name, text(|a| a.stance.as_ref().map(|s| s.label.as_str())))?
            }
            "stance_index" => out.set_item(name, num(|a| a.stance.as_ref().map(|s| s.index)))?,
            "p_favor" => out.set_item(name, num(|a| a.stance.as_ref().map(|s| s.probs.favor)))?,
            "p_against" => {
                out.set_item(name, num(|a| a.stance.as_ref().map(|s| s.probs.against)))?
            }
            "p_none" => out.set_item(name, num(|a| a.stance.as_ref().map(|s| s.probs.none)))?,
            "sentiment" => out.set_item(
                name,
                text(|a| a.sentiment.as_ref().map(|s| s.label.as_str())),
            )?,
            "p_positive" => out.set_item(
                name,
                num(|a| a.sentiment.as_ref().map(|s| s.probs.positive)),
            )?,
            "p_negative" => out.set_item(
                name,
                num(|a| a.sentiment.as_ref().map(|s| s.probs.negative)),
            )?,
            "p_neutral" => {
                out.set_item(name, num(|a| a.sentiment.as_ref().map(|s| s.probs.neutral)))?
            }
            "paragraphs" => out.set_item(
                name,
                scored
                    .iter()
                    .map(|a| a.as_ref().map(|a| a.paragraphs))
                    .collect::<Vec<_>>(),
            )?,
            "paragraph_scores" if paragraphs => {
                let list = PyList::empty(py);
                for a in scored {
                    match a.as_ref().and_then(|a| a.paragraph_scores.as_ref()) {
                        Some(p) => list.append(pythonize::pythonize(py, p)?)?,
                        None => list.append(py.None())?,
                    }
                }
                out.set_item(name, list)?
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The columns of a scored frame and the kind of value each holds.
#[pyfunction]
pub fn frame_columns() -> Vec<(&'static str, &'static str)> {
    FRAME_COLUMNS.to_vec()
}
