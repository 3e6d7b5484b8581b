//! `policydiff import FILE`: print the Policy as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::ImportArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The policy file (`-` for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    /// Print compact JSON on one line instead of pretty JSON.
    #[arg(long)]
    pub compact: bool,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let policy = super::import_path(&args.file, &args.import)?;
    let json = if args.compact {
        policy.to_json_compact()
    } else {
        policy.to_json()
    };
    crate::io::write_stdout(&json)?;
    Ok(ExitCode::SUCCESS)
}
