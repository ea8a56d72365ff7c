//! Where a new XMP box goes in an MP4 or QuickTime file, as a list of byte edits over
//! the original (docs/containers.md, "MP4 and QuickTime").
//!
//! The media data (`mdat`) is never moved when that can be avoided, because the chunk
//! offset tables point into it by absolute file offset:
//! - MP4 (`uuid` box at top level): replaced where it is when it is the last box or a
//!   following `free` box absorbs the growth; else the old box becomes a zero-filled
//!   `free` box of the same size and the new one is appended at the end of the file.
//! - QuickTime (`moov/udta/XMP_`): `moov` grows in place. Nothing moves when `moov` is
//!   the last box or a `free` box after it absorbs the growth; else everything after
//!   `moov` moves and every chunk offset into it is adjusted (`stco`, `co64`). A movie
//!   with offsets that cannot be adjusted (fragments, `saio`) is refused.

use super::boxes::{free_box, header_bytes, make_box, BoxRef, Children};
use super::layout::{read_chunk_offsets, Layout};
use crate::fallback::bmff::XMP_UUID;
use crate::{FormatError, ReadSeek};

/// One owned edit: bytes `start..end` of the original become `bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub start: u64,
    pub end: u64,
    pub bytes: Vec<u8>,
}

/// Streams `src` (of `len` bytes) to `dst` with `changes` applied.
pub fn apply(
    src: &mut dyn ReadSeek,
    dst: &mut dyn std::io::Write,
    len: u64,
    changes: &[Change],
) -> Result<(), FormatError> {
    let edits: Vec<crate::stream::Edit<'_>> = changes
        .iter()
        .map(|c| crate::stream::Edit {
            start: c.start,
            end: c.end,
            bytes: &c.bytes,
        })
        .collect();
    crate::stream::apply_edits(src, dst, len, &edits)
}

impl Change {
    fn new(start: u64, end: u64, bytes: Vec<u8>) -> Self {
        Change { start, end, bytes }
    }
}

/// Which box a write stores the packet in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The top-level `uuid` box (MP4, 3GP, M4V).
    Uuid,
    /// `moov/udta/XMP_` (QuickTime).
    Udta,
}

/// The changes that store `packet` in `target`, and whether media data moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Bytes the data after `moov` moved by (0: nothing moved).
    pub shift: i64,
}

pub fn plan(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    target: Target,
    packet: &[u8],
) -> Result<Plan, FormatError> {
    match target {
        Target::Uuid => plan_uuid(layout, packet),
        Target::Udta => plan_udta(src, layout, packet),
    }
}

fn uuid_box(packet: &[u8]) -> Vec<u8> {
    let mut payload = XMP_UUID.to_vec();
    payload.extend_from_slice(packet);
    make_box(b"uuid", &payload)
}

/// The box after `i` at top level, when it is free space.
fn free_after(layout: &Layout, i: usize) -> Option<&BoxRef> {
    layout.top.boxes.get(i + 1).filter(|b| b.is_free())
}

/// `new` bytes in place of the range `start..end`, padded with a free box to fill it,
/// when they fit exactly or with room for a free box.
fn fill(start: u64, end: u64, new: &[u8]) -> Result<Option<Change>, FormatError> {
    let room = end - start;
    let len = new.len() as u64;
    if room == len {
        return Ok(Some(Change::new(start, end, new.to_vec())));
    }
    if room >= len + 8 {
        let mut bytes = new.to_vec();
        bytes.extend(free_box(room - len)?);
        return Ok(Some(Change::new(start, end, bytes)));
    }
    Ok(None)
}

/// Appends a top-level box after the last one (before a short unparsed tail). A last
/// box stored with size 0 ("to the end of the file") gets its explicit size first.
pub fn append(top: &Children, bx: Vec<u8>) -> Result<Vec<Change>, FormatError> {
    let mut out = Vec::new();
    if let Some(last) = top.boxes.last().filter(|b| b.to_end) {
        let header = header_bytes(&last.kind, last.len(), 8).map_err(|_| {
            FormatError::TooLarge(format!(
                "the last box '{}' runs to the end of the file and is too large for an \
                 explicit 32-bit size, so nothing can follow it",
                last.name()
            ))
        })?;
        out.push(Change::new(last.start, last.start + 8, header));
    }
    let at = top.tail;
    out.push(Change::new(at, at, bx));
    Ok(out)
}

/// The changes that let top-level box `index` grow by `delta` bytes without moving
/// what follows it: none when it is the last box, a shrunk (or removed) `free` box
/// right after it, or a new `free` box filling the room it gives up. `None`: what
/// follows must move.
pub fn absorb(
    top: &Children,
    index: usize,
    delta: i64,
) -> Result<Option<Vec<Change>>, FormatError> {
    let Some(b) = top.boxes.get(index) else {
        return Ok(None);
    };
    if delta == 0 || index + 1 == top.boxes.len() {
        return Ok(Some(Vec::new()));
    }
    if let Some(f) = top.boxes.get(index + 1).filter(|f| f.is_free()) {
        let left = f.len() as i64 - delta;
        if left == 0 {
            return Ok(Some(vec![Change::new(f.start, f.end, Vec::new())]));
        }
        if left >= 8 {
            return Ok(Some(vec![Change::new(
                f.start,
                f.end,
                free_box(left as u64)?,
            )]));
        }
    }
    if delta <= -8 {
        return Ok(Some(vec![Change::new(
            b.end,
            b.end,
            free_box((-delta) as u64)?,
        )]));
    }
    Ok(None)
}

