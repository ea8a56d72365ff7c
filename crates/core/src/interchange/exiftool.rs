//! ExifTool's names for XMP properties, as `exiftool -csv -G1` writes them:
//! `XMP-dc:Title`, `XMP-iptcCore:CreatorCity`, `XMP-xmpMM:HistoryAction`,
//! `XMP-dc:Title-de-DE` (docs/interchange.md, "ExifTool style").
//!
//! ExifTool names a property by its family-1 group (`XMP-` and ExifTool's prefix for
//! the namespace, which differs from the usual one for a few namespaces) and a tag
//! name: the local name with a capital first letter. Struct fields are flattened:
//! the struct's tag name followed by the field's (`HistoryAction`), and an array of
//! structs gives one list per field. Import matches names case-insensitively.

use crate::edit::path::{Path, Step};
use crate::schema::{Registry, ValueType};
use crate::xmp::Name;

/// Registry prefixes whose ExifTool group is spelled otherwise.
const GROUPS: &[(&str, &str)] = &[
    ("Iptc4xmpCore", "iptcCore"),
    ("Iptc4xmpExt", "iptcExt"),
    ("MicrosoftPhoto", "microsoft"),
];

/// Struct fields ExifTool renames when flattening (IPTC's contact info).
const FIELD_NAMES: &[(&str, &str)] = &[
    ("CiAdrExtadr", "Address"),
    ("CiAdrCity", "City"),
    ("CiAdrCtry", "Country"),
    ("CiAdrPcode", "PostalCode"),
    ("CiAdrRegion", "Region"),
    ("CiEmailWork", "WorkEmail"),
    ("CiTelWork", "WorkTelephone"),
    ("CiUrlWork", "WorkURL"),
];

/// ExifTool's tag for XMP's own toolkit attribute (`x:xmptk`), not a property.
pub const TOOLKIT: &str = "XMPToolkit";

fn ucfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The family-1 group of a namespace (`XMP-dc`), `None` for a namespace without a
/// known prefix.
pub fn group(reg: &Registry, uri: &str) -> Option<String> {
    let prefix = reg
        .prefix_of(uri)
        .map(str::to_string)
        .or_else(|| crate::xmp::ns::canonical_prefix(uri).map(str::to_string))?;
    let g = GROUPS
        .iter()
        .find(|(p, _)| *p == prefix)
        .map_or(prefix.clone(), |(_, g)| (*g).to_string());
    Some(format!("XMP-{g}"))
}

/// The flattened tag name of a top-level property or struct field.
fn flat_part(name: &Name, is_struct_name: bool) -> String {
    if is_struct_name && &*name.local == "CreatorContactInfo" {
        return "Creator".into();
    }
    FIELD_NAMES
        .iter()
        .find(|(f, _)| *f == &*name.local)
        .map_or_else(|| ucfirst(&name.local), |(_, t)| (*t).to_string())
}

/// ExifTool's column name for a cell path (`XMP-xmpMM:HistoryAction` for
/// `xmpMM:History[2]/stEvt:action`); `None` for a namespace ExifTool cannot name.
pub fn column_name(reg: &Registry, path: &Path) -> Option<String> {
    let mut tag = flat_part(&path.prop, !path.steps.is_empty());
    let mut lang = None;
    for (i, s) in path.steps.iter().enumerate() {
        let more = path.steps[i + 1..]
            .iter()
            .any(|s| matches!(s, Step::Field(_)));
        match s {
            Step::Field(n) => tag.push_str(&flat_part(n, more)),
            Step::Lang(l) => lang = Some(l.clone()),
            Step::Index(_) | Step::Qualifier(_) => {}
        }
    }
    let g = group(reg, &path.prop.ns)?;
    Some(match lang {
        Some(l) => format!("{g}:{tag}-{l}"),
        None => format!("{g}:{tag}"),
    })
}

/// What an ExifTool column stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// A property, field or language: the path of the value.
    Path(Path),
    /// A field of every item of an array of structs: the list's items go to
    /// `array[1]/rest`, `array[2]/rest`, ...
    Items { array: Path, rest: Vec<Step> },
    /// The toolkit attribute ExifTool lists with the properties: skipped.
    Toolkit,
}

