//! ISO-BMFF (MP4, MOV, CR3, F4V) box walk that finds XMP without reading the media:
//! top-level `uuid` boxes with the XMP UUID and `moov/udta/XMP_` (docs/containers.md,
//! "ISO-BMFF: MP4, MOV, CR3"). Only box headers are read, so a multi-gigabyte video costs a
//! few seeks. HEIF keeps XMP as an item in `mdat`/`idat` reached through `iloc`; that is
//! left to the packet scanner.

use std::io::SeekFrom;

use crate::ReadSeek;

/// The XMP UUID of MP4 / CR3 / JPEG 2000 `uuid` boxes.
pub const XMP_UUID: [u8; 16] = [
    0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC,
];

/// Most boxes looked at in one container (a broken file must not loop for long).
const MAX_BOXES: usize = 100_000;

struct BoxHeader {
    kind: [u8; 4],
    /// Offset of the payload.
    body: u64,
    /// End of the box.
    end: u64,
}

fn header(src: &mut dyn ReadSeek, at: u64, limit: u64) -> Option<BoxHeader> {
    if limit.checked_sub(at)? < 8 {
        return None;
    }
    src.seek(SeekFrom::Start(at)).ok()?;
    let mut h = [0u8; 16];
    src.read_exact(&mut h[..8]).ok()?;
    let size = u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
    let kind = [h[4], h[5], h[6], h[7]];
    let (body, end) = match size {
        0 => (at + 8, limit),
        1 => {
            src.read_exact(&mut h[8..16]).ok()?;
            let large = u64::from_be_bytes([h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]]);
            (at + 16, at.checked_add(large)?)
        }
        n => (at + 8, at.checked_add(n)?),
    };
    (end <= limit && body <= end).then_some(BoxHeader { kind, body, end })
}

fn children(src: &mut dyn ReadSeek, from: u64, to: u64) -> Vec<BoxHeader> {
    let mut out = Vec::new();
    let mut at = from;
    while out.len() < MAX_BOXES {
        let Some(b) = header(src, at, to) else { break };
        if b.end <= at {
            break;
        }
        at = b.end;
        out.push(b);
    }
    out
}

/// XMP payload ranges `(start, end)` found by walking the boxes; empty when the file
/// is not a well-formed box sequence or holds no XMP box.
pub fn xmp_boxes(src: &mut dyn ReadSeek, file_len: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    for b in children(src, 0, file_len) {
        match &b.kind {
            b"uuid" => {
                let mut id = [0u8; 16];
                if b.end - b.body >= 16
                    && src.seek(SeekFrom::Start(b.body)).is_ok()
                    && src.read_exact(&mut id).is_ok()
                    && id == XMP_UUID
                {
                    out.push((b.body + 16, b.end));
                }
            }
            b"moov" => {
                for u in children(src, b.body, b.end)
                    .into_iter()
                    .filter(|c| &c.kind == b"udta")
                {
                    for x in children(src, u.body, u.end) {
                        if &x.kind == b"XMP_" {
                            out.push((x.body, x.end));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}
