//! HTML: one self-contained page per report (inline CSS, inline SVG, no
//! script, nothing loaded from elsewhere), for people who read a report in a
//! browser or print it.
//!
//! The pages are minijinja templates kept as files in the crate
//! (`templates/*.html`, `templates/report.css`); the pages extend
//! `base.html`, which holds their head and frame. Templates named `*.html` are
//! auto-escaped, and no value is marked safe, so policy text, which is
//! hostile input, always comes out as text. A `Content-Security-Policy` meta
//! tag forbids scripts as a second line of defence.
//!
//! This module only shapes the data the templates show: word-level
//! highlights of evidence quotes (a `similar` word diff), the side-by-side
//! rows of the section-aligned text diff, and the chart of a history.

use std::sync::LazyLock;

use minijinja::Environment;
use serde::Serialize;
use similar::{Algorithm, ChangeTag};

use super::{count, verdict_words, version_name};
use crate::diff::text::{Aligned, Norm, aligned_items, norm_data, norm_views, normalize_sentence};
use crate::diff::{Action, Change, DiffReport, EditOp, SectionDiff, SectionStatus, SourceInfo};
use crate::error::{Error, ErrorKind, Result};
use crate::history::{History, PracticeCounts};
use crate::model::{Evidence, Policy, Section};

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in [
        ("report.css", include_str!("../../templates/report.css")),
        ("macros.html", include_str!("../../templates/macros.html")),
        ("base.html", include_str!("../../templates/base.html")),
        ("diff.html", include_str!("../../templates/diff.html")),
        ("history.html", include_str!("../../templates/history.html")),
    ] {
        // The templates are part of the crate; a test renders every one.
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("template {name}: {e}"));
    }
    env
});

fn render(name: &str, ctx: impl Serialize) -> Result<String> {
    let tmpl = TEMPLATES
        .get_template(name)
        .map_err(|e| Error::new(ErrorKind::Internal, format!("template {name}: {e}")))?;
    let mut out = tmpl
        .render(ctx)
        .map_err(|e| Error::new(ErrorKind::Internal, format!("template {name}: {e}")))?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn generator() -> String {
    format!("policydiff {}", env!("CARGO_PKG_VERSION"))
}

// ───────────────────────────── word highlights ─────────────────────────────

/// A run of text: `eq` (in both), `del` (old only) or `ins` (new only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Seg {
    k: &'static str,
    t: String,
}

fn push_seg(out: &mut Vec<Seg>, k: &'static str, t: &str) {
    if t.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.k == k => last.t.push_str(t),
        _ => out.push(Seg { k, t: t.to_owned() }),
    }
}

