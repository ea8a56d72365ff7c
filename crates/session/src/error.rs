//! Typed errors of the write path: why one file was not planned, written or taken
//! back ([`FileError`]), why an asset has no target ([`TargetError`]), why `--to` or
//! the `[writeback]` configuration was refused ([`ChoiceError`], [`FilterError`]).
//!
//! Each Display is the message the user sees, without the file's path (the shells
//! print the path in front); the texts are the ones the shells and tests know.
//! The variants keep what a shell may need to decide on (which file, which batch,
//! which format) instead of only a sentence.

use std::path::PathBuf;
use std::sync::Arc;

use xmpedit_core::present::safe_path;
use xmpedit_formats::{Format, FormatError};

use crate::journal::BatchId;

/// A [`FormatError`] shared between a file's outcome and its journal mark (the error
/// holds an `io::Error`, which cannot be cloned). Two are equal when they say the
/// same.
#[derive(Debug, Clone)]
pub struct SharedFormatError(pub Arc<FormatError>);

impl PartialEq for SharedFormatError {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl Eq for SharedFormatError {}

impl std::fmt::Display for SharedFormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The catalog's wording ("permission denied", "vanished since ..."), the same
        // the file list shows.
        f.write_str(&xmpedit_catalog::scan::error_message(&self.0))
    }
}

impl From<FormatError> for SharedFormatError {
    fn from(e: FormatError) -> Self {
        SharedFormatError(Arc::new(e))
    }
}

/// Why a symlinked write was refused: what the write would have left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Beyond {
    /// Found in folders, it resolves outside them (how messages call them).
    Folders(&'static str),
    /// An undo or redo that would write another file than its batch did.
    Batch,
    /// Named by the user (never refused; kept so the reach maps one to one).
    Named,
}

impl std::fmt::Display for Beyond {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Beyond::Folders(what) => write!(f, "outside {what}"),
            Beyond::Batch => f.write_str("not the file the batch wrote"),
            Beyond::Named => Ok(()),
        }
    }
}

/// Why one file was not planned, written, or taken back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The file is a symlink whose target does not exist.
    #[error("a symlink that leads nowhere ({0}); not written")]
    Dangling(std::io::ErrorKind),
    /// The file resolves (through a symlink of it or of a folder above it) to `real`,
    /// which the write may not reach.
    #[error(
        "{}, {beyond}; not written (--follow-symlinks writes through it)",
        if *.is_link { format!("a symlink to {}", safe_path(.real)) }
        else { format!("reached through a symlinked folder as {}", safe_path(.real)) }
    )]
    OutOfReach {
        real: PathBuf,
        is_link: bool,
        beyond: Beyond,
    },
    /// Another name of the same batch already writes this file.
    #[error(
        "leads to the same file as {}, which this run writes; not written twice",
        safe_path(.first)
    )]
    Alias { first: PathBuf },
    /// A sidecar to be created exists by now.
    #[error("a file of that name appeared since the folder was read; not overwritten")]
    Appeared,
    /// The file's size or modification time is no longer the one it was read with:
    /// another program wrote it, and the batch refuses it before journaling.
    #[error("the file changed since it was read (another program wrote it); not overwritten")]
    ChangedOutside,
    /// A sidecar to be removed changed since it was read.
    #[error("the file changed since it was read; not removed")]
    ChangedBeforeRemove,
    /// A byte-exact undo found the file changed since it was read.
    #[error("it was modified after it was read; not changed")]
    ModifiedSinceRead,
    /// A byte-exact undo failed to put the old bytes back.
    #[error("its old bytes could not be put back ({reason}); not changed")]
    RestoreFailed { reason: String },
    /// Removing a sidecar failed.
    #[error("{reason}")]
    RemoveFailed { reason: String },
    /// The formats layer refused to read or write the file (in the catalog's words).
    #[error("{0}")]
    Format(SharedFormatError),
    /// A file named on the command line cannot be read (in the formats layer's words).
    #[error("{}", .0.0)]
    Open(SharedFormatError),
    /// An undo or redo found XMP parsing drops data from.
    #[error("parts of its XMP cannot be read; not changed")]
    UnreadableNow,
    /// A write found XMP parsing drops data from.
    #[error("parts of its XMP could not be read; writing it back would lose them (not changed)")]
    Lossy,
    /// A packet stored in the journal does not parse.
    #[error("the journal's packet cannot be read: {reason}")]
    JournalPacket { reason: String },
    /// Someone changed the same properties since the batch: an undo or redo skips it.
    #[error(
        "its XMP changed since batch #{id} {verb} it, in {} the batch also changed ({}); \
         not changed (use --force to overwrite)",
        if .names.len() == 1 { "a property" } else { "properties" },
        .names.join(", ")
    )]
    Conflict {
        id: BatchId,
        verb: &'static str,
        /// The properties both changed, as the user knows them (prefixed names).
        names: Vec<String>,
    },
    /// Named like a writable format, holding something else ([`crate::writeback::claimed`]).
    #[error("{0}")]
    NotItsFormat(String),
    /// The format has no writer.
    #[error("xmpedit cannot write XMP into {0} files; write a sidecar instead")]
    NotWritable(Format),
    /// The catalog has no identity for the file.
    #[error("the file's identity is unknown; read it again")]
    UnknownIdentity,
    /// The catalog's read of the file failed (its message).
    #[error("{0}")]
    ReadFailed(String),
    /// The catalog has not read the file yet.
    #[error("the file was not read")]
    NotRead,
    /// An op cannot be applied to the file's packet.
    #[error(transparent)]
    Edit(#[from] xmpedit_core::edit::EditError),
    /// The new packet cannot be serialized (values XML 1.0 cannot hold).
    #[error(transparent)]
    Serialize(#[from] xmpedit_core::xmp::write::WriteError),
    /// No target of the asset can be written.
    #[error(transparent)]
    Target(#[from] TargetError),
}

impl From<FormatError> for FileError {
    fn from(e: FormatError) -> Self {
        FileError::Format(e.into())
    }
}

/// Why an asset has no file an edit can go to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// A file `--to` named cannot hold XMP.
    #[error("{rel} cannot hold XMP ({format}); use --to sidecar")]
    CannotHold { rel: String, format: Format },
    /// No sidecar name can be chosen, and the catalog says nothing why.
    #[error("{asset}: no sidecar can be chosen")]
    NoSidecar { asset: String },
    /// No sidecar name can be chosen: the asset's problems, joined.
    #[error("{}", .problems.join("; "))]
    Problems { problems: Vec<String> },
    /// A `--to` glob does not compile.
    #[error(transparent)]
    Choice(#[from] ChoiceError),
}

/// A `--to` argument that is not a target choice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("--to {0:?}: expected original, sidecar, all or a list of file names")]
    Empty(String),
    #[error("--to {item:?}: {source}")]
    Glob {
        item: String,
        #[source]
        source: globset::Error,
    },
    #[error("{0}")]
    GlobSet(globset::Error),
}

/// A `[writeback]` configuration section that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("configuration: [writeback] must be a table")]
    NotTable,
    #[error("configuration: writeback.{0} must be a list of strings")]
    NotList(String),
    #[error("configuration: unknown key writeback.{0} (expected allow, block)")]
    UnknownKey(String),
}
