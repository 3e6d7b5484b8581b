//! The structured model of a privacy policy.
//!
//! Every importer produces a [`Policy`]; the diff engine compares two of them.
//! Each practice is a list of statements, and every statement carries
//! [`Evidence`] of where in the source it was found. What a policy says it
//! does *not* do is first-class: every statement has a [`Polarity`].
//!
//! Lists are kept sorted and merged by their natural key (see
//! [`Policy::canonicalize`]) so that the same input always serialises to the
//! same bytes.

mod canonical;
mod taxonomy;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub(crate) use canonical::min_opt;
pub use taxonomy::{
    AccessScope, Actor, AudienceKind, ChoiceKind, ChoiceMechanism, CollectionSource, ContactKind,
    DataCategory, DisputeResolution, DntStance, DurationUnit, Law, NoticeMethod, Polarity, Purpose,
    RecipientKind, Remedy, Requirement, RetentionKind, Right, SecurityMeasure, TrackingLifetime,
    TrackingParty, TrackingTechnology, TransferMechanism,
};

/// Version of the `Policy` JSON format. Bumped on any incompatible change.
pub const SCHEMA_VERSION: &str = "1.0";

/// `$id` of the policy JSON Schema.
pub const POLICY_SCHEMA_ID: &str = "https://policydiff.dev/schemas/policy.v1.schema.json";

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// A privacy policy as structured, machine-readable data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Version of this format (`"1.0"`).
    pub schema_version: String,
    /// Title, controller, dates, language and source of the document.
    pub metadata: Metadata,
    /// The document's sections and sentences, in order (empty for P3P).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Personal data collected (or said not to be collected).
    #[serde(default)]
    pub collection: Vec<Collection>,
    /// Purposes of processing.
    #[serde(default)]
    pub purposes: Vec<PurposeStatement>,
    /// Disclosures to recipients, by kind and by name.
    #[serde(default)]
    pub sharing: Vec<Sharing>,
    /// Sale of personal data (or the promise not to sell).
    #[serde(default)]
    pub sale: Vec<Sale>,
    /// How long data is kept.
    #[serde(default)]
    pub retention: Vec<Retention>,
    /// Cookies and other tracking technologies.
    #[serde(default)]
    pub tracking: Vec<Tracking>,
    /// Stance on Do Not Track signals.
    #[serde(default)]
    pub do_not_track: Vec<DoNotTrack>,
    /// Opt-in and opt-out choices offered.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Rights the user can exercise.
    #[serde(default)]
    pub rights: Vec<RightStatement>,
    /// Security measures.
    #[serde(default)]
    pub security: Vec<Security>,
    /// Audiences addressed specially (children, Californians, Europeans...).
    #[serde(default)]
    pub audiences: Vec<Audience>,
    /// International transfers.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// How users are told about changes to the policy.
    #[serde(default)]
    pub change_policy: Vec<ChangeNotice>,
    /// Dispute resolution and remedies.
    #[serde(default)]
    pub disputes: Vec<Dispute>,
    /// How to contact the controller or its DPO.
    #[serde(default)]
    pub contacts: Vec<ContactPoint>,
    /// Laws and frameworks named.
    #[serde(default)]
    pub laws: Vec<LawReference>,
    /// Content kept but not understood: unknown vocabulary, extensions.
    #[serde(default)]
    pub unrecognized: Vec<Unrecognized>,
    /// Warnings and notes from the importer (repairs made, defects survived).
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

/// Apply macro `$m` to the name of every list of `Policy` whose items carry
/// evidence (the controller's is separate).
macro_rules! evidence_lists {
    ($m:ident) => {
        $m!(collection);
        $m!(purposes);
        $m!(sharing);
        $m!(sale);
        $m!(retention);
        $m!(tracking);
        $m!(do_not_track);
        $m!(choices);
        $m!(rights);
        $m!(security);
        $m!(audiences);
        $m!(transfers);
        $m!(change_policy);
        $m!(disputes);
        $m!(contacts);
        $m!(laws);
        $m!(unrecognized);
    };
}

impl Policy {
    /// An empty policy for a source.
    pub fn new(source: Source) -> Policy {
        Policy {
            schema_version: SCHEMA_VERSION.to_owned(),
            metadata: Metadata {
                source,
                ..Metadata::default()
            },
            ..Policy::default()
        }
    }

