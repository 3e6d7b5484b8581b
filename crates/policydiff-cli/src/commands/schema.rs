//! `policydiff schema policy`: print a JSON Schema.

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Which {
    /// The Policy model (`policydiff import` output).
    Policy,
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
    };
    crate::io::write_stdout(&s)?;
    Ok(ExitCode::SUCCESS)
}
