//! JSON-LD in the `KHR_xmp_json_ld` form (notes §5), both directions.
//!
//! OWNER: writer helper. Placeholder signatures so other layers compile.

use crate::xmp::model::Packet;
use crate::xmp::name::Name;

/// JSON scalar types a property may be written as (notes §5.2).
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
pub fn to_json(_packet: &Packet, _hints: &dyn TypeHints) -> serde_json::Value {
    unimplemented!("JSON-LD writer")
}

/// JSON-LD object -> packet, with warnings for tolerated deviations (notes §5.3.8).
pub fn from_json(_value: &serde_json::Value) -> Result<(Packet, Vec<String>), JsonLdError> {
    unimplemented!("JSON-LD reader")
}
