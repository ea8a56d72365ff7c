//! The journal's records: batches of per-file entries, their kinds and states.
//!
//! A batch is what one command wrote: for each file its path, its identity before,
//! the old packet (`None` when the file had no XMP or did not exist) and the new
//! packet (`None` when the write removes the XMP, as undoing the creation of a
//! sidecar does). Entry states and completion are recorded after the fact in the
//! batch's status log (see [`crate::journal::store`]).

use std::path::PathBuf;
use xmpedit_core::edit::Op;
use xmpedit_formats::Identity;

/// Batch ids increase monotonically; they are the file names (`00000042.json`).
pub type BatchId = u64;

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BatchKind {
    /// A user's edit.
    Edit,
    /// Took back batch `of` (its new packets are `of`'s old ones).
    Undo { of: BatchId },
    /// Re-did batch `of` after it was undone.
    Redo { of: BatchId },
}

/// Where one file's write stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EntryState {
    /// Journaled, not yet (known to be) written.
    Pending,
    Written,
    Failed(String),
    /// Deliberately not written (e.g. the file changed since it was read).
    Skipped(String),
}

/// Open until every entry has been dealt with and the batch was completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BatchState {
    Open,
    Complete,
}

/// One file of a batch as handed to [`crate::journal::Journal::begin`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewEntry {
    /// Absolute path of the file written.
    #[serde(with = "path_serde")]
    pub path: PathBuf,
    /// The file's identity when it was read (`None`: it did not exist).
    pub identity_before: Option<Identity>,
    /// The packet before (RDF/XML), `None` when the file had none.
    pub old: Option<String>,
    /// The packet to write (RDF/XML), `None` to remove the XMP.
    pub new: Option<String>,
    /// The file `path` resolved to through a symlink, when it is not `path` itself:
    /// an undo writes only there, and a killed write's temp files are found beside it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_path_serde"
    )]
    pub target: Option<PathBuf>,
}

/// One file of a stored batch, with its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub identity_before: Option<Identity>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// See [`NewEntry::target`].
    pub target: Option<PathBuf>,
    /// The file's identity after the write (set when marked written).
    pub identity_after: Option<Identity>,
    pub state: EntryState,
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: BatchId,
    /// RFC 3339 UTC.
    pub time: String,
    /// The user's command line or a summary of it.
    pub command: String,
    pub kind: BatchKind,
    /// The edit ops, when the batch came from ops (empty for undo/redo).
    pub ops: Vec<Op>,
    pub entries: Vec<Entry>,
    pub state: BatchState,
}

/// A batch in the log listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    pub id: BatchId,
    pub time: String,
    pub command: String,
    pub kind: BatchKind,
    pub files: usize,
    pub written: usize,
    pub failed: usize,
    pub skipped: usize,
    /// The changes as EDIT expressions (`dc:subject+=alps; xmp:Rating=4`), or what the
    /// batch undid/redid.
    pub changes: String,
    pub state: BatchState,
    /// Taken back by an undo (and not redone since).
    pub undone: bool,
    /// The folder holding every file of the batch (their deepest common folder).
    pub folder: PathBuf,
}

/// [`path_serde`] for an optional path (`null` when absent).
pub(crate) mod opt_path_serde {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::path::{Path, PathBuf};

    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(with = "super::path_serde")] PathBuf);

    pub fn serialize<S: Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
        match path {
            Some(p) => super::path_serde::serialize(Path::new(p), s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }
}

/// Paths as JSON strings; on Unix a non-UTF-8 path is kept exactly as `{"bytes": [...]}`
/// so that undo writes to the very same file.
pub(crate) mod path_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::path::{Path, PathBuf};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Bytes { bytes: Vec<u8> },
    }

    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        match path.to_str() {
            Some(t) => Repr::Text(t.to_string()).serialize(s),
            None => bytes(path).serialize(s),
        }
    }

    #[cfg(unix)]
    fn bytes(path: &Path) -> Repr {
        use std::os::unix::ffi::OsStrExt;
        Repr::Bytes {
            bytes: path.as_os_str().as_bytes().to_vec(),
        }
    }

    #[cfg(not(unix))]
    fn bytes(path: &Path) -> Repr {
        Repr::Text(path.to_string_lossy().into_owned())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        Ok(match Repr::deserialize(d)? {
            Repr::Text(t) => PathBuf::from(t),
            Repr::Bytes { bytes } => from_bytes(bytes),
        })
    }

    #[cfg(unix)]
    fn from_bytes(bytes: Vec<u8>) -> PathBuf {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }

    #[cfg(not(unix))]
    fn from_bytes(bytes: Vec<u8>) -> PathBuf {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// What gives back a written file's exact bytes (as long as nothing changed it since
/// the batch): recorded with the entry's `Written` mark.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Exact {
    /// Written in place: the bytes the write replaced, at their offsets, and the
    /// file's modification time before (put back too, so that the file is again what
    /// an earlier batch recorded and can be restored in turn).
    Patches {
        ranges: Vec<ExactPatch>,
        mtime_ns: Option<i128>,
    },
    /// Rewritten: the original file is kept in the journal
    /// ([`crate::journal::Journal::blob_path`]).
    Kept,
}

/// One replaced range of an in-place write.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExactPatch {
    pub offset: u64,
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

/// Bytes as standard base64 in the JSON log (a packet's bytes are mostly text, but
/// not always valid UTF-8).
mod base64_bytes {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}
