//! SVG container: locating XMP in `<metadata>`, splicing only the packet's bytes,
//! inserting `<metadata>`, Inkscape RDF handling, errors on broken documents.

use xmpedit_formats::svg::{self, locate};

const PACKET: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"image/svg+xml\"/></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

const INKSCAPE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns="http://www.w3.org/2000/svg"
   width="10" height="10">
  <metadata
     id="metadata5">
    <rdf:RDF>
      <cc:Work
         rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:title>Anchors</dc:title>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <rect width="1" height="1"/>
</svg>
"#;

fn doc(s: &str) -> locate::SvgDoc {
    locate::locate(s.as_bytes()).expect("locate")
}

fn write(s: &str, packet: &str) -> String {
    let d = doc(s);
    String::from_utf8(svg::plan(s.as_bytes(), &d, packet.as_bytes())).unwrap()
}

fn main_range(s: &str) -> (usize, usize) {
    let d = doc(s);
    d.candidates[d.main().expect("packet")].range
}

#[test]
fn blank_gets_a_metadata_element_after_the_root_start_tag() {
    let b = String::from_utf8(svg::blank()).unwrap();
    assert!(locate::sniff(b.as_bytes()));
    assert!(doc(&b).candidates.is_empty());
    let out = write(&b, PACKET);
    let root_end = b.find("viewBox=\"0 0 1 1\">").unwrap() + "viewBox=\"0 0 1 1\">".len();
    let inserted = format!("\n  <metadata>{PACKET}</metadata>");
    assert_eq!(
        out,
        format!("{}{}{}", &b[..root_end], inserted, &b[root_end..])
    );
    let (a, z) = main_range(&out);
    assert_eq!(&out[a..z], PACKET);
    // Writing again replaces exactly the packet's bytes.
    let again = write(&out, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
    assert_eq!(
        again,
        format!(
            "{}<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>{}",
            &out[..a],
            &out[z..]
        )
    );
}

#[test]
fn a_prefixed_root_gets_a_prefixed_metadata_element() {
    let s = "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:rect/></svg:svg>";
    let out = write(s, PACKET);
    assert_eq!(
        out,
        format!("<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">\n<svg:metadata>{PACKET}</svg:metadata><svg:rect/></svg:svg>")
    );
    let empty_root = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"a\"/>";
    assert_eq!(
        write(empty_root, "P"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"a\"><metadata>P</metadata></svg>"
    );
}

#[test]
fn xpacket_pis_around_the_packet_belong_to_its_range() {
    let s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata> {PACKET} <other/></metadata></svg>"
    );
    let (a, z) = main_range(&s);
    assert_eq!(&s[a..z], PACKET);
    let out = write(&s, "NEW");
    assert_eq!(out, s.replace(PACKET, "NEW"));
}

#[test]
fn other_metadata_and_the_doctype_with_entities_are_kept() {
    let s = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n  <!ENTITY who \"Ana\">\n  <!ENTITY % p \"x\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><desc>&who;</desc><metadata id=\"m\"><c2pa:manifest xmlns:c2pa=\"urn:c2pa\">AAA</c2pa:manifest>\n    </metadata><g><metadata>{PACKET}</metadata></g></svg>"
    );
    let d = doc(&s);
    assert!(
        d.candidates.is_empty(),
        "a nested <metadata> does not describe the document"
    );
    let out = write(&s, "NEW");
    let at = s.find("</metadata>").unwrap();
    assert_eq!(out, format!("{}NEW{}", &s[..at], &s[at..]));
}

#[test]
fn bare_rdf_with_old_about_attribute_is_the_packet() {
    let s = r#"<svg xmlns="http://www.w3.org/2000/svg"><metadata>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <rdf:Description about="" dc:title="T"/>
      </rdf:RDF>
    </metadata></svg>"#;
    let d = doc(s);
    assert_eq!(d.candidates.len(), 1);
    assert_eq!(d.candidates[0].kind, locate::Kind::Rdf);
    assert!(d.candidates[0].typed.is_empty());
    let (a, z) = d.candidates[0].range;
    assert!(s[a..z].starts_with("<rdf:RDF") && s[a..z].ends_with("</rdf:RDF>"));
}

#[test]
fn inkscape_rdf_is_parsed_with_inherited_namespaces_and_kept_on_write() {
    let d = doc(INKSCAPE);
    let c = &d.candidates[0];
    assert_eq!(c.typed.len(), 1);
    let text = String::from_utf8(svg::parse_text(INKSCAPE.as_bytes(), c)).unwrap();
    assert!(text.starts_with("<rdf:RDF xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:cc=\"http://creativecommons.org/ns#\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://www.w3.org/2000/svg\">"), "{text}");
    assert!(
        text.contains("<rdf:Description\n         rdf:about=\"\">"),
        "{text}"
    );
    assert!(text.contains("</rdf:Description>"), "{text}");
    assert!(!text.contains("cc:Work"));
    // The write keeps the Inkscape block and adds the packet after it.
    let out = write(INKSCAPE, PACKET);
    let at = INKSCAPE.find("</metadata>").unwrap();
    assert_eq!(
        out,
        format!("{}{PACKET}{}", &INKSCAPE[..at], &INKSCAPE[at..])
    );
    let d2 = doc(&out);
    assert_eq!(d2.candidates.len(), 2);
    assert_eq!(d2.main(), Some(1));
    let (a, z) = d2.candidates[1].range;
    assert_eq!(&out[a..z], PACKET);
}

#[test]
fn preserved_parts_survive_every_kind_of_write() {
    let cases = [
        String::from_utf8(svg::blank()).unwrap(),
        INKSCAPE.to_string(),
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\">\n <metadata id=\"m\"><a:b xmlns:a=\"urn:a\"/> {PACKET} </metadata></svg>"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata id=\"x\"/></svg>".to_string(),
    ];
    for s in cases {
        let out = write(&s, PACKET);
        let again = write(&out, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
        let parts = |t: &str| svg::preserved_parts(t.as_bytes(), &doc(t));
        assert_eq!(parts(&s), parts(&out), "{s}");
        assert_eq!(parts(&out), parts(&again), "{out}");
    }
}

#[test]
fn sniff_accepts_svg_and_rejects_other_xml() {
    assert!(locate::sniff(INKSCAPE.as_bytes()));
    assert!(locate::sniff(
        b"\xef\xbb\xbf<!-- c --><svg xmlns='http://www.w3.org/2000/svg'/>"
    ));
    assert!(!locate::sniff(b"<?xml version='1.0'?><html/>"));
    assert!(!locate::sniff(b"GIF89a"));
}

#[test]
fn broken_documents_give_clear_errors() {
    let err = |s: &str| locate::locate(s.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        err("<html/>"),
        "SVG structure error at offset 0: root element is <html>, not <svg>"
    );
    assert_eq!(
        err("<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata></svg>"),
        "SVG structure error at offset 50: not well-formed XML: ill-formed document: expected `</metadata>`, but `</svg>` was found"
    );
    assert_eq!(err(""), "SVG structure error at offset 0: no <svg> element");
}

#[test]
fn every_truncation_is_an_error_never_a_panic() {
    let full = write(INKSCAPE, PACKET);
    let end = full.rfind("</svg>").unwrap() + "</svg>".len();
    for cut in 0..end {
        if !full.is_char_boundary(cut) {
            continue;
        }
        assert!(
            locate::locate(&full.as_bytes()[..cut]).is_err(),
            "cut at {cut} located"
        );
    }
}

use crate::util::fmt2_common;

use xmpedit_formats::read_file;

#[test]
fn write_file_cycles_through_insert_in_place_and_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "a.svg", &svg::blank());
    fmt2_common::cycle(&path, true);
    let out = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    let b = String::from_utf8(svg::blank()).unwrap();
    let (a, z) = main_range(&out);
    // Outside the <metadata> element we added, the document is unchanged.
    let m0 = out[..a].rfind("\n  <metadata>").unwrap();
    let m1 = z + "</metadata>".len();
    assert_eq!(format!("{}{}", &out[..m0], &out[m1..]), b);
}

