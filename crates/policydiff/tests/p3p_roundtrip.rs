//! P3P round trip: import → export → import gives the same model, on
//! generated policies (proptest) and on the shared corpus files whose export
//! is complete.

#![allow(clippy::format_push_string)]

use policydiff::{Format, ImportOptions, Policy};
use proptest::prelude::*;

/// The model without evidence, source and diagnostics (what export can keep).
fn semantic(p: &Policy) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap();
    strip(&mut v);
    v["metadata"].as_object_mut().unwrap().remove("source");
    v.as_object_mut().unwrap().remove("diagnostics");
    if let Some(u) = v.get_mut("unrecognized").and_then(|u| u.as_array_mut()) {
        u.sort_by_key(std::string::ToString::to_string);
    }
    v
}

fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("evidence");
            m.values_mut().for_each(strip);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

fn round_trip(p1: &Policy) -> (Policy, policydiff::p3p::ExportResult) {
    let ex = policydiff::p3p::export_p3p(p1);
    let p2 =
        policydiff::import_p3p(ex.xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{}", ex.xml));
    (p2, ex)
}

const PURPOSES: [&str; 12] = [
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
const RECIPIENTS: [&str; 6] = [
    "ours",
    "delivery",
    "same",
    "other-recipient",
    "unrelated",
    "public",
];
const RETENTIONS: [&str; 5] = [
    "no-retention",
    "stated-purpose",
    "legal-requirement",
    "business-practices",
    "indefinitely",
];
const CATEGORIES: [&str; 17] = [
    "physical",
    "online",
    "uniqueid",
    "purchase",
    "financial",
    "computer",
    "navigation",
    "interactive",
    "demographic",
    "content",
    "state",
    "political",
    "health",
    "preference",
    "location",
    "government",
    "other-category",
];
const REFS: [&str; 14] = [
    "#user.name",
    "#user.name.given",
    "#user.bdate",
    "#user.home-info.online.email",
    "#user.home-info.postal",
    "#user.business-info.telecom.telephone",
    "#user.login.id",
    "#user.gender",
    "#user.jobtitle",
    "#thirdparty.name",
    "#dynamic.clickstream",
    "#dynamic.http.useragent",
    "#dynamic.searchtext",
    "#dynamic.clickstream.clientip.fullip",
];
const VARIABLE: [&str; 3] = [
    "#dynamic.cookies",
    "#dynamic.miscdata",
    "#newschema.shoe-size",
];
const REQUIRED: [&str; 4] = ["", "always", "opt-in", "opt-out"];
const ACCESS: [&str; 6] = [
    "nonident",
    "all",
    "contact-and-other",
    "ident-contact",
    "other-ident",
    "none",
];

#[derive(Debug, Clone)]
struct Gen {
    access: usize,
    test: bool,
    disputes: Vec<(usize, Vec<usize>)>,
    statements: Vec<GenStatement>,
}

#[derive(Debug, Clone)]
struct GenStatement {
    consequence: Option<u8>,
    purposes: Vec<(usize, usize)>,
    recipients: Vec<(usize, usize, bool)>,
    retention: usize,
    data: Vec<(usize, bool, Vec<usize>)>,
    nonident: bool,
}

fn statement() -> impl Strategy<Value = GenStatement> {
    (
        proptest::option::of(0u8..3),
        proptest::collection::vec((0..12usize, 0..4usize), 1..4),
        proptest::collection::vec((0..6usize, 0..4usize, any::<bool>()), 1..3),
        0..5usize,
        proptest::collection::vec(
            (
                0..17usize,
                any::<bool>(),
                proptest::collection::vec(0..17usize, 1..3),
            ),
            1..4,
        ),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(consequence, purposes, recipients, retention, data, nonident)| GenStatement {
                consequence,
                purposes,
                recipients,
                retention,
                data,
                nonident,
            },
        )
}

fn policy() -> impl Strategy<Value = Gen> {
    (
        0..6usize,
        any::<bool>(),
        proptest::collection::vec(
            (0..4usize, proptest::collection::vec(0..3usize, 0..3)),
            0..3,
        ),
        proptest::collection::vec(statement(), 1..5),
    )
        .prop_map(|(access, test, disputes, statements)| Gen {
            access,
            test,
            disputes,
            statements,
        })
}

fn xml(g: &Gen) -> String {
    let mut s = String::from(
        "<POLICIES xmlns=\"http://www.w3.org/2002/01/P3Pv1\"><EXPIRY max-age=\"86400\"/>\n<POLICY name=\"gen\" discuri=\"/privacy\" opturi=\"/optout\" xml:lang=\"en\">",
    );
    if g.test {
        s.push_str("<TEST/>");
    }
    s.push_str("<ENTITY><DATA-GROUP><DATA ref=\"#business.name\">Gen &amp; Co</DATA><DATA ref=\"#business.contact-info.online.email\">p@gen.example</DATA></DATA-GROUP></ENTITY>");
    s.push_str(&format!("<ACCESS><{}/></ACCESS>", ACCESS[g.access]));
    if !g.disputes.is_empty() {
        s.push_str("<DISPUTES-GROUP>");
        for (i, (t, rem)) in g.disputes.iter().enumerate() {
            s.push_str(&format!(
                "<DISPUTES resolution-type=\"{}\" service=\"https://d{i}.example\" short-description=\"d{i}\">",
                ["service", "independent", "court", "law"][*t]
            ));
            if !rem.is_empty() {
                s.push_str("<REMEDIES>");
                for r in rem {
                    s.push_str(&format!("<{}/>", ["correct", "money", "law"][*r]));
                }
                s.push_str("</REMEDIES>");
            }
            s.push_str("</DISPUTES>");
        }
        s.push_str("</DISPUTES-GROUP>");
    }
    for st in &g.statements {
        s.push_str("\n<STATEMENT>");
        if let Some(c) = st.consequence {
            s.push_str(&format!("<CONSEQUENCE>Consequence {c}.</CONSEQUENCE>"));
        }
        if st.nonident {
            s.push_str("<NON-IDENTIFIABLE/>");
        } else {
            s.push_str("<PURPOSE>");
            for (p, r) in &st.purposes {
                let req = if REQUIRED[*r].is_empty() || PURPOSES[*p] == "current" {
                    String::new()
                } else {
                    format!(" required=\"{}\"", REQUIRED[*r])
                };
                if PURPOSES[*p] == "other-purpose" {
                    s.push_str(&format!(
                        "<other-purpose{req}>something else</other-purpose>"
                    ));
                } else {
                    s.push_str(&format!("<{}{req}/>", PURPOSES[*p]));
                }
            }
            s.push_str("</PURPOSE><RECIPIENT>");
            for (r, q, desc) in &st.recipients {
                let req = if REQUIRED[*q].is_empty() || RECIPIENTS[*r] == "ours" {
                    String::new()
                } else {
                    format!(" required=\"{}\"", REQUIRED[*q])
                };
                if *desc && RECIPIENTS[*r] != "ours" {
                    s.push_str(&format!(
                        "<{0}{req}><recipient-description>the {0}</recipient-description></{0}>",
                        RECIPIENTS[*r]
                    ));
                } else {
                    s.push_str(&format!("<{}{req}/>", RECIPIENTS[*r]));
                }
            }
            s.push_str(&format!(
                "</RECIPIENT><RETENTION><{}/></RETENTION>",
                RETENTIONS[st.retention]
            ));
        }
        s.push_str("<DATA-GROUP>");
        for (d, optional, cats) in &st.data {
            let opt = if *optional { " optional=\"yes\"" } else { "" };
            if *d < REFS.len() {
                s.push_str(&format!("<DATA ref=\"{}\"{opt}/>", REFS[*d]));
            } else {
                s.push_str(&format!(
                    "<DATA ref=\"{}\"{opt}><CATEGORIES>",
                    VARIABLE[*d - REFS.len()]
                ));
                for c in cats {
                    s.push_str(&format!("<{}/>", CATEGORIES[*c]));
                }
                s.push_str("</CATEGORIES></DATA>");
            }
        }
        s.push_str("</DATA-GROUP></STATEMENT>");
    }
    s.push_str("<EXTENSION optional=\"yes\"><GROUP-INFO xmlns=\"http://example.com/ext\" name=\"g\"/></EXTENSION>");
    s.push_str("</POLICY></POLICIES>");
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn generated_policies_round_trip(g in policy()) {
        let doc = xml(&g);
        let p1 = policydiff::import_p3p(doc.as_bytes()).unwrap();
        let (p2, ex) = round_trip(&p1);
        prop_assert!(ex.unsupported.is_empty(), "{:?}\n{doc}", ex.unsupported);
        prop_assert_eq!(semantic(&p1), semantic(&p2), "{}\n---\n{}", doc, ex.xml);
        // The exported document is itself valid P3P apart from what the
        // source lacked.
        let (p3, _) = round_trip(&p2);
        prop_assert_eq!(semantic(&p2), semantic(&p3));
    }
}

#[test]
fn corpus_files_with_complete_export_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/p3p");
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} not found", dir.display());
        return;
    }
    let mut complete = 0;
    let mut total = 0;
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|x| x != "xml") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let p1 = policydiff::import_bytes(&bytes, &ImportOptions::new().format(Format::P3p))
                .unwrap();
            let (p2, ex) = round_trip(&p1);
            total += 1;
            if ex.unsupported.is_empty() {
                complete += 1;
                assert_eq!(semantic(&p1), semantic(&p2), "{}", path.display());
            }
        }
    }
    eprintln!("{complete} of {total} corpus files export completely and round-trip");
    assert!(complete >= 50, "{complete}");
}

#[test]
fn compact_round_trip_of_an_exported_policy() {
    let p = policydiff::import_compact_policy(
        "CP=\"CAO DSP COR LAW CURa ADMa DEVo PSAi OUR SAMo DELi IND PHY ONL NAV TST\"",
    )
    .unwrap();
    let cp = policydiff::p3p::to_compact_policy(&p);
    let (p2, ex) = round_trip(&p);
    assert!(ex.unsupported.is_empty(), "{:?}", ex.unsupported);
    assert_eq!(policydiff::p3p::to_compact_policy(&p2), cp);
}
