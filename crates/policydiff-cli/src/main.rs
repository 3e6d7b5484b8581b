//! `policydiff`: import privacy policies into structured data and decide
//! whether a change between two versions is material.
//!
//! Data goes to stdout, diagnostics to stderr. Exit codes: 0 success,
//! 1 a `check` found a change at or above its threshold, 2 error.

mod commands;
mod io;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn privacy policies into structured data, and tell whether a change is material.
#[derive(Debug, Parser)]
#[command(
    name = "policydiff",
    version,
    about,
    long_about = "Turn privacy policies (plain text, Markdown, HTML, W3C P3P) into structured, \
                  machine-readable data, and tell, for two versions of a policy, whether the change \
                  is material: none, notice, or re-consent.",
    after_help = "Exit codes: 0 ok, 1 `check` found a change at or above its threshold, 2 error.\n\
                  Examples:\n  policydiff import policy.md > policy.json\n  \
                  policydiff import - --from html < page.html\n  \
                  policydiff diff old.md new.md --format markdown\n  \
                  policydiff check old.md new.md --fail-on notice\n  \
                  policydiff history corpus/versions/quillpost\n  \
                  policydiff schema policy"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import a policy and print it as JSON (the Policy model).
    Import(commands::import::Args),
    /// Compare two versions: what changed, does it matter, what must be done.
    Diff(commands::compare::Args),
    /// CI check: exit 1 when the change reaches --fail-on (default: consent), 0 below, 2 on error.
    Check(commands::compare::CheckArgs),
    /// The timeline of a folder of dated versions, with each step's verdict and reverts.
    History(commands::compare::HistoryArgs),
    /// Print a policy's practices as OPP-115 labels (category / attribute / value).
    Labels(commands::opp115::LabelsArgs),
    /// Classify policy segments (JSON lines {"id","text"}) into OPP-115's 12 categories.
    Classify(commands::opp115::ClassifyArgs),
    /// Print the visible text policydiff reads from a document (HTML is rendered).
    Text(commands::text::Args),
    /// Print a JSON Schema of policydiff's output.
    Schema(commands::schema::Args),
    /// Check a P3P file against the specification (violations as warnings; --strict: errors).
    Validate(commands::validate::Args),
}

fn main() -> ExitCode {
    io::install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(args) => commands::import::run(&args),
        Command::Diff(args) => commands::compare::run_diff(&args),
        Command::Check(args) => commands::compare::run_check(&args),
        Command::History(args) => commands::compare::run_history(&args),
        Command::Labels(args) => commands::opp115::run_labels(&args),
        Command::Classify(args) => commands::opp115::run_classify(&args),
        Command::Text(args) => commands::text::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Validate(args) => commands::validate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => io::report_error(&e),
    }
}
