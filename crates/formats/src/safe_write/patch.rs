//! The in-place path: same-length patches over the packet's bytes (and a chunk's CRC),
//! written through one read-write descriptor after a last check through it that the
//! file still holds exactly what was read. A failed verification puts back only what
//! this write replaced, and only when nobody wrote since (docs/safe-writing.md,
//! "Racing writers"): bytes from an earlier read never land on newer content.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

use super::race::{race_point, RaceStage, Stamp};
use super::verify::verify_file;
use super::ByteUndo;
use super::{read_open, WriteOutcome};
use crate::packet::same_model;
use crate::{FormatError, Found, Identity, Patch};
use xmpedit_core::xmp::Packet;

/// What the first read saw of the ranges a patch will replace.
pub(super) struct ReadState {
    stamp: Stamp,
    ranges: Vec<Patch>,
}

impl ReadState {
    /// Takes the file's identity at open time and the current bytes of every patch
    /// range, through the descriptor the plan was made from.
    pub(super) fn capture(
        file: File,
        meta: fs::Metadata,
        found: &Found,
        patches: &[Patch],
    ) -> Result<ReadState, FormatError> {
        let len = meta.len();
        check_bounds(patches, len)?;
        let mut ranges = Vec::with_capacity(patches.len());
        for p in coalesce(patches) {
            let mut bytes = vec![0u8; p.bytes.len()];
            read_at(&file, &mut bytes, p.offset)?;
            ranges.push(Patch {
                offset: p.offset,
                bytes,
            });
        }
        // The packet the plan replaces must still be the one that was parsed.
        if let (Some(region), Some(raw)) = (&found.region, &found.raw) {
            let n = region.len as usize;
            let start = region.offset as usize;
            // `raw` is the whole file for a sidecar, else the packet first (JPEG: its
            // extension bytes follow).
            let stored = if raw.len() as u64 == len {
                raw.get(start..start.saturating_add(n))
            } else {
                raw.get(..n)
            };
            if let Some(stored) = stored {
                let mut now = vec![0u8; n];
                read_at(&file, &mut now, region.offset)?;
                if now != stored {
                    return Err(FormatError::Changed(
                        "its XMP packet was rewritten while it was being read".to_string(),
                    ));
                }
            }
        }
        Ok(ReadState {
            stamp: Stamp::of(&meta),
            ranges,
        })
    }
}

fn check_bounds(patches: &[Patch], len: u64) -> Result<(), FormatError> {
    for p in patches {
        let end = p.offset.checked_add(p.bytes.len() as u64);
        if end.is_none_or(|e| e > len) {
            return Err(FormatError::Verify(format!(
                "an in-place patch at offset {} runs past the end of the file",
                p.offset
            )));
        }
    }
    Ok(())
}

/// Applies same-length patches through one descriptor, then verifies through it.
pub(super) fn patch_file(
    target: &Path,
    read: ReadState,
    patches: &[Patch],
    found: &Found,
    expected: &Packet,
) -> Result<WriteOutcome, FormatError> {
    let patches = coalesce(patches);
    let file = open_rw(target)?;
    if !Stamp::of_file(&file)?.same_inode(&read.stamp) {
        return Err(FormatError::Changed(
            "another file was put in its place after it was read".to_string(),
        ));
    }
    race_point(RaceStage::BeforePatch, target);
    // The last check before writing, through the descriptor that writes: the same
    // inode, size and time, and the very bytes the plan replaces.
    let now = Stamp::of_file(&file)?;
    if now != read.stamp {
        return Err(FormatError::Changed(
            "it was modified after it was read".to_string(),
        ));
    }
    let mut saved = Vec::with_capacity(patches.len());
    for (p, seen) in patches.iter().zip(&read.ranges) {
        let mut old = vec![0u8; p.bytes.len()];
        read_at(&file, &mut old, p.offset)?;
        if old != seen.bytes {
            return Err(FormatError::Changed(
                "its XMP packet was rewritten after it was read".to_string(),
            ));
        }
        saved.push(Patch {
            offset: p.offset,
            bytes: old,
        });
    }
    let written = (|| {
        for p in &patches {
            write_at(&file, &p.bytes, p.offset)?;
        }
        file.sync_all()?;
        Stamp::of_file(&file)
    })();
    let ours = match written {
        Ok(stamp) => stamp,
        Err(e) => {
            return Err(put_back(
                &file,
                &saved,
                &patches,
                None,
                found,
                expected,
                e.into(),
            ))
        }
    };
    race_point(RaceStage::AfterPatch, target);
    let result = verify_file(&file, found.format, expected, &None).and_then(|r| {
        still_named(target, &ours)?;
        Ok(r)
    });
    match result {
        Ok((written, meta)) => Ok(WriteOutcome {
            in_place: true,
            identity: Identity::from_metadata(&meta, written.raw.as_deref()),
            replaced: Vec::new(),
            damaged: Vec::new(),
            notices: Vec::new(),
            undo: Some(ByteUndo::Patches(saved)),
        }),
        Err(FormatError::Raced(m)) => Err(FormatError::Raced(m)),
        Err(e) => Err(put_back(
            &file,
            &saved,
            &patches,
            Some(ours),
            found,
            expected,
            e,
        )),
    }
}

