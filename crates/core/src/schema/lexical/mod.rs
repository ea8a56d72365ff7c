//! Lexical checks of simple XMP values (docs/data-model.md, "Simple value types"): Integer,
//! Real, Boolean, Rational, GUID, MIME type, language tags; dates in [`date`], GPS
//! coordinates in [`gps`]. [`check`] picks the check for a [`SimpleType`]: it is the one
//! grammar of the program, used by packet validation and by the edit layer before it
//! changes a value.
//!
//! Hand-written because each grammar is a few lines and what matters is the message:
//! a date library would accept forms XMP does not (or reject partial dates XMP allows)
//! and would not say *why* `2024:08:14 06:12` is wrong.

mod date;
mod gps;

pub use date::check_date;
pub use gps::{check_gps, Axis};

use crate::schema::types::SimpleType;
use crate::schema::validate::Severity;
use crate::xmp::lang;

/// A value quoted for a message, cut to a readable length.
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}

/// Why a value does not match its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    /// The whole finding, naming the value (`"2023-02-29" is not an XMP date: ...`).
    pub message: String,
    /// What exactly is wrong when the value is close to the type's form (`day 29 is
    /// out of range for 2023-02`, `XMP Reals have no exponent`); `None` when it is
    /// simply not of the type. Edit refusals add it to their "must be" message.
    pub detail: Option<String>,
}

pub type Check = Result<(), Issue>;

fn bad(message: impl Into<String>) -> Check {
    Err(Issue {
        severity: Severity::Error,
        message: message.into(),
        detail: None,
    })
}

fn bad_because(message: impl Into<String>, detail: impl Into<String>) -> Check {
    Err(Issue {
        severity: Severity::Error,
        message: message.into(),
        detail: Some(detail.into()),
    })
}

fn warn(message: impl Into<String>) -> Check {
    Err(Issue {
        severity: Severity::Warning,
        message: message.into(),
        detail: None,
    })
}

/// Checks a value against a simple type's grammar. `axis` matters for GPS
/// coordinates only (the direction letter must fit it). Text-like types (Text, URI,
/// AgentName, ProperName, RenditionClass) take any value.
pub fn check(st: SimpleType, s: &str, axis: Axis) -> Check {
    match st {
        SimpleType::Integer => check_integer(s),
        SimpleType::Real => check_real(s),
        SimpleType::Boolean => check_boolean(s),
        SimpleType::Date => check_date(s),
        SimpleType::Rational => check_rational(s),
        SimpleType::Guid => check_guid(s),
        SimpleType::MimeType => check_mime(s),
        SimpleType::GpsCoordinate => check_gps(s, axis),
        SimpleType::Locale => check_locale(s),
        SimpleType::Text
        | SimpleType::Uri
        | SimpleType::AgentName
        | SimpleType::ProperName
        | SimpleType::RenditionClass => Ok(()),
    }
}

/// What a value of the type looks like, for "must be ..." messages.
pub fn expected(st: SimpleType) -> &'static str {
    match st {
        SimpleType::Integer => "an Integer",
        SimpleType::Real => "a Real number",
        SimpleType::Boolean => "True or False",
        SimpleType::Date => "a date like 2024, 2024-05-31 or 2024-05-31T14:30:00+02:00",
        SimpleType::Rational => "a rational like 1/250",
        SimpleType::Guid => "a GUID like xmp.iid: followed by 32 hex digits",
        SimpleType::MimeType => "a MIME type like image/jpeg",
        SimpleType::GpsCoordinate => "a GPS coordinate like 48,51,24N or 2,21.05E",
        SimpleType::Locale => "a language tag like en or de-CH",
        SimpleType::Text
        | SimpleType::Uri
        | SimpleType::AgentName
        | SimpleType::ProperName
        | SimpleType::RenditionClass => "text",
    }
}

/// Locale (a language, as in `dc:language`): an RFC 3066 tag; `x-default` names no
/// language, so it is refused here although `xml:lang` allows it.
pub fn check_locale(s: &str) -> Check {
    if s.eq_ignore_ascii_case(lang::X_DEFAULT) {
        return bad_because("x-default is not a language", "x-default is not a language");
    }
    match lang::check_tag(s) {
        Ok(()) => Ok(()),
        Err(e) => bad_because(e.to_string(), e.to_string()),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['+', '-']).unwrap_or(s)
}

