//! Fuzzes the PDF cross-reference walk (tables, xref and object streams, Flate with
//! predictors), the catalog and `/Metadata` lookup, the incremental update (the result
//! must keep every original byte, parse, and lead to the new packet) and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::pdf::{doc, update, Pdf};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    let _ = Pdf.read(&mut Cursor::new(data));
    let _ = doc::signed(&mut Cursor::new(data));
    let Ok(d) = doc::parse(&mut Cursor::new(data)) else {
        return;
    };
    let Ok(up) = update::build(&d, b"<p/>", data.last().copied()) else {
        return;
    };
    let mut out = data.to_vec();
    out.extend_from_slice(&up.bytes);
    let again = doc::parse(&mut Cursor::new(&out)).expect("an updated file must parse");
    let m = again
        .metadata
        .expect("the new metadata stream must be readable")
        .expect("the catalog must reference it");
    assert_eq!(m.stream.data, b"<p/>");
    assert_eq!((m.num, m.gen), up.metadata);
});
