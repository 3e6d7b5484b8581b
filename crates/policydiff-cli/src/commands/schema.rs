//! `policydiff schema policy`: print a JSON Schema.

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Which {
    /// The Policy model (`policydiff import` output).
    Policy,
    /// The diff report (`policydiff diff --format json`).
    DiffReport,
    /// The history report (`policydiff history --format json`).
    History,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which schema.
    #[arg(value_enum)]
    pub which: Which,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let s = match args.which {
        Which::Policy => policydiff::schema::policy_schema_json(),
        Which::DiffReport => policydiff::schema::diff_report_schema_json(),
        Which::History => policydiff::schema::history_schema_json(),
    };
    crate::io::write_stdout(&s)?;
    Ok(ExitCode::SUCCESS)
}
