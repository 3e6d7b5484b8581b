//! Checks a P3P document against the specification: required elements and
//! attributes, vocabulary, nesting, namespaces, data references.
//!
//! The content models below follow the P3P 1.0 Recommendation's schema
//! (section 3 and appendix 2) and the policy reference file syntax
//! (section 2.3). Everything here is a *violation* (a warning): the importer
//! still reads the document; `policydiff validate --strict` turns them into
//! errors.

use super::base_schema::{CATEGORIES, schema};
use super::document::{
    ACCESS, P3P_NAMESPACES, P3P11_NAMESPACES, PURPOSES, RECIPIENTS, REMEDIES, REQUIRED,
    RESOLUTIONS, RETENTIONS,
};
use super::tag::{Tag, Tags};
use super::xml::{Element, same};

/// One way a document departs from the P3P specification.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Violation {
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    pub column: u32,
    /// A stable code: `p3p_missing_element`, `p3p_unknown_value`, ...
    pub code: String,
    /// One line for humans.
    pub message: String,
    /// Element path.
    pub path: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {} [{}] ({})",
            self.line, self.column, self.message, self.code, self.path
        )
    }
}

/// Content model of an element: (allowed children, required children,
/// required attributes).
struct Model {
    children: Tags,
    required: &'static [Tag],
    attrs: &'static [&'static str],
    /// Values-only element (PURPOSE, ...): its allowed vocabulary.
    values: Option<&'static [&'static str]>,
    /// Text content allowed.
    text: bool,
}

const fn m(children: &[Tag], required: &'static [Tag], attrs: &'static [&'static str]) -> Model {
    Model {
        children: Tags::of(children),
        required,
        attrs,
        values: None,
        text: false,
    }
}

const fn v(values: &'static [&'static str]) -> Model {
    Model {
        children: Tags::of(&[Tag::Extension]),
        required: &[],
        attrs: &[],
        values: Some(values),
        text: false,
    }
}

const fn t(attrs: &'static [&'static str]) -> Model {
    Model {
        children: Tags::of(&[]),
        required: &[],
        attrs,
        values: None,
        text: true,
    }
}

