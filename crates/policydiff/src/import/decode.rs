//! Bytes to text: size limit, empty and binary detection, BOMs, UTF-8/UTF-16.

use crate::error::{Error, ErrorKind, Location, Result};

/// Text decoded from input bytes.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text. For UTF-8 input it is the input itself (BOM included, so
    /// that byte offsets into it are byte offsets into the file).
    pub text: String,
    /// `utf-8`, `utf-16le` or `utf-16be`.
    pub encoding: &'static str,
}

/// Reject inputs over `max_bytes`, or that are empty or whitespace-only.
pub(crate) fn check_size(bytes: &[u8], max_bytes: usize) -> Result<()> {
    if bytes.len() > max_bytes {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "input is {} bytes, over the limit of {max_bytes} bytes (raise it with ImportOptions::max_bytes / --max-bytes)",
                bytes.len()
            ),
        ));
    }
    Ok(())
}

/// Decode bytes as text: UTF-8 (with or without BOM) or UTF-16 with a BOM.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<Decoded> {
    let decoded = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Decoded {
            text: decode_utf16(rest, u16::from_le_bytes)?,
            encoding: "utf-16le",
        }
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Decoded {
            text: decode_utf16(rest, u16::from_be_bytes)?,
            encoding: "utf-16be",
        }
    } else {
        if let Some(pos) = memchr::memchr(0, bytes) {
            return Err(Error::new(
                ErrorKind::Binary,
                "NUL byte in input: this looks like a binary file, not a policy",
            )
            .at(Location::at_offset(bytes, pos)));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Decoded {
                text: s.to_owned(),
                encoding: "utf-8",
            },
            Err(e) => {
                let pos = e.valid_up_to();
                let bad = bytes.get(pos).copied().unwrap_or(0);
                return Err(Error::new(
                    ErrorKind::Encoding,
                    format!(
                        "byte 0x{bad:02x} is not valid UTF-8 (convert the file to UTF-8 first)"
                    ),
                )
                .at(Location::at_offset(bytes, pos)));
            }
        }
    };
    check_text(&decoded.text)?;
    Ok(decoded)
}

fn decode_utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::new(
            ErrorKind::Encoding,
            "UTF-16 input has an odd number of bytes",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| f([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::new(
                    ErrorKind::Encoding,
                    format!("unpaired UTF-16 surrogate at code unit {i}"),
                )
                .at(Location {
                    offset: Some(2 + 2 * i),
                    ..Location::default()
                }));
            }
        }
    }
    Ok(out)
}

/// Empty, whitespace-only and binary-looking text is refused.
fn check_text(text: &str) -> Result<()> {
    if text
        .chars()
        .all(|c| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
    {
        return Err(Error::new(
            ErrorKind::Empty,
            if text.is_empty() {
                "the input is empty"
            } else {
                "the input contains only whitespace"
            },
        ));
    }
    if let Some(pos) = text.find('\0') {
        return Err(Error::new(
            ErrorKind::Binary,
            "NUL character in input: this looks like a binary file, not a policy",
        )
        .at(Location::at_offset(text.as_bytes(), pos)));
    }
    // Control characters other than tab, newline, carriage return and form
    // feed are rare in documents and common in binaries.
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut first = None;
    for (i, c) in text.char_indices().take(65_536) {
        total += 1;
        if c.is_control()
            && !matches!(c, '\t' | '\n' | '\r' | '\x0c')
            && !('\u{80}'..='\u{9f}').contains(&c)
        {
            controls += 1;
            first.get_or_insert(i);
        }
    }
    if total > 0 && controls * 100 > total * 2 {
        return Err(Error::new(
            ErrorKind::Binary,
            format!("{controls} control characters in the first {total} characters: this looks like a binary file"),
        )
        .at(Location::at_offset(text.as_bytes(), first.unwrap_or(0))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_byte_for_byte() {
        let d = decode_text("\u{feff}Hello".as_bytes()).unwrap();
        assert_eq!(d.text, "\u{feff}Hello");
        assert_eq!(d.encoding, "utf-8");
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Privacy é".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        let d = decode_text(&b).unwrap();
        assert_eq!(d.text, "Privacy é");
        assert_eq!(d.encoding, "utf-16le");
    }

    #[test]
    fn refusals_have_kinds_and_locations() {
        assert_eq!(decode_text(b"").unwrap_err().kind(), ErrorKind::Empty);
        assert_eq!(decode_text(b" \n\t ").unwrap_err().kind(), ErrorKind::Empty);
        let e = decode_text(b"ok\nbad \xff here").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
        assert_eq!((e.line(), e.column()), (Some(2), Some(5)));
        assert_eq!(
            decode_text(b"\x7fELF\x02\x01\x01\0\0").unwrap_err().kind(),
            ErrorKind::Binary
        );
        let e = decode_text(&[1, 2, 3, 4, 5, 6, 65, 66, 67, 7, 8]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Binary);
        assert!(check_size(&[0; 10], 5).is_err());
    }
}
