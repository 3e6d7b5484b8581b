//! Semantic diff: compare the practice lists of two policies and emit one
//! event per substantive difference. Events carry facts only (what changed,
//! which way, where); the rule table decides what they mean.
//!
//! Lists are compared by the natural keys of `model::canonical` (category,
//! purpose, recipient kind and name, technology and party, right, measure,
//! audience, destination, notice method). Decisions worth knowing:
//!
//! - **Polarity.** A `does_not` promise in the old version that is gone, or
//!   flipped to `does`, in the new one is an expansion (`*.promise_removed`);
//!   a new `does_not` promise is a restriction.
//! - **Data hierarchy.** A new category within one already disclosed
//!   (`contact` → `contact.email`), or a broader one over a disclosed child,
//!   is `data.more_specific`, not new data, except that a sensitive category
//!   (GDPR Art. 9 and similar, see `DataCategory::is_sensitive`) is new
//!   unless a sensitive ancestor was disclosed (so `health` over a disclosed
//!   `health.fitness` is new: the whole special category now, not one kind). `personal` (unspecified) never
//!   covers anything.
//! - **Recipients.** Payment processors, delivery and analytics providers
//!   are kinds of service provider: a generic `service_provider` disclosure
//!   covers them. A name added under a kind already disclosed is a new named
//!   recipient; anything else is a new recipient kind.
//! - **Retention** is compared per data category (else per purpose, else for
//!   "all data") on the order no retention < stated period (by days) <
//!   open-ended (as long as necessary, until account deletion, legal
//!   requirement) < business practices < indefinitely. `at least N` counts as
//!   open-ended.
//! - **Children.** The age threshold of "we do not collect from children
//!   under N" statements is compared; a lower one, or collection from
//!   children or teens where there was none, expands; so does data collected
//!   from children that the old version did not name (`children.new_data`).

use std::collections::{BTreeMap, BTreeSet};

use super::{ChangeEvidence, ChangeKind, Dimension, Direction, TextDiff};
use crate::model::{
    Audience, AudienceKind, ChoiceKind, DataCategory, DntStance, Evidence, NoticeMethod, Polarity,
    Policy, Purpose, RecipientKind, Retention, RetentionKind, SecurityMeasure, TrackingParty,
    TrackingTechnology,
};
use crate::model::{Bound, Law};
use crate::rules;

/// At most this many evidence records per side of a change.
const MAX_EVIDENCE: usize = 5;

/// One substantive difference, before the rules decide on it.
#[derive(Clone, Debug)]
#[allow(clippy::struct_field_names)]
pub(crate) struct Event {
    pub event: &'static str,
    pub dimension: Dimension,
    pub kind: ChangeKind,
    pub direction: Direction,
    pub subject: String,
    pub tags: Vec<&'static str>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub evidence: ChangeEvidence,
}

impl Event {
    fn new(
        event: &'static str,
        kind: ChangeKind,
        direction: Direction,
        subject: impl Into<String>,
    ) -> Event {
        Event {
            event,
            dimension: rules::event_info(event).map_or(Dimension::Other, |e| e.dimension),
            kind,
            direction,
            subject: subject.into(),
            tags: Vec::new(),
            old: None,
            new: None,
            evidence: ChangeEvidence::default(),
        }
    }

    fn tag(mut self, yes: bool, tag: &'static str) -> Event {
        if yes {
            self.tags.push(tag);
        }
        self
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Event {
        self.old = old;
        self.new = new;
        self
    }

    fn old_ev<'a>(mut self, ev: impl IntoIterator<Item = &'a Evidence>) -> Event {
        push_ev(&mut self.evidence.old, ev);
        self
    }

    fn new_ev<'a>(mut self, ev: impl IntoIterator<Item = &'a Evidence>) -> Event {
        push_ev(&mut self.evidence.new, ev);
        self
    }
}

fn push_ev<'a>(into: &mut Vec<Evidence>, ev: impl IntoIterator<Item = &'a Evidence>) {
    for e in ev {
        if into.len() >= MAX_EVIDENCE {
            break;
        }
        if !into.contains(e) {
            into.push(e.clone());
        }
    }
}

use ChangeKind::{Added, Changed, Removed};
use Direction::{Expands, Neutral, Restricts};

/// Evidence of every statement with a key, by polarity.
struct Polar<K> {
    does: BTreeMap<K, Vec<Evidence>>,
    not: BTreeMap<K, Vec<Evidence>>,
}

impl<K: Ord + Clone> Polar<K> {
    fn of<T>(items: &[T], f: impl Fn(&T) -> (K, Polarity, &[Evidence])) -> Polar<K> {
        let mut p = Polar {
            does: BTreeMap::new(),
            not: BTreeMap::new(),
        };
        for item in items {
            let (k, pol, ev) = f(item);
            let map = if pol.is_does() {
                &mut p.does
            } else {
                &mut p.not
            };
            map.entry(k).or_default().extend(ev.iter().cloned());
        }
        p
    }
}

fn join<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compare two policies.
pub(crate) fn compare(old: &Policy, new: &Policy) -> Vec<Event> {
    let mut out = Vec::new();
    data(old, new, &mut out);
    purposes(old, new, &mut out);
    sharing(old, new, &mut out);
    sale(old, new, &mut out);
    retention(old, new, &mut out);
    tracking(old, new, &mut out);
    dnt(old, new, &mut out);
    rights(old, new, &mut out);
    choices(old, new, &mut out);
    security(old, new, &mut out);
    children(old, new, &mut out);
    transfers(old, new, &mut out);
    controller(old, new, &mut out);
    change_policy(old, new, &mut out);
    other(old, new, &mut out);
    out
}

/// The event for text edits that are more than noise.
pub(crate) fn text_edit_event(t: &TextDiff) -> Event {
    let s = &t.stats;
    let mut parts = Vec::new();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if s.sentences_changed > 0 {
        parts.push(plural(
            s.sentences_changed,
            "sentence reworded",
            "sentences reworded",
        ));
    }
    if s.sentences_added > 0 {
        parts.push(plural(
            s.sentences_added,
            "sentence added",
            "sentences added",
        ));
    }
    if s.sentences_removed > 0 {
        parts.push(plural(
            s.sentences_removed,
            "sentence removed",
            "sentences removed",
        ));
    }
    if s.sentences_moved > 0 {
        parts.push(plural(
            s.sentences_moved,
            "sentence moved",
            "sentences moved",
        ));
    }
    if s.sections_moved > 0 {
        parts.push(plural(s.sections_moved, "section moved", "sections moved"));
    }
    if s.headings_changed > 0 {
        parts.push(plural(
            s.headings_changed,
            "heading renamed",
            "headings renamed",
        ));
    }
    Event::new("other.text_edited", Changed, Neutral, parts.join(", "))
}

// ───────────────────────────── data ─────────────────────────────

fn overlaps(a: DataCategory, b: DataCategory) -> bool {
    a != DataCategory::Personal && b != DataCategory::Personal && (a.is_within(b) || b.is_within(a))
}

