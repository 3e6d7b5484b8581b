//! Plain text and Markdown: blocks (headings, paragraphs, list items, table
//! rows), then sections and sentences with byte spans into the source.
//!
//! Headings are recognised in the forms real policies use: Markdown ATX
//! (`## Title`) and setext (underlined) headings, whole-line bold text
//! (`**Cookies**`, `**Cookies::**`), numbered headings (`3. Sharing`,
//! `3.1 Service providers`, `IV. Retention`), question headings
//! (`What do we collect?`), ALL-CAPS lines, and short title lines standing
//! alone between blank lines.

use super::normalize::normalize;
use crate::model::{Section, Sentence, Span};

/// What a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A heading of level 1..=6.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A list item.
    ListItem,
    /// A table row (cells joined with `; `).
    TableRow,
}

/// A block of the document with its source span.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// Lines of `text` with their byte ranges (without the line terminator).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let bytes = text.as_bytes();
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let rest = &bytes[start..];
        let (len, term) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        let line = &text[start..start + len];
        let at = start;
        start += len + term;
        Some((at, line))
    })
}

/// Trimmed sub-span of `text[start..end]`.
fn trim_span(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trail = s.len() - s.trim_end_matches(is_space).len();
    if lead >= s.len() {
        return Span::new(start, start);
    }
    Span::new(start + lead, end - trail)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

fn atx_heading(t: &str) -> Option<(u8, usize)> {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = &t[hashes..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            if rest.trim().trim_end_matches('#').trim().is_empty() {
                return None;
            }
            return Some((hashes as u8, hashes));
        }
    }
    None
}

fn is_setext_underline(t: &str) -> Option<u8> {
    let t = t.trim();
    if t.len() >= 2 && t.bytes().all(|b| b == b'=') {
        Some(1)
    } else if t.len() >= 2 && t.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// A thematic break: three or more of one of `-`, `*`, `_`, spaces allowed
/// between them (tested on every line, so nothing is copied).
fn is_rule(t: &str) -> bool {
    let mut marks = t.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next() else {
        return false;
    };
    if !matches!(first, '-' | '*' | '_') {
        return false;
    }
    let mut n = 1;
    for c in marks {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

fn is_table_separator(t: &str) -> bool {
    t.starts_with('|')
        && t.contains('-')
        && t.bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// Length of a list marker (`- `, `* `, `• `, `1. `, `a) `), if the line starts with one.
fn list_marker(t: &str) -> Option<usize> {
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    if matches!(first, '-' | '*' | '+' | '•' | '·' | '◦' | '▪') {
        let next = t[first.len_utf8()..].chars().next();
        if matches!(next, Some(' ' | '\t')) {
            return Some(first.len_utf8() + 1);
        }
        return None;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ")) && !rest[2..].trim().is_empty() {
            return Some(digits + 2);
        }
    }
    None
}

fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['*', '_', ')', '"', '”', '’', '\'', ' ']);
    t.ends_with(['.', ',', ';', ':', '!'])
}

/// Numbered heading like `3. Sharing`, `3.1 Service providers`, `IV. Retention`, `A. Cookies`.
fn numbered_heading(t: &str) -> Option<u8> {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let level;
    let rest;
    if digits > 0 && digits <= 2 {
        let mut i = digits;
        let mut depth = 1;
        while i < b.len() && b[i] == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            depth += 1;
        }
        if i < b.len() && (b[i] == b'.' || b[i] == b')') {
            i += 1;
        }
        if i >= b.len() || b[i] != b' ' {
            return None;
        }
        level = if depth == 1 { 2 } else { 3 };
        rest = &t[i..];
    } else {
        let roman = b
            .iter()
            .take_while(|c| matches!(c, b'I' | b'V' | b'X'))
            .count();
        let letter = usize::from(b.first().is_some_and(u8::is_ascii_uppercase));
        let n = if roman > 0 { roman } else { letter };
        if n == 0 || n > 4 || !t[n..].starts_with(". ") {
            return None;
        }
        level = 2;
        rest = &t[n + 1..];
    }
    let rest = rest.trim();
    let first = rest.chars().next()?;
    if !first.is_uppercase() || words(rest) > 12 || ends_sentence(rest) {
        return None;
    }
    Some(level)
}

