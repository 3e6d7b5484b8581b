//! The semantic diff and the rule table on hand-built policies: every
//! built-in rule is reachable through `diff`, each scenario is decided by the
//! rule it is about, and profiles, custom rules and `check` behave.

use std::collections::BTreeSet;

use policydiff::model::*;
use policydiff::{Action, DiffOptions, Dimension, FailOn, Profile, RuleSet};

/// A policy under construction; every statement gets one evidence record
/// quoting `what` so changes can be checked for evidence.
#[derive(Clone)]
struct B(Policy);

fn ev(what: &str) -> Vec<Evidence> {
    vec![Evidence::Text {
        span: Span::new(0, what.len()),
        line: 1,
        section: vec![],
        quote: what.to_owned(),
        source_line: None,
    }]
}

use Polarity::{Does, DoesNot};

fn p() -> B {
    B(Policy::new(Source {
        sha256: String::new(),
        ..Source::default()
    }))
}

impl B {
    fn collect(mut self, category: DataCategory, polarity: Polarity) -> B {
        self.0.collection.push(Collection {
            category,
            polarity,
            actor: Actor::FirstParty,
            sources: vec![],
            requirement: None,
            purposes: vec![],
            terms: vec![],
            conditions: vec![],
            evidence: ev(&format!("collect {category}")),
        });
        self
    }
    fn purpose(mut self, purpose: Purpose, polarity: Polarity) -> B {
        self.0.purposes.push(PurposeStatement {
            purpose,
            polarity,
            data: vec![],
            requirement: None,
            description: None,
            conditions: vec![],
            evidence: ev(&format!("purpose {purpose}")),
        });
        self
    }
    fn share(
        mut self,
        recipient: RecipientKind,
        name: Option<&str>,
        polarity: Polarity,
        purposes: &[Purpose],
    ) -> B {
        self.0.sharing.push(Sharing {
            recipient,
            name: name.map(str::to_owned),
            polarity,
            data: vec![],
            purposes: purposes.to_vec(),
            requirement: None,
            description: None,
            conditions: vec![],
            evidence: ev(&format!("share {recipient}")),
        });
        self
    }
    fn sale(mut self, polarity: Polarity) -> B {
        self.0.sale.push(Sale {
            polarity,
            data: vec![],
            recipients: vec![],
            evidence: ev("sale"),
        });
        self
    }
    fn retain(mut self, kind: RetentionKind, days: Option<u32>) -> B {
        self.0.retention.push(Retention {
            kind,
            duration: days.map(|d| Duration::new(d, DurationUnit::Days)),
            bound: None,
            data: vec![DataCategory::ActivityUsage],
            purposes: vec![],
            evidence: ev("retain"),
        });
        self
    }
    fn track(
        mut self,
        technology: TrackingTechnology,
        party: TrackingParty,
        polarity: Polarity,
        purposes: &[Purpose],
        providers: &[&str],
    ) -> B {
        self.0.tracking.push(Tracking {
            technology,
            party: Some(party),
            polarity,
            lifetimes: vec![],
            purposes: purposes.to_vec(),
            providers: providers.iter().map(|s| (*s).to_owned()).collect(),
            uses: vec![],
            evidence: ev("track"),
        });
        self
    }
    fn dnt(mut self, stance: DntStance) -> B {
        self.0.do_not_track.push(DoNotTrack {
            stance,
            evidence: ev("dnt"),
        });
        self
    }
    fn right(
        mut self,
        right: Right,
        mechanisms: &[ChoiceMechanism],
        audiences: &[AudienceKind],
    ) -> B {
        self.0.rights.push(RightStatement {
            right,
            polarity: Does,
            scope: None,
            mechanisms: mechanisms.to_vec(),
            audiences: audiences.to_vec(),
            evidence: ev("right"),
        });
        self
    }
    fn choice(mut self, kind: ChoiceKind, purpose: Purpose) -> B {
        self.0.choices.push(Choice {
            kind,
            mechanisms: vec![],
            purposes: vec![purpose],
            data: vec![],
            recipients: vec![],
            technologies: vec![],
            evidence: ev("choice"),
        });
        self
    }
    /// A choice over `purposes`, stated by the sentence `quote`.
    fn choice_quoted(mut self, kind: ChoiceKind, purposes: &[Purpose], quote: &str) -> B {
        self.0.choices.push(Choice {
            kind,
            mechanisms: vec![],
            purposes: purposes.to_vec(),
            data: vec![],
            recipients: vec![],
            technologies: vec![],
            evidence: ev(quote),
        });
        self
    }
    fn secure(mut self, measure: SecurityMeasure) -> B {
        self.0.security.push(Security {
            measure,
            polarity: Does,
            terms: vec![],
            evidence: ev("security"),
        });
        self
    }
    /// Collection from children of `data`.
    fn collect_from_children(mut self, data: &[D]) -> B {
        self.0.audiences.push(Audience {
            audience: AudienceKind::Children,
            age: None,
            polarity: Polarity::Does,
            parental_consent: true,
            data: data.to_vec(),
            evidence: ev("children"),
        });
        self
    }
    fn audience(
        mut self,
        audience: AudienceKind,
        age: Option<u8>,
        polarity: Polarity,
        parental_consent: bool,
    ) -> B {
        self.0.audiences.push(Audience {
            audience,
            age,
            polarity,
            parental_consent,
            data: Vec::new(),
            evidence: ev("audience"),
        });
        self
    }
    fn transfer(
        mut self,
        destination: Option<&str>,
        polarity: Polarity,
        mechanisms: &[TransferMechanism],
    ) -> B {
        self.0.transfers.push(Transfer {
            destination: destination.map(str::to_owned),
            polarity,
            mechanisms: mechanisms.to_vec(),
            evidence: ev("transfer"),
        });
        self
    }
    fn controller(mut self, name: &str) -> B {
        self.0.metadata.controller = Some(Controller {
            name: name.to_owned(),
            evidence: ev("controller"),
        });
        self
    }
    fn change(mut self, method: NoticeMethod, choice: Option<ChoiceKind>, days: Option<u32>) -> B {
        self.0.change_policy.push(ChangeNotice {
            method,
            choice,
            advance_days: days,
            evidence: ev("change"),
        });
        self
    }
    fn contact(mut self, value: &str) -> B {
        self.0.contacts.push(ContactPoint {
            kind: ContactKind::Email,
            value: value.to_owned(),
            evidence: ev("contact"),
        });
        self
    }
    fn dispute(mut self) -> B {
        self.0.disputes.push(Dispute {
            resolution: DisputeResolution::Independent,
            service: Some("TrustArc".into()),
            description: None,
            long_description: None,
            verification: None,
            remedies: vec![],
            evidence: ev("dispute"),
        });
        self
    }
    fn law(mut self, law: Law) -> B {
        self.0.laws.push(LawReference {
            law,
            name: law.as_str().into(),
            evidence: ev("law"),
        });
        self
    }
    fn done(mut self) -> Policy {
        self.0.canonicalize();
        self.0
    }
}

