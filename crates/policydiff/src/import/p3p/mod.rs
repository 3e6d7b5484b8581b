//! W3C P3P 1.0 / 1.1: policies, policy reference files and compact policies.
//!
//! ```text
//! bytes ─ xml (decode, refuse entities, limits) ─▶ element tree (borrowed
//!       slices, paths built on demand) ─ mapping ─▶ Policy
//!                                     └ validate ─▶ violations
//! Policy ─ export (via the document structs) ─▶ P3P 1.0 XML + what P3P
//!                                              could not express
//! Policy ─ compact ─▶ CP="..."
//! ```
//!
//! # Importing
//!
//! A `POLICIES` document (or a bare `POLICY`, or a reference file `META`
//! that embeds `POLICIES`) becomes one [`Policy`]: every `STATEMENT`'s data,
//! purposes, recipients and retention, the `ENTITY`, `ACCESS` and `DISPUTES`.
//! Several `POLICY` elements are merged (the evidence paths tell which said
//! what); [`import_each`] gives one policy per `POLICY`.
//!
//! ```
//! let xml = br##"<POLICIES xmlns="http://www.w3.org/2002/01/P3Pv1">
//!  <POLICY name="p" discuri="/privacy.html">
//!   <ENTITY><DATA-GROUP><DATA ref="#business.name">Example Corp</DATA></DATA-GROUP></ENTITY>
//!   <ACCESS><nonident/></ACCESS>
//!   <STATEMENT>
//!     <PURPOSE><current/><contact required="opt-in"/></PURPOSE>
//!     <RECIPIENT><ours/></RECIPIENT>
//!     <RETENTION><stated-purpose/></RETENTION>
//!     <DATA-GROUP><DATA ref="#user.home-info.online.email"/></DATA-GROUP>
//!   </STATEMENT>
//!  </POLICY>
//! </POLICIES>"##;
//! let policy = policydiff::import_p3p(xml).unwrap();
//! assert_eq!(policy.metadata.controller.as_ref().unwrap().name, "Example Corp");
//! let email = &policy.collection[0];
//! assert_eq!(email.category.as_str(), "contact.email");
//! assert_eq!(email.terms, ["#user.home-info.online.email"]);
//! let marketing = policy.purposes.iter().find(|p| p.purpose.as_str() == "marketing").unwrap();
//! assert_eq!(marketing.requirement.unwrap().as_str(), "opt_in");
//! // Evidence is the element path, line and column.
//! match &marketing.evidence[0] {
//!     policydiff::Evidence::Xml { path, line, .. } => {
//!         assert_eq!(path, "/POLICIES[1]/POLICY[1]/STATEMENT[1]/PURPOSE/contact");
//!         assert_eq!(*line, 6);
//!     }
//!     _ => unreachable!(),
//! }
//! ```
//!
//! # Security
//!
//! No entity is ever expanded and nothing is ever fetched: a DOCTYPE that
//! declares entities is an error, as is a reference to an undefined entity.
//! Depth, element count and size are limited by [`ImportOptions`].
//!
//! ```
//! let bomb = b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><POLICIES>&a;</POLICIES>";
//! let err = policydiff::import_p3p(bomb).unwrap_err();
//! assert_eq!(err.kind(), policydiff::ErrorKind::Xml);
//! assert_eq!(err.line(), Some(1));
//! ```

mod base_schema;
mod compact;
mod document;
mod export;
mod mapping;
mod reference;
mod tag;
mod validate;
mod xml;

pub use export::{ExportResult, Unsupported};
pub use reference::{CookiePattern, PolicyRef, PolicyReference, applicable_policy};
pub use validate::Violation;

use tag::Tag;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::import::{ImportOptions, sha256_hex};
use crate::model::{Diagnostic, Link, Policy, Severity, Source, SourceFormat, SpanBase};

fn check_root(root: xml::Element<'_>) -> Result<()> {
    if matches!(
        root.tag(),
        Tag::Policies | Tag::Policy | Tag::Meta | Tag::PolicyReferences
    ) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::P3p,
        format!(
            "the root element is <{}>, not a P3P document (expected POLICIES, POLICY or META)",
            root.name()
        ),
    )
    .at(Location {
        line: Some(root.line()),
        column: Some(root.column()),
        offset: Some(root.start()),
        path: Some(root.path()),
    }))
}

