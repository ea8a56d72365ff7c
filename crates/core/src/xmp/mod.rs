//! The XMP core: data model, RDF/XML reader and writer, JSON-LD, packet scanner.
//!
//! This layer knows nothing of files, schemas or terminals. It turns packet bytes into a
//! [`Packet`] model and back (RDF/XML per docs/rdf-xml.md, JSON-LD per docs/jsonld.md), and
//! offers the language-alternative helpers of docs/data-model.md, "Language
//! alternatives", in [`lang`].

pub mod encoding;
pub mod error;
pub mod flat;
pub mod jsonld;
pub mod lang;
pub mod model;
pub mod name;
pub mod ns;
pub mod parse;
pub mod scan;
pub mod write;

pub use error::{Diagnostic, ParseError};
pub use model::{ArrayKind, Fields, Node, Packet, Prefixes, Value};
pub use name::Name;
pub use parse::{parse, parse_with, ParseOptions, Parsed};
pub use write::{to_rdfxml, WriteOptions};
