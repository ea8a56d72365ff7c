//! JPEG: XMP in APP1, with Extended XMP for packets over 64 KiB
//! (docs/containers.md, "JPEG").
//!
//! [`segments`] and [`splice`] are the byte level (walk, write), [`extended`] the model level of
//! Extended XMP (merge on read, split plan on write); this file joins them behind the
//! [`Container`] trait.

pub mod extended;
pub mod segments;
pub mod splice;

use std::io::Write;

use crate::packet::{in_place_options, parse_packet, to_exact_length};
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use extended::Extension;
use xmpedit_core::xmp::{Packet, WriteOptions};

#[cfg(any(test, feature = "testing"))]
pub use splice::blank;

/// Indexes of the Extended XMP segments the main packet names by GUID: the ones a
/// write replaces. Every other extension segment belongs to no packet a reader would
/// merge (readers match by GUID), so keeping it byte for byte is harmless.
fn owned_segments(layout: &segments::Layout) -> Vec<usize> {
    let Some(first) = layout.standard.first() else {
        return Vec::new();
    };
    // A main packet that does not parse fails the read, so no write gets here.
    let Ok(decoded) = parse_packet(&first.bytes, first.offset) else {
        return Vec::new();
    };
    match extended::named_guid(&decoded.packet) {
        Some(guid) => extended::owned(&layout.extended, guid)
            .iter()
            .map(|c| c.segment)
            .collect(),
        None => Vec::new(),
    }
}

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
        if let Some(d) = &layout.damage {
            found.warnings.push(d.warning());
            found.damage.push(d.clone());
        }
        let Some(first) = layout.standard.first() else {
            if !layout.extended.is_empty() {
                found.warnings.push(format!(
                    "{} Extended XMP segment(s) without a main XMP packet; ignored (a write keeps \
                     them unchanged)",
                    layout.extended.len()
                ));
            }
            return Ok(found);
        };
        let decoded = parse_packet(&first.bytes, first.offset)?;
        let mut packet = decoded.packet;
        found.warnings.extend(decoded.warnings);
        let mut raw = first.bytes.clone();
        let guid = extended::named_guid(&packet).map(str::to_string);
        let broken = match extended::assemble(&packet, &layout.extended, &mut found.warnings) {
            Extension::Absent => None,
            Extension::Broken(why) => Some(why),
            Extension::Complete(ext) => {
                let at = layout
                    .extended
                    .first()
                    .and_then(|c| layout.segments.get(c.segment))
                    .map_or(0, |s| s.offset);
                match extended::merge(&mut packet, &ext, at, &mut found.warnings) {
                    Ok(()) => {
                        raw.extend_from_slice(&ext);
                        None
                    }
                    Err(e) => Some(format!("Extended XMP could not be read: {e}")),
                }
            }
        };
        if let (Some(why), Some(guid)) = (broken, guid) {
            let n = extended::owned(&layout.extended, &guid).len();
            found.unreadable.push(format!(
                "the Extended XMP the main packet names ({n} segment(s) with GUID {guid}): {why}"
            ));
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
        if !owned_segments(&layout).is_empty() || old_len > segments::MAX_STD_WRITE {
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
        splice::splice(src, &layout, &owned_segments(&layout), &new, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = segments::scan(src)?;
        splice::preserved(src, &layout, &owned_segments(&layout)).map(Some)
    }

    fn expected_model(&self, packet: &Packet, opts: &WriteOptions) -> Result<Packet, FormatError> {
        Ok(extended::plan(packet, opts)?.model)
    }
}
