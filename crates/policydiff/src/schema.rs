//! JSON Schemas (draft 2020-12) of the documents policydiff writes.
//!
//! The committed copies live in `schemas/` at the repository root; a test
//! fails when they are stale (`UPDATE_SCHEMAS=1 cargo test` rewrites them).

use serde_json::Value;

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
