//! Fuzzes the WebP chunk walk, the XMP chunk plan (with simple-to-extended
//! conversion), and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::webp::{riff, WebP};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = riff::read_riff(&mut Cursor::new(data)) {
        let mut src = Cursor::new(data);
        if let Ok(p) = riff::plan(&mut src, &r, b"<packet/>") {
            let mut out = Vec::new();
            if riff::stream(&mut src, &r, &p, &mut out).is_ok() {
                let again =
                    riff::read_riff(&mut Cursor::new(&out)).expect("written file must walk");
                let c = again.find(riff::XMP).expect("written file has XMP");
                let at = c.payload_at() as usize;
                assert_eq!(&out[at..at + c.size as usize], b"<packet/>");
            }
        }
    }
    let _ = WebP.read(&mut Cursor::new(data));
});
