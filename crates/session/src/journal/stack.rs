//! The undo/redo stacks, derived purely from the sequence of batches.
//!
//! Editor semantics: an edit pushes onto the undo stack and clears the redo stack;
//! an undo moves its target from the undo stack to the redo stack; a redo moves the
//! target off the redo stack and pushes the *redo batch* onto the undo stack (so the
//! next undo takes back the redo). An undo batch is never itself undone. Batches
//! that wrote nothing (every entry failed or skipped) are ignored: a failed command
//! must not clear the redo stack. Kept free of I/O so that it can be tested on
//! sequences alone.

use crate::journal::batch::{BatchId, BatchKind};
use std::collections::BTreeSet;

/// One batch as the stacks see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub id: BatchId,
    pub kind: BatchKind,
    /// Wrote at least one file, or may have (an open batch after a crash).
    pub effective: bool,
}

/// Undo and redo stacks (tops last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoStack {
    undo: Vec<BatchId>,
    redo: Vec<BatchId>,
    undone: BTreeSet<BatchId>,
}

impl UndoStack {
    pub fn new() -> Self {
        Self::default()
    }

    /// The stacks after these batches, in id order.
    pub fn replay(events: impl IntoIterator<Item = Event>) -> Self {
        let mut s = Self::new();
        for e in events {
            s.push(e);
        }
        s
    }

    /// Accounts for one more batch.
    pub fn push(&mut self, e: Event) {
        if !e.effective {
            return;
        }
        match e.kind {
            BatchKind::Edit => {
                self.undo.push(e.id);
                self.redo.clear();
            }
            BatchKind::Undo { of } => {
                self.undo.retain(|&i| i != of);
                self.redo.retain(|&i| i != of);
                self.redo.push(of);
                self.undone.insert(of);
            }
            BatchKind::Redo { of } => {
                self.redo.retain(|&i| i != of);
                self.undone.remove(&of);
                self.undo.push(e.id);
            }
        }
    }

    /// The batch the next undo takes back.
    pub fn next_undo(&self) -> Option<BatchId> {
        self.undo.last().copied()
    }

    /// The batch the next redo re-does.
    pub fn next_redo(&self) -> Option<BatchId> {
        self.redo.last().copied()
    }

    /// True when the batch was undone and not redone since.
    pub fn is_undone(&self, id: BatchId) -> bool {
        self.undone.contains(&id)
    }

    /// The undo stack, oldest first.
    pub fn undo_stack(&self) -> &[BatchId] {
        &self.undo
    }

    /// The redo stack, oldest first (the next redo is last).
    pub fn redo_stack(&self) -> &[BatchId] {
        &self.redo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a script: `e` edit, `u` undo of next_undo, `r` redo of next_redo, `x` an
    /// edit that wrote nothing. Returns the stacks and the ids given out.
    fn run(script: &str) -> UndoStack {
        let mut s = UndoStack::new();
        for (i, c) in script.chars().enumerate() {
            let id = i as BatchId + 1;
            let (kind, effective) = match c {
                'e' => (BatchKind::Edit, true),
                'x' => (BatchKind::Edit, false),
                'u' => match s.next_undo() {
                    Some(of) => (BatchKind::Undo { of }, true),
                    None => continue,
                },
                'r' => match s.next_redo() {
                    Some(of) => (BatchKind::Redo { of }, true),
                    None => continue,
                },
                other => panic!("bad script char {other}"),
            };
            s.push(Event {
                id,
                kind,
                effective,
            });
        }
        s
    }

    #[test]
    fn undo_walks_back_and_redo_forward() {
        // 1 e, 2 e, 3 u(2), 4 u(1)
        let s = run("eeuu");
        assert_eq!(s.next_undo(), None);
        assert_eq!(s.next_redo(), Some(1));
        assert_eq!(s.redo_stack(), &[2, 1]);
        // 5 r(1) -> 5 on the undo stack, 2 next to redo
        let s = run("eeuur");
        assert_eq!(s.undo_stack(), &[5]);
        assert_eq!(s.next_redo(), Some(2));
        assert!(!s.is_undone(1) && s.is_undone(2));
        // 6 r(2)
        let s = run("eeuurr");
        assert_eq!(s.undo_stack(), &[5, 6]);
        assert_eq!(s.next_redo(), None);
        // 7 u(6): undoing a redo batch
        let s = run("eeuurru");
        assert_eq!(s.next_undo(), Some(5));
        assert_eq!(s.next_redo(), Some(6));
    }

    #[test]
    fn a_new_edit_clears_the_redo_stack() {
        // 1 e, 2 e, 3 u(2), 4 e, 5 u(4)
        let s = run("eeue");
        assert_eq!(s.undo_stack(), &[1, 4]);
        assert_eq!(s.next_redo(), None);
        let s = run("eeueu");
        assert_eq!(s.next_undo(), Some(1));
        assert_eq!(s.next_redo(), Some(4), "2 is gone for good");
        let s = run("eeueuu");
        assert_eq!(s.next_undo(), None);
        assert_eq!(s.redo_stack(), &[4, 1]);
    }

    #[test]
    fn undo_batches_are_never_undone() {
        let s = run("euu");
        assert_eq!(s.next_undo(), None, "the undo of 1 is not itself undoable");
        assert_eq!(s.next_redo(), Some(1));
        // Redo then undo again alternate forever on the same change.
        let s = run("eururur");
        assert_eq!(s.undo_stack(), &[7]);
        assert_eq!(s.next_redo(), None);
    }

    #[test]
    fn edits_that_wrote_nothing_are_ignored() {
        let s = run("eux");
        assert_eq!(s.next_redo(), Some(1), "a failed edit keeps the redo stack");
        assert_eq!(s.next_undo(), None);
        let s = run("exu");
        assert_eq!(s.next_undo(), None);
        assert_eq!(s.next_redo(), Some(1));
    }

    #[test]
    fn explicit_undo_of_an_older_batch() {
        let mut s = run("eee");
        s.push(Event {
            id: 4,
            kind: BatchKind::Undo { of: 1 },
            effective: true,
        });
        assert_eq!(s.undo_stack(), &[2, 3]);
        assert_eq!(s.next_redo(), Some(1));
        // A repeated undo of the same batch does not duplicate it.
        s.push(Event {
            id: 5,
            kind: BatchKind::Undo { of: 1 },
            effective: true,
        });
        assert_eq!(s.redo_stack(), &[1]);
    }
}
