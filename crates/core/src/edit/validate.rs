//! Checking ops against the schema registry before they are applied.
//!
//! [`Op::validate`] walks the op's path through the registry's declared types
//! ([`type_at`]) and checks values with the schema's own rules
//! ([`crate::schema::lexical::check`] and [`crate::schema::validate::check_allowed`]),
//! the very rules packet validation reports problems with: an edit is refused exactly
//! when validation would flag the value it writes as an error. Forms validation only
//! warns about (`true` for `True`, an odd GUID) are accepted. Unknown properties,
//! fields and qualifiers are accepted unchecked: XMP is open, and a custom namespace
//! must stay editable.

use crate::edit::error::EditError;
use crate::edit::op::{rating_name, ItemRef, Op};
use crate::edit::path::{Path, Step};
use crate::schema::validate::{allowed_values, axis_of, check_allowed, Severity};
use crate::schema::{lexical, PropertyDef, Registry, SimpleType, ValueType};
use crate::xmp::{lang, ArrayKind, Name};

/// The type of text the model itself requires: a language alternative's items and
/// `xml:lang` qualifiers (whose tags are checked on their own).
static TEXT: ValueType = ValueType::Simple(SimpleType::Text);

/// What the registry declares for a node.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'r> {
    pub ty: &'r ValueType,
    /// The definition whose choices and range apply: the node's own, or for an
    /// array item the array's (as in packet validation); `None` for model text.
    pub def: Option<&'r PropertyDef>,
}

impl<'r> Declared<'r> {
    fn of(def: &'r PropertyDef) -> Self {
        Declared {
            ty: &def.ty,
            def: Some(def),
        }
    }

    fn text() -> Self {
        Declared {
            ty: &TEXT,
            def: None,
        }
    }
}

/// `xmp:Rating`: -1 (rejected) or a number in 0..=5. Checked whatever the registry
/// says, as a rule of the rating itself (`Op::SetRating` has no schema at hand).
pub fn check_rating(value: &str) -> Result<(), EditError> {
    match lexical::number(value) {
        Some(v) if v == -1.0 || (0.0..=5.0).contains(&v) => Ok(()),
        Some(_) => Err(EditError::Rating { got: value.into() }),
        // Quote non-numbers so that an empty or spaced value is visible.
        None => Err(EditError::Rating {
            got: format!("{value:?}"),
        }),
    }
}

/// "an Integer", "a Bag array", "a language alternative"... for messages.
pub fn describe(ty: &ValueType) -> String {
    match ty {
        ValueType::Simple(st) => match st {
            SimpleType::Text | SimpleType::AgentName | SimpleType::ProperName => "Text",
            SimpleType::Integer => "an Integer",
            SimpleType::Real => "a Real",
            SimpleType::Boolean => "a Boolean",
            SimpleType::Date => "a Date",
            SimpleType::Uri => "a URI",
            SimpleType::MimeType => "a MIME type",
            SimpleType::Locale => "a language tag",
            SimpleType::Guid => "a GUID",
            SimpleType::Rational => "a Rational",
            SimpleType::GpsCoordinate => "a GPS coordinate",
            SimpleType::RenditionClass => "a rendition class",
        }
        .into(),
        ValueType::LangAlt => "a language alternative".into(),
        ValueType::Array(kind, _) => describe_array(*kind),
        ValueType::Struct(_) => "a struct".into(),
    }
}

fn describe_array(kind: ArrayKind) -> String {
    match kind {
        ArrayKind::Alt => "an Alt array".into(),
        k => format!("a {} array", k.rdf_name()),
    }
}

/// Checks a simple value against what is declared for it: the schema's lexical
/// check, then a closed definition's choices and range. Only errors refuse.
pub fn check_value(path: &Path, declared: Declared<'_>, value: &str) -> Result<(), EditError> {
    if path.is_top() && path.prop == rating_name() {
        return check_rating(value);
    }
    let Some(st) = declared.ty.simple() else {
        return Ok(());
    };
    let refused = |issue: lexical::Issue, expected: String| {
        if issue.severity == Severity::Error {
            Err(EditError::Type {
                path: path.to_string(),
                expected,
                got: value.into(),
                why: issue.detail,
            })
        } else {
            Ok(())
        }
    };
    if let Err(issue) = lexical::check(st, value, axis_of(declared.def)) {
        refused(issue, lexical::expected(st).to_string())?;
    }
    match declared.def {
        Some(def) => match check_allowed(value, st, def) {
            Err(issue) => refused(issue, format!("one of {}", allowed_values(def))),
            Ok(()) => Ok(()),
        },
        None => Ok(()),
    }
}

