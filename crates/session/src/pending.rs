//! Pending (unwritten) edits: per asset, the packet as read, the packet as edited, and
//! the ops that lead from one to the other; plus the in-session undo/redo stack of
//! steps (one step = one user command over one or more assets, with the exact inverse
//! ops [`xmpedit_core::edit::Op::apply`] returned). Pure data: no I/O.

use std::collections::HashMap;

use xmpedit_catalog::AssetId;
use xmpedit_core::edit::{EditError, Op};
use xmpedit_core::xmp::Packet;

/// One asset's unwritten changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The packet the edits started from.
    pub base: Packet,
    /// The packet with every pending op applied (what the tree shows).
    pub current: Packet,
    /// The ops in order; written by applying them to each target file's packet.
    pub ops: Vec<Op>,
    /// Whether `current` differs from `base` (kept up to date by [`Edits`]; the
    /// status bar asks every frame).
    pub is_changed: bool,
}

impl Pending {
    /// True when the edits change something.
    pub fn changed(&self) -> bool {
        self.is_changed
    }

    /// Recomputes `is_changed` from the properties the ops touch (no other can
    /// differ).
    fn recheck(&mut self) {
        self.is_changed = self
            .ops
            .iter()
            .filter_map(Op::property)
            .any(|n| self.base.get(&n) != self.current.get(&n));
    }
}

/// One undoable command.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `xmp:Rating=4`, shown when undoing.
    pub label: String,
    pub ops: Vec<Op>,
    /// Per asset: how many ops were appended to its pending list (those that
    /// changed something) and their inverses in the order they were applied.
    pub assets: Vec<(AssetId, usize, Vec<Op>)>,
    /// A step whose assets took ops of their own ([`Edits::apply_each`]: an
    /// import), what each took; `ops` is then empty.
    pub each: Vec<(AssetId, Vec<Op>)>,
}

/// What applying a step did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub applied: Vec<AssetId>,
    /// Of `applied`, the assets the ops did not change (the value was already so).
    pub unchanged: Vec<AssetId>,
    /// Assets the ops were refused for (the first error each), unchanged.
    pub refused: Vec<(AssetId, EditError)>,
    /// What the edit did beyond the ops (a simple value of a Lang Alt property
    /// edited as its `x-default` item, [`xmpedit_core::edit::langalt`]), per asset.
    pub notes: Vec<(AssetId, String)>,
}

/// All pending edits and the session's undo/redo stacks.
#[derive(Debug, Default)]
pub struct Edits {
    pub by_asset: HashMap<AssetId, Pending>,
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
}

impl Edits {
    /// Assets whose edits change something.
    pub fn changed_count(&self) -> usize {
        self.by_asset.values().filter(|p| p.changed()).count()
    }

    pub fn is_changed(&self, id: AssetId) -> bool {
        self.by_asset.get(&id).is_some_and(Pending::changed)
    }

    /// Applies `ops` to each asset (atomically per asset: a refused op rolls that
    /// asset back). `base_of` gives the packet an asset without pending edits starts
    /// from. Records one undo step for the assets that took the ops and clears redo.
    pub fn apply(
        &mut self,
        label: &str,
        ops: &[Op],
        targets: &[AssetId],
        mut base_of: impl FnMut(AssetId) -> Option<Packet>,
    ) -> Outcome {
        let mut out = Outcome::default();
        let mut step = Step {
            label: label.to_string(),
            ops: ops.to_vec(),
            assets: Vec::new(),
            each: Vec::new(),
        };
        for &id in targets {
            let fresh = !self.by_asset.contains_key(&id);
            if fresh {
                let Some(base) = base_of(id) else { continue };
                self.by_asset.insert(
                    id,
                    Pending {
                        current: base.clone(),
                        base,
                        ops: Vec::new(),
                        is_changed: false,
                    },
                );
            }
            let Some(p) = self.by_asset.get_mut(&id) else {
                continue;
            };
            // A simple value where the schema wants a Lang Alt is read as its
            // x-default item first; undone with the step like the ops themselves.
            let (notes, promoted) = xmpedit_core::edit::langalt::promote_with_inverses(
                &mut p.current,
                ops,
                xmpedit_core::schema::registry(),
            );
            match apply_all(&mut p.current, ops) {
                Ok(op_inverses) => {
                    // Ops that changed nothing are not worth writing.
                    let changed: Vec<Op> = ops
                        .iter()
                        .zip(&op_inverses)
                        .filter(|(_, inv)| !inv.is_noop())
                        .map(|(op, _)| op.clone())
                        .collect();
                    let n = changed.len();
                    if n == 0 {
                        // Nothing to write: the conversion alone is not kept.
                        for inv in promoted.iter().rev() {
                            let _ = inv.apply(&mut p.current);
                        }
                    } else {
                        out.notes.extend(notes.into_iter().map(|t| (id, t)));
                    }
                    let inverses: Vec<Op> = promoted.into_iter().chain(op_inverses).collect();
                    p.ops.extend(changed);
                    p.recheck();
                    if p.ops.is_empty() {
                        self.by_asset.remove(&id);
                    }
                    if n > 0 {
                        step.assets.push((id, n, inverses));
                    } else {
                        out.unchanged.push(id);
                    }
                    out.applied.push(id);
                }
                Err(e) => {
                    for inv in promoted.iter().rev() {
                        let _ = inv.apply(&mut p.current);
                    }
                    if fresh {
                        self.by_asset.remove(&id);
                    }
                    out.refused.push((id, e));
                }
            }
        }
        if !step.assets.is_empty() {
            self.undo.push(step);
            self.redo.clear();
        }
        out
    }

