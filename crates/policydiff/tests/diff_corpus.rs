//! The diff engine over the project's own corpus (`corpus/` at the repository
//! root): before/after pairs and version histories with expected verdicts in
//! `corpus/expected.json`.
//!
//! Three groups of tests:
//! - text-only: noise pairs and editorial steps must come out `none`, the
//!   byte-identical revert must report no change at all, and `history` must
//!   mark the revert. These need only the importer's sections and sentences.
//! - annotated: every rule pair is imported (real sections, sentences and
//!   spans), and the statements the pair is about are added by hand, each
//!   with evidence located in the pair's own text. This checks the semantic
//!   diff, the rule table and the evidence end to end, independently of the
//!   practice extractor.
//! - extracted: every entry of `expected.json`, pairs and version steps,
//!   with the importer's own extraction: the whole pipeline agrees with the
//!   corpus's verdicts.

use std::path::{Path, PathBuf};

use policydiff::model::*;
use policydiff::{Action, DiffOptions, DiffReport, History, ImportOptions};
use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    if p.join("expected.json").is_file() {
        Some(p)
    } else {
        eprintln!("skipped: corpus/expected.json not found at {}", p.display());
        None
    }
}

struct Doc {
    policy: Policy,
    text: String,
}

fn load(root: &Path, rel: &str) -> Doc {
    let path = root.join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let policy = policydiff::import_file(&path, &ImportOptions::new()).unwrap();
    let text = if Path::new(rel)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html"))
    {
        policydiff::render_html(&String::from_utf8_lossy(&bytes))
    } else {
        String::from_utf8(bytes).unwrap()
    };
    Doc { policy, text }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Evidence for the sentence of `doc` that contains `quote`.
fn ev(doc: &Doc, quote: &str) -> Evidence {
    let want = squash(quote);
    for sec in &doc.policy.sections {
        for s in &sec.sentences {
            let src = &doc.text[s.span.start..s.span.end];
            if squash(src).contains(&want) || squash(&s.text).contains(&want) {
                return Evidence::Text {
                    span: s.span,
                    line: s.line,
                    section: sec.path.clone(),
                    quote: src.to_owned(),
                    source_line: None,
                };
            }
        }
    }
    panic!("quote not found: {quote}");
}

/// A statement to annotate a document with.
enum S {
    Collect(DataCategory, Polarity),
    Purpose(Purpose, Polarity),
    Share(RecipientKind, Option<&'static str>, Polarity, Vec<Purpose>),
    Sale(Polarity, Vec<RecipientKind>),
    Retain(
        Vec<DataCategory>,
        RetentionKind,
        Option<(u32, DurationUnit)>,
        Option<Bound>,
    ),
    Track(
        TrackingTechnology,
        Option<TrackingParty>,
        Polarity,
        Vec<Purpose>,
        Vec<&'static str>,
    ),
    Right(Right, Polarity),
    Choice(ChoiceKind, Vec<Purpose>),
    Secure(SecurityMeasure),
    Audience(AudienceKind, Option<u8>, Polarity, bool),
    Transfer(Option<&'static str>, Polarity, Vec<TransferMechanism>),
    Change(NoticeMethod, Option<ChoiceKind>, Option<u32>),
    Controller(&'static str),
}

use Polarity::{Does, DoesNot};

fn add(doc: &mut Doc, stmt: S, quote: &str) {
    let e = vec![ev(doc, quote)];
    let p = &mut doc.policy;
    match stmt {
        S::Collect(category, polarity) => p.collection.push(Collection {
            category,
            polarity,
            actor: Actor::FirstParty,
            sources: vec![],
            requirement: None,
            purposes: vec![],
            terms: vec![],
            conditions: vec![],
            evidence: e,
        }),
        S::Purpose(purpose, polarity) => p.purposes.push(PurposeStatement {
            purpose,
            polarity,
            data: vec![],
            requirement: None,
            description: None,
            conditions: vec![],
            evidence: e,
        }),
        S::Share(recipient, name, polarity, purposes) => p.sharing.push(Sharing {
            recipient,
            name: name.map(str::to_owned),
            polarity,
            data: vec![],
            purposes,
            requirement: None,
            description: None,
            conditions: vec![],
            evidence: e,
        }),
        S::Sale(polarity, recipients) => p.sale.push(Sale {
            polarity,
            data: vec![],
            recipients,
            evidence: e,
        }),
        S::Retain(data, kind, duration, bound) => p.retention.push(Retention {
            kind,
            duration: duration.map(|(v, u)| Duration::new(v, u)),
            bound,
            data,
            purposes: vec![],
            evidence: e,
        }),
        S::Track(technology, party, polarity, purposes, providers) => p.tracking.push(Tracking {
            technology,
            party,
            polarity,
            lifetimes: vec![],
            purposes,
            providers: providers.into_iter().map(str::to_owned).collect(),
            uses: vec![],
            evidence: e,
        }),
        S::Right(right, polarity) => p.rights.push(RightStatement {
            right,
            polarity,
            scope: None,
            mechanisms: vec![],
            audiences: vec![],
            evidence: e,
        }),
        S::Choice(kind, purposes) => p.choices.push(Choice {
            kind,
            mechanisms: vec![],
            purposes,
            data: vec![],
            recipients: vec![],
            technologies: vec![],
            evidence: e,
        }),
        S::Secure(measure) => p.security.push(Security {
            measure,
            polarity: Does,
            terms: vec![],
            evidence: e,
        }),
        S::Audience(audience, age, polarity, parental_consent) => p.audiences.push(Audience {
            audience,
            age,
            polarity,
            parental_consent,
            data: Vec::new(),
            evidence: e,
        }),
        S::Transfer(destination, polarity, mechanisms) => p.transfers.push(Transfer {
            destination: destination.map(str::to_owned),
            polarity,
            mechanisms,
            evidence: e,
        }),
        S::Change(method, choice, advance_days) => p.change_policy.push(ChangeNotice {
            method,
            choice,
            advance_days,
            evidence: e,
        }),
        S::Controller(name) => {
            p.metadata.controller = Some(Controller {
                name: name.to_owned(),
                evidence: e,
            });
        }
    }
}

fn expected(root: &Path, rule: &str) -> Value {
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("expected.json")).unwrap())
            .unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "pair" && e["rule"] == rule)
        .unwrap_or_else(|| panic!("no expected entry for pair {rule}"))
        .clone()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Assert a report against the pair's expected entry: the action, the
/// deciding dimensions (and nothing outside the secondary ones, apart from
/// `other` text edits), and evidence quoting the changed sentences.
fn assert_expected(report: &DiffReport, exp: &Value, rule: &str) {
    let action: Action = exp["action"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        report.action,
        action,
        "{rule}: action\n{}",
        report.to_json()
    );
    let dims = strs(&exp["dimensions"]);
    let secondary = strs(&exp["secondary_dimensions"]);
    let reported: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.action != Action::None)
        .map(|c| c.dimension.as_str())
        .collect();
    for d in &dims {
        assert!(
            reported.contains(&d.as_str()),
            "{rule}: dimension {d} not reported: {reported:?}"
        );
    }
    for d in &reported {
        assert!(
            dims.iter().chain(&secondary).any(|x| x == d),
            "{rule}: unexpected dimension {d}\n{}",
            report.to_json()
        );
    }
    // The deciding changes quote the sentences the corpus says changed.
    let quotes: Vec<String> = strs(&exp["changes"]["removed"])
        .into_iter()
        .chain(strs(&exp["changes"]["added"]))
        .map(|q| squash(&q))
        .collect();
    if action != Action::None {
        let deciding: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.action == action)
            .collect();
        let quoted = deciding.iter().any(|c| {
            c.evidence.old.iter().chain(&c.evidence.new).any(|e| {
                let q = squash(e.quote().unwrap_or(""));
                quotes
                    .iter()
                    .any(|x| q.contains(x.as_str()) || x.contains(q.as_str()))
            })
        });
        assert!(
            quoted,
            "{rule}: no deciding change quotes {quotes:?}\n{}",
            report.to_json()
        );
        for c in &deciding {
            assert!(
                !c.rule.is_empty() && !c.citation.is_empty(),
                "{rule}: {c:?}"
            );
            assert!(
                !c.evidence.old.is_empty() || !c.evidence.new.is_empty(),
                "{rule}: change without evidence: {c:?}"
            );
        }
    }
}

