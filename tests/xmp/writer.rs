//! RDF/XML writer: golden output, forms, escaping, refusals, padding and exact
//! length. (Read-back by our reader and by the peers is in `roundtrip_models.rs`.)
use crate::util::common;

use common::gen;
use common::golden::GOLDEN;
use common::*;
use proptest::prelude::*;
use xmpedit_core::xmp::write::{
    canonical_order, to_exact_length, try_to_rdfxml, WriteErrorKind, XPACKET_BEGIN,
};
use xmpedit_core::xmp::{to_rdfxml, ArrayKind, Name, Node, Packet, WriteOptions};

fn opts(padding: usize) -> WriteOptions {
    WriteOptions {
        padding,
        toolkit: "xmpedit test".into(),
        ..Default::default()
    }
}

#[test]
fn golden_representative_packet() {
    assert_eq!(to_rdfxml(&sample_packet(), &opts(0)), GOLDEN);
}

#[test]
fn golden_single_line_form() {
    let o = WriteOptions {
        pretty: false,
        xpacket: false,
        ..opts(0)
    };
    let s = to_rdfxml(&sample_packet(), &o);
    assert!(!s.contains('\n'), "{s}");
    assert!(
        s.starts_with("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"xmpedit test\"><rdf:RDF")
    );
    assert!(s.contains(
        "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:my="
    ));
    assert!(s.contains("<dc:creator><rdf:Seq><rdf:li>Ana Silva</rdf:li><rdf:li>Bo Chen</rdf:li></rdf:Seq></dc:creator>"));
    assert!(s.ends_with("</rdf:Description></rdf:RDF></x:xmpmeta>"));
    // Same content as the pretty form, whitespace aside.
    let pretty = to_rdfxml(
        &sample_packet(),
        &WriteOptions {
            xpacket: false,
            ..opts(0)
        },
    );
    assert_eq!(s.matches('<').count(), pretty.matches('<').count());
}

#[test]
fn wrapper_options() {
    let p = sample_packet();
    let s = to_rdfxml(&p, &opts(2048));
    assert!(s.starts_with(XPACKET_BEGIN));
    assert!(
        s.as_bytes()[17..20] == [0xEF, 0xBB, 0xBF],
        "U+FEFF in begin="
    );
    let body_end = s.find("</x:xmpmeta>\n").unwrap() + "</x:xmpmeta>\n".len();
    let trailer = s.rfind("<?xpacket end=\"w\"?>").unwrap();
    let padding = &s[body_end..trailer];
    assert_eq!(padding.len(), 2048);
    let lines: Vec<&str> = padding.split_terminator('\n').collect();
    assert_eq!(lines.len(), 21);
    assert!(lines[..20]
        .iter()
        .all(|l| l.len() == 100 && l.bytes().all(|b| b == b' ')));
    assert_eq!(lines[20].len(), 2048 - 20 * 101 - 1);
    assert!(s.ends_with("\n<?xpacket end=\"w\"?>"));

    let ro = to_rdfxml(
        &p,
        &WriteOptions {
            read_only: true,
            ..opts(0)
        },
    );
    assert!(ro.ends_with("</x:xmpmeta>\n<?xpacket end=\"r\"?>"));

    let bare = to_rdfxml(
        &p,
        &WriteOptions {
            xpacket: false,
            ..opts(4096)
        },
    );
    assert!(bare.starts_with("<x:xmpmeta "));
    assert!(bare.ends_with("</x:xmpmeta>"));
    assert!(!bare.contains("xpacket") && !bare.contains("  \n"));

    let decl = to_rdfxml(
        &p,
        &WriteOptions {
            xml_decl: true,
            ..opts(0)
        },
    );
    assert!(decl.starts_with(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{XPACKET_BEGIN}\n"
    )));

    let dflt = to_rdfxml(&p, &WriteOptions::default());
    assert!(dflt.contains(concat!(
        "x:xmptk=\"xmpedit ",
        env!("CARGO_PKG_VERSION"),
        "\""
    )));
}

#[test]
fn empty_packet() {
    let mut p = Packet::new();
    p.about = "http://example.com/a&b".into();
    assert_eq!(
        to_rdfxml(
            &p,
            &WriteOptions {
                xpacket: false,
                ..opts(0)
            }
        ),
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"xmpedit test\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"http://example.com/a&amp;b\"/>
 </rdf:RDF>
</x:xmpmeta>"
    );
}