fn plan_uuid(layout: &Layout, packet: &[u8]) -> Result<Plan, FormatError> {
    let new = uuid_box(packet);
    let Some(i) = layout.uuid_xmp else {
        return Ok(Plan {
            changes: append(&layout.top, new)?,
            shift: 0,
        });
    };
    let old = layout.top.boxes[i];
    let is_last = i + 1 == layout.top.boxes.len();
    if is_last {
        return Ok(Plan {
            changes: vec![Change::new(old.start, old.end, new)],
            shift: 0,
        });
    }
    let end = free_after(layout, i).map_or(old.end, |f| f.end);
    if let Some(c) = fill(old.start, end, &new)? {
        return Ok(Plan {
            changes: vec![c],
            shift: 0,
        });
    }
    // The old box's bytes become free space (its packet zeroed: a replaced value must
    // not linger in the file), and the new box goes to the end.
    let mut changes = vec![Change::new(old.start, old.end, free_box(old.len())?)];
    changes.extend(append(&layout.top, new)?);
    Ok(Plan { changes, shift: 0 })
}

fn plan_udta(src: &mut dyn ReadSeek, layout: &Layout, packet: &[u8]) -> Result<Plan, FormatError> {
    let (Some(moov), Some(mbox)) = (layout.moov.as_ref(), layout.moov_box()) else {
        return Err(FormatError::corrupt(
            super::layout::FORMAT,
            0,
            "no moov box: not a movie that can hold XMP",
        ));
    };
    let mbox = *mbox;
    let new_xmp = make_box(b"XMP_", packet);
    let mut changes = Vec::new();
    // Growth of `udta`, hence of `moov`.
    let delta: i64 = match &moov.udta {
        Some(u) => {
            let d = match u.xmp.map(|i| u.children.boxes[i]) {
                Some(x) => {
                    changes.push(Change::new(x.start, x.end, new_xmp.clone()));
                    new_xmp.len() as i64 - x.len() as i64
                }
                None => {
                    let at = u.children.tail;
                    changes.push(Change::new(at, at, new_xmp.clone()));
                    new_xmp.len() as i64
                }
            };
            let total = (u.bx.len() as i64 + d) as u64;
            let h = header_bytes(b"udta", total, u.bx.header_len())?;
            changes.push(Change::new(u.bx.start, u.bx.body, h));
            d
        }
        None => {
            let udta = make_box(b"udta", &new_xmp);
            let at = moov.children.tail;
            let d = udta.len() as i64;
            changes.push(Change::new(at, at, udta));
            d
        }
    };
    let total = (mbox.len() as i64 + delta) as u64;
    let header_len = if mbox.to_end { 8 } else { mbox.header_len() };
    changes.push(Change::new(
        mbox.start,
        mbox.start + mbox.header_len(),
        header_bytes(b"moov", total, header_len)?,
    ));
    if let Some(more) = absorb(&layout.top, moov.index, delta)? {
        changes.extend(more);
        return Ok(Plan { changes, shift: 0 });
    }
    if let Some(why) = moov
        .other_offsets
        .or(layout.fragmented.then_some("a fragmented movie (moof)"))
    {
        return Err(FormatError::NotWritable {
            format: "mov",
            hint: format!(
                "the XMP does not fit in the movie box, and {why} holds file offsets a rewrite \
                 cannot adjust; write a sidecar (NAME.xmp) instead"
            ),
        });
    }
    for t in &moov.chunk_offsets {
        changes.push(shifted_table(src, t, mbox.end, delta)?);
    }
    Ok(Plan {
        changes,
        shift: delta,
    })
}

/// The entries of a chunk offset table with `delta` added to every offset at or past
/// `from` (offsets before `moov` point into media that does not move).
fn shifted_table(
    src: &mut dyn ReadSeek,
    t: &BoxRef,
    from: u64,
    delta: i64,
) -> Result<Change, FormatError> {
    let wide = t.is(b"co64");
    let offsets = read_chunk_offsets(src, t)?;
    let mut bytes = Vec::with_capacity(offsets.len() * if wide { 8 } else { 4 });
    for o in offsets {
        let moved = if o >= from {
            o.checked_add_signed(delta).ok_or_else(|| {
                FormatError::corrupt(
                    super::layout::FORMAT,
                    t.start,
                    "a chunk offset out of range",
                )
            })?
        } else {
            o
        };
        if wide {
            bytes.extend_from_slice(&moved.to_be_bytes());
        } else {
            let small = u32::try_from(moved).map_err(|_| {
                FormatError::TooLarge(
                    "a 32-bit chunk offset (stco) would pass 4 GiB; write a sidecar instead".into(),
                )
            })?;
            bytes.extend_from_slice(&small.to_be_bytes());
        }
    }
    let start = t.body + 8;
    Ok(Change::new(start, start + bytes.len() as u64, bytes))
}
