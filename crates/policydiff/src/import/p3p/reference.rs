//! P3P policy reference files (`META` / `POLICY-REFERENCES`, section 2.3 of
//! the Recommendation): which policy covers which URI and which cookie.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::mapping::expiry_value;
use super::tag::Tag;
use super::validate::Violation;
use super::xml::Element;
use crate::model::Policy;

/// A policy reference file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct PolicyReference {
    /// `EXPIRY` of the `POLICY-REFERENCES` (`max-age=86400` or `date=...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
    /// The `POLICY-REF` elements, in document order (order matters: the
    /// first one that applies wins).
    pub references: Vec<PolicyRef>,
    /// Policies embedded in the file (`META/POLICIES`), one per `POLICY`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embedded: Vec<Policy>,
    /// Departures from the specification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
}

/// One `POLICY-REF`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct PolicyRef {
    /// `about`: the policy's URI (`/w3c/policy.xml#policy1`, `#embedded`).
    pub about: String,
    /// `INCLUDE` patterns (local URIs, `*` matches any run of characters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// `EXCLUDE` patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// `COOKIE-INCLUDE` patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_include: Vec<CookiePattern>,
    /// `COOKIE-EXCLUDE` patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_exclude: Vec<CookiePattern>,
    /// `METHOD`s the reference is limited to (empty: every method).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<String>,
    /// Element path of the `POLICY-REF`.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A `COOKIE-INCLUDE` / `COOKIE-EXCLUDE` pattern (absent attribute = `*`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct CookiePattern {
    /// Cookie name pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Cookie value pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Domain pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Path pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Text content (pre-Recommendation syntax), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Whether `pattern` (with `*` wildcards) matches all of `s`.
pub(crate) fn wildcard(pattern: &str, s: &str) -> bool {
    let p = pattern.as_bytes();
    let t = s.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// The local part (path and query) of a URI: `http://a.example/x?y` → `/x?y`.
fn local_part(uri: &str) -> &str {
    let uri = uri.split('#').next().unwrap_or(uri);
    if let Some(i) = uri.find("://") {
        let rest = &uri[i + 3..];
        return match rest.find('/') {
            Some(j) => &rest[j..],
            None => match rest.find('?') {
                Some(j) => &rest[j..],
                None => "/",
            },
        };
    }
    if uri.is_empty() { "/" } else { uri }
}

impl PolicyRef {
    /// Whether this reference covers `uri` for HTTP `method`.
    pub fn applies_to(&self, uri: &str, method: &str) -> bool {
        let local = local_part(uri);
        let local = if local.starts_with('/') {
            std::borrow::Cow::Borrowed(local)
        } else {
            std::borrow::Cow::Owned(format!("/{local}"))
        };
        let method_ok =
            self.methods.is_empty() || self.methods.iter().any(|m| m.eq_ignore_ascii_case(method));
        method_ok
            && self.include.iter().any(|p| wildcard(p, &local))
            && !self.exclude.iter().any(|p| wildcard(p, &local))
    }
}

impl PolicyReference {
    /// The reference that applies to `uri` for `method`: the first
    /// `POLICY-REF` whose `INCLUDE`s match and whose `EXCLUDE`s and
    /// `METHOD`s do not rule it out.
    pub fn policy_for(&self, uri: &str, method: &str) -> Option<&PolicyRef> {
        self.references.iter().find(|r| r.applies_to(uri, method))
    }

    /// The embedded policy a reference points to (`about="#name"`), if any.
    pub fn embedded_policy(&self, r: &PolicyRef) -> Option<&Policy> {
        let frag = r.about.rsplit_once('#').map(|(_, f)| f)?;
        self.embedded.iter().find(|p| {
            p.metadata
                .links
                .iter()
                .any(|l| l.rel == "policy_name" && l.href == frag)
        })
    }
}

/// Which policy applies to `uri` (for a `GET`), per the reference file.
///
/// ```
/// let prf = br#"<META xmlns="http://www.w3.org/2002/01/P3Pv1"><POLICY-REFERENCES>
///   <POLICY-REF about="/w3c/p3p.xml#shop"><INCLUDE>/shop/*</INCLUDE><EXCLUDE>/shop/admin*</EXCLUDE></POLICY-REF>
///   <POLICY-REF about="/w3c/p3p.xml#site"><INCLUDE>/*</INCLUDE></POLICY-REF>
/// </POLICY-REFERENCES></META>"#;
/// let r = policydiff::p3p::read_reference(prf, &Default::default()).unwrap();
/// let applicable = |u| policydiff::p3p::applicable_policy(&r, u).map(|p| p.about.as_str());
/// assert_eq!(applicable("http://example.com/shop/cart?id=1"), Some("/w3c/p3p.xml#shop"));
/// assert_eq!(applicable("/shop/admin/users"), Some("/w3c/p3p.xml#site"));
/// assert_eq!(applicable("http://example.com"), Some("/w3c/p3p.xml#site"));
/// ```
pub fn applicable_policy<'a>(reference: &'a PolicyReference, uri: &str) -> Option<&'a PolicyRef> {
    reference.policy_for(uri, "GET")
}

fn cookie(e: Element<'_>) -> CookiePattern {
    CookiePattern {
        name: e.attr("name").map(str::to_owned),
        value: e.attr("value").map(str::to_owned),
        domain: e.attr("domain").map(str::to_owned),
        path: e.attr("path").map(str::to_owned),
        text: e.trimmed_text().map(str::to_owned),
    }
}

/// Read the `POLICY-REF`s of a `META` (or bare `POLICY-REFERENCES`) element.
pub(crate) fn read(root: Element<'_>) -> (Option<String>, Vec<PolicyRef>) {
    let refs_el: Vec<Element<'_>> = if root.tag() == Tag::PolicyReferences {
        vec![root]
    } else {
        root.children_tagged(Tag::PolicyReferences).collect()
    };
    let mut expiry = None;
    let mut out = Vec::new();
    for pr in refs_el {
        for c in pr.children() {
            match c.tag() {
                Tag::Expiry => {
                    expiry = Some(expiry_value(c)).filter(|v| !v.is_empty());
                }
                Tag::PolicyRef => {
                    let mut r = PolicyRef {
                        about: c.attr("about").unwrap_or_default().trim().to_owned(),
                        path: c.path(),
                        line: c.line(),
                        column: c.column(),
                        ..PolicyRef::default()
                    };
                    for x in c.children() {
                        let text = x.text().trim().to_owned();
                        match x.tag() {
                            Tag::Include => r.include.push(text),
                            Tag::Exclude => r.exclude.push(text),
                            Tag::Method => r.methods.push(text),
                            Tag::CookieInclude => r.cookie_include.push(cookie(x)),
                            Tag::CookieExclude => r.cookie_exclude.push(cookie(x)),
                            _ => {}
                        }
                    }
                    out.push(r);
                }
                _ => {}
            }
        }
    }
    (expiry, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("/*", "/"));
        assert!(wildcard("/*", "/a/b?c"));
        assert!(wildcard("/", "/"));
        assert!(!wildcard("/", "/index.html"));
        assert!(wildcard("/a*b*c", "/aXbYc"));
        assert!(!wildcard("/a*b*c", "/aXbY"));
        assert!(!wildcard("\\*", "/x"));
        assert!(wildcard("*", ""));
        assert_eq!(local_part("https://h.example:8080/p/q?x=1#f"), "/p/q?x=1");
        assert_eq!(local_part("https://h.example"), "/");
        assert_eq!(local_part("https://h.example?x"), "?x");
    }
}
