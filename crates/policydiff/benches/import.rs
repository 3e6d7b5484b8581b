//! Import speed by format, on the project's own corpus: every version of
//! one policy history per format (plain text: Quillpost; Markdown:
//! Stridewell; HTML: Bramblebee), read into memory first, so the figure is
//! decode + segment + extract, not I/O.
//!
//! `cargo bench -p policydiff --bench import`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policydiff::{Format, ImportOptions};

fn history(org: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/versions")
        .join(org);
    let files = policydiff::history::version_files(&dir).expect("corpus history");
    files
        .iter()
        .map(|(_, p)| std::fs::read(p).expect("corpus file"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    for (name, org, format) in [
        ("text", "quillpost", Format::Text),
        ("markdown", "stridewell", Format::Markdown),
        ("html", "bramblebee", Format::Html),
    ] {
        let set = history(org);
        let bytes: usize = set.iter().map(Vec::len).sum();
        let opts = ImportOptions::new().format(format);
        // Every file must import: a benchmark of error paths would flatter us.
        for f in &set {
            policydiff::import_bytes(f, &opts).expect("corpus file imports");
        }
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for f in &set {
                    let _ = black_box(policydiff::import_bytes(black_box(f), &opts));
                }
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
