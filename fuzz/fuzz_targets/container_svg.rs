//! Fuzzes the SVG locator, the splice/insert plan, and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::svg::{self, locate, Svg};
use xmpedit_formats::Container;

const P: &[u8] = b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = locate::locate(data) {
        for c in &doc.candidates {
            let _ = svg::parse_text(data, c);
        }
        let out = svg::plan(data, &doc, P);
        let again = locate::locate(&out).expect("written document must locate");
        let c = &again.candidates[again.main().expect("written document has XMP")];
        if c.typed.is_empty() {
            assert_eq!(&out[c.range.0..c.range.1], P);
        }
    }
    let _ = Svg.read(&mut Cursor::new(data));
});
