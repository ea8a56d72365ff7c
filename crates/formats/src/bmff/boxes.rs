//! Box headers of ISO base media files (MP4, MOV, HEIF): a strict walk that says at
//! which offset a length does not add up, and the header bytes a writer emits.
//!
//! A box is a BE32 size (the whole box, header included), a four-character type, and,
//! when the size is 1, a BE64 size after the type; size 0 means "to the end of the
//! enclosing range" (only meaningful for the last top-level box). Fewer than 8 bytes
//! left at the end of a container cannot be a box: old QuickTime writers end `udta`
//! with four zero bytes. Such a tail is kept, never parsed.

use std::io::SeekFrom;

use crate::{FormatError, ReadSeek};

/// Most boxes walked in one container (a broken file must not loop for long).
const MAX_BOXES: usize = 1_000_000;

/// One box as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxRef {
    pub kind: [u8; 4],
    /// Offset of the size field.
    pub start: u64,
    /// Offset of the payload (after the 8 or 16 header bytes).
    pub body: u64,
    pub end: u64,
    /// Stored with size 0 (to the end of the enclosing range).
    pub to_end: bool,
}

impl BoxRef {
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Header bytes: 8, or 16 with a 64-bit size.
    pub fn header_len(&self) -> u64 {
        self.body - self.start
    }

    pub fn is(&self, kind: &[u8; 4]) -> bool {
        &self.kind == kind
    }

    /// `free` and `skip` boxes hold nothing anyone reads.
    pub fn is_free(&self) -> bool {
        self.is(b"free") || self.is(b"skip")
    }

    /// The type as text for messages (`moov`, `uuid`).
    pub fn name(&self) -> String {
        self.kind
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '?'
                }
            })
            .collect()
    }
}

/// The boxes of one container range and where its unparsed tail starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Children {
    pub boxes: Vec<BoxRef>,
    /// Start of the fewer-than-8 trailing bytes (the range's end when there are none).
    pub tail: u64,
}

/// Reads the header of the box at `at`, which must end by `limit`.
pub fn header(
    src: &mut dyn ReadSeek,
    at: u64,
    limit: u64,
    format: &'static str,
) -> Result<BoxRef, FormatError> {
    let bad = |m: String| FormatError::corrupt(format, at, m);
    if limit.saturating_sub(at) < 8 {
        return Err(bad("a box header runs past its container".into()));
    }
    src.seek(SeekFrom::Start(at))?;
    let mut h = [0u8; 16];
    src.read_exact(&mut h[..8])?;
    let size = u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
    let kind = [h[4], h[5], h[6], h[7]];
    let (body, end, to_end) = match size {
        0 => (at + 8, limit, true),
        1 => {
            if limit - at < 16 {
                return Err(bad("a 64-bit box size runs past its container".into()));
            }
            src.read_exact(&mut h[8..16])?;
            let large = u64::from_be_bytes([h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]]);
            if large < 16 {
                return Err(bad(format!(
                    "box of 64-bit size {large}, below its header's 16"
                )));
            }
            (at + 16, at.saturating_add(large), false)
        }
        n if n < 8 => return Err(bad(format!("box of size {n}, below its header's 8"))),
        n => (at + 8, at + n, false),
    };
    let b = BoxRef {
        kind,
        start: at,
        body,
        end,
        to_end,
    };
    if end > limit {
        return Err(bad(format!(
            "box '{}' of {} bytes runs past its container, which ends at offset {limit}",
            b.name(),
            end - at
        )));
    }
    Ok(b)
}

/// Walks the boxes that tile `from..to`. `tail_ok`: fewer than 8 bytes at the end
/// are kept as a tail (else they are an error).
pub fn children(
    src: &mut dyn ReadSeek,
    from: u64,
    to: u64,
    tail_ok: bool,
    format: &'static str,
) -> Result<Children, FormatError> {
    let mut out = Children {
        boxes: Vec::new(),
        tail: to,
    };
    let mut at = from;
    while at < to {
        if to - at < 8 && tail_ok {
            out.tail = at;
            break;
        }
        if out.boxes.len() >= MAX_BOXES {
            return Err(FormatError::corrupt(
                format,
                at,
                format!("more than {MAX_BOXES} boxes in one container"),
            ));
        }
        let b = header(src, at, to, format)?;
        at = b.end;
        out.boxes.push(b);
    }
    Ok(out)
}

