//! The committed JSON Schemas in `schemas/` must equal the generated ones.
//! Run with `UPDATE_SCHEMAS=1` to rewrite them after a model change.

use std::path::PathBuf;

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

fn check(file: &str, generated: &str) {
    let path = schemas_dir().join(file);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_SCHEMAS=1 cargo test -p policydiff --test schema` and commit the result",
        path.display()
    );
}

#[test]
fn policy_schema_is_committed_and_current() {
    let generated = policydiff::schema::policy_schema_json();
    let v: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(
        v["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft 2020-12"
    );
    assert_eq!(v["$id"], policydiff::model::POLICY_SCHEMA_ID);
    assert!(
        v["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "schema_version")
    );
    check("policy.v1.schema.json", &generated);
}

#[test]
fn real_output_validates() {
    let schema: serde_json::Value =
        serde_json::from_str(&policydiff::schema::policy_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut n = 0;
    for entry in walk(&corpus) {
        let Ok(policy) = policydiff::import_file(&entry, &policydiff::ImportOptions::new()) else {
            continue;
        };
        let json = serde_json::to_value(&policy).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", entry.display());
        n += 1;
    }
    assert!(n >= 20, "only {n} corpus files imported");
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("md" | "txt" | "html" | "xml")
            ) && p.file_name().is_some_and(|n| n != "README.md")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
