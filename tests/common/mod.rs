//! Shared test helpers: hand-built sample models, peer-tool runners (the XMP oracle
//! and ExifTool) and the proptest model generator in [`gen`].
#![allow(dead_code)]

pub mod gen;

use std::path::{Path, PathBuf};
use std::process::Command;

use xmpedit::xmp::{ArrayKind, Name, Node, Packet};

pub const DC: &str = "http://purl.org/dc/elements/1.1/";
pub const XMP: &str = "http://ns.adobe.com/xap/1.0/";
pub const XMP_MM: &str = "http://ns.adobe.com/xap/1.0/mm/";
pub const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
pub const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
pub const XMP_IDQ: &str = "http://ns.adobe.com/xmp/Identifier/qual/1.0/";
pub const XMP_RIGHTS: &str = "http://ns.adobe.com/xap/1.0/rights/";
pub const CUSTOM: &str = "http://example.com/ns/custom/1.0/";

pub fn n(ns: &str, local: &str) -> Name {
    Name::new(ns, local)
}

/// The representative packet of the golden tests: Lang Alt with three languages,
/// Seq creators, Bag keywords, rating, xmpMM:History of stEvt structs, an all-simple
/// struct, a qualified value, a URI, a custom namespace and an empty array.
pub fn sample_packet() -> Packet {
    let mut p = Packet::new();
    p.prefixes.hint(CUSTOM, "my");
    p.set(n(XMP, "Rating"), Node::text("4"));
    p.set(
        n(XMP, "CreatorTool"),
        Node::text("xmpedit <test> & \"friends\""),
    );
    p.set(
        n(DC, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("x-default", "Harbour at dusk"),
                Node::lang_text("fr-FR", "Le port au crépuscule"),
                Node::lang_text("de", "Hafen in der Dämmerung"),
            ],
        ),
    );
    p.set(
        n(DC, "creator"),
        Node::array(
            ArrayKind::Seq,
            vec![Node::text("Ana Silva"), Node::text("Bo Chen")],
        ),
    );
    p.set(
        n(DC, "subject"),
        Node::array(
            ArrayKind::Bag,
            vec![
                Node::text("harbour"),
                Node::text("dusk"),
                Node::text("boats"),
            ],
        ),
    );
    let event = |action: &str, when: &str| {
        Node::structure(vec![
            (n(ST_EVT, "action"), Node::text(action)),
            (n(ST_EVT, "when"), Node::text(when)),
            (n(ST_EVT, "softwareAgent"), Node::text("xmpedit 0.1")),
        ])
    };
    p.set(
        n(XMP_MM, "History"),
        Node::array(
            ArrayKind::Seq,
            vec![
                event("created", "2024-05-01T10:00:00+02:00"),
                event("saved", "2024-05-02T11:30:00+02:00"),
            ],
        ),
    );
    p.set(
        n(IPTC_CORE, "CreatorContactInfo"),
        Node::structure(vec![
            (n(IPTC_CORE, "CiEmailWork"), Node::text("ana@example.org")),
            (n(IPTC_CORE, "CiAdrCity"), Node::text("Porto")),
        ]),
    );
    let mut id = Node::text("978-3-16-148410-0");
    id.qualifiers
        .push((n(XMP_IDQ, "Scheme"), Node::text("ISBN")));
    p.set(n(XMP, "Identifier"), Node::array(ArrayKind::Bag, vec![id]));
    p.set(
        n(XMP_RIGHTS, "WebStatement"),
        Node::uri("https://example.com/licence?a=1&b=2"),
    );
    p.set(n(CUSTOM, "Note"), Node::text("line one\nline two\ttabbed"));
    p.set(n(CUSTOM, "Empty"), Node::array(ArrayKind::Bag, vec![]));
    p
}

/// Where peer tools can be found; `None` with the reason to print when absent.
pub fn python_with_exiv2() -> Result<(), String> {
    let ok = Command::new("python3")
        .args(["-c", "import exiv2"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        return Err("python3 with the exiv2 module is not available".into());
    }
    if !oracle_script().exists() {
        return Err(format!("{} not found", oracle_script().display()));
    }
    Ok(())
}

pub fn oracle_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/xmp_oracle.py")
}

pub fn exiftool_available() -> Result<(), String> {
    Command::new("exiftool")
        .arg("-ver")
        .output()
        .map_err(|e| format!("exiftool not runnable: {e}"))
        .and_then(|o| {
            if o.status.success() {
                Ok(())
            } else {
                Err("exiftool -ver failed".into())
            }
        })
}
