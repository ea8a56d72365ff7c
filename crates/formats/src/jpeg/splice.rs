//! JPEG writing at the byte level: XMP APP1 segments (standard and Extended XMP
//! chunks) and the streamed splice that puts them into a copy of the file, keeping
//! every other byte.

use std::io::Write;

use super::segments::{Kind, Layout, Segment, EXT_SIG, MAX_CHUNK, MAX_STD_READ, XMP_SIG};
use crate::stream::{hash_range, splice_ranges};
use crate::{FormatError, Preserved, ReadSeek};

/// One APP1 segment: marker, length, signature, payload.
pub fn app1(sig: &[u8], parts: &[&[u8]]) -> Result<Vec<u8>, FormatError> {
    let body: usize = sig.len() + parts.iter().map(|p| p.len()).sum::<usize>();
    let l = u16::try_from(body + 2).map_err(|_| {
        FormatError::TooLarge(format!(
            "a JPEG segment holds at most 65533 bytes, this one would need {body}"
        ))
    })?;
    let mut out = Vec::with_capacity(body + 4);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&l.to_be_bytes());
    out.extend_from_slice(sig);
    for p in parts {
        out.extend_from_slice(p);
    }
    Ok(out)
}

/// The APP1 segments for a standard packet and optional extended serialization
/// (`guid` = upper-case MD5 hex of `extended`), in the order they are written.
pub fn xmp_segments(
    standard: &[u8],
    extended: Option<(&[u8], &str)>,
) -> Result<Vec<u8>, FormatError> {
    if standard.len() > MAX_STD_READ {
        return Err(FormatError::TooLarge(format!(
            "the standard XMP packet is {} bytes; a JPEG segment holds at most {MAX_STD_READ}",
            standard.len()
        )));
    }
    let mut out = app1(XMP_SIG, &[standard])?;
    if let Some((ext, guid)) = extended {
        if guid.len() != 32 {
            return Err(FormatError::TooLarge(format!(
                "Extended XMP GUID must be 32 characters, got {}",
                guid.len()
            )));
        }
        let full = u32::try_from(ext.len())
            .map_err(|_| FormatError::TooLarge("Extended XMP is larger than 4 GiB".to_string()))?;
        let mut off = 0usize;
        while off < ext.len() {
            let end = (off + MAX_CHUNK).min(ext.len());
            let off32 = off as u32; // off < ext.len() <= u32::MAX
            out.extend(app1(
                EXT_SIG,
                &[
                    guid.as_bytes(),
                    &full.to_be_bytes(),
                    &off32.to_be_bytes(),
                    &ext[off..end],
                ],
            )?);
            off = end;
        }
    }
    Ok(out)
}

