//! Evidence from HTML input points at the line of the HTML file its text
//! starts on (`source_line`), checked over every HTML file of the project's
//! own corpus: each quote's first word is on that line of the markup. And
//! the CI annotations of an HTML pair name those lines.

use std::path::{Path, PathBuf};

use policydiff::report::{CiPaths, render_github};
use policydiff::{Evidence, ImportOptions, SourceFormat};

fn html_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("hostile") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The first run of two or more ASCII letters or digits in a quote (the
/// renderer's `- `, `| `, `**` and backslash escapes are not words).
fn first_word(quote: &str) -> Option<&str> {
    quote
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() >= 2)
}

#[test]
fn html_evidence_quotes_start_on_their_source_line() {
    let files = html_files();
    assert!(files.len() >= 6, "the corpus has HTML versions: {files:?}");
    let mut checked = 0;
    for f in &files {
        let markup = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = markup.lines().collect();
        let p = policydiff::import_file(f, &ImportOptions::new()).unwrap();
        assert_eq!(p.metadata.source.format, SourceFormat::Html);
        for (list, e) in p.evidence() {
            let Evidence::Text {
                quote, source_line, ..
            } = e
            else {
                continue;
            };
            let line = source_line.unwrap_or_else(|| {
                panic!(
                    "{}: {list} evidence {quote:?} has no source_line",
                    f.display()
                )
            });
            let Some(word) = first_word(quote) else {
                continue;
            };
            let text = lines.get(line as usize - 1).copied().unwrap_or_default();
            assert!(
                text.contains(word),
                "{}: {list} evidence {quote:?} names line {line}, which does not hold {word:?}: {text:?}",
                f.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} evidence records checked");
}

#[test]
fn github_annotations_of_an_html_pair_have_file_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/versions/bramblebee");
    let (old, new) = (dir.join("2021-05-10.html"), dir.join("2022-02-01.html"));
    let opts = ImportOptions::new();
    let report = policydiff::diff(
        &policydiff::import_file(&old, &opts).unwrap(),
        &policydiff::import_file(&new, &opts).unwrap(),
    );
    let out = render_github(&report, &CiPaths::new("old.html", "new.html"));
    let markup = std::fs::read_to_string(&new).unwrap();
    let lines: Vec<&str> = markup.lines().collect();
    let mut with_line = 0;
    for (c, ann) in report.changes.iter().zip(out.lines()) {
        let Some(Evidence::Text {
            quote, source_line, ..
        }) = c.evidence.new.first()
        else {
            continue;
        };
        let line = source_line.expect("HTML evidence has a source line");
        assert!(ann.contains(&format!(",line={line},")), "{ann}");
        let word = first_word(quote).unwrap();
        assert!(
            lines[line as usize - 1].contains(word),
            "line {line} lacks {word:?}"
        );
        with_line += 1;
    }
    assert!(
        with_line > 0,
        "no change of this pair has new evidence:\n{out}"
    );
}
