//! Undo, redo and crash recovery as write plans.
//!
//! An undo writes a batch's old packets back; a redo writes the packets an undo
//! replaced. Before either, each file is read: when its packet is not the one the
//! batch left (compared as models, not bytes), someone changed it since, and the file
//! is skipped unless forced. Recovery settles batches a crash left open by looking at
//! what each pending file holds now.

use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::journal::{
    BatchId, Entry, Exact, Journal, JournalError, NewEntry, Observed, RecoveryReport,
};
use crate::writeback::exec::{Restore, Write};
use crate::writeback::merge;
use crate::writeback::reach::Reach;
use crate::writeback::{is_lossy, same_state};
use xmpedit_core::schema::DisplayPrefixes;
use xmpedit_core::xmp::Packet;
use xmpedit_formats as formats;
use xmpedit_formats::{FormatError, Identity};

/// The writes of an undo or redo, and the files left alone.
#[derive(Debug, Clone, Default)]
pub struct HistoryPlan {
    pub of: BatchId,
    pub writes: Vec<Write>,
    /// Files not written, with the reason (changed since, unreadable).
    pub skipped: Vec<(PathBuf, FileError)>,
    /// Files another program changed since the batch, whose writes keep those changes
    /// (three-way): only these are new states that get an `xmp:MetadataDate` stamp; a
    /// file the batch left as it was gets its old state back exactly.
    pub merged: Vec<PathBuf>,
}

/// The plan that takes back batch `id`.
pub fn undo_plan(journal: &Journal, id: BatchId, force: bool) -> Result<HistoryPlan, JournalError> {
    let entries = journal.plan_undo_exact(id)?;
    Ok(plan_from(id, entries, force, "wrote"))
}

/// The plan that re-does batch `id` (which was undone).
pub fn redo_plan(journal: &Journal, id: BatchId, force: bool) -> Result<HistoryPlan, JournalError> {
    let entries = journal
        .plan_redo(id)?
        .into_iter()
        .map(|e| (e, None))
        .collect();
    Ok(plan_from(id, entries, force, "was undone"))
}

fn parse_text(text: &Option<String>) -> Result<Option<Packet>, FileError> {
    match text {
        None => Ok(None),
        Some(t) => xmpedit_core::xmp::parse(t.as_bytes())
            .map(|p| Some(p.packet))
            .map_err(|e| FileError::JournalPacket {
                reason: e.to_string(),
            }),
    }
}

/// The file's identity and packet now; a missing file has neither.
fn read_current(path: &Path) -> Result<(Option<Identity>, Option<Packet>), FileError> {
    match formats::read_file(path) {
        Ok((found, identity)) => {
            if is_lossy(&found.warnings) {
                return Err(FileError::UnreadableNow);
            }
            Ok((Some(identity), found.packet))
        }
        Err(FormatError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok((None, None))
        }
        Err(e) => Err(e.into()),
    }
}

/// Each entry with what gives back its exact bytes, if recorded.
type Planned = Vec<(NewEntry, Option<(Exact, PathBuf)>)>;

fn plan_from(id: BatchId, entries: Planned, force: bool, verb: &'static str) -> HistoryPlan {
    let mut plan = HistoryPlan {
        of: id,
        ..HistoryPlan::default()
    };
    for (e, exact) in entries {
        let parsed = parse_text(&e.old).and_then(|o| Ok((o, parse_text(&e.new)?)));
        let (expected, target) = match parsed {
            Ok(p) => p,
            Err(m) => {
                plan.skipped.push((e.path, m));
                continue;
            }
        };
        let (identity, current) = match read_current(&e.path) {
            Ok(c) => c,
            Err(m) => {
                plan.skipped.push((e.path, m));
                continue;
            }
        };
        // Still exactly as the batch left it: its old bytes come back, not only its
        // old XMP ([`crate::restore`]).
        if let Some((exact, blob)) =
            exact.filter(|_| identity.is_some() && identity == e.identity_before)
        {
            plan.writes.push(Write {
                path: e.path,
                identity,
                old: current,
                new: target,
                reach: Reach::Rewrite(e.target),
                restore: Some(Restore { exact, blob }),
            });
            continue;
        }
        if same_state(current.as_ref(), target.as_ref()) && (identity.is_some() || target.is_none())
        {
            // Already as wanted.
            continue;
        }
        let mut new = target;
        if !same_state(current.as_ref(), expected.as_ref()) {
            // Someone changed the file since: take back only what the batch changed.
            let empty = Packet::default();
            let merged = merge::revert(
                current.as_ref().unwrap_or(&empty),
                expected.as_ref().unwrap_or(&empty),
                new.as_ref().unwrap_or(&empty),
                force,
            );
            if !merged.conflicts.is_empty() && !force {
                let reg = xmpedit_core::schema::registry();
                let shown = DisplayPrefixes::new(current.as_ref().unwrap_or(&empty), reg);
                let names: Vec<String> = merged
                    .conflicts
                    .iter()
                    .map(|n| shown.qname(n, reg))
                    .collect();
                plan.skipped
                    .push((e.path, FileError::Conflict { id, verb, names }));
                continue;
            }
            // A sidecar the batch created is kept when others wrote into it since.
            new = match (new, merged.packet.props.is_empty()) {
                (None, true) => None,
                _ => Some(merged.packet),
            };
            if same_state(current.as_ref(), new.as_ref()) {
                continue;
            }
            plan.merged.push(e.path.clone());
        }
        plan.writes.push(Write {
            path: e.path,
            identity,
            old: current,
            new,
            reach: Reach::Rewrite(e.target),
            restore: None,
        });
    }
    plan
}

/// Settles every batch a crash left open; returns what was found.
pub fn recover_all(journal: &mut Journal) -> Vec<Result<RecoveryReport, JournalError>> {
    journal
        .incomplete()
        .into_iter()
        .map(|id| journal.recover(id, observe))
        .collect()
}

fn observe(entry: &Entry) -> Observed {
    let (old, new) = match (parse_text(&entry.old), parse_text(&entry.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(m), _) | (_, Err(m)) => return Observed::Other(m.to_string()),
    };
    match read_current(&entry.path) {
        Err(m) => Observed::Other(m.to_string()),
        Ok((identity, current)) => {
            if same_state(current.as_ref(), new.as_ref()) && (identity.is_some() || new.is_none()) {
                Observed::New(identity.unwrap_or(Identity {
                    size: 0,
                    mtime_ns: 0,
                    packet_hash: 0,
                }))
            } else if same_state(current.as_ref(), old.as_ref()) {
                Observed::Old
            } else {
                Observed::Other("it holds neither the old nor the new packet".into())
            }
        }
    }
}
