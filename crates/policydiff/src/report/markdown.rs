//! Markdown for a pull-request comment.

use std::fmt::Write as _;

use super::{count, counts, evidence_line, verdict_words, version_name};
use crate::diff::{Action, DiffReport, EditOp, SectionStatus};
use crate::history::History;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn quote(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A diff report as Markdown, ready to paste as a pull-request comment.
pub fn render_markdown(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### policydiff: {} (`{}`)\n",
        verdict_words(report.action),
        report.action
    );
    let _ = writeln!(
        out,
        "Profile `{}` · {} ({}) · `{}` → `{}`\n",
        report.profile,
        count(report.summary.changes, "change"),
        counts(report),
        cell(&version_name(&report.old)),
        cell(&version_name(&report.new))
    );
    if report.changes.is_empty() {
        let _ = writeln!(out, "No change in substance or in text (noise aside).");
    } else {
        let _ = writeln!(out, "| Action | Dimension | Change | Rule |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for c in &report.changes {
            let _ = writeln!(
                out,
                "| **{}** | {} | {} | `{}` |",
                c.action,
                c.dimension,
                cell(&c.summary),
                c.rule
            );
        }
        let material: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.action != Action::None)
            .collect();
        if !material.is_empty() {
            let _ = writeln!(out, "\n#### Evidence\n");
            for c in material {
                let _ = writeln!(
                    out,
                    "**{}** (`{}`): {}\n",
                    cell(&c.summary),
                    c.action,
                    c.citation
                );
                for e in &c.evidence.old {
                    let _ = writeln!(out, "> − old, {}\n", quote(&evidence_line(e)));
                }
                for e in &c.evidence.new {
                    let _ = writeln!(out, "> + new, {}\n", quote(&evidence_line(e)));
                }
            }
        }
    }
    if let Some(t) = &report.text_diff
        && !t.identical
    {
        let s = &t.stats;
        let title = if t.noise_only {
            "Text diff: noise only (whitespace, quotes, dates, formatting)".to_owned()
        } else {
            format!(
                "Text diff: {} added, {} removed, {} reworded, {} moved sentences; {} sections moved",
                s.sentences_added,
                s.sentences_removed,
                s.sentences_changed,
                s.sentences_moved,
                s.sections_moved
            )
        };
        let _ = writeln!(out, "\n<details><summary>{title}</summary>\n");
        let _ = writeln!(out, "```diff");
        for sd in &t.sections {
            if sd.status == SectionStatus::Unchanged {
                continue;
            }
            let heading = sd
                .new_heading
                .as_deref()
                .or(sd.old_heading.as_deref())
                .unwrap_or("(preamble)");
            let status = match sd.status {
                SectionStatus::Moved => "moved",
                SectionStatus::Modified if sd.moved => "modified, moved",
                SectionStatus::Modified => "modified",
                SectionStatus::Added => "added",
                SectionStatus::Removed => "removed",
                SectionStatus::Unchanged => "unchanged",
            };
            let _ = writeln!(out, "@@ {} [{status}] @@", heading.replace("```", "'''"));
            for e in &sd.edits {
                let fence = |s: &str| s.replace("```", "'''");
                match e.op {
                    EditOp::Delete => {
                        let _ = writeln!(out, "- {}", fence(e.old.as_deref().unwrap_or("")));
                    }
                    EditOp::Insert => {
                        let _ = writeln!(out, "+ {}", fence(e.new.as_deref().unwrap_or("")));
                    }
                    EditOp::Replace => {
                        let _ = writeln!(out, "- {}", fence(e.old.as_deref().unwrap_or("")));
                        let _ = writeln!(out, "+ {}", fence(e.new.as_deref().unwrap_or("")));
                    }
                    EditOp::Moved => {
                        let s = e.new.as_deref().or(e.old.as_deref()).unwrap_or("");
                        let _ = writeln!(out, "  (moved) {}", fence(s));
                    }
                }
            }
        }
        let _ = writeln!(out, "```\n\n</details>");
    }
    out
}

/// A history timeline as a Markdown table.
pub fn render_history_markdown(h: &History) -> String {
    let mut out = String::new();
    let get = |a: &str| h.summary.by_action.get(a).copied().unwrap_or(0);
    let _ = writeln!(
        out,
        "### policydiff history: {} versions, {} steps\n\n{} consent · {} notice · {} none · {} reverts (profile `{}`)\n",
        h.summary.versions,
        h.summary.steps,
        get("consent"),
        get("notice"),
        get("none"),
        h.summary.reverts,
        h.profile
    );
    let _ = writeln!(out, "| From | To | Action | Note | Main changes |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for s in &h.steps {
        let note = match (&s.revert_of, s.identical, s.noise_only) {
            (Some(r), _, _) => format!("revert to {r}"),
            (None, true, _) => "identical".into(),
            (None, false, true) => "noise only".into(),
            _ => String::new(),
        };
        let main: Vec<String> = s
            .changes
            .iter()
            .filter(|c| c.action == s.action && c.action != Action::None)
            .take(3)
            .map(|c| cell(&c.summary))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | **{}** | {} | {} |",
            s.old,
            s.new,
            s.action,
            note,
            main.join("; ")
        );
    }
    out
}
