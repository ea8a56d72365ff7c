//! Durable file operations for the journal: publish a file atomically without
//! replacing an existing one, append a line durably, fsync a directory.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Makes a directory entry change (create, rename, unlink) durable. A no-op where
/// directories cannot be opened (Windows), since there the rename itself is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Writes `bytes` to a temp file beside `dest`, fsyncs it, then publishes it as
/// `dest` only if `dest` does not exist (a hard link is an atomic
/// create-if-absent; where links are unsupported, fall back to an existence check
/// and rename). Returns `Ok(false)` when `dest` already exists. The directory is
/// fsynced after publishing.
pub fn publish_new(dest: &Path, bytes: &[u8]) -> io::Result<bool> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    let file_name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let tmp = dir.join(format!(".{file_name}.tmp-{}-{nanos}", std::process::id()));
    let result = (|| -> io::Result<bool> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        match fs::hard_link(&tmp, dest) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(_) => {
                if dest.exists() {
                    Ok(false)
                } else {
                    fs::rename(&tmp, dest)?;
                    Ok(true)
                }
            }
        }
    })();
    let _ = fs::remove_file(&tmp);
    let published = result?;
    if published {
        sync_dir(dir)?;
    }
    Ok(published)
}

/// Appends one line durably. When a previous append was torn (the file does not end
/// in a newline) a newline is written first, so the torn fragment stays a line of
/// its own and the new line parses. Creating the file fsyncs the directory.
pub fn append_line(path: &Path, line: &str) -> io::Result<()> {
    append_line_with(path, line, true)
}

/// [`append_line`], fsyncing only when `durable`: a later durable append to the same
/// file makes every earlier line durable too, which lets a batch of a thousand status
/// lines cost one fsync instead of a thousand.
pub fn append_line_with(path: &Path, line: &str, durable: bool) -> io::Result<()> {
    let existed = path.exists();
    let mut f = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)?;
    let len = f.metadata()?.len();
    let mut buf = String::with_capacity(line.len() + 2);
    if len > 0 {
        let mut last = [0u8; 1];
        f.seek(SeekFrom::Start(len - 1))?;
        f.read_exact(&mut last)?;
        if last[0] != b'\n' {
            buf.push('\n');
        }
    }
    buf.push_str(line);
    buf.push('\n');
    f.write_all(buf.as_bytes())?;
    if durable {
        f.sync_data()?;
    }
    if !existed {
        if let Some(dir) = path.parent() {
            sync_dir(dir)?;
        }
    }
    Ok(())
}