fn pair(root: &Path, rule: &str) -> (Doc, Doc) {
    (
        load(root, &format!("pairs/{rule}/old.md")),
        load(root, &format!("pairs/{rule}/new.md")),
    )
}

fn run_annotated(rule: &str, annotate: impl Fn(&mut Doc, &mut Doc)) {
    let Some(root) = corpus() else { return };
    let (mut old, mut new) = pair(&root, rule);
    annotate(&mut old, &mut new);
    old.policy.canonicalize();
    new.policy.canonicalize();
    let report = policydiff::diff_with(&old.policy, &new.policy, &DiffOptions::new()).unwrap();
    assert_expected(&report, &expected(&root, rule), rule);
    // Identical content: no change at all, whatever was annotated.
    let same = policydiff::diff(&new.policy, &new.policy);
    assert!(
        same.changes.is_empty(),
        "{rule}: diff(new, new) has changes"
    );
}

/// Annotate both documents with the same statement (a quote present in both).
fn both(old: &mut Doc, new: &mut Doc, make: impl Fn() -> S, quote: &str) {
    add(old, make(), quote);
    add(new, make(), quote);
}

// ───────────────────────────── text-only ─────────────────────────────

#[test]
fn identical_pair_reports_nothing() {
    let Some(root) = corpus() else { return };
    let (old, new) = pair(&root, "identical");
    let r = policydiff::diff(&old.policy, &new.policy);
    assert_eq!(r.action, Action::None);
    assert!(r.changes.is_empty());
    let t = r.text_diff.as_ref().unwrap();
    assert!(t.identical && !t.has_edits());
    // A policy against itself, through every profile.
    for p in policydiff::Profile::ALL {
        let r = policydiff::diff_with(&old.policy, &old.policy, &DiffOptions::new().profile(*p))
            .unwrap();
        assert!(r.changes.is_empty() && r.action == Action::None);
    }
}

