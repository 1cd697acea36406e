//! Library errors as the package's exceptions (defined in `standpoint/errors.py`, so that
//! each can also be a `ValueError` or an `OSError`), carrying the message the command line
//! prints after `standpoint: error:`.

use pyo3::prelude::*;
use standpoint::Error;

/// The exception class of `standpoint.errors` named `name`, raised with `msg`.
fn raise(py: Python<'_>, name: &str, msg: String) -> PyErr {
    match py.import("standpoint.errors").and_then(|m| m.getattr(name)) {
        Ok(class) => PyErr::from_type(class.cast_into().expect("an exception class"), msg),
        Err(e) => e,
    }
}

/// The exception for a library error.
pub fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let class = match &e {
        Error::Io { .. } => "FileError",
        Error::Input { .. } => "InputError",
        Error::Params(_) => "ParameterError",
        Error::Data(_) => "DataError",
        Error::Fit(_) => "FitError",
    };
    raise(py, class, e.to_string())
}

/// A command-line parse error (an option's value the command line would refuse) as a
/// `ParameterError` with clap's message, without its usage lines.
pub fn from_clap(py: Python<'_>, e: clap::Error) -> PyErr {
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or_default();
    raise(
        py,
        "ParameterError",
        first.trim_start_matches("error: ").to_string(),
    )
}

/// Converts library results.
pub trait IntoPyResult<T> {
    /// The result, with a library error as the package's exception.
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for standpoint::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
