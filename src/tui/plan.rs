//! Write plans: which files a write touches for each asset, with the edit ops to
//! apply to each file's own packet, and the reports that come back.
//!
//! The plan carries ops, not packets: every target file is re-read when it is written
//! and the asset's pending ops are applied to *its* packet, so a sidecar and an
//! embedded packet that differ keep their differences and only the edit lands.

use std::path::PathBuf;

use crate::catalog::{Asset, AssetId, FileId, ReadResult, Role};
use crate::edit::Op;
use crate::formats::Identity;
use crate::journal::BatchId;
use crate::xmp::Packet;

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

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    /// The catalog's id, when the file was listed.
    pub file: Option<FileId>,
    /// Refuse the write when the file changed since it was read.
    pub expect: Option<Identity>,
    /// False for a sidecar that will be created.
    pub exists: bool,
    /// Name shown in pickers and reports (relative to the asset's folder).
    pub shown: String,
}

/// One asset's part of a write.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteJob {
    pub asset: AssetId,
    pub name: String,
    pub ops: Vec<Op>,
    /// The packet the edits started from: the start of a sidecar that does not
    /// exist yet (so it carries what the user saw, not only the edits).
    pub seed: Packet,
    pub files: Vec<PlannedFile>,
}

/// A whole write: one journal batch.
#[derive(Debug, Clone, PartialEq)]
pub struct WritePlan {
    /// What the journal's log shows (`xmp:Rating=5; dc:title[de]=Gipfelkreuz`).
    pub command: String,
    pub jobs: Vec<WriteJob>,
}

impl WritePlan {
    pub fn file_count(&self) -> usize {
        self.jobs.iter().map(|j| j.files.len()).sum()
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
}

/// The files a choice touches for one asset. `chosen` lists the ticked paths for
/// [`TargetChoice::Chosen`].
pub fn targets(asset: &Asset, choice: TargetChoice, chosen: &[PathBuf]) -> Vec<PlannedFile> {
    let mut out: Vec<PlannedFile> = Vec::new();
    let push = |out: &mut Vec<PlannedFile>, f: PlannedFile| {
        if !out.iter().any(|o| o.path == f.path) {
            out.push(f);
        }
    };
    match choice {
        TargetChoice::Original => {
            let source = asset.xmp_source();
            match source {
                Some(r) if r.can_hold_xmp => push(&mut out, existing(asset, r.id)),
                _ => {
                    if let Some(f) = sidecar(asset) {
                        push(&mut out, f);
                    }
                }
            }
        }
        TargetChoice::Sidecar => {
            if let Some(f) = sidecar(asset) {
                push(&mut out, f);
            }
        }
        TargetChoice::All | TargetChoice::Chosen => {
            for r in &asset.renditions {
                let wanted = r.can_hold_xmp
                    && matches!(
                        r.role,
                        Role::Primary | Role::Other | Role::Derivative | Role::Sidecar
                    );
                if wanted {
                    push(&mut out, existing(asset, r.id));
                }
            }
            if !asset.needs_sidecar().is_empty() || asset.primary().is_none() {
                if let Some(f) = sidecar(asset) {
                    push(&mut out, f);
                }
            }
            if choice == TargetChoice::Chosen {
                out.retain(|f| chosen.contains(&f.path));
            }
        }
    }
    out
}

fn existing(asset: &Asset, id: FileId) -> PlannedFile {
    let r = asset.rendition(id);
    PlannedFile {
        path: r.map(|r| r.path.clone()).unwrap_or_default(),
        file: Some(id),
        expect: r.and_then(|r| r.identity),
        exists: true,
        shown: r.map(|r| r.rel.clone()).unwrap_or_default(),
    }
}

/// The asset's sidecar (existing or to be created); None when ambiguous.
fn sidecar(asset: &Asset) -> Option<PlannedFile> {
    let path = asset.sidecar_path()?;
    if let Some(r) = asset.renditions.iter().find(|r| r.path == path) {
        return Some(existing(asset, r.id));
    }
    let shown = path
        .strip_prefix(&asset.folder)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string_lossy().into_owned());
    Some(PlannedFile {
        path,
        file: None,
        expect: None,
        exists: false,
        shown,
    })
}
