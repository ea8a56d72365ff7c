//! The schema registry seen through the edit layer's [`SchemaInfo`] trait, so that
//! edits typed in the TUI are checked against every property the registry knows
//! (ratings, dates, closed choices, language alternatives, list kinds).
//!
//! This adapter belongs in the edit layer once it has one of its own; it lives here
//! so the TUI does not wait for it.

use crate::edit::{SchemaInfo, ValueType as EditType};
use crate::schema::{registry, PropertyDef, Registry, SimpleType, ValueType};
use crate::xmp::Name;

/// The built-in registry as [`SchemaInfo`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RegistryInfo;

/// Struct nesting followed when converting types (recursive structs such as MWG
/// keyword hierarchies would otherwise never end).
const MAX_DEPTH: usize = 4;

impl SchemaInfo for RegistryInfo {
    fn property_type(&self, name: &Name) -> Option<EditType> {
        let reg = registry();
        let def = reg.property(name)?;
        Some(convert_def(reg, def, 0))
    }

    fn uri_of_prefix(&self, prefix: &str) -> Option<String> {
        registry().by_prefix(prefix).map(|n| n.uri.clone())
    }

    fn prefix_of_uri(&self, uri: &str) -> Option<String> {
        registry().prefix_of(uri).map(str::to_string)
    }
}

fn convert_def(reg: &Registry, def: &PropertyDef, depth: usize) -> EditType {
    let simple = match def.ty.leaf() {
        ValueType::Simple(_) if def.closed && !def.choices.is_empty() => Some(EditType::Choice {
            values: def.choices.iter().map(|c| c.value.clone()).collect(),
            closed: true,
        }),
        _ => None,
    };
    convert(reg, &def.ty, simple, depth)
}

fn convert(reg: &Registry, ty: &ValueType, leaf: Option<EditType>, depth: usize) -> EditType {
    match ty {
        ValueType::Simple(s) => leaf.unwrap_or_else(|| simple(*s)),
        ValueType::LangAlt => EditType::LangAlt,
        ValueType::Array(kind, inner) => {
            EditType::Array(*kind, Box::new(convert(reg, inner, leaf, depth)))
        }
        ValueType::Struct(id) => {
            if depth >= MAX_DEPTH {
                return EditType::Struct(Vec::new());
            }
            let fields = reg
                .struct_def(*id)
                .fields
                .iter()
                .map(|f| (f.name.clone(), convert_def(reg, f, depth + 1)))
                .collect();
            EditType::Struct(fields)
        }
    }
}

fn simple(s: SimpleType) -> EditType {
    match s {
        SimpleType::Integer => EditType::Integer,
        SimpleType::Real => EditType::Real,
        SimpleType::Boolean => EditType::Boolean,
        SimpleType::Date => EditType::Date,
        SimpleType::Rational => EditType::Rational,
        _ => EditType::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmp::{ns, ArrayKind};

    #[test]
    fn common_types_convert() {
        let s = RegistryInfo;
        assert_eq!(
            s.property_type(&Name::new(ns::DC, "title")),
            Some(EditType::LangAlt)
        );
        assert_eq!(
            s.property_type(&Name::new(ns::DC, "subject")),
            Some(EditType::Array(ArrayKind::Bag, Box::new(EditType::Text)))
        );
        assert_eq!(
            s.property_type(&Name::new(ns::XMP, "Rating")),
            Some(EditType::Real)
        );
        assert_eq!(s.uri_of_prefix("dc").as_deref(), Some(ns::DC));
        assert!(s
            .property_type(&Name::new("http://example.com/x/", "y"))
            .is_none());
    }
}