/// The content model of each P3P element, by tag.
fn model(tag: Tag) -> Option<&'static Model> {
    use Tag as T;
    static META: Model = m(&[T::PolicyReferences, T::Policies, T::Extension], &[], &[]);
    static POLICY_REFERENCES: Model =
        m(&[T::Expiry, T::PolicyRef, T::Hint, T::Extension], &[], &[]);
    static POLICY_REF: Model = m(
        &[
            T::Include,
            T::Exclude,
            T::CookieInclude,
            T::CookieExclude,
            T::Method,
            T::Extension,
        ],
        &[],
        &["about"],
    );
    static PATTERN: Model = t(&[]);
    static EMPTY: Model = m(&[], &[], &[]);
    static HINT: Model = m(&[], &[], &["scope", "path"]);
    static POLICIES: Model = m(
        &[T::Expiry, T::Dataschema, T::Policy, T::Extension],
        &[],
        &[],
    );
    static DATASCHEMA: Model = m(&[T::DataDef, T::DataStruct, T::Extension], &[], &[]);
    static DEF: Model = m(
        &[T::Categories, T::LongDescription, T::Extension],
        &[],
        &["name"],
    );
    static POLICY: Model = m(
        &[
            T::Extension,
            T::Test,
            T::Entity,
            T::Access,
            T::DisputesGroup,
            T::Statement,
        ],
        &[T::Entity, T::Access, T::Statement],
        &["name", "discuri"],
    );
    static ENTITY: Model = m(&[T::DataGroup, T::Extension], &[T::DataGroup], &[]);
    static ACCESS_VALUES: Model = v(&ACCESS);
    static DISPUTES_GROUP: Model = m(&[T::Disputes, T::Extension], &[T::Disputes], &[]);
    static DISPUTES: Model = m(
        &[T::LongDescription, T::Img, T::Remedies, T::Extension],
        &[],
        &["resolution-type", "service"],
    );
    static TEXT: Model = t(&[]);
    static IMG: Model = m(&[], &[], &["src", "alt"]);
    static REMEDY_VALUES: Model = v(&REMEDIES);
    static STATEMENT: Model = m(
        &[
            T::Consequence,
            T::NonIdentifiable,
            T::Purpose,
            T::Recipient,
            T::Retention,
            T::DataGroup,
            T::Extension,
        ],
        &[T::DataGroup],
        &[],
    );
    static PURPOSE_VALUES: Model = v(&PURPOSES);
    static RECIPIENT_VALUES: Model = v(&RECIPIENTS);
    static RETENTION_VALUES: Model = v(&RETENTIONS);
    static DATA_GROUP: Model = m(&[T::Data, T::Extension], &[T::Data], &[]);
    static DATA: Model = Model {
        children: Tags::of(&[T::Categories]),
        required: &[],
        attrs: &["ref"],
        values: None,
        text: true,
    };
    static CATEGORY_VALUES: Model = v(&CATEGORIES);
    Some(match tag {
        T::Meta => &META,
        T::PolicyReferences => &POLICY_REFERENCES,
        T::PolicyRef => &POLICY_REF,
        T::Include | T::Exclude | T::Method => &PATTERN,
        T::CookieInclude | T::CookieExclude | T::Expiry | T::Test | T::NonIdentifiable => &EMPTY,
        T::Hint => &HINT,
        T::Policies => &POLICIES,
        T::Dataschema => &DATASCHEMA,
        T::DataDef | T::DataStruct => &DEF,
        T::Policy => &POLICY,
        T::Entity => &ENTITY,
        T::Access => &ACCESS_VALUES,
        T::DisputesGroup => &DISPUTES_GROUP,
        T::Disputes => &DISPUTES,
        T::LongDescription | T::Consequence => &TEXT,
        T::Img => &IMG,
        T::Remedies => &REMEDY_VALUES,
        T::Statement => &STATEMENT,
        T::Purpose => &PURPOSE_VALUES,
        T::Recipient => &RECIPIENT_VALUES,
        T::Retention => &RETENTION_VALUES,
        T::DataGroup => &DATA_GROUP,
        T::Data => &DATA,
        T::Categories => &CATEGORY_VALUES,
        T::Extension | T::Other => return None,
    })
}

const HTTP_METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT",
];

