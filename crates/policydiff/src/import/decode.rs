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
    // Counted over the first 65,536 characters, on bytes: the controls
    // counted are all ASCII (C0 and DEL; the C1 range U+0080..U+009F is
    // not counted), and a character starts at every byte that is not a
    // UTF-8 continuation byte.
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut first = None;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b & 0xC0 == 0x80 {
            continue;
        }
        if total == 65_536 {
            break;
        }
        total += 1;
        if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c')) || b == 0x7F {
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

    #[test]
    fn control_characters_are_counted_per_character() {
        // The count is over characters, not bytes: 2 controls in 100
        // characters pass; the same 2 among 99 multi-byte characters and
        // 1 ASCII one (still 100 characters, 200+ bytes) pass too.
        let ok = format!("\x01\x02{}", "a".repeat(98));
        assert!(check_text(&ok).is_ok());
        let ok = format!("\x01\x02{}", "é".repeat(98));
        assert!(check_text(&ok).is_ok());
        // Three in 100 do not, and the location is the first one's byte.
        let bad = format!("{}\x01\x02\x7f{}", "é".repeat(10), "a".repeat(87));
        let e = check_text(&bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Binary);
        assert_eq!(e.location().and_then(|l| l.offset), Some(20));
        // C1 controls (U+0080..U+009F) are not counted; only the first
        // 65,536 characters are looked at.
        assert!(check_text(&"a\u{85}\u{9f}".repeat(100)).is_ok());
        let late = format!("{}{}", "é".repeat(65_536), "\x01".repeat(1000));
        assert!(check_text(&late).is_ok());
    }
}
