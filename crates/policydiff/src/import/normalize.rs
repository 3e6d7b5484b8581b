//! Text normalisation: encoding damage (mojibake), odd spaces, Markdown
//! inline markup.
//!
//! Mojibake is UTF-8 that was decoded as Windows-1252 (or Latin-1) and then
//! encoded as UTF-8 again: `’` (E2 80 99) becomes `â€™`. The repair maps each
//! suspicious run back to Windows-1252 bytes and keeps the result only when
//! those bytes are valid UTF-8, so ordinary accented text is left alone.

/// Windows-1252 characters in 0x80..=0x9F, by byte.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The Windows-1252 byte for `c`, if it has one. Undefined 1252 positions
/// are treated as the Latin-1 C1 control of the same value.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 {
        return Some(u as u8);
    }
    if (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    if (0x80..=0x9F).contains(&u) {
        // C1 control: only valid where 1252 leaves the byte undefined, but
        // Latin-1 decoders produce these for any of 0x80..=0x9F.
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&x| x == Some(c))
        .map(|i| 0x80 + i as u8)
}

/// Whether `s` likely contains mojibake (cheap pre-check).
pub(crate) fn has_mojibake(s: &str) -> bool {
    repair_if_damaged(s).is_some()
}

/// The repaired text when `s` has mojibake; a cheap byte check first, so
/// undamaged text costs one `memchr` pass.
fn repair_if_damaged(s: &str) -> Option<String> {
    // Every mojibake lead character (Â Ã â Ä Å Æ Ç Î Ï Ð ð ï ...) is U+00C0..U+00FF,
    // encoded in UTF-8 as 0xC3 followed by one byte: text without 0xC3 has none.
    // Those twelve, as the byte after 0xC3: found without decoding the
    // text (accented letters such as é also start with 0xC3).
    let b = s.as_bytes();
    let lead = |i: usize| {
        matches!(
            b.get(i + 1),
            Some(0x82 | 0x83 | 0xA2 | 0x84 | 0x85 | 0x86 | 0x87 | 0x8E | 0x8F | 0x90 | 0xB0 | 0xAF)
        )
    };
    if !memchr::memchr_iter(0xC3, b).any(lead) {
        return None;
    }
    repair_mojibake(s)
}