use DataCategory as D;
use Purpose as P;
use RecipientKind as R;
use TrackingParty::{FirstParty as First, ThirdParty as Third};
use TrackingTechnology as T;

/// (rule id expected to decide, old, new)
fn scenarios() -> Vec<(&'static str, Policy, Policy)> {
    let e = || p();
    vec![
        (
            "data-new-sensitive-category",
            e().done(),
            e().collect(D::HealthFitness, Does).done(),
        ),
        (
            "data-new-sensitive-category",
            e().collect(D::Location, Does).done(),
            e().collect(D::Location, Does)
                .collect(D::LocationPrecise, Does)
                .done(),
        ),
        (
            "data-new-category",
            e().done(),
            e().collect(D::ContactEmail, Does).done(),
        ),
        (
            "data-broader",
            e().collect(D::ContactEmail, Does).done(),
            e().collect(D::ContactEmail, Does)
                .collect(D::Contact, Does)
                .done(),
        ),
        (
            "data-more-specific",
            e().collect(D::Contact, Does).done(),
            e().collect(D::Contact, Does)
                .collect(D::ContactEmail, Does)
                .done(),
        ),
        (
            "data-no-longer-collected",
            e().collect(D::ContactEmail, Does).done(),
            e().done(),
        ),
        (
            "data-promise-lost",
            e().collect(D::ContactEmail, DoesNot).done(),
            e().done(),
        ),
        (
            "data-promise-lost",
            e().collect(D::Biometric, DoesNot).done(),
            e().collect(D::Biometric, Does).done(),
        ),
        (
            "data-promise-added",
            e().done(),
            e().collect(D::ContactEmail, DoesNot).done(),
        ),
        (
            "purpose-new-high-risk",
            e().done(),
            e().purpose(P::AiTraining, Does).done(),
        ),
        (
            "purpose-new",
            e().done(),
            e().purpose(P::Analytics, Does).done(),
        ),
        (
            "purpose-removed",
            e().purpose(P::Analytics, Does).done(),
            e().done(),
        ),
        (
            "purpose-promise-lost",
            e().purpose(P::Analytics, DoesNot).done(),
            e().done(),
        ),
        (
            "purpose-promise-added",
            e().done(),
            e().purpose(P::Analytics, DoesNot).done(),
        ),
        (
            "sharing-sale-started",
            e().sale(DoesNot).done(),
            e().sale(Does).done(),
        ),
        (
            "sharing-sale-promise-lost",
            e().sale(DoesNot).done(),
            e().done(),
        ),
        (
            "sharing-sale-stopped",
            e().sale(Does).done(),
            e().sale(DoesNot).done(),
        ),
        (
            "sharing-for-advertising",
            e().share(R::AdvertisingPartner, None, Does, &[P::Analytics])
                .done(),
            e().share(R::AdvertisingPartner, None, Does, &[P::TargetedAdvertising])
                .done(),
        ),
        (
            "sharing-new-recipient-kind",
            e().share(R::ServiceProvider, None, Does, &[]).done(),
            e().share(R::ServiceProvider, None, Does, &[])
                .share(R::DataBroker, None, Does, &[])
                .done(),
        ),
        (
            "sharing-new-named-recipient",
            e().share(R::PaymentProcessor, Some("Stripe"), Does, &[])
                .done(),
            e().share(R::PaymentProcessor, Some("Stripe"), Does, &[])
                .share(R::PaymentProcessor, Some("PayPal"), Does, &[])
                .done(),
        ),
        (
            "sharing-new-named-recipient",
            e().share(R::ServiceProvider, None, Does, &[]).done(),
            e().share(R::ServiceProvider, None, Does, &[])
                .share(R::PaymentProcessor, Some("PayPal"), Does, &[])
                .done(),
        ),
        (
            "sharing-promise-lost",
            e().share(R::AdvertisingPartner, None, DoesNot, &[]).done(),
            e().share(R::AdvertisingPartner, None, Does, &[]).done(),
        ),
        (
            "sharing-recipient-removed",
            e().share(R::Affiliate, None, Does, &[]).done(),
            e().done(),
        ),
        (
            "sharing-promise-added",
            e().done(),
            e().share(R::DataBroker, None, DoesNot, &[]).done(),
        ),
        (
            "retention-longer",
            e().retain(RetentionKind::StatedPeriod, Some(30)).done(),
            e().retain(RetentionKind::StatedPeriod, Some(365)).done(),
        ),
        (
            "retention-longer",
            e().retain(RetentionKind::StatedPeriod, Some(30)).done(),
            e().retain(RetentionKind::Indefinitely, None).done(),
        ),
        (
            "retention-limit-removed",
            e().retain(RetentionKind::StatedPeriod, Some(30)).done(),
            e().done(),
        ),
        (
            "retention-shorter",
            e().retain(RetentionKind::StatedPeriod, Some(365)).done(),
            e().retain(RetentionKind::StatedPeriod, Some(30)).done(),
        ),
        (
            "retention-stated",
            e().done(),
            e().retain(RetentionKind::StatedPeriod, Some(30)).done(),
        ),
        (
            "retention-basis-changed",
            e().retain(RetentionKind::StatedPurpose, None).done(),
            e().retain(RetentionKind::UntilAccountDeletion, None).done(),
        ),
        (
            "cookies-third-party-added",
            e().done(),
            e().track(T::Cookie, Third, Does, &[], &[]).done(),
        ),
        (
            "cookies-added",
            e().done(),
            e().track(T::Cookie, First, Does, &[], &[]).done(),
        ),
        (
            "cookies-advertising-purpose",
            e().track(T::Cookie, Third, Does, &[P::Analytics], &[])
                .done(),
            e().track(T::Cookie, Third, Does, &[P::Analytics, P::Advertising], &[])
                .done(),
        ),
        (
            "cookies-new-purpose",
            e().track(T::Cookie, First, Does, &[P::ServiceProvision], &[])
                .done(),
            e().track(
                T::Cookie,
                First,
                Does,
                &[P::ServiceProvision, P::Personalization],
                &[],
            )
            .done(),
        ),
        (
            "cookies-promise-lost",
            e().track(T::Cookie, Third, DoesNot, &[], &[]).done(),
            e().done(),
        ),
        (
            "cookies-removed",
            e().track(T::Cookie, First, Does, &[], &[]).done(),
            e().done(),
        ),
        (
            "tracking-third-party-added",
            e().done(),
            e().track(T::WebBeacon, Third, Does, &[], &["Meta Pixel"])
                .done(),
        ),
        (
            "tracking-invasive-technology",
            e().done(),
            e().track(T::Fingerprinting, First, Does, &[], &[]).done(),
        ),
        (
            "tracking-technology-added",
            e().done(),
            e().track(T::ServerLogs, First, Does, &[], &[]).done(),
        ),
        (
            "tracking-new-provider",
            e().track(T::WebBeacon, Third, Does, &[], &["Meta Pixel"])
                .done(),
            e().track(
                T::WebBeacon,
                Third,
                Does,
                &[],
                &["Meta Pixel", "TikTok Pixel"],
            )
            .done(),
        ),
        (
            "tracking-promise-lost",
            e().track(T::Other, Third, DoesNot, &[], &[]).done(),
            e().done(),
        ),
        (
            "tracking-promise-lost",
            e().track(T::Other, Third, DoesNot, &[], &[]).done(),
            e().track(T::WebBeacon, Third, Does, &[], &[]).done(),
        ),
        (
            "tracking-dnt-no-longer-honored",
            e().dnt(DntStance::Honored).done(),
            e().dnt(DntStance::NotHonored).done(),
        ),
        (
            "tracking-dnt-changed",
            e().dnt(DntStance::Mentioned).done(),
            e().dnt(DntStance::NotHonored).done(),
        ),
        (
            "tracking-removed",
            e().track(T::WebBeacon, Third, Does, &[], &[]).done(),
            e().done(),
        ),
        (
            "tracking-promise-added",
            e().done(),
            e().track(T::WebBeacon, Third, DoesNot, &[], &[]).done(),
        ),
        (
            "rights-removed",
            e().right(Right::Access, &[], &[]).done(),
            e().done(),
        ),
        (
            "rights-weakened",
            e().right(Right::Deletion, &[], &[]).done(),
            e().right(Right::Deletion, &[], &[AudienceKind::California])
                .done(),
        ),
        (
            "rights-weakened",
            e().right(
                Right::Access,
                &[ChoiceMechanism::Settings, ChoiceMechanism::ContactCompany],
                &[],
            )
            .done(),
            e().right(Right::Access, &[ChoiceMechanism::ContactCompany], &[])
                .done(),
        ),
        (
            "rights-added",
            e().done(),
            e().right(Right::Portability, &[], &[]).done(),
        ),
        (
            "rights-mechanism-changed",
            e().right(Right::Access, &[ChoiceMechanism::Settings], &[])
                .done(),
            e().right(Right::Access, &[ChoiceMechanism::ContactCompany], &[])
                .done(),
        ),
        (
            "choices-removed",
            e().choice(ChoiceKind::OptOut, P::Marketing).done(),
            e().done(),
        ),
        (
            "choices-rescoped",
            e().choice_quoted(
                ChoiceKind::OptOut,
                &[P::Marketing, P::Analytics],
                "You can opt out of marketing emails and usage analytics in your settings at any time.",
            )
            .done(),
            e().choice_quoted(
                ChoiceKind::OptOut,
                &[P::Marketing],
                "You can opt out of marketing emails and usage statistics in your settings at any time.",
            )
            .done(),
        ),
        (
            "choices-weakened",
            e().choice(ChoiceKind::OptIn, P::Marketing).done(),
            e().choice(ChoiceKind::OptOut, P::Marketing).done(),
        ),
        (
            "choices-added",
            e().done(),
            e().choice(ChoiceKind::OptOut, P::Marketing).done(),
        ),
        (
            "choices-strengthened",
            e().choice(ChoiceKind::OptOut, P::Marketing).done(),
            e().choice(ChoiceKind::OptIn, P::Marketing).done(),
        ),
        (
            "security-added",
            e().secure(SecurityMeasure::Generic).done(),
            e().secure(SecurityMeasure::Generic)
                .secure(SecurityMeasure::Hashing)
                .done(),
        ),
        (
            "security-removed",
            e().secure(SecurityMeasure::Hashing).done(),
            e().done(),
        ),
        (
            "children-collection-started",
            e().audience(AudienceKind::Children, Some(13), DoesNot, false)
                .done(),
            e().audience(AudienceKind::Children, Some(13), Does, true)
                .done(),
        ),
        (
            "children-new-data",
            e().collect_from_children(&[D::ActivityUsage, D::Device])
                .done(),
            e().collect_from_children(&[D::ActivityUsage, D::DeviceInfo])
                .collect_from_children(&[D::IdentityName, D::DemographicAge])
                .done(),
        ),
        (
            "children-age-lowered",
            e().audience(AudienceKind::Children, Some(16), DoesNot, false)
                .done(),
            e().audience(AudienceKind::Children, Some(13), DoesNot, false)
                .done(),
        ),
        (
            "children-promise-lost",
            e().audience(AudienceKind::Children, Some(13), DoesNot, false)
                .done(),
            e().done(),
        ),
        (
            "children-parental-consent-removed",
            e().audience(AudienceKind::Children, Some(13), Does, true)
                .done(),
            e().audience(AudienceKind::Children, Some(13), Does, false)
                .done(),
        ),
        (
            "children-restricted",
            e().done(),
            e().audience(AudienceKind::Children, Some(13), DoesNot, false)
                .done(),
        ),
        (
            "transfer-new-destination",
            e().transfer(Some("United States"), Does, &[]).done(),
            e().transfer(Some("the US"), Does, &[])
                .transfer(Some("Singapore"), Does, &[])
                .done(),
        ),
        (
            "transfer-promise-lost",
            e().transfer(None, DoesNot, &[]).done(),
            e().done(),
        ),
        (
            "transfer-safeguard-changed",
            e().transfer(
                Some("United States"),
                Does,
                &[TransferMechanism::PrivacyShield],
            )
            .done(),
            e().transfer(
                Some("United States"),
                Does,
                &[TransferMechanism::StandardContractualClauses],
            )
            .done(),
        ),
        (
            "transfer-removed",
            e().transfer(Some("United States"), Does, &[]).done(),
            e().done(),
        ),
        (
            "controller-changed",
            e().controller("Stridewell Inc.").done(),
            e().controller("Stridewell Health Pte. Ltd.").done(),
        ),
        (
            "controller-stated",
            e().done(),
            e().controller("Acme Ltd").done(),
        ),
        (
            "change-policy-consent-removed",
            e().change(NoticeMethod::PersonalNotice, Some(ChoiceKind::OptIn), None)
                .done(),
            e().change(NoticeMethod::PersonalNotice, None, None).done(),
        ),
        (
            "change-policy-notice-removed",
            e().change(NoticeMethod::PersonalNotice, None, None).done(),
            e().change(NoticeMethod::PostedPolicy, None, None).done(),
        ),
        (
            "change-policy-notice-shortened",
            e().change(NoticeMethod::PersonalNotice, None, Some(30))
                .done(),
            e().change(NoticeMethod::PersonalNotice, None, Some(7))
                .done(),
        ),
        (
            "change-policy-strengthened",
            e().change(NoticeMethod::PostedPolicy, None, None).done(),
            e().change(NoticeMethod::PersonalNotice, None, None).done(),
        ),
        (
            "other-contact-changed",
            e().contact("privacy@a.example").done(),
            e().contact("privacy@b.example").done(),
        ),
        ("other-disputes-changed", e().done(), e().dispute().done()),
        ("other-laws-changed", e().done(), e().law(Law::Gdpr).done()),
        (
            "other-audience-changed",
            e().done(),
            e().audience(AudienceKind::California, None, Does, false)
                .done(),
        ),
    ]
}

