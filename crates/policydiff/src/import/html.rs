//! HTML: parsed with a real HTML5 parser (html5ever, through `scraper`),
//! rendered to Markdown-like text that keeps the document's structure
//! (headings as `#`, list items as `-`, table rows as `| a | b |`, bold-only
//! paragraphs as `**...**`), then segmented like Markdown.
//!
//! Only visible text is kept: `script`, `style`, `noscript`, `template`,
//! `svg`, `nav`, `iframe`, `button`, `select`, `head` and elements marked
//! `hidden`, `aria-hidden="true"` or `display:none` are dropped. Evidence spans
//! index the rendered text ([`crate::SpanBase::RenderedText`]); each also
//! gets the line of the HTML file its text starts on (`source_line`): the
//! tree sink below records the line html5ever's tokenizer reports for every
//! piece of text it appends, and the renderer carries those lines through
//! to offsets of the rendered text ([`Rendered::source_line`]).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{ElementRef, Html, HtmlTreeSink, Node};

use crate::error::{Error, ErrorKind, Location, Result};

/// The visible text of an HTML document and what its head declares.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub text: String,
    pub title: Option<String>,
    pub language: Option<String>,
    /// (byte offset in `text`, 1-based line of the HTML source), offsets
    /// increasing: from each offset on, the text came from that line.
    pub lines: Vec<(usize, u32)>,
}

impl Rendered {
    /// The line of the HTML source the rendered text at `offset` came from
    /// (`None` before the first text, or when the parser reported none).
    pub fn source_line(&self, offset: usize) -> Option<u32> {
        let k = self.lines.partition_point(|&(o, _)| o <= offset);
        k.checked_sub(1).map(|k| self.lines[k].1)
    }
}

/// A node of scraper's tree.
type NodeId = <HtmlTreeSink as TreeSink>::Handle;

/// Where the pieces of one text node came from: (byte offset in the node's
/// text where a piece starts, 1-based source line of the piece's first
/// character). html5ever appends a text node's content in pieces, one per
/// character token, and reports each token's line.
type Pieces = HashMap<NodeId, Vec<(usize, u32)>>;

/// scraper's tree sink, keeping the source line of every piece of text.
///
/// html5ever passes the tokenizer's line before each token; for a run of
/// characters that is the line where the run *ends* (its newlines are
/// counted as it is read), so a piece starts that many lines earlier.
struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u64>,
    pieces: RefCell<Pieces>,
}

impl LineSink {
    /// Hand `text` to scraper's sink with `insert`, then note where it
    /// starts on the text node `landed_in` names (scraper joins it to an
    /// adjacent text node, or makes a new one).
    fn insert_text(
        &self,
        text: StrTendril,
        insert: impl FnOnce(NodeOrText<NodeId>),
        landed_in: impl FnOnce(&Html) -> Option<NodeId>,
    ) {
        let len = text.len();
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
        insert(NodeOrText::AppendText(text));
        let html = self.inner.0.borrow();
        let Some(id) = landed_in(&html) else {
            return;
        };
        let Some(Node::Text(t)) = html.tree.get(id).map(|n| n.value()) else {
            return;
        };
        let line = self.line.get().saturating_sub(newlines).max(1);
        self.pieces.borrow_mut().entry(id).or_default().push((
            t.len().saturating_sub(len),
            u32::try_from(line).unwrap_or(u32::MAX),
        ));
    }
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = (Html, Pieces);
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> (Html, Pieces) {
        (self.inner.finish(), self.pieces.into_inner())
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendText(text) => self.insert_text(
                text,
                |t| self.inner.append(parent, t),
                |h| h.tree.get(*parent)?.last_child().map(|c| c.id()),
            ),
            node @ NodeOrText::AppendNode(_) => self.inner.append(parent, node),
        }
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        match new_node {
            NodeOrText::AppendText(text) => self.insert_text(
                text,
                |t| self.inner.append_before_sibling(sibling, t),
                |h| h.tree.get(*sibling)?.prev_sibling().map(|c| c.id()),
            ),
            node @ NodeOrText::AppendNode(_) => self.inner.append_before_sibling(sibling, node),
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        // As scraper does, through this sink's own two methods.
        let has_parent = self
            .inner
            .0
            .borrow()
            .tree
            .get(*element)
            .is_some_and(|e| e.parent().is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }
}

/// Parse a document as scraper's `Html::parse_document` does, keeping the
/// source line of every piece of text.
fn parse(html: &str) -> (Html, Pieces) {
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        pieces: RefCell::new(HashMap::new()),
    };
    html5ever::driver::parse_document(sink, html5ever::ParseOpts::default()).one(html)
}

