//! Report rendering: the same `DiffReport` as text, JSON and Markdown.
//!
//! The report is the one `make demo` shows (Quillpost 2020-01-01 against
//! 2021-02-15, a consent-level change, text diff included) from the project's
//! own corpus. `cargo bench -p policydiff --bench report`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policydiff::report::{TextOptions, render_json, render_markdown, render_text};
use policydiff::{DiffOptions, ImportOptions};

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/versions/quillpost");
    let import =
        |f: &str| policydiff::import_file(dir.join(f), &ImportOptions::new()).expect("corpus file");
    let (old, new) = (import("2020-01-01.txt"), import("2021-02-15.txt"));
    let report = policydiff::diff_with(&old, &new, &DiffOptions::new()).expect("diff");
    assert!(
        !report.changes.is_empty(),
        "the demo pair has changes to render"
    );
    let text_opts = TextOptions::default();
    let mut g = c.benchmark_group("render");
    // Throughput in bytes of output, so the three formats compare.
    for (name, out) in [
        ("text", render_text(&report, &text_opts)),
        ("json", render_json(&report)),
        ("markdown", render_markdown(&report)),
    ] {
        eprintln!(
            "render {name}: {} bytes for {} changes",
            out.len(),
            report.changes.len()
        );
        g.throughput(Throughput::Bytes(out.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| match name {
                "text" => render_text(black_box(&report), &text_opts),
                "json" => render_json(black_box(&report)),
                _ => render_markdown(black_box(&report)),
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
