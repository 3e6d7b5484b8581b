//! The diff side of the bindings: the `DiffReport` class, `diff`, `check`,
//! the `diff_batch` primitive behind `policydiff.diff_many`, and `history`
//! (verdicts for consecutive versions, behind `walk_histories`).

use std::path::PathBuf;

use policydiff::batch::Input;
use policydiff::{DiffOptions, FailOn, Profile, RuleSet};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::batch::{Slots, check_items, check_jobs, run_slots, to_input};
use crate::convert::to_py;
use crate::errors::to_py_err;
use crate::limits::{Limits, import_options};
use crate::policy::Policy;
use crate::run_detached;

/// The comparison of two versions of a policy. Immutable; compare with
/// `==`; picklable; `to_dict()` and `to_json()` give the full report.
#[pyclass(module = "policydiff", frozen, eq, name = "DiffReport")]
#[derive(Clone, Debug, PartialEq)]
pub struct DiffReport {
    pub(crate) inner: policydiff::DiffReport,
}

#[pymethods]
impl DiffReport {
    /// Read a report from the JSON written by `to_json()` or `policydiff diff --format json`.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: String) -> PyResult<DiffReport> {
        let inner = run_detached(py, move || policydiff::DiffReport::from_json(&json))?;
        Ok(DiffReport { inner })
    }

    /// The report as JSON (pretty by default; `indent=None` for one line).
    #[pyo3(signature = (*, indent = Some(2)), text_signature = "(self, /, *, indent=2)")]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> String {
        let inner = &self.inner;
        py.detach(|| match indent {
            Some(2) => inner.to_json(),
            _ => crate::policy::json_with_indent(inner, indent),
        })
    }

    /// The report as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py.detach(|| serde_json::to_value(&self.inner).unwrap_or_default());
        to_py(py, &v)
    }

    /// The report as Markdown (for a pull-request comment).
    fn to_markdown(&self, py: Python<'_>) -> String {
        let inner = &self.inner;
        py.detach(|| policydiff::report::render_markdown(inner))
    }

    /// The report as plain text (what `policydiff diff` prints).
    fn to_text(&self, py: Python<'_>) -> String {
        let inner = &self.inner;
        py.detach(|| {
            policydiff::report::render_text(inner, &policydiff::report::TextOptions::default())
        })
    }

    /// The verdict: `none`, `notice` or `consent` (the highest action of all changes).
    #[getter]
    fn action(&self) -> &'static str {
        self.inner.action.as_str()
    }

    /// Whether users must be asked for consent again (`action == "consent"`).
    #[getter]
    fn reconsent_required(&self) -> bool {
        self.inner.reconsent_required
    }

    /// The profile the rules were applied under (`default`, `gdpr`, `ftc`, `ccpa`, `coppa`).
    #[getter]
    fn profile(&self) -> &str {
        &self.inner.profile
    }

    /// The substantive changes, highest action first, as dicts (`dimension`, `kind`,
    /// `direction`, `materiality`, `action`, `summary`, `event`, `subject`, `old`, `new`,
    /// `rule`, `citation`, `evidence`).
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.inner.changes).unwrap_or_default();
        to_py(py, &v)
    }

    /// Counts of changes by action, materiality and dimension.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.inner.summary).unwrap_or_default();
        to_py(py, &v)
    }

    /// What is known about the old version (label, format, sha256, title, dates).
    #[getter(old)]
    fn old_version<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.inner.old).unwrap_or_default();
        to_py(py, &v)
    }

    /// What is known about the new version.
    #[getter(new)]
    fn new_version<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.inner.new).unwrap_or_default();
        to_py(py, &v)
    }

    /// The section-aligned text diff, or `None` when it was not requested.
    #[getter]
    fn text_diff<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.inner.text_diff {
            Some(t) => to_py(py, &serde_json::to_value(t).unwrap_or_default()),
            None => Ok(py.None().into_bound(py)),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<DiffReport action={} changes={} profile={}>",
            self.inner.action.as_str(),
            self.inner.changes.len(),
            self.inner.profile
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = py.get_type::<DiffReport>().getattr("from_json")?;
        let json = crate::policy::json_with_indent(&slf.get().inner, None);
        PyTuple::new(py, [ctor, PyTuple::new(py, [json])?.into_any()])
    }
}

