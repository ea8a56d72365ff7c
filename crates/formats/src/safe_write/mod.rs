//! Crash-safe writing (docs/safe-writing.md): in place when the container offers
//! same-length patches, else a streamed rewrite into a temp file in the same folder,
//! fsynced, verified, given the original's owner, permissions and extended attributes,
//! swapped with the original, and the folder fsynced. On any error the temp file is
//! removed and the original is left as it was.
//!
//! Another program may change the file at any moment. Both paths re-check, through the
//! descriptor they read, that the file still holds what was read immediately before
//! they touch it, and neither ever writes bytes from an earlier read over content that
//! changed since (docs/safe-writing.md, "Racing writers").
//!
//! Verification re-reads what was written with the same reader: the structure must
//! parse, the packet must equal the model the container promised
//! ([`Container::expected_model`]), and every part outside the XMP must hash the same
//! as in the original ([`Container::preserved`]).

mod attrs;
mod patch;
mod race;
mod rewrite;
pub(crate) mod space;
mod temp;
mod verify;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::detect::{add_path, container_for, detect_format, HEAD_LEN};
use crate::stream::BufSource;
use crate::{sidecar, Container, Format, FormatError, Found, Identity};
use xmpedit_core::xmp::{Packet, WriteOptions};

pub use race::RaceStage;
#[cfg(feature = "testing")]
pub use race::{fail_verification_for_tests, set_race_hook_for_tests, RaceHook};
#[cfg(feature = "testing")]
pub use space::{set_free_space_for_tests, FREE_SPACE_ENV};

/// Read buffer for the passes over the file (structure check, copy, verification).
const BUFFER: usize = 64 * 1024;

/// What to write.
#[derive(Debug, Clone)]
pub struct WriteRequest<'a> {
    pub packet: &'a Packet,
    pub options: WriteOptions,
    /// Refuse when the file's identity differs from this (changed since read).
    pub expect: Option<Identity>,
    /// Never update in place (always temp + rename).
    pub force_rewrite: bool,
    /// What the user allowed beyond the safe default.
    pub policy: WritePolicy,
    /// Where to keep the original when the file is rewritten, for an undo that gives
    /// back its exact bytes ([`ByteUndo::Original`]); `None` lets it go.
    pub keep_original: Option<PathBuf>,
}

/// The write options every writing command shares (`set`, `undo`, `redo`, the TUI and
/// the import commands): each loosens one refusal, and each is off by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WritePolicy {
    /// A file with more than one hard link that needs a rewrite is rewritten under
    /// this name only, so its other names keep the old content (otherwise refused).
    pub break_links: bool,
    /// A packet that could not be read completely (unreadable Extended XMP, an XMP
    /// chunk that does not inflate) is replaced by the new one, losing what was lost;
    /// a damaged file ([`crate::damage`]) is rewritten, its damaged bytes kept.
    pub repair_unsafe: bool,
    /// Recursive runs write through symlinks that point outside the named folders.
    pub follow_symlinks: bool,
}

/// How a write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    pub in_place: bool,
    /// The file's identity after the write.
    pub identity: Identity,
    /// XMP that could not be read and was replaced (only with `repair_unsafe`), each
    /// saying which part; see [`crate::unreadable`].
    pub replaced: Vec<String>,
    /// Complete notes on damage this write went past (only with `repair_unsafe`); see
    /// [`crate::damage`].
    pub damaged: Vec<String>,
    /// What the container says about this write (a signed PDF: a later signature check
    /// shows the modification), complete notes for the report.
    pub notices: Vec<String>,
    /// What gives back the file's exact bytes as they were before this write.
    pub undo: Option<ByteUndo>,
}

/// How to give back a file's exact bytes after a write, as long as nothing else
/// changed it since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteUndo {
    /// Written in place: the bytes this write replaced, at their offsets.
    Patches(Vec<crate::Patch>),
    /// Rewritten: the original file, kept at [`WriteRequest::keep_original`].
    Original(PathBuf),
}

/// Writes a packet into a file (following a symlink to its target). A path that does
/// not exist yet and ends in `.xmp` becomes a new sidecar.
pub fn write_file(path: &Path, req: &WriteRequest<'_>) -> Result<WriteOutcome, FormatError> {
    let target = resolve(path)?;
    match fs::metadata(&target) {
        Ok(_) => write_existing(&target, req).map_err(|e| add_path(e, &target)),
        Err(e) if e.kind() == io::ErrorKind::NotFound && is_xmp_name(&target) => {
            create_sidecar(&target, req).map_err(|e| add_path(e, &target))
        }
        Err(e) => Err(FormatError::io(&target, e)),
    }
}

/// The final target of a symlink chain (the path itself when it is no symlink).
fn resolve(path: &Path) -> Result<PathBuf, FormatError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| FormatError::io(path, e))
        }
        _ => Ok(path.to_path_buf()),
    }
}

fn is_xmp_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

/// The sidecar name offered when a format is not writable: `NAME.xmp`.
pub fn sidecar_for(path: &Path) -> PathBuf {
    path.with_extension("xmp")
}

/// A file opened for reading, with what its first read found.
struct Opened {
    src: BufSource<File>,
    meta: fs::Metadata,
    container: &'static dyn Container,
    found: Found,
}

/// Opens a regular file (never blocking on a FIFO) and reads it through one buffer.
fn open_and_read(path: &Path) -> Result<Opened, FormatError> {
    let (file, meta) = crate::open::open_regular(path).map_err(|e| FormatError::io(path, e))?;
    read_open(file, meta, Some(path))
}

