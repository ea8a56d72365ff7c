//! The journal on disk: one JSON file per batch plus an append-only status log.
//!
//! Layout of the journal directory (see [`crate::journal::default_dir`]):
//!
//! ```text
//! 00000041.json   the batch, written once, atomically, BEFORE any target file is touched:
//!                 {"format":1,"id":41,"time":"2024-05-31T14:30:05.123Z","command":"set -e ...",
//!                  "kind":"Edit" | {"Undo":{"of":40}} | {"Redo":{"of":40}}, "ops":[...],
//!                  "entries":[{"path":"/abs/a.jpg","identity_before":{..}|null,
//!                              "old":"<x:xmpmeta ...>"|null,"new":"<x:xmpmeta ...>"|null}, ...]}
//! 00000041.log    status lines appended as the writes happen (fsynced with the final
//!                 `Complete` line):
//!                 {"Mark":{"entry":0,"state":"Written","identity_after":{..}}}
//!                 {"Mark":{"entry":1,"state":{"Failed":"disk full"}}}
//!                 "Complete"
//! ```
//!
//! `ops` are [`crate::journal::record::OpRecord`]s, the journal's own form of edit ops.
//!
//! Why this shape: the batch file holds every packet (possibly megabytes for a bulk
//! edit), so it is written exactly once; per-entry progress is a few bytes appended
//! to the log instead of a rewrite of the whole batch per file. The JSON is published
//! with temp file + fsync + hard link (an atomic create-if-absent, so two processes
//! can never take the same id) + fsync of the directory; the log is fsynced when the
//! batch completes.
//! A crash therefore leaves either no batch, or a complete batch file whose log may
//! end in a torn line; loading skips unreadable batch files and torn log lines with
//! a warning and never fails to open. A batch without a `Complete` line is
//! *incomplete*: its pending entries may or may not have been written
//! ([`crate::journal::recover`] settles them).
//!
//! Memory: opening reads every batch file but keeps only headers (paths, states);
//! packets are read back on demand by [`Journal::get`]. Size: the journal grows with
//! every write; [`Journal::prune`] keeps the newest N batches (the CLI should call
//! it with a generous bound, e.g. a few hundred batches, or on request).

use crate::journal::batch::{
    opt_path_serde, path_serde, BatchId, BatchKind, BatchState, EntryState, Exact, NewEntry,
};
use crate::journal::fsutil::{append_line_with, publish_new};
use crate::journal::record::{self, OpRecord};
use crate::journal::JournalError;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use xmpedit_core::edit::Op;
use xmpedit_formats::Identity;

/// The on-disk format version written in every batch file.
pub const FORMAT: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct BatchFile {
    pub(crate) format: u32,
    pub(crate) id: BatchId,
    pub(crate) time: String,
    pub(crate) command: String,
    pub(crate) kind: BatchKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) ops: Vec<OpRecord>,
    pub(crate) entries: Vec<NewEntry>,
}

/// The part of a batch file kept in memory (packets are skipped while parsing).
#[derive(serde::Deserialize)]
struct HeadFile {
    format: u32,
    id: BatchId,
    time: String,
    command: String,
    kind: BatchKind,
    #[serde(default)]
    ops: Vec<OpRecord>,
    entries: Vec<EntryHeadFile>,
}

#[derive(serde::Deserialize)]
struct EntryHeadFile {
    #[serde(with = "path_serde")]
    path: PathBuf,
    identity_before: Option<Identity>,
    #[serde(default, with = "opt_path_serde")]
    target: Option<PathBuf>,
}

#[derive(serde::Serialize, serde::Deserialize)]
enum LogLine {
    Mark {
        entry: usize,
        state: EntryState,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        identity_after: Option<Identity>,
        /// Absent in journals from before byte-exact undo.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exact: Option<Exact>,
    },
    Complete,
}

#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub(crate) time: String,
    pub(crate) command: String,
    pub(crate) kind: BatchKind,
    pub(crate) ops: Vec<Op>,
    pub(crate) paths: Vec<PathBuf>,
    /// Per entry, [`crate::journal::NewEntry::target`].
    pub(crate) targets: Vec<Option<PathBuf>>,
    pub(crate) identities: Vec<Option<Identity>>,
    pub(crate) states: Vec<EntryState>,
    pub(crate) after: Vec<Option<Identity>>,
    /// Per entry, what gives back its exact bytes.
    pub(crate) exact: Vec<Option<Exact>>,
    pub(crate) complete: bool,
}