/// Fold a whitespace-only `eq` run between two highlighted runs of the same
/// kind into them, so "sell  your data" reads as one highlight, not three.
fn fold_gaps(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut it = segs.into_iter().peekable();
    while let Some(s) = it.next() {
        if s.k == "eq"
            && s.t.trim().is_empty()
            && let (Some(prev), Some(next)) = (out.last(), it.peek())
            && prev.k != "eq"
            && prev.k == next.k
        {
            let k = prev.k;
            push_seg(&mut out, k, &s.t);
            continue;
        }
        push_seg(&mut out, s.k, &s.t);
    }
    // Leading and trailing spaces of a highlight are not part of the change.
    let mut trimmed: Vec<Seg> = Vec::with_capacity(out.len());
    for s in out {
        if s.k == "eq" {
            push_seg(&mut trimmed, "eq", &s.t);
            continue;
        }
        let core = s.t.trim();
        let start = s.t.len() - s.t.trim_start().len();
        push_seg(&mut trimmed, "eq", &s.t[..start]);
        push_seg(&mut trimmed, s.k, core);
        push_seg(&mut trimmed, "eq", &s.t[start + core.len()..]);
    }
    trimmed
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Past this many bytes (both sides together) a passage is shown without
/// word highlights: the word diff would cost more than it helps.
const WORD_DIFF_LIMIT: usize = 40_000;

/// Word-level diff of two passages (whitespace collapsed): the old passage
/// with deleted words marked, the new one with inserted words marked.
pub(crate) fn word_diff(old: &str, new: &str) -> (Vec<Seg>, Vec<Seg>) {
    let (old, new) = (collapse(old), collapse(new));
    if old.len() + new.len() > WORD_DIFF_LIMIT {
        return (
            vec![Seg { k: "del", t: old }],
            vec![Seg { k: "ins", t: new }],
        );
    }
    let diff = similar::TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_unicode_words(&old, &new);
    let (mut o, mut n) = (Vec::new(), Vec::new());
    for c in diff.iter_all_changes() {
        let t = c.value();
        match c.tag() {
            ChangeTag::Equal => {
                push_seg(&mut o, "eq", t);
                push_seg(&mut n, "eq", t);
            }
            ChangeTag::Delete => push_seg(&mut o, "del", t),
            ChangeTag::Insert => push_seg(&mut n, "ins", t),
        }
    }
    (fold_gaps(o), fold_gaps(n))
}

fn plain(s: &str) -> Vec<Seg> {
    vec![Seg {
        k: "eq",
        t: collapse(s),
    }]
}

// ───────────────────────────── change cards ─────────────────────────────

#[derive(Serialize)]
struct EvidenceView {
    place: String,
    segs: Vec<Seg>,
}

#[derive(Serialize)]
struct Card<'a> {
    action: &'static str,
    action_words: &'static str,
    materiality: &'static str,
    dimension: &'static str,
    kind: &'static str,
    direction: &'static str,
    summary: &'a str,
    rule: &'a str,
    citation: &'a str,
    event: &'a str,
    subject: &'a str,
    old_value: Option<&'a str>,
    new_value: Option<&'a str>,
    old_ev: Vec<EvidenceView>,
    new_ev: Vec<EvidenceView>,
    text_edit: bool,
}

fn short_words(a: Action) -> &'static str {
    match a {
        Action::Consent => "Re-consent",
        Action::Notice => "Notice",
        Action::None => "No action",
    }
}

fn place(e: &Evidence) -> String {
    match e {
        Evidence::Text {
            line,
            section,
            source_line,
            ..
        } => match (source_line.unwrap_or(*line), section.last()) {
            (line, Some(s)) => format!("line {line}, section \u{201c}{s}\u{201d}"),
            (line, None) => format!("line {line}"),
        },
        Evidence::Xml { path, line, .. } => format!("line {line}, element {path}"),
    }
}

fn quote_of(e: &Evidence) -> Option<&str> {
    match e {
        Evidence::Text { quote, .. } => Some(quote),
        Evidence::Xml { .. } => None,
    }
}

/// For each quote of `side`, the most similar quote of `other` (by the word
/// diff's ratio), when they share anything at all.
fn best_partner<'a>(q: &str, other: &'a [Evidence]) -> Option<&'a str> {
    let q = collapse(q);
    let mut best: Option<(f32, &str)> = None;
    for o in other.iter().filter_map(quote_of) {
        let oc = collapse(o);
        if q.len() + oc.len() > WORD_DIFF_LIMIT {
            continue;
        }
        let r = similar::TextDiff::configure()
            .algorithm(Algorithm::Patience)
            .diff_unicode_words(&q, &oc)
            .ratio();
        if r > 0.0 && best.is_none_or(|(b, _)| r > b) {
            best = Some((r, o));
        }
    }
    best.map(|(_, o)| o)
}

fn evidence_views(side: &[Evidence], other: &[Evidence], is_old: bool) -> Vec<EvidenceView> {
    side.iter()
        .map(|e| {
            let segs = match e {
                Evidence::Text { quote, .. } => match best_partner(quote, other) {
                    Some(partner) if is_old => word_diff(quote, partner).0,
                    Some(partner) => word_diff(partner, quote).1,
                    None => plain(quote),
                },
                Evidence::Xml { path, .. } => plain(path),
            };
            EvidenceView {
                place: place(e),
                segs,
            }
        })
        .collect()
}

