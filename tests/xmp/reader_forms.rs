//! The RDF/XML property element forms a reader must accept (docs/rdf-xml.md, "Property
//! element forms", 1-13, plus qualifier order and whitespace), each with the exact model
//! it must produce.

use crate::util::model;

use model::*;
use xmpedit_core::xmp::{ArrayKind, Name, Node};

// --- docs/rdf-xml.md, "Property element forms" -------------------------------------------

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
