//! What the edit layer needs to know about property types: the [`SchemaInfo`] trait.
//!
//! The `schema` layer's registry implements it; the edit layer only consumes it so
//! that validation and the EDIT parser do not depend on how schemas are stored.
//! [`BasicSchema`] is a small built-in table of common properties, used by tests and
//! as a fallback until the registry is wired in.

use crate::edit::path::{NsMap, Resolver};
use crate::xmp::{ns, ArrayKind, Name};

/// The declared type of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// Optional sign and decimal digits, any length.
    Integer,
    /// Optional sign, integer part and/or `.` fraction, no exponent.
    Real,
    /// `True` or `False`.
    Boolean,
    /// XMP Date (docs/data-model.md, "Simple value types").
    Date,
    /// Exif rational `n/d` (an integer is accepted too).
    Rational,
    /// Text from a vocabulary; a closed choice refuses other values.
    Choice {
        values: Vec<String>,
        closed: bool,
    },
    /// A language alternative (docs/data-model.md, "Language alternatives").
    LangAlt,
    /// An array of items of one type.
    Array(ArrayKind, Box<ValueType>),
    /// A struct with these known fields (other fields are allowed and unchecked).
    Struct(Vec<(Name, ValueType)>),
}

impl ValueType {
    /// "an Integer", "a Bag", "a language alternative"... for messages.
    pub fn describe(&self) -> String {
        match self {
            ValueType::Text => "Text".into(),
            ValueType::Integer => "an Integer".into(),
            ValueType::Real => "a Real".into(),
            ValueType::Boolean => "a Boolean".into(),
            ValueType::Date => "a Date".into(),
            ValueType::Rational => "a Rational".into(),
            ValueType::Choice { closed: true, .. } => "a closed choice".into(),
            ValueType::Choice { .. } => "a choice".into(),
            ValueType::LangAlt => "a language alternative".into(),
            ValueType::Array(ArrayKind::Alt, _) => "an Alt array".into(),
            ValueType::Array(k, _) => format!("a {} array", k.rdf_name()),
            ValueType::Struct(_) => "a struct".into(),
        }
    }

    /// True for types whose values are simple text.
    pub fn is_simple(&self) -> bool {
        !matches!(
            self,
            ValueType::LangAlt | ValueType::Array(..) | ValueType::Struct(_)
        )
    }

    pub fn array(kind: ArrayKind, item: ValueType) -> Self {
        ValueType::Array(kind, Box::new(item))
    }
}

/// Property types and prefixes, as the edit layer sees a schema registry.
pub trait SchemaInfo {
    /// The declared type of a top-level property; `None` when unknown (no checks).
    fn property_type(&self, name: &Name) -> Option<ValueType>;

    /// The namespace URI the schema registers for a prefix.
    fn uri_of_prefix(&self, _prefix: &str) -> Option<String> {
        None
    }

    /// The prefix the schema registers for a namespace URI.
    fn prefix_of_uri(&self, _uri: &str) -> Option<String> {
        None
    }
}

/// Knows nothing: every edit is checked only for what the model itself requires.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSchema;

impl SchemaInfo for NoSchema {
    fn property_type(&self, _name: &Name) -> Option<ValueType> {
        None
    }
}

/// Prefix resolution for the CLI: `--ns` pairs first, then the schema's prefixes,
/// then the canonical table.
pub struct SchemaResolver<'a> {
    pub ns: &'a NsMap,
    pub schema: &'a dyn SchemaInfo,
}

impl Resolver for SchemaResolver<'_> {
    fn uri_of(&self, prefix: &str) -> Option<String> {
        self.ns
            .pairs()
            .find(|(p, _)| *p == prefix)
            .map(|(_, u)| u.to_string())
            .or_else(|| self.schema.uri_of_prefix(prefix))
            .or_else(|| ns::canonical_uri(prefix).map(str::to_string))
    }
    fn prefix_of(&self, uri: &str) -> Option<String> {
        self.ns
            .pairs()
            .filter(|(_, u)| *u == uri)
            .last()
            .map(|(p, _)| p.to_string())
            .or_else(|| self.schema.prefix_of_uri(uri))
            .or_else(|| ns::canonical_prefix(uri).map(str::to_string))
    }
}

const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
const IPTC_EXT: &str = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";

/// A built-in table of common properties (a subset of the registry's data).
#[derive(Debug, Clone)]
pub struct BasicSchema {
    props: Vec<(Name, ValueType)>,
}

impl Default for BasicSchema {
    fn default() -> Self {
        Self::new()
    }
}

