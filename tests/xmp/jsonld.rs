//! JSON-LD (KHR_xmp_json_ld) writer and reader: the golden example of docs/jsonld.md,
//! "Example", forms, tolerances, errors and proptest round trips model -> JSON -> model.

use crate::util::common;

use common::gen::{self, LocalNameHints};
use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use xmpedit_core::xmp::jsonld::{
    from_json, from_json_with_context, to_json, NoHints, Scalar, TypeHints,
};
use xmpedit_core::xmp::{ArrayKind, Name, Node, Packet};

/// xmp:Rating is an Integer, everything else text: enough for the golden example.
struct RatingHints;

impl TypeHints for RatingHints {
    fn scalar(&self, path: &[&Name]) -> Option<Scalar> {
        (path.len() == 1 && path[0].is(XMP, "Rating")).then_some(Scalar::Integer)
    }
}

fn notes_example_packet() -> Packet {
    let mut p = Packet::new();
    p.set(
        n(DC, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("x-default", "Harbour at dusk"),
                Node::lang_text("fr-fr", "Le port au crépuscule"),
            ],
        ),
    );
    p.set(
        n(DC, "creator"),
        Node::array(ArrayKind::Seq, vec![Node::text("Ana Silva")]),
    );
    p.set(
        n(DC, "subject"),
        Node::array(
            ArrayKind::Bag,
            vec![Node::text("harbour"), Node::text("dusk")],
        ),
    );
    p.set(n(XMP, "Rating"), Node::text("4"));
    p.set(
        n(IPTC_CORE, "CreatorContactInfo"),
        Node::structure(vec![(n(IPTC_CORE, "CiAdrCity"), Node::text("Porto"))]),
    );
    p
}

const NOTES_EXAMPLE: &str = r#"{
  "@context": {
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
  },
  "@id": "",
  "dc:title": {
    "@type": "rdf:Alt",
    "rdf:_1": {
      "@language": "x-default",
      "@value": "Harbour at dusk"
    },
    "rdf:_2": {
      "@language": "fr-fr",
      "@value": "Le port au crépuscule"
    }
  },
  "dc:creator": {
    "@list": [
      "Ana Silva"
    ]
  },
  "dc:subject": {
    "@set": [
      "harbour",
      "dusk"
    ]
  },
  "xmp:Rating": 4,
  "Iptc4xmpCore:CreatorContactInfo": {
    "Iptc4xmpCore:CiAdrCity": "Porto"
  }
}"#;

#[test]
fn golden_notes_example_byte_for_byte() {
    let got = to_json(&notes_example_packet(), &RatingHints);
    assert_eq!(serde_json::to_string_pretty(&got).unwrap(), NOTES_EXAMPLE);
}

#[test]
fn golden_notes_example_reads_back() {
    let v: Value = serde_json::from_str(NOTES_EXAMPLE).unwrap();
    let (p, warnings) = from_json(&v).unwrap();
    assert_eq!(p, notes_example_packet());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(p.prefixes.prefix_of(IPTC_CORE), Some("Iptc4xmpCore"));
}

#[test]
fn without_hints_everything_is_a_string() {
    let got = to_json(&notes_example_packet(), &NoHints);
    assert_eq!(got["xmp:Rating"], json!("4"));
}

#[test]
fn non_canonical_numbers_stay_strings() {
    let mut p = Packet::new();
    for (i, t) in ["007", "+4", "4.0", "9007199254740993", " 4"]
        .iter()
        .enumerate()
    {
        p.set(n(XMP, "Rating"), Node::text(*t));
        let v = to_json(&p, &RatingHints);
        assert_eq!(v["xmp:Rating"], json!(t), "case {i}");
    }
}