    /// Serialise to pretty JSON (deterministic: same policy, same bytes).
    pub fn to_json(&self) -> String {
        // Serialising plain data structs with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Serialise to compact JSON.
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read a policy back from JSON written by [`Policy::to_json`].
    pub fn from_json(json: &str) -> crate::Result<Policy> {
        serde_json::from_str(json).map_err(|e| {
            crate::Error::new(crate::ErrorKind::Json, e.to_string()).at(crate::Location {
                line: u32::try_from(e.line()).ok(),
                column: u32::try_from(e.column()).ok(),
                ..crate::Location::default()
            })
        })
    }

    /// Every evidence record in the policy, with the list it came from.
    pub fn evidence(&self) -> Vec<(&'static str, &Evidence)> {
        let mut out = Vec::new();
        self.for_each_evidence(|list, ev| out.push((list, ev)));
        out
    }

    /// Call `f` with the list name and every evidence record, in the order
    /// of [`Policy::evidence`] (without collecting them).
    pub(crate) fn for_each_evidence<'p>(&'p self, mut f: impl FnMut(&'static str, &'p Evidence)) {
        macro_rules! visit {
            ($field:ident) => {
                for item in &self.$field {
                    for ev in &item.evidence {
                        f(stringify!($field), ev);
                    }
                }
            };
        }
        evidence_lists!(visit);
        if let Some(c) = &self.metadata.controller {
            for ev in &c.evidence {
                f("controller", ev);
            }
        }
    }

    /// Call `f` on every evidence record, in the order of [`Policy::evidence`].
    pub(crate) fn for_each_evidence_mut(&mut self, mut f: impl FnMut(&mut Evidence)) {
        macro_rules! visit {
            ($field:ident) => {
                for item in &mut self.$field {
                    item.evidence.iter_mut().for_each(&mut f);
                }
            };
        }
        evidence_lists!(visit);
        if let Some(c) = &mut self.metadata.controller {
            c.evidence.iter_mut().for_each(&mut f);
        }
    }

    /// Sort and merge every list by its natural key so equal content gives
    /// equal JSON. Importers call this before returning.
    pub fn canonicalize(&mut self) {
        canonical::canonicalize(self);
    }
}

/// Title, controller, dates, language and source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Title of the document, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The organisation responsible (data controller, P3P ENTITY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<Controller>,
    /// Effective date as stated (ISO 8601 `YYYY-MM-DD` when it could be parsed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    /// "Last updated" / "last revised" date (ISO 8601 when parsed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// Language (BCP 47 tag), if declared or detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Links the document declares: P3P `discuri`, `opturi`, policy name, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// P3P `EXPIRY` (relative `max-age` seconds or absolute date), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
    /// P3P `TEST`: the policy is for testing only and must not be relied on.
    #[serde(default, skip_serializing_if = "is_false")]
    pub test: bool,
    /// Where the policy came from.
    pub source: Source,
}

/// A link declared by the document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What the link is (`discuri`, `opturi`, `policy_name`, `policy_ref`, ...).
    pub rel: String,
    /// The value as written.
    pub href: String,
}

/// The organisation responsible for the processing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    /// Name as written.
    pub name: String,
    /// Where the name was found.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// Input formats.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// W3C P3P policy XML (`POLICIES` or `POLICY`).
    P3p,
    /// W3C P3P policy reference file (`META`).
    P3pReference,
    /// W3C P3P compact policy (`CP="..."`).
    P3pCompact,
}

impl SourceFormat {
    /// The id used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::P3p => "p3p",
            SourceFormat::P3pReference => "p3p_reference",
            SourceFormat::P3pCompact => "p3p_compact",
        }
    }
}

/// What text byte spans refer to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpanBase {
    /// Byte offsets into the input as UTF-8 (the input itself when it was
    /// UTF-8; after decoding when it was UTF-16 or declared another charset).
    #[default]
    Input,
    /// Byte offsets into the visible text rendered from HTML
    /// (see `policydiff text`).
    RenderedText,
    /// The source is XML: evidence uses element paths, not spans.
    XmlPaths,
}

/// Where a policy came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The format the policy was imported from.
    pub format: SourceFormat,
    /// SHA-256 of the input bytes, lowercase hex.
    pub sha256: String,
    /// Length of the input in bytes.
    pub length: u64,
    /// The character encoding the input was read as (`utf-8`, `utf-16le`, ...).
    pub encoding: String,
    /// What text spans in evidence are offsets into.
    pub spans: SpanBase,
}