const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "iframe", "button", "select",
    "option", "head", "object", "embed", "canvas", "audio", "video", "map", "input", "textarea",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "blockquote",
    "pre",
    "address",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "center",
    "body",
    "html",
    "hr",
];

/// Maximum element nesting rendered; deeper content is flattened into its
/// ancestor's text (never dropped) so hostile nesting cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

struct Renderer<'p> {
    out: String,
    /// Text of the block being built.
    line: String,
    /// Whether the current block is a list item.
    list_depth: usize,
    /// Source lines of the document's text nodes.
    pieces: &'p Pieces,
    /// Source lines of the block being built: (offset in `line`, line).
    pending: Vec<(usize, u32)>,
    /// Source lines of `out`: (offset in `out`, line), offsets increasing.
    marks: Vec<(usize, u32)>,
}

impl Renderer<'_> {
    fn flush(&mut self) {
        let (t, at) = collapse_marked(&self.line, &self.pending);
        self.line.clear();
        self.pending.clear();
        if t.is_empty() {
            return;
        }
        let base = self.out.len();
        // A block's first line also holds what the renderer put before its
        // text (a list item's `- `).
        let first = at.first().map(|&(_, l)| (base, l));
        self.marks.extend(
            first
                .into_iter()
                .chain(at.into_iter().skip(1).map(|(o, l)| (base + o, l))),
        );
        self.out.push_str(&t);
        self.out.push_str("\n\n");
    }

    fn push_text(&mut self, t: &str) {
        self.line.push_str(t);
    }

    /// Append a text node's text, escaped, noting the source line of each
    /// of its lines.
    fn push_node_text(&mut self, id: NodeId, t: &str) {
        for (seg, line) in source_lines(self.pieces, id, t) {
            if let Some(l) = line
                && !seg.trim().is_empty()
            {
                self.pending.push((self.line.len(), l));
            }
            self.line.push_str(&escape(seg));
        }
    }

    /// What `out` gets next (a heading, a table row) comes from `line`.
    fn mark_out(&mut self, line: Option<u32>) {
        if let Some(l) = line {
            self.marks.push((self.out.len(), l));
        }
    }

    /// The block being built gets `el`'s text next (flattened).
    fn mark_pending(&mut self, el: ElementRef<'_>) {
        if let Some(l) = first_line(self.pieces, el) {
            self.pending.push((self.line.len(), l));
        }
    }
}

/// A text node's text cut into lines of the source (each line keeps its
/// `\n`), with the source line each starts on; the whole text with no line
/// when the parser recorded none for it.
fn source_lines<'t>(pieces: &Pieces, id: NodeId, t: &'t str) -> Vec<(&'t str, Option<u32>)> {
    let Some(p) = pieces.get(&id).filter(|p| {
        p.first().is_some_and(|f| f.0 == 0)
            && p.windows(2).all(|w| w[0].0 <= w[1].0)
            && p.iter().all(|&(o, _)| t.is_char_boundary(o))
    }) else {
        return vec![(t, None)];
    };
    let mut out = Vec::with_capacity(p.len());
    for (k, &(start, first)) in p.iter().enumerate() {
        let end = p.get(k + 1).map_or(t.len(), |x| x.0);
        let mut line = first;
        for seg in t[start..end].split_inclusive('\n') {
            out.push((seg, Some(line)));
            line = line.saturating_add(1);
        }
    }
    out
}