#[test]
fn whitespace_date_reorder_is_none_with_a_move() {
    let Some(root) = corpus() else { return };
    let (old, new) = pair(&root, "whitespace-date-reorder");
    let r = policydiff::diff(&old.policy, &new.policy);
    assert_eq!(r.action, Action::None, "{}", r.to_json());
    let t = r.text_diff.as_ref().unwrap();
    let s = &t.stats;
    assert_eq!(
        (s.sentences_added, s.sentences_removed, s.sentences_changed),
        (0, 0, 0),
        "{}",
        r.to_json()
    );
    assert_eq!(s.sections_moved, 1, "Security and Children swapped: {s:?}");
    assert!(s.sentences_noise > 0, "wrapping, quotes and dashes differ");
    assert!(r.changes.iter().all(|c| c.action == Action::None));
}

#[test]
fn noise_pairs_are_noise_only() {
    let Some(root) = corpus() else { return };
    for rule in ["mojibake", "markdown-emphasis-only"] {
        let (old, new) = pair(&root, rule);
        let r = policydiff::diff(&old.policy, &new.policy);
        assert_eq!(r.action, Action::None, "{rule}");
        let t = r.text_diff.as_ref().unwrap();
        assert!(t.noise_only && !t.has_edits(), "{rule}: {}", r.to_json());
        assert!(r.changes.is_empty(), "{rule}");
    }
}

