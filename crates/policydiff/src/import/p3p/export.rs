//! Domain model → P3P 1.0 XML, for what P3P can express.
//!
//! The model keeps, per data category, purpose, recipient and retention,
//! which of the others it goes with (not the original grouping into
//! STATEMENTs). The export writes one STATEMENT per (data category, purpose,
//! retention) with the recipients that go with both; importing that gives
//! back the same model. What P3P cannot say (statements of what is *not*
//! done, purposes and recipients without a P3P value, sale, tracking,
//! choices, ...) is listed in [`ExportResult::unsupported`].

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::base_schema::schema;
use super::document::{
    Data, DataGroup, Disputes, Expiry, Extension, Policies, PolicyEl, Pos, Statement, Value,
};
use crate::model::{
    Collection, CollectionSource, ContactKind, DataCategory, DisputeResolution, Policy, Purpose,
    Requirement, Right, SecurityMeasure,
};

/// The result of [`export_p3p`](crate::p3p::export_p3p).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct ExportResult {
    /// A P3P 1.0 `POLICIES` document.
    pub xml: String,
    /// What the model says that the document could not.
    pub unsupported: Vec<Unsupported>,
}

/// Something of the model that P3P cannot express.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Unsupported {
    /// The model field (`sale`, `purposes`, `metadata.title`, ...).
    pub field: String,
    /// What was left out and why.
    pub detail: String,
}

fn p3p_token(vocab: &str, id: &str) -> Option<String> {
    crate::vocab::lookup(vocab, id).and_then(|e| e.p3p.clone())
}

fn required_attr(req: Option<Requirement>) -> Option<String> {
    match req {
        Some(Requirement::OptIn) => Some("opt-in".into()),
        Some(Requirement::OptOut) => Some("opt-out".into()),
        _ => None,
    }
}

fn value(name: &str) -> Value {
    Value {
        name: name.into(),
        ..Value::default()
    }
}

struct Exporter<'a> {
    policy: &'a Policy,
    unsupported: Vec<Unsupported>,
}

