//! A small, defensive XML reader: bytes → an element tree with positions.
//!
//! Built on quick-xml, which never expands entities by itself. On top of it
//! this reader:
//! - decodes the input (BOMs, UTF-16, the XML declaration's `encoding`);
//! - refuses any DOCTYPE that declares entities (no "billion laughs", no
//!   external entities: nothing is ever fetched or read), and any reference
//!   to an entity other than the five predefined ones;
//! - enforces the depth, element-count and size limits of [`ImportOptions`];
//! - records for every element its local name, namespace, attributes, text,
//!   1-based line and column, byte span and element path
//!   (`/POLICIES/POLICY[1]/STATEMENT[2]/PURPOSE`).
//!
//! Well-formedness errors are [`ErrorKind::Xml`] with a line and column;
//! limits are [`ErrorKind::Limit`].

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::import::ImportOptions;
use crate::model::{Diagnostic, Severity};

/// Limits applied while reading.
#[derive(Clone, Copy, Debug)]
#[allow(clippy::struct_field_names)]
pub(crate) struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_elements: usize,
}

impl From<&ImportOptions> for Limits {
    fn from(o: &ImportOptions) -> Limits {
        Limits {
            max_bytes: o.max_bytes,
            max_depth: o.max_depth,
            max_elements: o.max_elements,
        }
    }
}

/// An element, with everything the P3P layer needs to know about it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Element {
    /// Local name (prefix removed); P3P's own names are not allocated.
    pub name: Cow<'static, str>,
    /// Namespace URI the element is in (default or prefixed), if any.
    pub ns: Option<Arc<str>>,
    /// Attributes as written (qualified names), values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// The element's own character data (text and CDATA), concatenated.
    pub text: String,
    /// 1-based line of the start tag.
    pub line: u32,
    /// 1-based column of the start tag.
    pub column: u32,
    /// Element path from the root.
    pub path: String,
    /// Byte range of the whole element in [`XmlDoc::text`].
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

impl Element {
    /// The value of attribute `name` (matched on the local name).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| {
                k == name
                    || k.rsplit_once(':')
                        .is_some_and(|(p, l)| l == name && p != "xmlns")
            })
            .map(|(_, v)| v.as_str())
    }

    /// Child elements named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The element's text, trimmed, or `None` if it is only whitespace.
    pub fn trimmed_text(&self) -> Option<&str> {
        let t = self.text.trim();
        (!t.is_empty()).then_some(t)
    }
}

/// A parsed document.
#[derive(Debug)]
pub(crate) struct XmlDoc {
    /// The decoded text the spans index.
    pub text: String,
    /// The encoding the input was read as.
    pub encoding: &'static str,
    /// The root element.
    pub root: Element,
    /// Notes: encoding repairs, DOCTYPEs ignored.
    pub diagnostics: Vec<Diagnostic>,
}

/// Elements that may repeat among siblings: their paths carry an index.
const REPEATABLE: &[&str] = &[
    "POLICY",
    "STATEMENT",
    "DATA-GROUP",
    "DATA",
    "DISPUTES",
    "EXTENSION",
    "POLICY-REF",
    "INCLUDE",
    "EXCLUDE",
    "COOKIE-INCLUDE",
    "COOKIE-EXCLUDE",
    "METHOD",
    "DATA-DEF",
    "DATA-STRUCT",
    "POLICIES",
];

/// Names of P3P elements and vocabulary values, sorted: element names that
/// are in this list cost no allocation.
static KNOWN: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    use super::document::{ACCESS, PURPOSES, RECIPIENTS, REMEDIES, RETENTIONS};
    let mut v: Vec<&'static str> = [
        "META",
        "POLICY-REFERENCES",
        "POLICY-REF",
        "INCLUDE",
        "EXCLUDE",
        "COOKIE-INCLUDE",
        "COOKIE-EXCLUDE",
        "METHOD",
        "HINT",
        "POLICIES",
        "POLICY",
        "EXPIRY",
        "DATASCHEMA",
        "DATA-DEF",
        "DATA-STRUCT",
        "TEST",
        "ENTITY",
        "ACCESS",
        "DISPUTES-GROUP",
        "DISPUTES",
        "LONG-DESCRIPTION",
        "IMG",
        "REMEDIES",
        "STATEMENT",
        "CONSEQUENCE",
        "NON-IDENTIFIABLE",
        "PURPOSE",
        "RECIPIENT",
        "RETENTION",
        "DATA-GROUP",
        "DATA",
        "CATEGORIES",
        "EXTENSION",
        "recipient-description",
        "GROUP-INFO",
    ]
    .into_iter()
    .chain(PURPOSES)
    .chain(RECIPIENTS)
    .chain(RETENTIONS)
    .chain(ACCESS)
    .chain(REMEDIES)
    .chain(super::base_schema::CATEGORIES)
    .collect();
    v.sort_unstable();
    v.dedup();
    v
});