/// Whole-line bold: `**Title**`, `__Title__`, `**Title::**`.
fn bold_heading(t: &str) -> bool {
    for m in ["**", "__"] {
        if let Some(inner) = t.strip_prefix(m).and_then(|r| r.strip_suffix(m)) {
            let inner = inner.trim();
            return !inner.is_empty()
                && !inner.contains(m)
                && words(inner) <= 16
                && !inner.trim_end_matches(':').ends_with(['.', ','])
                && inner.chars().any(char::is_alphabetic);
        }
    }
    false
}

fn is_date_line(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    let l = l.trim_start_matches(['*', '_', ' ']);
    [
        "last updated",
        "last modified",
        "last revised",
        "effective",
        "updated",
        "revised",
        "version",
        "date",
        "posted",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// A single-line paragraph standing alone: is it a heading, and of which level?
fn plain_heading(t: &str) -> Option<u8> {
    let t = t.trim();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || t.len() > 160 || is_date_line(t) {
        return None;
    }
    if t.contains("http") || t.contains('@') || t.contains(" | ") {
        return None;
    }
    let n = words(t);
    // Question headings.
    if t.ends_with('?') && n <= 15 && t.chars().next().is_some_and(char::is_uppercase) {
        return Some(3);
    }
    // ALL CAPS lines.
    if n <= 12
        && t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return Some(2);
    }
    // Short title lines.
    if n <= 8
        && !ends_sentence(t)
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.ends_with('?')
    {
        let trimmed = t.trim_end_matches(':');
        if trimmed
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == ')')
        {
            return Some(3);
        }
    }
    None
}

/// Split text into blocks. `markdown` enables Markdown-only syntax.
pub(crate) fn blocks(text: &str, markdown: bool) -> Vec<Block> {
    let mut out = Vec::new();
    // Open paragraph: (start, end, number of lines, kind).
    let mut para: Option<(usize, usize, usize, BlockKind)> = None;
    let mut in_fence = false;

    fn flush(
        out: &mut Vec<Block>,
        text: &str,
        para: &mut Option<(usize, usize, usize, BlockKind)>,
        next_blank: bool,
    ) {
        if let Some((s, e, nlines, kind)) = para.take() {
            let span = trim_span(text, s, e);
            if span.is_empty() {
                return;
            }
            let src = &text[span.start..span.end];
            // Headings are short: only short single lines are worth normalising to check.
            let kind =
                if kind == BlockKind::Paragraph && nlines == 1 && next_blank && src.len() <= 400 {
                    match plain_heading(&normalize(src, true)) {
                        Some(level) => BlockKind::Heading(level),
                        None => kind,
                    }
                } else {
                    kind
                };
            out.push(Block { kind, span });
        }
    }

    let all: Vec<(usize, &str)> = lines(text).collect();
    for (idx, &(at, line)) in all.iter().enumerate() {
        let end = at + line.len();
        let t = line.trim_matches(is_space);
        let next_blank = all
            .get(idx + 1)
            .is_none_or(|(_, l)| l.trim_matches(is_space).is_empty());
        if markdown && (t.starts_with("```") || t.starts_with("~~~")) {
            flush(&mut out, text, &mut para, false);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            if !t.is_empty() {
                out.push(Block {
                    kind: BlockKind::Paragraph,
                    span: trim_span(text, at, end),
                });
            }
            continue;
        }
        if t.is_empty() {
            flush(&mut out, text, &mut para, true);
            continue;
        }
        if let Some((level, _)) = atx_heading(t) {
            flush(&mut out, text, &mut para, false);
            out.push(Block {
                kind: BlockKind::Heading(level),
                span: trim_span(text, at, end),
            });
            continue;
        }
        if let Some(level) = is_setext_underline(t)
            && let Some((s, e, 1, BlockKind::Paragraph)) = para
        {
            para = None;
            out.push(Block {
                kind: BlockKind::Heading(level),
                span: trim_span(text, s, e),
            });
            continue;
        }
        if is_rule(t) {
            flush(&mut out, text, &mut para, true);
            continue;
        }
        if t.starts_with('|') {
            flush(&mut out, text, &mut para, false);
            if !is_table_separator(t) {
                out.push(Block {
                    kind: BlockKind::TableRow,
                    span: trim_span(text, at, end),
                });
            }
            continue;
        }
        if bold_heading(t) && para.is_none_or(|(_, _, _, k)| k != BlockKind::ListItem || next_blank)
        {
            flush(&mut out, text, &mut para, false);
            out.push(Block {
                kind: BlockKind::Heading(3),
                span: trim_span(text, at, end),
            });
            continue;
        }
        if let Some(level) = numbered_heading(t)
            && (next_blank
                || para.is_none()
                    && all
                        .get(idx + 1)
                        .is_some_and(|(_, l)| list_marker(l.trim()).is_none() && words(l) > 12))
        {
            flush(&mut out, text, &mut para, false);
            out.push(Block {
                kind: BlockKind::Heading(level),
                span: trim_span(text, at, end),
            });
            continue;
        }
        if list_marker(t).is_some() || (markdown && t.starts_with('>')) {
            flush(&mut out, text, &mut para, false);
            let kind = if t.starts_with('>') {
                BlockKind::Paragraph
            } else {
                BlockKind::ListItem
            };
            para = Some((at, end, 1, kind));
            continue;
        }
        match &mut para {
            Some((_, e, n, _)) => {
                *e = end;
                *n += 1;
            }
            None => para = Some((at, end, 1, BlockKind::Paragraph)),
        }
    }
    flush(&mut out, text, &mut para, true);
    out
}

