//! Opening a file to read its XMP: regular files only.
//!
//! `open(2)` on a FIFO blocks until a writer appears, and a device can hang or feed
//! bytes for ever, so a path named on the command line that is neither must be
//! refused before it is opened. The check is made on the path first and again on
//! the open descriptor (the path may have been swapped in between); the open itself
//! never blocks because it uses `O_NONBLOCK`, which is then cleared so that reads of
//! the regular file behave as usual.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Opens `path` for reading if it is a regular file (following symlinks), with its
/// metadata; anything else is refused with `InvalidInput` and a reason.
pub fn open_regular(path: &Path) -> io::Result<(File, std::fs::Metadata)> {
    let before = std::fs::metadata(path)?;
    refuse_unless_regular(&before)?;
    let mut oo = OpenOptions::new();
    oo.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut oo,
        rustix::fs::OFlags::NONBLOCK.bits() as i32,
    );
    let file = oo.open(path)?;
    let meta = file.metadata()?;
    refuse_unless_regular(&meta)?;
    #[cfg(unix)]
    {
        let flags = rustix::fs::fcntl_getfl(&file)?;
        rustix::fs::fcntl_setfl(&file, flags - rustix::fs::OFlags::NONBLOCK)?;
    }
    Ok((file, meta))
}

fn refuse_unless_regular(meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "is a folder, not a file"
    } else {
        kind_of_special(meta)
    };
    Err(io::Error::new(io::ErrorKind::InvalidInput, what))
}

#[cfg(unix)]
fn kind_of_special(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "is a FIFO (named pipe), not a regular file; not opened"
    } else if t.is_socket() {
        "is a socket, not a regular file; not opened"
    } else if t.is_block_device() || t.is_char_device() {
        "is a device, not a regular file; not opened"
    } else {
        "is not a regular file; not opened"
    }
}

#[cfg(not(unix))]
fn kind_of_special(_meta: &std::fs::Metadata) -> &'static str {
    "is not a regular file; not opened"
}