fn at(path: &Path, k: usize) -> String {
    crate::edit::nav::prefix_text(path, k)
}

/// What the registry declares for the node at `path`; `None` when it does not say.
/// A step that cannot apply to a declared type (a field of an Integer, an item of a
/// struct) is an error.
pub fn type_at<'r>(reg: &'r Registry, path: &Path) -> Result<Option<Declared<'r>>, EditError> {
    let mut declared = reg.property(&path.prop).map(Declared::of);
    for (k, step) in path.steps.iter().enumerate() {
        let Some(d) = declared else {
            return Ok(step_is_lang_qualifier(step).then(Declared::text));
        };
        declared = match (step, d.ty) {
            (Step::Field(name), ValueType::Struct(id)) => reg.field(*id, name).map(Declared::of),
            (Step::Field(_), t) => {
                return Err(EditError::NotStruct {
                    path: at(path, k),
                    found: describe(t),
                })
            }
            (Step::Index(_), ValueType::Array(_, item)) => Some(Declared { ty: item, ..d }),
            (Step::Index(_), ValueType::LangAlt) => Some(Declared::text()),
            (Step::Index(_), t) => {
                return Err(EditError::NotArray {
                    path: at(path, k),
                    found: describe(t),
                    hint: String::new(),
                })
            }
            (Step::Lang(_), ValueType::LangAlt) => Some(Declared::text()),
            (Step::Lang(_), t) => {
                return Err(EditError::NotLangAlt {
                    path: at(path, k),
                    found: describe(t),
                    hint: String::new(),
                })
            }
            (Step::Qualifier(q), _) if *q == Name::xml_lang() => Some(Declared::text()),
            (Step::Qualifier(_), _) => None,
        };
    }
    Ok(declared)
}

fn step_is_lang_qualifier(step: &Step) -> bool {
    matches!(step, Step::Qualifier(q) if *q == Name::xml_lang())
}

fn check_tag(path: &Path, tag: &str) -> Result<(), EditError> {
    lang::check_tag(tag).map_err(|source| EditError::Lang {
        path: path.to_string(),
        source,
    })
}

fn check_indexes(path: &Path, indexes: &[usize]) -> Result<(), EditError> {
    if indexes.contains(&0) {
        return Err(EditError::ZeroIndex {
            path: path.to_string(),
        });
    }
    Ok(())
}

/// The declared array kind and item at `path`, refusing known non-array types.
fn array_type<'r>(
    reg: &'r Registry,
    path: &Path,
) -> Result<Option<(ArrayKind, Declared<'r>)>, EditError> {
    let Some(d) = type_at(reg, path)? else {
        return Ok(None);
    };
    match d.ty {
        ValueType::Array(k, item) => Ok(Some((*k, Declared { ty: item, ..d }))),
        ValueType::LangAlt => Err(EditError::NotArray {
            path: path.to_string(),
            found: describe(d.ty),
            hint: format!("; use {path}[LANG]=TEXT or -{path}[LANG]"),
        }),
        t @ ValueType::Simple(_) => Err(EditError::NotArray {
            path: path.to_string(),
            found: describe(t),
            hint: format!("; use {path}=VALUE"),
        }),
        t @ ValueType::Struct(_) => Err(EditError::NotArray {
            path: path.to_string(),
            found: describe(t),
            hint: String::new(),
        }),
    }
}

fn require_lang_alt(reg: &Registry, path: &Path) -> Result<(), EditError> {
    match type_at(reg, path)? {
        None => Ok(()),
        Some(d) if matches!(d.ty, ValueType::LangAlt) => Ok(()),
        Some(d) => Err(EditError::NotLangAlt {
            path: path.to_string(),
            found: describe(d.ty),
            hint: String::new(),
        }),
    }
}

fn check_item(path: &Path, item: Declared<'_>, value: &str) -> Result<(), EditError> {
    if matches!(item.ty, ValueType::Simple(_)) {
        check_value(&path.clone().index(1), item, value).map_err(|e| match e {
            // Name the array, not a made-up item index.
            EditError::Type {
                expected, got, why, ..
            } => EditError::Type {
                path: format!("an item of {path}"),
                expected,
                got,
                why,
            },
            other => other,
        })
    } else {
        Err(EditError::NotSimple {
            path: format!("an item of {path}"),
            found: describe(item.ty),
            hint: String::new(),
        })
    }
}

