//! OPP-115 projection: `labels(policy)` and `classify_segment(text)`.

use pyo3::prelude::*;

use crate::convert::to_py;
use crate::diff::Side;

/// The OPP-115 labels of a policy (a `Policy`, or text / bytes / a path to
/// import first): `{"categories": [...], "labels": [{"category",
/// "attribute", "value"}, ...], "does_not": [...]}`.
#[pyfunction]
#[pyo3(signature = (policy, /))]
pub(crate) fn labels<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let side = Side::from_py(policy)?;
    let opts = policydiff::ImportOptions::new();
    let value = crate::run_detached(py, || {
        side.with(&opts, |p| {
            Ok(serde_json::to_value(policydiff::opp115::labels(p)).unwrap_or_default())
        })
    })?;
    to_py(py, &value)
}

/// The OPP-115 categories (12-label scheme) of one policy segment (a paragraph).
#[pyfunction]
#[pyo3(signature = (text, /))]
pub(crate) fn classify_segment(py: Python<'_>, text: &str) -> Vec<&'static str> {
    py.detach(|| policydiff::opp115::classify_segment(text))
}