fn intern(name: &str) -> Cow<'static, str> {
    match KNOWN.binary_search(&name) {
        Ok(i) => Cow::Borrowed(KNOWN[i]),
        Err(_) => Cow::Owned(name.to_owned()),
    }
}

fn diag(code: &str, message: String, line: Option<u32>, column: Option<u32>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        code: code.into(),
        message,
        line,
        column,
        path: None,
    }
}

/// Decode the bytes of an XML document to UTF-8 text.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &'static str, Vec<Diagnostic>)> {
    let mut diags = Vec::new();
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (t, e) = utf8_or_fallback(rest, "utf-8", &mut diags);
        return Ok((t, e, diags));
    }
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0x3C, 0x00]) {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0x00, 0x3C]) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(enc) = utf16 {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(Error::new(
                ErrorKind::Encoding,
                format!("the input is not valid {}", enc.name()),
            ));
        }
        let name = if enc == encoding_rs::UTF_16LE {
            "utf-16le"
        } else {
            "utf-16be"
        };
        return Ok((text.into_owned(), name, diags));
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(Error::new(
            ErrorKind::Binary,
            "NUL byte in input: this looks like a binary file, not XML",
        )
        .at(Location::at_offset(bytes, pos)));
    }
    let declared = declared_encoding(bytes);
    let label = declared.as_deref().map(str::to_ascii_lowercase);
    match label.as_deref() {
        None | Some("utf-8" | "utf8") => {
            let (t, e) = utf8_or_fallback(bytes, "utf-8", &mut diags);
            Ok((t, e, diags))
        }
        Some(l) if l.starts_with("utf-16") || l == "ucs-2" => {
            // No BOM and no NUL bytes: the declaration is wrong.
            diags.push(diag(
                "xml_encoding_mismatch",
                format!("the XML declaration says `{l}` but the bytes are 8-bit; read as UTF-8"),
                Some(1),
                Some(1),
            ));
            {
                let (t, e) = utf8_or_fallback(bytes, "utf-8", &mut diags);
                Ok((t, e, diags))
            }
        }
        Some(l) => {
            if let Some(enc) = encoding_rs::Encoding::for_label(l.as_bytes()) {
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    diags.push(diag(
                        "xml_encoding_errors",
                        format!(
                            "bytes that are not valid {} were replaced with U+FFFD",
                            enc.name()
                        ),
                        None,
                        None,
                    ));
                }
                Ok((text.into_owned(), static_name(enc), diags))
            } else {
                diags.push(diag(
                    "xml_unknown_encoding",
                    format!("unknown encoding `{l}` in the XML declaration; read as UTF-8"),
                    Some(1),
                    Some(1),
                ));
                {
                    let (t, e) = utf8_or_fallback(bytes, "utf-8", &mut diags);
                    Ok((t, e, diags))
                }
            }
        }
    }
}

fn static_name(enc: &'static encoding_rs::Encoding) -> &'static str {
    // encoding_rs names are 'static already; lower-case the common ones.
    match enc.name() {
        "windows-1252" => "windows-1252",
        "UTF-8" => "utf-8",
        "EUC-KR" => "euc-kr",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "ISO-8859-2" => "iso-8859-2",
        "windows-1250" => "windows-1250",
        "windows-1251" => "windows-1251",
        "KOI8-R" => "koi8-r",
        "gb18030" => "gb18030",
        "GBK" => "gbk",
        "Big5" => "big5",
        other => other,
    }
}

fn utf8_or_fallback(
    bytes: &[u8],
    name: &'static str,
    diags: &mut Vec<Diagnostic>,
) -> (String, &'static str) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), name),
        Err(e) => {
            let (line, column) = crate::error::line_column(bytes, e.valid_up_to());
            diags.push(diag(
                "xml_encoding_fallback",
                "the input is not valid UTF-8 and declares no other encoding; read as windows-1252"
                    .into(),
                Some(line),
                Some(column),
            ));
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "windows-1252")
        }
    }
}

