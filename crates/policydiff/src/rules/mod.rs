//! Materiality rules: which action a semantic change calls for, and why.
//!
//! The rule table is data: `rules/default.toml` in this crate, a file a
//! lawyer can review on its own, with the legal citation of every decision.
//! The semantic diff emits *events* (`data.added`, `retention.longer`, ...,
//! see [`EVENTS`]); each is decided by the first rule whose conditions match
//! it. A [`Profile`] picks the legal regime whose actions apply; the
//! `default` profile is the strictest union of all of them, for CI.
//!
//! ```
//! use policydiff::rules::{Profile, RuleSet};
//! let gdpr = RuleSet::builtin(Profile::Gdpr);
//! assert_eq!(gdpr.profile(), Profile::Gdpr);
//! assert!(gdpr.rules().iter().any(|r| r.id == "data-new-category"));
//!
//! // A user's rule file is tried before the built-in rules.
//! let custom = RuleSet::from_toml(r#"
//!     [[rule]]
//!     id = "ours-new-named-recipient"
//!     event = "sharing.new_named_recipient"
//!     subject = ["Acme*"]
//!     action = "consent"
//!     materiality = "material"
//!     summary = "Data now goes to {subject}"
//!     citation = "Internal policy 4.2"
//! "#).unwrap();
//! assert_eq!(custom.rules()[0].id, "ours-new-named-recipient");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::diff::{Action, ChangeKind, Dimension, Direction, Materiality};
use crate::error::{Error, ErrorKind, Location, Result};

/// The built-in rule table, as shipped.
pub const BUILTIN_RULES_TOML: &str = include_str!("../../rules/default.toml");

/// A legal regime whose actions a rule set applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// The strictest union of all profiles (for CI).
    #[default]
    Default,
    /// EU GDPR and the EDPB/WP29 transparency guidelines.
    Gdpr,
    /// US FTC Act § 5 practice (material retroactive changes).
    Ftc,
    /// California CCPA/CPRA and its regulations.
    Ccpa,
    /// US COPPA (services directed to children).
    Coppa,
}

impl Profile {
    /// Every profile.
    pub const ALL: &'static [Profile] = &[
        Profile::Default,
        Profile::Gdpr,
        Profile::Ftc,
        Profile::Ccpa,
        Profile::Coppa,
    ];

    /// The profile's name, as on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Default => "default",
            Profile::Gdpr => "gdpr",
            Profile::Ftc => "ftc",
            Profile::Ccpa => "ccpa",
            Profile::Coppa => "coppa",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Profile> {
        Profile::ALL
            .iter()
            .copied()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Config,
                    format!("unknown profile `{s}` (expected default, gdpr, ftc, ccpa or coppa)"),
                )
            })
    }
}

/// An event the semantic diff can emit, and its dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventInfo {
    /// The event id rules match on.
    pub id: &'static str,
    /// The dimension of every change with this event.
    pub dimension: Dimension,
    /// What the event means.
    pub description: &'static str,
}

macro_rules! events {
    ($( $id:literal => $dim:ident, $desc:literal; )+) => {
        /// Every event the semantic diff emits.
        pub const EVENTS: &[EventInfo] = &[
            $( EventInfo { id: $id, dimension: Dimension::$dim, description: $desc }, )+
        ];
    };
}

