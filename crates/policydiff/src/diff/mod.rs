//! Comparing two policies: semantic diff, text diff, materiality verdict.
//!
//! ```
//! let old = policydiff::import_text("# Privacy\n\nLast updated: 1 May 2023.\n\nWe collect your email address.").unwrap();
//! let new = policydiff::import_text("# Privacy\n\nLast updated: 2 June 2024.\n\nWe  collect your email address.").unwrap();
//! let report = policydiff::diff(&old, &new);
//! assert_eq!(report.action, policydiff::Action::None);
//! assert!(!report.reconsent_required);
//! assert!(report.changes.is_empty());
//! ```

mod semantic;
pub(crate) mod text;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration as StdDuration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Evidence, Policy, SourceFormat};
use crate::rules::{self, EventRef, Profile, RuleSet};

pub use text::{EditOp, SectionDiff, SectionStatus, SentenceEdit, TextDiff, TextStats};

/// Version of the diff report JSON format.
pub const REPORT_SCHEMA_VERSION: &str = "1.0";

/// `$id` of the diff report JSON Schema.
pub const DIFF_REPORT_SCHEMA_ID: &str = "https://policydiff.dev/schemas/diff-report.v1.schema.json";

macro_rules! str_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[doc = $doc:literal])* $variant:ident = $id:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $( $(#[doc = $doc])* #[serde(rename = $id)] $variant, )+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];
            /// The id used in JSON and rule files.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $id, )+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                match s.trim() {
                    $( $id => Ok($name::$variant), )+
                    _ => Err(Error::new(
                        ErrorKind::Config,
                        format!("unknown {} `{s}`", stringify!($name).to_lowercase()),
                    )),
                }
            }
        }
    };
}

str_enum! {
    /// What to do about a change. Ordered: `none` < `notice` < `consent`.
    pub enum Action {
        /// Nothing: the change is editorial.
        None = "none",
        /// Tell users (notice of the change).
        Notice = "notice",
        /// Ask users for fresh consent.
        Consent = "consent",
    }
}

str_enum! {
    /// How much a change matters. Ordered: `editorial` < `minor` < `material`.
    pub enum Materiality {
        /// Wording, layout, dates.
        Editorial = "editorial",
        /// A change of detail within what was already disclosed.
        Minor = "minor",
        /// A change of substance.
        Material = "material",
    }
}

str_enum! {
    /// The area of the policy a change is in.
    pub enum Dimension {
        /// Data categories collected.
        Data = "data",
        /// Purposes of processing.
        Purpose = "purpose",
        /// Recipients and sale.
        Sharing = "sharing",
        /// How long data is kept.
        Retention = "retention",
        /// Cookies and browser storage.
        Cookies = "cookies",
        /// Tracking by third parties and other technologies; Do Not Track.
        Tracking = "tracking",
        /// User rights.
        Rights = "rights",
        /// Opt-in and opt-out choices.
        Choices = "choices",
        /// Security measures.
        Security = "security",
        /// Children and teens.
        Children = "children",
        /// International transfers.
        Transfer = "transfer",
        /// The organisation responsible.
        Controller = "controller",
        /// How changes to the policy are made known.
        ChangePolicy = "change_policy",
        /// Anything else (contacts, laws named, text edits).
        Other = "other",
    }
}

str_enum! {
    /// Whether something was added, removed or changed.
    pub enum ChangeKind {
        /// Present only in the new version.
        Added = "added",
        /// Present only in the old version.
        Removed = "removed",
        /// Present in both, different.
        Changed = "changed",
    }
}

str_enum! {
    /// Which way a change moves the processing, from the user's side.
    pub enum Direction {
        /// More data, uses, recipients, time; fewer rights or promises.
        Expands = "expands",
        /// Less processing or more protection.
        Restricts = "restricts",
        /// Neither (a change of description, of controller, of contact).
        Neutral = "neutral",
    }
}

