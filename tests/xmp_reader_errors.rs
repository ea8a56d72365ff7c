//! Malformed input: every row of notes §2.9, DOCTYPE and entity refusal, resource bombs,
//! each with the exact message, line and column the user sees; and lenient mode, which
//! skips the offending part, says where, and marks the result lossy.

use xmpedit::xmp::error::ParseErrorKind;
use xmpedit::xmp::{parse, parse_with, ArrayKind, Name, Node, ParseOptions};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const P: &str = "http://ns.example.com/p/";

/// `body` sits on line 2, column 1 of a packet with one top-level description.
fn doc(body: &str) -> String {
    format!(
        "<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'><rdf:Description rdf:about=''>\n{body}\n</rdf:Description></rdf:RDF>"
    )
}

/// `body` sits on line 2, column 1, directly inside rdf:RDF.
fn rdf(body: &str) -> String {
    format!("<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'>\n{body}\n</rdf:RDF>")
}

#[track_caller]
fn fails(text: &str, message: &str, line: usize, column: usize, kind: ParseErrorKind) {
    match parse(text.as_bytes()) {
        Ok(r) => panic!("expected an error, read {:?}", r.packet),
        Err(e) => {
            assert_eq!(
                (e.message.as_str(), e.line, e.column),
                (message, line, column),
                "{text}"
            );
            assert_eq!(e.kind, kind);
        }
    }
}

#[track_caller]
fn rdf_error(body: &str, message: &str, column: usize) {
    fails(&doc(body), message, 2, column, ParseErrorKind::Rdf);
}

fn lenient() -> ParseOptions {
    ParseOptions {
        recover: true,
        ..ParseOptions::default()
    }
}

// --- not well-formed XML --------------------------------------------------------------

#[test]
fn not_well_formed_xml_is_refused_with_position() {
    use ParseErrorKind::Xml;
    fails(
        &doc("<p:A>x</p:B>"),
        "mismatched end tag: expected </p:A>, found </p:B>",
        2,
        7,
        Xml,
    );
    fails(
        "<rdf:RDF>\n<a>",
        "unexpected end of input: missing end tag </a>",
        2,
        4,
        Xml,
    );
    fails("<a/>\n<b/>", "only one root element is allowed", 2, 1, Xml);
    fails(
        "<a/> junk",
        "text is not allowed outside the root element",
        1,
        6,
        Xml,
    );
    fails("<a b='1' b='2'/>", "duplicate attribute 'b'", 1, 10, Xml);
    fails("<a b=1/>", "attribute value must be quoted", 1, 6, Xml);
    fails(
        "<a b='<'/>",
        "'<' is not allowed in attribute values",
        1,
        7,
        Xml,
    );
    fails(
        "<a><!-- x -- y --></a>",
        "'--' is not allowed inside a comment",
        1,
        11,
        Xml,
    );
    fails("<a>\u{1}</a>", "invalid XML character U+0001", 1, 4, Xml);
    fails("<a>x ]]> y</a>", "']]>' is not allowed in text", 1, 6, Xml);
    fails("<1a/>", "invalid element name", 1, 2, Xml);
    fails("</a>", "end tag </a> has no matching start tag", 1, 1, Xml);
    fails(
        "<a></a><?xml version='1.0'?>",
        "the XML declaration is only allowed at the start of the document",
        1,
        8,
        Xml,
    );
    fails(
        "",
        "no XMP found: there is no rdf:RDF element",
        1,
        1,
        ParseErrorKind::NoXmp,
    );
}

#[test]
fn lenient_mode_does_not_accept_broken_xml() {
    let e = parse_with(doc("<p:A>x</p:B>").as_bytes(), &lenient()).unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::Xml);
}

// --- DOCTYPE and entities ---------------------------------------------------------------