fn card(c: &Change) -> Card<'_> {
    Card {
        action: c.action.as_str(),
        action_words: short_words(c.action),
        materiality: c.materiality.as_str(),
        dimension: c.dimension.as_str(),
        kind: c.kind.as_str(),
        direction: c.direction.as_str(),
        summary: &c.summary,
        rule: &c.rule,
        citation: &c.citation,
        event: &c.event,
        subject: &c.subject,
        old_value: c.old.as_deref(),
        new_value: c.new.as_deref(),
        old_ev: evidence_views(&c.evidence.old, &c.evidence.new, true),
        new_ev: evidence_views(&c.evidence.new, &c.evidence.old, false),
        text_edit: c.evidence.old.is_empty() && c.evidence.new.is_empty(),
    }
}

// ───────────────────────────── side by side ─────────────────────────────

#[derive(Serialize)]
struct Row {
    /// `eq`, `noise`, `chg`, `del`, `ins` or `mov`.
    kind: &'static str,
    quiet: bool,
    tag: Option<&'static str>,
    old_line: Option<u32>,
    new_line: Option<u32>,
    old: Vec<Seg>,
    new: Vec<Seg>,
}

#[derive(Serialize)]
struct SectionView {
    status: &'static str,
    status_words: &'static str,
    quiet: bool,
    old_heading: Option<String>,
    new_heading: Option<String>,
    old_line: Option<u32>,
    new_line: Option<u32>,
    /// Rows shown before the toggle is used.
    shown_rows: usize,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct TextView {
    summary: String,
    timed_out: bool,
    has_edits: bool,
    quiet_rows: usize,
    quiet_sections: usize,
    sections: Vec<SectionView>,
}

fn row(kind: &'static str, old: Option<(&str, u32)>, new: Option<(&str, u32)>) -> Row {
    let (o, n) = match (old, new) {
        (Some((a, _)), Some((b, _))) if kind == "chg" || kind == "noise" => word_diff(a, b),
        (a, b) => (
            a.map(|(t, _)| plain(t)).unwrap_or_default(),
            b.map(|(t, _)| plain(t)).unwrap_or_default(),
        ),
    };
    Row {
        kind,
        quiet: kind == "eq" || kind == "noise",
        tag: match kind {
            "noise" => Some("noise"),
            "mov" => Some("moved"),
            "ins" => Some("added"),
            "del" => Some("removed"),
            "chg" => Some("changed"),
            _ => None,
        },
        old_line: old.map(|(_, l)| l),
        new_line: new.map(|(_, l)| l),
        old: o,
        new: n,
    }
}

fn moved_texts(sd: &SectionDiff) -> (Vec<&str>, Vec<&str>) {
    let mut old = Vec::new();
    let mut new = Vec::new();
    for e in sd.edits.iter().filter(|e| e.op == EditOp::Moved) {
        if let Some(t) = e.old.as_deref() {
            old.push(t);
        }
        if let Some(t) = e.new.as_deref() {
            new.push(t);
        }
    }
    (old, new)
}

/// Rows for a section present in both versions: every sentence, aligned
/// by its noise-free text (as the text diff aligns them).
fn rows_both(o: &Section, n: &Section, sd: &SectionDiff) -> Vec<Row> {
    let key = |t: &str| normalize_sentence(t).unwrap_or_default();
    let ok: Vec<String> = o.sentences.iter().map(|s| key(&s.text)).collect();
    let nk: Vec<String> = n.sentences.iter().map(|s| key(&s.text)).collect();
    let (moved_old, moved_new) = moved_texts(sd);
    let os = |k: usize| (o.sentences[k].text.as_str(), o.sentences[k].line);
    let ns = |k: usize| (n.sentences[k].text.as_str(), n.sentences[k].line);
    let del = |k: usize| {
        let kind = if moved_old.contains(&o.sentences[k].text.as_str()) {
            "mov"
        } else {
            "del"
        };
        row(kind, Some(os(k)), None)
    };
    let ins = |k: usize| {
        let kind = if moved_new.contains(&n.sentences[k].text.as_str()) {
            "mov"
        } else {
            "ins"
        };
        row(kind, None, Some(ns(k)))
    };
    aligned_items(similar::capture_diff_slices(Algorithm::Patience, &ok, &nk))
        .map(|item| match item {
            Aligned::Equal(i, j) => {
                let (a, b) = (os(i), ns(j));
                let kind = if a.0 == b.0 { "eq" } else { "noise" };
                row(kind, Some(a), Some(b))
            }
            Aligned::Delete(k) => del(k),
            Aligned::Insert(k) => ins(k),
            Aligned::Replace(i, j) => row("chg", Some(os(i)), Some(ns(j))),
        })
        .collect()
}

/// Rows from the report's edits alone (no policies given).
fn rows_from_edits(sd: &SectionDiff) -> Vec<Row> {
    sd.edits
        .iter()
        .map(|e| {
            let old = e.old.as_deref().map(|t| (t, e.old_line.unwrap_or(0)));
            let new = e.new.as_deref().map(|t| (t, e.new_line.unwrap_or(0)));
            let kind = match e.op {
                EditOp::Insert => "ins",
                EditOp::Delete => "del",
                EditOp::Replace => "chg",
                EditOp::Moved => "mov",
            };
            row(kind, old, new)
        })
        .collect()
}

fn section_of<'p>(
    norms: Option<&'p [Norm<'p>]>,
    index: Option<usize>,
    heading: Option<&String>,
) -> Option<&'p Section> {
    let s = norms?.get(index?)?.section();
    // The report must be of these policies: the headings agree.
    (s.heading.as_ref() == heading).then_some(s)
}

