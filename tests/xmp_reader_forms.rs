//! The RDF/XML forms a reader must accept (notes §2.1-2.8), each with the exact model it
//! must produce.

use xmpedit::xmp::{
    parse, parse_with, ArrayKind, Fields, Name, Node, Packet, ParseOptions, Parsed,
};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const P: &str = "http://ns.example.com/p/";
const Q: &str = "http://ns.example.com/q/";

fn p(local: &str) -> Name {
    Name::new(P, local)
}
fn q(local: &str) -> Name {
    Name::new(Q, local)
}
fn dc(local: &str) -> Name {
    Name::new(DC, local)
}

fn with_quals(mut node: Node, quals: Fields) -> Node {
    node.qualifiers = quals;
    node
}

fn lang(l: &str) -> (Name, Node) {
    (Name::xml_lang(), Node::text(l))
}

/// A packet with the usual wrappers and one top-level description holding `body`
/// (`extra` goes into the description's start tag).
fn doc(extra: &str, body: &str) -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="{RDF}">
  <rdf:Description rdf:about="" xmlns:dc="{DC}" xmlns:p="{P}" xmlns:q="{Q}" {extra}>{body}</rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

fn read(text: &str) -> Parsed {
    match parse(text.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("parse failed: {e}\n{text}"),
    }
}

fn props(extra: &str, body: &str) -> Fields {
    read(&doc(extra, body)).packet.props
}

fn warnings(r: &Parsed) -> Vec<String> {
    r.warnings.iter().map(|w| w.to_string()).collect()
}

// --- §2.3 property element forms --------------------------------------------------------

#[test]
fn form_01_literal_with_entities_char_refs_and_cdata() {
    let got = props("", "<p:A>a &amp; b &#x41;&#66;<![CDATA[<c>]]></p:A>");
    assert_eq!(got, vec![(p("A"), Node::text("a & b AB<c>"))]);
}

#[test]
fn form_02_empty_element_and_empty_pair() {
    let got = props("", "<p:A/><p:B></p:B>");
    assert_eq!(
        got,
        vec![(p("A"), Node::text("")), (p("B"), Node::text(""))]
    );
}

