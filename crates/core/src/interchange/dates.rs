//! Dates in interchange files: XMP dates, AEM's `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` (and any
//! pattern a header names with `{{Date: DateFormat: …}}`), and ExifTool's
//! `YYYY:MM:DD HH:MM:SS±hh:mm`, all turned into XMP dates.
//!
//! A value that does not parse is an error with the reason; AEM drops such a value
//! silently (docs/interchange.md), which loses edits without a word.
//! Patterns are the subset of Java's `SimpleDateFormat` that dates need: `y`, `M`, `d`,
//! `H`, `m`, `s`, `S` (fraction), `X`/`Z` (zone), quoted literals and punctuation.

use crate::schema::lexical::check_date;

/// AEM's default date pattern.
pub const AEM_DEFAULT: &str = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Letter(char, usize),
    Lit(String),
}

/// A parsed `DateFormat` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    toks: Vec<Tok>,
}

impl Pattern {
    /// Parses a Java-style pattern; refuses letters it does not support.
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\'' {
                let mut lit = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(format!("date format {text:?}: unclosed quote")),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            lit.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            lit.push(c);
                            i += 1;
                        }
                    }
                }
                // `''` outside a literal is a quote.
                toks.push(Tok::Lit(if lit.is_empty() { "'".into() } else { lit }));
            } else if c.is_ascii_alphabetic() {
                let mut n = 1;
                while chars.get(i + n) == Some(&c) {
                    n += 1;
                }
                if !matches!(c, 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S' | 'X' | 'Z') {
                    return Err(format!(
                        "date format {text:?}: pattern letter {c:?} is not supported (use y M d H m s S X Z)"
                    ));
                }
                toks.push(Tok::Letter(c, n));
                i += n;
            } else {
                toks.push(Tok::Lit(c.to_string()));
                i += 1;
            }
        }
        Ok(Pattern {
            text: text.into(),
            toks,
        })
    }

    /// Reads `value` with the pattern and gives the XMP date.
    pub fn to_xmp(&self, value: &str) -> Result<String, String> {
        let fail = |why: &str| {
            format!(
                "{value:?} does not match the date format {:?}: {why}",
                self.text
            )
        };
        let mut rest = value;
        let (mut y, mut mo, mut d) = (None::<String>, None::<String>, None::<String>);
        let (mut h, mut mi, mut s) = (None::<String>, None::<String>, None::<String>);
        let mut frac = None::<String>;
        let mut zone = None::<String>;
        for t in &self.toks {
            match t {
                Tok::Lit(l) => {
                    rest = rest
                        .strip_prefix(l.as_str())
                        .ok_or_else(|| fail(&format!("expected {l:?}")))?;
                }
                Tok::Letter(c, n) => {
                    if matches!(c, 'X' | 'Z') {
                        let (z, r) = take_zone(rest)
                            .ok_or_else(|| fail("expected a time zone (Z or +hh:mm)"))?;
                        zone = Some(z);
                        rest = r;
                        continue;
                    }
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    // A fixed width when the pattern is as long as the field (yyyy, MM),
                    // so that `yyyyMMdd` splits; otherwise every digit there is.
                    let want = match c {
                        'y' if *n == 2 => 2,
                        'y' => 4.max(*n).min(digits.max(1)),
                        'S' => digits,
                        _ if *n >= 2 => 2,
                        _ => digits.min(2),
                    };
                    if digits < want || want == 0 {
                        return Err(fail(&format!(
                            "expected digits for {}",
                            c.to_string().repeat(*n)
                        )));
                    }
                    let (num, r) = rest.split_at(want);
                    rest = r;
                    let num = num.to_string();
                    match c {
                        'y' if *n == 2 => y = Some(format!("20{num}")),
                        'y' => y = Some(format!("{num:0>4}")),
                        'M' => mo = Some(format!("{num:0>2}")),
                        'd' => d = Some(format!("{num:0>2}")),
                        'H' => h = Some(format!("{num:0>2}")),
                        'm' => mi = Some(format!("{num:0>2}")),
                        's' => s = Some(format!("{num:0>2}")),
                        _ => frac = Some(num),
                    }
                }
            }
        }
        if !rest.is_empty() {
            return Err(fail(&format!("{rest:?} is left over")));
        }
        let y = y.ok_or_else(|| fail("the format has no year"))?;
        let mut out = y;
        if let Some(mo) = mo {
            out.push('-');
            out.push_str(&mo);
            if let Some(d) = d {
                out.push('-');
                out.push_str(&d);
                if let (Some(h), Some(mi)) = (h, mi) {
                    out.push_str(&format!("T{h}:{mi}"));
                    if let Some(s) = s {
                        out.push(':');
                        out.push_str(&s);
                        if let Some(f) = frac {
                            out.push('.');
                            out.push_str(&f);
                        }
                    }
                    if let Some(z) = zone {
                        out.push_str(&z);
                    }
                }
            }
        }
        check_date(&out).map_err(|e| fail(&e.message))?;
        Ok(out)
    }
}