impl Head {
    pub(crate) fn effective(&self) -> bool {
        !self.complete || self.states.contains(&EntryState::Written)
    }

    pub(crate) fn state(&self) -> BatchState {
        if self.complete {
            BatchState::Complete
        } else {
            BatchState::Open
        }
    }
}

/// The write-ahead undo journal.
#[derive(Debug)]
pub struct Journal {
    pub(crate) dir: PathBuf,
    pub(crate) heads: BTreeMap<BatchId, Head>,
    /// Highest id seen on disk, unreadable files included, so ids are never reused.
    pub(crate) max_id: BatchId,
    pub(crate) warnings: Vec<String>,
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `00000041.json` -> (41, "json").
fn parse_file_name(name: &str) -> Option<(BatchId, &str)> {
    let (stem, ext) = name.split_once('.')?;
    if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((stem.parse().ok()?, ext))
}

impl Journal {
    /// Opens (creating it if needed) the journal in `dir`. Unreadable batch files and
    /// torn log lines are skipped and reported by [`Journal::warnings`].
    pub fn open(dir: impl Into<PathBuf>) -> Result<Journal, JournalError> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Journal::load(dir)
    }

    /// Opens the journal in `dir` without creating anything: `None` when there is no
    /// journal there yet. Listings and `--read-only` runs use it, since they must
    /// leave the disk as they found it (no data folder, no journal folder).
    pub fn open_existing(dir: impl Into<PathBuf>) -> Result<Option<Journal>, JournalError> {
        let dir = dir.into();
        match fs::metadata(&dir) {
            Ok(_) => Journal::load(dir).map(Some),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(JournalError::Io {
                path: dir,
                source: e,
            }),
        }
    }

    fn load(dir: PathBuf) -> Result<Journal, JournalError> {
        let mut j = Journal {
            dir,
            heads: BTreeMap::new(),
            max_id: 0,
            warnings: Vec::new(),
        };
        j.reload()?;
        Ok(j)
    }

    /// Opens the journal in [`crate::journal::default_dir`].
    pub fn open_default() -> Result<Journal, JournalError> {
        Journal::open(crate::journal::default_dir()?)
    }

