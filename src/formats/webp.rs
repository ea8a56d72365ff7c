//! PLACEHOLDER: fmt2 owns this file. A stand-in (webp) so that `detect` compiles; it
//! finds no XMP and refuses writes. The lead takes fmt2's version at merge.

use std::io::Write;

use crate::formats::{Container, Format, FormatError, Found, Patch, ReadSeek};
use crate::xmp::{Packet, WriteOptions};

/// PLACEHOLDER: fmt2 owns this file.
pub struct WebP;

impl Container for WebP {
    fn format(&self) -> Format {
        Format::WebP
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        Ok(Found::empty(Format::WebP))
    }

    fn patch_in_place(
        &self,
        _src: &mut dyn ReadSeek,
        _found: &Found,
        _packet: &Packet,
        _opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        Ok(None)
    }

    fn rewrite(
        &self,
        _src: &mut dyn ReadSeek,
        _found: &Found,
        _packet: &Packet,
        _opts: &WriteOptions,
        _dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        Err(FormatError::NotWritable {
            format: "webp",
            hint: "placeholder".into(),
        })
    }
}