fn data(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    fn key(c: &crate::model::Collection) -> (DataCategory, Polarity, &[Evidence]) {
        (c.category, c.polarity, c.evidence.as_slice())
    }
    let o = Polar::of(&old.collection, key);
    let n = Polar::of(&new.collection, key);
    for (&cat, ev) in &n.does {
        if o.does.contains_key(&cat) {
            continue;
        }
        if let Some(promise) = o.not.get(&cat) {
            out.push(
                Event::new("data.promise_removed", Changed, Expands, cat.as_str())
                    .old_ev(promise)
                    .new_ev(ev),
            );
            continue;
        }
        if cat == DataCategory::Personal && !o.does.is_empty() {
            continue;
        }
        let sensitive = cat.is_sensitive();
        let cover = o.does.keys().copied().find(|&oc| {
            overlaps(cat, oc) && (!sensitive || cat.is_within(oc) && oc.is_sensitive())
        });
        match cover {
            Some(oc) => out.push(
                Event::new("data.more_specific", Added, Neutral, cat.as_str())
                    .tag(oc.is_within(cat) && oc != cat, "broader")
                    .values(Some(oc.as_str().into()), Some(cat.as_str().into()))
                    .old_ev(&o.does[&oc])
                    .new_ev(ev),
            ),
            None => out.push(
                Event::new("data.added", Added, Expands, cat.as_str())
                    .tag(sensitive, "sensitive")
                    .new_ev(ev),
            ),
        }
    }
    for (&cat, ev) in &o.does {
        if n.does.contains_key(&cat) || n.does.keys().any(|&nc| overlaps(cat, nc)) {
            continue;
        }
        if cat == DataCategory::Personal && !n.does.is_empty() {
            continue;
        }
        let promise = n.not.get(&cat).map(Vec::as_slice).unwrap_or_default();
        out.push(
            Event::new("data.removed", Removed, Restricts, cat.as_str())
                .old_ev(ev)
                .new_ev(promise),
        );
    }
    for (&cat, ev) in &o.not {
        if !n.not.contains_key(&cat) && !n.does.contains_key(&cat) {
            out.push(Event::new("data.promise_removed", Removed, Expands, cat.as_str()).old_ev(ev));
        }
    }
    for (&cat, ev) in &n.not {
        if !o.not.contains_key(&cat) && !o.does.contains_key(&cat) {
            out.push(Event::new("data.promise_added", Added, Restricts, cat.as_str()).new_ev(ev));
        }
    }
}

// ───────────────────────────── purposes ─────────────────────────────

fn high_risk(p: Purpose) -> bool {
    matches!(
        p,
        Purpose::Profiling
            | Purpose::AutomatedDecisions
            | Purpose::AiTraining
            | Purpose::TargetedAdvertising
            | Purpose::Sale
    )
}

fn purposes(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    fn key(s: &crate::model::PurposeStatement) -> (Purpose, Polarity, &[Evidence]) {
        (s.purpose, s.polarity, s.evidence.as_slice())
    }
    let o = Polar::of(&old.purposes, key);
    let n = Polar::of(&new.purposes, key);
    for (&p, ev) in &n.does {
        if o.does.contains_key(&p) {
            continue;
        }
        if let Some(promise) = o.not.get(&p) {
            out.push(
                Event::new("purpose.promise_removed", Changed, Expands, p.as_str())
                    .tag(high_risk(p), "high_risk")
                    .old_ev(promise)
                    .new_ev(ev),
            );
        } else {
            out.push(
                Event::new("purpose.added", Added, Expands, p.as_str())
                    .tag(high_risk(p), "high_risk")
                    .new_ev(ev),
            );
        }
    }
    for (&p, ev) in &o.does {
        if !n.does.contains_key(&p) {
            let promise = n.not.get(&p).map(Vec::as_slice).unwrap_or_default();
            out.push(
                Event::new("purpose.removed", Removed, Restricts, p.as_str())
                    .old_ev(ev)
                    .new_ev(promise),
            );
        }
    }
    for (&p, ev) in &o.not {
        if !n.not.contains_key(&p) && !n.does.contains_key(&p) {
            out.push(
                Event::new("purpose.promise_removed", Removed, Expands, p.as_str())
                    .tag(high_risk(p), "high_risk")
                    .old_ev(ev),
            );
        }
    }
    for (&p, ev) in &n.not {
        if !o.not.contains_key(&p) && !o.does.contains_key(&p) {
            out.push(Event::new("purpose.promise_added", Added, Restricts, p.as_str()).new_ev(ev));
        }
    }
}

// ───────────────────────────── sharing ─────────────────────────────

/// Service providers and their sub-kinds share one family.
fn family(k: RecipientKind) -> RecipientKind {
    match k {
        RecipientKind::PaymentProcessor
        | RecipientKind::Delivery
        | RecipientKind::AnalyticsProvider => RecipientKind::ServiceProvider,
        k => k,
    }
}

fn covered_kind(k: RecipientKind, disclosed: &BTreeSet<RecipientKind>) -> bool {
    disclosed.contains(&k) || (family(k) != k && disclosed.contains(&family(k)))
}

fn name_key(s: &str) -> String {
    s.trim().to_lowercase()
}

