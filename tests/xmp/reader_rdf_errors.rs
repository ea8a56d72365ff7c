//! Well-formed XML that breaks the RDF/XMP rules: every row of docs/rdf-xml.md, "Errors",
//! with the exact message, line and column; and lenient mode, which skips the offending
//! part, says where, and marks the result lossy.

use crate::util::errors;

use errors::*;
use xmpedit_core::xmp::error::ParseErrorKind;
use xmpedit_core::xmp::{parse, parse_with, ArrayKind, Name, Node};

// --- docs/rdf-xml.md, "Errors", one row at a time ----------------------------------------

#[test]
fn no_rdf_rdf_found() {
    fails(
        "<x:xmpmeta-not xmlns:x='adobe:ns:meta/'><a/></x:xmpmeta-not>",
        "no XMP found: there is no rdf:RDF element",
        1,
        1,
        ParseErrorKind::NoXmp,
    );
    fails(
        "<x><rdf:RDF xmlns:rdf='http://example.com/'/></x>",
        "damaged XMP packet: its rdf:RDF is bound to namespace \"http://example.com/\", not http://www.w3.org/1999/02/22-rdf-syntax-ns#, so none of the packet can be read",
        1,
        4,
        ParseErrorKind::NoXmp,
    );
}

#[test]
fn names_without_namespace() {
    let ns = ParseErrorKind::Namespace;
    fails(
        &doc("<A>x</A>"),
        "XML namespace required for all elements and attributes",
        2,
        1,
        ns,
    );
    fails(
        &doc("<p:S A='x'/>"),
        "XML namespace required for all elements and attributes",
        2,
        6,
        ns,
    );
    fails(
        &doc("<z:A>x</z:A>"),
        "namespace prefix 'z' is not declared",
        2,
        1,
        ns,
    );
}

#[test]
fn misplaced_li_and_arbitrary_array_children() {
    rdf_error(
        "<p:A><rdf:li>x</rdf:li></p:A>",
        "Misplaced rdf:li element",
        6,
    );
    rdf_error(
        "<p:S rdf:parseType='Resource'><rdf:li>x</rdf:li></p:S>",
        "Misplaced rdf:li element",
        31,
    );
    rdf_error(
        "<p:L><rdf:Bag><p:B>x</p:B></rdf:Bag></p:L>",
        "Array items cannot have arbitrary child names",
        15,
    );
}

#[test]
fn duplicate_property_or_field() {
    rdf_error(
        "<p:A>1</p:A><p:A>2</p:A>",
        "Duplicate property or field node",
        13,
    );
    rdf_error(
        "<p:S p:F='1'><p:F>2</p:F></p:S>",
        "Nested content not allowed with rdf:resource or property attributes",
        14,
    );
    rdf_error(
        "<p:S rdf:parseType='Resource'><p:F>1</p:F><p:F>2</p:F></p:S>",
        "Duplicate property or field node",
        43,
    );
    // Across descriptions.
    let text = rdf("<rdf:Description p:A='1'/><rdf:Description p:A='2'/>");
    fails(
        &text,
        "Duplicate property or field node",
        2,
        44,
        ParseErrorKind::Rdf,
    );
}

#[test]
fn misplaced_value_and_duplicate_lang() {
    rdf_error("<rdf:value>v</rdf:value>", "Misplaced rdf:value element", 1);
    rdf_error(
        "<p:A xml:lang='en' rdf:parseType='Resource'><rdf:value xml:lang='fr'>v</rdf:value></p:A>",
        "Duplicate xml:lang for rdf:value element",
        1,
    );
    rdf_error(
        "<p:L><rdf:Seq><rdf:value>v</rdf:value></rdf:Seq></p:L>",
        "Misplaced rdf:value element",
        15,
    );
}

#[test]
fn top_level_typed_node() {
    fails(
        &rdf("<p:Thing p:A='1'/>"),
        "Top level typedNode not allowed",
        2,
        1,
        ParseErrorKind::Rdf,
    );
}

#[test]
fn mutually_exclusive_about_id_node_id() {
    fails(
        &rdf("<rdf:Description rdf:about='' rdf:ID='x'/>"),
        "Mutally exclusive about, ID, nodeID attributes",
        2,
        31,
        ParseErrorKind::Rdf,
    );
}

#[test]
fn mismatched_about() {
    fails(
        &rdf("<rdf:Description rdf:about='a'/><rdf:Description rdf:about=''/><rdf:Description rdf:about='b'/>"),
        "Mismatched top level rdf:about values",
        2,
        81,
        ParseErrorKind::Rdf,
    );
}