#[test]
fn every_builtin_rule_is_reachable_and_decides_its_scenario() {
    let mut hit = BTreeSet::new();
    for (rule, old, new) in scenarios() {
        let r = policydiff::diff(&old, &new);
        let change = r
            .changes
            .iter()
            .find(|c| c.rule == rule)
            .unwrap_or_else(|| panic!("{rule}: not decided by its rule:\n{}", r.to_json()));
        // The verdict is the highest action.
        assert!(r.changes.iter().all(|c| c.action <= r.action), "{rule}");
        assert_eq!(r.reconsent_required, r.action == Action::Consent);
        assert!(
            !change.evidence.old.is_empty() || !change.evidence.new.is_empty(),
            "{rule}: no evidence"
        );
        assert!(
            !change.citation.is_empty() && !change.summary.contains('{'),
            "{rule}: {change:?}"
        );
        hit.insert(change.rule.clone());
        // Identical content: nothing at all.
        assert!(
            policydiff::diff(&new, &new).changes.is_empty(),
            "{rule}: diff(new, new)"
        );
    }
    // Text edits come from the text diff.
    let a = policydiff::import_text("# Policy\n\nWe collect your email address.").unwrap();
    let b =
        policydiff::import_text("# Policy\n\nWe collect the email address you give us.").unwrap();
    let r = policydiff::diff(&a, &b);
    assert_eq!(r.action, Action::None);
    assert_eq!(r.changes[0].rule, "other-text-edited");
    hit.insert(r.changes[0].rule.clone());

    let all: BTreeSet<String> = RuleSet::builtin(Profile::Default)
        .rules()
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let missing: Vec<_> = all.difference(&hit).collect();
    assert!(missing.is_empty(), "rules never reached: {missing:?}");
    let dims: BTreeSet<Dimension> = RuleSet::builtin(Profile::Default)
        .rules()
        .iter()
        .filter_map(|r| r.dimension)
        .collect();
    assert_eq!(dims.len(), Dimension::ALL.len());
}

