//! Fuzzes the sidecar reader.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::sidecar::{xpacket_span, Sidecar};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    let _ = xpacket_span(data);
    let _ = Sidecar.read(&mut Cursor::new(data));
});
