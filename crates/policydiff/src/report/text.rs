//! Terminal text, with ANSI colour when asked for.

use std::fmt::Write as _;

use super::{count, counts, evidence_line, verdict_words, version_name};
use crate::diff::{Action, DiffReport, EditOp, SectionStatus};
use crate::history::History;

/// Options for [`render_text`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TextOptions {
    /// Use ANSI colours (the CLI decides from `NO_COLOR` and the terminal).
    pub color: bool,
    /// Show the text diff after the changes.
    pub text_diff: bool,
    /// Show changes with action `none` (editorial) too.
    pub editorial: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            text_diff: true,
            editorial: true,
        }
    }
}

impl TextOptions {
    /// No colour, text diff and editorial changes shown.
    pub fn new() -> TextOptions {
        TextOptions::default()
    }

    /// Use ANSI colours.
    #[must_use]
    pub fn color(mut self, yes: bool) -> Self {
        self.color = yes;
        self
    }

    /// Show the text diff.
    #[must_use]
    pub fn text_diff(mut self, yes: bool) -> Self {
        self.text_diff = yes;
        self
    }

    /// Show editorial changes.
    #[must_use]
    pub fn editorial(mut self, yes: bool) -> Self {
        self.editorial = yes;
        self
    }
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn action(&self, a: Action) -> String {
        let label = a.as_str().to_uppercase();
        match a {
            Action::Consent => self.wrap("1;31", &label),
            Action::Notice => self.wrap("1;33", &label),
            Action::None => self.wrap("2", &label),
        }
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// A diff report for a terminal.
pub fn render_text(report: &DiffReport, opts: &TextOptions) -> String {
    let p = Paint(opts.color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} (profile {})",
        p.action(report.action),
        p.bold(verdict_words(report.action)),
        report.profile
    );
    let _ = writeln!(out, "  old: {}", version_name(&report.old));
    let _ = writeln!(out, "  new: {}", version_name(&report.new));
    let _ = writeln!(
        out,
        "  {}: {}",
        count(report.summary.changes, "change"),
        counts(report)
    );
    for c in &report.changes {
        if c.action == Action::None && !opts.editorial {
            continue;
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<8} {} [{} / {} / {}]",
            p.action(c.action),
            p.bold(&c.summary),
            c.dimension,
            c.kind,
            c.direction
        );
        let _ = writeln!(
            out,
            "         {}",
            p.dim(&format!("rule {}: {}", c.rule, c.citation))
        );
        for e in &c.evidence.old {
            let _ = writeln!(
                out,
                "         {}",
                p.red(&format!("- old {}", evidence_line(e)))
            );
        }
        for e in &c.evidence.new {
            let _ = writeln!(
                out,
                "         {}",
                p.green(&format!("+ new {}", evidence_line(e)))
            );
        }
    }
    if opts.text_diff
        && let Some(t) = &report.text_diff
    {
        let _ = writeln!(out);
        if t.identical {
            let _ = writeln!(out, "{}", p.dim("text: identical"));
        } else if t.noise_only {
            let _ = writeln!(
                out,
                "{}",
                p.dim("text: only whitespace, punctuation, date or formatting differences")
            );
        } else {
            let s = &t.stats;
            let _ = writeln!(
                out,
                "{}",
                p.bold(&format!(
                    "text: {} added, {} removed, {} reworded, {} moved sentences; {} sections moved{}",
                    s.sentences_added,
                    s.sentences_removed,
                    s.sentences_changed,
                    s.sentences_moved,
                    s.sections_moved,
                    if t.timed_out { " (timed out: coarse alignment)" } else { "" }
                ))
            );
            for sd in &t.sections {
                if matches!(sd.status, SectionStatus::Unchanged) {
                    continue;
                }
                let heading = sd
                    .new_heading
                    .as_deref()
                    .or(sd.old_heading.as_deref())
                    .unwrap_or("(preamble)");
                let mut status = sd.status_label();
                if sd.old_heading != sd.new_heading
                    && sd.old_heading.is_some()
                    && sd.new_heading.is_some()
                {
                    status = format!(
                        "{status}, was \u{201c}{}\u{201d}",
                        sd.old_heading.as_deref().unwrap_or("")
                    );
                }
                let _ = writeln!(
                    out,
                    "  {} {}",
                    p.bold(&format!("§ {heading}")),
                    p.dim(&format!("[{status}]"))
                );
                for e in &sd.edits {
                    match e.op {
                        EditOp::Delete => {
                            let _ = writeln!(
                                out,
                                "    {}",
                                p.red(&format!("- {}", e.old.as_deref().unwrap_or("")))
                            );
                        }
                        EditOp::Insert => {
                            let _ = writeln!(
                                out,
                                "    {}",
                                p.green(&format!("+ {}", e.new.as_deref().unwrap_or("")))
                            );
                        }
                        EditOp::Replace => {
                            let _ = writeln!(
                                out,
                                "    {}",
                                p.red(&format!("- {}", e.old.as_deref().unwrap_or("")))
                            );
                            let _ = writeln!(
                                out,
                                "    {}",
                                p.green(&format!("+ {}", e.new.as_deref().unwrap_or("")))
                            );
                        }
                        EditOp::Moved => {
                            let (dir, s) = match (&e.old, &e.new) {
                                (_, Some(n)) => ("moved here", n.as_str()),
                                (Some(o), None) => ("moved away", o.as_str()),
                                (None, None) => ("moved", ""),
                            };
                            let _ = writeln!(out, "    {}", p.dim(&format!("~ ({dir}) {s}")));
                        }
                    }
                }
            }
        }
    }
    out
}

impl crate::diff::SectionDiff {
    fn status_label(&self) -> String {
        let base = match self.status {
            SectionStatus::Unchanged => "unchanged",
            SectionStatus::Moved => "moved",
            SectionStatus::Modified => "modified",
            SectionStatus::Added => "added",
            SectionStatus::Removed => "removed",
        };
        if self.moved && self.status == SectionStatus::Modified {
            "modified, moved".to_owned()
        } else {
            base.to_owned()
        }
    }
}

/// A history timeline for a terminal.
pub fn render_history_text(h: &History, opts: &TextOptions) -> String {
    let p = Paint(opts.color);
    let mut out = String::new();
    let get = |a: &str| h.summary.by_action.get(a).copied().unwrap_or(0);
    let _ = writeln!(
        out,
        "{} versions, {} steps: {} consent, {} notice, {} none; {} reverts (profile {})",
        h.summary.versions,
        h.summary.steps,
        get("consent"),
        get("notice"),
        get("none"),
        h.summary.reverts,
        h.profile
    );
    if let Some(first) = h.versions.first() {
        let _ = writeln!(out, "  {}", first.label);
    }
    for s in &h.steps {
        let mut note = String::new();
        if let Some(r) = &s.revert_of {
            note = format!(" (revert to {r})");
        } else if s.identical {
            note = " (identical)".into();
        } else if s.noise_only {
            note = " (noise only)".into();
        }
        let _ = writeln!(
            out,
            "  {:<10} {}{}",
            p.action(s.action),
            s.new,
            p.dim(&note)
        );
        for c in s
            .changes
            .iter()
            .filter(|c| c.action == s.action && c.action != Action::None)
            .take(3)
        {
            let _ = writeln!(
                out,
                "             {}",
                p.dim(&format!("{} [{}]", c.summary, c.rule))
            );
        }
    }
    out
}
