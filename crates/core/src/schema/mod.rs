//! Namespace registry and property types (data under `assets/schema`), validation.
//!
//! The registry is data, not code: one TOML file per namespace (format in
//! `assets/schema/README.md`), embedded at build time and parsed once on first use
//! ([`registry`]). [`validate`] checks a packet against it and reports problems
//! without ever refusing a packet.

pub mod hints;
pub mod lexical;
pub mod load;
pub mod names;
pub mod path;
pub mod registry;
pub mod types;
pub mod validate;

use std::sync::OnceLock;

pub use load::{load, SchemaError};
pub use names::NameCheck;
pub use path::{DisplayPrefixes, Step};
pub use registry::{GroupInfo, Registry};
pub use types::{
    Choice, Display, NamespaceDef, NumberSet, PropertyDef, SimpleType, StructDef, StructId,
    ValueType,
};
pub use validate::{validate, validate_with, Problem, Severity};

macro_rules! schema_files {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../../../../assets/schema/", $file)))),*]
    };
}

/// Every asset file, embedded. Keep in sync with `assets/schema/` (a test checks).
pub const SOURCES: &[(&str, &str)] = schema_files!(
    "dc.toml",
    "xmp.toml",
    "xmpRights.toml",
    "xmpMM.toml",
    "xmpBJ.toml",
    "xmpTPg.toml",
    "xmpDM.toml",
    "xmpGImg.toml",
    "xmpG.toml",
    "xmpidq.toml",
    "xmpNote.toml",
    "stEvt.toml",
    "stRef.toml",
    "stVer.toml",
    "stJob.toml",
    "stDim.toml",
    "stFnt.toml",
    "stArea.toml",
    "stMfs.toml",
    "photoshop.toml",
    "Iptc4xmpCore.toml",
    "Iptc4xmpExt.toml",
    "plus.toml",
    "exif.toml",
    "exifEX.toml",
    "tiff.toml",
    "aux.toml",
    "crs.toml",
    "lr.toml",
    "pdf.toml",
    "pdfx.toml",
    "pdfaid.toml",
    "MicrosoftPhoto.toml",
    "mwg-rs.toml",
    "mwg-kw.toml",
    "cc.toml",
    "digiKam.toml",
);

