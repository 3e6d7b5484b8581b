//! The HTML, GitHub Actions and SARIF renderers over the project's own corpus
//! pairs: snapshots of whole outputs, and properties checked on every pair.

use std::path::{Path, PathBuf};

use policydiff::history::{History, PracticeCounts, import_versions};
use policydiff::report::{CiPaths, render_github, render_history_html, render_html, render_sarif};
use policydiff::{DiffOptions, DiffReport, ImportOptions, Policy, Profile, RuleSet};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn pairs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus().join("pairs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn load(pair: &Path) -> (Policy, Policy, DiffReport) {
    let opts = ImportOptions::new();
    let old = policydiff::import_file(pair.join("old.md"), &opts).unwrap();
    let new = policydiff::import_file(pair.join("new.md"), &opts).unwrap();
    let report = policydiff::diff(&old, &new);
    (old, new, report)
}

fn paths(pair: &str) -> CiPaths {
    CiPaths::new(
        format!("corpus/pairs/{pair}/old.md"),
        format!("corpus/pairs/{pair}/new.md"),
    )
}

#[test]
fn html_snapshot() {
    let (old, new, report) = load(&corpus().join("pairs/negation-lost"));
    insta::assert_snapshot!(
        "html_negation_lost",
        render_html(&report, Some((&old, &new))).unwrap()
    );
}

#[test]
fn github_snapshot() {
    let (_, _, report) = load(&corpus().join("pairs/sale-advertising"));
    insta::assert_snapshot!(
        "github_sale_advertising",
        render_github(&report, &paths("sale-advertising"))
    );
}

#[test]
fn sarif_snapshot() {
    let (_, _, report) = load(&corpus().join("pairs/sale-advertising"));
    let sarif = render_sarif(
        &report,
        &RuleSet::builtin(Profile::Default),
        &paths("sale-advertising"),
    );
    insta::assert_snapshot!("sarif_sale_advertising", sarif);
}

#[test]
fn history_html_snapshot() {
    let versions =
        import_versions(corpus().join("versions/quillpost"), &ImportOptions::new()).unwrap();
    let h = History::from_imported(&versions, &DiffOptions::new());
    let counts: Vec<PracticeCounts> = versions
        .iter()
        .map(|v| PracticeCounts::of(&v.policy))
        .collect();
    insta::assert_snapshot!(
        "history_html_quillpost",
        render_history_html(&h, &counts).unwrap()
    );
}

#[test]
fn from_imported_matches_from_dir() {
    let dir = corpus().join("versions/quillpost");
    let versions = import_versions(&dir, &ImportOptions::new()).unwrap();
    let a = History::from_imported(&versions, &DiffOptions::new());
    let b = History::from_dir(&dir, &ImportOptions::new(), &DiffOptions::new()).unwrap();
    assert_eq!(a, b);
}

/// Every pair: one card per change, the verdict badge, deterministic output;
/// one annotation and one SARIF result per change, at a line of the new file
/// that holds the change's evidence.
#[test]
fn every_pair_renders_consistently() {
    let rules = RuleSet::builtin(Profile::Default);
    for pair in pairs() {
        let name = pair.file_name().unwrap().to_string_lossy().into_owned();
        let (old, new, report) = load(&pair);
        let html = render_html(&report, Some((&old, &new))).unwrap();
        assert_eq!(
            html,
            render_html(&report, Some((&old, &new))).unwrap(),
            "{name}: deterministic"
        );
        assert_eq!(
            html.matches("<li class=\"card\"").count(),
            report.changes.len(),
            "{name}"
        );
        assert!(
            html.contains(&format!("id=\"verdict\" data-action=\"{}\"", report.action)),
            "{name}"
        );
        // Without the policies, the page still renders (edited sentences only).
        assert!(
            render_html(&report, None)
                .unwrap()
                .contains("id=\"verdict\"")
        );

        let gh = render_github(&report, &paths(&name));
        assert_eq!(gh.lines().count(), report.changes.len(), "{name}");
        let new_text = std::fs::read_to_string(pair.join("new.md")).unwrap();
        let lines: Vec<&str> = new_text.lines().collect();
        for (line, change) in gh.lines().zip(&report.changes) {
            let level = match change.action {
                policydiff::Action::Consent => "::error ",
                policydiff::Action::Notice => "::warning ",
                policydiff::Action::None => "::notice ",
            };
            assert!(line.starts_with(level), "{name}: {line}");
            assert!(
                line.contains(&format!("file=corpus/pairs/{name}/new.md,line=")),
                "{name}: {line}"
            );
            if let Some(e) = change.evidence.new.first() {
                let n = e.line() as usize;
                assert!(line.contains(&format!(",line={n},")), "{name}: {line}");
                let quote = e.quote().unwrap();
                let first_word = quote.split_whitespace().next().unwrap();
                assert!(
                    lines[n - 1].contains(first_word),
                    "{name}: line {n} lacks {first_word:?}"
                );
            }
        }

        let sarif: serde_json::Value =
            serde_json::from_str(&render_sarif(&report, &rules, &paths(&name))).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), report.changes.len(), "{name}");
    }
}