/// The `encoding` pseudo-attribute of the XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = memchr::memmem::find(head, b"<?xml")?;
    let end = memchr::memmem::find(&head[start..], b"?>")? + start;
    let decl = std::str::from_utf8(&head[start..end]).ok()?;
    let idx = decl.find("encoding")?;
    let rest = decl[idx + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_owned())
}

/// Incremental byte offset → (line, column).
struct Cursor<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
    column: u32,
}

impl Cursor<'_> {
    fn advance(&mut self, to: usize) -> (u32, u32) {
        let to = to.min(self.text.len());
        if to < self.offset {
            let (l, c) = crate::error::line_column(self.text, to);
            return (l, c);
        }
        let chunk = &self.text[self.offset..to];
        let newlines = memchr::memchr_iter(b'\n', chunk).count();
        if newlines > 0 {
            self.line = self
                .line
                .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            let last = memchr::memrchr(b'\n', chunk).map_or(0, |i| i + 1);
            self.column = 1 + count_chars(&chunk[last..]);
        } else {
            self.column = self.column.saturating_add(count_chars(chunk));
        }
        self.offset = to;
        (self.line, self.column)
    }
}

fn count_chars(b: &[u8]) -> u32 {
    u32::try_from(b.iter().filter(|&&x| (x & 0xC0) != 0x80).count()).unwrap_or(u32::MAX)
}

struct Frame {
    element: Element,
    /// Sibling counts for the children's path indices.
    counts: Vec<(Cow<'static, str>, u32)>,
    /// Namespace bindings declared on this element: (prefix, uri).
    bindings: Vec<(String, Arc<str>)>,
}

fn xml_error(text: &str, offset: usize, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Xml, message).at(Location::at_offset(text.as_bytes(), offset))
}

/// Parse `bytes` into an element tree, enforcing `limits`.
pub(crate) fn parse(bytes: &[u8], limits: Limits) -> Result<XmlDoc> {
    if bytes.len() > limits.max_bytes {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "input is {} bytes, over the limit of {} bytes (raise it with ImportOptions::max_bytes / --max-bytes)",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty, "the input is empty"));
    }
    let (text, encoding, mut diagnostics) = decode(bytes)?;
    let root = parse_text(&text, limits, &mut diagnostics)?;
    Ok(XmlDoc {
        text,
        encoding,
        root,
        diagnostics,
    })
}