fn sharing(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let kinds = |p: &Policy, pol: Polarity| -> BTreeSet<RecipientKind> {
        p.sharing
            .iter()
            .filter(|s| s.polarity == pol)
            .map(|s| s.recipient)
            .collect()
    };
    let ev_of = |p: &Policy, k: RecipientKind, pol: Polarity| -> Vec<Evidence> {
        p.sharing
            .iter()
            .filter(|s| s.recipient == k && s.polarity == pol)
            .flat_map(|s| s.evidence.iter().cloned())
            .collect()
    };
    let names = |p: &Policy| -> BTreeSet<(RecipientKind, String)> {
        p.sharing
            .iter()
            .filter(|s| s.polarity.is_does())
            .filter_map(|s| {
                s.name
                    .as_deref()
                    .map(|n| (family(s.recipient), name_key(n)))
            })
            .collect()
    };
    let (o_does, o_not) = (kinds(old, Polarity::Does), kinds(old, Polarity::DoesNot));
    let (n_does, n_not) = (kinds(new, Polarity::Does), kinds(new, Polarity::DoesNot));
    let (o_names, n_names) = (names(old), names(new));
    let o_families: BTreeSet<RecipientKind> = o_does.iter().map(|&k| family(k)).collect();

    for &k in &n_does {
        if o_not.contains(&k) && !o_does.contains(&k) {
            out.push(
                Event::new("sharing.promise_removed", Changed, Expands, k.as_str())
                    .old_ev(&ev_of(old, k, Polarity::DoesNot))
                    .new_ev(&ev_of(new, k, Polarity::Does)),
            );
            continue;
        }
        let covered = covered_kind(k, &o_does) || (family(k) == k && o_families.contains(&k));
        if !covered {
            let named: Vec<&str> = new
                .sharing
                .iter()
                .filter(|s| s.recipient == k && s.polarity.is_does())
                .filter_map(|s| s.name.as_deref())
                .collect();
            let subject = if named.is_empty() {
                k.as_str().to_owned()
            } else {
                format!("{} ({})", k.as_str(), named.join(", "))
            };
            out.push(
                Event::new("sharing.new_recipient_kind", Added, Expands, subject).new_ev(&ev_of(
                    new,
                    k,
                    Polarity::Does,
                )),
            );
            continue;
        }
        // Kind already disclosed: new names, new advertising uses.
        for s in new
            .sharing
            .iter()
            .filter(|s| s.recipient == k && s.polarity.is_does())
        {
            if let Some(name) = s.name.as_deref()
                && !o_names.contains(&(family(k), name_key(name)))
            {
                out.push(
                    Event::new("sharing.new_named_recipient", Added, Expands, name.trim())
                        .values(Some(k.as_str().into()), None)
                        .old_ev(&ev_of(old, k, Polarity::Does))
                        .new_ev(&s.evidence),
                );
            }
        }
        let ad = |p: &Policy| -> BTreeSet<Purpose> {
            p.sharing
                .iter()
                .filter(|s| s.recipient == k && s.polarity.is_does())
                .flat_map(|s| s.purposes.iter().copied())
                .filter(|&p| matches!(p, Purpose::TargetedAdvertising | Purpose::Sale))
                .collect()
        };
        let (oa, na) = (ad(old), ad(new));
        let fresh: Vec<Purpose> = na.difference(&oa).copied().collect();
        if !fresh.is_empty() {
            out.push(
                Event::new("sharing.new_advertising_use", Changed, Expands, k.as_str())
                    .values(
                        (!oa.is_empty()).then(|| join(oa.iter())),
                        Some(join(fresh.iter())),
                    )
                    .old_ev(&ev_of(old, k, Polarity::Does))
                    .new_ev(&ev_of(new, k, Polarity::Does)),
            );
        }
    }
    let n_families: BTreeSet<RecipientKind> = n_does.iter().map(|&k| family(k)).collect();
    for &k in &o_does {
        let still = n_does.contains(&k)
            || (family(k) != k && n_does.contains(&family(k)))
            || (family(k) == k && n_families.contains(&k));
        if !still {
            out.push(
                Event::new("sharing.recipient_removed", Removed, Restricts, k.as_str())
                    .old_ev(&ev_of(old, k, Polarity::Does))
                    .new_ev(&ev_of(new, k, Polarity::DoesNot)),
            );
        }
    }
    for s in old.sharing.iter().filter(|s| s.polarity.is_does()) {
        if let Some(name) = s.name.as_deref()
            && !n_names.contains(&(family(s.recipient), name_key(name)))
            && n_does.contains(&s.recipient)
        {
            out.push(
                Event::new("sharing.recipient_removed", Removed, Restricts, name.trim())
                    .values(Some(s.recipient.as_str().into()), None)
                    .old_ev(&s.evidence),
            );
        }
    }
    for &k in &o_not {
        if !n_not.contains(&k) && !n_does.contains(&k) {
            out.push(
                Event::new("sharing.promise_removed", Removed, Expands, k.as_str()).old_ev(&ev_of(
                    old,
                    k,
                    Polarity::DoesNot,
                )),
            );
        }
    }
    for &k in &n_not {
        if !o_not.contains(&k) && !o_does.contains(&k) {
            out.push(
                Event::new("sharing.promise_added", Added, Restricts, k.as_str()).new_ev(&ev_of(
                    new,
                    k,
                    Polarity::DoesNot,
                )),
            );
        }
    }
}

fn sale(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    fn key(s: &crate::model::Sale) -> ((), Polarity, &[Evidence]) {
        ((), s.polarity, s.evidence.as_slice())
    }
    let o = Polar::of(&old.sale, key);
    let n = Polar::of(&new.sale, key);
    let recipients: BTreeSet<RecipientKind> = new
        .sale
        .iter()
        .filter(|s| s.polarity.is_does())
        .flat_map(|s| s.recipients.iter().copied())
        .collect();
    match (
        o.does.get(&()),
        o.not.get(&()),
        n.does.get(&()),
        n.not.get(&()),
    ) {
        (None, promise, Some(ev), _) => {
            let to = if recipients.is_empty() {
                String::new()
            } else {
                format!(" to {}", join(recipients.iter()))
            };
            out.push(
                Event::new(
                    "sharing.sale_started",
                    if promise.is_some() { Changed } else { Added },
                    Expands,
                    "sale",
                )
                .values(None, Some(to))
                .old_ev(promise.map(Vec::as_slice).unwrap_or_default())
                .new_ev(ev),
            );
        }
        (None, Some(promise), None, None) => {
            out.push(
                Event::new("sharing.sale_promise_removed", Removed, Expands, "sale")
                    .old_ev(promise),
            );
        }
        (Some(ev), _, None, promise) => {
            out.push(
                Event::new("sharing.sale_stopped", Removed, Restricts, "sale")
                    .old_ev(ev)
                    .new_ev(promise.map(Vec::as_slice).unwrap_or_default()),
            );
        }
        (None, None, None, Some(promise)) => {
            out.push(Event::new("sharing.promise_added", Added, Restricts, "sale").new_ev(promise));
        }
        _ => {}
    }
}

// ───────────────────────────── retention ─────────────────────────────

/// How long, on one scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Length {
    Zero,
    Days(u32),
    Open(u8),
    Forever,
}

fn length(r: &Retention) -> Length {
    match r.kind {
        RetentionKind::NoRetention => Length::Zero,
        RetentionKind::StatedPeriod => match (r.duration, r.bound) {
            (Some(_), Some(Bound::AtLeast)) | (None, _) => Length::Open(1),
            (Some(d), _) => Length::Days(d.days),
        },
        RetentionKind::StatedPurpose
        | RetentionKind::AsLongAsNecessary
        | RetentionKind::UntilAccountDeletion
        | RetentionKind::LegalRequirement => Length::Open(1),
        RetentionKind::BusinessPractices => Length::Open(2),
        RetentionKind::Indefinitely => Length::Forever,
    }
}

fn describe(r: &Retention) -> String {
    match (r.kind, r.duration) {
        (RetentionKind::StatedPeriod, Some(d)) => {
            let unit = d.unit.as_str();
            let unit = if d.value == 1 {
                unit.trim_end_matches('s')
            } else {
                unit
            };
            let n = format!("{} {unit}", d.value);
            match r.bound {
                Some(Bound::AtMost) => format!("at most {n}"),
                Some(Bound::AtLeast) => format!("at least {n}"),
                _ => n,
            }
        }
        (k, _) => k.as_str().replace('_', " "),
    }
}

struct Kept {
    length: Length,
    kind: RetentionKind,
    text: String,
    evidence: Vec<Evidence>,
}

/// Retention per data key, kept apart for bounded periods (no retention, a
/// stated number of days) and open-ended bases ("as long as necessary",
/// "until you delete your account", "indefinitely"): a policy that keeps
/// photos "at most 60 days, or until you delete your account if used in an
/// order" lengthening the 60 days must still be seen.
type RetentionKey = (String, bool);

fn is_open(len: Length) -> bool {
    matches!(len, Length::Open(_) | Length::Forever)
}

fn retention_map(p: &Policy) -> BTreeMap<RetentionKey, Kept> {
    let mut map: BTreeMap<RetentionKey, Kept> = BTreeMap::new();
    for r in &p.retention {
        let keys: Vec<String> = if !r.data.is_empty() {
            r.data.iter().map(|d| d.as_str().to_owned()).collect()
        } else if !r.purposes.is_empty() {
            r.purposes
                .iter()
                .map(|d| format!("data used for {}", d.as_str()))
                .collect()
        } else {
            vec!["all data".to_owned()]
        };
        let len = length(r);
        for k in keys {
            let entry = map.entry((k, is_open(len))).or_insert_with(|| Kept {
                length: len,
                kind: r.kind,
                text: describe(r),
                evidence: Vec::new(),
            });
            if len > entry.length {
                entry.length = len;
                entry.kind = r.kind;
                entry.text = describe(r);
                entry.evidence.clear();
            }
            if len == entry.length {
                entry.evidence.extend(r.evidence.iter().cloned());
            }
        }
    }
    map
}

