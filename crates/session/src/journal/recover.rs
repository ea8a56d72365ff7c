//! Settling batches a crash left open.
//!
//! A batch without a `Complete` record may have written some of its pending
//! entries before the process died (the write happened, the mark did not). The
//! journal cannot read files itself; the caller looks at each pending entry's file
//! and says what it holds ([`Observed`], usually via [`classify`] on parsed
//! packets). Recovery then records the truth and completes the batch: files that
//! hold the new packet count as written (so `undo` takes them back), files that
//! still hold the old one as failed. Nothing is rolled forward or back silently:
//! the user decides with `undo` or by re-running the command.

use crate::journal::batch::{BatchId, Entry, EntryState};
use crate::journal::store::Journal;
use crate::journal::JournalError;
use xmpedit_core::xmp::Packet;
use xmpedit_formats::Identity;

/// What a pending entry's file holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observed {
    /// The entry's new packet: the write happened. The file's identity now.
    New(Identity),
    /// The entry's old packet: the write did not happen.
    Old,
    /// Neither (changed by another program, unreadable, deleted): why.
    Other(String),
}

/// Compares the models of a file's current packet with an entry's old and new
/// packets (`None` = no XMP). Model equality, not bytes: a writer may pad or
/// re-wrap the packet it was given.
pub fn classify(
    current: Option<&Packet>,
    old: Option<&Packet>,
    new: Option<&Packet>,
    identity_now: Identity,
) -> Observed {
    if current == new {
        Observed::New(identity_now)
    } else if current == old {
        Observed::Old
    } else {
        Observed::Other("it holds neither the old nor the new packet".into())
    }
}

/// What recovery decided for one batch (entry indexes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryReport {
    pub id: BatchId,
    pub written: Vec<usize>,
    pub not_written: Vec<usize>,
    pub conflicts: Vec<(usize, String)>,
}

impl Journal {
    /// Settles an incomplete batch: each pending entry is marked from what
    /// `observe` reports about its file, then the batch is completed.
    pub fn recover(
        &mut self,
        id: BatchId,
        mut observe: impl FnMut(&Entry) -> Observed,
    ) -> Result<RecoveryReport, JournalError> {
        let batch = self.get(id)?;
        if batch.state == crate::journal::BatchState::Complete {
            return Err(JournalError::Completed(id));
        }
        let mut report = RecoveryReport {
            id,
            ..RecoveryReport::default()
        };
        for (i, entry) in batch.entries.iter().enumerate() {
            if entry.state != EntryState::Pending {
                continue;
            }
            match observe(entry) {
                Observed::New(identity) => {
                    self.mark_written(id, i, identity)?;
                    report.written.push(i);
                }
                Observed::Old => {
                    self.mark(
                        id,
                        i,
                        EntryState::Failed("interrupted before this file was written".into()),
                    )?;
                    report.not_written.push(i);
                }
                Observed::Other(why) => {
                    self.mark(id, i, EntryState::Failed(format!("interrupted, and {why}")))?;
                    report.conflicts.push((i, why));
                }
            }
        }
        self.complete(id)?;
        Ok(report)
    }
}
