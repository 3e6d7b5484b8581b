//! `policydiff.Limits`: the import limits of `ImportOptions`, settable from
//! Python, and how every importing function turns its `limits` / `max_bytes`
//! keywords into `ImportOptions`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use policydiff::{
    DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_EVIDENCE_BYTES,
    DEFAULT_MAX_SENTENCE_BYTES, ImportOptions,
};

/// Import limits (docs/LIMITS.md): every one left out keeps its default.
///
/// ```python
/// limits = policydiff.Limits(max_depth=1024, max_sentence_bytes=16_000)
/// policy = policydiff.import_file(path, limits=limits)
/// ```
#[pyclass(frozen, eq, module = "policydiff")]
#[allow(clippy::struct_field_names)] // named as ImportOptions names them
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    max_bytes: Option<usize>,
    max_depth: Option<usize>,
    max_elements: Option<usize>,
    max_sentence_bytes: Option<usize>,
    max_evidence_bytes: Option<usize>,
}

#[pymethods]
impl Limits {
    #[new]
    #[pyo3(signature = (*, max_bytes = None, max_depth = None, max_elements = None, max_sentence_bytes = None, max_evidence_bytes = None))]
    fn new(
        max_bytes: Option<usize>,
        max_depth: Option<usize>,
        max_elements: Option<usize>,
        max_sentence_bytes: Option<usize>,
        max_evidence_bytes: Option<usize>,
    ) -> Limits {
        Limits {
            max_bytes,
            max_depth,
            max_elements,
            max_sentence_bytes,
            max_evidence_bytes,
        }
    }

    /// Refuse inputs larger than this many bytes.
    #[getter]
    fn max_bytes(&self) -> usize {
        self.max_bytes.unwrap_or(DEFAULT_MAX_BYTES)
    }

    /// Refuse XML (P3P) and HTML nested deeper than this many elements.
    #[getter]
    fn max_depth(&self) -> usize {
        self.max_depth.unwrap_or(DEFAULT_MAX_DEPTH)
    }

    /// Refuse XML (P3P) with more than this many elements.
    #[getter]
    fn max_elements(&self) -> usize {
        self.max_elements.unwrap_or(DEFAULT_MAX_ELEMENTS)
    }

    /// Cut sentences longer than this many bytes at a space.
    #[getter]
    fn max_sentence_bytes(&self) -> usize {
        self.max_sentence_bytes
            .unwrap_or(DEFAULT_MAX_SENTENCE_BYTES)
    }

    /// Refuse a policy whose evidence adds up to more than this many bytes.
    #[getter]
    fn max_evidence_bytes(&self) -> usize {
        self.max_evidence_bytes
            .unwrap_or(DEFAULT_MAX_EVIDENCE_BYTES)
    }

    /// Pickling (multiprocessing workers): the limits that were set.
    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        for (k, v) in [
            ("max_bytes", self.max_bytes),
            ("max_depth", self.max_depth),
            ("max_elements", self.max_elements),
            ("max_sentence_bytes", self.max_sentence_bytes),
            ("max_evidence_bytes", self.max_evidence_bytes),
        ] {
            if let Some(v) = v {
                kwargs.set_item(k, v)?;
            }
        }
        Ok((PyTuple::empty(py), kwargs))
    }

    fn __repr__(&self) -> String {
        format!(
            "Limits(max_bytes={}, max_depth={}, max_elements={}, max_sentence_bytes={}, max_evidence_bytes={})",
            self.max_bytes(),
            self.max_depth(),
            self.max_elements(),
            self.max_sentence_bytes(),
            self.max_evidence_bytes()
        )
    }
}

/// The `ImportOptions` of an importing function's `format=`, `max_bytes=`
/// and `limits=` keywords. `max_bytes=` is the shorthand for
/// `limits=Limits(max_bytes=..)`; giving a size both ways is an error rather
/// than a silent choice.
pub(crate) fn import_options(
    py: Python<'_>,
    format: &str,
    max_bytes: Option<usize>,
    limits: Option<&Limits>,
) -> PyResult<ImportOptions> {
    let mut opts = ImportOptions::new().format(crate::parse_format(py, format)?);
    let l = limits.cloned().unwrap_or_default();
    if max_bytes.is_some() && l.max_bytes.is_some() {
        return Err(PyValueError::new_err(
            "max_bytes is given twice (as max_bytes= and in limits=); give it once",
        ));
    }
    if let Some(n) = max_bytes.or(l.max_bytes) {
        opts = opts.max_bytes(n);
    }
    if let Some(n) = l.max_depth {
        opts = opts.max_depth(n);
    }
    if let Some(n) = l.max_elements {
        opts = opts.max_elements(n);
    }
    if let Some(n) = l.max_sentence_bytes {
        opts = opts.max_sentence_bytes(n);
    }
    if let Some(n) = l.max_evidence_bytes {
        opts = opts.max_evidence_bytes(n);
    }
    Ok(opts)
}