impl Exporter<'_> {
    fn skip(&mut self, field: &str, detail: String) {
        self.unsupported.push(Unsupported {
            field: field.into(),
            detail,
        });
    }

    /// The DATA elements that say `c`.
    fn data_of(&mut self, c: &Collection) -> Vec<Data> {
        let s = schema();
        let optional = (c.requirement == Some(Requirement::Optional)).then(|| "yes".to_owned());
        let texts: Vec<&String> = c.terms.iter().filter(|t| !t.starts_with('#')).collect();
        let with_categories = |reference: String, token: &str| Data {
            reference,
            optional: optional.clone(),
            categories: vec![Value {
                name: token.into(),
                text: (token == "other-category" && !texts.is_empty()).then(|| {
                    texts
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
                ..Value::default()
            }],
            ..Data::default()
        };
        let mut out = Vec::new();
        for t in c.terms.iter().filter(|t| t.starts_with('#')) {
            let bare = &t[1..];
            match s.get(bare) {
                Some(n) if n.model == c.category && !n.variable => out.push(Data {
                    reference: t.clone(),
                    optional: optional.clone(),
                    ..Data::default()
                }),
                _ => match s.category_token(c.category) {
                    Some(tok) => out.push(with_categories(t.clone(), tok)),
                    None => {
                        // Resolved through an ancestor or as `other`: write as is.
                        out.push(Data {
                            reference: t.clone(),
                            optional: optional.clone(),
                            ..Data::default()
                        });
                    }
                },
            }
        }
        if out.is_empty() {
            if let Some(r) = s.reference_for(c.category) {
                out.push(Data {
                    reference: format!("#{r}"),
                    optional: optional.clone(),
                    ..Data::default()
                });
            } else if let Some(tok) = s.category_token(c.category) {
                out.push(with_categories("#dynamic.miscdata".into(), tok));
            } else {
                let tok = p3p_token("DataCategory", c.category.as_str())
                    .unwrap_or_else(|| "other-category".into());
                self.skip(
                    "collection",
                    format!("data category {} has no P3P equivalent; written as #dynamic.miscdata ({tok})", c.category),
                );
                out.push(with_categories("#dynamic.miscdata".into(), &tok));
            }
        }
        // Sources P3P implies from the reference.
        let implied: Vec<CollectionSource> = out
            .iter()
            .filter_map(|d| s.get(&d.reference).and_then(|n| n.source))
            .collect();
        for src in &c.sources {
            if !implied.contains(src) {
                self.skip(
                    "collection",
                    format!("source `{src}` of {} cannot be stated in P3P", c.category),
                );
            }
        }
        out
    }

    fn statements(&mut self) -> Vec<Statement> {
        let p = self.policy;
        let mut out = Vec::new();
        let purpose_entry = |purpose: Purpose| {
            p.purposes
                .iter()
                .find(|x| x.purpose == purpose && x.polarity.is_does())
        };
        let purpose_value = |purpose: Purpose| -> Option<Value> {
            let tok = p3p_token("Purpose", purpose.as_str())?;
            let entry = purpose_entry(purpose);
            Some(Value {
                required: if tok == "current" {
                    None
                } else {
                    required_attr(entry.and_then(|e| e.requirement))
                },
                text: if purpose == Purpose::Other {
                    entry.and_then(|e| e.description.clone())
                } else {
                    None
                },
                ..value(&tok)
            })
        };
        let consequence = |purpose: Purpose| {
            if purpose == Purpose::Other {
                None
            } else {
                purpose_entry(purpose).and_then(|e| e.description.clone())
            }
        };
        let recipients = |cat: Option<DataCategory>, purpose: Purpose| -> Vec<Value> {
            let mut v = vec![value("ours")];
            for s in p
                .sharing
                .iter()
                .filter(|s| s.polarity.is_does() && s.name.is_none())
            {
                let data_ok = match cat {
                    Some(c) => s.data.contains(&c),
                    None => s.data.is_empty(),
                };
                if data_ok
                    && s.purposes.contains(&purpose)
                    && let Some(tok) = p3p_token("RecipientKind", s.recipient.as_str())
                {
                    v.push(Value {
                        required: required_attr(s.requirement),
                        text: s.description.clone(),
                        ..value(&tok)
                    });
                }
            }
            v
        };
        let retentions = |cat: Option<DataCategory>, purpose: Purpose| -> Vec<Option<String>> {
            let v: Vec<Option<String>> = p
                .retention
                .iter()
                .filter(|r| {
                    (match cat {
                        Some(c) => r.data.contains(&c),
                        None => r.data.is_empty(),
                    }) && r.purposes.contains(&purpose)
                })
                .filter_map(|r| p3p_token("RetentionKind", r.kind.as_str()))
                .map(Some)
                .collect();
            if v.is_empty() { vec![None] } else { v }
        };
        let collections: Vec<&Collection> = p
            .collection
            .iter()
            .filter(|c| c.polarity.is_does())
            .collect();
        for c in &collections {
            let data = self.data_of(c);
            for purpose in &c.purposes {
                let Some(pv) = purpose_value(*purpose) else {
                    continue;
                };
                for k in retentions(Some(c.category), *purpose) {
                    out.push(Statement {
                        consequence: consequence(*purpose),
                        purposes: vec![pv.clone()],
                        recipients: recipients(Some(c.category), *purpose),
                        retention: k.iter().map(|k| value(k)).collect(),
                        groups: vec![DataGroup {
                            data: data.clone(),
                            ..DataGroup::default()
                        }],
                        ..Statement::default()
                    });
                }
            }
        }
        // Purposes stated without data.
        for ps in p
            .purposes
            .iter()
            .filter(|x| x.polarity.is_does() && x.data.is_empty())
        {
            let Some(pv) = purpose_value(ps.purpose) else {
                continue;
            };
            for k in retentions(None, ps.purpose) {
                out.push(Statement {
                    consequence: consequence(ps.purpose),
                    purposes: vec![pv.clone()],
                    recipients: recipients(None, ps.purpose),
                    retention: k.iter().map(|k| value(k)).collect(),
                    ..Statement::default()
                });
            }
        }
        // Data without purposes: NON-IDENTIFIABLE statements.
        let nonident = p
            .security
            .iter()
            .any(|s| s.measure == SecurityMeasure::Deidentification && s.polarity.is_does());
        let unpurposed: Vec<&Collection> = collections
            .iter()
            .copied()
            .filter(|c| c.purposes.is_empty())
            .collect();
        if nonident {
            let mut data = Vec::new();
            for c in &unpurposed {
                data.extend(self.data_of(c));
            }
            out.push(Statement {
                non_identifiable: Some((Pos::default(), None)),
                groups: if data.is_empty() {
                    Vec::new()
                } else {
                    vec![DataGroup {
                        data,
                        ..DataGroup::default()
                    }]
                },
                ..Statement::default()
            });
        } else {
            for c in unpurposed {
                self.skip(
                    "collection",
                    format!(
                        "{} is collected for no stated purpose; P3P requires one",
                        c.category
                    ),
                );
            }
        }
        out
    }

    fn check_unsupported(&mut self) {
        let p = self.policy;
        macro_rules! whole {
            ($field:ident, $what:literal) => {
                if !p.$field.is_empty() {
                    self.skip(
                        stringify!($field),
                        format!("{} {} cannot be expressed in P3P", p.$field.len(), $what),
                    );
                }
            };
        }
        whole!(sale, "statements about sale");
        whole!(tracking, "tracking technologies");
        whole!(do_not_track, "Do Not Track stances");
        whole!(choices, "choices");
        whole!(audiences, "audiences");
        whole!(transfers, "international transfers");
        whole!(change_policy, "change-notice promises");
        whole!(laws, "laws named");
        if !p.sections.is_empty() {
            self.skip(
                "sections",
                "the document's text is not part of a P3P policy".into(),
            );
        }
        for c in &p.collection {
            if !c.polarity.is_does() {
                self.skip(
                    "collection",
                    format!("P3P cannot say that {} is not collected", c.category),
                );
            }
            if c.actor != crate::model::Actor::FirstParty {
                self.skip(
                    "collection",
                    format!("collection of {} by a third party", c.category),
                );
            }
            if !c.conditions.is_empty() {
                self.skip("collection", format!("conditions on {}", c.category));
            }
        }
        for x in &p.purposes {
            if !x.polarity.is_does() {
                self.skip(
                    "purposes",
                    format!("P3P cannot say that data is not used for {}", x.purpose),
                );
            } else if p3p_token("Purpose", x.purpose.as_str()).is_none() {
                self.skip(
                    "purposes",
                    format!("purpose {} has no P3P value", x.purpose),
                );
            }
            if !x.conditions.is_empty() {
                self.skip("purposes", format!("conditions on {}", x.purpose));
            }
        }
        for s in &p.sharing {
            if !s.polarity.is_does() {
                self.skip(
                    "sharing",
                    format!(
                        "P3P cannot say that data is not shared with {}",
                        s.recipient
                    ),
                );
            } else if p3p_token("RecipientKind", s.recipient.as_str()).is_none() {
                self.skip(
                    "sharing",
                    format!("recipient kind {} has no P3P value", s.recipient),
                );
            }
            if s.purposes.is_empty() {
                self.skip(
                    "sharing",
                    format!(
                        "sharing with {} stated for data without a purpose",
                        s.recipient
                    ),
                );
            }
            if let Some(n) = &s.name {
                self.skip("sharing", format!("named recipient `{n}`"));
            }
            if !s.conditions.is_empty() {
                self.skip(
                    "sharing",
                    format!("conditions on sharing with {}", s.recipient),
                );
            }
        }
        for r in &p.retention {
            if r.purposes.is_empty() {
                self.skip(
                    "retention",
                    format!("retention {} stated for data without a purpose", r.kind),
                );
            }
            if p3p_token("RetentionKind", r.kind.as_str()).is_none() {
                self.skip(
                    "retention",
                    format!("retention {} has no P3P value", r.kind),
                );
            }
            if r.duration.is_some() {
                self.skip("retention", "stated retention periods".into());
            }
        }
        for r in &p.rights {
            if r.right != Right::Access || r.scope.is_none() || !r.polarity.is_does() {
                self.skip("rights", format!("right {} (P3P only has ACCESS)", r.right));
            }
        }
        if p.rights
            .iter()
            .filter(|r| r.right == Right::Access && r.scope.is_some())
            .count()
            > 1
        {
            self.skip(
                "rights",
                "more than one ACCESS scope; the first is written".into(),
            );
        }
        for s in &p.security {
            if s.measure != SecurityMeasure::Deidentification || !s.polarity.is_does() {
                self.skip("security", format!("security measure {}", s.measure));
            } else if s
                .terms
                .iter()
                .any(|t| t != "NON-IDENTIFIABLE" && t != "NID")
            {
                self.skip("security", "text written inside NON-IDENTIFIABLE".into());
            }
        }
        for c in &p.contacts {
            if c.kind == ContactKind::Dpo {
                self.skip("contacts", format!("DPO contact `{}`", c.value));
            }
        }
        for u in &p.unrecognized {
            if u.kind != "p3p_extension" && u.kind != "p3p_entity_data" {
                self.skip(
                    "unrecognized",
                    format!("{} `{}` cannot be written back", u.kind, u.name),
                );
            }
        }
        let m = &p.metadata;
        for (what, v) in [
            ("title", &m.title),
            ("effective_date", &m.effective_date),
            ("last_updated", &m.last_updated),
        ] {
            if v.is_some() {
                self.skip(&format!("metadata.{what}"), "no P3P element for it".into());
            }
        }
        for rel in ["policy_name", "discuri", "opturi"] {
            if m.links.iter().filter(|l| l.rel == rel).count() > 1 {
                self.skip(
                    "metadata.links",
                    format!("more than one `{rel}`; the first is written"),
                );
            }
        }
        for l in &m.links {
            if !["policy_name", "discuri", "opturi"].contains(&l.rel.as_str()) {
                self.skip("metadata.links", format!("link `{}`", l.rel));
            }
        }
    }

    fn build(&mut self) -> Policies {
        let p = self.policy;
        self.check_unsupported();
        let link = |rel: &str| {
            p.metadata
                .links
                .iter()
                .find(|l| l.rel == rel)
                .map(|l| l.href.clone())
        };
        let mut entity = Vec::new();
        let ent = |r: &str, t: &str| Data {
            reference: r.into(),
            text: Some(t.into()),
            ..Data::default()
        };
        if let Some(c) = &p.metadata.controller {
            entity.push(ent("#business.name", &c.name));
        }
        for c in &p.contacts {
            match c.kind {
                ContactKind::Email => {
                    entity.push(ent("#business.contact-info.online.email", &c.value));
                }
                ContactKind::Web => entity.push(ent("#business.contact-info.online.uri", &c.value)),
                ContactKind::Postal => {
                    entity.push(ent("#business.contact-info.postal.street", &c.value));
                }
                ContactKind::Phone => entity.push(ent(
                    "#business.contact-info.telecom.telephone.number",
                    &c.value,
                )),
                _ => {}
            }
        }
        for u in p
            .unrecognized
            .iter()
            .filter(|u| u.kind == "p3p_entity_data")
        {
            entity.push(ent(&u.name, u.content.as_deref().unwrap_or_default()));
        }
        let access = p
            .rights
            .iter()
            .filter(|r| r.right == Right::Access && r.polarity.is_does())
            .find_map(|r| r.scope)
            .and_then(|s| p3p_token("AccessScope", s.as_str()))
            .map(|t| vec![value(&t)])
            .unwrap_or_default();
        let disputes = p
            .disputes
            .iter()
            .map(|d| Disputes {
                resolution_type: if d.resolution == DisputeResolution::Unspecified {
                    None
                } else {
                    p3p_token("DisputeResolution", d.resolution.as_str())
                },
                service: d.service.clone(),
                verification: d.verification.clone(),
                short_description: d.description.clone(),
                long_description: d.long_description.clone(),
                remedies: d.remedies.iter().map(|r| value(r.as_str())).collect(),
                pos: Pos::default(),
            })
            .collect();
        let statements = self.statements();
        let extensions = p
            .unrecognized
            .iter()
            .filter(|u| u.kind == "p3p_extension")
            .map(|u| Extension {
                name: u.name.clone(),
                ns: None,
                optional: u.optional.unwrap_or(true),
                content: u.content.clone().unwrap_or_default(),
                pos: Pos::default(),
            })
            .collect();
        Policies {
            expiry: p.metadata.expiry.as_ref().map(|v| Expiry {
                value: v.clone(),
                pos: Pos::default(),
            }),
            dataschema: Vec::new(),
            lang: None,
            policies: vec![PolicyEl {
                name: link("policy_name"),
                discuri: link("discuri"),
                opturi: link("opturi"),
                lang: p.metadata.language.clone(),
                test: p.metadata.test.then(Pos::default),
                entity,
                access,
                disputes,
                statements,
                extensions,
                ..PolicyEl::default()
            }],
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn attr(out: &mut String, name: &str, v: Option<&String>) {
    if let Some(v) = v {
        let _ = write!(out, " {name}=\"{}\"", esc(v));
    }
}

fn write_values(out: &mut String, indent: &str, element: &str, values: &[Value]) {
    let _ = write!(out, "{indent}<{element}>");
    for v in values {
        let _ = write!(out, "<{}", v.name);
        attr(out, "required", v.required.as_ref());
        match (&v.text, element) {
            (Some(t), "RECIPIENT") => {
                let _ = write!(
                    out,
                    "><recipient-description>{}</recipient-description></{}>",
                    esc(t),
                    v.name
                );
            }
            (Some(t), _) => {
                let _ = write!(out, ">{}</{}>", esc(t), v.name);
            }
            (None, _) => out.push_str("/>"),
        }
    }
    let _ = writeln!(out, "</{element}>");
}

fn write_data(out: &mut String, indent: &str, d: &Data) {
    let _ = write!(out, "{indent}<DATA ref=\"{}\"", esc(&d.reference));
    attr(out, "optional", d.optional.as_ref());
    match (&d.text, d.categories.is_empty()) {
        (Some(t), _) => {
            let _ = writeln!(out, ">{}</DATA>", esc(t));
        }
        (None, true) => out.push_str("/>\n"),
        (None, false) => {
            out.push('>');
            write_values(out, "", "CATEGORIES", &d.categories);
            out.pop();
            out.push_str("</DATA>\n");
        }
    }
}

fn write_expiry(out: &mut String, indent: &str, e: &Expiry) {
    if let Some((k, v)) = e.value.split_once('=') {
        let _ = writeln!(out, "{indent}<EXPIRY {k}=\"{}\"/>", esc(v));
    }
}

/// Write a document as P3P 1.0 XML.
pub(crate) fn write(doc: &Policies) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<POLICIES xmlns=\"http://www.w3.org/2002/01/P3Pv1\">\n",
    );
    if let Some(e) = &doc.expiry {
        write_expiry(&mut out, "  ", e);
    }
    for p in &doc.policies {
        out.push_str("  <POLICY");
        attr(&mut out, "name", p.name.as_ref());
        attr(&mut out, "discuri", p.discuri.as_ref());
        attr(&mut out, "opturi", p.opturi.as_ref());
        attr(&mut out, "xml:lang", p.lang.as_ref());
        out.push_str(">\n");
        if p.test.is_some() {
            out.push_str("    <TEST/>\n");
        }
        out.push_str("    <ENTITY>\n      <DATA-GROUP>\n");
        for d in &p.entity {
            write_data(&mut out, "        ", d);
        }
        out.push_str("      </DATA-GROUP>\n    </ENTITY>\n");
        write_values(&mut out, "    ", "ACCESS", &p.access);
        if !p.disputes.is_empty() {
            out.push_str("    <DISPUTES-GROUP>\n");
            for d in &p.disputes {
                out.push_str("      <DISPUTES");
                attr(&mut out, "resolution-type", d.resolution_type.as_ref());
                attr(&mut out, "service", d.service.as_ref());
                attr(&mut out, "verification", d.verification.as_ref());
                attr(&mut out, "short-description", d.short_description.as_ref());
                out.push_str(">\n");
                if let Some(l) = &d.long_description {
                    let _ = writeln!(
                        out,
                        "        <LONG-DESCRIPTION>{}</LONG-DESCRIPTION>",
                        esc(l)
                    );
                }
                if !d.remedies.is_empty() {
                    write_values(&mut out, "        ", "REMEDIES", &d.remedies);
                }
                out.push_str("      </DISPUTES>\n");
            }
            out.push_str("    </DISPUTES-GROUP>\n");
        }
        for s in &p.statements {
            out.push_str("    <STATEMENT>\n");
            if let Some(c) = &s.consequence {
                let _ = writeln!(out, "      <CONSEQUENCE>{}</CONSEQUENCE>", esc(c));
            }
            if s.non_identifiable.is_some() {
                out.push_str("      <NON-IDENTIFIABLE/>\n");
            } else {
                write_values(&mut out, "      ", "PURPOSE", &s.purposes);
                write_values(&mut out, "      ", "RECIPIENT", &s.recipients);
                if !s.retention.is_empty() {
                    write_values(&mut out, "      ", "RETENTION", &s.retention);
                }
            }
            for g in &s.groups {
                out.push_str("      <DATA-GROUP>\n");
                for d in &g.data {
                    write_data(&mut out, "        ", d);
                }
                out.push_str("      </DATA-GROUP>\n");
            }
            out.push_str("    </STATEMENT>\n");
        }
        for e in &p.extensions {
            let content = if e.content.trim_start().starts_with('<') {
                e.content.clone()
            } else {
                esc(&e.content)
            };
            let _ = writeln!(
                out,
                "    <EXTENSION optional=\"{}\">{content}</EXTENSION>",
                if e.optional { "yes" } else { "no" },
            );
        }
        out.push_str("  </POLICY>\n");
    }
    out.push_str("</POLICIES>\n");
    out
}

/// Export a policy as P3P 1.0 XML.
pub(crate) fn export(policy: &Policy) -> ExportResult {
    let mut ex = Exporter {
        policy,
        unsupported: Vec::new(),
    };
    let doc = ex.build();
    let mut unsupported = ex.unsupported;
    unsupported.sort();
    unsupported.dedup();
    ExportResult {
        xml: write(&doc),
        unsupported,
    }
}