    /// [`Edits::apply`] with ops of their own per asset (an import: each file the
    /// values of its row), recorded as one undo step, so one `u` takes it all back.
    pub fn apply_each(
        &mut self,
        label: &str,
        plan: &[(AssetId, Vec<Op>)],
        mut base_of: impl FnMut(AssetId) -> Option<Packet>,
    ) -> Outcome {
        let mut out = Outcome::default();
        let mut merged = Step {
            label: label.to_string(),
            ops: Vec::new(),
            assets: Vec::new(),
            each: Vec::new(),
        };
        let redo = std::mem::take(&mut self.redo);
        for (id, ops) in plan {
            let before = self.undo.len();
            let o = self.apply(label, ops, &[*id], &mut base_of);
            if self.undo.len() > before {
                if let Some(step) = self.undo.pop() {
                    merged.assets.extend(step.assets);
                    merged.each.push((*id, ops.clone()));
                }
            }
            out.applied.extend(o.applied);
            out.unchanged.extend(o.unchanged);
            out.refused.extend(o.refused);
            out.notes.extend(o.notes);
        }
        if merged.assets.is_empty() {
            self.redo = redo;
        } else {
            self.undo.push(merged);
        }
        out
    }

    /// Takes back the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let step = self.undo.pop()?;
        for (id, appended, inverses) in &step.assets {
            if let Some(p) = self.by_asset.get_mut(id) {
                for inv in inverses.iter().rev() {
                    // Inverses of applied ops always apply to the state they produced.
                    let _ = inv.apply(&mut p.current);
                }
                let keep = p.ops.len().saturating_sub(*appended);
                p.ops.truncate(keep);
                // Properties only the undone ops touched are back to the base.
                p.recheck();
                if p.ops.is_empty() {
                    self.by_asset.remove(id);
                }
            }
        }
        let label = step.label.clone();
        self.redo.push(step);
        Some(label)
    }

    /// Re-applies the last undone step; returns its label.
    pub fn redo(&mut self, base_of: impl FnMut(AssetId) -> Option<Packet>) -> Option<String> {
        let step = self.redo.pop()?;
        let ids: Vec<AssetId> = step.assets.iter().map(|(id, _, _)| *id).collect();
        let redo = std::mem::take(&mut self.redo);
        if step.each.is_empty() {
            self.apply(&step.label, &step.ops, &ids, base_of);
        } else {
            self.apply_each(&step.label, &step.each, base_of);
        }
        self.redo = redo;
        Some(step.label)
    }

    /// Forgets an asset's edits (written, or the asset went away); steps that only
    /// concerned it disappear from undo and redo.
    pub fn forget(&mut self, id: AssetId) -> Option<Pending> {
        self.forget_many(&[id]).pop()
    }

    /// [`Edits::forget`] for many assets at once (a bulk write); returns their
    /// pending edits.
    pub fn forget_many(&mut self, ids: &[AssetId]) -> Vec<Pending> {
        let gone: std::collections::HashSet<AssetId> = ids.iter().copied().collect();
        let out = ids
            .iter()
            .filter_map(|id| self.by_asset.remove(id))
            .collect();
        for stack in [&mut self.undo, &mut self.redo] {
            for step in stack.iter_mut() {
                step.assets.retain(|(a, _, _)| !gone.contains(a));
                step.each.retain(|(a, _)| !gone.contains(a));
            }
            stack.retain(|s| !s.assets.is_empty());
        }
        out
    }
}

