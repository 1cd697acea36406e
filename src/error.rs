//! One error type for the library: every variant says where the problem is
//! (file, line or byte) and what was expected, so the CLI can print it as is.

use std::fmt;
use std::path::Path;

/// Where in an input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A whole file (or `-` for standard input).
    File(String),
    /// A 1-based line of a file.
    Line(String, usize),
    /// A 0-based byte offset into a file.
    Byte(String, u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{p}"),
            Location::Line(p, l) => write!(f, "{p}:{l}"),
            Location::Byte(p, b) => write!(f, "{p}: byte {b}"),
        }
    }
}

/// Errors of the standpoint library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An operating-system error while reading or writing a path.
    #[error("{path}: {source}")]
    Io {
        /// The path being read or written.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Input that does not have the expected form.
    #[error("{at}: {msg}")]
    Input {
        /// Where the bad input is.
        at: Location,
        /// What was wrong and what was expected.
        msg: String,
    },
    /// Hyper-parameters or options that cannot work.
    #[error("invalid parameter: {0}")]
    Params(String),
    /// Input files that disagree with each other (each location is in the message).
    #[error("{0}")]
    Data(String),
    /// A model fit that failed or produced a useless model.
    #[error("training failed: {0}")]
    Fit(String),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: display_path(path.as_ref()),
            source,
        }
    }

    /// Bad input somewhere in a file.
    pub fn file(path: impl AsRef<Path>, msg: impl Into<String>) -> Self {
        Error::Input {
            at: Location::File(display_path(path.as_ref())),
            msg: msg.into(),
        }
    }

    /// Bad input on a 1-based line of a file.
    pub fn line(path: impl AsRef<Path>, line: usize, msg: impl Into<String>) -> Self {
        Error::Input {
            at: Location::Line(display_path(path.as_ref()), line),
            msg: msg.into(),
        }
    }

    /// Bad input at a byte offset of a file.
    pub fn byte(path: impl AsRef<Path>, offset: u64, msg: impl Into<String>) -> Self {
        Error::Input {
            at: Location::Byte(display_path(path.as_ref()), offset),
            msg: msg.into(),
        }
    }

    /// Input files that disagree with each other.
    pub fn data(msg: impl Into<String>) -> Self {
        Error::Data(msg.into())
    }

    /// Invalid hyper-parameters or options.
    pub fn params(msg: impl Into<String>) -> Self {
        Error::Params(msg.into())
    }

    /// A failed model fit.
    pub fn fit(msg: impl Into<String>) -> Self {
        Error::Fit(msg.into())
    }
}

/// How a path is shown in messages: as given, `-` for standard input.
pub fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    if s.is_empty() {
        "-".into()
    } else {
        s
    }
}