/// The statement of the same class that governs `key` when it has none of
/// its own: its parent category's, else the one for all data.
fn fallback<'a>(map: &'a BTreeMap<RetentionKey, Kept>, key: &RetentionKey) -> Option<&'a Kept> {
    let mut cur = key
        .0
        .parse::<DataCategory>()
        .ok()
        .and_then(DataCategory::parent);
    while let Some(c) = cur {
        if let Some(k) = map.get(&(c.as_str().to_owned(), key.1)) {
            return Some(k);
        }
        cur = c.parent();
    }
    map.get(&("all data".to_owned(), key.1))
}

fn compare_kept(key: &str, o: &Kept, n: &Kept, out: &mut Vec<Event>) {
    let event = if n.length > o.length {
        Some(("retention.longer", Expands))
    } else if n.length < o.length {
        Some(("retention.shorter", Restricts))
    } else if n.kind != o.kind {
        Some(("retention.basis_changed", Neutral))
    } else {
        None
    };
    if let Some((event, dir)) = event {
        out.push(
            Event::new(event, Changed, dir, key)
                .values(Some(o.text.clone()), Some(n.text.clone()))
                .old_ev(&o.evidence)
                .new_ev(&n.evidence),
        );
    }
}

fn retention(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let o = retention_map(old);
    let n = retention_map(new);
    // A bounded period replaced by an open-ended basis for the same data
    // ("30 days" → "indefinitely") is one change: the data is kept longer.
    let replaced = |key: &RetentionKey,
                    here: &BTreeMap<RetentionKey, Kept>,
                    there: &BTreeMap<RetentionKey, Kept>| {
        let other = (key.0.clone(), !key.1);
        !here.contains_key(&other) && there.contains_key(&other) && !there.contains_key(key)
    };
    for (key, nk) in &n {
        if let Some(ok) = o.get(key) {
            compare_kept(&key.0, ok, nk, out);
        } else if key.1 && replaced(key, &n, &o) {
            let ok = &o[&(key.0.clone(), false)];
            compare_kept(&key.0, ok, nk, out);
        } else if let Some(ok) = fallback(&o, key) {
            compare_kept(&key.0, ok, nk, out);
        } else {
            out.push(
                Event::new("retention.stated", Added, Neutral, key.0.clone())
                    .values(None, Some(nk.text.clone()))
                    .new_ev(&nk.evidence),
            );
        }
    }
    for (key, ok) in &o {
        if n.contains_key(key) || (!key.1 && replaced(key, &o, &n)) {
            continue;
        }
        match fallback(&n, key) {
            Some(nk) => compare_kept(&key.0, ok, nk, out),
            // A bounded period with no bounded successor: the limit is gone.
            None if !key.1 => out.push(
                Event::new("retention.limit_removed", Removed, Expands, key.0.clone())
                    .values(Some(ok.text.clone()), None)
                    .old_ev(&ok.evidence),
            ),
            None => {}
        }
    }
}

// ───────────────────────────── cookies and tracking ─────────────────────────────

fn is_cookie(t: TrackingTechnology) -> bool {
    matches!(
        t,
        TrackingTechnology::Cookie | TrackingTechnology::LocalStorage
    )
}

fn tech_label(t: TrackingTechnology, party: Option<TrackingParty>) -> String {
    let tech = match t {
        TrackingTechnology::Cookie => "cookies",
        TrackingTechnology::WebBeacon => "web beacons",
        TrackingTechnology::LocalStorage => "local storage",
        TrackingTechnology::Sdk => "SDKs",
        TrackingTechnology::Fingerprinting => "fingerprinting",
        TrackingTechnology::ServerLogs => "server logs",
        TrackingTechnology::SessionReplay => "session replay",
        _ => "tracking technologies",
    };
    match party {
        Some(TrackingParty::FirstParty) => format!("first-party {tech}"),
        Some(TrackingParty::ThirdParty) => format!("third-party {tech}"),
        _ => tech.to_owned(),
    }
}

type TrackKey = (TrackingTechnology, Option<TrackingParty>);

struct TrackSide {
    ev: Vec<Evidence>,
    purposes: BTreeSet<Purpose>,
    providers: BTreeSet<String>,
}

fn track_map(p: &Policy, pol: Polarity) -> BTreeMap<TrackKey, TrackSide> {
    let mut map: BTreeMap<TrackKey, TrackSide> = BTreeMap::new();
    for t in p.tracking.iter().filter(|t| t.polarity == pol) {
        let e = map
            .entry((t.technology, t.party))
            .or_insert_with(|| TrackSide {
                ev: Vec::new(),
                purposes: BTreeSet::new(),
                providers: BTreeSet::new(),
            });
        e.ev.extend(t.evidence.iter().cloned());
        e.purposes.extend(t.purposes.iter().copied());
        e.providers.extend(t.providers.iter().cloned());
    }
    map
}