#[test]
fn default_actions_follow_the_issue() {
    let action_of = |rule: &str| {
        let (_, old, new) = scenarios().into_iter().find(|s| s.0 == rule).unwrap();
        let r = policydiff::diff(&old, &new);
        r.changes.iter().find(|c| c.rule == rule).unwrap().action
    };
    for rule in [
        "data-new-category",
        "purpose-new",
        "purpose-new-high-risk",
        "sharing-new-recipient-kind",
        "sharing-sale-started",
        "sharing-for-advertising",
        "retention-longer",
        "rights-removed",
        "rights-weakened",
        "choices-removed",
        "change-policy-notice-removed",
        "change-policy-consent-removed",
        "controller-changed",
        "transfer-new-destination",
        "children-collection-started",
        "children-new-data",
        "children-age-lowered",
        "tracking-third-party-added",
        "data-promise-lost",
        "sharing-promise-lost",
    ] {
        assert_eq!(action_of(rule), Action::Consent, "{rule}");
    }
    for rule in [
        "sharing-new-named-recipient",
        "security-added",
        "data-no-longer-collected",
        "retention-shorter",
        "purpose-removed",
    ] {
        assert_eq!(action_of(rule), Action::Notice, "{rule}");
    }
    for rule in ["other-laws-changed", "other-contact-changed"] {
        assert_eq!(action_of(rule), Action::None, "{rule}");
    }
}

