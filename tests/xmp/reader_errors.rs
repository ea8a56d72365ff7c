//! Input that is not well-formed XML, DOCTYPE and entities, resource bombs: refused in
//! both modes with the exact message, line and column the user sees.

use crate::util::errors;

use errors::*;
use xmpedit_core::xmp::error::ParseErrorKind;
use xmpedit_core::xmp::{parse, parse_with, Name, Node, ParseOptions};

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

/// Nesting right up to the hard limit, in every way the walker recurses, fits the 2 MiB
/// stack of a test thread (debug build) and reads.
#[test]
fn deepest_accepted_nesting_reads_on_a_small_stack() {
    let opts = ParseOptions {
        max_depth: usize::MAX,
        ..ParseOptions::default()
    };
    // (outer, repeated open, repeated close, inner, XML levels per repetition)
    let levels = [
        (
            "",
            "<p:S rdf:parseType='Resource'>",
            "</p:S>",
            "<p:V>x</p:V>",
            1,
        ),
        (
            "",
            "<p:S><rdf:Description>",
            "</rdf:Description></p:S>",
            "<p:V>x</p:V>",
            2,
        ),
        ("", "<p:S><p:T>", "</p:T></p:S>", "<p:V>x</p:V>", 2),
        ("p:S", "<rdf:Bag><rdf:li>", "</rdf:li></rdf:Bag>", "x", 2),
    ];
    for (outer, open, close, inner, per) in levels {
        // rdf:RDF, rdf:Description and one more element take 3 levels.
        let n = (xmpedit_core::xmp::parse::HARD_MAX_DEPTH - 3) / per;
        let body = format!("{}{inner}{}", open.repeat(n), close.repeat(n));
        let body = if outer.is_empty() {
            body
        } else {
            format!("<{outer}>{body}</{outer}>")
        };
        let text = format!(
            "<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'><rdf:Description>{body}</rdf:Description></rdf:RDF>"
        );
        for recover in [false, true] {
            let o = ParseOptions {
                recover,
                ..opts.clone()
            };
            assert!(parse_with(text.as_bytes(), &o).is_ok(), "{open} x {n}");
        }
        let deeper = format!("{}{text}{}", "<a>".repeat(per), "</a>".repeat(per));
        let e = parse_with(deeper.as_bytes(), &opts).unwrap_err();
        assert_eq!(
            e.message,
            "elements are nested deeper than 256 levels (limit)"
        );
    }
    // A chain of rdf:nodeID references nests the model without nesting the XML.
    let mut text = format!(
        "<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'>\n<rdf:Description rdf:nodeID='n0' p:V='x'/>\n"
    );
    for i in 1..400 {
        text.push_str(&format!(
            "<rdf:Description rdf:nodeID='n{i}'><p:A rdf:nodeID='n{}'/></rdf:Description>\n",
            i - 1
        ));
    }
    text.push_str("<rdf:Description><p:Top rdf:nodeID='n399'/></rdf:Description></rdf:RDF>");
    let e = parse_with(text.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        e.message,
        "values are nested deeper than 256 levels (limit)"
    );
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
