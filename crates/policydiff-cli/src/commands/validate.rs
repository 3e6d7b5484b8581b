//! `policydiff validate FILE`: P3P spec violations as warnings (errors with `--strict`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The P3P policy or policy reference file (`-` for standard input).
    pub file: PathBuf,
    /// Treat every violation as an error (exit 1 when there is any).
    #[arg(long)]
    pub strict: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = policydiff::DEFAULT_MAX_BYTES, value_name = "BYTES")]
    pub max_bytes: usize,
    /// Print the violations as JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let bytes = crate::io::read_input(&args.file, args.max_bytes)?;
    let opts = policydiff::ImportOptions::new().max_bytes(args.max_bytes);
    let name = super::display(&args.file);
    let violations = policydiff::p3p::validate(&bytes, &opts).with_context(|| name.clone())?;
    let level = if args.strict { "error" } else { "warning" };
    let mut out = String::new();
    for v in &violations {
        if args.json {
            let _ = writeln!(
                out,
                "{}",
                serde_json::json!({
                    "file": name, "level": level, "line": v.line, "column": v.column,
                    "code": v.code, "message": v.message, "path": v.path,
                })
            );
        } else {
            let _ = writeln!(
                out,
                "{name}:{}:{}: {level}: {} [{}] ({})",
                v.line, v.column, v.message, v.code, v.path
            );
        }
    }
    if !out.is_empty() {
        crate::io::write_stdout(&out)?;
    }
    if violations.is_empty() {
        eprintln!("{name}: valid P3P");
    } else {
        eprintln!("{name}: {} violation(s)", violations.len());
    }
    Ok(if args.strict && !violations.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
