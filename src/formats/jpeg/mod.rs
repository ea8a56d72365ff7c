//! JPEG: XMP in APP1, with Extended XMP for packets over 64 KiB (notes §3.1).
//!
//! [`segments`] and [`splice`] are the byte level (walk, write), [`extended`] the model level of
//! Extended XMP (merge on read, split plan on write); this file joins them behind the
//! [`Container`] trait.

pub mod extended;
pub mod segments;
pub mod splice;

use std::io::Write;

use crate::formats::packet::{in_place_options, parse_packet, to_exact_length};
use crate::formats::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use crate::xmp::{Packet, WriteOptions};

pub use splice::blank;

/// The JPEG container.
pub struct Jpeg;

impl Container for Jpeg {
    fn format(&self) -> Format {
        Format::Jpeg
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(&[0xFF, 0xD8, 0xFF])
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let layout = segments::scan(src)?;
        let mut found = Found::empty(Format::Jpeg);
        found.warnings = layout.warnings.clone();
        let Some(first) = layout.standard.first() else {
            if !layout.extended.is_empty() {
                found.warnings.push(format!(
                    "{} Extended XMP segment(s) without a main XMP packet; ignored",
                    layout.extended.len()
                ));
            }
            return Ok(found);
        };
        let decoded = parse_packet(&first.bytes, first.offset)?;
        let mut packet = decoded.packet;
        found.warnings.extend(decoded.warnings);
        let mut raw = first.bytes.clone();
        if let Some(ext) = extended::assemble(&packet, &layout.extended, &mut found.warnings) {
            let at = layout
                .extended
                .first()
                .and_then(|c| layout.segments.get(c.segment))
                .map_or(0, |s| s.offset);
            if extended::merge(&mut packet, &ext, at, &mut found.warnings) {
                raw.extend_from_slice(&ext);
            }
        }
        for extra in layout.standard.iter().skip(1) {
            let at = layout.segments.get(extra.segment).map_or(0, |s| s.offset);
            let label = format!("another XMP segment (APP1 at offset {at})");
            match parse_packet(&extra.bytes, extra.offset) {
                Ok(d) => {
                    found.warnings.push(format!(
                        "the file has another standard XMP segment at offset {at}; the first \
                         is used, the other is shown separately and kept unchanged"
                    ));
                    found.others.push((label, d.packet));
                }
                Err(e) => found.warnings.push(format!(
                    "the file has another standard XMP segment, which could not be read: {e}"
                )),
            }
        }
        found.region = Some(Region {
            offset: first.offset,
            len: first.bytes.len() as u64,
        });
        found.info = Some(decoded.info);
        found.raw = Some(raw);
        found.packet = Some(packet);
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
        let layout = segments::scan(src)?;
        let Some(first) = layout.standard.first() else {
            return Ok(None);
        };
        let old_len = first.bytes.len();
        if !layout.extended.is_empty() || old_len > segments::MAX_STD_WRITE {
            return Ok(None);
        }
        let mut p = packet.clone();
        p.remove(&extended::has_extended_name());
        let base = in_place_options(opts, info);
        let compact = WriteOptions {
            pretty: false,
            ..base.clone()
        };
        let bytes =
            to_exact_length(&p, &base, old_len).or_else(|| to_exact_length(&p, &compact, old_len));
        Ok(bytes.map(|bytes| {
            vec![Patch {
                offset: first.offset,
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
        let layout = segments::scan(src)?;
        let plan = extended::plan(packet, opts)?;
        let ext = plan
            .extended
            .as_ref()
            .map(|(bytes, guid)| (bytes.as_slice(), guid.as_str()));
        let new = splice::xmp_segments(&plan.standard, ext)?;
        splice::splice(src, &layout, &new, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = segments::scan(src)?;
        splice::preserved(src, &layout).map(Some)
    }

    fn expected_model(&self, packet: &Packet, opts: &WriteOptions) -> Result<Packet, FormatError> {
        Ok(extended::plan(packet, opts)?.model)
    }
}