events! {
    "data.added" => Data, "a data category collected that no earlier category covers (tag `sensitive` for special categories)";
    "data.more_specific" => Data, "a category named that refines one already disclosed (tag `broader`: one that a disclosed category refines)";
    "data.removed" => Data, "a category no longer collected";
    "data.promise_removed" => Data, "a promise not to collect a category dropped or reversed";
    "data.promise_added" => Data, "a new promise not to collect a category";
    "purpose.added" => Purpose, "a new purpose (tag `high_risk`: profiling, automated decisions, AI training, targeted advertising, sale)";
    "purpose.removed" => Purpose, "a purpose no longer pursued";
    "purpose.promise_removed" => Purpose, "a promise not to use data for a purpose dropped or reversed";
    "purpose.promise_added" => Purpose, "a new promise not to use data for a purpose";
    "sharing.new_recipient_kind" => Sharing, "disclosure to a kind of recipient not disclosed before";
    "sharing.new_named_recipient" => Sharing, "a named recipient of a kind already disclosed";
    "sharing.recipient_removed" => Sharing, "a recipient no longer receives data";
    "sharing.promise_removed" => Sharing, "a promise not to share with a kind of recipient dropped or reversed";
    "sharing.promise_added" => Sharing, "a new promise not to share";
    "sharing.new_advertising_use" => Sharing, "data given to a recipient is now used for advertising or sold";
    "sharing.sale_started" => Sharing, "personal information is now sold (or shared for cross-context advertising)";
    "sharing.sale_promise_removed" => Sharing, "a promise not to sell dropped";
    "sharing.sale_stopped" => Sharing, "personal information is no longer sold";
    "retention.longer" => Retention, "data kept longer";
    "retention.shorter" => Retention, "data kept for less time";
    "retention.limit_removed" => Retention, "a bounded retention period no longer stated";
    "retention.stated" => Retention, "a retention period stated for data that had none";
    "retention.basis_changed" => Retention, "retention described on another basis of the same length";
    "cookies.added" => Cookies, "a new cookie or browser-storage technology (tag `third_party`)";
    "cookies.new_purpose" => Cookies, "cookies used for a new purpose (tag `advertising`)";
    "cookies.promise_removed" => Cookies, "a promise not to use (a kind of) cookies dropped or reversed";
    "cookies.removed" => Cookies, "a cookie technology no longer used";
    "tracking.third_party_added" => Tracking, "third parties now track users (any technology)";
    "tracking.technology_added" => Tracking, "a new first-party tracking technology (tag `invasive`: fingerprinting, session replay)";
    "tracking.new_provider" => Tracking, "a named tracking provider of a kind already disclosed";
    "tracking.promise_removed" => Tracking, "a promise not to allow tracking dropped or reversed";
    "tracking.promise_added" => Tracking, "a new promise not to allow tracking";
    "tracking.dnt_no_longer_honored" => Tracking, "Do Not Track signals no longer honoured";
    "tracking.dnt_changed" => Tracking, "another change of Do Not Track stance";
    "tracking.removed" => Tracking, "a tracking technology or party no longer used";
    "rights.removed" => Rights, "a right no longer offered (or now denied)";
    "rights.weakened" => Rights, "a right limited to fewer people or with fewer ways to exercise it";
    "rights.added" => Rights, "a new right offered";
    "rights.changed" => Rights, "the ways to exercise a right changed";
    "choices.removed" => Choices, "an opt-out or opt-in no longer offered";
    "choices.weakened" => Choices, "an opt-in became an opt-out";
    "choices.added" => Choices, "a new choice offered";
    "choices.rescoped" => Choices, "a choice's sentence reworded so that it covers other things";
    "choices.strengthened" => Choices, "an opt-out became an opt-in";
    "security.added" => Security, "a new security measure";
    "security.removed" => Security, "a security measure no longer described";
    "children.collection_started" => Children, "data now collected from children or teens";
    "children.new_data" => Children, "data collected from children that was not collected from them before";
    "children.age_lowered" => Children, "the minimum age lowered";
    "children.promise_removed" => Children, "a promise not to collect from children dropped";
    "children.parental_consent_removed" => Children, "parental consent no longer required";
    "children.restricted" => Children, "children's protections strengthened";
    "transfer.new_destination" => Transfer, "data transferred to a new country or region";
    "transfer.promise_removed" => Transfer, "a promise not to transfer abroad dropped or reversed";
    "transfer.safeguard_changed" => Transfer, "transfer safeguards changed";
    "transfer.removed" => Transfer, "a transfer no longer described";
    "controller.changed" => Controller, "a different organisation is responsible";
    "controller.stated" => Controller, "the controller newly named or no longer named";
    "change_policy.consent_removed" => ChangePolicy, "the promise to ask consent for changes dropped";
    "change_policy.notice_removed" => ChangePolicy, "a promise to notify users of changes dropped";
    "change_policy.notice_shortened" => ChangePolicy, "less advance notice of changes";
    "change_policy.strengthened" => ChangePolicy, "a stronger promise about changes";
    "other.contact_changed" => Other, "contact points changed";
    "other.disputes_changed" => Other, "dispute resolution changed";
    "other.laws_changed" => Other, "laws named changed";
    "other.audience_changed" => Other, "a regional audience added or removed";
    "other.text_edited" => Other, "text edits the semantic diff found no practice in";
}

