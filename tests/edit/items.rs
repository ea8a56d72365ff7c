//! Edit ops on array items, ratings, deletion and subtree restore, and bulk
//! application of op lists: resulting models, exact inverses, exact messages.

use crate::util::edit_support as support;

use support::*;
use xmpedit_core::edit::{apply_all, preview, ItemRef, Op};
use xmpedit_core::xmp::{lang, ArrayKind, Node, Packet};

// ---- Items -------------------------------------------------------------------------

#[test]
fn add_item_creates_a_bag_and_never_duplicates_in_it() {
    let p = roundtrip(&Packet::new(), &op("dc:subject+=alps"));
    assert_eq!(p.get(&name("dc:subject")).unwrap(), &bag(&["alps"]));
    let mut q = sample();
    let inverse = op("dc:subject+=alps").apply(&mut q).unwrap();
    assert_eq!(
        inverse,
        Op::Noop,
        "adding an existing keyword changes nothing"
    );
    assert_eq!(q, sample());
    let p = roundtrip(&sample(), &op("dc:subject+=glacier"));
    assert_eq!(
        texts(p.get(&name("dc:subject")).unwrap()),
        vec!["alps", "snow", "glacier"]
    );
}

#[test]
fn add_item_to_a_seq_keeps_duplicates_and_kind() {
    let o = op("dc:creator+=Ann");
    assert_eq!(
        o,
        Op::AddItem {
            path: path("dc:creator"),
            value: "Ann".into(),
            kind: ArrayKind::Seq
        }
    );
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:creator")).unwrap()),
        vec!["Ann", "Bob", "Cy", "Ann"]
    );
    let p = roundtrip(&Packet::new(), &o);
    assert_eq!(
        p.get(&name("dc:creator")).unwrap().array_kind(),
        Some(ArrayKind::Seq)
    );
}

#[test]
fn add_item_refuses_simple_values_and_lang_alts() {
    let o = Op::AddItem {
        path: path("xmp:Rating"),
        value: "4".into(),
        kind: ArrayKind::Bag,
    };
    assert_eq!(
        apply_err(&sample(), &o),
        "xmp:Rating is a simple value, not an array; use xmp:Rating=VALUE"
    );
    let o = Op::AddItem {
        path: path("dc:title"),
        value: "x".into(),
        kind: ArrayKind::Bag,
    };
    assert_eq!(
        apply_err(&sample(), &o),
        "dc:title is a language alternative, not an array; use dc:title[LANG]=TEXT or -dc:title[LANG]"
    );
}

#[test]
fn remove_item_by_value_and_index() {
    let mut dup = sample();
    dup.set(name("dc:subject"), bag(&["alps", "snow", "alps"]));
    let p = roundtrip(&dup, &op("dc:subject-=alps"));
    assert_eq!(
        texts(p.get(&name("dc:subject")).unwrap()),
        vec!["snow"],
        "every copy goes"
    );
    let mut q = sample();
    assert_eq!(op("dc:subject-=ice").apply(&mut q).unwrap(), Op::Noop);
    assert_eq!(
        op("dc:contributor-=x").apply(&mut q).unwrap(),
        Op::Noop,
        "absent property"
    );
    assert_eq!(op_err("photoshop:City-=x"), "edit \"photoshop:City-=x\" at column 1: photoshop:City is Text, not an array; use photoshop:City=VALUE");
    let o = op("-dc:creator[2]");
    assert_eq!(
        o,
        Op::RemoveItem {
            path: path("dc:creator"),
            item: ItemRef::Index(2)
        }
    );
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:creator")).unwrap()),
        vec!["Ann", "Cy"]
    );
    assert_eq!(
        apply_err(&sample(), &op("-dc:creator[4]")),
        "dc:creator has no item 4 (it has 3)"
    );
    assert_eq!(
        apply_err(&Packet::new(), &op("-dc:creator[1]")),
        "dc:creator has no item 1 (it has 0)"
    );
}