/// Maps `XMP-dc:Title`, `XMP-dc:Title-de-DE`, `Title` or `XMP-xmpMM:HistoryAction` to
/// the registry's property; an error names the column when nothing matches.
pub fn map(reg: &Registry, column: &str) -> Result<Mapped, String> {
    let (group, tag) = match column.split_once(':') {
        Some((g, t)) => (Some(g), t),
        None => (None, column),
    };
    let (tag, lang) = match tag.split_once('-') {
        Some((t, l)) => (
            t,
            Some(crate::xmp::lang::canonicalize(l).map_err(|e| format!("column {column:?}: {e}"))?),
        ),
        None => (tag, None),
    };
    if tag.eq_ignore_ascii_case(TOOLKIT) {
        return Ok(Mapped::Toolkit);
    }
    let namespaces: Vec<&crate::schema::NamespaceDef> = match group {
        Some(g) => {
            let Some(g) = g
                .strip_prefix("XMP-")
                .or_else(|| g.strip_prefix("xmp-"))
                .filter(|g| !g.is_empty())
            else {
                return Err(format!(
                    "column {column:?}: not an XMP group (expected XMP-PREFIX:Tag)"
                ));
            };
            let prefix = GROUPS
                .iter()
                .find(|(_, eg)| eg.eq_ignore_ascii_case(g))
                .map_or(g, |(p, _)| *p);
            let found: Vec<_> = reg
                .namespaces()
                .iter()
                .filter(|n| n.prefix.eq_ignore_ascii_case(prefix))
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "column {column:?}: xmpedit knows no namespace for the group {g:?}"
                ));
            }
            found
        }
        None => reg.namespaces().iter().collect(),
    };
    for ns in &namespaces {
        for def in &ns.properties {
            if def.name.local.eq_ignore_ascii_case(tag) {
                let path = Path::prop(def.name.clone());
                return Ok(match lang {
                    Some(l) => Mapped::Path(path.lang(l)),
                    None => Mapped::Path(path),
                });
            }
        }
    }
    // A flattened struct field: the struct's name, then the field's.
    for ns in &namespaces {
        for def in &ns.properties {
            let head = flat_part(&def.name, true);
            let Some(rest) = strip_prefix_ci(tag, &head) else {
                continue;
            };
            let (id, array) = match &def.ty {
                ValueType::Struct(id) => (*id, false),
                ValueType::Array(_, inner) => match **inner {
                    ValueType::Struct(id) => (id, true),
                    _ => continue,
                },
                _ => continue,
            };
            let Some(field) = reg
                .struct_def(id)
                .fields
                .iter()
                .find(|f| flat_part(&f.name, false).eq_ignore_ascii_case(rest))
            else {
                continue;
            };
            let mut steps = vec![Step::Field(field.name.clone())];
            if let Some(l) = lang.clone() {
                steps.push(Step::Lang(l));
            }
            let top = Path::prop(def.name.clone());
            return Ok(if array {
                Mapped::Items {
                    array: top,
                    rest: steps,
                }
            } else {
                Mapped::Path(Path {
                    prop: top.prop,
                    steps,
                })
            });
        }
    }
    Err(format!(
        "column {column:?}: no XMP property of {} is named {tag:?}",
        group.unwrap_or("any known namespace")
    ))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    (head.eq_ignore_ascii_case(prefix) && s.len() > prefix.len()).then(|| &s[prefix.len()..])
}

/// An XMP date as ExifTool prints it (`2024:05:06 10:11:12+02:00`); other text as is.
pub fn date_text(xmp: &str) -> String {
    let b = xmp.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let mut s = format!("{}:{}:{}", &xmp[0..4], &xmp[5..7], &xmp[8..10]);
        if let Some(t) = xmp.get(10..).and_then(|r| r.strip_prefix('T')) {
            s.push(' ');
            s.push_str(t);
        }
        s
    } else {
        xmp.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::path::Canonical;
    use crate::schema::registry;

    fn p(s: &str) -> Path {
        Path::parse(s, &Canonical).unwrap()
    }

    #[test]
    fn names_both_ways() {
        let reg = registry();
        for (path, name) in [
            ("dc:title", "XMP-dc:Title"),
            ("dc:title[de-DE]", "XMP-dc:Title-de-DE"),
            ("xmpMM:History[2]/stEvt:action", "XMP-xmpMM:HistoryAction"),
            (
                "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCity",
                "XMP-iptcCore:CreatorCity",
            ),
        ] {
            assert_eq!(column_name(reg, &p(path)).as_deref(), Some(name));
        }
        assert_eq!(
            map(reg, "XMP-dc:Title").unwrap(),
            Mapped::Path(p("dc:title"))
        );
        assert_eq!(
            map(reg, "xmp-dc:title-de-de").unwrap(),
            Mapped::Path(p("dc:title[de-DE]"))
        );
        assert_eq!(map(reg, "Rating").unwrap(), Mapped::Path(p("xmp:Rating")));
        assert_eq!(
            map(reg, "XMP-iptcCore:CreatorWorkEmail").unwrap(),
            Mapped::Path(p(
                "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork"
            ))
        );
        match map(reg, "XMP-xmpMM:HistoryWhen").unwrap() {
            Mapped::Items { array, rest } => {
                assert_eq!(array, p("xmpMM:History"));
                assert_eq!(rest.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(map(reg, "XMP-x:XMPToolkit").unwrap(), Mapped::Toolkit);
        assert!(map(reg, "XMP-dc:Titel").unwrap_err().contains("\"Titel\""));
        assert!(map(reg, "EXIF:Make")
            .unwrap_err()
            .contains("not an XMP group"));
        assert_eq!(
            date_text("2024-05-06T10:11:12+02:00"),
            "2024:05:06 10:11:12+02:00"
        );
    }
}