fn tracking(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let (o, on) = (
        track_map(old, Polarity::Does),
        track_map(old, Polarity::DoesNot),
    );
    let (n, nn) = (
        track_map(new, Polarity::Does),
        track_map(new, Polarity::DoesNot),
    );
    let third = Some(TrackingParty::ThirdParty);
    let old_third: BTreeSet<String> = o
        .iter()
        .filter(|(k, _)| k.1 == third)
        .flat_map(|(_, v)| v.providers.iter().map(|p| name_key(p)))
        .collect();
    let old_has_third = o.keys().any(|k| k.1 == third);
    let mut consumed: BTreeSet<TrackKey> = BTreeSet::new();
    for (&key @ (tech, party), side) in &n {
        let cookie = is_cookie(tech);
        if let Some(os) = o.get(&key) {
            for prov in side.providers.difference(&os.providers) {
                if !old_third.contains(&name_key(prov)) || party != third {
                    out.push(
                        Event::new("tracking.new_provider", Added, Expands, prov.clone())
                            .values(Some(tech_label(tech, party)), None)
                            .old_ev(&os.ev)
                            .new_ev(&side.ev),
                    );
                }
            }
            let fresh: Vec<Purpose> = side.purposes.difference(&os.purposes).copied().collect();
            if cookie && !fresh.is_empty() {
                let ad = fresh
                    .iter()
                    .any(|p| matches!(p, Purpose::Advertising | Purpose::TargetedAdvertising));
                out.push(
                    Event::new(
                        "cookies.new_purpose",
                        Changed,
                        Expands,
                        tech_label(tech, party),
                    )
                    .tag(ad, "advertising")
                    .values(
                        (!os.purposes.is_empty()).then(|| join(os.purposes.iter())),
                        Some(join(fresh.iter())),
                    )
                    .old_ev(&os.ev)
                    .new_ev(&side.ev),
                );
            }
            continue;
        }
        let flip = on.keys().copied().find(|&(t, p)| {
            (t == tech || t == TrackingTechnology::Other) && (p == party || p.is_none())
        });
        let label = tech_label(tech, party);
        if let Some(f) = flip {
            consumed.insert(f);
            let event = if cookie {
                "cookies.promise_removed"
            } else {
                "tracking.promise_removed"
            };
            out.push(
                Event::new(event, Changed, Expands, tech_label(f.0, f.1))
                    .values(None, Some(label.clone()))
                    .old_ev(&on[&f].ev)
                    .new_ev(&side.ev),
            );
        } else if cookie {
            out.push(
                Event::new("cookies.added", Added, Expands, label.clone())
                    .tag(party == third, "third_party")
                    .new_ev(&side.ev),
            );
        } else if party != third {
            out.push(
                Event::new("tracking.technology_added", Added, Expands, label.clone())
                    .tag(
                        matches!(
                            tech,
                            TrackingTechnology::Fingerprinting | TrackingTechnology::SessionReplay
                        ),
                        "invasive",
                    )
                    .new_ev(&side.ev),
            );
        }
        if party == third && !old_has_third && (cookie || flip.is_none()) {
            let subject = if side.providers.is_empty() {
                label
            } else {
                format!("{label} ({})", join(side.providers.iter()))
            };
            out.push(
                Event::new("tracking.third_party_added", Added, Expands, subject).new_ev(&side.ev),
            );
        }
    }
    for (&key @ (tech, party), side) in &o {
        if n.contains_key(&key) {
            continue;
        }
        let event = if is_cookie(tech) {
            "cookies.removed"
        } else {
            "tracking.removed"
        };
        let promise = nn.get(&key).map(|s| s.ev.as_slice()).unwrap_or_default();
        out.push(
            Event::new(event, Removed, Restricts, tech_label(tech, party))
                .old_ev(&side.ev)
                .new_ev(promise),
        );
    }
    for (&key @ (tech, party), side) in &on {
        if nn.contains_key(&key) || consumed.contains(&key) {
            continue;
        }
        // The old version both used it and promised not to somewhere ("we
        // use pixels on our website; we do not use pixels in our apps"); the
        // new one does neither: the practice stopped (reported as removed
        // above), which restricts.
        // A promise that names no party covers the technology's use by any.
        let same = |&(t, p): &(TrackingTechnology, Option<TrackingParty>)| {
            t == tech && (party.is_none() || p == party)
        };
        if o.keys().any(same) && !n.keys().any(same) {
            continue;
        }
        let event = if is_cookie(tech) {
            "cookies.promise_removed"
        } else {
            "tracking.promise_removed"
        };
        out.push(Event::new(event, Removed, Expands, tech_label(tech, party)).old_ev(&side.ev));
    }
    for (&key @ (tech, party), side) in &nn {
        if on.contains_key(&key) || o.contains_key(&key) {
            continue;
        }
        out.push(
            Event::new(
                "tracking.promise_added",
                Added,
                Restricts,
                tech_label(tech, party),
            )
            .new_ev(&side.ev),
        );
    }
}

fn dnt(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let stances =
        |p: &Policy| -> BTreeSet<DntStance> { p.do_not_track.iter().map(|d| d.stance).collect() };
    let ev = |p: &Policy| -> Vec<Evidence> {
        p.do_not_track
            .iter()
            .flat_map(|d| d.evidence.iter().cloned())
            .collect()
    };
    let (o, n) = (stances(old), stances(new));
    if o == n || o.is_empty() || n.is_empty() {
        return;
    }
    let event = if o.contains(&DntStance::Honored) && !n.contains(&DntStance::Honored) {
        "tracking.dnt_no_longer_honored"
    } else {
        "tracking.dnt_changed"
    };
    let dir = if event == "tracking.dnt_changed" {
        Neutral
    } else {
        Expands
    };
    out.push(
        Event::new(event, Changed, dir, "do_not_track")
            .values(Some(join(o.iter())), Some(join(n.iter())))
            .old_ev(&ev(old))
            .new_ev(&ev(new)),
    );
}

// ───────────────────────────── rights and choices ─────────────────────────────

fn rights(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    struct R {
        ev: Vec<Evidence>,
        mechanisms: BTreeSet<String>,
        audiences: Option<BTreeSet<AudienceKind>>,
    }
    let map = |p: &Policy, pol: Polarity| -> BTreeMap<crate::model::Right, R> {
        let mut m: BTreeMap<crate::model::Right, R> = BTreeMap::new();
        for r in p.rights.iter().filter(|r| r.polarity == pol) {
            let e = m.entry(r.right).or_insert_with(|| R {
                ev: Vec::new(),
                mechanisms: BTreeSet::new(),
                audiences: Some(BTreeSet::new()),
            });
            e.ev.extend(r.evidence.iter().cloned());
            e.mechanisms
                .extend(r.mechanisms.iter().map(|m| m.as_str().to_owned()));
            // An unrestricted statement makes the right unrestricted.
            if r.audiences.is_empty() {
                e.audiences = None;
            } else if let Some(a) = &mut e.audiences {
                a.extend(r.audiences.iter().copied());
            }
        }
        m
    };
    let (o, n, nn) = (
        map(old, Polarity::Does),
        map(new, Polarity::Does),
        map(new, Polarity::DoesNot),
    );
    let aud = |a: &Option<BTreeSet<AudienceKind>>| match a {
        None => "everyone".to_owned(),
        Some(s) => join(s.iter()),
    };
    for (right, or) in &o {
        let Some(nr) = n.get(right) else {
            let denied = nn.get(right);
            out.push(
                Event::new(
                    "rights.removed",
                    if denied.is_some() { Changed } else { Removed },
                    Expands,
                    right.as_str(),
                )
                .old_ev(&or.ev)
                .new_ev(denied.map(|d| d.ev.as_slice()).unwrap_or_default()),
            );
            continue;
        };
        let narrower_audience = match (&or.audiences, &nr.audiences) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b.is_subset(a) && b != a,
            _ => false,
        };
        let fewer_ways = !or.mechanisms.is_empty()
            && nr.mechanisms.is_subset(&or.mechanisms)
            && nr.mechanisms != or.mechanisms;
        if narrower_audience {
            out.push(
                Event::new("rights.weakened", Changed, Expands, right.as_str())
                    .values(Some(aud(&or.audiences)), Some(aud(&nr.audiences)))
                    .old_ev(&or.ev)
                    .new_ev(&nr.ev),
            );
        } else if fewer_ways {
            out.push(
                Event::new("rights.weakened", Changed, Expands, right.as_str())
                    .values(
                        Some(join(or.mechanisms.iter())),
                        Some(join(nr.mechanisms.iter())),
                    )
                    .old_ev(&or.ev)
                    .new_ev(&nr.ev),
            );
        } else if !nr.mechanisms.is_empty()
            && !or.mechanisms.is_empty()
            && !or.mechanisms.is_subset(&nr.mechanisms)
        {
            out.push(
                Event::new("rights.changed", Changed, Neutral, right.as_str())
                    .values(
                        Some(join(or.mechanisms.iter())),
                        Some(join(nr.mechanisms.iter())),
                    )
                    .old_ev(&or.ev)
                    .new_ev(&nr.ev),
            );
        }
    }
    for (right, nr) in &n {
        if !o.contains_key(right) {
            out.push(Event::new("rights.added", Added, Restricts, right.as_str()).new_ev(&nr.ev));
        }
    }
}