#[test]
fn qualifier_forms() {
    let mut p = Packet::new();
    // Text with a language outside a Lang Alt.
    p.set(n(CUSTOM, "Said"), Node::lang_text("fr", "bonjour"));
    // A URI.
    p.set(
        n(XMP_RIGHTS, "WebStatement"),
        Node::uri("https://example.com/l"),
    );
    // General qualifier on an item.
    let mut id = Node::text("978-3-16-148410-0");
    id.qualifiers
        .push((n(XMP_IDQ, "Scheme"), Node::text("ISBN")));
    p.set(n(XMP, "Identifier"), Node::array(ArrayKind::Bag, vec![id]));
    // General qualifier plus xml:lang on text.
    let mut t = Node::lang_text("de", "Hallo");
    t.qualifiers
        .push((n(XMP_IDQ, "Scheme"), Node::text("greeting")));
    p.set(n(CUSTOM, "Greeting"), t);
    // Typed struct with a language.
    let mut s = Node::structure(vec![(n(CUSTOM, "f"), Node::text("v"))]);
    s.qualifiers.push((Name::xml_lang(), Node::text("en")));
    s.qualifiers.push((
        Name::rdf_type(),
        Node::uri("http://example.com/ns/custom/1.0/Thing"),
    ));
    p.set(n(CUSTOM, "Typed"), s);
    // Array with a language.
    let mut a = Node::array(ArrayKind::Seq, vec![Node::text("x")]);
    a.qualifiers.push((Name::xml_lang(), Node::text("it")));
    p.set(n(CUSTOM, "List"), a);
    p.prefixes.hint(CUSTOM, "my");

    let v = to_json(&p, &NoHints);
    assert_eq!(
        v["my:Said"],
        json!({"@value": "bonjour", "@language": "fr"})
    );
    assert_eq!(
        v["xmpRights:WebStatement"],
        json!({"@id": "https://example.com/l"})
    );
    assert_eq!(
        v["xmp:Identifier"],
        json!({"@set": [{"rdf:value": "978-3-16-148410-0", "xmpidq:Scheme": "ISBN"}]})
    );
    assert_eq!(
        v["my:Greeting"],
        json!({"rdf:value": {"@value": "Hallo", "@language": "de"}, "xmpidq:Scheme": "greeting"})
    );
    assert_eq!(
        v["my:Typed"],
        json!({"@context": {"@language": "en"}, "@type": "my:Thing", "my:f": "v"})
    );
    assert_eq!(
        v["my:List"],
        json!({"@context": {"@language": "it"}, "rdf:value": {"@list": ["x"]}})
    );
    let (back, warnings) = from_json(&v).unwrap();
    assert_eq!(back, p);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn non_language_alt_and_empty_arrays() {
    let mut p = Packet::new();
    p.set(
        n(CUSTOM, "Choice"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::text("a"), Node::uri("http://b/")],
        ),
    );
    p.set(n(CUSTOM, "None"), Node::array(ArrayKind::Bag, vec![]));
    p.set(n(CUSTOM, "Nothing"), Node::array(ArrayKind::Seq, vec![]));
    p.set(n(CUSTOM, "NoAlt"), Node::array(ArrayKind::Alt, vec![]));
    let v = to_json(&p, &NoHints);
    assert_eq!(
        v["ns1:Choice"],
        json!({"@type": "rdf:Alt", "rdf:_1": "a", "rdf:_2": {"@id": "http://b/"}})
    );
    assert_eq!(v["ns1:None"], json!({"@set": []}));
    assert_eq!(v["ns1:Nothing"], json!({"@list": []}));
    assert_eq!(v["ns1:NoAlt"], json!({"@type": "rdf:Alt"}));
    assert_eq!(from_json(&v).unwrap().0, p);
}

#[test]
fn tolerances_warn() {
    let v = json!({
        "@context": {"dc": DC, "xmp": XMP},
        "dc:subject": ["a", "b"],
        "dc:title": {"en-us": "Hello", "x-default": "Hello"},
        "dc:creator": {"rdf:_2": "second", "rdf:_1": "first"},
        "xmp:Rating": 4.0,
        "xmp:Flag": true,
        "xmp:Big": 1e21
    });
    let (p, warnings) = from_json(&v).unwrap();
    assert_eq!(
        p.get(&n(DC, "subject")),
        Some(&Node::array(
            ArrayKind::Bag,
            vec![Node::text("a"), Node::text("b")]
        ))
    );
    assert_eq!(
        p.get(&n(DC, "title")),
        Some(&Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("x-default", "Hello"),
                Node::lang_text("en-us", "Hello")
            ]
        ))
    );
    assert_eq!(
        p.get(&n(DC, "creator")),
        Some(&Node::array(
            ArrayKind::Seq,
            vec![Node::text("first"), Node::text("second")]
        ))
    );
    assert_eq!(p.text(&n(XMP, "Rating")), Some("4.0"));
    assert_eq!(p.text(&n(XMP, "Flag")), Some("True"));
    assert_eq!(p.text(&n(XMP, "Big")), Some("1000000000000000000000.0"));
    assert_eq!(
        warnings,
        [
            "/dc:subject: bare JSON array read as an unordered rdf:Bag",
            "/dc:title: language map read as a language alternative (rdf:Alt)",
            "/dc:creator/rdf:_2: prefix \"rdf\" used without declaration",
            "/dc:creator: rdf:_N members without @type read as rdf:Seq",
        ]
    );
}

#[test]
fn archived_draft_outer_context() {
    let outer = json!({"dc": DC});
    let v = json!({"dc:title": {"en-us": "Hi"}});
    let (p, w) = from_json_with_context(&v, Some(&outer)).unwrap();
    assert_eq!(
        p.get(&n(DC, "title")),
        Some(&Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text("en-us", "Hi")]
        ))
    );
    assert_eq!(w.len(), 1);
}

fn err(v: Value) -> String {
    from_json(&v).unwrap_err().to_string()
}

