//! Diff of two fuzzed documents. The input is split at its first ASCII
//! record separator (0x1E): old before it, new after it; each half's format
//! is detected as for a file. The reports render in every format.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use policydiff::report::{TextOptions, render_json, render_markdown, render_text};
use policydiff::{DiffOptions, ImportOptions, diff_with, import_bytes};

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data.iter().position(|&b| b == 0x1e) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let opts = ImportOptions::new();
    let (Ok(old), Ok(new)) = (import_bytes(old, &opts), import_bytes(new, &opts)) else {
        return;
    };
    let diff_opts = DiffOptions::new().deadline(Duration::from_millis(500));
    let report = diff_with(&old, &new, &diff_opts).expect("imported policies compare");
    let _ = render_text(&report, &TextOptions::default());
    let _ = render_markdown(&report);
    let _ = render_json(&report);
    let same = diff_with(&new, &new, &diff_opts).expect("a policy compares with itself");
    assert!(
        same.changes.is_empty(),
        "diff(a, a) has changes: {:?}",
        same.changes
    );
});
