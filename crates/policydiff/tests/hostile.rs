//! Every file in `corpus/hostile/` gets its documented outcome (see the
//! README there) quickly and without a panic.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use policydiff::{ErrorKind, Format, ImportOptions, import_bytes, import_file};

fn hostile(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/hostile")
        .join(name)
}

/// Generous wall-clock bound for a debug build on a loaded 2-core machine;
/// it catches hangs and quadratic blow-ups, not performance regressions.
const BOUND: Duration = Duration::from_secs(120);

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    assert!(t.elapsed() < BOUND, "took {:?}", t.elapsed());
    v
}

fn err_kind(name: &str) -> policydiff::Error {
    timed(|| import_file(hostile(name), &ImportOptions::new())).expect_err(name)
}

#[test]
fn refused_inputs() {
    assert_eq!(err_kind("empty.txt").kind(), ErrorKind::Empty);
    assert_eq!(err_kind("whitespace-only.md").kind(), ErrorKind::Empty);
    let e = err_kind("invalid-utf8.txt");
    assert_eq!(e.kind(), ErrorKind::Encoding);
    assert_eq!((e.line(), e.column()), (Some(4), Some(1)));
    let e = err_kind("nul-bytes.txt");
    assert_eq!(e.kind(), ErrorKind::Binary);
    assert_eq!(e.location().and_then(|l| l.offset), Some(14));
    assert_eq!(err_kind("control-chars.txt").kind(), ErrorKind::Binary);
}

#[test]
fn utf16_is_decoded() {
    for name in ["utf16-bom.txt", "utf16be-bom.txt"] {
        let p = timed(|| import_file(hostile(name), &ImportOptions::new())).unwrap();
        assert!(p.metadata.source.encoding.starts_with("utf-16"));
        assert!(p.sections.iter().any(|s| !s.sentences.is_empty()));
    }
}

#[test]
fn mixed_line_endings_count_lines_once() {
    let p = import_file(hostile("mixed-line-endings.md"), &ImportOptions::new()).unwrap();
    let lines: Vec<(u32, String)> = p
        .sections
        .iter()
        .flat_map(|s| s.sentences.iter().map(|x| (x.line, x.text.clone())))
        .collect();
    assert_eq!(lines[0], (3, "We collect your email address.".to_owned()));
    assert!(
        lines.contains(&(9, "We use session cookies.".to_owned())),
        "{lines:?}"
    );
}

#[test]
fn deep_html_keeps_text_and_drops_scripts() {
    // 10,000 nested divs are over the default depth limit (parsing deep HTML
    // is quadratic), refused at the first div too deep ...
    let e = timed(|| import_file(hostile("deep-divs-scripts.html"), &ImportOptions::new()))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert!(e.to_string().contains("deeper than 256"), "{e}");
    assert!(e.line().is_some() && e.column().is_some());
    // ... and imported with the limit raised.
    let raised = ImportOptions::new().max_depth(20_000);
    let p = timed(|| import_file(hostile("deep-divs-scripts.html"), &raised)).unwrap();
    let all: Vec<&str> = p
        .sections
        .iter()
        .flat_map(|s| s.sentences.iter().map(|x| x.text.as_str()))
        .collect();
    assert!(all.contains(&"We collect your email address."), "{all:?}");
    assert!(
        !all.iter()
            .any(|s| s.contains("sell") || s.contains("var a"))
    );
    let p = timed(|| import_file(hostile("unclosed-html.html"), &ImportOptions::new())).unwrap();
    // HTML5 parsing puts everything after the unclosed <h1> inside it.
    let heading = p.sections[0].heading.as_deref().unwrap_or_default();
    assert!(heading.starts_with("Privacy We use cookies"), "{heading}");
}

#[test]
fn markup_only_has_no_sentences() {
    let p = import_file(hostile("only-markup.md"), &ImportOptions::new()).unwrap();
    assert!(p.sections.iter().all(|s| s.sentences.is_empty()));
}