fn status_words(sd: &SectionDiff) -> &'static str {
    match sd.status {
        SectionStatus::Unchanged if sd.noise_only => "noise only",
        SectionStatus::Unchanged => "unchanged",
        SectionStatus::Moved => "moved, text unchanged",
        SectionStatus::Modified if sd.moved => "edited and moved",
        SectionStatus::Modified => "edited",
        SectionStatus::Added => "added",
        SectionStatus::Removed => "removed",
    }
}

fn status_id(s: SectionStatus) -> &'static str {
    match s {
        SectionStatus::Unchanged => "unchanged",
        SectionStatus::Moved => "moved",
        SectionStatus::Modified => "modified",
        SectionStatus::Added => "added",
        SectionStatus::Removed => "removed",
    }
}

fn text_view(report: &DiffReport, sources: Option<(&Policy, &Policy)>) -> Option<TextView> {
    let t = report.text_diff.as_ref()?;
    let data = sources.map(|(o, n)| (norm_data(o), norm_data(n)));
    let norms = sources
        .zip(data.as_ref())
        .map(|((o, n), (od, nd))| (norm_views(o, od), norm_views(n, nd)));
    let (on, nn) = match &norms {
        Some((o, n)) => (Some(o.as_slice()), Some(n.as_slice())),
        None => (None, None),
    };
    let mut sections = Vec::with_capacity(t.sections.len());
    let (mut quiet_rows, mut quiet_sections) = (0, 0);
    for sd in &t.sections {
        let o = section_of(on, sd.old_index, sd.old_heading.as_ref());
        let n = section_of(nn, sd.new_index, sd.new_heading.as_ref());
        let rows = match (o, n) {
            (Some(o), Some(n)) => rows_both(o, n, sd),
            (Some(o), None) if sd.status == SectionStatus::Removed => o
                .sentences
                .iter()
                .map(|s| row("del", Some((&s.text, s.line)), None))
                .collect(),
            (None, Some(n)) if sd.status == SectionStatus::Added => n
                .sentences
                .iter()
                .map(|s| row("ins", None, Some((&s.text, s.line))))
                .collect(),
            _ => rows_from_edits(sd),
        };
        let quiet = matches!(sd.status, SectionStatus::Unchanged);
        let hidden = rows.iter().filter(|r| r.quiet).count();
        if quiet {
            quiet_sections += 1;
            quiet_rows += rows.len();
        } else {
            quiet_rows += hidden;
        }
        sections.push(SectionView {
            status: status_id(sd.status),
            status_words: status_words(sd),
            quiet,
            old_heading: sd.old_heading.clone(),
            new_heading: sd.new_heading.clone(),
            old_line: sd.old_line,
            new_line: sd.new_line,
            shown_rows: rows.len() - hidden,
            rows,
        });
    }
    let s = &t.stats;
    let summary = if t.identical {
        "The two files are byte-identical.".to_owned()
    } else if t.noise_only {
        format!(
            "The texts differ only by noise (whitespace, quotes, dashes, dates, formatting): {}.",
            count(s.sentences_noise, "sentence")
        )
    } else {
        format!(
            "{} added, {} removed, {} reworded, {} moved; {} added, {} removed, {} moved; {} {} only by noise.",
            count(s.sentences_added, "sentence"),
            s.sentences_removed,
            s.sentences_changed,
            s.sentences_moved,
            count(s.sections_added, "section"),
            s.sections_removed,
            s.sections_moved,
            count(s.sentences_noise, "sentence"),
            if s.sentences_noise == 1 {
                "differs"
            } else {
                "differ"
            }
        )
    };
    Some(TextView {
        summary,
        timed_out: t.timed_out,
        has_edits: t.has_edits(),
        quiet_rows,
        quiet_sections,
        sections,
    })
}

