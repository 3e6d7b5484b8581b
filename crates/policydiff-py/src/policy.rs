//! The `Policy` Python class: an immutable wrapper of the Rust model.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::to_py;
use crate::run_detached;

/// A privacy policy as structured data. Immutable; compare with `==`;
/// picklable; `to_dict()` and `to_json()` give the full model.
#[pyclass(module = "policydiff", frozen, eq, name = "Policy")]
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub(crate) inner: policydiff::Policy,
}

/// `value` as JSON: one line for `indent=None`, else pretty with `indent` spaces.
pub(crate) fn json_with_indent<T: serde::Serialize>(value: &T, indent: Option<usize>) -> String {
    match indent {
        None => serde_json::to_string(value).unwrap_or_default(),
        Some(n) => {
            let indent_str = " ".repeat(n);
            let fmt = serde_json::ser::PrettyFormatter::with_indent(indent_str.as_bytes());
            let mut buf = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
            let _ = serde::Serialize::serialize(value, &mut ser);
            String::from_utf8(buf).unwrap_or_default()
        }
    }
}

impl From<policydiff::Policy> for Policy {
    fn from(inner: policydiff::Policy) -> Self {
        Policy { inner }
    }
}

#[pymethods]
impl Policy {
    /// Read a policy from the JSON written by `to_json()` or `policydiff import`.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: String) -> PyResult<Policy> {
        let p = run_detached(py, move || policydiff::Policy::from_json(&json))?;
        Ok(Policy::from(p))
    }

    /// The policy as JSON (pretty by default; `indent=None` for one line).
    #[pyo3(signature = (*, indent = Some(2)), text_signature = "(self, /, *, indent=2)")]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> String {
        let inner = &self.inner;
        py.detach(|| match indent {
            Some(2) => inner.to_json(),
            _ => json_with_indent(inner, indent),
        })
    }

    /// The policy as plain Python objects (dicts, lists, strings, numbers).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py.detach(|| serde_json::to_value(&self.inner).unwrap_or_default());
        to_py(py, &v)
    }

    /// Version of the JSON format.
    #[getter]
    fn schema_version(&self) -> &str {
        &self.inner.schema_version
    }

    /// The document's title, if any.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.metadata.title.as_deref()
    }

    /// The format the policy was imported from (`text`, `markdown`, `html`, `p3p`, ...).
    #[getter]
    fn source_format(&self) -> &'static str {
        self.inner.metadata.source.format.as_str()
    }

    /// SHA-256 of the input bytes.
    #[getter]
    fn sha256(&self) -> &str {
        &self.inner.metadata.source.sha256
    }

    /// Effective date (ISO 8601), if stated.
    #[getter]
    fn effective_date(&self) -> Option<&str> {
        self.inner.metadata.effective_date.as_deref()
    }

    /// Last-updated date (ISO 8601), if stated.
    #[getter]
    fn last_updated(&self) -> Option<&str> {
        self.inner.metadata.last_updated.as_deref()
    }

    /// Section headings, in order.
    #[getter]
    fn headings(&self) -> Vec<String> {
        self.inner
            .sections
            .iter()
            .filter_map(|s| s.heading.clone())
            .collect()
    }

    /// Data categories the policy says are collected.
    #[getter]
    fn data_collected(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self
            .inner
            .collection
            .iter()
            .filter(|c| c.polarity.is_does())
            .map(|c| c.category.as_str())
            .collect();
        v.dedup();
        v
    }

    /// Purposes the policy states.
    #[getter]
    fn purposes(&self) -> Vec<&'static str> {
        self.inner
            .purposes
            .iter()
            .filter(|p| p.polarity.is_does())
            .map(|p| p.purpose.as_str())
            .collect()
    }

    /// Recipients data is shared with: `(kind, name or None)` pairs.
    #[getter]
    fn recipients(&self) -> Vec<(&'static str, Option<String>)> {
        self.inner
            .sharing
            .iter()
            .filter(|s| s.polarity.is_does())
            .map(|s| (s.recipient.as_str(), s.name.clone()))
            .collect()
    }

    /// Whether the policy promises not to sell personal data (`True`), says it
    /// sells (`False`), or says nothing (`None`).
    #[getter]
    fn no_sale_promise(&self) -> Option<bool> {
        let does = self.inner.sale.iter().any(|s| s.polarity.is_does());
        let does_not = self.inner.sale.iter().any(|s| !s.polarity.is_does());
        match (does, does_not) {
            (true, _) => Some(false),
            (false, true) => Some(true),
            _ => None,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<Policy title={:?} format={} sections={} statements={}>",
            self.inner.metadata.title.as_deref().unwrap_or(""),
            self.inner.metadata.source.format.as_str(),
            self.inner.sections.len(),
            self.inner.evidence().len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = py.get_type::<Policy>().getattr("from_json")?;
        let json = slf.get().inner.to_json_compact();
        PyTuple::new(py, [ctor, PyTuple::new(py, [json])?.into_any()])
    }
}