#[test]
fn editorial_pair_and_steps_are_none() {
    let Some(root) = corpus() else { return };
    let (old, new) = pair(&root, "editorial");
    let r = policydiff::diff(&old.policy, &new.policy);
    assert_eq!(r.action, Action::None);
    let t = r.text_diff.as_ref().unwrap();
    assert!(
        t.stats.sentences_changed >= 2,
        "typo fixes are rewordings: {:?}",
        t.stats
    );
    assert!(
        t.stats.sections_moved >= 1,
        "Your rights moved: {:?}",
        t.stats
    );
    for (a, b) in [
        (
            "versions/stridewell/2020-02-03.md",
            "versions/stridewell/2020-08-17.md",
        ),
        (
            "versions/quillpost/2021-10-04.txt",
            "versions/quillpost/2022-03-07.txt",
        ),
        (
            "versions/bramblebee/2020-01-15.html",
            "versions/bramblebee/2020-06-01.html",
        ),
    ] {
        let r = policydiff::diff(&load(&root, a).policy, &load(&root, b).policy);
        assert_eq!(r.action, Action::None, "{a} -> {b}");
        let t = r.text_diff.as_ref().unwrap();
        assert!(
            t.has_edits(),
            "{a} -> {b}: editorial edits are visible in the text diff"
        );
        // Every expected edit shows up as a sentence edit.
        let exp: Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("expected.json")).unwrap())
                .unwrap();
        let entry = exp
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["old"] == a && e["new"] == b)
            .unwrap();
        let edits: Vec<String> = t
            .sections
            .iter()
            .flat_map(|s| &s.edits)
            .flat_map(|e| e.old.iter().chain(e.new.iter()))
            .map(|s| squash(s))
            .collect();
        for q in strs(&entry["changes"]["removed"])
            .into_iter()
            .chain(strs(&entry["changes"]["added"]))
        {
            let q = squash(&q);
            assert!(
                edits.iter().any(|e| e.contains(&q)),
                "{a} -> {b}: edit {q:?} not in text diff"
            );
        }
    }
}

#[test]
fn revert_is_identical_and_history_marks_it() {
    let Some(root) = corpus() else { return };
    let a = load(&root, "versions/bramblebee/2021-01-10.html");
    let b = load(&root, "versions/bramblebee/2021-05-10.html");
    let r = policydiff::diff(&a.policy, &b.policy);
    assert!(r.changes.is_empty() && r.text_diff.as_ref().unwrap().identical);
    let h = History::from_dir(
        root.join("versions/bramblebee"),
        &ImportOptions::new(),
        &DiffOptions::new(),
    )
    .unwrap();
    assert_eq!(h.summary.versions, 6);
    assert_eq!(h.summary.reverts, 1, "{}", h.to_json());
    let step = h.steps.iter().find(|s| s.new == "2021-05-10").unwrap();
    assert_eq!(step.revert_of.as_deref(), Some("2021-01-10"));
    assert!(
        h.steps
            .iter()
            .filter(|s| s.new != "2021-05-10")
            .all(|s| s.revert_of.is_none())
    );
    let md = policydiff::report::render_history_markdown(&h);
    assert!(md.contains("revert to 2021-01-10"), "{md}");
}

// ───────────────────────────── annotated ─────────────────────────────

#[test]
fn new_data_category() {
    run_annotated("new-data-category", |o, n| {
        both(
            o,
            n,
            || S::Collect(DataCategory::ContactEmail, Does),
            "your name, email address and password",
        );
        both(
            o,
            n,
            || S::Collect(DataCategory::LocationApproximate, Does),
            "the city and country we infer",
        );
        add(
            n,
            S::Collect(DataCategory::LocationPrecise, Does),
            "collects your device's GPS coordinates",
        );
    });
}

#[test]
fn new_purpose_ai_training_and_profiling() {
    run_annotated("new-purpose-ai-training", |o, n| {
        both(
            o,
            n,
            || S::Purpose(Purpose::ServiceProvision, Does),
            "provide the app and synchronise",
        );
        add(
            o,
            S::Purpose(Purpose::AiTraining, DoesNot),
            "we do not use their content to train",
        );
        add(
            n,
            S::Purpose(Purpose::AiTraining, Does),
            "train and improve the machine-learning models",
        );
        add(
            n,
            S::Purpose(Purpose::Profiling, Does),
            "build a profile of your interests and habits",
        );
    });
}

#[test]
fn new_recipient_kind() {
    run_annotated("new-recipient-kind", |o, n| {
        both(
            o,
            n,
            || S::Share(RecipientKind::ServiceProvider, Some("Stripe"), Does, vec![]),
            "Stripe (payments), Mailchimp",
        );
        both(
            o,
            n,
            || S::Share(RecipientKind::Delivery, Some("DPD"), Does, vec![]),
            "An Post and DPD",
        );
        both(
            o,
            n,
            || S::Share(RecipientKind::Authorities, None, Does, vec![]),
            "where the law requires it",
        );
        add(
            n,
            S::Share(RecipientKind::DataBroker, None, Does, vec![]),
            "with data brokers, which combine it",
        );
    });
}

