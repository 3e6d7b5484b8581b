//! What each value of the model's closed vocabularies means in OPP-115,
//! W3C DPV 2.3 and P3P.
//!
//! The table is data (`vocab/taxonomy.toml`, compiled into the crate) so that
//! researchers and reviewers can read and correct it without reading Rust.
//!
//! ```
//! use policydiff::vocab;
//! let e = vocab::lookup("DataCategory", "contact.email").unwrap();
//! assert_eq!(e.opp115, "Contact");
//! assert_eq!(e.dpv, "pd:EmailAddress");
//! assert_eq!(e.p3p.as_deref(), Some("online"));
//! ```

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

const TABLE: &str = include_str!("../vocab/taxonomy.toml");

/// One vocabulary: its attribute in OPP-115 and element in P3P, and its values.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// The OPP-115 attribute the values map to.
    pub opp115_attribute: String,
    /// The P3P element or attribute whose tokens the values map to.
    #[serde(default)]
    pub p3p_element: Option<String>,
    /// The values, by id.
    pub values: BTreeMap<String, Entry>,
}

/// The mappings of one value.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The OPP-115 value.
    pub opp115: String,
    /// The W3C DPV 2.3 concept (`prefix:Term`).
    pub dpv: String,
    /// The P3P token, where one exists.
    #[serde(default)]
    pub p3p: Option<String>,
}

static VOCABULARIES: LazyLock<BTreeMap<String, Vocabulary>> = LazyLock::new(|| {
    // The table is compiled in and checked by the tests below; a parse
    // failure here is a build defect, not an input error.
    toml::from_str(TABLE).expect("vocab/taxonomy.toml is valid")
});

/// Every vocabulary, by name (the Rust enum's name, e.g. `DataCategory`).
pub fn vocabularies() -> &'static BTreeMap<String, Vocabulary> {
    &VOCABULARIES
}

/// The mappings of one value, e.g. `lookup("Purpose", "marketing")`.
pub fn lookup(vocabulary: &str, id: &str) -> Option<&'static Entry> {
    VOCABULARIES.get(vocabulary)?.values.get(id)
}

