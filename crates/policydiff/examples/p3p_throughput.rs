//! P3P import throughput: imports every `.xml` file under a folder N times
//! on one thread (everything `policydiff::import_bytes` does for a P3P file:
//! size check, decoding, entity refusal and limits, the element tree,
//! validation against the P3P content models, mapping to the model, its
//! canonical form and the input's SHA-256) and prints MB/s.
//!
//! Two rates are printed: by wall-clock time, and by the CPU time of the
//! importing thread (from `/proc/thread-self/schedstat` on Linux; the same as
//! wall time elsewhere). On a shared machine the CPU rate is the one to
//! compare with another single-threaded program measured the same way
//! (`scripts/bench_p3p.py` does that with Python's `time.thread_time`).
//!
//! ```text
//! cargo run --release -p policydiff --example p3p_throughput -- ../shared/corpus/p3p 200
//! ```

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use policydiff::{Format, ImportOptions};

/// Every `.xml` file under `dir`, sorted by path.
fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
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
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "corpus/p3p".into()));
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let files: Vec<Vec<u8>> = xml_files(&dir)
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_default())
        .collect();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let opts = ImportOptions::new().format(Format::P3p);
    let mut ok = 0usize;
    let mut checksum = 0usize;
    // Warm up (and build the tables that are built once per process).
    for f in &files {
        let _ = policydiff::import_bytes(f, &opts);
    }
    let cpu_start = support::thread_cpu_seconds();
    let start = Instant::now();
    for _ in 0..rounds {
        for f in &files {
            if let Ok(p) = policydiff::import_bytes(f, &opts) {
                ok += 1;
                checksum += p.purposes.len() + p.collection.len() + p.diagnostics.len();
            }
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, support::thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "policydiff p3p import: {} files, {bytes} bytes, {rounds} rounds, {ok} imports, \
         wall {wall:.3} s = {:.1} MB/s, cpu {cpu:.3} s = {:.1} MB/s, {:.1} µs/file (cpu) \
         (checksum {checksum})",
        files.len(),
        mb / wall,
        mb / cpu,
        cpu * 1e6 / (files.len() * rounds) as f64
    );
}
