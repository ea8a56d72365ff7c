//! JSON-LD in the `KHR_xmp_json_ld` form (docs/jsonld.md), both directions.
//!
//! Packets are read and written as plain JSON, not through a JSON-LD processor:
//! expansion would flatten nested arrays and lose lexical forms (docs/jsonld.md,
//! "Nested arrays").
//!
//! Mapping (write side; the read side accepts these plus the tolerances of docs/jsonld.md,
//! "Tolerated deviations"):
//!
//! | XMP | JSON |
//! |---|---|
//! | packet | `{"@context": {prefix: uri, ...}, "@id": about, "pfx:name": ...}` |
//! | simple text | string; number/boolean only when [`TypeHints`] says Integer/Real/Boolean *and* the text survives the trip (`007`, `2.50`, integers beyond 2^53 stay strings) |
//! | URI | `{"@id": uri}` |
//! | struct | object of fields |
//! | Seq / Bag | `{"@list": [...]}` / `{"@set": [...]}` |
//! | Alt | `{"@type": "rdf:Alt", "rdf:_1": item, ...}` (a Lang Alt's items are `{"@language", "@value"}`) |
//! | text + `xml:lang` | `{"@value": text, "@language": tag}` |
//! | struct + `xml:lang` | the struct object with `"@context": {"@language": tag}` |
//! | struct + `rdf:type` (URI) only | the struct object with `"@type": "pfx:Type"` (or the full IRI) |
//! | any other qualified value | `{"rdf:value": value, "pfx:qual": ..., ...}`; `xml:lang` goes on the value object (text) or as `"@context": {"@language": tag}` (URI, array, struct) |
//!
//! `from_json(to_json(m, hints)) == m` for every model whose `xml:lang` qualifiers
//! come first (the model's own rule) and whose names are valid XMP names.

mod context;
mod forms;
mod number;
mod read;
mod write;

/// The XMP text of a JSON scalar, for importers of other JSON forms.
pub(crate) use number::scalar_text;

pub use read::from_json_with_context;

/// The JSON number or boolean for `text` typed `kind`, when the text is in the one form
/// that reads back the same (`007` and `2.50` stay strings); reused by flat exports.
pub fn scalar_json(text: &str, kind: Scalar) -> Option<serde_json::Value> {
    number::to_scalar(text, kind)
}

use crate::xmp::model::Packet;
use crate::xmp::name::Name;

/// JSON scalar types a property may be written as (docs/jsonld.md, "Which values are
/// JSON numbers").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    Integer,
    Real,
    Boolean,
}

/// Where JSON-LD output learns property types: the schema layer implements this, so
/// the `xmp` layer stays free of schema knowledge.
pub trait TypeHints {
    /// The scalar type of the value at `path`: the top-level property name followed by
    /// struct field names (array items add nothing to the path).
    fn scalar(&self, path: &[&Name]) -> Option<Scalar>;
}

/// No type knowledge: every simple value is a JSON string.
pub struct NoHints;

impl TypeHints for NoHints {
    fn scalar(&self, _path: &[&Name]) -> Option<Scalar> {
        None
    }
}

/// A JSON-LD packet that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("JSON-LD: {message} at {path}")]
pub struct JsonLdError {
    pub message: String,
    /// JSON-pointer-like location, e.g. `/dc:title/rdf:_1`.
    pub path: String,
}

/// Packet -> JSON-LD object.
pub fn to_json(packet: &Packet, hints: &dyn TypeHints) -> serde_json::Value {
    write::to_json(packet, hints)
}

/// JSON-LD object -> packet, with warnings for tolerated deviations (docs/jsonld.md,
/// "Tolerated deviations"):
/// bare arrays (read as Bag), `{lang: text}` maps (read as Lang Alt), `rdf:_N`
/// objects without `@type` (Seq), an undeclared `rdf`/`xml` prefix, ignored keywords
/// and remote contexts. Numbers come back as text without exponent, booleans as
/// `True`/`False`.
pub fn from_json(value: &serde_json::Value) -> Result<(Packet, Vec<String>), JsonLdError> {
    read::from_json_with_context(value, None)
}
