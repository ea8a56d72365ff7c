//! Fallback reader: format classification, the PDF catalog metadata lookup, and the
//! refusal to write.

use std::io::Cursor;

use xmpedit_core::xmp::{Packet, WriteOptions};
use xmpedit_formats::fallback::{self, pdf, Fallback};
use xmpedit_formats::{Container, Format, FormatError, Found};

#[test]
fn classify_names_the_formats_we_only_read() {
    let cases: &[(&[u8], Format)] = &[
        (b"%PDF-1.7\n", Format::Pdf),
        (b"8BPS\0\x01", Format::Psd),
        (b"%!PS-Adobe-3.0 EPSF-3.0", Format::Eps),
        (b"\xc5\xd0\xd3\xc6\x20\0\0\0", Format::Eps),
        (b"\0\0\0\x18ftypcrx \0\0\0\x01", Format::Cr3),
        (b"\0\0\0\x18ftypheic\0\0\0\0", Format::Heif),
        (b"\0\0\0\x18ftypavif\0\0\0\0", Format::Heif),
        (b"\0\0\0\x18ftypmp42\0\0\0\0", Format::Mp4),
        (b"\0\0\0\x14ftypqt  \0\0\0\0", Format::Mov),
        (b"\0\0\0\x08wide\0\0\0\x10mdat", Format::Mov),
        (b"\x06\x06\xed\xf5\xd8\x1d\x46\xe5", Format::Other),
        (b"", Format::Other),
    ];
    for (head, f) in cases {
        assert_eq!(fallback::classify(head), *f, "{head:?}");
    }
}

const PDF: &str = "%PDF-1.4\n\
1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >> endobj\n\
4 0 obj << /Type /Metadata /Subtype /XML /Length 10 >>\nstream\nPAGE-XMP\nendstream endobj\n\
5 0 obj << /Type /Metadata /Subtype /XML /Length 10 >>\nstream\nOLD-XMP\nendstream endobj\n\
trailer << /Size 6 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n\
15 0 obj << /Type /Metadata /Subtype /XML /Length 10 >>\nstream\r\nNEW-XMP\nendstream endobj\n\
1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 15 0 R >> endobj\n\
trailer << /Size 16 /Root 1 0 R /Prev 0 >>\nstartxref\n0\n%%EOF\n";

#[test]
fn pdf_metadata_is_followed_from_the_last_trailer() {
    let at = pdf::metadata_stream_start(PDF.as_bytes()).expect("found");
    assert!(PDF[at..].starts_with("NEW-XMP"), "{}", &PDF[at..at + 10]);
    // Before the incremental update: the original metadata object.
    let first = &PDF[..PDF.find("%%EOF").unwrap()];
    let at = pdf::metadata_stream_start(first.as_bytes()).expect("found");
    assert!(first[at..].starts_with("OLD-XMP"));
    // A catalog in an object stream cannot be followed.
    assert_eq!(
        pdf::metadata_stream_start(b"%PDF-1.5\ntrailer << /Root 3 0 R >>"),
        None
    );
}

#[test]
fn writes_are_refused_with_a_sidecar_hint() {
    for f in [Format::Pdf, Format::Mp4, Format::Heif, Format::Other] {
        let found = Found::empty(f);
        let packet = Packet::new();
        let opts = WriteOptions::default();
        let mut src = Cursor::new(Vec::<u8>::new());
        let e = Fallback
            .patch_in_place(&mut src, &found, &packet, &opts)
            .unwrap_err();
        assert!(matches!(e, FormatError::NotWritable { .. }));
        assert_eq!(
            e.to_string(),
            format!("writing XMP into {} files is not supported: xmpedit reads XMP in this format but does not write it; write a sidecar (NAME.xmp) instead", f.name())
        );
        let mut out = Vec::new();
        assert!(Fallback
            .rewrite(&mut src, &found, &packet, &opts, &mut out)
            .is_err());
        assert!(out.is_empty());
    }
}

use crate::util::fmt2_common;

fn packet(rating: u32) -> String {
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"{rating}\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    )
}

fn rating(p: &Packet) -> String {
    use xmpedit_core::xmp::{ns, Name, Value};
    match &p.get(&Name::new(ns::XMP, "Rating")).expect("rating").value {
        Value::Simple(s) => s.clone(),
        v => panic!("{v:?}"),
    }
}

