//! Schema definitions as loaded from `assets/schema`: namespaces, properties, struct
//! types, value types, choices and numeric ranges.
//!
//! These are plain data; lookups live in [`crate::schema::Registry`]. A struct type is
//! referenced by index ([`StructId`]) so that recursive types (MWG keyword hierarchies)
//! need no boxes or reference cycles.

use crate::xmp::{ArrayKind, Name};

/// Simple (leaf) value types of XMP Part 1 §8.2 and the Exif mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimpleType {
    Text,
    Integer,
    Real,
    Boolean,
    Date,
    /// URI or URL. Either value form (`rdf:resource` or text) is accepted: some URLs are
    /// text by definition (`xmpRights:WebStatement`, P1 §8.5).
    Uri,
    MimeType,
    Locale,
    Guid,
    AgentName,
    ProperName,
    /// `n/d`, as used by the Exif mapping.
    Rational,
    /// Exif GPS coordinate `DDD,MM,SSk` or `DDD,MM.mmk`.
    GpsCoordinate,
    /// Colon-separated rendition tokens (`default`, `thumbnail:jpeg:...`).
    RenditionClass,
}

impl SimpleType {
    /// The keyword used in the asset files (and in messages).
    pub fn keyword(self) -> &'static str {
        match self {
            SimpleType::Text => "Text",
            SimpleType::Integer => "Integer",
            SimpleType::Real => "Real",
            SimpleType::Boolean => "Boolean",
            SimpleType::Date => "Date",
            SimpleType::Uri => "URI",
            SimpleType::MimeType => "MIMEType",
            SimpleType::Locale => "Locale",
            SimpleType::Guid => "GUID",
            SimpleType::AgentName => "AgentName",
            SimpleType::ProperName => "ProperName",
            SimpleType::Rational => "Rational",
            SimpleType::GpsCoordinate => "GPSCoordinate",
            SimpleType::RenditionClass => "RenditionClass",
        }
    }

    /// Parses an asset-file keyword (`URL` is accepted as a synonym of `URI`).
    pub fn from_keyword(word: &str) -> Option<SimpleType> {
        Some(match word {
            "Text" => SimpleType::Text,
            "Integer" => SimpleType::Integer,
            "Real" => SimpleType::Real,
            "Boolean" => SimpleType::Boolean,
            "Date" => SimpleType::Date,
            "URI" | "URL" => SimpleType::Uri,
            "MIMEType" => SimpleType::MimeType,
            "Locale" => SimpleType::Locale,
            "GUID" => SimpleType::Guid,
            "AgentName" => SimpleType::AgentName,
            "ProperName" => SimpleType::ProperName,
            "Rational" => SimpleType::Rational,
            "GPSCoordinate" => SimpleType::GpsCoordinate,
            "RenditionClass" => SimpleType::RenditionClass,
            _ => return None,
        })
    }

    /// A human name for detail panes ("Date", "GPS coordinate").
    pub fn label(self) -> &'static str {
        match self {
            SimpleType::Text => "Text",
            SimpleType::Integer => "Integer",
            SimpleType::Real => "Real number",
            SimpleType::Boolean => "Boolean",
            SimpleType::Date => "Date",
            SimpleType::Uri => "URI",
            SimpleType::MimeType => "MIME type",
            SimpleType::Locale => "Language tag",
            SimpleType::Guid => "GUID",
            SimpleType::AgentName => "Agent name",
            SimpleType::ProperName => "Proper name",
            SimpleType::Rational => "Rational",
            SimpleType::GpsCoordinate => "GPS coordinate",
            SimpleType::RenditionClass => "Rendition class",
        }
    }
}

/// Index of a struct type in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StructId(pub(crate) usize);

/// The declared type of a property, field or array item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    Simple(SimpleType),
    /// Language alternative: `rdf:Alt` of text items with `xml:lang`.
    LangAlt,
    /// Bag, Seq or Alt of items of the inner type.
    Array(ArrayKind, Box<ValueType>),
    Struct(StructId),
}

impl ValueType {
    /// The item type after unwrapping every array level (a struct or simple type).
    pub fn leaf(&self) -> &ValueType {
        match self {
            ValueType::Array(_, inner) => inner.leaf(),
            other => other,
        }
    }

    pub fn simple(&self) -> Option<SimpleType> {
        match self {
            ValueType::Simple(s) => Some(*s),
            _ => None,
        }
    }
}

/// One value of a choice, with an optional human label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: Option<String>,
}

/// A numeric value set such as `-1 | 0..5`: single values and inclusive ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberSet {
    pub parts: Vec<(f64, f64)>,
    /// The text it was written as, for messages.
    pub text: String,
}

