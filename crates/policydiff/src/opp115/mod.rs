//! Projection onto the OPP-115 annotation scheme (Wilson et al., ACL 2016),
//! for comparison with published work.
//!
//! * [`labels`] projects a whole [`Policy`] to policy-level
//!   `(category, attribute, value)` triples with OPP-115's exact names,
//!   separating what the policy says it does from what it says it does not.
//! * [`classify_segment`] assigns one policy segment (a paragraph) the
//!   categories of the 12-label scheme used by Polisis and PrivacyGLUE
//!   (the nine practice categories plus the three kinds of `Other`).
//!
//! ```
//! let p = policydiff::import_text("We collect your email address. We do not sell your personal information.").unwrap();
//! let l = policydiff::opp115::labels(&p);
//! assert!(l.labels.iter().any(|x| x.category == "First Party Collection/Use" && x.value == "Contact"));
//! assert!(l.does_not.iter().any(|x| x.category == "Third Party Sharing/Collection"));
//!
//! let cats = policydiff::opp115::classify_segment("We use cookies to remember your preferences.");
//! assert!(cats.contains(&"First Party Collection/Use"));
//! ```

mod classify;

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use classify::{CATEGORIES, classify_segment};

use crate::model::{
    Actor, ChoiceKind, ChoiceMechanism, DataCategory, Polarity, Policy, RecipientKind,
    TrackingParty, TrackingTechnology,
};

/// Category names of OPP-115 (the nine practice categories and `Other`'s
/// three types, as used by the 12-label scheme).
pub mod category {
    /// First Party Collection/Use.
    pub const FIRST_PARTY: &str = "First Party Collection/Use";
    /// Third Party Sharing/Collection.
    pub const THIRD_PARTY: &str = "Third Party Sharing/Collection";
    /// User Choice/Control.
    pub const CHOICE: &str = "User Choice/Control";
    /// User Access, Edit and Deletion.
    pub const ACCESS: &str = "User Access, Edit and Deletion";
    /// Data Retention.
    pub const RETENTION: &str = "Data Retention";
    /// Data Security.
    pub const SECURITY: &str = "Data Security";
    /// Policy Change.
    pub const CHANGE: &str = "Policy Change";
    /// Do Not Track.
    pub const DNT: &str = "Do Not Track";
    /// International and Specific Audiences.
    pub const AUDIENCES: &str = "International and Specific Audiences";
    /// Other: Introductory/Generic.
    pub const INTRODUCTORY: &str = "Introductory/Generic";
    /// Other: Practice not covered.
    pub const NOT_COVERED: &str = "Practice not covered";
    /// Other: Privacy contact information.
    pub const CONTACT: &str = "Privacy contact information";
}

/// One OPP-115 label.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Label {
    /// Category ("First Party Collection/Use").
    pub category: String,
    /// Attribute ("Personal Information Type").
    pub attribute: String,
    /// Value ("Contact").
    pub value: String,
}

/// A policy's OPP-115 labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Labels {
    /// Categories present (12-label scheme), sorted.
    pub categories: Vec<String>,
    /// Practices the policy says it does, sorted and unique.
    pub labels: Vec<Label>,
    /// Practices the policy says it does not do, sorted and unique.
    pub does_not: Vec<Label>,
}

/// The OPP-115 value of a model value, spelled as the category spells it
/// (OPP-115 writes "Service Operation and Security" under First Party
/// Collection/Use and "Service operation and security" elsewhere).
fn value_in(category: &str, vocabulary: &str, id: &str) -> Option<String> {
    let v = crate::vocab::lookup(vocabulary, id)?.opp115.clone();
    Some(match (category, v.as_str()) {
        (category::FIRST_PARTY | category::CHOICE, "Service operation and security") => {
            "Service Operation and Security".to_owned()
        }
        (category::THIRD_PARTY, "User profile") => "User Profile".to_owned(),
        _ => v,
    })
}

struct Builder {
    does: BTreeSet<Label>,
    does_not: BTreeSet<Label>,
}

impl Builder {
    fn add(&mut self, polarity: Polarity, category: &str, attribute: &str, value: Option<String>) {
        let Some(value) = value else { return };
        let l = Label {
            category: category.to_owned(),
            attribute: attribute.to_owned(),
            value,
        };
        if polarity.is_does() {
            self.does.insert(l);
        } else {
            self.does_not.insert(l);
        }
    }
}

fn data_value(category: &str, d: DataCategory) -> Option<String> {
    value_in(category, "DataCategory", d.as_str())
}

