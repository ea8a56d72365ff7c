//! Lexical checks of simple XMP values (notes §1.5): Integer, Real, Boolean, Date,
//! Rational, GPS coordinate, GUID, MIME type.
//!
//! Hand-written because each grammar is a few lines and what matters is the message:
//! a date library would accept forms XMP does not (or reject partial dates XMP allows)
//! and would not say *why* `2024:08:14 06:12` is wrong.

use crate::schema::validate::Severity;

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
    pub message: String,
}

pub type Check = Result<(), Issue>;

fn bad(message: impl Into<String>) -> Check {
    Err(Issue {
        severity: Severity::Error,
        message: message.into(),
    })
}

fn warn(message: impl Into<String>) -> Check {
    Err(Issue {
        severity: Severity::Warning,
        message: message.into(),
    })
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
    bad(format!(
        "{} is not an Integer{}",
        shown(s),
        whitespace_note(s)
    ))
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
        return bad(format!(
            "{} is not a Real: XMP Reals have no exponent",
            shown(s)
        ));
    }
    if s.contains(',') && is_real(&s.replace(',', ".")) {
        return bad(format!(
            "{} is not a Real: the decimal separator is '.'",
            shown(s)
        ));
    }
    bad(format!("{} is not a Real{}", shown(s), whitespace_note(s)))
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
/// warning (readers may accept them, notes §1.5).
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

const DATE_FORMS: &str =
    "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.s]] with optional Z or ±hh:mm";

/// Date (notes §1.5): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally
/// `Thh:mm[:ss[.s+]]` and a time zone `Z` / `±hh:mm`.
pub fn check_date(s: &str) -> Check {
    match date_error(s) {
        None => Ok(()),
        Some(why) => bad(format!("{} is not an XMP date: {why}", shown(s))),
    }
}

fn two(b: &[u8], at: usize) -> Option<u32> {
    let d = b.get(at..at + 2)?;
    if d.iter().all(u8::is_ascii_digit) {
        Some(u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    } else {
        None
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn date_error(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if s.trim() != s {
        return Some("leading or trailing whitespace".into());
    }
    if b.len() >= 10 && b.get(4) == Some(&b':') && b.get(7) == Some(&b':') {
        return Some(format!(
            "this is the Exif form; XMP writes {}",
            exif_to_xmp_hint(s)
        ));
    }
    let year_ok = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    if !year_ok {
        return Some(format!("expected {DATE_FORMS}"));
    }
    let year = s[..4].parse::<u32>().unwrap_or(0);
    if b.len() == 4 {
        return None;
    }
    if b[4] != b'-' {
        return Some(format!("expected {DATE_FORMS}"));
    }
    let month = match two(b, 5) {
        Some(m) if b.len() == 7 || b.get(7) == Some(&b'-') => m,
        _ => return Some(format!("expected {DATE_FORMS}")),
    };
    if !(1..=12).contains(&month) {
        return Some(format!("month {month:02} is out of range"));
    }
    if b.len() == 7 {
        return None;
    }
    let day = match two(b, 8) {
        Some(d) if b.len() == 10 || !b[10].is_ascii_digit() => d,
        _ => return Some(format!("expected {DATE_FORMS}")),
    };
    if day == 0 || day > days_in_month(year, month) {
        return Some(format!(
            "day {day:02} is out of range for {year:04}-{month:02}"
        ));
    }
    if b.len() == 10 {
        return None;
    }
    match b[10] {
        b'T' => {}
        b' ' | b't' => return Some("date and time must be separated by 'T'".into()),
        _ => return Some(format!("expected {DATE_FORMS}")),
    }
    let (hour, minute) = match (two(b, 11), b.get(13), two(b, 14)) {
        (Some(h), Some(b':'), Some(m)) => (h, m),
        _ => return Some("expected hh:mm after 'T'".into()),
    };
    if hour > 23 || minute > 59 {
        return Some(format!("time {hour:02}:{minute:02} is out of range"));
    }
    let mut at = 16;
    if b.get(at) == Some(&b':') {
        match two(b, at + 1) {
            Some(sec) if sec <= 60 => at += 3,
            Some(sec) => return Some(format!("second {sec:02} is out of range")),
            None => return Some("expected two-digit seconds after hh:mm:".into()),
        }
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return Some("expected digits after the decimal point of the seconds".into());
            }
            at += 1 + digits;
        }
    }
    match &s[at..] {
        "" | "Z" => None,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) => {
            match (
                two(tz.as_bytes(), 1),
                tz.as_bytes()[3],
                two(tz.as_bytes(), 4),
            ) {
                (Some(h), b':', Some(m)) if h <= 23 && m <= 59 => None,
                (Some(_), b':', Some(_)) => Some(format!("time zone {tz} is out of range")),
                _ => Some(format!("time zone {tz:?} must be Z or ±hh:mm")),
            }
        }
        tz => Some(format!("time zone {tz:?} must be Z or ±hh:mm")),
    }
}

