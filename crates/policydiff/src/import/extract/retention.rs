//! How long data is kept: stated periods (digits or number words, with
//! "no more than" / "at least" bounds), "as long as necessary", "until you
//! delete your account", "indefinitely", "as required by law".

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::sentence::{Verb, kw, non_data};
use super::{Ctx, Topics, any_of};
use crate::lexicon::Term;
use crate::model::{
    Bound, DataCategory, Duration, DurationUnit, Polarity, Policy, Retention, RetentionKind,
    TrackingTechnology,
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
#[cfg(test)]
fn periods(folded: &str, negated: bool) -> Vec<(Duration, Bound)> {
    periods_at(folded, negated)
        .into_iter()
        .map(|(d, b, _)| (d, b))
        .collect()
}

/// [`periods`] with the byte offset where each period starts.
fn periods_at(folded: &str, negated: bool) -> Vec<(Duration, Bound, usize)> {
    let mut out = Vec::new();
    for c in PERIOD.captures_iter(folded) {
        let at = c.get(0).map_or(0, |m| m.start());
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
        out.push((Duration::new(value, unit), bound, at));
    }
    out
}

/// The list item of a sentence that byte `at` is in: the text between the
/// commas or semicolons around it ("we keep payment records for seven
/// years, [newsletter records until you unsubscribe], and ...").
fn segment(folded: &str, at: usize) -> (usize, usize) {
    let b = folded.as_bytes();
    let at = at.min(b.len());
    let start = b[..at]
        .iter()
        .rposition(|&c| c == b',' || c == b';')
        .map_or(0, |i| i + 1);
    let end = b[at..]
        .iter()
        .position(|&c| c == b',' || c == b';')
        .map_or(b.len(), |i| at + i);
    (start, end)
}

/// Words that say data is no longer about a person.
static ANONYMISED: LazyLock<AhoCorasick> = LazyLock::new(|| {
    any_of(&[
        "anonymised",
        "anonymized",
        "anonymous",
        "aggregated",
        "aggregate data",
        "aggregate information",
        "de-identified",
        "deidentified",
        "non-identifiable",
        "non-personal",
    ])
});

/// A retention statement found in a sentence: kind, duration, bound, and
/// where in the sentence it is stated.
type Found = (
    RetentionKind,
    Option<Duration>,
    Option<Bound>,
    Option<usize>,
);

/// Retention stated in words, one group of phrases per kind (searched in one
/// pass by [`worded`]).
const WORDED: [&[&str]; 5] = [
    // Kept as long as necessary.
    &[
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
    ],
    // Kept until the user deletes the account or withdraws.
    &[
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
    ],
    // Kept indefinitely.
    &["indefinitely", "permanently", "forever", "for an unlimited"],
    // Kept as the law requires.
    &[
        "as required by law",
        "legal obligation",
        "legally required",
        "required to retain",
        "retention obligations",
        "as required by applicable law",
        "comply with our legal",
        "law requires",
    ],
    // Kept until a stated purpose is met.
    &[
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
    ],
];

/// Where the earliest phrase of each [`WORDED`] group occurs in `f`, if any
/// does: the same as `group.iter().filter_map(|p| f.find(p)).min()` per
/// group, in one overlapping Aho-Corasick pass instead of fifty substring
/// searches (this ran on every sentence under a retention heading and was a
/// tenth of the import's profile).
fn worded(f: &str) -> [Option<usize>; 5] {
    static AC: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
        let group: Vec<usize> = WORDED
            .iter()
            .enumerate()
            .flat_map(|(g, ps)| ps.iter().map(move |_| g))
            .collect();
        (any_of(&WORDED.concat()), group)
    });
    let (ac, group) = &*AC;
    let mut at: [Option<usize>; 5] = [None; 5];
    for m in ac.find_overlapping_iter(f) {
        let g = &mut at[group[m.pattern().as_usize()]];
        *g = Some(g.map_or(m.start(), |a| a.min(m.start())));
    }
    at
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
    let mut found: Vec<Found> = Vec::new();
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
        for (d, mut b, at) in periods_at(f, negated) {
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
            found.push((RetentionKind::StatedPeriod, Some(d), Some(b), Some(at)));
        }
    }
    let [necessary, until_account, indefinite, legal, purpose_met] = worded(f);
    if let Some(at) = necessary {
        found.push((RetentionKind::AsLongAsNecessary, None, None, Some(at)));
    }
    if let Some(at) = until_account {
        found.push((RetentionKind::UntilAccountDeletion, None, None, Some(at)));
    }
    if let Some(at) = indefinite
        && !negated
    {
        found.push((RetentionKind::Indefinitely, None, None, Some(at)));
    }
    if let Some(at) = legal
        && !retain_verbs.is_empty()
    {
        found.push((RetentionKind::LegalRequirement, None, None, Some(at)));
    }
    if let Some(at) = purpose_met
        && (deletes || on_file || !retain_verbs.is_empty())
        && !found.iter().any(|x| x.0 == RetentionKind::StatedPeriod)
    {
        found.push((RetentionKind::StatedPurpose, None, None, Some(at)));
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
            found.push((RetentionKind::NoRetention, None, None, None));
        } else {
            return;
        }
    }
    // The data of a byte range of the sentence; "Server logs: for 12
    // months": logs hold device data (IP address, browser, device), so their
    // retention is that data's.
    let data_of = |from: usize, to: usize| -> Vec<DataCategory> {
        let in_range = |h: &&crate::lexicon::Hit| h.start >= from && h.start < to;
        let mut d: Vec<DataCategory> = an
            .hits
            .iter()
            .filter(in_range)
            .filter_map(|h| match h.term {
                Term::Data(d) if !non_data(&f[..h.start]) => Some(d),
                _ => None,
            })
            .collect();
        if d.is_empty()
            && an
                .hits
                .iter()
                .filter(in_range)
                .any(|h| h.term == Term::Tracking(TrackingTechnology::ServerLogs))
        {
            d.push(DataCategory::Device);
        }
        d
    };
    let whole = data_of(0, f.len());
    // Several periods in one sentence are a list ("payment records for
    // seven years, website logs for 60 days"): each applies to the data of
    // its own item; an item that names none and refers back ("and delete
    // them within 30 days") takes the data of the item before it.
    let per_item = found.len() > 1;
    let purposes = an.purposes();
    let mut previous: Vec<DataCategory> = whole.clone();
    for (kind, duration, bound, at) in found {
        // "Data that has been anonymised or aggregated may be retained
        // indefinitely": what is kept is no longer personal data. (Made
        // anonymous after the period, or as the alternative to deleting it,
        // "deleted or anonymised when no longer needed", the period holds.)
        if let Some(at) = at
            && !deletes
        {
            let (s, _) = if per_item {
                segment(f, at)
            } else {
                (0, f.len())
            };
            if ANONYMISED.is_match(&f[s..at]) {
                continue;
            }
        }
        let data = match at {
            Some(at) if per_item => {
                let (s, e) = segment(f, at);
                let d = data_of(s, e);
                let refers_back = f[s..e]
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| matches!(w, "it" | "them" | "this" | "these" | "such"));
                if d.is_empty() && refers_back {
                    previous.clone()
                } else {
                    d
                }
            }
            _ => whole.clone(),
        };
        previous.clone_from(&data);
        policy.retention.push(Retention {
            kind,
            duration,
            bound,
            data,
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

    #[test]
    fn server_log_retention_is_device_data() {
        let pol =
            crate::import_text("# How long we keep it\n\n- Server logs: for 12 months.\n").unwrap();
        assert_eq!(pol.retention.len(), 1);
        assert_eq!(pol.retention[0].data, vec![DataCategory::Device]);
        assert_eq!(pol.retention[0].duration.unwrap().days, 360);
    }

    #[test]
    fn each_period_of_a_list_keeps_its_own_data() {
        let pol = crate::import_text(
            "We keep payment records for seven years, your email address until you unsubscribe, and server logs for no more than 60 days.",
        )
        .unwrap();
        let by_kind = |days: Option<u32>| {
            pol.retention
                .iter()
                .find(|r| r.duration.map(|d| d.days) == days)
                .map(|r| r.data.clone())
                .unwrap()
        };
        assert_eq!(
            by_kind(Some(7 * 365)),
            vec![DataCategory::FinancialTransactions]
        );
        assert_eq!(by_kind(None), vec![DataCategory::ContactEmail]);
        assert_eq!(by_kind(Some(60)), vec![DataCategory::Device]);
        // A later item that refers back keeps the data of the one before.
        let pol = crate::import_text(
            "We keep your email address while your account is open, and delete it within 30 days after you close it.",
        )
        .unwrap();
        assert!(
            pol.retention
                .iter()
                .all(|r| r.data == vec![DataCategory::ContactEmail])
        );
    }

    #[test]
    fn anonymised_data_kept_is_no_retention_of_personal_data() {
        let kinds = |t: &str| -> Vec<RetentionKind> {
            crate::import_text(t)
                .unwrap()
                .retention
                .iter()
                .map(|r| r.kind)
                .collect()
        };
        assert!(kinds("Information that has been anonymised so that it no longer identifies you may be kept indefinitely.").is_empty());
        assert!(kinds("We may keep aggregated statistics about visits for five years.").is_empty());
        // Anonymised after the period, or instead of being deleted: the
        // period is the retention.
        assert_eq!(
            kinds(
                "Chat metadata is deleted or anonymised when it is no longer needed to deliver messages."
            ),
            vec![RetentionKind::StatedPurpose]
        );
        assert_eq!(
            kinds(
                "We keep your order history for two years, after which it is deleted or anonymised."
            ),
            vec![RetentionKind::StatedPeriod]
        );
    }
}