fn parse_text(text: &str, limits: Limits, diagnostics: &mut Vec<Diagnostic>) -> Result<Element> {
    let mut reader = Reader::from_str(text);
    {
        let c = reader.config_mut();
        c.check_end_names = true;
        c.check_comments = false;
        c.expand_empty_elements = false;
        c.trim_text(false);
    }
    let mut cursor = Cursor {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
        column: 1,
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Element> = None;
    let mut root_counts: Vec<(Cow<'static, str>, u32)> = Vec::new();
    let mut elements = 0usize;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(before);
                return Err(xml_error(text, at, e.to_string()));
            }
        };
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(event, Event::Empty(_));
                if root.is_some() && stack.is_empty() {
                    return Err(xml_error(
                        text,
                        before,
                        "a second root element: an XML document has exactly one",
                    ));
                }
                elements += 1;
                if elements > limits.max_elements {
                    return Err(Error::new(
                        ErrorKind::Limit,
                        format!(
                            "more than {} elements (ImportOptions::max_elements)",
                            limits.max_elements
                        ),
                    )
                    .at(Location::at_offset(text.as_bytes(), before)));
                }
                if stack.len() + 1 > limits.max_depth {
                    return Err(Error::new(
                        ErrorKind::Limit,
                        format!(
                            "elements nested deeper than {} levels (ImportOptions::max_depth)",
                            limits.max_depth
                        ),
                    )
                    .at(Location::at_offset(text.as_bytes(), before)));
                }
                let (line, column) = cursor.advance(before);
                let frame =
                    open_element(text, s, before, line, column, &mut stack, &mut root_counts)?;
                if empty {
                    let mut el = frame.element;
                    el.end = after;
                    attach(el, &mut stack, &mut root);
                } else {
                    stack.push(frame);
                }
            }
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    return Err(xml_error(text, before, "end tag without a start tag"));
                };
                let mut el = frame.element;
                el.end = after;
                attach(el, &mut stack, &mut root);
            }
            Event::Text(t) => {
                let content = t
                    .xml_content()
                    .map_err(|e| xml_error(text, before, e.to_string()))?;
                push_text(text, before, &content, &mut stack)?;
            }
            Event::CData(t) => {
                let content = t
                    .xml_content()
                    .map_err(|e| xml_error(text, before, e.to_string()))?;
                push_text(text, before, &content, &mut stack)?;
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<str> = match r.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => {
                        let name = r
                            .decode()
                            .map_err(|e| xml_error(text, before, e.to_string()))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(v) => Cow::Borrowed(v),
                            None => {
                                return Err(xml_error(
                                    text,
                                    before,
                                    format!(
                                        "reference to undefined entity `&{name};` (entities are never expanded)"
                                    ),
                                ));
                            }
                        }
                    }
                    Err(e) => return Err(xml_error(text, before, e.to_string())),
                };
                push_text(text, before, &resolved, &mut stack)?;
            }
            Event::DocType(d) => {
                let body = String::from_utf8_lossy(&d);
                if body.contains("<!ENTITY") || body.contains("<!entity") {
                    return Err(xml_error(
                        text,
                        before,
                        "the DOCTYPE declares entities; entity definitions are refused (no expansion, no external entities)",
                    ));
                }
                let (line, column) = cursor.advance(before);
                diagnostics.push(diag(
                    "xml_doctype_ignored",
                    "DOCTYPE ignored: no DTD is read or fetched".into(),
                    Some(line),
                    Some(column),
                ));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::new(
            ErrorKind::Xml,
            format!(
                "unexpected end of input: <{}> opened at line {}, column {} is never closed",
                open.element.name, open.element.line, open.element.column
            ),
        )
        .at(Location::at_offset(text.as_bytes(), text.len())));
    }
    root.ok_or_else(|| {
        Error::new(
            ErrorKind::Xml,
            "no root element: the input is not an XML document",
        )
    })
}

fn push_text(text: &str, at: usize, content: &str, stack: &mut [Frame]) -> Result<()> {
    match stack.last_mut() {
        Some(f) => {
            // Indentation between child elements is not kept.
            if !(f.element.text.is_empty() && content.bytes().all(|b| b.is_ascii_whitespace())) {
                f.element.text.push_str(content);
            }
            Ok(())
        }
        None if content.trim().is_empty() => Ok(()),
        None => Err(xml_error(text, at, "text outside the root element")),
    }
}

fn attach(el: Element, stack: &mut [Frame], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.element.children.push(el),
        None => *root = Some(el),
    }
}