/// Streams a copy of the file with the first standard XMP segment and the Extended XMP
/// segments at the indexes `owned` (those the main packet names, see
/// [`super::extended::owned`]) replaced by `new_segments` (at the old standard
/// segment's position, or at [`Layout::insertion_point`] when there was none). All
/// other bytes, extension segments of other GUIDs included, are copied unchanged,
/// fill bytes too except those of a dropped segment.
pub fn splice(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    owned: &[usize],
    new_segments: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let mut removed: Vec<&Segment> = Vec::new();
    if let Some(first) = layout.standard.first() {
        removed.extend(layout.segments.get(first.segment));
    }
    removed.extend(
        owned
            .iter()
            .filter_map(|&i| layout.segments.get(i))
            .filter(|s| s.kind == Kind::ExtXmp),
    );
    removed.sort_by_key(|s| s.offset);
    removed.dedup_by_key(|s| s.offset);
    let mut insert_at = match layout.standard.first() {
        Some(first) => layout
            .segments
            .get(first.segment)
            .map_or(layout.body_start, |s| s.offset),
        None => layout.insertion_point(),
    };
    // A dropped segment right after SOI that is followed by junk (bytes that are no
    // marker, which readers skip) would leave the junk right after SOI, and a file
    // that does not start `FF D8 FF` is no JPEG to anyone. The new segments go in its
    // place instead, so a marker follows SOI again and the junk is kept after them.
    if let Some(first) = removed.first() {
        if first.offset - first.fill == 2
            && first.offset < insert_at
            && junk_follows(layout, first.end())
        {
            insert_at = first.offset;
        }
    }
    // A dropped segment takes its fill bytes along: left behind, they would run into
    // whatever followed it, and junk there (skipped on read) would become a bogus
    // marker. Where the new segments go they can stay, as a marker follows them.
    let ranges: Vec<(u64, u64)> = removed
        .iter()
        .map(|s| {
            let start = if s.offset == insert_at {
                s.offset
            } else {
                s.offset - s.fill
            };
            (start, s.end())
        })
        .collect();
    if let Some(r) = ranges.iter().find(|r| r.0 < insert_at && insert_at < r.1) {
        insert_at = r.0;
    }
    let removed_len: u64 = ranges.iter().map(|r| r.1 - r.0).sum();
    let size_changes = removed_len != new_segments.len() as u64;
    // MPF offsets count from the MPF segment, so what matters is any size change
    // behind it: an insertion there, or a dropped segment there (an extension segment
    // can sit behind MPF while the standard one, and so the insertion, is before it).
    if size_changes
        && (layout.mpf_before(insert_at) || ranges.iter().any(|r| layout.mpf_before(r.0)))
    {
        return Err(FormatError::NotWritable {
            format: "jpeg",
            hint: "the XMP segment follows an MPF (multi-picture) segment, and changing its size \
                   would break the offsets of the images stored after the main image; write a \
                   sidecar instead"
                .to_string(),
        });
    }
    splice_ranges(src, dst, layout.len, &ranges, insert_at, new_segments)
}

/// True when the bytes at `at` are neither the next segment (with its fill bytes)
/// nor the image data: junk that a reader skips to the next marker.
fn junk_follows(layout: &Layout, at: u64) -> bool {
    let next = layout
        .segments
        .iter()
        .filter(|s| s.offset >= at)
        .map(|s| s.offset - s.fill)
        .min()
        .unwrap_or(layout.body_start);
    at < next.min(layout.body_start)
}

/// Everything a write must keep: every segment except the replaced XMP ones (the first
/// standard segment and the `owned` extension segments), in order, and the bytes from
/// SOS to the end of the file.
pub fn preserved(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    owned: &[usize],
) -> Result<Preserved, FormatError> {
    let replaced = layout.standard.first().map(|p| p.segment);
    let mut out = Vec::with_capacity(layout.segments.len() + 1);
    for (i, s) in layout.segments.iter().enumerate() {
        if Some(i) == replaced || (s.kind == Kind::ExtXmp && owned.contains(&i)) {
            continue;
        }
        let h = hash_range(src, s.offset, s.len)?;
        out.push((format!("segment FF {:02X}", s.marker), h));
    }
    let tail = hash_range(src, layout.body_start, layout.len - layout.body_start)?;
    out.push(("image data and trailing bytes".to_string(), tail));
    Ok(out)
}

/// A minimal valid 8x8 grey baseline JPEG with a JFIF APP0 and no XMP.
#[cfg(any(test, feature = "testing"))]
pub fn blank() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    // APP0 JFIF 1.01, no thumbnail.
    v.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
    v.extend_from_slice(b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    // DQT: table 0, all ones.
    v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    v.extend_from_slice(&[1u8; 64]);
    // SOF0: 8 bits, 8x8, one component (id 1, 1x1 sampling, table 0).
    v.extend_from_slice(&[
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
    ]);
    // DHT DC0: one code of length 1 for category 0.
    v.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]);
    v.extend_from_slice(&[0u8; 15]);
    v.push(0x00);
    // DHT AC0: one code of length 1 for EOB (0x00).
    v.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01]);
    v.extend_from_slice(&[0u8; 15]);
    v.push(0x00);
    // SOS: one component, tables 0/0, spectral 0..63.
    v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    // One block: DC category 0 ("0"), EOB ("0"), padded with ones.
    v.push(0x3F);
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}
