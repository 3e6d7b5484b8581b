//! Speed of the OPP-115 segment classifier (`policydiff classify`), and a
//! dump of its labels for comparing two builds.
//!
//! ```text
//! cargo run --release -p policydiff --example opp115_speed -- \
//!     [--shared ../shared] [--rounds N] [--dump FILE]
//! ```
//!
//! Segments: every unique segment text of the OPP-115 Majority and Union
//! splits (train, validation, test) in `../shared` when present (research
//! licence: read at run time, never copied into the repository), otherwise
//! the sentences of the project's own `corpus/versions`. `--dump FILE`
//! writes one JSON line per segment, `[index, [categories...]]`, in a fixed
//! order, so two builds can be compared with `cmp`. Prints one JSON object
//! with wall and CPU time per segment (best of `--rounds`, default 3; the
//! first round, which also fills the regex engines' caches, is shown too).

#[path = "../tests/support/seeds.rs"]
mod seeds;
#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use policydiff::opp115::classify_segment;

fn opp115_segments(shared: &Path) -> BTreeSet<String> {
    let mut segments = BTreeSet::new();
    for scheme in ["Majority", "Union"] {
        for split in ["train", "validation", "test"] {
            let p = shared.join(format!(
                "corpus/opp115_splits_polisis_benchmark/datasets/{scheme}/{split}_dataset.csv"
            ));
            if let Ok(text) = std::fs::read_to_string(&p) {
                // The text of each `text,label` record.
                for mut row in support::parse_csv(&text) {
                    if row.len() >= 2 {
                        segments.insert(row.swap_remove(0));
                    }
                }
            }
        }
    }
    segments.remove("text");
    segments
}

fn corpus_sentences(dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            corpus_sentences(&p, out);
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            for para in text.split("\n\n") {
                let para = para.trim();
                if !para.is_empty() {
                    out.insert(para.to_owned());
                }
            }
        }
    }
}

/// CPU time of this thread so far, in seconds (of the process where the
/// system does not tell a thread's; `NaN` off Linux).
fn cpu_seconds() -> f64 {
    support::thread_cpu_seconds().unwrap_or_else(support::process_cpu_seconds)
}

fn main() {
    let mut shared = seeds::shared_dir().unwrap_or_else(|| PathBuf::from("../shared"));
    let mut rounds = 3usize;
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => shared = PathBuf::from(args.next().expect("--shared DIR")),
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--rounds N");
            }
            "--dump" => dump = Some(PathBuf::from(args.next().expect("--dump FILE"))),
            other => support::unknown_argument(other),
        }
    }
    let mut source = "opp115";
    let mut segments = opp115_segments(&shared);
    if segments.is_empty() {
        source = "corpus/versions";
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/versions");
        corpus_sentences(&root, &mut segments);
    }
    let segments: Vec<String> = segments.into_iter().collect();
    let bytes: usize = segments.iter().map(String::len).sum();

    let compile_start = Instant::now();
    let _ = classify_segment("warm up");
    let compile = compile_start.elapsed().as_secs_f64();

    let mut best_wall = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut first_cpu = f64::NAN;
    let mut labels = 0usize;
    let mut out = String::new();
    for round in 0..rounds.max(1) {
        let cpu = cpu_seconds();
        let start = Instant::now();
        labels = 0;
        for (i, s) in segments.iter().enumerate() {
            let c = classify_segment(s);
            labels += c.len();
            if round == 0 && dump.is_some() {
                let _ = writeln!(out, "[{i}, {}]", serde_json::json!(c));
            }
        }
        best_wall = best_wall.min(start.elapsed().as_secs_f64());
        let used = cpu_seconds() - cpu;
        if round == 0 {
            first_cpu = used;
        }
        best_cpu = best_cpu.min(used);
    }
    if let Some(p) = dump {
        std::fs::write(&p, out).expect("write --dump file");
    }
    let n = segments.len().max(1) as f64;
    println!(
        "{{\"source\": \"{source}\", \"segments\": {}, \"bytes\": {bytes}, \"labels\": {labels}, \"compile_seconds\": {compile:.4}, \"wall_seconds\": {best_wall:.4}, \"cpu_seconds\": {best_cpu:.4}, \"first_round_cpu_seconds\": {first_cpu:.4}, \"wall_ms_per_segment\": {:.4}, \"cpu_ms_per_segment\": {:.4}}}",
        segments.len(),
        best_wall * 1000.0 / n,
        best_cpu * 1000.0 / n,
    );
}
