//! TIFF write plans: store new packet bytes in place, or by appending
//! (docs/containers.md, "TIFF: update by append").
//!
//! Update by append, like the Adobe toolkit: the packet goes to the end of the file
//! (word-aligned) and only IFD0's XMP entry (count + offset) is repointed. When IFD0
//! has no XMP entry yet, a copy of IFD0 with the entry inserted in tag order is
//! appended too and the header's IFD0 pointer is repointed. Nothing else moves, so
//! absolute offsets hidden in MakerNotes and private IFDs stay valid. The only bytes
//! ever dropped are an old packet that sits at the very end of the file (our own
//! earlier append): it is overwritten rather than abandoned, so repeated edits do
//! not grow the file without bound.

use std::io::{Read, SeekFrom, Write};

use crate::tiff::ifd::{corrupt, Layout, TAG_XMP};
use crate::{FormatError, Patch, ReadSeek};

/// Alignment of appended data (TIFF wants even offsets; 4 keeps readers happy too).
const ALIGN: u64 = 4;

/// A complete write: patches to the original bytes before `keep`, then `tail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Copy the original file up to this offset (patched)...
    pub keep: u64,
    /// ...with these same-length changes applied (all below `keep`)...
    pub patches: Vec<Patch>,
    /// ...then write these bytes.
    pub tail: Vec<u8>,
}

/// Same-length update: the new packet bytes exactly replace the old ones.
pub fn in_place(layout: &Layout, packet: &[u8]) -> Option<Patch> {
    let x = layout.xmp.as_ref()?;
    if x.inline || packet.len() as u64 != x.len {
        return None;
    }
    Some(Patch {
        offset: x.offset,
        bytes: packet.to_vec(),
    })
}

fn align(v: u64) -> u64 {
    v.div_ceil(ALIGN) * ALIGN
}

/// The old packet's bytes when an append overwrites them rather than abandoning them:
/// a packet stored last in the file (up to alignment) after its own entry.
pub fn reused_region(layout: &Layout) -> Option<(u64, u64)> {
    let x = layout.xmp.as_ref()?;
    let entry = layout.ifd0.entries.get(x.index)?;
    let old_end = x.offset.checked_add(x.len)?;
    let reuse = !x.inline
        && (old_end == layout.file_len || align(old_end) == layout.file_len)
        && entry.at + layout.header.entry_size() <= x.offset;
    reuse.then_some((x.offset, layout.file_len))
}

