//! JPEG at the byte level: walk the marker segments up to SOS (never the pixels) and
//! pick out the XMP APP1 segments (docs/containers.md, "JPEG: segment walk");
//! [`super::splice`] writes them. Works on raw packet bytes; no XMP parsing here.
//!
//! Hand-written because the image crates decode pixels and drop or rebuild the
//! segments they do not understand, while a metadata editor must copy every byte
//! outside the XMP unchanged.

use crate::stream::Walker;
use crate::{Damage, FormatError, ReadSeek};

/// Signature of the standard XMP APP1 segment.
pub const XMP_SIG: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
/// Signature of an Extended XMP APP1 segment.
pub const EXT_SIG: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
/// Largest standard packet accepted on read (segment length 0xFFFF).
pub const MAX_STD_READ: usize = 65535 - 2 - XMP_SIG.len();
/// Largest standard packet written (P3, spec-safe).
pub const MAX_STD_WRITE: usize = 65502;
/// Largest Extended XMP chunk (65535 - 2 - 35 - 32 - 4 - 4).
pub const MAX_CHUNK: usize = 65458;

const FORMAT: &str = "JPEG";

/// What a marker segment holds, as far as XMP writing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// APP0 (JFIF, JFXX, ...).
    App0,
    /// APP1 `Exif\0`.
    Exif,
    /// APP1 standard XMP.
    Xmp,
    /// APP1 Extended XMP.
    ExtXmp,
    /// APP2 `MPF\0` (multi-picture: offsets of images after EOI).
    Mpf,
    /// A marker without length (RSTn, TEM) found before SOS.
    Standalone,
    Other,
}

/// One marker segment before SOS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub marker: u8,
    /// Offset of the segment's `FF` marker byte (after any fill bytes).
    pub offset: u64,
    /// Total length including the two marker bytes.
    pub len: u64,
    /// `FF` fill bytes right before `offset`: part of this marker, so a write that
    /// drops the segment drops them too.
    pub fill: u64,
    pub kind: Kind,
}

impl Segment {
    pub fn end(&self) -> u64 {
        self.offset + self.len
    }
}

/// A standard XMP packet as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StdPacket {
    /// Index into [`Layout::segments`].
    pub segment: usize,
    /// Offset of the packet's first byte.
    pub offset: u64,
    pub bytes: Vec<u8>,
}

/// One Extended XMP chunk as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtChunk {
    pub segment: usize,
    /// The GUID as stored (32 bytes, normally upper-case hex).
    pub guid: [u8; 32],
    /// Declared length of the whole extended serialization.
    pub full_len: u32,
    /// Offset of this chunk within it.
    pub chunk_offset: u32,
    pub data: Vec<u8>,
}

/// The metadata part of a JPEG.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub segments: Vec<Segment>,
    /// Offset of the SOS (or EOI) marker: everything from here on is never touched.
    pub body_start: u64,
    pub len: u64,
    /// Standard XMP packets, in file order.
    pub standard: Vec<StdPacket>,
    pub extended: Vec<ExtChunk>,
    pub warnings: Vec<String>,
    /// Where the segments break off after the standard XMP segment (an `FF 00` or
    /// garbage where a marker should be, a length past the end): from there on the
    /// file is copied as it is, like the image data ([`Layout::body_start`]).
    pub damage: Option<Damage>,
}

impl Layout {
    /// True when an MPF segment precedes offset `at`.
    pub fn mpf_before(&self, at: u64) -> bool {
        self.segments
            .iter()
            .any(|s| s.kind == Kind::Mpf && s.offset < at)
    }

    /// Where a new XMP segment goes: after leading APP0 and Exif APP1 segments, before
    /// everything else (notably before an MPF APP2, whose offsets must not shift).
    pub fn insertion_point(&self) -> u64 {
        let mut at = self.segments.first().map_or(self.body_start, |s| s.offset);
        for s in &self.segments {
            if matches!(s.kind, Kind::App0 | Kind::Exif) {
                at = s.end();
            } else {
                break;
            }
        }
        at
    }
}

/// Walks the segments from SOI to SOS (or EOI), reading only the XMP payloads. When
/// the segments break off after the standard XMP segment was read, the walk stops
/// there and records [`Layout::damage`] (docs/safe-writing.md, "Damaged files");
/// breaking off before it is an error, as no XMP can be found then.
pub fn scan(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let mut layout = Layout::default();
    let mut resume = None;
    match walk(src, &mut layout, &mut resume) {
        Ok(()) => Ok(layout),
        Err(FormatError::Corrupt {
            offset, message, ..
        }) if !layout.standard.is_empty() && resume.is_some() => {
            let resume = resume.unwrap_or(offset);
            layout.body_start = resume;
            layout.damage = Some(Damage::new(
                format!(
                    "the JPEG segments break off at offset {offset} ({message}), after the XMP \
                     segment; what follows was not read"
                ),
                resume,
                layout.len,
            ));
            Ok(layout)
        }
        Err(e) => Err(e),
    }
}