/// `2024:08:14 06:12:03` -> `2024-08-14T06:12:03`, for the hint in messages.
fn exif_to_xmp_hint(s: &str) -> String {
    let mut out: String = s.chars().take(19).collect();
    out = out.replacen(':', "-", 2);
    if out.len() > 10 {
        out.replace_range(10..11, "T");
    }
    out
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

/// Which coordinate a GPS value holds (the direction letter must match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Latitude,
    Longitude,
    Unknown,
}

impl Axis {
    /// From a property or field local name (`GPSLatitude`, `GPSDestLongitude`).
    pub fn of(local: &str) -> Axis {
        if local.ends_with("Latitude") {
            Axis::Latitude
        } else if local.ends_with("Longitude") {
            Axis::Longitude
        } else {
            Axis::Unknown
        }
    }
}

/// GPS coordinate: `DDD,MM,SSk` or `DDD,MM.mmk`, k = N/S for latitudes, E/W for
/// longitudes.
pub fn check_gps(s: &str, axis: Axis) -> Check {
    const FORMS: &str = "expected DDD,MM,SSk or DDD,MM.mmk";
    let Some(k) = s.chars().last() else {
        return bad(format!("empty GPS coordinate ({FORMS})"));
    };
    let body = &s[..s.len() - k.len_utf8()];
    let parts: Vec<&str> = body.split(',').collect();
    let fields_ok = match parts.as_slice() {
        [d, m] => all_digits(d) && is_unsigned_real(m),
        [d, m, sec] => all_digits(d) && all_digits(m) && is_unsigned_real(sec),
        _ => false,
    };
    if !fields_ok || !k.is_ascii_alphabetic() {
        return bad(format!("{} is not a GPS coordinate ({FORMS})", shown(s)));
    }
    let upper = k.to_ascii_uppercase();
    let allowed: &[char] = match axis {
        Axis::Latitude => &['N', 'S'],
        Axis::Longitude => &['E', 'W'],
        Axis::Unknown => &['N', 'S', 'E', 'W'],
    };
    if !allowed.contains(&upper) {
        let what = match axis {
            Axis::Latitude => "a latitude needs N or S",
            Axis::Longitude => "a longitude needs E or W",
            Axis::Unknown => "the direction must be N, S, E or W",
        };
        return bad(format!("{}: {what}", shown(s)));
    }
    let deg: f64 = parts[0].parse().unwrap_or(f64::INFINITY);
    let min: f64 = parts[1].parse().unwrap_or(f64::INFINITY);
    let sec: f64 = parts
        .get(2)
        .map_or(0.0, |p| p.parse().unwrap_or(f64::INFINITY));
    let max_deg = if upper == 'N' || upper == 'S' {
        90.0
    } else {
        180.0
    };
    if min >= 60.0 || sec >= 60.0 || deg + min / 60.0 + sec / 3600.0 > max_deg {
        return bad(format!("{} is out of range", shown(s)));
    }
    if k != upper {
        return warn(format!(
            "{}: the direction letter should be upper-case",
            shown(s)
        ));
    }
    Ok(())
}

