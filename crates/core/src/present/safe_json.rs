//! JSON that is safe to print on a terminal and still exact for JSON readers.
//!
//! serde_json escapes only C0 controls, `"` and `\`: DEL, C1 controls (U+009B is a
//! one-character CSI, U+009D an OSC) and bidi overrides from a file's metadata would
//! otherwise reach the terminal of a user who runs `show --json` without a pipe. The
//! characters [`needs_escape`] flags are written as `\uXXXX` escapes instead, which
//! every JSON reader decodes back to the same character.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};

use crate::present::safe::needs_escape;

/// `value` as compact JSON, with terminal-unsafe characters escaped.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    to_writer(&mut out, value)?;
    // Only whole UTF-8 strings and ASCII escapes are written.
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// `value` as compact JSON into `writer`, with terminal-unsafe characters escaped.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<()> {
    let mut ser = Serializer::with_formatter(writer, Safe(CompactFormatter));
    value.serialize(&mut ser)
}

/// `value` as indented JSON into `writer`, with terminal-unsafe characters escaped.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = Serializer::with_formatter(writer, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// Wraps a formatter: the layout is the inner one's, string contents are escaped.
///
/// Only the methods `PrettyFormatter` overrides are forwarded; every other method
/// keeps serde_json's default, which is what both inner formatters use.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Everything flagged is DEL or non-ASCII: plain ASCII needs no decoding.
        if fragment.bytes().all(|b| b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // All flagged characters are in the BMP: one escape, no surrogates.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const UNSAFE: &str = "a\u{7f}b\u{9b}2J\u{9d}0;x\u{85}\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\
                          \u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}\u{2028}\u{2029}z";

    #[test]
    fn unsafe_characters_become_u_escapes_and_read_back_exactly() {
        let v = json!({ UNSAFE: [UNSAFE, "plain", "é ★ 漢字 😀", "tab\there"] });
        for s in [to_string(&v).unwrap(), {
            let mut buf = Vec::new();
            to_writer_pretty(&mut buf, &v).unwrap();
            String::from_utf8(buf).unwrap()
        }] {
            assert!(!s.chars().any(|c| needs_escape(c) && c != '\n'), "{s:?}");
            assert!(
                s.contains("a\\u007fb\\u009b2J\\u009d0;x\\u0085\\u202a"),
                "{s}"
            );
            assert!(
                s.contains("é ★ 漢字 😀"),
                "other characters stay as they are"
            );
            let back: serde_json::Value = serde_json::from_str(&s).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn layout_is_the_inner_formatters() {
        let v = json!({"a": [1, {"b": null}], "c": "d"});
        assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
        let mut buf = Vec::new();
        to_writer_pretty(&mut buf, &v).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