/// Reads an already open file from its start.
fn read_open(file: File, meta: fs::Metadata, path: Option<&Path>) -> Result<Opened, FormatError> {
    let mut src = BufSource::new(file, BUFFER, Some(meta.len()));
    let mut head = [0u8; HEAD_LEN];
    let n = {
        let b = src.fill_at_least(HEAD_LEN)?;
        let n = b.len().min(HEAD_LEN);
        head[..n].copy_from_slice(&b[..n]);
        n
    };
    let container = container_for(detect_format(&head[..n]));
    let found = crate::detect::read_detected(&head[..n], &mut src, path)?;
    Ok(Opened {
        src,
        meta,
        container,
        found,
    })
}

fn write_existing(target: &Path, req: &WriteRequest<'_>) -> Result<WriteOutcome, FormatError> {
    let Opened {
        mut src,
        meta,
        container,
        found,
    } = open_and_read(target)?;
    if meta.permissions().readonly() {
        return Err(FormatError::io(
            target,
            io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only; not changed",
            ),
        ));
    }
    let identity = Identity::from_metadata(&meta, found.raw.as_deref());
    if let Some(expect) = req.expect {
        if expect != identity {
            return Err(FormatError::Changed(describe_change(&expect, &identity)));
        }
    }
    if !found.format.writable() {
        return Err(FormatError::NotWritable {
            format: found.format.name(),
            hint: format!(
                "write a sidecar instead ({})",
                sidecar_for(target).display()
            ),
        });
    }
    let replaced = crate::unreadable::permit(target, &found, &req.policy)?;
    // Damage the read went past, and damage in what it skipped (PNG image data).
    let mut damage = found.damage.clone();
    for d in container.check_before_patch(&mut src)? {
        if !damage.iter().any(|k| k.start == d.start) {
            damage.push(d);
        }
    }
    let expected = container.expected_model(req.packet, &req.options)?;
    let notices = container.write_notices(&mut src)?;
    if !req.force_rewrite {
        if let Some(patches) =
            container.patch_in_place(&mut src, &found, req.packet, &req.options)?
        {
            if !patches.is_empty() {
                let damaged = crate::damage::permit(target, &damage, Some(&patches), &req.policy)?;
                let with_replaced = |o: WriteOutcome| WriteOutcome {
                    replaced,
                    damaged,
                    notices,
                    ..o
                };
                let read = patch::ReadState::capture(src.into_inner(), meta, &found, &patches)?;
                // Same-length patches touch only the packet's bytes (and a checksum of
                // the chunk holding it), so nothing else can change: hashing the rest
                // of the file (a whole photo, twice) would buy nothing. Verification
                // re-reads the structure and the packet.
                return patch::patch_file(target, read, &patches, &found, &expected)
                    .map(with_replaced);
            }
        }
    }
    let damaged = crate::damage::permit(target, &damage, None, &req.policy)?;
    let with_replaced = |o: WriteOutcome| WriteOutcome {
        replaced,
        damaged,
        notices,
        ..o
    };
    refuse_link_split(&meta, req.policy)?;
    // A strict walk of the whole file (every checksum) before a rewrite.
    let before = container.preserved(&mut src)?;
    rewrite::rewrite_file(
        target,
        rewrite::Original {
            src: &mut src,
            meta: &meta,
            container,
            found: &found,
        },
        req,
        &before,
        &expected,
    )
    .map(with_replaced)
}

/// A rewrite replaces the file under one name only; its other hard links would keep
/// the old content, which the user would not expect from "write into this file".
fn refuse_link_split(meta: &fs::Metadata, policy: WritePolicy) -> Result<(), FormatError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 && !policy.break_links {
            return Err(FormatError::HardLinks {
                links: meta.nlink(),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (meta, policy);
    Ok(())
}

fn describe_change(expect: &Identity, now: &Identity) -> String {
    let mut what = Vec::new();
    if expect.size != now.size {
        what.push(format!("size {} -> {} bytes", expect.size, now.size));
    }
    if expect.mtime_ns != now.mtime_ns {
        what.push("modification time differs".to_string());
    }
    if expect.packet_hash != now.packet_hash {
        what.push("its XMP packet differs".to_string());
    }
    what.join(", ")
}

/// Creates a new sidecar atomically, refusing to replace a file that appeared meanwhile.
fn create_sidecar(target: &Path, req: &WriteRequest<'_>) -> Result<WriteOutcome, FormatError> {
    let bytes = sidecar::new_file_bytes(req.packet, &req.options);
    let (temp, mut file) = temp::TempFile::create(target, 0o666)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    drop(file);
    let (written, _) = verify::verify_path(&temp.path, Format::Xmp, req.packet, &None, 0)?;
    match fs::hard_link(&temp.path, target) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(FormatError::Changed(
                "a file of that name appeared while the sidecar was being written".to_string(),
            ))
        }
        Err(_) => {
            // No hard links here (some network or FAT file systems): check, then rename.
            if target.exists() {
                return Err(FormatError::Changed(
                    "a file of that name appeared while the sidecar was being written".to_string(),
                ));
            }
            fs::rename(&temp.path, target)?;
        }
    }
    drop(temp);
    temp::sync_dir(target);
    let meta = fs::metadata(target)?;
    Ok(WriteOutcome {
        in_place: false,
        identity: Identity::from_metadata(&meta, written.raw.as_deref()),
        replaced: Vec::new(),
        damaged: Vec::new(),
        notices: Vec::new(),
        undo: None,
    })
}