/// Common abbreviations that end with a period but not a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "llc", "u.s", "u.k", "no", "nos", "mr", "mrs",
    "ms", "dr", "st", "vs", "v", "art", "sec", "para", "cf", "approx", "dept", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "p", "pp", "ca", "civ",
    "cal", "stat", "ann", "s.a", "b.v", "n.v", "a.g", "g.m.b.h", "gmbh", "pty", "plc", "et al",
    "al",
];

/// Byte offsets (relative to `s`) where sentences end.
fn sentence_breaks(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    let mut breaks = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if matches!(c, b'.' | b'!' | b'?') {
            // Extend over closing quotes, brackets and emphasis.
            let mut j = i + 1;
            while j < b.len() {
                if matches!(b[j], b')' | b'"' | b'\'' | b'*' | b'_' | b']') {
                    j += 1;
                } else if s[j..].starts_with('”') || s[j..].starts_with('’') {
                    j += 3;
                } else {
                    break;
                }
            }
            let ws_end = {
                let mut k = j;
                loop {
                    if k < b.len()
                        && (b[k] == b' ' || b[k] == b'\t' || b[k] == b'\n' || b[k] == b'\r')
                    {
                        k += 1;
                    } else if s[k..].starts_with('\u{a0}') {
                        k += 2;
                    } else {
                        break;
                    }
                }
                k
            };
            if ws_end > j && ws_end < b.len() {
                let next = s[ws_end..].chars().next().unwrap_or(' ');
                let starts_new = next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(
                        next,
                        '"' | '“' | '(' | '[' | '*' | '_' | '‘' | '\'' | '•' | '-'
                    );
                if starts_new && !(c == b'.' && is_abbreviation(s, i)) {
                    breaks.push(j);
                    i = ws_end;
                    continue;
                }
            }
        }
        i += 1;
    }
    breaks
}

fn is_abbreviation(s: &str, dot: usize) -> bool {
    let before = &s[..dot];
    // Multi-byte whitespace (NBSP) must not split a character.
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = before[word_start..]
        .trim_start_matches(['*', '_', '('])
        .to_ascii_lowercase();
    if word.is_empty() {
        return false;
    }
    // Single capital letters ("J. Smith") and numbers in lists ("Section 1.") are not ends.
    if word.len() == 1 && word.chars().all(char::is_alphabetic) {
        return true;
    }
    ABBREVIATIONS.contains(&word.as_str())
}

/// Maximum sentence length in bytes before it is cut at a space (the
/// default; see `ImportOptions::max_sentence_bytes`).
#[cfg(test)]
pub(crate) const MAX_SENTENCE_BYTES: usize = super::DEFAULT_MAX_SENTENCE_BYTES;

/// Split a block into sentence spans, cutting sentences over `max` bytes
/// (counted in `cuts`).
fn sentence_spans(
    text: &str,
    span: Span,
    kind: BlockKind,
    max: usize,
    n_cut: &mut usize,
) -> Vec<Span> {
    let s = &text[span.start..span.end];
    let _ = kind;
    let mut cuts = sentence_breaks(s);
    cuts.push(s.len());
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        let mut piece_start = start;
        // Cut overlong sentences at spaces.
        while cut - piece_start > max {
            *n_cut += 1;
            let limit = floor_char_boundary(s, piece_start + max);
            let at = s[piece_start..limit]
                .rfind(' ')
                .map_or(limit, |k| piece_start + k + 1);
            // Always move on, by one character at least.
            let at = if at > piece_start {
                at
            } else {
                s[piece_start..]
                    .chars()
                    .next()
                    .map_or(cut, |c| piece_start + c.len_utf8())
            };
            let sp = trim_span(text, span.start + piece_start, span.start + at);
            if !sp.is_empty() {
                out.push(sp);
            }
            piece_start = at;
        }
        let sp = trim_span(text, span.start + piece_start, span.start + cut);
        if !sp.is_empty() {
            out.push(sp);
        }
        start = cut;
    }
    out
}

