//! How long data is kept: stated periods (digits or number words, with
//! "no more than" / "at least" bounds), "as long as necessary", "until you
//! delete your account", "indefinitely", "as required by law".

use std::sync::LazyLock;

use regex::Regex;

use super::sentence::{Verb, kw};
use super::{Ctx, Topics};
use crate::model::{
    Bound, DataCategory, Duration, DurationUnit, Polarity, Policy, Retention, RetentionKind,
};

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:\b(?P<bound>no\ more\ than|not\ more\ than|no\ longer\ than|not\ longer\ than|up\ to|a\ maximum\ of|maximum\ of|at\ most|
           within|less\ than|fewer\ than|at\ least|a\ minimum\ of|minimum\ of|no\ less\ than|not\ less\ than|more\ than|over|for|after)\s+)?
        (?:a\ period\ of\ |the\ |a\ )?
        \b(?P<num>\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|twenty-four|thirty|forty-five|forty|fifty|sixty|ninety|hundred|a|an)
        (?:\s*\(\d{1,4}\))?
        [\s-]*(?P<unit>hours?|days?|weeks?|months?|years?)\b",
    )
    .expect("static regex")
});

/// A number written in digits or words.
pub(crate) fn number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    Some(match s {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "eighteen" => 18,
        "twenty" => 20,
        "twenty-four" => 24,
        "thirty" => 30,
        "forty" => 40,
        "forty-five" => 45,
        "fifty" => 50,
        "sixty" => 60,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// Stated periods in a folded sentence: (duration, bound). `negated` flips
/// "more than" into a maximum ("will not be kept for more than 60 days").
pub(crate) fn periods(folded: &str, negated: bool) -> Vec<(Duration, Bound)> {
    let mut out = Vec::new();
    for c in PERIOD.captures_iter(folded) {
        let Some(value) = c.name("num").and_then(|m| number(m.as_str())) else {
            continue;
        };
        let unit = match c
            .name("unit")
            .map_or("", |m| m.as_str())
            .trim_end_matches('s')
        {
            "hour" => DurationUnit::Hours,
            "day" => DurationUnit::Days,
            "week" => DurationUnit::Weeks,
            "month" => DurationUnit::Months,
            "year" => DurationUnit::Years,
            _ => continue,
        };
        let bound_word = c.name("bound").map_or("", |m| m.as_str());
        // "a" / "an" only count with an explicit bound word ("for a year").
        if matches!(c.name("num").map(|m| m.as_str()), Some("a" | "an")) && bound_word.is_empty() {
            continue;
        }
        let bound = match bound_word {
            "no more than" | "not more than" | "no longer than" | "not longer than" | "up to"
            | "a maximum of" | "maximum of" | "at most" | "within" | "less than" | "fewer than" => {
                Bound::AtMost
            }
            "at least" | "a minimum of" | "minimum of" | "no less than" | "not less than" => {
                Bound::AtLeast
            }
            "more than" | "over" if negated => Bound::AtMost,
            "more than" | "over" => Bound::AtLeast,
            "for" | "after" => Bound::Exactly,
            _ => Bound::Exactly,
        };
        out.push((Duration::new(value, unit), bound));
    }
    out
}

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let an = ctx.an;
    let verbs = an.verbs();
    let retain_verbs: Vec<usize> = verbs
        .iter()
        .filter(|(_, v)| *v == Verb::Retain)
        .map(|(i, _)| *i)
        .collect();
    if retain_verbs.is_empty() && an.kw & kw::RETAIN == 0 && !ctx.topics.any(Topics::RETENTION) {
        return;
    }
    let on_file = an.has("on file") || an.has("retention period") || an.has("kept for");
    if retain_verbs.is_empty() && !on_file && !ctx.topics.any(Topics::RETENTION) {
        return;
    }
    let f = &an.folded;
    let negated = retain_verbs.iter().any(|&i| an.negated(i));
    let mut found: Vec<(RetentionKind, Option<Duration>, Option<Bound>)> = Vec::new();
    // Stated periods. A period in a sentence that deletes ("deleted after 30
    // days") is a maximum.
    let deletes = retain_verbs.iter().any(|&i| {
        matches!(
            an.word(i),
            "delete"
                | "deletes"
                | "deleted"
                | "destroy"
                | "destroyed"
                | "erase"
                | "erased"
                | "purge"
                | "purged"
                | "discard"
                | "discarded"
        )
    });
    if !retain_verbs.is_empty() || on_file || ctx.topics.any(Topics::RETENTION) {
        for (d, mut b) in periods(f, negated) {
            if deletes && b == Bound::Exactly {
                b = Bound::AtMost;
            }
            // Ages and notice periods are not retention.
            if f.contains("years of age")
                || f.contains("years old")
                || f.contains("notice")
                || f.contains("notify")
            {
                continue;
            }
            found.push((RetentionKind::StatedPeriod, Some(d), Some(b)));
        }
    }
    let has_any = |pats: &[&str]| pats.iter().any(|p| f.contains(p));
    if has_any(&[
        "as long as necessary",
        "as long as needed",
        "as long as is necessary",
        "as long as reasonably necessary",
        "no longer than necessary",
        "no longer than is necessary",
        "only as long as",
        "for as long as we need",
        "for as long as it is needed",
        "as long as required to",
        "long as is reasonably",
    ]) {
        found.push((RetentionKind::AsLongAsNecessary, None, None));
    }
    if has_any(&[
        "until you delete your account",
        "until your account is deleted",
        "until you close your account",
        "until you delete it",
        "until you ask us to delete",
        "while your account is active",
        "for as long as your account",
        "as long as your account",
        "until you cancel",
        "until you unsubscribe",
        "until you withdraw",
    ]) {
        found.push((RetentionKind::UntilAccountDeletion, None, None));
    }
    if has_any(&["indefinitely", "permanently", "forever", "for an unlimited"]) && !negated {
        found.push((RetentionKind::Indefinitely, None, None));
    }
    if has_any(&[
        "as required by law",
        "legal obligation",
        "legally required",
        "required to retain",
        "retention obligations",
        "as required by applicable law",
        "comply with our legal",
        "law requires",
    ]) && !retain_verbs.is_empty()
    {
        found.push((RetentionKind::LegalRequirement, None, None));
    }
    if has_any(&[
        "once your issue is dealt with",
        "once the request has been fulfilled",
        "once the purpose",
        "when no longer needed",
        "when it is no longer needed",
        "when no longer necessary",
        "after the purpose",
        "once it is no longer",
        "is dealt with",
        "has been fulfilled",
        "after a transaction",
        "once we no longer need",
    ]) && (deletes || on_file || !retain_verbs.is_empty())
        && !found.iter().any(|f| f.0 == RetentionKind::StatedPeriod)
    {
        found.push((RetentionKind::StatedPurpose, None, None));
    }
    if found.is_empty() {
        // "We do not store your card number": no retention at all.
        if negated
            && retain_verbs.iter().any(|&i| {
                matches!(
                    an.word(i),
                    "store" | "stores" | "retain" | "retains" | "keep" | "keeps"
                )
            })
            && !an.data_all().is_empty()
            && !an.has("longer")
        {
            found.push((RetentionKind::NoRetention, None, None));
        } else {
            return;
        }
    }
    let data: Vec<DataCategory> = an.data_all().into_iter().map(|(d, _)| d).collect();
    let purposes = an.purposes();
    for (kind, duration, bound) in found {
        policy.retention.push(Retention {
            kind,
            duration,
            bound,
            data: data.clone(),
            purposes: purposes.clone(),
            evidence: vec![ctx.evidence()],
        });
    }
    let _ = Polarity::Does;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_bounds() {
        let p = periods("kept for no more than 60 days", false);
        assert_eq!(
            p,
            vec![(Duration::new(60, DurationUnit::Days), Bound::AtMost)]
        );
        let p = periods("for five years", false);
        assert_eq!(
            p,
            vec![(Duration::new(5, DurationUnit::Years), Bound::Exactly)]
        );
        let p = periods("will not be kept on file for more than 60 days", true);
        assert_eq!(p[0].1, Bound::AtMost);
        let p = periods("at least 30 days", false);
        assert_eq!(
            p[0],
            (Duration::new(30, DurationUnit::Days), Bound::AtLeast)
        );
        let p = periods("for twelve (12) months", false);
        assert_eq!(p[0].0.days, 360);
    }

    #[test]
    fn retention_kinds_from_text() {
        let pol = crate::import_text(
            "We retain this information no longer than necessary to meet these objectives.",
        )
        .unwrap();
        assert_eq!(pol.retention[0].kind, RetentionKind::AsLongAsNecessary);
        let pol = crate::import_text("After a transaction, your credit card details will not be kept on file for more than 60 days.").unwrap();
        let r = pol
            .retention
            .iter()
            .find(|r| r.kind == RetentionKind::StatedPeriod)
            .unwrap();
        assert_eq!(r.duration.unwrap().days, 60);
        assert_eq!(r.bound, Some(Bound::AtMost));
        let pol = crate::import_text("We keep your posts until you delete your account.").unwrap();
        assert_eq!(pol.retention[0].kind, RetentionKind::UntilAccountDeletion);
        let pol = crate::import_text("Suggestions may be retained indefinitely.").unwrap();
        assert_eq!(pol.retention[0].kind, RetentionKind::Indefinitely);
    }

    #[test]
    fn no_retention_claim_without_a_retention_verb() {
        let pol = crate::import_text("You must be at least 13 years of age.").unwrap();
        assert!(pol.retention.is_empty());
    }
}