fn whitespace_note(s: &str) -> &'static str {
    if s.trim() != s {
        " (leading or trailing whitespace)"
    } else {
        ""
    }
}

/// Integer: optional sign, decimal digits, any length.
pub fn check_integer(s: &str) -> Check {
    if all_digits(strip_sign(s)) {
        return Ok(());
    }
    not_because(
        format!("{} is not an Integer{}", shown(s), whitespace_note(s)),
        s,
    )
}

/// An error whose only detail is stray whitespace, when there is some.
fn not_because(message: String, s: &str) -> Check {
    if whitespace_note(s).is_empty() {
        bad(message)
    } else {
        bad_because(message, "leading or trailing whitespace")
    }
}

/// True for the Real grammar: optional sign, digits and/or `.` fraction, no exponent.
fn is_real(s: &str) -> bool {
    let body = strip_sign(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int_ok = int.is_empty() || all_digits(int);
    match frac {
        None => all_digits(int),
        Some(f) => int_ok && (f.is_empty() || all_digits(f)) && !(int.is_empty() && f.is_empty()),
    }
}

/// Real: optional sign, integer part and/or `.` fraction; no exponent.
pub fn check_real(s: &str) -> Check {
    if is_real(s) {
        return Ok(());
    }
    if s.contains(['e', 'E']) && s.parse::<f64>().is_ok() {
        const WHY: &str = "XMP Reals have no exponent";
        return bad_because(format!("{} is not a Real: {WHY}", shown(s)), WHY);
    }
    if s.contains(',') && is_real(&s.replace(',', ".")) {
        const WHY: &str = "the decimal separator is '.'";
        return bad_because(format!("{} is not a Real: {WHY}", shown(s)), WHY);
    }
    not_because(
        format!("{} is not a Real{}", shown(s), whitespace_note(s)),
        s,
    )
}

/// The numeric value of an Integer or Real lexical form (for ranges).
pub fn number(s: &str) -> Option<f64> {
    if !is_real(s) {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Boolean: exactly `True` or `False`; other spellings of those are tolerated with a
/// warning (readers may accept them, docs/data-model.md, "Simple value types").
pub fn check_boolean(s: &str) -> Check {
    match s {
        "True" | "False" => Ok(()),
        _ if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => warn(format!(
            "{} should be written \"{}\" (XMP Booleans are True or False)",
            shown(s),
            if s.eq_ignore_ascii_case("true") {
                "True"
            } else {
                "False"
            }
        )),
        _ => bad(format!("{} is not a Boolean (True or False)", shown(s))),
    }
}

/// Rational `n/d` (signed), or a whole number; a decimal is tolerated with a warning.
pub fn check_rational(s: &str) -> Check {
    if let Some((n, d)) = s.split_once('/') {
        if all_digits(strip_sign(n)) && all_digits(strip_sign(d)) {
            return Ok(());
        }
    } else if all_digits(strip_sign(s)) {
        // A whole number is an unambiguous rational (`72` = `72/1`).
        return Ok(());
    } else if is_real(s) {
        return warn(format!(
            "{} is a decimal; Exif rationals are written n/d",
            shown(s)
        ));
    }
    bad(format!("{} is not a rational (n/d)", shown(s)))
}

/// GUID-like identifiers (docs/data-model.md, "Simple value types": opaque, but in
/// practice `xmp.did:`/`xmp.iid:`/`uuid:` or other `scheme:` prefixes followed by 32
/// hex digits or a UUID).
pub fn is_guid_like(s: &str) -> bool {
    let mut rest = s;
    // Scheme prefixes: `xmp.did:`, `uuid:`, `adobe:docid:photoshop:`, `gimp:docid:gimp:`.
    while let Some((scheme, tail)) = rest.split_once(':') {
        let ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !ok {
            return false;
        }
        rest = tail;
    }
    let hex = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit());
    if hex(rest, 32) {
        return true;
    }
    let groups: Vec<&str> = rest.split('-').collect();
    matches!(groups.as_slice(), [a, b, c, d, e]
        if hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12))
}

/// GUID: warns when a value does not look like one.
pub fn check_guid(s: &str) -> Check {
    if is_guid_like(s) {
        return Ok(());
    }
    warn(format!(
        "{} does not look like a GUID (e.g. xmp.iid: followed by 32 hex digits, or a UUID)",
        shown(s)
    ))
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// MIME type: `type/subtype` tokens (RFC 2045/6838), parameters after `;` allowed.
pub fn check_mime(s: &str) -> Check {
    let main = s.split(';').next().unwrap_or("").trim();
    match main.split_once('/') {
        Some((t, sub)) if is_token(t) && is_token(sub) => Ok(()),
        _ => bad(format!(
            "{} is not a MIME type (type/subtype, e.g. image/jpeg)",
            shown(s)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sev(c: Check) -> Option<Severity> {
        c.err().map(|i| i.severity)
    }

    #[test]
    fn integers() {
        for ok in [
            "0",
            "42",
            "-7",
            "+3",
            "007",
            "123456789012345678901234567890",
        ] {
            assert_eq!(check_integer(ok), Ok(()), "{ok}");
        }
        for no in ["", "-", "3.0", "1e3", " 3", "x"] {
            assert!(check_integer(no).is_err(), "{no}");
        }
        assert_eq!(
            check_integer(" 3").unwrap_err().message,
            "\" 3\" is not an Integer (leading or trailing whitespace)"
        );
    }

    #[test]
    fn reals() {
        for ok in ["0", "3.0", "-1", ".5", "5.", "+2.50", "-0.61"] {
            assert_eq!(check_real(ok), Ok(()), "{ok}");
        }
        for no in ["", ".", "-", "1e3", "1,5", "NaN", "inf", "3.0.1"] {
            assert!(check_real(no).is_err(), "{no}");
        }
        assert_eq!(
            check_real("1e3").unwrap_err().message,
            "\"1e3\" is not a Real: XMP Reals have no exponent"
        );
        assert_eq!(
            check_real("1,5").unwrap_err().message,
            "\"1,5\" is not a Real: the decimal separator is '.'"
        );
        assert_eq!(number("3.0"), Some(3.0));
        assert_eq!(number("-1"), Some(-1.0));
        assert_eq!(number("1e3"), None);
    }

    #[test]
    fn booleans() {
        assert_eq!(check_boolean("True"), Ok(()));
        assert_eq!(check_boolean("False"), Ok(()));
        assert_eq!(sev(check_boolean("true")), Some(Severity::Warning));
        assert_eq!(
            check_boolean("false").unwrap_err().message,
            "\"false\" should be written \"False\" (XMP Booleans are True or False)"
        );
        assert_eq!(sev(check_boolean("yes")), Some(Severity::Error));
        assert_eq!(sev(check_boolean("1")), Some(Severity::Error));
    }

    #[test]
    fn rationals() {
        for ok in ["1/200", "-1/1", "0/0", "2400000/10000", "72"] {
            assert_eq!(check_rational(ok), Ok(()), "{ok}");
        }
        assert_eq!(sev(check_rational("2.8")), Some(Severity::Warning));
        assert_eq!(sev(check_rational("1/2/3")), Some(Severity::Error));
        assert_eq!(sev(check_rational("f/2.8")), Some(Severity::Error));
    }

    #[test]
    fn guids() {
        for ok in [
            "xmp.did:F5B4A8B21E8211E5A0FBC1C720F8BFA3",
            "xmp.iid:446f9de2-f964-4680-8461-ddf05bfcc53e",
            "uuid:faf5bdd5-ba3d-11da-ad31-d33d75182f1b",
            "8367D410E636EA95B7DE7EBA1C43A412",
            "adobe:docid:photoshop:c2ed3b5f-7a16-11e0-9d1a-d8e5a38b6f03",
            "gimp:docid:gimp:8cf1b29a-9b12-4dec-9930-f2c608b29f4b",
        ] {
            assert_eq!(check_guid(ok), Ok(()), "{ok}");
        }
        for no in [
            "",
            "xmp.did:",
            "xmp.did:1234",
            "hello",
            "uuid:xyz",
            "::1234",
        ] {
            assert_eq!(sev(check_guid(no)), Some(Severity::Warning), "{no}");
        }
    }

    #[test]
    fn mime_types() {
        for ok in [
            "image/jpeg",
            "application/vnd.adobe.photoshop",
            "text/plain; charset=utf-8",
            "image/svg+xml",
        ] {
            assert_eq!(check_mime(ok), Ok(()), "{ok}");
        }
        for no in ["", "jpeg", "image/", "/jpeg", "image jpeg", "image/jp eg"] {
            assert!(check_mime(no).is_err(), "{no}");
        }
    }
}
