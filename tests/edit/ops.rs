//! Edit ops on simple values, structs, arrays of structs, qualifiers and language
//! alternatives, as a user sees them: the resulting model, the exact inverse, and
//! the exact error messages.

use crate::util::edit_support as support;

use support::*;
use xmpedit_core::edit::Op;
use xmpedit_core::xmp::{lang, ArrayKind, Name, Node, Packet, Value};

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
