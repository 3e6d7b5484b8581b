//! P3P import benchmark: the project's own P3P files (always) and the shared
//! corpus of real files (when `../shared` is checked out).
//!
//! `cargo bench -p policydiff --bench p3p`

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policydiff::{Format, ImportOptions};

fn files(dir: &Path) -> Vec<Vec<u8>> {
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
            } else if p.extension().is_some_and(|x| x == "xml") {
                out.push(std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn bench_set(c: &mut Criterion, name: &str, dir: &Path) {
    let set = files(dir);
    if set.is_empty() {
        eprintln!("skipping {name}: no files in {}", dir.display());
        return;
    }
    let bytes: usize = set.iter().map(Vec::len).sum();
    let opts = ImportOptions::new().format(Format::P3p);
    let mut g = c.benchmark_group("p3p_import");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(name, |b| {
        b.iter(|| {
            for f in &set {
                let _ = std::hint::black_box(policydiff::import_bytes(f, &opts));
            }
        });
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    bench_set(c, "own_corpus", &root.join("../../corpus/p3p"));
    bench_set(c, "shared_corpus", &root.join("../../../shared/corpus/p3p"));
    let compact = "CP=\"NOI DSP COR CURa ADMa DEVa TAIa OUR BUS IND UNI COM NAV INT\"";
    c.bench_function("p3p_compact", |b| {
        b.iter(|| std::hint::black_box(policydiff::import_compact_policy(compact)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
