//! HTML: parsed with a real HTML5 parser (html5ever, through `scraper`),
//! rendered to Markdown-like text that keeps the document's structure
//! (headings as `#`, list items as `-`, table rows as `| a | b |`, bold-only
//! paragraphs as `**...**`), then segmented like Markdown.
//!
//! Only visible text is kept: `script`, `style`, `noscript`, `template`,
//! `svg`, `nav`, `iframe`, `button`, `select`, `head` and elements marked
//! `hidden`, `aria-hidden="true"` or `display:none` are dropped. Evidence spans
//! index the rendered text ([`crate::SpanBase::RenderedText`]).

use scraper::{ElementRef, Html, Node};

use crate::error::{Error, ErrorKind, Location, Result};

/// The visible text of an HTML document and what its head declares.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub text: String,
    pub title: Option<String>,
    pub language: Option<String>,
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

struct Renderer {
    out: String,
    /// Text of the block being built.
    line: String,
    /// Whether the current block is a list item.
    list_depth: usize,
}

impl Renderer {
    fn flush(&mut self) {
        let t = collapse(&self.line);
        self.line.clear();
        if t.is_empty() {
            return;
        }
        self.out.push_str(&t);
        self.out.push_str("\n\n");
    }

    fn push_text(&mut self, t: &str) {
        self.line.push_str(t);
    }
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn hidden(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = v.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
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

fn walk(r: &mut Renderer, el: ElementRef<'_>, depth: usize) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => r.push_text(&escape(t)),
            Node::Element(e) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                if DROP.contains(&name) || hidden(&c) {
                    continue;
                }
                if depth >= MAX_DEPTH {
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
    let doc = Html::parse_document(html);
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
    };
    walk(&mut r, root, 0);
    r.flush();
    Rendered {
        text: r.out,
        title,
        language,
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
