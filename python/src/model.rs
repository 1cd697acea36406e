//! `Model`: one trained classifier — loaded from a model file, trained by `train`, or
//! built in — to score with, inspect and save.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use standpoint::explain::top_terms;
use standpoint::model::{builtin, Classifier};

use crate::errors::IntoPyResult;
use crate::json_to_py;

/// A trained standpoint classifier (a model file's contents).
///
/// Load one with ``Model.load(path)``, take a built-in one with ``Model.builtin("stance")``,
/// or train one with ``standpoint.train(...)``. Pass it to ``Scorer(stance=...)`` or
/// ``Scorer(sentiment=...)``, save it with ``save(path)``.
#[pyclass(module = "standpoint._native", frozen)]
pub struct Model {
    pub inner: Arc<Classifier>,
}

#[pymethods]
impl Model {
    /// Reads a model file (as ``standpoint score --model FILE`` does).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let m = py.detach(|| Classifier::load(&path)).py(py)?;
        Ok(Model { inner: Arc::new(m) })
    }

    /// The built-in model of ``task`` (``"stance"`` or ``"sentiment"``).
    #[staticmethod]
    fn builtin(py: Python<'_>, task: &str) -> PyResult<Self> {
        let m = builtin::load(task).py(py)?;
        Ok(Model { inner: Arc::new(m) })
    }

    /// Reads a model from its JSON text; ``origin`` names it in error messages.
    #[staticmethod]
    #[pyo3(signature = (text, origin = "<json>"))]
    fn from_json(py: Python<'_>, text: &str, origin: &str) -> PyResult<Self> {
        let m = Classifier::from_json(text, origin).py(py)?;
        Ok(Model { inner: Arc::new(m) })
    }

    /// The model file's JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Writes the model file atomically; a file already at ``path`` is kept as
    /// ``path.bak`` (as ``standpoint train --out`` does).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let m = Arc::clone(&self.inner);
        py.detach(move || m.save(&path)).py(py)
    }

    /// The task: the label field it predicts (``"stance"``, ``"sentiment"``, …).
    #[getter]
    fn task(&self) -> String {
        self.inner.task.clone()
    }

    /// Its labels, in the model's order.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels.clone()
    }

    /// How it was trained (``standpoint model info --format json``'s ``training``): tool
    /// version, data files with sha256, settings, fit checks, cross-validation figures.
    #[getter]
    fn training<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.training)
    }

    /// The ``top`` features with the largest weight for each class (``standpoint explain``
    /// without articles): ``[{"label", "terms": [{"feature", "weight"}, …]}, …]``.
    #[pyo3(signature = (top = 12))]
    fn top_terms<'py>(&self, py: Python<'py>, top: usize) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &top_terms(&self.inner, top))
    }

    fn __repr__(&self) -> String {
        let f = &self.inner.training.fit;
        format!(
            "Model(task={:?}, labels={:?}, features={}, examples={})",
            self.inner.task, self.inner.labels, f.features, f.examples
        )
    }
}
