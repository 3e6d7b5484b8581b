//! Disclosure to recipients (by kind and by name) and sale.

use super::sentence::{ClauseKind, Verb};
use super::{Carry, Ctx, Topics};
use crate::lexicon::{Company, Term};
use crate::model::{
    AudienceKind, DataCategory, Polarity, Policy, Purpose, RecipientKind, Sale, Sharing,
};

/// Share verbs that imply a recipient even when none is named.
/// Whether the text between two names only joins them: commas, "and",
/// "or", "&", "/".
fn only_coordination(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .all(|w| matches!(w, "" | "and" | "or" | "&" | "/"))
}

fn implies_recipient(w: &str) -> bool {
    matches!(
        w,
        "share"
            | "shares"
            | "shared"
            | "sharing"
            | "disclose"
            | "discloses"
            | "disclosed"
            | "disclosing"
            | "release"
            | "releases"
            | "released"
            | "distribute"
            | "distributes"
            | "distributed"
            | "sell"
            | "sells"
            | "sold"
            | "selling"
            | "rent"
            | "rents"
            | "rented"
            | "renting"
            | "lease"
            | "leased"
            | "trade"
            | "traded"
            | "trades"
            | "exchange"
            | "exchanged"
            | "reveal"
            | "revealed"
    )
}

struct Found {
    recipient: RecipientKind,
    name: Option<String>,
    polarity: Polarity,
    data: Vec<DataCategory>,
}

impl Found {
    /// A named company as the recipient, of the kind the lexicon gives it.
    fn company(co: &Company, polarity: Polarity, data: Vec<DataCategory>) -> Found {
        Found {
            recipient: co.kind,
            name: Some(co.name.clone()),
            polarity,
            data,
        }
    }
}

fn push(found: &mut Vec<Found>, f: Found) {
    if let Some(e) = found
        .iter_mut()
        .find(|e| e.recipient == f.recipient && e.name == f.name && e.polarity == f.polarity)
    {
        for d in f.data {
            if !e.data.contains(&d) {
                e.data.push(d);
            }
        }
    } else {
        found.push(f);
    }
}

fn clause_data(ctx: &Ctx<'_>, carry: &Carry, clause: usize) -> Vec<DataCategory> {
    let an = ctx.an;
    let mut data: Vec<DataCategory> = an.data_in(clause).into_iter().map(|(d, _)| d).collect();
    if data.is_empty() {
        // The data may sit in another clause of the sentence
        // ("your contact information ... which may be shared").
        data = an.data_all().into_iter().map(|(d, _)| d).collect();
    }
    if data.is_empty() && (0..an.clauses.len()).any(|c| an.generic_information(c)) {
        if an.has_word(&["this", "such", "these", "it"]) && !carry.prev_data.is_empty() {
            data.clone_from(&carry.prev_data);
        } else {
            data.push(DataCategory::Personal);
        }
    }
    data.sort();
    data.dedup();
    data
}