// ───────────────────────────── pages ─────────────────────────────

#[derive(Serialize)]
struct Counts {
    consent: usize,
    notice: usize,
    none: usize,
}

impl Counts {
    fn of(by_action: &std::collections::BTreeMap<String, usize>) -> Counts {
        let get = |a: Action| by_action.get(a.as_str()).copied().unwrap_or(0);
        Counts {
            consent: get(Action::Consent),
            notice: get(Action::Notice),
            none: get(Action::None),
        }
    }
}

#[derive(Serialize)]
struct DiffPage<'a> {
    generator: String,
    old_name: String,
    new_name: String,
    old_detail: String,
    new_detail: String,
    action: &'static str,
    verdict: &'static str,
    explanation: &'static str,
    counts: Counts,
    profile: &'a str,
    rules_name: &'a str,
    rules_version: &'a str,
    rules_custom: bool,
    cards: Vec<Card<'a>>,
    text: Option<TextView>,
}

fn detail(s: &SourceInfo) -> String {
    let mut parts = vec![format!("{} file, sha256 {}", s.format.as_str(), s.sha256)];
    if let Some(c) = &s.controller {
        parts.push(format!("controller {c}"));
    }
    if let Some(d) = s.last_updated.as_ref().or(s.effective_date.as_ref()) {
        parts.push(format!("dated {d}"));
    }
    parts.join(", ")
}

