//! Scoring the seed policies against `../shared/eval/seed-labels.json`:
//! policy-level micro-F1 of the OPP-115 labels, and a check of every
//! `facts` entry against the extracted `Policy`. Shared by the seed test and
//! the `opp115_eval` example.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use policydiff::model::{
    ChoiceKind, DataCategory, NoticeMethod, Polarity, RetentionKind, SecurityMeasure,
    TrackingLifetime, TrackingTechnology,
};
use policydiff::{Policy, opp115};
use serde_json::Value;

/// The shared data directory, if present (`POLICYDIFF_SHARED` or `../shared`
/// from the repository root).
pub fn shared_dir() -> Option<PathBuf> {
    let p = std::env::var_os("POLICYDIFF_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    p.join("eval/seed-labels.json").is_file().then_some(p)
}

/// Result for one seed.
#[derive(Debug)]
pub struct SeedScore {
    pub id: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub missing: Vec<String>,
    pub spurious: Vec<String>,
    pub facts: Vec<(String, bool, String)>,
}

fn triple(l: &opp115::Label) -> String {
    format!("{} | {} | {}", l.category, l.attribute, l.value)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Check one `facts` entry against the policy: (ok, what was found).
pub fn check_fact(p: &Policy, key: &str, value: &Value) -> (bool, String) {
    let named: BTreeSet<String> = p
        .sharing
        .iter()
        .filter(|s| s.polarity == Polarity::Does)
        .filter_map(|s| s.name.clone())
        .collect();
    let cookies: Vec<_> = p
        .tracking
        .iter()
        .filter(|t| t.technology == TrackingTechnology::Cookie && t.polarity == Polarity::Does)
        .collect();
    let cookie_uses: Vec<String> = cookies
        .iter()
        .flat_map(|t| t.uses.iter().map(|u| u.to_lowercase()))
        .collect();
    let sale_not = p.sale.iter().any(|s| s.polarity == Polarity::DoesNot)
        && !p.sale.iter().any(|s| s.polarity == Polarity::Does);
    match key {
        "named_recipients" => {
            let want = strings(value);
            (want.iter().all(|w| named.contains(w)), format!("{named:?}"))
        }
        "stored_as_hash" => {
            let hashed: Vec<_> = p
                .security
                .iter()
                .filter(|s| s.measure == SecurityMeasure::Hashing)
                .collect();
            let quotes: String = hashed
                .iter()
                .flat_map(|s| s.evidence.iter().filter_map(|e| e.quote()))
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let ok =
                !hashed.is_empty() && strings(value).iter().all(|w| quotes.contains(w.as_str()));
            (ok, format!("hashing evidence: {quotes:?}"))
        }
        "change_notice" => {
            let methods: BTreeSet<_> = p.change_policy.iter().map(|c| c.method).collect();
            let opt_in = p
                .change_policy
                .iter()
                .any(|c| c.choice == Some(ChoiceKind::OptIn));
            let ok = methods.contains(&NoticeMethod::WebsiteNotice)
                && methods.contains(&NoticeMethod::PersonalNotice)
                && opt_in;
            (ok, format!("{methods:?}, opt-in: {opt_in}"))
        }
        "sells_personal_information" | "sells_personally_identifiable_information" => {
            let want = value.as_bool().unwrap_or(true);
            (
                want != sale_not && (want || sale_not),
                format!(
                    "sale statements: {:?}",
                    p.sale.iter().map(|s| s.polarity).collect::<Vec<_>>()
                ),
            )
        }
        "cookie_uses" => {
            let want = strings(value);
            let ok = want
                .iter()
                .all(|w| cookie_uses.iter().any(|u| u.contains(&w.to_lowercase())));
            (ok, format!("{cookie_uses:?}"))
        }
        "retention_stated_period_days" => {
            let want = value.as_u64().unwrap_or(0);
            let found: Vec<u32> = p
                .retention
                .iter()
                .filter(|r| r.kind == RetentionKind::StatedPeriod)
                .filter_map(|r| r.duration.map(|d| d.days))
                .collect();
            (
                found.iter().any(|d| u64::from(*d) == want),
                format!("{found:?}"),
            )
        }
        "children_min_age" => {
            let want = value.as_u64().unwrap_or(0);
            let ages: Vec<u8> = p.audiences.iter().filter_map(|a| a.age).collect();
            (
                ages.iter().any(|a| u64::from(*a) == want),
                format!("{ages:?}"),
            )
        }
        "laws_named" => {
            // A law is recovered when the law that name denotes was found.
            let lex = policydiff::Lexicon::builtin();
            let have: BTreeSet<_> = p.laws.iter().map(|l| l.law).collect();
            let ok = strings(value).iter().all(|w| {
                let folded = w.to_lowercase().replace('’', "'");
                lex.find(&folded, w).iter().any(
                    |h| matches!(h.term, policydiff::lexicon::Term::Law(l) if have.contains(&l)),
                )
            });
            (ok, format!("{have:?}"))
        }
        "collected_at_order" => {
            let terms: Vec<String> = p
                .collection
                .iter()
                .filter(|c| c.polarity == Polarity::Does)
                .flat_map(|c| c.terms.iter().map(|t| t.to_lowercase()))
                .collect();
            let ok = strings(value)
                .iter()
                .all(|w| terms.iter().any(|t| t == &w.to_lowercase()));
            (ok, format!("{terms:?}"))
        }
        "claims_p3p_compliance" => {
            let ok = p.laws.iter().any(|l| {
                let n = l.name.to_lowercase();
                n.contains("platform for privacy preferences") || n == "p3p"
            });
            (
                ok == value.as_bool().unwrap_or(true),
                format!("{:?}", p.laws.iter().map(|l| &l.name).collect::<Vec<_>>()),
            )
        }
        "cookies" => {
            // Each described cookie: its lifetime and what it holds.
            let lifetimes: BTreeSet<_> = cookies
                .iter()
                .flat_map(|t| t.lifetimes.iter().copied())
                .collect();
            let mut ok = true;
            for w in strings(value) {
                let w = w.to_lowercase();
                if (w.contains("session") || w.contains("temporary"))
                    && !lifetimes.contains(&TrackingLifetime::Session)
                {
                    ok = false;
                }
                if w.contains("persistent") && !lifetimes.contains(&TrackingLifetime::Persistent) {
                    ok = false;
                }
                if let (Some(a), Some(b)) = (w.find('('), w.find(')')) {
                    let held = &w[a + 1..b];
                    if !cookie_uses.iter().any(|u| u.contains(held)) {
                        ok = false;
                    }
                }
                if w.contains("authentication")
                    && !cookie_uses.iter().any(|u| u.contains("authenticat"))
                {
                    ok = false;
                }
            }
            (ok, format!("lifetimes {lifetimes:?}, uses {cookie_uses:?}"))
        }
        "receives_payment_details" => {
            let not = p.collection.iter().any(|c| {
                c.polarity == Polarity::DoesNot && c.category.is_within(DataCategory::Financial)
            });
            (
                not != value.as_bool().unwrap_or(false),
                format!("financial does_not: {not}"),
            )
        }
        _ => (false, format!("unknown fact `{key}`")),
    }
}

/// Score every seed.
pub fn score_seeds(shared: &Path) -> Vec<SeedScore> {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("eval/seed-labels.json")).expect("seed labels"),
    )
    .expect("json");
    let mut out = Vec::new();
    let Some(policies) = gold["policies"].as_object() else {
        return out;
    };
    for (id, g) in policies {
        let path = shared.join("seeds").join(format!("{id}.txt"));
        let policy = policydiff::import_file(&path, &policydiff::ImportOptions::new())
            .expect("seed imports");
        let labels = opp115::labels(&policy);
        let pred: BTreeSet<String> = labels.labels.iter().map(triple).collect();
        let want: BTreeSet<String> = g["labels"]
            .as_array()
            .map(|a| a.iter().map(|t| strings(t).join(" | ")).collect())
            .unwrap_or_default();
        let facts = g["facts"]
            .as_object()
            .map(|f| {
                f.iter()
                    .map(|(k, v)| {
                        let (ok, found) = check_fact(&policy, k, v);
                        (k.clone(), ok, found)
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(SeedScore {
            id: id.clone(),
            tp: pred.intersection(&want).count(),
            fp: pred.difference(&want).count(),
            fn_: want.difference(&pred).count(),
            missing: want.difference(&pred).cloned().collect(),
            spurious: pred.difference(&want).cloned().collect(),
            facts,
        });
    }
    out
}

/// Pooled micro-F1 over all seeds.
pub fn micro_f1(scores: &[SeedScore]) -> f64 {
    let tp: usize = scores.iter().map(|s| s.tp).sum();
    let fp: usize = scores.iter().map(|s| s.fp).sum();
    let fn_: usize = scores.iter().map(|s| s.fn_).sum();
    if tp == 0 {
        return 0.0;
    }
    let p = tp as f64 / (tp + fp) as f64;
    let r = tp as f64 / (tp + fn_) as f64;
    2.0 * p * r / (p + r)
}
