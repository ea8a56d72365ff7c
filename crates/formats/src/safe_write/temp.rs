//! The temp file a rewrite goes through: `.NAME.xmpedit-tmp-PID-N` next to the target,
//! created exclusively, removed unless kept. The name is fixed (docs/safe-writing.md)
//! because the journal recognises leftovers of a killed run by it.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::FormatError;

/// A temp file that is removed on drop unless [`TempFile::keep`] is called.
pub(super) struct TempFile {
    pub(super) path: PathBuf,
    armed: bool,
}

impl TempFile {
    /// Creates `.NAME.xmpedit-tmp-PID-N` next to `target`, exclusively.
    pub(super) fn create(target: &Path, mode: u32) -> Result<(TempFile, File), FormatError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = parent_of(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(".{name}.xmpedit-tmp-{}-{n}", std::process::id()));
            let mut oo = OpenOptions::new();
            oo.read(true).write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut oo, mode);
            #[cfg(not(unix))]
            let _ = mode;
            match oo.open(&path) {
                Ok(f) => return Ok((TempFile { path, armed: true }, f)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(FormatError::io(&path, e)),
            }
        }
    }

    pub(super) fn keep(mut self) {
        self.armed = false;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

pub(super) fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename durable; a failure here does not undo a completed write.
pub(super) fn sync_dir(path: &Path) {
    if let Ok(d) = File::open(parent_of(path)) {
        let _ = d.sync_all();
    }
}
