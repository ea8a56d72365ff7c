//! The session: the one implementation of journaled write, undo and redo that the
//! CLI and the TUI both call.
//!
//! Every write (an edit, an undo, a redo) goes the same way: batches a crash left open
//! are settled first (a later write would hide what they did), the batch is journaled
//! and executed, and old batches are pruned. What the user should hear on the side
//! (settled batches, leftover temp files, journal warnings) is collected as
//! [`Notice`]s for the shell to print or show.

use std::path::{Path, PathBuf};

use xmpedit_core::edit::Op;
use xmpedit_formats::WritePolicy;

use crate::journal::leftovers;
use crate::journal::{BatchId, BatchKind, Journal, JournalError};
use crate::notice::Notice;
use crate::scope::Folders;
use crate::writeback::{self, Progress, Report, Write};

/// Complete batches kept in the journal; older ones are pruned after each write.
pub const KEEP_BATCHES: usize = 1000;

/// Why a session command did nothing.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// No batch to undo or redo (in the folders asked about).
    #[error("nothing to {verb}{}", where_.as_deref().map(|w| format!(" in {w}")).unwrap_or_default())]
    Nothing {
        verb: &'static str,
        where_: Option<String>,
    },
    /// The batch exists but none of its files needs writing (all skipped).
    #[error("{verb} of batch #{id}: no file to write")]
    NoFile { verb: &'static str, id: BatchId },
}

/// Undo or redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

impl Direction {
    pub fn verb(self) -> &'static str {
        match self {
            Direction::Undo => "undo",
            Direction::Redo => "redo",
        }
    }
}

/// What an undo or redo did.
#[derive(Debug)]
pub struct HistoryDone {
    /// The batch taken back (or re-done).
    pub of: BatchId,
    /// Files left alone, with the reason (changed since in the same properties,
    /// unreadable).
    pub skipped: Vec<(PathBuf, crate::error::FileError)>,
    pub report: Report,
}

/// An open journal and what was noticed on the way.
pub struct Session {
    journal: Journal,
    notices: Vec<Notice>,
    /// Whether writes set `xmp:MetadataDate` to now ([`crate::stamp`]).
    metadata_date: bool,
}

impl Session {
    /// Opens (creating if needed) the journal in `dir`, or the default one.
    pub fn open(dir: Option<&Path>) -> Result<Session, SessionError> {
        let journal = match dir {
            Some(d) => Journal::open(d)?,
            None => Journal::open_default()?,
        };
        Ok(Session::from_journal(journal))
    }

    /// Opens an existing journal for reading; `None` when there is none yet (nothing
    /// is created).
    pub fn open_existing(dir: Option<&Path>) -> Result<Option<Session>, SessionError> {
        let journal = match dir {
            Some(d) => Journal::open_existing(d)?,
            None => Journal::open_default_existing()?,
        };
        Ok(journal.map(Session::from_journal))
    }

    fn from_journal(journal: Journal) -> Session {
        let notices = journal
            .warnings()
            .iter()
            .map(|w| Notice::JournalWarning(w.clone()))
            .collect();
        Session {
            journal,
            notices,
            metadata_date: true,
        }
    }

    /// Whether writes set `xmp:MetadataDate` to now (on by default; the config's
    /// `[write] metadata_date`, [`crate::stamp::enabled`]).
    pub fn set_metadata_date(&mut self, on: bool) {
        self.metadata_date = on;
    }

    /// Drops the writes that change nothing (their stamp alone is no change) and
    /// stamps the rest, unless the ops set `xmp:MetadataDate` themselves.
    fn prepare(&self, ops: &[Op], writes: Vec<Write>) -> Vec<Write> {
        self.prepare_stamping(ops, writes, |_| true)
    }

