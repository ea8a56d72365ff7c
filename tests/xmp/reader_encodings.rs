//! Packets stored in UTF-8 (with or without BOM), UTF-16BE/LE and UTF-32BE/LE: same
//! model, encoding and padding (in stored bytes) reported, positions in characters.

use xmpedit_core::xmp::encoding::{encode, Encoding};
use xmpedit_core::xmp::scan::find_packets;
use xmpedit_core::xmp::{parse, ArrayKind, Name, Node};

const DC: &str = "http://purl.org/dc/elements/1.1/";

fn packet() -> String {
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"{DC}\"><dc:title><rdf:Alt>\
<rdf:li xml:lang=\"x-default\">Ünïcödé \u{1F600} 日本</rdf:li></rdf:Alt></dc:title></rdf:Description>\n\
</rdf:RDF></x:xmpmeta>\n{}\n<?xpacket end=\"r\"?>",
        " ".repeat(40)
    )
}

const ALL: [Encoding; 5] = [
    Encoding::Utf8,
    Encoding::Utf16Be,
    Encoding::Utf16Le,
    Encoding::Utf32Be,
    Encoding::Utf32Le,
];

#[test]
fn every_encoding_with_and_without_bom_reads_the_same() {
    let want = vec![(
        Name::new(DC, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text("x-default", "Ünïcödé \u{1F600} 日本")],
        ),
    )];
    for enc in ALL {
        for bom in [false, true] {
            let mut bytes = if bom { enc.bom().to_vec() } else { Vec::new() };
            bytes.extend(encode(&packet(), enc));
            let r = parse(&bytes).unwrap_or_else(|e| panic!("{enc} bom={bom}: {e}"));
            assert_eq!(r.packet.props, want, "{enc} bom={bom}");
            assert_eq!(r.info.encoding, enc);
            assert!(r.info.xpacket && r.info.read_only);
            // 40 spaces and the two newlines around them, in stored bytes.
            assert_eq!(r.info.padding, 42 * enc.unit_size(), "{enc}");
        }
    }
}

#[test]
fn errors_in_utf16_packets_give_character_positions() {
    let text = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <é>\u{1F600}</a></rdf:RDF>";
    for enc in ALL {
        let e = parse(&encode(text, enc)).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line, e.column),
            ("mismatched end tag: expected </é>, found </a>", 2, 7),
            "{enc}"
        );
    }
}

#[test]
fn malformed_utf16_and_utf32_are_refused() {
    let mut bytes = encode("<a>", Encoding::Utf16Le);
    bytes.push(b'x');
    let e = parse(&bytes).unwrap_err();
    assert_eq!(e.message, "UTF-16LE text ends in the middle of a character");
    let mut bytes = encode("<a>", Encoding::Utf16Be);
    bytes.extend([0xD8, 0x00, 0x00, b'a']);
    let e = parse(&bytes).unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.line, e.column),
        ("invalid UTF-16BE: unpaired surrogate 0xD800", 1, 4)
    );
    let mut bytes = encode("<a>", Encoding::Utf32Be);
    bytes.extend([0x00, 0x11, 0x00, 0x00]);
    let e = parse(&bytes).unwrap_err();
    assert_eq!(e.message, "invalid UTF-32BE: 0x00110000 is not a character");
}

#[test]
fn scanner_finds_and_reader_reads_packets_in_binary_data() {
    let mut file = b"\xFF\xD8\xFF\xE1 some binary \x00\x01\x02".to_vec();
    let mut starts = Vec::new();
    for enc in ALL {
        starts.push(file.len());
        file.extend(encode(&packet(), enc));
        file.extend_from_slice(b"\x00\xFFgap");
    }
    let spans = find_packets(&file);
    assert_eq!(spans.iter().map(|s| s.start).collect::<Vec<_>>(), starts);
    for (s, enc) in spans.iter().zip(ALL) {
        assert!(!s.writable);
        let r = parse(&file[s.range()]).unwrap();
        assert_eq!(r.info.encoding, enc);
        assert_eq!(r.packet.props.len(), 1);
    }
}
