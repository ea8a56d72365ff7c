//! Running a write-back: journal first (fsynced), then the files, in parallel, each
//! outcome marked in the journal, then the batch completed. A crash at any point
//! leaves every file either as it was or fully written (the formats layer writes
//! atomically) and the journal knows enough to tell which ([`super::history`]).

use std::collections::hash_map::{Entry, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::FileError;
use crate::journal::{
    BatchId, BatchKind, EntryState, Exact, ExactPatch, Journal, JournalError, NewEntry,
};
use crate::writeback::reach::{resolve_write, Reach, Resolved};
use xmpedit_core::edit::op::Op;
use xmpedit_core::xmp::{to_rdfxml, Packet, WriteOptions};
use xmpedit_formats as formats;
use xmpedit_formats::{ByteUndo, FormatError, Identity, WritePolicy, WriteRequest};

/// One file to write.
#[derive(Debug, Clone)]
pub struct Write {
    /// Absolute path.
    pub path: PathBuf,
    /// The identity the file must still have; `None`: the file must not exist.
    pub identity: Option<Identity>,
    /// Its packet now (`None`: no XMP), journaled for undo.
    pub old: Option<Packet>,
    /// The packet to store; `None` removes the XMP (a `.xmp` sidecar is deleted, any
    /// other file gets an empty packet).
    pub new: Option<Packet>,
    /// Where a symlink may lead the write ([`super::reach`]).
    pub reach: Reach,
    /// An undo that gives back the file's exact bytes instead of writing `new`
    /// (`new` is still journaled: it is what the file then holds).
    pub restore: Option<Restore>,
}

/// How an undo gives back a file's exact bytes ([`crate::restore`]).
#[derive(Debug, Clone)]
pub struct Restore {
    pub exact: Exact,
    /// Where the original is kept, for [`Exact::Kept`].
    pub blob: PathBuf,
}

/// How a file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// The packet fit its old place (same-length update).
    InPlace,
    /// Temp file, fsync, rename.
    Rewritten,
    /// A new sidecar.
    Created,
    /// A sidecar deleted (undo of its creation).
    Removed,
    /// Given back byte for byte as it was before the batch (undo).
    Restored,
}

impl Done {
    pub fn describe(self) -> &'static str {
        match self {
            Done::InPlace => "in place",
            Done::Rewritten => "rewritten",
            Done::Created => "created",
            Done::Removed => "removed",
            Done::Restored => "restored byte for byte",
        }
    }
}

/// One file's outcome; the error's message does not repeat the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub result: Result<Done, FileError>,
    /// The file's identity after the write (`None` when it failed or was removed),
    /// so a caller holding a catalog can update it without reading the file again.
    pub identity: Option<Identity>,
    /// What `--repair-unsafe` let the write do, as complete notes: XMP that could not
    /// be read and was replaced (what was lost, one entry per part), damage the write
    /// went past; and the container's notices on the write (a signed PDF shows a
    /// modification after signing).
    pub replaced: Vec<String>,
    /// The file written when `path` led elsewhere through a symlink.
    pub through: Option<PathBuf>,
}

/// Files written so far by [`execute_with_progress`] (failures included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub failed: usize,
}

/// What [`execute`] did.
#[derive(Debug, Default)]
pub struct Report {
    /// The batch, `None` when there was nothing to write.
    pub batch: Option<BatchId>,
    pub outcomes: Vec<FileOutcome>,
    /// Journal failures after the batch was begun (the batch stays open; the next
    /// command reports it and `undo` settles it).
    pub journal_errors: Vec<JournalError>,
}

fn journal_text(p: &Packet) -> String {
    // Padding only wastes journal space.
    let opts = WriteOptions {
        padding: 0,
        ..WriteOptions::default()
    };
    to_rdfxml(p, &opts)
}

/// Journals `writes` as one batch, then writes them (in parallel) and records each
/// outcome. Fails only when the batch cannot be journaled, and then nothing is
/// written.
pub fn execute(
    journal: &mut Journal,
    command: &str,
    kind: BatchKind,
    ops: Vec<Op>,
    writes: Vec<Write>,
    policy: WritePolicy,
) -> Result<Report, JournalError> {
    execute_with_progress(journal, command, kind, ops, writes, policy, &|_| {})
}

