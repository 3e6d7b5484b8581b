//! CI annotations: GitHub Actions workflow commands and SARIF 2.1.0.
//!
//! Both point at the *new* version of the policy (the file a pull request
//! changes): a change is shown at the line of its evidence in the new text.
//! A change seen only in the old text (something removed) is shown at the
//! line of the new section the text diff aligned it with, and SARIF keeps
//! the old evidence as a related location.
//!
//! Lines are lines of the file: for text, Markdown and P3P XML inputs the
//! evidence's `line`; for HTML inputs its `source_line` (its `line` counts
//! lines of the rendered text, see `policydiff text`). A removal from an
//! HTML file (placed through the text diff, whose lines are rendered-text
//! lines) names the file without a line rather than a wrong one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{evidence_line, verdict_words};
use crate::diff::{Action, Change, DiffReport, EditOp, SourceInfo};
use crate::model::{Evidence, SourceFormat};
use crate::rules::{RuleSet, event_info};

/// The paths of the two files, as the annotations should name them
/// (relative to the repository root, for GitHub).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CiPaths {
    /// The old version's path.
    pub old: String,
    /// The new version's path.
    pub new: String,
}

impl CiPaths {
    /// Paths for the old and new version.
    pub fn new(old: impl Into<String>, new: impl Into<String>) -> CiPaths {
        CiPaths {
            old: old.into(),
            new: new.into(),
        }
    }
}

/// A line that means a line of the file (not of rendered HTML text).
fn file_line(src: &SourceInfo, e: &Evidence) -> Option<u32> {
    match (src.format, e) {
        (SourceFormat::Html, Evidence::Text { source_line, .. }) => *source_line,
        (_, e) => Some(e.line()),
    }
    .filter(|&l| l > 0)
}

/// Where in the new file a change is best shown: its first new evidence;
/// for a removal, the new section the removed text's section was aligned
/// with (or the nearest section before it); for a text edit, the first
/// edited section.
fn new_line(report: &DiffReport, c: &Change) -> Option<u32> {
    if let Some(e) = c.evidence.new.first() {
        return file_line(&report.new, e);
    }
    if report.new.format == SourceFormat::Html {
        return None;
    }
    let t = report.text_diff.as_ref()?;
    if let Some(Evidence::Text { line, .. }) = c.evidence.old.first() {
        let mut last_new = None;
        for sd in &t.sections {
            if sd.new_line.is_some() {
                last_new = sd.new_line;
            }
            let holds = sd.edits.iter().any(|e| {
                matches!(e.op, EditOp::Delete | EditOp::Replace | EditOp::Moved)
                    && e.old_line == Some(*line)
            }) || (sd.old_line == Some(*line));
            if holds {
                return sd
                    .edits
                    .iter()
                    .find(|e| e.old_line == Some(*line))
                    .and_then(|e| e.new_line)
                    .or(sd.new_line)
                    .or(last_new);
            }
        }
        return None;
    }
    t.sections
        .iter()
        .find(|sd| !sd.edits.is_empty() || sd.moved)
        .and_then(|sd| sd.edits.iter().find_map(|e| e.new_line).or(sd.new_line))
}

fn level_github(a: Action) -> &'static str {
    match a {
        Action::Consent => "error",
        Action::Notice => "warning",
        Action::None => "notice",
    }
}

fn level_sarif(a: Action) -> &'static str {
    match a {
        Action::Consent => "error",
        Action::Notice => "warning",
        Action::None => "note",
    }
}

/// Escape a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn message(c: &Change) -> String {
    let mut m = format!("{}\nRule {}: {}", c.summary, c.rule, c.citation);
    for e in &c.evidence.old {
        let _ = write!(m, "\nOld text, {}", evidence_line(e));
    }
    m
}

/// A diff report as GitHub Actions workflow commands: one `::error`
/// (re-consent), `::warning` (notice) or `::notice` (no action) per change,
/// at the new file and line of its evidence. Printed by a step, they become
/// annotations on the pull request.
///
/// ```
/// let old = policydiff::import_text("We collect your email address.").unwrap();
/// let new = policydiff::import_text("We collect your email address.\nWe collect your precise location.").unwrap();
/// let report = policydiff::diff(&old, &new);
/// let out = policydiff::report::render_github(&report, &policydiff::report::CiPaths::new("a.md", "policy, v2.md"));
/// assert!(out.starts_with("::error file=policy%2C v2.md,line=2,title="));
/// ```
pub fn render_github(report: &DiffReport, paths: &CiPaths) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let mut props = format!("file={}", escape_property(&paths.new));
        if let Some(line) = new_line(report, c) {
            let _ = write!(props, ",line={line}");
        }
        let title = format!(
            "policydiff: {} ({})",
            match c.action {
                Action::Consent => "re-consent required",
                Action::Notice => "notice required",
                Action::None => "no action needed",
            },
            c.dimension
        );
        let _ = write!(props, ",title={}", escape_property(&title));
        let _ = writeln!(
            out,
            "::{} {props}::{}",
            level_github(c.action),
            escape_data(&message(c))
        );
    }
    out
}

