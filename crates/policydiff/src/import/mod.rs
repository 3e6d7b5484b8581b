//! Importers: bytes in any supported format → [`Policy`].
//!
//! ```text
//! bytes ─ detect ─▶ text | markdown | html ─▶ sections & sentences ─▶ extract ─▶ Policy
//!                └▶ p3p | p3p compact ──────────────────────────────────────────▶ Policy
//! ```

pub(crate) mod decode;
pub(crate) mod extract;
pub(crate) mod html;
pub(crate) mod normalize;
pub mod p3p;
pub(crate) mod text;

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::lexicon::Lexicon;
use crate::model::{Diagnostic, Evidence, Policy, Severity, Source, SourceFormat, SpanBase};

/// Default maximum input size: 32 MiB.
pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;
/// Default maximum element nesting depth (XML and HTML).
pub const DEFAULT_MAX_DEPTH: usize = 256;
/// Default maximum number of XML elements.
pub const DEFAULT_MAX_ELEMENTS: usize = 1_000_000;
/// Default maximum sentence length in bytes; longer ones are cut at a space.
pub const DEFAULT_MAX_SENTENCE_BYTES: usize = 4_000;
/// Default maximum total size of the evidence (quotes and element paths) of
/// one imported policy: 64 MiB.
pub const DEFAULT_MAX_EVIDENCE_BYTES: usize = 64 * 1024 * 1024;
/// The smallest sentence limit honoured (smaller values are raised to it).
const MIN_SENTENCE_BYTES: usize = 16;

/// Input format, or `Auto` to detect it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Detect from the file name and the content.
    #[default]
    Auto,
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// P3P policy or policy reference file (XML).
    P3p,
    /// P3P compact policy (`CP="..."`).
    P3pCompact,
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "auto" => Format::Auto,
            "text" | "txt" | "plain" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "p3p" | "xml" => Format::P3p,
            "p3p-cp" | "p3p_cp" | "cp" | "compact" => Format::P3pCompact,
            other => {
                return Err(Error::new(
                    ErrorKind::Format,
                    format!(
                        "unknown format `{other}` (expected auto, text, markdown, html, p3p or p3p-cp)"
                    ),
                ));
            }
        })
    }
}

/// Options for importing a policy.
///
/// ```
/// use policydiff::{ImportOptions, Format};
/// let opts = ImportOptions::new().format(Format::Markdown).max_bytes(1 << 20);
/// let policy = policydiff::import_bytes(b"# Privacy\n\nWe collect your email address.", &opts).unwrap();
/// assert_eq!(policy.sections[0].heading.as_deref(), Some("Privacy"));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The input format.
    pub format: Format,
    /// A file name, used only as a hint for format detection.
    pub file_name: Option<String>,
    /// Refuse inputs larger than this many bytes.
    pub max_bytes: usize,
    /// Refuse XML (P3P) and HTML nested deeper than this many elements.
    pub max_depth: usize,
    /// Refuse XML (P3P) with more than this many elements.
    pub max_elements: usize,
    /// Cut sentences longer than this many bytes at a space (a diagnostic
    /// `sentence_cut` says how many were cut).
    pub max_sentence_bytes: usize,
    /// Refuse a policy whose evidence (quotes and element paths, summed over
    /// every statement) is larger than this many bytes.
    pub max_evidence_bytes: usize,
    /// The lexicon used to recognise practices in text.
    pub lexicon: Option<Arc<Lexicon>>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: Format::Auto,
            file_name: None,
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_elements: DEFAULT_MAX_ELEMENTS,
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
            max_evidence_bytes: DEFAULT_MAX_EVIDENCE_BYTES,
            lexicon: None,
        }
    }
}

impl ImportOptions {
    /// Default options: auto-detect, 32 MiB limit, built-in lexicon.
    pub fn new() -> ImportOptions {
        ImportOptions::default()
    }

    /// Set the input format.
    #[must_use]
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Set the file name used as a detection hint.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Set the maximum input size in bytes.
    #[must_use]
    pub fn max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }

    /// Set the maximum element nesting depth (XML and HTML).
    #[must_use]
    pub fn max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// Set the sentence length (bytes) over which sentences are cut.
    #[must_use]
    pub fn max_sentence_bytes(mut self, n: usize) -> Self {
        self.max_sentence_bytes = n;
        self
    }

    /// Set the maximum total evidence size in bytes.
    #[must_use]
    pub fn max_evidence_bytes(mut self, n: usize) -> Self {
        self.max_evidence_bytes = n;
        self
    }

    /// Set the maximum number of XML elements.
    #[must_use]
    pub fn max_elements(mut self, n: usize) -> Self {
        self.max_elements = n;
        self
    }

    /// Use a custom (e.g. extended) lexicon.
    #[must_use]
    pub fn lexicon(mut self, lexicon: Arc<Lexicon>) -> Self {
        self.lexicon = Some(lexicon);
        self
    }

    pub(crate) fn lexicon_ref(&self) -> &Lexicon {
        match &self.lexicon {
            Some(l) => l,
            None => Lexicon::builtin(),
        }
    }
}