/// [`execute`], calling `progress` after each file with the outcomes so far
/// (a progress bar); it runs on the writing threads, so it must be quick.
pub fn execute_with_progress(
    journal: &mut Journal,
    command: &str,
    kind: BatchKind,
    ops: Vec<Op>,
    writes: Vec<Write>,
    policy: WritePolicy,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, JournalError> {
    if writes.is_empty() {
        return Ok(Report::default());
    }
    // Where each write lands, decided before the batch is journaled: a refused file
    // is reported, not journaled (nothing of it is attempted), and the journal
    // records the real file of a write through a symlink.
    let mut resolved: Vec<Result<Resolved, FileError>> = writes
        .iter()
        .map(|w| resolve_write(&w.path, &w.reach, policy.follow_symlinks))
        .collect();
    refuse_aliases(&writes, &mut resolved);
    refuse_changed(&writes, &mut resolved);
    let mut index = Vec::with_capacity(writes.len());
    let mut entries = Vec::new();
    for (w, r) in writes.iter().zip(&resolved) {
        index.push(r.is_ok().then_some(entries.len()));
        if let Ok(r) = r {
            entries.push(NewEntry {
                path: w.path.clone(),
                identity_before: w.identity,
                old: w.old.as_ref().map(journal_text),
                new: w.new.as_ref().map(journal_text),
                target: r.through.clone(),
            });
        }
    }
    let id = if entries.is_empty() {
        None
    } else {
        Some(journal.begin_with_ops(command, kind, ops, entries)?)
    };
    // Where each rewritten file's original is kept for a byte-exact undo (none when
    // the journal cannot hold them: undo then restores the XMP only).
    let blobs: Vec<Option<PathBuf>> = match id {
        Some(id) if journal.ensure_blobs().is_ok() => index
            .iter()
            .map(|e| e.map(|e| journal.blob_path(id, e)))
            .collect(),
        _ => vec![None; writes.len()],
    };
    let shared = Mutex::new((
        &mut *journal,
        Vec::<JournalError>::new(),
        Progress::default(),
    ));
    // Writes wait on the disk (each file is fsynced before it counts as written), so
    // more threads than cores keep the device busy; the catalog's reader pool is sized
    // the same way.
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get() * 4)
        .clamp(4, 16);
    let run = |f: &(dyn Fn() -> Vec<FileOutcome> + Sync)| match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    };
    let outcomes: Vec<FileOutcome> = run(&|| {
        writes
            .par_iter()
            .enumerate()
            .map(|(i, w)| {
                let target = resolved[i].as_ref().map_err(Clone::clone);
                let result = target.and_then(|r| match &w.restore {
                    Some(restore) => crate::restore::restore(w, &r.path, restore),
                    None => write_one(w, &r.path, policy, blobs[i].clone()),
                });
                let mut guard = shared.lock().unwrap_or_else(|e| e.into_inner());
                let (journal, errors, counts) = &mut *guard;
                if let (Some(id), Some(e)) = (id, index[i]) {
                    let marked = match &result {
                        Ok((_, Some(identity), _, exact)) => {
                            journal.mark_written_exact(id, e, *identity, exact.clone())
                        }
                        Ok((_, None, _, _)) => journal.mark(id, e, EntryState::Written),
                        Err(m) => journal.mark(id, e, EntryState::Failed(m.to_string())),
                    };
                    if let Err(e) = marked {
                        errors.push(e);
                    }
                }
                counts.done += 1;
                counts.failed += usize::from(result.is_err());
                progress(*counts);
                drop(guard);
                let (result, identity, replaced) = match result {
                    Ok((done, identity, replaced, _)) => (Ok(done), identity, replaced),
                    Err(m) => (Err(m), None, Vec::new()),
                };
                FileOutcome {
                    path: w.path.clone(),
                    result,
                    identity,
                    replaced,
                    through: resolved[i].as_ref().ok().and_then(|r| r.through.clone()),
                }
            })
            .collect()
    });
    let (_, mut journal_errors, _) = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut batch = id;
    if let (Some(id), true) = (id, journal_errors.is_empty()) {
        if let Err(e) = journal.complete(id) {
            journal_errors.push(e);
        } else if outcomes.iter().all(|o| o.result.is_err()) {
            // Nothing changed on disk: the log keeps no entry for it.
            match journal.discard_unwritten(id) {
                Ok(true) => batch = None,
                Ok(false) => {}
                Err(e) => journal_errors.push(e),
            }
        }
    }
    Ok(Report {
        batch,
        outcomes,
        journal_errors,
    })
}

