//! Canonical form: every list sorted and merged by its natural key.
//!
//! Importers emit one statement per finding; the canonical form merges
//! findings with the same key (e.g. two sentences that both say the email
//! address is collected) into one statement with both pieces of evidence.
//! The result depends only on the set of findings, never on their order.

use std::cmp::Ordering;
use std::mem::take;

use super::{Evidence, Policy};

/// Append a merged item's list to the first item's. Every list gathered
/// this way is sorted and deduplicated once by the `tidy` pass after the
/// merge (sorting at each merge made many merges quadratic).
fn gather<T>(into: &mut Vec<T>, from: Vec<T>) {
    into.extend(from);
}

fn tidy<T: Ord>(v: &mut Vec<T>) {
    v.sort();
    v.dedup();
}

/// Merge the items that share a key, in key order: the first item with a
/// key absorbs the later ones, in their order. A stable sort and one pass,
/// in place: no key is cloned and nothing is allocated. `cmp` orders items
/// by key; `merge(first, later)` moves what `later` adds into `first`.
fn merge_by<T>(
    items: &mut Vec<T>,
    cmp: impl Fn(&T, &T) -> Ordering,
    mut merge: impl FnMut(&mut T, &mut T),
) {
    if items.len() < 2 {
        return;
    }
    items.sort_by(&cmp);
    items.dedup_by(|later, first| {
        let same = cmp(first, later) == Ordering::Equal;
        if same {
            merge(first, later);
        }
        same
    });
}

/// Order by the key `key` gives (a copy of plain fields, or references).
macro_rules! by {
    (|$x:ident| $key:expr) => {
        |a, b| {
            let ka = {
                let $x = a;
                $key
            };
            let kb = {
                let $x = b;
                $key
            };
            ka.cmp(&kb)
        }
    };
}

/// The smaller of two optional values, either one when the other is `None`
/// (how merged statements combine their requirement).
pub(crate) fn min_opt<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn evidence_key(e: &Evidence) -> (u32, usize, &str) {
    match e {
        Evidence::Text { span, line, .. } => (*line, span.start, ""),
        Evidence::Xml { path, line, .. } => (*line, 0, path.as_str()),
    }
}

fn tidy_evidence(v: &mut Vec<Evidence>) {
    v.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)).then_with(|| a.cmp(b)));
    v.dedup();
}

