//! Throughput of the Rust core over a list of policy files: the baseline that
//! `scripts/bench_python.py` compares the Python batch functions with.
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

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use policydiff::ImportOptions;
use policydiff::batch::{Input, import_many};

struct Args {
    files_from: PathBuf,
    jobs: usize,
    repeat: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut files_from = None;
    let mut jobs = 1;
    let mut repeat = 3;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--files-from" => files_from = Some(PathBuf::from(value("--files-from")?)),
            "--jobs" => {
                jobs = value("--jobs")?
                    .parse()
                    .map_err(|e| format!("--jobs: {e}"))?;
            }
            "--repeat" => {
                repeat = value("--repeat")?
                    .parse()
                    .map_err(|e| format!("--repeat: {e}"))?;
            }
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
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("import_throughput: {e}");
            return ExitCode::from(2);
        }
    };
    let list = match std::fs::read_to_string(&args.files_from) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("import_throughput: {}: {e}", args.files_from.display());
            return ExitCode::from(2);
        }
    };
    let inputs: Vec<Input> = list
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Input::Path(PathBuf::from(l)))
        .collect();
    let bytes: u64 = inputs.iter().map(Input::len_hint).sum();
    let opts = ImportOptions::new();
    let mut best = f64::INFINITY;
    let mut errors = 0;
    for _ in 0..args.repeat {
        let start = Instant::now();
        let results = if args.jobs == 1 {
            // Exactly what `policydiff import FILE` does, file after file.
            inputs.iter().map(|i| i.import(&opts)).collect::<Vec<_>>()
        } else {
            import_many(&inputs, &opts, Some(args.jobs))
        };
        let secs = start.elapsed().as_secs_f64();
        errors = results.iter().filter(|r| r.is_err()).count();
        best = best.min(secs);
    }
    println!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"jobs\": {}, \"seconds\": {best:.6}, \"mb_per_s\": {:.3}, \"errors\": {errors}}}",
        inputs.len(),
        args.jobs,
        bytes as f64 / 1e6 / best
    );
    ExitCode::SUCCESS
}
