//! P3P compact policies: the `P3P: CP="..."` HTTP header (section 4 of the
//! Recommendation). Every token of the specification's table is read, with
//! the `a` / `i` / `o` suffixes (always / opt-in / opt-out); tokens outside
//! the table are kept as `unrecognized` (`cp_token`) and reported.

use super::base_schema::schema;
use super::mapping;
use crate::model::{
    Actor, Collection, DataCategory, Diagnostic, Dispute, DisputeResolution, Evidence, Link,
    Polarity, Policy, Purpose, PurposeStatement, Requirement, Retention, Right, RightStatement,
    Security, SecurityMeasure, Severity, Sharing, Span, Unrecognized,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Access,
    Disputes,
    Remedy,
    NonIdentifiable,
    Purpose,
    Recipient,
    Retention,
    Category,
    Test,
}

/// The compact policy vocabulary: token, what it stands for, the P3P value.
const TOKENS: &[(&str, Kind, &str)] = &[
    ("NOI", Kind::Access, "nonident"),
    ("ALL", Kind::Access, "all"),
    ("CAO", Kind::Access, "contact-and-other"),
    ("IDC", Kind::Access, "ident-contact"),
    ("OTI", Kind::Access, "other-ident"),
    ("NON", Kind::Access, "none"),
    ("DSP", Kind::Disputes, ""),
    ("COR", Kind::Remedy, "correct"),
    ("MON", Kind::Remedy, "money"),
    ("LAW", Kind::Remedy, "law"),
    ("NID", Kind::NonIdentifiable, ""),
    ("CUR", Kind::Purpose, "current"),
    ("ADM", Kind::Purpose, "admin"),
    ("DEV", Kind::Purpose, "develop"),
    ("TAI", Kind::Purpose, "tailoring"),
    ("PSA", Kind::Purpose, "pseudo-analysis"),
    ("PSD", Kind::Purpose, "pseudo-decision"),
    ("IVA", Kind::Purpose, "individual-analysis"),
    ("IVD", Kind::Purpose, "individual-decision"),
    ("CON", Kind::Purpose, "contact"),
    ("HIS", Kind::Purpose, "historical"),
    ("TEL", Kind::Purpose, "telemarketing"),
    ("OTP", Kind::Purpose, "other-purpose"),
    ("OUR", Kind::Recipient, "ours"),
    ("DEL", Kind::Recipient, "delivery"),
    ("SAM", Kind::Recipient, "same"),
    ("UNR", Kind::Recipient, "unrelated"),
    ("PUB", Kind::Recipient, "public"),
    ("OTR", Kind::Recipient, "other-recipient"),
    ("NOR", Kind::Retention, "no-retention"),
    ("STP", Kind::Retention, "stated-purpose"),
    ("LEG", Kind::Retention, "legal-requirement"),
    ("BUS", Kind::Retention, "business-practices"),
    ("IND", Kind::Retention, "indefinitely"),
    ("PHY", Kind::Category, "physical"),
    ("ONL", Kind::Category, "online"),
    ("UNI", Kind::Category, "uniqueid"),
    ("PUR", Kind::Category, "purchase"),
    ("FIN", Kind::Category, "financial"),
    ("COM", Kind::Category, "computer"),
    ("NAV", Kind::Category, "navigation"),
    ("INT", Kind::Category, "interactive"),
    ("DEM", Kind::Category, "demographic"),
    ("CNT", Kind::Category, "content"),
    ("STA", Kind::Category, "state"),
    ("POL", Kind::Category, "political"),
    ("HEA", Kind::Category, "health"),
    ("PRE", Kind::Category, "preference"),
    ("LOC", Kind::Category, "location"),
    ("GOV", Kind::Category, "government"),
    ("OTC", Kind::Category, "other-category"),
    ("TST", Kind::Test, ""),
];

fn lookup(token: &str) -> Option<(Kind, &'static str, &'static str)> {
    TOKENS
        .iter()
        .find(|(t, _, _)| *t == token)
        .map(|(t, k, v)| (*k, *t, *v))
}

fn token_for(kind: Kind, value: &str) -> Option<&'static str> {
    TOKENS
        .iter()
        .find(|(_, k, v)| *k == kind && *v == value)
        .map(|(t, _, _)| *t)
}