/// Where a change is seen in the two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEvidence {
    /// Statements of the old version.
    #[serde(default)]
    pub old: Vec<Evidence>,
    /// Statements of the new version.
    #[serde(default)]
    pub new: Vec<Evidence>,
}

/// One substantive change between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The area of the policy.
    pub dimension: Dimension,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Whether processing expands, is restricted, or neither.
    pub direction: Direction,
    /// How much it matters.
    pub materiality: Materiality,
    /// What to do about it.
    pub action: Action,
    /// One line for people.
    pub summary: String,
    /// The semantic-diff event (`data.added`, `retention.longer`, ...).
    pub event: String,
    /// What changed: a data category, purpose, recipient, right, ...
    pub subject: String,
    /// The old value, where a value changed ("60 days").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new value, where a value changed ("2 years").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The id of the rule that decided the action.
    pub rule: String,
    /// The rule's legal citation under the report's profile.
    pub citation: String,
    /// The statements in the two versions.
    pub evidence: ChangeEvidence,
}

/// What is known about one of the two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// A label for the version (a file name, a date), when the caller set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The format it was imported from.
    pub format: SourceFormat,
    /// SHA-256 of the input bytes.
    pub sha256: String,
    /// The document title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The controller named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// Stated effective date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    /// Stated last-updated date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
}

impl SourceInfo {
    fn of(p: &Policy) -> SourceInfo {
        SourceInfo {
            label: None,
            format: p.metadata.source.format,
            sha256: p.metadata.source.sha256.clone(),
            title: p.metadata.title.clone(),
            controller: p.metadata.controller.as_ref().map(|c| c.name.clone()),
            effective_date: p.metadata.effective_date.clone(),
            last_updated: p.metadata.last_updated.clone(),
        }
    }
}

/// Counts over the changes of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Number of changes.
    pub changes: usize,
    /// Changes by action (`none`, `notice`, `consent`).
    pub by_action: BTreeMap<String, usize>,
    /// Changes by materiality.
    pub by_materiality: BTreeMap<String, usize>,
    /// Changes by dimension.
    pub by_dimension: BTreeMap<String, usize>,
}

/// The rules a report was decided with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesInfo {
    /// Rule set name.
    pub name: String,
    /// Rule table version.
    pub version: String,
    /// Whether a user rule file was used.
    pub custom: bool,
}

/// The result of comparing two versions of a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffReport {
    /// Version of this format (`"1.0"`).
    pub schema_version: String,
    /// The verdict: the highest action of all changes.
    pub action: Action,
    /// `true` when `action` is `consent`.
    pub reconsent_required: bool,
    /// The profile the rules were applied under.
    pub profile: String,
    /// The rule set used.
    pub rules: RulesInfo,
    /// Counts.
    pub summary: Summary,
    /// The old version.
    pub old: SourceInfo,
    /// The new version.
    pub new: SourceInfo,
    /// Substantive changes, highest action first.
    pub changes: Vec<Change>,
    /// The section-aligned text diff (absent when not requested).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_diff: Option<TextDiff>,
}

impl DiffReport {
    /// Pretty, deterministic JSON.
    pub fn to_json(&self) -> String {
        crate::report::render_json(self)
    }

    /// Read a report back from JSON.
    pub fn from_json(json: &str) -> Result<DiffReport> {
        serde_json::from_str(json).map_err(|e| {
            Error::new(ErrorKind::Json, e.to_string()).at(crate::Location {
                line: u32::try_from(e.line()).ok(),
                column: u32::try_from(e.column()).ok(),
                ..crate::Location::default()
            })
        })
    }
}