/// After a failed write or verification: restores the bytes this write replaced when
/// the file still holds exactly what this write left; otherwise another program wrote
/// meanwhile, and its content is left alone and described.
fn put_back(
    file: &File,
    saved: &[Patch],
    patches: &[Patch],
    ours: Option<Stamp>,
    found: &Found,
    expected: &Packet,
    error: FormatError,
) -> FormatError {
    let untouched = match ours {
        Some(ours) => Stamp::of_file(file).is_ok_and(|now| now == ours) && holds(file, patches),
        // The write itself failed part way: only what we wrote can be there.
        None => true,
    };
    if !untouched {
        return FormatError::Raced(format!(
            "it was left as that program wrote it, not restored; {}",
            describe(file, found, expected)
        ));
    }
    let restored = (|| {
        for p in saved {
            write_at(file, &p.bytes, p.offset)?;
        }
        file.sync_all()
    })();
    match (restored, error) {
        (Err(e), _) => FormatError::Verify(format!(
            "the old bytes could not be put back ({e}); the file may hold a partial patch"
        )),
        (Ok(()), FormatError::Verify(m)) => {
            FormatError::Verify(format!("{m} (the old bytes were put back)"))
        }
        (Ok(()), other) => other,
    }
}

/// Whether every patched range still holds the bytes this write put there.
fn holds(file: &File, patches: &[Patch]) -> bool {
    patches.iter().all(|p| {
        let mut now = vec![0u8; p.bytes.len()];
        read_at(file, &mut now, p.offset).is_ok() && now == p.bytes
    })
}

/// What a file another program wrote into now holds, in words.
fn describe(file: &File, found: &Found, expected: &Packet) -> String {
    let read = file
        .try_clone()
        .and_then(|f| f.metadata().map(|m| (f, m)))
        .map_err(FormatError::from)
        .and_then(|(f, m)| read_open(f, m, None));
    match read {
        Ok(now) => match (&now.found.packet, &found.packet) {
            (Some(p), _) if same_model(p, expected) => {
                "it holds the other program's change with this edit".to_string()
            }
            (Some(p), Some(old)) if same_model(p, old) => {
                "it holds the other program's change without this edit".to_string()
            }
            (Some(_), _) => "its XMP is the other program's; this edit is not in it".to_string(),
            (None, _) => "it has no XMP packet now; this edit is not in it".to_string(),
        },
        Err(e) => format!("it cannot be read as before ({e}); check it"),
    }
}

/// The path must still name the patched inode: if another program renamed a file
/// over it, that file is what users see, and it lacks this edit.
fn still_named(target: &Path, ours: &Stamp) -> Result<(), FormatError> {
    match fs::metadata(target) {
        Ok(m) if Stamp::of(&m).same_inode(ours) => Ok(()),
        _ => Err(FormatError::Raced(
            "it replaced the file with its own version, which is in place and lacks this edit"
                .to_string(),
        )),
    }
}

fn open_rw(target: &Path) -> Result<File, FormatError> {
    let mut oo = OpenOptions::new();
    oo.read(true).write(true);
    // A FIFO put in the file's place must not block the write; the inode check after
    // opening refuses it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut oo,
        rustix::fs::OFlags::NONBLOCK.bits() as i32,
    );
    oo.open(target).map_err(|e| FormatError::io(target, e))
}

/// Joins patches that touch end to end into one, so that one `pwrite` stores them:
/// a PNG's packet and the CRC right after it then land together, and a process killed
/// between two writes cannot leave a chunk whose CRC does not match (regression: the
/// crash harness found a PNG unreadable after a SIGKILL between the two writes).
pub(super) fn coalesce(patches: &[Patch]) -> Vec<Patch> {
    let mut sorted: Vec<&Patch> = patches.iter().collect();
    sorted.sort_by_key(|p| p.offset);
    let mut out: Vec<Patch> = Vec::with_capacity(sorted.len());
    for p in sorted {
        match out.last_mut() {
            Some(last) if last.offset + last.bytes.len() as u64 == p.offset => {
                last.bytes.extend_from_slice(&p.bytes);
            }
            _ => out.push(p.clone()),
        }
    }
    out
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(mut file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

#[cfg(not(unix))]
fn write_at(mut file: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    file.seek(SeekFrom::Start(offset))?;
    file.write_all(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_packet_and_crc_patches_become_one_write() {
        let p = |offset, bytes: &[u8]| Patch {
            offset,
            bytes: bytes.to_vec(),
        };
        let merged = coalesce(&[p(10, b"CRC!"), p(4, b"packet"), p(20, b"x")]);
        assert_eq!(merged, vec![p(4, b"packetCRC!"), p(20, b"x")]);
    }
}
