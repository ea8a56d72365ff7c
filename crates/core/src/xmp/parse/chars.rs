//! Character classes of XML 1.0 (fifth edition): name characters and legal characters.

/// ASCII name classes: 1 = may start a name, 2 = may continue one (colon excluded).
const ASCII_NAME: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphabetic() || c == b'_' {
            1
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            2
        } else {
            0
        };
        i += 1;
    }
    t
};

/// ASCII byte that may start a name (colon excluded).
pub(crate) fn ascii_name_start(b: u8) -> bool {
    ASCII_NAME.get(usize::from(b)).is_some_and(|&k| k == 1)
}

/// ASCII byte that may continue a name (colon excluded).
pub(crate) fn ascii_name_char(b: u8) -> bool {
    ASCII_NAME.get(usize::from(b)).is_some_and(|&k| k != 0)
}

/// XML `NameStartChar`, without the colon (names are split at colons by the caller).
pub(crate) fn is_name_start(c: char) -> bool {
    if c.is_ascii() {
        return ascii_name_start(c as u8);
    }
    matches!(c,
        'A'..='Z' | 'a'..='z' | '_'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML `NameChar`, without the colon.
pub(crate) fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        return ascii_name_char(c as u8);
    }
    is_name_start(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// True for an XML NCName (a name without colon).
#[cfg(test)]
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if is_name_start(c) => it.all(is_name_char),
        _ => false,
    }
}

/// XML white space.
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

pub(crate) fn all_ws(s: &str) -> bool {
    s.bytes().all(is_ws)
}

/// True when `c` may appear in an XML document (`Char` production).
pub(crate) fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Offset and value of the first character in `s` that XML forbids (C0 controls other
/// than TAB, LF, CR; U+FFFE; U+FFFF).
pub(crate) fn first_invalid_char(s: &str) -> Option<(usize, char)> {
    // One pass over the bytes: in UTF-8 a byte below 0x20 is always a whole character,
    // and U+FFFE / U+FFFF are exactly EF BF BE / EF BF BF. Every packet starts with the
    // BOM (EF BB BF) in its xpacket header, so a shortcut on "no EF byte" never hits.
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(rel) = bytes[from..]
        .iter()
        .position(|&b| (b < 0x20 && !matches!(b, 9 | 10 | 13)) || b == 0xEF)
    {
        let i = from + rel;
        if bytes[i] != 0xEF {
            return Some((i, char::from(bytes[i])));
        }
        if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) {
            return s[i..].chars().next().map(|c| (i, c));
        }
        from = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_ncname("dc"));
        assert!(is_ncname("mwg-rs"));
        assert!(is_ncname("ↂ23F0"));
        assert!(!is_ncname("1a"));
        assert!(!is_ncname(""));
        assert!(!is_ncname("a:b"));
        assert_eq!(first_invalid_char("ab\tc"), None);
        assert_eq!(first_invalid_char("日本ｘ"), None);
        assert_eq!(first_invalid_char("a\u{1}"), Some((1, '\u{1}')));
        assert_eq!(first_invalid_char("a\u{FFFE}"), Some((1, '\u{FFFE}')));
    }
}