#[test]
fn pdf_main_packet_is_the_catalog_metadata_and_the_rest_are_listed() {
    let pdf = format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Metadata 5 0 R >> endobj\n\
         4 0 obj << /Type /Metadata /Subtype /XML >>\nstream\n{}\nendstream endobj\n\
         5 0 obj << /Type /Metadata /Subtype /XML >>\nstream\n{}\nendstream endobj\n\
         6 0 obj << /Type /Metadata /Subtype /XML >>\nstream\n{}\nendstream endobj\n\
         trailer << /Root 1 0 R >>\n%%EOF\n",
        packet(1),
        packet(2),
        packet(3)
    );
    let found = Fallback.read(&mut Cursor::new(pdf.as_bytes())).unwrap();
    assert_eq!(found.format, Format::Pdf);
    assert_eq!(rating(found.packet.as_ref().unwrap()), "2");
    let labels: Vec<&str> = found.others.iter().map(|o| o.0.as_str()).collect();
    assert_eq!(labels.len(), 2);
    assert!(labels[0].starts_with("packet at offset "));
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    // Without a followable catalog: the last packet, with a warning.
    let broken = pdf.replace("/Root 1 0 R", "/Root 9 0 R");
    let found = Fallback.read(&mut Cursor::new(broken.as_bytes())).unwrap();
    assert_eq!(rating(found.packet.as_ref().unwrap()), "3");
    assert_eq!(found.warnings.len(), 1);
}

#[test]
fn other_formats_use_the_first_packet_and_bare_xmpmeta_is_found() {
    let mut mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
    mp4.extend_from_slice(packet(7).as_bytes());
    mp4.extend_from_slice(packet(8).as_bytes());
    let found = Fallback.read(&mut Cursor::new(&mp4)).unwrap();
    assert_eq!(found.format, Format::Mp4);
    assert_eq!(rating(found.packet.as_ref().unwrap()), "7");
    assert_eq!(found.others.len(), 1);
    let bare = packet(9);
    let bare = &bare[bare.find("<x:xmpmeta").unwrap()..bare.find("<?xpacket end").unwrap()];
    let psd = [b"8BPS\0\x01".as_slice(), bare.as_bytes(), b"\0\0"].concat();
    let found = Fallback.read(&mut Cursor::new(&psd)).unwrap();
    assert_eq!(found.format, Format::Psd);
    assert_eq!(rating(found.packet.as_ref().unwrap()), "9");
    let r = found.region.unwrap();
    assert_eq!((r.offset, r.len), (6, bare.len() as u64));
    let none = Fallback.read(&mut Cursor::new(b"nothing here")).unwrap();
    assert!(none.packet.is_none());
}

#[test]
fn random_corruption_never_panics() {
    let pdf = format!("%PDF-1.4\n1 0 obj << /Metadata 2 0 R >> endobj\n2 0 obj\nstream\n{}\nendstream\ntrailer << /Root 1 0 R >>", packet(1));
    fmt2_common::mutations(pdf.as_bytes(), 2000, |b| {
        let _ = Fallback.read(&mut Cursor::new(b));
        let _ = pdf::metadata_stream_start(b);
    });
}

fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(body);
    v
}

#[test]
fn mp4_and_mov_xmp_boxes_are_found_by_walking_boxes() {
    let mut uuid = fallback::bmff::XMP_UUID.to_vec();
    uuid.extend_from_slice(packet(4).as_bytes());
    // A packet-looking string inside mdat must not be taken for the XMP box.
    let mp4 = [
        bx(b"ftyp", b"mp42\0\0\0\0mp42"),
        bx(b"mdat", packet(1).as_bytes()),
        bx(b"uuid", &uuid),
    ]
    .concat();
    let found = Fallback.read(&mut Cursor::new(&mp4)).unwrap();
    assert_eq!(found.format, Format::Mp4);
    assert_eq!(rating(found.packet.as_ref().unwrap()), "4");
    let r = found.region.unwrap();
    assert_eq!(r.offset as usize, mp4.len() - packet(4).len());
    let mov = [
        bx(b"wide", b""),
        bx(b"mdat", b"\0\0\0\0"),
        bx(
            b"moov",
            &[
                bx(b"mvhd", &[0; 20]),
                bx(b"udta", &bx(b"XMP_", packet(5).as_bytes())),
            ]
            .concat(),
        ),
    ]
    .concat();
    let found = Fallback.read(&mut Cursor::new(&mov)).unwrap();
    assert_eq!(found.format, Format::Mov);
    assert_eq!(rating(found.packet.as_ref().unwrap()), "5");
}