/// Options for [`diff_with`].
///
/// ```
/// use policydiff::{DiffOptions, rules::Profile};
/// let opts = DiffOptions::new()
///     .profile(Profile::Gdpr)
///     .text_diff(true)
///     .deadline(std::time::Duration::from_millis(500));
/// # let _ = opts;
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DiffOptions {
    /// The rules, with their profile.
    pub rules: RuleSet,
    /// Include the text diff in the report.
    pub text_diff: bool,
    /// Time budget for the sentence diff of the whole document; past it the
    /// diff falls back to a coarser (still correct) alignment and the report
    /// says `timed_out`.
    pub deadline: Option<StdDuration>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            rules: RuleSet::builtin(Profile::Default),
            text_diff: true,
            deadline: Some(StdDuration::from_secs(2)),
        }
    }
}

impl DiffOptions {
    /// Built-in rules, `default` profile, text diff included, 2 s deadline.
    pub fn new() -> DiffOptions {
        DiffOptions::default()
    }

    /// Use the built-in rules under `profile` (replaces a custom rule set).
    #[must_use]
    pub fn profile(mut self, profile: Profile) -> Self {
        self.rules = RuleSet::builtin(profile);
        self
    }

    /// Use these rules.
    #[must_use]
    pub fn rules(mut self, rules: RuleSet) -> Self {
        self.rules = rules;
        self
    }

    /// Include (or leave out) the text diff.
    #[must_use]
    pub fn text_diff(mut self, yes: bool) -> Self {
        self.text_diff = yes;
        self
    }

    /// Time budget for the text diff (`None`: no limit).
    #[must_use]
    pub fn deadline(mut self, d: impl Into<Option<StdDuration>>) -> Self {
        self.deadline = d.into();
        self
    }
}

/// Compare two policies with the default options.
pub fn diff(old: &Policy, new: &Policy) -> DiffReport {
    build_report(old, new, &DiffOptions::default())
}

/// Compare two policies.
///
/// Errors only for inputs that cannot be compared: policies written by an
/// incompatible version of the format.
pub fn diff_with(old: &Policy, new: &Policy, opts: &DiffOptions) -> Result<DiffReport> {
    check_schema_versions(old, new)?;
    Ok(build_report(old, new, opts))
}