/// The 16-byte payload prefix of a `uuid` box, when it has one.
pub fn uuid_of(src: &mut dyn ReadSeek, b: &BoxRef) -> Result<Option<[u8; 16]>, FormatError> {
    if !b.is(b"uuid") || b.end - b.body < 16 {
        return Ok(None);
    }
    let mut id = [0u8; 16];
    src.seek(SeekFrom::Start(b.body))?;
    src.read_exact(&mut id)?;
    Ok(Some(id))
}

/// Header bytes for a box of `total` bytes (header included) in `header_len` (8 or
/// 16) bytes; an 8-byte header cannot hold 4 GiB or more.
pub fn header_bytes(kind: &[u8; 4], total: u64, header_len: u64) -> Result<Vec<u8>, FormatError> {
    let mut v = Vec::with_capacity(16);
    if header_len == 16 {
        v.extend_from_slice(&1u32.to_be_bytes());
        v.extend_from_slice(kind);
        v.extend_from_slice(&total.to_be_bytes());
        return Ok(v);
    }
    let small = u32::try_from(total).map_err(|_| {
        FormatError::TooLarge(format!(
            "box '{}' would reach {total} bytes, more than its 32-bit size field holds",
            String::from_utf8_lossy(kind)
        ))
    })?;
    v.extend_from_slice(&small.to_be_bytes());
    v.extend_from_slice(kind);
    Ok(v)
}

/// A complete box: an 8-byte header (16 when the payload needs a 64-bit size).
pub fn make_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let small = payload.len() as u64 + 8 <= u64::from(u32::MAX);
    let header_len = if small { 8 } else { 16 };
    let total = payload.len() as u64 + header_len;
    let mut v = header_bytes(kind, total, header_len).unwrap_or_default();
    v.extend_from_slice(payload);
    v
}

/// A `free` box of exactly `total` bytes (at least 8), zero-filled.
pub fn free_box(total: u64) -> Result<Vec<u8>, FormatError> {
    let header_len = if total <= u64::from(u32::MAX) { 8 } else { 16 };
    if total < header_len {
        return Err(FormatError::TooLarge(format!(
            "no free box fits in {total} bytes"
        )));
    }
    let mut v = header_bytes(b"free", total, header_len)?;
    let zeros = usize::try_from(total - header_len)
        .map_err(|_| FormatError::TooLarge("a free box too large for memory".into()))?;
    v.resize(v.len() + zeros, 0);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn sizes_zero_one_and_a_tail() {
        let mut f = make_box(b"ftyp", b"isom");
        let mut large = 1u32.to_be_bytes().to_vec();
        large.extend_from_slice(b"mdat");
        large.extend_from_slice(&20u64.to_be_bytes());
        large.extend_from_slice(b"1234");
        f.extend_from_slice(&large);
        f.extend_from_slice(&[0, 0, 0, 0]);
        let c = children(&mut Cursor::new(&f), 0, f.len() as u64, true, "MP4").unwrap();
        assert_eq!(c.boxes.len(), 2);
        assert_eq!(c.boxes[1].header_len(), 16);
        assert_eq!(c.tail, f.len() as u64 - 4);
        assert!(children(&mut Cursor::new(&f), 0, f.len() as u64, false, "MP4").is_err());
        let mut z = 0u32.to_be_bytes().to_vec();
        z.extend_from_slice(b"mdat12345");
        let c = children(&mut Cursor::new(&z), 0, z.len() as u64, false, "MP4").unwrap();
        assert!(c.boxes[0].to_end);
        assert_eq!(c.boxes[0].end, z.len() as u64);
    }

    #[test]
    fn a_box_past_its_container_names_the_offset() {
        let mut f = make_box(b"ftyp", b"isom");
        f.extend_from_slice(&100u32.to_be_bytes());
        f.extend_from_slice(b"moov");
        let e = children(&mut Cursor::new(&f), 0, f.len() as u64, true, "MP4")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("offset 12: box 'moov' of 100 bytes runs past"),
            "{e}"
        );
    }

    #[test]
    fn free_boxes_have_the_asked_size() {
        assert_eq!(free_box(8).unwrap(), b"\0\0\0\x08free");
        assert_eq!(free_box(11).unwrap().len(), 11);
        assert!(free_box(7).is_err());
    }
}