impl Op {
    /// Checks the op against the registry's types and XMP's own rules (rating range,
    /// language tags, 1-based indexes); an empty registry (`Registry::default()`)
    /// leaves only the latter. Says nothing about the packet: shape
    /// conflicts with the actual data are reported by [`Op::apply`].
    pub fn validate(&self, schema: &Registry) -> Result<(), EditError> {
        match self {
            Op::SetSimple { path, value, .. } => {
                if let Some((parent, Step::Lang(tag))) = path.split_last() {
                    check_tag(&parent, tag)?;
                    return require_lang_alt(schema, &parent);
                }
                if let Some(Step::Qualifier(q)) = path.last() {
                    if *q == Name::xml_lang() {
                        check_tag(path, value)?;
                    }
                }
                check_path(path)?;
                let Some(d) = type_at(schema, path)? else {
                    return if path.is_top() && path.prop == rating_name() {
                        check_rating(value)
                    } else {
                        Ok(())
                    };
                };
                match d.ty {
                    ValueType::LangAlt => Ok(()),
                    ValueType::Struct(_) => Err(EditError::NotSimple {
                        path: path.to_string(),
                        found: "a struct".into(),
                        hint: format!("; set one of its fields: {path}/FIELD=VALUE"),
                    }),
                    t @ ValueType::Array(..) => Err(EditError::NotSimple {
                        path: path.to_string(),
                        found: describe(t),
                        hint: format!("; use {path}+=VALUE to add an item"),
                    }),
                    ValueType::Simple(_) => check_value(path, d, value),
                }
            }
            Op::SetRating(r) => check_rating(&r.to_string()),
            Op::SetLang { path, lang, .. }
            | Op::RemoveLang { path, lang }
            | Op::MakeDefaultLang { path, lang } => {
                check_path(path)?;
                check_tag(path, lang)?;
                require_lang_alt(schema, path)
            }
            Op::AddItem { path, value, .. } => {
                check_path(path)?;
                match array_type(schema, path)? {
                    Some((_, item)) => check_item(path, item, value),
                    None => Ok(()),
                }
            }
            Op::MergeItems { path, items, .. } => {
                check_path(path)?;
                match array_type(schema, path)? {
                    Some((_, item)) => items.iter().try_for_each(|v| check_item(path, item, v)),
                    None => Ok(()),
                }
            }
            Op::RemoveItem { path, item } => {
                check_path(path)?;
                if let ItemRef::Index(i) = item {
                    check_indexes(path, &[*i])?;
                }
                array_type(schema, path).map(drop)
            }
            Op::ReplaceItem { path, index, value } => {
                check_path(path)?;
                check_indexes(path, &[*index])?;
                match array_type(schema, path)? {
                    Some((_, item)) => check_item(path, item, value),
                    None => Ok(()),
                }
            }
            Op::MoveItem { path, from, to } => {
                check_path(path)?;
                check_indexes(path, &[*from, *to])?;
                array_type(schema, path).map(drop)
            }
            Op::SetList { path, kind, items } => {
                check_path(path)?;
                match array_type(schema, path)? {
                    Some((k, _)) if k != *kind => Err(EditError::WrongKind {
                        path: path.to_string(),
                        found: describe_array(k),
                        kind: describe_array(*kind),
                    }),
                    Some((_, item)) => items.iter().try_for_each(|v| check_item(path, item, v)),
                    None => Ok(()),
                }
            }
            Op::Delete { path } | Op::SetNode { path, .. } => {
                check_path(path)?;
                type_at(schema, path).map(drop)
            }
            Op::Noop => Ok(()),
        }
    }
}