impl BasicSchema {
    pub fn new() -> Self {
        use ValueType::*;
        let text_bag = || ValueType::array(ArrayKind::Bag, Text);
        let text_seq = || ValueType::array(ArrayKind::Seq, Text);
        let n = |uri: &str, local: &str| Name::new(uri, local);
        let contact = [
            "CiAdrExtadr",
            "CiAdrCity",
            "CiAdrRegion",
            "CiAdrPcode",
            "CiAdrCtry",
            "CiEmailWork",
            "CiTelWork",
            "CiUrlWork",
        ]
        .iter()
        .map(|f| (n(IPTC_CORE, f), Text))
        .collect();
        let event = Struct(vec![
            (
                n(ST_EVT, "action"),
                Choice {
                    values: [
                        "converted",
                        "copied",
                        "created",
                        "cropped",
                        "edited",
                        "filtered",
                        "formatted",
                        "version_updated",
                        "printed",
                        "published",
                        "managed",
                        "produced",
                        "resized",
                        "saved",
                    ]
                    .map(String::from)
                    .to_vec(),
                    closed: false,
                },
            ),
            (n(ST_EVT, "changed"), Text),
            (n(ST_EVT, "instanceID"), Text),
            (n(ST_EVT, "parameters"), Text),
            (n(ST_EVT, "softwareAgent"), Text),
            (n(ST_EVT, "when"), Date),
        ]);
        let location = Struct(
            [
                "City",
                "CountryCode",
                "CountryName",
                "ProvinceState",
                "Sublocation",
            ]
            .iter()
            .map(|f| (n(IPTC_EXT, f), Text))
            .collect(),
        );
        let props = vec![
            (n(ns::XMP, "Rating"), Real),
            (n(ns::XMP, "Label"), Text),
            (n(ns::XMP, "CreatorTool"), Text),
            (n(ns::XMP, "CreateDate"), Date),
            (n(ns::XMP, "ModifyDate"), Date),
            (n(ns::XMP, "MetadataDate"), Date),
            (n(ns::XMP, "Identifier"), text_bag()),
            (n(ns::DC, "title"), LangAlt),
            (n(ns::DC, "description"), LangAlt),
            (n(ns::DC, "rights"), LangAlt),
            (n(ns::DC, "subject"), text_bag()),
            (n(ns::DC, "creator"), text_seq()),
            (n(ns::DC, "contributor"), text_bag()),
            (n(ns::DC, "date"), ValueType::array(ArrayKind::Seq, Date)),
            (n(ns::DC, "format"), Text),
            (n(ns::XMP_RIGHTS, "Marked"), Boolean),
            (n(ns::XMP_RIGHTS, "UsageTerms"), LangAlt),
            (n(ns::XMP_RIGHTS, "WebStatement"), Text),
            (n(ns::XMP_MM, "DocumentID"), Text),
            (n(ns::XMP_MM, "InstanceID"), Text),
            (
                n(ns::XMP_MM, "History"),
                ValueType::array(ArrayKind::Seq, event),
            ),
            (n(ns::PHOTOSHOP, "City"), Text),
            (n(ns::PHOTOSHOP, "Country"), Text),
            (n(ns::PHOTOSHOP, "Headline"), Text),
            (n(ns::PHOTOSHOP, "Urgency"), Integer),
            (n(ns::PHOTOSHOP, "DateCreated"), Date),
            (
                n(ns::PHOTOSHOP, "ColorMode"),
                Choice {
                    values: ["0", "1", "2", "3", "4", "7", "8", "9"]
                        .map(String::from)
                        .to_vec(),
                    closed: true,
                },
            ),
            (n(ns::TIFF, "Orientation"), Integer),
            (n(ns::TIFF, "ImageWidth"), Integer),
            (n(ns::EXIF, "ExposureTime"), Rational),
            (n(ns::EXIF, "FNumber"), Rational),
            (n(IPTC_CORE, "CreatorContactInfo"), Struct(contact)),
            (n(IPTC_CORE, "Location"), Text),
            (
                n(IPTC_EXT, "LocationShown"),
                ValueType::array(ArrayKind::Bag, location),
            ),
            (n(IPTC_EXT, "PersonInImage"), text_bag()),
        ];
        BasicSchema { props }
    }

    /// Adds or replaces a property's type.
    pub fn with(mut self, name: Name, ty: ValueType) -> Self {
        self.props.retain(|(n, _)| *n != name);
        self.props.push((name, ty));
        self
    }
}

impl SchemaInfo for BasicSchema {
    fn property_type(&self, name: &Name) -> Option<ValueType> {
        self.props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    }
    fn uri_of_prefix(&self, prefix: &str) -> Option<String> {
        ns::canonical_uri(prefix).map(str::to_string)
    }
    fn prefix_of_uri(&self, uri: &str) -> Option<String> {
        ns::canonical_prefix(uri).map(str::to_string)
    }
}
