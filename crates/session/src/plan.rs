//! The write dialog's side of a write: its target choices, the files each touches
//! (selected by the edit layer's write-back, so the dialog shows exactly what will be
//! written), the plan handed to the worker, and the reports that come back.
//!
//! The plan carries ops, not packets: the engine applies each asset's ops to every
//! target file's own packet, so a sidecar and an embedded packet that differ keep
//! their differences and only the edit lands.

use std::path::PathBuf;

use crate::journal::BatchId;
use crate::writeback::{
    targets as engine_targets, NsFilter, Selection, TargetChoice as EngineChoice,
};
use xmpedit_catalog::{Asset, AssetId, ReadResult};
use xmpedit_core::edit::Op;

/// Where pending changes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetChoice {
    /// The file holding the asset's XMP: the media file, or its sidecar when the
    /// media file cannot hold XMP (raw) or keeps it in the sidecar.
    Original,
    /// Only the sidecar (created when missing).
    Sidecar,
    /// Every file of the asset that can hold XMP, derivatives included, plus the
    /// sidecar a raw file needs.
    All,
    /// Files the user ticked.
    Chosen,
}

impl TargetChoice {
    pub const ALL: [TargetChoice; 4] = [
        TargetChoice::Original,
        TargetChoice::Sidecar,
        TargetChoice::All,
        TargetChoice::Chosen,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TargetChoice::Original => "original",
            TargetChoice::Sidecar => "sidecar only",
            TargetChoice::All => "all renditions",
            TargetChoice::Chosen => "choose…",
        }
    }
}

/// One file a choice touches, as the dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    /// False for a sidecar that will be created.
    pub exists: bool,
    /// Name shown in pickers and reports (relative to the asset's folder).
    pub shown: String,
}

/// One asset's part of a write: the asset as the catalog read it (the engine plans
/// from its packets and refuses files changed since) and its pending ops.
#[derive(Debug, Clone)]
pub struct WriteJob {
    pub asset: Asset,
    pub ops: Vec<Op>,
    /// The user chose to write what could be read of a packet whose read dropped
    /// parts (the TUI's confirmation); otherwise such a file is refused.
    pub accept_loss: bool,
}

/// Jobs are the same when they write the same asset's ops (the asset's read is the
/// catalog's, not part of what the user asked for).
impl PartialEq for WriteJob {
    fn eq(&self, other: &Self) -> bool {
        self.asset.id == other.asset.id
            && self.ops == other.ops
            && self.accept_loss == other.accept_loss
    }
}

/// A whole write: one journal batch.
#[derive(Debug, Clone, PartialEq)]
pub struct WritePlan {
    /// What the journal's log shows (`xmp:Rating=5; dc:title[de]=Gipfelkreuz`).
    pub command: String,
    /// Where the edits go, as the edit layer's write-back takes it.
    pub choice: EngineChoice,
    /// Which namespaces spread beyond the original.
    pub filter: NsFilter,
    pub jobs: Vec<WriteJob>,
    /// The folder the TUI opened and the file it was started on: where symlinks may
    /// lead the writes ([`crate::writeback::reach`]).
    pub scope: crate::writeback::Scope,
}

impl WritePlan {
    /// Each job's files (the engine's target selection).
    pub fn files(&self) -> Vec<Vec<PlannedFile>> {
        self.jobs
            .iter()
            .map(|j| planned_files(&j.asset, &self.choice))
            .collect()
    }

    /// How many files the write touches.
    pub fn file_count(&self) -> usize {
        self.files().iter().map(Vec::len).sum()
    }
}

/// Progress of a running write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteProgress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
}

/// One file that could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFailure {
    pub asset: Option<AssetId>,
    pub path: PathBuf,
    pub message: String,
}

/// How a write (or an undo) went.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    /// What was done (`write`, `undo of #41`).
    pub what: String,
    /// An undo or redo of a journal batch (not a write of pending edits).
    pub undo: bool,
    pub batch: Option<BatchId>,
    /// Assets whose every file was written: their pending edits are done.
    pub ok_assets: Vec<AssetId>,
    pub written: usize,
    pub failures: Vec<FileFailure>,
    /// Written files read back, for the catalog.
    pub reads: Vec<(PathBuf, ReadResult)>,
    /// A failure of the whole write (no journal, ...): nothing was written.
    pub error: Option<String>,
    /// What the session noticed on the side (an interrupted batch settled first).
    pub notes: Vec<String>,
}

impl TargetChoice {
    /// The edit layer's choice; `chosen` lists the ticked paths for
    /// [`TargetChoice::Chosen`].
    pub fn to_engine(self, chosen: &[PathBuf]) -> EngineChoice {
        match self {
            TargetChoice::Original => EngineChoice::Original,
            TargetChoice::Sidecar => EngineChoice::Sidecar,
            TargetChoice::All => EngineChoice::All,
            TargetChoice::Chosen => EngineChoice::Paths(chosen.to_vec()),
        }
    }
}

/// The files a choice touches for one asset, as the write engine selects them; an
/// asset the choice cannot write (no sidecar can be named) has none.
pub fn targets(asset: &Asset, choice: TargetChoice, chosen: &[PathBuf]) -> Vec<PlannedFile> {
    planned_files(asset, &choice.to_engine(chosen))
}

/// The files the engine's `choice` selects for one asset.
pub fn planned_files(asset: &Asset, choice: &EngineChoice) -> Vec<PlannedFile> {
    let sel = Selection { asset, named: &[] };
    let Ok(files) = engine_targets(&sel, choice) else {
        return Vec::new();
    };
    files
        .into_iter()
        .map(|t| {
            let shown = match t.rendition {
                Some(r) => r.rel.clone(),
                None => t
                    .path
                    .strip_prefix(&asset.folder)
                    .unwrap_or(&t.path)
                    .to_string_lossy()
                    .into_owned(),
            };
            PlannedFile {
                exists: t.rendition.is_some(),
                path: t.path,
                shown,
            }
        })
        .collect()
}
