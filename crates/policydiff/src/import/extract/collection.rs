//! Collection of personal data, and the purposes it is used for.

use super::sentence::{ClauseKind, Verb, kw};
use super::{Carry, Ctx, Topics};
use crate::lexicon::Term;
use crate::model::{
    Actor, Collection, CollectionSource, DataCategory, Polarity, Policy, Purpose, PurposeStatement,
};

fn provide_is_sharing(ctx: &Ctx<'_>, i: usize) -> bool {
    let an = ctx.an;
    let clause = an.words[i].clause;
    let vpos = an.words[i].end;
    // "provided to other parties", "send ... to Braintree", "provided by PayPal".
    let after_recipient = an
        .hits_in_clause(clause)
        .any(|h| h.start >= vpos && matches!(h.term, Term::Recipient(_) | Term::Company(_)));
    let next = if i + 1 < an.words.len() {
        an.word(i + 1)
    } else {
        ""
    };
    after_recipient || next == "by"
}

/// Whether the subject of the verb at `i` is the first party: "we use",
/// "is used", or a subject that is not the user, a browser or a third party.
fn first_party_subject(ctx: &Ctx<'_>, i: usize) -> bool {
    let an = ctx.an;
    if an.passive(i) {
        return true;
    }
    let clause = an.words[i].clause;
    let mut first = false;
    for j in (0..i).rev() {
        if an.words[j].clause != clause {
            break;
        }
        match an.word(j) {
            "we" | "us" | "our" => first = true,
            "you" | "your" | "browser" | "they" | "it" | "users" | "visitors" | "customers"
            | "user" | "visitor"
                if !first =>
            {
                return false;
            }
            _ => {}
        }
    }
    first || !an.third_party_subject(i)
}

