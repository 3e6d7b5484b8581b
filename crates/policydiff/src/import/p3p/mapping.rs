//! P3P document → domain model, read straight from the element tree.
//!
//! | P3P | model |
//! |---|---|
//! | `STATEMENT/DATA` | [`Collection`]: category from the base data schema (or `CATEGORIES` for variable-category and custom data), `terms` = the reference, requirement from `optional` (`yes` → optional, otherwise required), purposes of the statement |
//! | `PURPOSE` values | [`PurposeStatement`]: requirement from `required` (absent = `always` = required), data = the statement's categories, description = `other-purpose` text or the statement's `CONSEQUENCE` |
//! | `RECIPIENT` values other than `ours` | [`Sharing`]: kind, `recipient-description`, requirement |
//! | `RETENTION` | [`Retention`] |
//! | `NON-IDENTIFIABLE` | [`Security`] with measure `deidentification` (term `NON-IDENTIFIABLE`); the statement's data is still listed in `collection`, without purposes |
//! | `ACCESS` | [`RightStatement`] `access` with its [`AccessScope`] |
//! | `DISPUTES` | [`Dispute`] with remedies |
//! | `ENTITY` | controller name and contact points; other entity data → `unrecognized` (`p3p_entity_data`) |
//! | `name`, `discuri`, `opturi`, `EXPIRY`, `TEST`, `xml:lang` | metadata |
//! | `EXTENSION` | `unrecognized` (`p3p_extension`, with `optional`) |
//! | unknown elements and values | `unrecognized` (`p3p_element`, `p3p_value`) |
//!
//! Several `POLICY` elements in one document are merged into one policy
//! (their evidence paths tell them apart); [`super::import_each`] gives one
//! policy per `POLICY`.
//!
//! Reading is lenient: elements and values the specification does not
//! define are kept as `unrecognized` rather than dropped, and missing parts
//! are left empty; [`super::validate`] reports both as violations.
//!
//! The mapper reads the tree of [`super::xml`] directly: names, attribute
//! values and texts are borrowed from the document, and the only strings it
//! allocates are the ones the model keeps (evidence paths, terms,
//! descriptions). The structs of [`super::document`] are what
//! [`super::export`] writes.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::base_schema::{self, schema};
use super::document::{ACCESS, PURPOSES, RECIPIENTS, REMEDIES, RETENTIONS, collapse};
use super::tag::Tag;
use super::xml::{Element, same};
use crate::model::{
    AccessScope, Actor, Collection, CollectionSource, ContactKind, ContactPoint, Controller,
    DataCategory, Dispute, DisputeResolution, Evidence, Link, Polarity, Policy, Purpose,
    PurposeStatement, RecipientKind, Remedy, Requirement, Retention, RetentionKind, Right,
    RightStatement, Security, SecurityMeasure, Sharing, Unrecognized,
};

/// Evidence for an element: its path, line and column.
pub(crate) fn evidence(e: Element<'_>) -> Evidence {
    Evidence::Xml {
        path: e.path(),
        line: e.line(),
        column: e.column(),
    }
}

/// Requirement from a `required` attribute (absent: `always`).
pub(crate) fn requirement(required: Option<&str>) -> Requirement {
    match required {
        Some("opt-in") => Requirement::OptIn,
        Some("opt-out") => Requirement::OptOut,
        _ => Requirement::Required,
    }
}

