//! XMP Date (docs/data-model.md, "Simple value types"): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
//! then optionally `Thh:mm[:ss[.s+]]` and a time zone `Z` / `±hh:mm`. Hand-written: date
//! libraries accept other forms or reject the partial dates XMP allows, and cannot say why
//! `2024:08:14 06:12` is wrong.

use super::{bad, bad_because, shown, Check};

const DATE_FORMS: &str =
    "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.s]] with optional Z or ±hh:mm";

/// Date (docs/data-model.md, "Simple value types"): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then
/// optionally `Thh:mm[:ss[.s+]]` and a time zone `Z` / `±hh:mm`.
pub fn check_date(s: &str) -> Check {
    match date_error(s) {
        None => Ok(()),
        Some(Why::Form) => bad(format!(
            "{} is not an XMP date: expected {DATE_FORMS}",
            shown(s)
        )),
        Some(Why::Detail(why)) => {
            bad_because(format!("{} is not an XMP date: {why}", shown(s)), why)
        }
    }
}

/// Why a value is not a date: not of any date form at all, or close to one but wrong
/// in a detail (a day that does not exist, the Exif form) worth telling.
enum Why {
    Form,
    Detail(String),
}

fn detail(why: impl Into<String>) -> Option<Why> {
    Some(Why::Detail(why.into()))
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
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

fn date_error(s: &str) -> Option<Why> {
    let b = s.as_bytes();
    if s.trim() != s {
        return detail("leading or trailing whitespace");
    }
    if b.len() >= 10 && b.get(4) == Some(&b':') && b.get(7) == Some(&b':') {
        return detail(format!(
            "this is the Exif form; XMP writes {}",
            exif_to_xmp_hint(s)
        ));
    }
    let year_ok = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    if !year_ok {
        return Some(Why::Form);
    }
    let year = s[..4].parse::<u32>().unwrap_or(0);
    if b.len() == 4 {
        return None;
    }
    if b[4] != b'-' {
        return Some(Why::Form);
    }
    let month = match two(b, 5) {
        Some(m) if b.len() == 7 || b.get(7) == Some(&b'-') => m,
        _ => return Some(Why::Form),
    };
    if !(1..=12).contains(&month) {
        return detail(format!("month {month:02} is out of range"));
    }
    if b.len() == 7 {
        return None;
    }
    let day = match two(b, 8) {
        Some(d) if b.len() == 10 || !b[10].is_ascii_digit() => d,
        _ => return Some(Why::Form),
    };
    if day == 0 || day > days_in_month(year, month) {
        return detail(format!(
            "day {day:02} is out of range for {year:04}-{month:02}"
        ));
    }
    if b.len() == 10 {
        return None;
    }
    match b[10] {
        b'T' => {}
        b' ' | b't' => return detail("date and time must be separated by 'T'"),
        _ => return Some(Why::Form),
    }
    let (hour, minute) = match (two(b, 11), b.get(13), two(b, 14)) {
        (Some(h), Some(b':'), Some(m)) => (h, m),
        _ => return detail("expected hh:mm after 'T'"),
    };
    if hour > 23 || minute > 59 {
        return detail(format!("time {hour:02}:{minute:02} is out of range"));
    }
    let mut at = 16;
    if b.get(at) == Some(&b':') {
        match two(b, at + 1) {
            Some(sec) if sec <= 60 => at += 3,
            Some(sec) => return detail(format!("second {sec:02} is out of range")),
            None => return detail("expected two-digit seconds after hh:mm:"),
        }
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return detail("expected digits after the decimal point of the seconds");
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
                (Some(_), b':', Some(_)) => detail(format!("time zone {tz} is out of range")),
                _ => detail(format!("time zone {tz:?} must be Z or ±hh:mm")),
            }
        }
        tz => detail(format!("time zone {tz:?} must be Z or ±hh:mm")),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
