//! Unit tests of the PDF module on small files built here.

use std::io::Cursor;

use super::*;

/// A one-page PDF with a classic table; `meta` adds a metadata stream object 4.
pub(crate) fn tiny(meta: Option<&str>) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    let cat = if meta.is_some() {
        "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>"
    } else {
        "<< /Type /Catalog /Pages 2 0 R >>"
    };
    let mut objs = vec![
        cat.to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>".to_string(),
    ];
    if let Some(m) = meta {
        objs.push(format!(
            "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{m}\nendstream",
            m.len()
        ));
    }
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", objs.len() + 1).as_bytes());
    for o in offs {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

const PACKET: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"3\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

#[test]
fn the_catalog_metadata_is_found_through_the_table() {
    let b = tiny(Some(PACKET));
    let f = Pdf.read(&mut Cursor::new(&b)).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    let r = f.region.unwrap();
    assert_eq!(&b[r.offset as usize..][..r.len as usize], PACKET.as_bytes());
    let f = Pdf.read(&mut Cursor::new(tiny(None))).unwrap();
    assert!(f.packet.is_none() && f.warnings.is_empty());
}

#[test]
fn an_update_appends_and_keeps_every_earlier_byte() {
    for meta in [None, Some(PACKET)] {
        let b = tiny(meta);
        let f = Pdf.read(&mut Cursor::new(&b)).unwrap();
        let mut p = f.packet.clone().unwrap_or_default();
        p.set(
            xmpedit_core::xmp::Name::new(xmpedit_core::xmp::ns::XMP, "Label"),
            xmpedit_core::xmp::Node::text("new"),
        );
        let mut out = Vec::new();
        Pdf.rewrite(&mut Cursor::new(&b), &f, &p, &WriteOptions::default(), &mut out)
            .unwrap();
        assert_eq!(&out[..b.len()], &b[..]);
        let back = Pdf.read(&mut Cursor::new(&out)).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert!(crate::packet::same_model(back.packet.as_ref().unwrap(), &p));
        // Twice: the second update's /Prev is the first's section.
        let mut again = Vec::new();
        Pdf.rewrite(&mut Cursor::new(&out), &back, &p, &WriteOptions::default(), &mut again)
            .unwrap();
        let back2 = Pdf.read(&mut Cursor::new(&again)).unwrap();
        assert!(crate::packet::same_model(back2.packet.as_ref().unwrap(), &p));
        let x = xref::read(&mut Cursor::new(&again)).unwrap();
        // Object 4 holds the metadata either way: redefined, not added again.
        assert_eq!(x.size, 5);
    }
}

#[test]
fn encrypted_and_broken_files_read_by_scanning_and_refuse_writes() {
    let b = tiny(Some(PACKET));
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
    assert!(f.warnings[0].contains("cannot be written"), "{:?}", f.warnings);
}

#[test]
fn signatures_are_found_in_the_raw_bytes() {
    assert!(doc::signed(&mut Cursor::new(b"<< /FT /Sig /V 5 0 R >>")).unwrap());
    assert!(doc::signed(&mut Cursor::new(b"<< /ByteRange [0 1 2 3] >>")).unwrap());
    assert!(!doc::signed(&mut Cursor::new(b"<< /SigFlags 0 >>")).unwrap());
}
