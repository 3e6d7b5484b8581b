//! Text diff: sections aligned by heading, sentences within sections, moved
//! sections and sentences detected as moves, and noise normalised away.
//!
//! Noise is what a reader would not call a change: whitespace and line
//! wrapping, non-breaking and other odd spaces, curly vs straight quotes,
//! dash styles, letter case, Markdown emphasis, list vs table separators
//! (`a: b`, `a; b`, `a | b`), trailing punctuation, "Last updated" /
//! "Effective" date lines and copyright years.
//!
//! Sections are aligned in four passes: the same normalised heading (in
//! order), the same content, a similar heading (character similarity ≥ 0.75),
//! then similar content (sentence overlap ≥ 0.5). Matched sections that are
//! out of order relative to the longest in-order run are reported as moved.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use similar::{Algorithm, DiffOp};

use crate::model::{Policy, Section};

/// What happened to a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionStatus {
    /// Same content (noise aside), same place.
    Unchanged,
    /// Same content, different place.
    Moved,
    /// Edited (and possibly moved: see `moved`).
    Modified,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// What happened to a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EditOp {
    /// A sentence only in the new version.
    Insert,
    /// A sentence only in the old version.
    Delete,
    /// A sentence reworded.
    Replace,
    /// A sentence that left this section for another (`old` set) or arrived
    /// from another (`new` set), unchanged.
    Moved,
}

/// One sentence-level edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentenceEdit {
    /// The kind of edit.
    pub op: EditOp,
    /// The old sentence (normalised text as imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// 1-based line of the old sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_line: Option<u32>,
    /// 1-based line of the new sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_line: Option<u32>,
}

/// One aligned pair of sections (or a section on one side only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionDiff {
    /// What happened to it.
    pub status: SectionStatus,
    /// Heading in the old version (`null` for the untitled preamble).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_heading: Option<String>,
    /// Heading in the new version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_heading: Option<String>,
    /// Index in the old version's `sections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_index: Option<usize>,
    /// Index in the new version's `sections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_index: Option<usize>,
    /// 1-based line of the old section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_line: Option<u32>,
    /// 1-based line of the new section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_line: Option<u32>,
    /// The section changed position relative to the others.
    #[serde(default)]
    pub moved: bool,
    /// The texts differ, but only by noise.
    #[serde(default)]
    pub noise_only: bool,
    /// Sentence edits, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<SentenceEdit>,
}

/// Counts over a text diff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextStats {
    /// Sections unchanged (in place or moved).
    pub sections_unchanged: usize,
    /// Sections edited.
    pub sections_modified: usize,
    /// Sections only in the new version.
    pub sections_added: usize,
    /// Sections only in the old version.
    pub sections_removed: usize,
    /// Sections that changed position.
    pub sections_moved: usize,
    /// Headings renamed.
    pub headings_changed: usize,
    /// Sentences only in the new version.
    pub sentences_added: usize,
    /// Sentences only in the old version.
    pub sentences_removed: usize,
    /// Sentences reworded.
    pub sentences_changed: usize,
    /// Sentences moved to another section unchanged.
    pub sentences_moved: usize,
    /// Sentences that differ only by noise.
    pub sentences_noise: usize,
}

/// The text diff of two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextDiff {
    /// The two inputs are byte-identical (same SHA-256).
    pub identical: bool,
    /// The inputs differ, but only by noise (no edits, no moves).
    pub noise_only: bool,
    /// The time budget ran out; some sections were aligned coarsely.
    pub timed_out: bool,
    /// Counts.
    pub stats: TextStats,
    /// Aligned sections, in the new version's order (removed sections where
    /// they stood).
    pub sections: Vec<SectionDiff>,
}

impl TextDiff {
    /// Whether there is any edit that is more than noise.
    pub fn has_edits(&self) -> bool {
        let s = &self.stats;
        s.sections_added
            + s.sections_removed
            + s.sections_moved
            + s.headings_changed
            + s.sentences_added
            + s.sentences_removed
            + s.sentences_changed
            + s.sentences_moved
            > 0
    }
}