/// Detect the format of `bytes` (with an optional file name as a hint).
pub fn detect_format(bytes: &[u8], file_name: Option<&str>) -> Format {
    let ext = file_name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let head_len = bytes.len().min(4096);
    let head = String::from_utf8_lossy(&bytes[..head_len]);
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let lower = head.to_ascii_lowercase();
    if lower.starts_with("cp=") || lower.starts_with("p3p:") || lower.starts_with("p3p ") {
        return Format::P3pCompact;
    }
    if lower.starts_with('<') && !html::looks_like_html(head) {
        let is_p3p = ["<policies", "<policy", "<meta", "<p3p:", "<?xml"]
            .iter()
            .any(|p| lower.contains(p));
        if is_p3p || matches!(ext.as_deref(), Some("xml" | "p3p")) {
            return Format::P3p;
        }
    }
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => return Format::Html,
        Some("md" | "markdown") => return Format::Markdown,
        Some("xml" | "p3p") => return Format::P3p,
        Some("txt") => {
            // Many ".txt" policies are Markdown exported by crawlers.
            return if looks_like_markdown(head) {
                Format::Markdown
            } else {
                Format::Text
            };
        }
        _ => {}
    }
    if html::looks_like_html(head) {
        return Format::Html;
    }
    if looks_like_markdown(head) {
        Format::Markdown
    } else {
        Format::Text
    }
}

fn looks_like_markdown(head: &str) -> bool {
    let mut score = 0;
    for line in head.lines().take(200) {
        let t = line.trim_start();
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            score += 2;
        }
        if t.starts_with("**") || t.contains("](") || t.starts_with("| ") {
            score += 1;
        }
        if t.starts_with("===") || t.starts_with("---") {
            score += 1;
        }
    }
    score >= 2
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

/// Import a policy from bytes.
pub fn import_bytes(bytes: &[u8], opts: &ImportOptions) -> Result<Policy> {
    decode::check_size(bytes, opts.max_bytes)?;
    let format = match opts.format {
        Format::Auto => detect_format(bytes, opts.file_name.as_deref()),
        f => f,
    };
    let policy = match format {
        Format::P3p => p3p::import(bytes, opts),
        Format::P3pCompact => {
            let decoded = decode::decode_text(bytes)?;
            p3p::import_compact(&decoded.text, sha256_hex(bytes), opts)
        }
        Format::Text | Format::Markdown | Format::Html | Format::Auto => {
            let decoded = decode::decode_text(bytes)?;
            let source = Source {
                format: match format {
                    Format::Html => SourceFormat::Html,
                    Format::Markdown => SourceFormat::Markdown,
                    _ => SourceFormat::Text,
                },
                sha256: sha256_hex(bytes),
                length: bytes.len() as u64,
                encoding: decoded.encoding.to_owned(),
                spans: if format == Format::Html {
                    SpanBase::RenderedText
                } else {
                    SpanBase::Input
                },
            };
            if format == Format::Html {
                html::check_depth(&decoded.text, opts.max_depth)?;
                let rendered = html::render(&decoded.text);
                let mut policy = from_text(&rendered.text, true, source, opts);
                policy.for_each_evidence_mut(|e| {
                    if let Evidence::Text {
                        span, source_line, ..
                    } = e
                    {
                        *source_line = rendered.source_line(span.start);
                    }
                });
                if policy.metadata.title.is_none() {
                    policy.metadata.title = rendered.title;
                }
                policy.metadata.language = rendered.language;
                Ok(policy)
            } else {
                Ok(from_text(
                    &decoded.text,
                    format == Format::Markdown,
                    source,
                    opts,
                ))
            }
        }
    }?;
    check_evidence(&policy, opts.max_evidence_bytes)?;
    Ok(policy)
}

/// Refuse a policy whose evidence adds up to more than `max` bytes.
fn check_evidence(policy: &Policy, max: usize) -> Result<()> {
    let mut total = 0usize;
    policy.for_each_evidence(|_, e| {
        total += match e {
            Evidence::Text { quote, section, .. } => {
                quote.len() + section.iter().map(String::len).sum::<usize>()
            }
            Evidence::Xml { path, .. } => path.len(),
        };
    });
    if total > max {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "the policy's evidence (quotes and paths) is {total} bytes, over the limit of {max} bytes (raise it with ImportOptions::max_evidence_bytes / --max-evidence-bytes)"
            ),
        ));
    }
    Ok(())
}