/// A byte range `[start, end)`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A new span.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// Where a statement came from in the source.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Evidence {
    /// A passage of text.
    Text {
        /// Byte range (see [`Source::spans`] for what it indexes).
        span: Span,
        /// 1-based line of the start of the span (in the text `span`
        /// indexes: for HTML input, the rendered text).
        line: u32,
        /// Headings of the enclosing sections, outermost first.
        #[serde(default)]
        section: Vec<String>,
        /// The source text at `span`, exactly.
        quote: String,
        /// For HTML input: the 1-based line of the HTML file where the
        /// passage's text starts, as the HTML5 tokenizer counts lines (`span`
        /// and `line` index the rendered text). Absent for other inputs,
        /// where `line` is already a line of the file.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_line: Option<u32>,
    },
    /// An XML element.
    Xml {
        /// Element path, e.g. `/POLICIES/POLICY[1]/STATEMENT[2]/PURPOSE/admin`.
        path: String,
        /// 1-based line of the element's start tag.
        line: u32,
        /// 1-based column of the element's start tag.
        column: u32,
    },
}

impl Evidence {
    /// The 1-based line where the evidence starts.
    pub fn line(&self) -> u32 {
        match self {
            Evidence::Text { line, .. } | Evidence::Xml { line, .. } => *line,
        }
    }

    /// The quoted text, for text evidence.
    pub fn quote(&self) -> Option<&str> {
        match self {
            Evidence::Text { quote, .. } => Some(quote),
            Evidence::Xml { .. } => None,
        }
    }
}

/// A section of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading text (normalised), or none for text before the first heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Heading level, 1 (top) to 6; 0 for the untitled preamble.
    pub level: u8,
    /// Headings of the enclosing sections and this one, outermost first.
    #[serde(default)]
    pub path: Vec<String>,
    /// Byte range from the heading to the end of the section's own text.
    pub span: Span,
    /// 1-based line of the heading (or of the first sentence).
    pub line: u32,
    /// The sentences of the section's body, in order.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
}

/// One sentence (or list item, or table cell row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sentence {
    /// Normalised text: whitespace collapsed, encoding damage repaired,
    /// Markdown markup removed.
    pub text: String,
    /// Byte range of the sentence in the source.
    pub span: Span,
    /// 1-based line of the start.
    pub line: u32,
}

/// A category of personal data collected (or said not to be).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// The data category.
    pub category: DataCategory,
    /// Whether the policy says it collects it, or says it does not.
    #[serde(default)]
    pub polarity: Polarity,
    /// Who collects it.
    #[serde(default = "first_party")]
    pub actor: Actor,
    /// How it is obtained.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<CollectionSource>,
    /// Whether providing it is required, optional, opt-in or opt-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Requirement>,
    /// Purposes stated for this data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// The words (or P3P data elements) that named it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// Conditions ("if you contact us", "when you place an order").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

fn first_party() -> Actor {
    Actor::FirstParty
}

/// A purpose of processing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PurposeStatement {
    /// The purpose.
    pub purpose: Purpose,
    /// Whether the policy says it processes for this purpose, or says it does not.
    #[serde(default)]
    pub polarity: Polarity,
    /// Data used for it, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// P3P `required`: always, opt-in or opt-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Requirement>,
    /// Free-text description (P3P `other-purpose` text, `CONSEQUENCE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A disclosure of data to a kind of recipient, or to a named recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sharing {
    /// The kind of recipient.
    pub recipient: RecipientKind,
    /// The recipient's name, for named recipients ("PayPal").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the policy says it shares, or says it does not.
    #[serde(default)]
    pub polarity: Polarity,
    /// Data shared, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// Purposes of the disclosure, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// P3P `required` on the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Requirement>,
    /// Free-text description (P3P `recipient-description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Conditions ("if required by law", "with your consent").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// Sale of personal data, or the promise not to sell it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sale {
    /// `does_not` for "we do not sell your personal information".
    #[serde(default)]
    pub polarity: Polarity,
    /// Data sold, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// To whom, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<RecipientKind>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A length of time.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// The number as stated.
    pub value: u32,
    /// The unit as stated.
    pub unit: DurationUnit,
    /// The same length in days (hours rounded up; months = 30, years = 365),
    /// for comparing.
    pub days: u32,
}

impl Duration {
    /// A duration of `value` `unit`s.
    pub fn new(value: u32, unit: DurationUnit) -> Duration {
        let days = match unit {
            DurationUnit::Hours => value.div_ceil(24),
            DurationUnit::Days => value,
            DurationUnit::Weeks => value.saturating_mul(7),
            DurationUnit::Months => value.saturating_mul(30),
            DurationUnit::Years => value.saturating_mul(365),
        };
        Duration { value, unit, days }
    }
}