fn new_policy(bytes: &[u8], doc: &xml::XmlDoc, format: SourceFormat) -> Policy {
    Policy::new(Source {
        format,
        sha256: sha256_hex(bytes),
        length: bytes.len() as u64,
        encoding: doc.encoding.to_owned(),
        spans: SpanBase::XmlPaths,
    })
}

fn violation_diagnostic(v: &Violation) -> Diagnostic {
    into_diagnostic(v.clone())
}

fn into_diagnostic(v: Violation) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        code: v.code,
        message: v.message,
        line: Some(v.line),
        column: Some(v.column),
        path: Some(v.path),
    }
}

/// Whether the root is a policy reference file's (`META`, or a bare
/// `POLICY-REFERENCES`).
fn is_reference_root(root: xml::Element<'_>) -> bool {
    matches!(root.tag(), Tag::Meta | Tag::PolicyReferences)
}

/// The `POLICIES` element of a document, if any (the root, or inside `META`).
fn policies_element(root: xml::Element<'_>) -> Option<xml::Element<'_>> {
    match root.tag() {
        Tag::Policies | Tag::Policy => Some(root),
        _ => root.child_tagged(Tag::Policies),
    }
}

/// Import a P3P document (see the module docs).
pub(crate) fn import(bytes: &[u8], opts: &ImportOptions) -> Result<Policy> {
    let doc = xml::parse(bytes, opts.into())?;
    check_root(doc.root())?;
    let is_reference = is_reference_root(doc.root());
    let format = if is_reference {
        SourceFormat::P3pReference
    } else {
        SourceFormat::P3p
    };
    let mut policy = new_policy(bytes, &doc, format);
    policy.diagnostics.extend(doc.diagnostics.iter().cloned());
    policy
        .diagnostics
        .extend(validate::check(doc.root()).into_iter().map(into_diagnostic));
    if let Some(el) = policies_element(doc.root()) {
        mapping::map_document(el, None, &mut policy);
    }
    if is_reference {
        let (expiry, refs) = reference::read(doc.root());
        if expiry.is_some() {
            policy.metadata.expiry = expiry;
        }
        for r in refs {
            policy.metadata.links.push(Link {
                rel: "policy_ref".into(),
                href: r.about,
            });
        }
    }
    policy.canonicalize();
    Ok(policy)
}

/// Import a compact policy (`CP="..."`). Never fails: unknown tokens are
/// reported, not refused (the signature matches the other importers).
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn import_compact(text: &str, sha256: String, _opts: &ImportOptions) -> Result<Policy> {
    let mut policy = Policy::new(Source {
        format: SourceFormat::P3pCompact,
        sha256,
        length: text.len() as u64,
        encoding: "utf-8".into(),
        spans: SpanBase::Input,
    });
    compact::read(text, &mut policy);
    policy.canonicalize();
    Ok(policy)
}

/// Import a P3P document as one [`Policy`] per `POLICY` element, in
/// document order (each with the document's `EXPIRY`).
///
/// ```
/// let xml = br##"<POLICIES xmlns="http://www.w3.org/2002/01/P3Pv1">
///   <POLICY name="a" discuri="/a"><ENTITY><DATA-GROUP><DATA ref="#business.name">A</DATA></DATA-GROUP></ENTITY>
///     <ACCESS><none/></ACCESS></POLICY>
///   <POLICY name="b" discuri="/b"><ENTITY><DATA-GROUP><DATA ref="#business.name">B</DATA></DATA-GROUP></ENTITY>
///     <ACCESS><all/></ACCESS></POLICY>
/// </POLICIES>"##;
/// let each = policydiff::p3p::import_each(xml, &Default::default()).unwrap();
/// assert_eq!(each.len(), 2);
/// assert_eq!(each[1].metadata.controller.as_ref().unwrap().name, "B");
/// ```
pub fn import_each(bytes: &[u8], opts: &ImportOptions) -> Result<Vec<Policy>> {
    let doc = xml::parse(bytes, opts.into())?;
    check_root(doc.root())?;
    let Some(el) = policies_element(doc.root()) else {
        return Ok(Vec::new());
    };
    let violations = validate::check(doc.root());
    let policies: Vec<xml::Element<'_>> = if el.tag() == Tag::Policy {
        vec![el]
    } else {
        el.children_tagged(Tag::Policy).collect()
    };
    let mut out = Vec::new();
    for (i, p) in policies.iter().enumerate() {
        let mut policy = new_policy(bytes, &doc, SourceFormat::P3p);
        policy.diagnostics.extend(doc.diagnostics.iter().cloned());
        let path = p.path();
        let inside = format!("{path}/");
        policy.diagnostics.extend(
            violations
                .iter()
                .filter(|v| {
                    v.path == path || v.path.starts_with(&inside) || !v.path.contains("/POLICY[")
                })
                .map(violation_diagnostic),
        );
        mapping::map_document(el, Some(i), &mut policy);
        policy.canonicalize();
        out.push(policy);
    }
    Ok(out)
}