#[test]
fn profiles_change_actions_and_citations() {
    let old = p().done();
    let new = p().collect(D::ContactEmail, Does).done();
    let decide = |profile| {
        let r = policydiff::diff_with(&old, &new, &DiffOptions::new().profile(profile)).unwrap();
        assert_eq!(r.profile, profile.as_str());
        (r.action, r.changes[0].citation.clone())
    };
    let (default, default_cite) = decide(Profile::Default);
    let (gdpr, gdpr_cite) = decide(Profile::Gdpr);
    let (ftc, _) = decide(Profile::Ftc);
    let (ccpa, ccpa_cite) = decide(Profile::Ccpa);
    let (coppa, _) = decide(Profile::Coppa);
    assert_eq!(
        (default, gdpr, ftc, ccpa, coppa),
        (
            Action::Consent,
            Action::Notice,
            Action::Notice,
            Action::Notice,
            Action::Consent
        )
    );
    assert!(
        gdpr_cite.contains("GDPR") && !gdpr_cite.contains("CCPA"),
        "{gdpr_cite}"
    );
    assert!(ccpa_cite.contains("1798.100"), "{ccpa_cite}");
    assert!(default_cite.contains("GDPR") && default_cite.contains("CCPA"));
    // For every scenario, the default profile is at least as strict as every other.
    for (rule, old, new) in scenarios() {
        let d = policydiff::diff(&old, &new).action;
        for p in Profile::ALL {
            let a = policydiff::diff_with(&old, &new, &DiffOptions::new().profile(*p))
                .unwrap()
                .action;
            assert!(a <= d, "{rule}: {p} is stricter than default");
        }
    }
}