#[test]
fn sale_and_sharing_for_advertising() {
    run_annotated("sale-advertising", |o, n| {
        both(
            o,
            n,
            || {
                S::Share(
                    RecipientKind::PaymentProcessor,
                    Some("Stripe"),
                    Does,
                    vec![],
                )
            },
            "Stripe, which processes",
        );
        add(
            o,
            S::Sale(DoesNot, vec![]),
            "We do not sell your personal information",
        );
        add(
            o,
            S::Purpose(Purpose::TargetedAdvertising, DoesNot),
            "we do not share it for cross-context",
        );
        add(
            n,
            S::Sale(Does, vec![RecipientKind::AdvertisingPartner]),
            "We sell your personal information to advertising partners",
        );
        add(
            n,
            S::Share(
                RecipientKind::AdvertisingPartner,
                None,
                Does,
                vec![Purpose::TargetedAdvertising],
            ),
            "our advertising partners use to show you personalised ads",
        );
        add(
            n,
            S::Purpose(Purpose::TargetedAdvertising, Does),
            "we share it with them for cross-context",
        );
        add(
            n,
            S::Choice(ChoiceKind::OptOut, vec![Purpose::Sale]),
            "You can opt out by clicking",
        );
    });
}

#[test]
fn longer_retention() {
    run_annotated("longer-retention", |o, n| {
        both(
            o,
            n,
            || {
                S::Retain(
                    vec![DataCategory::ActivityUsage],
                    RetentionKind::StatedPeriod,
                    Some((12, DurationUnit::Months)),
                    None,
                )
            },
            "Server logs: for 12 months",
        );
        add(
            o,
            S::Retain(
                vec![DataCategory::ContentMedia],
                RetentionKind::StatedPeriod,
                Some((60, DurationUnit::Days)),
                Some(Bound::AtMost),
            ),
            "no more than 60 days after upload",
        );
        add(
            n,
            S::Retain(
                vec![DataCategory::ContentMedia],
                RetentionKind::StatedPeriod,
                Some((2, DurationUnit::Years)),
                None,
            ),
            "we keep them for two years after upload",
        );
    });
}

#[test]
fn right_removed() {
    run_annotated("right-removed", |o, n| {
        both(
            o,
            n,
            || S::Right(Right::Access, Does),
            "download all of your notes",
        );
        both(
            o,
            n,
            || S::Right(Right::Correction, Does),
            "edit your account details",
        );
        add(
            o,
            S::Right(Right::Deletion, Does),
            "delete your account and all of your notes",
        );
    });
}

#[test]
fn opt_out_removed() {
    run_annotated("opt-out-weakened", |o, n| {
        both(
            o,
            n,
            || S::Choice(ChoiceKind::OptOut, vec![Purpose::Marketing]),
            "unsubscribe using the link",
        );
        add(
            o,
            S::Choice(ChoiceKind::OptOut, vec![Purpose::Analytics]),
            "turn off usage analytics at any time",
        );
    });
}

#[test]
fn change_notice_removed() {
    run_annotated("change-notice-removed", |o, n| {
        add(
            o,
            S::Change(
                NoticeMethod::PersonalNotice,
                Some(ChoiceKind::OptIn),
                Some(30),
            ),
            "we'll email you at least 30 days before",
        );
        add(
            n,
            S::Change(NoticeMethod::PostedPolicy, None, None),
            "by posting a new version on this page",
        );
    });
}

#[test]
fn controller_change() {
    run_annotated("controller-change", |o, n| {
        add(
            o,
            S::Controller("Fernhollow Photo Limited"),
            "Fernhollow Photo Limited, a company registered in Ireland",
        );
        add(
            n,
            S::Controller("Glassmere Imaging GmbH"),
            "is now the controller of your personal data",
        );
    });
}

#[test]
fn new_international_transfer() {
    run_annotated("new-international-transfer", |o, n| {
        add(
            o,
            S::Transfer(None, DoesNot, vec![]),
            "we do not transfer it outside the European Economic Area",
        );
        add(
            n,
            S::Transfer(
                Some("United States"),
                Does,
                vec![TransferMechanism::StandardContractualClauses],
            ),
            "backup copy of your photos and account data",
        );
    });
}

