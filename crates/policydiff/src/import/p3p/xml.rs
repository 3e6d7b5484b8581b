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
//!   1-based line and column and byte span, in one vector of nodes whose
//!   strings are slices of the document (nothing is allocated per element
//!   unless a value had to be unescaped); the element path
//!   (`/POLICIES/POLICY[1]/STATEMENT[2]/PURPOSE`) is built when asked for.
//!
//! Well-formedness errors are [`ErrorKind::Xml`] with a line and column;
//! limits are [`ErrorKind::Limit`].

use std::borrow::Cow;
use std::cell::RefCell;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::tag::Tag;
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

/// A piece of text: a slice of the document or a string the reader built
/// (unescaped, or several chunks joined).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Str {
    #[default]
    Empty,
    /// Byte range in [`XmlDoc::text`].
    Span(usize, usize),
    /// Index into [`XmlDoc::owned`].
    Owned(usize),
}

/// Append the decimal digits of `n`.
fn push_number(out: &mut String, n: u32) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Marks "no such node".
const NONE: u32 = u32::MAX;

/// One element of the tree. Nodes are stored in document order (pre-order)
/// in one vector; links are indices.
#[derive(Clone, Debug)]
struct Node {
    /// Local name (prefix removed), always a slice of the document.
    name: (usize, usize),
    /// The P3P element the name is, if any.
    tag: Tag,
    /// Namespace URI the element is in (default or prefixed).
    ns: Str,
    parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    /// Attributes: a range of [`XmlDoc::attrs`].
    attrs: (u32, u32),
    /// The element's own character data (text and CDATA), concatenated.
    text: Str,
    line: u32,
    column: u32,
    /// Byte range of the whole element in [`XmlDoc::text`].
    start: usize,
    end: usize,
    /// 1-based index among the preceding siblings of the same name.
    index: u32,
    /// The path shows the index (a repeatable element, or not the first of
    /// its name).
    indexed: bool,
    /// Index of the first node after this element's subtree.
    subtree_end: u32,
}

/// An attribute: qualified name as written (a slice) and unescaped value.
#[derive(Clone, Copy, Debug)]
struct Attr {
    key: (usize, usize),
    /// Where the local part of the key starts (after the last `:`).
    local: usize,
    /// The key has a prefix other than `xmlns`.
    prefixed: bool,
    value: Str,
}

/// A parsed document: the decoded text and a compact element tree whose
/// names, attribute values and texts are slices of that text wherever no
/// unescaping was needed.
#[derive(Debug)]
pub(crate) struct XmlDoc<'s> {
    /// The decoded text the spans index (borrowed from the input when it
    /// was UTF-8 already).
    pub text: Cow<'s, str>,
    /// The encoding the input was read as.
    pub encoding: &'static str,
    /// Notes: encoding repairs, DOCTYPEs ignored.
    pub diagnostics: Vec<Diagnostic>,
    nodes: Vec<Node>,
    attrs: Vec<Attr>,
    owned: Vec<String>,
    /// The path of the element whose children's paths were asked for last
    /// (siblings' evidence comes in runs: the DATA of a DATA-GROUP, the
    /// values of a PURPOSE).
    parent_path: RefCell<(u32, String)>,
}

thread_local! {
    /// The node and attribute vectors of the last document dropped on this
    /// thread, reused by the next parse: a batch allocates them once per
    /// thread instead of once per file.
    static SPARE: RefCell<(Vec<Node>, Vec<Attr>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Vectors larger than this (in elements) are not kept for reuse.
const SPARE_MAX: usize = 4096;

impl Drop for XmlDoc<'_> {
    fn drop(&mut self) {
        if self.nodes.capacity() <= SPARE_MAX && self.attrs.capacity() <= SPARE_MAX {
            let nodes = std::mem::take(&mut self.nodes);
            let attrs = std::mem::take(&mut self.attrs);
            // `try_with`: nothing to keep when the thread is exiting.
            let _ = SPARE.try_with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    *s = (nodes, attrs);
                }
            });
        }
    }
}

/// Empty node and attribute vectors with room for a text of `len` bytes.
fn spare_vectors(len: usize) -> (Vec<Node>, Vec<Attr>) {
    let (mut nodes, mut attrs) = SPARE
        .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
        .ok()
        .flatten()
        .unwrap_or_default();
    nodes.clear();
    attrs.clear();
    nodes.reserve(len / 48 + 1);
    attrs.reserve(len / 96 + 1);
    (nodes, attrs)
}

