//! The MP4 / QuickTime container: XMP in the top-level `uuid` box (MP4, M4V, 3GP) or in
//! `moov/udta/XMP_` (QuickTime MOV), read from box headers and written without moving
//! the media data where possible ([`super::plan`]; docs/containers.md, "MP4 and
//! QuickTime").
//!
//! The packet is updated where the file has it; a file without XMP gets it where the
//! format's own tools put it: a `uuid` box for MP4 (as ExifTool does), `udta/XMP_` for
//! QuickTime (the only place Adobe's toolkit reads in a MOV). A file whose boxes do not
//! add up is still searched for a packet by the scanner, and never written.

use std::io::{Read, Write};

use super::boxes::children;
use super::layout::{scan, Layout, FORMAT};
use super::plan::{apply, plan, Target};
use crate::packet::{parse_into, patch_stored};
use crate::stream::hash_range;
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

/// Largest packet accepted on read.
const MAX_PACKET: u64 = 64 << 20;

/// MP4, MOV and their relatives.
pub struct Mp4;

/// MP4 or MOV, from the file's first bytes.
fn format_of(src: &mut dyn ReadSeek) -> Result<Format, FormatError> {
    src.seek(std::io::SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(crate::detect::HEAD_LEN);
    Read::take(&mut *src, crate::detect::HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(match crate::detect::detect_format(&head) {
        Format::Mov => Format::Mov,
        _ => Format::Mp4,
    })
}

/// Where the file's main packet is (or goes, when it has none).
pub fn target(format: Format, layout: &Layout) -> Target {
    let has_uuid = layout.uuid_packet().is_some();
    let has_udta = layout.udta_packet().is_some();
    match format {
        Format::Mov if has_udta || !has_uuid => Target::Udta,
        Format::Mov => Target::Uuid,
        _ if has_uuid || !has_udta => Target::Uuid,
        _ => Target::Udta,
    }
}

fn range_of(layout: &Layout, t: Target) -> Option<(u64, u64)> {
    match t {
        Target::Uuid => layout.uuid_packet(),
        Target::Udta => layout.udta_packet(),
    }
}

fn read_range(src: &mut dyn ReadSeek, (s, e): (u64, u64)) -> Result<Vec<u8>, FormatError> {
    if e - s > MAX_PACKET {
        return Err(FormatError::corrupt(
            FORMAT,
            s,
            format!("the XMP box of {} bytes is too large", e - s),
        ));
    }
    let mut bytes = vec![0u8; (e - s) as usize];
    src.seek(std::io::SeekFrom::Start(s))?;
    src.read_exact(&mut bytes)?;
    Ok(bytes)
}

impl Container for Mp4 {
    fn format(&self) -> Format {
        Format::Mp4
    }

    fn sniff(&self, head: &[u8]) -> bool {
        matches!(
            crate::detect::detect_format(head),
            Format::Mp4 | Format::Mov
        )
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let format = format_of(src)?;
        let layout = match scan(src) {
            Ok(l) => l,
            Err(e @ FormatError::Corrupt { .. }) => {
                return crate::fallback::scanned(
                    src,
                    format,
                    format!(
                        "the {} box structure is damaged ({e}); the XMP was found by scanning, \
                         and the file cannot be written",
                        format.name().to_uppercase()
                    ),
                );
            }
            Err(e) => return Err(e),
        };
        let mut found = Found::empty(format);
        found.warnings = layout.warnings.clone();
        let main = target(format, &layout);
        if let Some(r) = range_of(&layout, main) {
            let bytes = read_range(src, r)?;
            found.region = Some(Region {
                offset: r.0,
                len: r.1 - r.0,
            });
            parse_into(&mut found, bytes, r.0)?;
        }
        let other = match main {
            Target::Uuid => (Target::Udta, "XMP_ box in moov/udta"),
            Target::Udta => (Target::Uuid, "XMP uuid box"),
        };
        if let Some(r) = range_of(&layout, other.0) {
            let mut o = Found::empty(format);
            let label = format!("{} at offset {}", other.1, r.0);
            match read_range(src, r).and_then(|b| parse_into(&mut o, b, r.0)) {
                Ok(()) => {
                    if let Some(p) = o.packet {
                        found.others.push((label, p));
                    }
                }
                Err(err) => found.warnings.push(format!("{label} ignored: {err}")),
            }
        }
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
        let Some((s, e)) = range_of(&layout, target(found.format, &layout)) else {
            return Ok(None);
        };
        patch_stored(found, info, (s, e), packet, opts, "the XMP box")
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let layout = scan(src)?;
        let bytes = crate::packet::serialize(packet, opts);
        let p = plan(src, &layout, target(found.format, &layout), &bytes)?;
        apply(src, dst, layout.file_len, &p.changes)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = scan(src)?;
        preserved(src, &layout).map(Some)
    }
}

/// What a write keeps: every top-level box but the XMP `uuid` box and free space,
/// each by type and payload (a size stored as 0 may become explicit); inside `moov`
/// every box but `udta` (compared child by child, without `XMP_`) and the chunk offset
/// tables (their entries move with the media: what a sample of them points at is compared).
pub fn preserved(src: &mut dyn ReadSeek, layout: &Layout) -> Result<Preserved, FormatError> {
    let mut out = Preserved::new();
    let moov_index = layout.moov.as_ref().map(|m| m.index);
    for (i, b) in layout.top.boxes.iter().enumerate() {
        if Some(i) == layout.uuid_xmp || b.is_free() {
            continue;
        }
        if Some(i) == moov_index {
            moov_parts(src, b.body, b.end, "moov", &mut out)?;
            continue;
        }
        out.push((b.name(), hash_range(src, b.body, b.end - b.body)?));
    }
    Ok(out)
}

/// A hash of the first bytes at a sample of chunk offsets (the first and last 16
/// entries): the offsets may change with a write, what they point at must not.
fn chunk_sample_hash(src: &mut dyn ReadSeek, offsets: &[u64]) -> Result<u64, FormatError> {
    const SAMPLE: usize = 16;
    const BYTES: u64 = 16;
    let len = crate::stream::stream_len(src)?;
    let picked = offsets.iter().take(SAMPLE).chain(
        offsets
            .iter()
            .skip(SAMPLE.max(offsets.len().saturating_sub(SAMPLE))),
    );
    let ranges: Vec<(u64, u64)> = picked
        .filter(|&&o| o < len)
        .map(|&o| (o, BYTES.min(len - o)))
        .collect();
    crate::stream::hash_ranges(src, &ranges)
}

/// The parts of a container inside `moov`, descending the boxes a write changes.
fn moov_parts(
    src: &mut dyn ReadSeek,
    from: u64,
    to: u64,
    path: &str,
    out: &mut Preserved,
) -> Result<(), FormatError> {
    let kids = children(src, from, to, true, FORMAT)?;
    for c in &kids.boxes {
        let label = format!("{path}/{}", c.name());
        match &c.kind {
            b"XMP_" if path == "moov/udta" => {}
            b"udta" | b"trak" | b"mdia" | b"minf" | b"stbl" => {
                moov_parts(src, c.body, c.end, &label, out)?
            }
            b"stco" | b"co64" => {
                let offsets = super::layout::read_chunk_offsets(src, c)?;
                out.push((
                    format!(
                        "{label}: the media its {} chunk offsets point at",
                        offsets.len()
                    ),
                    chunk_sample_hash(src, &offsets)?,
                ));
            }
            _ => out.push((label, hash_range(src, c.body, c.end - c.body)?)),
        }
    }
    if kids.tail < to {
        out.push((
            format!("{path} tail"),
            hash_range(src, kids.tail, to - kids.tail)?,
        ));
    }
    Ok(())
}
