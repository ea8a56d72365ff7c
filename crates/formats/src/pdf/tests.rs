//! Unit tests of the PDF module on small files built here.

use std::io::Cursor;

use super::*;

const PACKET: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"3\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

#[test]
fn the_catalog_metadata_is_found_through_the_table() {
    let b = blank(Some(PACKET));
    let f = Pdf.read(&mut Cursor::new(&b)).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    let r = f.region.unwrap();
    assert_eq!(&b[r.offset as usize..][..r.len as usize], PACKET.as_bytes());
    let f = Pdf.read(&mut Cursor::new(blank(None))).unwrap();
    assert!(f.packet.is_none() && f.warnings.is_empty());
}

#[test]
fn an_update_appends_and_keeps_every_earlier_byte() {
    for meta in [None, Some(PACKET)] {
        let b = blank(meta);
        let f = Pdf.read(&mut Cursor::new(&b)).unwrap();
        let mut p = f.packet.clone().unwrap_or_default();
        p.set(
            xmpedit_core::xmp::Name::new(xmpedit_core::xmp::ns::XMP, "Label"),
            xmpedit_core::xmp::Node::text("new"),
        );
        let mut out = Vec::new();
        Pdf.rewrite(
            &mut Cursor::new(&b),
            &f,
            &p,
            &WriteOptions::default(),
            &mut out,
        )
        .unwrap();
        assert_eq!(&out[..b.len()], &b[..]);
        let back = Pdf.read(&mut Cursor::new(&out)).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert!(crate::packet::same_model(back.packet.as_ref().unwrap(), &p));
        // Twice: the second update's /Prev is the first's section.
        let mut again = Vec::new();
        Pdf.rewrite(
            &mut Cursor::new(&out),
            &back,
            &p,
            &WriteOptions::default(),
            &mut again,
        )
        .unwrap();
        let back2 = Pdf.read(&mut Cursor::new(&again)).unwrap();
        assert!(crate::packet::same_model(
            back2.packet.as_ref().unwrap(),
            &p
        ));
        let x = xref::read(&mut Cursor::new(&again)).unwrap();
        // Object 4 holds the metadata either way: redefined, not added again.
        assert_eq!(x.size, 5);
    }
}

#[test]
fn encrypted_and_broken_files_read_by_scanning_and_refuse_writes() {
    let b = blank(Some(PACKET));
    let s = String::from_utf8_lossy(&b).replace("/Root 1 0 R", "/Root 1 0 R /Encrypt 9 0 R");
    let f = Pdf.read(&mut Cursor::new(s.as_bytes())).unwrap();
    assert!(f.warnings[0].contains("encrypted"), "{:?}", f.warnings);
    let e = Pdf
        .rewrite(
            &mut Cursor::new(s.as_bytes()),
            &f,
            &Packet::new(),
            &WriteOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
    assert!(matches!(e, FormatError::Encrypted(_)), "{e}");
    let broken = String::from_utf8_lossy(&b).replace("startxref\n", "startxref\n9");
    let f = Pdf.read(&mut Cursor::new(broken.as_bytes())).unwrap();
    assert!(f.packet.is_some());
    assert!(
        f.warnings[0].contains("cannot be written"),
        "{:?}",
        f.warnings
    );
}

#[test]
fn signatures_are_found_in_the_raw_bytes() {
    assert!(doc::signed(&mut Cursor::new(b"<< /FT /Sig /V 5 0 R >>")).unwrap());
    assert!(doc::signed(&mut Cursor::new(b"<< /ByteRange [0 1 2 3] >>")).unwrap());
    assert!(!doc::signed(&mut Cursor::new(b"<< /SigFlags 0 >>")).unwrap());
}