#[test]
fn form_03_resource_uri() {
    let got = props("", r#"<p:A rdf:resource="http://x/"/>"#);
    assert_eq!(got, vec![(p("A"), Node::uri("http://x/"))]);
}

#[test]
fn form_04_attribute_shorthand_mixed_with_elements() {
    let got = props(r#"p:A="one" p:B="two""#, "<p:C>three</p:C>");
    assert_eq!(
        got,
        vec![
            (p("A"), Node::text("one")),
            (p("B"), Node::text("two")),
            (p("C"), Node::text("three")),
        ]
    );
}

#[test]
fn form_05_struct_as_nested_description() {
    let got = props(
        "",
        r#"<p:S><rdf:Description q:F1="a"><q:F2>b</q:F2></rdf:Description></p:S>"#,
    );
    let s = Node::structure(vec![(q("F1"), Node::text("a")), (q("F2"), Node::text("b"))]);
    assert_eq!(got, vec![(p("S"), s)]);
}

#[test]
fn form_06_struct_parse_type_resource() {
    let got = props(
        "",
        r#"<p:S rdf:parseType="Resource"><q:F1>a</q:F1><q:F2 rdf:resource="u"/></p:S>"#,
    );
    let s = Node::structure(vec![(q("F1"), Node::text("a")), (q("F2"), Node::uri("u"))]);
    assert_eq!(got, vec![(p("S"), s)]);
}

#[test]
fn form_07_struct_from_empty_element_attributes() {
    let got = props("", r#"<p:S q:F1="a" q:F2="b" xml:lang="fr"/>"#);
    let s = with_quals(
        Node::structure(vec![(q("F1"), Node::text("a")), (q("F2"), Node::text("b"))]),
        vec![lang("fr")],
    );
    assert_eq!(got, vec![(p("S"), s)]);
}

#[test]
fn form_08_arrays_with_every_item_form() {
    let body = r#"<p:L><rdf:Seq>
        <rdf:li>one</rdf:li>
        <rdf:li/>
        <rdf:li rdf:resource="u"/>
        <rdf:li rdf:parseType="Resource"><q:F>s</q:F></rdf:li>
        <rdf:li><rdf:Bag><rdf:li>nested</rdf:li></rdf:Bag></rdf:li>
        <rdf:li q:F="e"/>
      </rdf:Seq></p:L>
      <p:B><rdf:Bag/></p:B><p:A><rdf:Alt></rdf:Alt></p:A>"#;
    let items = vec![
        Node::text("one"),
        Node::text(""),
        Node::uri("u"),
        Node::structure(vec![(q("F"), Node::text("s"))]),
        Node::array(ArrayKind::Bag, vec![Node::text("nested")]),
        Node::structure(vec![(q("F"), Node::text("e"))]),
    ];
    assert_eq!(
        props("", body),
        vec![
            (p("L"), Node::array(ArrayKind::Seq, items)),
            (p("B"), Node::array(ArrayKind::Bag, vec![])),
            (p("A"), Node::array(ArrayKind::Alt, vec![])),
        ]
    );
}

#[test]
fn form_09_qualified_value_in_description() {
    let got = props(
        "",
        "<p:A><rdf:Description><rdf:value>v</rdf:value><q:Q>q</q:Q></rdf:Description></p:A>",
    );
    assert_eq!(
        got,
        vec![(
            p("A"),
            with_quals(Node::text("v"), vec![(q("Q"), Node::text("q"))])
        )]
    );
}

#[test]
fn form_10_qualified_value_parse_type_resource_value_not_first() {
    let got = props(
        "",
        r#"<p:A rdf:parseType="Resource"><q:Q>q</q:Q><rdf:value>v</rdf:value></p:A>"#,
    );
    assert_eq!(
        got,
        vec![(
            p("A"),
            with_quals(Node::text("v"), vec![(q("Q"), Node::text("q"))])
        )]
    );
}

#[test]
fn form_11_empty_element_with_rdf_value() {
    let got = props("", r#"<p:A rdf:value="v" q:Q="q" xml:lang="de"/>"#);
    assert_eq!(
        got,
        vec![(
            p("A"),
            with_quals(Node::text("v"), vec![lang("de"), (q("Q"), Node::text("q"))])
        )]
    );
}

#[test]
fn form_12_uri_value_with_qualifier_and_value_qualifiers_merged() {
    let got = props(
        "",
        r#"<p:A><rdf:Description q:Q="q"><rdf:value rdf:resource="u" q:R="r" xml:lang="en"/></rdf:Description></p:A>"#,
    );
    // Qualifiers of rdf:value are merged into the value; xml:lang first.
    let want = with_quals(
        Node::uri("u"),
        vec![
            lang("en"),
            (q("R"), Node::text("r")),
            (q("Q"), Node::text("q")),
        ],
    );
    assert_eq!(got, vec![(p("A"), want)]);
}

#[test]
fn form_13_xml_lang_on_any_form() {
    let got = props(
        "",
        r#"<p:A xml:lang="fr">texte</p:A><p:S xml:lang="fr" rdf:parseType="Resource"><q:F>x</q:F></p:S>"#,
    );
    assert_eq!(
        got,
        vec![
            (p("A"), with_quals(Node::text("texte"), vec![lang("fr")])),
            (
                p("S"),
                with_quals(
                    Node::structure(vec![(q("F"), Node::text("x"))]),
                    vec![lang("fr")]
                )
            ),
        ]
    );
}

#[test]
fn lang_alt_and_qualifier_order() {
    let body = r#"<dc:title><rdf:Alt>
        <rdf:li xml:lang="x-default">Hi</rdf:li><rdf:li xml:lang="EN-us">Hi</rdf:li>
      </rdf:Alt></dc:title>
      <p:T rdf:parseType="Resource"><q:Z>z</q:Z><rdf:value>v</rdf:value><rdf:type rdf:resource="t"/><q:A>a</q:A></p:T>"#;
    let got = props("", body);
    let title = Node::array(
        ArrayKind::Alt,
        vec![
            Node::lang_text("x-default", "Hi"),
            Node::lang_text("EN-us", "Hi"),
        ],
    );
    // xml:lang first, rdf:type next, others in document order; tags kept as written.
    let t = with_quals(
        Node::text("v"),
        vec![
            (Name::rdf_type(), Node::uri("t")),
            (q("Z"), Node::text("z")),
            (q("A"), Node::text("a")),
        ],
    );
    assert_eq!(got, vec![(dc("title"), title), (p("T"), t)]);
}

#[test]
fn whitespace_inside_values_is_kept_between_elements_ignored() {
    let got = props(
        "",
        "\n   <p:A>  two  spaces \n</p:A>\n  <p:B> </p:B>\r\n<p:C>a\r\nb\rc</p:C>",
    );
    assert_eq!(
        got,
        vec![
            (p("A"), Node::text("  two  spaces \n")),
            (p("B"), Node::text(" ")),
            (p("C"), Node::text("a\nb\nc")),
        ]
    );
    // Attribute values are normalised by XML (tab/newline -> space) but char refs survive.
    let got = props("p:D=\"a\tb\nc&#xA;d\"", "");
    assert_eq!(got, vec![(p("D"), Node::text("a b c\nd"))]);
}

// --- §2.1 wrappers --------------------------------------------------------------------

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

// --- §2.2 descriptions and about -----------------------------------------------------------

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

// --- §2.6 typed nodes, nodeID and other RDF extras -------------------------------------------

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

// --- §2.7 xml:lang ---------------------------------------------------------------------

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
