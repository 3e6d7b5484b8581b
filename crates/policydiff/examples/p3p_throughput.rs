//! P3P import throughput: imports every `.xml` file under a folder N times
//! on one thread and prints MB/s.
//!
//! ```text
//! cargo run --release -p policydiff --example p3p_throughput -- ../shared/corpus/p3p 200
//! ```

use std::path::PathBuf;
use std::time::Instant;

use policydiff::{Format, ImportOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "corpus/p3p".into()));
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                files.push(std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    let bytes: usize = files.iter().map(Vec::len).sum();
    let opts = ImportOptions::new().format(Format::P3p);
    let mut ok = 0usize;
    let mut statements = 0usize;
    // Warm up.
    for f in &files {
        let _ = policydiff::import_bytes(f, &opts);
    }
    let start = Instant::now();
    for _ in 0..rounds {
        for f in &files {
            if let Ok(p) = policydiff::import_bytes(f, &opts) {
                ok += 1;
                statements += p.purposes.len();
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "policydiff p3p import: {} files, {bytes} bytes, {rounds} rounds, {ok} imports, {:.3} s, {:.1} MB/s, {:.1} µs/file (checksum {statements})",
        files.len(),
        secs,
        mb / secs,
        secs * 1e6 / (files.len() * rounds) as f64
    );
}
