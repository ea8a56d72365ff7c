//! What tells a write that another program changed the file under it: the identity of
//! the open inode (device, inode, size, modification time) and a hash of its whole
//! content, both taken through the descriptor that was read. Plus test hooks that play
//! the other program at the moments a write is most exposed.

#[cfg(feature = "testing")]
use std::cell::{Cell, RefCell};
use std::fs::{File, Metadata};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::Path;

/// Device, inode, size and modification time of an open file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
}

impl Stamp {
    pub(super) fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Stamp {
            dev,
            ino,
            size: meta.len(),
            mtime_ns,
        }
    }

    pub(super) fn of_file(file: &File) -> io::Result<Stamp> {
        Ok(Stamp::of(&file.metadata()?))
    }

    pub(super) fn same_inode(&self, other: &Stamp) -> bool {
        self.dev == other.dev && self.ino == other.ino
    }
}

/// A 64-bit hash of everything `file` holds, read from offset 0 to its end with
/// positioned reads (the descriptor's offset is left alone). A same-size change with
/// the modification time put back shows here and nowhere else.
pub(super) fn content_hash(file: &File) -> io::Result<u64> {
    let mut h = foldhash::fast::FixedState::with_seed(0x786d_7065_6469_7421).build_hasher();
    let mut buf = vec![0u8; super::BUFFER];
    let mut offset = 0u64;
    loop {
        let n = read_some_at(file, &mut buf, offset)?;
        if n == 0 {
            break;
        }
        h.write(&buf[..n]);
        offset += n as u64;
    }
    h.write_u64(offset);
    Ok(h.finish())
}

#[cfg(unix)]
fn read_some_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    loop {
        match std::os::unix::fs::FileExt::read_at(file, buf, offset) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

#[cfg(not(unix))]
fn read_some_at(mut file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.read(buf)
}

/// The moments a racing writer is played in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaceStage {
    /// In place: after the file was read and planned, before the bytes are patched.
    BeforePatch,
    /// In place: after the patch was written, before it is verified.
    AfterPatch,
    /// Rewrite: after the temp file is complete, before it is swapped in.
    BeforeSwap,
}

/// What [`set_race_hook_for_tests`] runs: the stage reached and the file's path.
#[cfg(feature = "testing")]
pub type RaceHook = Box<dyn FnMut(RaceStage, &Path)>;

#[cfg(feature = "testing")]
thread_local! {
    static FAIL_VERIFICATION: Cell<bool> = const { Cell::new(false) };
    static RACE_HOOK: RefCell<Option<RaceHook>> = const { RefCell::new(None) };
}

/// Test hook: makes every verification on this thread fail, to check that a failed
/// write leaves the original untouched and no temp file behind.
#[cfg(feature = "testing")]
pub fn fail_verification_for_tests(on: bool) {
    FAIL_VERIFICATION.with(|f| f.set(on));
}

/// Test hook: runs `hook` on this thread at each [`RaceStage`] of a write, so a test
/// can change the file exactly where another program could.
#[cfg(feature = "testing")]
pub fn set_race_hook_for_tests(hook: Option<RaceHook>) {
    RACE_HOOK.with(|h| *h.borrow_mut() = hook);
}

#[cfg(feature = "testing")]
pub(super) fn verification_forced_to_fail() -> bool {
    FAIL_VERIFICATION.with(|f| f.get())
}

/// Without the `testing` feature no test can ask for a failure.
#[cfg(not(feature = "testing"))]
pub(super) fn verification_forced_to_fail() -> bool {
    false
}

#[cfg(feature = "testing")]
pub(super) fn race_point(stage: RaceStage, path: &Path) {
    RACE_HOOK.with(|h| {
        if let Some(hook) = h.borrow_mut().as_mut() {
            hook(stage, path);
        }
    });
}

#[cfg(not(feature = "testing"))]
pub(super) fn race_point(_stage: RaceStage, _path: &Path) {}
