//! Checking ops against property types before they are applied.
//!
//! [`Op::validate`] walks the op's path through the declared types of a [`SchemaInfo`] and
//! checks values against XMP's lexical forms (docs/data-model.md, "Simple value types").
//! Unknown properties, fields and qualifiers are accepted unchecked: XMP is open, and a
//! custom namespace must stay editable. The lexical checks are hand-written because they
//! are a few lines each and must produce XMP-specific messages.

use crate::edit::error::EditError;
use crate::edit::op::{rating_name, ItemRef, Op};
use crate::edit::path::{Path, Step};
use crate::edit::schema_info::{SchemaInfo, ValueType};
use crate::schema::lexical;
use crate::xmp::{lang, Name};

/// `xmp:Rating`: -1 (rejected) or a number in 0..=5.
pub fn check_rating(value: &str) -> Result<(), EditError> {
    let ok = is_real(value)
        && value
            .parse::<f64>()
            .is_ok_and(|v| v == -1.0 || (0.0..=5.0).contains(&v));
    if ok {
        Ok(())
    } else if is_real(value) {
        Err(EditError::Rating { got: value.into() })
    } else {
        // Quote non-numbers so that an empty or spaced value is visible.
        Err(EditError::Rating {
            got: format!("{value:?}"),
        })
    }
}

/// True when the schema's lexical check finds nothing to say. Edits and the validator
/// that flags values in `show` and the TUI share one grammar ([`crate::schema::lexical`]),
/// so a value `set` accepts is never flagged after; an edit also refuses what the
/// validator only warns about (`true` for `True`, `0.5` for a rational), as it always
/// has: we write the canonical form.
fn passes(check: lexical::Check) -> bool {
    check.is_ok()
}

pub fn is_integer(s: &str) -> bool {
    passes(lexical::check_integer(s))
}

pub fn is_real(s: &str) -> bool {
    passes(lexical::check_real(s))
}

pub fn is_rational(s: &str) -> bool {
    passes(lexical::check_rational(s))
}

/// XMP Date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally `Thh:mm`, `:ss`,
/// `.s+`, and a time zone `Z` or `±hh:mm`; the day must exist in its month.
pub fn is_date(s: &str) -> bool {
    passes(lexical::check_date(s))
}

pub fn is_boolean(s: &str) -> bool {
    passes(lexical::check_boolean(s))
}

/// Checks a simple value against a simple type.
pub fn check_value(path: &Path, ty: &ValueType, value: &str) -> Result<(), EditError> {
    if path.is_top() && path.prop == rating_name() {
        return check_rating(value);
    }
    let (ok, expected) = match ty {
        ValueType::Integer => (is_integer(value), "an Integer".to_string()),
        ValueType::Real => (is_real(value), "a Real number".to_string()),
        ValueType::Boolean => (is_boolean(value), "True or False".to_string()),
        ValueType::Date => (
            is_date(value),
            "a date like 2024, 2024-05-31 or 2024-05-31T14:30:00+02:00".to_string(),
        ),
        ValueType::Rational => (is_rational(value), "a rational like 1/250".to_string()),
        ValueType::Choice {
            values,
            closed: true,
        } => (
            values.iter().any(|v| v == value),
            format!("one of {}", values.join(", ")),
        ),
        _ => (true, String::new()),
    };
    if ok {
        Ok(())
    } else {
        Err(EditError::Type {
            path: path.to_string(),
            expected,
            got: value.into(),
        })
    }
}

fn at(path: &Path, k: usize) -> String {
    crate::edit::nav::prefix_text(path, k)
}