/// `Z`, `+hh:mm`, `+hhmm` or `+hh` at the start of `s`, as XMP's `Z` or `+hh:mm`.
fn take_zone(s: &str) -> Option<(String, &str)> {
    if let Some(r) = s.strip_prefix('Z') {
        return Some(("Z".into(), r));
    }
    let sign = s.chars().next().filter(|c| *c == '+' || *c == '-')?;
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !(digit(1) && digit(2)) {
        return None;
    }
    let hh = &s[1..3];
    if b.get(3) == Some(&b':') && digit(4) && digit(5) {
        return Some((format!("{sign}{hh}:{}", &s[4..6]), &s[6..]));
    }
    if digit(3) && digit(4) {
        return Some((format!("{sign}{hh}:{}", &s[3..5]), &s[5..]));
    }
    Some((format!("{sign}{hh}:00"), &s[3..]))
}

/// ExifTool's `YYYY:MM:DD[ HH:MM[:SS[.fff]]][zone]` as an XMP date; `None` when the
/// value is not in that form.
pub fn from_exiftool(value: &str) -> Option<String> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if !(b.len() >= 10
        && digits(0..4)
        && b[4] == b':'
        && digits(5..7)
        && b[7] == b':'
        && digits(8..10))
    {
        return None;
    }
    let mut out = format!("{}-{}-{}", &value[0..4], &value[5..7], &value[8..10]);
    let rest = &value[10..];
    if rest.is_empty() {
        return Some(out);
    }
    let time = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('T'))?;
    out.push('T');
    out.push_str(time);
    Some(out)
}

/// A date cell as an XMP date: with the header's pattern when there is one, else an
/// XMP date (AEM's default pattern is one), else ExifTool's form.
pub fn to_xmp(value: &str, pattern: Option<&Pattern>) -> Result<String, String> {
    if let Some(p) = pattern {
        return p.to_xmp(value);
    }
    let issue = match check_date(value) {
        Ok(()) => return Ok(value.to_string()),
        Err(issue) => issue,
    };
    if let Some(converted) = from_exiftool(value) {
        return match check_date(&converted) {
            Ok(()) => Ok(converted),
            Err(e) => Err(e.message),
        };
    }
    Err(issue.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aem_default_pattern_reads_its_own_dates() {
        let p = Pattern::parse(AEM_DEFAULT).unwrap();
        assert_eq!(
            p.to_xmp("2024-05-06T10:11:12.345+02:00").unwrap(),
            "2024-05-06T10:11:12.345+02:00"
        );
        assert_eq!(
            p.to_xmp("2024-05-06T10:11:12.000Z").unwrap(),
            "2024-05-06T10:11:12.000Z"
        );
        // AEM's export leaves out the milliseconds; its own import then drops the date.
        assert!(p
            .to_xmp("2024-05-06T10:11:12+02:00")
            .unwrap_err()
            .contains("expected \".\""));
    }

    #[test]
    fn other_patterns() {
        let p = Pattern::parse("yyyy-MM-dd'T'HH:mm:ssXXX").unwrap();
        assert_eq!(
            p.to_xmp("2024-05-06T10:11:12-05:00").unwrap(),
            "2024-05-06T10:11:12-05:00"
        );
        let p = Pattern::parse("dd.MM.yyyy").unwrap();
        assert_eq!(p.to_xmp("06.05.2024").unwrap(), "2024-05-06");
        assert!(p
            .to_xmp("31.02.2024")
            .unwrap_err()
            .contains("does not match"));
        assert!(Pattern::parse("EEE yyyy")
            .unwrap_err()
            .contains("'E' is not supported"));
    }

    #[test]
    fn exiftool_and_xmp_forms() {
        assert_eq!(
            to_xmp("2008:03:15 09:52:01-04:00", None).unwrap(),
            "2008-03-15T09:52:01-04:00"
        );
        assert_eq!(to_xmp("2008-03-15", None).unwrap(), "2008-03-15");
        assert_eq!(to_xmp("2008:03:15", None).unwrap(), "2008-03-15");
        assert!(to_xmp("15/03/2008", None).is_err());
        assert!(to_xmp("2008:13:15 09:52:01", None).is_err());
    }
}
