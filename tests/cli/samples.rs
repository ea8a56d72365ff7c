//! The committed `assets/samples` are exactly what `xmpedit_testkit` makes, and every
//! sample reads back with the XMP it was given.

use std::path::Path;

#[test]
fn committed_samples_are_reproducible() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let fresh = tempfile::tempdir().unwrap();
    xmpedit_testkit::make(fresh.path()).unwrap();
    for s in xmpedit_testkit::all() {
        let want = std::fs::read(fresh.path().join(s.name)).unwrap();
        let got = std::fs::read(committed.join(s.name))
            .unwrap_or_else(|e| panic!("assets/samples/{}: {e}", s.name));
        assert!(
            want == got,
            "assets/samples/{} is stale: run `cargo run --example make_samples -- assets/samples`",
            s.name
        );
    }
}

#[test]
fn every_sample_reads_back_its_packet() {
    let dir = tempfile::tempdir().unwrap();
    xmpedit_testkit::make(dir.path()).unwrap();
    for s in xmpedit_testkit::all() {
        let (found, _) = xmpedit_formats::read_file(&dir.path().join(s.name)).unwrap();
        match &s.packet {
            Some(p) => {
                let got = found.packet.expect("packet");
                assert_eq!(
                    xmpedit_core::xmp::write::canonical_order(&got),
                    xmpedit_core::xmp::write::canonical_order(p),
                    "{}",
                    s.name
                );
            }
            None => assert!(found.packet.is_none(), "{}", s.name),
        }
    }
}