fn is_unsigned_real(s: &str) -> bool {
    !s.starts_with(['+', '-']) && is_real(s)
}

/// GUID-like identifiers (notes §1.5: opaque, but in practice `xmp.did:`/`xmp.iid:`/
/// `uuid:` or other `scheme:` prefixes followed by 32 hex digits or a UUID).
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
    fn dates_valid() {
        for ok in [
            "2024",
            "2024-08",
            "2024-08-14",
            "2024-08-14T06:12",
            "2024-08-14T06:12Z",
            "2024-08-14T06:12:03",
            "2024-08-14T06:12:03+02:00",
            "2024-08-14T06:12:03-04:00",
            "2015-07-16T15:38:54.00",
            "2024-08-14T06:12:03.123456Z",
            "2024-02-29",
            "2000-02-29",
            "2016-12-31T23:59:60Z",
        ] {
            assert_eq!(check_date(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn dates_invalid_with_reasons() {
        let msg = |s: &str| check_date(s).unwrap_err().message;
        assert_eq!(
            msg("2024:08:14 06:12:03"),
            "\"2024:08:14 06:12:03\" is not an XMP date: this is the Exif form; XMP writes 2024-08-14T06:12:03"
        );
        assert_eq!(
            msg("2024-08-14 06:12"),
            "\"2024-08-14 06:12\" is not an XMP date: date and time must be separated by 'T'"
        );
        assert_eq!(
            msg("2024-08-14T06:12:03+0200"),
            "\"2024-08-14T06:12:03+0200\" is not an XMP date: time zone \"+0200\" must be Z or ±hh:mm"
        );
        assert!(msg("2024-13").contains("month 13 is out of range"));
        assert!(msg("2023-02-29").contains("day 29 is out of range for 2023-02"));
        assert!(msg("1900-02-29").contains("out of range"));
        assert!(msg("2024-08-14T24:00").contains("out of range"));
        assert!(msg("2024-08-14T06").contains("expected hh:mm after 'T'"));
        assert!(msg("2024-08-14T06:12:03.").contains("digits after the decimal point"));
        assert!(msg("2024-08-14T06:12:03+25:00").contains("out of range"));
        for no in [
            "",
            "24",
            "2024-8-14",
            "20240814",
            "2024-08-14T",
            " 2024",
            "yesterday",
        ] {
            assert!(check_date(no).is_err(), "{no}");
        }
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
    fn gps_coordinates() {
        for ok in [
            "53,7.9535400N",
            "8,43.1517600E",
            "0,0,0S",
            "179,59,59W",
            "90,0.0N",
            "12,30,15.5N",
        ] {
            assert_eq!(check_gps(ok, Axis::Unknown), Ok(()), "{ok}");
        }
        assert_eq!(check_gps("53,7.95N", Axis::of("GPSDestLatitude")), Ok(()));
        assert_eq!(check_gps("8,43.15E", Axis::Longitude), Ok(()));
        let msg = |s: &str, a| check_gps(s, a).unwrap_err().message;
        assert_eq!(
            msg("53,7.95E", Axis::Latitude),
            "\"53,7.95E\": a latitude needs N or S"
        );
        assert_eq!(
            msg("8,43.15N", Axis::Longitude),
            "\"8,43.15N\": a longitude needs E or W"
        );
        assert!(msg("91,0.0N", Axis::Latitude).contains("out of range"));
        assert!(msg("10,60.0N", Axis::Latitude).contains("out of range"));
        assert!(msg("181,0,0E", Axis::Longitude).contains("out of range"));
        for no in [
            "",
            "53.1234N",
            "53,7.95",
            "N",
            "-53,7.95N",
            "53,7,9.5,1N",
            "53;7.95N",
        ] {
            assert_eq!(
                sev(check_gps(no, Axis::Unknown)),
                Some(Severity::Error),
                "{no}"
            );
        }
        assert_eq!(
            sev(check_gps("53,7.95n", Axis::Latitude)),
            Some(Severity::Warning)
        );
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
