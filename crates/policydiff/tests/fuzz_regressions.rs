//! Inputs the cargo-fuzz targets (fuzz/) found, kept as regression tests.
//! Every file in `corpus/hostile/fuzz-regressions/` goes through each
//! importer, the diff and the JSON reader quickly and without a panic; the
//! findings that are better written as code are below.
//!
//! | file | target | finding | fix |
//! |---|---|---|---|
//! | `compact-control-chars.cp` | compact_policy | unknown tokens with control characters were written back by `to_compact_policy`, whose output was then refused as binary | only tokens that read back as one token are written (`p3p/compact.rs`) |
//! | `compact-utf16-multibyte-prefix.cp` | compact_policy | panic: the `P3P:` prefix test sliced a header that starts with a multi-byte character (here UTF-16 decoded) | `str::get` instead of slicing (`p3p/compact.rs`) |
//! | `tracking-multibyte-before-cookie.txt` | import_text | panic: the look-back of 30 bytes before a tracking phrase ("session", "temporary", "persistent" cookies) sliced inside a multi-byte character | the look-back starts at a character boundary (`extract/tracking.rs`) |
//! | `p3p-bom-nul-attribute.xml` | import_p3p | NUL characters after a UTF-8 byte-order mark were imported (the NUL check ran only on BOM-less 8-bit input), and the P3P export carrying them was refused on re-import | the decoded text of every encoding is checked for NUL (`p3p/xml.rs`); see `p3p_nul_is_refused_in_every_encoding` |
//! | (code below) | import_html | 10,000 nested divs took over 10 s: HTML5 tree building is quadratic in depth | HTML deeper than `max_depth` is refused by a linear scan (`import/html.rs`) |

use std::path::PathBuf;
use std::time::{Duration, Instant};

use policydiff::{ErrorKind, Format, ImportOptions, Policy, diff, import_bytes};

/// Generous bound for a debug build on a loaded machine: catches hangs and
/// quadratic blow-ups.
const BOUND: Duration = Duration::from_secs(60);

fn all_formats(bytes: &[u8]) {
    for format in [
        Format::Auto,
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::P3p,
        Format::P3pCompact,
    ] {
        let t = Instant::now();
        if let Ok(p) = import_bytes(bytes, &ImportOptions::new().format(format)) {
            let json = p.to_json();
            let back = Policy::from_json(&json).expect("an imported policy reads back");
            assert_eq!(back.to_json(), json);
            assert!(diff(&p, &p).changes.is_empty());
            if format == Format::P3pCompact {
                let cp = policydiff::p3p::to_compact_policy(&p);
                let again = policydiff::import_compact_policy(&cp);
                assert!(again.is_ok(), "{cp:?}: {again:?}");
            }
        }
        assert!(t.elapsed() < BOUND, "{format:?} took {:?}", t.elapsed());
    }
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(p) = Policy::from_json(text)
    {
        let _ = diff(&p, &p);
        let _ = policydiff::p3p::export_p3p(&p);
    }
}

#[test]
fn fuzz_findings_stay_fixed() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/hostile/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_none_or(|e| e != "md"));
    files.sort();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        all_formats(&bytes);
    }
}

/// import_html: the 10,000-div seed timed out (HTML5 tree building is
/// quadratic in nesting depth). Deep HTML is now refused by a linear scan
/// before parsing, however large.
#[test]
fn deep_html_is_refused_in_linear_time() {
    let t = Instant::now();
    let deep = "<div>".repeat(2_000_000);
    let e = import_bytes(deep.as_bytes(), &ImportOptions::new().format(Format::Html)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!((e.line(), e.column()), (Some(1), Some(256 * 5 + 1)));
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

/// import_p3p: XML has no NUL character; it is refused whatever the encoding
/// (8-bit, UTF-8 with a byte-order mark, UTF-16), with its line and column.
#[test]
fn p3p_nul_is_refused_in_every_encoding() {
    let xml = "<POLICIES xmlns=\"http://www.w3.org/2002/01/P3Pv1\">\n<POLICY name=\"a\x00b\"/></POLICIES>";
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(xml.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    for (what, bytes) in [
        ("8-bit", xml.as_bytes().to_vec()),
        ("BOM", bom),
        ("UTF-16", utf16),
    ] {
        let e = import_bytes(&bytes, &ImportOptions::new().format(Format::P3p)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Binary, "{what}: {e}");
        assert_eq!(e.line(), Some(2), "{what}: {e}");
    }
}
