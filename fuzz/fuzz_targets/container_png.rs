//! Fuzzes the PNG chunk walker (with and without image-data CRCs), the splice of a new
//! packet, and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::png::{self, Png};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    let _ = png::scan(&mut Cursor::new(data), false);
    if let Ok(layout) = png::scan(&mut Cursor::new(data), true) {
        let mut out = Vec::new();
        if png::splice(&mut Cursor::new(data), &layout, b"<p/>", &mut out).is_ok() {
            let again = png::scan(&mut Cursor::new(&out), true).expect("spliced file must walk");
            assert_eq!(again.xmp[0].bytes, b"<p/>");
        }
    }
    let _ = Png.read(&mut Cursor::new(data));
});
