//! Reading the journal's history: listings, full batches, the undo/redo stacks,
//! plans for undo and redo, and pruning.

use crate::journal::batch::{
    Batch, BatchId, BatchKind, BatchSummary, Entry, EntryState, Exact, NewEntry,
};
use crate::journal::stack::{Event, UndoStack};
use crate::journal::store::{io_err, BatchFile, Journal};
use crate::journal::JournalError;
use std::fs;
use std::io;
use std::path::PathBuf;
use xmpedit_formats::Identity;

/// An undo entry with what gives back its exact bytes and the kept original's path.
pub type ExactEntry = (NewEntry, Option<(Exact, PathBuf)>);

impl Journal {
    /// The undo/redo stacks over every batch.
    pub fn stack(&self) -> UndoStack {
        UndoStack::replay(self.heads.iter().map(|(&id, h)| Event {
            id,
            kind: h.kind,
            effective: h.effective(),
        }))
    }

    /// The files batch `id` wrote (none for an unknown batch).
    pub fn paths_of(&self, id: BatchId) -> &[PathBuf] {
        self.heads
            .get(&id)
            .map(|h| h.paths.as_slice())
            .unwrap_or(&[])
    }

    /// The batch the next undo takes back.
    pub fn next_undo(&self) -> Option<BatchId> {
        self.stack().next_undo()
    }

    /// The batch the next redo re-does (none once a new edit was made).
    pub fn next_redo(&self) -> Option<BatchId> {
        self.stack().next_redo()
    }

    /// Batches without a `Complete` record: a crash (or kill) mid-write.
    pub fn incomplete(&self) -> Vec<BatchId> {
        self.heads
            .iter()
            .filter(|(_, h)| !h.complete)
            .map(|(&id, _)| id)
            .collect()
    }

    /// Every readable batch, oldest first.
    pub fn list(&self) -> Vec<BatchSummary> {
        let stack = self.stack();
        self.heads
            .iter()
            .map(|(&id, h)| {
                let count = |f: fn(&EntryState) -> bool| h.states.iter().filter(|s| f(s)).count();
                let changes = if !h.ops.is_empty() {
                    h.ops
                        .iter()
                        .map(|o| o.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    match h.kind {
                        BatchKind::Edit => h.command.clone(),
                        BatchKind::Undo { of } => format!("undo of #{of}"),
                        BatchKind::Redo { of } => format!("redo of #{of}"),
                    }
                };
                BatchSummary {
                    id,
                    time: h.time.clone(),
                    command: h.command.clone(),
                    kind: h.kind,
                    files: h.states.len(),
                    written: count(|s| *s == EntryState::Written),
                    failed: count(|s| matches!(s, EntryState::Failed(_))),
                    skipped: count(|s| matches!(s, EntryState::Skipped(_))),
                    changes,
                    state: h.state(),
                    undone: stack.is_undone(id),
                    folder: common_folder(&h.paths),
                }
            })
            .collect()
    }

    /// A batch with its packets (read from disk).
    pub fn get(&self, id: BatchId) -> Result<Batch, JournalError> {
        let head = self.heads.get(&id).ok_or(JournalError::NoBatch(id))?;
        let path = self.json_path(id);
        let bytes = fs::read(&path).map_err(io_err(&path))?;
        let file: BatchFile =
            serde_json::from_slice(&bytes).map_err(|e| JournalError::Corrupt {
                path: path.clone(),
                message: e.to_string(),
            })?;
        let entries = file
            .entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| Entry {
                path: e.path,
                identity_before: e.identity_before,
                old: e.old,
                new: e.new,
                target: e.target,
                identity_after: head.after.get(i).copied().flatten(),
                state: head.states.get(i).cloned().unwrap_or(EntryState::Pending),
            })
            .collect();
        Ok(Batch {
            id,
            time: file.time,
            command: file.command,
            kind: file.kind,
            // Converted (and checked) when the batch was loaded.
            ops: head.ops.clone(),
            entries,
            state: head.state(),
        })
    }

    /// The entries of an undo of batch `id`: for every file it wrote, write its old
    /// packet back, expecting the identity it left behind.
    pub fn plan_undo(&self, id: BatchId) -> Result<Vec<NewEntry>, JournalError> {
        let head = self.heads.get(&id).ok_or(JournalError::NoBatch(id))?;
        if let BatchKind::Undo { .. } = head.kind {
            return Err(JournalError::NotUndoable(id));
        }
        if !head.complete {
            return Err(JournalError::Incomplete(id));
        }
        Ok(reversed(self.get(id)?))
    }

    /// [`Journal::plan_undo`], each entry with what gives back its exact bytes (when
    /// the write recorded it: journals from before byte-exact undo have none) and the
    /// kept original's path.
    pub fn plan_undo_exact(&self, id: BatchId) -> Result<Vec<ExactEntry>, JournalError> {
        let entries = self.plan_undo(id)?;
        let head = self.heads.get(&id).ok_or(JournalError::NoBatch(id))?;
        // plan_undo keeps the written entries, in order.
        let written = (0..head.states.len()).filter(|&i| head.states[i] == EntryState::Written);
        Ok(entries
            .into_iter()
            .zip(written)
            .map(|(e, i)| {
                let exact = head.exact.get(i).cloned().flatten();
                (e, exact.map(|x| (x, self.blob_path(id, i))))
            })
            .collect())
    }

