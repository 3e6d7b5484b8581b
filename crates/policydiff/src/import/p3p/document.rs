//! The P3P document, element by element: plain structs that follow the
//! specification's elements (POLICIES, POLICY, STATEMENT, DATA, ...), and the
//! specification's vocabularies. [`super::export`] builds these structs from
//! a model and writes them as XML; importing reads the element tree directly
//! ([`super::mapping`]), without building them.

/// Position of an element: path, line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    pub path: String,
    pub line: u32,
    pub column: u32,
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

/// Collapse runs of whitespace to one space and trim.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // The same words as `split_whitespace`, without decoding characters:
        // the ASCII characters that are Unicode white space.
        let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !is_space(bytes[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
        return out;
    }
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::collapse;

    #[test]
    fn collapse_matches_split_whitespace() {
        for s in [
            "",
            "   ",
            "a",
            "  a  b\t\tc\n",
            "a\x0Bb\x0Cc\rd",
            "caf\u{e9}  au\u{a0}lait\u{2003}x ",
            "\u{85}a\u{85}",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(s), want, "{s:?}");
        }
    }
}
