//! Fuzzes the scanner-based reader for formats without a dedicated module (PDF, MP4/MOV,
//! HEIF, CR3, PSD, EPS): the ISO-BMFF box walk, the PDF `/Metadata` lookup, the full
//! read, and the bounds each of them promises.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::fallback::{bmff, pdf, Fallback};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    let len = data.len() as u64;
    for (s, e) in bmff::xmp_boxes(&mut Cursor::new(data), len) {
        assert!(
            s <= e && e <= len,
            "box range {s}..{e} outside a {len}-byte file"
        );
    }
    if let Some(at) = pdf::metadata_stream_start(data) {
        assert!(at <= data.len(), "metadata stream start {at} past the end");
    }
    if let Ok(found) = Fallback.read(&mut Cursor::new(data)) {
        if let Some(r) = found.region {
            assert!(r.offset.checked_add(r.len).is_some_and(|end| end <= len));
        }
    }
});
