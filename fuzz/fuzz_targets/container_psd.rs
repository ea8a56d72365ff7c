//! Fuzzes the PSD/PSB section and image resource walk, the splice of a new packet (the
//! result must walk and hold it, every other resource kept), and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::psd::{self, Psd};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    if let Ok(layout) = psd::scan(&mut Cursor::new(data)) {
        let mut out = Vec::new();
        if psd::splice(&mut Cursor::new(data), &layout, b"<p/>", &mut out).is_ok() {
            let again = psd::scan(&mut Cursor::new(&out)).expect("spliced file must walk");
            let x = &again.resources[again.xmp.expect("an XMP resource")];
            let at = x.data_offset as usize;
            assert_eq!(&out[at..at + 4], b"<p/>");
            let others = |l: &psd::Layout| l.resources.len() - usize::from(l.xmp.is_some());
            assert_eq!(others(&again), others(&layout));
        }
    }
    let _ = Psd.read(&mut Cursor::new(data));
});
