//! PNG: XMP in an `iTXt` chunk with keyword `XML:com.adobe.xmp` (docs/containers.md,
//! "PNG").
//!
//! Byte level: walk the chunks (checking CRCs), locate the XMP chunk, splice a new
//! uncompressed one in. Hand-written because the image crates decode and re-encode
//! pixels; a metadata write must copy every other chunk unchanged, CRC included.
//!
//! CRCs: reading checks every chunk except the image data (`IDAT`, `fdAT`), whose
//! bytes it skips so that reading stays fast; every write first walks the whole file
//! checking all CRCs ([`Container::check_before_patch`]). A chunk with a bad CRC is
//! damage ([`crate::damage`]): the read goes on (an XMP chunk with a bad CRC is still
//! read), and a write that touches it or rewrites the file needs `--repair-unsafe`.

pub mod chunks;
pub mod text;

use std::io::Write;

use crate::packet::{in_place_options, parse_packet, to_exact_length};
use crate::{Container, Damage, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

#[cfg(any(test, feature = "testing"))]
pub use chunks::blank;
pub use chunks::{
    crc_of, patches, preserved, scan, scan_damaged, splice, xmp_chunk, Chunk, Layout, Unread,
    XmpText, SIGNATURE, XMP_KEYWORD,
};

/// The PNG container.
pub struct Png;

impl Container for Png {
    fn format(&self) -> Format {
        Format::Png
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(SIGNATURE)
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let layout = scan_damaged(src, false)?;
        let mut found = Found::empty(Format::Png);
        found.warnings = layout.warnings.clone();
        found
            .warnings
            .extend(layout.damage.iter().map(Damage::warning));
        found.damage = layout.damage.clone();
        if layout.xmp.is_empty() {
            // A write would put its packet beside these (see `Layout::replaced`).
            found.unreadable = layout.unread.iter().map(|u| u.what.clone()).collect();
        }
        let main = match layout.xmp.first() {
            Some(x) => x,
            None => match &layout.legacy {
                Some(x) => {
                    found.warnings.push(
                        "XMP read from a legacy 'Raw profile type xmp' text chunk (a write \
                         stores it in an iTXt chunk instead)"
                            .to_string(),
                    );
                    x
                }
                None => return Ok(found),
            },
        };
        let at = layout.chunks[main.chunk].offset;
        let decoded = parse_packet(&main.bytes, main.text_offset.unwrap_or(at))?;
        found.warnings.extend(decoded.warnings);
        for extra in layout.xmp.iter().skip(1) {
            let off = layout.chunks[extra.chunk].offset;
            match parse_packet(&extra.bytes, off) {
                Ok(d) => {
                    found.warnings.push(format!(
                        "the file has another XMP chunk at offset {off}; the first is used, the \
                         other is shown separately and kept unchanged"
                    ));
                    found.others.push((
                        format!("another XMP chunk (iTXt at offset {off})"),
                        d.packet,
                    ));
                }
                Err(e) => found.warnings.push(format!(
                    "the file has another XMP chunk at offset {off}, which could not be read: {e}"
                )),
            }
        }
        if let Some(first_idat) = layout.first_idat() {
            if main.chunk > first_idat && !layout.xmp.is_empty() {
                found.warnings.push(
                    "the XMP chunk follows the image data, where some programs ignore it; a \
                     write moves it after IHDR"
                        .to_string(),
                );
            }
        }
        found.region = main.text_offset.map(|offset| Region {
            offset,
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
        let Some(info) = found.patchable(false) else {
            return Ok(None);
        };
        let layout = scan_damaged(src, false)?;
        let Some(x) = layout.xmp.first() else {
            return Ok(None);
        };
        let Some(bytes) = to_exact_length(packet, &in_place_options(opts, info), x.bytes.len())
        else {
            return Ok(None);
        };
        Ok(patches(&layout, &bytes))
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        _found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let layout = scan_damaged(src, true)?;
        let bytes = crate::packet::serialize(packet, opts);
        splice(src, &layout, &bytes, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = scan_damaged(src, true)?;
        preserved(src, &layout).map(Some)
    }

    /// Every CRC, the image data's too (the read skips those): a chunk with a bad one
    /// is damage a write must not touch or rewrite without `--repair-unsafe`.
    fn check_before_patch(&self, src: &mut dyn ReadSeek) -> Result<Vec<Damage>, FormatError> {
        scan_damaged(src, true).map(|l| l.damage)
    }
}
