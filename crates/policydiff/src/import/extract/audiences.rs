//! Audiences (children with their age threshold and parental consent;
//! Californians, Europeans, ...), international transfers and laws named.

use std::sync::LazyLock;

use regex::Regex;

use super::sentence::{Verb, kw};
use super::{Ctx, Topics};
use crate::lexicon::Term;
use crate::model::{
    Audience, AudienceKind, DataCategory, Law, LawReference, Polarity, Policy, Transfer,
    TransferMechanism,
};

static AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:under|below|younger than|less than|over|at least|older than|age of|aged|ages of)\s+(?:the\s+age\s+of\s+)?(\d{1,2}|thirteen|sixteen|eighteen|fourteen|fifteen|twelve)\b|\b(\d{1,2}|thirteen|sixteen|eighteen)\s+years\s+(?:of\s+age|old)")
        .expect("static regex")
});

/// Countries and regions named as transfer destinations (folded, display).
const DESTINATIONS: &[(&str, &str)] = &[
    ("united states", "United States"),
    ("u.s.", "United States"),
    ("usa", "United States"),
    ("canada", "Canada"),
    ("singapore", "Singapore"),
    ("india", "India"),
    ("ireland", "Ireland"),
    ("germany", "Germany"),
    ("japan", "Japan"),
    ("australia", "Australia"),
    ("united kingdom", "United Kingdom"),
    ("china", "China"),
    ("brazil", "Brazil"),
    ("switzerland", "Switzerland"),
    ("netherlands", "Netherlands"),
    ("france", "France"),
    ("israel", "Israel"),
    ("philippines", "Philippines"),
    ("south korea", "South Korea"),
    ("hong kong", "Hong Kong"),
    ("mexico", "Mexico"),
    ("european economic area", "European Economic Area"),
    ("european union", "European Union"),
];

/// [`DESTINATIONS`]' folded names, pattern `i` being entry `i`.
static DESTINATION_AC: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::any_of(&DESTINATIONS.iter().map(|(k, _)| *k).collect::<Vec<_>>()));

pub(crate) fn age(folded: &str) -> Option<u8> {
    let c = AGE.captures(folded)?;
    let s = c.get(1).or_else(|| c.get(2))?.as_str();
    super::retention::number(s)
        .and_then(|n| u8::try_from(n).ok())
        .filter(|n| (6..=21).contains(n))
}