// ───────────────────────────── normalisation ─────────────────────────────

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
    Regex::new(&format!(
        r"\b{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month},?\s+\d{{4}}\b|\b{month},?\s+\d{{4}}\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b(?:19|20)\d{{2}}\b"
    ))
    .expect("static regex")
});

const DATE_WORDS: &[&str] = &[
    "last",
    "updated",
    "update",
    "modified",
    "revised",
    "revision",
    "effective",
    "date",
    "dated",
    "as",
    "of",
    "on",
    "this",
    "the",
    "our",
    "privacy",
    "policy",
    "notice",
    "statement",
    "was",
    "is",
    "version",
    "changed",
    "from",
    "and",
    "cookie",
    "cookies",
    "terms",
    "valid",
    "published",
    "in",
    "force",
    "since",
    "latest",
    "previous",
    "current",
    "archived",
];

fn is_date_line(s: &str) -> bool {
    if s.len() > 160 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if ![
        "updat",
        "effective",
        "revis",
        "modif",
        "dated",
        "version",
        "changed",
        "valid",
        "publish",
        "in force",
    ]
    .iter()
    .any(|k| s.contains(k))
    {
        return false;
    }
    let rest = DATE.replace_all(s, " ");
    if rest.len() == s.len() {
        return false;
    }
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| DATE_WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit()) || w == "v")
}

/// What a character becomes in the noise-free form.
enum Norm1 {
    Skip,
    Space,
    Char(char),
    Dash,
    Str(&'static str),
}

fn norm_char(c: char) -> Norm1 {
    match c {
        'A'..='Z' => Norm1::Char(c.to_ascii_lowercase()),
        ' ' | '\t' | '\n' | '\r' => Norm1::Space,
        ':' | ';' | '|' => Norm1::Char(';'),
        '*' => Norm1::Skip,
        '`' => Norm1::Char('\''),
        c if c.is_ascii() => Norm1::Char(c),
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Norm1::Space,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Norm1::Skip,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => {
            Norm1::Char('\'')
        }
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
            Norm1::Char('"')
        }
        '\u{2010}' | '\u{2011}' => Norm1::Char('-'),
        '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Norm1::Dash,
        '\u{2026}' => Norm1::Str("..."),
        c if c.is_whitespace() => Norm1::Space,
        c if c.is_uppercase() => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => Norm1::Char(x),
                _ => Norm1::Char(c),
            }
        }
        c => Norm1::Char(c),
    }
}

/// The noise-free form of a sentence, in one pass: odd spaces collapsed,
/// quotes and dashes unified (`--` and dash characters become ` - `),
/// lower case, `:`/`|` as `;`, no space before closing punctuation.
fn normalize_chars(s: &str) -> String {
    // Built as bytes (one push per byte for the ASCII that makes up most
    // of any text) and checked as UTF-8 once at the end.
    let mut out: Vec<u8> = Vec::with_capacity(s.len() + 8);
    let mut pending = false;
    let emit = |out: &mut Vec<u8>, pending: &mut bool, c: char| {
        if *pending && !out.is_empty() && !matches!(c, ',' | '.' | ';' | '!' | '?' | ')') {
            out.push(b' ');
        }
        *pending = false;
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Lower-case letters and digits are their own noise-free form:
        // copied a run at a time.
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if pending {
                if !out.is_empty() {
                    out.push(b' ');
                }
                pending = false;
            }
            let start = i;
            i += 1;
            while i < bytes.len() && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit()) {
                i += 1;
            }
            out.extend_from_slice(&bytes[start..i]);
            continue;
        }
        if b == b' ' {
            pending = true;
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            i += 1;
            char::from(b)
        } else {
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            c
        };
        match norm_char(c) {
            Norm1::Skip => {}
            Norm1::Space => pending = true,
            Norm1::Char('-') if out.last() == Some(&b'-') && !pending => {
                // `--` is a dash.
                out.pop();
                pending = true;
                emit(&mut out, &mut pending, '-');
                pending = true;
            }
            Norm1::Char(c) => emit(&mut out, &mut pending, c),
            Norm1::Dash => {
                pending = true;
                emit(&mut out, &mut pending, '-');
                pending = true;
            }
            Norm1::Str(t) => {
                for c in t.chars() {
                    emit(&mut out, &mut pending, c);
                }
            }
        }
    }
    // Only whole characters were pushed.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The noise-free form of a sentence; `None` for sentences that are noise
