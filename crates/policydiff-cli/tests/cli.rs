//! End-to-end tests of the `policydiff` binary: output, errors, exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("policydiff").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared is not present next to the repository");
        None
    }
}

fn import_json(path: &Path) -> Value {
    let out = bin().arg("import").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every evidence quote is the source text at its span; every sentence's
/// words come from the source text at its span, in order; spans are ordered.
fn check_spans(source: &str, policy: &Value) {
    let mut checked = 0;
    let mut last_end = 0;
    for section in policy["sections"].as_array().unwrap() {
        for s in section["sentences"].as_array().unwrap() {
            let (a, b) = (
                s["span"]["start"].as_u64().unwrap() as usize,
                s["span"]["end"].as_u64().unwrap() as usize,
            );
            assert!(a >= last_end && a < b && b <= source.len(), "span {a}..{b}");
            last_end = b;
            let src = &source[a..b];
            let line = source[..a].matches('\n').count() + 1;
            assert_eq!(
                s["line"].as_u64().unwrap() as usize,
                line,
                "line of {src:?}"
            );
            if src.contains("â€") || src.contains('Ã') || src.contains('Â') {
                // Encoding damage: the sentence text holds the repaired form.
                let text = s["text"].as_str().unwrap();
                assert!(!text.contains("â€"), "mojibake not repaired: {text}");
                checked += 1;
                continue;
            }
            let src_words = words(src);
            let mut it = src_words.iter();
            for w in words(s["text"].as_str().unwrap()) {
                assert!(
                    it.any(|x| *x == w),
                    "sentence word {w:?} not in source span {src:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    fn visit(v: &Value, source: &str, n: &mut usize) {
        match v {
            Value::Object(m) => {
                if m.get("kind").and_then(Value::as_str) == Some("text") {
                    let a = m["span"]["start"].as_u64().unwrap() as usize;
                    let b = m["span"]["end"].as_u64().unwrap() as usize;
                    assert_eq!(&source[a..b], m["quote"].as_str().unwrap());
                    *n += 1;
                }
                for x in m.values() {
                    visit(x, source, n);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| visit(x, source, n)),
            _ => {}
        }
    }
    let mut n = 0;
    for (k, v) in policy.as_object().unwrap() {
        if k != "sections" {
            visit(v, source, &mut n);
        }
    }
}

#[test]
fn seed_003_spans_and_schema() {
    let Some(shared) = shared() else { return };
    let path = shared.join("seeds/003_30112979495dc482.txt");
    let json = import_json(&path);
    let source = std::fs::read_to_string(&path).unwrap();
    check_spans(&source, &json);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/policy.v1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json));
    let headings: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["heading"].as_str())
        .collect();
    assert!(headings.contains(&"Why we collect your personal information?"));
    assert!(headings.contains(&"SWREG"));
}

#[test]
fn every_seed_and_corpus_text_file_has_exact_spans() {
    let mut files: Vec<PathBuf> = Vec::new();
    if let Some(shared) = shared() {
        for e in std::fs::read_dir(shared.join("seeds")).unwrap().flatten() {
            files.push(e.path());
        }
    }
    for dir in [
        "corpus/versions/stridewell",
        "corpus/versions/quillpost",
        "corpus/seeds-style",
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            files.push(e.path());
        }
    }
    files.sort();
    assert!(files.len() >= 10);
    for f in files {
        let json = import_json(&f);
        let source = std::fs::read_to_string(&f).unwrap();
        check_spans(&source, &json);
    }
}

#[test]
fn stdin_and_from() {
    let out = bin()
        .args(["import", "-", "--from", "html"])
        .write_stdin("<h1>Privacy</h1><p>We use cookies.</p>")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["metadata"]["source"]["format"], "html");
    assert_eq!(v["sections"][0]["heading"], "Privacy");
}

fn assert_one_line_error(args: &[&str], input: &[u8], needle: &str) {
    let dir = tempdir();
    let path = dir.join("input");
    std::fs::write(&path, input).unwrap();
    let mut cmd = bin();
    cmd.args(args).arg(&path);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains(needle),
        "{stderr} does not mention {needle}"
    );
    assert!(!stderr.contains("panicked"));
    assert!(out.stdout.is_empty());
}

fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "policydiff-cli-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    assert_one_line_error(&["import"], b"", "empty");
    assert_one_line_error(&["import"], b"  \n\t\n", "whitespace");
    assert_one_line_error(
        &["import"],
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
        "binary",
    );
    assert_one_line_error(&["import"], b"fine\nthen \xc3\x28 broken", "line 2");
    assert_one_line_error(
        &["import", "--max-bytes", "10"],
        b"0123456789ABCDEF",
        "limit",
    );
    let out = bin().args(["import", "/no/such/file"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn schema_command_prints_committed_schema() {
    let out = bin().args(["schema", "policy"]).output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string(root().join("schemas/policy.v1.schema.json")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
}

#[test]
fn output_is_deterministic() {
    let f = root().join("corpus/versions/bramblebee/2020-01-15.html");
    let a = bin().arg("import").arg(&f).output().unwrap().stdout;
    let b = bin().arg("import").arg(&f).output().unwrap().stdout;
    assert_eq!(a, b);
}

#[test]
fn help_is_useful() {
    let out = bin().arg("--help").output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    for word in ["import", "schema", "Exit codes"] {
        assert!(s.contains(word), "--help lacks {word}");
    }
}

fn pair(name: &str) -> (PathBuf, PathBuf) {
    let p = root().join("corpus/pairs").join(name);
    (p.join("old.md"), p.join("new.md"))
}

#[test]
fn check_exit_codes_in_every_format() {
    // (pair, expected exit code, what it shows, how stderr starts on a FAIL)
    let cases = [
        (
            "sale-advertising",
            1,
            "material change fails",
            Some("policydiff check: FAIL: re-consent required"),
        ),
        ("editorial", 0, "editorial change passes", None),
    ];
    for format in ["text", "json", "markdown", "html", "github", "sarif"] {
        for (name, code, what, fail) in cases {
            let (old, new) = pair(name);
            let out = bin()
                .args(["check", "--format", format])
                .arg(&old)
                .arg(&new)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(code), "{format}: {what}");
            if let Some(fail) = fail {
                assert!(!out.stdout.is_empty(), "{format}");
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(err.starts_with(fail), "{err}");
            }
        }
    }
}

#[test]
fn github_annotations_point_at_the_new_file() {
    let out = bin()
        .current_dir(root())
        .args([
            "diff",
            "./corpus/pairs/sale-advertising/old.md",
            "./corpus/pairs/sale-advertising/new.md",
            "--format",
            "github",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=corpus/pairs/sale-advertising/new.md,line="),
        "{first}"
    );
}

#[test]
fn sarif_is_json_with_one_result_per_change() {
    let (old, new) = pair("new-data-category");
    let [sarif, json] = ["sarif", "json"].map(|format| -> Value {
        let out = bin()
            .args(["diff", "--format", format, "--profile", "gdpr"])
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    });
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        json["changes"].as_array().unwrap().len()
    );
    assert_eq!(sarif["runs"][0]["properties"]["profile"], "gdpr");
}

#[test]
fn html_escapes_hostile_policy_text() {
    let dir = std::env::temp_dir().join(format!("policydiff-cli-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let old = dir.join("old.md");
    let new = dir.join("new.md");
    std::fs::write(&old, "# Data\n\nWe collect your email address.\n").unwrap();
    std::fs::write(
        &new,
        "# Data\n\nWe collect your email address and your location.</td><script>alert(1)</script>\n",
    )
    .unwrap();
    let out = bin()
        .args(["diff", "--format", "html"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;&#x2f;td&gt;&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
}

#[test]
fn history_html_and_refused_formats() {
    let dir = root().join("corpus/versions/quillpost");
    let out = bin()
        .args(["history", "--format", "html"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<svg class=\"chart\""));
    assert_eq!(html.matches("<li class=\"step\"").count(), 5);

    for format in ["github", "sarif"] {
        let out = bin()
            .args(["history", "--format", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("use `policydiff check OLD NEW`"), "{err}");
    }
}
