//! `standpoint._native`: the standpoint library bound to Python with PyO3. It converts
//! Python values to the library's types and back and calls the library; the Python package
//! around it (`python/standpoint/`) adds data frames and Spark. Nothing here scores,
//! trains or reports by itself, so the Python output cannot drift from the command line's.
//!
//! * [`scorer`]: `Scorer` — articles in, the fields of `score --format jsonl` out;
//! * [`model`]: `Model` — a trained classifier (load, save, inspect);
//! * [`commands`]: `train`, `evaluate`, `explain`, `segment`, `report`, and the command
//!   line's option definitions, which the Python functions take by name;
//! * [`input`]: Python lists, dicts and columns → articles, read as JSONL lines are;
//! * [`errors`]: library errors → the package's exceptions, with the command line's message.

mod commands;
mod errors;
mod input;
mod model;
mod scorer;

use pyo3::prelude::*;

/// `value` as the Python value of its JSON (a pair becomes a list, as in the command
/// line's JSON output).
pub fn json_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok(pythonize::pythonize(py, &v)?)
}

/// The native half of the standpoint package; use the `standpoint` package itself.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<scorer::Scorer>()?;
    m.add_class::<model::Model>()?;
    m.add_function(wrap_pyfunction!(scorer::load_count, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::available_threads, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::frame_columns, m)?)?;
    m.add_function(wrap_pyfunction!(commands::command_options, m)?)?;
    m.add_function(wrap_pyfunction!(commands::train, m)?)?;
    m.add_function(wrap_pyfunction!(commands::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(commands::explain_model, m)?)?;
    m.add_function(wrap_pyfunction!(commands::explain, m)?)?;
    m.add_function(wrap_pyfunction!(commands::segment, m)?)?;
    m.add_function(wrap_pyfunction!(commands::report, m)?)?;
    Ok(())
}
