//! Terminal-safe text: every character that could control a terminal or reorder what
//! is shown becomes a visible escape, so metadata (and file names) can never send
//! escape sequences or bidi tricks to the user's terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// True for characters [`safe_text`] escapes: C0 controls, DEL, C1 controls, bidi
/// embeddings/overrides/isolates and marks, and the Unicode line/paragraph separators.
pub fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// Escapes what [`needs_escape`] flags: `\n`, `\t`, `\r`, `\e` (ESC), `\0`, other
/// C0 and DEL as `\x07`, C1 and Unicode format characters as `\u{202E}`. Text without
/// such characters is returned as is, without copying.
pub fn safe_text(s: &str) -> Cow<'_, str> {
    // Printable ASCII is the common case and needs no UTF-8 decoding to check.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !needs_escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\0' => out.push_str("\\0"),
            '\u{1}'..='\u{1f}' | '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            _ => {
                let _ = write!(out, "\\u{{{:X}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// A path made safe for display (lossy for names that are not valid Unicode).
pub fn safe_path(path: &std::path::Path) -> String {
    safe_text(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for s in [
            "",
            "Summit cross",
            "Gipfelkreuz ★ é 漢字 😀",
            "C:\\Users\\ana",
            "a\u{a0}b",
        ] {
            assert!(matches!(safe_text(s), Cow::Borrowed(t) if t == s), "{s:?}");
        }
    }

    #[test]
    fn controls_become_visible_escapes() {
        assert_eq!(safe_text("a\nb\tc\rd"), "a\\nb\\tc\\rd");
        assert_eq!(safe_text("\u{1b}[31mred\u{1b}[0m"), "\\e[31mred\\e[0m");
        assert_eq!(safe_text("bell\u{7}"), "bell\\x07");
        assert_eq!(safe_text("nul\0"), "nul\\0");
        assert_eq!(safe_text("del\u{7f}"), "del\\x7f");
        assert_eq!(safe_text("csi\u{9b}2J"), "csi\\u{9B}2J");
        assert_eq!(safe_text("\u{85}"), "\\u{85}");
    }

    #[test]
    fn bidi_controls_and_separators_are_escaped() {
        assert_eq!(safe_text("abc\u{202e}fdp.exe"), "abc\\u{202E}fdp.exe");
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{2028}', '\u{2029}',
        ] {
            let out = safe_text(&c.to_string()).into_owned();
            assert_eq!(out, format!("\\u{{{:X}}}", c as u32));
        }
    }

    #[test]
    fn nothing_escapable_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = safe_text(&all);
        assert!(!out.chars().any(needs_escape));
        assert!(!out.contains('\u{1b}'));
    }
}