struct Checker<'a> {
    out: Vec<Violation>,
    defs: Vec<&'a str>,
    embedded: Vec<&'a str>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, e: Element<'_>, code: &str, message: String) {
        self.out.push(Violation {
            line: e.line(),
            column: e.column(),
            code: code.into(),
            message,
            path: e.path(),
        });
    }

    fn check_ns(&mut self, e: Element<'_>, root: bool) {
        match e.ns() {
            None if root => self.push(
                e,
                "p3p_no_namespace",
                format!(
                    "<{}> has no namespace; P3P 1.0 uses xmlns=\"{}\"",
                    e.name(),
                    P3P_NAMESPACES[0]
                ),
            ),
            None => {}
            Some(ns) if ns == P3P_NAMESPACES[0] => {}
            Some(ns) if P3P_NAMESPACES.contains(&ns) => self.push(
                e,
                "p3p_draft_namespace",
                format!(
                    "namespace {ns} is a pre-Recommendation draft's; P3P 1.0 uses {}",
                    P3P_NAMESPACES[0]
                ),
            ),
            Some(ns) => self.push(
                e,
                "p3p_wrong_namespace",
                format!(
                    "<{}> is in namespace {ns}, which is not P3P's ({})",
                    e.name(),
                    P3P_NAMESPACES[0]
                ),
            ),
        }
    }

    fn walk(&mut self, e: Element<'a>, parent: Option<Element<'a>>) {
        if e.tag() == Tag::Extension {
            self.extension(e);
            return;
        }
        let Some(cm) = model(e.tag()) else {
            let parent_name = parent.map_or("", |p| p.name());
            self.push(
                e,
                "p3p_unknown_element",
                format!(
                    "<{}> is not a P3P element (inside <{parent_name}>); kept as unrecognized",
                    e.name()
                ),
            );
            return;
        };
        if let Some(ns) = e.ns()
            && parent.is_some_and(|p| !p.same_ns(&e))
            && !P3P_NAMESPACES.contains(&ns)
        {
            self.push(
                e,
                "p3p_wrong_namespace",
                format!("<{}> is in namespace {ns}, not P3P's", e.name()),
            );
        }
        for a in cm.attrs {
            if e.attr(a).is_none_or(|v| v.trim().is_empty()) {
                self.push(
                    e,
                    "p3p_missing_attribute",
                    format!("<{}> lacks the required attribute `{a}`", e.name()),
                );
            }
        }
        for &r in cm.required {
            if e.child_tagged(r).is_none() {
                self.push(
                    e,
                    "p3p_missing_element",
                    format!("<{}> lacks a required <{}>", e.name(), r.name()),
                );
            }
        }
        if !cm.text && e.trimmed_text().is_some() {
            let sample: String = e.text().trim().chars().take(40).collect();
            self.push(
                e,
                "p3p_stray_text",
                format!("text `{sample}` is not allowed inside <{}>", e.name()),
            );
        }
        if let Some(values) = cm.values {
            self.values(e, values);
        } else {
            for c in e.children() {
                let tag = c.tag();
                // Unknown elements are reported when they are walked.
                if !cm.children.has(tag) && model(tag).is_some() {
                    self.push(
                        c,
                        "p3p_wrong_nesting",
                        format!("<{}> is not allowed inside <{}>", c.name(), e.name()),
                    );
                }
            }
        }
        self.specific(e, parent);
        if cm.values.is_none() {
            for c in e.children() {
                self.walk(c, Some(e));
            }
        }
    }

    fn values(&mut self, e: Element<'_>, allowed: &[&str]) {
        let mut n = 0;
        for c in e.children() {
            if c.tag() == Tag::Extension {
                self.extension(c);
                continue;
            }
            n += 1;
            if !allowed.iter().any(|a| same(a, c.name())) {
                self.push(
                    c,
                    "p3p_unknown_value",
                    format!(
                        "`{}` is not a value of <{}> (expected one of: {})",
                        c.name(),
                        e.name(),
                        allowed.join(", ")
                    ),
                );
                continue;
            }
            if let Some(req) = c.attr("required") {
                let allowed_here = matches!(e.tag(), Tag::Purpose | Tag::Recipient)
                    && c.name() != "current"
                    && c.name() != "ours";
                if !allowed_here {
                    self.push(
                        c,
                        "p3p_misplaced_attribute",
                        format!("`required` is not allowed on <{}>", c.name()),
                    );
                } else if !REQUIRED.iter().any(|r| same(r, req.trim())) {
                    self.push(
                        c,
                        "p3p_unknown_value",
                        format!("required=\"{req}\" is not one of always, opt-in, opt-out"),
                    );
                }
            }
            let text_ok = matches!(c.name(), "other-purpose" | "other-category");
            if !text_ok && c.trimmed_text().is_some() {
                self.push(
                    c,
                    "p3p_stray_text",
                    format!("text is not allowed inside <{}>", c.name()),
                );
            }
            for cc in c.children() {
                if !(cc.name() == "recipient-description" && e.name() == "RECIPIENT") {
                    self.push(
                        cc,
                        "p3p_wrong_nesting",
                        format!("<{}> is not allowed inside <{}>", cc.name(), c.name()),
                    );
                }
            }
        }
        if n == 0 {
            self.push(
                e,
                "p3p_missing_element",
                format!("<{}> must contain at least one value", e.name()),
            );
        }
        if matches!(e.tag(), Tag::Access | Tag::Retention) && n > 1 {
            self.push(
                e,
                "p3p_too_many_values",
                format!("<{}> takes exactly one value, found {n}", e.name()),
            );
        }
    }

    fn extension(&mut self, e: Element<'_>) {
        if let Some(o) = e.attr("optional")
            && o != "yes"
            && o != "no"
        {
            self.push(
                e,
                "p3p_unknown_value",
                format!("optional=\"{o}\" must be yes or no"),
            );
        }
        if e.attr("optional") == Some("no") {
            let name = e.first_child().map_or("EXTENSION", |c| c.name());
            let known = e
                .first_child()
                .and_then(|c| c.ns())
                .is_some_and(|ns| P3P11_NAMESPACES.contains(&ns));
            if !known {
                self.push(
                    e,
                    "p3p_mandatory_extension",
                    format!("mandatory extension <{name}> (optional=\"no\") is not understood; a P3P user agent must not rely on this policy"),
                );
            }
        }
    }

    fn specific(&mut self, e: Element<'a>, parent: Option<Element<'_>>) {
        match e.tag() {
            Tag::Statement => {
                let nonident = e.child_tagged(Tag::NonIdentifiable).is_some();
                if !nonident {
                    for r in [Tag::Purpose, Tag::Recipient, Tag::Retention] {
                        if e.child_tagged(r).is_none() {
                            self.push(
                                e,
                                "p3p_missing_element",
                                format!("<STATEMENT> lacks a required <{}>", r.name()),
                            );
                        }
                    }
                }
            }
            Tag::NonIdentifiable if e.trimmed_text().is_some() => {
                self.push(
                    e,
                    "p3p_stray_text",
                    "text is not allowed inside <NON-IDENTIFIABLE>".into(),
                );
            }
            Tag::Data => self.data(e, parent),
            Tag::Expiry if e.attr("max-age").is_none() && e.attr("date").is_none() => {
                self.push(
                    e,
                    "p3p_missing_attribute",
                    "<EXPIRY> needs `max-age` or `date`".into(),
                );
            }
            Tag::Disputes => {
                if let Some(r) = e.attr("resolution-type")
                    && !RESOLUTIONS.contains(&r.trim())
                {
                    self.push(
                        e,
                        "p3p_unknown_value",
                        format!(
                            "resolution-type=\"{r}\" is not one of {}",
                            RESOLUTIONS.join(", ")
                        ),
                    );
                }
            }
            Tag::Include | Tag::Exclude => {
                let v = e.text().trim();
                if v.is_empty() {
                    self.push(e, "p3p_missing_value", format!("<{}> is empty", e.name()));
                } else if !v.starts_with('/') {
                    self.push(
                        e,
                        "p3p_bad_pattern",
                        format!(
                            "<{}>{v}</{}> is not a local URI pattern starting with `/`",
                            e.name(),
                            e.name()
                        ),
                    );
                }
            }
            Tag::CookieInclude | Tag::CookieExclude if e.trimmed_text().is_some() => {
                self.push(
                    e,
                    "p3p_pre_recommendation_syntax",
                    format!("<{}> with text content is pre-Recommendation syntax; use name/value/domain/path attributes", e.name()),
                );
            }
            Tag::Method => {
                let v = e.text().trim();
                if !HTTP_METHODS.contains(&v) {
                    self.push(
                        e,
                        "p3p_unknown_value",
                        format!("`{v}` is not an HTTP method"),
                    );
                }
            }
            Tag::PolicyRef => {
                if let Some(frag) = e.attr("about").and_then(|a| a.strip_prefix('#'))
                    && !self.embedded.is_empty()
                    && !self.embedded.contains(&frag)
                {
                    self.push(
                        e,
                        "p3p_dangling_reference",
                        format!("about=\"#{frag}\" names no POLICY in this file"),
                    );
                } else if let Some(frag) = e.attr("about").and_then(|a| a.strip_prefix('#'))
                    && self.embedded.is_empty()
                {
                    self.push(
                        e,
                        "p3p_dangling_reference",
                        format!("about=\"#{frag}\" refers to this file, which embeds no POLICIES"),
                    );
                }
            }
            _ => {}
        }
    }

    fn data(&mut self, e: Element<'_>, parent: Option<Element<'_>>) {
        let Some(r) = e.attr("ref") else {
            return;
        };
        let bare = r.trim().trim_start_matches('#');
        if let Some(o) = e.attr("optional")
            && o != "yes"
            && o != "no"
        {
            self.push(
                e,
                "p3p_unknown_value",
                format!("optional=\"{o}\" must be yes or no"),
            );
        }
        let in_statement = parent.is_some_and(|g| {
            g.self_and_ancestors()
                .any(|a| a.name().starts_with("STATEMENT"))
        });
        let has_categories = e.child_tagged(Tag::Categories).is_some();
        let s = schema();
        let node = s.get(bare);
        let defined = self.defs.contains(&bare);
        match node {
            Some(n) if n.variable && !has_categories && in_statement => self.push(
                e,
                "p3p_missing_categories",
                format!("#{bare} is variable-category data: the policy must list its CATEGORIES"),
            ),
            Some(n) => {
                if has_categories && !n.variable && in_statement {
                    let given: Vec<&str> = e
                        .child_tagged(Tag::Categories)
                        .map(|c| c.children().map(|x| x.name()).collect())
                        .unwrap_or_default();
                    if given.iter().any(|g| !n.categories.contains(g)) {
                        self.push(
                            e,
                            "p3p_fixed_categories",
                            format!(
                                "#{bare} has fixed categories ({}); the CATEGORIES given are ignored",
                                n.categories.join(", ")
                            ),
                        );
                    }
                }
                if defined {
                    self.push(
                        e,
                        "p3p_redefined_base_data",
                        format!("the DATASCHEMA redefines base data element #{bare}"),
                    );
                }
            }
            None if !r.trim().starts_with('#') && r.contains('#') => {}
            None if defined || has_categories => {}
            None => self.push(
                e,
                "p3p_unknown_data_ref",
                format!("`{r}` is not in the base data schema nor in a DATASCHEMA of this file"),
            ),
        }
        if e.trimmed_text().is_some() {
            if in_statement {
                self.push(
                    e,
                    "p3p_stray_text",
                    format!("a value is not allowed on DATA {r} inside a STATEMENT"),
                );
            } else if s.is_structure(bare) {
                self.push(
                    e,
                    "p3p_structured_value",
                    format!("{r} is a structure; values go on its fields"),
                );
            }
        }
    }
}