/// The event's description, if `id` is a known event.
pub fn event_info(id: &str) -> Option<&'static EventInfo> {
    EVENTS.iter().find(|e| e.id == id)
}

/// What a rule says under one profile, when it differs from the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileOverride {
    /// Action under this profile.
    #[serde(default)]
    pub action: Option<Action>,
    /// Materiality under this profile.
    #[serde(default)]
    pub materiality: Option<Materiality>,
    /// Citation under this profile.
    #[serde(default)]
    pub citation: Option<String>,
}

/// One row of the rule table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier, reported with every change it decides.
    pub id: String,
    /// The event it decides (`*` for any).
    pub event: String,
    /// Only these subjects (`x*` is a prefix match); empty for any.
    #[serde(default)]
    pub subject: Vec<String>,
    /// Only events carrying all these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Only events of this dimension.
    #[serde(default)]
    pub dimension: Option<Dimension>,
    /// Only events of this kind.
    #[serde(default)]
    pub kind: Option<ChangeKind>,
    /// Only events in this direction.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Action in the `default` profile.
    pub action: Action,
    /// Materiality in the `default` profile.
    pub materiality: Materiality,
    /// One-line summary template (`{subject}`, `{old}`, `{new}`).
    pub summary: String,
    /// The legal basis of the decision.
    pub citation: String,
    /// Per-profile differences.
    #[serde(default)]
    pub profile: BTreeMap<String, ProfileOverride>,
}

impl Rule {
    /// Action, materiality and citation under `profile`.
    pub fn resolve(&self, profile: Profile) -> (Action, Materiality, &str) {
        match self.profile.get(profile.as_str()) {
            Some(o) if profile != Profile::Default => (
                o.action.unwrap_or(self.action),
                o.materiality.unwrap_or(self.materiality),
                o.citation.as_deref().unwrap_or(&self.citation),
            ),
            _ => (self.action, self.materiality, &self.citation),
        }
    }

    fn matches(&self, ev: &EventRef<'_>) -> bool {
        (self.event == "*" || self.event == ev.event)
            && self.dimension.is_none_or(|d| d == ev.dimension)
            && self.kind.is_none_or(|k| k == ev.kind)
            && self.direction.is_none_or(|d| d == ev.direction)
            && self.tags.iter().all(|t| ev.tags.iter().any(|e| e == t))
            && (self.subject.is_empty()
                || self.subject.iter().any(|pat| match pat.strip_suffix('*') {
                    Some(prefix) => ev.subject.starts_with(prefix),
                    None => pat == ev.subject,
                }))
    }
}

/// What a rule file looks like.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    /// The profile this file's rules are evaluated under.
    #[serde(default)]
    profile: Option<String>,
    /// `false` to use only this file's rules, without the built-in table.
    #[serde(default = "yes")]
    extends_builtin: bool,
    #[serde(default)]
    rule: Vec<Rule>,
}

fn yes() -> bool {
    true
}

/// The parts of an event a rule looks at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EventRef<'a> {
    pub event: &'a str,
    pub dimension: Dimension,
    pub kind: ChangeKind,
    pub direction: Direction,
    pub subject: &'a str,
    pub tags: &'a [&'static str],
}

/// What the rules decided for one event.
#[derive(Clone, Debug)]
pub(crate) struct Decision<'r> {
    pub rule: &'r Rule,
    pub action: Action,
    pub materiality: Materiality,
    pub citation: &'r str,
}

/// An ordered list of rules evaluated under one profile.
#[derive(Clone, Debug)]
pub struct RuleSet {
    name: String,
    version: String,
    profile: Profile,
    rules: Vec<Rule>,
    custom: bool,
}

static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| {
    // The built-in table is part of the crate and checked by tests; a
    // failure here is a packaging bug, not bad input.
    let file = parse_file(BUILTIN_RULES_TOML, "built-in rules").expect("built-in rules are valid");
    RuleSet {
        name: file.name.unwrap_or_else(|| "builtin".into()),
        version: file.version.unwrap_or_else(|| "1".into()),
        profile: Profile::Default,
        rules: file.rule,
        custom: false,
    }
});