fn choices(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let map = |p: &Policy| -> BTreeMap<String, (BTreeSet<ChoiceKind>, Vec<Evidence>)> {
        let mut m: BTreeMap<String, (BTreeSet<ChoiceKind>, Vec<Evidence>)> = BTreeMap::new();
        for c in &p.choices {
            if !matches!(c.kind, ChoiceKind::OptIn | ChoiceKind::OptOut) {
                continue;
            }
            let mut items: Vec<String> = Vec::new();
            items.extend(c.purposes.iter().map(|x| x.as_str().to_owned()));
            items.extend(c.data.iter().map(|x| x.as_str().to_owned()));
            items.extend(
                c.recipients
                    .iter()
                    .map(|x| format!("sharing with {}", x.as_str())),
            );
            items.extend(c.technologies.iter().map(|x| tech_label(*x, None)));
            if items.is_empty() {
                items.push("general".to_owned());
            }
            for item in items {
                let e = m.entry(item).or_default();
                e.0.insert(c.kind);
                e.1.extend(c.evidence.iter().cloned());
            }
        }
        m
    };
    let (o, n) = (map(old), map(new));
    let label = |k: &BTreeSet<ChoiceKind>| join(k.iter());
    for (item, (ok, oev)) in &o {
        match n.get(item) {
            // The sentence that offered it is still there, reworded, and
            // still offers a choice of the same kind, over other things:
            // the choice was rescoped (or its wording read differently),
            // which a person should check, but it was not withdrawn.
            None if let Some(kept) = reworded_choice(oev, ok, &new.choices) => out.push(
                Event::new("choices.rescoped", Changed, Neutral, item.clone())
                    .values(Some(label(ok)), None)
                    .old_ev(oev)
                    .new_ev(kept),
            ),
            None => out.push(
                Event::new("choices.removed", Removed, Expands, item.clone())
                    .values(Some(label(ok)), None)
                    .old_ev(oev),
            ),
            Some((nk, nev)) => {
                let (oi, ni) = (
                    ok.contains(&ChoiceKind::OptIn),
                    nk.contains(&ChoiceKind::OptIn),
                );
                let event = match (oi, ni) {
                    (true, false) => Some(("choices.weakened", Expands)),
                    (false, true) => Some(("choices.strengthened", Restricts)),
                    _ => None,
                };
                if let Some((event, dir)) = event {
                    out.push(
                        Event::new(event, Changed, dir, item.clone())
                            .values(Some(label(ok)), Some(label(nk)))
                            .old_ev(oev)
                            .new_ev(nev),
                    );
                }
            }
        }
    }
    for (item, (nk, nev)) in &n {
        if !o.contains_key(item) {
            out.push(
                Event::new("choices.added", Added, Restricts, item.clone())
                    .values(None, Some(label(nk)))
                    .new_ev(nev),
            );
        }
    }
}

/// A choice of the new version, of one of `kinds`, stated by a sentence
/// that rewords one of the sentences `old` quotes (at least 75% of the words
/// in common).
fn reworded_choice<'a>(
    old: &[Evidence],
    kinds: &BTreeSet<ChoiceKind>,
    new: &'a [crate::model::Choice],
) -> Option<&'a [Evidence]> {
    fn quote(e: &Evidence) -> Option<&str> {
        match e {
            Evidence::Text { quote, .. } => Some(quote.as_str()),
            Evidence::Xml { .. } => None,
        }
    }
    let olds: Vec<&str> = old.iter().filter_map(quote).collect();
    new.iter()
        .filter(|c| kinds.contains(&c.kind))
        .find(|c| {
            c.evidence.iter().filter_map(quote).any(|q| {
                olds.iter()
                    .any(|o| similar::TextDiff::from_words(*o, q).ratio() >= 0.75)
            })
        })
        .map(|c| c.evidence.as_slice())
}

// ───────────────────────────── security ─────────────────────────────

fn security(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    fn key(s: &crate::model::Security) -> (SecurityMeasure, Polarity, &[Evidence]) {
        (s.measure, s.polarity, s.evidence.as_slice())
    }
    let o = Polar::of(&old.security, key);
    let n = Polar::of(&new.security, key);
    for (&m, ev) in &n.does {
        if !o.does.contains_key(&m) && (m != SecurityMeasure::Generic || o.does.is_empty()) {
            out.push(Event::new("security.added", Added, Restricts, m.as_str()).new_ev(ev));
        }
    }
    for (&m, ev) in &o.does {
        if !n.does.contains_key(&m) && (m != SecurityMeasure::Generic || n.does.is_empty()) {
            out.push(Event::new("security.removed", Removed, Expands, m.as_str()).old_ev(ev));
        }
    }
}

// ───────────────────────────── children ─────────────────────────────

fn is_minor(a: &Audience) -> bool {
    matches!(a.audience, AudienceKind::Children | AudienceKind::Teens)
}

