//! Packet text encodings: UTF-8, UTF-16 and UTF-32 detection, decoding and encoding.
//!
//! XMP packets may be stored in any of the five Unicode encodings (docs/rdf-xml.md, "Text
//! encodings"). The reader decodes everything to UTF-8 first so that the XML tokenizer only
//! ever sees `&str`. Detection follows the XMP scanners: a byte-order mark if there is one,
//! else the byte pattern of the first character (`<` or whitespace is ASCII, so its zero
//! bytes give the encoding away).

use std::borrow::Cow;

use crate::xmp::error::{ParseError, ParseErrorKind};
use crate::xmp::parse::position::line_col;

/// The text encoding a packet was stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16Be,
    Utf16Le,
    Utf32Be,
    Utf32Le,
}

impl Encoding {
    /// Bytes per code unit (and per ASCII character): 1, 2 or 4.
    pub fn unit_size(self) -> usize {
        match self {
            Encoding::Utf8 => 1,
            Encoding::Utf16Be | Encoding::Utf16Le => 2,
            Encoding::Utf32Be | Encoding::Utf32Le => 4,
        }
    }

    /// The usual name (`UTF-8`, `UTF-16BE`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf32Be => "UTF-32BE",
            Encoding::Utf32Le => "UTF-32LE",
        }
    }

    /// U+FEFF in this encoding.
    pub fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf32Be => b"\x00\x00\xFE\xFF",
            Encoding::Utf32Le => b"\xFF\xFE\x00\x00",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The encoding of `bytes` and the length of its byte-order mark (0 when none).
pub fn detect(bytes: &[u8]) -> (Encoding, usize) {
    // UTF-32LE's BOM starts with UTF-16LE's: test the longer marks first.
    for enc in [
        Encoding::Utf32Be,
        Encoding::Utf32Le,
        Encoding::Utf8,
        Encoding::Utf16Be,
        Encoding::Utf16Le,
    ] {
        if bytes.starts_with(enc.bom()) {
            return (enc, enc.bom().len());
        }
    }
    let enc = match bytes {
        [0, 0, 0, c, ..] if *c != 0 => Encoding::Utf32Be,
        [c, 0, 0, 0, ..] if *c != 0 => Encoding::Utf32Le,
        [0, c, ..] if *c != 0 => Encoding::Utf16Be,
        [c, 0, ..] if *c != 0 => Encoding::Utf16Le,
        _ => Encoding::Utf8,
    };
    (enc, 0)
}

/// A repair made while decoding in lenient mode: offset in the decoded text and what was
/// done there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub offset: usize,
    pub message: String,
}

/// Decoded packet text.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The text without its byte-order mark; borrowed for UTF-8 input.
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    /// A byte-order mark preceded the text.
    pub bom: bool,
    /// Lenient-mode repairs (empty in strict mode).
    pub repairs: Vec<Repair>,
}

/// Decodes packet bytes to UTF-8. Strict mode refuses malformed sequences; lenient mode
/// (`recover`) decodes invalid UTF-8 bytes as Windows-1252 (as the XMP Toolkit does) and
/// other malformed units as U+FFFD, reporting each repair.
pub fn decode(bytes: &[u8], recover: bool) -> Result<Decoded<'_>, ParseError> {
    let (encoding, bom_len) = detect(bytes);
    let body = bytes.get(bom_len..).unwrap_or_default();
    let mut repairs = Vec::new();
    let text = match encoding {
        Encoding::Utf8 => decode_utf8(body, recover, &mut repairs)?,
        Encoding::Utf16Be | Encoding::Utf16Le => {
            Cow::Owned(decode_utf16(body, encoding, recover, &mut repairs)?)
        }
        Encoding::Utf32Be | Encoding::Utf32Le => {
            Cow::Owned(decode_utf32(body, encoding, recover, &mut repairs)?)
        }
    };
    Ok(Decoded {
        text,
        encoding,
        bom: bom_len > 0,
        repairs,
    })
}

/// Encodes UTF-8 text in `enc` (no byte-order mark is added).
pub fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf32Be => text
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect(),
        Encoding::Utf32Le => text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect(),
    }
}

fn error_at(decoded: &str, message: String) -> ParseError {
    let (line, column) = line_col(decoded, decoded.len());
    ParseError::new(ParseErrorKind::Encoding, message, line, column)
}

fn decode_utf8<'a>(
    body: &'a [u8],
    recover: bool,
    repairs: &mut Vec<Repair>,
) -> Result<Cow<'a, str>, ParseError> {
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(first) => {
            if !recover {
                let valid = body.get(..first.valid_up_to()).unwrap_or_default();
                let prefix = std::str::from_utf8(valid).unwrap_or_default();
                let bad = body.get(first.valid_up_to()).copied().unwrap_or_default();
                return Err(error_at(
                    prefix,
                    format!(
                        "invalid UTF-8 byte 0x{bad:02X} at byte offset {}",
                        first.valid_up_to()
                    ),
                ));
            }
            let mut out = String::with_capacity(body.len() + 16);
            let mut rest = body;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let (good, bad) = rest.split_at(e.valid_up_to());
                        out.push_str(std::str::from_utf8(good).unwrap_or_default());
                        let n = e.error_len().unwrap_or(bad.len()).max(1).min(bad.len());
                        for &b in bad.get(..n).unwrap_or_default() {
                            repairs.push(Repair {
                                offset: out.len(),
                                message: format!(
                                    "invalid UTF-8 byte 0x{b:02X} read as Windows-1252"
                                ),
                            });
                            out.push(cp1252(b));
                        }
                        rest = bad.get(n..).unwrap_or_default();
                    }
                }
            }
            Ok(Cow::Owned(out))
        }
    }
}