    /// [`Journal::open_existing`] in [`crate::journal::default_dir`].
    pub fn open_default_existing() -> Result<Option<Journal>, JournalError> {
        Journal::open_existing(crate::journal::default_dir()?)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What was skipped while loading.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Re-reads the directory (another xmpedit process may have written batches).
    pub fn reload(&mut self) -> Result<(), JournalError> {
        self.heads.clear();
        self.warnings.clear();
        let mut logs = Vec::new();
        for (id, ext) in self.scan()? {
            self.max_id = self.max_id.max(id);
            match ext.as_str() {
                "json" => self.load_head(id),
                "log" => logs.push(id),
                _ => {}
            }
        }
        for id in logs {
            self.load_log(id);
        }
        Ok(())
    }

    fn scan(&self) -> Result<Vec<(BatchId, String)>, JournalError> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io_err(&self.dir))? {
            let entry = entry.map_err(io_err(&self.dir))?;
            let name = entry.file_name();
            if let Some((id, ext)) = name.to_str().and_then(parse_file_name) {
                out.push((id, ext.to_string()));
            }
        }
        out.sort();
        Ok(out)
    }

    pub(crate) fn json_path(&self, id: BatchId) -> PathBuf {
        self.dir.join(format!("{id:08}.json"))
    }

    pub(crate) fn log_path(&self, id: BatchId) -> PathBuf {
        self.dir.join(format!("{id:08}.log"))
    }

    fn load_head(&mut self, id: BatchId) {
        let path = self.json_path(id);
        let parsed = fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<HeadFile>(&b).map_err(|e| e.to_string()));
        let head = match parsed {
            Ok(h) if h.format > FORMAT => {
                self.warn(
                    &path,
                    &format!("format {} is newer than this xmpedit's", h.format),
                );
                return;
            }
            Ok(h) if h.id != id => {
                self.warn(&path, &format!("holds batch {} under another name", h.id));
                return;
            }
            Ok(h) => h,
            Err(e) => {
                self.warn(&path, &format!("unreadable ({e}); torn or corrupt"));
                return;
            }
        };
        let ops = match record::ops_of(head.ops) {
            Ok(ops) => ops,
            Err(e) => {
                self.warn(&path, &format!("unreadable ({e}); torn or corrupt"));
                return;
            }
        };
        let n = head.entries.len();
        let mut paths = Vec::with_capacity(n);
        let mut targets = Vec::with_capacity(n);
        let mut identities = Vec::with_capacity(n);
        for e in head.entries {
            paths.push(e.path);
            targets.push(e.target);
            identities.push(e.identity_before);
        }
        self.heads.insert(
            id,
            Head {
                time: head.time,
                command: head.command,
                kind: head.kind,
                ops,
                paths,
                targets,
                identities,
                states: vec![EntryState::Pending; n],
                after: vec![None; n],
                exact: vec![None; n],
                complete: false,
            },
        );
    }

    fn load_log(&mut self, id: BatchId) {
        let path = self.log_path(id);
        let Some(head) = self.heads.get_mut(&id) else {
            return; // a log without its batch (pruned or never published): nothing to apply
        };
        let text = match fs::read(&path) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                let msg = format!("unreadable ({e}); entry states unknown");
                self.warn(&path, &msg);
                return;
            }
        };
        let mut problems = Vec::new();
        for (n, line) in text.split('\n').enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<LogLine>(line) {
                Ok(LogLine::Mark {
                    entry,
                    state,
                    identity_after,
                    exact,
                }) if entry < head.states.len() => {
                    head.states[entry] = state;
                    head.after[entry] = identity_after;
                    head.exact[entry] = exact;
                }
                Ok(LogLine::Mark { entry, .. }) => {
                    problems.push(format!("line {}: no entry {entry}", n + 1));
                }
                Ok(LogLine::Complete) => head.complete = true,
                Err(_) => problems.push(format!("line {}: torn or corrupt, skipped", n + 1)),
            }
        }
        for p in problems {
            self.warn(&path, &p);
        }
    }

    fn warn(&mut self, path: &Path, message: &str) {
        self.warnings
            .push(format!("journal {}: {message}", path.display()));
    }

    /// Records a new batch durably and returns its id. Call before touching any file.
    pub fn begin(
        &mut self,
        command: &str,
        kind: BatchKind,
        entries: Vec<NewEntry>,
    ) -> Result<BatchId, JournalError> {
        self.begin_with_ops(command, kind, Vec::new(), entries)
    }

    /// [`Journal::begin`] for a batch made from edit ops, which the log then shows.
    pub fn begin_with_ops(
        &mut self,
        command: &str,
        kind: BatchKind,
        ops: Vec<Op>,
        entries: Vec<NewEntry>,
    ) -> Result<BatchId, JournalError> {
        // Undo may run from another working directory: only absolute paths are safe.
        if let Some(e) = entries.iter().find(|e| !e.path.is_absolute()) {
            return Err(JournalError::RelativePath(e.path.clone()));
        }
        let time = crate::journal::time::now();
        let mut file = BatchFile {
            format: FORMAT,
            id: 0,
            time,
            command: command.to_string(),
            kind,
            ops: record::records(&ops),
            entries,
        };
        loop {
            // Another process may have taken ids since we loaded.
            let on_disk = self.scan()?.last().map_or(0, |(id, _)| *id);
            let id = self.max_id.max(on_disk) + 1;
            self.max_id = id;
            file.id = id;
            let bytes =
                serde_json::to_vec(&file).map_err(|e| JournalError::Encode(e.to_string()))?;
            let path = self.json_path(id);
            if publish_new(&path, &bytes).map_err(io_err(&path))? {
                let n = file.entries.len();
                let mut paths = Vec::with_capacity(n);
                let mut targets = Vec::with_capacity(n);
                let mut identities = Vec::with_capacity(n);
                for e in std::mem::take(&mut file.entries) {
                    paths.push(e.path);
                    targets.push(e.target);
                    identities.push(e.identity_before);
                }
                self.heads.insert(
                    id,
                    Head {
                        time: file.time,
                        command: file.command,
                        kind: file.kind,
                        ops: ops.clone(),
                        paths,
                        targets,
                        identities,
                        states: vec![EntryState::Pending; n],
                        after: vec![None; n],
                        exact: vec![None; n],
                        complete: false,
                    },
                );
                return Ok(id);
            }
        }
    }

    fn open_head(&mut self, id: BatchId, index: usize) -> Result<&mut Head, JournalError> {
        let head = self.heads.get_mut(&id).ok_or(JournalError::NoBatch(id))?;
        if head.complete {
            return Err(JournalError::Completed(id));
        }
        if index >= head.states.len() {
            return Err(JournalError::NoEntry { id, index });
        }
        Ok(head)
    }

    fn append(&self, id: BatchId, line: &LogLine, durable: bool) -> Result<(), JournalError> {
        let text = serde_json::to_string(line).map_err(|e| JournalError::Encode(e.to_string()))?;
        let path = self.log_path(id);
        append_line_with(&path, &text, durable).map_err(io_err(&path))
    }

    /// Records an entry's state. Marks are not fsynced one by one: recovery after a
    /// crash reads each file's current packet and classifies it (old, new or other), so
    /// a lost mark costs nothing; [`Journal::complete`] fsyncs them all at once.
    pub fn mark(
        &mut self,
        id: BatchId,
        index: usize,
        state: EntryState,
    ) -> Result<(), JournalError> {
        self.mark_with(id, index, state, None, None)
    }

    /// Records that an entry was written and the file's identity afterwards (checked
    /// before an undo overwrites the file again).
    pub fn mark_written(
        &mut self,
        id: BatchId,
        index: usize,
        identity_after: Identity,
    ) -> Result<(), JournalError> {
        self.mark_with(id, index, EntryState::Written, Some(identity_after), None)
    }

    /// [`Journal::mark_written`] with what gives back the file's exact bytes.
    pub fn mark_written_exact(
        &mut self,
        id: BatchId,
        index: usize,
        identity_after: Identity,
        exact: Option<Exact>,
    ) -> Result<(), JournalError> {
        self.mark_with(id, index, EntryState::Written, Some(identity_after), exact)
    }

    /// Where the original of entry `index` of batch `id` is kept when a rewrite hands
    /// it over ([`Exact::Kept`]).
    pub fn blob_path(&self, id: BatchId, index: usize) -> PathBuf {
        self.dir.join("blobs").join(format!("{id:08}-{index}"))
    }

    /// Creates the folder [`Journal::blob_path`]s live in.
    pub fn ensure_blobs(&self) -> Result<(), JournalError> {
        let dir = self.dir.join("blobs");
        fs::create_dir_all(&dir).map_err(io_err(&dir))
    }

    fn mark_with(
        &mut self,
        id: BatchId,
        index: usize,
        state: EntryState,
        identity_after: Option<Identity>,
        exact: Option<Exact>,
    ) -> Result<(), JournalError> {
        self.open_head(id, index)?;
        self.append(
            id,
            &LogLine::Mark {
                entry: index,
                state: state.clone(),
                identity_after,
                exact: exact.clone(),
            },
            false,
        )?;
        let head = self.open_head(id, index)?;
        head.states[index] = state;
        head.after[index] = identity_after;
        head.exact[index] = exact;
        Ok(())
    }

    /// Marks the batch complete. Every entry must have left `Pending`.
    pub fn complete(&mut self, id: BatchId) -> Result<(), JournalError> {
        let head = self.heads.get(&id).ok_or(JournalError::NoBatch(id))?;
        if head.complete {
            return Err(JournalError::Completed(id));
        }
        let pending = head
            .states
            .iter()
            .filter(|s| **s == EntryState::Pending)
            .count();
        if pending > 0 {
            return Err(JournalError::Pending { id, pending });
        }
        self.append(id, &LogLine::Complete, true)?;
        if let Some(h) = self.heads.get_mut(&id) {
            h.complete = true;
        }
        Ok(())
    }
}