fn open_element(
    text: &str,
    s: &BytesStart<'_>,
    at: usize,
    line: u32,
    column: u32,
    stack: &mut [Frame],
    root_counts: &mut Vec<(Cow<'static, str>, u32)>,
) -> Result<Frame> {
    let qname = std::str::from_utf8(s.name().into_inner())
        .map_err(|e| xml_error(text, at, e.to_string()))?;
    let (prefix, local) = match qname.split_once(':') {
        Some((p, l)) => (Some(p), intern(l)),
        None => (None, intern(qname)),
    };
    let mut attrs = Vec::new();
    let mut bindings: Vec<(String, Arc<str>)> = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| xml_error(text, at, format!("in <{qname}>: {e}")))?;
        let key = std::str::from_utf8(a.key.into_inner())
            .map_err(|e| xml_error(text, at, e.to_string()))?
            .to_owned();
        let value = a
            .decode_and_unescape_value(s.decoder())
            .map_err(|e| {
                xml_error(
                    text,
                    at,
                    format!("in attribute `{key}` of <{qname}>: {e} (entities are never expanded)"),
                )
            })?
            .into_owned();
        if key == "xmlns" {
            bindings.push((String::new(), Arc::from(value.as_str())));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            bindings.push((p.to_owned(), Arc::from(value.as_str())));
        }
        attrs.push((key, value));
    }
    let want = prefix.unwrap_or("");
    let ns = bindings
        .iter()
        .rev()
        .find(|(p, _)| p == want)
        .map(|(_, u)| u.clone())
        .or_else(|| {
            stack.iter().rev().find_map(|f| {
                f.bindings
                    .iter()
                    .rev()
                    .find(|(p, _)| p == want)
                    .map(|(_, u)| u.clone())
            })
        })
        .filter(|u: &Arc<str>| !u.is_empty());
    let counts = match stack.last_mut() {
        Some(f) => &mut f.counts,
        None => root_counts,
    };
    let n = if let Some((_, n)) = counts.iter_mut().find(|(k, _)| *k == local) {
        *n += 1;
        *n
    } else {
        counts.push((local.clone(), 1));
        1
    };
    let parent_path = stack.last().map_or("", |f| f.element.path.as_str());
    let mut path = String::with_capacity(parent_path.len() + local.len() + 5);
    path.push_str(parent_path);
    path.push('/');
    path.push_str(&local);
    if REPEATABLE.contains(&local.as_ref()) || n > 1 {
        use std::fmt::Write as _;
        let _ = write!(path, "[{n}]");
    }
    Ok(Frame {
        element: Element {
            name: local,
            ns,
            attrs,
            children: Vec::new(),
            text: String::new(),
            line,
            column,
            path,
            start: at,
            end: at,
        },
        counts: Vec::new(),
        bindings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            max_bytes: 1 << 20,
            max_depth: 64,
            max_elements: 10_000,
        }
    }

    #[test]
    fn tree_with_positions_and_paths() {
        let doc = parse(
            b"<?xml version='1.0'?>\n<POLICIES xmlns='http://www.w3.org/2002/01/P3Pv1'>\n <POLICY name='a'>\n  <STATEMENT/><STATEMENT><PURPOSE><admin/></PURPOSE></STATEMENT>\n </POLICY>\n</POLICIES>",
            limits(),
        )
        .unwrap();
        let policy = &doc.root.children[0];
        assert_eq!(policy.path, "/POLICIES[1]/POLICY[1]");
        assert_eq!((policy.line, policy.column), (3, 2));
        let st2 = &policy.children[1];
        assert_eq!(st2.path, "/POLICIES[1]/POLICY[1]/STATEMENT[2]");
        assert_eq!((st2.line, st2.column), (4, 15));
        assert_eq!(
            st2.children[0].children[0].path,
            "/POLICIES[1]/POLICY[1]/STATEMENT[2]/PURPOSE/admin"
        );
        assert_eq!(
            policy.ns.as_deref(),
            Some("http://www.w3.org/2002/01/P3Pv1")
        );
        assert_eq!(policy.attr("name"), Some("a"));
    }

    #[test]
    fn entities_are_refused() {
        let e = parse(
            b"<?xml version='1.0'?>\n<!DOCTYPE lolz [<!ENTITY lol 'lol'>]>\n<POLICIES>&lol;</POLICIES>",
            limits(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Xml);
        assert_eq!(e.line(), Some(2));
        let e = parse(b"<POLICIES>\n  &ext;</POLICIES>", limits()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Xml);
        assert_eq!(e.line(), Some(2));
        // Predefined and character references are fine.
        let doc = parse(b"<a b='&lt;&#65;'>&amp;&#x42;</a>", limits()).unwrap();
        assert_eq!(doc.root.text, "&B");
        assert_eq!(doc.root.attr("b"), Some("<A"));
    }

    #[test]
    fn unclosed_and_deep_and_encodings() {
        let e = parse(b"<POLICIES>\n<POLICY>\n", limits()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Xml);
        assert!(e.to_string().contains("never closed"), "{e}");
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert_eq!(
            parse(deep.as_bytes(), limits()).unwrap_err().kind(),
            ErrorKind::Limit
        );
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>";
        let doc = parse(latin1, limits()).unwrap();
        assert_eq!(doc.root.text, "caf\u{e9}");
        assert_eq!(doc.encoding, "windows-1252");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<a>é</a>".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(parse(&utf16, limits()).unwrap().root.text, "é");
        let bom = b"\xEF\xBB\xBF<a>x</a>";
        assert_eq!(parse(bom, limits()).unwrap().root.text, "x");
    }
}