/// How a stated retention period bounds the actual one.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// "for 60 days".
    Exactly,
    /// "no more than 60 days", "up to 60 days".
    AtMost,
    /// "at least 60 days", "a minimum of".
    AtLeast,
}

/// How long data is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// The kind of retention (P3P's five values and stated periods).
    pub kind: RetentionKind,
    /// The stated period, for [`RetentionKind::StatedPeriod`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// Whether the period is exact, a maximum or a minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// Data it applies to, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// Purposes it applies to, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A cookie or other tracking technology.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tracking {
    /// The technology.
    pub technology: TrackingTechnology,
    /// First or third party, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<TrackingParty>,
    /// Whether the policy says it uses it, or says it does not.
    #[serde(default)]
    pub polarity: Polarity,
    /// Session and/or persistent, when stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifetimes: Vec<TrackingLifetime>,
    /// Purposes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// Named providers ("Google Analytics").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<String>,
    /// What the tracker stores or is used for, in the policy's words
    /// ("logins", "language settings").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<String>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// The stance on Do Not Track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DoNotTrack {
    /// Honoured, not honoured, or mentioned.
    pub stance: DntStance,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A choice offered to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Opt-in, opt-out, or don't use.
    pub kind: ChoiceKind,
    /// How it is exercised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<ChoiceMechanism>,
    /// Purposes it covers ("marketing emails" → marketing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// Data it covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// Recipients it covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<RecipientKind>,
    /// Tracking technologies it covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technologies: Vec<TrackingTechnology>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A right the user can exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RightStatement {
    /// The right.
    pub right: Right,
    /// `does_not` when the policy says the right is not offered.
    #[serde(default)]
    pub polarity: Polarity,
    /// P3P `ACCESS`: which data the user can access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<AccessScope>,
    /// How it is exercised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<ChoiceMechanism>,
    /// Audiences it is limited to (e.g. California residents), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<AudienceKind>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A security measure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// The measure.
    pub measure: SecurityMeasure,
    /// `does_not` for measures the policy says it does not take.
    #[serde(default)]
    pub polarity: Polarity,
    /// The words that named it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// An audience the policy addresses specially.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// The audience.
    pub audience: AudienceKind,
    /// Age threshold for children and teens ("under 13" → 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// For children and teens: `does` if their data is collected,
    /// `does_not` for "we do not knowingly collect data from children".
    /// For regions: `does` (the policy addresses them).
    #[serde(default)]
    pub polarity: Polarity,
    /// Collection requires parental consent.
    #[serde(default, skip_serializing_if = "is_false")]
    pub parental_consent: bool,
    /// For children and teens with `does`: the data the statement says is
    /// collected from them or about them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// An international transfer of data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Destination country or region as named ("United States"), or none
    /// for "other countries".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// `does_not` for "we do not transfer your data outside the EEA".
    #[serde(default)]
    pub polarity: Polarity,
    /// Safeguards named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<TransferMechanism>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A promise about how changes to the policy are made known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeNotice {
    /// How users are told.
    pub method: NoticeMethod,
    /// The user's choice over changes: `opt_in` when consent is asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<ChoiceKind>,
    /// Days of advance notice, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance_days: Option<u32>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A way disputes are resolved (P3P `DISPUTES`, or an ombudsman in the text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    /// Type of resolution.
    pub resolution: DisputeResolution,
    /// Who provides it (URL or name), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Short description as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Long description as written (P3P `LONG-DESCRIPTION`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// URI where the service's assurance can be verified (P3P `verification`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<String>,
    /// Remedies offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remedies: Vec<Remedy>,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A contact point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPoint {
    /// Kind of contact.
    pub kind: ContactKind,
    /// The address, number or URL as written.
    pub value: String,
    /// Where it was stated.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A law named by the policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawReference {
    /// The law.
    pub law: Law,
    /// The name as written (first occurrence).
    pub name: String,
    /// Where it was named.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// Content kept verbatim because it was not understood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unrecognized {
    /// What it is: `p3p_extension`, `p3p_element`, `p3p_value`, `cp_token`, ...
    pub kind: String,
    /// The name or token.
    pub name: String,
    /// Its content, as written (serialised XML for extensions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Whether the source marked it optional (P3P `EXTENSION optional`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
    /// Where it was found.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// Severity of a diagnostic.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational (a repair made).
    Info,
    /// A defect in the input that was survived.
    Warning,
}

/// A note from the importer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// A stable code (`mojibake_repaired`, `p3p_missing_attribute`, ...).
    pub code: String,
    /// One line for humans.
    pub message: String,
    /// 1-based line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Element path, for XML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}