/// P3P token → model value for one vocabulary of `vocab/taxonomy.toml`,
/// built once: the first value (in id order) that carries the token wins,
/// as in [`crate::vocab::from_p3p`].
fn token_table<T: std::str::FromStr>(vocabulary: &str) -> Vec<(&'static str, Option<T>)> {
    let mut out: Vec<(&'static str, Option<T>)> = Vec::new();
    if let Some(v) = crate::vocab::vocabularies().get(vocabulary) {
        for (id, e) in &v.values {
            if let Some(token) = e.p3p.as_deref()
                && !out.iter().any(|(t, _)| *t == token)
            {
                out.push((token, id.parse().ok()));
            }
        }
    }
    out
}

fn lookup<T: Copy>(table: &[(&'static str, Option<T>)], token: &str) -> Option<T> {
    table
        .iter()
        .find(|(t, _)| same(t, token))
        .and_then(|(_, v)| *v)
}

static PURPOSE_TOKENS: LazyLock<Vec<(&'static str, Option<Purpose>)>> =
    LazyLock::new(|| token_table("Purpose"));
static RECIPIENT_TOKENS: LazyLock<Vec<(&'static str, Option<RecipientKind>)>> =
    LazyLock::new(|| token_table("RecipientKind"));
static RETENTION_TOKENS: LazyLock<Vec<(&'static str, Option<RetentionKind>)>> =
    LazyLock::new(|| token_table("RetentionKind"));
static ACCESS_TOKENS: LazyLock<Vec<(&'static str, Option<AccessScope>)>> =
    LazyLock::new(|| token_table("AccessScope"));
static RESOLUTION_TOKENS: LazyLock<Vec<(&'static str, Option<DisputeResolution>)>> =
    LazyLock::new(|| token_table("DisputeResolution"));
static REMEDY_TOKENS: LazyLock<Vec<(&'static str, Option<Remedy>)>> =
    LazyLock::new(|| token_table("Remedy"));

pub(crate) fn purpose(token: &str) -> Option<Purpose> {
    lookup(&PURPOSE_TOKENS, token)
}

pub(crate) fn recipient(token: &str) -> Option<RecipientKind> {
    lookup(&RECIPIENT_TOKENS, token)
}

pub(crate) fn retention(token: &str) -> Option<RetentionKind> {
    lookup(&RETENTION_TOKENS, token)
}

pub(crate) fn access(token: &str) -> Option<AccessScope> {
    lookup(&ACCESS_TOKENS, token)
}

pub(crate) fn resolution(token: &str) -> Option<DisputeResolution> {
    lookup(&RESOLUTION_TOKENS, token)
}

pub(crate) fn remedy(token: &str) -> Option<Remedy> {
    lookup(&REMEDY_TOKENS, token)
}

/// A `DATA-DEF` / `DATA-STRUCT` of a `DATASCHEMA`: its name and the
/// `CATEGORIES` values given for it.
#[derive(Clone, Debug)]
pub(crate) struct Def<'d> {
    pub name: &'d str,
    pub categories: Vec<&'d str>,
}

/// The model categories of P3P category values, sorted and without
/// repeats, written to `into` (cleared first).
fn model_categories(values: &[&str], into: &mut Vec<DataCategory>) {
    let s = schema();
    into.clear();
    into.extend(values.iter().filter_map(|c| s.category(c)));
    into.sort();
    into.dedup();
}

/// Resolve a data reference (see the module docs of `base_schema`):
/// `categories` are the `CATEGORIES` values written on the `DATA`. Where it
/// lands (one or more model categories) is written to `into`; the return
/// value is how the data is obtained.
pub(crate) fn resolve(
    reference: &str,
    categories: &[&str],
    defs: &[Def<'_>],
    into: &mut Vec<DataCategory>,
) -> Option<CollectionSource> {
    let s = schema();
    let bare = reference.strip_prefix('#').unwrap_or(reference);
    if let Some(node) = s.get(bare) {
        if node.variable && !categories.is_empty() {
            model_categories(categories, into);
            if !into.is_empty() {
                return node.source;
            }
        }
        into.clear();
        into.push(node.model);
        return node.source;
    }
    model_categories(categories, into);
    if !into.is_empty() {
        return None;
    }
    if let Some(def) = defs.iter().find(|d| d.name == bare) {
        model_categories(&def.categories, into);
        if !into.is_empty() {
            return None;
        }
    }
    into.clear();
    if let Some((_, node)) = s.nearest_ancestor(bare) {
        into.push(node.model);
        return node.source;
    }
    into.push(DataCategory::Other);
    None
}

/// The element's text, trimmed, if not blank.
fn text_of(e: Element<'_>) -> Option<&str> {
    e.trimmed_text()
}

/// An element the specification does not define here (`p3p_element`), or
/// an unknown vocabulary value (`p3p_value`).
fn unknown(kind: &'static str, e: Element<'_>, out: &mut Policy) {
    out.unrecognized.push(Unrecognized {
        kind: kind.into(),
        name: e.name().to_owned(),
        content: Some(e.raw().to_owned()),
        optional: None,
        evidence: vec![evidence(e)],
    });
}

/// An `EXTENSION`: named after its first child element, with the XML
/// inside it as written, and `optional` (default `yes`).
fn extension(e: Element<'_>, out: &mut Policy) {
    let first = e.first_child();
    let content = match (first, e.last_child()) {
        (Some(a), Some(b)) => e.slice(a.start(), b.end()).trim(),
        _ => e.text().trim(),
    };
    out.unrecognized.push(Unrecognized {
        kind: "p3p_extension".into(),
        name: first.map_or("EXTENSION", |c| c.name()).to_owned(),
        content: Some(content.to_owned()),
        optional: Some(
            !e.attr("optional")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("no")),
        ),
        evidence: vec![evidence(e)],
    });
}

/// The values of a vocabulary element (PURPOSE, RECIPIENT, ...) that are
/// in `allowed`, appended to `into`; extensions and unknown values go to
/// `unrecognized`.
fn values<'d>(e: Element<'d>, allowed: &[&str], into: &mut Vec<Element<'d>>, out: &mut Policy) {
    for c in e.children() {
        let name = c.name();
        if c.tag() == Tag::Extension {
            extension(c, out);
        } else if !allowed.iter().any(|a| same(a, name)) {
            unknown("p3p_value", c, out);
        } else {
            into.push(c);
        }
    }
}

/// The text of a value: `other-purpose` / `other-category` text, or the
/// `recipient-description` of a recipient.
fn value_text(v: Element<'_>) -> Option<&str> {
    if matches!(v.name(), "other-purpose" | "other-category") {
        text_of(v)
    } else {
        v.child("recipient-description").and_then(text_of)
    }
}

/// The `required` attribute of a value, trimmed.
fn required(v: Element<'_>) -> Option<&str> {
    v.attr("required").map(str::trim)
}

/// `ref` of a `DATA`, resolved against the `base` of its `DATA-GROUP`.
fn data_reference<'d>(d: Element<'d>, base: Option<&str>) -> Cow<'d, str> {
    let written = d.attr("ref").unwrap_or_default().trim();
    match base {
        Some(b) if !b.is_empty() && written.starts_with('#') => Cow::Owned(format!("{b}{written}")),
        _ => Cow::Borrowed(written),
    }
}

/// The `CATEGORIES` values of a `DATA` (or `DATA-DEF`), appended to
/// `into`; other children are unknown elements when `strict`.
fn data_categories<'d>(
    d: Element<'d>,
    strict: bool,
    into: &mut Vec<Element<'d>>,
    out: &mut Policy,
) {
    for c in d.children() {
        if c.tag() == Tag::Categories {
            values(c, &base_schema::CATEGORIES, into, out);
        } else if strict {
            unknown("p3p_element", c, out);
        }
    }
}

/// The definitions of a `DATASCHEMA`.
fn dataschema<'d>(e: Element<'d>, defs: &mut Vec<Def<'d>>, out: &mut Policy) {
    let mut cats = Vec::new();
    for c in e.children() {
        if matches!(c.tag(), Tag::DataDef | Tag::DataStruct) {
            cats.clear();
            data_categories(c, false, &mut cats, out);
            defs.push(Def {
                name: c.attr("name").unwrap_or_default().trim(),
                categories: cats.iter().map(Element::name).collect(),
            });
        }
    }
}

/// `EXPIRY` as written: `max-age=...`, `date=...`, or empty.
pub(crate) fn expiry_value(e: Element<'_>) -> String {
    if let Some(v) = e.attr("max-age") {
        format!("max-age={v}")
    } else if let Some(v) = e.attr("date") {
        format!("date={v}")
    } else {
        String::new()
    }
}

/// Map a `POLICIES` element (or a bare `POLICY`) into `out`: all its
/// policies, or only the `only`-th. With `only`, what lies inside the other
/// policies is not read at all.
pub(crate) fn map_document(el: Element<'_>, only: Option<usize>, out: &mut Policy) {
    let mut defs: Vec<Def<'_>> = Vec::new();
    if el.tag() == Tag::Policy {
        out.metadata.expiry = None;
        out.metadata.language = None;
        if only.is_none_or(|o| o == 0) {
            map_policy(el, &defs, out);
        }
        return;
    }
    let mut expiry = None;
    for c in el.children() {
        match c.tag() {
            Tag::Policy => {}
            Tag::Expiry => expiry = Some(c),
            Tag::Dataschema => dataschema(c, &mut defs, out),
            Tag::Extension => extension(c, out),
            _ => unknown("p3p_element", c, out),
        }
    }
    out.metadata.expiry = expiry.map(expiry_value);
    out.metadata.language = el.attr("xml:lang").map(str::to_owned);
    for (i, p) in el.children_tagged(Tag::Policy).enumerate() {
        if only.is_none_or(|o| o == i) {
            map_policy(p, &defs, out);
        }
    }
}

/// Data written in an `ENTITY`: resolved reference, text, element.
struct EntityData<'d> {
    reference: Cow<'d, str>,
    text: Option<&'d str>,
    el: Element<'d>,
}

/// Add everything one `POLICY` says to `out`.
fn map_policy<'d>(p: Element<'d>, doc_defs: &[Def<'d>], out: &mut Policy) {
    // What applies to the whole policy wherever it is written.
    let mut defs: Vec<Def<'d>> = doc_defs.to_vec();
    let mut expiry = None;
    let mut test = false;
    for c in p.children() {
        match c.tag() {
            Tag::Dataschema => dataschema(c, &mut defs, out),
            Tag::Expiry => expiry = Some(c),
            Tag::Test => test = true,
            _ => {}
        }
    }
    for (rel, attr) in [
        ("policy_name", "name"),
        ("discuri", "discuri"),
        ("opturi", "opturi"),
    ] {
        if let Some(v) = p.attr(attr) {
            out.metadata.links.push(Link {
                rel: rel.into(),
                href: v.to_owned(),
            });
        }
    }
    if out.metadata.language.is_none() {
        out.metadata.language = p.attr("xml:lang").map(str::to_owned);
    }
    if test {
        out.metadata.test = true;
    }
    if out.metadata.expiry.is_none() {
        out.metadata.expiry = expiry.map(expiry_value);
    }
    let mut entity: Vec<EntityData<'d>> = Vec::new();
    let mut scratch: Vec<Element<'d>> = Vec::new();
    let mut buffers = Buffers::default();
    for c in p.children() {
        match c.tag() {
            Tag::Dataschema | Tag::Expiry | Tag::Test => {}
            Tag::Entity => {
                for g in c.children() {
                    match g.tag() {
                        Tag::DataGroup => {
                            let base = g.attr("base");
                            for d in g.children() {
                                match d.tag() {
                                    Tag::Data => {
                                        scratch.clear();
                                        data_categories(d, true, &mut scratch, out);
                                        entity.push(EntityData {
                                            reference: data_reference(d, base),
                                            text: text_of(d),
                                            el: d,
                                        });
                                    }
                                    Tag::Extension => extension(d, out),
                                    _ => unknown("p3p_element", d, out),
                                }
                            }
                        }
                        Tag::Extension => extension(g, out),
                        _ => unknown("p3p_element", g, out),
                    }
                }
            }
            Tag::Access => {
                scratch.clear();
                values(c, &ACCESS, &mut scratch, out);
                for a in &scratch {
                    if let Some(scope) = access(a.name()) {
                        out.rights.push(RightStatement {
                            right: Right::Access,
                            polarity: Polarity::Does,
                            scope: Some(scope),
                            mechanisms: Vec::new(),
                            audiences: Vec::new(),
                            evidence: vec![evidence(*a)],
                        });
                    }
                }
            }
            Tag::DisputesGroup => {
                for d in c.children() {
                    match d.tag() {
                        Tag::Disputes => disputes(d, &mut scratch, out),
                        Tag::Extension => extension(d, out),
                        _ => unknown("p3p_element", d, out),
                    }
                }
            }
            Tag::Statement => map_statement(c, &defs, &mut buffers, out),
            Tag::Extension => extension(c, out),
            _ => unknown("p3p_element", c, out),
        }
    }
    map_entity(&entity, out);
}

fn disputes<'d>(d: Element<'d>, scratch: &mut Vec<Element<'d>>, out: &mut Policy) {
    let mut long_description = None;
    scratch.clear();
    for c in d.children() {
        match c.tag() {
            Tag::LongDescription => long_description = text_of(c).map(collapse),
            Tag::Remedies => values(c, &REMEDIES, scratch, out),
            Tag::Img => {}
            _ => unknown("p3p_element", c, out),
        }
    }
    out.disputes.push(Dispute {
        resolution: d
            .attr("resolution-type")
            .map(str::trim)
            .and_then(resolution)
            .unwrap_or(DisputeResolution::Unspecified),
        service: d
            .attr("service")
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned),
        description: d
            .attr("short-description")
            .map(collapse)
            .filter(|v| !v.is_empty()),
        long_description,
        verification: d
            .attr("verification")
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned),
        remedies: scratch.iter().filter_map(|r| remedy(r.name())).collect(),
        evidence: vec![evidence(d)],
    });
}