/// Rules every path obeys whatever the schema: 1-based indexes, valid tags.
fn check_path(path: &Path) -> Result<(), EditError> {
    for (k, step) in path.steps.iter().enumerate() {
        match step {
            Step::Index(0) => return Err(EditError::ZeroIndex { path: at(path, k) }),
            Step::Lang(tag) => check_tag(&path.clone(), tag)?,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether an edit accepts `s` for a node of simple type `st` (no choices).
    fn accepts(st: SimpleType, s: &str) -> bool {
        let ty = ValueType::Simple(st);
        let path = Path::prop(Name::new("http://example.com/x/", "v"));
        check_value(&path, Declared { ty: &ty, def: None }, s).is_ok()
    }

    fn is_integer(s: &str) -> bool {
        accepts(SimpleType::Integer, s)
    }

    fn is_real(s: &str) -> bool {
        accepts(SimpleType::Real, s)
    }

    fn is_rational(s: &str) -> bool {
        accepts(SimpleType::Rational, s)
    }

    fn is_date(s: &str) -> bool {
        accepts(SimpleType::Date, s)
    }

    #[test]
    fn lexical_forms() {
        for ok in ["0", "-12", "+7", "123456789012345678901234567890"] {
            assert!(is_integer(ok), "{ok}");
        }
        for bad in ["", "-", "1.0", "1e3", " 1"] {
            assert!(!is_integer(bad), "{bad}");
        }
        for ok in ["1", "1.", ".5", "-0.25", "+3.0"] {
            assert!(is_real(ok), "{ok}");
        }
        for bad in [".", "", "1e5", "1.2.3", "abc"] {
            assert!(!is_real(bad), "{bad}");
        }
        for ok in ["1/250", "-3/1", "10", "0/0"] {
            assert!(is_rational(ok), "{ok}");
        }
        for bad in ["1/", "/2", "1.5/2", "a/b"] {
            assert!(!is_rational(bad), "{bad}");
        }
        for ok in [
            "2024",
            "2024-05",
            "2024-05-31",
            "2024-05-31T14:30",
            "2024-05-31T14:30Z",
            "2024-05-31T14:30:59+02:00",
            "2024-05-31T14:30:59.123-05:30",
            "2024-05-31T14:30:59",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "24",
            "2024-13",
            "2024-5-1",
            "2024-05-32",
            "2024-05-31T25:00",
            "2024-05-31T14",
            "2024-05T14:30",
            "2024-05-31T14:30+2",
            "yesterday",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn rating_range() {
        for ok in ["-1", "0", "3", "5", "2.5", "5.0"] {
            check_rating(ok).unwrap();
        }
        assert_eq!(
            check_rating("7").unwrap_err().to_string(),
            "xmp:Rating must be -1 (rejected) or 0..5, got 7"
        );
        for bad in ["-2", "5.5", "-0.5", "four", ""] {
            assert!(check_rating(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_rating("").unwrap_err().to_string(),
            "xmp:Rating must be -1 (rejected) or 0..5, got \"\""
        );
    }

    fn parse(expr: &str) -> Result<crate::edit::Op, String> {
        let reg = crate::schema::registry();
        let ns = crate::edit::NsMap::new();
        let r = crate::edit::SchemaResolver {
            ns: &ns,
            schema: reg,
        };
        crate::edit::parse_edit(expr, &r, reg).map_err(|e| e.to_string())
    }

    #[test]
    fn registry_types_are_read_along_paths() {
        use crate::edit::{Resolver, SchemaResolver};
        use crate::xmp::ns;
        let reg = crate::schema::registry();
        let ty = |uri: &str, local: &str| {
            type_at(reg, &Path::prop(Name::new(uri, local)))
                .unwrap()
                .map(|d| d.ty.clone())
        };
        assert_eq!(ty(ns::DC, "title"), Some(ValueType::LangAlt));
        assert_eq!(
            ty(ns::DC, "subject"),
            Some(ValueType::Array(
                ArrayKind::Bag,
                Box::new(ValueType::Simple(SimpleType::Text))
            ))
        );
        let nsmap = crate::edit::NsMap::new();
        let r = SchemaResolver {
            ns: &nsmap,
            schema: reg,
        };
        assert_eq!(r.uri_of("dc").as_deref(), Some(ns::DC));
        assert_eq!(r.prefix_of(ns::XMP).as_deref(), Some("xmp"));
    }

    #[test]
    fn self_referential_structs_resolve_lazily() {
        let reg = crate::schema::registry();
        for (_, def) in reg.properties() {
            // Terminates, for every property.
            let _ = type_at(reg, &Path::prop(def.name.clone()));
        }
        // The MWG keyword hierarchy nests without end; paths go as deep as they say.
        let kw = "http://www.metadataworkinggroup.com/schemas/keywords/";
        let mut path = Path::prop(Name::new(kw, "Keywords")).field(Name::new(kw, "Hierarchy"));
        for _ in 0..10 {
            path = path.index(1).field(Name::new(kw, "Children"));
        }
        let leaf = path.index(1).field(Name::new(kw, "Applied"));
        let d = type_at(reg, &leaf).unwrap().unwrap();
        assert_eq!(d.ty, &ValueType::Simple(SimpleType::Boolean));
    }

    #[test]
    fn edits_are_checked_against_the_registry() {
        assert!(parse("xmp:Rating=7").unwrap_err().contains("xmp:Rating"));
        assert!(parse("dc:title[not a tag!]=x").is_err());
        assert!(parse("tiff:Orientation=upside").is_err());
        assert!(parse("dc:subject+=alps").is_ok());
        assert!(parse("nope:Thing=1").is_err());
    }
}