#[test]
fn p3p_versions_point_at_element_lines() {
    let dir = corpus().join("p3p/versions/larkspur");
    let opts = ImportOptions::new();
    let a = policydiff::import_file(dir.join("2003-01-15.xml"), &opts).unwrap();
    let b = policydiff::import_file(dir.join("2004-06-01.xml"), &opts).unwrap();
    let report = policydiff::diff(&a, &b);
    assert!(!report.changes.is_empty());
    let html = render_html(&report, Some((&a, &b))).unwrap();
    assert!(
        html.contains("element &#x2f;POLICIES[1]"),
        "XML evidence is shown by element path"
    );
    let gh = render_github(&report, &CiPaths::new("old.xml", "new.xml"));
    let xml = std::fs::read_to_string(dir.join("2004-06-01.xml")).unwrap();
    for (line, change) in gh.lines().zip(&report.changes) {
        assert!(line.contains("file=new.xml"), "{line}");
        if let Some(e) = change.evidence.new.first() {
            let n = e.line() as usize;
            assert!(line.contains(&format!(",line={n},")), "{line}");
            assert!(
                xml.lines().nth(n - 1).is_some_and(|l| l.contains('<')),
                "line {n} is an element"
            );
        }
    }
}

/// The text and Markdown headers count the changes with the right noun
/// ("1 change", "2 changes"), on every pair.
#[test]
fn headers_count_changes_in_words() {
    use policydiff::report::{TextOptions, render_markdown, render_text};
    let mut singular = 0;
    for pair in pairs() {
        let (_, _, report) = load(&pair);
        let n = report.changes.len();
        let words = if n == 1 {
            singular += 1;
            "1 change".to_owned()
        } else {
            format!("{n} changes")
        };
        let text = render_text(&report, &TextOptions::new());
        assert!(
            text.contains(&format!("  {words}: ")),
            "{}: {text}",
            pair.display()
        );
        let md = render_markdown(&report);
        assert!(
            md.contains(&format!(" · {words} (")),
            "{}: {md}",
            pair.display()
        );
    }
    // A pair with one change is among them, so the singular is checked.
    assert!(singular > 0);
}

/// The HTML text-diff summary counts in words too: "1 sentence differs",
/// never "1 sentences differ".
#[test]
fn html_summary_counts_in_words() {
    for pair in pairs() {
        let (old, new, report) = load(&pair);
        let html = render_html(&report, Some((&old, &new))).unwrap();
        for bad in [
            "(1 sentences",
            " 1 sentences ",
            " 1 sections ",
            ", 1 sections)",
        ] {
            assert!(!html.contains(bad), "{}: {bad:?}", pair.display());
        }
    }
    let (old, new, report) = load(&corpus().join("pairs/longer-retention"));
    let html = render_html(&report, Some((&old, &new))).unwrap();
    assert!(html.contains("1 sentence differs only by noise."), "{html}");
}
