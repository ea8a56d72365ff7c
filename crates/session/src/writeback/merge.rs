//! Three-way undo: take back only what a batch changed, keep what others changed.
//!
//! A batch turned packet `before` into `after`; the file now holds `current`. Per
//! top-level property the batch changed (its value in `before` differs from the one
//! in `after`): if the file still holds the batch's value, it goes back to `before`'s;
//! if it already holds `before`'s, nothing is to do; otherwise another program changed
//! the same property since, and that is a conflict. Properties the batch did not
//! change keep whatever the file holds now, so another program's edits survive.

use xmpedit_core::xmp::{Name, Packet};
use xmpedit_formats::packet::same_node;

/// The packet an undo writes, and the properties changed both by the batch and since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub packet: Packet,
    pub conflicts: Vec<Name>,
}

/// Reverts in `current` the properties that went from `before` to `after`. With
/// `force`, a conflicting property is reverted too (and still listed).
pub fn revert(current: &Packet, after: &Packet, before: &Packet, force: bool) -> Merged {
    let mut packet = current.clone();
    let mut conflicts = Vec::new();
    let mut names: Vec<&Name> = before.props.iter().map(|(n, _)| n).collect();
    for (n, _) in &after.props {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    for name in names {
        let (was, left) = (before.get(name), after.get(name));
        if same_node(was, left) {
            continue;
        }
        let now = current.get(name);
        if same_node(now, was) {
            continue;
        }
        // A later stamp only says that someone wrote since: it stays, and it is no
        // conflict (the write that reverts stamps the file anew).
        if crate::stamp::is_stamp(name) && !same_node(now, left) {
            continue;
        }
        if !same_node(now, left) {
            conflicts.push(name.clone());
            if !force {
                continue;
            }
        }
        match was {
            Some(node) => {
                packet.set(name.clone(), node.clone());
            }
            None => {
                packet.remove(name);
            }
        }
    }
    Merged { packet, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xmpedit_core::xmp::Node;

    fn name(local: &str) -> Name {
        Name::new("http://ns.adobe.com/xap/1.0/", local)
    }

    fn packet(props: &[(&str, &str)]) -> Packet {
        let mut p = Packet::default();
        for (k, v) in props {
            p.set(name(k), Node::text(*v));
        }
        p
    }

    #[test]
    fn a_foreign_edit_of_another_property_survives_the_undo() {
        let before = packet(&[("Rating", "1")]);
        let after = packet(&[("Rating", "5")]);
        let current = packet(&[("Rating", "5"), ("Label", "Red")]);
        let m = revert(&current, &after, &before, false);
        assert_eq!(m.packet, packet(&[("Rating", "1"), ("Label", "Red")]));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn a_property_changed_by_both_is_a_conflict_kept_unless_forced() {
        let before = packet(&[("Rating", "1")]);
        let after = packet(&[("Rating", "5")]);
        let current = packet(&[("Rating", "3")]);
        let m = revert(&current, &after, &before, false);
        assert_eq!(m.packet, current);
        assert_eq!(m.conflicts, vec![name("Rating")]);
        let forced = revert(&current, &after, &before, true);
        assert_eq!(forced.packet, before);
    }

    #[test]
    fn a_metadata_date_stamped_since_is_no_conflict() {
        let before = packet(&[("Rating", "1"), ("MetadataDate", "2020-01-01T00:00:00Z")]);
        let after = packet(&[("Rating", "5"), ("MetadataDate", "2024-01-01T00:00:00Z")]);
        let current = packet(&[("Rating", "5"), ("MetadataDate", "2025-01-01T00:00:00Z")]);
        let m = revert(&current, &after, &before, false);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(
            m.packet,
            packet(&[("Rating", "1"), ("MetadataDate", "2025-01-01T00:00:00Z")])
        );
    }

    #[test]
    fn a_property_the_batch_added_is_removed_again() {
        let before = packet(&[]);
        let after = packet(&[("Label", "Red")]);
        let current = packet(&[("Label", "Red"), ("Rating", "2")]);
        let m = revert(&current, &after, &before, false);
        assert_eq!(m.packet, packet(&[("Rating", "2")]));
    }
}