/// The source line of the first non-blank text inside `el`.
fn first_line(pieces: &Pieces, el: ElementRef<'_>) -> Option<u32> {
    el.descendants().find_map(|n| match n.value() {
        Node::Text(t) => source_lines(pieces, n.id(), t)
            .into_iter()
            .find(|(seg, _)| !seg.trim().is_empty())
            .and_then(|(_, line)| line),
        _ => None,
    })
}

fn collapse(s: &str) -> String {
    collapse_marked(s, &[]).0
}

/// Collapse runs of whitespace (not NBSP) to one space and trim, carrying
/// `marks` (offsets in `s`, increasing) to offsets in the result: a mark
/// moves to the first character kept at or after it.
fn collapse_marked(s: &str, marks: &[(usize, u32)]) -> (String, Vec<(usize, u32)>) {
    let mut out = String::with_capacity(s.len());
    let mut at = Vec::new();
    let mut space = false;
    let mut next = 0;
    let mut want = None;
    for (i, c) in s.char_indices() {
        while let Some(&(_, l)) = marks.get(next).filter(|m| m.0 <= i) {
            want = Some(l);
            next += 1;
        }
        if c.is_whitespace() && c != '\u{a0}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            if let Some(l) = want.take() {
                at.push((out.len(), l));
            }
            out.push(c);
        }
    }
    (out, at)
}

fn hidden(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = v.attr("style") {
        return has_squeezed(style, "display:none") || has_squeezed(style, "visibility:hidden");
    }
    false
}