impl XmlDoc<'_> {
    /// The root element.
    pub fn root(&self) -> Element<'_> {
        Element { doc: self, id: 0 }
    }

    fn str(&self, s: Str) -> &str {
        match s {
            Str::Empty => "",
            Str::Span(a, b) => self.text.get(a..b).unwrap_or_default(),
            Str::Owned(i) => self.owned.get(i).map_or("", String::as_str),
        }
    }

    fn span(&self, (a, b): (usize, usize)) -> &str {
        self.text.get(a..b).unwrap_or_default()
    }
}

/// An element of an [`XmlDoc`]: a cheap handle (a reference and an index).
#[derive(Clone, Copy)]
pub(crate) struct Element<'d> {
    doc: &'d XmlDoc<'d>,
    id: u32,
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}> at {}:{}", self.name(), self.line(), self.column())
    }
}

/// An element and everything inside it, in document order.
#[derive(Clone, Debug)]
pub(crate) struct Scan<'d> {
    doc: &'d XmlDoc<'d>,
    next: u32,
    end: u32,
}

impl<'d> Scan<'d> {
    /// Do not visit what is inside `e` (the element just returned).
    pub fn skip_inside(&mut self, e: Element<'d>) {
        self.next = self.next.max(e.node().subtree_end);
    }
}

impl<'d> Iterator for Scan<'d> {
    type Item = Element<'d>;

    fn next(&mut self) -> Option<Element<'d>> {
        if self.next >= self.end {
            return None;
        }
        let e = Element {
            doc: self.doc,
            id: self.next,
        };
        self.next += 1;
        Some(e)
    }
}

/// The child elements of an element, in document order.
#[derive(Clone, Debug)]
pub(crate) struct Children<'d> {
    doc: &'d XmlDoc<'d>,
    next: u32,
}

impl<'d> Iterator for Children<'d> {
    type Item = Element<'d>;

    fn next(&mut self) -> Option<Element<'d>> {
        if self.next == NONE {
            return None;
        }
        let e = Element {
            doc: self.doc,
            id: self.next,
        };
        self.next = e.node().next_sibling;
        Some(e)
    }
}

