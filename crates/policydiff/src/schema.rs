//! JSON Schemas (draft 2020-12) of the documents policydiff writes.
//!
//! The committed copies live in `schemas/` at the repository root; a test
//! fails when they are stale (`UPDATE_SCHEMAS=1 cargo test` rewrites them).

use serde_json::Value;

use crate::diff::{DIFF_REPORT_SCHEMA_ID, DiffReport};
use crate::history::History;
use crate::model::{POLICY_SCHEMA_ID, Policy};

/// The JSON Schema of [`Policy`] as a JSON value.
pub fn policy_schema() -> Value {
    let schema = schemars::schema_for!(Policy);
    let mut v = serde_json::to_value(&schema).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("$id".into(), Value::String(POLICY_SCHEMA_ID.into()));
        map.insert("title".into(), Value::String("policydiff Policy".into()));
    }
    v
}

/// The JSON Schema of [`Policy`], pretty-printed with a trailing newline.
pub fn policy_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&policy_schema()).unwrap_or_default();
    s.push('\n');
    s
}

fn with_id(schema: &schemars::Schema, id: &str, title: &str) -> Value {
    let mut v = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("$id".into(), Value::String(id.into()));
        map.insert("title".into(), Value::String(title.into()));
    }
    v
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of [`DiffReport`] as a JSON value.
pub fn diff_report_schema() -> Value {
    with_id(
        &schemars::schema_for!(DiffReport),
        DIFF_REPORT_SCHEMA_ID,
        "policydiff DiffReport",
    )
}

/// The JSON Schema of [`DiffReport`], pretty-printed with a trailing newline.
pub fn diff_report_schema_json() -> String {
    pretty(&diff_report_schema())
}

/// `$id` of the history report JSON Schema.
pub const HISTORY_SCHEMA_ID: &str = "https://policydiff.dev/schemas/history.v1.schema.json";

/// The JSON Schema of [`History`] as a JSON value.
pub fn history_schema() -> Value {
    with_id(
        &schemars::schema_for!(History),
        HISTORY_SCHEMA_ID,
        "policydiff History",
    )
}

/// The JSON Schema of [`History`], pretty-printed with a trailing newline.
pub fn history_schema_json() -> String {
    pretty(&history_schema())
}
