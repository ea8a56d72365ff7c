//! Fuzzes what `set` does to a file, in memory: read, add one property, then both the
//! same-length patch and the full rewrite, each read back with the same reader. The
//! checks are the ones `safe_write` verifies before it keeps a write (the promised
//! model, every preserved part unchanged), so a failure here is a write the tool would
//! refuse or, where verification has a gap, a file it would damage.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xmpedit_formats::detect::{container_for, detect_format, HEAD_LEN};
use xmpedit_formats::packet::same_model;
use xmpedit_core::xmp::{Name, Node, Packet, WriteOptions};

/// Detection sees the first bytes only, as when a file is opened.
fn head(b: &[u8]) -> &[u8] {
    &b[..b.len().min(HEAD_LEN)]
}

fuzz_target!(|data: &[u8]| {
    let format = detect_format(head(data));
    let c = container_for(format);
    let Ok(found) = c.read(&mut Cursor::new(data)) else {
        return;
    };
    if !format.writable() || !found.format.writable() {
        return;
    }
    let mut packet = found.packet.clone().unwrap_or_else(Packet::new);
    packet.set(
        Name::new("http://ns.adobe.com/xap/1.0/", "Label"),
        Node::text("fuzz"),
    );
    let opts = WriteOptions::default();
    let Ok(expected) = c.expected_model(&packet, &opts) else {
        return;
    };
    if let Ok(Some(patches)) = c.patch_in_place(&mut Cursor::new(data), &found, &packet, &opts) {
        if !patches.is_empty() && c.check_before_patch(&mut Cursor::new(data)).is_ok() {
            let mut f = data.to_vec();
            for p in &patches {
                let at = usize::try_from(p.offset).expect("patch offset fits");
                let end = at.checked_add(p.bytes.len()).expect("patch end fits");
                assert!(
                    end <= f.len(),
                    "patch {at}..{end} past the end ({})",
                    f.len()
                );
                f[at..end].copy_from_slice(&p.bytes);
            }
            assert_eq!(
                detect_format(head(&f)),
                format,
                "patched file changed format"
            );
            let again = c
                .read(&mut Cursor::new(&f))
                .expect("patched file must read");
            let p = again.packet.expect("patched file has XMP");
            assert!(
                same_model(&p, &expected),
                "patched packet differs from the promise"
            );
        }
    }
    let Ok(before) = c.preserved(&mut Cursor::new(data)) else {
        return;
    };
    let mut out = Vec::new();
    if c.rewrite(&mut Cursor::new(data), &found, &packet, &opts, &mut out)
        .is_ok()
    {
        assert_eq!(
            detect_format(head(&out)),
            format,
            "rewritten file changed format"
        );
        let again = c
            .read(&mut Cursor::new(&out))
            .expect("rewritten file must read");
        let p = again.packet.expect("rewritten file has XMP");
        assert!(
            same_model(&p, &expected),
            "rewritten packet differs from the promise"
        );
        if let Some(before) = before {
            let after = c
                .preserved_after_write(&mut Cursor::new(&out), data.len() as u64)
                .expect("rewritten file walks strictly")
                .unwrap_or_default();
            assert_eq!(before, after, "a part outside the XMP changed");
        }
    }
});