#[test]
fn custom_rules_override_builtin() {
    let rules = RuleSet::from_toml(
        r#"
name = "acme"
[[rule]]
id = "acme-payments"
event = "sharing.new_named_recipient"
subject = ["Pay*"]
action = "consent"
materiality = "material"
summary = "New payment company {subject} (was only {old})"
citation = "Acme data policy 4.2"
"#,
    )
    .unwrap();
    let old = p()
        .share(R::PaymentProcessor, Some("Stripe"), Does, &[])
        .done();
    let new = p()
        .share(R::PaymentProcessor, Some("Stripe"), Does, &[])
        .share(R::PaymentProcessor, Some("PayPal"), Does, &[])
        .done();
    let r = policydiff::diff_with(&old, &new, &DiffOptions::new().rules(rules)).unwrap();
    assert_eq!(r.action, Action::Consent);
    assert_eq!(r.changes[0].rule, "acme-payments");
    assert_eq!(
        r.changes[0].summary,
        "New payment company PayPal (was only payment_processor)"
    );
    assert!(r.rules.custom && r.rules.name == "acme");
    // Built-in rules still decide what the user file does not cover.
    let r = policydiff::diff_with(&old, &p().done(), &DiffOptions::new()).unwrap();
    assert_eq!(r.changes[0].rule, "sharing-recipient-removed");
    // Without the built-in table, unmatched events fail safe.
    let only = RuleSet::from_toml("extends_builtin = false\n").unwrap();
    let r = policydiff::diff_with(
        &p().done(),
        &p().collect(D::ContactEmail, Does).done(),
        &DiffOptions::new().rules(only),
    )
    .unwrap();
    assert_eq!(
        (r.action, r.changes[0].rule.as_str()),
        (Action::Consent, "unmatched")
    );
}

