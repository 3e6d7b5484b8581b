//! Hostile and broken XML is refused fast, with a one-line error that has a
//! line and a column (`corpus/hostile/`).

use std::path::Path;
use std::time::{Duration, Instant};

use policydiff::{ErrorKind, Format, ImportOptions};

fn hostile(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/hostile")
            .join(name),
    )
    .unwrap()
}

fn refused(bytes: &[u8], opts: &ImportOptions) -> policydiff::Error {
    let start = Instant::now();
    let err = policydiff::import_bytes(bytes, opts).expect_err("must be refused");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "not one line: {msg}");
    assert!(
        err.line().is_some() && err.column().is_some(),
        "no line/column: {msg}"
    );
    // The validator refuses it the same way.
    let v = policydiff::p3p::validate(bytes, opts).expect_err("validate must refuse it too");
    assert_eq!(v.kind(), err.kind());
    err
}

fn p3p() -> ImportOptions {
    ImportOptions::new().format(Format::P3p)
}

#[test]
fn billion_laughs_fails_at_the_doctype() {
    let err = refused(&hostile("billion-laughs.xml"), &p3p());
    assert_eq!(err.kind(), ErrorKind::Xml);
    assert_eq!(err.line(), Some(2), "{err}");
    assert!(err.to_string().contains("entities"), "{err}");
}

#[test]
fn external_entities_are_never_read() {
    let err = refused(&hostile("external-entity.xml"), &p3p());
    assert_eq!(err.kind(), ErrorKind::Xml);
    assert_eq!(err.line(), Some(2));
    assert!(!err.to_string().contains("root:"), "{err}");
    let err = refused(&hostile("undeclared-entity.xml"), &p3p());
    assert_eq!(err.kind(), ErrorKind::Xml);
    assert_eq!(err.line(), Some(4), "{err}");
    assert!(err.to_string().contains("&company;"), "{err}");
}

#[test]
fn unclosed_and_truncated() {
    let err = refused(&hostile("unclosed-tag.xml"), &p3p());
    assert_eq!(err.kind(), ErrorKind::Xml);
    assert_eq!(err.line(), Some(7), "{err}");
    let err = refused(&hostile("truncated.xml"), &p3p());
    assert_eq!(err.kind(), ErrorKind::Xml);
    assert!(err.to_string().contains("never closed"), "{err}");
}

#[test]
fn wrong_root() {
    let err = refused(&hostile("wrong-root.xml"), &p3p());
    assert_eq!(err.kind(), ErrorKind::P3p);
    assert_eq!((err.line(), err.column()), (Some(2), Some(1)), "{err}");
    assert!(err.to_string().contains("<rss>"), "{err}");
}

#[test]
fn ten_thousand_deep_nesting_hits_the_depth_limit() {
    let mut doc = String::from("<POLICIES xmlns='http://www.w3.org/2002/01/P3Pv1'>\n");
    doc.push_str(&"<EXTENSION>".repeat(10_000));
    doc.push_str(&"</EXTENSION>".repeat(10_000));
    doc.push_str("</POLICIES>");
    let err = refused(doc.as_bytes(), &p3p());
    assert_eq!(err.kind(), ErrorKind::Limit);
    assert_eq!(err.line(), Some(2));
    // A lower limit is honoured too.
    let nested = "<POLICIES><POLICY><STATEMENT><DATA-GROUP><DATA ref='#user.name'/></DATA-GROUP></STATEMENT></POLICY></POLICIES>";
    assert_eq!(
        refused(nested.as_bytes(), &p3p().max_depth(3)).kind(),
        ErrorKind::Limit
    );
    assert!(policydiff::import_bytes(nested.as_bytes(), &p3p().max_depth(5)).is_ok());
}

#[test]
fn size_and_element_limits() {
    let mut doc = String::from("<POLICIES xmlns='http://www.w3.org/2002/01/P3Pv1'>");
    doc.push_str(&"<EXTENSION/>".repeat(5_000));
    doc.push_str("</POLICIES>");
    let err = policydiff::import_bytes(doc.as_bytes(), &p3p().max_bytes(10_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit);
    assert!(err.to_string().contains("10000"), "{err}");
    let err = refused(doc.as_bytes(), &p3p().max_elements(1_000));
    assert_eq!(err.kind(), ErrorKind::Limit);
}

#[test]
fn garbage_never_panics() {
    let base = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/p3p/full-vocabulary.xml"),
    )
    .unwrap();
    // Every prefix of a real document either imports or is refused cleanly.
    for cut in (0..base.len()).step_by(97) {
        let _ = policydiff::import_bytes(&base[..cut], &p3p());
        let _ = policydiff::p3p::validate(&base[..cut], &p3p());
    }
    for junk in [
        &b"\xff\xfe<\x00"[..],
        b"<",
        b"<?xml",
        b"<POLICIES",
        b"<a></b>",
        b"\x00\x01",
        b"<POLICIES/><POLICIES/>",
        b"text<POLICIES/>",
    ] {
        let _ = policydiff::import_bytes(junk, &p3p());
    }
}
