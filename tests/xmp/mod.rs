//! The XMP model: RDF/XML reading and writing, JSON-LD, round trips.

mod jsonld;
mod reader_encodings;
mod reader_errors;
mod reader_forms;
mod reader_rdf_errors;
mod reader_speed;
mod reader_structure;
mod roundtrip_models;
mod writer;