fn parse_file(text: &str, what: &str) -> Result<RuleFile> {
    let file: RuleFile = toml::from_str(text).map_err(|e| {
        let mut err = Error::new(ErrorKind::Config, format!("{what}: {}", e.message().trim()));
        if let Some(span) = e.span() {
            err = err.at(Location::at_offset(text.as_bytes(), span.start));
        }
        err
    })?;
    validate(&file.rule, what)?;
    Ok(file)
}

fn validate(rules: &[Rule], what: &str) -> Result<()> {
    let config = |msg: String| Err(Error::new(ErrorKind::Config, format!("{what}: {msg}")));
    let mut ids = BTreeSet::new();
    for r in rules {
        if r.id.trim().is_empty() {
            return config("a rule has an empty `id`".into());
        }
        if !ids.insert(r.id.as_str()) {
            return config(format!("rule id `{}` is used twice", r.id));
        }
        if r.event != "*" {
            let Some(info) = event_info(&r.event) else {
                return config(format!(
                    "rule `{}`: unknown event `{}` (see policydiff::rules::EVENTS)",
                    r.id, r.event
                ));
            };
            if let Some(d) = r.dimension
                && d != info.dimension
            {
                return config(format!(
                    "rule `{}`: event `{}` is in dimension `{}`, not `{d}`",
                    r.id, r.event, info.dimension
                ));
            }
        }
        for name in r.profile.keys() {
            let p: Profile = name.parse().map_err(|e: Error| {
                Error::new(
                    ErrorKind::Config,
                    format!("{what}: rule `{}`: {}", r.id, e.message()),
                )
            })?;
            if p == Profile::Default {
                return config(format!(
                    "rule `{}`: the default profile is the rule's own `action`; remove [rule.profile.default]",
                    r.id
                ));
            }
            let (action, _, _) = r.resolve(p);
            if action > r.action {
                return config(format!(
                    "rule `{}`: profile `{p}` action `{action}` is stricter than the default `{}` (the default profile must be the strictest)",
                    r.id, r.action
                ));
            }
        }
        let mut rest = r.summary.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return config(format!("rule `{}`: unclosed `{{` in summary", r.id));
            };
            let name = &after[..close];
            if !matches!(name, "subject" | "old" | "new") {
                return config(format!(
                    "rule `{}`: unknown placeholder `{{{name}}}` in summary (use subject, old, new)",
                    r.id
                ));
            }
            rest = &after[close + 1..];
        }
    }
    Ok(())
}

impl RuleSet {
    /// The built-in rule table under `profile`.
    pub fn builtin(profile: Profile) -> RuleSet {
        let mut set = BUILTIN.clone();
        set.profile = profile;
        set
    }

    /// A user rule file (TOML, the format of `rules/default.toml`). Its rules
    /// are tried before the built-in ones, a rule with a built-in rule's id
    /// replaces it, and `extends_builtin = false` drops the built-in table.
    /// The file may name its `profile`; otherwise `default` applies.
    pub fn from_toml(text: &str) -> Result<RuleSet> {
        let file = parse_file(text, "rule file")?;
        let profile = match &file.profile {
            Some(p) => p.parse()?,
            None => Profile::Default,
        };
        let mut rules = file.rule;
        if file.extends_builtin {
            let own: BTreeSet<String> = rules.iter().map(|r| r.id.clone()).collect();
            rules.extend(
                BUILTIN
                    .rules
                    .iter()
                    .filter(|r| !own.contains(&r.id))
                    .cloned(),
            );
        }
        Ok(RuleSet {
            name: file.name.unwrap_or_else(|| "custom".into()),
            version: file.version.unwrap_or_else(|| "1".into()),
            profile,
            rules,
            custom: true,
        })
    }

