//! Fuzzes the GIF block walker, the splice of a new packet, and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::gif::{self, Gif};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    if let Ok(layout) = gif::scan(&mut Cursor::new(data)) {
        let mut out = Vec::new();
        if gif::splice(&mut Cursor::new(data), &layout, b"<p/>", &mut out).is_ok() {
            let again = gif::scan(&mut Cursor::new(&out)).expect("spliced file must walk");
            assert_eq!(again.xmp[0].bytes, b"<p/>");
        }
    }
    let _ = Gif.read(&mut Cursor::new(data));
});
