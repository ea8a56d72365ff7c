//! Validation against schema types and every EDIT expression form, with the exact
//! messages a user sees; ops' serialized and displayed forms.

use xmpedit_core::edit::{
    apply_all, hint_prefixes, parse_edit, Canonical, ItemRef, NsMap, Op, Path,
};
use xmpedit_core::schema::{registry, Registry, SimpleType, ValueType};
use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet};
use xmpedit_session::journal::OpRecord;

fn path(text: &str) -> Path {
    Path::parse(text, &Canonical).unwrap()
}

fn name(text: &str) -> Name {
    path(text).prop
}

fn op(expr: &str) -> Op {
    parse_edit(expr, &Canonical, registry()).unwrap_or_else(|e| panic!("{e}"))
}

fn op_err(expr: &str) -> String {
    parse_edit(expr, &Canonical, registry())
        .unwrap_err()
        .to_string()
}

// ---- Validation --------------------------------------------------------------------

fn invalid(o: Op) -> String {
    o.validate(registry()).unwrap_err().to_string()
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
    let schema = registry();
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
        o.validate(schema).unwrap_or_else(|e| panic!("{o}: {e}"));
    }
    // Without a schema only the model's own rules apply.
    Op::SetSimple {
        path: path("tiff:Orientation"),
        value: "up".into(),
        new_arrays: vec![],
    }
    .validate(&Registry::default())
    .unwrap();
    assert!(Op::SetRating(9).validate(&Registry::default()).is_err());
    // A custom schema entry is honoured.
    let custom = xmpedit_core::schema::load(&[(
        "photoshop.toml",
        "uri = \"http://ns.adobe.com/photoshop/1.0/\"\nprefix = \"photoshop\"\n\
         name = \"Photoshop\"\ncategory = \"Description\"\norder = 1\n\
         [[property]]\nname = \"City\"\ntype = \"Integer\"\n",
    )])
    .unwrap();
    assert_eq!(
        custom
            .property(&name("photoshop:City"))
            .map(|d| d.ty.clone()),
        Some(ValueType::Simple(SimpleType::Integer))
    );
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
        parse_edit("my:tags+=x", &ns, registry()).unwrap(),
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
            node: Node::array(
                ArrayKind::Alt,
                vec![
                    Node::lang_text("x-default", "T"),
                    Node::lang_text("de", "T"),
                ],
            ),
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
    // The journal stores ops in its own form (`OpRecord`).
    let records: Vec<OpRecord> = ops.iter().map(OpRecord::from).collect();
    let json = serde_json::to_string(&records).unwrap();
    let stored: Vec<OpRecord> = serde_json::from_str(&json).unwrap();
    let back: Vec<Op> = stored
        .into_iter()
        .map(|r| Op::try_from(r).unwrap())
        .collect();
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
    let o = parse_edit("my:Thing/my:part=x", &ns, &Registry::default()).unwrap();
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
