//! Security measures.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::sentence::{Verb, kw};
use super::{Ctx, Topics, any_of};
use crate::lexicon::Term;
use crate::model::{Polarity, Policy, Security, SecurityMeasure};

/// Words that put a sentence in a security context.
static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    any_of(&[
        "secur",
        "protect",
        "safeguard",
        "encrypt",
        "confidential",
        "unauthori",
        "firewall",
        "ssl",
        "hash",
        "authenticat",
        "password",
        "breach",
        "misuse",
        "access rights",
        "only to be accessible",
    ])
});

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let an = ctx.an;
    let f = &an.folded;
    if an.kw & kw::SECURITY == 0 && !an.hits.iter().any(|h| matches!(h.term, Term::Security(_))) {
        return;
    }
    let in_context = ctx.topics.any(Topics::SECURITY) || CUES.is_match(f);
    if !in_context {
        return;
    }
    // Advice to the user ("change your passwords often") is not a measure.
    if f.starts_with("you can help")
        || f.starts_with("change your password")
        || f.starts_with("users are strongly advised")
    {
        return;
    }
    let mut seen: Vec<SecurityMeasure> = Vec::new();
    for h in &an.hits {
        let Term::Security(m) = h.term else { continue };
        // Weak cues need the security context to be explicit.
        if matches!(
            m,
            SecurityMeasure::Deidentification | SecurityMeasure::Training
        ) && !ctx.topics.any(Topics::SECURITY)
            && !f.contains("protect")
        {
            continue;
        }
        // "we share your email address in hashed form with advertising
        // partners": a form of the shared identifier, not a safeguard, unless
        // the sentence is about protecting data.
        if m == SecurityMeasure::Hashing
            && !ctx.topics.any(Topics::SECURITY)
            && an
                .verbs()
                .iter()
                .any(|&(_, v)| matches!(v, Verb::Share | Verb::Sell))
            && !["secur", "protect", "safeguard", "encrypt", "unauthori"]
                .iter()
                .any(|c| f.contains(c))
        {
            continue;
        }
        // "no security system is perfect", "cannot promise": not a claim.
        let before = &f[..h.start];
        let negated = before.ends_with("no ") || before.ends_with("not ");
        if negated || seen.contains(&m) {
            continue;
        }
        seen.push(m);
        policy.security.push(Security {
            measure: m,
            polarity: Polarity::Does,
            terms: vec![an.text_of(h.start, h.end).to_owned()],
            evidence: vec![ctx.evidence()],
        });
    }
    // Encrypted without naming how.
    if !seen.iter().any(|m| {
        matches!(
            m,
            SecurityMeasure::EncryptionInTransit | SecurityMeasure::EncryptionAtRest
        )
    }) && (f.contains("encrypt") || f.contains("encryption"))
        && !f.contains("not encrypt")
    {
        let at_rest = f.contains("database")
            || f.contains("stored")
            || f.contains("at rest")
            || f.contains("backups");
        let m = if at_rest {
            SecurityMeasure::EncryptionAtRest
        } else {
            SecurityMeasure::EncryptionInTransit
        };
        policy.security.push(Security {
            measure: m,
            polarity: Polarity::Does,
            terms: vec!["encrypt".to_owned()],
            evidence: vec![ctx.evidence()],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::SecurityMeasure;

    #[test]
    fn measures() {
        let pol = crate::import_text("All order forms are secured with SSL encryption. Our server keeps your name and email as a hash string.").unwrap();
        let m: Vec<_> = pol.security.iter().map(|s| s.measure).collect();
        assert!(m.contains(&SecurityMeasure::EncryptionInTransit));
        assert!(m.contains(&SecurityMeasure::Hashing));
    }

    #[test]
    fn hashed_identifiers_shared_for_ads_are_not_a_measure() {
        let pol = crate::import_text(
            "We share your email address in hashed form with advertising partners.",
        )
        .unwrap();
        assert!(pol.security.is_empty());
        let pol = crate::import_text(
            "We share your email address with partners only in hashed form, to protect it.",
        )
        .unwrap();
        assert_eq!(pol.security[0].measure, SecurityMeasure::Hashing);
    }

    #[test]
    fn disclaimers_are_not_measures() {
        let pol = crate::import_text("No security system is perfect.").unwrap();
        assert!(pol.security.is_empty());
    }
}