/// A diff report as one self-contained HTML page: the verdict, a card per
/// change with its rule, citation and evidence (changed words highlighted),
/// and the side-by-side text diff (noise and unchanged text hidden behind a
/// toggle).
///
/// Pass the two policies the report was made from to show whole sections
/// side by side; without them (or when the report has no text diff) only
/// the edited sentences are shown.
///
/// ```
/// let old = policydiff::import_text("# Data\n\nWe collect your email address.").unwrap();
/// let new = policydiff::import_text("# Data\n\nWe collect your email address and your <b>location</b>.").unwrap();
/// let report = policydiff::diff(&old, &new);
/// let html = policydiff::report::render_html(&report, Some((&old, &new))).unwrap();
/// assert!(html.contains(r#"id="verdict" data-action="consent""#));
/// assert!(html.contains("&lt;b&gt;location&lt;&#x2f;b&gt;"));
/// ```
pub fn render_html(report: &DiffReport, sources: Option<(&Policy, &Policy)>) -> Result<String> {
    let page = DiffPage {
        generator: generator(),
        old_name: version_name(&report.old),
        new_name: version_name(&report.new),
        old_detail: detail(&report.old),
        new_detail: detail(&report.new),
        action: report.action.as_str(),
        verdict: verdict_words(report.action),
        explanation: match report.action {
            Action::Consent => {
                "At least one change needs users' fresh consent before it applies to data already collected."
            }
            Action::Notice => {
                "Users must be told about at least one change; no fresh consent is needed."
            }
            Action::None => "No change needs notice or consent.",
        },
        counts: Counts::of(&report.summary.by_action),
        profile: &report.profile,
        rules_name: &report.rules.name,
        rules_version: &report.rules.version,
        rules_custom: report.rules.custom,
        cards: report.changes.iter().map(card).collect(),
        text: text_view(report, sources),
    };
    render("diff.html", page)
}

// ───────────────────────────── history ─────────────────────────────

#[derive(Serialize)]
struct VersionView<'a> {
    label: &'a str,
    counts: PracticeCounts,
}

#[derive(Serialize)]
struct StepView<'a> {
    old: &'a str,
    new: &'a str,
    action: &'static str,
    action_words: &'static str,
    note: Option<String>,
    main: Vec<&'a str>,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Tick {
    y: i64,
    label: usize,
}

#[derive(Serialize)]
struct XTick<'a> {
    x: i64,
    label: &'a str,
}

#[derive(Serialize)]
struct Mark<'a> {
    x: i64,
    y: i64,
    value: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct Series<'a> {
    key: &'static str,
    name: &'static str,
    color: &'static str,
    dash: &'static str,
    shape: &'static str,
    points: String,
    marks: Vec<Mark<'a>>,
}

#[derive(Serialize)]
struct Chart<'a> {
    width: i64,
    height: i64,
    left: i64,
    right: i64,
    top: i64,
    bottom: i64,
    desc: String,
    yticks: Vec<Tick>,
    xticks: Vec<XTick<'a>>,
    series: Vec<Series<'a>>,
}

#[derive(Serialize)]
struct HistoryPage<'a> {
    generator: String,
    profile: &'a str,
    first: &'a str,
    last: &'a str,
    worst: &'static str,
    worst_words: &'static str,
    counts: Counts,
    reverts: usize,
    versions: Vec<VersionView<'a>>,
    steps: Vec<StepView<'a>>,
    chart: Option<Chart<'a>>,
}

/// A "nice" step for `max` split into about four intervals: 1, 2 or 5 × 10^k.
fn tick_step(max: usize) -> usize {
    let raw = max.div_ceil(4).max(1);
    let mut pow = 1usize;
    while pow.saturating_mul(10) <= raw {
        pow *= 10;
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|m| m * pow)
        .find(|&s| s >= raw)
        .unwrap_or(10 * pow)
}

