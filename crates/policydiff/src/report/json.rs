//! JSON: pretty-printed, deterministic, with a trailing newline. Valid
//! against `schemas/diff-report.v1.schema.json`.

use crate::diff::DiffReport;
use crate::history::History;

/// A diff report as pretty JSON.
pub fn render_json(report: &DiffReport) -> String {
    // Plain data with string keys: serialising cannot fail.
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}

/// A history as pretty JSON.
pub fn render_history_json(history: &History) -> String {
    history.to_json()
}