/// Repair mojibake; `None` when nothing was repaired.
pub(crate) fn repair_mojibake(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let lead = cp1252_byte(c).unwrap_or(0);
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need > 0 && i + need < chars.len() + 1 && !c.is_ascii() {
            let mut bytes = vec![lead];
            let mut ok = true;
            for k in 1..=need {
                match chars.get(i + k).and_then(|&n| cp1252_byte(n)) {
                    Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && let Ok(fixed) = std::str::from_utf8(&bytes) {
                out.push_str(fixed);
                i += need + 1;
                changed = true;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// Characters treated as spaces.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

/// Collapse whitespace (including NBSP and friends) to single spaces, drop
/// zero-width characters and soft hyphens, trim.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    // Fast path: ASCII text with single spaces only needs trimming.
    let b = s.as_bytes();
    let mut simple = true;
    let mut prev_space = false;
    for &c in b {
        let space = c.is_ascii_whitespace();
        if c >= 0x80 || space && (prev_space || c != b' ') {
            simple = false;
            break;
        }
        prev_space = space;
    }
    if simple {
        return s.trim_matches(' ').to_owned();
    }
    // Kept characters are copied a run at a time, not one by one; only
    // non-ASCII characters are decoded.
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (dropped, space, len) = if b[i] < 0x80 {
            // The ASCII characters `char::is_whitespace` accepts.
            (false, matches!(b[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            let dropped = c == '\u{ad}' || c == '\u{200c}' || c == '\u{200d}';
            (dropped, !dropped && is_space(c), c.len_utf8())
        };
        if dropped || space {
            if let Some(r) = run.take() {
                out.push_str(&s[r..i]);
            }
            if space {
                pending_space = !out.is_empty();
            }
        } else if run.is_none() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            run = Some(i);
        }
        i += len;
    }
    if let Some(r) = run {
        out.push_str(&s[r..]);
    }
    out
}

/// Remove Markdown inline markup: emphasis, links (`[text](url)` → text),
/// images (→ alt text), inline code ticks, backslash escapes, `<br>`.
pub(crate) fn strip_markdown_inline(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if i + 1 < b.len() && b[i + 1].is_ascii_punctuation() => {
                out.push(b[i + 1] as char);
                i += 2;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                i += 1;
            }
            b'[' => {
                // [text](url) or [text][ref]: keep text, drop the target.
                if let Some(close) = find_matching(b, i, b'[', b']') {
                    let inner = &s[i + 1..close];
                    let after = close + 1;
                    if b.get(after) == Some(&b'(')
                        && let Some(end) = find_matching(b, after, b'(', b')')
                    {
                        out.push_str(&strip_markdown_inline(inner));
                        i = end + 1;
                        continue;
                    }
                    out.push_str(&strip_markdown_inline(inner));
                    i = close + 1;
                    continue;
                }
                out.push('[');
                i += 1;
            }
            b'*' => {
                i += 1;
            }
            b'_' => {
                // Only emphasis underscores at word boundaries (keep snake_case, e-mail addresses).
                let prev_word = i > 0 && b[i - 1].is_ascii_alphanumeric();
                let next_word = i + 1 < b.len() && b[i + 1].is_ascii_alphanumeric();
                if prev_word && next_word {
                    out.push('_');
                }
                i += 1;
            }
            b'`' => {
                i += 1;
            }
            b'<' => {
                let rest = &s[i..];
                let lower = rest.get(..6).unwrap_or(rest).to_ascii_lowercase();
                if lower.starts_with("<br>") {
                    out.push(' ');
                    i += 4;
                } else if lower.starts_with("<br/>") {
                    out.push(' ');
                    i += 5;
                } else if lower.starts_with("<br />") {
                    out.push(' ');
                    i += 6;
                } else if let Some(len) = html_tag_len(&b[i..]) {
                    // Raw HTML in Markdown is markup, not text: `<a
                    // id="x" class="y">`, `</span >`. An autolink keeps its
                    // address: `<https://example.com>`.
                    let inner = &s[i + 1..i + len - 1];
                    if is_autolink(inner) {
                        out.push_str(inner);
                    } else {
                        out.push(' ');
                    }
                    i += len;
                } else {
                    out.push('<');
                    i += 1;
                }
            }
            _ => {
                // Copy one UTF-8 character.
                let ch_len = utf8_len(c);
                out.push_str(&s[i..(i + ch_len).min(s.len())]);
                i += ch_len;
            }
        }
    }
    out
}

/// The length of the HTML tag or autolink at the start of `b` (`<` ...
/// `>` on one line, at most 512 bytes): `<name ...>`, `</name>`, `<name/>`,
/// `<scheme:...>` or `<user@host>`.
fn html_tag_len(b: &[u8]) -> Option<usize> {
    let close = 1 + b
        .iter()
        .skip(1)
        .take(512)
        .position(|&c| c == b'>' || c == b'<' || c == b'\n')?;
    if b[close] != b'>' || close < 2 {
        return None;
    }
    let inner = &b[1..close];
    let name = inner.strip_prefix(b"/").unwrap_or(inner);
    let name_len = name
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let tag = name.first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .get(name_len)
            .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/');
    let autolink = is_autolink(std::str::from_utf8(inner).ok()?);
    (tag || autolink).then_some(close + 1)
}

/// `https://example.com` or `privacy@example.com` inside angle brackets.
fn is_autolink(inner: &str) -> bool {
    !inner.contains(char::is_whitespace)
        && (inner.split_once(':').is_some_and(|(scheme, rest)| {
            (2..=32).contains(&scheme.len())
                && scheme
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
                && !rest.is_empty()
        }) || inner
            .split_once('@')
            .is_some_and(|(u, h)| !u.is_empty() && h.contains('.')))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn find_matching(b: &[u8], open_at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open_at) {
        if c == b'\n' && k > open_at + 1 && b.get(k + 1) == Some(&b'\n') {
            return None;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
        if k - open_at > 2000 {
            return None;
        }
    }
    None
}

/// The normalised text of a passage: mojibake repaired, Markdown markup
/// removed (when `markdown`), whitespace collapsed.
pub(crate) fn normalize(s: &str, markdown: bool) -> String {
    let repaired = repair_if_damaged(s);
    let s = repaired.as_deref().unwrap_or(s);
    // `!` is markup only before `[`, so it needs no check of its own.
    if markdown
        && s.bytes()
            .any(|b| matches!(b, b'\\' | b'[' | b'*' | b'_' | b'`' | b'<'))
    {
        collapse_whitespace(&strip_markdown_inline(s))
    } else {
        collapse_whitespace(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(repair_mojibake("Weâ€™re").as_deref(), Some("We’re"));
        assert_eq!(
            repair_mojibake("â€œquotedâ€\u{9d}").as_deref(),
            Some("“quoted”")
        );
        assert_eq!(repair_mojibake("cafÃ©").as_deref(), Some("café"));
        assert_eq!(
            repair_mojibake("dataÂ\u{a0}protection").as_deref(),
            Some("data\u{a0}protection")
        );
        assert_eq!(repair_mojibake("â€“ dash").as_deref(), Some("– dash"));
    }

    #[test]
    fn leaves_real_text_alone() {
        assert_eq!(repair_mojibake("café résumé naïve"), None);
        assert_eq!(repair_mojibake("Ça va? À bientôt"), None);
        assert_eq!(repair_mojibake("plain ascii"), None);
    }

    /// The character-by-character definition `collapse_whitespace` keeps.
    fn collapse_reference(s: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.chars() {
            if c == '\u{ad}' || c == '\u{200c}' || c == '\u{200d}' {
                continue;
            }
            if is_space(c) {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn collapse_copies_runs_as_the_reference_collapses_characters() {
        // Every string of up to four pieces from a set that mixes spaces,
        // dropped characters, ASCII and non-ASCII text (the fast ASCII path
        // aside: those strings are only trimmed).
        let pieces = [
            "a", "é", " ", "\u{a0}", "\u{ad}", "\u{200d}", "\t\n", "’s", "\u{feff}", "xy", "\u{b}",
            "\u{85}", "\u{1c}",
        ];
        let n = pieces.len();
        for k in 0..n * n * n * n {
            let s: String = [k % n, k / n % n, k / (n * n) % n, k / (n * n * n)]
                .iter()
                .map(|&i| pieces[i])
                .collect();
            let s = format!("{s}\u{a0}");
            assert_eq!(collapse_whitespace(&s), collapse_reference(&s), "{s:?}");
        }
    }

    #[test]
    fn whitespace_and_markdown() {
        assert_eq!(
            collapse_whitespace("  a\u{a0}\u{a0}b\n\tc\u{200b} "),
            "a b c"
        );
        assert_eq!(
            strip_markdown_inline(
                "**Bold** and _em_ and [a link](https://x.y/(z)) and snake_case \\*"
            ),
            "Bold and em and a link and snake_case *"
        );
        assert_eq!(strip_markdown_inline("![alt text](img.png)"), "alt text");
        assert_eq!(strip_markdown_inline("a<br>b"), "a b");
        assert_eq!(
            collapse_whitespace(&strip_markdown_inline(
                "by clicking the <a id=\"ot\" class=\"ot-sdk-show-settings\">Do Not Sell</a> link"
            )),
            "by clicking the Do Not Sell link"
        );
        assert_eq!(
            strip_markdown_inline("write to <privacy@example.com> or <https://example.com/p>"),
            "write to privacy@example.com or https://example.com/p"
        );
        // Not tags: comparisons and stray brackets stay text.
        assert_eq!(
            strip_markdown_inline("ages < 13 and 3 <4> 5"),
            "ages < 13 and 3 <4> 5"
        );
        assert_eq!(
            normalize("Weâ€™ll  **never**\u{a0}sell", true),
            "We’ll never sell"
        );
    }
}