/// Names of the outermost `DATA-DEF` / `DATA-STRUCT` elements.
fn collect_defs<'a>(root: Element<'a>, out: &mut Vec<&'a str>) {
    let mut scan = root.scan();
    while let Some(e) = scan.next() {
        if matches!(e.tag(), Tag::DataDef | Tag::DataStruct) {
            if let Some(n) = e.attr("name") {
                out.push(n.trim());
            }
            scan.skip_inside(e);
        }
    }
}

/// Names of the outermost `POLICY` elements.
fn collect_policies<'a>(root: Element<'a>, out: &mut Vec<&'a str>) {
    let mut scan = root.scan();
    while let Some(e) = scan.next() {
        if e.tag() == Tag::Policy {
            if let Some(n) = e.attr("name") {
                out.push(n);
            }
            scan.skip_inside(e);
        }
    }
}

/// Check a parsed document. The root must already be known to be P3P.
pub(crate) fn check(root: Element<'_>) -> Vec<Violation> {
    let mut c = Checker {
        out: Vec::new(),
        defs: Vec::new(),
        embedded: Vec::new(),
    };
    collect_defs(root, &mut c.defs);
    collect_policies(root, &mut c.embedded);
    c.check_ns(root, true);
    if root.tag() == Tag::Policy {
        c.push(
            root,
            "p3p_bare_policy",
            "the root is a bare <POLICY>; P3P 1.0 wraps policies in <POLICIES>".into(),
        );
    }
    if root.tag() == Tag::Policies && root.child_tagged(Tag::Policy).is_none() {
        c.push(
            root,
            "p3p_missing_element",
            "<POLICIES> contains no <POLICY>".into(),
        );
    }
    // A policy name must be unique within its POLICIES.
    let mut names: Vec<&str> = Vec::new();
    for n in &c.embedded {
        if names.contains(n) {
            c.out.push(Violation {
                line: root.line(),
                column: root.column(),
                code: "p3p_duplicate_name".into(),
                message: format!("two POLICY elements are named `{n}`"),
                path: root.path(),
            });
        }
        names.push(n);
    }
    c.walk(root, None);
    c.out
        .sort_by(|a, b| (a.line, a.column, &a.code).cmp(&(b.line, b.column, &b.code)));
    c.out.dedup();
    c.out
}
