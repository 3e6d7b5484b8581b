//! The P3P document, element by element: plain structs that follow the
//! specification's elements (POLICIES, POLICY, STATEMENT, DATA, ...), each
//! with its position. They are read from the XML tree here and written back
//! as XML by [`super::export`]; the mapping to the domain model is in
//! [`super::mapping`].
//!
//! Reading is lenient: elements and values the specification does not define
//! are kept (as [`Unknown`]) rather than dropped, and missing parts are left
//! empty. [`super::validate`] reports both as violations.

use super::xml::Element;

/// Position of an element: path, line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

impl From<&Element> for Pos {
    fn from(e: &Element) -> Pos {
        Pos {
            path: e.path.clone(),
            line: e.line,
            column: e.column,
        }
    }
}

/// P3P 1.0 namespaces (Recommendation, Last Call and Candidate drafts).
pub(crate) const P3P_NAMESPACES: [&str; 3] = [
    "http://www.w3.org/2002/01/P3Pv1",
    "http://www.w3.org/2001/09/P3Pv1",
    "http://www.w3.org/2000/12/P3Pv1",
];

/// The P3P 1.1 extension namespace (and its 2004 draft).
pub(crate) const P3P11_NAMESPACES: [&str; 2] = [
    "http://www.w3.org/2006/01/P3Pv11",
    "http://www.w3.org/2004/02/P3Pv11",
];

pub(crate) const PURPOSES: [&str; 12] = [
    "current",
    "admin",
    "develop",
    "tailoring",
    "pseudo-analysis",
    "pseudo-decision",
    "individual-analysis",
    "individual-decision",
    "contact",
    "historical",
    "telemarketing",
    "other-purpose",
];
pub(crate) const RECIPIENTS: [&str; 6] = [
    "ours",
    "delivery",
    "same",
    "other-recipient",
    "unrelated",
    "public",
];
pub(crate) const RETENTIONS: [&str; 5] = [
    "no-retention",
    "stated-purpose",
    "legal-requirement",
    "business-practices",
    "indefinitely",
];
pub(crate) const ACCESS: [&str; 6] = [
    "nonident",
    "all",
    "contact-and-other",
    "ident-contact",
    "other-ident",
    "none",
];
pub(crate) const REMEDIES: [&str; 3] = ["correct", "money", "law"];
pub(crate) const RESOLUTIONS: [&str; 4] = ["service", "independent", "court", "law"];
pub(crate) const REQUIRED: [&str; 3] = ["always", "opt-in", "opt-out"];

/// A vocabulary value: `<admin required="opt-in"/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Value {
    pub name: String,
    /// `required` attribute as written.
    pub required: Option<String>,
    /// Text content (`other-purpose`, `other-category`) or the
    /// `recipient-description` of a recipient.
    pub text: Option<String>,
    pub pos: Pos,
}

/// An element or value the specification does not define here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unknown {
    /// `element` (an unexpected element), `value` (an unknown vocabulary
    /// value inside PURPOSE, RECIPIENT, ...).
    pub kind: &'static str,
    pub name: String,
    /// The element it appeared in.
    pub parent: String,
    /// The XML as written.
    pub content: String,
    pub pos: Pos,
}

/// `EXTENSION`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Extension {
    /// Local name of the first child element (`GROUP-INFO`), or `EXTENSION`.
    pub name: String,
    /// Namespace of that element.
    pub ns: Option<String>,
    /// `optional` (default `yes`).
    pub optional: bool,
    /// The XML inside the EXTENSION, as written.
    pub content: String,
    pub pos: Pos,
}

/// `DATA`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Data {
    /// `ref` as written (`#user.name`), resolved against `DATA-GROUP base`.
    pub reference: String,
    pub optional: Option<String>,
    pub categories: Vec<Value>,
    /// Text content (a value, in ENTITY).
    pub text: Option<String>,
    pub pos: Pos,
}

/// `DATA-GROUP`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DataGroup {
    pub base: Option<String>,
    pub data: Vec<Data>,
    pub pos: Pos,
}

/// `STATEMENT`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Statement {
    pub consequence: Option<String>,
    /// `NON-IDENTIFIABLE` (and any text written in it).
    pub non_identifiable: Option<(Pos, Option<String>)>,
    pub purposes: Vec<Value>,
    pub recipients: Vec<Value>,
    pub retention: Vec<Value>,
    pub groups: Vec<DataGroup>,
    pub extensions: Vec<Extension>,
    pub pos: Pos,
}

impl Statement {
    pub fn data(&self) -> impl Iterator<Item = &Data> {
        self.groups.iter().flat_map(|g| g.data.iter())
    }
}

/// `DISPUTES`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Disputes {
    pub resolution_type: Option<String>,
    pub service: Option<String>,
    pub verification: Option<String>,
    pub short_description: Option<String>,
    pub long_description: Option<String>,
    pub remedies: Vec<Value>,
    pub pos: Pos,
}

/// `EXPIRY`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Expiry {
    /// `max-age=86400` or `date=...`, as written.
    pub value: String,
    pub pos: Pos,
}