#[test]
fn check_thresholds() {
    let old = p()
        .share(R::PaymentProcessor, Some("Stripe"), Does, &[])
        .done();
    let notice = p()
        .share(R::PaymentProcessor, Some("Stripe"), Does, &[])
        .share(R::PaymentProcessor, Some("PayPal"), Does, &[])
        .done();
    let r = policydiff::diff(&old, &notice);
    assert_eq!(r.action, Action::Notice);
    assert!(!policydiff::check(&r, FailOn::Consent).failed);
    let out = policydiff::check(&r, FailOn::Notice);
    assert!(out.failed);
    assert!(
        out.reason
            .starts_with("notice required: New named recipient"),
        "{}",
        out.reason
    );
    assert!(out.reason.contains("[sharing-new-named-recipient]"));
    assert!(policydiff::check(&r, FailOn::Any).failed);
    let same = policydiff::diff(&old, &old);
    for f in [FailOn::Consent, FailOn::Notice, FailOn::Any] {
        assert!(!policydiff::check(&same, f).failed);
    }
    assert!("bogus".parse::<FailOn>().is_err());
    assert_eq!("NOTICE".parse::<FailOn>().unwrap(), FailOn::Notice);
}

#[test]
fn incompatible_schema_version_is_an_error() {
    let mut old = p().done();
    old.schema_version = "2.0".into();
    let err = policydiff::diff_with(&old, &p().done(), &DiffOptions::new()).unwrap_err();
    assert_eq!(err.kind(), policydiff::ErrorKind::Format);
    assert!(err.to_string().contains("schema_version `2.0`"), "{err}");
}