impl<'d> Element<'d> {
    fn node(&self) -> &'d Node {
        &self.doc.nodes[self.id as usize]
    }

    fn at(&self, id: u32) -> Option<Element<'d>> {
        (id != NONE).then_some(Element { doc: self.doc, id })
    }

    /// Local name (prefix removed).
    pub fn name(&self) -> &'d str {
        self.doc.span(self.node().name)
    }

    /// The P3P element this is ([`Tag::Other`] for any other name).
    #[inline]
    pub fn tag(&self) -> Tag {
        self.node().tag
    }

    /// Whether two elements are in the same namespace (or both in none).
    pub fn same_ns(&self, other: &Element<'_>) -> bool {
        let (a, b) = (self.node().ns, other.node().ns);
        // Elements under one binding share the span: no comparison.
        a == b || self.ns() == other.ns()
    }

    /// Namespace URI the element is in (default or prefixed), if any.
    pub fn ns(&self) -> Option<&'d str> {
        match self.node().ns {
            Str::Empty => None,
            s => Some(self.doc.str(s)),
        }
    }

    /// The value of attribute `name` (matched on the local name).
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        let (a, b) = self.node().attrs;
        // Keys compared as bytes: no character-boundary checks.
        let text = self.doc.text.as_bytes();
        let name = name.as_bytes();
        self.doc.attrs[a as usize..b as usize]
            .iter()
            .find(|at| {
                let key = text.get(at.key.0..at.key.1).unwrap_or_default();
                same_bytes(key, name)
                    || (at.prefixed
                        && same_bytes(key.get(at.local - at.key.0..).unwrap_or_default(), name))
            })
            .map(|at| self.doc.str(at.value))
    }

    /// The element and all its descendants, in document order.
    pub fn scan(&self) -> Scan<'d> {
        Scan {
            doc: self.doc,
            next: self.id,
            end: self.node().subtree_end,
        }
    }

    /// Child elements in document order.
    pub fn children(&self) -> Children<'d> {
        Children {
            doc: self.doc,
            next: self.node().first_child,
        }
    }

    /// The first child element.
    pub fn first_child(&self) -> Option<Element<'d>> {
        self.at(self.node().first_child)
    }

    /// The last child element.
    pub fn last_child(&self) -> Option<Element<'d>> {
        self.at(self.node().last_child)
    }

    /// Child elements that are `tag`.
    pub fn children_tagged(&self, tag: Tag) -> impl Iterator<Item = Element<'d>> + use<'d> {
        self.children().filter(move |c| c.tag() == tag)
    }

    /// The first child that is `tag`.
    pub fn child_tagged(&self, tag: Tag) -> Option<Element<'d>> {
        self.children().find(|c| c.tag() == tag)
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<Element<'d>> {
        self.children().find(|c| same(c.name(), name))
    }

    /// The element's own character data, concatenated (indentation before
    /// the first non-blank chunk is not kept).
    pub fn text(&self) -> &'d str {
        self.doc.str(self.node().text)
    }

    /// The element's text, trimmed, or `None` if it is only whitespace.
    pub fn trimmed_text(&self) -> Option<&'d str> {
        let t = self.text().trim();
        (!t.is_empty()).then_some(t)
    }

    /// 1-based line of the start tag.
    pub fn line(&self) -> u32 {
        self.node().line
    }

    /// 1-based column of the start tag.
    pub fn column(&self) -> u32 {
        self.node().column
    }

    /// Start of the element's byte range in [`XmlDoc::text`].
    pub fn start(&self) -> usize {
        self.node().start
    }

    /// End of the element's byte range.
    pub fn end(&self) -> usize {
        self.node().end
    }

    /// The document text between two byte offsets.
    pub fn slice(&self, start: usize, end: usize) -> &'d str {
        self.doc.text.get(start..end).unwrap_or_default()
    }

    /// The XML of the element as written.
    pub fn raw(&self) -> &'d str {
        let n = self.node();
        self.doc.text.get(n.start..n.end).unwrap_or_default()
    }

    /// Element path from the root (`/POLICIES[1]/POLICY[1]/STATEMENT[2]`):
    /// elements that may repeat, and any element with a same-named sibling
    /// before it, carry their 1-based index among same-named siblings.
    pub fn path(&self) -> String {
        let mut out = String::with_capacity(64);
        self.write_path(&mut out);
        out
    }

    /// Append the element path to `out`.
    pub fn write_path(&self, out: &mut String) {
        let parent = self.node().parent;
        if parent != NONE {
            let mut cache = self.doc.parent_path.borrow_mut();
            // The key starts as NONE, which is never a parent here.
            if cache.0 != parent {
                cache.1.clear();
                Element {
                    doc: self.doc,
                    id: parent,
                }
                .write_path_uncached(&mut cache.1);
                cache.0 = parent;
            }
            out.push_str(&cache.1);
        }
        self.write_segment(out);
    }

    /// `/NAME` or `/NAME[i]`.
    fn write_segment(&self, out: &mut String) {
        let node = self.node();
        out.push('/');
        out.push_str(self.doc.span(node.name));
        if node.indexed {
            out.push('[');
            push_number(out, node.index);
            out.push(']');
        }
    }

    fn write_path_uncached(&self, out: &mut String) {
        // Ancestors, innermost first; paths are short, deep ones spill.
        let mut chain = [0u32; 24];
        let mut spill: Vec<u32> = Vec::new();
        let mut n = 0;
        let mut id = self.id;
        while id != NONE {
            if n < chain.len() {
                chain[n] = id;
            } else {
                spill.push(id);
            }
            n += 1;
            id = self.doc.nodes[id as usize].parent;
        }
        for &id in spill
            .iter()
            .rev()
            .chain(chain[..n.min(chain.len())].iter().rev())
        {
            Element { doc: self.doc, id }.write_segment(out);
        }
    }

    /// The element, its parent, its parent's parent ... up to the root.
    pub fn self_and_ancestors(&self) -> impl Iterator<Item = Element<'d>> + use<'d> {
        let doc = self.doc;
        std::iter::successors(Some(*self), move |e| {
            let parent = doc.nodes[e.id as usize].parent;
            (parent != NONE).then_some(Element { doc, id: parent })
        })
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
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str, Vec<Diagnostic>)> {
    let decoded = decode_any(bytes)?;
    // XML 1.0 has no NUL character, however it is encoded (after a UTF-8
    // byte-order mark, or as UTF-16, the byte check below does not see it).
    if let Some(pos) = memchr::memchr(0, decoded.0.as_bytes()) {
        return Err(Error::new(
            ErrorKind::Binary,
            "NUL character in input: XML cannot contain one (is this a binary file?)",
        )
        .at(Location::at_offset(decoded.0.as_bytes(), pos)));
    }
    Ok(decoded)
}