/// altogether (a "Last updated" date line).
pub(crate) fn normalize_sentence(s: &str) -> Option<String> {
    let mut full = normalize_chars(s);
    let start = full.len() - full.trim_start_matches(['-', '\u{2022}', ' ', ';']).len();
    let t = full[start..].trim_end_matches(['.', ';', ',', '!', ' ', '-']);
    if t.is_empty() || is_date_line(t) {
        return None;
    }
    if t.starts_with('\u{a9}') || t.starts_with("(c)") || t.starts_with("copyright") {
        let stripped = DATE.replace_all(t, "");
        return Some(stripped.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    // Trimmed in place: no second string.
    let end = start + t.len();
    full.truncate(end);
    full.drain(..start);
    Some(full)
}

/// A heading for aligning: normalised, numbering and trailing punctuation dropped.
pub(crate) fn normalize_heading(h: Option<&str>) -> String {
    let Some(h) = h else { return String::new() };
    let n = normalize_sentence(h).unwrap_or_default();
    let t = n.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
    let t = match t.split_once(". ") {
        Some((num, rest))
            if !num.is_empty()
                && num.len() <= 5
                && num.chars().all(|c| {
                    "ivxlc".contains(c) || (c.is_ascii_alphabetic() && num.len() == 1)
                }) =>
        {
            rest
        }
        _ => t,
    };
    t.trim_end_matches(['?', ';', '.', ' ']).to_owned()
}

/// The noise-free form of one section, owned: computed once per version
/// ([`norm_data`]) and read through [`Norm`].
#[derive(Clone, Debug)]
pub(crate) struct NormData {
    /// Index of the section in `Policy::sections`.
    index: usize,
    heading: String,
    /// (index in `section.sentences`, normalised text)
    sentences: Vec<(usize, String)>,
}

/// A section with its noise-free form: what the alignment and the diff read
/// (the fields of [`NormData`] through `Deref`).
#[derive(Clone, Copy)]
pub(crate) struct Norm<'a> {
    section: &'a Section,
    data: &'a NormData,
}

impl std::ops::Deref for Norm<'_> {
    type Target = NormData;

    fn deref(&self) -> &NormData {
        self.data
    }
}

impl<'a> Norm<'a> {
    /// The section this is the noise-free form of.
    pub(crate) fn section(&self) -> &'a Section {
        self.section
    }

    fn keys(&self) -> Vec<&'a str> {
        self.data
            .sentences
            .iter()
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// The noise-free sections of a policy (sections with neither a heading nor
/// a sentence left out), computed once per version.
pub(crate) fn norm_data(p: &Policy) -> Vec<NormData> {
    p.sections
        .iter()
        .enumerate()
        .map(|(index, s)| NormData {
            index,
            heading: normalize_heading(s.heading.as_deref()),
            sentences: s
                .sentences
                .iter()
                .enumerate()
                .filter_map(|(i, x)| normalize_sentence(&x.text).map(|n| (i, n)))
                .collect(),
        })
        .filter(|n| !(n.sentences.is_empty() && p.sections[n.index].heading.is_none()))
        .collect()
}

/// The sections of `p` with their noise-free forms (`data` is `p`'s
/// [`norm_data`]).
pub(crate) fn norm_views<'a>(p: &'a Policy, data: &'a [NormData]) -> Vec<Norm<'a>> {
    data.iter()
        .filter_map(|d| {
            Some(Norm {
                section: p.sections.get(d.index)?,
                data: d,
            })
        })
        .collect()
}

