//! Every edit op and every EDIT expression form, as a user sees them: the resulting
//! model, the exact inverse, and the exact error messages.

use xmpedit::edit::{
    apply_all, hint_prefixes, parse_edit, preview, BasicSchema, Canonical, ItemRef, NoSchema,
    NsMap, Op, Path, ValueType,
};
use xmpedit::xmp::{lang, ns, ArrayKind, Name, Node, Packet, Value};

const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";

fn path(text: &str) -> Path {
    Path::parse(text, &Canonical).unwrap()
}

fn name(text: &str) -> Name {
    path(text).prop
}

fn op(expr: &str) -> Op {
    parse_edit(expr, &Canonical, &BasicSchema::new()).unwrap_or_else(|e| panic!("{e}"))
}

fn op_err(expr: &str) -> String {
    parse_edit(expr, &Canonical, &BasicSchema::new())
        .unwrap_err()
        .to_string()
}

fn bag(items: &[&str]) -> Node {
    Node::array(
        ArrayKind::Bag,
        items.iter().map(|s| Node::text(*s)).collect(),
    )
}

fn seq(items: &[&str]) -> Node {
    Node::array(
        ArrayKind::Seq,
        items.iter().map(|s| Node::text(*s)).collect(),
    )
}

fn alt(pairs: &[(&str, &str)]) -> Node {
    Node::array(
        ArrayKind::Alt,
        pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
    )
}

/// A packet with a few properties in a known order.
fn sample() -> Packet {
    let mut p = Packet::new();
    p.set(name("xmp:Rating"), Node::text("3"));
    p.set(
        name("dc:title"),
        alt(&[("x-default", "Hello"), ("en-US", "Hello"), ("de", "Hallo")]),
    );
    p.set(name("dc:subject"), bag(&["alps", "snow"]));
    p.set(name("dc:creator"), seq(&["Ann", "Bob", "Cy"]));
    let mut uri = Node::uri("http://example.com/terms");
    uri.set_qualifier(name("xmpidq:Scheme"), Node::text("web"));
    p.set(name("xmpRights:WebStatement"), uri);
    p
}

/// Applies `op`, checks that the inverse restores the packet exactly and that the
/// inverse's inverse redoes the edit; returns the edited packet.
fn roundtrip(before: &Packet, op: &Op) -> Packet {
    let mut p = before.clone();
    let inverse = op.apply(&mut p).unwrap_or_else(|e| panic!("{op}: {e}"));
    let after = p.clone();
    let redo = inverse.apply(&mut p).unwrap();
    assert_eq!(p, *before, "inverse of {op} ({inverse}) did not restore");
    redo.apply(&mut p).unwrap();
    assert_eq!(p, after, "redo of {op} did not reapply");
    after
}

fn names(p: &Packet) -> Vec<String> {
    p.props
        .iter()
        .map(|(n, _)| Path::prop(n.clone()).to_string())
        .collect()
}

fn texts(node: &Node) -> Vec<&str> {
    node.items()
        .unwrap()
        .iter()
        .map(|i| i.as_text().unwrap())
        .collect()
}

fn langs(node: &Node) -> Vec<(String, String)> {
    node.items()
        .unwrap()
        .iter()
        .map(|i| (i.lang().unwrap().into(), i.as_text().unwrap().into()))
        .collect()
}

fn apply_err(p: &Packet, op: &Op) -> String {
    let mut copy = p.clone();
    let e = op.apply(&mut copy).unwrap_err().to_string();
    assert_eq!(copy, *p, "a refused op changed the packet");
    e
}

// ---- SetSimple -------------------------------------------------------------------

#[test]
fn set_simple_replaces_in_place_and_keeps_qualifiers() {
    let p = roundtrip(
        &sample(),
        &op("xmpRights:WebStatement=http://example.com/new"),
    );
    let node = p.get(&name("xmpRights:WebStatement")).unwrap();
    assert_eq!(
        node.value,
        Value::Uri("http://example.com/new".into()),
        "a URI stays a URI"
    );
    assert_eq!(
        node.qualifier(&name("xmpidq:Scheme")).unwrap().as_text(),
        Some("web")
    );
    assert_eq!(names(&p), names(&sample()), "position kept");
}