/// The value of `vocabulary` whose P3P token is `token`, if any.
pub fn from_p3p(vocabulary: &str, token: &str) -> Option<&'static str> {
    VOCABULARIES
        .get(vocabulary)?
        .values
        .iter()
        .find(|(_, e)| e.p3p.as_deref() == Some(token))
        .map(|(id, _)| id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn ids<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
        all.iter().map(ToString::to_string).collect()
    }

    fn all_enums() -> Vec<(&'static str, Vec<String>)> {
        vec![
            (DataCategory::VOCABULARY, ids(DataCategory::ALL)),
            (Purpose::VOCABULARY, ids(Purpose::ALL)),
            (RecipientKind::VOCABULARY, ids(RecipientKind::ALL)),
            (CollectionSource::VOCABULARY, ids(CollectionSource::ALL)),
            (Actor::VOCABULARY, ids(Actor::ALL)),
            (Requirement::VOCABULARY, ids(Requirement::ALL)),
            (RetentionKind::VOCABULARY, ids(RetentionKind::ALL)),
            (TrackingTechnology::VOCABULARY, ids(TrackingTechnology::ALL)),
            (TrackingLifetime::VOCABULARY, ids(TrackingLifetime::ALL)),
            (TrackingParty::VOCABULARY, ids(TrackingParty::ALL)),
            (DntStance::VOCABULARY, ids(DntStance::ALL)),
            (ChoiceKind::VOCABULARY, ids(ChoiceKind::ALL)),
            (ChoiceMechanism::VOCABULARY, ids(ChoiceMechanism::ALL)),
            (Right::VOCABULARY, ids(Right::ALL)),
            (SecurityMeasure::VOCABULARY, ids(SecurityMeasure::ALL)),
            (AudienceKind::VOCABULARY, ids(AudienceKind::ALL)),
            (TransferMechanism::VOCABULARY, ids(TransferMechanism::ALL)),
            (NoticeMethod::VOCABULARY, ids(NoticeMethod::ALL)),
            (ContactKind::VOCABULARY, ids(ContactKind::ALL)),
            (Law::VOCABULARY, ids(Law::ALL)),
            (Polarity::VOCABULARY, ids(Polarity::ALL)),
            (AccessScope::VOCABULARY, ids(AccessScope::ALL)),
            (DisputeResolution::VOCABULARY, ids(DisputeResolution::ALL)),
            (Remedy::VOCABULARY, ids(Remedy::ALL)),
            (DurationUnit::VOCABULARY, ids(DurationUnit::ALL)),
        ]
    }

    #[test]
    fn every_value_is_mapped_and_every_mapping_names_a_value() {
        let table = vocabularies();
        let enums = all_enums();
        assert_eq!(
            table.len(),
            enums.len(),
            "vocabularies in taxonomy.toml: {:?}",
            table.keys().collect::<Vec<_>>()
        );
        for (name, values) in enums {
            let vocab = table
                .get(name)
                .unwrap_or_else(|| panic!("{name} missing from taxonomy.toml"));
            for v in &values {
                let e = vocab
                    .values
                    .get(v)
                    .unwrap_or_else(|| panic!("{name}.{v} has no entry in taxonomy.toml"));
                assert!(!e.opp115.is_empty(), "{name}.{v}: empty opp115");
                assert!(
                    e.dpv
                        .split_once(':')
                        .is_some_and(|(p, t)| !p.is_empty() && !t.is_empty()),
                    "{name}.{v}: dpv `{}` is not prefix:Term",
                    e.dpv
                );
            }
            for k in vocab.values.keys() {
                assert!(
                    values.contains(k),
                    "{name}: `{k}` in taxonomy.toml is not a value"
                );
            }
        }
    }

    /// The OPP-115 values used are spelled as in the OPP-115 annotation scheme.
    #[test]
    fn opp115_values_are_real() {
        let known: &[(&str, &[&str])] = &[
            (
                "Personal Information Type",
                &[
                    "Computer information",
                    "Contact",
                    "Cookies and tracking elements",
                    "Demographic",
                    "Financial",
                    "Generic personal information",
                    "Health",
                    "IP address and device IDs",
                    "Location",
                    "Personal identifier",
                    "Social media data",
                    "Survey data",
                    "User online activities",
                    "User profile",
                    "Other",
                ],
            ),
            (
                "Purpose",
                &[
                    "Additional service/feature",
                    "Advertising",
                    "Analytics/Research",
                    "Basic service/feature",
                    "Legal requirement",
                    "Marketing",
                    "Merger/Acquisition",
                    "Personalization/Customization",
                    "Service operation and security",
                    "Other",
                ],
            ),
            (
                "Third Party Entity",
                &[
                    "Named third party",
                    "Other part of company/affiliate",
                    "Other users",
                    "Public",
                    "Unnamed third party",
                    "Other",
                ],
            ),
            (
                "Security Measure",
                &[
                    "Data access limitation",
                    "Generic",
                    "Privacy review/audit",
                    "Privacy training",
                    "Privacy/Security program",
                    "Secure data storage",
                    "Secure data transfer",
                    "Secure user authentication",
                    "Other",
                ],
            ),
            (
                "Audience Type",
                &[
                    "Children",
                    "Californians",
                    "Citizens from other countries",
                    "Europeans",
                    "Other",
                ],
            ),
            (
                "Retention Period",
                &[
                    "Indefinitely",
                    "Limited",
                    "Stated Period",
                    "Unspecified",
                    "Other",
                ],
            ),
        ];
        for vocab in vocabularies().values() {
            if let Some((_, allowed)) = known.iter().find(|(a, _)| *a == vocab.opp115_attribute) {
                for (id, e) in &vocab.values {
                    assert!(
                        allowed.contains(&e.opp115.as_str()),
                        "{id}: `{}` is not an OPP-115 value of {}",
                        e.opp115,
                        vocab.opp115_attribute
                    );
                }
            }
        }
    }

    #[test]
    fn p3p_tokens_cover_the_specification() {
        let purposes = [
            "current",
            "admin",
            "develop",
            "tailoring",
            "pseudo-analysis",
            "pseudo-decision",
            "individual-analysis",
            "individual-decision",
            "contact",
            "historical",
            "telemarketing",
            "other-purpose",
        ];
        for p in purposes {
            assert!(from_p3p("Purpose", p).is_some(), "P3P purpose {p} unmapped");
        }
        for r in ["same", "delivery", "other-recipient", "unrelated", "public"] {
            assert!(
                from_p3p("RecipientKind", r).is_some(),
                "P3P recipient {r} unmapped"
            );
        }
        for r in [
            "no-retention",
            "stated-purpose",
            "legal-requirement",
            "business-practices",
            "indefinitely",
        ] {
            assert!(
                from_p3p("RetentionKind", r).is_some(),
                "P3P retention {r} unmapped"
            );
        }
        let categories = [
            "physical",
            "online",
            "uniqueid",
            "purchase",
            "financial",
            "computer",
            "navigation",
            "interactive",
            "demographic",
            "content",
            "state",
            "political",
            "health",
            "preference",
            "location",
            "government",
            "other-category",
        ];
        for c in categories {
            assert!(
                from_p3p("DataCategory", c).is_some(),
                "P3P category {c} unmapped"
            );
        }
    }
}
