//! Where the time goes over a folder of histories: import vs diff.
//! `cargo run --release --example diff_timing -- DIR`
use std::time::{Duration, Instant};

use policydiff::{DiffOptions, ImportOptions};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/versions".into());
    let (mut import, mut semantic_text) = (Duration::ZERO, Duration::ZERO);
    let mut n = 0;
    let mut folders: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    folders.sort();
    for f in folders {
        let Ok(files) = policydiff::history::version_files(&f) else {
            continue;
        };
        let t = Instant::now();
        let ps: Vec<_> = files
            .iter()
            .filter_map(|(_, p)| policydiff::import_file(p, &ImportOptions::new()).ok())
            .collect();
        import += t.elapsed();
        for w in ps.windows(2) {
            let t = Instant::now();
            let _ = policydiff::diff_with(&w[0], &w[1], &DiffOptions::new());
            semantic_text += t.elapsed();
            n += 1;
        }
    }
    println!(
        "{n} pairs: import {:?}, diff {:?} ({:?} per pair)",
        import,
        semantic_text,
        semantic_text / n.max(1)
    );
}