#[test]
fn doctype_and_entities_are_refused() {
    fails(
        "<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>",
        "DOCTYPE is not allowed in an XMP packet",
        2,
        1,
        ParseErrorKind::Doctype,
    );
    fails(
        &doc("<p:A>&nbsp;</p:A>"),
        "undefined entity &nbsp; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)",
        2,
        6,
        ParseErrorKind::Entity,
    );
    fails(
        &doc("<p:A>a & b</p:A>"),
        "'&' must start an entity or character reference (write &amp;)",
        2,
        8,
        ParseErrorKind::Entity,
    );
    fails(
        &doc("<p:A>&#0;</p:A>"),
        "character reference &#0; is not an XML character",
        2,
        6,
        ParseErrorKind::Entity,
    );
    fails(
        &doc("<p:A>&#xZZ;</p:A>"),
        "malformed character reference &#xZZ;",
        2,
        6,
        ParseErrorKind::Entity,
    );
    // Lenient mode turns an escaped control into a space, as the XMP Toolkit does.
    let r = parse_with(doc("<p:A>a&#x1;b</p:A>").as_bytes(), &lenient()).unwrap();
    assert_eq!(r.packet.props, vec![(Name::new(P, "A"), Node::text("a b"))]);
    assert!(r.lossy);
}

#[test]
fn billion_laughs_is_refused_before_any_expansion() {
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]>\n<lolz>&lol9;</lolz>");
    for opts in [ParseOptions::default(), lenient()] {
        let e = parse_with(bomb.as_bytes(), &opts).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line, e.column, e.kind),
            (
                "DOCTYPE is not allowed in an XMP packet",
                2,
                1,
                ParseErrorKind::Doctype
            )
        );
    }
}

// --- limits -------------------------------------------------------------------------------

#[test]
fn depth_bomb_is_refused() {
    let depth = 100_000;
    let text = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    for opts in [ParseOptions::default(), lenient()] {
        let e = parse_with(text.as_bytes(), &opts).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line, e.column, e.kind),
            (
                "elements are nested deeper than 256 levels (limit)",
                1,
                769,
                ParseErrorKind::Limit
            )
        );
    }
    // Nesting that is deep in the model but within the limit reads fine.
    let mut inner = String::from("<p:V>x</p:V>");
    for _ in 0..60 {
        inner = format!("<p:S rdf:parseType='Resource'>{inner}</p:S>");
    }
    assert!(parse(doc(&inner).as_bytes()).is_ok());
}

#[test]
fn oversize_and_node_count_are_refused() {
    let opts = ParseOptions {
        max_bytes: 100,
        ..ParseOptions::default()
    };
    let e = parse_with(&[b' '; 101], &opts).unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.line, e.column, e.kind),
        (
            "packet is 101 bytes, more than the limit of 100 bytes",
            1,
            1,
            ParseErrorKind::Limit
        )
    );
    let opts = ParseOptions {
        max_nodes: 50,
        ..ParseOptions::default()
    };
    let e = parse_with(doc(&"<p:A/>".repeat(100)).as_bytes(), &opts).unwrap_err();
    assert_eq!(e.message, "packet has more than 50 XML nodes (limit)");
    assert_eq!(e.kind, ParseErrorKind::Limit);
    // nodeID references cannot multiply nodes past the limit either.
    let mut text = format!("<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'>\n");
    text.push_str("<rdf:Description rdf:nodeID='n0'><p:L>x</p:L></rdf:Description>\n");
    for i in 1..30 {
        text.push_str(&format!(
            "<rdf:Description rdf:nodeID='n{i}'><p:A rdf:nodeID='n{0}'/><p:B rdf:nodeID='n{0}'/></rdf:Description>\n",
            i - 1
        ));
    }
    text.push_str("<rdf:Description><p:Top rdf:nodeID='n29'/></rdf:Description></rdf:RDF>");
    let opts = ParseOptions {
        max_nodes: 10_000,
        ..ParseOptions::default()
    };
    let e = parse_with(text.as_bytes(), &opts).unwrap_err();
    assert_eq!(e.message, "packet has more than 10000 nodes (limit)");
    assert_eq!(e.kind, ParseErrorKind::Limit);
}

// --- notes §2.9, one row at a time ---------------------------------------------------------

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
        "no XMP found: rdf:RDF is bound to namespace \"http://example.com/\", not http://www.w3.org/1999/02/22-rdf-syntax-ns#",
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
        "Array items cannot have arbitrary child names",
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
