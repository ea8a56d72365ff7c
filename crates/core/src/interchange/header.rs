//! AEM's CSV header grammar (docs/interchange.md): `name {{Type}}`,
//! `name {{Type: multi}}`, `name {{Type : MULTI }}`, `name {{Date: DateFormat: PATTERN}}`,
//! or a bare `name` (String). Type names are case-insensitive; the name is kept as
//! written (property names are case-sensitive).

use crate::interchange::dates::Pattern;

/// The JCR property types a header may name (AEM accepts any JCR type; `Number`
/// appears in AEM's own examples).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    String,
    Long,
    Double,
    Decimal,
    Number,
    Boolean,
    Date,
    Uri,
    Name,
    Path,
    Reference,
    WeakReference,
}

impl CellType {
    pub fn parse(word: &str) -> Option<CellType> {
        Some(match word.to_ascii_lowercase().as_str() {
            "string" => CellType::String,
            "long" => CellType::Long,
            "double" => CellType::Double,
            "decimal" => CellType::Decimal,
            "number" => CellType::Number,
            "boolean" => CellType::Boolean,
            "date" => CellType::Date,
            "uri" => CellType::Uri,
            "name" => CellType::Name,
            "path" => CellType::Path,
            "reference" => CellType::Reference,
            "weakreference" => CellType::WeakReference,
            _ => return None,
        })
    }

    /// The spelling export writes.
    pub fn keyword(self) -> &'static str {
        match self {
            CellType::String => "String",
            CellType::Long => "Long",
            CellType::Double => "Double",
            CellType::Decimal => "Decimal",
            CellType::Number => "Number",
            CellType::Boolean => "Boolean",
            CellType::Date => "Date",
            CellType::Uri => "URI",
            CellType::Name => "Name",
            CellType::Path => "Path",
            CellType::Reference => "Reference",
            CellType::WeakReference => "WeakReference",
        }
    }

    /// Checks (and normalises) a cell against the header's type: numbers must be
    /// numbers, booleans become XMP's `True`/`False`. Dates are handled by the caller
    /// (they need the pattern).
    pub fn check(self, value: &str) -> Result<String, String> {
        match self {
            CellType::Long => {
                let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(value.to_string())
                } else {
                    Err(format!("{value:?} is not a Long (a whole number)"))
                }
            }
            CellType::Double | CellType::Decimal | CellType::Number => match value.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(value.to_string()),
                _ => Err(format!("{value:?} is not a {}", self.keyword())),
            },
            CellType::Boolean => match value.to_ascii_lowercase().as_str() {
                "true" => Ok("True".into()),
                "false" => Ok("False".into()),
                _ => Err(format!("{value:?} is not a Boolean (true or false)")),
            },
            _ => Ok(value.to_string()),
        }
    }
}

/// One parsed header cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The property path as written (`dc:title[de-DE]`, `xmpMM:History[1]/stEvt:action`).
    pub name: String,
    pub ty: CellType,
    pub multi: bool,
    pub date_format: Option<Pattern>,
}

/// Parses one header cell.
pub fn parse(cell: &str) -> Result<Header, String> {
    let cell = cell.trim();
    let Some(open) = cell.find("{{") else {
        if cell.contains("}}") {
            return Err(format!("header {cell:?}: '}}}}' without '{{{{'"));
        }
        return Ok(Header {
            name: cell.to_string(),
            ty: CellType::String,
            multi: false,
            date_format: None,
        });
    };
    let name = cell[..open].trim().to_string();
    let inner_and_rest = &cell[open + 2..];
    let close = inner_and_rest
        .find("}}")
        .ok_or_else(|| format!("header {cell:?}: '{{{{' is not closed with '}}}}'"))?;
    if !inner_and_rest[close + 2..].trim().is_empty() {
        return Err(format!("header {cell:?}: text after '}}}}'"));
    }
    let inner = &inner_and_rest[..close];
    let (word, mut rest) = match inner.split_once(':') {
        Some((w, r)) => (w.trim(), Some(r.trim())),
        None => (inner.trim(), None),
    };
    let ty = CellType::parse(word).ok_or_else(|| {
        format!("header {cell:?}: unknown type {word:?} (String, Long, Double, Boolean, Date, …)")
    })?;
    let mut multi = false;
    let mut date_format = None;
    while let Some(r) = rest {
        let lower = r.to_ascii_lowercase();
        if lower == "multi" || (lower.starts_with("multi") && r[5..].trim_start().starts_with(':'))
        {
            multi = true;
            rest = r[5..].trim_start().strip_prefix(':').map(str::trim);
        } else if lower.starts_with("dateformat") {
            let pat = r[10..]
                .trim_start()
                .strip_prefix(':')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .ok_or_else(|| format!("header {cell:?}: DateFormat needs a pattern after ':'"))?;
            if ty != CellType::Date {
                return Err(format!(
                    "header {cell:?}: DateFormat is only for Date columns"
                ));
            }
            date_format = Some(Pattern::parse(pat).map_err(|e| format!("header {cell:?}: {e}"))?);
            rest = None;
        } else {
            return Err(format!(
                "header {cell:?}: expected 'multi' or 'DateFormat: PATTERN' after the type, found {r:?}"
            ));
        }
    }
    if name.is_empty() {
        return Err(format!("header {cell:?}: no property name before '{{{{'"));
    }
    Ok(Header {
        name,
        ty,
        multi,
        date_format,
    })
}

/// The header cell export writes: `dc:subject {{String: multi}}`.
pub fn format(name: &str, ty: CellType, multi: bool) -> String {
    if multi {
        format!("{name} {{{{{}: multi}}}}", ty.keyword())
    } else {
        format!("{name} {{{{{}}}}}", ty.keyword())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_variants_parse() {
        let h = parse("dc:title {{String}}").unwrap();
        assert_eq!(
            (h.name.as_str(), h.ty, h.multi),
            ("dc:title", CellType::String, false)
        );
        for s in [
            "dc:subject {{String: multi}}",
            "dc:subject{{String: multi}}",
            "dc:subject {{String : MULTI }}",
            "dc:subject {{string:Multi}}",
        ] {
            let h = parse(s).unwrap();
            assert_eq!(
                (h.name.as_str(), h.ty, h.multi),
                ("dc:subject", CellType::String, true),
                "{s}"
            );
        }
        assert_eq!(
            parse("commerce:positions{{Number: multi}}").unwrap().ty,
            CellType::Number
        );
        let h = parse("dc:title").unwrap();
        assert_eq!((h.ty, h.multi), (CellType::String, false));
        let h = parse("xmp:CreateDate {{Date: DateFormat: yyyy-MM-dd'T'HH:mm:ssXXX}}").unwrap();
        assert!(h.date_format.is_some());
        assert_eq!(
            format("dc:subject", CellType::String, true),
            "dc:subject {{String: multi}}"
        );
    }

    #[test]
    fn bad_headers_say_why() {
        assert!(parse("x {{Strin}}")
            .unwrap_err()
            .contains("unknown type \"Strin\""));
        assert!(parse("x {{String").unwrap_err().contains("not closed"));
        assert!(parse("x {{String: many}}")
            .unwrap_err()
            .contains("expected 'multi'"));
        assert!(parse("{{String}}")
            .unwrap_err()
            .contains("no property name"));
        assert!(parse("x {{Long: DateFormat: yyyy}}")
            .unwrap_err()
            .contains("only for Date"));
    }
}
