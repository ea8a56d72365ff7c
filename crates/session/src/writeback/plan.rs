//! Computing what a write-back would do, before anything is written: per target
//! file its current packet, the ops that apply to it, and the new packet. Every
//! refusal is found here, so a refused file is never half-done and a dry run shows
//! exactly what a real run would write.

use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::writeback::claimed::not_its_format;
use crate::writeback::targets::{targets, NsFilter, Selection, TargetChoice, TargetFile};
use crate::writeback::{is_lossy, same_state};
use xmpedit_catalog::ReadState;
use xmpedit_core::edit::apply::hint_prefixes;
use xmpedit_core::edit::op::Op;
use xmpedit_core::edit::path::Resolver;
use xmpedit_core::xmp::write::try_to_rdfxml;
use xmpedit_core::xmp::{Packet, WriteOptions};
use xmpedit_formats::Identity;

/// One file's part of a write-back.
#[derive(Debug, Clone)]
pub struct FilePlan {
    pub path: PathBuf,
    /// The file's identity when read; `None` when it does not exist yet.
    pub identity: Option<Identity>,
    /// The stored packet (`None`: the file has no XMP or does not exist).
    pub old: Option<Packet>,
    pub new: Packet,
    /// The ops applied to this file (after namespace filtering) that changed it.
    pub ops: Vec<Op>,
    /// False when the ops change nothing here (the file is not written).
    pub changed: bool,
    /// What the edit did beyond the ops, for the report (a simple value of a Lang
    /// Alt property edited as its `x-default` item).
    pub notes: Vec<String>,
}

impl FilePlan {
    /// The journaled write of this change, reaching its file as `scope` allows
    /// (one construction for every shell and command that writes a plan).
    pub fn write(&self, scope: &crate::writeback::Scope) -> crate::writeback::Write {
        crate::writeback::Write {
            path: self.path.clone(),
            identity: self.identity,
            old: self.old.clone(),
            new: Some(self.new.clone()),
            reach: scope.reach(&self.path),
            restore: None,
        }
    }

    pub fn creates(&self) -> bool {
        self.identity.is_none()
    }
}

/// A file (or asset) that cannot be written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub path: PathBuf,
    pub error: FileError,
}

/// Everything a write-back would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<FilePlan>,
    pub errors: Vec<PlanError>,
}

impl Plan {
    /// The files that would change.
    pub fn changes(&self) -> impl Iterator<Item = &FilePlan> {
        self.files.iter().filter(|f| f.changed)
    }
}