impl NumberSet {
    /// Parses `a | b..c | ...` (`,` also separates).
    pub fn parse(text: &str) -> Option<NumberSet> {
        let mut parts = Vec::new();
        for item in text.split(['|', ',']) {
            let item = item.trim();
            if item.is_empty() {
                return None;
            }
            let (lo, hi) = match item.split_once("..") {
                Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
                None => {
                    let v: f64 = item.parse().ok()?;
                    (v, v)
                }
            };
            let (lo, hi): (f64, f64) = (lo, hi);
            if !lo.is_finite() || !hi.is_finite() || lo > hi {
                return None;
            }
            parts.push((lo, hi));
        }
        (!parts.is_empty()).then(|| NumberSet {
            parts,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        })
    }

    pub fn contains(&self, v: f64) -> bool {
        self.parts.iter().any(|(lo, hi)| *lo <= v && v <= *hi)
    }
}

/// How a value prefers to be shown (set in the asset files with `display = ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Display {
    #[default]
    Plain,
    /// A 0..5 star rating with -1 = rejected (`xmp:Rating`).
    Stars,
    /// Base64 or other bulk data: summarised by size, never printed whole.
    Binary,
}

/// A property or struct field definition.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyDef {
    pub name: Name,
    /// Human label ("Create Date"); derived from the name when the asset gives none.
    pub label: String,
    /// One line; may be empty.
    pub description: String,
    pub ty: ValueType,
    /// Known values (open unless `closed`).
    pub choices: Vec<Choice>,
    /// Values outside `choices`/`range` are problems.
    pub closed: bool,
    /// Allowed numbers for Integer/Real values.
    pub range: Option<NumberSet>,
    pub display: Display,
    /// A deprecated or alias property (shown, but not offered when adding).
    pub deprecated: bool,
}

impl PropertyDef {
    /// The label of a choice value, if it has one.
    pub fn choice_label(&self, value: &str) -> Option<&str> {
        self.choices
            .iter()
            .find(|c| c.value == value)
            .and_then(|c| c.label.as_deref())
    }
}

/// A struct type: named fields (possibly from several namespaces).
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// The type name used in asset files (`ResourceEvent`).
    pub name: String,
    pub label: String,
    pub description: String,
    /// URI of the namespace that defines it.
    pub ns: String,
    pub fields: Vec<PropertyDef>,
}

impl StructDef {
    pub fn field(&self, name: &Name) -> Option<&PropertyDef> {
        self.fields.iter().find(|f| f.name == *name)
    }
}

/// A namespace with its properties.
#[derive(Debug, Clone, PartialEq)]
pub struct NamespaceDef {
    pub uri: String,
    /// Other URIs read as this namespace (docs/data-model.md, "Near-miss namespace URIs").
    pub aliases: Vec<String>,
    pub prefix: String,
    /// Human name ("Dublin Core"); also the display group title.
    pub name: String,
    /// Broad section ("Description", "Camera", "Rights", "Workflow", "Structures").
    pub category: String,
    /// Display order of its group (smaller first).
    pub order: u32,
    pub description: String,
    pub properties: Vec<PropertyDef>,
}

/// Turns `CreateDate` into `Create Date`, `GPSLatitude` into `GPS Latitude` and
/// `hierarchicalSubject` into `Hierarchical Subject`.
pub fn label_from_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' {
            out.push(' ');
            continue;
        }
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(' ');
            }
        }
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_camel_case_and_acronyms() {
        assert_eq!(label_from_name("CreateDate"), "Create Date");
        assert_eq!(label_from_name("GPSLatitude"), "GPS Latitude");
        assert_eq!(
            label_from_name("hierarchicalSubject"),
            "Hierarchical Subject"
        );
        assert_eq!(label_from_name("title"), "Title");
        assert_eq!(label_from_name("Exposure2012"), "Exposure2012");
        assert_eq!(label_from_name("ToneCurvePV2012"), "Tone Curve PV2012");
    }

    #[test]
    fn number_sets_parse_and_match() {
        let s = NumberSet::parse("-1 | 0..5").unwrap();
        assert!(s.contains(-1.0) && s.contains(0.0) && s.contains(2.5) && s.contains(5.0));
        assert!(!s.contains(-0.5) && !s.contains(5.01) && !s.contains(-2.0));
        assert_eq!(s.text, "-1 | 0..5");
        assert!(NumberSet::parse("").is_none());
        assert!(NumberSet::parse("5..1").is_none());
        assert!(NumberSet::parse("a..b").is_none());
        assert_eq!(NumberSet::parse("1,2,3").unwrap().parts.len(), 3);
    }
}
