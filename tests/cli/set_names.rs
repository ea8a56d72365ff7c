//! `xmpedit set` and property names the schema does not define: creating one in a
//! namespace the registry knows (`dc:titel`) is refused with the nearest names, the
//! whole batch writes nothing, an existing one stays editable, `--allow-unknown`
//! writes it anyway; and `--sep` splitting array values into items.

use crate::util::set_support::*;
use xmpedit_core::xmp::{ns, Value};

const XMP_WITH_TYPO: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:titel="old"/></rdf:RDF></x:xmpmeta>"#;

fn items(path: &std::path::Path, uri: &str, local: &str) -> Vec<String> {
    let p = model(path);
    match prop(&p, uri, local).map(|n| &n.value) {
        Some(Value::Array(_, items)) => items
            .iter()
            .filter_map(|i| i.as_text().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn typos_in_property_names_are_refused_with_the_nearest_name_and_write_nothing() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let before = std::fs::read(&path).unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "dc:titel=Foo",
            "edit \"dc:titel=Foo\": unknown property dc:titel in Dublin Core; did you mean dc:title?",
        ),
        (
            "xmp:rating=5",
            "unknown property xmp:rating in XMP Basic; did you mean xmp:Rating?",
        ),
        (
            "photoshop:city=Bern",
            "unknown property photoshop:city in Photoshop; did you mean photoshop:City?",
        ),
        (
            "dc:nonexistent=1",
            "unknown property dc:nonexistent in Dublin Core",
        ),
        ("dc:subjekt+=alps", "did you mean dc:subject?"),
        (
            "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCty=Bern",
            "unknown field Iptc4xmpCore:CiAdrCty of Iptc4xmpCore:CreatorContactInfo",
        ),
    ];
    for (edit, message) in cases {
        // A valid edit in the same batch: nothing of it may be written either.
        for dry in [false, true] {
            let mut a = vec!["set"];
            if dry {
                a.push("--dry-run");
            }
            a.extend(["-e", "dc:title=ok", "-e", edit, s(&path)]);
            let out = ws.run(&a);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{edit}: {err}");
            assert!(err.contains(message), "{edit}: {err}");
            assert!(err.contains("--allow-unknown"), "{edit}: {err}");
            assert!(err.contains("nothing was written"), "{edit}: {err}");
            assert_eq!(std::fs::read(&path).unwrap(), before, "{edit}");
        }
    }
    assert_eq!(ws.journal_files(), 0);
}

#[test]
fn a_property_the_file_already_has_may_be_edited_and_deleted() {
    let ws = Ws::new();
    let path = ws.put("a.xmp", XMP_WITH_TYPO.as_bytes());
    ws.ok(&["set", "-e", "dc:titel=new", s(&path)], 0);
    assert_eq!(
        simple(&model(&path), ns::DC, "titel").as_deref(),
        Some("new")
    );
    ws.ok(&["set", "-e", "-dc:titel", s(&path)], 0);
    assert_eq!(simple(&model(&path), ns::DC, "titel"), None);
    // Gone now, so creating it again is refused.
    let out = ws.run(&["set", "-e", "dc:titel=again", s(&path)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn allow_unknown_writes_an_undefined_name() {
    let ws = Ws::new();
    let path = ws.put("a.png", &xmpedit_formats::png::chunks::blank());
    ws.ok(
        &[
            "set",
            "--allow-unknown",
            "-e",
            "dc:nonexistent=1",
            "-e",
            "dc:title=ok",
            s(&path),
        ],
        0,
    );
    let p = model(&path);
    assert_eq!(simple(&p, ns::DC, "nonexistent").as_deref(), Some("1"));
    assert!(prop(&p, ns::DC, "title").is_some());
}

#[test]
fn names_of_a_declared_namespace_are_not_judged() {
    let ws = Ws::new();
    let path = ws.put("a.png", &xmpedit_formats::png::chunks::blank());
    ws.ok(
        &[
            "set",
            "--ns",
            "acme=http://ns.acme.test/1.0/",
            "-e",
            "acme:Anything=1",
            s(&path),
        ],
        0,
    );
}

#[test]
fn sep_splits_array_values_into_trimmed_items() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(
        &[
            "set",
            "--sep",
            ",",
            "-e",
            "dc:subject+=sunset, beach ,holiday,,",
            s(&path),
        ],
        0,
    );
    assert_eq!(
        items(&path, ns::DC, "subject"),
        ["sunset", "beach", "holiday"]
    );
    ws.ok(
        &[
            "set",
            "--sep",
            ";",
            "-e",
            "dc:subject-=beach; sunset",
            s(&path),
        ],
        0,
    );
    assert_eq!(items(&path, ns::DC, "subject"), ["holiday"]);
    ws.ok(
        &[
            "set",
            "--sep",
            "|",
            "-e",
            "dc:creator=Doe, Jane | Roe, Ann",
            s(&path),
        ],
        0,
    );
    assert_eq!(items(&path, ns::DC, "creator"), ["Doe, Jane", "Roe, Ann"]);
    // A simple value is never split.
    ws.ok(
        &[
            "set",
            "--sep",
            ",",
            "-e",
            "photoshop:City=Bern, CH",
            s(&path),
        ],
        0,
    );
    assert_eq!(
        simple(&model(&path), ns::PHOTOSHOP, "City").as_deref(),
        Some("Bern, CH")
    );
}

#[test]
fn without_sep_a_list_value_stays_one_item() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "dc:subject+=a,b,c", s(&path)], 0);
    assert_eq!(items(&path, ns::DC, "subject"), ["a,b,c"]);
}
