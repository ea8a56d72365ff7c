//! Fuzzes content detection and the read entry point over every container.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::{detect::detect_format, read_from};

fuzz_target!(|data: &[u8]| {
    let _ = detect_format(data);
    let _ = read_from(&mut Cursor::new(data), None);
});
