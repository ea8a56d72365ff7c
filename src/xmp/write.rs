//! RDF/XML writer (notes §2.10): canonical compact Adobe style in an xpacket wrapper.
//!
//! OWNER: writer helper. Placeholder signatures so other layers compile.

use crate::xmp::model::Packet;

/// Output options.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Padding bytes before the trailer (spaces in lines of 100 + LF).
    pub padding: usize,
    /// Emit the `<?xpacket?>` wrapper.
    pub xpacket: bool,
    /// Trailer `end="r"` instead of `end="w"`.
    pub read_only: bool,
    /// Emit an `<?xml version="1.0" encoding="UTF-8"?>` declaration first (sidecars).
    pub xml_decl: bool,
    /// Newlines and indentation; false gives the single-line form used for JPEG
    /// extended XMP.
    pub pretty: bool,
    /// The `x:xmptk` attribute.
    pub toolkit: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            padding: 2048,
            xpacket: true,
            read_only: false,
            xml_decl: false,
            pretty: true,
            toolkit: concat!("xmpedit ", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// Serializes a packet.
pub fn to_rdfxml(_packet: &Packet, _opts: &WriteOptions) -> String {
    unimplemented!("RDF/XML writer")
}