/// Windows-1252 for bytes 0x80-0x9F, Latin-1 otherwise (undefined cp1252 slots too).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH
            .get(usize::from(b - 0x80))
            .and_then(|&u| char::from_u32(u32::from(u)))
            .unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

fn decode_utf16(
    body: &[u8],
    enc: Encoding,
    recover: bool,
    repairs: &mut Vec<Repair>,
) -> Result<String, ParseError> {
    let mut out = String::with_capacity(body.len() / 2 + body.len() / 8);
    let units = body.chunks_exact(2).map(|c| match enc {
        Encoding::Utf16Be => u16::from_be_bytes([c[0], c[1]]),
        _ => u16::from_le_bytes([c[0], c[1]]),
    });
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(e) => {
                let message = format!(
                    "invalid {}: unpaired surrogate 0x{:04X}",
                    enc.name(),
                    e.unpaired_surrogate()
                );
                if !recover {
                    return Err(error_at(&out, message));
                }
                repairs.push(Repair {
                    offset: out.len(),
                    message: message + " replaced by U+FFFD",
                });
                out.push('\u{FFFD}');
            }
        }
    }
    if !body.len().is_multiple_of(2) {
        let message = format!("{} text ends in the middle of a character", enc.name());
        if !recover {
            return Err(error_at(&out, message));
        }
        repairs.push(Repair {
            offset: out.len(),
            message: message + "; last byte dropped",
        });
    }
    Ok(out)
}

fn decode_utf32(
    body: &[u8],
    enc: Encoding,
    recover: bool,
    repairs: &mut Vec<Repair>,
) -> Result<String, ParseError> {
    let mut out = String::with_capacity(body.len() / 4);
    for c in body.chunks_exact(4) {
        let arr = [c[0], c[1], c[2], c[3]];
        let u = match enc {
            Encoding::Utf32Be => u32::from_be_bytes(arr),
            _ => u32::from_le_bytes(arr),
        };
        match char::from_u32(u) {
            Some(ch) => out.push(ch),
            None => {
                let message = format!("invalid {}: 0x{u:08X} is not a character", enc.name());
                if !recover {
                    return Err(error_at(&out, message));
                }
                repairs.push(Repair {
                    offset: out.len(),
                    message: message + "; replaced by U+FFFD",
                });
                out.push('\u{FFFD}');
            }
        }
    }
    if !body.len().is_multiple_of(4) {
        let message = format!("{} text ends in the middle of a character", enc.name());
        if !recover {
            return Err(error_at(&out, message));
        }
        repairs.push(Repair {
            offset: out.len(),
            message: message + "; last bytes dropped",
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_bom_and_pattern() {
        assert_eq!(detect(b"\xEF\xBB\xBF<"), (Encoding::Utf8, 3));
        assert_eq!(
            detect(b"\xFF\xFE\x00\x00<\x00\x00\x00"),
            (Encoding::Utf32Le, 4)
        );
        assert_eq!(detect(b"\xFF\xFE<\x00"), (Encoding::Utf16Le, 2));
        assert_eq!(detect(b"\x00<\x00?"), (Encoding::Utf16Be, 0));
        assert_eq!(detect(b"<\x00?\x00"), (Encoding::Utf16Le, 0));
        assert_eq!(detect(b"\x00\x00\x00<"), (Encoding::Utf32Be, 0));
        assert_eq!(detect(b"<\x00\x00\x00"), (Encoding::Utf32Le, 0));
        assert_eq!(detect(b"<?xp"), (Encoding::Utf8, 0));
        assert_eq!(detect(b""), (Encoding::Utf8, 0));
    }

    #[test]
    fn round_trips_every_encoding() {
        let s = "<a>é\u{1F600}</a>";
        for enc in [
            Encoding::Utf8,
            Encoding::Utf16Be,
            Encoding::Utf16Le,
            Encoding::Utf32Be,
            Encoding::Utf32Le,
        ] {
            let mut bytes = enc.bom().to_vec();
            bytes.extend(encode(s, enc));
            let d = decode(&bytes, false).unwrap();
            assert_eq!(d.text, s);
            assert_eq!(d.encoding, enc);
            assert!(d.bom);
        }
    }

    #[test]
    fn strict_refuses_and_lenient_repairs_bad_utf8() {
        let bytes = b"<a>\nx\x93y</a>";
        let e = decode(bytes, false).unwrap_err();
        assert_eq!(e.message, "invalid UTF-8 byte 0x93 at byte offset 5");
        assert_eq!((e.line, e.column), (2, 2));
        let d = decode(bytes, true).unwrap();
        assert_eq!(d.text, "<a>\nx\u{201C}y</a>");
        assert_eq!(d.repairs.len(), 1);
    }
}
