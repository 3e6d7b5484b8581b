//! Contact points (email, phone, web, postal, DPO) and the controller.

use std::sync::LazyLock;

use regex::Regex;

use super::sentence::kw;
use super::{Ctx, Topics};
use crate::model::{ContactKind, ContactPoint, Controller, Policy};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
        .expect("static regex")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}\b")
        .expect("static regex")
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bhttps?://[^\s)\]>,]+|\bwww\.[A-Za-z0-9-]+\.[A-Za-z.]{2,}[^\s)\]>,]*")
        .expect("static regex")
});
static POSTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,6}\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*\s+(?:Rd|Road|St|Street|Ave|Avenue|Blvd|Boulevard|Lane|Ln|Drive|Dr|Way|Place|Pl|Suite|Court|Ct|Parkway|Square)\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\bP\.?\s?O\.?\s+Box\s+\d+")
        .expect("static regex")
});
/// A legal form somewhere in a sentence: the cheap test before
/// [`CONTROLLER`] runs, which needs one of [`super::LEGAL_FORMS`] or "Co."
/// (not a name boundary for the lexicon, but one for the controller).
static COMPANY_SUFFIX: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::any_of(&[super::LEGAL_FORMS, &["Co."]].concat()));
/// Words that introduce a company as someone other than the controller.
static OTHER_COMPANY: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    super::any_of(&[
        "affiliate",
        "subsidiar",
        "sister company",
        "parent company",
        "partner",
        "vendor",
        "service provider",
        "processor",
        "third part",
    ])
});
static CONTROLLER: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"[A-Z][A-Za-z0-9&'.-]*(?:\s+[A-Z][A-Za-z0-9&'.-]*){0,5},?\s+(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|GmbH|Corp\.?|Corporation|Pte\.\s+Ltd\.?|S\.A\.|B\.V\.|plc|PLC|AG|SAS|Co\.)";
    Regex::new(&format!(
        r"({name})\s*(?:\(|,\s*a\b|is\s+the\s+(?:data\s+)?controller|is\s+responsible)|(?:provided|operated|owned|run)\s+by\s+({name})"
    ))
    .expect("static regex")
});

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let text = ctx.an.text;
    let f = &ctx.an.folded;
    let has_at = text.contains('@');
    if !has_at && ctx.an.kw & kw::CONTACT == 0 && !ctx.topics.any(Topics::CONTACT) {
        return;
    }
    let contact_context = ctx.topics.any(Topics::CONTACT)
        || f.contains("contact")
        || f.contains("questions")
        || f.contains("write to")
        || f.contains("reach us")
        || f.contains("email us")
        || f.contains("call us");
    let dpo =
        f.contains("data protection officer") || f.contains("dpo") || f.contains("privacy officer");
    let mut push = |kind: ContactKind, value: &str| {
        policy.contacts.push(ContactPoint {
            kind,
            value: value.trim_end_matches('.').to_owned(),
            evidence: vec![ctx.evidence()],
        });
    };
    for m in EMAIL.find_iter(if has_at { text } else { "" }) {
        push(
            if dpo {
                ContactKind::Dpo
            } else {
                ContactKind::Email
            },
            m.as_str(),
        );
    }
    if !contact_context {
        return;
    }
    // The patterns below cannot match without these (checked first: most
    // sentences in a contact section have neither a number nor a link).
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    for m in PHONE.find_iter(if digits >= 7 { text } else { "" }) {
        let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
        if (7..=15).contains(&digits) {
            push(ContactKind::Phone, m.as_str());
        }
    }
    let has_link = text.contains("http") || text.contains("www.");
    if has_link && (ctx.topics.any(Topics::CONTACT) || f.contains("contact")) {
        for m in URL.find_iter(text) {
            if !m.as_str().contains('@') {
                push(ContactKind::Web, m.as_str());
            }
        }
    }
    if ctx.topics.any(Topics::CONTACT) && text.len() <= 200 && digits > 0 && POSTAL.is_match(text) {
        push(ContactKind::Postal, text);
    }
}

/// The controller: "Acme Inc. ("we")", "Acme Ltd. is the controller",
/// "provided by Acme Inc.". The last explicit statement wins (a policy may
/// first name a former controller).
pub(super) fn controller(policy: &mut Policy, source: &str) {
    let mut best: Option<(String, crate::model::Evidence, bool)> = None;
    for section in &policy.sections {
        for s in &section.sentences {
            let t = &s.text;
            if !COMPANY_SUFFIX.is_match(t) {
                continue;
            }
            let Some(c) = CONTROLLER.captures(t) else {
                continue;
            };
            let Some(name) = c.get(1).or_else(|| c.get(2)) else {
                continue;
            };
            // "Our affiliate, Acme Books, LLC, a sister company": another
            // company, not the one whose policy this is.
            let before = t[..name.start()].to_ascii_lowercase();
            let after = t[name.end()..].to_ascii_lowercase();
            if OTHER_COMPANY.is_match(
                before
                    .get(before.len().saturating_sub(40)..)
                    .unwrap_or(&before),
            ) || OTHER_COMPANY.is_match(after.get(..after.len().min(40)).unwrap_or(&after))
            {
                continue;
            }
            let explicit = s.text.contains("controller") || s.text.contains("responsible for");
            let name = name.as_str().trim().trim_end_matches(',').to_owned();
            if best.as_ref().is_none_or(|b| explicit || !b.2) {
                best = Some((name, super::evidence(source, section, s), explicit));
            }
            if explicit {
                break;
            }
        }
    }
    if let Some((name, ev, _)) = best {
        policy.metadata.controller = Some(Controller {
            name,
            evidence: vec![ev],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::ContactKind;

    #[test]
    fn contacts() {
        let pol = crate::import_text(
            "# Contact us\n\nEmail privacy@example.com or call (312) 555-0199.\n",
        )
        .unwrap();
        assert!(
            pol.contacts
                .iter()
                .any(|c| c.kind == ContactKind::Email && c.value == "privacy@example.com")
        );
        assert!(pol.contacts.iter().any(|c| c.kind == ContactKind::Phone));
    }

    #[test]
    fn controller() {
        let pol = crate::import_text(
            "The Services are provided by Larkspur Labs, Inc. (\"Larkspur\", \"we\").",
        )
        .unwrap();
        assert_eq!(pol.metadata.controller.unwrap().name, "Larkspur Labs, Inc.");
    }

    #[test]
    fn an_affiliate_is_not_the_controller() {
        let pol = crate::import_text(
            "Larkspur Labs, Inc. (\"Larkspur\", \"we\") provides the Services.\n\nWe share your email with our affiliate, Larkspur Books, LLC, a sister company that sends offers.",
        )
        .unwrap();
        assert_eq!(pol.metadata.controller.unwrap().name, "Larkspur Labs, Inc.");
    }
}