/// SHA-256 over the noise-free text (headings and sentences): equal for two
/// versions that differ only by noise. Used to find reverts.
pub fn normalized_fingerprint(p: &Policy) -> String {
    let data = norm_data(p);
    fingerprint_of(&norm_views(p, &data))
}

pub(crate) fn fingerprint_of(norms: &[Norm<'_>]) -> String {
    let mut h = Sha256::new();
    for s in norms {
        h.update(b"\x01");
        h.update(s.heading.as_bytes());
        for (_, t) in &s.sentences {
            h.update(b"\x02");
            h.update(t.as_bytes());
        }
    }
    let d = h.finalize();
    let mut s = String::with_capacity(64);
    for b in d {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Where each sentence of a version starts, with its noise-free text.
pub(crate) struct Anchors<'a> {
    by_start: BTreeMap<usize, &'a str>,
    texts: BTreeSet<&'a str>,
}

impl<'a> Anchors<'a> {
    pub(crate) fn of(norms: &'a [Norm<'_>]) -> Anchors<'a> {
        let mut by_start = BTreeMap::new();
        let mut texts = BTreeSet::new();
        for n in norms {
            for (i, t) in &n.sentences {
                by_start.insert(n.section.sentences[*i].span.start, t.as_str());
                texts.insert(t.as_str());
            }
        }
        Anchors { by_start, texts }
    }

    /// Whether every piece of text evidence (at least one) quotes a sentence
    /// of this version whose noise-free text `other` also contains.
    pub(crate) fn all_in(&self, evidence: &[crate::model::Evidence], other: &Anchors<'_>) -> bool {
        let mut any = false;
        for e in evidence {
            let crate::model::Evidence::Text { span, .. } = e else {
                return false;
            };
            match self.by_start.get(&span.start) {
                Some(t) if other.texts.contains(t) => any = true,
                _ => return false,
            }
        }
        any
    }
}

// ───────────────────────────── alignment ─────────────────────────────

fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    similar::TextDiff::from_chars(a, b).ratio()
}

/// Sorted, de-duplicated sentences of a section, for overlap scores.
fn sentence_set<'a>(n: &'a Norm<'_>) -> Vec<&'a str> {
    let mut v: Vec<&str> = n.sentences.iter().map(|(_, s)| s.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Jaccard overlap of two sorted sets.
fn overlap(a: &[&str], b: &[&str]) -> f32 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        return 0.0;
    }
    common as f32 / union as f32
}

/// For each new section, the old section it is aligned with.
fn align(old: &[Norm<'_>], new: &[Norm<'_>]) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    // 1. Same heading, in order.
    let mut by_heading: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    for (j, o) in old.iter().enumerate() {
        by_heading
            .entry(o.heading.as_str())
            .or_default()
            .push_back(j);
    }
    for (i, n) in new.iter().enumerate() {
        if let Some(q) = by_heading.get_mut(n.heading.as_str())
            && let Some(j) = q.pop_front()
        {
            matched[i] = Some(j);
            used[j] = true;
        }
    }
    // 2. Same content.
    let mut by_content: BTreeMap<Vec<&str>, VecDeque<usize>> = BTreeMap::new();
    for (j, o) in old.iter().enumerate() {
        if !used[j] && !o.sentences.is_empty() {
            by_content.entry(o.keys()).or_default().push_back(j);
        }
    }
    for (i, n) in new.iter().enumerate() {
        if matched[i].is_none()
            && !n.sentences.is_empty()
            && let Some(q) = by_content.get_mut(&n.keys())
            && let Some(j) = q.pop_front()
        {
            matched[i] = Some(j);
            used[j] = true;
        }
    }
    // 3. Similar heading; 4. similar content.
    let old_sets: Vec<Vec<&str>> = old.iter().map(sentence_set).collect();
    let new_sets: Vec<Vec<&str>> = new.iter().map(sentence_set).collect();
    for pass in 0..2 {
        for i in 0..new.len() {
            if matched[i].is_some() {
                continue;
            }
            let mut best: Option<(f32, usize)> = None;
            for j in (0..old.len()).filter(|&j| !used[j]) {
                let score = if pass == 0 {
                    if new[i].heading.is_empty() || old[j].heading.is_empty() {
                        continue;
                    }
                    let (a, b) = (&new[i].heading, &old[j].heading);
                    // The character ratio is at most 2·min/(a+b): skip pairs
                    // whose lengths alone rule out 0.75.
                    if 2 * a.len().min(b.len()) * 4 < 3 * (a.len() + b.len()) {
                        continue;
                    }
                    similarity(a, b)
                } else {
                    overlap(&new_sets[i], &old_sets[j])
                };
                let threshold = if pass == 0 { 0.75 } else { 0.5 };
                if score >= threshold && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, j));
                }
            }
            if let Some((_, j)) = best {
                matched[i] = Some(j);
                used[j] = true;
            }
        }
    }
    matched
}

