//! P3P document → domain model.
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

use std::collections::BTreeSet;

use super::base_schema::schema;
use super::document::{
    DataDef, Extension, Policies, PolicyEl, Pos, Reader, Statement, Unknown, Value,
};
use crate::model::{
    AccessScope, Actor, Collection, CollectionSource, ContactKind, ContactPoint, Controller,
    DataCategory, Dispute, DisputeResolution, Evidence, Link, Polarity, Policy, Purpose,
    PurposeStatement, RecipientKind, Remedy, Requirement, Retention, RetentionKind, Right,
    RightStatement, Security, SecurityMeasure, Sharing, Unrecognized,
};

pub(crate) fn evidence(pos: &Pos) -> Evidence {
    Evidence::Xml {
        path: pos.path.clone(),
        line: pos.line,
        column: pos.column,
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

pub(crate) fn purpose(token: &str) -> Option<Purpose> {
    crate::vocab::from_p3p("Purpose", token)?.parse().ok()
}

pub(crate) fn recipient(token: &str) -> Option<RecipientKind> {
    crate::vocab::from_p3p("RecipientKind", token)?.parse().ok()
}

pub(crate) fn retention(token: &str) -> Option<RetentionKind> {
    crate::vocab::from_p3p("RetentionKind", token)?.parse().ok()
}

pub(crate) fn access(token: &str) -> Option<AccessScope> {
    crate::vocab::from_p3p("AccessScope", token)?.parse().ok()
}

pub(crate) fn resolution(token: &str) -> Option<DisputeResolution> {
    crate::vocab::from_p3p("DisputeResolution", token)?
        .parse()
        .ok()
}

pub(crate) fn remedy(token: &str) -> Option<Remedy> {
    crate::vocab::from_p3p("Remedy", token)?.parse().ok()
}

/// Where a data reference lands: one or more model categories, and how the
/// data is obtained.
pub(crate) struct Resolved {
    pub categories: Vec<DataCategory>,
    pub source: Option<CollectionSource>,
}

/// Resolve a data reference (see the module docs of `base_schema`).
pub(crate) fn resolve(reference: &str, categories: &[Value], defs: &[DataDef]) -> Resolved {
    let s = schema();
    let from_values = |values: &[Value]| -> Vec<DataCategory> {
        let mut v: Vec<DataCategory> = values.iter().filter_map(|c| s.category(&c.name)).collect();
        v.sort();
        v.dedup();
        v
    };
    let bare = reference.strip_prefix('#').unwrap_or(reference);
    if let Some(node) = s.get(bare) {
        if node.variable && !categories.is_empty() {
            let cats = from_values(categories);
            if !cats.is_empty() {
                return Resolved {
                    categories: cats,
                    source: node.source,
                };
            }
        }
        return Resolved {
            categories: vec![node.model],
            source: node.source,
        };
    }
    let given = from_values(categories);
    if !given.is_empty() {
        return Resolved {
            categories: given,
            source: None,
        };
    }
    if let Some(def) = defs.iter().find(|d| d.name == bare) {
        let cats = from_values(&def.categories);
        if !cats.is_empty() {
            return Resolved {
                categories: cats,
                source: None,
            };
        }
    }
    if let Some((_, node)) = s.nearest_ancestor(bare) {
        return Resolved {
            categories: vec![node.model],
            source: node.source,
        };
    }
    Resolved {
        categories: vec![DataCategory::Other],
        source: None,
    }
}

fn unrecognized_from_unknown(u: &Unknown) -> Unrecognized {
    Unrecognized {
        kind: if u.kind == "value" {
            "p3p_value"
        } else {
            "p3p_element"
        }
        .into(),
        name: u.name.clone(),
        content: Some(u.content.clone()),
        optional: None,
        evidence: vec![evidence(&u.pos)],
    }
}

pub(crate) fn unrecognized_from_extension(e: &Extension) -> Unrecognized {
    Unrecognized {
        kind: "p3p_extension".into(),
        name: e.name.clone(),
        content: Some(e.content.clone()),
        optional: Some(e.optional),
        evidence: vec![evidence(&e.pos)],
    }
}

/// Add everything one `POLICY` says to `out`.
fn map_policy(p: &PolicyEl, defs: &[DataDef], out: &mut Policy) {
    let links = &mut out.metadata.links;
    for (rel, v) in [
        ("policy_name", &p.name),
        ("discuri", &p.discuri),
        ("opturi", &p.opturi),
    ] {
        if let Some(v) = v {
            links.push(Link {
                rel: rel.into(),
                href: v.clone(),
            });
        }
    }
    if out.metadata.language.is_none() {
        out.metadata.language.clone_from(&p.lang);
    }
    if p.test.is_some() {
        out.metadata.test = true;
    }
    if out.metadata.expiry.is_none() {
        out.metadata.expiry = p.expiry.as_ref().map(|e| e.value.clone());
    }
    map_entity(p, out);
    for a in &p.access {
        if let Some(scope) = access(&a.name) {
            out.rights.push(RightStatement {
                right: Right::Access,
                polarity: Polarity::Does,
                scope: Some(scope),
                mechanisms: Vec::new(),
                audiences: Vec::new(),
                evidence: vec![evidence(&a.pos)],
            });
        }
    }
    for d in &p.disputes {
        out.disputes.push(Dispute {
            resolution: d
                .resolution_type
                .as_deref()
                .and_then(resolution)
                .unwrap_or(DisputeResolution::Unspecified),
            service: d.service.clone().filter(|s| !s.trim().is_empty()),
            description: d.short_description.clone(),
            long_description: d.long_description.clone(),
            verification: d.verification.clone().filter(|s| !s.trim().is_empty()),
            remedies: d.remedies.iter().filter_map(|r| remedy(&r.name)).collect(),
            evidence: vec![evidence(&d.pos)],
        });
    }
    for s in &p.statements {
        map_statement(s, defs, out);
        out.unrecognized
            .extend(s.extensions.iter().map(unrecognized_from_extension));
    }
    out.unrecognized
        .extend(p.extensions.iter().map(unrecognized_from_extension));
}

fn map_entity(p: &PolicyEl, out: &mut Policy) {
    let mut postal: Vec<(&str, &Pos)> = Vec::new();
    let mut phone: Vec<(&str, &Pos)> = Vec::new();
    for d in &p.entity {
        let r = d.reference.strip_prefix('#').unwrap_or(&d.reference);
        let Some(text) = d.text.as_deref() else {
            continue;
        };
        let text = text.trim();
        if r == "business.name" {
            if out.metadata.controller.is_none() {
                out.metadata.controller = Some(Controller {
                    name: text.to_owned(),
                    evidence: vec![evidence(&d.pos)],
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
                    evidence: vec![evidence(&d.pos)],
                });
                continue;
            }
            if field.starts_with("postal.")
                && field != "postal.organization"
                && !field.starts_with("postal.name")
            {
                postal.push((text, &d.pos));
                continue;
            }
            if field.starts_with("telecom.telephone.") || field.starts_with("telecom.mobile.") {
                phone.push((text, &d.pos));
                continue;
            }
        }
        out.unrecognized.push(Unrecognized {
            kind: "p3p_entity_data".into(),
            name: format!("#{r}"),
            content: Some(text.to_owned()),
            optional: None,
            evidence: vec![evidence(&d.pos)],
        });
    }
    for (parts, kind, sep) in [
        (postal, ContactKind::Postal, ", "),
        (phone, ContactKind::Phone, " "),
    ] {
        if parts.is_empty() {
            continue;
        }
        let value = parts
            .iter()
            .map(|(t, _)| crate::import::p3p::document::collapse(t))
            .collect::<Vec<_>>()
            .join(sep);
        out.contacts.push(ContactPoint {
            kind,
            value,
            evidence: parts.iter().map(|(_, p)| evidence(p)).collect(),
        });
    }
}

fn map_statement(s: &Statement, defs: &[DataDef], out: &mut Policy) {
    let mut purposes: Vec<(Purpose, &Value)> = Vec::new();
    for v in &s.purposes {
        if let Some(p) = purpose(&v.name) {
            purposes.push((p, v));
        }
    }
    let purpose_ids: Vec<Purpose> = {
        let set: BTreeSet<Purpose> = purposes.iter().map(|(p, _)| *p).collect();
        set.into_iter().collect()
    };
    let mut cats: BTreeSet<DataCategory> = BTreeSet::new();
    for d in s.data() {
        let resolved = resolve(&d.reference, &d.categories, defs);
        let req = if d.optional.as_deref().map(str::trim) == Some("yes") {
            Requirement::Optional
        } else {
            Requirement::Required
        };
        let mut terms = vec![d.reference.clone()];
        for c in &d.categories {
            if c.name == "other-category"
                && let Some(t) = &c.text
            {
                terms.push(crate::import::p3p::document::collapse(t));
            }
        }
        for cat in resolved.categories {
            cats.insert(cat);
            out.collection.push(Collection {
                category: cat,
                polarity: Polarity::Does,
                actor: Actor::FirstParty,
                sources: resolved.source.into_iter().collect(),
                requirement: Some(req),
                purposes: purpose_ids.clone(),
                terms: terms.clone(),
                conditions: Vec::new(),
                evidence: vec![evidence(&d.pos)],
            });
        }
    }
    let cats: Vec<DataCategory> = cats.into_iter().collect();
    for (p, v) in &purposes {
        let description = if *p == Purpose::Other {
            v.text
                .clone()
                .map(|t| crate::import::p3p::document::collapse(&t))
                .or_else(|| s.consequence.clone())
        } else {
            s.consequence.clone()
        };
        out.purposes.push(PurposeStatement {
            purpose: *p,
            polarity: Polarity::Does,
            data: cats.clone(),
            requirement: Some(requirement(v.required.as_deref())),
            description,
            conditions: Vec::new(),
            evidence: vec![evidence(&v.pos)],
        });
    }
    for v in &s.recipients {
        if v.name == "ours" {
            continue;
        }
        let Some(kind) = recipient(&v.name) else {
            continue;
        };
        out.sharing.push(Sharing {
            recipient: kind,
            name: None,
            polarity: Polarity::Does,
            data: cats.clone(),
            purposes: purpose_ids.clone(),
            requirement: Some(requirement(v.required.as_deref())),
            description: v
                .text
                .as_deref()
                .map(crate::import::p3p::document::collapse),
            conditions: Vec::new(),
            evidence: vec![evidence(&v.pos)],
        });
    }
    for v in &s.retention {
        if let Some(kind) = retention(&v.name) {
            out.retention.push(Retention {
                kind,
                duration: None,
                bound: None,
                data: cats.clone(),
                purposes: purpose_ids.clone(),
                evidence: vec![evidence(&v.pos)],
            });
        }
    }
    if let Some((pos, text)) = &s.non_identifiable {
        let mut terms = vec!["NON-IDENTIFIABLE".to_owned()];
        if let Some(t) = text {
            terms.push(crate::import::p3p::document::collapse(t));
        }
        out.security.push(Security {
            measure: SecurityMeasure::Deidentification,
            polarity: Polarity::Does,
            terms,
            evidence: vec![evidence(pos)],
        });
    }
}

/// Map a document (all its policies, or only the `only`-th) into `out`.
pub(crate) fn map_policies(
    doc: &Policies,
    reader: &Reader<'_>,
    only: Option<usize>,
    out: &mut Policy,
) {
    out.metadata.expiry = doc.expiry.as_ref().map(|e| e.value.clone());
    out.metadata.language.clone_from(&doc.lang);
    for (i, p) in doc.policies.iter().enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let mut defs = doc.dataschema.clone();
        defs.extend(p.dataschema.iter().cloned());
        map_policy(p, &defs, out);
    }
    let in_scope = |pos: &Pos| match only {
        None => true,
        Some(i) => {
            doc.policies.get(i).is_some_and(|p| {
                pos.path == p.pos.path || pos.path.starts_with(&format!("{}/", p.pos.path))
            }) || !pos.path.contains("/POLICY[")
        }
    };
    for u in &reader.unknown {
        if in_scope(&u.pos) {
            out.unrecognized.push(unrecognized_from_unknown(u));
        }
    }
    for e in &reader.extensions {
        if in_scope(&e.pos) {
            out.unrecognized.push(unrecognized_from_extension(e));
        }
    }
}
