//! Crash-safe writing (notes §4): in place when the packet fits, else temp + fsync +
//! verify + rename + fsync folder.
//!
//! OWNER: formats helper (part 1). Placeholder signatures so other layers compile.

use std::path::Path;

use crate::formats::{FormatError, Identity};
use crate::xmp::{Packet, WriteOptions};

/// What to write.
#[derive(Debug, Clone)]
pub struct WriteRequest<'a> {
    pub packet: &'a Packet,
    pub options: WriteOptions,
    /// Refuse when the file's identity differs from this (changed since read).
    pub expect: Option<Identity>,
    /// Never update in place (always temp + rename).
    pub force_rewrite: bool,
}

/// How a write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    pub in_place: bool,
    /// The file's identity after the write.
    pub identity: Identity,
}

/// Writes a packet into a file (following a symlink to its target).
pub fn write_file(_path: &Path, _req: &WriteRequest<'_>) -> Result<WriteOutcome, FormatError> {
    unimplemented!("write_file")
}