fn children(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    struct Kids<'a> {
        threshold: Option<u8>,
        promise_ev: Vec<&'a Evidence>,
        collects: Vec<&'a Audience>,
        parental_consent: bool,
    }
    fn kids(p: &Policy) -> Kids<'_> {
        let mut k = Kids {
            threshold: None,
            promise_ev: Vec::new(),
            collects: Vec::new(),
            parental_consent: false,
        };
        for a in p.audiences.iter().filter(|a| is_minor(a)) {
            k.parental_consent |= a.parental_consent;
            if a.polarity.is_does() {
                k.collects.push(a);
            } else {
                let age = a.age.unwrap_or(13);
                k.threshold = Some(k.threshold.map_or(age, |t| t.max(age)));
                k.promise_ev.extend(a.evidence.iter());
            }
        }
        k
    }
    let (o, n) = (kids(old), kids(new));
    let who = |c: &[&Audience]| -> String {
        let parts: BTreeSet<String> = c
            .iter()
            .map(|a| match a.age {
                Some(age) => format!("{} under {age}", a.audience.as_str()),
                None => a.audience.as_str().to_owned(),
            })
            .collect();
        join(parts)
    };
    let collect_ev = |c: &[&Audience]| -> Vec<Evidence> {
        c.iter().flat_map(|a| a.evidence.iter().cloned()).collect()
    };
    let under = |t: Option<u8>| t.map(|t| format!("under {t} excluded"));
    if !n.collects.is_empty() && o.collects.is_empty() {
        out.push(
            Event::new(
                "children.collection_started",
                if o.threshold.is_some() {
                    Changed
                } else {
                    Added
                },
                Expands,
                who(&n.collects),
            )
            .old_ev(o.promise_ev.iter().copied())
            .new_ev(&collect_ev(&n.collects)),
        );
    } else if n.collects.is_empty() && !o.collects.is_empty() {
        out.push(
            Event::new(
                "children.restricted",
                Removed,
                Restricts,
                format!("no longer collects from {}", who(&o.collects)),
            )
            .old_ev(&collect_ev(&o.collects))
            .new_ev(n.promise_ev.iter().copied()),
        );
    }
    match (o.threshold, n.threshold) {
        (Some(a), Some(b)) if b < a => out.push(
            Event::new("children.age_lowered", Changed, Expands, "minimum age")
                .values(under(Some(a)), under(Some(b)))
                .old_ev(o.promise_ev.iter().copied())
                .new_ev(n.promise_ev.iter().copied()),
        ),
        (Some(a), Some(b)) if b > a => out.push(
            Event::new(
                "children.restricted",
                Changed,
                Restricts,
                format!("minimum age raised from {a} to {b}"),
            )
            .values(under(Some(a)), under(Some(b)))
            .old_ev(o.promise_ev.iter().copied())
            .new_ev(n.promise_ev.iter().copied()),
        ),
        (Some(a), None) if n.collects.is_empty() => out.push(
            Event::new(
                "children.promise_removed",
                Removed,
                Expands,
                format!("children under {a}"),
            )
            .old_ev(o.promise_ev.iter().copied()),
        ),
        (None, Some(b)) if o.collects.is_empty() => out.push(
            Event::new(
                "children.restricted",
                Added,
                Restricts,
                format!("new promise not to collect from children under {b}"),
            )
            .new_ev(n.promise_ev.iter().copied()),
        ),
        _ => {}
    }
    // Both collect from children: data collected from them that the old
    // version did not name (a new child profile with a name and a birth
    // year) needs new notice to parents and their consent.
    if !o.collects.is_empty() && !n.collects.is_empty() {
        let old_data: BTreeSet<DataCategory> = o
            .collects
            .iter()
            .flat_map(|a| a.data.iter().copied())
            .collect();
        let mut added: BTreeSet<DataCategory> = BTreeSet::new();
        let mut ev: Vec<&Evidence> = Vec::new();
        for a in &n.collects {
            let new_here: Vec<DataCategory> = a
                .data
                .iter()
                .copied()
                .filter(|&d| {
                    d != DataCategory::Personal && !old_data.iter().any(|&o| d.is_within(o))
                })
                .collect();
            if !new_here.is_empty() {
                added.extend(new_here);
                ev.extend(a.evidence.iter());
            }
        }
        if !added.is_empty() {
            out.push(
                Event::new(
                    "children.new_data",
                    Added,
                    Expands,
                    join(added.iter().map(|d| d.as_str())),
                )
                .old_ev(&collect_ev(&o.collects))
                .new_ev(ev),
            );
        }
    }
    if o.parental_consent && !n.parental_consent && !n.collects.is_empty() {
        out.push(
            Event::new(
                "children.parental_consent_removed",
                Changed,
                Expands,
                who(&n.collects),
            )
            .old_ev(&collect_ev(&o.collects))
            .new_ev(&collect_ev(&n.collects)),
        );
    }
    // Regional audiences.
    let regions = |p: &Policy| -> BTreeMap<AudienceKind, Vec<Evidence>> {
        let mut m: BTreeMap<AudienceKind, Vec<Evidence>> = BTreeMap::new();
        for a in p.audiences.iter().filter(|a| !is_minor(a)) {
            m.entry(a.audience)
                .or_default()
                .extend(a.evidence.iter().cloned());
        }
        m
    };
    let (or, nr) = (regions(old), regions(new));
    for (k, ev) in &nr {
        if !or.contains_key(k) {
            out.push(
                Event::new(
                    "other.audience_changed",
                    Added,
                    Neutral,
                    format!("{} added", k.as_str()),
                )
                .new_ev(ev),
            );
        }
    }
    for (k, ev) in &or {
        if !nr.contains_key(k) {
            out.push(
                Event::new(
                    "other.audience_changed",
                    Removed,
                    Neutral,
                    format!("{} removed", k.as_str()),
                )
                .old_ev(ev),
            );
        }
    }
}

// ───────────────────────────── transfers ─────────────────────────────

fn destination_key(d: Option<&str>) -> String {
    let Some(d) = d else { return String::new() };
    let s = d.trim().to_lowercase().replace('.', "");
    let s = match s.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => s,
    };
    match s.as_str() {
        "us" | "usa" | "united states of america" => "united states".to_owned(),
        "uk" | "great britain" => "united kingdom".to_owned(),
        _ => s,
    }
}

fn transfers(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    struct T {
        label: String,
        mechanisms: BTreeSet<String>,
        ev: Vec<Evidence>,
    }
    let map = |p: &Policy, pol: Polarity| -> BTreeMap<String, T> {
        let mut m: BTreeMap<String, T> = BTreeMap::new();
        for t in p.transfers.iter().filter(|t| t.polarity == pol) {
            let e = m
                .entry(destination_key(t.destination.as_deref()))
                .or_insert_with(|| T {
                    label: t
                        .destination
                        .clone()
                        .unwrap_or_else(|| "other countries".into()),
                    mechanisms: BTreeSet::new(),
                    ev: Vec::new(),
                });
            e.mechanisms
                .extend(t.mechanisms.iter().map(|m| m.as_str().to_owned()));
            e.ev.extend(t.evidence.iter().cloned());
        }
        m
    };
    let (o, on) = (map(old, Polarity::Does), map(old, Polarity::DoesNot));
    let (n, nn) = (map(new, Polarity::Does), map(new, Polarity::DoesNot));
    let mut consumed = false;
    for (key, nt) in &n {
        if let Some(ot) = o.get(key) {
            if !ot.mechanisms.is_empty()
                && !nt.mechanisms.is_empty()
                && ot.mechanisms != nt.mechanisms
            {
                out.push(
                    Event::new(
                        "transfer.safeguard_changed",
                        Changed,
                        Neutral,
                        nt.label.clone(),
                    )
                    .values(
                        Some(join(ot.mechanisms.iter())),
                        Some(join(nt.mechanisms.iter())),
                    )
                    .old_ev(&ot.ev)
                    .new_ev(&nt.ev),
                );
            }
            continue;
        }
        if key.is_empty() && !o.is_empty() {
            continue;
        }
        if let Some(promise) = on.values().next()
            && nn.is_empty()
        {
            consumed = true;
            out.push(
                Event::new(
                    "transfer.promise_removed",
                    Changed,
                    Expands,
                    promise.label.clone(),
                )
                .values(None, Some(nt.label.clone()))
                .old_ev(&promise.ev)
                .new_ev(&nt.ev),
            );
        }
        out.push(
            Event::new("transfer.new_destination", Added, Expands, nt.label.clone())
                .values(
                    None,
                    (!nt.mechanisms.is_empty()).then(|| join(nt.mechanisms.iter())),
                )
                .new_ev(&nt.ev),
        );
    }
    for (key, ot) in &o {
        if !n.contains_key(key) && (!key.is_empty() || n.is_empty()) {
            out.push(
                Event::new("transfer.removed", Removed, Restricts, ot.label.clone()).old_ev(&ot.ev),
            );
        }
    }
    if !consumed && nn.is_empty() {
        for ot in on.values() {
            out.push(
                Event::new(
                    "transfer.promise_removed",
                    Removed,
                    Expands,
                    ot.label.clone(),
                )
                .old_ev(&ot.ev),
            );
        }
    }
}

// ───────────────────────────── controller ─────────────────────────────