/// Segment and analyse text (plain or Markdown).
fn from_text(text: &str, markdown: bool, source: Source, opts: &ImportOptions) -> Policy {
    let mut policy = Policy::new(source);
    let blocks = text::blocks(text, markdown);
    let max_sentence = opts.max_sentence_bytes.max(MIN_SENTENCE_BYTES);
    let (sections, cuts) = text::sections_with(text, &blocks, markdown, max_sentence);
    policy.sections = sections;
    if cuts > 0 {
        policy.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: "sentence_cut".into(),
            message: format!(
                "{cuts} sentence(s) longer than {max_sentence} bytes were cut at a space (ImportOptions::max_sentence_bytes / --max-sentence-bytes)"
            ),
            line: None,
            column: None,
            path: None,
        });
    }
    if normalize::has_mojibake(text) {
        policy.diagnostics.push(Diagnostic {
            severity: Severity::Info,
            code: "mojibake_repaired".into(),
            message:
                "encoding damage (UTF-8 read as Windows-1252) was repaired in the normalised text"
                    .into(),
            line: None,
            column: None,
            path: None,
        });
    }
    extract::extract(&mut policy, text, opts.lexicon_ref());
    policy.canonicalize();
    policy
}

/// Import plain text or Markdown (detected from the content).
///
/// ```
/// let p = policydiff::import_text("We do not sell your personal information.").unwrap();
/// assert_eq!(p.sections[0].sentences.len(), 1);
/// ```
pub fn import_text(text: &str) -> Result<Policy> {
    let format = if looks_like_markdown(text) {
        Format::Markdown
    } else {
        Format::Text
    };
    import_bytes(text.as_bytes(), &ImportOptions::new().format(format))
}

/// Import an HTML document.
pub fn import_html(html: &str) -> Result<Policy> {
    import_bytes(html.as_bytes(), &ImportOptions::new().format(Format::Html))
}

/// Import a P3P policy, policy reference file, or `POLICIES` document.
pub fn import_p3p(xml: &[u8]) -> Result<Policy> {
    import_bytes(xml, &ImportOptions::new().format(Format::P3p))
}

/// Import a P3P compact policy (`CP="NOI DSP COR"`, with or without `P3P:`).
pub fn import_compact_policy(header: &str) -> Result<Policy> {
    import_bytes(
        header.as_bytes(),
        &ImportOptions::new().format(Format::P3pCompact),
    )
}

/// Read and import a file, detecting its format from its name and content.
pub fn import_file(path: impl AsRef<Path>, opts: &ImportOptions) -> Result<Policy> {
    let path = path.as_ref();
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
    if meta.is_dir() {
        return Err(Error::new(
            ErrorKind::Io,
            format!("{} is a directory, not a file", path.display()),
        ));
    }
    if meta.len() > opts.max_bytes as u64 {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "{} is {} bytes, over the limit of {} bytes",
                path.display(),
                meta.len(),
                opts.max_bytes
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
    let mut o = opts.clone();
    if o.file_name.is_none() {
        o.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    }
    import_bytes(&bytes, &o)
}

/// The visible text of an HTML document as policydiff renders it (the text
/// that HTML evidence spans index).
pub fn render_html(html: &str) -> String {
    html::render(html).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert_eq!(
            detect_format(b"<?xml version='1.0'?><POLICIES/>", None),
            Format::P3p
        );
        assert_eq!(detect_format(b"<POLICY name='x'>", None), Format::P3p);
        assert_eq!(detect_format(b"CP=\"NOI DSP\"", None), Format::P3pCompact);
        assert_eq!(
            detect_format(b"<!DOCTYPE html><p>x</p>", None),
            Format::Html
        );
        assert_eq!(
            detect_format(b"# Title\n\n## Sub\n", None),
            Format::Markdown
        );
        assert_eq!(detect_format(b"Just text.", None), Format::Text);
        assert_eq!(detect_format(b"Just text.", Some("a.md")), Format::Markdown);
        assert_eq!(detect_format(b"<p>Hi</p>", Some("a.txt")), Format::Text);
        assert_eq!(
            detect_format(b"# T\n\n## U\n", Some("a.txt")),
            Format::Markdown
        );
    }

    #[test]
    fn evidence_quotes_match_source() {
        let text = "# Policy\n\nWe collect your email address and phone number. We do not sell your personal information.\n";
        let p = import_text(text).unwrap();
        for (_, ev) in p.evidence() {
            if let crate::model::Evidence::Text { span, quote, .. } = ev {
                assert_eq!(&text[span.start..span.end], quote);
            }
        }
    }
}
