//! Watching an open folder for files other programs change, so that a shell can
//! read them again before the user writes over them (and is refused).
//!
//! The operating system's events (inotify, FSEvents, ReadDirectoryChangesW, through
//! the `notify` crate) where the file system delivers them; polling every
//! [`POLL_INTERVAL`] where it does not: network shares (NFS, SMB/CIFS, sshfs, ...)
//! report only the changes made through this machine, so a change made on the
//! server or another client would go unseen. Polling is also the fallback when the
//! native watcher cannot be set up (too many inotify watches), and can be forced
//! with `XMPEDIT_WATCH=poll`.
//!
//! Events are collected for [`SETTLE`] after the first one and handed over as one
//! list of paths: a program writing a file (temp file, rename, a second touch)
//! sends several events, and the shell should read the file once, when it is done.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

/// How often a polled folder is looked at again.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// How long events are collected before they are handed over.
pub const SETTLE: Duration = Duration::from_millis(150);

/// File systems whose changes made elsewhere send no events here.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.rclone",
    "davfs",
    "fuse.davfs2",
];

/// Why a folder cannot be watched.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path} for changes: {message}")]
pub struct WatchError {
    pub path: PathBuf,
    pub message: String,
}

/// A running watch; dropping it stops it.
pub struct Watch {
    _watcher: Box<dyn Watcher + Send>,
    /// True when the folder is polled rather than told about changes.
    pub polling: bool,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("polling", &self.polling)
            .finish()
    }
}

/// Watches `root` (recursively); `on_change` gets the paths that changed, a list
/// at a time, on a thread of the watch's own (it must not block for long).
pub fn watch(
    root: &Path,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watch, WatchError> {
    let (tx, rx) = channel::<notify::Result<Event>>();
    let err = |e: notify::Error| WatchError {
        path: root.to_path_buf(),
        message: e.to_string(),
    };
    let forced = std::env::var_os("XMPEDIT_WATCH").is_some_and(|v| v == "poll");
    let native = if forced || on_network_fs(root) {
        None
    } else {
        RecommendedWatcher::new(tx.clone(), notify::Config::default())
            .and_then(|mut w| w.watch(root, RecursiveMode::Recursive).map(|()| w))
            .ok()
    };
    let (watcher, polling): (Box<dyn Watcher + Send>, bool) = match native {
        Some(w) => (Box::new(w), false),
        None => {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            let mut w = PollWatcher::new(tx, config).map_err(err)?;
            w.watch(root, RecursiveMode::Recursive).map_err(err)?;
            (Box::new(w), true)
        }
    };
    std::thread::Builder::new()
        .name("xmpedit-watch".into())
        .spawn(move || forward(&rx, &on_change))
        .map_err(|e| WatchError {
            path: root.to_path_buf(),
            message: e.to_string(),
        })?;
    Ok(Watch {
        _watcher: watcher,
        polling,
    })
}

/// Collects events into settled lists of paths until the watcher goes away.
fn forward(rx: &Receiver<notify::Result<Event>>, on_change: &dyn Fn(Vec<PathBuf>)) {
    let mut batch: Vec<PathBuf> = Vec::new();
    let mut since: Option<Instant> = None;
    loop {
        let wait = since.map_or(Duration::from_secs(3600), |s| {
            SETTLE.saturating_sub(s.elapsed())
        });
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) => {
                // Reads (atime) change nothing a shell shows.
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                for p in event.paths {
                    if !batch.contains(&p) {
                        batch.push(p);
                    }
                }
                since.get_or_insert_with(Instant::now);
            }
            // An error of the watcher (an overflowed queue) loses events; nothing
            // to read again for it.
            Ok(Err(_)) => {}
            Err(RecvTimeoutError::Timeout) => {
                if !batch.is_empty() {
                    on_change(std::mem::take(&mut batch));
                }
                since = None;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// True when `path` lies on a network file system (Linux: `/proc/self/mounts`);
/// elsewhere, or when that cannot be read, false.
fn on_network_fs(path: &Path) -> bool {
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
        return false;
    };
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    network_mount(&mounts, &real)
}

/// The file system type of the mount holding `path`, from a mounts table, is a
/// network one.
fn network_mount(mounts: &str, path: &Path) -> bool {
    let mut best: Option<(usize, &str)> = None;
    for line in mounts.lines() {
        let mut parts = line.split_whitespace();
        let (Some(_dev), Some(point), Some(fstype)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        // The table escapes blanks in mount points as octal.
        let point = point.replace("\\040", " ").replace("\\011", "\t");
        if path.starts_with(&point) && best.is_none_or(|(len, _)| point.len() >= len) {
            best = Some((point.len(), fstype));
        }
    }
    best.is_some_and(|(_, t)| NETWORK_FS.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_on_a_network_mount_is_polled() {
        let mounts = "/dev/sda1 / ext4 rw 0 0\n\
                      server:/photos /mnt/photos nfs4 rw 0 0\n\
                      //nas/share /mnt/my\\040share cifs rw 0 0\n";
        assert!(network_mount(mounts, Path::new("/mnt/photos/2024")));
        assert!(network_mount(mounts, Path::new("/mnt/my share/a")));
        assert!(!network_mount(mounts, Path::new("/home/me/photos")));
    }
}