fn decode_any(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str, Vec<Diagnostic>)> {
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
        return Ok((text, name, diags));
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
                Ok((text, static_name(enc), diags))
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

fn utf8_or_fallback<'b>(
    bytes: &'b [u8],
    name: &'static str,
    diags: &mut Vec<Diagnostic>,
) -> (Cow<'b, str>, &'static str) {
    // SIMD validation (several times std's speed on the ASCII most P3P is);
    // `compat` gives where the first invalid byte is.
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), name),
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
            (text, "windows-1252")
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

/// Incremental byte offset → (line, column), for offsets visited in
/// increasing order.
struct Cursor<'a> {
    text: &'a [u8],
    /// The newlines after `offset`, found as the cursor moves.
    newlines: memchr::Memchr<'a>,
    /// The first newline at or after `offset`, if any.
    next_newline: Option<usize>,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a [u8]) -> Cursor<'a> {
        let mut newlines = memchr::memchr_iter(b'\n', text);
        let next_newline = newlines.next();
        Cursor {
            text,
            newlines,
            next_newline,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    fn advance(&mut self, to: usize) -> (u32, u32) {
        let to = to.min(self.text.len());
        if to < self.offset {
            let (l, c) = crate::error::line_column(self.text, to);
            return (l, c);
        }
        let mut crossed = 0u32;
        let mut line_start = 0;
        while let Some(n) = self.next_newline.filter(|&n| n < to) {
            crossed = crossed.saturating_add(1);
            line_start = n + 1;
            self.next_newline = self.newlines.next();
        }
        if crossed > 0 {
            self.line = self.line.saturating_add(crossed);
            self.column = 1 + count_chars(&self.text[line_start..to]);
        } else {
            self.column = self
                .column
                .saturating_add(count_chars(&self.text[self.offset..to]));
        }
        self.offset = to;
        (self.line, self.column)
    }
}

fn count_chars(b: &[u8]) -> u32 {
    let n = if b.is_ascii() {
        b.len()
    } else {
        b.iter().filter(|&&x| (x & 0xC0) != 0x80).count()
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn xml_error(text: &str, offset: usize, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Xml, message).at(Location::at_offset(text.as_bytes(), offset))
}

/// Where `part` lies in `text`, if it is a slice of it.
fn offset_in(text: &str, part: &[u8]) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    (p >= base && p + part.len() <= base + text.len()).then(|| p - base)
}

/// `part` as a `&str` of `text`, when it is a slice of it on character
/// boundaries.
fn slice_of<'t>(text: &'t str, part: &[u8]) -> Option<&'t str> {
    offset_in(text, part).and_then(|o| text.get(o..o + part.len()))
}

/// An element that is open while reading.
struct Open {
    id: u32,
    /// Where this element's children's sibling counts start in
    /// `Builder::counts`.
    counts: usize,
    /// Where this element's namespace bindings start in `Builder::bindings`.
    bindings: usize,
}