#[test]
fn set_simple_appends_a_new_property() {
    let p = roundtrip(&sample(), &op("photoshop:City=Paris = Ville [FR]"));
    assert_eq!(p.text(&name("photoshop:City")), Some("Paris = Ville [FR]"));
    assert_eq!(names(&p).last().unwrap(), "photoshop:City");
}

#[test]
fn set_simple_creates_struct_parents() {
    let o = op("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork=a@b.c");
    let p = roundtrip(&Packet::new(), &o);
    let info = p.get(&name("Iptc4xmpCore:CreatorContactInfo")).unwrap();
    assert_eq!(
        info.fields().unwrap(),
        &vec![(Name::new(IPTC_CORE, "CiEmailWork"), Node::text("a@b.c"))]
    );
    // A second field joins the same struct.
    let p2 = roundtrip(
        &p,
        &op("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCity=Oslo"),
    );
    assert_eq!(
        p2.get(&name("Iptc4xmpCore:CreatorContactInfo"))
            .unwrap()
            .fields()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn set_simple_creates_array_items_only_at_the_end() {
    let p = roundtrip(&Packet::new(), &op("xmpMM:History[1]/stEvt:action=saved"));
    let hist = p.get(&name("xmpMM:History")).unwrap();
    assert_eq!(hist.array_kind(), Some(ArrayKind::Seq));
    assert_eq!(
        hist.items().unwrap()[0].fields().unwrap(),
        &vec![(Name::new(ST_EVT, "action"), Node::text("saved"))]
    );
    let p = roundtrip(&p, &op("xmpMM:History[2]/stEvt:action=converted"));
    assert_eq!(
        p.get(&name("xmpMM:History"))
            .unwrap()
            .items()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        apply_err(&p, &op("xmpMM:History[4]/stEvt:action=x")),
        "xmpMM:History has no item 4 (it has 2)"
    );
    // The schema's array kind is used for arrays created by an index step.
    let p = roundtrip(
        &Packet::new(),
        &op("Iptc4xmpExt:LocationShown[1]/Iptc4xmpExt:City=Paris"),
    );
    assert_eq!(
        p.get(&name("Iptc4xmpExt:LocationShown"))
            .unwrap()
            .array_kind(),
        Some(ArrayKind::Bag)
    );
}

#[test]
fn set_simple_on_a_language_alternative_sets_x_default() {
    let o = Op::SetSimple {
        path: path("dc:title"),
        value: "Hi".into(),
        new_arrays: vec![],
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        langs(p.get(&name("dc:title")).unwrap()),
        vec![
            ("x-default".into(), "Hi".into()),
            ("en-US".into(), "Hi".into()),
            ("de".into(), "Hallo".into())
        ]
    );
}

#[test]
fn set_simple_refuses_structs_and_arrays() {
    let p = roundtrip(
        &Packet::new(),
        &op("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork=a"),
    );
    let o = Op::SetSimple {
        path: path("Iptc4xmpCore:CreatorContactInfo"),
        value: "x".into(),
        new_arrays: vec![],
    };
    assert_eq!(
        apply_err(&p, &o),
        "Iptc4xmpCore:CreatorContactInfo is a struct, not a simple value; set one of its fields: Iptc4xmpCore:CreatorContactInfo/FIELD=VALUE"
    );
    let o = Op::SetSimple {
        path: path("dc:subject"),
        value: "x".into(),
        new_arrays: vec![],
    };
    assert_eq!(
        apply_err(&sample(), &o),
        "dc:subject is a Bag array, not a simple value; use dc:subject+=VALUE to add an item"
    );
    let o = Op::SetSimple {
        path: path("xmp:Rating/dc:format"),
        value: "x".into(),
        new_arrays: vec![],
    };
    assert_eq!(
        apply_err(&sample(), &o),
        "xmp:Rating is a simple value, not a struct"
    );
}

#[test]
fn set_simple_through_a_lang_step_is_set_lang() {
    let o = Op::SetSimple {
        path: path("dc:title[de]"),
        value: "Servus".into(),
        new_arrays: vec![],
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        lang::get_text(p.get(&name("dc:title")).unwrap(), "de"),
        Some("Servus")
    );
}

#[test]
fn qualifiers_can_be_set_and_deleted() {
    let p = roundtrip(&sample(), &op("dc:creator[2]/?xmpidq:Scheme=orcid"));
    let item = &p.get(&name("dc:creator")).unwrap().items().unwrap()[1];
    assert_eq!(
        item.qualifier(&name("xmpidq:Scheme")).unwrap().as_text(),
        Some("orcid")
    );
    let p = roundtrip(&p, &op("-dc:creator[2]/?xmpidq:Scheme"));
    assert_eq!(p, sample());
}

// ---- Language alternatives ---------------------------------------------------------

#[test]
fn set_lang_creates_a_lang_alt_with_x_default() {
    let p = roundtrip(&Packet::new(), &op("dc:title[de-DE]=Titel"));
    assert_eq!(
        langs(p.get(&name("dc:title")).unwrap()),
        vec![
            ("x-default".into(), "Titel".into()),
            ("de-DE".into(), "Titel".into())
        ]
    );
}

#[test]
fn set_lang_follows_the_x_default_rules() {
    // en-US mirrors x-default, so x-default follows it.
    let p = roundtrip(&sample(), &op("dc:title[en-us]=Hi"));
    assert_eq!(
        langs(p.get(&name("dc:title")).unwrap()),
        vec![
            ("x-default".into(), "Hi".into()),
            ("en-US".into(), "Hi".into()),
            ("de".into(), "Hallo".into())
        ]
    );
    // A new language is appended; x-default untouched.
    let p = roundtrip(&sample(), &op("dc:title[fr-FR]=Bonjour"));
    assert_eq!(
        langs(p.get(&name("dc:title")).unwrap())[3],
        ("fr-FR".into(), "Bonjour".into())
    );
    assert_eq!(langs(p.get(&name("dc:title")).unwrap())[0].1, "Hello");
    // Plain `=` on a Lang Alt means x-default, which carries equal items along.
    let o = op("dc:title=Moin");
    assert_eq!(
        o,
        Op::SetLang {
            path: path("dc:title"),
            lang: "x-default".into(),
            text: "Moin".into()
        }
    );
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:title")).unwrap()),
        vec!["Moin", "Moin", "Hallo"]
    );
}

#[test]
fn set_lang_refuses_non_lang_alts_and_bad_tags() {
    let o = Op::SetLang {
        path: path("dc:subject"),
        lang: "de".into(),
        text: "x".into(),
    };
    assert_eq!(
        apply_err(&sample(), &o),
        "dc:subject is a Bag array, not a language alternative"
    );
    let o = Op::SetLang {
        path: path("dc:title"),
        lang: "de_DE".into(),
        text: "x".into(),
    };
    assert!(apply_err(&sample(), &o).starts_with("dc:title: invalid language tag \"de_DE\""));
}

#[test]
fn remove_lang_is_exact_and_drops_an_emptied_property() {
    let p = roundtrip(&sample(), &op("-dc:title[de]"));
    assert_eq!(
        texts(p.get(&name("dc:title")).unwrap()),
        vec!["Hello", "Hello"]
    );
    // Absent language: nothing happens, and the inverse is a no-op.
    let mut q = sample();
    assert_eq!(op("-dc:title[fr]").apply(&mut q).unwrap(), Op::Noop);
    assert_eq!(q, sample());
    // Removing the last alternative removes the property.
    let mut one = Packet::new();
    one.set(name("dc:rights"), alt(&[("x-default", "CC")]));
    let p = roundtrip(&one, &op("-dc:rights[x-default]"));
    assert!(p.is_empty());
}

#[test]
fn make_default_lang_copies_into_x_default() {
    let o = Op::MakeDefaultLang {
        path: path("dc:title"),
        lang: "de".into(),
    };
    let p = roundtrip(&sample(), &o);
    assert_eq!(
        texts(p.get(&name("dc:title")).unwrap()),
        vec!["Hallo", "Hello", "Hallo"]
    );
    let o = Op::MakeDefaultLang {
        path: path("dc:title"),
        lang: "fr".into(),
    };
    assert_eq!(apply_err(&sample(), &o), "dc:title has no fr alternative");
}

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
        "xmp:Rating must be -1 (rejected) or 0..5, got high"
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

// ---- Validation --------------------------------------------------------------------

fn invalid(o: Op) -> String {
    o.validate(&BasicSchema::new()).unwrap_err().to_string()
}

#[test]
fn validation_messages() {
    assert_eq!(
        invalid(Op::SetRating(7)),
        "xmp:Rating must be -1 (rejected) or 0..5, got 7"
    );
    assert_eq!(
        invalid(Op::SetSimple {
            path: path("tiff:Orientation"),
            value: "up".into(),
            new_arrays: vec![]
        }),
        "tiff:Orientation must be an Integer, got \"up\""
    );
    assert_eq!(
        invalid(Op::SetSimple { path: path("xmp:CreateDate"), value: "May 5".into(), new_arrays: vec![] }),
        "xmp:CreateDate must be a date like 2024, 2024-05-31 or 2024-05-31T14:30:00+02:00, got \"May 5\""
    );
    assert_eq!(
        invalid(Op::SetSimple {
            path: path("xmpRights:Marked"),
            value: "yes".into(),
            new_arrays: vec![]
        }),
        "xmpRights:Marked must be True or False, got \"yes\""
    );
    assert_eq!(
        invalid(Op::SetSimple {
            path: path("photoshop:ColorMode"),
            value: "5".into(),
            new_arrays: vec![]
        }),
        "photoshop:ColorMode must be one of 0, 1, 2, 3, 4, 7, 8, 9, got \"5\""
    );
    assert_eq!(
        invalid(Op::AddItem {
            path: path("photoshop:City"),
            value: "x".into(),
            kind: ArrayKind::Bag
        }),
        "photoshop:City is Text, not an array; use photoshop:City=VALUE"
    );
    assert_eq!(
        invalid(Op::RemoveLang {
            path: path("dc:subject"),
            lang: "de".into()
        }),
        "dc:subject is a Bag array, not a language alternative"
    );
    assert!(invalid(Op::SetLang {
        path: path("dc:title"),
        lang: "deutsch!".into(),
        text: "x".into()
    })
    .starts_with("dc:title: invalid language tag \"deutsch!\""));
    assert_eq!(
        invalid(Op::SetList {
            path: path("dc:subject"),
            kind: ArrayKind::Seq,
            items: vec![]
        }),
        "dc:subject is a Bag array, but a Seq array was asked for"
    );
    assert_eq!(
        invalid(Op::AddItem { path: path("dc:date"), value: "soon".into(), kind: ArrayKind::Seq }),
        "an item of dc:date must be a date like 2024, 2024-05-31 or 2024-05-31T14:30:00+02:00, got \"soon\""
    );
    assert_eq!(
        invalid(Op::SetSimple {
            path: path("tiff:Orientation/tiff:x"),
            value: "1".into(),
            new_arrays: vec![]
        }),
        "tiff:Orientation is an Integer, not a struct"
    );
    assert_eq!(
        invalid(Op::SetSimple {
            path: path("xmpMM:History"),
            value: "1".into(),
            new_arrays: vec![]
        }),
        "xmpMM:History is a Seq array, not a simple value; use xmpMM:History+=VALUE to add an item"
    );
    assert_eq!(
        invalid(Op::MoveItem {
            path: path("dc:creator"),
            from: 0,
            to: 1
        }),
        "dc:creator: item indexes start at 1"
    );
}

#[test]
fn validation_accepts_good_and_unknown_edits() {
    let schema = BasicSchema::new();
    for o in [
        op("tiff:Orientation=6"),
        op("xmpMM:History[1]/stEvt:when=2024-05-31T10:00:00Z"),
        Op::SetSimple {
            path: path("{http://example.com/x/}Anything"),
            value: "x".into(),
            new_arrays: vec![],
        },
        Op::SetSimple {
            path: path("xmp:Rating"),
            value: "2.5".into(),
            new_arrays: vec![],
        },
    ] {
        o.validate(&schema).unwrap_or_else(|e| panic!("{o}: {e}"));
    }
    // Without a schema only the model's own rules apply.
    Op::SetSimple {
        path: path("tiff:Orientation"),
        value: "up".into(),
        new_arrays: vec![],
    }
    .validate(&NoSchema)
    .unwrap();
    assert!(Op::SetRating(9).validate(&NoSchema).is_err());
    // A custom schema entry is honoured.
    let custom = BasicSchema::new().with(name("photoshop:City"), ValueType::Integer);
    assert!(op("photoshop:City=Paris").validate(&custom).is_err());
}

// ---- EDIT expressions --------------------------------------------------------------

#[test]
fn edit_forms_map_to_ops() {
    assert_eq!(
        op("photoshop:City=Paris"),
        Op::SetSimple {
            path: path("photoshop:City"),
            value: "Paris".into(),
            new_arrays: vec![]
        }
    );
    assert_eq!(
        op("dc:title[de-DE]=Titel"),
        Op::SetLang {
            path: path("dc:title"),
            lang: "de-DE".into(),
            text: "Titel".into()
        }
    );
    assert_eq!(
        op("dc:title[x-default]=Title"),
        Op::SetLang {
            path: path("dc:title"),
            lang: "x-default".into(),
            text: "Title".into()
        }
    );
    assert_eq!(
        op("dc:subject+=alps"),
        Op::AddItem {
            path: path("dc:subject"),
            value: "alps".into(),
            kind: ArrayKind::Bag
        }
    );
    assert_eq!(
        op("dc:subject-=alps"),
        Op::RemoveItem {
            path: path("dc:subject"),
            item: ItemRef::Value("alps".into())
        }
    );
    assert_eq!(
        op("-dc:subject"),
        Op::Delete {
            path: path("dc:subject")
        }
    );
    assert_eq!(
        op("-dc:title[de-DE]"),
        Op::RemoveLang {
            path: path("dc:title"),
            lang: "de-DE".into()
        }
    );
    assert_eq!(
        op("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork=a@b.c"),
        Op::SetSimple {
            path: path("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork"),
            value: "a@b.c".into(),
            new_arrays: vec![]
        }
    );
    assert_eq!(
        op("xmpMM:History[1]/stEvt:action=saved"),
        Op::SetSimple {
            path: path("xmpMM:History[1]/stEvt:action"),
            value: "saved".into(),
            new_arrays: vec![]
        }
    );
    // Values are verbatim after the first operator.
    assert_eq!(
        op("dc:subject+= a=b [c] -=d "),
        Op::AddItem {
            path: path("dc:subject"),
            value: " a=b [c] -=d ".into(),
            kind: ArrayKind::Bag
        }
    );
    assert_eq!(
        op("photoshop:City="),
        Op::SetSimple {
            path: path("photoshop:City"),
            value: "".into(),
            new_arrays: vec![]
        }
    );
    // Unknown properties default to a Bag for +=.
    let ns = NsMap::new().with("my", "http://example.com/my/");
    assert_eq!(
        parse_edit("my:tags+=x", &ns, &BasicSchema::new()).unwrap(),
        Op::AddItem {
            path: Path::prop(Name::new("http://example.com/my/", "tags")),
            value: "x".into(),
            kind: ArrayKind::Bag
        }
    );
}

#[test]
fn edit_errors_name_the_expression_and_column() {
    assert_eq!(
        op_err("xmp:Rating=7"),
        "edit \"xmp:Rating=7\" at column 12: xmp:Rating must be -1 (rejected) or 0..5, got 7"
    );
    assert_eq!(
        op_err("tiff:Orientation=left"),
        "edit \"tiff:Orientation=left\" at column 18: tiff:Orientation must be an Integer, got \"left\""
    );
    assert_eq!(
        op_err("foo:bar=1"),
        "edit \"foo:bar=1\" at column 1: unknown namespace prefix \"foo\" (declare it with --ns foo=URI)"
    );
    assert_eq!(
        op_err("Rating=4"),
        "edit \"Rating=4\" at column 1: expected PREFIX:NAME (e.g. dc:title), found \"Rating\" without a prefix"
    );
    assert_eq!(
        op_err(""),
        "edit \"\" at column 1: empty edit; expected PROP=VALUE, PROP+=VALUE, PROP-=VALUE or -PROP"
    );
    assert_eq!(
        op_err("dc:title"),
        "edit \"dc:title\" at column 9: expected '=', '+=' or '-=' after dc:title"
    );
    assert_eq!(
        op_err("dc:title = x"),
        "edit \"dc:title = x\" at column 9: unexpected space after dc:title; write PROP=VALUE without spaces around the operator"
    );
    assert_eq!(
        op_err("dc:title:x=1"),
        "edit \"dc:title:x=1\" at column 9: unexpected \":\" after dc:title; expected '=', '+=' or '-='"
    );
    assert_eq!(
        op_err("-dc:subject=x"),
        "edit \"-dc:subject=x\" at column 12: a deletion (-dc:subject) takes no value"
    );
    assert!(op_err("dc:title[de_DE]=x")
        .starts_with("edit \"dc:title[de_DE]=x\" at column 10: invalid language tag \"de_DE\""));
    assert_eq!(
        op_err("dc:subject[0]=x"),
        "edit \"dc:subject[0]=x\" at column 12: item numbers start at 1"
    );
    assert_eq!(
        op_err("dc:subject[de]=x"),
        "edit \"dc:subject[de]=x\" at column 1: dc:subject is a Bag array, not a language alternative"
    );
    assert_eq!(
        op_err("dc:title+=x"),
        "edit \"dc:title+=x\" at column 1: dc:title is a language alternative, not an array; use dc:title[LANG]=TEXT or -dc:title[LANG]"
    );
    assert_eq!(
        op_err("Iptc4xmpCore:CreatorContactInfo=x"),
        "edit \"Iptc4xmpCore:CreatorContactInfo=x\" at column 1: Iptc4xmpCore:CreatorContactInfo is a struct, not a simple value; set one of its fields: Iptc4xmpCore:CreatorContactInfo/FIELD=VALUE"
    );
    assert_eq!(
        op_err("photoshop:City+=x"),
        "edit \"photoshop:City+=x\" at column 1: photoshop:City is Text, not an array; use photoshop:City=VALUE"
    );
    // Columns count characters, not bytes.
    assert_eq!(
        op_err("photoshop:Urgency=ä"),
        "edit \"photoshop:Urgency=ä\" at column 19: photoshop:Urgency must be an Integer, got \"ä\""
    );
}

// ---- Serialization, display, prefixes ---------------------------------------------

#[test]
fn ops_serialize_for_the_journal_and_pending_list() {
    let ops = vec![
        op("dc:title[de-DE]=Titel"),
        op("xmpMM:History[1]/stEvt:action=saved"),
        op("-dc:creator[2]"),
        Op::SetNode {
            path: path("dc:title"),
            node: sample().get(&name("dc:title")).unwrap().clone(),
            at: Some(1),
        },
        Op::SetRating(-1),
        Op::Noop,
        Op::SetSimple {
            path: path("dc:subject[2]"),
            value: "x".into(),
            new_arrays: vec![ArrayKind::Bag],
        },
    ];
    let json = serde_json::to_string(&ops).unwrap();
    let back: Vec<Op> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ops);
}