pub(super) fn extract(ctx: &Ctx<'_>, carry: &mut Carry, policy: &mut Policy) {
    let an = ctx.an;
    let verbs = an.verbs();
    let companies = ctx.lexicon.companies();
    let mut found: Vec<Found> = Vec::new();
    let mut sale: Vec<(Polarity, Vec<DataCategory>, Vec<RecipientKind>)> = Vec::new();
    let mut negated_share_clauses: Vec<usize> = Vec::new();
    let regions = an.hits.iter().any(|h| {
        matches!(h.term, Term::Audience(a) if !matches!(a, AudienceKind::Children | AudienceKind::Teens))
    });

    for &(i, verb) in &verbs {
        let clause = an.words[i].clause;
        if an.clauses[clause].kind == ClauseKind::Condition {
            continue;
        }
        let vstart = an.words[i].start;
        let vend = an.words[i].end;
        let next = if i + 1 < an.words.len() {
            an.word(i + 1)
        } else {
            ""
        };
        let is_share = match verb {
            Verb::Share | Verb::Sell => true,
            Verb::Provide => an.hits_in_clause(clause).any(|h| {
                h.start >= vend && matches!(h.term, Term::Recipient(_) | Term::Company(_))
            }),
            Verb::Receive => an.third_party_subject(i),
            Verb::Use => {
                // "we use PayPal", "we use the services provided by Stripe".
                !an.negated(i)
                    && an.hits_in_clause(clause).any(|h| {
                        h.start >= vend
                            && matches!(
                                h.term,
                                Term::Company(_)
                                    | Term::Recipient(
                                        RecipientKind::ServiceProvider
                                            | RecipientKind::PaymentProcessor
                                            | RecipientKind::Delivery
                                    )
                            )
                    })
            }
            _ => false,
        };
        if !is_share {
            continue;
        }
        // "Our affiliate, Acme Books, which receives your name": a relative
        // clause about a recipient states what it receives.
        let relative_receive = verb == Verb::Receive && i > 0 && an.word(i - 1) == "which";
        if an.reported(i) && !relative_receive {
            continue;
        }
        let negated = an.negated(i);
        let polarity = if negated {
            Polarity::DoesNot
        } else {
            Polarity::Does
        };
        if negated && matches!(verb, Verb::Share | Verb::Sell | Verb::Provide) {
            negated_share_clauses.push(clause);
        }
        let data = clause_data(ctx, carry, clause);
        // "sell products", "share your thoughts": not personal data.
        if data.is_empty()
            && matches!(verb, Verb::Share | Verb::Sell)
            && !an
                .hits_in_clause(clause)
                .any(|h| matches!(h.term, Term::Company(_)))
        {
            continue;
        }
        let mut recipients: Vec<RecipientKind> = Vec::new();
        let mut names: Vec<usize> = Vec::new();
        for h in an.hits_in_clause(clause) {
            // The recipient of "receive" is its subject; otherwise the object.
            let placed = if verb == Verb::Receive {
                h.end <= vstart
            } else {
                h.start >= vend || verb == Verb::Share && an.passive(i)
            };
            if !placed && verb != Verb::Sell {
                continue;
            }
            match h.term {
                // "3rd party credit card processors": the specific kind wins.
                Term::Recipient(RecipientKind::ThirdParty)
                    if an.hits.iter().any(|o| {
                        o.start > h.end
                            && o.start <= h.end + 1
                            && matches!(o.term, Term::Recipient(_))
                    }) => {}
                Term::Recipient(r) => recipients.push(r),
                Term::Company(c) => names.push(c),
                _ => {}
            }
        }
        let word = an.word(i);
        let after = an.folded[vend..].trim_start();
        let before = an.folded[..vstart].trim_end();
        if ["in this", "herein", "below", "above", "in our", "in the "]
            .iter()
            .any(|p| after.starts_with(p))
            || before.ends_with("what is")
            || before.ends_with(" as")
        {
            continue;
        }
        if recipients.is_empty() && names.is_empty() {
            if !implies_recipient(word) || (regions && word.starts_with("transfer")) {
                continue;
            }
            if matches!(verb, Verb::Share)
                && next == "with"
                && an.has_word(&["you"])
                && !an.has("third")
            {
                continue;
            }
            recipients.push(RecipientKind::ThirdParty);
        }
        if verb == Verb::Sell {
            sale.push((polarity, data.clone(), recipients.clone()));
        }
        for r in recipients {
            push(
                &mut found,
                Found {
                    recipient: r,
                    name: None,
                    polarity,
                    data: data.clone(),
                },
            );
        }
        for c in names {
            if let Some(co) = companies.get(c) {
                push(&mut found, Found::company(co, polarity, data.clone()));
            }
        }
    }

    // "... hosted by RegNow", "provided by PayPal", "processed by our payment
    // processor", "through Stripe": the named party receives the data.
    for h in &an.hits {
        let before = an.folded[..h.start].trim_end();
        let by = [
            "hosted by",
            "provided by",
            "processed by",
            "operated by",
            "powered by",
            "through",
            "via",
            "handled by",
            "supplied by",
        ]
        .iter()
        .any(|p| before.ends_with(p));
        if !by || an.clauses[an.clause_of(h.start)].kind == ClauseKind::Condition {
            continue;
        }
        let clause = an.clause_of(h.start);
        let data = clause_data(ctx, carry, clause);
        match h.term {
            Term::Company(c) => {
                if let Some(co) = companies.get(c) {
                    push(&mut found, Found::company(co, Polarity::Does, data));
                }
            }
            Term::Recipient(r) => {
                // "hosted by 3rd party credit card processors": the kind that follows.
                let next = an
                    .hits
                    .iter()
                    .find(|o| o.start > h.end && o.start <= h.end + 1)
                    .and_then(|o| match o.term {
                        Term::Recipient(k) => Some(k),
                        _ => None,
                    });
                let kind = next.unwrap_or(r);
                if kind != RecipientKind::ThirdParty || next.is_none() {
                    push(
                        &mut found,
                        Found {
                            recipient: kind,
                            name: None,
                            polarity: Polarity::Does,
                            data,
                        },
                    );
                }
            }
            _ => {}
        }
    }

    // Exceptions: "we never share ... except with service providers".
    for (ci, c) in an.clauses.iter().enumerate() {
        let follows_negation =
            c.kind == ClauseKind::Exception && ci > 0 && negated_share_clauses.contains(&(ci - 1));
        let this_does_not_include = carry.prev_negated_sharing
            && ci == 0
            && (an.has("does not include")
                || an.has("does not apply to")
                || an.has("do not include"));
        if !follows_negation && !this_does_not_include {
            continue;
        }
        let data = if follows_negation {
            clause_data(ctx, carry, ci - 1)
        } else {
            carry.prev_data.clone()
        };
        for h in an.hits_in_clause(ci) {
            match h.term {
                Term::Recipient(r) => {
                    found.retain(|f| !(f.recipient == r && f.polarity == Polarity::DoesNot));
                    push(
                        &mut found,
                        Found {
                            recipient: r,
                            name: None,
                            polarity: Polarity::Does,
                            data: data.clone(),
                        },
                    );
                }
                Term::Company(co) => {
                    if let Some(co) = companies.get(co) {
                        push(&mut found, Found::company(co, Polarity::Does, data.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    // A list of named recipients after a sentence about them: "They include
    // Amazon Web Services (hosting), Stripe and PayPal (payments)".
    if found.is_empty()
        && (carry.prev_recipients || ctx.topics.any(Topics::SHARING))
        && an.has_word(&["include", "includes", "including"])
        && !(0..an.words.len()).any(|i| an.negated(i))
    {
        for h in &an.hits {
            if let Term::Company(c) = h.term
                && let Some(co) = companies.get(c)
            {
                push(&mut found, Found::company(co, Polarity::Does, Vec::new()));
            }
        }
    }

    // A vendor list: "Plimus: http://..." under a purchase or sharing
    // heading, or after a sentence about vendors.
    let label_line = an.words.len() <= 8
        || an
            .text
            .split_once(':')
            .is_some_and(|(a, _)| a.split_whitespace().count() <= 3);
    if found.is_empty()
        && label_line
        && (ctx.topics.any(Topics::SHARING | Topics::PURCHASE) || carry.prev_recipients)
    {
        // The companies the line starts with, with those coordinated with
        // them: "Stripe and PayPal, which process payments".
        let mut list_end = None;
        for h in &an.hits {
            let Term::Company(c) = h.term else { continue };
            let leads = match list_end {
                None => h.start <= 2,
                Some(end) => h.start >= end && only_coordination(&an.folded[end..h.start]),
            };
            if !leads {
                if list_end.is_some() {
                    break;
                }
                continue;
            }
            if let Some(co) = companies.get(c) {
                push(&mut found, Found::company(co, Polarity::Does, Vec::new()));
            }
            list_end = Some(h.end);
        }
    }

    // Under a sharing heading, a list item naming a kind of recipient.
    if found.is_empty() && ctx.topics.any(Topics::SHARING) && ctx.is_fragment() {
        for h in &an.hits {
            match h.term {
                Term::Recipient(r) if r != RecipientKind::ThirdParty => {
                    push(
                        &mut found,
                        Found {
                            recipient: r,
                            name: None,
                            polarity: Polarity::Does,
                            data: Vec::new(),
                        },
                    );
                }
                Term::Company(c) => {
                    if let Some(co) = companies.get(c) {
                        push(&mut found, Found::company(co, Polarity::Does, Vec::new()));
                    }
                }
                _ => {}
            }
        }
    }

    carry.prev_negated_sharing = !negated_share_clauses.is_empty();
    carry.prev_recipients = an.hits.iter().any(|h| matches!(h.term, Term::Recipient(_)))
        || (carry.prev_recipients && !found.is_empty());

    let purposes: Vec<Purpose> = an.purposes();
    for f in found {
        policy.sharing.push(Sharing {
            recipient: f.recipient,
            name: f.name,
            polarity: f.polarity,
            data: f.data,
            purposes: if f.polarity.is_does() {
                purposes.clone()
            } else {
                Vec::new()
            },
            requirement: None,
            description: None,
            conditions: an.conditions.clone(),
            evidence: vec![ctx.evidence()],
        });
    }
    for (polarity, data, recipients) in sale {
        policy.sale.push(Sale {
            polarity,
            data,
            recipients: recipients
                .into_iter()
                .filter(|r| *r != RecipientKind::ThirdParty)
                .collect(),
            evidence: vec![ctx.evidence()],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{DataCategory, Polarity, RecipientKind};

    fn p(text: &str) -> crate::Policy {
        crate::import_text(text).unwrap()
    }

    #[test]
    fn do_not_sell_or_rent() {
        let pol = p("We do not sell or rent your personal information to third parties.");
        assert_eq!(pol.sale.len(), 1);
        assert_eq!(pol.sale[0].polarity, Polarity::DoesNot);
        assert!(pol.sharing.iter().all(|s| s.polarity == Polarity::DoesNot));
    }

    #[test]
    fn never_share_except_with_service_providers() {
        let pol = p("We never share your email address except with our service providers.");
        assert!(
            pol.sharing
                .iter()
                .any(|s| s.recipient == RecipientKind::ServiceProvider
                    && s.polarity == Polarity::Does
                    && s.data.contains(&DataCategory::ContactEmail))
        );
    }

    #[test]
    fn named_recipients() {
        let pol = p(
            "When you place an order, we use the online ordering services provided by PayPal and Stripe.",
        );
        let names: Vec<_> = pol
            .sharing
            .iter()
            .filter_map(|s| s.name.as_deref())
            .collect();
        assert_eq!(names, vec!["PayPal", "Stripe"]);
        assert!(
            pol.sharing
                .iter()
                .all(|s| s.recipient == RecipientKind::PaymentProcessor)
        );
    }

    #[test]
    fn receive_with_recipient_subject_is_sharing() {
        let pol = p("Our ecommerce providers may receive your contact information.");
        assert!(
            pol.sharing
                .iter()
                .any(|s| s.recipient == RecipientKind::ServiceProvider
                    && s.data.contains(&DataCategory::Contact))
        );
        assert!(pol.collection.is_empty());
    }

    #[test]
    fn sale_to_advertisers() {
        let pol = p("We sell or share some personal information with advertising partners.");
        assert_eq!(pol.sale[0].polarity, Polarity::Does);
        assert_eq!(
            pol.sale[0].recipients,
            vec![RecipientKind::AdvertisingPartner]
        );
    }

    #[test]
    fn vendor_list_item_names_every_coordinated_company() {
        let pol = p(
            "# Who we share it with\n\nWe share information with service providers:\n\n- Stripe and PayPal, which process payments;\n- Mailchimp, which sends our newsletter, not Twilio.\n",
        );
        let mut names: Vec<_> = pol
            .sharing
            .iter()
            .filter_map(|s| s.name.as_deref())
            .collect();
        names.sort_unstable();
        // Twilio is named, but not as a recipient: it does not lead the item.
        assert_eq!(names, vec!["Mailchimp", "PayPal", "Stripe"]);
    }

    #[test]
    fn a_relative_clause_about_a_recipient_states_what_it_receives() {
        let pol = p(
            "Our affiliate, Acme Books, LLC, which receives your name and email address, sends offers.",
        );
        assert!(
            pol.sharing
                .iter()
                .any(|s| s.recipient == RecipientKind::Affiliate
                    && s.data.contains(&DataCategory::ContactEmail))
        );
    }
}