impl Expiry {
    fn read(e: &Element) -> Expiry {
        let value = if let Some(v) = e.attr("max-age") {
            format!("max-age={v}")
        } else if let Some(v) = e.attr("date") {
            format!("date={v}")
        } else {
            String::new()
        };
        Expiry {
            value,
            pos: e.into(),
        }
    }
}

/// A `DATA-DEF` or `DATA-STRUCT` of a `DATASCHEMA`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DataDef {
    pub name: String,
    pub categories: Vec<Value>,
    pub pos: Pos,
}

/// `POLICY`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PolicyEl {
    pub name: Option<String>,
    pub discuri: Option<String>,
    pub opturi: Option<String>,
    pub lang: Option<String>,
    pub test: Option<Pos>,
    pub entity: Vec<Data>,
    pub entity_pos: Option<Pos>,
    pub access: Vec<Value>,
    pub disputes: Vec<Disputes>,
    pub statements: Vec<Statement>,
    pub extensions: Vec<Extension>,
    pub expiry: Option<Expiry>,
    pub dataschema: Vec<DataDef>,
    pub pos: Pos,
}

/// `POLICIES` (or a bare `POLICY`, read as a `POLICIES` of one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_field_names)]
pub(crate) struct Policies {
    pub expiry: Option<Expiry>,
    pub dataschema: Vec<DataDef>,
    pub policies: Vec<PolicyEl>,
    pub lang: Option<String>,
}

/// Everything read from one document, with what was not understood.
#[derive(Debug, Default)]
pub(crate) struct Reader<'t> {
    pub text: &'t str,
    pub unknown: Vec<Unknown>,
    /// Extensions found where the model has no place for them (inside
    /// PURPOSE, DATA-GROUP, POLICIES, ...).
    pub extensions: Vec<Extension>,
}

fn text_of(e: &Element) -> Option<String> {
    e.trimmed_text().map(str::to_owned)
}

impl<'t> Reader<'t> {
    pub fn new(text: &'t str) -> Reader<'t> {
        Reader {
            text,
            unknown: Vec::new(),
            extensions: Vec::new(),
        }
    }

    fn raw(&self, e: &Element) -> String {
        self.text.get(e.start..e.end).unwrap_or_default().to_owned()
    }

    fn unknown(&mut self, kind: &'static str, e: &Element, parent: &Element) {
        let content = self.raw(e);
        self.unknown.push(Unknown {
            kind,
            name: e.name.to_string(),
            parent: parent.name.to_string(),
            content,
            pos: e.into(),
        });
    }

    fn extension(&self, e: &Element) -> Extension {
        let first = e.children.first();
        let inner = match (e.children.first(), e.children.last()) {
            (Some(a), Some(b)) => self
                .text
                .get(a.start..b.end)
                .unwrap_or_default()
                .trim()
                .to_owned(),
            _ => e.text.trim().to_owned(),
        };
        Extension {
            name: first.map_or_else(|| "EXTENSION".to_owned(), |c| c.name.to_string()),
            ns: first.and_then(|c| c.ns.as_deref().map(str::to_owned)),
            optional: !e
                .attr("optional")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("no")),
            content: inner,
            pos: e.into(),
        }
    }

    /// Values of a vocabulary element (PURPOSE, RECIPIENT, ...).
    fn values(&mut self, e: &Element, allowed: &[&str]) -> Vec<Value> {
        let mut out = Vec::new();
        for c in &e.children {
            if c.name == "EXTENSION" {
                let ext = self.extension(c);
                self.extensions.push(ext);
                continue;
            }
            if !allowed.contains(&c.name.as_ref()) {
                self.unknown("value", c, e);
                continue;
            }
            let text = if c.name == "other-purpose" || c.name == "other-category" {
                text_of(c)
            } else {
                c.child("recipient-description").and_then(text_of)
            };
            out.push(Value {
                name: c.name.to_string(),
                required: c.attr("required").map(|v| v.trim().to_owned()),
                text,
                pos: c.into(),
            });
        }
        out
    }

    fn data(&mut self, e: &Element, base: Option<&str>) -> Data {
        let written = e.attr("ref").unwrap_or_default().trim();
        let reference = match base {
            Some(b) if !b.is_empty() && written.starts_with('#') => format!("{b}{written}"),
            _ => written.to_owned(),
        };
        let mut categories = Vec::new();
        for c in &e.children {
            if c.name == "CATEGORIES" {
                categories.extend(self.values(c, &super::base_schema::CATEGORIES));
            } else {
                self.unknown("element", c, e);
            }
        }
        Data {
            reference,
            optional: e.attr("optional").map(|v| v.trim().to_owned()),
            categories,
            text: text_of(e),
            pos: e.into(),
        }
    }

    fn group(&mut self, e: &Element) -> DataGroup {
        let base = e.attr("base").map(str::to_owned);
        let mut data = Vec::new();
        for c in &e.children {
            match c.name.as_ref() {
                "DATA" => data.push(self.data(c, base.as_deref())),
                "EXTENSION" => {
                    let ext = self.extension(c);
                    self.extensions.push(ext);
                }
                _ => self.unknown("element", c, e),
            }
        }
        DataGroup {
            base,
            data,
            pos: e.into(),
        }
    }