/// Project a policy onto OPP-115 labels.
pub fn labels(policy: &Policy) -> Labels {
    use category::{
        ACCESS, AUDIENCES, CHANGE, CHOICE, CONTACT, DNT, FIRST_PARTY, INTRODUCTORY, NOT_COVERED,
        RETENTION, SECURITY, THIRD_PARTY,
    };
    let mut b = Builder {
        does: BTreeSet::new(),
        does_not: BTreeSet::new(),
    };
    const PIT: &str = "Personal Information Type";
    for c in &policy.collection {
        let cat = if c.actor == Actor::ThirdParty {
            THIRD_PARTY
        } else {
            FIRST_PARTY
        };
        b.add(c.polarity, cat, PIT, data_value(cat, c.category));
        for p in &c.purposes {
            b.add(
                c.polarity,
                cat,
                "Purpose",
                value_in(cat, "Purpose", p.as_str()),
            );
        }
    }
    for p in &policy.purposes {
        b.add(
            p.polarity,
            FIRST_PARTY,
            "Purpose",
            value_in(FIRST_PARTY, "Purpose", p.purpose.as_str()),
        );
    }
    for t in &policy.tracking {
        let cat = if t.party == Some(TrackingParty::ThirdParty) {
            THIRD_PARTY
        } else {
            FIRST_PARTY
        };
        b.add(
            t.polarity,
            cat,
            PIT,
            value_in(cat, "TrackingTechnology", t.technology.as_str()),
        );
        if t.technology == TrackingTechnology::Cookie || t.polarity.is_does() {
            for p in &t.purposes {
                b.add(
                    t.polarity,
                    cat,
                    "Purpose",
                    value_in(cat, "Purpose", p.as_str()),
                );
            }
        }
    }
    for s in &policy.sharing {
        let entity = if s.name.is_some() {
            Some("Named third party".to_owned())
        } else {
            value_in(THIRD_PARTY, "RecipientKind", s.recipient.as_str())
        };
        b.add(s.polarity, THIRD_PARTY, "Third Party Entity", entity);
        for d in &s.data {
            b.add(s.polarity, THIRD_PARTY, PIT, data_value(THIRD_PARTY, *d));
        }
        for p in &s.purposes {
            b.add(
                s.polarity,
                THIRD_PARTY,
                "Purpose",
                value_in(THIRD_PARTY, "Purpose", p.as_str()),
            );
        }
    }
    for s in &policy.sale {
        for d in &s.data {
            b.add(s.polarity, THIRD_PARTY, PIT, data_value(THIRD_PARTY, *d));
        }
        for r in &s.recipients {
            b.add(
                s.polarity,
                THIRD_PARTY,
                "Third Party Entity",
                value_in(THIRD_PARTY, "RecipientKind", r.as_str()),
            );
        }
    }
    for c in &policy.choices {
        let mut any = false;
        for m in &c.mechanisms {
            // Contacting the company is only a choice mechanism for opt-outs.
            if *m == ChoiceMechanism::ContactCompany && c.kind != ChoiceKind::OptOut {
                continue;
            }
            any = true;
            b.add(
                Polarity::Does,
                CHOICE,
                "Choice Type",
                value_in(CHOICE, "ChoiceMechanism", m.as_str()),
            );
        }
        if c.kind != ChoiceKind::OptOut || !any {
            let v = match c.kind {
                ChoiceKind::OptIn => "Opt-in",
                ChoiceKind::DontUse => "Dont use service/feature",
                ChoiceKind::OptOut => "Other",
            };
            b.add(Polarity::Does, CHOICE, "Choice Type", Some(v.to_owned()));
        }
    }
    for r in &policy.rights {
        b.add(
            r.polarity,
            ACCESS,
            "Access Type",
            value_in(ACCESS, "Right", r.right.as_str()),
        );
    }
    for r in &policy.retention {
        b.add(
            Polarity::Does,
            RETENTION,
            "Retention Period",
            value_in(RETENTION, "RetentionKind", r.kind.as_str()),
        );
    }
    for s in &policy.security {
        b.add(
            s.polarity,
            SECURITY,
            "Security Measure",
            value_in(SECURITY, "SecurityMeasure", s.measure.as_str()),
        );
    }
    for a in &policy.audiences {
        // Children are an audience whether or not their data is collected.
        b.add(
            Polarity::Does,
            AUDIENCES,
            "Audience Type",
            value_in(AUDIENCES, "AudienceKind", a.audience.as_str()),
        );
    }
    for l in &policy.laws {
        if let Some(v) = value_in(AUDIENCES, "Law", l.law.as_str())
            && v != "Other"
        {
            b.add(Polarity::Does, AUDIENCES, "Audience Type", Some(v));
        }
    }
    for c in &policy.change_policy {
        b.add(
            Polarity::Does,
            CHANGE,
            "Notification Type",
            value_in(CHANGE, "NoticeMethod", c.method.as_str()),
        );
        if let Some(choice) = c.choice {
            let v = match choice {
                ChoiceKind::OptIn => "Opt-in",
                ChoiceKind::OptOut => "Opt-out",
                ChoiceKind::DontUse => "None",
            };
            b.add(Polarity::Does, CHANGE, "User Choice", Some(v.to_owned()));
        }
    }
    for d in &policy.do_not_track {
        b.add(
            Polarity::Does,
            DNT,
            "Do Not Track policy",
            value_in(DNT, "DntStance", d.stance.as_str()),
        );
    }
    let mut categories: BTreeSet<String> = b.does.iter().map(|l| l.category.clone()).collect();
    if policy
        .contacts
        .iter()
        .any(|c| c.evidence.iter().any(|e| e.quote().is_some()))
        || !policy.contacts.is_empty()
    {
        categories.insert(CONTACT.to_owned());
    }
    // Segment-level categories that the practice lists do not carry.
    let mut intro = false;
    let mut not_covered = false;
    for s in &policy.sections {
        for sentence in &s.sentences {
            let cats = classify_segment(&sentence.text);
            intro |= cats.contains(&INTRODUCTORY);
            not_covered |= cats.contains(&NOT_COVERED);
        }
    }
    if intro {
        categories.insert(INTRODUCTORY.to_owned());
    }
    if not_covered {
        categories.insert(NOT_COVERED.to_owned());
    }
    let _ = RecipientKind::ThirdParty;
    Labels {
        categories: CATEGORIES
            .iter()
            .filter(|c| categories.contains(**c))
            .map(|c| (*c).to_owned())
            .collect(),
        labels: b.does.into_iter().collect(),
        does_not: b.does_not.into_iter().collect(),
    }
}
