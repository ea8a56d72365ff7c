//! Character data: entity and character references, end-of-line and attribute-value
//! normalisation (XML 1.0 §2.11, §3.3.3, §4.6), and lenient-mode character repair.

use memchr::memchr;

use crate::xmp::error::ParseErrorKind as K;
use crate::xmp::parse::chars::{first_invalid_char, is_xml_char};
use crate::xmp::parse::diag::{Fail, Res, Sink};

/// What one pass over character data or an attribute value found.
#[derive(Default, Clone, Copy)]
pub(crate) struct Scan {
    /// `&` or CR (and, in attribute values, TAB or LF): needs [`expand`].
    pub special: bool,
    /// A byte that may start a character XML forbids (C0 control, or 0xEF, the lead byte
    /// of U+FFFE/U+FFFF): needs the precise check.
    pub suspicious: bool,
    /// A `]` (text only: `]]>` is forbidden there).
    pub bracket: bool,
    /// Only XML whitespace.
    pub ws: bool,
}

/// Classifies `bytes` in one pass (faster than one `memchr` per question on the short
/// values packets are made of).
pub(crate) fn scan(bytes: &[u8], attr: bool) -> Scan {
    let mut s = Scan {
        ws: true,
        ..Scan::default()
    };
    for &c in bytes {
        match c {
            b' ' => {}
            b'\n' | b'\t' => s.special |= attr,
            b'\r' => s.special = true,
            b'&' => {
                s.special = true;
                s.ws = false;
            }
            b']' => {
                s.bracket = true;
                s.ws = false;
            }
            0..=0x1F | 0xEF => {
                s.suspicious = true;
                s.ws = false;
            }
            _ => s.ws = false,
        }
    }
    s
}

/// Expands character and predefined entity references and applies end-of-line (and,
/// in attribute values, whitespace) normalisation; for text [`scan`] found special.
pub(crate) fn expand(raw: &str, base: usize, attr: bool, sink: &mut Sink) -> Res<String> {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'&' => {
                out.push_str(raw.get(last..i).unwrap_or_default());
                let after = bytes.get(i + 1..).unwrap_or_default();
                let Some(semi) = memchr(b';', &after[..after.len().min(64)]) else {
                    return Err(Fail::new(
                        base + i,
                        K::Entity,
                        "'&' must start an entity or character reference (write &amp;)",
                    ));
                };
                let name = raw.get(i + 1..i + 1 + semi).unwrap_or_default();
                let ch = reference(name, base + i, sink)?;
                out.push(ch);
                i += semi + 2;
                last = i;
            }
            b'\r' => {
                out.push_str(raw.get(last..i).unwrap_or_default());
                out.push(if attr { ' ' } else { '\n' });
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                last = i;
            }
            b'\n' | b'\t' if attr => {
                out.push_str(raw.get(last..i).unwrap_or_default());
                out.push(' ');
                i += 1;
                last = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(raw.get(last..).unwrap_or_default());
    Ok(out)
}

fn reference(name: &str, pos: usize, sink: &mut Sink) -> Res<char> {
    let ch = match name {
        "amp" => return Ok('&'),
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "quot" => return Ok('"'),
        "apos" => return Ok('\''),
        _ => {
            if let Some(num) = name.strip_prefix('#') {
                let (digits, radix) = match num.strip_prefix('x') {
                    Some(h) => (h, 16),
                    None => (num, 10),
                };
                let ok = !digits.is_empty()
                    && digits.len() <= 10
                    && digits.bytes().all(|b| (b as char).is_digit(radix));
                if !ok {
                    return Err(Fail::new(
                        pos,
                        K::Entity,
                        format!("malformed character reference &{name};"),
                    ));
                }
                u32::from_str_radix(digits, radix).ok()
            } else {
                return Err(Fail::new(
                    pos,
                    K::Entity,
                    format!("undefined entity &{name}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)"),
                ));
            }
        }
    };
    match ch.filter(|&c| is_xml_char(c)).and_then(char::from_u32) {
        Some(c) => Ok(c),
        None => {
            let msg = format!("character reference &{name}; is not an XML character");
            if sink.recover {
                sink.repaired(pos, format!("{msg}; replaced by a space"));
                Ok(' ')
            } else {
                Err(Fail::new(pos, K::Entity, msg))
            }
        }
    }
}

pub(crate) fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// The text between leading and trailing runs of NUL characters (padding some writers
/// leave around a packet), as byte offsets.
pub(crate) fn nul_bounds(src: &str) -> (usize, usize) {
    let bytes = src.as_bytes();
    let end = bytes.iter().rposition(|&c| c != 0).map_or(0, |p| p + 1);
    let start = bytes.iter().position(|&c| c != 0).unwrap_or(end).min(end);
    (start, end)
}

/// Lenient mode: replaces characters XML forbids by spaces (as the XMP Toolkit does),
/// reporting each; returns None when there was nothing to replace. Leading and trailing
/// NUL padding is left alone (the tokenizer skips it).
pub(crate) fn sanitize(text: &str, sink: &mut Sink) -> Option<String> {
    let (start, end) = nul_bounds(text);
    first_invalid_char(text.get(start..end)?)?;
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if is_xml_char(u32::from(c)) || i < start || i >= end {
            out.push(c);
        } else {
            sink.repaired(
                i,
                format!(
                    "invalid XML character U+{:04X} replaced by a space",
                    u32::from(c)
                ),
            );
            // Same byte length so offsets stay valid: U+FFFE/U+FFFF are 3 bytes.
            for _ in 0..c.len_utf8() {
                out.push(' ');
            }
        }
    }
    Some(out)
}
