//! Fuzzes the GLB chunk walk, packet lookup and asset packet update, and the full read.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::gltf::{doc, glb, Gltf};
use xmpedit_formats::Container;

fuzz_target!(|data: &[u8]| {
    if let Ok((g, json)) = glb::read(&mut Cursor::new(data)) {
        let mut out = Vec::new();
        if glb::write(&mut Cursor::new(data), &g, b"{}", &mut out).is_ok() {
            let (_, j) = glb::read(&mut Cursor::new(&out)).expect("written GLB must walk");
            assert_eq!(j.trim_ascii_end(), b"{}");
        }
        let _ = serde_json::from_slice::<serde_json::Value>(&json);
    }
    if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = doc::packets_of(&v, "glTF");
        if doc::set_asset_packet(&mut v, serde_json::json!({"@context": {}}), "glTF").is_ok() {
            let p = doc::packets_of(&v, "glTF").expect("updated document must list packets");
            assert!(p.asset.is_some());
        }
    }
    let _ = Gltf.read(&mut Cursor::new(data));
});
