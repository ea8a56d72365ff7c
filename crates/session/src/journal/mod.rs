//! The write-ahead undo journal.
//!
//! Every write goes through a batch: [`Journal::begin`] stores the old and new
//! packets of every target file durably *before* any file is touched, each file's
//! outcome is then [`Journal::mark`]ed, and the batch is [`Journal::complete`]d.
//! Undo is a write whose new packets are a batch's old ones ([`Journal::plan_undo`]),
//! so it works across restarts; [`UndoStack`] holds the editor-style undo/redo
//! logic, derived purely from the batch sequence. The on-disk format is described
//! in [`store`], the stored form of edit ops in [`record`]; crash recovery in [`recover`]; the temp files a killed write left
//! behind in [`leftovers`].

pub mod batch;
pub mod fsutil;
pub mod history;
pub mod leftovers;
pub mod record;
pub mod recover;
pub mod stack;
pub mod store;
pub mod time;

pub use batch::{
    Batch, BatchId, BatchKind, BatchState, BatchSummary, Entry, EntryState, Exact, ExactPatch,
    NewEntry,
};
pub use leftovers::Leftover;
pub use record::{OpRecord, RecordError};
pub use recover::{classify, Observed, RecoveryReport};
pub use stack::{Event, UndoStack};
pub use store::Journal;

use std::path::PathBuf;

/// Environment variable overriding the data directory (the journal lives in its
/// `journal` subdirectory).
pub const DATA_DIR_ENV: &str = "XMPEDIT_DATA_DIR";

/// The journal directory: `$XMPEDIT_DATA_DIR/journal`, else the platform data
/// directory's `journal` (e.g. `~/.local/share/xmpedit/journal`).
pub fn default_dir() -> Result<PathBuf, JournalError> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d).join("journal"));
    }
    directories::ProjectDirs::from("", "", "xmpedit")
        .map(|p| p.data_dir().join("journal"))
        .ok_or(JournalError::NoDataDir)
}

/// Journal failures. Loading never fails on bad content (it warns); these are I/O
/// errors and misuse.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no data directory for the undo journal (set {DATA_DIR_ENV})")]
    NoDataDir,
    #[error("journal: no batch #{0}")]
    NoBatch(BatchId),
    #[error("journal: batch #{id} has no entry {index}")]
    NoEntry { id: BatchId, index: usize },
    #[error("journal: batch #{0} is already complete")]
    Completed(BatchId),
    #[error("journal: batch #{id} still has {pending} pending file(s)")]
    Pending { id: BatchId, pending: usize },
    #[error("journal: batch #{0} was interrupted; recover it first")]
    Incomplete(BatchId),
    #[error("journal: batch #{0} is an undo; redo it instead of undoing it")]
    NotUndoable(BatchId),
    #[error("journal: batch #{0} has not been undone")]
    NotUndone(BatchId),
    #[error("journal {}: {message}", path.display())]
    Corrupt { path: PathBuf, message: String },
    #[error("journal: {} is not an absolute path", .0.display())]
    RelativePath(PathBuf),
    #[error("journal: cannot encode a batch: {0}")]
    Encode(String),
}
