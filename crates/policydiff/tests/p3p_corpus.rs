//! The shared corpus of real P3P files (`../shared/corpus/p3p`): every file
//! imports without a panic, valid ones without errors, and the model holds as
//! many statements, data references, purposes and recipients as an
//! independent count of the XML. Skipped when `../shared` is absent.

#![allow(clippy::format_push_string)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use policydiff::{Evidence, Format, ImportOptions, Policy};
use quick_xml::events::Event;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/p3p");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} not found (the shared corpus is not checked out)",
            dir.display()
        );
        None
    }
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["policies", "reference", "history"] {
        let mut stack = vec![dir.join(sub)];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "xml") {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

const PURPOSES: [&str; 12] = [
    "current",
    "admin",
    "develop",
    "tailoring",
    "pseudo-analysis",
    "pseudo-decision",
    "individual-analysis",
    "individual-decision",
    "contact",
    "historical",
    "telemarketing",
    "other-purpose",
];
const RECIPIENTS: [&str; 5] = ["delivery", "same", "other-recipient", "unrelated", "public"];

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    statements: usize,
    data: usize,
    purposes: usize,
    recipients: usize,
}

/// Count with a plain quick-xml event loop, independently of the importer.
/// Only POLICY elements at the P3P places are counted (root, POLICIES child,
/// META/POLICIES child); nothing inside EXTENSION.
fn independent(bytes: &[u8]) -> Counts {
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
    let mut r = quick_xml::Reader::from_str(&text);
    let mut stack: Vec<String> = Vec::new();
    let mut c = Counts::default();
    let mut statement_has_child = false;
    while let Ok(ev) = r.read_event() {
        let (name, empty) = match &ev {
            Event::Start(s) => (
                String::from_utf8_lossy(s.local_name().as_ref()).into_owned(),
                false,
            ),
            Event::Empty(s) => (
                String::from_utf8_lossy(s.local_name().as_ref()).into_owned(),
                true,
            ),
            Event::End(_) => {
                if stack.last().is_some_and(|n| n == "STATEMENT") && statement_has_child {
                    c.statements += 1;
                }
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let in_ext = stack.iter().any(|n| n == "EXTENSION");
        let parent = stack.last().map_or("", String::as_str);
        if !in_ext {
            if parent == "STATEMENT" && name != "CONSEQUENCE" {
                statement_has_child = true;
            }
            if name == "STATEMENT" {
                statement_has_child = false;
            }
            if name == "DATA" && stack.iter().any(|n| n == "STATEMENT") {
                c.data += 1;
            }
            if parent == "PURPOSE" && PURPOSES.contains(&name.as_str()) {
                c.purposes += 1;
            }
            if parent == "RECIPIENT" && RECIPIENTS.contains(&name.as_str()) {
                c.recipients += 1;
            }
        }
        if empty {
            if name == "STATEMENT" {
                // An empty STATEMENT says nothing.
            }
        } else {
            stack.push(name);
        }
    }
    c
}

fn paths<'a>(evidence: impl Iterator<Item = &'a Evidence>) -> BTreeSet<String> {
    evidence
        .filter_map(|e| match e {
            Evidence::Xml { path, .. } => Some(path.clone()),
            Evidence::Text { .. } => None,
        })
        .collect()
}

fn model_counts(p: &Policy) -> Counts {
    let all = paths(p.evidence().into_iter().map(|(_, e)| e));
    let statements: BTreeSet<String> = all
        .iter()
        .filter_map(|path| {
            let i = path.find("/STATEMENT[")?;
            let end = path[i..].find(']')? + i + 1;
            Some(path[..end].to_owned())
        })
        .collect();
    let data = paths(p.collection.iter().flat_map(|c| c.evidence.iter()));
    let purposes = paths(p.purposes.iter().flat_map(|c| c.evidence.iter()));
    let recipients = paths(p.sharing.iter().flat_map(|c| c.evidence.iter()));
    Counts {
        statements: statements.len(),
        data: data.len(),
        purposes: purposes.len(),
        recipients: recipients.len(),
    }
}

#[test]
fn every_corpus_file_imports_and_counts_match() {
    let Some(dir) = corpus() else { return };
    let files = xml_files(&dir);
    assert!(files.len() >= 100, "only {} files", files.len());
    let mut total = Counts::default();
    let mut failures = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.strip_prefix(&dir).unwrap().display().to_string();
        let opts = ImportOptions::new().format(Format::P3p);
        let policy = match policydiff::import_bytes(&bytes, &opts) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let got = model_counts(&policy);
        let want = independent(&bytes);
        assert_eq!(got, want, "{name}");
        total.statements += got.statements;
        total.data += got.data;
        total.purposes += got.purposes;
        total.recipients += got.recipients;
        // Determinism: the same bytes give the same JSON.
        assert_eq!(
            policy.to_json(),
            policydiff::import_bytes(&bytes, &opts).unwrap().to_json()
        );
    }
    eprintln!("{} files; totals {total:?}", files.len());
    assert!(
        failures.is_empty(),
        "failed to import:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_compact_policy_parses_and_round_trips() {
    let Some(dir) = corpus() else { return };
    let text = std::fs::read_to_string(dir.join("compact-policies.txt")).unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let m1 = policydiff::import_compact_policy(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let cp = policydiff::p3p::to_compact_policy(&m1);
        let m2 = policydiff::import_compact_policy(&cp).unwrap();
        assert_eq!(semantic(&m1), semantic(&m2), "{line}\n -> {cp}");
        assert_eq!(policydiff::p3p::to_compact_policy(&m2), cp, "{line}");
        n += 1;
    }
    assert!(n >= 50, "{n}");
    eprintln!("{n} compact policies round-tripped");
}

/// The model without evidence, source and diagnostics.
fn semantic(p: &Policy) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap();
    strip(&mut v);
    if let Some(m) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.remove("source");
    }
    v.as_object_mut().unwrap().remove("diagnostics");
    if let Some(u) = v.get_mut("unrecognized").and_then(|u| u.as_array_mut()) {
        u.sort_by_key(std::string::ToString::to_string);
    }
    v
}

fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("evidence");
            for x in m.values_mut() {
                strip(x);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}
