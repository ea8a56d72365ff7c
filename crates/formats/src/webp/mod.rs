//! WebP: XMP in the RIFF chunk `XMP ` with VP8X flag 0x04 (docs/containers.md,
//! "WebP").
//!
//! [`riff`] walks the chunks and plans writes: a same-length packet is patched in
//! place; otherwise the file is streamed chunk by chunk with the `XMP ` chunk replaced
//! (or added after EXIF / the image data), the VP8X XMP flag set and the RIFF size
//! fixed. A simple (VP8/VP8L-only) file gets a VP8X chunk whose canvas comes from the
//! bitstream. Every other chunk is copied byte for byte.

pub mod riff;

use std::io::{SeekFrom, Write};

use crate::packet;
use crate::stream::hash_range;
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

/// The WebP container.
pub struct WebP;

fn read_payload(src: &mut dyn ReadSeek, c: &riff::Chunk) -> Result<Vec<u8>, FormatError> {
    src.seek(SeekFrom::Start(c.payload_at()))?;
    let mut buf = vec![0u8; c.size as usize];
    src.read_exact(&mut buf)
        .map_err(|e| riff::corrupt(c.payload_at(), format!("chunk '{}': {e}", c.name())))?;
    Ok(buf)
}

fn region_now(r: &riff::Riff) -> Option<Region> {
    r.xmp().map(|c| Region {
        offset: c.payload_at(),
        len: u64::from(c.size),
    })
}

fn riff_for_write(src: &mut dyn ReadSeek, found: &Found) -> Result<riff::Riff, FormatError> {
    let r = riff::read_riff(src)?;
    if region_now(&r) != found.region {
        return Err(FormatError::Changed(
            "the XMP chunk moved since the file was read".into(),
        ));
    }
    Ok(r)
}

impl Container for WebP {
    fn format(&self) -> Format {
        Format::WebP
    }

    fn sniff(&self, head: &[u8]) -> bool {
        riff::sniff(head)
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let r = riff::read_riff(src)?;
        let mut found = Found::empty(Format::WebP);
        found.warnings.extend(r.warnings.iter().cloned());
        let Some(main) = r.xmp().cloned() else {
            return Ok(found);
        };
        if main.fourcc == riff::XMP_NUL {
            found.warnings.push(format!(
                "XMP is stored in a misnamed 'XMP\\0' chunk at offset {}; a write renames it to 'XMP '",
                main.at
            ));
        }
        match r.chunks.first() {
            Some(v) if v.fourcc == riff::VP8X => {
                let mut b = [0u8; 1];
                src.seek(SeekFrom::Start(v.payload_at()))?;
                src.read_exact(&mut b)?;
                if b[0] & riff::FLAG_XMP == 0 {
                    found
                        .warnings
                        .push("the VP8X header does not announce the XMP chunk (flag 0x04)".into());
                }
            }
            _ => found
                .warnings
                .push("XMP chunk in a simple WebP file without VP8X header".into()),
        }
        let bytes = read_payload(src, &main)?;
        found.region = Some(Region {
            offset: main.payload_at(),
            len: u64::from(main.size),
        });
        packet::parse_into(&mut found, bytes, main.payload_at())?;
        for c in r
            .chunks
            .iter()
            .filter(|c| c.at != main.at && (c.fourcc == riff::XMP || c.fourcc == riff::XMP_NUL))
        {
            let bytes = read_payload(src, c)?;
            let mut other = Found::empty(Format::WebP);
            match packet::parse_into(&mut other, bytes, c.payload_at()) {
                Ok(()) => {
                    if let Some(p) = other.packet {
                        found
                            .others
                            .push((format!("XMP chunk at offset {}", c.at), p));
                    }
                }
                Err(e) => found
                    .warnings
                    .push(format!("second XMP chunk ignored: {e}")),
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
        let Some(region) = found.region else {
            return Ok(None);
        };
        let r = riff_for_write(src, found)?;
        let Some(bytes) = packet::serialize_exact(packet, opts, found, region.len) else {
            return Ok(None);
        };
        riff::in_place(src, &r, &bytes)
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let r = riff_for_write(src, found)?;
        let bytes = found
            .region
            .and_then(|reg| packet::serialize_exact(packet, opts, found, reg.len))
            .unwrap_or_else(|| packet::serialize(packet, opts));
        let plan = riff::plan(src, &r, &bytes)?;
        riff::stream(src, &r, &plan, dst)
    }

    /// Every chunk but the XMP one and VP8X (whose XMP flag a write sets, and which a
    /// simple file gains), by payload; then the bytes after the RIFF data.
    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let r = riff::read_riff(src)?;
        let xmp = r.xmp().map(|c| c.at);
        let mut out = Preserved::new();
        for c in &r.chunks {
            if Some(c.at) != xmp && c.fourcc != riff::VP8X {
                out.push((
                    format!("chunk '{}'", c.name()),
                    hash_range(src, c.at, 8 + u64::from(c.size))?,
                ));
            }
        }
        out.push((
            "bytes after the RIFF data".into(),
            hash_range(src, r.riff_end, r.file_len - r.riff_end)?,
        ));
        Ok(Some(out))
    }
}

#[cfg(any(test, feature = "testing"))]
fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// A 1x1 lossless (VP8L) WebP without metadata (simple format).
#[cfg(any(test, feature = "testing"))]
pub fn blank_lossless() -> Vec<u8> {
    hex("524946461e000000574542505650384c110000002f000000000750b22257a6ff8188e87f0000")
}

/// A 1x1 lossless WebP whose bitstream says alpha is used (simple format).
#[cfg(any(test, feature = "testing"))]
pub fn blank_lossless_alpha() -> Vec<u8> {
    hex("524946461e000000574542505650384c110000002f000000100750b22257a6808188e87f0000")
}

/// A 1x1 lossy (VP8) WebP without metadata (simple format).
#[cfg(any(test, feature = "testing"))]
pub fn blank_lossy() -> Vec<u8> {
    hex("524946463800000057454250565038202c000000b001009d012a0100010002c04c25a00274ba0000000000ec8fc2b14ff16d23a14c87ff10e7105b51d6200000")
}
