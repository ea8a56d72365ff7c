//! Content detection and the read entry points.
//!
//! OWNER: formats helper (part 1). Placeholder signatures so other layers compile.

use std::path::Path;

use crate::formats::{Container, FormatError, Found, ReadSeek};

/// The container for a file's first bytes; the extension is used only to keep
/// proprietary raws read-only and to tell TIFF-structured raws apart.
pub fn detect(_head: &[u8], _path: Option<&Path>) -> &'static dyn Container {
    unimplemented!("detect")
}

/// Reads a file's XMP (with its identity).
pub fn read_file(_path: &Path) -> Result<(Found, crate::formats::Identity), FormatError> {
    unimplemented!("read_file")
}

/// Reads XMP from any seekable source.
pub fn read_from(_src: &mut dyn ReadSeek, _path: Option<&Path>) -> Result<Found, FormatError> {
    unimplemented!("read_from")
}
