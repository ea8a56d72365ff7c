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

const SPECIAL: u8 = 1; // & or CR
const SPECIAL_ATTR: u8 = 2; // TAB or LF: special in attribute values only
const SUSPICIOUS: u8 = 4;
const BRACKET: u8 = 8;
const NON_WS: u8 = 16;

/// Byte classes for [`scan`].
const CLASS: [u8; 256] = {
    let mut t = [NON_WS; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = SUSPICIOUS | NON_WS;
        b += 1;
    }
    t[b' ' as usize] = 0;
    t[b'\t' as usize] = SPECIAL_ATTR;
    t[b'\n' as usize] = SPECIAL_ATTR;
    t[b'\r' as usize] = SPECIAL;
    t[b'&' as usize] = SPECIAL | NON_WS;
    t[b']' as usize] = BRACKET | NON_WS;
    t[0xEF] = SUSPICIOUS | NON_WS;
    t
};

/// Classifies `bytes` in one branch-free pass (faster than one `memchr` per question on
/// the short values packets are made of).
pub(crate) fn scan(bytes: &[u8], attr: bool) -> Scan {
    let mut f = 0u8;
    for &c in bytes {
        f |= CLASS[usize::from(c)];
    }
    Scan {
        special: f & SPECIAL != 0 || (attr && f & SPECIAL_ATTR != 0),
        suspicious: f & SUSPICIOUS != 0,
        bracket: f & BRACKET != 0,
        ws: f & NON_WS == 0,
    }
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
    // The tokenizer does not check `<?xpacket ...?>` (garbage in begin="" is common):
    // leave those alone here too, so that a packet strict mode reads is never "repaired".
    let mut skip: Vec<(usize, usize)> = Vec::new();
    for pi in memchr::memmem::find_iter(text.as_bytes(), b"<?xpacket") {
        let close = text
            .get(pi..)
            .and_then(|t| memchr::memmem::find(t.as_bytes(), b"?>"))
            .map_or(text.len(), |k| pi + k);
        skip.push((pi, close));
    }
    // Ranges are in order: walk them with the characters.
    let mut next = 0;
    let mut in_pi = |i: usize| {
        while skip.get(next).is_some_and(|&(_, b)| b <= i) {
            next += 1;
        }
        skip.get(next).is_some_and(|&(a, _)| a <= i)
    };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if is_xml_char(u32::from(c)) || i < start || i >= end || in_pi(i) {
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