/// Indices (into `seq`) of a longest strictly increasing subsequence.
fn lis(seq: &[usize]) -> BTreeSet<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into seq of the tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for i in 0..seq.len() {
        let pos = tails.partition_point(|&t| seq[t] < seq[i]);
        if pos > 0 {
            prev[i] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut out = BTreeSet::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.insert(i);
        cur = prev[i];
    }
    out
}

// ───────────────────────────── diff ─────────────────────────────

/// One item of a diff of two sequences, by index: what a walk over
/// `similar`'s [`DiffOp`]s yields item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aligned {
    /// Old item `.0` and new item `.1` are equal.
    Equal(usize, usize),
    /// Old item `.0` is gone.
    Delete(usize),
    /// New item `.0` is added.
    Insert(usize),
    /// Old item `.0` was replaced by new item `.1`.
    Replace(usize, usize),
}

/// The items of `ops` in order. Within a replace, the first
/// `min(old_len, new_len)` items are paired as [`Aligned::Replace`]; the
/// old items left over follow as deletes, then the new ones as inserts.
pub(crate) fn aligned_items(
    ops: impl IntoIterator<Item = DiffOp>,
) -> impl Iterator<Item = Aligned> {
    ops.into_iter().flat_map(|op| {
        let (_, old, new) = op.as_tag_tuple();
        let pairs = old.len().min(new.len());
        let equal = matches!(op, DiffOp::Equal { .. });
        let (o, n) = (old.start, new.start);
        (0..pairs)
            .map(move |k| {
                if equal {
                    Aligned::Equal(o + k, n + k)
                } else {
                    Aligned::Replace(o + k, n + k)
                }
            })
            .chain((o + pairs..old.end).map(Aligned::Delete))
            .chain((n + pairs..new.end).map(Aligned::Insert))
    })
}

/// An edit with the normalised text used to detect moves.
struct Pending {
    edit: SentenceEdit,
    old_norm: Option<String>,
    new_norm: Option<String>,
}

fn sentence_edits(o: &Norm<'_>, n: &Norm<'_>, deadline: Option<Instant>) -> Vec<Pending> {
    let (ok, nk) = (o.keys(), n.keys());
    let ops = similar::capture_diff_slices_deadline(Algorithm::Patience, &ok, &nk, deadline);
    let old_at = |k: usize| {
        let (i, norm) = &o.sentences[k];
        let s = &o.section.sentences[*i];
        (s.text.clone(), s.line, norm.clone())
    };
    let new_at = |k: usize| {
        let (i, norm) = &n.sentences[k];
        let s = &n.section.sentences[*i];
        (s.text.clone(), s.line, norm.clone())
    };
    let del = |k: usize| {
        let (t, l, norm) = old_at(k);
        Pending {
            edit: SentenceEdit {
                op: EditOp::Delete,
                old: Some(t),
                new: None,
                old_line: Some(l),
                new_line: None,
            },
            old_norm: Some(norm),
            new_norm: None,
        }
    };
    let ins = |k: usize| {
        let (t, l, norm) = new_at(k);
        Pending {
            edit: SentenceEdit {
                op: EditOp::Insert,
                old: None,
                new: Some(t),
                old_line: None,
                new_line: Some(l),
            },
            old_norm: None,
            new_norm: Some(norm),
        }
    };
    aligned_items(ops)
        .filter_map(|item| match item {
            Aligned::Equal(..) => None,
            Aligned::Delete(k) => Some(del(k)),
            Aligned::Insert(k) => Some(ins(k)),
            Aligned::Replace(i, j) => {
                let (ot, ol, on) = old_at(i);
                let (nt, nl, nn) = new_at(j);
                Some(Pending {
                    edit: SentenceEdit {
                        op: EditOp::Replace,
                        old: Some(ot),
                        new: Some(nt),
                        old_line: Some(ol),
                        new_line: Some(nl),
                    },
                    old_norm: Some(on),
                    new_norm: Some(nn),
                })
            }
        })
        .collect()
}