/// Two names of one batch that lead to the same file (a symlink beside its target,
/// a folder reached twice) would race, and the second write would find the file
/// changed under it: the file is written once, under the first name.
fn refuse_aliases(writes: &[Write], resolved: &mut [Result<Resolved, FileError>]) {
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    for (i, r) in resolved.iter_mut().enumerate() {
        let Ok(ok) = r else { continue };
        match seen.entry(ok.path.clone()) {
            Entry::Vacant(v) => {
                v.insert(i);
            }
            Entry::Occupied(o) => {
                *r = Err(FileError::Alias {
                    first: writes[*o.get()].path.clone(),
                });
            }
        }
    }
}

/// A file whose size or modification time is no longer the one it was read with was
/// changed by another program: refused before the batch is journaled (the write
/// would refuse it anyway, after a journal entry for nothing). The writer's own
/// check (which also compares the packet) still runs for the files that pass.
fn refuse_changed(writes: &[Write], resolved: &mut [Result<Resolved, FileError>]) {
    for (w, r) in writes.iter().zip(resolved.iter_mut()) {
        let (Ok(ok), Some(expect)) = (&*r, w.identity) else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(&ok.path) else {
            // Missing or unreadable: the write reports it in its own words.
            continue;
        };
        let now = Identity::from_metadata(&meta, None);
        if now.size != expect.size || now.mtime_ns != expect.mtime_ns {
            *r = Err(FileError::ChangedOutside);
        }
    }
}

fn is_xmp(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

/// How one file was written: how, its identity afterwards, what unreadable XMP the
/// write replaced, what gives back its bytes.
pub(crate) type Written = (Done, Option<Identity>, Vec<String>, Option<Exact>);

/// Writes one file (at `target`, where its path resolved to); a rewrite hands the
/// original over to `keep`.
fn write_one(
    w: &Write,
    target: &Path,
    policy: WritePolicy,
    keep: Option<PathBuf>,
) -> Result<Written, FileError> {
    let empty = Packet::default();
    let packet = match &w.new {
        Some(p) => p,
        None if is_xmp(&w.path) => {
            return remove_sidecar(w, target).map(|()| (Done::Removed, None, Vec::new(), None))
        }
        None => &empty,
    };
    if w.identity.is_none() && std::fs::symlink_metadata(&w.path).is_ok() {
        return Err(FileError::Appeared);
    }
    let req = WriteRequest {
        packet,
        options: WriteOptions::default(),
        expect: w.identity,
        force_rewrite: false,
        policy,
        keep_original: keep,
    };
    let out = formats::write_file(target, &req)?;
    let done = if w.identity.is_none() {
        Done::Created
    } else if out.in_place {
        Done::InPlace
    } else {
        Done::Rewritten
    };
    let exact = match out.undo {
        // A new sidecar has no bytes to give back: its undo deletes it.
        _ if w.identity.is_none() => None,
        Some(ByteUndo::Patches(ps)) => Some(Exact::Patches {
            ranges: ps
                .into_iter()
                .map(|p| ExactPatch {
                    offset: p.offset,
                    bytes: p.bytes,
                })
                .collect(),
            mtime_ns: w.identity.map(|i| i.mtime_ns),
        }),
        Some(ByteUndo::Original(_)) => Some(Exact::Kept),
        None => None,
    };
    // One list of complete notes: what --repair-unsafe let the write do, and what the
    // container says about the write (a signed PDF).
    let notes = out
        .replaced
        .iter()
        .map(|w| formats::unreadable::replaced_note(w))
        .chain(out.damaged)
        .chain(out.notices)
        .collect();
    Ok((done, Some(out.identity), notes, exact))
}

fn remove_sidecar(w: &Write, target: &Path) -> Result<(), FileError> {
    match formats::read_file(target) {
        Ok((_, now)) => {
            if w.identity.is_some_and(|e| e != now) {
                return Err(FileError::ChangedBeforeRemove);
            }
        }
        Err(FormatError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    std::fs::remove_file(target).map_err(|e| FileError::RemoveFailed {
        reason: e.to_string(),
    })?;
    if let Some(dir) = target.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}
