//! xmpedit-session: the journaled write path both shells share.
//!
//! - [`Session`]: the one write, undo and redo (settling interrupted batches first,
//!   pruning after), scoped to folders ([`Folders`]), with [`Notice`]s on the side;
//! - [`writeback`]: target planning, the executor that journals and writes files,
//!   undo and redo plans (three-way: [`writeback::merge`]) and recovery;
//! - [`journal`]: the write-ahead undo log on disk;
//! - [`stamp`]: `xmp:MetadataDate`, set on every write that changes something.
//! - [`values`]: edit expressions with variables and codes, filled in per asset.

pub mod error;
pub mod journal;
pub mod notice;
pub mod pending;
pub mod plan;
mod restore;
pub mod scope;
pub mod session;
pub mod stamp;
pub mod values;
pub mod writeback;

pub use error::{ChoiceError, FileError, FilterError, TargetError};
pub use notice::Notice;
pub use scope::Folders;
pub use session::{Direction, HistoryDone, Session, SessionError, KEEP_BATCHES};