    fn statement(&mut self, e: &Element) -> Statement {
        let mut s = Statement {
            pos: e.into(),
            ..Statement::default()
        };
        for c in &e.children {
            match c.name.as_ref() {
                "CONSEQUENCE" => s.consequence = text_of(c).map(|t| collapse(&t)),
                "NON-IDENTIFIABLE" => s.non_identifiable = Some((c.into(), text_of(c))),
                "PURPOSE" => s.purposes.extend(self.values(c, &PURPOSES)),
                "RECIPIENT" => s.recipients.extend(self.values(c, &RECIPIENTS)),
                "RETENTION" => s.retention.extend(self.values(c, &RETENTIONS)),
                "DATA-GROUP" => s.groups.push(self.group(c)),
                "EXTENSION" => s.extensions.push(self.extension(c)),
                _ => self.unknown("element", c, e),
            }
        }
        s
    }

    fn disputes(&mut self, e: &Element) -> Disputes {
        let mut d = Disputes {
            resolution_type: e.attr("resolution-type").map(|v| v.trim().to_owned()),
            service: e.attr("service").map(str::to_owned),
            verification: e.attr("verification").map(str::to_owned),
            short_description: e
                .attr("short-description")
                .map(collapse)
                .filter(|v| !v.is_empty()),
            pos: e.into(),
            ..Disputes::default()
        };
        for c in &e.children {
            match c.name.as_ref() {
                "LONG-DESCRIPTION" => d.long_description = text_of(c).map(|t| collapse(&t)),
                "REMEDIES" => d.remedies.extend(self.values(c, &REMEDIES)),
                "IMG" => {}
                _ => self.unknown("element", c, e),
            }
        }
        d
    }

    fn dataschema(&mut self, e: &Element) -> Vec<DataDef> {
        let mut out = Vec::new();
        for c in &e.children {
            match c.name.as_ref() {
                "DATA-DEF" | "DATA-STRUCT" => {
                    let mut categories = Vec::new();
                    for cc in &c.children {
                        if cc.name == "CATEGORIES" {
                            categories.extend(self.values(cc, &super::base_schema::CATEGORIES));
                        }
                    }
                    out.push(DataDef {
                        name: c.attr("name").unwrap_or_default().trim().to_owned(),
                        categories,
                        pos: c.into(),
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// Read a `POLICY` element.
    pub fn policy(&mut self, e: &Element) -> PolicyEl {
        let mut p = PolicyEl {
            name: e.attr("name").map(str::to_owned),
            discuri: e.attr("discuri").map(str::to_owned),
            opturi: e.attr("opturi").map(str::to_owned),
            lang: e.attr("xml:lang").map(str::to_owned),
            pos: e.into(),
            ..PolicyEl::default()
        };
        for c in &e.children {
            match c.name.as_ref() {
                "TEST" => p.test = Some(c.into()),
                "ENTITY" => {
                    p.entity_pos = Some(c.into());
                    for g in &c.children {
                        match g.name.as_ref() {
                            "DATA-GROUP" => {
                                let group = self.group(g);
                                p.entity.extend(group.data);
                            }
                            "EXTENSION" => p.extensions.push(self.extension(g)),
                            _ => self.unknown("element", g, c),
                        }
                    }
                }
                "ACCESS" => p.access.extend(self.values(c, &ACCESS)),
                "DISPUTES-GROUP" => {
                    for d in &c.children {
                        match d.name.as_ref() {
                            "DISPUTES" => p.disputes.push(self.disputes(d)),
                            "EXTENSION" => p.extensions.push(self.extension(d)),
                            _ => self.unknown("element", d, c),
                        }
                    }
                }
                "STATEMENT" => p.statements.push(self.statement(c)),
                "EXTENSION" => p.extensions.push(self.extension(c)),
                "EXPIRY" => p.expiry = Some(Expiry::read(c)),
                "DATASCHEMA" => p.dataschema.extend(self.dataschema(c)),
                _ => self.unknown("element", c, e),
            }
        }
        p
    }

    /// Read a `POLICIES` element (or a bare `POLICY`).
    pub fn policies(&mut self, e: &Element) -> Policies {
        if e.name == "POLICY" {
            return Policies {
                policies: vec![self.policy(e)],
                ..Policies::default()
            };
        }
        let mut out = Policies {
            lang: e.attr("xml:lang").map(str::to_owned),
            ..Policies::default()
        };
        for c in &e.children {
            match c.name.as_ref() {
                "POLICY" => out.policies.push(self.policy(c)),
                "EXPIRY" => out.expiry = Some(Expiry::read(c)),
                "DATASCHEMA" => out.dataschema.extend(self.dataschema(c)),
                "EXTENSION" => {
                    let ext = self.extension(c);
                    self.extensions.push(ext);
                }
                _ => self.unknown("element", c, e),
            }
        }
        out
    }
}

/// Collapse runs of whitespace to one space and trim.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
