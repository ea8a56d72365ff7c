//! GIF: XMP in the `XMP DataXMP` application extension (docs/containers.md,
//! "GIF").
//!
//! The packet is stored raw (not in 255-byte sub-blocks) and followed by a 258-byte
//! "magic trailer" that sends a sub-block walker from any packet byte to the block
//! terminator. Byte level: walk the blocks, locate the packet, splice a new extension
//! in. Hand-written because GIF libraries decode frames and drop application
//! extensions they do not know.

pub mod blocks;

use std::io::Write;

use crate::packet::{in_place_options, parse_packet, to_exact_length};
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

#[cfg(any(test, feature = "testing"))]
pub use blocks::blank;
pub use blocks::{
    magic_trailer, preserved, scan, splice, xmp_extension, Block, BlockKind, Layout, XmpData,
    XMP_APP_ID,
};

/// The GIF container.
pub struct Gif;

impl Container for Gif {
    fn format(&self) -> Format {
        Format::Gif
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a")
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let layout = scan(src)?;
        let mut found = Found::empty(Format::Gif);
        found.warnings = layout.warnings.clone();
        let Some(main) = layout.xmp.first() else {
            return Ok(found);
        };
        let decoded = parse_packet(&main.bytes, main.offset)?;
        found.warnings.extend(decoded.warnings);
        for extra in layout.xmp.iter().skip(1) {
            let at = layout.blocks.get(extra.block).map_or(0, |b| b.offset);
            match parse_packet(&extra.bytes, extra.offset) {
                Ok(d) => {
                    found.warnings.push(format!(
                        "the file has another XMP extension at offset {at}; the first is used, \
                         the other is shown separately and kept unchanged"
                    ));
                    found
                        .others
                        .push((format!("another XMP extension (offset {at})"), d.packet));
                }
                Err(e) => found.warnings.push(format!(
                    "the file has another XMP extension at offset {at}, which could not be \
                     read: {e}"
                )),
            }
        }
        found.region = Some(Region {
            offset: main.offset,
            len: main.bytes.len() as u64,
        });
        found.set_main(decoded.packet, decoded.info, main.bytes.clone());
        Ok(found)
    }

    fn patch_in_place(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        let Some(info) = found.patchable(true) else {
            return Ok(None);
        };
        let layout = scan(src)?;
        let Some(x) = layout.xmp.first().filter(|x| x.trailer_ok) else {
            return Ok(None);
        };
        let bytes = to_exact_length(packet, &in_place_options(opts, info), x.bytes.len());
        Ok(bytes.filter(|b| !b.contains(&0)).map(|bytes| {
            vec![Patch {
                offset: x.offset,
                bytes,
            }]
        }))
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        _found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let layout = scan(src)?;
        let bytes = crate::packet::serialize(packet, opts);
        splice(src, &layout, &bytes, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = scan(src)?;
        preserved(src, &layout).map(Some)
    }
}
