//! Throughput of the Rust core over a list of policy files: the baseline that
//! `scripts/bench_python.py` compares the Python batch functions with.
//!
//! Two phases, timed apart: import every file, then compare each file with
//! the one before it in the same folder (consecutive versions; text diff
//! off, as `policydiff history` and `diff_many` do).
//!
//! ```text
//! cargo run --release -p policydiff --example import_throughput -- \
//!     --files-from LIST [--jobs N] [--repeat N]
//! ```
//!
//! `LIST` has one file path per line. Every file is imported (read, decoded,
//! segmented, practices extracted) `repeat` times; the best run is reported as
//! one JSON line on stdout. With `--jobs 1` (the default) everything runs on
//! the calling thread, as a single `policydiff import` does.

#[path = "support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use policydiff::batch::{Input, import_many, map_ordered};
use policydiff::{DiffOptions, ImportOptions, Policy};

struct Args {
    files_from: PathBuf,
    jobs: usize,
    repeat: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut files_from = None;
    let mut jobs = 1;
    let mut repeat = 3;
    let mut it = support::args();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--files-from" => files_from = Some(PathBuf::from(it.value("--files-from")?)),
            "--jobs" => jobs = it.parse("--jobs")?,
            "--repeat" => repeat = it.parse("--repeat")?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        files_from: files_from.ok_or("--files-from LIST is required")?,
        jobs: jobs.max(1),
        repeat: repeat.max(1),
    })
}

fn main() -> ExitCode {
    support::exit_2_on_error("import_throughput", run)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let inputs: Vec<Input> = support::read_list(&args.files_from)?
        .into_iter()
        .map(Input::Path)
        .collect();
    let bytes: u64 = inputs.iter().map(Input::len_hint).sum();
    let opts = ImportOptions::new();
    let diff_opts = DiffOptions::new().text_diff(false);
    let jobs = Some(args.jobs);
    let (mut best_import, mut best_diff) = (f64::INFINITY, f64::INFINITY);
    let mut best_import_cpu = f64::INFINITY;
    let (mut errors, mut pairs_done) = (0, 0);
    for _ in 0..args.repeat {
        let start = Instant::now();
        let cpu_start = support::process_cpu_seconds();
        let results = if args.jobs == 1 {
            // Exactly what `policydiff import FILE` does, file after file.
            inputs.iter().map(|i| i.import(&opts)).collect::<Vec<_>>()
        } else {
            import_many(&inputs, &opts, jobs)
        };
        best_import = best_import.min(start.elapsed().as_secs_f64());
        best_import_cpu = best_import_cpu.min(support::process_cpu_seconds() - cpu_start);
        errors = results.iter().filter(|r| r.is_err()).count();

        // Consecutive versions of one folder.
        let mut pairs: Vec<(&Policy, &Policy)> = Vec::new();
        for k in 1..inputs.len() {
            if let (Input::Path(a), Input::Path(b), Ok(pa), Ok(pb)) =
                (&inputs[k - 1], &inputs[k], &results[k - 1], &results[k])
                && a.parent() == b.parent()
            {
                pairs.push((pa, pb));
            }
        }
        let start = Instant::now();
        let reports = map_ordered(&pairs, jobs, |(a, b)| {
            policydiff::diff_with(a, b, &diff_opts)
        });
        best_diff = best_diff.min(start.elapsed().as_secs_f64());
        pairs_done = reports.iter().filter(|r| r.is_ok()).count();
    }
    println!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"jobs\": {}, \"import_seconds\": {best_import:.6}, \"pairs\": {pairs_done}, \"diff_seconds\": {best_diff:.6}, \"total_seconds\": {:.6}, \"mb_per_s\": {:.3}, \"import_cpu_seconds\": {best_import_cpu:.3}, \"import_mb_per_cpu_s\": {:.3}, \"errors\": {errors}}}",
        inputs.len(),
        args.jobs,
        best_import + best_diff,
        bytes as f64 / 1e6 / (best_import + best_diff),
        bytes as f64 / 1e6 / best_import_cpu,
    );
    Ok(())
}