fn chart<'a>(labels: &[&'a str], counts: &[PracticeCounts]) -> Chart<'a> {
    // Pixel arithmetic in i64; a history has far fewer than 2^32 versions.
    let n = labels.len().min(u32::MAX as usize);
    let n_i = i64::try_from(n).unwrap_or(i64::MAX);
    let (left, top, height) = (72i64, 34i64, 300i64);
    let step_px: i64 = if n > 1 {
        (720 / (n_i - 1)).clamp(2, 120)
    } else {
        120
    };
    let plot_w = step_px * (n_i - 1).max(1);
    let right = left + plot_w;
    let width = right + 40;
    let bottom = height - 78;
    let max = counts
        .iter()
        .flat_map(|c| [c.data_categories, c.purposes, c.recipients])
        .max()
        .unwrap_or(0);
    let step = tick_step(max);
    let top_value = max.div_ceil(step).max(1) * step;
    let y_of =
        |v: usize| bottom - ((bottom - top) as f64 * v as f64 / top_value as f64).round() as i64;
    let x_of = |i: usize| {
        if n > 1 {
            left + step_px * i64::try_from(i).unwrap_or(0)
        } else {
            left + plot_w / 2
        }
    };
    let yticks = (0..=top_value / step)
        .map(|k| Tick {
            y: y_of(k * step),
            label: k * step,
        })
        .collect();
    // At most about 24 date labels: every k-th one, always the last.
    let every = n.div_ceil(24).max(1);
    let xticks = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == n)
        .map(|(i, l)| XTick {
            x: x_of(i),
            label: l,
        })
        .collect();
    type Getter = fn(&PracticeCounts) -> usize;
    let defs: [(&str, &str, &str, &str, &str, Getter); 3] = [
        (
            "data",
            "Data categories",
            "#0b57d0",
            "none",
            "circle",
            |c| c.data_categories,
        ),
        ("purposes", "Purposes", "#a34700", "7 4", "square", |c| {
            c.purposes
        }),
        (
            "recipients",
            "Recipients",
            "#6a1b9a",
            "2 3",
            "diamond",
            |c| c.recipients,
        ),
    ];
    let series = defs
        .iter()
        .map(|&(key, name, color, dash, shape, get)| {
            let marks: Vec<Mark<'a>> = counts
                .iter()
                .zip(labels)
                .enumerate()
                .map(|(i, (c, l))| Mark {
                    x: x_of(i),
                    y: y_of(get(c)),
                    value: get(c),
                    label: l,
                })
                .collect();
            let points = marks
                .iter()
                .map(|m| format!("{},{}", m.x, m.y))
                .collect::<Vec<_>>()
                .join(" ");
            Series {
                key,
                name,
                color,
                dash,
                shape,
                points,
                marks,
            }
        })
        .collect();
    let (first, last) = (
        counts.first().copied().unwrap_or_default(),
        counts.last().copied().unwrap_or_default(),
    );
    let desc = format!(
        "From {} to {}: data categories {} → {}, purposes {} → {}, recipients {} → {}.",
        labels.first().copied().unwrap_or(""),
        labels.last().copied().unwrap_or(""),
        first.data_categories,
        last.data_categories,
        first.purposes,
        last.purposes,
        first.recipients,
        last.recipients
    );
    Chart {
        width,
        height,
        left,
        right,
        top,
        bottom,
        desc,
        yticks,
        xticks,
        series,
    }
}

