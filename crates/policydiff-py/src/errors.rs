//! The one exception hierarchy, mapped in one place:
//!
//! ```text
//! ValueError
//! └── PolicyDiffError            (every policydiff failure; .kind, .line, .column, .path)
//!     ├── ParseError             (empty, binary, encoding, XML, P3P, HTML, JSON input)
//!     ├── LimitError             (a size, depth or count limit was exceeded)
//!     └── ConfigError            (an invalid format name, lexicon or rule file)
//! ```
//! I/O failures raise `OSError` subclasses as Python users expect.

use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    policydiff,
    PolicyDiffError,
    PyValueError,
    "Base class of every policydiff error. Attributes: kind, line, column, path (None when unknown)."
);
pyo3::create_exception!(
    policydiff,
    ParseError,
    PolicyDiffError,
    "The input could not be read: empty, binary, badly encoded, or malformed."
);
pyo3::create_exception!(
    policydiff,
    LimitError,
    PolicyDiffError,
    "The input exceeded a configured limit (size, depth, element count)."
);
pyo3::create_exception!(
    policydiff,
    ConfigError,
    PolicyDiffError,
    "An option, lexicon or rule file is invalid."
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("PolicyDiffError", py.get_type::<PolicyDiffError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    m.add("LimitError", py.get_type::<LimitError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    Ok(())
}

/// Map a policydiff error to the Python exception hierarchy.
pub(crate) fn to_py_err(py: Python<'_>, e: &policydiff::Error) -> PyErr {
    use policydiff::ErrorKind as K;
    let msg = e.to_string();
    let err = match e.kind() {
        K::Io => {
            let lower = e.message().to_ascii_lowercase();
            return if lower.contains("no such file") || lower.contains("not found") {
                PyFileNotFoundError::new_err(msg)
            } else if lower.contains("is a directory") {
                PyIsADirectoryError::new_err(msg)
            } else {
                PyOSError::new_err(msg)
            };
        }
        K::Limit => LimitError::new_err(msg),
        K::Config | K::Format => ConfigError::new_err(msg),
        K::Internal => PolicyDiffError::new_err(msg),
        _ => ParseError::new_err(msg),
    };
    let value = err.value(py);
    let loc = e.location();
    let _ = value.setattr("kind", e.kind().as_str());
    let _ = value.setattr("line", loc.and_then(|l| l.line));
    let _ = value.setattr("column", loc.and_then(|l| l.column));
    let _ = value.setattr("path", loc.and_then(|l| l.path.clone()));
    err
}

/// A panic inside Rust, reported as an exception instead of crashing Python.
pub(crate) fn internal_error(msg: &str) -> PyErr {
    PolicyDiffError::new_err(format!("internal error (please report it): {msg}"))
}