/// The walk of [`scan`]. Before it fails on garbage where a marker should be (not
/// on a file that ends early: a truncated file stays an error), it sets `garbage` to
/// the start of that marker (its fill bytes included), where the damaged tail begins.
fn walk(
    src: &mut dyn ReadSeek,
    layout: &mut Layout,
    garbage: &mut Option<u64>,
) -> Result<(), FormatError> {
    let mut w = Walker::new(src, FORMAT)?;
    let soi = w.array::<2>("the SOI marker")?;
    if soi != [0xFF, 0xD8] {
        return Err(w.corrupt_at(0, "not a JPEG file (no SOI marker FF D8)"));
    }
    layout.len = w.len;
    loop {
        let resume = w.pos;
        if w.at_end() {
            return Err(w.corrupt_at(
                w.pos,
                "truncated: the file ends before the image data (no SOS marker)",
            ));
        }
        let at = w.pos;
        let b = w.u8("a marker")?;
        let mut fill_from = at;
        let mut marker = if b == 0xFF {
            w.u8("a marker")?
        } else {
            // Some writers get a segment length wrong; like ExifTool, skip to the next
            // marker and say so (the skipped bytes are copied unchanged on write).
            let m = skip_to_marker(&mut w).ok_or_else(|| {
                w.corrupt_at(at, format!("expected a marker (FF), found {b:02X}"))
            })??;
            layout.warnings.push(format!(
                "skipped {} unknown bytes at offset {at} before the next JPEG marker",
                w.pos - 2 - at
            ));
            fill_from = w.pos - 2;
            m
        };
        while marker == 0xFF {
            marker = w.u8("a marker")?;
        }
        let offset = w.pos - 2;
        let fill = offset - fill_from;
        match marker {
            0xDA | 0xD9 => {
                layout.body_start = offset;
                return Ok(());
            }
            0x00 => {
                *garbage = Some(resume);
                return Err(w.corrupt_at(offset, "FF 00 where a marker was expected"));
            }
            0xD8 => {
                *garbage = Some(resume);
                return Err(w.corrupt_at(offset, "a second SOI marker"));
            }
            0xD0..=0xD7 | 0x01 => {
                layout.warnings.push(format!(
                    "JPEG marker FF {marker:02X} at offset {offset} before the image data"
                ));
                layout.segments.push(Segment {
                    marker,
                    offset,
                    len: 2,
                    fill,
                    kind: Kind::Standalone,
                });
                continue;
            }
            _ => {}
        }
        let l = u16::from_be_bytes(w.array::<2>("a segment length")?);
        if l < 2 {
            *garbage = Some(resume);
            return Err(w.corrupt_at(
                offset,
                format!("segment FF {marker:02X} has an invalid length {l} (less than 2)"),
            ));
        }
        let data_len = u64::from(l) - 2;
        if data_len > w.remaining() {
            return Err(w.corrupt_at(
                offset,
                format!(
                    "truncated: segment FF {marker:02X} declares {l} bytes but the file ends at offset {}",
                    w.len
                ),
            ));
        }
        let index = layout.segments.len();
        let kind = match marker {
            0xE0 => {
                w.skip(data_len, "a segment")?;
                Kind::App0
            }
            0xE1 => read_app1(&mut w, layout, index, data_len)?,
            0xE2 => {
                let sig = w.bytes(data_len.min(4), "a segment")?;
                w.skip(data_len - sig.len() as u64, "a segment")?;
                if sig == b"MPF\0" {
                    Kind::Mpf
                } else {
                    Kind::Other
                }
            }
            _ => {
                w.skip(data_len, "a segment")?;
                Kind::Other
            }
        };
        layout.segments.push(Segment {
            marker,
            offset,
            len: data_len + 4,
            fill,
            kind,
        });
    }
}

/// Reads on to the next `FF xx` (xx not 00); returns xx, or None at the end of file.
fn skip_to_marker(w: &mut Walker<'_>) -> Option<Result<u8, FormatError>> {
    loop {
        if w.at_end() {
            return None;
        }
        match w.u8("a marker") {
            Ok(0xFF) => {}
            Ok(_) => continue,
            Err(e) => return Some(Err(e)),
        }
        if w.at_end() {
            return None;
        }
        match w.u8("a marker") {
            Ok(0x00) => continue,
            Ok(m) => return Some(Ok(m)),
            Err(e) => return Some(Err(e)),
        }
    }
}

fn read_app1(
    w: &mut Walker<'_>,
    layout: &mut Layout,
    index: usize,
    data_len: u64,
) -> Result<Kind, FormatError> {
    let head_len = data_len.min(EXT_SIG.len() as u64);
    let head = w.bytes(head_len, "an APP1 segment")?;
    let rest = data_len - head_len;
    if head.starts_with(XMP_SIG) {
        let offset = w.pos - head_len + XMP_SIG.len() as u64;
        let mut bytes = head[XMP_SIG.len()..].to_vec();
        bytes.extend(w.bytes(rest, "the XMP packet")?);
        layout.standard.push(StdPacket {
            segment: index,
            offset,
            bytes,
        });
        return Ok(Kind::Xmp);
    }
    if head.starts_with(EXT_SIG) {
        if rest < 40 {
            layout.warnings.push(format!(
                "Extended XMP segment at offset {} is too short for its header; ignored (a write \
                 keeps it unchanged)",
                w.pos - head_len - 4
            ));
            w.skip(rest, "an APP1 segment")?;
            return Ok(Kind::ExtXmp);
        }
        let hdr = w.array::<40>("an Extended XMP header")?;
        let mut guid = [0u8; 32];
        guid.copy_from_slice(&hdr[..32]);
        let full_len = u32::from_be_bytes([hdr[32], hdr[33], hdr[34], hdr[35]]);
        let chunk_offset = u32::from_be_bytes([hdr[36], hdr[37], hdr[38], hdr[39]]);
        let data = w.bytes(rest - 40, "an Extended XMP chunk")?;
        layout.extended.push(ExtChunk {
            segment: index,
            guid,
            full_len,
            chunk_offset,
            data,
        });
        return Ok(Kind::ExtXmp);
    }
    w.skip(rest, "an APP1 segment")?;
    if head.starts_with(b"Exif\0") {
        Ok(Kind::Exif)
    } else {
        Ok(Kind::Other)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
