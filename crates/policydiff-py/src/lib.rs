//! Python bindings: the private module `policydiff._native`, re-exported by
//! the `policydiff` package.
//!
//! All Rust work runs with the GIL released (`py.detach`), errors map to
//! one exception hierarchy (in [`errors`]), and panics never cross into
//! Python: they become `PolicyDiffError`.

mod batch;
mod convert;
mod diff;
mod errors;
mod limits;
mod opp115;
mod policy;

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::to_py_err;
use crate::limits::Limits;
use crate::policy::Policy;

/// Run `f` without the GIL, turning policydiff errors and panics into Python exceptions.
pub(crate) fn run_detached<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> policydiff::Result<T> + Send,
) -> PyResult<T> {
    let result = py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py_err(py, &e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(errors::internal_error(&msg))
        }
    }
}

fn parse_format(py: Python<'_>, format: &str) -> PyResult<policydiff::Format> {
    format
        .parse()
        .map_err(|e: policydiff::Error| to_py_err(py, &e))
}

/// Import a policy from text (plain text or Markdown, detected).
#[pyfunction]
#[pyo3(signature = (text, /, *, format = "auto"))]
fn parse_text(py: Python<'_>, text: String, format: &str) -> PyResult<Policy> {
    let mut f = parse_format(py, format)?;
    if f == policydiff::Format::Auto {
        f = match policydiff::detect_format(text.as_bytes(), None) {
            policydiff::Format::Markdown => policydiff::Format::Markdown,
            _ => policydiff::Format::Text,
        };
    }
    let opts = policydiff::ImportOptions::new().format(f);
    let p = run_detached(py, move || policydiff::import_bytes(text.as_bytes(), &opts))?;
    Ok(Policy::from(p))
}

/// Import a policy from an HTML document.
#[pyfunction]
#[pyo3(signature = (html, /))]
fn parse_html(py: Python<'_>, html: String) -> PyResult<Policy> {
    let p = run_detached(py, move || policydiff::import_html(&html))?;
    Ok(Policy::from(p))
}

/// Import a W3C P3P policy or policy reference file (XML as `str` or `bytes`).
#[pyfunction]
#[pyo3(signature = (xml, /))]
fn parse_p3p(py: Python<'_>, xml: &Bound<'_, PyAny>) -> PyResult<Policy> {
    let bytes = convert::text_or_bytes(xml)?;
    let p = run_detached(py, move || policydiff::import_p3p(&bytes))?;
    Ok(Policy::from(p))
}

/// Import a P3P compact policy (`CP="..."`).
#[pyfunction]
#[pyo3(signature = (header, /))]
fn parse_compact_policy(py: Python<'_>, header: String) -> PyResult<Policy> {
    let p = run_detached(py, move || policydiff::import_compact_policy(&header))?;
    Ok(Policy::from(p))
}

/// Import bytes in any supported format.
#[pyfunction]
#[pyo3(signature = (data, /, *, format = "auto", file_name = None, max_bytes = None, limits = None))]
#[allow(clippy::needless_pass_by_value)] // extracted from Python: owned
fn parse_bytes(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    format: &str,
    file_name: Option<String>,
    max_bytes: Option<usize>,
    limits: Option<PyRef<'_, Limits>>,
) -> PyResult<Policy> {
    let bytes = data.as_bytes().to_vec();
    let mut opts = limits::import_options(py, format, max_bytes, limits.as_deref())?;
    if let Some(n) = file_name {
        opts = opts.file_name(n);
    }
    let p = run_detached(py, move || policydiff::import_bytes(&bytes, &opts))?;
    Ok(Policy::from(p))
}

/// Read and import a file; the format is detected from its name and content.
#[pyfunction]
#[pyo3(signature = (path, /, *, format = "auto", max_bytes = None, limits = None))]
#[allow(clippy::needless_pass_by_value)] // extracted from Python: owned
fn import_file(
    py: Python<'_>,
    path: PathBuf,
    format: &str,
    max_bytes: Option<usize>,
    limits: Option<PyRef<'_, Limits>>,
) -> PyResult<Policy> {
    let opts = limits::import_options(py, format, max_bytes, limits.as_deref())?;
    let p = run_detached(py, move || policydiff::import_file(&path, &opts))?;
    Ok(Policy::from(p))
}

/// The JSON Schema of the Policy model, as a JSON string.
#[pyfunction]
fn policy_schema() -> String {
    policydiff::schema::policy_schema_json()
}

/// The JSON Schema of the diff report, as a JSON string.
#[pyfunction]
fn diff_report_schema() -> String {
    policydiff::schema::diff_report_schema_json()
}

#[pymodule(gil_used = false)]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", policydiff::VERSION)?;
    m.add_class::<Policy>()?;
    m.add_class::<diff::DiffReport>()?;
    m.add_class::<Limits>()?;
    m.add_function(wrap_pyfunction!(parse_text, m)?)?;
    m.add_function(wrap_pyfunction!(parse_html, m)?)?;
    m.add_function(wrap_pyfunction!(parse_p3p, m)?)?;
    m.add_function(wrap_pyfunction!(parse_compact_policy, m)?)?;
    m.add_function(wrap_pyfunction!(parse_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(import_file, m)?)?;
    m.add_function(wrap_pyfunction!(policy_schema, m)?)?;
    m.add_function(wrap_pyfunction!(batch::import_batch, m)?)?;
    m.add_function(wrap_pyfunction!(diff::diff, m)?)?;
    m.add_function(wrap_pyfunction!(diff::check, m)?)?;
    m.add_function(wrap_pyfunction!(diff::diff_batch, m)?)?;
    m.add_function(wrap_pyfunction!(diff::history, m)?)?;
    m.add_function(wrap_pyfunction!(opp115::labels, m)?)?;
    m.add_function(wrap_pyfunction!(opp115::classify_segment, m)?)?;
    m.add_function(wrap_pyfunction!(diff_report_schema, m)?)?;
    m.add("MAX_JOBS", batch::MAX_JOBS)?;
    m.add("DEBUG_BUILD", cfg!(debug_assertions))?;
    errors::register(m)?;
    Ok(())
}
