//! The rewrite path: a complete new file in a temp file beside the original, verified,
//! given the original's owner, mode and extended attributes, then swapped in.
//!
//! The swap is `renameat2(RENAME_EXCHANGE)` where the file system has it: the original
//! comes out under the temp name, so what was swapped out can be checked to be the very
//! inode and content that was read, and swapped back if it is not. Without it (other
//! systems, some network file systems), a content check right before a plain rename
//! leaves only a window of microseconds (docs/safe-writing.md, "Racing writers").

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use super::race::{content_hash, race_point, RaceStage, Stamp};
use super::space;
use super::temp::{sync_dir, TempFile};
use super::verify::verify_path;
use super::{attrs, ByteUndo, WriteOutcome, WriteRequest, BUFFER};
use crate::stream::BufSource;
use crate::{Container, FormatError, Found, Identity, Preserved};
use xmpedit_core::xmp::Packet;

/// The file being replaced, as it was read.
pub(super) struct Original<'a> {
    pub(super) src: &'a mut BufSource<File>,
    pub(super) meta: &'a fs::Metadata,
    pub(super) container: &'a dyn Container,
    pub(super) found: &'a Found,
}

pub(super) fn rewrite_file(
    target: &Path,
    original: Original<'_>,
    req: &WriteRequest<'_>,
    before: &Option<Preserved>,
    expected: &Packet,
) -> Result<WriteOutcome, FormatError> {
    let Original {
        src,
        meta,
        container,
        found,
    } = original;
    let read_stamp = Stamp::of(meta);
    let read_hash = content_hash(src.get_ref())?;
    // Until the swap the file system holds the original and the whole new file; the
    // kept original costs nothing more (a rename, or a copy checked on its own).
    let packet_len = xmpedit_core::xmp::to_rdfxml(req.packet, &req.options).len() as u64;
    space::check(target, space::needed(meta.len(), packet_len))?;
    let (temp, file) = TempFile::create(target, 0o600)?;
    {
        let mut out = BufWriter::with_capacity(BUFFER, &file);
        container.rewrite(src, found, req.packet, &req.options, &mut out)?;
        out.flush()?;
    }
    file.sync_all()?;
    let (written, _) = verify_path(&temp.path, found.format, expected, before, meta.len())?;
    attrs::copy_all(src.get_ref(), meta, &file)?;
    file.sync_all()?;
    race_point(RaceStage::BeforeSwap, target);
    let unchanged = || -> Result<bool, FormatError> {
        let now = fs::metadata(target).map(|m| Stamp::of(&m));
        Ok(now.is_ok_and(|s| s == read_stamp) && content_hash(src.get_ref())? == read_hash)
    };
    if !unchanged()? {
        return Err(changed());
    }
    let kept: Option<ByteUndo>;
    match exchange(&temp.path, target) {
        Ok(()) => {
            // The temp name now holds what was swapped out: it must be what was read.
            let out = fs::symlink_metadata(&temp.path).map(|m| Stamp::of(&m));
            let same = out.is_ok_and(|s| s.same_inode(&read_stamp))
                && content_hash(src.get_ref())? == read_hash;
            if !same {
                if let Err(e) = exchange(&temp.path, target) {
                    let kept = temp.path.clone();
                    temp.keep();
                    return Err(FormatError::Raced(format!(
                        "it was changed during the swap, and swapping back failed ({e}): the \
                         new version is in place and the other program's is at {}",
                        kept.display()
                    )));
                }
                return Err(changed());
            }
            // The temp name holds the original now: kept for undo, or removed with
            // the guard.
            kept = keep(req, &temp.path, src.get_ref());
            if matches!(kept, Some(ByteUndo::Original(_)))
                && fs::symlink_metadata(&temp.path).is_err()
            {
                temp.keep();
            }
        }
        Err(e) if exchange_unsupported(&e) => {
            // The original is only reachable through the open descriptor now.
            kept = copy_kept(req, src.get_ref());
            fs::rename(&temp.path, target)?;
            temp.keep();
        }
        Err(e) => return Err(FormatError::io(target, e)),
    }
    sync_dir(target);
    let final_meta = file.metadata()?;
    Ok(WriteOutcome {
        in_place: false,
        identity: Identity::from_metadata(&final_meta, written.raw.as_deref()),
        replaced: Vec::new(),
        damaged: Vec::new(),
        notices: Vec::new(),
        undo: kept,
    })
}

/// Originals larger than this are not copied for undo when they cannot be moved (the
/// journal is on another file system): undo then restores the XMP, not every byte.
const COPY_LIMIT: u64 = 64 << 20;

/// Moves the swapped-out original (at `old`) to where the request keeps it; across
/// file systems, copies it from the open descriptor instead.
fn keep(req: &WriteRequest<'_>, old: &Path, original: &File) -> Option<ByteUndo> {
    let to = req.keep_original.as_ref()?;
    match fs::rename(old, to) {
        Ok(()) => Some(ByteUndo::Original(to.clone())),
        Err(_) => copy_kept(req, original),
    }
}

fn copy_kept(req: &WriteRequest<'_>, original: &File) -> Option<ByteUndo> {
    let to = req.keep_original.as_ref()?;
    let copy = || -> std::io::Result<()> {
        let len = original.metadata()?.len();
        if len > COPY_LIMIT {
            return Err(std::io::Error::other("too large to copy"));
        }
        // A copy that would fill the disk is not made: the write itself still goes
        // ahead, and its undo then restores the XMP, as for a file too large to copy.
        if space::available(to).is_some_and(|free| free < space::needed(len, 0)) {
            return Err(std::io::Error::other("not enough free space to copy"));
        }
        let mut from = original.try_clone()?;
        std::io::Seek::seek(&mut from, std::io::SeekFrom::Start(0))?;
        let mut out = File::create(to)?;
        std::io::copy(&mut from, &mut out)?;
        out.sync_all()
    };
    match copy() {
        Ok(()) => Some(ByteUndo::Original(to.clone())),
        Err(_) => {
            let _ = fs::remove_file(to);
            None
        }
    }
}

fn changed() -> FormatError {
    FormatError::Changed("it was modified while the new version was being written".to_string())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The file system (or kernel) has no atomic exchange: fall back to rename.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::io::Errno;
        if let Some(code) = e.raw_os_error() {
            let errno = Errno::from_raw_os_error(code);
            return errno == Errno::INVAL || errno == Errno::NOSYS || errno == Errno::OPNOTSUPP;
        }
    }
    e.kind() == std::io::ErrorKind::Unsupported
}
