//! The parts of a TIFF a write must keep (post-write verification,
//! docs/safe-writing.md, "Verification"; docs/containers.md, "TIFF: update by append"):
//! every IFD0 entry but XMP with its out-of-line value, IFD0's strips or tiles, and the
//! next-IFD pointer. Offsets that point outside the file are hashed as the entry only:
//! a broken unrelated tag must not block an XMP-only edit (adobe/XMP-Toolkit-SDK#19).
//! "The file" is the original's bytes (`bound`), also when a written file is checked:
//! an append puts bytes where such an offset points, which the original never had.
//! Likewise for offsets into the bytes a write changes where they are (the header's
//! IFD0 pointer, the XMP entry, a trailing packet it overwrites): found the same way in
//! the original and in the written file, so both lists leave out the same values.

use crate::stream::{hash_bytes, hash_range};
use crate::tiff::ifd::{self, Entry, Header, Layout, TAG_XMP};
use crate::tiff::plan;
use crate::{FormatError, Preserved, ReadSeek};

/// Most strips or tiles hashed one by one.
const MAX_PARTS: u64 = 1 << 16;

/// Where a write may change bytes in place, as (start, end).
struct Changing(Vec<(u64, u64)>);

impl Changing {
    fn of(l: &Layout) -> Changing {
        let h = &l.header;
        let mut v = vec![(h.ifd0_ptr_at(), h.ifd0_ptr_at() + h.word())];
        if let Some(e) = l.xmp.as_ref().and_then(|x| l.ifd0.entries.get(x.index)) {
            v.push((e.at, e.at + h.entry_size()));
        }
        v.extend(plan::reused_region(l));
        Changing(v)
    }

    /// True when `len` bytes at `off` lie within `bound` and clear of every change.
    fn keeps(&self, off: u64, len: u64, bound: u64) -> bool {
        off.checked_add(len)
            .is_some_and(|end| end <= bound && self.0.iter().all(|&(s, e)| end <= s || off >= e))
    }
}

fn value_hash(
    src: &mut dyn ReadSeek,
    l: &Layout,
    e: &Entry,
    bound: u64,
    changing: &Changing,
) -> Result<u64, FormatError> {
    let h = &l.header;
    let raw = hash_bytes(&e.raw);
    let Some(len) = e.byte_len().filter(|&n| n > h.word()) else {
        return Ok(raw);
    };
    let off = offset_of(h, e);
    if changing.keeps(off, len, bound) {
        Ok(raw ^ hash_range(src, off, len)?.rotate_left(17))
    } else {
        Ok(raw)
    }
}

fn offset_of(h: &Header, e: &Entry) -> u64 {
    let f = e.value_field(h);
    if h.big {
        h.order.u64(f)
    } else {
        u64::from(h.order.u32(f))
    }
}

/// The values of a SHORT/LONG/LONG8 array entry (strip offsets and counts).
fn numbers(
    src: &mut dyn ReadSeek,
    l: &Layout,
    e: &Entry,
    bound: u64,
    changing: &Changing,
) -> Option<Vec<u64>> {
    let h = &l.header;
    let size = ifd::type_size(e.typ)?;
    if !matches!(e.typ, 3 | 4 | 16) || e.count > MAX_PARTS {
        return None;
    }
    let len = size * e.count;
    let bytes = if len <= h.word() {
        e.value_field(h)[..len as usize].to_vec()
    } else if !changing.keeps(offset_of(h, e), len, bound) {
        return None;
    } else {
        ifd::read_at(src, bound, offset_of(h, e), len, "strip table").ok()?
    };
    Some(
        (0..e.count as usize)
            .map(|i| {
                let s = &bytes[i * size as usize..];
                match size {
                    2 => u64::from(h.order.u16(s)),
                    4 => u64::from(h.order.u32(s)),
                    _ => h.order.u64(s),
                }
            })
            .collect(),
    )
}

/// The preserved parts, in IFD0 order, of the first `bound` bytes (the original's size).
pub fn preserved(src: &mut dyn ReadSeek, l: &Layout, bound: u64) -> Result<Preserved, FormatError> {
    let changing = Changing::of(l);
    let mut out = Preserved::new();
    let head = ifd::read_at(src, l.file_len, 0, 4, "header")?;
    out.push(("header".into(), hash_bytes(&head)));
    for e in &l.ifd0.entries {
        if e.tag != TAG_XMP {
            out.push((
                format!("IFD0 tag {}", e.tag),
                value_hash(src, l, e, bound, &changing)?,
            ));
        }
    }
    for (offs, counts, what) in [(273u16, 279u16, "strip"), (324, 325, "tile")] {
        let (Some(o), Some(c)) = (l.ifd0.find(offs), l.ifd0.find(counts)) else {
            continue;
        };
        let (Some(o), Some(c)) = (
            numbers(src, l, o, bound, &changing),
            numbers(src, l, c, bound, &changing),
        ) else {
            continue;
        };
        for (i, (&at, &n)) in o.iter().zip(&c).enumerate() {
            if changing.keeps(at, n, bound) {
                out.push((format!("IFD0 {what} {i}"), hash_range(src, at, n)?));
            }
        }
    }
    out.push(("IFD0 next pointer".into(), l.ifd0.next));
    Ok(out)
}