/// How an asset's pending edits fared when re-applied on what its files hold now
/// ([`Edits::rebase`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rebased {
    /// The ops that still change something, in order: they stay pending.
    pub kept: Vec<Op>,
    /// The ops that no longer apply, with why (refused by the new packet, or the
    /// file already holds what they set).
    pub dropped: Vec<(Op, String)>,
    /// Properties another program changed that a kept op changes too: the pending
    /// value wins when written, so the user is told.
    pub overridden: Vec<xmpedit_core::xmp::Name>,
}

impl Edits {
    /// Re-applies an asset's pending ops on `fresh` (the packet its files hold now,
    /// after another program changed them): the edits become relative to what is on
    /// disk, so a write keeps the other program's changes. The asset's steps in the
    /// undo and redo stacks are replaced by one step, "re-applied on reload": their
    /// inverses were computed against the old packet and would bring it back.
    /// `None` when the asset has no pending edits.
    pub fn rebase(&mut self, id: AssetId, fresh: Packet) -> Option<Rebased> {
        let old = self.by_asset.remove(&id)?;
        for stack in [&mut self.undo, &mut self.redo] {
            for step in stack.iter_mut() {
                step.assets.retain(|(a, _, _)| *a != id);
                step.each.retain(|(a, _)| *a != id);
            }
            stack.retain(|s| !s.assets.is_empty());
        }
        let mut out = Rebased::default();
        let mut current = fresh.clone();
        let mut inverses = Vec::new();
        for op in old.ops {
            match op.apply(&mut current) {
                Ok(inv) if inv.is_noop() => {
                    out.dropped.push((op, "the file already holds it".into()));
                }
                Ok(inv) => {
                    if let Some(n) = op.property() {
                        let outside = old.base.get(&n) != fresh.get(&n);
                        if outside && !out.overridden.contains(&n) && !crate::stamp::is_stamp(&n) {
                            out.overridden.push(n);
                        }
                    }
                    inverses.push(inv);
                    out.kept.push(op);
                }
                Err(e) => out.dropped.push((op, e.to_string())),
            }
        }
        if !out.kept.is_empty() {
            let mut p = Pending {
                base: fresh,
                current,
                ops: out.kept.clone(),
                is_changed: false,
            };
            p.recheck();
            if p.is_changed {
                self.undo.push(Step {
                    label: "pending edits re-applied on reload".into(),
                    ops: out.kept.clone(),
                    assets: vec![(id, out.kept.len(), inverses)],
                    each: Vec::new(),
                });
                self.by_asset.insert(id, p);
            }
        }
        Some(out)
    }
}