/// Read a policy reference file (`META` / `POLICY-REFERENCES`), with any
/// policies it embeds.
pub fn read_reference(bytes: &[u8], opts: &ImportOptions) -> Result<PolicyReference> {
    let doc = xml::parse(bytes, opts.into())?;
    if !is_reference_root(doc.root()) {
        check_root(doc.root())?;
        return Err(Error::new(
            ErrorKind::P3p,
            format!(
                "the root element is <{}>, not a policy reference file (expected META)",
                doc.root().name()
            ),
        )
        .at(Location {
            line: Some(doc.root().line()),
            column: Some(doc.root().column()),
            offset: Some(doc.root().start()),
            path: Some(doc.root().path()),
        }));
    }
    let (expiry, references) = reference::read(doc.root());
    let embedded = if doc.root().child_tagged(Tag::Policies).is_some() {
        import_each(bytes, opts)?
    } else {
        Vec::new()
    };
    Ok(PolicyReference {
        expiry,
        references,
        embedded,
        violations: validate::check(doc.root()),
    })
}

/// Check a P3P document against the specification. Violations (missing
/// required elements or attributes, unknown vocabulary, wrong nesting, odd
/// namespaces, unknown data references) come with line and column; a
/// document that is not well-formed XML, or not P3P, is an `Err`.
///
/// ```
/// let xml = b"<POLICIES xmlns='http://www.w3.org/2002/01/P3Pv1'>\n<POLICY name='x'>\n<ACCESS><everything/></ACCESS>\n</POLICY></POLICIES>";
/// let v = policydiff::p3p::validate(xml, &Default::default()).unwrap();
/// let codes: Vec<_> = v.iter().map(|v| (v.line, v.code.as_str())).collect();
/// assert!(codes.contains(&(2, "p3p_missing_attribute"))); // discuri
/// assert!(codes.contains(&(2, "p3p_missing_element")));   // ENTITY, STATEMENT
/// assert!(codes.contains(&(3, "p3p_unknown_value")));     // everything
/// ```
pub fn validate(bytes: &[u8], opts: &ImportOptions) -> Result<Vec<Violation>> {
    let doc = xml::parse(bytes, opts.into())?;
    check_root(doc.root())?;
    let mut v: Vec<Violation> = doc
        .diagnostics
        .iter()
        .map(|d| Violation {
            line: d.line.unwrap_or(1),
            column: d.column.unwrap_or(1),
            code: d.code.clone(),
            message: d.message.clone(),
            path: String::new(),
        })
        .collect();
    v.extend(validate::check(doc.root()));
    v.sort_by(|a, b| (a.line, a.column, &a.code).cmp(&(b.line, b.column, &b.code)));
    Ok(v)
}

/// Export a policy as P3P 1.0 XML, with what P3P could not express.
///
/// Importing the XML gives back the same model whenever
/// [`ExportResult::unsupported`] is empty.
///
/// ```
/// let p = policydiff::import_compact_policy("CP=\"NOI DSP COR CUR ADMa OUR SAMo IND ONL\"").unwrap();
/// let out = policydiff::p3p::export_p3p(&p);
/// assert!(out.xml.contains("<same required=\"opt-out\"/>"));
/// let again = policydiff::import_p3p(out.xml.as_bytes()).unwrap();
/// assert_eq!(again.purposes.len(), p.purposes.len());
/// ```
pub fn export_p3p(policy: &Policy) -> ExportResult {
    export::export(policy)
}

/// The compact policy (`CP="..."`) that summarises a policy.
///
/// ```
/// let p = policydiff::import_compact_policy("P3P: CP=\"CAO DSP COR CURa ADMa DEVo OUR SAMo IND PHY ONL\"").unwrap();
/// assert_eq!(policydiff::p3p::to_compact_policy(&p), "CP=\"CAO DSP COR CUR ADM DEVo OUR SAMo IND PHY ONL\"");
/// ```
pub fn to_compact_policy(policy: &Policy) -> String {
    compact::to_compact(policy)
}