/// Whether `hay`, with its whitespace removed and ASCII letters lowercased,
/// contains `needle` (lowercase, no whitespace): `display: None` matches
/// `display:none`. Nothing is copied (inline styles are everywhere).
fn has_squeezed(hay: &str, needle: &str) -> bool {
    let squeezed = |from: usize| {
        hay[from..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
    };
    let first = needle.chars().next();
    hay.char_indices().any(|(i, c)| {
        Some(c.to_ascii_lowercase()) == first && {
            let mut rest = squeezed(i);
            needle.chars().all(|n| rest.next() == Some(n))
        }
    })
}

/// Escape characters that the Markdown segmenter would read as markup.
fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '|' | '\\' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text of an element (for cells and headings), flattened.
fn inline_text(el: ElementRef<'_>, depth: usize) -> String {
    let mut s = String::new();
    for child in el.children() {
        match child.value() {
            Node::Text(t) => s.push_str(&escape(t)),
            Node::Element(e) => {
                if let Some(c) = ElementRef::wrap(child) {
                    let name = e.name();
                    if DROP.contains(&name) || hidden(&c) {
                        continue;
                    }
                    if name == "br" {
                        s.push(' ');
                        continue;
                    }
                    let block = BLOCK.contains(&name) || name == "li" || name == "p";
                    if block {
                        s.push(' ');
                    }
                    if depth < MAX_DEPTH {
                        s.push_str(&inline_text(c, depth + 1));
                    } else {
                        s.push_str(&escape(&c.text().collect::<String>()));
                    }
                    if block {
                        s.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    s
}

fn walk(r: &mut Renderer<'_>, el: ElementRef<'_>, depth: usize) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => r.push_node_text(child.id(), t),
            Node::Element(e) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                if DROP.contains(&name) || hidden(&c) {
                    continue;
                }
                if depth >= MAX_DEPTH {
                    r.mark_pending(c);
                    r.push_text(&escape(&c.text().collect::<String>()));
                    r.push_text(" ");
                    continue;
                }
                match name {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        r.flush();
                        let level = usize::from(name.as_bytes()[1] - b'0');
                        let text = collapse(&inline_text(c, depth + 1));
                        if !text.is_empty() {
                            r.mark_out(first_line(r.pieces, c));
                            r.out.push_str(&"#".repeat(level));
                            r.out.push(' ');
                            r.out.push_str(&text);
                            r.out.push_str("\n\n");
                        }
                    }
                    "li" => {
                        r.flush();
                        r.list_depth += 1;
                        r.line.push_str("- ");
                        walk(r, c, depth + 1);
                        r.list_depth -= 1;
                        if r.line.trim() == "-" {
                            r.line.clear();
                        }
                        r.flush();
                    }
                    "tr" => {
                        r.flush();
                        let cells: Vec<String> = c
                            .children()
                            .filter_map(ElementRef::wrap)
                            .filter(|cell| {
                                matches!(cell.value().name(), "td" | "th") && !hidden(cell)
                            })
                            .map(|cell| collapse(&inline_text(cell, depth + 1)))
                            .collect();
                        if cells.iter().any(|x| !x.is_empty()) {
                            r.mark_out(first_line(r.pieces, c));
                            r.out.push_str("| ");
                            r.out.push_str(&cells.join(" | "));
                            r.out.push_str(" |\n\n");
                        }
                    }
                    "table" | "thead" | "tbody" | "tfoot" | "caption" => {
                        r.flush();
                        walk(r, c, depth + 1);
                        r.flush();
                    }
                    "br" => r.push_text("\n"),
                    "p" => {
                        r.flush();
                        // A paragraph that is only bold text reads as a heading.
                        let only_bold =
                            c.children().all(|n| match n.value() {
                                Node::Text(t) => t.trim().is_empty(),
                                Node::Element(e) => matches!(e.name(), "strong" | "b"),
                                _ => true,
                            }) && c.children().any(|n| matches!(n.value(), Node::Element(_)));
                        if only_bold {
                            let t = collapse(&inline_text(c, depth + 1));
                            if !t.is_empty() {
                                r.mark_out(first_line(r.pieces, c));
                                r.out.push_str("**");
                                r.out.push_str(&t);
                                r.out.push_str("**\n\n");
                            }
                        } else {
                            walk(r, c, depth + 1);
                            r.flush();
                        }
                    }
                    _ if BLOCK.contains(&name) => {
                        if r.list_depth == 0 {
                            r.flush();
                        } else {
                            r.push_text(" ");
                        }
                        walk(r, c, depth + 1);
                        if r.list_depth == 0 {
                            r.flush();
                        }
                    }
                    _ => walk(r, c, depth + 1),
                }
            }
            _ => {}
        }
    }
}

/// Elements that never contain others (void) or that the parser closes by
/// itself when a sibling starts (`p`, `li`, table parts ...): they do not
/// deepen the parser's stack of open elements, so they are not counted.
const NOT_NESTING: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td",
    "th", "option", "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot", "colgroup",
    "caption", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Refuse HTML nested deeper than `max_depth` elements, in one linear scan
/// before parsing: the HTML5 tree builder looks through the whole stack of
/// open elements for many tags, so deep nesting makes parsing quadratic
/// (10,000 nested `div`s take a second; a 32 MiB file of them would never
/// finish). The count is an upper bound on the parser's stack: start tags
/// of elements that nest, minus end tags; comments and raw text skipped.
pub(crate) fn check_depth(html: &str, max_depth: usize) -> Result<()> {
    let b = html.as_bytes();
    let find = |from: usize, pat: &[u8]| -> usize {
        memchr::memmem::find(&b[from.min(b.len())..], pat).map_or(b.len(), |k| from + k)
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + k;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(lt + 4, b"-->");
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // `<!DOCTYPE`, `<?xml`, a stray `<`: not an element.
            i = lt + 1;
            continue;
        }
        let name_end = b[name_start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
            .map_or(b.len(), |n| name_start + n);
        let name = html[name_start..name_end].to_ascii_lowercase();
        // The end of the tag: the first `>` outside quoted attribute values.
        let mut j = name_end;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let self_closing = j > name_end && b[j - 1] == b'/';
        i = (j + 1).min(b.len());
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if RAW_TEXT.contains(&name.as_str()) {
            // Skip to the end tag (case-insensitively).
            let end = format!("</{name}");
            let lower_at = |k: usize| {
                b[k..].len() >= end.len()
                    && b[k..k + end.len()].eq_ignore_ascii_case(end.as_bytes())
            };
            let mut k = i;
            while let Some(n) = memchr::memchr(b'<', &b[k.min(b.len())..]) {
                k += n;
                if lower_at(k) {
                    break;
                }
                k += 1;
            }
            i = k.min(b.len());
        } else if !self_closing {
            depth += 1;
            if depth > max_depth {
                return Err(Error::new(
                    ErrorKind::Limit,
                    format!(
                        "HTML elements nested deeper than {max_depth} levels (raise it with ImportOptions::max_depth / --max-depth)"
                    ),
                )
                .at(Location::at_offset(b, lt)));
            }
        }
    }
    Ok(())
}

/// Render an HTML document's visible text.
pub(crate) fn render(html: &str) -> Rendered {
    let (doc, pieces) = parse(html);
    let root = doc.root_element();
    let title = doc
        .select(&scraper::Selector::parse("title").expect("static selector"))
        .next()
        .map(|t| collapse(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let language = root
        .value()
        .attr("lang")
        .map(str::to_owned)
        .filter(|l| !l.is_empty());
    let mut r = Renderer {
        out: String::new(),
        line: String::new(),
        list_depth: 0,
        pieces: &pieces,
        pending: Vec::new(),
        marks: Vec::new(),
    };
    walk(&mut r, root, 0);
    r.flush();
    Rendered {
        text: r.out,
        title,
        language,
        lines: r.marks,
    }
}

/// Whether bytes look like HTML (for format detection).
pub(crate) fn looks_like_html(head: &str) -> bool {
    let l = head
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .to_ascii_lowercase();
    l.starts_with("<!doctype html")
        || l.starts_with("<html")
        || l.starts_with("<head")
        || l.starts_with("<body")
        || (l.starts_with('<')
            && [
                "<p>", "<p ", "<div", "<h1", "<h2", "<ul", "<br", "<table", "<span",
            ]
            .iter()
            .any(|t| l.contains(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_structure_drops_invisible() {
        let html = r#"<!doctype html><html lang="en"><head><title>Acme Privacy</title><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav><script>var x = "We sell data";</script>
<h1>Privacy Policy</h1><p>We collect your <b>email</b> address.<br>We never sell it.</p>
<p><strong>Cookies</strong></p><ul><li>Session cookies</li><li>Persistent cookies</li></ul>
<table><tr><th>Data</th><th>Retention</th></tr><tr><td>Logs</td><td>60 days</td></tr></table>
<div hidden>secret</div><div style="display: none">also secret</div><p>Use *stars* and [brackets]</p></body></html>"#;
        let r = render(html);
        assert_eq!(r.title.as_deref(), Some("Acme Privacy"));
        assert_eq!(r.language.as_deref(), Some("en"));
        assert!(r.text.contains("# Privacy Policy\n"));
        assert!(
            r.text
                .contains("We collect your email address. We never sell it.")
        );
        assert!(r.text.contains("**Cookies**"));
        assert!(r.text.contains("- Session cookies"));
        assert!(r.text.contains("| Logs | 60 days |"));
        assert!(!r.text.contains("sell data"));
        assert!(!r.text.contains("Home"));
        assert!(!r.text.contains("secret"));
        assert!(r.text.contains("\\*stars\\*"));
    }

    #[test]
    fn inline_styles_that_hide() {
        for style in [
            "display:none",
            "Display : NONE ;",
            "color: red; visibility:\thidden",
            "dis play: no ne",
        ] {
            assert!(
                has_squeezed(style, "display:none") || has_squeezed(style, "visibility:hidden"),
                "{style}"
            );
        }
        for style in [
            "text-decoration: none; overflow: hidden",
            "display: block",
            "visibility: visible",
            "border:none",
            "",
        ] {
            assert!(
                !has_squeezed(style, "display:none") && !has_squeezed(style, "visibility:hidden"),
                "{style}"
            );
        }
        let r = render(
            r#"<p style="overflow: hidden">kept</p><p style="COLOR:red; Display: None">gone</p>"#,
        );
        assert!(r.text.contains("kept"));
        assert!(!r.text.contains("gone"));
    }

    /// The source line of the rendered text where `needle` starts.
    fn line_of(r: &Rendered, needle: &str) -> Option<u32> {
        let at = r
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not rendered"));
        r.source_line(at)
    }

    #[test]
    fn rendered_text_knows_its_source_lines() {
        let html = "<!DOCTYPE html>\n<html><head><title>P</title>\n<script>\nvar a = 1;\n</script></head>\n<body>\n\
            <h1>Privacy\n  Policy</h1>\n\
            <p>We collect your\nemail address. We keep it\nfor 60 days.</p>\n\
            <ul>\n  <li>We share it with <b>Stripe</b>.</li>\n  <li>We do not sell it.</li>\n</ul>\n\
            <table>\n<tr><td>Cookies</td>\n<td>Analytics</td></tr>\n</table>\n\
            <p><strong>Contact</strong></p>\n\
            <p>Tom &amp;\nJerry &#x41;nswer.</p>\n</body></html>\n";
        let r = render(html);
        // Lines: 7 <h1>, 9 <p>, 10 "email address. We keep it", 13 and 14 the
        // list items, 17 the row, 20 the bold paragraph, 21 and 22 the last <p>.
        assert_eq!(line_of(&r, "# Privacy Policy"), Some(7));
        assert_eq!(line_of(&r, "We collect"), Some(9));
        assert_eq!(line_of(&r, "email address."), Some(10));
        assert_eq!(line_of(&r, "We keep it"), Some(10));
        assert_eq!(line_of(&r, "for 60 days"), Some(11));
        // A list item's `- ` belongs to the line of its text.
        assert_eq!(line_of(&r, "- We share it"), Some(13));
        assert_eq!(line_of(&r, "Stripe"), Some(13));
        assert_eq!(line_of(&r, "- We do not sell"), Some(14));
        assert_eq!(line_of(&r, "| Cookies | Analytics |"), Some(17));
        assert_eq!(line_of(&r, "**Contact**"), Some(20));
        assert_eq!(line_of(&r, "Tom & Jerry"), Some(21));
        assert_eq!(line_of(&r, "Jerry"), Some(22));
        assert_eq!(line_of(&r, "Answer."), Some(22));
        // Nothing of the script, and every offset before the first text has none.
        assert_eq!(r.source_line(0), Some(7));
        assert!(r.lines.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn source_lines_with_crlf_and_without_newlines() {
        let r = render("<html>\r\n<body>\r\n<p>One.</p>\r\n<p>Two\r\nthree.</p>\r\n</body></html>");
        assert_eq!(line_of(&r, "One."), Some(3));
        assert_eq!(line_of(&r, "Two"), Some(4));
        assert_eq!(line_of(&r, "three."), Some(5));
        let r = render("<p>All on one line.</p><p>Still line one.</p>");
        assert_eq!(line_of(&r, "Still"), Some(1));
    }

    #[test]
    fn deep_nesting_does_not_overflow_and_keeps_text() {
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let r = render(&html);
        assert!(r.text.contains("deep text"));
    }
}
