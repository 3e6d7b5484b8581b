//! Streaming import (and diff) over a list of policy files, holding at most
//! two policies at a time: what `scripts/bench_all.py` times and measures
//! the peak memory of.
//!
//! ```text
//! cargo run --release -p policydiff --example corpus_stream -- \
//!     --files-from LIST [--mode import|diff] [--rounds N] [--no-text-diff]
//! ```
//!
//! `LIST` has one file path per line, consecutive versions of one policy
//! next to each other in one folder. `--mode import` imports every file and
//! drops it; `--mode diff` (the default) also compares each file with the one
//! before it when both are in the same folder (the full diff: semantic, text
//! and rules, as `policydiff diff` does), keeping only that previous policy.
//! Each version is prepared for comparison once ([`policydiff::PreparedPolicy`],
//! counted as diff time) and serves as the new side of one pair and the old
//! side of the next, as a program that streams versions would do.
//! Everything runs on the calling thread. The work is done `rounds` times;
//! the best round is printed as one JSON line: seconds spent importing and
//! diffing (wall), and the CPU time of the whole best round.
//!
//! Unlike `import_throughput`, which keeps every policy to diff them after,
//! nothing here grows with the number of files: the peak memory is that of
//! the largest pair.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use policydiff::{DiffOptions, ImportOptions, PreparedPolicy};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Import,
    Diff,
}

struct Args {
    files_from: PathBuf,
    mode: Mode,
    rounds: usize,
    text_diff: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut files_from = None;
    let mut mode = Mode::Diff;
    let mut rounds = 1;
    let mut text_diff = true;
    let mut it = support::args();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--files-from" => files_from = Some(PathBuf::from(it.value("--files-from")?)),
            "--mode" => {
                mode = match it.value("--mode")?.as_str() {
                    "import" => Mode::Import,
                    "diff" => Mode::Diff,
                    other => return Err(format!("--mode: `{other}` is not import or diff")),
                }
            }
            "--rounds" => rounds = it.parse("--rounds")?,
            "--no-text-diff" => text_diff = false,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        files_from: files_from.ok_or("--files-from LIST is required")?,
        mode,
        rounds: rounds.max(1),
        text_diff,
    })
}

/// What one round measured.
#[derive(Default, Clone, Copy)]
struct Round {
    import: f64,
    diff: f64,
    cpu: f64,
    pairs: usize,
    errors: usize,
    changes: usize,
    timed_out: usize,
}

fn round(files: &[PathBuf], args: &Args, opts: &ImportOptions, diff: &DiffOptions) -> Round {
    let mut r = Round::default();
    let cpu_start = support::process_cpu_seconds();
    // Each version is prepared for comparison once (its noise-free text),
    // and used as the new side of one pair and the old side of the next.
    let mut prev: Option<(&Path, PreparedPolicy)> = None;
    for path in files {
        let start = Instant::now();
        let imported = policydiff::import_file(path, opts);
        r.import += start.elapsed().as_secs_f64();
        let Ok(policy) = imported else {
            r.errors += 1;
            prev = None;
            continue;
        };
        if args.mode == Mode::Diff {
            let start = Instant::now();
            let current = PreparedPolicy::new(policy);
            r.diff += start.elapsed().as_secs_f64();
            if let Some((prev_path, old)) = &prev
                && prev_path.parent() == path.parent()
            {
                let start = Instant::now();
                let report = policydiff::diff_prepared(old, &current, diff);
                r.diff += start.elapsed().as_secs_f64();
                match report {
                    Ok(rep) => {
                        r.pairs += 1;
                        r.changes += rep.changes.len();
                        r.timed_out +=
                            usize::from(rep.text_diff.as_ref().is_some_and(|t| t.timed_out));
                    }
                    Err(_) => r.errors += 1,
                }
            }
            prev = Some((path.as_path(), current));
        }
    }
    r.cpu = support::process_cpu_seconds() - cpu_start;
    r
}

fn main() -> ExitCode {
    support::exit_2_on_error("corpus_stream", run)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let files = support::read_list(&args.files_from)?;
    let bytes: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let opts = ImportOptions::new();
    let diff = DiffOptions::new().text_diff(args.text_diff);
    let mut best: Option<Round> = None;
    for _ in 0..args.rounds {
        let r = round(&files, &args, &opts, &diff);
        if best.is_none_or(|b| r.import + r.diff < b.import + b.diff) {
            best = Some(r);
        }
    }
    let b = best.unwrap_or_default();
    let mode = match args.mode {
        Mode::Import => "import",
        Mode::Diff => "diff",
    };
    println!(
        "{{\"mode\": \"{mode}\", \"files\": {}, \"bytes\": {bytes}, \"rounds\": {}, \"text_diff\": {}, \"import_seconds\": {:.6}, \"diff_seconds\": {:.6}, \"cpu_seconds\": {:.3}, \"pairs\": {}, \"changes\": {}, \"text_diff_timed_out\": {}, \"errors\": {}}}",
        files.len(),
        args.rounds,
        args.text_diff,
        b.import,
        b.diff,
        b.cpu,
        b.pairs,
        b.changes,
        b.timed_out,
        b.errors,
    );
    Ok(())
}
