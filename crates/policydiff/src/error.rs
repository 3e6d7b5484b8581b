//! The one public error type.
//!
//! Every failure carries an [`ErrorKind`] (stable, matchable) and, where the
//! problem sits somewhere in an input, a [`Location`]. The `Display` form is a
//! single line meant for humans and CI logs:
//! `invalid UTF-8 at line 3, column 17 (byte 58): …`.

use std::fmt;
use std::fmt::Write as _;

/// What went wrong, in a form a caller can match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input had no bytes, or only whitespace.
    Empty,
    /// The input looks like a binary file (NUL bytes, control characters).
    Binary,
    /// The bytes are not valid in the detected or declared encoding.
    Encoding,
    /// The input is not well-formed XML (unclosed tags, bad syntax, DTDs, ...).
    Xml,
    /// The XML is well formed but is not a P3P document we can read.
    P3p,
    /// A compact policy (`CP="..."`) could not be read.
    CompactPolicy,
    /// An HTML document could not be turned into text.
    Html,
    /// A configured limit was exceeded (size, depth, element count, ...).
    Limit,
    /// The format could not be detected, or is not supported for this operation.
    Format,
    /// A lexicon or rule file supplied by the user is invalid.
    Config,
    /// A JSON document (a serialised `Policy` or report) is invalid.
    Json,
    /// Reading a file failed.
    Io,
    /// A bug in policydiff (should never happen; please report it).
    Internal,
}

impl ErrorKind {
    /// A short, stable, snake_case name for the kind (used by the CLI and Python).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::Binary => "binary",
            ErrorKind::Encoding => "encoding",
            ErrorKind::Xml => "xml",
            ErrorKind::P3p => "p3p",
            ErrorKind::CompactPolicy => "compact_policy",
            ErrorKind::Html => "html",
            ErrorKind::Limit => "limit",
            ErrorKind::Format => "format",
            ErrorKind::Config => "config",
            ErrorKind::Json => "json",
            ErrorKind::Io => "io",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in an input an error was found. Lines and columns are 1-based;
/// `column` counts characters, `offset` is the byte offset from the start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: Option<u32>,
    /// 1-based column (in characters).
    pub column: Option<u32>,
    /// 0-based byte offset into the input.
    pub offset: Option<usize>,
    /// Element path for XML inputs, e.g. `/POLICIES/POLICY[1]/STATEMENT[2]`.
    pub path: Option<String>,
}

impl Location {
    /// A location computed from a byte offset into `text`.
    pub fn at_offset(text: &[u8], offset: usize) -> Location {
        let (line, column) = line_column(text, offset);
        Location {
            line: Some(line),
            column: Some(column),
            offset: Some(offset),
            path: None,
        }
    }

    /// Attach an element path.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Location {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(column) = self.column {
            parts.push(format!("column {column}"));
        }
        let mut out = parts.join(", ");
        if let Some(offset) = self.offset {
            if out.is_empty() {
                out = format!("byte {offset}");
            } else {
                let _ = write!(out, " (byte {offset})");
            }
        }
        if let Some(path) = &self.path {
            if out.is_empty() {
                out = format!("element {path}");
            } else {
                let _ = write!(out, " in {path}");
            }
        }
        f.write_str(&out)
    }
}

/// 1-based (line, column) of a byte offset. Columns count UTF-8 characters;
/// invalid bytes count as one column each.
pub(crate) fn line_column(text: &[u8], offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// The error type of every fallible policydiff function.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    location: Option<Location>,
}

impl Error {
    /// A new error of `kind` with a human-readable message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            location: None,
        }
    }

    /// Attach a location.
    #[must_use]
    pub fn at(mut self, location: Location) -> Error {
        self.location = Some(location);
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the input the problem was found, if known.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// 1-based line, if known.
    pub fn line(&self) -> Option<u32> {
        self.location.as_ref().and_then(|l| l.line)
    }

    /// 1-based column, if known.
    pub fn column(&self) -> Option<u32> {
        self.location.as_ref().and_then(|l| l.column)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::Empty => "empty input",
            ErrorKind::Binary => "binary input",
            ErrorKind::Encoding => "invalid encoding",
            ErrorKind::Xml => "malformed XML",
            ErrorKind::P3p => "invalid P3P",
            ErrorKind::CompactPolicy => "invalid compact policy",
            ErrorKind::Html => "invalid HTML",
            ErrorKind::Limit => "limit exceeded",
            ErrorKind::Format => "unsupported format",
            ErrorKind::Config => "invalid configuration",
            ErrorKind::Json => "invalid JSON",
            ErrorKind::Io => "I/O error",
            ErrorKind::Internal => "internal error",
        };
        match &self.location {
            Some(loc) if loc != &Location::default() => {
                write!(f, "{kind} at {loc}: {}", self.message)
            }
            _ => write!(f, "{kind}: {}", self.message),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, e.to_string())
    }
}

/// Shorthand for `Result<T, policydiff::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\ncé d\n".as_bytes();
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // "cé " is 4 bytes; offset 7 is 'd' in column 4.
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn display_is_one_line_with_location() {
        let e = Error::new(ErrorKind::Encoding, "byte 0xff is not UTF-8")
            .at(Location::at_offset(b"abc\n\xff", 4));
        let s = e.to_string();
        assert_eq!(
            s,
            "invalid encoding at line 2, column 1 (byte 4): byte 0xff is not UTF-8"
        );
        assert!(!s.contains('\n'));
        assert_eq!(e.kind(), ErrorKind::Encoding);
        assert_eq!(e.line(), Some(2));
    }
}
