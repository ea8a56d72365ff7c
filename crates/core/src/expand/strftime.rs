//! The strftime subset of `{date:FORMAT}` and `{PREFIX:Name:FORMAT}`: `%Y %m %d %H
//! %M %S` and `%%`. A date is formatted in the fields it was written with (an XMP
//! date's own zone, not converted); parts a date lacks (`2024-05`) read as the
//! start of the period (day 01, 00:00:00).

/// A calendar date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Civil {
    /// The UTC date and time `secs` seconds after 1970-01-01T00:00:00Z (Howard
    /// Hinnant's days-from-civil inverse).
    pub fn from_unix(secs: i64) -> Civil {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// Reads an XMP date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, with `Thh:mm[:ss[.f]]` and a
    /// zone); ExifTool's `YYYY:MM:DD hh:mm:ss` too. None when it is not one.
    pub fn parse_xmp(s: &str) -> Option<Civil> {
        let s = s.trim();
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<u32> {
            let part = s.get(from..from + len)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let mut c = Civil {
            year: i64::from(num(0, 4)?),
            month: 1,
            day: 1,
            ..Civil::default()
        };
        let sep = |i: usize| b.get(i).copied();
        if b.len() > 4 {
            if !matches!(sep(4), Some(b'-' | b':')) {
                return None;
            }
            c.month = num(5, 2)?;
        }
        if b.len() > 7 {
            if !matches!(sep(7), Some(b'-' | b':')) {
                return None;
            }
            c.day = num(8, 2)?;
        }
        if b.len() > 10 {
            if !matches!(sep(10), Some(b'T' | b' ')) {
                return None;
            }
            c.hour = num(11, 2)?;
            if sep(13) != Some(b':') {
                return None;
            }
            c.minute = num(14, 2)?;
            if sep(16) == Some(b':') {
                c.second = num(17, 2)?;
            }
        }
        let valid = (1..=12).contains(&c.month)
            && (1..=31).contains(&c.day)
            && c.hour < 24
            && c.minute < 60
            && c.second < 61;
        valid.then_some(c)
    }
}

/// One part of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Field(char),
}

/// A parsed strftime-style format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    parts: Vec<Part>,
}

impl DateFormat {
    /// Parses a format; a `%` followed by anything but `Y m d H M S %` is an error.
    pub fn parse(text: &str) -> Result<DateFormat, String> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                lit.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => lit.push('%'),
                Some(f @ ('Y' | 'm' | 'd' | 'H' | 'M' | 'S')) => {
                    if !lit.is_empty() {
                        parts.push(Part::Lit(std::mem::take(&mut lit)));
                    }
                    parts.push(Part::Field(f));
                }
                Some(other) => {
                    return Err(format!(
                    "%{other} is not a date field (use %Y %m %d %H %M %S, %% for a percent sign)"
                ))
                }
                None => return Err("a format ends in a lone %".into()),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(DateFormat { parts })
    }
}

/// `date` written in `format`.
pub fn format_date(date: &Civil, format: &DateFormat) -> String {
    let mut out = String::new();
    for p in &format.parts {
        match p {
            Part::Lit(s) => out.push_str(s),
            Part::Field('Y') => out.push_str(&format!("{:04}", date.year)),
            Part::Field('m') => out.push_str(&format!("{:02}", date.month)),
            Part::Field('d') => out.push_str(&format!("{:02}", date.day)),
            Part::Field('H') => out.push_str(&format!("{:02}", date.hour)),
            Part::Field('M') => out.push_str(&format!("{:02}", date.minute)),
            Part::Field(_) => out.push_str(&format!("{:02}", date.second)),
        }
    }
    out
}
