//! One module per subcommand.

pub mod compare;
pub mod import;
pub mod opp115;
pub mod schema;
pub mod text;
pub mod validate;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::ValueEnum;
use policydiff::{Format, ImportOptions, Lexicon};

/// `--from` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum From {
    /// Detect from the file name and content.
    Auto,
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// W3C P3P XML (policy or policy reference file).
    P3p,
    /// W3C P3P compact policy (`CP="..."`).
    #[value(name = "p3p-cp")]
    P3pCp,
}

impl From {
    pub fn format(self) -> Format {
        match self {
            From::Auto => Format::Auto,
            From::Text => Format::Text,
            From::Markdown => Format::Markdown,
            From::Html => Format::Html,
            From::P3p => Format::P3p,
            From::P3pCp => Format::P3pCompact,
        }
    }
}

/// Options shared by every command that imports policies.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Input format.
    #[arg(long, value_enum, default_value = "auto")]
    pub from: From,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = policydiff::DEFAULT_MAX_BYTES, value_name = "BYTES")]
    pub max_bytes: usize,
    /// Refuse XML (P3P) and HTML nested deeper than this many elements.
    #[arg(long, default_value_t = policydiff::DEFAULT_MAX_DEPTH, value_name = "N")]
    pub max_depth: usize,
    /// Refuse XML (P3P) with more than this many elements.
    #[arg(long, default_value_t = policydiff::DEFAULT_MAX_ELEMENTS, value_name = "N")]
    pub max_elements: usize,
    /// Cut sentences longer than this many bytes at a space.
    #[arg(long, default_value_t = policydiff::DEFAULT_MAX_SENTENCE_BYTES, value_name = "BYTES")]
    pub max_sentence_bytes: usize,
    /// Refuse a policy whose evidence (quotes, paths) adds up to more bytes.
    #[arg(long, default_value_t = policydiff::DEFAULT_MAX_EVIDENCE_BYTES, value_name = "BYTES")]
    pub max_evidence_bytes: usize,
    /// Extend the built-in lexicon with a TOML file (see the lexicon docs).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

impl ImportArgs {
    pub fn options(&self) -> Result<ImportOptions> {
        let mut opts = ImportOptions::new()
            .format(self.from.format())
            .max_bytes(self.max_bytes)
            .max_depth(self.max_depth)
            .max_elements(self.max_elements)
            .max_sentence_bytes(self.max_sentence_bytes)
            .max_evidence_bytes(self.max_evidence_bytes);
        if let Some(path) = &self.lexicon {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
            let lex = Lexicon::builtin()
                .extended(&text)
                .with_context(|| format!("{}", path.display()))?;
            opts = opts.lexicon(Arc::new(lex));
        }
        Ok(opts)
    }
}

/// Import one file (or `-`) with the shared options.
pub fn import_path(path: &std::path::Path, args: &ImportArgs) -> Result<policydiff::Policy> {
    let mut opts = args.options()?;
    let bytes = crate::io::read_input(path, args.max_bytes)?;
    if let Some(name) = crate::io::file_name(path) {
        opts = opts.file_name(name);
    }
    policydiff::import_bytes(&bytes, &opts).with_context(|| display(path))
}

/// How a path is named in messages.
pub fn display(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