/// A header field value split into its `CP` and `policyref` parts, with the
/// byte offset of each.
fn fields(text: &str) -> (Option<(usize, &str)>, Option<String>) {
    let mut rest_start = 0;
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    if trimmed
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("p3p:"))
    {
        rest_start = lead + 4;
    }
    let mut cp = None;
    let mut policyref = None;
    let bytes = text.as_bytes();
    let mut i = rest_start;
    while i < text.len() {
        while i < text.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        let key_start = i;
        while i < text.len() && bytes[i] != b'=' && bytes[i] != b',' {
            i += 1;
        }
        let key = text[key_start..i].trim();
        if i >= text.len() || bytes[i] != b'=' {
            // A key without a value: a bare token list (`NOI DSP`), read as CP.
            if cp.is_none() && !key.is_empty() {
                cp = Some((key_start, &text[key_start..i]));
            }
            continue;
        }
        i += 1;
        while i < text.len() && bytes[i] == b' ' {
            i += 1;
        }
        let (vstart, vend);
        if i < text.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
            let q = bytes[i];
            vstart = i + 1;
            let close = memchr::memchr(q, &bytes[vstart..]).map_or(text.len(), |j| vstart + j);
            vend = close;
            i = (close + 1).min(text.len());
        } else {
            vstart = i;
            let end = memchr::memchr(b',', &bytes[i..]).map_or(text.len(), |j| i + j);
            vend = end;
            i = end;
        }
        let value = text.get(vstart..vend).unwrap_or_default();
        if key.eq_ignore_ascii_case("cp") {
            cp = Some((vstart, value));
        } else if key.eq_ignore_ascii_case("policyref") {
            policyref = Some(value.trim().to_owned());
        }
    }
    (cp, policyref)
}

fn warn(p: &mut Policy, code: &str, message: String, column: Option<u32>) {
    p.diagnostics.push(Diagnostic {
        severity: Severity::Warning,
        code: code.into(),
        message,
        line: Some(1),
        column,
        path: None,
    });
}