/// Applies ops in order; on error undoes the ones already applied.
fn apply_all(packet: &mut Packet, ops: &[Op]) -> Result<Vec<Op>, EditError> {
    let mut inverses = Vec::with_capacity(ops.len());
    for op in ops {
        match op.apply(packet) {
            Ok(inv) => inverses.push(inv),
            Err(e) => {
                for inv in inverses.iter().rev() {
                    let _ = inv.apply(packet);
                }
                return Err(e);
            }
        }
    }
    Ok(inverses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use xmpedit_core::xmp::{ns, Name, Node};

    fn base() -> Packet {
        let mut p = Packet::new();
        p.set(Name::new(ns::XMP, "Rating"), Node::text("2"));
        p
    }

    #[test]
    fn apply_undo_redo_round_trip() {
        let mut e = Edits::default();
        let a = AssetId(1);
        let out = e.apply("rate 5", &[Op::SetRating(5)], &[a], |_| Some(base()));
        assert_eq!(out.applied, vec![a]);
        assert!(e.is_changed(a));
        assert_eq!(
            e.by_asset[&a].current.text(&Name::new(ns::XMP, "Rating")),
            Some("5")
        );
        assert_eq!(e.undo().as_deref(), Some("rate 5"));
        assert!(!e.is_changed(a));
        assert!(e.by_asset.is_empty());
        assert_eq!(e.redo(|_| Some(base())).as_deref(), Some("rate 5"));
        assert!(e.is_changed(a));
        assert!(e.redo.is_empty());
    }

    #[test]
    fn simple_dc_title_is_edited_as_its_x_default_item_and_undone_exactly() {
        let title = Name::new(ns::DC, "title");
        let fspot = || {
            let mut p = base();
            p.set(title.clone(), Node::text("Beach"));
            Some(p)
        };
        let mut e = Edits::default();
        let a = AssetId(1);
        e.apply("rate 5", &[Op::SetRating(5)], &[a], |_| fspot());
        let set = Op::SetLang {
            path: xmpedit_core::edit::Path::prop(title.clone()),
            lang: "x-default".into(),
            text: "Dusk".into(),
        };
        let out = e.apply("title", &[set], &[a], |_| fspot());
        assert_eq!(out.applied, vec![a]);
        assert!(out.refused.is_empty(), "{:?}", out.refused);
        assert_eq!(out.notes.len(), 1);
        assert!(
            out.notes[0].1.contains("edited as the x-default item"),
            "{:?}",
            out.notes
        );
        let node = e.by_asset[&a].current.get(&title).cloned().unwrap();
        assert_eq!(
            xmpedit_core::xmp::lang::get_text(&node, "x-default"),
            Some("Dusk")
        );
        e.undo();
        assert_eq!(
            e.by_asset[&a].current.get(&title),
            Some(&Node::text("Beach"))
        );
    }

    #[test]
    fn ops_that_change_nothing_are_not_pending() {
        let mut e = Edits::default();
        let a = AssetId(1);
        let out = e.apply("rate 2", &[Op::SetRating(2)], &[a], |_| Some(base()));
        assert_eq!(out.applied, vec![a]);
        assert!(e.by_asset.is_empty());
        assert!(e.undo.is_empty());
    }

    #[test]
    fn refused_ops_leave_the_asset_untouched() {
        let mut e = Edits::default();
        let a = AssetId(1);
        let out = e.apply("bad", &[Op::SetRating(7)], &[a], |_| Some(base()));
        assert!(out.applied.is_empty());
        assert_eq!(out.refused.len(), 1);
        assert!(e.by_asset.is_empty());
        assert!(e.undo.is_empty());
    }

    #[test]
    fn rebase_keeps_the_outside_change_and_drops_edits_that_no_longer_apply() {
        let mut e = Edits::default();
        let a = AssetId(1);
        let label = Name::new(ns::XMP, "Label");
        e.apply("r5", &[Op::SetRating(5)], &[a], |_| Some(base()));
        let set_label = Op::SetSimple {
            path: xmpedit_core::edit::Path::prop(label.clone()),
            value: "Red".into(),
            new_arrays: Vec::new(),
        };
        e.apply("label", std::slice::from_ref(&set_label), &[a], |_| {
            Some(base())
        });
        // Another program set the label to Red and the city.
        let mut fresh = base();
        fresh.set(label.clone(), Node::text("Red"));
        fresh.set(Name::new(ns::PHOTOSHOP, "City"), Node::text("Bern"));
        let r = e.rebase(a, fresh).unwrap();
        assert_eq!(r.kept, vec![Op::SetRating(5)]);
        assert_eq!(r.dropped.len(), 1);
        assert_eq!(r.dropped[0].0, set_label);
        let p = &e.by_asset[&a];
        assert_eq!(p.current.text(&Name::new(ns::XMP, "Rating")), Some("5"));
        assert_eq!(
            p.current.text(&Name::new(ns::PHOTOSHOP, "City")),
            Some("Bern")
        );
        // One step to take the re-applied edits back, to the packet on disk.
        assert_eq!(e.undo.len(), 1);
        e.undo();
        assert!(e.by_asset.is_empty());
    }

    #[test]
    fn forget_drops_steps_of_written_assets() {
        let mut e = Edits::default();
        let (a, b) = (AssetId(1), AssetId(2));
        e.apply("r4", &[Op::SetRating(4)], &[a, b], |_| Some(base()));
        e.apply("r1", &[Op::SetRating(1)], &[a], |_| Some(base()));
        e.forget(a);
        assert_eq!(e.undo.len(), 1);
        assert_eq!(e.undo[0].assets.len(), 1);
        assert_eq!(e.undo[0].assets[0].0, b);
    }
}
