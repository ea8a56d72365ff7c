//! JSON-LD type hints from the registry: which simple values are JSON numbers or
//! booleans (docs/jsonld.md, "Which values are JSON numbers"). Only Integer, Real and
//! Boolean declarations count; the JSON-LD writer still keeps non-canonical lexical forms
//! as strings.

use crate::schema::registry::Registry;
use crate::schema::types::{SimpleType, ValueType};
use crate::xmp::jsonld::{Scalar, TypeHints};
use crate::xmp::Name;

impl TypeHints for Registry {
    fn scalar(&self, path: &[&Name]) -> Option<Scalar> {
        match self.type_at(path)?.leaf() {
            ValueType::Simple(SimpleType::Integer) => Some(Scalar::Integer),
            ValueType::Simple(SimpleType::Real) => Some(Scalar::Real),
            ValueType::Simple(SimpleType::Boolean) => Some(Scalar::Boolean),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::registry;
    use crate::xmp::jsonld::{Scalar, TypeHints};
    use crate::xmp::{ns, Name};

    #[test]
    fn scalars_follow_declared_types_through_arrays_and_structs() {
        let reg = registry();
        let rating = Name::new(ns::XMP, "Rating");
        assert_eq!(reg.scalar(&[&rating]), Some(Scalar::Real));
        let orient = Name::new(ns::TIFF, "Orientation");
        assert_eq!(reg.scalar(&[&orient]), Some(Scalar::Integer));
        let marked = Name::new(ns::XMP_RIGHTS, "Marked");
        assert_eq!(reg.scalar(&[&marked]), Some(Scalar::Boolean));
        // Seq of Integer: items add nothing to the path.
        let iso = Name::new(ns::EXIF, "ISOSpeedRatings");
        assert_eq!(reg.scalar(&[&iso]), Some(Scalar::Integer));
        // Struct field: exif:Flash/exif:Fired is Boolean, exif:Flash/exif:Mode Integer.
        let flash = Name::new(ns::EXIF, "Flash");
        let fired = Name::new(ns::EXIF, "Fired");
        let mode = Name::new(ns::EXIF, "Mode");
        assert_eq!(reg.scalar(&[&flash, &fired]), Some(Scalar::Boolean));
        assert_eq!(reg.scalar(&[&flash, &mode]), Some(Scalar::Integer));
        // mwg-rs:Regions/mwg-rs:RegionList/mwg-rs:Area/stArea:x is Real.
        let rs = "http://www.metadataworkinggroup.com/schemas/regions/";
        let area_ns = "http://ns.adobe.com/xmp/sType/Area#";
        let path = [
            Name::new(rs, "Regions"),
            Name::new(rs, "RegionList"),
            Name::new(rs, "Area"),
            Name::new(area_ns, "x"),
        ];
        let refs: Vec<&Name> = path.iter().collect();
        assert_eq!(reg.scalar(&refs), Some(Scalar::Real));
        // Text, dates, lang alts, structs and unknown names: no hint.
        assert_eq!(reg.scalar(&[&Name::new(ns::XMP, "CreateDate")]), None);
        assert_eq!(reg.scalar(&[&Name::new(ns::DC, "title")]), None);
        assert_eq!(reg.scalar(&[&flash]), None);
        assert_eq!(
            reg.scalar(&[&Name::new("http://example.com/", "Rating")]),
            None
        );
        assert_eq!(reg.scalar(&[]), None);
    }
}
