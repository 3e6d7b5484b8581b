//! The committed diff-report and history schemas equal the generated ones,
//! and real reports validate against them. `UPDATE_SCHEMAS=1` rewrites them.

use std::path::PathBuf;

use policydiff::{DiffOptions, History, ImportOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check(file: &str, generated: &str) {
    let path = root().join("schemas").join(file);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_SCHEMAS=1 cargo test -p policydiff --test diff_schema` and commit the result",
        path.display()
    );
}

#[test]
fn diff_report_schema_is_committed_and_current() {
    let generated = policydiff::schema::diff_report_schema_json();
    let v: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(
        v["$id"],
        "https://policydiff.dev/schemas/diff-report.v1.schema.json"
    );
    for field in [
        "schema_version",
        "action",
        "reconsent_required",
        "changes",
        "profile",
    ] {
        assert!(
            v["required"].as_array().unwrap().iter().any(|r| r == field),
            "{field}"
        );
    }
    check("diff-report.v1.schema.json", &generated);
    check(
        "history.v1.schema.json",
        &policydiff::schema::history_schema_json(),
    );
}

#[test]
fn real_reports_validate() {
    let corpus = root().join("corpus");
    if !corpus.join("pairs").is_dir() {
        eprintln!("skipped: corpus/pairs not found");
        return;
    }
    let schema: serde_json::Value =
        serde_json::from_str(&policydiff::schema::diff_report_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut n = 0;
    let mut pairs: Vec<_> = std::fs::read_dir(corpus.join("pairs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pairs.sort();
    for dir in pairs {
        let old = policydiff::import_file(dir.join("old.md"), &ImportOptions::new()).unwrap();
        let new = policydiff::import_file(dir.join("new.md"), &ImportOptions::new()).unwrap();
        let report = policydiff::diff(&old, &new);
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", dir.display());
        n += 1;
    }
    assert!(n >= 20);
    let hschema: serde_json::Value =
        serde_json::from_str(&policydiff::schema::history_schema_json()).unwrap();
    let hvalidator = jsonschema::validator_for(&hschema).expect("schema compiles");
    let h = History::from_dir(
        corpus.join("versions/stridewell"),
        &ImportOptions::new(),
        &DiffOptions::new(),
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&h.to_json()).unwrap();
    let errors: Vec<String> = hvalidator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn renderers_on_a_real_pair() {
    let corpus = root().join("corpus/pairs/editorial");
    if !corpus.is_dir() {
        eprintln!("skipped: corpus not found");
        return;
    }
    let old = policydiff::import_file(corpus.join("old.md"), &ImportOptions::new()).unwrap();
    let new = policydiff::import_file(corpus.join("new.md"), &ImportOptions::new()).unwrap();
    let mut report = policydiff::diff(&old, &new);
    report.old.label = Some("old.md".into());
    report.new.label = Some("new.md".into());
    let md = policydiff::report::render_markdown(&report);
    assert!(
        md.starts_with("### policydiff: No material change (`none`)"),
        "{md}"
    );
    assert!(md.contains("<details><summary>Text diff:"), "{md}");
    assert!(
        md.contains("```diff") && md.contains("+ ") && md.contains("- "),
        "{md}"
    );
    assert!(md.contains("`old.md` → `new.md`"));
    let plain = policydiff::report::render_text(&report, &policydiff::report::TextOptions::new());
    assert!(!plain.contains('\x1b'));
    assert!(plain.starts_with("NONE No material change"), "{plain}");
    let color = policydiff::report::render_text(
        &report,
        &policydiff::report::TextOptions::new().color(true),
    );
    assert!(color.contains("\x1b[2mNONE\x1b[0m"));
    let json = policydiff::report::render_json(&report);
    assert!(json.ends_with("}\n"));
    assert_eq!(json, report.to_json());
}