/// The built-in registry, loaded on first use.
#[allow(clippy::panic)]
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        // The data is part of the binary and checked by the tests below, so a failure
        // here is a build defect, not bad input.
        load(SOURCES).unwrap_or_else(|e| panic!("built-in schema data is invalid: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmp::{ns, ArrayKind, Name};

    #[test]
    fn builtin_data_loads() {
        let reg = load(SOURCES).expect("assets/schema loads");
        assert_eq!(reg.namespaces().len(), SOURCES.len());
    }

    #[test]
    fn every_asset_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/schema");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn required_namespaces_have_their_human_names() {
        let reg = registry();
        for (prefix, name) in [
            ("dc", "Dublin Core"),
            ("xmp", "XMP Basic"),
            ("xmpRights", "XMP Rights Management"),
            ("xmpMM", "XMP Media Management"),
            ("Iptc4xmpCore", "IPTC Core"),
            ("Iptc4xmpExt", "IPTC Extension"),
            ("photoshop", "Photoshop"),
            ("plus", "PLUS"),
            ("exif", "Exif"),
            ("exifEX", "Exif 2.3+ (CIPA)"),
            ("tiff", "TIFF"),
            ("aux", "Exif Auxiliary"),
            ("lr", "Lightroom"),
            ("xmpDM", "XMP Dynamic Media"),
            ("pdf", "Adobe PDF"),
            ("xmpTPg", "XMP Paged-Text"),
            ("MicrosoftPhoto", "Microsoft Photo"),
            ("mwg-rs", "MWG Regions"),
            ("mwg-kw", "MWG Keywords"),
            ("cc", "Creative Commons"),
            ("xmpNote", "XMP Note"),
            ("crs", "Camera Raw Settings"),
        ] {
            let ns = reg.by_prefix(prefix).unwrap_or_else(|| panic!("{prefix}"));
            assert_eq!(ns.name, name);
        }
        for prefix in [
            "xmpBJ", "xmpGImg", "xmpidq", "stDim", "stArea", "stFnt", "stJob", "stEvt", "stRef",
            "stVer", "pdfx", "pdfaid", "digiKam",
        ] {
            assert!(reg.by_prefix(prefix).is_some(), "{prefix}");
        }
    }

    #[test]
    fn uris_and_prefixes_agree_with_the_xmp_layer_table() {
        let reg = registry();
        for ns in reg.namespaces() {
            if let Some(canon) = crate::xmp::ns::canonical_prefix(&ns.uri) {
                assert_eq!(canon, ns.prefix, "{}", ns.uri);
            }
            assert!(ns.uri.ends_with('/') || ns.uri.ends_with('#'), "{}", ns.uri);
        }
        for (prefix, uri) in crate::xmp::ns::CANONICAL_PREFIXES {
            if !matches!(*prefix, "x" | "rdf" | "xml") {
                assert_eq!(reg.prefix_of(uri), Some(*prefix), "{uri} missing");
            }
        }
    }

    #[test]
    fn common_property_types_follow_the_notes_table() {
        let reg = registry();
        let ty = |uri: &str, local: &str| {
            reg.property(&Name::new(uri, local))
                .unwrap_or_else(|| panic!("{uri}{local}"))
                .ty
                .clone()
        };
        let simple = |s| ValueType::Simple(s);
        let arr = |k, t| ValueType::Array(k, Box::new(t));
        assert_eq!(ty(ns::DC, "title"), ValueType::LangAlt);
        assert_eq!(
            ty(ns::DC, "creator"),
            arr(ArrayKind::Seq, simple(SimpleType::ProperName))
        );
        assert_eq!(
            ty(ns::DC, "subject"),
            arr(ArrayKind::Bag, simple(SimpleType::Text))
        );
        assert_eq!(
            ty(ns::DC, "language"),
            arr(ArrayKind::Bag, simple(SimpleType::Locale))
        );
        assert_eq!(
            ty(ns::DC, "date"),
            arr(ArrayKind::Seq, simple(SimpleType::Date))
        );
        assert_eq!(ty(ns::DC, "format"), simple(SimpleType::MimeType));
        assert_eq!(ty(ns::XMP, "Rating"), simple(SimpleType::Real));
        assert_eq!(ty(ns::XMP_MM, "InstanceID"), simple(SimpleType::Guid));
        assert_eq!(ty(ns::XMP_RIGHTS, "Marked"), simple(SimpleType::Boolean));
        assert_eq!(
            ty(ns::EXIF, "GPSLatitude"),
            simple(SimpleType::GpsCoordinate)
        );
        assert_eq!(ty(ns::EXIF, "UserComment"), ValueType::LangAlt);
        let history = ty(ns::XMP_MM, "History");
        let ValueType::Array(ArrayKind::Seq, item) = history else {
            panic!("History is a Seq")
        };
        let ValueType::Struct(id) = *item else {
            panic!("of structs")
        };
        assert_eq!(reg.struct_def(id).name, "ResourceEvent");
        let rating = reg.property(&Name::new(ns::XMP, "Rating")).unwrap();
        assert_eq!(rating.display, Display::Stars);
        assert!(rating.range.as_ref().unwrap().contains(-1.0));
        let orient = reg.property(&Name::new(ns::TIFF, "Orientation")).unwrap();
        assert!(orient.closed);
        assert_eq!(orient.choices.len(), 8);
    }

    #[test]
    fn struct_field_types_resolve_along_paths() {
        let reg = registry();
        let core = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
        let ext = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
        let info = Name::new(core, "CreatorContactInfo");
        let city = Name::new(core, "CiAdrCity");
        assert_eq!(
            reg.type_at(&[&info, &city]),
            Some(&ValueType::Simple(SimpleType::Text))
        );
        let shown = Name::new(ext, "LocationShown");
        let lat = Name::new(ns::EXIF, "GPSLatitude");
        assert_eq!(
            reg.type_at(&[&shown, &lat]),
            Some(&ValueType::Simple(SimpleType::GpsCoordinate))
        );
        let kw = "http://www.metadataworkinggroup.com/schemas/keywords/";
        let path = [
            Name::new(kw, "Keywords"),
            Name::new(kw, "Hierarchy"),
            Name::new(kw, "Children"),
            Name::new(kw, "Children"),
            Name::new(kw, "Applied"),
        ];
        let refs: Vec<&Name> = path.iter().collect();
        assert_eq!(
            reg.type_at(&refs),
            Some(&ValueType::Simple(SimpleType::Boolean))
        );
        let evt = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
        let hist = Name::new(ns::XMP_MM, "History");
        let when = Name::new(evt, "when");
        assert_eq!(
            reg.type_at(&[&hist, &when]),
            Some(&ValueType::Simple(SimpleType::Date))
        );
        assert!(reg.type_at(&[&hist, &Name::new(evt, "nope")]).is_none());
    }

    #[test]
    fn lookups_by_alias_uri_and_groups() {
        let reg = registry();
        let ms = reg.namespace("http://ns.microsoft.com/photo/1.0").unwrap();
        assert_eq!(ms.prefix, "MicrosoftPhoto");
        assert!(reg
            .property(&Name::new("http://ns.microsoft.com/photo/1.0", "Rating"))
            .is_some());
        let dc = reg.group_of(ns::DC, Some("foo"));
        assert_eq!(dc.title, "Dublin Core");
        assert!(dc.known);
        let other = reg.group_of("http://example.com/acme/", Some("acme"));
        assert_eq!(other.title, "Other (acme)");
        assert!(!other.known);
        assert!(other.order > reg.group_of(ns::CRS, None).order);
        assert_eq!(
            reg.group_of("http://example.com/x/", None).title,
            "Other (http://example.com/x/)"
        );
    }

    #[test]
    fn properties_iterate_in_display_order_with_descriptions() {
        let reg = registry();
        let all: Vec<_> = reg.properties().collect();
        assert!(all.len() > 300, "{}", all.len());
        assert_eq!(all[0].0.prefix, "dc");
        assert_eq!(&*all[0].1.name.local, "title");
        let orders: Vec<u32> = all.iter().map(|(ns, _)| ns.order).collect();
        assert!(orders.windows(2).all(|w| w[0] <= w[1]));
        // Pickers search over name and description: common ones must have one.
        for (ns, p) in &all {
            if ["dc", "xmp", "xmpRights", "photoshop", "Iptc4xmpCore"].contains(&ns.prefix.as_str())
                && !p.deprecated
            {
                assert!(!p.description.is_empty(), "{}:{}", ns.prefix, p.name.local);
            }
            assert!(!p.description.contains('\n'));
        }
    }
}