/// Read a compact policy into `out` (an empty policy with its source set).
pub(crate) fn read(text: &str, out: &mut Policy) {
    let (cp, policyref) = fields(text);
    if let Some(r) = policyref {
        out.metadata.links.push(Link {
            rel: "policy_ref".into(),
            href: r,
        });
    }
    let Some((offset, value)) = cp else {
        warn(
            out,
            "cp_missing",
            "no CP=\"...\" value: the header declares no compact policy".into(),
            None,
        );
        return;
    };
    let mut access = Vec::new();
    let mut disputes = false;
    let mut remedies = Vec::new();
    let mut purposes: Vec<(Purpose, Requirement, Evidence)> = Vec::new();
    let mut recipients = Vec::new();
    let mut retention = Vec::new();
    let mut categories: Vec<(DataCategory, String, Evidence)> = Vec::new();
    let mut dispute_ev = Vec::new();
    let mut any = false;
    let mut pos = 0;
    for tok in value.split_ascii_whitespace() {
        let rel = value[pos..].find(tok).map_or(pos, |i| pos + i);
        pos = rel + tok.len();
        let start = offset + rel;
        let (line, column) = crate::error::line_column(text.as_bytes(), start);
        let ev = Evidence::Text {
            span: Span::new(start, start + tok.len()),
            line,
            section: Vec::new(),
            quote: tok.to_owned(),
            source_line: None,
        };
        any = true;
        let (base, suffix) = match tok.len() {
            4 if tok.is_char_boundary(3) && matches!(&tok[3..], "a" | "i" | "o") => {
                (&tok[..3], Some(&tok[3..]))
            }
            _ => (tok, None),
        };
        let Some((kind, canonical, p3p)) = lookup(base) else {
            warn(
                out,
                "cp_unknown_token",
                format!("`{tok}` is not a compact policy token"),
                Some(column),
            );
            out.unrecognized.push(Unrecognized {
                kind: "cp_token".into(),
                name: tok.to_owned(),
                content: None,
                optional: None,
                evidence: vec![ev],
            });
            continue;
        };
        let suffix_allowed = matches!(kind, Kind::Purpose | Kind::Recipient)
            && canonical != "CUR"
            && canonical != "OUR";
        if suffix.is_some() && !suffix_allowed {
            warn(
                out,
                "cp_suffix_not_allowed",
                format!("`{tok}`: {canonical} takes no a/i/o suffix (read as {canonical})"),
                Some(column),
            );
        }
        let req = match suffix {
            Some("i") if suffix_allowed => Requirement::OptIn,
            Some("o") if suffix_allowed => Requirement::OptOut,
            _ => Requirement::Required,
        };
        match kind {
            Kind::Access => {
                if let Some(s) = mapping::access(p3p) {
                    access.push((s, ev));
                }
            }
            Kind::Disputes => {
                disputes = true;
                dispute_ev.push(ev);
            }
            Kind::Remedy => {
                if let Some(r) = mapping::remedy(p3p) {
                    remedies.push(r);
                    dispute_ev.push(ev);
                }
            }
            Kind::NonIdentifiable => out.security.push(Security {
                measure: SecurityMeasure::Deidentification,
                polarity: Polarity::Does,
                terms: vec!["NID".into()],
                evidence: vec![ev],
            }),
            Kind::Purpose => {
                if let Some(p) = mapping::purpose(p3p) {
                    purposes.push((p, req, ev));
                }
            }
            Kind::Recipient => {
                if p3p != "ours"
                    && let Some(r) = mapping::recipient(p3p)
                {
                    recipients.push((r, req, ev));
                }
            }
            Kind::Retention => {
                if let Some(k) = mapping::retention(p3p) {
                    retention.push((k, ev));
                }
            }
            Kind::Category => {
                if let Some(c) = schema().category(p3p) {
                    categories.push((c, canonical.to_owned(), ev));
                }
            }
            Kind::Test => out.metadata.test = true,
        }
    }
    if !any {
        warn(out, "cp_empty", "the compact policy is empty".into(), None);
    }
    if !remedies.is_empty() && !disputes {
        warn(
            out,
            "cp_remedies_without_disputes",
            "remedies (COR/MON/LAW) are given without DSP".into(),
            None,
        );
    }
    let mut cats: Vec<DataCategory> = categories.iter().map(|(c, _, _)| *c).collect();
    cats.sort();
    cats.dedup();
    let mut pids: Vec<Purpose> = purposes.iter().map(|(p, _, _)| *p).collect();
    pids.sort();
    pids.dedup();
    for (scope, ev) in access {
        out.rights.push(RightStatement {
            right: Right::Access,
            polarity: Polarity::Does,
            scope: Some(scope),
            mechanisms: Vec::new(),
            audiences: Vec::new(),
            evidence: vec![ev],
        });
    }
    if disputes || !remedies.is_empty() {
        out.disputes.push(Dispute {
            resolution: DisputeResolution::Unspecified,
            service: None,
            description: None,
            long_description: None,
            verification: None,
            remedies,
            evidence: dispute_ev,
        });
    }
    for (p, req, ev) in purposes {
        out.purposes.push(PurposeStatement {
            purpose: p,
            polarity: Polarity::Does,
            data: cats.clone(),
            requirement: Some(req),
            description: None,
            conditions: Vec::new(),
            evidence: vec![ev],
        });
    }
    for (r, req, ev) in recipients {
        out.sharing.push(Sharing {
            recipient: r,
            name: None,
            polarity: Polarity::Does,
            data: cats.clone(),
            purposes: pids.clone(),
            requirement: Some(req),
            description: None,
            conditions: Vec::new(),
            evidence: vec![ev],
        });
    }
    for (k, ev) in retention {
        out.retention.push(Retention {
            kind: k,
            duration: None,
            bound: None,
            data: cats.clone(),
            purposes: pids.clone(),
            evidence: vec![ev],
        });
    }
    for (c, token, ev) in categories {
        out.collection.push(Collection {
            category: c,
            polarity: Polarity::Does,
            actor: Actor::FirstParty,
            sources: Vec::new(),
            requirement: None,
            purposes: pids.clone(),
            terms: vec![token],
            conditions: Vec::new(),
            evidence: vec![ev],
        });
    }
}

fn suffix(req: Option<Requirement>) -> &'static str {
    match req {
        Some(Requirement::OptIn) => "i",
        Some(Requirement::OptOut) => "o",
        _ => "",
    }
}

