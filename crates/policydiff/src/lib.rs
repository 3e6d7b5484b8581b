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
mod error;
mod import;
pub mod lexicon;
pub mod model;
pub mod schema;
pub mod vocab;

pub use batch::{Input, import_many};
pub use error::{Error, ErrorKind, Location, Result};
pub use import::{
    DEFAULT_MAX_BYTES, Format, ImportOptions, detect_format, import_bytes, import_compact_policy,
    import_file, import_html, import_p3p, import_text, render_html,
};
pub use lexicon::Lexicon;
pub use model::{Evidence, Policy, SourceFormat, Span, SpanBase};

/// The version of this crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