#[test]
fn errors_name_the_place() {
    assert_eq!(
        err(json!({"@context": {"dc": DC}, "foo:bar": "x"})),
        "JSON-LD: undefined prefix \"foo\" (not declared in @context) at /foo:bar"
    );
    assert_eq!(
        err(json!({"@context": {"dc": DC}, "dc:title": {"@set": [{"zz:q": 1}]}})),
        "JSON-LD: undefined prefix \"zz\" (not declared in @context) at /dc:title/@set/0/zz:q"
    );
    assert_eq!(
        err(json!({"@context": {"dc": DC}, "dc:a b": "x"})),
        "JSON-LD: \"a b\" is not a valid XMP local name at /dc:a b"
    );
    assert_eq!(
        err(json!([1])),
        "JSON-LD: a JSON-LD packet must be a JSON object at /"
    );
    assert_eq!(
        err(json!({"@context": {"dc": DC, "d2": DC}, "dc:x": "1", "d2:x": "2"})),
        "JSON-LD: duplicate property {http://purl.org/dc/elements/1.1/}x (two prefixes for one namespace?) at /d2:x"
    );
    assert_eq!(
        err(json!({"@context": {"dc": DC}, "dc:x": {"@id": "u", "dc:y": "1"}})),
        "JSON-LD: a node reference with other members (\"dc:y\") is not an XMP value at /dc:x"
    );
    assert_eq!(
        err(json!({"@context": {"dc": DC}, "@graph": []})),
        "JSON-LD: JSON-LD @graph is not supported at /@graph"
    );
    assert_eq!(
        err(json!({"@context": {"dc": DC}, "dc:x": {"@type": "rdf:Alt", "dc:y": "1"}})),
        "JSON-LD: member \"dc:y\" in an rdf:Alt object at /dc:x/dc:y"
    );
}

#[test]
fn sample_packet_round_trips() {
    let p = sample_packet();
    let v = to_json(&p, &NoHints);
    let text = serde_json::to_string(&v).unwrap();
    let (back, w) = from_json(&serde_json::from_str(&text).unwrap()).unwrap();
    assert_eq!(back, p);
    assert!(w.is_empty(), "{w:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn model_json_model_without_hints(p in gen::packet()) {
        let v = to_json(&p, &NoHints);
        let (back, warnings) = from_json(&v).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert!(warnings.is_empty(), "{:?}", warnings);
        // Through JSON text as well.
        let text = serde_json::to_string(&v).unwrap();
        let (back2, _) = from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        prop_assert_eq!(&back2, &p);
    }

    #[test]
    fn model_json_model_with_hints(p in gen::packet()) {
        let v = to_json(&p, &LocalNameHints);
        let text = serde_json::to_string(&v).unwrap();
        let (back, warnings) = from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert!(warnings.is_empty(), "{:?}", warnings);
    }
}

/// The generator must actually produce the features the round trips claim to cover.
#[test]
fn generator_covers_the_interesting_forms() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = gen::packet();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for _ in 0..400 {
        let p = strategy.new_tree(&mut runner).unwrap().current();
        let text = serde_json::to_string(&to_json(&p, &LocalNameHints)).unwrap();
        if text.matches("\"@type\":").count() > text.matches("\"@type\":\"rdf:Alt\"").count() {
            *seen.entry("typed struct").or_default() += 1;
        }
        for (feature, needle) in [
            ("lang alt", "\"@language\""),
            ("general qualifier", "\"rdf:value\""),
            ("uri", "\"@id\":\"http"),
            ("seq", "\"@list\""),
            ("bag", "\"@set\""),
            ("alt", "\"rdf:Alt\""),
            ("struct lang", "\"@context\":{\"@language\""),
            ("json number", "Count\":4"),
            ("json real", "Value\":2.5"),
            ("json bool", "Flag\":true"),
            ("control chars", "\\r\\n"),
        ] {
            if text.contains(needle) {
                *seen.entry(feature).or_default() += 1;
            }
        }
    }
    eprintln!("{seen:?}");
    for feature in [
        "lang alt",
        "general qualifier",
        "typed struct",
        "uri",
        "seq",
        "bag",
        "alt",
        "struct lang",
        "json number",
        "json real",
        "json bool",
        "control chars",
    ] {
        assert!(
            seen.get(feature).copied().unwrap_or(0) >= 3,
            "{feature}: {seen:?}"
        );
    }
}

/// The shared reference flattener reads our JSON-LD as the XMP Toolkit reads our
/// RDF/XML of the same model. Ignored: general qualifiers (`jsonld_flatten.py`
/// files them under the qualifier's namespace instead of the property's) and
/// `xml:lang` on structs (it drops a local `@context` language).
#[test]
fn reference_flattener_agrees_with_the_oracle() {
    if let Err(why) = python_with_exiv2() {
        crate::util::skip::missing(&format!("skipping: {why}"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, p) in [sample_packet(), rich_packet()].iter().enumerate() {
        let json = dir.path().join(format!("p{i}.json"));
        let xml = dir.path().join(format!("p{i}.xmp"));
        std::fs::write(
            &json,
            serde_json::to_string_pretty(&to_json(p, &NoHints)).unwrap(),
        )
        .unwrap();
        std::fs::write(&xml, xmpedit_core::xmp::to_rdfxml(p, &Default::default())).unwrap();
        let from_json = jsonld_flatten(&json).unwrap();
        let from_xml = oracle_listing(&xml).unwrap();
        compare_flat_with(
            dir.path(),
            &from_xml,
            &from_json,
            &[
                "--ignore-path",
                r"/\?(?!xml:lang)",
                "--ignore-path",
                r"^cu:(Typed|LangStruct)/\?xml:lang$",
            ],
        )
        .unwrap();
    }
}
