//! `policydiff labels FILE` and `policydiff classify [FILE|-]`: the OPP-115
//! projection, for comparison with published work.

use std::fmt::Write as _;
use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::Value;

use super::ImportArgs;

#[derive(Debug, clap::Args)]
pub struct LabelsArgs {
    /// The policy file (`-` for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
}

/// Print `{"categories": [...], "labels": [...], "does_not": [...]}`.
pub fn run_labels(args: &LabelsArgs) -> Result<ExitCode> {
    let policy = super::import_path(&args.file, &args.import)?;
    let labels = policydiff::opp115::labels(&policy);
    crate::io::write_stdout(&serde_json::to_string_pretty(&labels)?)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// JSON lines `{"id": .., "text": ..}`, one policy segment each (`-` or nothing: standard input).
    #[arg(default_value = "-")]
    pub file: PathBuf,
}

/// Read JSON lines of segments and write `{"id": .., "categories": [...]}` lines
/// using OPP-115's 12-label scheme.
pub fn run_classify(args: &ClassifyArgs) -> Result<ExitCode> {
    let reader: Box<dyn std::io::BufRead> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(&args.file).with_context(|| args.file.display().to_string())?,
        ))
    };
    let name = super::display(&args.file);
    let mut out = String::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{name}: reading line {}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .with_context(|| format!("{name}: line {}: not a JSON object", i + 1))?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .with_context(|| format!("{name}: line {}: missing string field \"text\"", i + 1))?;
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let categories = policydiff::opp115::classify_segment(text);
        let _ = writeln!(
            out,
            "{}",
            serde_json::json!({ "id": id, "categories": categories })
        );
        if out.len() > 1 << 16 {
            crate::io::write_stdout(&out)?;
            out.clear();
        }
    }
    if !out.is_empty() {
        crate::io::write_stdout(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}
