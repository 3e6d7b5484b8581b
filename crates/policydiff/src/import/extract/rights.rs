//! Rights the user can exercise, and opt-in / opt-out choices.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::sentence::kw;
use super::sentence::{Analysis, ClauseKind, not_this_data};
use super::{Ctx, Topics, any_of};
use crate::lexicon::{Hit, Term};
use crate::model::{
    AudienceKind, Choice, ChoiceKind, ChoiceMechanism, DataCategory, Polarity, Policy, Purpose,
    RecipientKind, Right, RightStatement, TrackingTechnology,
};

/// Words that make a right or choice something the user can do.
static ENABLERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    any_of(&[
        "you may",
        "you can",
        "you have the right",
        "you have a right",
        "right to",
        "you are entitled",
        "users may",
        "customers may",
        "user may",
        "customer may",
        "you will be able",
        "able to",
        "request",
        "may make any changes",
        "may contact",
        "you could",
        "allow you",
        "allows you",
        "lets you",
        "let you",
        "you are able",
        "parents may",
        "parent may",
        "please contact",
        "contact us to",
        "email us",
        "may view",
        "can review",
        "may review",
    ])
});

static OPT_OUT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    any_of(&[
        "opt out",
        "opt-out",
        "optout",
        "unsubscribe",
        "be removed from",
        "to be removed",
        "removed from our",
        "remove yourself",
        "disable",
        "block",
        "refuse",
        "reject",
        "prevent cookies",
        "turn off",
        "stop receiving",
        "decline",
        "withdraw your consent",
        "change the settings",
        "set your browser",
        "change your preferences",
        "modifying their contact preferences",
        "choose not to",
    ])
});

