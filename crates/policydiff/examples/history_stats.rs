//! Verdicts over a folder of policy histories: how many consecutive steps
//! are none / notice / consent, and how many revert to an earlier version.
//!
//! ```text
//! cargo run --release --example history_stats -- ../shared/corpus/versions
//! cargo run --release --example history_stats -- DIR --profile gdpr --show consent
//! ```
//!
//! `DIR` holds one folder per service, each with dated versions
//! (`YYYY-MM-DD.md`, ...). `--show ACTION` prints every step with that
//! verdict and its deciding changes, for reading. `--quiet` prints only the
//! totals and the time. Set `RAYON_NUM_THREADS=1` to measure one core.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use policydiff::{Action, DiffOptions, History, ImportOptions, Profile};

fn main() -> ExitCode {
    let mut dir = None;
    let mut profile = Profile::Default;
    let mut show: Option<Action> = None;
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--profile" => match args.next().map(|p| p.parse::<Profile>()) {
                Some(Ok(p)) => profile = p,
                _ => return usage("--profile needs default, gdpr, ftc, ccpa or coppa"),
            },
            "--show" => match args.next().map(|p| p.parse::<Action>()) {
                Some(Ok(a)) => show = Some(a),
                _ => return usage("--show needs none, notice or consent"),
            },
            "--quiet" => quiet = true,
            "-h" | "--help" => return usage(""),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => return usage(&format!("unexpected argument `{a}`")),
        }
    }
    let Some(dir) = dir else {
        return usage("missing DIR");
    };
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    folders.sort();
    let opts = DiffOptions::new().profile(profile);
    let import = ImportOptions::new();
    let start = Instant::now();
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut steps, mut reverts, mut histories, mut noise, mut identical) = (0, 0, 0, 0, 0);
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for folder in &folders {
        let h = match History::from_dir(folder, &import, &opts) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        histories += 1;
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for s in &h.steps {
            steps += 1;
            *totals.entry(s.action.as_str()).or_default() += 1;
            reverts += usize::from(s.revert_of.is_some());
            noise += usize::from(s.noise_only);
            identical += usize::from(s.identical);
            for c in s
                .changes
                .iter()
                .filter(|c| c.action == s.action && c.action != Action::None)
            {
                *rules.entry(c.rule.clone()).or_default() += 1;
            }
            if show == Some(s.action) && !quiet {
                let revert = s
                    .revert_of
                    .as_deref()
                    .map(|r| format!(" (revert to {r})"))
                    .unwrap_or_default();
                println!("{name} {} -> {}: {}{revert}", s.old, s.new, s.action);
                for c in s.changes.iter().filter(|c| c.action == s.action) {
                    println!("    [{}] {}", c.rule, c.summary);
                    for e in c.evidence.old.iter().take(1) {
                        println!(
                            "        - {}",
                            e.quote()
                                .unwrap_or("")
                                .chars()
                                .take(200)
                                .collect::<String>()
                        );
                    }
                    for e in c.evidence.new.iter().take(1) {
                        println!(
                            "        + {}",
                            e.quote()
                                .unwrap_or("")
                                .chars()
                                .take(200)
                                .collect::<String>()
                        );
                    }
                }
            }
        }
        if !quiet && show.is_none() {
            let get = |a: &str| h.summary.by_action.get(a).copied().unwrap_or(0);
            println!(
                "{name:<32} {:>3} steps: {:>3} none {:>3} notice {:>3} consent {:>2} reverts",
                h.summary.steps,
                get("none"),
                get("notice"),
                get("consent"),
                h.summary.reverts
            );
        }
    }
    let elapsed = start.elapsed();
    let get = |a: &str| totals.get(a).copied().unwrap_or(0);
    println!(
        "TOTAL {histories} histories, {steps} steps: {} none, {} notice, {} consent; {reverts} reverts; {noise} noise-only, {identical} identical (profile {profile})",
        get("none"),
        get("notice"),
        get("consent")
    );
    if !quiet && !rules.is_empty() {
        let mut by: Vec<_> = rules.into_iter().collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let top: Vec<String> = by
            .iter()
            .take(12)
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        println!("deciding rules: {}", top.join(", "));
    }
    println!("elapsed_ms {:.1}", elapsed.as_secs_f64() * 1000.0);
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    if !msg.is_empty() {
        eprintln!("error: {msg}");
    }
    eprintln!("usage: history_stats DIR [--profile P] [--show none|notice|consent] [--quiet]");
    ExitCode::from(2)
}
