//! Batch functions: many items in one call, run on Rust threads with the GIL
//! released, one result per item in input order.
//!
//! These are the primitives behind `policydiff.import_many` (which adds
//! chunking, a progress bar and `errors="raise"` in Python). A failing item
//! never aborts the batch: its slot holds the exception *instance* that the
//! single-item function would have raised.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use policydiff::batch::{Input, map_ordered};
use policydiff::{Error, ErrorKind};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

use crate::errors::to_py_err;
use crate::policy::Policy;

/// The most worker threads one call may ask for.
pub(crate) const MAX_JOBS: usize = 1024;

/// Validate `jobs` (None: one per CPU).
pub(crate) fn check_jobs(jobs: Option<i64>) -> PyResult<Option<usize>> {
    match jobs.map(|n| (n, usize::try_from(n))) {
        None => Ok(None),
        Some((_, Ok(n))) if (1..=MAX_JOBS).contains(&n) => Ok(Some(n)),
        Some((n, _)) => Err(PyValueError::new_err(format!(
            "jobs must be None or an integer from 1 to {MAX_JOBS}, got {n}"
        ))),
    }
}

/// Check that `items` is a collection of items, not one item: iterating a
/// `str` or `bytes` would silently yield characters.
pub(crate) fn check_items(items: &Bound<'_, PyAny>) -> PyResult<()> {
    let one_item = items.is_instance_of::<PyString>()
        || items.is_instance_of::<PyBytes>()
        || items.is_instance_of::<PyByteArray>()
        || items.hasattr("__fspath__")?;
    if one_item {
        return Err(PyTypeError::new_err(format!(
            "items must be an iterable of policies (str, bytes or os.PathLike), not a single {}; \
             wrap it in a list",
            items.get_type().name()?
        )));
    }
    Ok(())
}

/// One Python item as a batch input: `str` is policy text, `bytes`-like is
/// raw content, `os.PathLike` is a file.
pub(crate) fn to_input(item: &Bound<'_, PyAny>) -> PyResult<Input> {
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(Input::Text(s.to_str()?.to_owned()));
    }
    if let Ok(b) = item.cast::<PyBytes>() {
        return Ok(Input::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = item.cast::<PyByteArray>() {
        return Ok(Input::Bytes(b.to_vec()));
    }
    if item.is_instance_of::<PyMemoryView>() {
        let b = item.call_method0("tobytes")?;
        if let Ok(b) = b.cast::<PyBytes>() {
            return Ok(Input::Bytes(b.as_bytes().to_vec()));
        }
    }
    if item.hasattr("__fspath__")? {
        return Ok(Input::Path(item.extract::<PathBuf>()?));
    }
    Err(PyTypeError::new_err(format!(
        "a policy must be str (text), bytes (raw content) or os.PathLike (a file), got {}",
        item.get_type().name()?
    )))
}

/// A panic in one item becomes that item's error.
pub(crate) fn guarded<R>(f: impl FnOnce() -> policydiff::Result<R>) -> policydiff::Result<R> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::new(
            ErrorKind::Internal,
            format!("{msg} (a bug in policydiff; please report it)"),
        ))
    })
}

/// Items converted to inputs, or the error each bad item gets.
pub(crate) type Slots<T> = Vec<Result<T, PyErr>>;

/// Run `work` on every good slot without the GIL; bad slots keep their error.
/// Returns Python objects: results as built by `wrap`, errors as exception
/// instances.
pub(crate) fn run_slots<T, R>(
    py: Python<'_>,
    slots: Slots<T>,
    jobs: Option<usize>,
    work: impl Fn(&T) -> policydiff::Result<R> + Sync + Send,
    wrap: impl Fn(Python<'_>, R) -> PyResult<Py<PyAny>>,
) -> PyResult<Vec<Py<PyAny>>>
where
    T: Sync + Send,
    R: Send,
{
    let mut good = Vec::with_capacity(slots.len());
    let mut order = Vec::with_capacity(slots.len());
    for slot in slots {
        match slot {
            Ok(x) => {
                order.push(Ok(good.len()));
                good.push(x);
            }
            Err(e) => order.push(Err(e)),
        }
    }
    let results = py.detach(|| map_ordered(&good, jobs, |x| guarded(|| work(x))));
    let mut results: Vec<Option<policydiff::Result<R>>> = results.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(order.len());
    for slot in order {
        let obj = match slot {
            Ok(i) => match results.get_mut(i).and_then(Option::take) {
                Some(Ok(r)) => wrap(py, r)?,
                Some(Err(e)) => to_py_err(py, &e).into_value(py).into_any(),
                None => {
                    return Err(crate::errors::internal_error(
                        "batch result missing for an item",
                    ));
                }
            },
            Err(e) => e.into_value(py).into_any(),
        };
        out.push(obj);
    }
    Ok(out)
}

/// Import every item (`str`: policy text, `bytes`: raw content,
/// `os.PathLike`: a file) on `jobs` Rust threads with the GIL released.
/// Returns one entry per item, in input order: a `Policy`, or the exception
/// instance that importing that item alone would have raised.
#[pyfunction]
#[pyo3(signature = (items, /, *, jobs = None, format = "auto", max_bytes = None, limits = None))]
#[allow(clippy::needless_pass_by_value)] // extracted from Python: owned
pub(crate) fn import_batch(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    jobs: Option<i64>,
    format: &str,
    max_bytes: Option<usize>,
    limits: Option<PyRef<'_, crate::limits::Limits>>,
) -> PyResult<Vec<Py<PyAny>>> {
    let jobs = check_jobs(jobs)?;
    check_items(items)?;
    let opts = crate::limits::import_options(py, format, max_bytes, limits.as_deref())?;
    let mut slots: Slots<Input> = Vec::new();
    for item in items.try_iter()? {
        slots.push(to_input(&item?));
    }
    run_slots(
        py,
        slots,
        jobs,
        |input| input.import(&opts),
        |py, p| Ok(Py::new(py, Policy::from(p))?.into_any()),
    )
}