#[test]
fn inkscape_files_read_with_a_warning_and_keep_their_rdf_on_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "ink.svg", INKSCAPE.as_bytes());
    let (found, _) = read_file(&path).unwrap();
    let p = found.packet.as_ref().expect("recovered packet");
    assert_eq!(p.props.len(), 2, "{p:?}");
    assert!(found.region.is_none());
    assert!(
        found.warnings.iter().any(|w| w.contains("<cc:Work>")),
        "{:?}",
        found.warnings
    );
    let want = fmt2_common::sample("2", "Anchors");
    fmt2_common::write(&path, &want, false);
    let after = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(after.contains(
        &INKSCAPE[INKSCAPE.find("<rdf:RDF>").unwrap()..INKSCAPE.find("</rdf:RDF>").unwrap()]
    ));
    let found = fmt2_common::read_back(&path, &want);
    assert_eq!(found.others.len(), 1);
    assert!(
        found.others[0].0.contains("<cc:Work>"),
        "{}",
        found.others[0].0
    );
    // Further writes replace only our packet, in place while it fits.
    let before = std::fs::read(&path).unwrap();
    let r = found.region.unwrap();
    let next = fmt2_common::sample("3", "again");
    assert!(fmt2_common::write(&path, &next, false).in_place);
    fmt2_common::read_back(&path, &next);
    let after = std::fs::read(&path).unwrap();
    fmt2_common::equal_outside(
        &before,
        &after,
        r.offset as usize,
        (r.offset + r.len) as usize,
    );
}

#[test]
fn random_corruption_never_panics() {
    use xmpedit_formats::Container;
    let good = write(INKSCAPE, PACKET).into_bytes();
    fmt2_common::mutations(&good, 3000, |b| {
        if let Ok(d) = locate::locate(b) {
            for c in &d.candidates {
                let _ = svg::parse_text(b, c);
            }
            let out = svg::plan(b, &d, b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
            assert!(locate::locate(&out).is_ok());
        }
        let _ = svg::Svg.read(&mut std::io::Cursor::new(b));
    });
}

#[test]
fn latin1_svg_is_located_at_the_original_byte_positions() {
    // quick-xml 0.42 reads UTF-8 only; an ISO-8859-1 document with a non-ASCII byte
    // before the packet must still be found, at the bytes where the packet really is.
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Caf\u{e9}</title><metadata>{PACKET}</metadata></svg>\n"
    );
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    assert!(locate::sniff(&bytes));
    let d = locate::locate(&bytes).expect("a Latin-1 SVG is located");
    assert_eq!(d.encoding.as_deref(), Some("ISO-8859-1"));
    let (a, z) = d.candidates[d.main().expect("packet")].range;
    let start = bytes
        .windows(b"<?xpacket begin".len())
        .position(|w| w == b"<?xpacket begin")
        .unwrap();
    assert_eq!(a, start);
    assert!(bytes[a..z].ends_with(b"<?xpacket end=\"w\"?>"));
}