/// Plans an edit of catalog assets.
pub fn plan(
    selections: &[Selection<'_>],
    ops: &[Op],
    choice: &TargetChoice,
    filter: &NsFilter,
    hints: &dyn Resolver,
) -> Plan {
    plan_accepting_loss(selections, ops, choice, filter, hints, false)
}

/// [`plan`], where `accept_loss` says the user chose to write what could be read of a
/// packet whose read dropped parts (the TUI asks first); without it such a file is
/// refused, since writing it back would lose the dropped parts.
pub fn plan_accepting_loss(
    selections: &[Selection<'_>],
    ops: &[Op],
    choice: &TargetChoice,
    filter: &NsFilter,
    hints: &dyn Resolver,
    accept_loss: bool,
) -> Plan {
    let mut out = Plan::default();
    for sel in selections {
        match targets(sel, choice) {
            Ok(ts) => {
                for t in ts {
                    match plan_target(&t, ops, filter, hints, accept_loss) {
                        Ok(f) => out.files.push(f),
                        Err(error) => out.errors.push(PlanError {
                            path: t.path.clone(),
                            error,
                        }),
                    }
                }
            }
            Err(e) => out.errors.push(PlanError {
                path: sel.asset.folder.join(&sel.asset.name),
                error: e.into(),
            }),
        }
    }
    out
}

/// Plans an edit of plain files (no catalog): each file is its own original.
/// `hints` supplies prefixes for namespaces the ops introduce (`--ns`).
pub fn plan_files(paths: &[PathBuf], ops: &[Op], hints: &dyn Resolver) -> Plan {
    let mut out = Plan::default();
    for path in paths {
        let current = match xmpedit_formats::read_file(path) {
            Ok((found, identity)) => {
                if let Some(m) = not_its_format(path, found.format) {
                    Err(FileError::NotItsFormat(m))
                } else if !found.format.writable() {
                    Err(FileError::NotWritable(found.format))
                } else if is_lossy(&found.warnings) {
                    Err(FileError::Lossy)
                } else {
                    Ok((Some(identity), found.packet))
                }
            }
            Err(xmpedit_formats::FormatError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound && is_xmp(path) =>
            {
                Ok((None, None))
            }
            // The formats layer's own wording here (not the catalog's): the file
            // was named, not found in a listing.
            Err(e) => Err(FileError::Open(e.into())),
        };
        let result = current
            .and_then(|(identity, old)| compute(path, identity, old, None, ops, &|_| true, hints));
        match result {
            Ok(f) => out.files.push(f),
            Err(error) => out.errors.push(PlanError {
                path: path.clone(),
                error,
            }),
        }
    }
    out
}

fn is_xmp(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

fn plan_target(
    t: &TargetFile<'_>,
    ops: &[Op],
    filter: &NsFilter,
    hints: &dyn Resolver,
    accept_loss: bool,
) -> Result<FilePlan, FileError> {
    let (identity, old) = match t.rendition {
        None => (None, None),
        Some(r) => match &r.xmp {
            ReadState::Read(info) => {
                if let Some(m) = not_its_format(&r.path, info.format) {
                    return Err(FileError::NotItsFormat(m));
                }
                if is_lossy(&info.warnings) && !accept_loss {
                    return Err(FileError::Lossy);
                }
                let identity = r.identity.ok_or(FileError::UnknownIdentity)?;
                (Some(identity), info.packet.clone())
            }
            ReadState::Failed(m) => return Err(FileError::ReadFailed(m.clone())),
            ReadState::NotRead => return Err(FileError::NotRead),
        },
    };
    let pass = |op: &Op| t.primary || op.property().is_none_or(|n| filter.passes(&n.ns));
    compute(&t.path, identity, old, t.seed, ops, &pass, hints)
}

fn compute(
    path: &Path,
    identity: Option<Identity>,
    old: Option<Packet>,
    seed: Option<&Packet>,
    ops: &[Op],
    pass: &dyn Fn(&Op) -> bool,
    hints: &dyn Resolver,
) -> Result<FilePlan, FileError> {
    let mut new = old.clone().or_else(|| seed.cloned()).unwrap_or_default();
    let passing: Vec<Op> = ops.iter().filter(|o| pass(o)).cloned().collect();
    let notes = xmpedit_core::edit::langalt::promote_simple_values(
        &mut new,
        &passing,
        xmpedit_core::schema::registry(),
    );
    let mut applied = Vec::new();
    for op in ops.iter().filter(|o| pass(o)) {
        match op.apply(&mut new) {
            Ok(inv) if inv.is_noop() => {}
            Ok(_) => applied.push(op.clone()),
            Err(e) => return Err(e.into()),
        }
    }
    // A new sidecar seeded from the asset is a change even when the ops are not.
    let changed = if identity.is_none() {
        !applied.is_empty()
    } else {
        !same_state(old.as_ref(), Some(&new))
    };
    if changed {
        hint_prefixes(&mut new, &applied, hints);
        // Refuse now what the writer would refuse late, in verification.
        try_to_rdfxml(&new, &WriteOptions::default())?;
    }
    Ok(FilePlan {
        path: path.to_path_buf(),
        identity,
        old,
        new,
        ops: applied,
        changed,
        notes,
    })
}
