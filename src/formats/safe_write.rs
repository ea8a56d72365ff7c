//! Crash-safe writing (notes §4): in place when the container offers same-length
//! patches, else a streamed rewrite into a temp file in the same folder, fsynced,
//! verified, given the original's permissions and owner, renamed over the original,
//! and the folder fsynced. On any error the temp file is removed and the original is
//! left as it was.
//!
//! Verification (notes §4.7) re-reads what was written with the same reader: the
//! structure must parse, the packet must equal the model the container promised
//! ([`Container::expected_model`]), and every part outside the XMP must hash the same
//! as in the original ([`Container::preserved`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::formats::detect::{add_path, container_for, detect_format, HEAD_LEN};
use crate::formats::packet::same_model;
use crate::formats::stream::BufSource;
use crate::formats::{sidecar, Container, Format, FormatError, Found, Identity, Patch, Preserved};
use crate::xmp::{Packet, WriteOptions};

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
}

/// The write options every writing command shares (`set`, `undo`, `redo`, the TUI and
/// the import commands): each loosens one refusal, and each is off by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WritePolicy {
    /// A file with more than one hard link that needs a rewrite is rewritten under
    /// this name only, so its other names keep the old content (otherwise refused).
    pub break_links: bool,
    /// A packet that could not be read completely (unreadable Extended XMP, an XMP
    /// chunk that does not inflate) is replaced by the new one, losing what was lost.
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

/// Opens and reads a file through one buffer; returns the container used.
fn open_and_read(
    path: &Path,
) -> Result<(BufSource<File>, fs::Metadata, &'static dyn Container, Found), FormatError> {
    let (file, meta) =
        crate::formats::open::open_regular(path).map_err(|e| FormatError::io(path, e))?;
    let mut src = BufSource::new(file, BUFFER, Some(meta.len()));
    let mut head = [0u8; HEAD_LEN];
    let n = {
        let b = src.fill_at_least(HEAD_LEN)?;
        let n = b.len().min(HEAD_LEN);
        head[..n].copy_from_slice(&b[..n]);
        n
    };
    let container = container_for(detect_format(&head[..n]));
    let found = crate::formats::detect::read_detected(&head[..n], &mut src, Some(path))?;
    Ok((src, meta, container, found))
}