fn law_region(law: Law) -> Option<AudienceKind> {
    Some(match law {
        Law::Ccpa | Law::Cpra | Law::Caloppa | Law::ShineTheLight => AudienceKind::California,
        Law::Gdpr | Law::Eprivacy => AudienceKind::EuropeanUnion,
        Law::UkGdpr => AudienceKind::UnitedKingdom,
        Law::Pipeda => AudienceKind::Canada,
        Law::Lgpd => AudienceKind::OtherCountries,
        Law::Vcdpa | Law::Cpa | Law::Ctdpa | Law::Ucpa | Law::NevadaPrivacy => {
            AudienceKind::UsStates
        }
        _ => return None,
    })
}

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let an = ctx.an;
    let f = &an.folded;
    if an.kw & (kw::TRANSFER | kw::CHILD) == 0
        && !an.hits.iter().any(|h| {
            matches!(
                h.term,
                Term::Audience(_) | Term::Law(_) | Term::TransferMechanism(_)
            )
        })
    {
        return;
    }
    let mut laws_here: Vec<Law> = Vec::new();
    for h in &an.hits {
        if let Term::Law(l) = h.term {
            laws_here.push(l);
            policy.laws.push(LawReference {
                law: l,
                name: an.text_of(h.start, h.end).to_owned(),
                evidence: vec![ctx.evidence()],
            });
        }
    }

    // Children.
    let child_hit = an.hits.iter().any(|h| {
        matches!(
            h.term,
            Term::Audience(AudienceKind::Children | AudienceKind::Teens)
        )
    });
    let coppa = laws_here.contains(&Law::Coppa);
    if child_hit || coppa {
        let age = age(f);
        let verbs = an.verbs();
        let collect_verbs: Vec<usize> = verbs
            .iter()
            .filter(|(_, v)| matches!(v, Verb::Collect | Verb::Use | Verb::Provide | Verb::Receive))
            .map(|(i, _)| *i)
            .collect();
        let directed = [
            "directed to",
            "directed at",
            "intended for",
            "designed for",
            "targeted at",
            "aimed at",
            "meant for",
        ]
        .iter()
        .any(|p| f.contains(p));
        let stated = !collect_verbs.is_empty()
            || directed
            || age.is_some()
            || coppa
            || ctx.topics.any(Topics::CHILDREN);
        if stated {
            let not_for_children = [
                "not directed to",
                "not directed at",
                "not intended for",
                "not designed for",
                "not knowingly",
                "do not collect any information from anyone under",
                "not targeted at",
                "not aimed at",
                "not meant for",
                "only for adults",
                "must be at least",
                "must be over",
                "are all directed to people who are at least",
                "not permitted to",
                "may not use",
            ]
            .iter()
            .any(|p| f.contains(p))
                || collect_verbs.iter().any(|&i| an.negated(i));
            let parental = f.contains("parental consent")
                || f.contains("consent of a parent")
                || f.contains("parent's consent")
                || f.contains("consent from a parent")
                || f.contains("consent from their parent")
                || f.contains("parent or guardian");
            let kind = if an
                .hits
                .iter()
                .any(|h| h.term == Term::Audience(AudienceKind::Teens))
                && !an
                    .hits
                    .iter()
                    .any(|h| h.term == Term::Audience(AudienceKind::Children))
            {
                AudienceKind::Teens
            } else {
                AudienceKind::Children
            };
            // What is collected from children: the data named by a sentence
            // of a section about children that collects, uses or describes
            // it ("a child profile contains the child's first name"), or by
            // one elsewhere that collects it from children ("we collect your
            // child's voice"). Sentences that only protect children ("to
            // protect children from harm") name no data of theirs.
            let from_children = [
                "from child",
                "from your child",
                "from minors",
                "from kids",
                "child's",
                "children's",
                "about your child",
                "about children",
            ]
            .iter()
            .any(|p| f.contains(p));
            let gathers = verbs.iter().any(|&(i, v)| {
                matches!(v, Verb::Collect | Verb::Provide | Verb::Receive) && !an.negated(i)
            });
            let describes = an.has_word(&["contains", "contain", "includes", "include"]);
            let names_data = if ctx.topics.any(Topics::CHILDREN) {
                !collect_verbs.is_empty() || describes
            } else {
                from_children && gathers
            };
            let data = if not_for_children || !names_data {
                Vec::new()
            } else {
                // Data named after the parent, nearer than any child ("we
                // verify consent by asking the parent to confirm a charge to
                // a payment card"), is the parent's.
                let parents = |at: usize| {
                    let before = &f[..at];
                    let last = |pats: &[&str]| pats.iter().filter_map(|p| before.rfind(p)).max();
                    let parent =
                        last(&["the parent", "a parent", "parent's", "parents'", "guardian"]);
                    parent.is_some_and(|p| last(&["child", "kid", "minor"]).is_none_or(|c| p > c))
                };
                let mut d: Vec<DataCategory> = an
                    .data_at()
                    .into_iter()
                    .filter(|&(_, at)| !parents(at))
                    .map(|(d, _)| d)
                    .collect();
                d.sort();
                d.dedup();
                d
            };
            policy.audiences.push(Audience {
                audience: kind,
                age,
                polarity: if not_for_children {
                    Polarity::DoesNot
                } else {
                    Polarity::Does
                },
                parental_consent: parental && (!not_for_children || f.contains("without")),
                data,
                evidence: vec![ctx.evidence()],
            });
        }
    }

    // Regions addressed specially.
    let mut regions: Vec<AudienceKind> = laws_here.iter().filter_map(|l| law_region(*l)).collect();
    let addressed = [
        "resident",
        "citizen",
        "if you are",
        "if you live",
        "located in",
        "users in",
        "users from",
        "visitors from",
        "consumers",
        "individuals in",
        "those in",
        "people in",
        "users located",
    ]
    .iter()
    .any(|p| f.contains(p))
        || ctx.topics.any(Topics::REGION) && ctx.is_fragment();
    if addressed {
        for h in &an.hits {
            if let Term::Audience(a) = h.term
                && !matches!(
                    a,
                    AudienceKind::Children | AudienceKind::Teens | AudienceKind::OtherCountries
                )
            {
                regions.push(a);
            }
        }
    }
    regions.sort();
    regions.dedup();
    for r in regions {
        policy.audiences.push(Audience {
            audience: r,
            age: None,
            polarity: Polarity::Does,
            parental_consent: false,
            data: Vec::new(),
            evidence: vec![ctx.evidence()],
        });
    }

    // International transfers.
    let transfer_cue = [
        "transfer",
        "stored in",
        "processed in",
        "hosted in",
        "servers in",
        "servers located",
        "located in",
        "accessed from",
        "outside of",
        "outside the",
        "outside your",
        "other countries",
        "cross-border",
        "across borders",
    ]
    .iter()
    .any(|p| f.contains(p));
    let mechanisms: Vec<TransferMechanism> = {
        let mut v: Vec<_> = an
            .hits
            .iter()
            .filter_map(|h| match h.term {
                Term::TransferMechanism(m) => Some(m),
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    if transfer_cue || (!mechanisms.is_empty() && ctx.topics.any(Topics::TRANSFER)) {
        // Every occurrence of every destination, in one pass; one standing
        // as a word of its own names it.
        let mut named = [false; DESTINATIONS.len()];
        let b = f.as_bytes();
        for m in DESTINATION_AC.find_overlapping_iter(f) {
            if (m.start() == 0 || !b[m.start() - 1].is_ascii_alphanumeric())
                && b.get(m.end()).is_none_or(|c| !c.is_ascii_alphanumeric())
            {
                named[m.pattern().as_usize()] = true;
            }
        }
        let mut dests: Vec<&str> = DESTINATIONS
            .iter()
            .zip(named)
            .filter(|(_, n)| *n)
            .map(|((_, v), _)| *v)
            .collect();
        dests.dedup();
        let generic = f.contains("other countries")
            || f.contains("outside your country")
            || f.contains("outside the country")
            || f.contains("countries other than")
            || f.contains("outside of the")
            || f.contains("outside the eea")
            || f.contains("outside the european");
        let negated = [
            "do not transfer",
            "does not transfer",
            "never transfer",
            "not be transferred",
            "not transferred",
            "stays in",
            "remains in",
            "only within",
        ]
        .iter()
        .any(|p| f.contains(p));
        let movement = f.contains("transfer")
            || f.contains("stored")
            || f.contains("processed")
            || f.contains("hosted")
            || f.contains("servers")
            || f.contains("accessed from");
        if movement
            && (!dests.is_empty() || generic || !mechanisms.is_empty())
            && !(ctx.topics.any(Topics::CHILDREN) && dests.is_empty())
        {
            let polarity = if negated {
                Polarity::DoesNot
            } else {
                Polarity::Does
            };
            if dests.is_empty() {
                policy.transfers.push(Transfer {
                    destination: None,
                    polarity,
                    mechanisms: mechanisms.clone(),
                    evidence: vec![ctx.evidence()],
                });
            }
            for d in dests {
                policy.transfers.push(Transfer {
                    destination: Some(d.to_owned()),
                    polarity,
                    mechanisms: mechanisms.clone(),
                    evidence: vec![ctx.evidence()],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{AudienceKind, Law, Polarity, TransferMechanism};

    #[test]
    fn the_parents_data_is_not_the_childs() {
        use crate::model::DataCategory;
        let text = "# Children's privacy\n\nA child profile contains the child's first name and year of birth. \
                    Before we collect any of this information, we obtain verifiable parental consent, \
                    for example by asking the parent to confirm a small charge to a payment card.\n";
        let pol = crate::import_text(text).unwrap();
        let data: Vec<DataCategory> = pol
            .audiences
            .iter()
            .filter(|a| a.audience == AudienceKind::Children)
            .flat_map(|a| a.data.iter().copied())
            .collect();
        assert!(data.contains(&DataCategory::IdentityName), "{data:?}");
        assert!(!data.contains(&DataCategory::FinancialPayment), "{data:?}");
        assert!(!data.contains(&DataCategory::FinancialCard), "{data:?}");
    }

    #[test]
    fn children_under_13_not_collected() {
        let pol = crate::import_text(
            "We do not knowingly collect personal information from children under 13.",
        )
        .unwrap();
        let a = &pol.audiences[0];
        assert_eq!(a.audience, AudienceKind::Children);
        assert_eq!(a.age, Some(13));
        assert_eq!(a.polarity, Polarity::DoesNot);
    }

    #[test]
    fn parental_consent() {
        let pol = crate::import_text(
            "We collect a child's nickname only after we obtain verifiable parental consent.",
        )
        .unwrap();
        let a = pol
            .audiences
            .iter()
            .find(|a| a.audience == AudienceKind::Children)
            .unwrap();
        assert!(a.parental_consent);
        assert_eq!(a.polarity, Polarity::Does);
    }

    #[test]
    fn laws_and_transfers() {
        let pol = crate::import_text("Under the California Consumer Privacy Act, California residents have rights. Your data is transferred to the United States under standard contractual clauses.").unwrap();
        assert!(pol.laws.iter().any(|l| l.law == Law::Ccpa));
        assert!(
            pol.audiences
                .iter()
                .any(|a| a.audience == AudienceKind::California)
        );
        let t = &pol.transfers[0];
        assert_eq!(t.destination.as_deref(), Some("United States"));
        assert_eq!(
            t.mechanisms,
            vec![TransferMechanism::StandardContractualClauses]
        );
    }
}