/// A history as one self-contained HTML page: a timeline of the steps with
/// each step's verdict, and an inline SVG chart of how many data categories,
/// purposes and recipients each version discloses.
///
/// `counts` holds one [`PracticeCounts`] per version, oldest first (see
/// [`crate::history::import_versions`]); pass an empty slice to leave the
/// chart out.
///
/// ```
/// use policydiff::history::{History, PracticeCounts};
/// let v = |t: &str| policydiff::import_text(t).unwrap();
/// let versions = vec![
///     ("2020-01-01".to_owned(), v("We collect your email address.")),
///     ("2021-01-01".to_owned(), v("We collect your email address and your phone number.")),
/// ];
/// let h = History::from_versions(&versions, &policydiff::DiffOptions::new());
/// let counts: Vec<_> = versions.iter().map(|(_, p)| PracticeCounts::of(p)).collect();
/// let html = policydiff::report::render_history_html(&h, &counts).unwrap();
/// assert!(html.contains("<svg"));
/// ```
pub fn render_history_html(history: &History, counts: &[PracticeCounts]) -> Result<String> {
    let labels: Vec<&str> = history.versions.iter().map(|v| v.label.as_str()).collect();
    let with_counts = counts.len() == labels.len() && !labels.is_empty();
    let worst = history
        .steps
        .iter()
        .map(|s| s.action)
        .max()
        .unwrap_or(Action::None);
    let steps = history
        .steps
        .iter()
        .map(|s| StepView {
            old: &s.old,
            new: &s.new,
            action: s.action.as_str(),
            action_words: short_words(s.action),
            note: match (&s.revert_of, s.identical, s.noise_only) {
                (Some(r), _, _) => Some(format!("revert to {r}")),
                (None, true, _) => Some("identical".into()),
                (None, false, true) => Some("noise only".into()),
                _ => None,
            },
            main: s
                .changes
                .iter()
                .filter(|c| c.action == s.action && c.action != Action::None)
                .take(3)
                .map(|c| c.summary.as_str())
                .collect(),
            changes: &s.changes,
        })
        .collect();
    let page = HistoryPage {
        generator: generator(),
        profile: &history.profile,
        first: labels.first().copied().unwrap_or(""),
        last: labels.last().copied().unwrap_or(""),
        worst: worst.as_str(),
        worst_words: verdict_words(worst),
        counts: Counts::of(&history.summary.by_action),
        reverts: history.summary.reverts,
        versions: labels
            .iter()
            .enumerate()
            .map(|(i, l)| VersionView {
                label: l,
                counts: counts.get(i).copied().unwrap_or_default(),
            })
            .collect(),
        steps,
        chart: with_counts.then(|| chart(&labels, counts)),
    };
    render("history.html", page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(segs: &[Seg]) -> Vec<(&str, &str)> {
        segs.iter().map(|s| (s.k, s.t.as_str())).collect()
    }

    #[test]
    fn word_diff_marks_changed_words() {
        let (o, n) = word_diff(
            "We do not sell your  personal information.",
            "We sell your personal information to advertisers.",
        );
        assert_eq!(
            kinds(&o),
            [
                ("eq", "We "),
                ("del", "do not"),
                ("eq", " sell your personal information.")
            ]
        );
        let old_del: String = o
            .iter()
            .filter(|s| s.k == "del")
            .map(|s| s.t.as_str())
            .collect();
        let new_ins: String = n
            .iter()
            .filter(|s| s.k == "ins")
            .map(|s| s.t.as_str())
            .collect();
        assert_eq!(old_del, "do not");
        assert_eq!(new_ins, "to advertisers");
        // Concatenated, each side is its (whitespace-collapsed) passage.
        let join = |v: &[Seg]| v.iter().map(|s| s.t.as_str()).collect::<String>();
        assert_eq!(join(&o), "We do not sell your personal information.");
        assert_eq!(
            join(&n),
            "We sell your personal information to advertisers."
        );
    }

    #[test]
    fn equal_passages_have_no_highlight() {
        let (o, n) = word_diff("Same text here.", "Same   text here.");
        assert!(o.iter().chain(&n).all(|s| s.k == "eq"));
    }

    #[test]
    fn tick_steps_are_round() {
        assert_eq!(tick_step(0), 1);
        assert_eq!(tick_step(3), 1);
        assert_eq!(tick_step(7), 2);
        assert_eq!(tick_step(19), 5);
        assert_eq!(tick_step(33), 10);
        assert_eq!(tick_step(170), 50);
    }

    #[test]
    fn hostile_text_is_escaped() {
        let old = crate::import_text("# Data\n\nWe collect your email address.").unwrap();
        let new = crate::import_text(
            "# Data <script>alert(1)</script>\n\nWe collect your email address and your location <img src=x onerror=alert(2)>.",
        )
        .unwrap();
        let report = crate::diff(&old, &new);
        let html = render_html(&report, Some((&old, &new))).unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        // Markdown reads raw HTML as markup (the heading is "Data
        // alert(1)"), but the evidence quotes the source as it is, escaped.
        assert!(
            html.contains("&lt;img src=x onerror=alert(2)&gt;"),
            "{html}"
        );
    }
}