#[test]
fn removing_the_last_item_removes_the_property() {
    let mut p = Packet::new();
    p.set(name("dc:subject"), bag(&["alps"]));
    let after = roundtrip(&p, &op("dc:subject-=alps"));
    assert!(after.is_empty());
    // An array that was already empty is left alone.
    let mut empty = Packet::new();
    empty.set(name("dc:subject"), bag(&[]));
    let mut q = empty.clone();
    assert_eq!(op("dc:subject-=alps").apply(&mut q).unwrap(), Op::Noop);
    assert_eq!(q, empty);
}

#[test]
fn replace_and_move_items() {
    let o = Op::ReplaceItem {
        path: path("dc:creator"),
        index: 2,
        value: "Bea".into(),
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:creator")).unwrap()),
        vec!["Ann", "Bea", "Cy"]
    );
    let o = Op::MoveItem {
        path: path("dc:creator"),
        from: 3,
        to: 1,
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:creator")).unwrap()),
        vec!["Cy", "Ann", "Bob"]
    );
    let bad = Op::MoveItem {
        path: path("dc:creator"),
        from: 1,
        to: 9,
    };
    assert_eq!(
        apply_err(&sample(), &bad),
        "dc:creator has no item 9 (it has 3)"
    );
    let bad = Op::ReplaceItem {
        path: path("xmp:Rating"),
        index: 1,
        value: "x".into(),
    };
    assert_eq!(
        apply_err(&sample(), &bad),
        "xmp:Rating is a simple value, not an array"
    );
}

