//! RDF/XML reader (notes §2): packet bytes -> [`Packet`].
//!
//! OWNER: reader helper. Placeholder signatures so other layers compile.

use crate::xmp::error::{Diagnostic, ParseError};
use crate::xmp::model::Packet;

/// Limits and leniency of the reader.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Recover from the forms of notes §2.9 by skipping the offending subtree and
    /// reporting it as a warning (the packet is then marked lossy).
    pub recover: bool,
    pub max_depth: usize,
    pub max_bytes: usize,
    pub max_nodes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            recover: false,
            max_depth: 256,
            max_bytes: 64 << 20,
            max_nodes: 1_000_000,
        }
    }
}

/// The text encoding a packet was stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16Be,
    Utf16Le,
    Utf32Be,
    Utf32Le,
}

/// Facts about the stored packet that the model does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacketInfo {
    pub encoding: Encoding,
    /// `<?xpacket begin=...?>` header present.
    pub xpacket: bool,
    /// Trailer says `end="r"`.
    pub read_only: bool,
    /// Number of padding bytes (whitespace before the trailer).
    pub padding: usize,
}

/// A successful read.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub packet: Packet,
    pub warnings: Vec<Diagnostic>,
    pub info: PacketInfo,
    /// True when recovery dropped part of the input; such a packet must not be written
    /// back without the user's consent.
    pub lossy: bool,
}

/// Parses a packet with default options (strict).
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    parse_with(bytes, &ParseOptions::default())
}

/// Parses a packet.
pub fn parse_with(_bytes: &[u8], _opts: &ParseOptions) -> Result<Parsed, ParseError> {
    unimplemented!("RDF/XML reader")
}