#[test]
fn report_is_deterministic_and_round_trips() {
    for (_, old, new) in scenarios().into_iter().take(20) {
        let a = policydiff::diff(&old, &new).to_json();
        let b = policydiff::diff(&old, &new).to_json();
        assert_eq!(a, b);
        let back = policydiff::DiffReport::from_json(&a).unwrap();
        assert_eq!(back.to_json(), a);
    }
    let err = policydiff::DiffReport::from_json("{\"schema_version\": 1}").unwrap_err();
    assert_eq!(err.kind(), policydiff::ErrorKind::Json);
}

#[test]
fn statements_quoting_unchanged_sentences_are_not_changes() {
    // Sentences the extractor finds nothing in, so that only the statements
    // added by hand below differ between the two versions.
    let text = "# Privacy\n\nThis notice was written in Vermont.\n\nIt has two paragraphs.";
    let old = policydiff::import_text(text).unwrap();
    let mut new =
        policydiff::import_text(&format!("{text}\n\nA third paragraph follows here.")).unwrap();
    assert!(old.collection.is_empty() && new.collection.is_empty());
    let sentence = |p: &Policy, k: usize| {
        let s = &p.sections[0].sentences[k];
        vec![Evidence::Text {
            span: s.span,
            line: s.line,
            section: vec![],
            quote: s.text.clone(),
            source_line: None,
        }]
    };
    // Seen only in the new version, but quoting a sentence both contain:
    // an extraction difference, not a change.
    let add = |p: &mut Policy, cat: DataCategory, ev: Vec<Evidence>| {
        p.collection.push(Collection {
            category: cat,
            polarity: Does,
            actor: Actor::FirstParty,
            sources: vec![],
            requirement: None,
            purposes: vec![],
            terms: vec![],
            conditions: vec![],
            evidence: ev,
        });
    };
    let unchanged = sentence(&new, 0);
    add(&mut new, D::ContactEmail, unchanged);
    let r = policydiff::diff(&old, &new);
    assert!(
        r.changes.iter().all(|c| c.dimension != Dimension::Data),
        "{}",
        r.to_json()
    );
    // Quoting the new sentence: a real change.
    let fresh = sentence(&new, 2);
    add(&mut new, D::LocationPrecise, fresh);
    let r = policydiff::diff(&old, &new);
    assert_eq!(r.action, Action::Consent);
    assert!(r.changes.iter().any(|c| c.subject == "location.precise"));
    assert!(!r.changes.iter().any(|c| c.subject == "contact.email"));
}

#[test]
fn a_scoped_promise_gone_with_the_practice_restricts() {
    use TrackingParty::ThirdParty as Third;
    use TrackingTechnology::WebBeacon as Beacon;
    // Old: pixels on the website, a promise of none in the apps. New: no
    // pixels anywhere, and the promise is no longer needed.
    let old = p()
        .track(Beacon, Third, Does, &[], &["Meta"])
        .track(Beacon, Third, DoesNot, &[], &[])
        .done();
    let new = p().done();
    assert_scoped(&old, &new);
    // The promise names no party ("we do not use pixels in our apps").
    let mut unscoped = old.clone();
    unscoped.tracking[1].party = None;
    assert_scoped(&unscoped, &new);
    // A promise alone that disappears is still lost.
    let old = p().track(Beacon, Third, DoesNot, &[], &[]).done();
    let r = policydiff::diff(&old, &p().done());
    assert_eq!(r.action, Action::Consent);
}

fn assert_scoped(old: &Policy, new: &Policy) {
    let r = policydiff::diff(old, new);
    let rules: Vec<&str> = r.changes.iter().map(|c| c.rule.as_str()).collect();
    assert!(rules.contains(&"tracking-removed"), "{rules:?}");
    assert!(!rules.contains(&"tracking-promise-lost"), "{rules:?}");
    assert_eq!(r.action, Action::Notice);
}