fn map_entity(entity: &[EntityData<'_>], out: &mut Policy) {
    let mut postal: Vec<(&str, Element<'_>)> = Vec::new();
    let mut phone: Vec<(&str, Element<'_>)> = Vec::new();
    for d in entity {
        let r = d.reference.strip_prefix('#').unwrap_or(&d.reference);
        let Some(text) = d.text else {
            continue;
        };
        if r == "business.name" {
            if out.metadata.controller.is_none() {
                out.metadata.controller = Some(Controller {
                    name: text.to_owned(),
                    evidence: vec![evidence(d.el)],
                });
            }
            continue;
        }
        if let Some(field) = r.strip_prefix("business.contact-info.") {
            let kind = match field {
                "online.email" => Some(ContactKind::Email),
                "online.uri" => Some(ContactKind::Web),
                _ => None,
            };
            if let Some(kind) = kind {
                out.contacts.push(ContactPoint {
                    kind,
                    value: text.to_owned(),
                    evidence: vec![evidence(d.el)],
                });
                continue;
            }
            if field.starts_with("postal.")
                && field != "postal.organization"
                && !field.starts_with("postal.name")
            {
                postal.push((text, d.el));
                continue;
            }
            if field.starts_with("telecom.telephone.") || field.starts_with("telecom.mobile.") {
                phone.push((text, d.el));
                continue;
            }
        }
        out.unrecognized.push(Unrecognized {
            kind: "p3p_entity_data".into(),
            name: format!("#{r}"),
            content: Some(text.to_owned()),
            optional: None,
            evidence: vec![evidence(d.el)],
        });
    }
    for (parts, kind, sep) in [
        (postal, ContactKind::Postal, ", "),
        (phone, ContactKind::Phone, " "),
    ] {
        if parts.is_empty() {
            continue;
        }
        let mut value = String::new();
        for (i, (t, _)) in parts.iter().enumerate() {
            if i > 0 {
                value.push_str(sep);
            }
            value.push_str(&collapse(t));
        }
        out.contacts.push(ContactPoint {
            kind,
            value,
            evidence: parts.iter().map(|(_, e)| evidence(*e)).collect(),
        });
    }
}

/// Buffers reused from one `STATEMENT` to the next.
#[derive(Default)]
struct Buffers<'d> {
    purpose_values: Vec<Element<'d>>,
    recipient_values: Vec<Element<'d>>,
    retention_values: Vec<Element<'d>>,
    groups: Vec<Element<'d>>,
    purposes: Vec<(Purpose, Element<'d>)>,
    categories: Vec<Element<'d>>,
    names: Vec<&'d str>,
    cats: Vec<DataCategory>,
    /// The `out.collection` entry of each category this policy's
    /// statements collect (all `Does`, first party).
    collected: Vec<(DataCategory, usize)>,
    purpose_ids: Vec<Purpose>,
    /// The model categories of one `DATA`.
    resolved: Vec<DataCategory>,
    /// The terms of one `DATA`.
    terms: Vec<Cow<'d, str>>,
}

fn map_statement<'d>(s: Element<'d>, defs: &[Def<'d>], b: &mut Buffers<'d>, out: &mut Policy) {
    let mut consequence: Option<String> = None;
    let mut non_identifiable = None;
    let Buffers {
        purpose_values,
        recipient_values,
        retention_values,
        groups,
        purposes,
        categories,
        names,
        cats,
        collected,
        purpose_ids,
        resolved,
        terms,
    } = b;
    purpose_values.clear();
    recipient_values.clear();
    retention_values.clear();
    groups.clear();
    purposes.clear();
    cats.clear();
    for c in s.children() {
        match c.tag() {
            Tag::Consequence => consequence = text_of(c).map(collapse),
            Tag::NonIdentifiable => non_identifiable = Some(c),
            Tag::Purpose => values(c, &PURPOSES, purpose_values, out),
            Tag::Recipient => values(c, &RECIPIENTS, recipient_values, out),
            Tag::Retention => values(c, &RETENTIONS, retention_values, out),
            Tag::DataGroup => groups.push(c),
            Tag::Extension => extension(c, out),
            _ => unknown("p3p_element", c, out),
        }
    }
    purposes.extend(
        purpose_values
            .iter()
            .filter_map(|v| purpose(v.name()).map(|p| (p, *v))),
    );
    purpose_ids.clear();
    purpose_ids.extend(purposes.iter().map(|(p, _)| *p));
    purpose_ids.sort();
    purpose_ids.dedup();
    let purpose_ids: &[Purpose] = purpose_ids;
    for &g in &*groups {
        let base = g.attr("base");
        for d in g.children() {
            match d.tag() {
                Tag::Data => {}
                Tag::Extension => {
                    extension(d, out);
                    continue;
                }
                _ => {
                    unknown("p3p_element", d, out);
                    continue;
                }
            }
            categories.clear();
            data_categories(d, true, categories, out);
            let reference = data_reference(d, base);
            names.clear();
            names.extend(categories.iter().map(Element::name));
            let source = resolve(&reference, names, defs, resolved);
            let req = if d.attr("optional").map(str::trim) == Some("yes") {
                Requirement::Optional
            } else {
                Requirement::Required
            };
            // The reference, then each `other-category` text.
            terms.clear();
            terms.push(reference);
            for c in categories.iter() {
                if c.name() == "other-category"
                    && let Some(t) = text_of(*c)
                {
                    terms.push(Cow::Owned(collapse(t)));
                }
            }
            // Moved into the last entry that keeps it, cloned for the others.
            let mut ev = Some(evidence(d));
            let n = resolved.len();
            for (i, &cat) in resolved.iter().enumerate() {
                cats.push(cat);
                let this_ev = if i + 1 == n { ev.take() } else { ev.clone() };
                // A category this policy's statements already collect: add
                // to that entry what `canonicalize` would merge into it
                // (same result, without a new entry to allocate and merge).
                if let Some(&(_, at)) = collected.iter().find(|(c, _)| *c == cat) {
                    let c = &mut out.collection[at];
                    c.sources.extend(source);
                    c.requirement = crate::model::min_opt(c.requirement, Some(req));
                    c.purposes.extend_from_slice(purpose_ids);
                    for t in terms.iter() {
                        if !c.terms.iter().any(|x| x == t) {
                            c.terms.push(String::from(&**t));
                        }
                    }
                    if c.evidence.last() != this_ev.as_ref() {
                        c.evidence.extend(this_ev);
                    }
                    continue;
                }
                collected.push((cat, out.collection.len()));
                out.collection.push(Collection {
                    category: cat,
                    polarity: Polarity::Does,
                    actor: Actor::FirstParty,
                    sources: source.into_iter().collect(),
                    requirement: Some(req),
                    purposes: purpose_ids.to_vec(),
                    terms: terms.iter().map(|t| String::from(&**t)).collect(),
                    conditions: Vec::new(),
                    evidence: this_ev.into_iter().collect(),
                });
            }
        }
    }
    cats.sort();
    cats.dedup();
    let cats: &[DataCategory] = cats;
    for (p, v) in purposes.iter() {
        let description = if *p == Purpose::Other {
            value_text(*v).map(collapse).or_else(|| consequence.clone())
        } else {
            consequence.clone()
        };
        out.purposes.push(PurposeStatement {
            purpose: *p,
            polarity: Polarity::Does,
            data: cats.to_vec(),
            requirement: Some(requirement(required(*v))),
            description,
            conditions: Vec::new(),
            evidence: vec![evidence(*v)],
        });
    }
    for v in recipient_values.iter().copied() {
        let name = v.name();
        if name == "ours" {
            continue;
        }
        let Some(kind) = recipient(name) else {
            continue;
        };
        out.sharing.push(Sharing {
            recipient: kind,
            name: None,
            polarity: Polarity::Does,
            data: cats.to_vec(),
            purposes: purpose_ids.to_vec(),
            requirement: Some(requirement(required(v))),
            description: value_text(v).map(collapse),
            conditions: Vec::new(),
            evidence: vec![evidence(v)],
        });
    }
    for v in retention_values.iter().copied() {
        if let Some(kind) = retention(v.name()) {
            out.retention.push(Retention {
                kind,
                duration: None,
                bound: None,
                data: cats.to_vec(),
                purposes: purpose_ids.to_vec(),
                evidence: vec![evidence(v)],
            });
        }
    }
    if let Some(n) = non_identifiable {
        let mut terms = vec!["NON-IDENTIFIABLE".to_owned()];
        if let Some(t) = text_of(n) {
            terms.push(collapse(t));
        }
        out.security.push(Security {
            measure: SecurityMeasure::Deidentification,
            polarity: Polarity::Does,
            terms,
            evidence: vec![evidence(n)],
        });
    }
}