/// One side of a comparison: a policy already imported, or something to import.
pub(crate) enum Side {
    Imported(Py<Policy>),
    Input(Input),
}

impl Side {
    pub(crate) fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Side> {
        if let Ok(p) = obj.cast::<Policy>() {
            return Ok(Side::Imported(p.clone().unbind()));
        }
        to_input(obj).map(Side::Input).map_err(|e| {
            if e.is_instance_of::<PyTypeError>(obj.py()) {
                PyTypeError::new_err(format!(
                    "a version must be a Policy, str (text), bytes (raw content) or os.PathLike (a file), got {}",
                    obj.get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            } else {
                e // e.g. UnicodeEncodeError for a str with lone surrogates
            }
        })
    }

    /// Run `f` on the policy, importing it first if needed (no GIL needed:
    /// `Policy` is frozen).
    pub(crate) fn with<R>(
        &self,
        opts: &policydiff::ImportOptions,
        f: impl FnOnce(&policydiff::Policy) -> policydiff::Result<R>,
    ) -> policydiff::Result<R> {
        match self {
            Side::Imported(p) => f(&p.get().inner),
            Side::Input(i) => f(&i.import(opts)?),
        }
    }
}

/// The text diff's time budget from `diff_deadline_ms` (as the CLI's
/// `--diff-deadline-ms`: `0` is no budget).
fn deadline(ms: i64) -> PyResult<Option<std::time::Duration>> {
    match u64::try_from(ms) {
        Ok(0) => Ok(None),
        Ok(ms) => Ok(Some(std::time::Duration::from_millis(ms))),
        Err(_) => Err(PyValueError::new_err(format!(
            "diff_deadline_ms must be 0 (no budget) or a positive number of milliseconds, got {ms}"
        ))),
    }
}

pub(crate) fn diff_options(
    py: Python<'_>,
    profile: &str,
    rules: Option<PathBuf>,
    text_diff: bool,
    diff_deadline_ms: i64,
) -> PyResult<DiffOptions> {
    let profile: Profile = profile.parse().map_err(|e| to_py_err(py, &e))?;
    let mut opts = DiffOptions::new()
        .profile(profile)
        .text_diff(text_diff)
        .deadline(deadline(diff_deadline_ms)?);
    if let Some(path) = rules {
        let set = run_detached(py, move || RuleSet::from_file(&path))?;
        opts = opts.rules(set.with_profile(profile));
    }
    Ok(opts)
}

/// Compare two versions of a policy. Each is a `Policy`, or text / bytes /
/// a path to import first. `diff_deadline_ms` bounds the section-aligned
/// text diff (`0`: no budget); past it the rest is aligned coarsely and
/// `text_diff["timed_out"]` is true.
#[pyfunction]
#[pyo3(signature = (old, new, /, *, profile = "default", rules = None, text_diff = true, diff_deadline_ms = 2000, format = "auto", max_bytes = None, limits = None))]
#[allow(clippy::needless_pass_by_value)] // extracted from Python: owned
#[allow(clippy::too_many_arguments)]
pub(crate) fn diff(
    py: Python<'_>,
    old: &Bound<'_, PyAny>,
    new: &Bound<'_, PyAny>,
    profile: &str,
    rules: Option<PathBuf>,
    text_diff: bool,
    diff_deadline_ms: i64,
    format: &str,
    max_bytes: Option<usize>,
    limits: Option<PyRef<'_, Limits>>,
) -> PyResult<DiffReport> {
    let old = Side::from_py(old)?;
    let new = Side::from_py(new)?;
    let opts = diff_options(py, profile, rules, text_diff, diff_deadline_ms)?;
    let iopts = import_options(py, format, max_bytes, limits.as_deref())?;
    let inner = run_detached(py, || {
        old.with(&iopts, |o| {
            new.with(&iopts, |n| policydiff::diff_with(o, n, &opts))
        })
    })?;
    Ok(DiffReport { inner })
}

/// Decide a CI check: `(failed, reason)`, failing when the report reaches
/// `fail_on` (`consent`, `notice` or `any`).
#[pyfunction]
#[pyo3(signature = (report, /, *, fail_on = "consent"))]
pub(crate) fn check(
    py: Python<'_>,
    report: &DiffReport,
    fail_on: &str,
) -> PyResult<(bool, String)> {
    let fail_on: FailOn = fail_on.parse().map_err(|e| to_py_err(py, &e))?;
    let out = policydiff::check(&report.inner, fail_on);
    Ok((out.failed, out.reason))
}

/// Compare every `(old, new)` pair on `jobs` Rust threads with the GIL
/// released. One entry per pair, in input order: a `DiffReport`, or the
/// exception instance that comparing that pair alone would have raised.
#[pyfunction]
#[pyo3(signature = (pairs, /, *, jobs = None, profile = "default", rules = None, text_diff = false, diff_deadline_ms = 2000, format = "auto", max_bytes = None, limits = None))]
#[allow(clippy::needless_pass_by_value)] // extracted from Python: owned
#[allow(clippy::too_many_arguments)]
pub(crate) fn diff_batch(
    py: Python<'_>,
    pairs: &Bound<'_, PyAny>,
    jobs: Option<i64>,
    profile: &str,
    rules: Option<PathBuf>,
    text_diff: bool,
    diff_deadline_ms: i64,
    format: &str,
    max_bytes: Option<usize>,
    limits: Option<PyRef<'_, Limits>>,
) -> PyResult<Vec<Py<PyAny>>> {
    let jobs = check_jobs(jobs)?;
    check_items(pairs)?;
    let opts = diff_options(py, profile, rules, text_diff, diff_deadline_ms)?;
    let iopts = import_options(py, format, max_bytes, limits.as_deref())?;
    let mut slots: Slots<(Side, Side)> = Vec::new();
    for pair in pairs.try_iter()? {
        slots.push(to_pair(&pair?));
    }
    run_slots(
        py,
        slots,
        jobs,
        |(old, new)| {
            old.with(&iopts, |o| {
                new.with(&iopts, |n| policydiff::diff_with(o, n, &opts))
            })
        },
        |py, inner| Ok(Py::new(py, DiffReport { inner })?.into_any()),
    )
}

fn to_pair(obj: &Bound<'_, PyAny>) -> PyResult<(Side, Side)> {
    let is_pair = (obj.cast::<PyTuple>().is_ok() || obj.cast::<PyList>().is_ok())
        && obj.len().ok() == Some(2);
    if !is_pair {
        return Err(PyTypeError::new_err(format!(
            "each item must be an (old, new) pair (a tuple or list of two), got {}",
            obj.get_type().name()?
        )));
    }
    Ok((
        Side::from_py(&obj.get_item(0)?)?,
        Side::from_py(&obj.get_item(1)?)?,
    ))
}

/// Verdicts for consecutive versions: `versions` is a list of
/// `(label, Policy)`, oldest first. Returns the history as a dict (versions
/// with fingerprints and reverts, steps with action and changes, summary).
#[pyfunction]
#[pyo3(signature = (versions, /, *, jobs = None, profile = "default", rules = None))]
#[allow(clippy::needless_pass_by_value)] // extracted from Python: owned
pub(crate) fn history<'py>(
    py: Python<'py>,
    versions: Vec<(String, Py<Policy>)>,
    jobs: Option<i64>,
    profile: &str,
    rules: Option<PathBuf>,
) -> PyResult<Bound<'py, PyAny>> {
    let jobs = check_jobs(jobs)?;
    let opts = diff_options(py, profile, rules, false, 0)?;
    let value = run_detached(py, || {
        let owned: Vec<(String, policydiff::Policy)> = versions
            .iter()
            .map(|(l, p)| (l.clone(), p.get().inner.clone()))
            .collect();
        if owned.is_empty() {
            return Err(policydiff::Error::new(
                policydiff::ErrorKind::Config,
                "a history needs at least one version",
            ));
        }
        let h = policydiff::batch::with_jobs(jobs, || {
            policydiff::History::from_versions(&owned, &opts)
        })?;
        Ok(serde_json::to_value(&h).unwrap_or_default())
    })?;
    to_py(py, &value)
}