/// The largest character boundary of `s` at or before byte `i` (`s.len()`
/// past the end).
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Text of a heading without its markup.
fn heading_text(src: &str) -> String {
    let t = src.trim();
    let t = t.trim_start_matches('#').trim_end_matches('#');
    let mut h = normalize(t, true);
    while h.ends_with(':') {
        h.pop();
    }
    h.trim().to_owned()
}

/// Text of a list item or table row without its marker or pipes.
fn body_text(src: &str, kind: BlockKind, markdown: bool) -> String {
    if kind == BlockKind::TableRow {
        let cells: Vec<String> = src
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| normalize(c, markdown))
            .filter(|c| !c.is_empty())
            .collect();
        return cells.join("; ");
    }
    let t = src.trim_start();
    let t = match (kind, list_marker(t)) {
        (BlockKind::ListItem, Some(n)) => &t[n..],
        _ => t,
    };
    let t = if markdown {
        t.trim_start_matches('>')
    } else {
        t
    };
    normalize(t, markdown)
}

/// Build sections and sentences from blocks. `line_of` maps a byte offset to a line.
#[cfg(test)]
pub(crate) fn sections(text: &str, blocks: &[Block], markdown: bool) -> Vec<Section> {
    sections_with(text, blocks, markdown, MAX_SENTENCE_BYTES).0
}

/// [`sections`] with sentences cut at `max_sentence` bytes; also returns how
/// many cuts were made.
pub(crate) fn sections_with(
    text: &str,
    blocks: &[Block],
    markdown: bool,
    max_sentence: usize,
) -> (Vec<Section>, usize) {
    let mut cuts = 0;
    let line_index = LineIndex::new(text);
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<(u8, String)> = Vec::new();
    for block in blocks {
        let src = &text[block.span.start..block.span.end];
        match block.kind {
            BlockKind::Heading(level) => {
                let heading = heading_text(src);
                if heading.is_empty() {
                    continue;
                }
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                stack.push((level, heading.clone()));
                sections.push(Section {
                    heading: Some(heading),
                    level,
                    path: stack.iter().map(|(_, h)| h.clone()).collect(),
                    span: block.span,
                    line: line_index.line(block.span.start),
                    sentences: Vec::new(),
                });
            }
            kind => {
                if sections.is_empty() {
                    sections.push(Section {
                        heading: None,
                        level: 0,
                        path: Vec::new(),
                        span: Span::new(block.span.start, block.span.start),
                        line: line_index.line(block.span.start),
                        sentences: Vec::new(),
                    });
                }
                // A short list item is one sentence; its body is computed once.
                let mut item_body = None;
                if kind == BlockKind::ListItem {
                    let body = body_text(src, kind, markdown);
                    if body.len() < 200 {
                        item_body = Some(body);
                    }
                }
                let spans = if item_body.is_some() {
                    vec![block.span]
                } else {
                    sentence_spans(text, block.span, kind, max_sentence, &mut cuts)
                };
                let current = sections.last_mut().expect("a section exists");
                for sp in spans {
                    let piece = &text[sp.start..sp.end];
                    let body = if let Some(body) = item_body.take() {
                        body
                    } else if kind == BlockKind::Paragraph
                        && markdown
                        && piece.trim_start().starts_with('>')
                    {
                        // Blockquote: drop the markers of every line.
                        let unquoted: String = piece
                            .lines()
                            .map(|l| l.trim_start().trim_start_matches('>'))
                            .collect::<Vec<_>>()
                            .join("\n");
                        normalize(&unquoted, markdown)
                    } else if kind == BlockKind::Paragraph {
                        normalize(piece, markdown)
                    } else if kind == BlockKind::TableRow || sp.start == block.span.start {
                        body_text(piece, kind, markdown)
                    } else {
                        normalize(piece, markdown)
                    };
                    if body.is_empty() || !body.chars().any(char::is_alphanumeric) {
                        continue;
                    }
                    current.sentences.push(Sentence {
                        text: body,
                        span: sp,
                        line: line_index.line(sp.start),
                    });
                    current.span.end = current.span.end.max(sp.end);
                }
            }
        }
    }
    (sections, cuts)
}