/// A controller name for comparing: case, punctuation and spacing ignored.
pub(crate) fn controller_key(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some(' ')
            } else {
                None
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn controller(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let (o, n) = (
        old.metadata.controller.as_ref(),
        new.metadata.controller.as_ref(),
    );
    match (o, n) {
        (Some(a), Some(b)) if controller_key(&a.name) != controller_key(&b.name) => out.push(
            Event::new("controller.changed", Changed, Neutral, b.name.clone())
                .values(Some(a.name.clone()), Some(b.name.clone()))
                .old_ev(&a.evidence)
                .new_ev(&b.evidence),
        ),
        (Some(a), None) => out.push(
            Event::new("controller.stated", Removed, Neutral, a.name.clone())
                .values(Some(a.name.clone()), Some("not named".into()))
                .old_ev(&a.evidence),
        ),
        (None, Some(b)) => out.push(
            Event::new("controller.stated", Added, Neutral, b.name.clone())
                .values(Some("not named".into()), Some(b.name.clone()))
                .new_ev(&b.evidence),
        ),
        _ => {}
    }
}

// ───────────────────────────── change policy ─────────────────────────────

fn change_policy(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    struct C {
        methods: BTreeSet<NoticeMethod>,
        consent: bool,
        days: Option<u32>,
        ev: Vec<Evidence>,
        consent_ev: Vec<Evidence>,
    }
    let of = |p: &Policy| {
        let mut c = C {
            methods: BTreeSet::new(),
            consent: false,
            days: None,
            ev: Vec::new(),
            consent_ev: Vec::new(),
        };
        for n in &p.change_policy {
            c.methods.insert(n.method);
            if n.choice == Some(ChoiceKind::OptIn) {
                c.consent = true;
                c.consent_ev.extend(n.evidence.iter().cloned());
            }
            c.days = c.days.max(n.advance_days);
            c.ev.extend(n.evidence.iter().cloned());
        }
        c
    };
    let (o, n) = (of(old), of(new));
    if o.consent && !n.consent {
        out.push(
            Event::new(
                "change_policy.consent_removed",
                Removed,
                Expands,
                "consent to material changes",
            )
            .old_ev(&o.consent_ev)
            .new_ev(&n.ev),
        );
    }
    let personal = NoticeMethod::PersonalNotice;
    let site = NoticeMethod::WebsiteNotice;
    let mut notice_removed = false;
    if o.methods.contains(&personal) && !n.methods.contains(&personal) {
        notice_removed = true;
        out.push(
            Event::new(
                "change_policy.notice_removed",
                Removed,
                Expands,
                "personal notice of changes",
            )
            .old_ev(&o.ev)
            .new_ev(&n.ev),
        );
    } else if o.methods.contains(&site)
        && !n.methods.contains(&site)
        && !n.methods.contains(&personal)
    {
        notice_removed = true;
        out.push(
            Event::new(
                "change_policy.notice_removed",
                Removed,
                Expands,
                "notice of changes on the website",
            )
            .old_ev(&o.ev)
            .new_ev(&n.ev),
        );
    }
    if !notice_removed
        && n.methods.contains(&NoticeMethod::NoNotice)
        && !o.methods.contains(&NoticeMethod::NoNotice)
        && !o.methods.is_empty()
    {
        out.push(
            Event::new(
                "change_policy.notice_removed",
                Changed,
                Expands,
                "changes may now be made without notice",
            )
            .old_ev(&o.ev)
            .new_ev(&n.ev),
        );
    }
    match (o.days, n.days) {
        (Some(a), b) if b.is_none_or(|b| b < a) && !notice_removed && !n.methods.is_empty() => out
            .push(
                Event::new(
                    "change_policy.notice_shortened",
                    Changed,
                    Expands,
                    "advance notice",
                )
                .values(
                    Some(format!("{a} days")),
                    Some(b.map_or("none stated".into(), |b| format!("{b} days"))),
                )
                .old_ev(&o.ev)
                .new_ev(&n.ev),
            ),
        _ => {}
    }
    let mut stronger = Vec::new();
    if n.consent && !o.consent {
        stronger.push("consent asked for material changes");
    }
    if n.methods.contains(&personal) && !o.methods.contains(&personal) {
        stronger.push("personal notice of changes");
    }
    if matches!((o.days, n.days), (a, Some(b)) if a.is_none_or(|a| b > a)) {
        stronger.push("longer advance notice");
    }
    if !stronger.is_empty() {
        out.push(
            Event::new(
                "change_policy.strengthened",
                if o.methods.is_empty() { Added } else { Changed },
                Restricts,
                stronger.join(", "),
            )
            .old_ev(&o.ev)
            .new_ev(&n.ev),
        );
    }
}

// ───────────────────────────── other ─────────────────────────────

fn other(old: &Policy, new: &Policy, out: &mut Vec<Event>) {
    let contacts = |p: &Policy| -> BTreeMap<(String, String), (String, Vec<Evidence>)> {
        let mut m: BTreeMap<(String, String), (String, Vec<Evidence>)> = BTreeMap::new();
        for c in &p.contacts {
            let key = (c.kind.as_str().to_owned(), controller_key(&c.value));
            let e = m
                .entry(key)
                .or_insert_with(|| (c.value.clone(), Vec::new()));
            e.1.extend(c.evidence.iter().cloned());
        }
        m
    };
    let (o, n) = (contacts(old), contacts(new));
    for (k, (v, ev)) in &n {
        if !o.contains_key(k) {
            out.push(
                Event::new(
                    "other.contact_changed",
                    Added,
                    Neutral,
                    format!("{} {v} added", k.0),
                )
                .new_ev(ev),
            );
        }
    }
    for (k, (v, ev)) in &o {
        if !n.contains_key(k) {
            out.push(
                Event::new(
                    "other.contact_changed",
                    Removed,
                    Neutral,
                    format!("{} {v} removed", k.0),
                )
                .old_ev(ev),
            );
        }
    }
    let laws = |p: &Policy| -> BTreeMap<String, Vec<Evidence>> {
        let mut m: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
        for l in &p.laws {
            let key = if l.law == Law::Other {
                l.name.clone()
            } else {
                l.law.as_str().to_owned()
            };
            m.entry(key).or_default().extend(l.evidence.iter().cloned());
        }
        m
    };
    let (o, n) = (laws(old), laws(new));
    for (k, ev) in &n {
        if !o.contains_key(k) {
            out.push(
                Event::new(
                    "other.laws_changed",
                    Added,
                    Neutral,
                    format!("{k} now named"),
                )
                .new_ev(ev),
            );
        }
    }
    for (k, ev) in &o {
        if !n.contains_key(k) {
            out.push(
                Event::new(
                    "other.laws_changed",
                    Removed,
                    Neutral,
                    format!("{k} no longer named"),
                )
                .old_ev(ev),
            );
        }
    }
    let disputes = |p: &Policy| -> BTreeMap<String, Vec<Evidence>> {
        let mut m: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
        for d in &p.disputes {
            let key = match &d.service {
                Some(s) => format!("{} ({s})", d.resolution.as_str()),
                None => d.resolution.as_str().to_owned(),
            };
            m.entry(key).or_default().extend(d.evidence.iter().cloned());
        }
        m
    };
    let (o, n) = (disputes(old), disputes(new));
    for (k, ev) in &n {
        if !o.contains_key(k) {
            out.push(
                Event::new(
                    "other.disputes_changed",
                    Added,
                    Neutral,
                    format!("{k} added"),
                )
                .new_ev(ev),
            );
        }
    }
    for (k, ev) in &o {
        if !n.contains_key(k) {
            out.push(
                Event::new(
                    "other.disputes_changed",
                    Removed,
                    Neutral,
                    format!("{k} removed"),
                )
                .old_ev(ev),
            );
        }
    }
}