pub(super) fn extract(ctx: &Ctx<'_>, carry: &Carry, policy: &mut Policy) {
    let an = ctx.an;
    // Under a heading about changes to the policy, a sentence about changes
    // ("we will notify you by email ... if the change affects how we use
    // information") describes how changes are made, not what is collected
    // or why.
    if ctx.topics.any(Topics::CHANGE) && an.kw & kw::CHANGE != 0 {
        return;
    }
    let verbs = an.verbs();
    let purposes = an.purposes();
    let mut found: Vec<(
        DataCategory,
        Polarity,
        Actor,
        Option<CollectionSource>,
        String,
    )> = Vec::new();
    let mut any_use_verb = false;
    let mut negated_use = false;
    let has_share_verb = verbs.iter().any(|&(i, v)| {
        matches!(v, Verb::Share | Verb::Sell)
            || v == Verb::Provide && provide_is_sharing(ctx, i)
            || v == Verb::Receive && an.third_party_subject(i)
    });
    for &(i, verb) in &verbs {
        let clause = an.words[i].clause;
        if an.clauses[clause].kind == ClauseKind::Condition {
            continue;
        }
        let source = match verb {
            Verb::Collect | Verb::Use => {
                if verb == Verb::Use && !first_party_subject(ctx, i) {
                    continue;
                }
                if an.has("automatically")
                    || an.has_word(&["log", "logs", "logged", "record", "recorded", "records"])
                {
                    Some(CollectionSource::Observed)
                } else if an.has("from third part")
                    || an.has("from our partners")
                    || an.has("from other sources")
                {
                    Some(CollectionSource::ThirdParty)
                } else {
                    None
                }
            }
            Verb::Provide => {
                if provide_is_sharing(ctx, i) {
                    continue;
                }
                Some(CollectionSource::Provided)
            }
            Verb::Receive => {
                if an.third_party_subject(i) {
                    continue;
                }
                None
            }
            _ => continue,
        };
        if an.reported(i) {
            continue;
        }
        let negated = an.negated_in_context(i, &verbs);
        if matches!(verb, Verb::Use | Verb::Collect) {
            any_use_verb = true;
            negated_use |= negated;
        }
        let actor = if matches!(verb, Verb::Collect | Verb::Use) && an.third_party_subject(i) {
            Actor::ThirdParty
        } else {
            Actor::FirstParty
        };
        let polarity = if negated {
            Polarity::DoesNot
        } else {
            Polarity::Does
        };
        let mut data: Vec<(DataCategory, String)> = an
            .data_in(clause)
            .into_iter()
            .map(|(d, t)| (d, t.to_owned()))
            .collect();
        if data.is_empty() && an.generic_information(clause) {
            // "Use" of unnamed information is too vague unless it refers back.
            let refers_back = an.has_word(&["this", "such", "these", "that", "it"]);
            if refers_back && !carry.prev_data.is_empty() && verb != Verb::Provide {
                data = carry
                    .prev_data
                    .iter()
                    .map(|d| (*d, String::new()))
                    .collect();
            } else if verb != Verb::Use
                || an.has("personal")
                || an.has("information visitors provide")
                || an.has("information you provide")
            {
                data.push((DataCategory::Personal, String::new()));
            }
        }
        // "we use cookies" names no data: it is tracking.
        for (d, term) in data {
            if !found
                .iter()
                .any(|f| f.0 == d && f.1 == polarity && f.2 == actor)
            {
                found.push((d, polarity, actor, source, term));
            } else if !term.is_empty()
                && let Some(f) = found
                    .iter_mut()
                    .find(|f| f.0 == d && f.1 == polarity && f.2 == actor)
                && f.4.is_empty()
            {
                f.4 = term;
            }
        }
    }
    // Under a collection heading, a list item or a sentence after "the
    // following:" that only names data states what is collected.
    if found.is_empty()
        && ctx.topics.any(Topics::COLLECTION)
        && !has_share_verb
        && (ctx.is_fragment() || ctx.sentence.text.contains(':'))
    {
        for (d, t) in an.data_all() {
            if !found.iter().any(|f| f.0 == d) {
                found.push((d, Polarity::Does, Actor::FirstParty, None, t.to_owned()));
            }
        }
    }
    let purposes_here: Vec<Purpose> = if found.iter().any(|f| f.1 == Polarity::Does) || any_use_verb
    {
        purposes.clone()
    } else {
        Vec::new()
    };
    for (category, polarity, actor, source, term) in &found {
        // Collection of specific terms: keep every term of the category.
        let terms: Vec<String> = an
            .hits
            .iter()
            .filter(|h| h.term == Term::Data(*category))
            .map(|h| an.text_of(h.start, h.end).to_owned())
            .chain((!term.is_empty()).then(|| term.clone()))
            .collect();
        policy.collection.push(Collection {
            category: *category,
            polarity: *polarity,
            actor: *actor,
            sources: source.iter().copied().collect(),
            requirement: if an.has("required") || an.has("must provide") {
                Some(crate::model::Requirement::Required)
            } else if an.has("optional") || an.has("voluntar") {
                Some(crate::model::Requirement::Optional)
            } else {
                None
            },
            purposes: if polarity.is_does() {
                purposes_here.clone()
            } else {
                Vec::new()
            },
            terms,
            conditions: an.conditions.clone(),
            evidence: vec![ctx.evidence()],
        });
    }

    // Purposes: stated with a use/collect verb, or under a heading about
    // why data is used ("What do we use your information for?").
    let purpose_context = any_use_verb
        || !found.is_empty()
        || ctx.topics.any(Topics::USE)
        || an.has("helps us")
        || an.has("enables us")
        || an.has("in order to");
    if purposes.is_empty() || !purpose_context {
        return;
    }
    // A sentence that only shares states the recipient's purposes.
    if has_share_verb && !any_use_verb && found.is_empty() {
        return;
    }
    // "We use cookies to remember your preferences" states what the cookies
    // are for: those purposes belong to the tracking statement, not to the
    // purposes of processing the personal data the policy lists.
    if found.is_empty() && an.hits.iter().any(|h| matches!(h.term, Term::Tracking(_))) {
        return;
    }
    let polarity = if negated_use && found.iter().all(|f| f.1 == Polarity::DoesNot) {
        Polarity::DoesNot
    } else {
        Polarity::Does
    };
    let data: Vec<DataCategory> = found
        .iter()
        .filter(|f| f.1 == Polarity::Does)
        .map(|f| f.0)
        .collect();
    // With no verb of use, a purpose named under a heading about use is
    // negated by the words before it ("we do not engage in profiling").
    // Purposes after a negated one in its clause share its negation
    // ("no profiling of consumers in furtherance of automated decisions").
    let mut negated_purpose: Vec<(Purpose, bool)> = Vec::new();
    let verbless = !any_use_verb && found.is_empty();
    if verbless {
        let mut scope: Option<usize> = None;
        for h in &an.hits {
            if let Term::Purpose(p) = h.term {
                let clause = an.clause_of(h.start);
                let neg = an.negated_at(h.start) || scope == Some(clause);
                if neg {
                    scope = Some(clause);
                }
                negated_purpose.push((p, neg));
            }
        }
    }
    for p in purposes {
        let polarity = if verbless
            && negated_purpose
                .iter()
                .filter(|(q, _)| *q == p)
                .all(|(_, neg)| *neg)
        {
            Polarity::DoesNot
        } else {
            polarity
        };
        policy.purposes.push(PurposeStatement {
            purpose: p,
            polarity,
            data: data.clone(),
            requirement: None,
            description: None,
            conditions: an.conditions.clone(),
            evidence: vec![ctx.evidence()],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Actor, DataCategory, Polarity, Purpose};

    fn p(text: &str) -> crate::Policy {
        crate::import_text(text).unwrap()
    }

    #[test]
    fn list_of_data_with_purpose() {
        let pol = p("We collect your name, email address, and phone number to process your order.");
        let cats: Vec<_> = pol.collection.iter().map(|c| c.category).collect();
        assert!(cats.contains(&DataCategory::IdentityName));
        assert!(cats.contains(&DataCategory::ContactEmail));
        assert!(cats.contains(&DataCategory::ContactPhone));
        assert!(
            pol.purposes
                .iter()
                .any(|s| s.purpose == Purpose::ServiceProvision)
        );
    }

    #[test]
    fn the_alternative_not_chosen_is_not_collected() {
        let cats =
            |t: &str| -> Vec<DataCategory> { p(t).collection.iter().map(|c| c.category).collect() };
        assert_eq!(
            cats("Instead of your email address, we ask for your phone number when you register."),
            vec![DataCategory::ContactPhone]
        );
        assert!(
            cats("We collect your Social Security number.")
                .contains(&DataCategory::IdentityGovernmentId)
        );
        assert!(
            !cats("We collect the member ID number, rather than a Social Security number.")
                .contains(&DataCategory::IdentityGovernmentId)
        );
        assert_eq!(
            cats("We collect your name, not your email address."),
            vec![DataCategory::IdentityName]
        );
        // "rather" alone, or as part of another word, changes nothing.
        assert_eq!(
            cats("We collect your name rather quickly."),
            vec![DataCategory::IdentityName]
        );
    }

    #[test]
    fn contacts_the_verb_is_not_the_address_book() {
        let cats =
            |t: &str| -> Vec<DataCategory> { p(t).collection.iter().map(|c| c.category).collect() };
        assert!(
            !cats("Our app periodically contacts our servers to collect device information.")
                .contains(&DataCategory::SocialContacts)
        );
        assert!(
            !cats("We collect information when a user contacts us via email.")
                .contains(&DataCategory::SocialContacts)
        );
        assert!(
            cats("We collect your contacts when you sync your address book.")
                .contains(&DataCategory::SocialContacts)
        );
        assert!(
            cats("With your permission we collect the names of your contacts.")
                .contains(&DataCategory::SocialContacts)
        );
    }

    #[test]
    fn a_participle_after_data_takes_the_negation_of_its_verb() {
        let pol = p(
            "We do not sell Personal Data collected about you, or share Personal Data collected about you for cross-context behavioural advertising.",
        );
        assert!(
            pol.purposes
                .iter()
                .all(|s| s.purpose != Purpose::TargetedAdvertising || !s.polarity.is_does()),
            "{:?}",
            pol.purposes
        );
        // Without a negation the participle changes nothing.
        let pol = p("We use information collected from cookies to show you relevant ads.");
        assert!(pol.collection.iter().all(|c| c.polarity.is_does()));
        // "the processing of" is the noun: no practice.
        let pol = p(
            "Opt out of the processing of your personal information for purposes of profiling, if applicable.",
        );
        assert!(pol.purposes.is_empty(), "{:?}", pol.purposes);
    }

    #[test]
    fn a_purpose_negated_without_a_verb_of_use() {
        let pol = p(
            "# How we use your information\n\nWe do not engage in profiling of consumers in furtherance of automated decisions that produce legal effects.\n",
        );
        assert!(
            pol.purposes.iter().all(|s| !s.polarity.is_does()),
            "{:?}",
            pol.purposes
        );
        assert!(!pol.purposes.is_empty());
        let pol = p(
            "# How we use your information\n\nWe engage in profiling to personalise your feed.\n",
        );
        assert!(
            pol.purposes
                .iter()
                .any(|s| s.purpose == Purpose::Profiling && s.polarity.is_does()),
            "{:?}",
            pol.purposes
        );
    }

    #[test]
    fn negated_collection() {
        let pol = p("We do not receive credit card information.");
        assert_eq!(pol.collection.len(), 1);
        assert_eq!(pol.collection[0].category, DataCategory::FinancialCard);
        assert_eq!(pol.collection[0].polarity, Polarity::DoesNot);
    }

    #[test]
    fn third_party_actor_and_condition() {
        let pol = p("Advertisers may collect your IP address when you visit our site.");
        assert_eq!(pol.collection[0].actor, Actor::ThirdParty);
        let pol = p("If you contact us, we will record your email address.");
        let c = pol
            .collection
            .iter()
            .find(|c| c.category == DataCategory::ContactEmail)
            .unwrap();
        assert_eq!(c.conditions, vec!["If you contact us".to_owned()]);
    }

    #[test]
    fn nothing_asserted_without_a_verb() {
        let pol = p("Your email address is important.");
        assert!(pol.collection.is_empty());
    }

    #[test]
    fn change_notices_state_no_purpose() {
        let pol = p(
            "# Changes to this policy\n\nIf a change is material, we will notify you by email, and if it affects how we use your information we will ask for your consent.\n",
        );
        assert!(pol.purposes.is_empty(), "{:?}", pol.purposes);
        assert!(pol.collection.is_empty());
    }

    #[test]
    fn negated_purpose() {
        let pol = p("We do not use your notes to train machine-learning models.");
        assert!(
            pol.purposes
                .iter()
                .any(|s| s.purpose == Purpose::AiTraining && s.polarity == Polarity::DoesNot)
        );
    }

    #[test]
    fn measures_taken_are_no_measurement() {
        let purposes =
            |t: &str| -> Vec<Purpose> { p(t).purposes.iter().map(|s| s.purpose).collect() };
        assert!(
            !purposes("We use technical and organisational measures to protect the personal data we collect.")
                .contains(&Purpose::Analytics)
        );
        assert!(
            purposes("We use your usage data to measure the reach of our newsletters.")
                .contains(&Purpose::Analytics)
        );
    }
}
