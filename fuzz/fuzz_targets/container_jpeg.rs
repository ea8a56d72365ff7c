//! Fuzzes the JPEG segment walker, the splice of a new packet, and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::jpeg::{segments, splice};
use xmpedit_formats::{jpeg::Jpeg, Container};

fuzz_target!(|data: &[u8]| {
    if let Ok(layout) = segments::scan(&mut Cursor::new(data)) {
        let new = splice::xmp_segments(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", None).unwrap();
        let mut out = Vec::new();
        if splice::splice(&mut Cursor::new(data), &layout, &[], &new, &mut out).is_ok() {
            let again = segments::scan(&mut Cursor::new(&out)).expect("spliced file must walk");
            assert_eq!(
                again.standard[0].bytes,
                b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"
            );
        }
    }
    let _ = Jpeg.read(&mut Cursor::new(data));
});
