//! Where the XMP sits and how it is spread (docs/rdf-xml.md: "Packet wrapper",
//! "Descriptions", "Typed nodes and other RDF extras", "xml:lang placement"), each with the
//! exact model and warnings it must produce.

use crate::util::model;

use model::*;
use xmpedit_core::xmp::{parse, parse_with, ArrayKind, Fields, Name, Node, Packet, ParseOptions};

// --- wrappers (docs/rdf-xml.md, "Packet wrapper") ----------------------------------------

const BARE: &str = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:p="http://ns.example.com/p/" p:A="1"/></rdf:RDF>"#;

fn expected_a() -> Fields {
    vec![(p("A"), Node::text("1"))]
}

#[test]
fn wrapper_variants_all_read_the_same() {
    let variants = [
        BARE.to_string(),
        format!(r#"<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="t">{BARE}</x:xmpmeta>"#),
        format!(r#"<x:xapmeta xmlns:x="adobe:ns:meta/">{BARE}</x:xapmeta>"#),
        format!("<?xpacket begin='\u{FEFF}' id='W5M0MpCehiHzreSzNTczkc9d'?>{BARE}<?xpacket end='r'?>"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">{BARE}</x:xmpmeta><?xpacket end=\"w\"?>"
        ),
        // The wrapper inside x:xmpmeta.
        format!("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><?xpacket begin=\"\"?>{BARE}<?xpacket end=\"w\"?></x:xmpmeta>"),
        // Leading whitespace, trailing NUL padding.
        format!("\n  {BARE}\n\0\0\0"),
    ];
    for v in variants {
        assert_eq!(read(&v).packet.props, expected_a(), "{v}");
    }
}

#[test]
fn packet_info_reports_wrapper_and_padding() {
    let text = format!("<?xpacket begin='' id='x'?>{BARE}\n          \n<?xpacket end='r'?>");
    let info = read(&text).info;
    assert!(info.xpacket);
    assert!(info.read_only);
    assert_eq!(info.padding, 12);
    let info = read(BARE).info;
    assert!(!info.xpacket && !info.read_only);
    assert_eq!(info.padding, 0);
}

#[test]
fn xmp_inside_svg_is_found() {
    let svg = format!(
        r#"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:dc="{DC}">
  <title>t</title>
  <metadata>
    <c2pa:manifest>stray prefix outside the XMP is tolerated</c2pa:manifest>
    <rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="" dc:format="image/svg+xml"/></rdf:RDF>
  </metadata>
</svg>"#
    );
    let r = read(&svg);
    assert_eq!(
        r.packet.props,
        vec![(dc("format"), Node::text("image/svg+xml"))]
    );
}

#[test]
fn pick_best_root_prefers_xmpmeta_over_earlier_bare_rdf() {
    let text = format!(
        r#"<doc><a>{BARE}</a><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}"><rdf:Description xmlns:p="{P}" p:B="2"/></rdf:RDF></x:xmpmeta></doc>"#
    );
    assert_eq!(read(&text).packet.props, vec![(p("B"), Node::text("2"))]);
}

#[test]
fn xmpmeta_without_rdf_is_an_empty_packet() {
    let r = read(r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"/>"#);
    assert!(r.packet.is_empty());
    assert!(r.warnings.is_empty());
}

#[test]
fn prefixes_are_recorded_as_hints_not_identity() {
    let text = format!(
        r#"<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description xmlns:foo="{DC}" xmlns:p="{P}"><foo:format>f</foo:format></rdf:Description></rdf:RDF>"#
    );
    let r = read(&text);
    assert_eq!(r.packet.props, vec![(dc("format"), Node::text("f"))]);
    assert_eq!(r.packet.prefixes.prefix_of(DC), Some("foo"));
    assert_eq!(r.packet.prefixes.prefix_of(P), Some("p"));
    assert_eq!(r.packet.prefixes.prefix_of(RDF), Some("rdf"));
}

// --- descriptions and about (docs/rdf-xml.md, "Descriptions") ----------------------------

#[test]
fn several_descriptions_merge_and_about_rules() {
    let text = format!(
        r#"<rdf:RDF xmlns:rdf="{RDF}" xmlns:p="{P}">
  <rdf:Description p:A="1"/>
  <rdf:Description rdf:about="uuid:1234" p:B="2"/>
  <rdf:Description rdf:about=""><p:C>3</p:C></rdf:Description>
  <rdf:Description about="uuid:1234" p:D="4"/>
</rdf:RDF>"#
    );
    let r = read(&text);
    let mut want = Packet::new();
    want.about = "uuid:1234".into();
    for (k, v) in [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")] {
        want.props.push((p(k), Node::text(v)));
    }
    assert_eq!(r.packet, want);
}

// --- typed nodes, nodeID and other RDF extras (docs/rdf-xml.md) --------------------------

#[test]
fn typed_node_inside_property_becomes_rdf_type_qualifier() {
    let got = props("", r#"<p:S><q:Kind q:F="a"><q:G>b</q:G></q:Kind></p:S>"#);
    let want = with_quals(
        Node::structure(vec![(q("F"), Node::text("a")), (q("G"), Node::text("b"))]),
        vec![(Name::rdf_type(), Node::uri(format!("{Q}Kind")))],
    );
    assert_eq!(got, vec![(p("S"), want)]);
}

#[test]
fn numbered_items_id_datatype_and_nested_about_are_dropped_with_warnings() {
    let r = read(&doc(
        "",
        r#"<p:L rdf:ID="x"><rdf:Seq><rdf:_1>a</rdf:_1><rdf:_2>b</rdf:_2></rdf:Seq></p:L>
           <p:N rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">5</p:N>
           <p:S><rdf:Description rdf:about="nested" q:F="f"/></p:S>"#,
    ));
    assert_eq!(
        r.packet.props,
        vec![
            (
                p("L"),
                Node::array(ArrayKind::Seq, vec![Node::text("a"), Node::text("b")])
            ),
            (p("N"), Node::text("5")),
            (p("S"), Node::structure(vec![(q("F"), Node::text("f"))])),
        ]
    );
    assert_eq!(
        warnings(&r),
        vec![
            "rdf:ID is not used in XMP; dropped (line 4, column 153)",
            "rdf:_1 used as an array item; read as rdf:li (line 4, column 173)",
            "rdf:_2 used as an array item; read as rdf:li (line 4, column 191)",
            "rdf:datatype is not used in XMP; dropped (line 5, column 17)",
            "rdf:about on a nested rdf:Description is ignored (line 6, column 34)",
        ]
    );
    assert!(!r.lossy);
}

#[test]
fn node_id_references_resolve_like_exiftool() {
    let text = format!(
        r#"<rdf:RDF xmlns:rdf="{RDF}" xmlns:p="{P}" xmlns:q="{Q}">
<rdf:Description rdf:nodeID="anon0"><p:Loose>kept at top level</p:Loose></rdf:Description>
<rdf:Bag rdf:nodeID="bag"><rdf:li>x</rdf:li><rdf:li>y</rdf:li></rdf:Bag>
<rdf:Description rdf:nodeID="st" q:F="f"/>
<rdf:Description rdf:about="">
  <p:List rdf:nodeID="bag"/>
  <p:S rdf:nodeID="st" xml:lang="en"/>
  <p:Missing rdf:nodeID="nowhere"/>
</rdf:Description>
</rdf:RDF>"#
    );
    let r = read(&text);
    assert_eq!(
        r.packet.props,
        vec![
            (p("Loose"), Node::text("kept at top level")),
            (
                p("List"),
                Node::array(ArrayKind::Bag, vec![Node::text("x"), Node::text("y")])
            ),
            (
                p("S"),
                with_quals(
                    Node::structure(vec![(q("F"), Node::text("f"))]),
                    vec![lang("en")]
                )
            ),
            (p("Missing"), Node::text("")),
        ]
    );
    assert_eq!(
        warnings(&r),
        vec!["rdf:nodeID \"nowhere\" refers to no top-level node; read as an empty value (line 8, column 14)"]
    );
}

#[test]
fn circular_node_id_reference_is_an_error() {
    let text = format!(
        r#"<rdf:RDF xmlns:rdf="{RDF}" xmlns:p="{P}">
<rdf:Description rdf:nodeID="a"><p:X rdf:nodeID="a"/></rdf:Description>
<rdf:Description><p:Y rdf:nodeID="a"/></rdf:Description>
</rdf:RDF>"#
    );
    let e = parse(text.as_bytes()).unwrap_err();
    assert_eq!(e.message, "Circular rdf:nodeID reference \"a\"");
    assert_eq!((e.line, e.column), (2, 38));
}

// --- xml:lang (docs/rdf-xml.md, "xml:lang placement") ------------------------------------

#[test]
fn lang_alt_items_inherit_the_property_language_with_a_warning() {
    let r = read(&doc(
        "",
        r#"<dc:title xml:lang="en"><rdf:Alt><rdf:li>Hello</rdf:li><rdf:li xml:lang="fr">Salut</rdf:li></rdf:Alt></dc:title>"#,
    ));
    let title = with_quals(
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("en", "Hello"),
                Node::lang_text("fr", "Salut"),
            ],
        ),
        vec![lang("en")],
    );
    assert_eq!(r.packet.props, vec![(dc("title"), title)]);
    assert_eq!(
        warnings(&r),
        vec!["rdf:li has no xml:lang; the inherited xml:lang \"en\" is used (line 4, column 181)"]
    );
}

#[test]
fn xml_lang_on_description_is_refused_or_moved_when_recovering() {
    let body = r#"<p:S><rdf:Description xml:lang="en" q:F="f"/></p:S>"#;
    let e = parse(doc("", body).as_bytes()).unwrap_err();
    assert_eq!(e.message, "xml:lang is not allowed on rdf:Description");
    assert_eq!((e.line, e.column), (4, 170));
    let r = parse_with(
        doc("", body).as_bytes(),
        &ParseOptions {
            recover: true,
            ..ParseOptions::default()
        },
    )
    .unwrap();
    let want = with_quals(
        Node::structure(vec![(q("F"), Node::text("f"))]),
        vec![lang("en")],
    );
    assert_eq!(r.packet.props, vec![(p("S"), want)]);
    assert!(r.lossy);
}

#[test]
fn garbage_in_xpacket_begin_is_tolerated_in_both_modes() {
    let text = format!(
        "<?xpacket begin=\"\u{1A}\" id=\"testing\"?><rdf:RDF xmlns:rdf=\"{RDF}\">\
         <rdf:Description xmlns:p=\"{P}\" p:A=\"1\"/></rdf:RDF><?xpacket end=\"r\"?>"
    );
    for recover in [false, true] {
        let r = parse_with(
            text.as_bytes(),
            &ParseOptions {
                recover,
                ..ParseOptions::default()
            },
        )
        .unwrap();
        assert_eq!(r.packet.props, vec![(p("A"), Node::text("1"))]);
        assert!(!r.lossy && r.warnings.is_empty());
        assert!(r.info.read_only);
    }
}