#[test]
fn children_age_lowered() {
    run_annotated("children-13-15", |o, n| {
        add(
            o,
            S::Audience(AudienceKind::Children, Some(16), DoesNot, false),
            "from anyone under 16",
        );
        add(
            n,
            S::Audience(AudienceKind::Children, Some(13), DoesNot, false),
            "from children under 13",
        );
        add(
            n,
            S::Audience(AudienceKind::Teens, Some(16), Does, true),
            "If you are between 13 and 15 years old",
        );
    });
}

#[test]
fn new_third_party_tracking() {
    run_annotated("new-third-party-tracking", |o, n| {
        both(
            o,
            n,
            || {
                S::Track(
                    TrackingTechnology::Cookie,
                    Some(TrackingParty::FirstParty),
                    Does,
                    vec![Purpose::ServiceProvision],
                    vec![],
                )
            },
            "first-party session cookies",
        );
        add(
            o,
            S::Track(
                TrackingTechnology::Cookie,
                Some(TrackingParty::ThirdParty),
                Does,
                vec![Purpose::Analytics],
                vec!["Google Analytics"],
            ),
            "Google Analytics cookies to measure traffic",
        );
        add(
            o,
            S::Track(
                TrackingTechnology::Cookie,
                Some(TrackingParty::ThirdParty),
                DoesNot,
                vec![Purpose::Advertising],
                vec![],
            ),
            "We don't use third-party advertising cookies",
        );
        add(
            o,
            S::Track(
                TrackingTechnology::Other,
                Some(TrackingParty::ThirdParty),
                DoesNot,
                vec![Purpose::Advertising],
                vec![],
            ),
            "we don't allow advertising networks to track you",
        );
        add(
            n,
            S::Track(
                TrackingTechnology::Cookie,
                Some(TrackingParty::ThirdParty),
                Does,
                vec![Purpose::Analytics, Purpose::Advertising],
                vec!["Google Analytics", "Meta Pixel", "Google Ads"],
            ),
            "third-party advertising cookies set by Meta",
        );
    });
}

#[test]
fn negation_lost() {
    run_annotated("negation-lost", |o, n| {
        both(
            o,
            n,
            || S::Sale(DoesNot, vec![]),
            "We do not sell your personal information",
        );
        add(
            o,
            S::Share(RecipientKind::AdvertisingPartner, None, DoesNot, vec![]),
            "We do not share your information with advertisers",
        );
        add(
            n,
            S::Share(RecipientKind::AdvertisingPartner, None, Does, vec![]),
            "We share your information with advertisers",
        );
    });
}

#[test]
fn new_named_recipient_is_notice() {
    run_annotated("new-named-recipient", |o, n| {
        both(
            o,
            n,
            || {
                S::Share(
                    RecipientKind::ServiceProvider,
                    Some("Amazon Web Services"),
                    Does,
                    vec![],
                )
            },
            "Amazon Web Services, which hosts",
        );
        add(
            o,
            S::Share(
                RecipientKind::PaymentProcessor,
                Some("Stripe"),
                Does,
                vec![],
            ),
            "Stripe, which processes membership payments",
        );
        add(
            n,
            S::Share(
                RecipientKind::PaymentProcessor,
                Some("Stripe"),
                Does,
                vec![],
            ),
            "Stripe and PayPal, which process",
        );
        add(
            n,
            S::Share(
                RecipientKind::PaymentProcessor,
                Some("PayPal"),
                Does,
                vec![],
            ),
            "Stripe and PayPal, which process",
        );
    });
}

#[test]
fn new_security_measures_are_notice() {
    run_annotated("new-security-measures", |o, n| {
        add(
            o,
            S::Secure(SecurityMeasure::EncryptionInTransit),
            "We encrypt data in transit using TLS",
        );
        add(
            o,
            S::Secure(SecurityMeasure::AccessControl),
            "we limit access to your photos",
        );
        for m in [
            SecurityMeasure::EncryptionInTransit,
            SecurityMeasure::AccessControl,
            SecurityMeasure::EncryptionAtRest,
            SecurityMeasure::Authentication,
            SecurityMeasure::Audit,
        ] {
            add(n, S::Secure(m), "at rest using AES-256");
        }
    });
}