/// The part of a pretty packet between `<rdf:Description ...>` and its end tag.
fn props_xml(p: &Packet) -> String {
    let s = to_rdfxml(
        p,
        &WriteOptions {
            xpacket: false,
            ..opts(0)
        },
    );
    let desc = s.find("<rdf:Description").unwrap();
    let start = desc + s[desc..].find("\">\n").unwrap() + 3;
    let end = s.rfind("  </rdf:Description>").unwrap();
    s[start..end].to_string()
}

#[test]
fn struct_and_qualifier_forms() {
    let c = |l: &str| n(CUSTOM, l);
    let mut p = Packet::new();
    p.prefixes.hint(CUSTOM, "c");
    p.set(c("EmptyStruct"), Node::structure(vec![]));
    p.set(
        c("Mixed"),
        Node::structure(vec![
            (
                c("list"),
                Node::array(ArrayKind::Seq, vec![Node::text("1")]),
            ),
            (c("simple"), Node::text("s")),
        ]),
    );
    p.set(
        c("Elements"),
        Node::structure(vec![
            (c("uri"), Node::uri("http://u/")),
            (c("lang"), Node::lang_text("en", "hi")),
        ]),
    );
    let mut qs = Node::structure(vec![(c("f"), Node::text("v"))]);
    qs.qualifiers.push((Name::xml_lang(), Node::text("fr")));
    qs.qualifiers.push((c("note"), Node::text("q")));
    qs.qualifiers
        .push((Name::rdf_type(), Node::uri("http://t/T")));
    p.set(c("QualifiedStruct"), qs);
    let mut qu = Node::uri("http://x/");
    let mut inner = Node::text("");
    inner.qualifiers.push((c("deep"), Node::text("d")));
    qu.qualifiers.push((c("q"), inner));
    p.set(c("QualifiedUri"), qu);
    p.set(
        c("Nested"),
        Node::array(
            ArrayKind::Bag,
            vec![Node::array(ArrayKind::Alt, vec![Node::text("a")])],
        ),
    );
    p.set(Name::rdf_type(), Node::uri("http://t/Doc"));
    p.set(c("Spaces"), Node::text("  two  "));
    p.set(c("Said"), Node::lang_text("fr", ""));
    assert_eq!(
        props_xml(&p),
        r#"   <c:EmptyStruct rdf:parseType="Resource"/>
   <c:Mixed>
    <rdf:Description
     c:simple="s">
     <c:list>
      <rdf:Seq>
       <rdf:li>1</rdf:li>
      </rdf:Seq>
     </c:list>
    </rdf:Description>
   </c:Mixed>
   <c:Elements rdf:parseType="Resource">
    <c:uri rdf:resource="http://u/"/>
    <c:lang xml:lang="en">hi</c:lang>
   </c:Elements>
   <c:QualifiedStruct xml:lang="fr" rdf:parseType="Resource">
    <rdf:value
     c:f="v"/>
    <rdf:type rdf:resource="http://t/T"/>
    <c:note>q</c:note>
   </c:QualifiedStruct>
   <c:QualifiedUri rdf:parseType="Resource">
    <rdf:value rdf:resource="http://x/"/>
    <c:q rdf:parseType="Resource">
     <rdf:value/>
     <c:deep>d</c:deep>
    </c:q>
   </c:QualifiedUri>
   <c:Nested>
    <rdf:Bag>
     <rdf:li>
      <rdf:Alt>
       <rdf:li>a</rdf:li>
      </rdf:Alt>
     </rdf:li>
    </rdf:Bag>
   </c:Nested>
   <rdf:type rdf:resource="http://t/Doc"/>
   <c:Said xml:lang="fr"/>
"#
    );
    // The simple unqualified one went to the attributes.
    assert!(to_rdfxml(&p, &opts(0)).contains("\n   c:Spaces=\"  two  \">"));
}

#[test]
fn escaping_in_text_and_attributes() {
    let mut p = Packet::new();
    let odd = "a<b>&c\"d'e\tf\ng\rh]]>i";
    p.set(n(CUSTOM, "Attr"), Node::text(odd));
    p.set(
        n(CUSTOM, "Elem"),
        Node::array(ArrayKind::Seq, vec![Node::text(odd)]),
    );
    let s = to_rdfxml(&p, &opts(0));
    assert!(s.contains("ns1:Attr=\"a&lt;b&gt;&amp;c&quot;d'e&#x9;f&#xA;g&#xD;h]]&gt;i\""));
    assert!(s.contains("<rdf:li>a&lt;b&gt;&amp;c\"d'e&#x9;f&#xA;g&#xD;h]]&gt;i</rdf:li>"));
}

