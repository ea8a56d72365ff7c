//! Fuzzes the TIFF IFD walk, the update-by-append plan, and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::tiff::{ifd, plan, Tiff};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    if let Ok(layout) = ifd::read_layout(&mut Cursor::new(data)) {
        if let Ok(p) = plan::append(&layout, b"<packet/>") {
            let mut out = Vec::new();
            if plan::stream(&mut Cursor::new(data), &p, &mut out).is_ok() {
                let again =
                    ifd::read_layout(&mut Cursor::new(&out)).expect("appended file must walk");
                let x = again.xmp.expect("appended file has XMP");
                assert_eq!(
                    &out[x.offset as usize..(x.offset + x.len) as usize],
                    b"<packet/>"
                );
            }
        }
    }
    let _ = Tiff.read(&mut Cursor::new(data));
});
