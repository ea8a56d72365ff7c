//! Exif GPS coordinates in XMP: `DDD,MM,SSk` or `DDD,MM.mmk`.

use super::{all_digits, bad, bad_because, is_real, shown, warn, Check};

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
        return bad_because(format!("{}: {what}", shown(s)), what);
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
        return bad_because(
            format!("{} is out of range", shown(s)),
            "degrees, minutes or seconds out of range",
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::validate::Severity;

    fn sev(c: Check) -> Option<Severity> {
        c.err().map(|i| i.severity)
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
}