    /// The entries of a redo of batch `id` (which must have been undone): reverse
    /// the latest undo of it.
    pub fn plan_redo(&self, id: BatchId) -> Result<Vec<NewEntry>, JournalError> {
        let undo = self
            .heads
            .iter()
            .rev()
            .find(|(_, h)| h.kind == BatchKind::Undo { of: id } && h.effective())
            .map(|(&u, h)| (u, h.complete))
            .ok_or(JournalError::NotUndone(id))?;
        if !undo.1 {
            return Err(JournalError::Incomplete(undo.0));
        }
        Ok(reversed(self.get(undo.0)?))
    }

    /// The paths of a batch's files (from memory).
    pub fn paths(&self, id: BatchId) -> Option<&[PathBuf]> {
        self.heads.get(&id).map(|h| h.paths.as_slice())
    }

    /// The identities of a batch's files before it (from memory).
    pub fn identities_before(&self, id: BatchId) -> Option<&[Option<Identity>]> {
        self.heads.get(&id).map(|h| h.identities.as_slice())
    }

    /// Deletes all but the newest `keep` complete batches (open ones are kept for
    /// recovery) and stray temp files. Returns the ids deleted.
    pub fn prune(&mut self, keep: usize) -> Result<Vec<BatchId>, JournalError> {
        let complete: Vec<BatchId> = self
            .heads
            .iter()
            .filter(|(_, h)| h.complete)
            .map(|(&id, _)| id)
            .collect();
        let cut = complete.len().saturating_sub(keep);
        let mut removed = Vec::new();
        for &id in &complete[..cut] {
            self.remove_batch(id)?;
            removed.push(id);
        }
        for entry in fs::read_dir(&self.dir).map_err(io_err(&self.dir))? {
            let entry = entry.map_err(io_err(&self.dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if name.starts_with('.') && name.contains(".tmp-") && stale {
                let _ = fs::remove_file(entry.path());
            }
        }
        if !removed.is_empty() {
            crate::journal::fsutil::sync_dir(&self.dir).map_err(io_err(&self.dir))?;
        }
        Ok(removed)
    }
}

impl Journal {
    /// Removes a complete batch that wrote no file (every entry failed): it changed
    /// nothing, so there is nothing to undo, and a retried write that fails again
    /// must not pile up entries in the log. A batch that wrote a file is kept.
    pub fn discard_unwritten(&mut self, id: BatchId) -> Result<bool, JournalError> {
        let head = self.heads.get(&id).ok_or(JournalError::NoBatch(id))?;
        let wrote = head
            .states
            .iter()
            .any(|s| matches!(s, EntryState::Written | EntryState::Pending));
        if !head.complete || wrote {
            return Ok(false);
        }
        self.remove_batch(id)?;
        crate::journal::fsutil::sync_dir(&self.dir).map_err(io_err(&self.dir))?;
        Ok(true)
    }

    /// Deletes one batch's files and forgets it.
    fn remove_batch(&mut self, id: BatchId) -> Result<(), JournalError> {
        // The batch file goes first: a log left behind without it is ignored.
        for path in [self.json_path(id), self.log_path(id)] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(JournalError::Io { path, source: e }),
            }
        }
        // The originals kept for byte-exact undo go with their batch.
        let blobs = self.blob_path(id, 0);
        if let Some(dir) = blobs.parent() {
            let prefix = format!("{id:08}-");
            if let Ok(list) = fs::read_dir(dir) {
                for b in list.flatten() {
                    if b.file_name().to_string_lossy().starts_with(&prefix) {
                        let _ = fs::remove_file(b.path());
                    }
                }
            }
        }
        self.heads.remove(&id);
        Ok(())
    }
}

/// Entries that write a batch's old packets back over what it wrote.
fn reversed(batch: Batch) -> Vec<NewEntry> {
    batch
        .entries
        .into_iter()
        .filter(|e| e.state == EntryState::Written)
        .map(|e| NewEntry {
            path: e.path,
            identity_before: e.identity_after,
            old: e.new,
            new: e.old,
            // The same file is written again.
            target: e.target,
        })
        .collect()
}

/// The deepest folder holding every path (the root when they share none).
fn common_folder(paths: &[PathBuf]) -> PathBuf {
    let mut folders = paths.iter().map(|p| p.parent().unwrap_or(p));
    let Some(first) = folders.next() else {
        return PathBuf::new();
    };
    let mut common = first.to_path_buf();
    for f in folders {
        while !f.starts_with(&common) {
            if !common.pop() {
                return PathBuf::from("/");
            }
        }
    }
    common
}
