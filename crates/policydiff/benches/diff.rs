//! Diff speed: one pair of ~50 KB policies, semantic + text diff (the target
//! is under 5 ms), and the same with the two imports included.
//!
//! The pair is built from the project's own corpus: four consecutive
//! Stridewell versions concatenated (old) against the next four (new), so the
//! edits are real ones. If `../shared/corpus/versions` is present, its largest
//! consecutive pair is benchmarked too.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use policydiff::{DiffOptions, Format, ImportOptions, Policy};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn concat(files: &[&str]) -> String {
    files
        .iter()
        .map(|f| {
            std::fs::read_to_string(root().join("corpus/versions/stridewell").join(f))
                .expect("corpus file")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn import(text: &str) -> Policy {
    policydiff::import_bytes(
        text.as_bytes(),
        &ImportOptions::new().format(Format::Markdown),
    )
    .expect("import")
}

fn largest_shared_pair() -> Option<(String, String)> {
    let dir = root().join("../shared/corpus/versions");
    let mut best: Option<(usize, PathBuf, PathBuf)> = None;
    for org in std::fs::read_dir(&dir).ok()?.filter_map(Result::ok) {
        if !org.path().is_dir() {
            continue;
        }
        let Ok(files) = policydiff::history::version_files(org.path()) else {
            continue;
        };
        for w in files.windows(2) {
            let size = std::fs::metadata(&w[1].1).map_or(0, |m| m.len() as usize);
            // The pair closest to 50 KB.
            let score = size.abs_diff(50_000);
            if best.as_ref().is_none_or(|b| score < b.0) {
                best = Some((score, w[0].1.clone(), w[1].1.clone()));
            }
        }
    }
    let (_, a, b) = best?;
    Some((
        std::fs::read_to_string(a).ok()?,
        std::fs::read_to_string(b).ok()?,
    ))
}

fn bench(c: &mut Criterion) {
    let old_text = concat(&[
        "2020-02-03.md",
        "2020-08-17.md",
        "2021-04-12.md",
        "2021-11-08.md",
    ]);
    let new_text = concat(&[
        "2020-08-17.md",
        "2021-04-12.md",
        "2021-11-08.md",
        "2022-09-01.md",
    ]);
    eprintln!(
        "corpus pair: {} and {} bytes",
        old_text.len(),
        new_text.len()
    );
    let (old, new) = (import(&old_text), import(&new_text));
    let opts = DiffOptions::new();
    c.bench_function("diff 50KB pair (semantic + text)", |b| {
        b.iter(|| policydiff::diff_with(black_box(&old), black_box(&new), &opts));
    });
    c.bench_function("import both + diff 50KB pair", |b| {
        b.iter(|| {
            let (o, n) = (import(black_box(&old_text)), import(black_box(&new_text)));
            policydiff::diff_with(&o, &n, &opts)
        });
    });
    if let Some((a, b)) = largest_shared_pair() {
        eprintln!("shared pair: {} and {} bytes", a.len(), b.len());
        let (o, n) = (import(&a), import(&b));
        c.bench_function("diff shared pair nearest 50KB", |bch| {
            bch.iter(|| policydiff::diff_with(black_box(&o), black_box(&n), &opts));
        });
    } else {
        eprintln!("skipped shared pair: ../shared/corpus/versions not found");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