pub(super) fn canonicalize(p: &mut Policy) {
    merge_by(
        &mut p.collection,
        by!(|c| (c.category, c.polarity, c.actor)),
        |a, b| {
            gather(&mut a.sources, take(&mut b.sources));
            gather(&mut a.purposes, take(&mut b.purposes));
            gather(&mut a.terms, take(&mut b.terms));
            gather(&mut a.conditions, take(&mut b.conditions));
            a.requirement = min_opt(a.requirement, b.requirement);
            a.evidence.append(&mut b.evidence);
        },
    );
    for c in &mut p.collection {
        tidy(&mut c.sources);
        tidy(&mut c.purposes);
        tidy(&mut c.terms);
        tidy(&mut c.conditions);
        tidy_evidence(&mut c.evidence);
    }

    merge_by(&mut p.purposes, by!(|s| (s.purpose, s.polarity)), |a, b| {
        gather(&mut a.data, take(&mut b.data));
        gather(&mut a.conditions, take(&mut b.conditions));
        a.requirement = min_opt(a.requirement, b.requirement);
        if a.description.is_none() {
            a.description = b.description.take();
        }
        a.evidence.append(&mut b.evidence);
    });
    for s in &mut p.purposes {
        tidy(&mut s.data);
        tidy(&mut s.conditions);
        tidy_evidence(&mut s.evidence);
    }

    merge_by(
        &mut p.sharing,
        by!(|s| (s.recipient, &s.name, s.polarity)),
        |a, b| {
            gather(&mut a.data, take(&mut b.data));
            gather(&mut a.purposes, take(&mut b.purposes));
            gather(&mut a.conditions, take(&mut b.conditions));
            a.requirement = min_opt(a.requirement, b.requirement);
            if a.description.is_none() {
                a.description = b.description.take();
            }
            a.evidence.append(&mut b.evidence);
        },
    );
    for s in &mut p.sharing {
        tidy(&mut s.data);
        tidy(&mut s.purposes);
        tidy(&mut s.conditions);
        tidy_evidence(&mut s.evidence);
    }

    merge_by(&mut p.sale, by!(|s| s.polarity), |a, b| {
        gather(&mut a.data, take(&mut b.data));
        gather(&mut a.recipients, take(&mut b.recipients));
        a.evidence.append(&mut b.evidence);
    });
    for s in &mut p.sale {
        tidy(&mut s.data);
        tidy(&mut s.recipients);
        tidy_evidence(&mut s.evidence);
    }

    merge_by(
        &mut p.retention,
        by!(|r| (r.kind, r.duration, r.bound)),
        |a, b| {
            gather(&mut a.data, take(&mut b.data));
            gather(&mut a.purposes, take(&mut b.purposes));
            a.evidence.append(&mut b.evidence);
        },
    );
    for r in &mut p.retention {
        tidy(&mut r.data);
        tidy(&mut r.purposes);
        tidy_evidence(&mut r.evidence);
    }

    merge_by(
        &mut p.tracking,
        by!(|t| (t.technology, t.party, t.polarity)),
        |a, b| {
            gather(&mut a.lifetimes, take(&mut b.lifetimes));
            gather(&mut a.purposes, take(&mut b.purposes));
            gather(&mut a.providers, take(&mut b.providers));
            gather(&mut a.uses, take(&mut b.uses));
            a.evidence.append(&mut b.evidence);
        },
    );
    for t in &mut p.tracking {
        tidy(&mut t.lifetimes);
        tidy(&mut t.purposes);
        tidy(&mut t.providers);
        tidy(&mut t.uses);
        tidy_evidence(&mut t.evidence);
    }

    merge_by(&mut p.do_not_track, by!(|d| d.stance), |a, b| {
        a.evidence.append(&mut b.evidence);
    });
    for d in &mut p.do_not_track {
        tidy_evidence(&mut d.evidence);
    }

    for c in &mut p.choices {
        tidy(&mut c.purposes);
        tidy(&mut c.data);
        tidy(&mut c.recipients);
        tidy(&mut c.technologies);
    }
    merge_by(
        &mut p.choices,
        by!(|c| (c.kind, &c.purposes, &c.data, &c.recipients, &c.technologies)),
        |a, b| {
            gather(&mut a.mechanisms, take(&mut b.mechanisms));
            a.evidence.append(&mut b.evidence);
        },
    );
    for c in &mut p.choices {
        tidy(&mut c.mechanisms);
        tidy_evidence(&mut c.evidence);
    }

    merge_by(
        &mut p.rights,
        by!(|r| (r.right, r.polarity, r.scope)),
        |a, b| {
            gather(&mut a.mechanisms, take(&mut b.mechanisms));
            gather(&mut a.audiences, take(&mut b.audiences));
            a.evidence.append(&mut b.evidence);
        },
    );
    for r in &mut p.rights {
        tidy(&mut r.mechanisms);
        tidy(&mut r.audiences);
        tidy_evidence(&mut r.evidence);
    }

    merge_by(&mut p.security, by!(|s| (s.measure, s.polarity)), |a, b| {
        gather(&mut a.terms, take(&mut b.terms));
        a.evidence.append(&mut b.evidence);
    });
    for s in &mut p.security {
        tidy(&mut s.terms);
        tidy_evidence(&mut s.evidence);
    }

    merge_by(
        &mut p.audiences,
        by!(|a| (a.audience, a.age, a.polarity)),
        |a, b| {
            a.parental_consent |= b.parental_consent;
            gather(&mut a.data, take(&mut b.data));
            a.evidence.append(&mut b.evidence);
        },
    );
    for a in &mut p.audiences {
        tidy(&mut a.data);
        tidy_evidence(&mut a.evidence);
    }

    merge_by(
        &mut p.transfers,
        by!(|t| (&t.destination, t.polarity)),
        |a, b| {
            gather(&mut a.mechanisms, take(&mut b.mechanisms));
            a.evidence.append(&mut b.evidence);
        },
    );
    for t in &mut p.transfers {
        tidy(&mut t.mechanisms);
        tidy_evidence(&mut t.evidence);
    }

    merge_by(
        &mut p.change_policy,
        by!(|c| (c.method, c.choice)),
        |a, b| {
            a.advance_days = a.advance_days.max(b.advance_days);
            a.evidence.append(&mut b.evidence);
        },
    );
    for c in &mut p.change_policy {
        tidy_evidence(&mut c.evidence);
    }

    merge_by(
        &mut p.disputes,
        by!(|d| (d.resolution, &d.service)),
        |a, b| {
            gather(&mut a.remedies, take(&mut b.remedies));
            if a.description.is_none() {
                a.description = b.description.take();
            }
            if a.long_description.is_none() {
                a.long_description = b.long_description.take();
            }
            if a.verification.is_none() {
                a.verification = b.verification.take();
            }
            a.evidence.append(&mut b.evidence);
        },
    );
    for d in &mut p.disputes {
        tidy(&mut d.remedies);
        tidy_evidence(&mut d.evidence);
    }

    merge_by(&mut p.contacts, by!(|c| (c.kind, &c.value)), |a, b| {
        a.evidence.append(&mut b.evidence);
    });
    for c in &mut p.contacts {
        tidy_evidence(&mut c.evidence);
    }

    merge_by(
        &mut p.laws,
        by!(|l| {
            let other = if l.law == super::Law::Other {
                l.name.to_lowercase()
            } else {
                String::new()
            };
            (l.law, other)
        }),
        |a, b| a.evidence.append(&mut b.evidence),
    );
    for l in &mut p.laws {
        tidy_evidence(&mut l.evidence);
    }

    for u in &mut p.unrecognized {
        tidy_evidence(&mut u.evidence);
    }
    p.unrecognized.sort_by(|a, b| {
        let ka = a.evidence.first().map(evidence_key);
        let kb = b.evidence.first().map(evidence_key);
        ka.cmp(&kb)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.name.cmp(&b.name))
    });
    p.diagnostics.sort_by(|a, b| {
        (a.line, a.column, &a.code, &a.message).cmp(&(b.line, b.column, &b.code, &b.message))
    });
    p.diagnostics.dedup();
    p.metadata.links.sort();
    p.metadata.links.dedup();
    if let Some(c) = &mut p.metadata.controller {
        tidy_evidence(&mut c.evidence);
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn ev(start: usize) -> Evidence {
        Evidence::Text {
            span: Span::new(start, start + 1),
            line: 1,
            section: vec![],
            quote: "x".into(),
            source_line: None,
        }
    }

    fn coll(cat: DataCategory, start: usize) -> Collection {
        Collection {
            category: cat,
            polarity: Polarity::Does,
            actor: Actor::FirstParty,
            sources: vec![],
            requirement: None,
            purposes: vec![Purpose::Marketing],
            terms: vec![],
            conditions: vec![],
            evidence: vec![ev(start)],
        }
    }

    #[test]
    fn merge_is_order_independent() {
        let items = vec![
            coll(DataCategory::ContactEmail, 5),
            coll(DataCategory::IdentityName, 1),
            coll(DataCategory::ContactEmail, 2),
        ];
        let mut a = Policy::new(Source::default());
        a.collection = items.clone();
        a.canonicalize();
        let mut b = Policy::new(Source::default());
        b.collection = items.into_iter().rev().collect();
        b.canonicalize();
        assert_eq!(a, b);
        assert_eq!(a.collection.len(), 2);
        let email = a
            .collection
            .iter()
            .find(|c| c.category == DataCategory::ContactEmail)
            .unwrap();
        assert_eq!(email.evidence.len(), 2);
    }
}