#[test]
fn parse_types_other_than_resource() {
    rdf_error(
        "<p:A rdf:parseType='Literal'><b>x</b></p:A>",
        "ParseTypeLiteral property element not allowed",
        6,
    );
    rdf_error(
        "<p:A rdf:parseType='Collection'/>",
        "ParseTypeCollection property element not allowed",
        6,
    );
    rdf_error(
        "<p:A rdf:parseType='Other'/>",
        "ParseTypeOther property element not allowed",
        6,
    );
}

#[test]
fn text_mixed_with_elements() {
    rdf_error(
        "<p:A>text<rdf:Bag/></p:A>",
        "Invalid child of literal property element",
        6,
    );
}

#[test]
fn resource_element_children_and_empty_element_content() {
    rdf_error(
        "<p:A><rdf:Bag/><rdf:Seq/></p:A>",
        "Invalid child of resource property element",
        16,
    );
    rdf_error(
        "<p:A rdf:resource='u'>x</p:A>",
        "Nested content not allowed with rdf:resource or property attributes",
        23,
    );
    rdf_error(
        "<p:A rdf:value='v' rdf:resource='u'/>",
        "Empty property element can't have both rdf:value and rdf:resource",
        20,
    );
    rdf_error(
        "<p:A rdf:nodeID='n' rdf:resource='u'/>",
        "Empty property element can't have both rdf:nodeID and rdf:resource",
        21,
    );
}

#[test]
fn node_element_must_be_description_or_typed_node() {
    rdf_error(
        "<p:A><rdf:about/></p:A>",
        "Node element must be rdf:Description or typed node",
        6,
    );
    rdf_error(
        "<p:A rdf:ID='i'><rdf:RDF/></p:A>",
        "Node element must be rdf:Description or typed node",
        17,
    );
}

// --- lenient mode -----------------------------------------------------------------------------

#[test]
fn lenient_mode_skips_the_offending_part_and_keeps_the_rest() {
    let body = "<p:Good>1</p:Good>\n<p:L><rdf:Bag><rdf:li>a</rdf:li><p:X>bad</p:X><rdf:li>b</rdf:li></rdf:Bag></p:L>\n<p:A rdf:parseType='Literal'><b/></p:A>\n<p:Good>dup</p:Good>";
    let text = doc(body);
    let e = parse(text.as_bytes()).unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.line, e.column),
        ("Array items cannot have arbitrary child names", 3, 33)
    );
    let r = parse_with(text.as_bytes(), &lenient()).unwrap();
    assert!(r.lossy);
    assert_eq!(
        r.packet.props,
        vec![
            (Name::new(P, "Good"), Node::text("1")),
            (
                Name::new(P, "L"),
                Node::array(ArrayKind::Bag, vec![Node::text("a"), Node::text("b")])
            ),
        ]
    );
    let w: Vec<String> = r.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        w,
        vec![
            "Array items cannot have arbitrary child names; skipped (line 3, column 33)",
            "ParseTypeLiteral property element not allowed; skipped (line 4, column 6)",
            "Duplicate property or field node; skipped (line 5, column 1)",
        ]
    );
}

#[test]
fn lenient_mode_repairs_bad_bytes_and_characters() {
    let mut bytes = doc("<p:A>caf\u{1}</p:A>").into_bytes();
    let i = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[i] = 0xE9; // Latin-1 é: invalid UTF-8
    let e = parse(&bytes).unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::Encoding);
    assert_eq!((e.line, e.column), (2, 9));
    let r = parse_with(&bytes, &lenient()).unwrap();
    assert_eq!(
        r.packet.props,
        vec![(Name::new(P, "A"), Node::text("café"))]
    );
    assert!(r.lossy);
    assert_eq!(
        r.warnings[0].to_string(),
        "invalid UTF-8 byte 0xE9 read as Windows-1252 (line 2, column 9)"
    );

    let r = parse_with(doc("<p:A>a\u{1}b</p:A>").as_bytes(), &lenient()).unwrap();
    assert_eq!(r.packet.props, vec![(Name::new(P, "A"), Node::text("a b"))]);
    assert_eq!(
        r.warnings[0].to_string(),
        "invalid XML character U+0001 replaced by a space (line 2, column 7)"
    );
}

#[test]
fn strict_success_means_lenient_gives_the_same_without_loss() {
    let text = doc("<p:A>1</p:A><p:L><rdf:Seq><rdf:li>x</rdf:li></rdf:Seq></p:L>");
    let s = parse(text.as_bytes()).unwrap();
    let l = parse_with(text.as_bytes(), &lenient()).unwrap();
    assert_eq!(s.packet, l.packet);
    assert!(!s.lossy && !l.lossy);
}