#[test]
fn restriction_less_data_is_notice() {
    run_annotated("restriction-less-data", |o, n| {
        both(
            o,
            n,
            || S::Collect(DataCategory::ContentMedia, Does),
            "the photos you upload",
        );
        add(
            o,
            S::Collect(DataCategory::LocationPrecise, Does),
            "GPS coordinates",
        );
        add(
            n,
            S::Collect(DataCategory::LocationPrecise, DoesNot),
            "we do not store that metadata",
        );
    });
}

#[test]
fn restriction_shorter_retention_is_notice() {
    run_annotated("restriction-shorter-retention", |o, n| {
        add(
            o,
            S::Retain(
                vec![DataCategory::ActivityUsage],
                RetentionKind::StatedPeriod,
                Some((12, DurationUnit::Months)),
                None,
            ),
            "Server logs: for 12 months",
        );
        add(
            n,
            S::Retain(
                vec![DataCategory::ActivityUsage],
                RetentionKind::StatedPeriod,
                Some((30, DurationUnit::Days)),
                Some(Bound::AtMost),
            ),
            "Server logs: for no more than 30 days",
        );
    });
}

#[test]
fn restriction_fewer_purposes_is_notice() {
    run_annotated("restriction-fewer-purposes", |o, n| {
        both(
            o,
            n,
            || S::Purpose(Purpose::ServiceProvision, Does),
            "run the website and app",
        );
        add(
            o,
            S::Purpose(Purpose::Personalization, Does),
            "recommend recipes based on",
        );
    });
}

// ───────────────────────────── extracted ─────────────────────────────

/// Every entry of `corpus/expected.json` (version steps included), imported
/// from its files and diffed end to end, agrees with the entry on action,
/// deciding dimensions (nothing outside the secondary ones) and evidence.
#[test]
fn pairs_with_extraction_match_expected() {
    let Some(root) = corpus() else { return };
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("expected.json")).unwrap())
            .unwrap();
    let mut failures = Vec::new();
    for e in all.as_array().unwrap() {
        let (a, b) = (e["old"].as_str().unwrap(), e["new"].as_str().unwrap());
        let r = policydiff::diff(&load(&root, a).policy, &load(&root, b).policy);
        let rule = e["rule"].as_str().unwrap();
        if std::panic::catch_unwind(|| assert_expected(&r, e, rule)).is_err() {
            failures.push(format!("{a} -> {b}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} entries differ: {failures:#?}",
        failures.len(),
        all.as_array().unwrap().len()
    );
}

/// `diff_prepared` gives the report `diff_with` gives, for every consecutive
/// pair of the corpus's histories (both directions, with and without the text
/// diff), with each version prepared once.
#[test]
fn prepared_policies_diff_as_the_policies_do() {
    let Some(root) = corpus() else { return };
    let mut pairs = 0;
    for entry in std::fs::read_dir(root.join("versions")).unwrap() {
        let dir = entry.unwrap().path();
        let files = policydiff::history::version_files(&dir).unwrap();
        let prepared: Vec<policydiff::PreparedPolicy> = files
            .iter()
            .map(|(_, p)| {
                policydiff::PreparedPolicy::new(
                    policydiff::import_file(p, &ImportOptions::new()).unwrap(),
                )
            })
            .collect();
        for p in &prepared {
            assert_eq!(
                p.text_fingerprint(),
                policydiff::history::text_fingerprint(p.policy())
            );
        }
        for w in prepared.windows(2) {
            for (old, new) in [(&w[0], &w[1]), (&w[1], &w[0])] {
                for text in [true, false] {
                    let opts = DiffOptions::new().text_diff(text).deadline(None);
                    let direct = policydiff::diff_with(old.policy(), new.policy(), &opts).unwrap();
                    let via = policydiff::diff_prepared(old, new, &opts).unwrap();
                    assert_eq!(via.to_json(), direct.to_json(), "{}", dir.display());
                }
                pairs += 1;
            }
        }
    }
    assert!(pairs >= 20, "only {pairs} pairs in corpus/versions");
}