#[test]
fn fifty_megabyte_single_line() {
    let mut big = b"We collect data ".repeat(50 * 1024 * 1024 / 16);
    big.push(b'.');
    let e = timed(|| import_bytes(&big, &ImportOptions::new())).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    // With the limit raised it is imported, in bounded time and sentence size.
    let some = &big[..1024 * 1024];
    let p = timed(|| import_bytes(some, &ImportOptions::new().max_bytes(64 << 20))).unwrap();
    let n: usize = p.sections.iter().map(|s| s.sentences.len()).sum();
    assert!(n >= 1024 * 1024 / 4_000);
}

/// Every limit is a typed `limit` error (or, for sentences, a documented cut
/// with a diagnostic) and configurable; see docs/LIMITS.md.
#[test]
fn limits_are_typed_and_configurable() {
    // Input size.
    let e = import_bytes(
        b"We collect your email.",
        &ImportOptions::new().max_bytes(8),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    // HTML depth: counted over elements that nest; `p`, `li`, void elements
    // and raw text do not count.
    let html = |n: usize| {
        format!(
            "<html><body>{}<p>We collect your email address.<br><img src=x></p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    let opts = ImportOptions::new().format(Format::Html).max_depth(50);
    assert!(import_bytes(html(50).as_bytes(), &opts).is_ok());
    let e = import_bytes(html(51).as_bytes(), &opts).unwrap_err();
    assert_eq!((e.kind(), e.line()), (ErrorKind::Limit, Some(1)));
    let sloppy = format!(
        "<ul>{}</ul><script>{}</script><!-- {} -->",
        "<li><p>We use cookies.".repeat(500),
        "'<div>'".repeat(500),
        "<div>".repeat(500)
    );
    assert!(import_bytes(sloppy.as_bytes(), &opts).is_ok());
    // XML depth and element count.
    let deep = format!(
        "<POLICIES>{}{}</POLICIES>",
        "<a>".repeat(60),
        "</a>".repeat(60)
    );
    let e = import_bytes(
        deep.as_bytes(),
        &ImportOptions::new().format(Format::P3p).max_depth(50),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    let many = format!("<POLICIES>{}</POLICIES>", "<a/>".repeat(100));
    let e = import_bytes(
        many.as_bytes(),
        &ImportOptions::new().format(Format::P3p).max_elements(50),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    // Sentence length: cut at a space, with a diagnostic.
    let long = format!("We collect {}your email address.", "very ".repeat(100));
    let p = import_bytes(
        long.as_bytes(),
        &ImportOptions::new().max_sentence_bytes(64),
    )
    .unwrap();
    let sentences: Vec<_> = p.sections.iter().flat_map(|s| &s.sentences).collect();
    assert!(sentences.len() >= 8 && sentences.iter().all(|s| s.span.len() <= 64));
    assert!(
        p.diagnostics.iter().any(|d| d.code == "sentence_cut"),
        "{:?}",
        p.diagnostics
    );
    let p = import_bytes(long.as_bytes(), &ImportOptions::new()).unwrap();
    assert!(p.diagnostics.iter().all(|d| d.code != "sentence_cut"));
    // A limit of 0 still makes progress (raised to the minimum).
    assert!(import_bytes(long.as_bytes(), &ImportOptions::new().max_sentence_bytes(0)).is_ok());
    // Total evidence size.
    let text = "We collect your email address. We share data with advertisers. ".repeat(50);
    let p = import_bytes(text.as_bytes(), &ImportOptions::new()).unwrap();
    let total: usize = p
        .evidence()
        .iter()
        .filter_map(|(_, e)| e.quote())
        .map(str::len)
        .sum();
    assert!(total > 1000, "{total}");
    let e = import_bytes(
        text.as_bytes(),
        &ImportOptions::new().max_evidence_bytes(1000),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert!(e.to_string().contains("max_evidence_bytes"), "{e}");
}
