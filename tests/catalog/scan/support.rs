//! Shared helpers of the scan tests: a fake reader, and a scan runner that checks the
//! event stream's invariants.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use xmpedit_catalog::{scan, Catalog, FileId, ReadState, ScanEvent, ScanOptions};
use xmpedit_core::xmp::error::ParseErrorKind;
use xmpedit_core::xmp::{ns, Name, Node, Packet, ParseError};
use xmpedit_formats::{Format, FormatError, Found, Identity};

/// A stand-in for `formats::read_file`: reads at most 256 bytes. Content `XMP k=v;...`
/// gives a packet (keys: rating, did, iid, from = DerivedFrom instance id); `BAD`
/// a malformed packet; `PANIC` a reader panic; anything else no XMP.
pub fn fake_read(path: &Path) -> Result<(Found, Identity), FormatError> {
    let f = fs::File::open(path).map_err(|e| FormatError::io(path, e))?;
    let meta = f.metadata().map_err(|e| FormatError::io(path, e))?;
    let mut head = Vec::new();
    f.take(256)
        .read_to_end(&mut head)
        .map_err(|e| FormatError::io(path, e))?;
    let text = String::from_utf8_lossy(&head).to_string();
    if text.starts_with("BAD") {
        return Err(FormatError::Xmp {
            offset: 0,
            source: ParseError::new(ParseErrorKind::Xml, "unclosed element rdf:RDF", 3, 7),
        });
    }
    if text.starts_with("PANIC") {
        panic!("reader bug");
    }
    let mut found = Found::empty(Format::Other);
    if let Some(rest) = text.strip_prefix("XMP ") {
        let mut p = Packet::new();
        for kv in rest.trim().split(';') {
            let Some((k, v)) = kv.split_once('=') else {
                continue;
            };
            let (uri, local) = match k {
                "rating" => (ns::XMP, "Rating"),
                "did" => (ns::XMP_MM, "DocumentID"),
                "iid" => (ns::XMP_MM, "InstanceID"),
                "from" => {
                    p.set(
                        Name::new(ns::XMP_MM, "DerivedFrom"),
                        Node::structure(vec![(
                            Name::new(
                                "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
                                "instanceID",
                            ),
                            Node::text(v),
                        )]),
                    );
                    continue;
                }
                _ => continue,
            };
            p.set(Name::new(uri, local), Node::text(v));
        }
        found.packet = Some(p);
        found.raw = Some(head.clone());
    }
    let identity = Identity::from_metadata(&meta, found.raw.as_deref());
    Ok((found, identity))
}

pub fn opts() -> ScanOptions {
    ScanOptions {
        recursive: true,
        threads: 2,
        reader: Arc::new(fake_read),
        ..ScanOptions::default()
    }
}

pub fn write(path: &Path, content: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, content).unwrap();
}

/// Runs a scan to the end, checking the stream's invariants on the way.
pub fn run(roots: &[PathBuf], opts: &ScanOptions) -> Catalog {
    let mut catalog = Catalog::new(opts.rules.derived_from);
    let mut known: HashMap<FileId, usize> = HashMap::new();
    let mut done = false;
    for ev in scan(roots, opts) {
        assert!(!done, "event after Done: {ev:?}");
        match &ev {
            ScanEvent::Listed { assets, .. } => {
                for r in assets.iter().flat_map(|a| &a.renditions) {
                    assert!(known.insert(r.id, 0).is_none(), "file id reused");
                }
            }
            ScanEvent::Read { file, .. } => {
                let n = known.get_mut(file).expect("Read before its Listed");
                *n += 1;
                assert_eq!(*n, 1, "file read twice");
            }
            ScanEvent::Done { listed, read } => {
                assert_eq!(listed, read);
                assert_eq!(*listed, known.len());
                done = true;
            }
            _ => {}
        }
        catalog.apply(ev);
    }
    assert!(done, "no Done event");
    assert!(
        known.values().all(|&n| n == 1),
        "a listed file was never read"
    );
    catalog
}

pub fn state<'a>(c: &'a Catalog, path: &Path) -> &'a ReadState {
    &c.find(path)
        .unwrap_or_else(|| panic!("{} not in catalog", path.display()))
        .1
        .xmp
}