/// The compact policy (`CP="..."`) that summarises `policy`.
///
/// Tokens come in the order of the specification's table; what P3P cannot
/// express (purposes without a P3P value, statements of what is *not* done)
/// is left out, and unknown tokens read from a compact policy are written
/// back as they were, unless they could not be read back as one token (a
/// control character, space or quote in them).
pub(crate) fn to_compact(policy: &Policy) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !tokens.contains(&t) {
            tokens.push(t);
        }
    };
    let mut scopes: Vec<_> = policy
        .rights
        .iter()
        .filter(|r| r.right == Right::Access && r.polarity.is_does())
        .filter_map(|r| r.scope)
        .collect();
    scopes.sort();
    scopes.dedup();
    for s in scopes {
        if let Some(t) = crate::vocab::lookup("AccessScope", s.as_str())
            .and_then(|e| e.p3p.as_deref())
            .and_then(|v| token_for(Kind::Access, v))
        {
            push(t.into());
        }
    }
    if !policy.disputes.is_empty() {
        push("DSP".into());
    }
    let mut remedies: Vec<_> = policy
        .disputes
        .iter()
        .flat_map(|d| d.remedies.iter().copied())
        .collect();
    remedies.sort();
    remedies.dedup();
    for r in remedies {
        if let Some(t) = token_for(Kind::Remedy, r.as_str()) {
            push(t.into());
        }
    }
    if policy
        .security
        .iter()
        .any(|s| s.measure == SecurityMeasure::Deidentification && s.polarity.is_does())
    {
        push("NID".into());
    }
    let p3p = |vocab: &str, id: &str| crate::vocab::lookup(vocab, id).and_then(|e| e.p3p.clone());
    let mut purposes: Vec<_> = policy
        .purposes
        .iter()
        .filter(|p| p.polarity.is_does())
        .collect();
    purposes.sort_by_key(|p| {
        p3p("Purpose", p.purpose.as_str()).and_then(|v| {
            TOKENS
                .iter()
                .position(|(_, k, x)| *k == Kind::Purpose && *x == v)
        })
    });
    for p in purposes {
        if let Some(t) =
            p3p("Purpose", p.purpose.as_str()).and_then(|v| token_for(Kind::Purpose, &v))
        {
            let s = if t == "CUR" {
                ""
            } else {
                suffix(p.requirement)
            };
            push(format!("{t}{s}"));
        }
    }
    push("OUR".into());
    let mut sharing: Vec<_> = policy
        .sharing
        .iter()
        .filter(|s| s.polarity.is_does())
        .collect();
    sharing.sort_by_key(|s| {
        p3p("RecipientKind", s.recipient.as_str()).and_then(|v| {
            TOKENS
                .iter()
                .position(|(_, k, x)| *k == Kind::Recipient && *x == v)
        })
    });
    for s in sharing {
        if let Some(t) =
            p3p("RecipientKind", s.recipient.as_str()).and_then(|v| token_for(Kind::Recipient, &v))
        {
            push(format!("{t}{}", suffix(s.requirement)));
        }
    }
    let mut kinds: Vec<_> = policy.retention.iter().map(|r| r.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut ret: Vec<&str> = kinds
        .iter()
        .filter_map(|k| {
            p3p("RetentionKind", k.as_str()).and_then(|v| token_for(Kind::Retention, &v))
        })
        .collect();
    ret.sort_by_key(|t| TOKENS.iter().position(|(x, _, _)| x == t));
    for t in ret {
        push(t.into());
    }
    let mut cats: Vec<&str> = policy
        .collection
        .iter()
        .filter(|c| c.polarity.is_does())
        .filter_map(|c| {
            let v = schema()
                .category_token(c.category)
                .map(str::to_owned)
                .or_else(|| p3p("DataCategory", c.category.as_str()))?;
            token_for(Kind::Category, &v)
        })
        .collect();
    cats.sort_by_key(|t| TOKENS.iter().position(|(x, _, _)| x == t));
    for t in cats {
        push(t.into());
    }
    if policy.metadata.test {
        push("TST".into());
    }
    let writable = |t: &str| {
        !t.is_empty()
            && !t
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '"')
    };
    for u in policy.unrecognized.iter().filter(|u| u.kind == "cp_token") {
        if writable(&u.name) {
            push(u.name.clone());
        }
    }
    let cp = format!("CP=\"{}\"", tokens.join(" "));
    let policy_ref = policy
        .metadata
        .links
        .iter()
        .find(|l| l.rel == "policy_ref" && writable(&l.href));
    match policy_ref {
        Some(l) => format!("policyref=\"{}\", {cp}", l.href),
        None => cp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn parse(s: &str) -> Policy {
        let mut p = Policy::new(Source::default());
        read(s, &mut p);
        p.canonicalize();
        p
    }

    #[test]
    fn reads_tokens_and_suffixes() {
        let p = parse(
            "P3P: policyref=\"/w3c/p3p.xml\", CP=\"NOI DSP COR CURa ADMa DEVi TAIo OUR SAMo IND PHY ONL TST XYZ\"",
        );
        assert_eq!(p.metadata.links[0].href, "/w3c/p3p.xml");
        assert!(p.metadata.test);
        assert_eq!(
            p.rights[0].scope,
            Some(crate::model::AccessScope::NonIdentified)
        );
        let dev = p
            .purposes
            .iter()
            .find(|x| x.purpose == Purpose::Improvement)
            .unwrap();
        assert_eq!(dev.requirement, Some(Requirement::OptIn));
        assert_eq!(p.sharing[0].requirement, Some(Requirement::OptOut));
        assert_eq!(p.collection.len(), 2);
        assert_eq!(p.unrecognized[0].name, "XYZ");
        assert!(
            p.diagnostics
                .iter()
                .any(|d| d.code == "cp_suffix_not_allowed")
        );
        assert!(p.diagnostics.iter().any(|d| d.code == "cp_unknown_token"));
        let cp = to_compact(&p);
        assert_eq!(
            cp,
            "policyref=\"/w3c/p3p.xml\", CP=\"NOI DSP COR NID CUR ADM DEVi TAIo OUR SAMo IND PHY ONL TST XYZ\""
                .replace("NID ", "")
        );
        for ev in p.evidence() {
            if let (_, Evidence::Text { span, quote, .. }) = ev {
                let src = "P3P: policyref=\"/w3c/p3p.xml\", CP=\"NOI DSP COR CURa ADMa DEVi TAIo OUR SAMo IND PHY ONL TST XYZ\"";
                assert_eq!(&src[span.start..span.end], quote);
            }
        }
    }

    #[test]
    fn odd_headers() {
        assert_eq!(parse("CP=CAO PSA OUR").purposes.len(), 1);
        assert!(
            parse("CP=\"\"")
                .diagnostics
                .iter()
                .any(|d| d.code == "cp_empty")
        );
        assert_eq!(parse("P3P:CP=\"NOI\"").rights.len(), 1);
        assert!(
            parse("policyref=\"x\"")
                .diagnostics
                .iter()
                .any(|d| d.code == "cp_missing")
        );
        assert_eq!(parse("CP=\"간략방침기호\"").unrecognized.len(), 1);
    }

    /// Found by the compact_policy fuzz target: a header starting with a
    /// multi-byte character panicked (the `P3P:` prefix test sliced it).
    #[test]
    fn multibyte_start_is_read_without_a_panic() {
        for h in ["挩ec)scec", "é", "abé:CP=\"NOI\"", "P3Pé"] {
            let _ = parse(h);
        }
        assert_eq!(parse("p3p: CP=\"NOI\"").rights.len(), 1);
    }

    /// Found by the compact_policy fuzz target: unknown tokens with control
    /// characters were written back, and the compact form was then refused
    /// as binary. Only tokens that read back as one token are written.
    #[test]
    fn unknown_tokens_are_written_back_only_when_well_formed() {
        let p = parse("CP=\"NOI XYZ PSD\u{3}\u{3} HCP=\"");
        assert!(p.unrecognized.iter().any(|u| u.name.contains('\u{3}')));
        let cp = to_compact(&p);
        assert!(cp.contains("XYZ") && !cp.contains('\u{3}'), "{cp}");
        assert!(crate::import_compact_policy(&cp).is_ok(), "{cp}");
    }
}