#[test]
fn set_list_replaces_the_whole_array() {
    let o = op("dc:subject=one;two");
    assert_eq!(
        o,
        Op::SetList {
            path: path("dc:subject"),
            kind: ArrayKind::Bag,
            items: vec!["one;two".into()]
        },
        "= on a Bag sets a one-item list; the value is not split"
    );
    let p = roundtrip(&sample(), &o);
    assert_eq!(texts(p.get(&name("dc:subject")).unwrap()), vec!["one;two"]);
    assert_eq!(
        op("dc:subject="),
        Op::Delete {
            path: path("dc:subject")
        }
    );
    let o = Op::SetList {
        path: path("dc:creator"),
        kind: ArrayKind::Seq,
        items: vec!["X".into(), "Y".into()],
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(texts(p.get(&name("dc:creator")).unwrap()), vec!["X", "Y"]);
}

// ---- Rating, Delete, SetNode ---------------------------------------------------------

#[test]
fn rating_is_sugar_with_a_range() {
    assert_eq!(op("xmp:Rating=4"), Op::SetRating(4));
    let p = roundtrip(&sample(), &Op::SetRating(-1));
    assert_eq!(p.text(&name("xmp:Rating")), Some("-1"));
    assert_eq!(
        apply_err(&sample(), &Op::SetRating(7)),
        "xmp:Rating must be -1 (rejected) or 0..5, got 7"
    );
    let o = Op::SetSimple {
        path: path("xmp:Rating"),
        value: "high".into(),
        new_arrays: vec![],
    };
    assert_eq!(
        apply_err(&sample(), &o),
        "xmp:Rating must be -1 (rejected) or 0..5, got \"high\""
    );
}

#[test]
fn delete_removes_exactly_one_node() {
    let p = roundtrip(&sample(), &op("-dc:subject"));
    assert_eq!(
        names(&p),
        vec![
            "xmp:Rating",
            "dc:title",
            "dc:creator",
            "xmpRights:WebStatement"
        ]
    );
    let p = roundtrip(&sample(), &op("-xmpRights:WebStatement/?xmpidq:Scheme"));
    assert!(p
        .get(&name("xmpRights:WebStatement"))
        .unwrap()
        .qualifiers
        .is_empty());
    let mut q = sample();
    assert_eq!(op("-photoshop:City").apply(&mut q).unwrap(), Op::Noop);
    assert_eq!(
        Op::Delete {
            path: path("dc:creator[7]")
        }
        .apply(&mut q)
        .unwrap(),
        Op::Noop
    );
}

#[test]
fn inverse_of_a_deletion_restores_the_position() {
    let before = sample();
    let mut p = before.clone();
    let inverse = op("-dc:title").apply(&mut p).unwrap();
    assert_eq!(
        inverse,
        Op::SetNode {
            path: path("dc:title"),
            node: before.get(&name("dc:title")).unwrap().clone(),
            at: Some(1)
        }
    );
    inverse.apply(&mut p).unwrap();
    assert_eq!(names(&p), names(&before));
}

#[test]
fn set_node_moves_to_the_requested_position() {
    let o = Op::SetNode {
        path: path("dc:creator"),
        node: seq(&["Z"]),
        at: Some(0),
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(names(&p)[0], "dc:creator");
    // Same node, same place: nothing to undo.
    let same = Op::SetNode {
        path: path("dc:creator"),
        node: seq(&["Ann", "Bob", "Cy"]),
        at: Some(3),
    };
    let mut q = sample();
    assert_eq!(same.apply(&mut q).unwrap(), Op::Noop);
    // Nested: replaces a subtree.
    let o = Op::SetNode {
        path: path("dc:creator[2]"),
        node: Node::text("B."),
        at: None,
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:creator")).unwrap()),
        vec!["Ann", "B.", "Cy"]
    );
}

// ---- Bulk application --------------------------------------------------------------

#[test]
fn apply_all_is_atomic_per_packet() {
    let ops = vec![
        op("dc:subject+=glacier"),
        op("photoshop:City=Bern"),
        op("-dc:creator[9]"),
    ];
    let mut p = sample();
    let e = apply_all(&ops, &mut p).unwrap_err();
    assert_eq!(e.to_string(), "dc:creator has no item 9 (it has 3)");
    assert_eq!(p, sample());
    assert_eq!(names(&p), names(&sample()));
}

#[test]
fn apply_all_returns_inverses_to_run_in_order() {
    let ops = vec![
        op("dc:subject+=glacier"),
        op("dc:subject+=alps"), // no-op: no inverse
        op("-dc:title"),
        op("photoshop:City=Bern"),
        op("xmp:Rating=5"),
    ];
    let mut p = sample();
    let inverses = apply_all(&ops, &mut p).unwrap();
    assert_eq!(inverses.len(), 4);
    assert_eq!(
        inverses[0],
        Op::SetNode {
            path: path("xmp:Rating"),
            node: Node::text("3"),
            at: Some(0)
        }
    );
    assert_eq!(preview(&ops, &sample()).unwrap(), p);
    let redo = apply_all(&inverses, &mut p).unwrap();
    assert_eq!(p, sample());
    assert_eq!(names(&p), names(&sample()));
    apply_all(&redo, &mut p).unwrap();
    assert_eq!(p, preview(&ops, &sample()).unwrap());
    assert!(apply_all(&[op("dc:subject+=alps")], &mut sample())
        .unwrap()
        .is_empty());
}

#[test]
fn the_same_ops_apply_to_many_packets() {
    let ops = vec![op("dc:subject+=trip"), op("dc:title[de]=Reise")];
    let mut packets = vec![Packet::new(), sample()];
    for p in &mut packets {
        apply_all(&ops, p).unwrap();
    }
    assert_eq!(
        texts(packets[0].get(&name("dc:subject")).unwrap()),
        vec!["trip"]
    );
    assert_eq!(
        texts(packets[1].get(&name("dc:subject")).unwrap()),
        vec!["alps", "snow", "trip"]
    );
    assert_eq!(
        lang::get_text(packets[1].get(&name("dc:title")).unwrap(), "de"),
        Some("Reise")
    );
}