#[test]
fn prefixes_hint_canonical_then_numbered() {
    let mut p = Packet::new();
    p.prefixes.hint(DC, "xmp"); // steals xmp's canonical prefix
    p.prefixes.hint(CUSTOM, "xmlns"); // never usable
    p.set(n(DC, "a"), Node::text("1"));
    p.set(n(XMP, "b"), Node::text("2"));
    p.set(n(CUSTOM, "c"), Node::text("3"));
    let s = to_rdfxml(&p, &opts(0));
    assert!(
        s.contains("xmlns:xmp=\"http://purl.org/dc/elements/1.1/\""),
        "{s}"
    );
    assert!(
        s.contains("xmlns:ns1=\"http://ns.adobe.com/xap/1.0/\""),
        "{s}"
    );
    assert!(
        s.contains("xmlns:ns2=\"http://example.com/ns/custom/1.0/\""),
        "{s}"
    );
    assert!(s.contains("xmp:a=\"1\"") && s.contains("ns1:b=\"2\"") && s.contains("ns2:c=\"3\""));
}

fn refused(p: &Packet) -> (String, WriteErrorKind) {
    let e = try_to_rdfxml(p, &opts(0)).unwrap_err();
    (e.path.clone(), e.kind.clone())
}

#[test]
fn refuses_what_xml_cannot_carry() {
    let mut p = Packet::new();
    p.set(
        n(DC, "title"),
        Node::array(ArrayKind::Alt, vec![Node::lang_text("en", "bell\u{7}")]),
    );
    assert_eq!(
        refused(&p),
        ("dc:title[1]".into(), WriteErrorKind::IllegalChar('\u{7}'))
    );
    assert_eq!(
        try_to_rdfxml(&p, &opts(0)).unwrap_err().to_string(),
        "cannot write XMP: dc:title[1]: character U+0007 is not allowed in XML 1.0"
    );

    let mut p = Packet::new();
    p.set(n(CUSTOM, "x"), Node::text("\u{FFFE}"));
    assert_eq!(
        refused(&p),
        ("ns1:x".into(), WriteErrorKind::IllegalChar('\u{FFFE}'))
    );

    let mut p = Packet::new();
    p.about = "nul\0".into();
    assert_eq!(
        refused(&p),
        ("(about)".into(), WriteErrorKind::IllegalChar('\0'))
    );

    let mut p = Packet::new();
    p.set(
        n(CUSTOM, "S"),
        Node::structure(vec![(n(CUSTOM, "1st"), Node::text("x"))]),
    );
    assert_eq!(
        refused(&p),
        (
            "ns1:S/ns1:1st".into(),
            WriteErrorKind::InvalidLocalName("1st".into())
        )
    );

    let mut p = Packet::new();
    p.set(n("", "x"), Node::text("x"));
    assert_eq!(refused(&p).1, WriteErrorKind::EmptyNamespace);

    let mut p = Packet::new();
    p.set(n("http://bad\u{2}ns/", "x"), Node::text("x"));
    assert_eq!(
        refused(&p),
        ("xmlns:ns1".into(), WriteErrorKind::IllegalChar('\u{2}'))
    );

    let mut p = Packet::new();
    p.set(
        n("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "li"),
        Node::text("x"),
    );
    assert_eq!(refused(&p), ("rdf:li".into(), WriteErrorKind::ReservedName));

    let mut p = Packet::new();
    p.set(Name::xml_lang(), Node::text("en"));
    assert_eq!(
        refused(&p),
        ("xml:lang".into(), WriteErrorKind::ReservedName)
    );

    let mut p = Packet::new();
    let mut bad = Node::text("x");
    bad.qualifiers
        .push((Name::xml_lang(), Node::structure(vec![])));
    p.set(n(DC, "x"), bad);
    assert_eq!(
        refused(&p),
        ("dc:x/?xml:lang".into(), WriteErrorKind::BadLangQualifier)
    );

    let mut p = Packet::new();
    p.props.push((n(DC, "x"), Node::text("1")));
    p.props.push((n(DC, "x"), Node::text("2")));
    assert_eq!(refused(&p), ("dc:x".into(), WriteErrorKind::Duplicate));

    let mut deep = Node::text("leaf");
    for _ in 0..600 {
        deep = Node::array(ArrayKind::Seq, vec![deep]);
    }
    let mut p = Packet::new();
    p.set(n(DC, "deep"), deep);
    assert_eq!(refused(&p).1, WriteErrorKind::TooDeep);
}

#[test]
fn infallible_writer_repairs_instead_of_panicking() {
    let mut p = Packet::new();
    p.set(n(DC, "ok"), Node::text("fine"));
    p.set(n(DC, "ctl"), Node::text("a\u{1}b"));
    p.set(n(DC, "1bad"), Node::text("dropped"));
    p.set(
        n("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "li"),
        Node::text("dropped"),
    );
    p.set(n("http://bad\u{2}ns/", "x"), Node::text("dropped"));
    p.set(n("", "x"), Node::text("dropped"));
    let mut deep = Node::text("too deep");
    for _ in 0..600 {
        deep = Node::array(ArrayKind::Seq, vec![deep]);
    }
    p.set(n(DC, "deep"), deep);
    let s = to_rdfxml(&p, &opts(0));
    assert!(s.contains("dc:ok=\"fine\""));
    assert!(s.contains("dc:ctl=\"a\u{FFFD}b\""));
    assert!(!s.contains("dropped") && !s.contains("too deep"));
    assert!(s.contains("<dc:deep>"));
    assert!(s.ends_with("<?xpacket end=\"w\"?>"));
    assert!(try_to_rdfxml(&p, &opts(0)).is_err());
}

#[test]
fn exact_length() {
    let p = sample_packet();
    let base = to_rdfxml(&p, &opts(0));
    let trailer = "<?xpacket end=\"w\"?>";
    let head = &base[..base.len() - trailer.len()];
    assert_eq!(to_exact_length(&p, &opts(0), base.len() - 1), None);
    assert_eq!(to_exact_length(&p, &opts(0), 0), None);
    for len in base.len()..base.len() + 404 {
        let got = to_exact_length(&p, &opts(7), len).unwrap();
        assert_eq!(got.len(), len);
        let s = std::str::from_utf8(&got).unwrap();
        assert!(s.starts_with(head));
        assert!(s.ends_with(trailer));
        let pad = &s[head.len()..len - trailer.len()];
        assert!(pad.bytes().all(|b| b == b' ' || b == b'\n'), "{pad:?}");
        assert!(pad.is_empty() || pad.ends_with('\n'));
        assert!(pad.split_terminator('\n').all(|l| l.len() <= 100));
    }
    // Same as asking for that much padding.
    let padded = to_rdfxml(&p, &opts(2048));
    assert_eq!(
        to_exact_length(&p, &opts(0), padded.len()).unwrap(),
        padded.as_bytes()
    );

    // Without a wrapper the whitespace follows </x:xmpmeta>.
    let o = WriteOptions {
        xpacket: false,
        pretty: false,
        ..opts(0)
    };
    let bare = to_rdfxml(&p, &o);
    let got = to_exact_length(&p, &o, bare.len() + 10).unwrap();
    assert_eq!(&got[..bare.len()], bare.as_bytes());
    assert_eq!(&got[bare.len()..], b"         \n");

    // A model the writer refuses cannot fit anything.
    let mut bad = Packet::new();
    bad.set(n(DC, "x"), Node::text("\u{1}"));
    assert_eq!(to_exact_length(&bad, &opts(0), 100_000), None);
}

#[test]
fn canonical_order_moves_attributes_first() {
    let mut p = Packet::new();
    p.set(n(DC, "list"), Node::array(ArrayKind::Bag, vec![]));
    p.set(n(DC, "plain"), Node::text("x"));
    let mut q = Node::text("v");
    q.qualifiers.push((n(XMP_IDQ, "Scheme"), Node::text("s")));
    q.qualifiers
        .push((Name::rdf_type(), Node::uri("http://t/")));
    q.qualifiers.push((Name::xml_lang(), Node::text("en")));
    p.set(n(DC, "q"), q);
    let o = canonical_order(&p);
    let names: Vec<&str> = o.props.iter().map(|(n, _)| &*n.local).collect();
    assert_eq!(names, ["plain", "list", "q"]);
    let quals: Vec<&str> = o
        .get(&n(DC, "q"))
        .unwrap()
        .qualifiers
        .iter()
        .map(|(n, _)| &*n.local)
        .collect();
    assert_eq!(quals, ["lang", "type", "Scheme"]);
    assert_eq!(to_rdfxml(&o, &opts(0)), to_rdfxml(&p, &opts(0)));
}

proptest! {
    #[test]
    fn generated_models_are_writable_and_order_independent(p in gen::packet()) {
        let s = try_to_rdfxml(&p, &opts(0)).unwrap();
        let c = canonical_order(&p);
        prop_assert_eq!(&canonical_order(&c), &c);
        prop_assert_eq!(to_rdfxml(&c, &opts(0)), s.clone());
        // Well-formed XML with every element closed.
        let mut reader = quick_xml::Reader::from_str(&s);
        let mut depth = 0i32;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => prop_assert!(false, "not well-formed: {e}\n{s}"),
            }
        }
        prop_assert_eq!(depth, 0);
    }
}