/// Refuse policies written by an incompatible version of the format.
fn check_schema_versions(old: &Policy, new: &Policy) -> Result<()> {
    for (which, p) in [("old", old), ("new", new)] {
        let major = p.schema_version.split('.').next().unwrap_or("");
        if major != "1" {
            return Err(Error::new(
                ErrorKind::Format,
                format!(
                    "the {which} policy has schema_version `{}`; this version of policydiff reads 1.x",
                    p.schema_version
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn build_report(old: &Policy, new: &Policy, opts: &DiffOptions) -> DiffReport {
    let (od, nd) = (text::norm_data(old), text::norm_data(new));
    let (on, nn) = (text::norm_views(old, &od), text::norm_views(new, &nd));
    build_prepared(old, &on, new, &nn, opts)
}

/// A policy with the noise-free form of its text computed once: what every
/// diff against it starts with (the text diff and the filter that tells an
/// extraction difference from a change in the policy both read it).
///
/// [`diff_with`] computes it for both sides of every pair. A program that
/// compares each version of a policy with the one before it (a stream of
/// versions, as `policydiff history` does) prepares each version once and
/// calls [`diff_prepared`], which gives the same report.
///
/// ```
/// use policydiff::{DiffOptions, PreparedPolicy, diff_prepared, import_text};
///
/// let versions = [
///     "We collect your email address.",
///     "We collect your email address. We do not sell your data.",
///     "We collect your email address and your phone number.",
/// ];
/// let opts = DiffOptions::new();
/// let mut previous: Option<PreparedPolicy> = None;
/// let mut actions = Vec::new();
/// for text in versions {
///     let current = PreparedPolicy::new(import_text(text).unwrap());
///     if let Some(previous) = &previous {
///         let report = diff_prepared(previous, &current, &opts).unwrap();
///         // The same report as comparing the two policies directly.
///         let direct = policydiff::diff_with(previous.policy(), current.policy(), &opts).unwrap();
///         assert_eq!(report.to_json(), direct.to_json());
///         actions.push(report.action.as_str());
///     }
///     previous = Some(current);
/// }
/// assert_eq!(actions.len(), 2);
/// assert_eq!(actions[1], "consent"); // a new data category, a promise lost
/// ```
#[derive(Clone, Debug)]
pub struct PreparedPolicy {
    policy: Policy,
    norms: Vec<text::NormData>,
}

impl PreparedPolicy {
    /// Prepare a policy for comparison.
    pub fn new(policy: Policy) -> PreparedPolicy {
        let norms = text::norm_data(&policy);
        PreparedPolicy { policy, norms }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The policy back, without what was prepared.
    pub fn into_policy(self) -> Policy {
        self.policy
    }

    /// SHA-256 of the noise-free text: equal for two versions that differ
    /// only by noise (the same value as [`crate::history::text_fingerprint`]).
    pub fn text_fingerprint(&self) -> String {
        text::fingerprint_of(&text::norm_views(&self.policy, &self.norms))
    }
}

impl From<Policy> for PreparedPolicy {
    fn from(policy: Policy) -> PreparedPolicy {
        PreparedPolicy::new(policy)
    }
}

/// Compare two prepared policies: the report [`diff_with`] gives for
/// `old.policy()` and `new.policy()`, without computing the noise-free text
/// again (see [`PreparedPolicy`]).
pub fn diff_prepared(
    old: &PreparedPolicy,
    new: &PreparedPolicy,
    opts: &DiffOptions,
) -> Result<DiffReport> {
    check_schema_versions(&old.policy, &new.policy)?;
    let on = text::norm_views(&old.policy, &old.norms);
    let nn = text::norm_views(&new.policy, &new.norms);
    Ok(build_prepared(&old.policy, &on, &new.policy, &nn, opts))
}

/// The report, given the noise-free sections of both versions.
pub(crate) fn build_prepared(
    old: &Policy,
    on: &[text::Norm<'_>],
    new: &Policy,
    nn: &[text::Norm<'_>],
    opts: &DiffOptions,
) -> DiffReport {
    let text = text::diff_text_prepared(old, on, new, nn, opts.deadline);
    let mut events = semantic::compare(old, new);
    // A statement found only in one version, but quoting a sentence that
    // both versions contain word for word (noise aside), reflects a
    // difference in extraction, not in the policy: drop it.
    let (old_text, new_text) = (text::Anchors::of(on), text::Anchors::of(nn));
    events.retain(|e| match e.kind {
        ChangeKind::Added if e.evidence.old.is_empty() => {
            !new_text.all_in(&e.evidence.new, &old_text)
        }
        ChangeKind::Removed if e.evidence.new.is_empty() => {
            !old_text.all_in(&e.evidence.old, &new_text)
        }
        _ => true,
    });
    if text.has_edits() {
        events.push(semantic::text_edit_event(&text));
    }
    let mut changes: Vec<Change> = events.into_iter().map(|e| decide(&opts.rules, e)).collect();
    changes.sort_by(|a, b| {
        b.action
            .cmp(&a.action)
            .then(a.dimension.cmp(&b.dimension))
            .then_with(|| a.event.cmp(&b.event))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    let action = changes
        .iter()
        .map(|c| c.action)
        .max()
        .unwrap_or(Action::None);
    let mut summary = Summary {
        changes: changes.len(),
        ..Summary::default()
    };
    for a in Action::ALL {
        summary.by_action.insert(a.as_str().into(), 0);
    }
    for c in &changes {
        *summary
            .by_action
            .entry(c.action.as_str().into())
            .or_default() += 1;
        *summary
            .by_materiality
            .entry(c.materiality.as_str().into())
            .or_default() += 1;
        *summary
            .by_dimension
            .entry(c.dimension.as_str().into())
            .or_default() += 1;
    }
    DiffReport {
        schema_version: REPORT_SCHEMA_VERSION.into(),
        action,
        reconsent_required: action == Action::Consent,
        profile: opts.rules.profile().as_str().into(),
        rules: RulesInfo {
            name: opts.rules.name().into(),
            version: opts.rules.version().into(),
            custom: opts.rules.is_custom(),
        },
        summary,
        old: SourceInfo::of(old),
        new: SourceInfo::of(new),
        changes,
        text_diff: opts.text_diff.then_some(text),
    }
}

#[allow(clippy::single_match_else)]
fn decide(rules: &RuleSet, e: semantic::Event) -> Change {
    let ev = EventRef {
        event: e.event,
        dimension: e.dimension,
        kind: e.kind,
        direction: e.direction,
        subject: &e.subject,
        tags: &e.tags,
    };
    let old = e.old.as_deref().unwrap_or("");
    let new = e.new.as_deref().unwrap_or("");
    let (rule, action, materiality, citation, summary) = match rules.decide(&ev) {
        Some(d) => (
            d.rule.id.clone(),
            d.action,
            d.materiality,
            d.citation.to_owned(),
            rules::render_summary(&d.rule.summary, &e.subject, old, new),
        ),
        None => {
            // Fail safe: a rule file without a rule for this event.
            let action = if e.direction == Direction::Expands {
                Action::Consent
            } else {
                Action::Notice
            };
            (
                "unmatched".to_owned(),
                action,
                Materiality::Material,
                "no rule matched this event; decided fail-safe".to_owned(),
                format!("{} ({})", e.event, e.subject),
            )
        }
    };
    Change {
        dimension: e.dimension,
        kind: e.kind,
        direction: e.direction,
        materiality,
        action,
        summary,
        event: e.event.to_owned(),
        subject: e.subject,
        old: e.old,
        new: e.new,
        rule,
        citation,
        evidence: e.evidence,
    }
}

/// The threshold of `policydiff check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailOn {
    /// Fail when re-consent is required (the default).
    #[default]
    Consent,
    /// Fail when at least notice is required.
    Notice,
    /// Fail on any change at all, editorial ones and text edits included.
    Any,
}

impl FromStr for FailOn {
    type Err = Error;
    fn from_str(s: &str) -> Result<FailOn> {
        match s.trim().to_ascii_lowercase().as_str() {
            "consent" => Ok(FailOn::Consent),
            "notice" => Ok(FailOn::Notice),
            "any" => Ok(FailOn::Any),
            other => Err(Error::new(
                ErrorKind::Config,
                format!("unknown --fail-on value `{other}` (expected consent, notice or any)"),
            )),
        }
    }
}

/// The outcome of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOutcome {
    /// Whether the change is at or above the threshold.
    pub failed: bool,
    /// One line saying why (for CI logs).
    pub reason: String,
}

/// Decide a CI check: fail when the report reaches the threshold.
///
/// ```
/// let p = policydiff::import_text("We collect your email address.").unwrap();
/// let report = policydiff::diff(&p, &p);
/// let out = policydiff::check(&report, policydiff::FailOn::Consent);
/// assert!(!out.failed);
/// assert_eq!(out.reason, "no change");
/// ```
pub fn check(report: &DiffReport, fail_on: FailOn) -> CheckOutcome {
    let failed = match fail_on {
        FailOn::Consent => report.action >= Action::Consent,
        FailOn::Notice => report.action >= Action::Notice,
        FailOn::Any => !report.changes.is_empty(),
    };
    let reason = if report.changes.is_empty() {
        "no change".to_owned()
    } else {
        let top: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.action == report.action)
            .collect();
        let first = top.first().map_or("", |c| c.summary.as_str());
        let more = if top.len() > 1 {
            format!(" (+{} more)", top.len() - 1)
        } else {
            String::new()
        };
        format!(
            "{}: {}{} [{}]",
            match report.action {
                Action::Consent => "re-consent required",
                Action::Notice => "notice required",
                Action::None => "editorial changes only",
            },
            first,
            more,
            top.first().map_or("", |c| c.rule.as_str())
        )
    };
    CheckOutcome { failed, reason }
}