#[test]
fn ops_display_as_edit_expressions() {
    for e in [
        "xmp:Rating=4",
        "photoshop:City=Paris",
        "dc:title[de-DE]=Titel",
        "dc:subject+=alps",
        "dc:subject-=alps",
        "-dc:subject",
        "-dc:title[de-DE]",
        "-dc:creator[2]",
        "xmpMM:History[1]/stEvt:action=saved",
    ] {
        assert_eq!(op(e).to_string(), e);
    }
    assert_eq!(op("dc:title=T").to_string(), "dc:title[x-default]=T");
    assert_eq!(
        Op::MoveItem {
            path: path("dc:creator"),
            from: 3,
            to: 1
        }
        .to_string(),
        "move dc:creator[3] to [1]"
    );
}

#[test]
fn custom_prefixes_are_hinted_for_output() {
    let ns = NsMap::new().with("my", "http://example.com/my/");
    let o = parse_edit("my:Thing/my:part=x", &ns, &NoSchema).unwrap();
    let mut p = Packet::new();
    p.prefixes.hint(ns::DC, "dc");
    apply_all(std::slice::from_ref(&o), &mut p).unwrap();
    hint_prefixes(&mut p, &[o], &ns);
    assert_eq!(p.prefixes.prefix_of("http://example.com/my/"), Some("my"));
    assert_eq!(p.prefixes.prefix_of(ns::DC), Some("dc"));
    let thing = p
        .get(&Name::new("http://example.com/my/", "Thing"))
        .unwrap();
    assert_eq!(thing.fields().unwrap()[0].1.as_text(), Some("x"));
}