/// The declared type of the node at `path`; `None` when the schema does not say.
/// A step that cannot apply to a declared type (a field of an Integer, an item of a
/// struct) is an error.
pub fn type_at(schema: &dyn SchemaInfo, path: &Path) -> Result<Option<ValueType>, EditError> {
    let mut ty = schema.property_type(&path.prop);
    for (k, step) in path.steps.iter().enumerate() {
        let Some(t) = ty else {
            return Ok(if step_is_lang_qualifier(step) {
                Some(ValueType::Text)
            } else {
                None
            });
        };
        ty = match (step, t) {
            (Step::Field(name), ValueType::Struct(fields)) => field_type(&fields, name),
            (Step::Field(_), t) => {
                return Err(EditError::NotStruct {
                    path: at(path, k),
                    found: t.describe(),
                })
            }
            (Step::Index(_), ValueType::Array(_, item)) => Some(*item),
            (Step::Index(_), ValueType::LangAlt) => Some(ValueType::Text),
            (Step::Index(_), t) => {
                return Err(EditError::NotArray {
                    path: at(path, k),
                    found: t.describe(),
                    hint: String::new(),
                })
            }
            (Step::Lang(_), ValueType::LangAlt) => Some(ValueType::Text),
            (Step::Lang(_), t) => {
                return Err(EditError::NotLangAlt {
                    path: at(path, k),
                    found: t.describe(),
                    hint: String::new(),
                })
            }
            (Step::Qualifier(q), _) if *q == Name::xml_lang() => Some(ValueType::Text),
            (Step::Qualifier(_), _) => None,
        };
    }
    Ok(ty)
}

fn step_is_lang_qualifier(step: &Step) -> bool {
    matches!(step, Step::Qualifier(q) if *q == Name::xml_lang())
}

fn field_type(fields: &[(Name, ValueType)], name: &Name) -> Option<ValueType> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.clone())
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

/// The declared array type at `path`, refusing known non-array types.
fn array_type(
    schema: &dyn SchemaInfo,
    path: &Path,
) -> Result<Option<(crate::xmp::ArrayKind, ValueType)>, EditError> {
    match type_at(schema, path)? {
        None => Ok(None),
        Some(ValueType::Array(k, item)) => Ok(Some((k, *item))),
        Some(ValueType::LangAlt) => Err(EditError::NotArray {
            path: path.to_string(),
            found: ValueType::LangAlt.describe(),
            hint: format!("; use {path}[LANG]=TEXT or -{path}[LANG]"),
        }),
        Some(t) => Err(EditError::NotArray {
            path: path.to_string(),
            found: t.describe(),
            hint: if t.is_simple() {
                format!("; use {path}=VALUE")
            } else {
                String::new()
            },
        }),
    }
}

fn require_lang_alt(schema: &dyn SchemaInfo, path: &Path) -> Result<(), EditError> {
    match type_at(schema, path)? {
        None | Some(ValueType::LangAlt) => Ok(()),
        Some(t) => Err(EditError::NotLangAlt {
            path: path.to_string(),
            found: t.describe(),
            hint: String::new(),
        }),
    }
}

fn check_item(path: &Path, item: &ValueType, value: &str) -> Result<(), EditError> {
    if item.is_simple() {
        check_value(&path.clone().index(1), item, value).map_err(|e| match e {
            // Name the array, not a made-up item index.
            EditError::Type { expected, got, .. } => EditError::Type {
                path: format!("an item of {path}"),
                expected,
                got,
            },
            other => other,
        })
    } else {
        Err(EditError::NotSimple {
            path: format!("an item of {path}"),
            found: item.describe(),
            hint: String::new(),
        })
    }
}

impl Op {
    /// Checks the op against the schema's types and XMP's own rules (rating range,
    /// language tags, 1-based indexes). Says nothing about the packet: shape
    /// conflicts with the actual data are reported by [`Op::apply`].
    pub fn validate(&self, schema: &dyn SchemaInfo) -> Result<(), EditError> {
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
                match type_at(schema, path)? {
                    None if path.is_top() && path.prop == rating_name() => check_rating(value),
                    None | Some(ValueType::LangAlt) => Ok(()),
                    Some(ValueType::Struct(_)) => Err(EditError::NotSimple {
                        path: path.to_string(),
                        found: "a struct".into(),
                        hint: format!("; set one of its fields: {path}/FIELD=VALUE"),
                    }),
                    Some(t @ ValueType::Array(..)) => Err(EditError::NotSimple {
                        path: path.to_string(),
                        found: t.describe(),
                        hint: format!("; use {path}+=VALUE to add an item"),
                    }),
                    Some(t) => check_value(path, &t, value),
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
                    Some((_, item)) => check_item(path, &item, value),
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
                    Some((_, item)) => check_item(path, &item, value),
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
                        found: ValueType::array(k, ValueType::Text).describe(),
                        kind: ValueType::array(*kind, ValueType::Text).describe(),
                    }),
                    Some((_, item)) => items.iter().try_for_each(|v| check_item(path, &item, v)),
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
}
