//! xmpedit-session: the journaled write path both shells share.
//!
//! - [`writeback`]: target planning, the executor that journals and writes files,
//!   undo, redo and recovery as plans for the same executor;
//! - [`journal`]: the write-ahead undo log on disk.

pub mod journal;
pub mod writeback;
