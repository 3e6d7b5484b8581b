//! `policydiff text FILE`: the text policydiff reads, section by section.

use std::fmt::Write as _;
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
    /// Print the rendered text that HTML evidence spans index, instead of sections.
    #[arg(long)]
    pub rendered: bool,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    if args.rendered {
        let bytes = crate::io::read_input(&args.file, args.import.max_bytes)?;
        let text = String::from_utf8_lossy(&bytes);
        crate::io::write_stdout(&policydiff::render_html(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    let policy = super::import_path(&args.file, &args.import)?;
    let mut out = String::new();
    for section in &policy.sections {
        if let Some(h) = &section.heading {
            let _ = writeln!(out, "{} {h}", "#".repeat(usize::from(section.level.max(1))));
        }
        for s in &section.sentences {
            let _ = writeln!(out, "{:>5}  {}", s.line, s.text);
        }
        out.push('\n');
    }
    crate::io::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