/// The opt-out phrases of `f` that are something the user does (byte
/// ranges): where the company is the one who refuses or disables ("we may
/// reject your request", "we may also decline", "we reserve the right to
/// refuse service"), no choice is offered.
fn user_opt_outs(f: &str) -> Vec<(usize, usize)> {
    OPT_OUT
        .find_iter(f)
        .filter(|m| {
            let before = &f[..m.start()];
            let mut words = before
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .rev();
            let companys = |w: Option<&str>| matches!(w, Some("we" | "us"));
            let w1 = words.next();
            let w2 = words.next();
            let w3 = words.next();
            let modal = |w: Option<&str>| {
                matches!(
                    w,
                    Some("may" | "might" | "will" | "can" | "could" | "must" | "also" | "shall")
                )
            };
            // "(except to any user you have blocked)": a block done, not offered.
            let done =
                f[m.end()..].starts_with("ed") && matches!(w1, Some("have" | "has" | "had" | "ve"));
            let ours = done
                || companys(w1)
                || modal(w1) && companys(w2)
                || modal(w1) && modal(w2) && companys(w3)
                || w1 == Some("to") && w2 == Some("right") && before.contains("we reserve");
            !ours && !withheld_by_without(before)
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// "... without affording you the opportunity to opt out", "without giving
/// you a chance to unsubscribe": an opt-out phrase that `without` governs
/// (a few words before it, in the same clause) is one the user is not given.
fn withheld_by_without(before: &str) -> bool {
    let clause = before
        .rfind([',', ';', '.', ':', '(', ')'])
        .map_or(before, |i| &before[i + 1..]);
    clause
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(7)
        .any(|w| w == "without")
}

static OPT_IN: LazyLock<AhoCorasick> = LazyLock::new(|| {
    any_of(&[
        "opt in",
        "opt-in",
        "only with your consent",
        "ask for your consent",
        "ask for your explicit consent",
        "with your explicit consent",
        "explicit consent",
        "your prior consent",
        "affirmative consent",
        "choice whether or not to consent",
        "we will ask for your consent",
    ])
});

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let an = ctx.an;
    let f = &an.folded;
    if an.kw & kw::CHOICE == 0
        && !an
            .hits
            .iter()
            .any(|h| matches!(h.term, Term::Right(_) | Term::ChoiceMechanism(_)))
    {
        return;
    }
    // "**Deletion:** delete your account in Settings", under a rights heading.
    let labelled = if ctx.topics.any(Topics::RIGHTS | Topics::CHOICE) {
        label_rights(an.text)
    } else {
        Vec::new()
    };
    let mechanisms: Vec<ChoiceMechanism> = {
        let mut v: Vec<_> = an
            .hits
            .iter()
            .filter_map(|h| match h.term {
                Term::ChoiceMechanism(m) => Some(m),
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let audiences: Vec<AudienceKind> = {
        let mut v: Vec<_> = an
            .hits
            .iter()
            .filter_map(|h| match h.term {
                Term::Audience(a) if !matches!(a, AudienceKind::Children | AudienceKind::Teens) => {
                    Some(a)
                }
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    if !ctx.topics.any(Topics::CHANGE) {
        // The rights named, then (only if there are any) whether the
        // sentence lets the user exercise them.
        let enabled_by_label = !labelled.is_empty();
        let mut rights: Vec<Right> = an
            .hits
            .iter()
            .filter_map(|h| match h.term {
                Term::Right(r) => Some(r),
                _ => None,
            })
            .collect();
        rights.extend(labelled);
        rights.extend(coordinated_rights(an));
        rights.sort();
        rights.dedup();
        let enabled = !rights.is_empty()
            && (ENABLERS.is_match(f)
                || ctx.topics.any(Topics::RIGHTS) && ctx.is_fragment()
                || enabled_by_label);
        if !enabled {
            rights.clear();
        }
        let negated = !rights.is_empty()
            && (f.contains("do not have the right")
                || f.contains("cannot ")
                || f.contains("not able to")
                || f.contains("no right"));
        for right in rights {
            policy.rights.push(RightStatement {
                right,
                polarity: if negated {
                    Polarity::DoesNot
                } else {
                    Polarity::Does
                },
                scope: None,
                mechanisms: mechanisms.clone(),
                audiences: audiences.clone(),
                evidence: vec![ctx.evidence()],
            });
        }
    }

    // Choices.
    if ctx.topics.any(Topics::CHANGE) && !f.contains("opt") {
        return;
    }
    // "you may not opt out of these communications": no choice.
    let denied = [
        "not opt out",
        "not opt-out",
        "cannot opt",
        "can't opt",
        "unable to opt",
        "not able to opt",
        "not be able to opt",
    ]
    .iter()
    .any(|p| f.contains(p));
    // "If you choose not to provide your information, we may not be able to
    // provide the service": the only choice is not to use it.
    let withheld = [
        "not to provide",
        "decline to provide",
        "choose not to use",
        "refuse to provide",
    ]
    .iter()
    .any(|p| f.contains(p))
        && [
            "not be able",
            "unable to",
            "cannot",
            "can't",
            "may not have",
            "will not have",
            "may be limited",
            "may not work",
            "is required in order to",
            "lack of such",
        ]
        .iter()
        .any(|p| f.contains(p));
    let opt_outs = if withheld {
        Vec::new()
    } else {
        user_opt_outs(f)
    };
    let kind = if withheld {
        Some(ChoiceKind::DontUse)
    } else if !opt_outs.is_empty() && !denied {
        Some(ChoiceKind::OptOut)
    } else if OPT_IN.is_match(f) {
        Some(ChoiceKind::OptIn)
    } else if f.contains("not to provide")
        || f.contains("may not be able to use")
        || f.contains("may not have full access") && f.contains("cookie")
        || f.contains("do not use our")
        || f.contains("you can choose not to use")
    {
        Some(ChoiceKind::DontUse)
    } else {
        None
    };
    let Some(kind) = kind else { return };
    // An opt-out needs an actor: the user, or a mechanism.
    if kind == ChoiceKind::OptOut
        && !an.has_word(&[
            "you",
            "your",
            "users",
            "customers",
            "customer",
            "user",
            "visitors",
            "parents",
        ])
        && mechanisms.is_empty()
    {
        return;
    }
    // What the choice is over: the object of its phrase ("opt out of
    // targeted advertising by ..."), else the wish or other condition the
    // sentence states ("if you do not want to receive ads, ..."), or the
    // label of a list item ("Marketing: unsubscribe ..."), else what
    // follows a condition that holds the phrase, else nothing named (a
    // general choice: the rest of the sentence is as often the means, "on
    // our partner's website"). A consent ("only with your consent") and a
    // "don't use" choice are over what the whole sentence names.
    let triggers: Vec<(usize, usize)> = match kind {
        ChoiceKind::OptOut => opt_outs,
        ChoiceKind::OptIn if !OPT_IN.find_iter(f).any(|m| consent_phrase(f, m.end())) => {
            OPT_IN.find_iter(f).map(|m| (m.start(), m.end())).collect()
        }
        _ => Vec::new(),
    };
    let objects: Vec<(usize, usize)> = triggers
        .iter()
        .map(|&(s, e)| (s, object_end(an, e)))
        .collect();
    // "opt out of arbitration": a choice of the terms of service, not one
    // over personal data.
    if objects.iter().any(|&(s, e)| {
        ["arbitration", "class action"]
            .iter()
            .any(|w| f[s..e].contains(w))
    }) {
        return;
    }
    let scope: Vec<(usize, usize)> = if triggers.is_empty() {
        vec![(0, f.len())]
    } else {
        // A phrase in a condition ("if you turn off this setting, we will
        // stop collecting ...") is over what the next clause says.
        let consequences: Vec<(usize, usize)> = triggers
            .iter()
            .filter_map(|&(s, _)| {
                let i = an.clause_of(s);
                let next = an.clauses.get(i + 1)?;
                (an.clauses[i].kind == ClauseKind::Condition).then_some((next.start, next.end))
            })
            .collect();
        // "Marketing: unsubscribe using the link": a list item's label.
        let label: Vec<(usize, usize)> = f
            .find(':')
            .filter(|&i| f[..i].split_whitespace().count() <= 4)
            .map(|i| (0, i))
            .into_iter()
            .collect();
        [
            objects,
            label,
            conditions(an, true),
            conditions(an, false),
            consequences,
        ]
        .into_iter()
        .find(|ranges| ranges.iter().any(|&r| has_subject(an, r)))
        .unwrap_or_default()
    };
    let within = |h: &Hit| scope.iter().any(|&(s, e)| h.start < e && h.end > s);
    let mut purposes: Vec<Purpose> = Vec::new();
    let mut data: Vec<DataCategory> = Vec::new();
    let mut recipients: Vec<RecipientKind> = Vec::new();
    let mut technologies: Vec<TrackingTechnology> = Vec::new();
    for h in an.hits.iter().filter(|h| within(h)) {
        match subject(an, h) {
            Some(Subject::Purpose(p)) => purposes.push(p),
            Some(Subject::Data(d)) => data.push(d),
            Some(Subject::Recipient(r)) => recipients.push(r),
            Some(Subject::Tracking(t)) => technologies.push(t),
            None => {}
        }
    }
    // "reject cookies", "block cookies": the mechanism phrase names the
    // technology too (the longer phrase hides the shorter "cookies").
    if !technologies.contains(&TrackingTechnology::Cookie)
        && an.hits.iter().any(|h| {
            matches!(h.term, Term::ChoiceMechanism(_))
                && an.folded[h.start..h.end].contains("cookie")
        })
    {
        technologies.insert(0, TrackingTechnology::Cookie);
    }
    let mut mechanisms = mechanisms;
    if kind == ChoiceKind::OptOut
        && f.contains("instructions on how to be removed")
        && !mechanisms.contains(&ChoiceMechanism::Link)
    {
        mechanisms.push(ChoiceMechanism::Link);
    }
    policy.choices.push(Choice {
        kind,
        mechanisms,
        purposes,
        data,
        recipients,
        technologies,
        evidence: vec![ctx.evidence()],
    });
}

/// Whether the opt-in phrase ending at `end` asks for consent ("opt-in
/// consent", "your prior consent") rather than naming what is opted into.
fn consent_phrase(f: &str, end: usize) -> bool {
    f[..end].ends_with("consent") || f[end..].trim_start().starts_with("consent")
}

/// Words that end the object of a choice phrase: the means ("by clicking",
/// "through your settings", "at any time"), and the start of another clause.
const OBJECT_STOPS: &[&str] = &[
    "by", "via", "through", "using", "here", "at", "on", "in", "when", "if", "unless", "because",
    "but", "so", "then", "although", "though", "however", "while", "where", "whereas",
];

/// After a comma, words that start another clause rather than continue a
/// list ("opt out of cookies, web beacons and pixels").
const CLAUSE_AFTER_COMMA: &[&str] = &[
    "which",
    "who",
    "please",
    "we",
    "you",
    "they",
    "it",
    "this",
    "these",
    "that",
    "there",
    "otherwise",
    "as",
    "for",
    "to",
    "and",
    "or",
    "also",
];

/// Where the object of a choice phrase ending at byte `from` ends: at the
/// first word of [`OBJECT_STOPS`], a clause that a comma starts, a `;`, `:`
/// or table cell, or after fourteen words. ", and" and ", or" continue a
/// list unless a pronoun or "to" follows them.
fn object_end(an: &Analysis<'_>, from: usize) -> usize {
    let n = an.words.len();
    let mut i = an.words.partition_point(|w| w.start < from);
    let mut end = from;
    let mut taken = 0;
    while i < n && taken < 14 {
        let w = an.words[i];
        let gap = &an.folded[end..w.start];
        if gap.contains([';', ':', '|']) {
            break;
        }
        let word = an.word(i);
        if OBJECT_STOPS.contains(&word) {
            break;
        }
        if gap.contains(',') && CLAUSE_AFTER_COMMA.contains(&word) {
            let list_goes_on = matches!(word, "and" | "or")
                && i + 1 < n
                && !matches!(
                    an.word(i + 1),
                    "to" | "you" | "we" | "they" | "it" | "if" | "by" | "your" | "our"
                );
            if !list_goes_on {
                break;
            }
        }
        end = w.end;
        taken += 1;
        i += 1;
    }
    end
}

/// What a choice can be over.
enum Subject {
    Purpose(Purpose),
    Data(DataCategory),
    Recipient(RecipientKind),
    Tracking(TrackingTechnology),
}

/// What a phrase of the sentence names that a choice can be over: a
/// purpose, data ("non-personal information" is not), a kind of recipient,
/// a tracking technology, or what "opt out of targeted advertising" and
/// "opt out of profiling" name. (Not a named company: in a sentence about
/// choices that is as often the policy's own name as a recipient's.)
fn subject(an: &Analysis<'_>, h: &Hit) -> Option<Subject> {
    let f = &an.folded;
    Some(match h.term {
        Term::Purpose(p) => Subject::Purpose(p),
        Term::Data(d) if !not_this_data(&f[..h.start]) => Subject::Data(d),
        Term::Recipient(r) => Subject::Recipient(r),
        Term::Tracking(t) => Subject::Tracking(t),
        Term::Right(Right::OptOutOfTargeting) => {
            Subject::Purpose(if f[h.start..h.end].contains("profiling") {
                Purpose::Profiling
            } else {
                Purpose::TargetedAdvertising
            })
        }
        _ => return None,
    })
}

/// Whether a phrase that a choice can be over lies in `range`.
fn has_subject(an: &Analysis<'_>, (s, e): (usize, usize)) -> bool {
    an.hits
        .iter()
        .any(|h| h.start < e && h.end > s && subject(an, h).is_some())
}

/// The condition clauses of the sentence as byte ranges; with `wishes`,
/// only those that state what the user does not want ("if you do not want
/// to receive ads", "if you no longer wish to ...").
fn conditions(an: &Analysis<'_>, wishes: bool) -> Vec<(usize, usize)> {
    an.clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::Condition)
        .filter(|c| {
            let t = &an.folded[c.start..c.end];
            !wishes
                || ["want", "wish", "prefer", "like to"]
                    .iter()
                    .any(|w| t.contains(w))
        })
        .map(|c| (c.start, c.end))
        .collect()
}

/// The right a verb names when the user exercises it ("the right to know,
/// delete and correct").
fn verb_right(w: &str) -> Option<Right> {
    Some(match w {
        "know" | "access" => Right::Access,
        "delete" | "erase" => Right::Deletion,
        "correct" | "rectify" => Right::Correction,
        "port" => Right::Portability,
        "object" => Right::Objection,
        "restrict" => Right::Restriction,
        _ => return None,
    })
}

/// Rights named by coordinated verbs: "the right to know, delete and
/// correct", or "access, correct or delete your information" (two verbs or
/// more before an object).
fn coordinated_rights(an: &Analysis<'_>) -> Vec<Right> {
    let n = an.words.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let after_right_to =
            i >= 2 && matches!(an.word(i - 2), "right" | "rights") && an.word(i - 1) == "to";
        let Some(first) = verb_right(an.word(i)) else {
            i += 1;
            continue;
        };
        let mut run = vec![first];
        let mut j = i + 1;
        while j < n {
            // Only commas and spaces between the words of the run.
            let gap = &an.folded[an.words[j - 1].end..an.words[j].start];
            if !gap.bytes().all(|b| b == b' ' || b == b',') {
                break;
            }
            let w = an.word(j);
            if matches!(w, "and" | "or") {
                j += 1;
                continue;
            }
            match verb_right(w) {
                Some(r) => run.push(r),
                None => break,
            }
            j += 1;
        }
        let before_object = j < n
            && matches!(
                an.word(j),
                "your" | "their" | "the" | "this" | "such" | "any" | "it" | "them"
            );
        if after_right_to || run.len() >= 2 && before_object {
            out.extend(run);
        }
        i = j.max(i + 1);
    }
    out
}

/// Rights named by the label of a list item: "Access and export: download
/// your notes from Settings".
fn label_rights(text: &str) -> Vec<Right> {
    let Some((label, body)) = text.split_once(':') else {
        return Vec::new();
    };
    if body.trim().is_empty() || label.split_whitespace().count() > 4 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for w in label.split(|c: char| !c.is_alphanumeric() && c != '-') {
        out.push(match w.to_ascii_lowercase().as_str() {
            "access" => Right::Access,
            "export" | "portability" => Right::Portability,
            "correction" | "rectification" => Right::Correction,
            "deletion" | "erasure" => Right::Deletion,
            "objection" => Right::Objection,
            "restriction" => Right::Restriction,
            _ => continue,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::{ChoiceKind, ChoiceMechanism, Right};

    #[test]
    fn an_opt_out_governed_by_without_is_not_offered() {
        let withheld = crate::import_text(
            "We reserve the right to send you service announcements without affording you \
             the opportunity to opt out of receiving such communications.",
        )
        .unwrap();
        assert!(
            withheld
                .choices
                .iter()
                .all(|c| c.kind != ChoiceKind::OptOut),
            "{:?}",
            withheld.choices
        );
        // `without` after the phrase, or in another clause, changes nothing.
        for text in [
            "You may opt out of promotional emails at any time without charge.",
            "We send messages without delay, and you can unsubscribe from them at any time.",
        ] {
            let p = crate::import_text(text).unwrap();
            assert!(
                p.choices.iter().any(|c| c.kind == ChoiceKind::OptOut),
                "{text}: {:?}",
                p.choices
            );
        }
    }

    #[test]
    fn rights_and_mechanisms() {
        let pol = crate::import_text("You may access, correct or delete your personal information by contacting us. You have the right to data portability.").unwrap();
        let rights: Vec<_> = pol.rights.iter().map(|r| r.right).collect();
        assert!(rights.contains(&Right::Portability));
        let pol =
            crate::import_text("You can change the settings in your browser to prevent cookies.")
                .unwrap();
        assert_eq!(pol.choices[0].kind, ChoiceKind::OptOut);
        assert!(
            pol.choices[0]
                .mechanisms
                .contains(&ChoiceMechanism::BrowserSettings)
        );
    }

    #[test]
    fn a_renamed_settings_page_is_the_same_mechanism() {
        use crate::model::ChoiceMechanism::{ContactCompany, Settings};
        let mechanisms = |text: &str| {
            let pol = crate::import_text(text).unwrap();
            let r = pol
                .rights
                .iter()
                .find(|r| r.right == Right::Access)
                .unwrap();
            let mut m = r.mechanisms.clone();
            m.sort();
            m
        };
        let old = mechanisms(
            "You have the right to access your personal data: use the download tool in your account Privacy Settings, or contact us.",
        );
        let new = mechanisms(
            "You have the right to access your personal data: use the download tool on your Account Privacy page, or contact us.",
        );
        assert_eq!(old, vec![Settings, ContactCompany]);
        assert_eq!(new, old);
        // A support ticket is contacting the company.
        assert_eq!(
            mechanisms(
                "You may request access to your personal information by submitting a help ticket."
            ),
            vec![ContactCompany]
        );
    }

    #[test]
    fn withholding_data_at_a_cost_is_a_dont_use_choice() {
        let pol = crate::import_text(
            "If you choose not to provide your personal information to us, we may not be able to provide you with requested products.",
        )
        .unwrap();
        assert_eq!(pol.choices.len(), 1, "{:?}", pol.choices);
        assert_eq!(pol.choices[0].kind, ChoiceKind::DontUse);
        // Choosing not to receive something is still an opt-out.
        let pol = crate::import_text(
            "You can choose not to receive marketing emails by clicking the unsubscribe link.",
        )
        .unwrap();
        assert_eq!(pol.choices[0].kind, ChoiceKind::OptOut);
    }

    #[test]
    fn the_company_refusing_is_no_choice() {
        for t in [
            "We may also reject your request to access or update your personal information if the request is unlawful.",
            "We reserve the right to refuse service to anyone.",
        ] {
            let pol = crate::import_text(t).unwrap();
            assert!(
                pol.choices.iter().all(|c| c.kind != ChoiceKind::OptOut),
                "{t}: {:?}",
                pol.choices
            );
        }
        // A block the user has done is not a choice offered.
        let pol = crate::import_text(
            "Your profile name will always be publicly available to other users (except to any user you have blocked).",
        )
        .unwrap();
        assert!(pol.choices.is_empty(), "{:?}", pol.choices);
        // The user refusing is an opt-out.
        let pol =
            crate::import_text("You may refuse cookies by activating the setting on your browser.")
                .unwrap();
        assert_eq!(pol.choices[0].kind, ChoiceKind::OptOut);
    }

    #[test]
    fn an_opt_out_denied_is_no_choice() {
        let pol = crate::import_text(
            "Because this information is important, you may not opt out of receiving these communications.",
        )
        .unwrap();
        assert!(pol.choices.is_empty(), "{:?}", pol.choices);
    }

    #[test]
    fn a_cookie_mechanism_names_cookies() {
        let pol = crate::import_text(
            "You may be able to reject cookies and web beacons by adjusting your browser settings.",
        )
        .unwrap();
        assert!(
            pol.choices[0]
                .technologies
                .contains(&crate::model::TrackingTechnology::Cookie)
        );
    }

    #[test]
    fn no_choice_without_a_choice_phrase() {
        let pol = crate::import_text("Cookies are small files stored by your browser.").unwrap();
        assert!(pol.choices.is_empty());
    }

    /// The subjects of the one opt-out or opt-in a sentence offers, as
    /// "kind: purpose, data, recipient, technology" ids.
    fn choice_over(text: &str) -> String {
        let p = crate::import_text(text).unwrap();
        let c: Vec<_> = p
            .choices
            .iter()
            .filter(|c| matches!(c.kind, ChoiceKind::OptIn | ChoiceKind::OptOut))
            .collect();
        assert_eq!(c.len(), 1, "{text}: {:?}", p.choices);
        let c = c[0];
        let mut over: Vec<&str> = c.purposes.iter().map(|x| x.as_str()).collect();
        over.extend(c.data.iter().map(|x| x.as_str()));
        over.extend(c.recipients.iter().map(|x| x.as_str()));
        over.extend(c.technologies.iter().map(|x| x.as_str()));
        format!("{}: {}", c.kind.as_str(), over.join(", "))
    }

    #[test]
    fn a_choice_is_over_the_object_of_its_phrase() {
        // The means ("by visiting our partner's website", "in any email")
        // is not what the choice is over.
        assert_eq!(
            choice_over(
                "You can opt out of targeted advertising by visiting the website of our advertising partner."
            ),
            "opt_out: targeted_advertising"
        );
        assert_eq!(
            choice_over(
                "You may unsubscribe from our marketing emails by using the link in any email we send."
            ),
            choice_over("You may unsubscribe from our marketing emails.")
        );
        // A list goes on after commas and "and".
        assert_eq!(
            choice_over(
                "You can block cookies, web beacons and local storage in your browser settings."
            ),
            "opt_out: cookie, web_beacon, local_storage"
        );
        // What "opt out of profiling" names is profiling.
        assert_eq!(
            choice_over("You can opt out of profiling at any time."),
            "opt_out: profiling"
        );
        // Nothing named: a general choice, not what the rest of the
        // sentence names.
        assert_eq!(
            choice_over(
                "You can opt out of cross-device matching on the website of our service provider."
            ),
            "opt_out: "
        );
    }

    #[test]
    fn without_an_object_a_choice_is_over_its_wish_condition_or_label() {
        assert_eq!(
            choice_over(
                "If you do not want us to use your precise location, you can opt out in Settings."
            ),
            "opt_out: location.precise"
        );
        // A phrase inside a condition: what the next clause says.
        assert_eq!(
            choice_over(
                "If you turn off this setting, we will stop using your search history for personalization."
            ),
            "opt_out: personalization, activity.search"
        );
        assert_eq!(
            choice_over("Marketing: unsubscribe using the link in any email."),
            "opt_out: marketing"
        );
        // Asking for consent is over what the whole sentence names.
        assert_eq!(
            choice_over(
                "We share your precise location with advertising partners only with your consent."
            ),
            "opt_in: location.precise, advertising_partner"
        );
    }

    #[test]
    fn opting_out_of_arbitration_is_no_privacy_choice() {
        let pol = crate::import_text(
            "You may opt out of this arbitration agreement by mailing a written notice with your name and postal address.",
        )
        .unwrap();
        assert!(pol.choices.is_empty(), "{:?}", pol.choices);
    }

    fn rights_of(text: &str) -> Vec<Right> {
        let mut r: Vec<_> = crate::import_text(text)
            .unwrap()
            .rights
            .iter()
            .map(|r| r.right)
            .collect();
        r.sort();
        r.dedup();
        r
    }

    #[test]
    fn coordinated_right_verbs() {
        assert_eq!(
            rights_of(
                "California residents have the right to know, delete and correct their personal information."
            ),
            vec![Right::Access, Right::Correction, Right::Deletion]
        );
        assert_eq!(
            rights_of(
                "You may access, correct or delete your personal information by contacting us."
            ),
            vec![Right::Access, Right::Correction, Right::Deletion]
        );
        // One verb and no "right to": not a right by itself.
        assert!(rights_of("You can access the site from any browser.").is_empty());
    }

    #[test]
    fn labelled_list_items_under_a_rights_heading() {
        let text = "# Your rights\n\n- **Access and export:** download your notes from Settings.\n- **Deletion:** delete your account from Settings.\n";
        assert_eq!(
            rights_of(text),
            vec![Right::Access, Right::Deletion, Right::Portability]
        );
        // The same labels elsewhere are not rights.
        assert!(rights_of("# Sign-in\n\n- **Access:** sign in with your email.\n").is_empty());
    }
}
