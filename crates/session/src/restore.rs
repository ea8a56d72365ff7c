//! Byte-exact undo: giving a file back exactly as it was before a batch, when nothing
//! changed it since the batch wrote it.
//!
//! A write records how (`Exact` in its journal mark): an in-place write keeps the
//! bytes it replaced, a rewrite hands the swapped-out original to the journal's
//! `blobs/` folder. The undo checks that the file is still what the batch left (the
//! identity recorded after the write: size, time, packet hash), then patches the
//! bytes back, or puts the original back by rename (same file system: the very inode,
//! owner, mode and extended attributes included) or by copy, temp file, fsync and
//! rename. Anything else falls back to the three-way undo of the XMP (`merge`).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

use crate::error::FileError;
use crate::journal::Exact;
use crate::writeback::exec::{Done, Restore, Write, Written};
use xmpedit_formats as formats;

/// Restores `target` (where `w.path` resolved to) byte for byte.
pub(crate) fn restore(w: &Write, target: &Path, r: &Restore) -> Result<Written, FileError> {
    let (_, now) = formats::read_file(target)?;
    if w.identity != Some(now) {
        return Err(FileError::ModifiedSinceRead);
    }
    let done = match &r.exact {
        Exact::Patches { ranges, mtime_ns } => patch_back(target, ranges, *mtime_ns),
        Exact::Kept => put_original(&r.blob, target),
    };
    done.map_err(|e| FileError::RestoreFailed {
        reason: e.to_string(),
    })?;
    let (_, after) = formats::read_file(target)?;
    Ok((Done::Restored, Some(after), Vec::new(), None))
}

fn patch_back(
    target: &Path,
    patches: &[crate::journal::ExactPatch],
    mtime_ns: Option<i128>,
) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    let file = OpenOptions::new().write(true).open(target)?;
    let len = file.metadata()?.len();
    if patches
        .iter()
        .any(|p| p.offset.saturating_add(p.bytes.len() as u64) > len)
    {
        return Err(io::Error::other(
            "a recorded range lies past the end of the file",
        ));
    }
    for p in patches {
        file.write_all_at(&p.bytes, p.offset)?;
    }
    if let Some(ns) = mtime_ns.and_then(|n| u64::try_from(n).ok()) {
        let when = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(ns);
        file.set_modified(when)?;
    }
    file.sync_all()
}

fn put_original(blob: &Path, target: &Path) -> io::Result<()> {
    if fs::rename(blob, target).is_err() {
        // Another file system: copy beside the target, then swap in atomically.
        let dir = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.xmpedit-tmp-{}-undo", std::process::id()));
        let copied = (|| {
            let mut from = File::open(blob)?;
            let mut out = File::create(&temp)?;
            io::copy(&mut from, &mut out)?;
            out.set_permissions(fs::metadata(target)?.permissions())?;
            out.sync_all()?;
            fs::rename(&temp, target)
        })();
        if let Err(e) = copied {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        let _ = fs::remove_file(blob);
    }
    if let Some(d) = target.parent().and_then(|d| File::open(d).ok()) {
        let _ = d.sync_all();
    }
    Ok(())
}
