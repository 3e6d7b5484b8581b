//! Renderers: a [`DiffReport`] or a [`History`] as terminal text, JSON,
//! Markdown or HTML, and a diff report as CI annotations (GitHub Actions
//! workflow commands, SARIF 2.1.0). Each renderer is a pure function of its
//! input.
//!
//! ```
//! use policydiff::report::{render_markdown, render_text, TextOptions};
//! let p = policydiff::import_text("We collect your email address.").unwrap();
//! let report = policydiff::diff(&p, &p);
//! assert!(render_text(&report, &TextOptions::default()).contains("NONE"));
//! assert!(render_markdown(&report).contains("No change"));
//! ```

mod ci;
mod html;
mod json;
mod markdown;
mod text;

pub use ci::{CiPaths, render_github, render_sarif};
pub use html::{render_history_html, render_html};
pub use json::{render_history_json, render_json};
pub use markdown::{render_history_markdown, render_markdown};
pub use text::{TextOptions, render_history_text, render_text};

use crate::diff::{Action, DiffReport, SourceInfo};
use crate::model::Evidence;

/// The verdict in words.
pub(crate) fn verdict_words(a: Action) -> &'static str {
    match a {
        Action::Consent => "Re-consent required",
        Action::Notice => "Notice required",
        Action::None => "No material change",
    }
}

/// How to name a version: its label, else its title, else its hash.
pub(crate) fn version_name(s: &SourceInfo) -> String {
    if let Some(l) = &s.label {
        return l.clone();
    }
    let hash = s.sha256.get(..12).unwrap_or(&s.sha256);
    match &s.title {
        Some(t) => format!("{t} ({hash})"),
        None => hash.to_owned(),
    }
}

/// One line describing an evidence record.
pub(crate) fn evidence_line(e: &Evidence) -> String {
    match e {
        Evidence::Text {
            line,
            quote,
            section,
            source_line,
            ..
        } => {
            // A line of the file the reader has open, also for HTML.
            let line = source_line.unwrap_or(*line);
            let q: String = quote.split_whitespace().collect::<Vec<_>>().join(" ");
            let q = if q.chars().count() > 240 {
                let cut: String = q.chars().take(240).collect();
                format!("{cut}…")
            } else {
                q
            };
            match section.last() {
                Some(s) => format!("line {line} ({s}): \u{201c}{q}\u{201d}"),
                None => format!("line {line}: \u{201c}{q}\u{201d}"),
            }
        }
        Evidence::Xml { path, line, .. } => format!("line {line}: {path}"),
    }
}

/// "1 sentence", "2 sentences" (`noun` takes an "s" for the plural).
pub(crate) fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Changes counted by action, as "2 consent, 1 notice, 0 none".
pub(crate) fn counts(r: &DiffReport) -> String {
    let get = |a: Action| r.summary.by_action.get(a.as_str()).copied().unwrap_or(0);
    format!(
        "{} consent, {} notice, {} none",
        get(Action::Consent),
        get(Action::Notice),
        get(Action::None)
    )
}