/// Builds the tree from quick-xml events.
struct Builder<'t> {
    text: &'t str,
    nodes: Vec<Node>,
    attrs: Vec<Attr>,
    owned: Vec<String>,
    stack: Vec<Open>,
    /// Sibling counts by name, for the open elements' children (a stack of
    /// regions, one per open element, plus the document level).
    counts: Vec<(&'t str, u32)>,
    /// Namespace bindings in scope: (prefix, URI), outermost first.
    bindings: Vec<(&'t str, Str)>,
}

impl Builder<'_> {
    fn str(&self, s: Str) -> &str {
        match s {
            Str::Empty => "",
            Str::Span(a, b) => self.text.get(a..b).unwrap_or_default(),
            Str::Owned(i) => self.owned.get(i).map_or("", String::as_str),
        }
    }

    /// Store a piece of text: a span when it is a slice of the document.
    fn store(&mut self, s: &str) -> Str {
        if s.is_empty() {
            return Str::Empty;
        }
        if let Some(o) = offset_in(self.text, s.as_bytes()) {
            Str::Span(o, o + s.len())
        } else {
            self.owned.push(s.to_owned());
            Str::Owned(self.owned.len() - 1)
        }
    }

    /// Whether blank text here is kept: only after the first non-blank
    /// chunk of an element (outside the root, and before that, blank text
    /// is dropped).
    fn keeps_blank(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|o| self.nodes[o.id as usize].text != Str::Empty)
    }

    fn push_text(&mut self, at: usize, content: &str) -> Result<()> {
        let Some(open) = self.stack.last() else {
            return if content.trim().is_empty() {
                Ok(())
            } else {
                Err(xml_error(self.text, at, "text outside the root element"))
            };
        };
        let id = open.id as usize;
        let current = self.nodes[id].text;
        // Indentation between child elements is not kept.
        let text = match current {
            Str::Empty if content.bytes().all(|b| b.is_ascii_whitespace()) => return Ok(()),
            Str::Empty => self.store(content),
            Str::Span(a, b) => {
                let mut s = String::with_capacity(b - a + content.len());
                s.push_str(self.text.get(a..b).unwrap_or_default());
                s.push_str(content);
                self.owned.push(s);
                Str::Owned(self.owned.len() - 1)
            }
            Str::Owned(i) => {
                self.owned[i].push_str(content);
                return Ok(());
            }
        };
        self.nodes[id].text = text;
        Ok(())
    }

    fn open(&mut self, s: &BytesStart<'_>, at: usize, line: u32, column: u32) -> Result<()> {
        let text = self.text;
        let qname_bytes = s.name().into_inner();
        let qname = match slice_of(text, qname_bytes) {
            Some(q) => q,
            None => {
                std::str::from_utf8(qname_bytes).map_err(|e| xml_error(text, at, e.to_string()))?
            }
        };
        let (prefix, local) = match memchr::memchr(b':', qname.as_bytes()) {
            Some(i) => (Some(&qname[..i]), &qname[i + 1..]),
            None => (None, qname),
        };
        let attrs_start = self.attrs.len();
        let bindings_start = self.bindings.len();
        // Attributes are read without quick-xml's duplicate check (it keeps
        // a list of keys per element); duplicates are found here, and any
        // error is reported as the checking iterator reports it.
        let checked_error = || {
            s.attributes()
                .find_map(std::result::Result::err)
                .map(|e| xml_error(text, at, format!("in <{qname}>: {e}")))
        };
        let mut it = s.attributes();
        it.with_checks(false);
        for a in it {
            let a = match a {
                Ok(a) => a,
                Err(e) => {
                    return Err(checked_error()
                        .unwrap_or_else(|| xml_error(text, at, format!("in <{qname}>: {e}"))));
                }
            };
            let key_bytes = a.key.into_inner();
            if self.attrs[attrs_start..]
                .iter()
                .any(|p| text.as_bytes().get(p.key.0..p.key.1) == Some(key_bytes))
            {
                return Err(checked_error().unwrap_or_else(|| {
                    xml_error(text, at, format!("in <{qname}>: duplicated attribute"))
                }));
            }
            let key = match slice_of(text, key_bytes) {
                Some(k) => k,
                None => std::str::from_utf8(key_bytes)
                    .map_err(|e| xml_error(text, at, e.to_string()))?,
            };
            // A value without references is a slice of the document as is.
            let value = match slice_of(text, &a.value) {
                Some(v) if memchr::memchr(b'&', v.as_bytes()).is_none() => self.store(v),
                _ => {
                    let v = a.decode_and_unescape_value(s.decoder()).map_err(|e| {
                        xml_error(
                            text,
                            at,
                            format!(
                                "in attribute `{key}` of <{qname}>: {e} (entities are never expanded)"
                            ),
                        )
                    })?;
                    self.store(&v)
                }
            };
            let key_at = offset_in(text, key_bytes).unwrap_or(0);
            if key == "xmlns" {
                self.bindings.push(("", value));
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                self.bindings.push((p_in(text, p), value));
            }
            // Keys are short: a byte loop, not `memrchr`.
            let (local, prefixed) = match key.bytes().rposition(|b| b == b':') {
                Some(i) => (key_at + i + 1, !same(&key[..i], "xmlns")),
                None => (key_at, false),
            };
            self.attrs.push(Attr {
                key: (key_at, key_at + key.len()),
                local,
                prefixed,
                value,
            });
        }
        let want = prefix.unwrap_or("");
        let ns = self
            .bindings
            .iter()
            .rev()
            .find(|(p, _)| same(p, want))
            .map_or(Str::Empty, |(_, u)| *u);
        let ns = if self.str(ns).is_empty() {
            Str::Empty
        } else {
            ns
        };
        // Sibling index.
        let region = self.stack.last().map_or(0, |o| o.counts);
        let index = if let Some((_, n)) = self.counts[region..]
            .iter_mut()
            .find(|(k, _)| same(k, local))
        {
            *n += 1;
            *n
        } else {
            self.counts.push((p_in(text, local), 1));
            1
        };
        let Ok(id) = u32::try_from(self.nodes.len()) else {
            return Err(Error::new(ErrorKind::Limit, "too many elements")
                .at(Location::at_offset(text.as_bytes(), at)));
        };
        let parent = self.stack.last().map_or(NONE, |o| o.id);
        if parent != NONE {
            let p = &mut self.nodes[parent as usize];
            let last = p.last_child;
            p.last_child = id;
            if last == NONE {
                p.first_child = id;
            } else {
                self.nodes[last as usize].next_sibling = id;
            }
        }
        let name_at = offset_in(text, local.as_bytes()).unwrap_or(0);
        let tag = Tag::of(local);
        self.nodes.push(Node {
            name: (name_at, name_at + local.len()),
            tag,
            ns,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            attrs: (
                u32::try_from(attrs_start).unwrap_or(u32::MAX),
                u32::try_from(self.attrs.len()).unwrap_or(u32::MAX),
            ),
            text: Str::Empty,
            line,
            column,
            start: at,
            end: at,
            index,
            indexed: index > 1 || tag.repeatable(),
            subtree_end: id.saturating_add(1),
        });
        self.stack.push(Open {
            id,
            counts: self.counts.len(),
            bindings: bindings_start,
        });
        Ok(())
    }

    /// Close the innermost open element at byte `end`.
    fn close(&mut self, end: usize) {
        if let Some(open) = self.stack.pop() {
            let after = u32::try_from(self.nodes.len()).unwrap_or(NONE);
            let node = &mut self.nodes[open.id as usize];
            node.end = end;
            node.subtree_end = after;
            self.counts.truncate(open.counts);
            self.bindings.truncate(open.bindings);
        }
    }
}

