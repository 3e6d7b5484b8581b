//! The project's own P3P files (`corpus/p3p/`): snapshots of the imported
//! model, full vocabulary coverage, the reference file and the version pair.

#![allow(clippy::format_push_string)]

use std::path::{Path, PathBuf};

use policydiff::model::{Purpose, RecipientKind, Requirement, RetentionKind};
use policydiff::{Format, ImportOptions};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/p3p")
}

fn p3p() -> ImportOptions {
    ImportOptions::new().format(Format::P3p)
}

#[test]
fn snapshots_of_imported_policies() {
    insta::glob!("../../../corpus/p3p", "**/*.xml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let policy = policydiff::import_bytes(&bytes, &p3p()).unwrap();
        insta::assert_snapshot!(policy.to_json());
    });
}

#[test]
fn snapshot_of_compact_policies() {
    let text = std::fs::read_to_string(dir().join("compact-policies.txt")).unwrap();
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let p = policydiff::import_compact_policy(line).unwrap();
        let again = policydiff::p3p::to_compact_policy(&p);
        let p2 = policydiff::import_compact_policy(&again).unwrap();
        assert_eq!(policydiff::p3p::to_compact_policy(&p2), again);
        let diags: Vec<String> = p.diagnostics.iter().map(|d| d.code.clone()).collect();
        out.push_str(&format!(
            "{line}\n  -> {again}\n  purposes {}, sharing {}, retention {}, collection {}, diagnostics {diags:?}\n",
            p.purposes.len(),
            p.sharing.len(),
            p.retention.len(),
            p.collection.len()
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn snapshot_of_validation() {
    let mut out = String::new();
    for name in ["full-vocabulary.xml", "reference.xml"] {
        let bytes = std::fs::read(dir().join(name)).unwrap();
        out.push_str(&format!("== {name}\n"));
        for v in policydiff::p3p::validate(&bytes, &p3p()).unwrap() {
            out.push_str(&format!("{v}\n"));
        }
    }
    insta::assert_snapshot!(out);
}

/// Every value of the P3P vocabulary appears in the project's files, and the
/// importer maps it (counted on the XML text, not through the importer).
#[test]
fn fixtures_cover_the_whole_vocabulary() {
    let xml = std::fs::read_to_string(dir().join("full-vocabulary.xml")).unwrap();
    let groups: [(&str, &[&str]); 7] = [
        (
            "PURPOSE",
            &[
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
            ],
        ),
        (
            "RECIPIENT",
            &[
                "ours",
                "delivery",
                "same",
                "other-recipient",
                "unrelated",
                "public",
            ],
        ),
        (
            "RETENTION",
            &[
                "no-retention",
                "stated-purpose",
                "legal-requirement",
                "business-practices",
                "indefinitely",
            ],
        ),
        (
            "CATEGORIES",
            &[
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
            ],
        ),
        (
            "ACCESS",
            &[
                "nonident",
                "all",
                "contact-and-other",
                "ident-contact",
                "other-ident",
                "none",
            ],
        ),
        (
            "DISPUTES",
            &[
                "resolution-type=\"service\"",
                "resolution-type=\"independent\"",
                "resolution-type=\"court\"",
                "resolution-type=\"law\"",
            ],
        ),
        ("REMEDIES", &["correct", "money", "law"]),
    ];
    for (group, values) in groups {
        for v in values {
            let needle = if v.contains('=') {
                (*v).to_owned()
            } else {
                format!("<{v}")
            };
            assert!(
                xml.contains(&needle),
                "{group} value {v} missing from full-vocabulary.xml"
            );
        }
    }
    for req in [
        "required=\"opt-in\"",
        "required=\"opt-out\"",
        "<NON-IDENTIFIABLE/>",
        "<TEST/>",
        "optional=\"no\"",
        "optional=\"yes\"",
        "<EXPIRY",
        "<DATASCHEMA>",
    ] {
        assert!(xml.contains(req), "{req}");
    }
    let p = policydiff::import_bytes(xml.as_bytes(), &p3p()).unwrap();
    assert_eq!(p.purposes.len(), 12);
    assert_eq!(p.sharing.len(), 5, "every recipient but `ours`");
    assert_eq!(p.retention.len(), 5);
    assert_eq!(p.rights.len(), 6);
    assert_eq!(p.disputes.len(), 4);
    assert!(p.metadata.test);
    // All 17 categories reached the model through variable-category data.
    let cats: std::collections::BTreeSet<_> = p
        .collection
        .iter()
        .filter(|c| {
            c.terms
                .iter()
                .any(|t| t == "#dynamic.miscdata" || t == "#dynamic.cookies")
        })
        .map(|c| c.category)
        .collect();
    assert_eq!(cats.len(), 17, "{cats:?}");
    let mandatory = p
        .unrecognized
        .iter()
        .find(|u| u.name == "PRIVACY-CONTACT")
        .unwrap();
    assert_eq!(mandatory.optional, Some(false));
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.code == "p3p_mandatory_extension")
    );
}

#[test]
fn reference_file_answers_which_policy_applies() {
    let bytes = std::fs::read(dir().join("reference.xml")).unwrap();
    let r = policydiff::p3p::read_reference(&bytes, &p3p()).unwrap();
    assert_eq!(r.expiry.as_deref(), Some("max-age=172800"));
    assert_eq!(r.references.len(), 2);
    let about = |u: &str, m: &str| r.policy_for(u, m).map(|x| x.about.as_str());
    assert_eq!(
        about("https://larkspur.example.com/checkout/pay", "POST"),
        Some("#checkout")
    );
    assert_eq!(
        about("https://larkspur.example.com/checkout/pay", "PUT"),
        Some("/w3c/policies.xml#shop")
    );
    assert_eq!(
        about("/checkout/help/faq", "GET"),
        Some("/w3c/policies.xml#shop")
    );
    assert_eq!(about("/cart", "GET"), Some("#checkout"));
    assert_eq!(about("/images/logo.png", "GET"), None);
    let checkout = r.policy_for("/cart", "GET").unwrap();
    assert_eq!(checkout.cookie_include[0].name.as_deref(), Some("cart_id"));
    assert_eq!(checkout.methods, ["GET", "POST"]);
    let embedded = r.embedded_policy(checkout).unwrap();
    assert_eq!(
        embedded.metadata.controller.as_ref().unwrap().name,
        "Larkspur Outfitters Ltd."
    );
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    insta::assert_json_snapshot!(r);
}

#[test]
fn version_pair_shows_the_material_change() {
    let read = |n: &str| {
        let bytes = std::fs::read(dir().join("versions/larkspur").join(n)).unwrap();
        policydiff::import_bytes(&bytes, &p3p()).unwrap()
    };
    let old = read("2003-01-15.xml");
    let new = read("2004-06-01.xml");
    let has_purpose = |p: &policydiff::Policy, x| p.purposes.iter().any(|s| s.purpose == x);
    assert!(!has_purpose(&old, Purpose::Telemarketing));
    let tel = new
        .purposes
        .iter()
        .find(|s| s.purpose == Purpose::Telemarketing)
        .unwrap();
    assert_eq!(tel.requirement, Some(Requirement::OptOut));
    assert!(
        !old.sharing
            .iter()
            .any(|s| s.recipient == RecipientKind::UnrelatedThirdParty)
    );
    assert!(
        new.sharing
            .iter()
            .any(|s| s.recipient == RecipientKind::UnrelatedThirdParty)
    );
    assert!(
        new.retention
            .iter()
            .any(|r| r.kind == RetentionKind::Indefinitely)
    );
    assert!(
        !old.retention
            .iter()
            .any(|r| r.kind == RetentionKind::Indefinitely)
    );
    assert_eq!(old.contacts[0].value, "privacy@larkspur.example.com");
    assert_eq!(new.contacts[0].value, "care@larkspur.example.com");
}
