//! Fuzz target: the XMP reader in strict and lenient mode plus the packet scanner, via
//! the library's shared entry (the same one `tests/fuzz/seeds.rs` runs on the seeds).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    xmpedit_core::xmp::parse::fuzz_entry(data);
});