/// Equality of two short names (prefixes, element and attribute names)
/// without a call to `memcmp`, which costs more than the comparison itself
/// here.
#[inline]
pub(super) fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same`] on bytes.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// `p` as a slice of `text` with `text`'s lifetime.
fn p_in<'t>(text: &'t str, p: &str) -> &'t str {
    slice_of(text, p.as_bytes()).unwrap_or_default()
}

/// Parse `bytes` into an element tree, enforcing `limits`.
pub(crate) fn parse(bytes: &[u8], limits: Limits) -> Result<XmlDoc<'_>> {
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
    let (nodes, attrs, owned) = parse_text(&text, limits, &mut diagnostics)?;
    Ok(XmlDoc {
        text,
        encoding,
        diagnostics,
        nodes,
        attrs,
        owned,
        parent_path: RefCell::new((NONE, String::new())),
    })
}

type Tree = (Vec<Node>, Vec<Attr>, Vec<String>);

fn parse_text(text: &str, limits: Limits, diagnostics: &mut Vec<Diagnostic>) -> Result<Tree> {
    let mut reader = Reader::from_str(text);
    {
        let c = reader.config_mut();
        c.check_end_names = true;
        c.check_comments = false;
        c.expand_empty_elements = false;
        c.trim_text(false);
    }
    let mut cursor = Cursor::new(text.as_bytes());
    let (nodes, attrs) = spare_vectors(text.len());
    let mut b = Builder {
        text,
        nodes,
        attrs,
        owned: Vec::new(),
        stack: Vec::with_capacity(16),
        counts: Vec::with_capacity(32),
        bindings: Vec::new(),
    };
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
                if !b.nodes.is_empty() && b.stack.is_empty() {
                    return Err(xml_error(
                        text,
                        before,
                        "a second root element: an XML document has exactly one",
                    ));
                }
                if b.nodes.len() + 1 > limits.max_elements {
                    return Err(Error::new(
                        ErrorKind::Limit,
                        format!(
                            "more than {} elements (ImportOptions::max_elements)",
                            limits.max_elements
                        ),
                    )
                    .at(Location::at_offset(text.as_bytes(), before)));
                }
                if b.stack.len() + 1 > limits.max_depth {
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
                b.open(s, before, line, column)?;
                if empty {
                    b.close(after);
                }
            }
            Event::End(_) => {
                if b.stack.is_empty() {
                    return Err(xml_error(text, before, "end tag without a start tag"));
                }
                b.close(after);
            }
            Event::Text(t) => {
                let raw: &[u8] = &t;
                if raw.iter().all(u8::is_ascii_whitespace) && !b.keeps_blank() {
                    continue;
                }
                // Text without line ends to normalise is a slice of the
                // document as is (what `xml_content` would return).
                match slice_of(text, raw) {
                    Some(s) if memchr::memchr3(b'\r', 0xC2, 0xE2, raw).is_none() => {
                        b.push_text(before, s)?;
                    }
                    _ => {
                        let content = t
                            .xml_content()
                            .map_err(|e| xml_error(text, before, e.to_string()))?;
                        b.push_text(before, &content)?;
                    }
                }
            }
            Event::CData(t) => {
                let content = t
                    .xml_content()
                    .map_err(|e| xml_error(text, before, e.to_string()))?;
                b.push_text(before, &content)?;
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
                b.push_text(before, &resolved)?;
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
    if let Some(open) = b.stack.last() {
        let n = &b.nodes[open.id as usize];
        let name = b.text.get(n.name.0..n.name.1).unwrap_or_default();
        return Err(Error::new(
            ErrorKind::Xml,
            format!(
                "unexpected end of input: <{name}> opened at line {}, column {} is never closed",
                n.line, n.column
            ),
        )
        .at(Location::at_offset(text.as_bytes(), text.len())));
    }
    if b.nodes.is_empty() {
        return Err(Error::new(
            ErrorKind::Xml,
            "no root element: the input is not an XML document",
        ));
    }
    Ok((b.nodes, b.attrs, b.owned))
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
        let policy = doc.root().first_child().unwrap();
        assert_eq!(policy.path(), "/POLICIES[1]/POLICY[1]");
        assert_eq!((policy.line(), policy.column()), (3, 2));
        let st2 = policy.children().nth(1).unwrap();
        assert_eq!(st2.path(), "/POLICIES[1]/POLICY[1]/STATEMENT[2]");
        assert_eq!((st2.line(), st2.column()), (4, 15));
        let admin = st2.first_child().unwrap().first_child().unwrap();
        assert_eq!(
            admin.path(),
            "/POLICIES[1]/POLICY[1]/STATEMENT[2]/PURPOSE/admin"
        );
        assert_eq!(admin.self_and_ancestors().count(), 5);
        assert_eq!(policy.ns(), Some("http://www.w3.org/2002/01/P3Pv1"));
        assert_eq!(policy.attr("name"), Some("a"));
        assert_eq!(
            st2.raw(),
            "<STATEMENT><PURPOSE><admin/></PURPOSE></STATEMENT>"
        );
    }

    #[test]
    fn cached_paths_agree_with_paths_built_from_the_root() {
        let doc = parse(
            b"<POLICIES><POLICY name='a'><STATEMENT><DATA-GROUP><DATA ref='#a'/><DATA ref='#b'/></DATA-GROUP>\
              <DATA-GROUP><DATA ref='#c'/></DATA-GROUP></STATEMENT><STATEMENT><PURPOSE><admin/><contact/></PURPOSE>\
              </STATEMENT></POLICY><POLICY name='b'><STATEMENT><PURPOSE><admin/></PURPOSE></STATEMENT></POLICY></POLICIES>",
            limits(),
        )
        .unwrap();
        let all: Vec<Element<'_>> = doc.root().scan().collect();
        let uncached = |e: &Element<'_>| {
            let mut s = String::new();
            e.write_path_uncached(&mut s);
            s
        };
        // Document order, reverse order and a stride that jumps between
        // subtrees: the cache of the last parent must never leak into
        // another element's path.
        let n = all.len();
        let orders: [Vec<usize>; 3] = [
            (0..n).collect(),
            (0..n).rev().collect(),
            (0..n).map(|i| (i * 7) % n).collect(),
        ];
        for order in orders {
            for i in order {
                assert_eq!(all[i].path(), uncached(&all[i]), "{:?}", all[i]);
            }
        }
        assert_eq!(
            all.last().unwrap().path(),
            "/POLICIES[1]/POLICY[2]/STATEMENT[1]/PURPOSE/admin"
        );
    }

    #[test]
    fn reused_vectors_start_empty() {
        // A large document, then a small one on the same thread: the second
        // tree reuses the first's vectors and must hold only its own nodes.
        let big = format!(
            "<POLICIES>{}</POLICIES>",
            "<POLICY name='p' a='1' b='2'/>".repeat(200)
        );
        let first = parse(big.as_bytes(), limits()).unwrap();
        assert_eq!(first.root().scan().count(), 201);
        drop(first);
        let second = parse(b"<POLICY x='1'><TEST/></POLICY>", limits()).unwrap();
        assert_eq!(second.root().scan().count(), 2);
        assert_eq!(second.root().attr("x"), Some("1"));
        assert_eq!(second.root().attr("name"), None);
        assert_eq!(
            second.root().first_child().unwrap().path(),
            "/POLICY[1]/TEST"
        );
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
        assert_eq!(doc.root().text(), "&B");
        assert_eq!(doc.root().attr("b"), Some("<A"));
    }

    #[test]
    fn text_chunks_attributes_and_namespaces() {
        // Leading blank chunks are dropped, later ones kept; references and
        // CDATA join the text; CR LF becomes LF.
        let doc = parse(
            b"<a>\n  <b/>x&amp;y<![CDATA[<z>]]>\r\n <c/> w</a>",
            limits(),
        )
        .unwrap();
        assert_eq!(doc.root().text(), "x&y<z>\n  w");
        // Attribute values: unescaped, matched on local names, `xmlns:`
        // declarations are not attributes of that name.
        let doc = parse(
            b"<p:a xmlns:p='urn:p' xmlns:q='urn:q' q:ref='#x' n='a&lt;b' xmlns:name='urn:n'><p:b xmlns:p='urn:p2'/><b/></p:a>",
            limits(),
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.name(), "a");
        assert_eq!(root.ns(), Some("urn:p"));
        assert_eq!(root.attr("ref"), Some("#x"));
        assert_eq!(root.attr("n"), Some("a<b"));
        assert_eq!(root.attr("name"), None);
        let kids: Vec<_> = root.children().map(|c| (c.name(), c.ns())).collect();
        assert_eq!(kids, [("b", Some("urn:p2")), ("b", None)]);
        assert_eq!(root.children().nth(1).unwrap().path(), "/a/b[2]");
        assert_eq!(root.scan().count(), 3);
    }

    #[test]
    fn attribute_errors_are_quick_xml_s() {
        // Duplicates are found without quick-xml's per-element key list,
        // and reported exactly as its checking iterator reports them.
        for xml in [
            &b"<a x='1' y='2' x='3'/>"[..],
            b"<a x='1' x=3/>",
            b"<a x='1' y=/>",
        ] {
            let e = parse(xml, limits()).unwrap_err();
            let text = std::str::from_utf8(xml).unwrap();
            let mut r = Reader::from_str(text);
            let Ok(Event::Empty(s)) = r.read_event() else {
                panic!("{text}")
            };
            let want = s.attributes().find_map(std::result::Result::err).unwrap();
            assert_eq!(e.kind(), ErrorKind::Xml);
            assert!(e.to_string().ends_with(&format!("in <a>: {want}")), "{e}");
        }
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
        assert_eq!(doc.root().text(), "caf\u{e9}");
        assert_eq!(doc.encoding, "windows-1252");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<a>é</a>".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(parse(&utf16, limits()).unwrap().root().text(), "é");
        let bom = b"\xEF\xBB\xBF<a>x</a>";
        assert_eq!(parse(bom, limits()).unwrap().root().text(), "x");
    }
}