/// Byte offset → 1-based line, by binary search over line starts.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let b = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        LineIndex { starts }
    }

    pub(crate) fn line(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thematic_breaks() {
        for t in [
            "---",
            "***",
            "___",
            "- - -",
            " *  * * *\t",
            "-\u{a0}-\u{a0}-",
        ] {
            assert!(is_rule(t), "{t:?}");
        }
        for t in ["", "--", "-*-", "--- a", "===", "—————", "-- -x"] {
            assert!(!is_rule(t), "{t:?}");
        }
    }

    fn heads(text: &str, md: bool) -> Vec<(Option<String>, u8, Vec<String>)> {
        let b = blocks(text, md);
        sections(text, &b, md)
            .into_iter()
            .map(|s| {
                (
                    s.heading,
                    s.level,
                    s.sentences.iter().map(|x| x.text.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn markdown_headings_paths_and_sentences() {
        let text = "# Privacy Policy\n\nIntro text. Second sentence.\n\n## What we collect\n\n- Your name\n- Your email address\n\nSetext\n------\n\nWe use cookies (e.g. session cookies). They expire.\n";
        let b = blocks(text, true);
        let s = sections(text, &b, true);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].heading.as_deref(), Some("Privacy Policy"));
        assert_eq!(s[0].sentences.len(), 2);
        assert_eq!(s[1].path, vec!["Privacy Policy", "What we collect"]);
        assert_eq!(s[1].sentences[0].text, "Your name");
        assert_eq!(s[2].heading.as_deref(), Some("Setext"));
        assert_eq!(
            s[2].sentences
                .iter()
                .map(|x| x.text.as_str())
                .collect::<Vec<_>>(),
            vec!["We use cookies (e.g. session cookies).", "They expire."]
        );
        for sec in &s {
            for sen in &sec.sentences {
                assert!(!text[sen.span.start..sen.span.end].starts_with(' '));
            }
        }
    }

    #[test]
    fn plain_text_heading_forms() {
        let text = "Why we collect your personal information?\n\nWe collect it to serve you.\n\nCOOKIES\n\nWe use cookies.\n\n3. Sharing With Others\n\nWe share with processors.\n\n**Retention::**\n\nWe keep data for 60 days.\n\nSWREG\n\nSWREG is a payment processor.\n\nLast updated: March 1, 2020\n";
        let h = heads(text, true);
        let names: Vec<_> = h.iter().map(|x| x.0.clone().unwrap_or_default()).collect();
        assert_eq!(
            names,
            vec![
                "Why we collect your personal information?",
                "COOKIES",
                "3. Sharing With Others",
                "Retention",
                "SWREG"
            ]
        );
        assert_eq!(
            h[4].2,
            vec![
                "SWREG is a payment processor.",
                "Last updated: March 1, 2020"
            ]
        );
    }

    #[test]
    fn tables_lists_and_abbreviations() {
        let text = "| Category | Example |\n| --- | --- |\n| Contact | Name, e-mail |\n\n1. We collect your name, e.g. John. We do not sell it.\n";
        let h = heads(text, true);
        assert_eq!(h[0].2[0], "Category; Example");
        assert_eq!(h[0].2[1], "Contact; Name, e-mail");
        assert!(
            h[0].2
                .contains(&"We collect your name, e.g. John. We do not sell it.".to_string())
        );
    }

    #[test]
    fn crlf_and_line_numbers() {
        let text = "Title Here\r\n\r\nFirst. Second sentence here.\r\nThird line.\r\n";
        let b = blocks(text, false);
        let s = sections(text, &b, false);
        let lines: Vec<u32> = s[0].sentences.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![3, 3, 4]);
    }

    #[test]
    fn overlong_sentences_are_cut() {
        let text = "word ".repeat(3000);
        let b = blocks(&text, false);
        let s = sections(&text, &b, false);
        assert!(s[0].sentences.len() >= 3);
        assert!(
            s[0].sentences
                .iter()
                .all(|x| x.span.len() <= MAX_SENTENCE_BYTES)
        );
    }
}
