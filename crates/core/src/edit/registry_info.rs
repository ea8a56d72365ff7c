//! The schema registry as the edit layer's [`SchemaInfo`]: property types converted
//! to [`ValueType`], prefixes from the registry's namespace table.
//!
//! The registry describes struct fields by struct id, and some struct types refer
//! to themselves (the MWG keyword hierarchy nests `mwg-kw:Children` without end), so
//! the conversion stops at [`MAX_DEPTH`] nested structs: deeper structs become
//! structs without known fields, whose contents are not checked.

use crate::edit::schema_info::{SchemaInfo, ValueType};
use crate::schema::{self, PropertyDef, Registry, SimpleType};
use crate::xmp::Name;

/// Nested struct levels converted with their fields.
pub const MAX_DEPTH: usize = 6;

impl SchemaInfo for Registry {
    fn property_type(&self, name: &Name) -> Option<ValueType> {
        self.property(name).map(|def| convert_def(self, def, 0))
    }

    fn uri_of_prefix(&self, prefix: &str) -> Option<String> {
        self.by_prefix(prefix).map(|n| n.uri.clone())
    }

    fn prefix_of_uri(&self, uri: &str) -> Option<String> {
        self.prefix_of(uri).map(str::to_string)
    }
}

fn convert_def(reg: &Registry, def: &PropertyDef, depth: usize) -> ValueType {
    convert(reg, &def.ty, def, depth)
}

fn convert(reg: &Registry, ty: &schema::ValueType, def: &PropertyDef, depth: usize) -> ValueType {
    match ty {
        schema::ValueType::Simple(s) => {
            // Only a closed vocabulary refuses values; an open one says nothing more
            // than the base type, which keeps its own lexical check.
            if def.closed && !def.choices.is_empty() {
                ValueType::Choice {
                    values: def.choices.iter().map(|c| c.value.clone()).collect(),
                    closed: true,
                }
            } else {
                simple(*s)
            }
        }
        schema::ValueType::LangAlt => ValueType::LangAlt,
        schema::ValueType::Array(kind, inner) => {
            ValueType::array(*kind, convert(reg, inner, def, depth))
        }
        schema::ValueType::Struct(id) => {
            if depth >= MAX_DEPTH {
                return ValueType::Struct(Vec::new());
            }
            let fields = reg
                .struct_def(*id)
                .fields
                .iter()
                .map(|f| (f.name.clone(), convert_def(reg, f, depth + 1)))
                .collect();
            ValueType::Struct(fields)
        }
    }
}

fn simple(s: SimpleType) -> ValueType {
    match s {
        SimpleType::Integer => ValueType::Integer,
        SimpleType::Real => ValueType::Real,
        SimpleType::Boolean => ValueType::Boolean,
        SimpleType::Date => ValueType::Date,
        SimpleType::Rational => ValueType::Rational,
        SimpleType::Text
        | SimpleType::Uri
        | SimpleType::MimeType
        | SimpleType::Locale
        | SimpleType::Guid
        | SimpleType::AgentName
        | SimpleType::ProperName
        | SimpleType::GpsCoordinate
        | SimpleType::RenditionClass => ValueType::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{parse_edit, NsMap, SchemaResolver};
    use crate::xmp::{ns, ArrayKind};

    fn parse(expr: &str) -> Result<crate::edit::Op, String> {
        let reg = crate::schema::registry();
        let ns = NsMap::new();
        let r = SchemaResolver {
            ns: &ns,
            schema: reg,
        };
        parse_edit(expr, &r, reg).map_err(|e| e.to_string())
    }

    #[test]
    fn registry_types_convert() {
        let reg = crate::schema::registry();
        assert_eq!(
            reg.property_type(&Name::new(ns::DC, "title")),
            Some(ValueType::LangAlt)
        );
        assert_eq!(
            reg.property_type(&Name::new(ns::DC, "subject")),
            Some(ValueType::array(ArrayKind::Bag, ValueType::Text))
        );
        assert_eq!(reg.uri_of_prefix("dc").as_deref(), Some(ns::DC));
        assert_eq!(reg.prefix_of_uri(ns::XMP).as_deref(), Some("xmp"));
    }

    #[test]
    fn self_referential_structs_stop_at_the_depth_cap() {
        let reg = crate::schema::registry();
        for (_, def) in reg.properties() {
            // Terminates, for every property.
            let _ = reg.property_type(&def.name);
        }
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