/// Plan storing `packet` by append (or over our own trailing packet).
pub fn append(layout: &Layout, packet: &[u8]) -> Result<Plan, FormatError> {
    let h = &layout.header;
    let o = h.order;
    let plen = packet.len() as u64;
    let max = if h.big { u64::MAX } else { u64::from(u32::MAX) };
    let too_large = || {
        FormatError::TooLarge(format!(
            "a {plen}-byte XMP packet does not fit below the 4 GiB offset limit of classic TIFF"
        ))
    };
    let mut patches = Vec::new();
    let mut tail = Vec::new();
    match &layout.xmp {
        Some(x) => {
            let entry = &layout.ifd0.entries[x.index];
            // Reuse the old packet's place when it is the last thing in the file and
            // nothing we must patch lies inside it.
            let (keep, at) = match reused_region(layout) {
                Some((start, _)) => (start, start),
                None => (layout.file_len, align(layout.file_len)),
            };
            if at.checked_add(plen).is_none_or(|end| end > max) {
                return Err(too_large());
            }
            tail.resize((at - keep) as usize, 0);
            tail.extend_from_slice(packet);
            let mut raw = entry.raw.clone();
            // Our packets are bytes: ASCII would want a NUL, other types are wrong.
            if entry.typ != 1 && entry.typ != 7 {
                raw[2..4].copy_from_slice(&o.put_u16(7));
            }
            if h.big {
                raw[4..12].copy_from_slice(&o.put_u64(plen));
                raw[12..20].copy_from_slice(&o.put_u64(at));
            } else {
                raw[4..8].copy_from_slice(&o.put_u32(plen as u32));
                raw[8..12].copy_from_slice(&o.put_u32(at as u32));
            }
            patches.push(Patch {
                offset: entry.at,
                bytes: raw,
            });
            Ok(Plan {
                keep,
                patches,
                tail,
            })
        }
        None => {
            let ifd = &layout.ifd0;
            let ifd_at = align(layout.file_len);
            let n = ifd.entries.len() as u64 + 1;
            if !h.big && n > u64::from(u16::MAX) {
                return Err(FormatError::TooLarge(
                    "IFD0 already holds 65535 entries; no room for an XMP entry".into(),
                ));
            }
            let ifd_size = ifd.size(h) + h.entry_size();
            let at = align(ifd_at + ifd_size);
            if at.checked_add(plen).is_none_or(|end| end > max) {
                return Err(too_large());
            }
            tail.resize((ifd_at - layout.file_len) as usize, 0);
            if h.big {
                tail.extend_from_slice(&o.put_u64(n));
            } else {
                tail.extend_from_slice(&o.put_u16(n as u16));
            }
            let mut new_entry = Vec::with_capacity(h.entry_size() as usize);
            new_entry.extend_from_slice(&o.put_u16(TAG_XMP));
            new_entry.extend_from_slice(&o.put_u16(1));
            if h.big {
                new_entry.extend_from_slice(&o.put_u64(plen));
                new_entry.extend_from_slice(&o.put_u64(at));
            } else {
                new_entry.extend_from_slice(&o.put_u32(plen as u32));
                new_entry.extend_from_slice(&o.put_u32(at as u32));
            }
            let pos = ifd
                .entries
                .iter()
                .position(|e| e.tag > TAG_XMP)
                .unwrap_or(ifd.entries.len());
            for e in &ifd.entries[..pos] {
                tail.extend_from_slice(&e.raw);
            }
            tail.extend_from_slice(&new_entry);
            for e in &ifd.entries[pos..] {
                tail.extend_from_slice(&e.raw);
            }
            if h.big {
                tail.extend_from_slice(&o.put_u64(ifd.next));
            } else {
                tail.extend_from_slice(&o.put_u32(ifd.next as u32));
            }
            tail.resize((at - layout.file_len) as usize, 0);
            tail.extend_from_slice(packet);
            let ptr = if h.big {
                o.put_u64(ifd_at).to_vec()
            } else {
                o.put_u32(ifd_at as u32).to_vec()
            };
            patches.push(Patch {
                offset: h.ifd0_ptr_at(),
                bytes: ptr,
            });
            Ok(Plan {
                keep: layout.file_len,
                patches,
                tail,
            })
        }
    }
}

/// Streams the planned file: the original up to `keep` with patches applied, then
/// the tail.
pub fn stream(src: &mut dyn ReadSeek, plan: &Plan, dst: &mut dyn Write) -> Result<(), FormatError> {
    let mut patches: Vec<&Patch> = plan.patches.iter().collect();
    patches.sort_by_key(|p| p.offset);
    src.seek(SeekFrom::Start(0))?;
    let mut pos = 0u64;
    for p in patches {
        let end = p.offset + p.bytes.len() as u64;
        if p.offset < pos || end > plan.keep {
            return Err(corrupt(
                p.offset,
                "internal: overlapping or misplaced patch",
            ));
        }
        copy_exact(src, dst, p.offset - pos)?;
        dst.write_all(&p.bytes)?;
        src.seek(SeekFrom::Current(p.bytes.len() as i64))?;
        pos = end;
    }
    copy_exact(src, dst, plan.keep - pos)?;
    dst.write_all(&plan.tail)?;
    Ok(())
}

/// Copies exactly `n` bytes or fails with a clear truncation error.
pub fn copy_exact(src: &mut dyn ReadSeek, dst: &mut dyn Write, n: u64) -> Result<(), FormatError> {
    let at = src.stream_position()?;
    let copied = std::io::copy(&mut (&mut *src).take(n), dst)?;
    if copied != n {
        return Err(corrupt(
            at + copied,
            format!("file ended while copying ({copied} of {n} bytes)"),
        ));
    }
    Ok(())
}