    /// Read a user rule file from disk (see [`RuleSet::from_toml`]).
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<RuleSet> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
        RuleSet::from_toml(&text).map_err(|e| {
            let msg = format!("{}: {}", path.display(), e.message());
            match e.location() {
                Some(loc) => Error::new(e.kind(), msg).at(loc.clone()),
                None => Error::new(e.kind(), msg),
            }
        })
    }

    /// The same rules under another profile.
    #[must_use]
    pub fn with_profile(mut self, profile: Profile) -> RuleSet {
        self.profile = profile;
        self
    }

    /// The profile the rules are evaluated under.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The rule set's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The rule table's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether a user file is part of this set.
    pub fn is_custom(&self) -> bool {
        self.custom
    }

    /// The rules, in the order they are tried.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The first rule that matches `ev`, with its profile's decision. Events
    /// no rule matches (possible only with `extends_builtin = false`) get a
    /// fail-safe decision: `consent` if they expand processing, else `notice`.
    pub(crate) fn decide(&self, ev: &EventRef<'_>) -> Option<Decision<'_>> {
        let rule = self.rules.iter().find(|r| r.matches(ev))?;
        let (action, materiality, citation) = rule.resolve(self.profile);
        Some(Decision {
            rule,
            action,
            materiality,
            citation,
        })
    }
}

/// Fill a summary template.
pub(crate) fn render_summary(template: &str, subject: &str, old: &str, new: &str) -> String {
    template
        .replace("{subject}", subject)
        .replace("{old}", old)
        .replace("{new}", new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_every_profile_parses() {
        for p in Profile::ALL {
            let set = RuleSet::builtin(*p);
            assert_eq!(set.profile(), *p);
            assert!(set.rules().len() > 40);
            assert_eq!(p.as_str().parse::<Profile>().unwrap(), *p);
        }
        assert!("GDPR".parse::<Profile>().is_ok());
        let err = "hipaa".parse::<Profile>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
    }

    #[test]
    fn default_profile_is_strictest_union() {
        for r in RuleSet::builtin(Profile::Default).rules() {
            for p in Profile::ALL {
                assert!(r.resolve(*p).0 <= r.action, "{} under {p}", r.id);
            }
        }
    }

    #[test]
    fn every_event_has_a_rule_and_every_dimension_is_covered() {
        let set = RuleSet::builtin(Profile::Default);
        for e in EVENTS {
            assert!(
                set.rules()
                    .iter()
                    .any(|r| r.event == e.id && r.subject.is_empty() && r.tags.is_empty()),
                "event {} has no unconditional rule",
                e.id
            );
        }
        for d in Dimension::ALL {
            assert!(
                set.rules().iter().any(|r| r.dimension == Some(*d)),
                "dimension {d} has no rule"
            );
        }
        for r in set.rules() {
            assert!(!r.citation.trim().is_empty(), "{} has no citation", r.id);
        }
    }

    #[test]
    fn user_rules_override_and_errors_have_locations() {
        let set = RuleSet::from_toml(
            "profile = \"ftc\"\n[[rule]]\nid = \"data-new-category\"\nevent = \"data.added\"\naction = \"none\"\nmateriality = \"minor\"\nsummary = \"x {subject}\"\ncitation = \"c\"\n",
        )
        .unwrap();
        assert_eq!(set.profile(), Profile::Ftc);
        assert_eq!(
            set.rules()
                .iter()
                .filter(|r| r.id == "data-new-category")
                .count(),
            1
        );
        assert_eq!(set.rules()[0].action, Action::None);

        let err = RuleSet::from_toml(
            "[[rule]]\nid = \"x\"\nevent = \"data.added\"\naction = \"maybe\"\n",
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert_eq!(err.line(), Some(4), "{err}");

        let err = RuleSet::from_toml(
            "[[rule]]\nid = \"x\"\nevent = \"data.addd\"\naction = \"none\"\nmateriality = \"minor\"\nsummary = \"s\"\ncitation = \"c\"\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown event `data.addd`"),
            "{err}"
        );

        let err = RuleSet::from_toml(
            "[[rule]]\nid = \"x\"\nevent = \"data.added\"\naction = \"notice\"\nmateriality = \"minor\"\nsummary = \"s {nope}\"\ncitation = \"c\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("placeholder"), "{err}");

        let err = RuleSet::from_toml(
            "[[rule]]\nid = \"x\"\nevent = \"data.added\"\naction = \"notice\"\nmateriality = \"minor\"\nsummary = \"s\"\ncitation = \"c\"\n[rule.profile.gdpr]\naction = \"consent\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("stricter"), "{err}");
    }
}
