//! JPEG at the byte level: walk the marker segments up to SOS (never the pixels),
//! pick out the XMP APP1 segments, and splice new XMP segments into a copy of the
//! stream (notes §3.1). Works on raw packet bytes; no XMP parsing here.
//!
//! Hand-written because the image crates decode pixels and drop or rebuild the
//! segments they do not understand, while a metadata editor must copy every byte
//! outside the XMP unchanged.

use std::io::Write;

use crate::formats::stream::{hash_range, splice_ranges, Walker};
use crate::formats::{FormatError, Preserved, ReadSeek};

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

/// Walks the segments from SOI to SOS (or EOI), reading only the XMP payloads.
pub fn scan(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let mut w = Walker::new(src, FORMAT)?;
    let soi = w.array::<2>("the SOI marker")?;
    if soi != [0xFF, 0xD8] {
        return Err(w.corrupt_at(0, "not a JPEG file (no SOI marker FF D8)"));
    }
    let mut layout = Layout {
        len: w.len,
        ..Layout::default()
    };
    loop {
        if w.at_end() {
            return Err(w.corrupt_at(
                w.pos,
                "truncated: the file ends before the image data (no SOS marker)",
            ));
        }
        let at = w.pos;
        let b = w.u8("a marker")?;
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
            m
        };
        while marker == 0xFF {
            marker = w.u8("a marker")?;
        }
        let offset = w.pos - 2;
        match marker {
            0xDA | 0xD9 => {
                layout.body_start = offset;
                return Ok(layout);
            }
            0x00 => {
                return Err(w.corrupt_at(offset, "FF 00 where a marker was expected"));
            }
            0xD8 => return Err(w.corrupt_at(offset, "a second SOI marker")),
            0xD0..=0xD7 | 0x01 => {
                layout.warnings.push(format!(
                    "JPEG marker FF {marker:02X} at offset {offset} before the image data"
                ));
                layout.segments.push(Segment {
                    marker,
                    offset,
                    len: 2,
                    kind: Kind::Standalone,
                });
                continue;
            }
            _ => {}
        }
        let l = u16::from_be_bytes(w.array::<2>("a segment length")?);
        if l < 2 {
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
            0xE1 => read_app1(&mut w, &mut layout, index, data_len)?,
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
                "Extended XMP segment at offset {} is too short for its header; ignored",
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

/// Streams a copy of the file with the first standard XMP segment and every Extended
/// XMP segment replaced by `new_segments` (at the old standard segment's position, or
/// at [`Layout::insertion_point`] when there was none). All other bytes, fill bytes
/// included, are copied unchanged.
pub fn splice(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    new_segments: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let mut removed: Vec<&Segment> = Vec::new();
    if let Some(first) = layout.standard.first() {
        removed.extend(layout.segments.get(first.segment));
    }
    removed.extend(layout.segments.iter().filter(|s| s.kind == Kind::ExtXmp));
    removed.sort_by_key(|s| s.offset);
    removed.dedup_by_key(|s| s.offset);
    let insert_at = match layout.standard.first() {
        Some(first) => layout
            .segments
            .get(first.segment)
            .map_or(layout.body_start, |s| s.offset),
        None => layout.insertion_point(),
    };
    let size_changes = removed.iter().map(|s| s.len).sum::<u64>() != new_segments.len() as u64;
    if size_changes && layout.mpf_before(insert_at) {
        return Err(FormatError::NotWritable {
            format: "jpeg",
            hint: "the XMP segment follows an MPF (multi-picture) segment, and changing its size \
                   would break the offsets of the images stored after the main image; write a \
                   sidecar instead"
                .to_string(),
        });
    }
    let ranges: Vec<(u64, u64)> = removed.iter().map(|s| (s.offset, s.end())).collect();
    splice_ranges(src, dst, layout.len, &ranges, insert_at, new_segments)
}

/// The same-length patch replacing the first standard packet, when `bytes` has its
/// exact length.
pub fn same_length_patch(layout: &Layout, bytes: &[u8]) -> Option<(u64, usize)> {
    let first = layout.standard.first()?;
    (first.bytes.len() == bytes.len()).then_some((first.offset, bytes.len()))
}

/// Everything a write must keep: every segment except the replaced XMP ones (in order),
/// and the bytes from SOS to the end of the file.
pub fn preserved(src: &mut dyn ReadSeek, layout: &Layout) -> Result<Preserved, FormatError> {
    let replaced = layout.standard.first().map(|p| p.segment);
    let mut out = Vec::with_capacity(layout.segments.len() + 1);
    for (i, s) in layout.segments.iter().enumerate() {
        if Some(i) == replaced || s.kind == Kind::ExtXmp {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(payload);
        v
    }

    fn jpeg_with(segments: &[Vec<u8>]) -> Vec<u8> {
        let b = blank();
        // blank = SOI + APP0(18) + rest
        let mut v = b[..20].to_vec();
        for s in segments {
            v.extend_from_slice(s);
        }
        v.extend_from_slice(&b[20..]);
        v
    }

    #[test]
    fn blank_walks_to_sos() {
        let b = blank();
        let l = scan(&mut Cursor::new(&b)).unwrap();
        assert_eq!(l.segments.len(), 5);
        assert_eq!(l.segments[0].kind, Kind::App0);
        assert!(l.standard.is_empty());
        assert_eq!(&b[l.body_start as usize..][..2], &[0xFF, 0xDA]);
    }

    #[test]
    fn finds_standard_and_extended_packets() {
        let mut std_payload = XMP_SIG.to_vec();
        std_payload.extend_from_slice(b"<x:xmpmeta/>");
        let ext = xmp_segments(
            b"P",
            Some((b"0123456789", "ABCDEF0123456789ABCDEF0123456789")),
        )
        .unwrap();
        let f = jpeg_with(&[
            seg(0xE1, b"Exif\0\0MM"),
            seg(0xE1, &std_payload),
            ext.clone(),
        ]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        assert_eq!(l.standard.len(), 2);
        assert_eq!(l.standard[0].bytes, b"<x:xmpmeta/>");
        let off = l.standard[0].offset as usize;
        assert_eq!(&f[off..off + 12], b"<x:xmpmeta/>");
        assert_eq!(l.standard[1].bytes, b"P");
        assert_eq!(l.extended.len(), 1);
        assert_eq!(l.extended[0].data, b"0123456789");
        assert_eq!(l.extended[0].full_len, 10);
        assert_eq!(&l.extended[0].guid, b"ABCDEF0123456789ABCDEF0123456789");
        assert_eq!(l.segments[1].kind, Kind::Exif);
    }

    #[test]
    fn splits_extended_into_chunks_with_offsets() {
        let ext: Vec<u8> = (0..150_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let guid = "0123456789ABCDEF0123456789ABCDEF";
        let segs = xmp_segments(b"std", Some((&ext, guid))).unwrap();
        let f = jpeg_with(&[segs]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        assert_eq!(l.extended.len(), 3);
        let offs: Vec<u32> = l.extended.iter().map(|c| c.chunk_offset).collect();
        assert_eq!(offs, vec![0, MAX_CHUNK as u32, 2 * MAX_CHUNK as u32]);
        let joined: Vec<u8> = l.extended.iter().flat_map(|c| c.data.clone()).collect();
        assert_eq!(joined, ext);
    }

    #[test]
    fn splice_inserts_after_app0_and_exif_before_mpf() {
        let exif = seg(0xE1, b"Exif\0\0II*\0");
        let mpf = seg(0xE2, b"MPF\0II*\0");
        let f = jpeg_with(&[exif.clone(), mpf.clone()]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        let new = xmp_segments(b"<new/>", None).unwrap();
        let mut out = Vec::new();
        splice(&mut Cursor::new(&f), &l, &new, &mut out).unwrap();
        let at = 20 + exif.len();
        assert_eq!(&out[..at], &f[..at]);
        assert_eq!(&out[at..at + new.len()], &new[..]);
        assert_eq!(&out[at + new.len()..], &f[at..]);
    }

    #[test]
    fn splice_replaces_in_position_and_drops_extension_segments() {
        let mut std_payload = XMP_SIG.to_vec();
        std_payload.extend_from_slice(b"<old/>");
        let old_std = seg(0xE1, &std_payload);
        let old_ext = xmp_segments(b"x", Some((b"ext", "ABCDEF0123456789ABCDEF0123456789")))
            .unwrap()[4 + XMP_SIG.len() + 1..]
            .to_vec();
        let com = seg(0xFE, b"comment");
        let f = jpeg_with(&[com.clone(), old_std.clone(), old_ext.clone(), com.clone()]);
        let mut tail = f.clone();
        tail.extend_from_slice(b"TRAILER after EOI");
        let l = scan(&mut Cursor::new(&tail)).unwrap();
        assert_eq!(l.extended.len(), 1);
        let new = xmp_segments(b"<new packet/>", None).unwrap();
        let mut out = Vec::new();
        splice(&mut Cursor::new(&tail), &l, &new, &mut out).unwrap();
        let mut expect = jpeg_with(&[com.clone(), new.clone(), com]);
        expect.extend_from_slice(b"TRAILER after EOI");
        assert_eq!(out, expect);
        let again = scan(&mut Cursor::new(&out)).unwrap();
        assert_eq!(again.standard[0].bytes, b"<new packet/>");
        assert!(again.extended.is_empty());
    }

    #[test]
    fn size_change_behind_mpf_is_refused() {
        let mut std_payload = XMP_SIG.to_vec();
        std_payload.extend_from_slice(b"<old/>");
        let f = jpeg_with(&[seg(0xE2, b"MPF\0"), seg(0xE1, &std_payload)]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        let new = xmp_segments(b"<longer/>", None).unwrap();
        let e = splice(&mut Cursor::new(&f), &l, &new, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("MPF"), "{e}");
    }

    #[test]
    fn fill_bytes_are_kept() {
        let mut f = blank();
        f.splice(20..20, [0xFF, 0xFF]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        assert_eq!(l.segments[1].offset, 22);
        let mut out = Vec::new();
        let new = xmp_segments(b"p", None).unwrap();
        splice(&mut Cursor::new(&f), &l, &new, &mut out).unwrap();
        assert_eq!(out, [&f[..20], &new[..], &f[20..]].concat());
    }

    #[test]
    fn errors_name_the_offset() {
        let b = blank();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"\xFF\xD9".to_vec(), "offset 0: not a JPEG file"),
            (
                b[..20].to_vec(),
                "offset 20: truncated: the file ends before the image data",
            ),
            (
                b[..25].to_vec(),
                "offset 20: truncated: segment FF DB declares 67 bytes",
            ),
            (
                [&b[..20], &[0xFF, 0xE1, 0x00, 0x01][..], &b[20..]].concat(),
                "offset 20: segment FF E1 has an invalid length 1",
            ),
            (
                [&b[..20], &[0x00, 0x12, 0x34][..]].concat(),
                "offset 20: expected a marker (FF), found 00",
            ),
        ];
        for (bytes, want) in cases {
            let e = scan(&mut Cursor::new(&bytes)).unwrap_err().to_string();
            assert!(e.contains(want), "{e:?} lacks {want:?}");
        }
    }

    #[test]
    fn junk_between_segments_is_skipped_with_a_warning() {
        let b = blank();
        let f = [&b[..20], &b"?>\xFF\x00"[..], &b[20..]].concat();
        let l = scan(&mut Cursor::new(&f)).unwrap();
        assert_eq!(
            l.warnings,
            ["skipped 4 unknown bytes at offset 20 before the next JPEG marker"]
        );
        assert_eq!(l.segments[1].offset, 24);
        let mut out = Vec::new();
        splice(
            &mut Cursor::new(&f),
            &l,
            &xmp_segments(b"p", None).unwrap(),
            &mut out,
        )
        .unwrap();
        assert!(out.windows(4).any(|w| w == b"?>\xFF\x00"));
    }

    #[test]
    fn refuses_oversized_standard_packet() {
        let e = xmp_segments(&vec![b' '; MAX_STD_READ + 1], None).unwrap_err();
        assert!(e.to_string().contains("at most 65504"), "{e}");
        assert!(xmp_segments(&vec![b' '; MAX_STD_READ], None).is_ok());
    }
}