fn raw_differs(o: &Section, n: &Section) -> usize {
    if o.sentences.len() != n.sentences.len() {
        return o.sentences.len().abs_diff(n.sentences.len()).max(1);
    }
    o.sentences
        .iter()
        .zip(&n.sentences)
        .filter(|(a, b)| a.text != b.text)
        .count()
}

/// Compare the texts of two policies whose noise-free sections are known.
#[allow(clippy::single_match_else)]
pub(crate) fn diff_text_prepared(
    old: &Policy,
    on: &[Norm<'_>],
    new: &Policy,
    nn: &[Norm<'_>],
    budget: Option<Duration>,
) -> TextDiff {
    let deadline = budget.map(|d| Instant::now() + d);
    let identical = !old.metadata.source.sha256.is_empty()
        && old.metadata.source.sha256 == new.metadata.source.sha256;
    let matched = align(on, nn);

    // Moves: matched pairs out of the longest in-order run.
    let pairs: Vec<(usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|j| (i, j)))
        .collect();
    let order: Vec<usize> = pairs.iter().map(|&(_, j)| j).collect();
    let keep = lis(&order);
    let moved_new: BTreeSet<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(k, _)| !keep.contains(k))
        .map(|(_, &(i, _))| i)
        .collect();
    let backbone_old: BTreeMap<usize, usize> = pairs
        .iter()
        .enumerate()
        .filter(|(k, _)| keep.contains(k))
        .map(|(_, &(i, j))| (j, i))
        .collect();
    let matched_old: BTreeSet<usize> = order.iter().copied().collect();
    // Removed old sections go after the new section aligned with the nearest
    // preceding in-order old section.
    let mut removed_after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for j in (0..on.len()).filter(|j| !matched_old.contains(j)) {
        let anchor = backbone_old.range(..j).next_back().map(|(_, &i)| i);
        removed_after.entry(anchor).or_default().push(j);
    }

    let mut out = TextDiff {
        identical,
        ..TextDiff::default()
    };
    let mut pending: Vec<(SectionDiff, Vec<Pending>)> = Vec::new();
    let removed_section = |j: usize| {
        let o = &on[j];
        let edits: Vec<Pending> = o
            .sentences
            .iter()
            .map(|(i, norm)| {
                let s = &o.section.sentences[*i];
                Pending {
                    edit: SentenceEdit {
                        op: EditOp::Delete,
                        old: Some(s.text.clone()),
                        new: None,
                        old_line: Some(s.line),
                        new_line: None,
                    },
                    old_norm: Some(norm.clone()),
                    new_norm: None,
                }
            })
            .collect();
        (
            SectionDiff {
                status: SectionStatus::Removed,
                old_heading: o.section.heading.clone(),
                new_heading: None,
                old_index: Some(j),
                new_index: None,
                old_line: Some(o.section.line),
                new_line: None,
                moved: false,
                noise_only: false,
                edits: Vec::new(),
            },
            edits,
        )
    };
    if let Some(js) = removed_after.get(&None) {
        pending.extend(js.iter().map(|&j| removed_section(j)));
    }
    for (i, n) in nn.iter().enumerate() {
        match matched[i] {
            Some(j) => {
                let o = &on[j];
                let edits = if o.keys() == n.keys() {
                    Vec::new()
                } else {
                    sentence_edits(o, n, deadline)
                };
                let heading_changed = o.heading != n.heading;
                let moved = moved_new.contains(&i);
                let status = if !edits.is_empty() || heading_changed {
                    SectionStatus::Modified
                } else if moved {
                    SectionStatus::Moved
                } else {
                    SectionStatus::Unchanged
                };
                let noise = if edits.is_empty() {
                    raw_differs(o.section, n.section)
                } else {
                    0
                };
                let noise_heading = !heading_changed && o.section.heading != n.section.heading;
                out.stats.sentences_noise += noise;
                if heading_changed {
                    out.stats.headings_changed += 1;
                }
                pending.push((
                    SectionDiff {
                        status,
                        old_heading: o.section.heading.clone(),
                        new_heading: n.section.heading.clone(),
                        old_index: Some(j),
                        new_index: Some(i),
                        old_line: Some(o.section.line),
                        new_line: Some(n.section.line),
                        moved,
                        noise_only: edits.is_empty()
                            && !heading_changed
                            && (noise > 0 || noise_heading),
                        edits: Vec::new(),
                    },
                    edits,
                ));
            }
            None => {
                let edits = n
                    .sentences
                    .iter()
                    .map(|(k, norm)| {
                        let s = &n.section.sentences[*k];
                        Pending {
                            edit: SentenceEdit {
                                op: EditOp::Insert,
                                old: None,
                                new: Some(s.text.clone()),
                                old_line: None,
                                new_line: Some(s.line),
                            },
                            old_norm: None,
                            new_norm: Some(norm.clone()),
                        }
                    })
                    .collect();
                pending.push((
                    SectionDiff {
                        status: SectionStatus::Added,
                        old_heading: None,
                        new_heading: n.section.heading.clone(),
                        old_index: None,
                        new_index: Some(i),
                        old_line: None,
                        new_line: Some(n.section.line),
                        moved: false,
                        noise_only: false,
                        edits: Vec::new(),
                    },
                    edits,
                ));
            }
        }
        if let Some(js) = removed_after.get(&Some(i)) {
            pending.extend(js.iter().map(|&j| removed_section(j)));
        }
    }
    if let Some(d) = deadline
        && Instant::now() > d
    {
        out.timed_out = true;
    }

    // Sentences deleted in one place and inserted unchanged in another moved.
    let mut deleted: BTreeMap<&str, usize> = BTreeMap::new();
    let mut inserted: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, edits) in &pending {
        for p in edits {
            match p.edit.op {
                EditOp::Delete => {
                    *deleted
                        .entry(p.old_norm.as_deref().unwrap_or(""))
                        .or_default() += 1;
                }
                EditOp::Insert => {
                    *inserted
                        .entry(p.new_norm.as_deref().unwrap_or(""))
                        .or_default() += 1;
                }
                _ => {}
            }
        }
    }
    let mut movable: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (k, &d) in &deleted {
        if let Some(&i) = inserted.get(k) {
            movable.insert((*k).to_owned(), (d.min(i), d.min(i)));
        }
    }
    for (sd, edits) in &mut pending {
        for p in edits.iter_mut() {
            match p.edit.op {
                EditOp::Delete => {
                    if let Some(budget) = p.old_norm.as_deref().and_then(|k| movable.get_mut(k))
                        && budget.0 > 0
                    {
                        budget.0 -= 1;
                        p.edit.op = EditOp::Moved;
                    }
                }
                EditOp::Insert => {
                    if let Some(budget) = p.new_norm.as_deref().and_then(|k| movable.get_mut(k))
                        && budget.1 > 0
                    {
                        budget.1 -= 1;
                        p.edit.op = EditOp::Moved;
                    }
                }
                _ => {}
            }
            let s = &mut out.stats;
            match p.edit.op {
                EditOp::Insert => s.sentences_added += 1,
                EditOp::Delete => s.sentences_removed += 1,
                EditOp::Replace => s.sentences_changed += 1,
                EditOp::Moved if p.edit.new.is_some() => s.sentences_moved += 1,
                EditOp::Moved => {}
            }
        }
        sd.edits = edits.drain(..).map(|p| p.edit).collect();
        let s = &mut out.stats;
        match sd.status {
            SectionStatus::Unchanged | SectionStatus::Moved => s.sections_unchanged += 1,
            SectionStatus::Modified => s.sections_modified += 1,
            SectionStatus::Added => s.sections_added += 1,
            SectionStatus::Removed => s.sections_removed += 1,
        }
        if sd.moved {
            s.sections_moved += 1;
        }
    }
    out.sections = pending.into_iter().map(|(sd, _)| sd).collect();
    out.noise_only = !identical && !out.has_edits();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_items_pair_replaces_then_delete_and_insert_the_rest() {
        use Aligned::{Delete, Equal, Insert, Replace};
        let ops = [
            DiffOp::Equal {
                old_index: 0,
                new_index: 0,
                len: 2,
            },
            DiffOp::Replace {
                old_index: 2,
                old_len: 3,
                new_index: 2,
                new_len: 1,
            },
            DiffOp::Insert {
                old_index: 5,
                new_index: 3,
                new_len: 1,
            },
            DiffOp::Replace {
                old_index: 5,
                old_len: 1,
                new_index: 4,
                new_len: 2,
            },
            DiffOp::Delete {
                old_index: 6,
                old_len: 2,
                new_index: 6,
            },
        ];
        let got: Vec<Aligned> = aligned_items(ops).collect();
        assert_eq!(
            got,
            [
                Equal(0, 0),
                Equal(1, 1),
                Replace(2, 2),
                Delete(3),
                Delete(4),
                Insert(3),
                Replace(5, 4),
                Insert(5),
                Delete(6),
                Delete(7),
            ]
        );
    }

    #[test]
    fn noise_is_normalised() {
        let a = normalize_sentence(
            "We keep logs for 30\u{a0}days \u{2014} then \u{201c}delete\u{201d} them.",
        );
        let b = normalize_sentence("We keep logs for 30 days - then \"delete\" them");
        assert_eq!(a, b);
        assert_eq!(
            normalize_sentence("Server logs: 12 months"),
            normalize_sentence("Server logs; 12 months.")
        );
        assert_eq!(
            normalize_sentence("We don\u{2019}t sell."),
            normalize_sentence("We don't sell")
        );
        assert_ne!(
            normalize_sentence("We do not sell."),
            normalize_sentence("We sell.")
        );
    }

    #[test]
    fn date_lines_are_noise() {
        for s in [
            "Last updated: January 8, 2024",
            "Last Updated: 8 January 2024.",
            "Effective date: 2024-01-08",
            "This Privacy Policy was last revised on March 3, 2021.",
            "Effective as of 01/08/2024",
            "Updated June 2022",
        ] {
            assert_eq!(normalize_sentence(s), None, "{s}");
        }
        for s in [
            "We updated our practices on January 8, 2024 to include location data.",
            "We keep your data until 2030.",
        ] {
            assert!(normalize_sentence(s).is_some(), "{s}");
        }
        assert_eq!(
            normalize_sentence("\u{a9} 2020 Example Ltd."),
            normalize_sentence("\u{a9} 2023 Example Ltd.")
        );
    }

    #[test]
    fn headings_lose_numbering() {
        assert_eq!(normalize_heading(Some("3. Sharing")), "sharing");
        assert_eq!(normalize_heading(Some("IV. Retention")), "retention");
        assert_eq!(
            normalize_heading(Some("WHAT WE COLLECT?")),
            "what we collect"
        );
        assert_eq!(normalize_heading(None), "");
    }

    #[test]
    fn lis_finds_in_order_run() {
        let keep = lis(&[0, 2, 1, 3]);
        assert_eq!(keep.len(), 3);
        assert!(keep.contains(&0) && keep.contains(&3));
    }
}