fn write_existing(target: &Path, req: &WriteRequest<'_>) -> Result<WriteOutcome, FormatError> {
    let (mut src, meta, container, found) = open_and_read(target)?;
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
    let expected = container.expected_model(req.packet, &req.options)?;
    if !req.force_rewrite {
        if let Some(patches) =
            container.patch_in_place(&mut src, &found, req.packet, &req.options)?
        {
            if !patches.is_empty() {
                container.check_before_patch(&mut src)?;
                drop(src);
                // Same-length patches touch only the packet's bytes (and a checksum of
                // the chunk holding it), so nothing else can change: hashing the rest
                // of the file (a whole photo, twice) would buy nothing. Verification
                // re-reads the structure and the packet.
                return patch_file(target, &meta, &patches, &None, &expected, found.format);
            }
        }
    }
    // A strict walk of the whole file (every checksum) before a rewrite.
    let before = container.preserved(&mut src)?;
    rewrite_file(
        target, &meta, &mut src, container, &found, req, &before, &expected,
    )
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

thread_local! {
    static FAIL_VERIFICATION: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Test hook: makes every verification on this thread fail, to check that a failed
/// write leaves the original untouched and no temp file behind.
#[doc(hidden)]
pub fn fail_verification_for_tests(on: bool) {
    FAIL_VERIFICATION.with(|f| f.set(on));
}

/// Checks a written file: same format, the promised model, the same preserved parts.
fn verify(
    path: &Path,
    format: Format,
    expected: &Packet,
    before: &Option<Preserved>,
    original_len: u64,
) -> Result<(Found, fs::Metadata), FormatError> {
    let (mut src, meta, container, found) = open_and_read(path)
        .map_err(|e| FormatError::Verify(format!("the written file cannot be read back: {e}")))?;
    if found.format != format {
        return Err(FormatError::Verify(format!(
            "the written file reads as {} instead of {format}",
            found.format
        )));
    }
    match &found.packet {
        Some(p) if same_model(p, expected) => {}
        Some(p) => {
            return Err(FormatError::Verify(format!(
                "the packet read back differs from the one written ({})",
                first_difference(expected, p)
            )))
        }
        None => {
            return Err(FormatError::Verify(
                "no XMP packet could be read back".to_string(),
            ))
        }
    }
    if FAIL_VERIFICATION.with(|f| f.get()) {
        return Err(FormatError::Verify(
            "simulated failure (test hook)".to_string(),
        ));
    }
    if let Some(before) = before {
        let after = container
            .preserved_after_write(&mut src, original_len)
            .map_err(|e| FormatError::Verify(format!("the written file is damaged: {e}")))?
            .unwrap_or_default();
        if let Some(diff) = preserved_difference(before, &after) {
            return Err(FormatError::Verify(diff));
        }
    }
    Ok((found, meta))
}

fn first_difference(want: &Packet, got: &Packet) -> String {
    if want.about != got.about {
        return format!("rdf:about {:?} vs {:?}", want.about, got.about);
    }
    for (name, node) in &want.props {
        match got.get(name) {
            None => return format!("{name:?} is missing"),
            Some(n) if n != node => return format!("{name:?} differs"),
            _ => {}
        }
    }
    for (name, _) in &got.props {
        if want.get(name).is_none() {
            return format!("{name:?} was not written");
        }
    }
    "a struct field or qualifier differs".to_string()
}

fn preserved_difference(before: &Preserved, after: &Preserved) -> Option<String> {
    for (i, (a, b)) in before.iter().zip(after).enumerate() {
        if a != b {
            return Some(format!(
                "part {} ({}) of the original is not unchanged in the written file",
                i + 1,
                a.0
            ));
        }
    }
    (before.len() != after.len()).then(|| {
        format!(
            "the original has {} parts outside the XMP, the written file {}",
            before.len(),
            after.len()
        )
    })
}

/// Applies same-length patches, then verifies; on a failed check the old bytes are put
/// back.
fn patch_file(
    target: &Path,
    meta: &fs::Metadata,
    patches: &[Patch],
    before: &Option<Preserved>,
    expected: &Packet,
    format: Format,
) -> Result<WriteOutcome, FormatError> {
    for p in patches {
        let end = p.offset.checked_add(p.bytes.len() as u64);
        if end.map_or(true, |e| e > meta.len()) {
            return Err(FormatError::Verify(format!(
                "an in-place patch at offset {} runs past the end of the file",
                p.offset
            )));
        }
    }
    let patches = coalesce(patches);
    let patches = &patches[..];
    let file = OpenOptions::new().read(true).write(true).open(target)?;
    let mut saved = Vec::with_capacity(patches.len());
    for p in patches {
        let mut old = vec![0u8; p.bytes.len()];
        read_at(&file, &mut old, p.offset)?;
        saved.push(Patch {
            offset: p.offset,
            bytes: old,
        });
    }
    let result = (|| {
        for p in patches {
            write_at(&file, &p.bytes, p.offset)?;
        }
        file.sync_all()?;
        verify(target, format, expected, before, meta.len())
    })();
    match result {
        Ok((found, meta)) => Ok(WriteOutcome {
            in_place: true,
            identity: Identity::from_metadata(&meta, found.raw.as_deref()),
        }),
        Err(e) => {
            for p in &saved {
                write_at(&file, &p.bytes, p.offset)?;
            }
            file.sync_all()?;
            Err(match e {
                FormatError::Verify(m) => {
                    FormatError::Verify(format!("{m} (the old bytes were put back)"))
                }
                other => other,
            })
        }
    }
}

/// Joins patches that touch end to end into one, so that one `pwrite` stores them:
/// a PNG's packet and the CRC right after it then land together, and a process killed
/// between two writes cannot leave a chunk whose CRC does not match (regression: the
/// crash harness found a PNG unreadable after a SIGKILL between the two writes).
fn coalesce(patches: &[Patch]) -> Vec<Patch> {
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
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.write_all(buf)
}

/// A temp file that is removed unless [`TempFile::keep`] is called.
struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl TempFile {
    /// Creates `.NAME.xmpedit-tmp-PID-N` next to `target`, exclusively.
    fn create(target: &Path, mode: u32) -> Result<(TempFile, File), FormatError> {
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
            oo.write(true).create_new(true);
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

    fn keep(mut self) {
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

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_dir(path: &Path) {
    // Makes the rename durable; a failure here does not undo a completed write.
    if let Ok(d) = File::open(parent_of(path)) {
        let _ = d.sync_all();
    }
}

#[allow(clippy::too_many_arguments)]
fn rewrite_file(
    target: &Path,
    meta: &fs::Metadata,
    src: &mut BufSource<File>,
    container: &dyn Container,
    found: &Found,
    req: &WriteRequest<'_>,
    before: &Option<Preserved>,
    expected: &Packet,
) -> Result<WriteOutcome, FormatError> {
    let (temp, file) = TempFile::create(target, 0o600)?;
    {
        let mut out = BufWriter::with_capacity(BUFFER, &file);
        container.rewrite(src, found, req.packet, &req.options, &mut out)?;
        out.flush()?;
    }
    file.sync_all()?;
    drop(file);
    let (written, new_meta) = verify(&temp.path, found.format, expected, before, meta.len())?;
    copy_attributes(meta, &temp.path)?;
    // Narrow the window in which another program's change would be overwritten.
    let now = fs::metadata(target)?;
    let unchanged = Identity::from_metadata(&now, None) == Identity::from_metadata(meta, None);
    if !unchanged {
        return Err(FormatError::Changed(
            "it was modified while the new version was being written".to_string(),
        ));
    }
    fs::rename(&temp.path, target)?;
    temp.keep();
    sync_dir(target);
    let final_meta = fs::metadata(target).unwrap_or(new_meta);
    Ok(WriteOutcome {
        in_place: false,
        identity: Identity::from_metadata(&final_meta, written.raw.as_deref()),
    })
}

/// Gives the temp file the original's permissions and, where allowed, its owner.
fn copy_attributes(meta: &fs::Metadata, temp: &Path) -> Result<(), FormatError> {
    fs::set_permissions(temp, meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let t = fs::metadata(temp)?;
        if t.uid() != meta.uid() || t.gid() != meta.gid() {
            match std::os::unix::fs::chown(temp, Some(meta.uid()), Some(meta.gid())) {
                Ok(()) => {}
                // Only root may give files away; keep our ownership then, but try the group.
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    let _ = std::os::unix::fs::chown(temp, None, Some(meta.gid()));
                }
                Err(e) => return Err(FormatError::io(temp, e)),
            }
        }
    }
    Ok(())
}

/// Creates a new sidecar atomically, refusing to replace a file that appeared meanwhile.
fn create_sidecar(target: &Path, req: &WriteRequest<'_>) -> Result<WriteOutcome, FormatError> {
    let bytes = sidecar::new_file_bytes(req.packet, &req.options);
    let (temp, mut file) = TempFile::create(target, 0o666)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    drop(file);
    let (written, _) = verify(&temp.path, Format::Xmp, req.packet, &None, 0)?;
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
    sync_dir(target);
    let meta = fs::metadata(target)?;
    Ok(WriteOutcome {
        in_place: false,
        identity: Identity::from_metadata(&meta, written.raw.as_deref()),
    })
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
