//! # policydiff
//!
//! Turn privacy policies into structured, machine-readable data, and tell,
//! for two versions of a policy, whether the change is *material*.
//!
//! ```text
//! bytes ─detect─▶ importer (text | markdown | html | p3p | p3p compact)
//!                    ▼
//!                 Policy  (every statement with evidence)
//!                    ▼ ×2
//!              semantic diff + text diff ─▶ materiality rules ─▶ DiffReport
//! ```
//!
//! ## Importing a policy
//!
//! ```
//! let policy = policydiff::import_text(
//!     "# Privacy Policy\n\nLast updated: March 1, 2020\n\nWe collect your email address.",
//! ).unwrap();
//! assert_eq!(policy.metadata.title.as_deref(), Some("Privacy Policy"));
//! assert_eq!(policy.metadata.last_updated.as_deref(), Some("2020-03-01"));
//! // Every sentence knows where it came from.
//! let s = &policy.sections[0].sentences[1];
//! assert_eq!(s.text, "We collect your email address.");
//! assert_eq!(s.line, 5);
//! ```
//!
//! Files of any supported format are read with [`import_file`]; bytes with
//! [`import_bytes`] and an [`ImportOptions`]:
//!
//! ```
//! use policydiff::{import_bytes, Format, ImportOptions};
//! let html = b"<html><body><h1>Privacy</h1><p>We use cookies.</p></body></html>";
//! let policy = import_bytes(html, &ImportOptions::new().format(Format::Html)).unwrap();
//! assert_eq!(policy.sections[0].heading.as_deref(), Some("Privacy"));
//! ```
//!
//! ## Comparing two versions
//!
//! [`diff`] compares two policies: the semantic diff of their practices,
//! decided by the materiality rules (see [`rules`]), and a section-aligned
//! text diff with noise (whitespace, quotes, dashes, dates, layout) removed.
//!
//! ```
//! use policydiff::{Action, DiffOptions, Profile};
//! let old = policydiff::import_text("# Privacy\n\nLast updated: May 1, 2023\n\nWe collect your email address.").unwrap();
//! let new = policydiff::import_text("# Privacy\n\nLast updated: June 2, 2024\n\nWe collect your e-mail address.").unwrap();
//! let report = policydiff::diff_with(&old, &new, &DiffOptions::new().profile(Profile::Gdpr)).unwrap();
//! assert!(report.action <= Action::Notice);
//! println!("{}", policydiff::report::render_markdown(&report));
//!
//! // For CI: fail at or above a threshold.
//! let outcome = policydiff::check(&report, policydiff::FailOn::Consent);
//! assert!(!outcome.failed);
//! ```
//!
//! A program that compares a stream of versions, each with the one before
//! it, prepares each version once ([`PreparedPolicy`], [`diff_prepared`]);
//! [`History`] does the whole timeline of a folder of dated versions.
//!
//! ## Errors
//!
//! Bad input never panics: every failure is an [`Error`] with an
//! [`ErrorKind`] and, where known, a line and column.
//!
//! ```
//! let err = policydiff::import_bytes(b"ok\n\xff\xfe bad", &Default::default()).unwrap_err();
//! assert_eq!(err.kind(), policydiff::ErrorKind::Encoding);
//! assert_eq!(err.line(), Some(2));
//! ```

pub mod batch;
mod diff;
mod error;
pub mod history;
mod import;
pub mod lexicon;
pub mod model;
mod namehash;
pub mod opp115;
pub mod report;
pub mod rules;
pub mod schema;
pub mod vocab;

pub use batch::{Input, import_many};
pub use diff::{
    Action, Change, ChangeEvidence, ChangeKind, CheckOutcome, DIFF_REPORT_SCHEMA_ID, DiffOptions,
    DiffReport, Dimension, Direction, EditOp, FailOn, Materiality, PreparedPolicy,
    REPORT_SCHEMA_VERSION, RulesInfo, SectionDiff, SectionStatus, SentenceEdit, SourceInfo,
    Summary, TextDiff, TextStats, check, diff, diff_prepared, diff_with,
};
pub use history::History;
pub use rules::{Profile, RuleSet};

pub use error::{Error, ErrorKind, Location, Result};
/// W3C P3P: one policy per `POLICY`, reference files, export, compact
/// policies and validation (see the module docs).
pub use import::p3p;
pub use import::{
    DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_EVIDENCE_BYTES,
    DEFAULT_MAX_SENTENCE_BYTES, Format, ImportOptions, detect_format, import_bytes,
    import_compact_policy, import_file, import_html, import_p3p, import_text, render_html,
};
pub use lexicon::Lexicon;
pub use model::{Evidence, Policy, SourceFormat, Span, SpanBase};

/// The version of this crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