    /// [`Session::prepare`], stamping only the writes `stamps` picks.
    fn prepare_stamping(
        &self,
        ops: &[Op],
        writes: Vec<Write>,
        stamps: impl Fn(&Write) -> bool,
    ) -> Vec<Write> {
        let explicit = ops
            .iter()
            .filter_map(Op::property)
            .any(|n| crate::stamp::is_stamp(&n));
        let when = crate::stamp::now();
        writes
            .into_iter()
            .filter(|w| {
                w.restore.is_some()
                    || w.identity.is_none()
                    || !writeback::same_state(w.old.as_ref(), w.new.as_ref())
            })
            .map(|mut w| {
                let stamp = self.metadata_date && !explicit && stamps(&w);
                if let (true, None, Some(new)) = (stamp, &w.restore, w.new.as_mut()) {
                    crate::stamp::stamp(new, &when);
                }
                w
            })
            .collect()
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The notices collected so far (each is returned once).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Settles the batches a crash left open and removes the temp files their killed
    /// writes left behind. Every writing method calls it first.
    pub fn settle(&mut self) {
        let open = self.journal.incomplete();
        for r in writeback::recover_all(&mut self.journal) {
            self.notices.push(match r {
                Ok(rep) => Notice::Settled {
                    id: rep.id,
                    written: rep.written.len(),
                    not_written: rep.not_written.len(),
                    conflicts: rep.conflicts.len(),
                },
                Err(e) => Notice::SettleFailed(e.to_string()),
            });
        }
        self.tidy(&open, false);
    }

    /// For commands that only read: says which batches are still open and where
    /// their leftover temp files are (removing them unless `report_only`).
    pub fn look(&mut self, report_only: bool) {
        let open = self.journal.incomplete();
        self.notices
            .extend(open.iter().map(|&id| Notice::Interrupted(id)));
        self.tidy(&open, report_only);
    }

    fn tidy(&mut self, ids: &[BatchId], report_only: bool) {
        let found = self.journal.leftovers(ids);
        let failed = if report_only {
            Vec::new()
        } else {
            leftovers::remove(&found)
        };
        for &id in ids {
            let paths: Vec<PathBuf> = found
                .iter()
                .filter(|l| l.batch == id && !failed.iter().any(|(f, _)| f == l))
                .map(|l| l.path.clone())
                .collect();
            if !paths.is_empty() {
                self.notices.push(Notice::Leftovers {
                    batch: id,
                    paths,
                    removed: !report_only,
                });
            }
        }
        for (l, e) in failed {
            self.notices.push(Notice::LeftoverStuck {
                batch: l.batch,
                path: l.path.clone(),
                error: e.to_string(),
            });
        }
    }

    fn prune(&mut self) {
        if let Err(e) = self.journal.prune(KEEP_BATCHES) {
            self.notices.push(Notice::PruneFailed(e.to_string()));
        }
    }

    /// Writes an edit batch: settles, journals and executes `writes`, prunes.
    /// Fails only when the batch cannot be journaled (then nothing is written).
    pub fn write(
        &mut self,
        command: &str,
        ops: Vec<Op>,
        writes: Vec<Write>,
        policy: WritePolicy,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Report, SessionError> {
        self.settle();
        let writes = self.prepare(&ops, writes);
        let report = writeback::execute_with_progress(
            &mut self.journal,
            command,
            BatchKind::Edit,
            ops,
            writes,
            policy,
            progress,
        )?;
        self.prune();
        Ok(report)
    }

    /// The batch the next undo (or redo) in `scope` would take: the newest one on the
    /// stack that touched a file there.
    pub fn next(&self, dir: Direction, scope: &Folders) -> Option<BatchId> {
        let stack = self.journal.stack();
        let ids = match dir {
            Direction::Undo => stack.undo_stack(),
            Direction::Redo => stack.redo_stack(),
        };
        ids.iter()
            .rev()
            .copied()
            .find(|&id| scope.matches(self.journal.paths_of(id)))
    }

    /// Undoes or redoes batch `id` (by default the newest one in `scope`). A file
    /// changed since by another program keeps that program's edits: only the
    /// properties the batch changed are taken back, and a property both changed is
    /// skipped as a conflict unless `force`.
    pub fn history(
        &mut self,
        dir: Direction,
        id: Option<BatchId>,
        scope: &Folders,
        force: bool,
        policy: WritePolicy,
    ) -> Result<HistoryDone, SessionError> {
        self.settle();
        let verb = dir.verb();
        let id = match id.or_else(|| self.next(dir, scope)) {
            Some(id) => id,
            None => {
                return Err(SessionError::Nothing {
                    verb,
                    where_: scope.describe(),
                })
            }
        };
        let (plan, kind) = match dir {
            Direction::Undo => (
                writeback::undo_plan(&self.journal, id, force)?,
                BatchKind::Undo { of: id },
            ),
            Direction::Redo => (
                writeback::redo_plan(&self.journal, id, force)?,
                BatchKind::Redo { of: id },
            ),
        };
        if plan.writes.is_empty() {
            // The skipped files still tell the user why.
            if plan.skipped.is_empty() {
                return Err(SessionError::NoFile { verb, id });
            }
            return Ok(HistoryDone {
                of: id,
                skipped: plan.skipped,
                report: Report::default(),
            });
        }
        let command = format!("{verb} #{id}");
        // An undo or redo of a file nothing else touched gives back its old state
        // exactly; one that keeps another program's changes is a new state, stamped.
        let merged = plan.merged;
        let writes = self.prepare_stamping(&[], plan.writes, |w| merged.contains(&w.path));
        let report = writeback::execute(
            &mut self.journal,
            &command,
            kind,
            Vec::new(),
            writes,
            policy,
        )?;
        self.prune();
        Ok(HistoryDone {
            of: id,
            skipped: plan.skipped,
            report,
        })
    }

    /// Re-reads the journal (another process may have written batches).
    pub fn reload(&mut self) -> Result<(), SessionError> {
        self.journal.reload()?;
        Ok(())
    }
}
