//! Write-back: turning edit ops into journaled, crash-safe writes of real files.
//!
//! 1. [`targets`]: which files of an asset an edit goes to ([`TargetChoice`]: the
//!    original, the sidecar, every file, or a list of names/globs), and which
//!    namespaces may spread beyond the original ([`NsFilter`]). A file named like a
//!    writable format that is not one is refused, never given a sidecar ([`claimed`]).
//! 2. [`plan`]: for each target, its current packet (from the catalog's read; a
//!    missing sidecar starts from the asset's current XMP), the ops applied, the new
//!    packet, and every refusal (lossy packets, values XML 1.0 cannot hold) before
//!    anything is written. A dry run stops here.
//! 3. [`exec`]: the batch is journaled (fsynced) before any file is touched; files
//!    are then written in parallel, each refusing a file changed since it was read,
//!    and every outcome is marked in the journal; the batch is completed.
//! 4. [`history`]: undo, redo and crash recovery, as plans for the same executor.
//!
//! Every write is first checked against [`reach`]: where a symlink may lead it.
//!
//! "No XMP" and "an empty packet" are the same state here: an undo that restores a
//! file which had no packet writes an empty one (the containers have no removal),
//! except for a sidecar the batch created, which is deleted again.

pub mod claimed;
pub mod exec;
pub mod history;
pub mod merge;
pub mod plan;
pub mod reach;
pub mod targets;

pub use exec::{
    execute, execute_with_progress, Done, FileOutcome, Progress, Report, Restore, Write,
};
pub use history::{recover_all, redo_plan, undo_plan, HistoryPlan};
pub use plan::{plan, plan_accepting_loss, plan_files, FilePlan, Plan, PlanError};
pub use reach::{resolve_write, Reach, Resolved, Scope};
pub use targets::{targets, NsFilter, Selection, TargetChoice, TargetFile};

use xmpedit_core::xmp::Packet;

/// Model equality where "no packet" equals an empty packet and property order does
/// not count (writers may reorder).
pub fn same_state(a: Option<&Packet>, b: Option<&Packet>) -> bool {
    let empty = Packet::default();
    xmpedit_formats::packet::same_model(a.unwrap_or(&empty), b.unwrap_or(&empty))
}

/// True when a read's warnings say that parsing dropped data (writing the packet
/// back would lose it).
pub fn is_lossy(warnings: &[String]) -> bool {
    warnings.iter().any(|w| w.contains("would lose them"))
}