/// A relative path as a URI reference: `/` separators, and bytes outside
/// RFC 3986's unreserved set and `/` percent-encoded.
fn uri_of(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn location(uri: &str, line: Option<u32>) -> Value {
    let mut phys = json!({ "artifactLocation": { "uri": uri } });
    if let Some(l) = line {
        phys["region"] = json!({ "startLine": l });
    }
    json!({ "physicalLocation": phys })
}

fn fingerprint(c: &Change) -> String {
    let mut h = Sha256::new();
    for part in [c.rule.as_str(), c.event.as_str(), c.subject.as_str()] {
        h.update(part.as_bytes());
        h.update(b"\x00");
    }
    let mut s = String::with_capacity(64);
    for b in h.finalize() {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn rule_descriptor(
    id: &str,
    summary: &str,
    event: &str,
    action: Action,
    materiality: &str,
    citation: &str,
) -> Value {
    let description = event_info(event).map_or_else(
        || format!("Changes decided by rule `{id}` (event `{event}`)."),
        |e| format!("Event `{}` ({}): {}.", e.id, e.dimension, e.description),
    );
    let short = summary
        .replace("{subject}", "…")
        .replace("{old}", "…")
        .replace("{new}", "…");
    json!({
        "id": id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": description },
        "help": {
            "text": format!("{description}\nAction: {action} ({}); materiality: {materiality}.\nCitation: {citation}", verdict_words(action)),
            "markdown": format!("{description}\n\n**Action:** `{action}` ({}); materiality `{materiality}`.\n\n**Citation:** {citation}", verdict_words(action)),
        },
        "defaultConfiguration": { "level": level_sarif(action) },
        "properties": {
            "event": event,
            "action": action.as_str(),
            "materiality": materiality,
            "citation": citation,
        },
    })
}

/// A diff report as a SARIF 2.1.0 log: one run whose tool driver lists the
/// rule table (each rule with its action, citation and help under the
/// report's profile), and one result per change, with `level` `error`
/// (re-consent), `warning` (notice) or `note` (no action), located at the
/// new file and line of its evidence.
///
/// `rules` is the rule set the report was decided with. Valid against the
/// OASIS SARIF 2.1.0 schema (a test checks).
///
/// ```
/// use policydiff::{RuleSet, Profile, report::{CiPaths, render_sarif}};
/// let old = policydiff::import_text("We collect your email address.").unwrap();
/// let new = policydiff::import_text("We collect your email address.\nWe collect your precise location.").unwrap();
/// let report = policydiff::diff(&old, &new);
/// let sarif: serde_json::Value = serde_json::from_str(
///     &render_sarif(&report, &RuleSet::builtin(Profile::Default), &CiPaths::new("old.md", "new.md")),
/// ).unwrap();
/// assert_eq!(sarif["version"], "2.1.0");
/// assert_eq!(sarif["runs"][0]["results"][0]["level"], "error");
/// ```
pub fn render_sarif(report: &DiffReport, rules: &RuleSet, paths: &CiPaths) -> String {
    let profile = rules.profile();
    let mut descriptors: Vec<Value> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for r in rules.rules() {
        if index.contains_key(&r.id) {
            continue;
        }
        let (action, materiality, citation) = r.resolve(profile);
        index.insert(r.id.clone(), descriptors.len());
        descriptors.push(rule_descriptor(
            &r.id,
            &r.summary,
            &r.event,
            action,
            materiality.as_str(),
            citation,
        ));
    }
    // A change no rule matched is decided fail-safe; describe that too.
    for c in &report.changes {
        if !index.contains_key(&c.rule) {
            index.insert(c.rule.clone(), descriptors.len());
            descriptors.push(rule_descriptor(
                &c.rule,
                "No rule matched this change",
                &c.event,
                c.action,
                c.materiality.as_str(),
                &c.citation,
            ));
        }
    }
    let (old_uri, new_uri) = (uri_of(&paths.old), uri_of(&paths.new));
    let results: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            let mut result = json!({
                "ruleId": c.rule,
                "ruleIndex": index.get(&c.rule).copied().unwrap_or(0),
                "level": level_sarif(c.action),
                "message": { "text": message(c) },
                "locations": [location(&new_uri, new_line(report, c))],
                "partialFingerprints": { "policydiff/v1": fingerprint(c) },
                "properties": {
                    "dimension": c.dimension.as_str(),
                    "kind": c.kind.as_str(),
                    "direction": c.direction.as_str(),
                    "materiality": c.materiality.as_str(),
                    "action": c.action.as_str(),
                    "event": c.event,
                    "subject": c.subject,
                    "citation": c.citation,
                },
            });
            let related: Vec<Value> = c
                .evidence
                .old
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let mut l = location(&old_uri, file_line(&report.old, e));
                    l["id"] = json!(i);
                    l["message"] = json!({ "text": format!("old version, {}", evidence_line(e)) });
                    l
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "policydiff",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": descriptors,
                }
            },
            "artifacts": [
                { "location": { "uri": new_uri }, "roles": ["analysisTarget"] },
                { "location": { "uri": old_uri } },
            ],
            "results": results,
            "properties": {
                "action": report.action.as_str(),
                "reconsentRequired": report.reconsent_required,
                "profile": report.profile,
                "rules": { "name": report.rules.name, "version": report.rules.version, "custom": report.rules.custom },
            },
        }],
    });
    // Plain data with string keys: serialising cannot fail.
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(
            escape_data("50% of\r\nusers: a, b"),
            "50%25 of%0D%0Ausers: a, b"
        );
        assert_eq!(escape_property("C:\\dir,x\n%"), "C%3A\\dir%2Cx%0A%25");
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri_of("privacy/policy v2.md"), "privacy/policy%20v2.md");
        assert_eq!(uri_of("a\\b#c.md"), "a/b%23c.md");
        assert_eq!(uri_of("politique-é.md"), "politique-%C3%A9.md");
    }
}
