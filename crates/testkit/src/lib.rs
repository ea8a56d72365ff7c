//! The bundled sample set (`assets/samples`), made by the project itself.
//!
//! Every file starts as a minimal blank of its format (`formats::*::blank`) and gets its
//! XMP through the same [`xmpedit_formats::write_file`] path users' files take, so the
//! samples double as a smoke test of the writers. Regenerate with
//! `cargo run --example make_samples -- assets/samples`; `tests/cli/samples.rs` checks that
//! the committed files are exactly what this module makes.

use std::path::Path;

use xmpedit_core::xmp::lang::X_DEFAULT;
use xmpedit_core::xmp::{ArrayKind, Name, Node, Packet, WriteOptions};
use xmpedit_formats as formats;
use xmpedit_formats::WriteRequest;

const DC: &str = xmpedit_core::xmp::ns::DC;
const XMP: &str = xmpedit_core::xmp::ns::XMP;
const MM: &str = xmpedit_core::xmp::ns::XMP_MM;
const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
const IPTC: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
const PS: &str = xmpedit_core::xmp::ns::PHOTOSHOP;
const RIGHTS: &str = xmpedit_core::xmp::ns::XMP_RIGHTS;
/// A namespace no registry knows, to show how unknown schemas are kept and grouped.
const ACME: &str = "http://ns.example.com/acme/1.0/";

fn lang_alt(pairs: &[(&str, &str)]) -> Node {
    Node::array(
        ArrayKind::Alt,
        pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
    )
}

fn list(kind: ArrayKind, items: &[&str]) -> Node {
    Node::array(kind, items.iter().map(|s| Node::text(*s)).collect())
}

fn event(action: &str, when: &str, agent: &str, iid: &str) -> Node {
    Node::structure(vec![
        (Name::new(ST_EVT, "action"), Node::text(action)),
        (Name::new(ST_EVT, "instanceID"), Node::text(iid)),
        (Name::new(ST_EVT, "when"), Node::text(when)),
        (Name::new(ST_EVT, "softwareAgent"), Node::text(agent)),
    ])
}

struct Shot<'a> {
    titles: &'a [(&'a str, &'a str)],
    description: Option<&'a str>,
    keywords: &'a [&'a str],
    creators: &'a [&'a str],
    rating: &'a str,
    city: Option<&'a str>,
    history: bool,
    custom: bool,
    doc_id: &'a str,
}

fn packet(s: &Shot<'_>) -> Packet {
    let mut p = Packet::new();
    p.prefixes.hint(ACME, "acme");
    p.set(Name::new(DC, "title"), lang_alt(s.titles));
    if let Some(d) = s.description {
        p.set(
            Name::new(DC, "description"),
            lang_alt(&[(X_DEFAULT, d), ("en-GB", d)]),
        );
    }
    p.set(Name::new(DC, "creator"), list(ArrayKind::Seq, s.creators));
    p.set(Name::new(DC, "subject"), list(ArrayKind::Bag, s.keywords));
    p.set(
        Name::new(DC, "rights"),
        lang_alt(&[(X_DEFAULT, "© 2024 Ada Example, CC BY 4.0")]),
    );
    p.set(Name::new(XMP, "Rating"), Node::text(s.rating));
    p.set(
        Name::new(XMP, "CreateDate"),
        Node::text("2024-08-14T06:12:03+02:00"),
    );
    p.set(Name::new(XMP, "CreatorTool"), Node::text("xmpedit samples"));
    p.set(Name::new(MM, "DocumentID"), Node::text(s.doc_id));
    if let Some(c) = s.city {
        p.set(Name::new(PS, "City"), Node::text(c));
    }
    p.set(Name::new(RIGHTS, "Marked"), Node::text("True"));
    p.set(
        Name::new(IPTC, "CreatorContactInfo"),
        Node::structure(vec![
            (
                Name::new(IPTC, "CiEmailWork"),
                Node::text("ada@example.org"),
            ),
            (Name::new(IPTC, "CiAdrCity"), Node::text("Innsbruck")),
        ]),
    );
    if s.history {
        p.set(
            Name::new(MM, "History"),
            Node::array(
                ArrayKind::Seq,
                vec![
                    event(
                        "created",
                        "2024-08-14T06:12:03+02:00",
                        "Camera Firmware 1.2",
                        "xmp.iid:5f2c3a10-0001-4e5b-9c1d-0a0b0c0d0e01",
                    ),
                    event(
                        "saved",
                        "2024-08-20T21:40:00+02:00",
                        "Darkroom 4.6",
                        "xmp.iid:5f2c3a10-0002-4e5b-9c1d-0a0b0c0d0e02",
                    ),
                    event(
                        "saved",
                        "2024-09-01T09:05:30+02:00",
                        "xmpedit 0.1",
                        "xmp.iid:5f2c3a10-0003-4e5b-9c1d-0a0b0c0d0e03",
                    ),
                ],
            ),
        );
    }
    if s.custom {
        p.set(Name::new(ACME, "Project"), Node::text("Alps 2024"));
        p.set(
            Name::new(ACME, "Review"),
            Node::structure(vec![
                (Name::new(ACME, "status"), Node::text("approved")),
                (Name::new(ACME, "by"), Node::text("Grace")),
            ]),
        );
    }
    p
}

/// One sample file: its name, blank container bytes, and its XMP (None: no XMP).
pub struct Sample {
    pub name: &'static str,
    pub blank: Vec<u8>,
    pub packet: Option<Packet>,
}

/// The sample set.
pub fn all() -> Vec<Sample> {
    let summit = packet(&Shot {
        titles: &[
            (X_DEFAULT, "Summit cross at dawn"),
            ("en-GB", "Summit cross at dawn"),
            ("de-DE", "Gipfelkreuz im Morgengrauen"),
            ("it-IT", "Croce di vetta all'alba"),
        ],
        description: Some("Morning light on the summit cross above the valley."),
        keywords: &["alps", "summit", "dawn", "mountain", "cross"],
        creators: &["Ada Example", "Grace Hopper"],
        rating: "4",
        city: Some("Innsbruck"),
        history: true,
        custom: true,
        doc_id: "xmp.did:5f2c3a10-0000-4e5b-9c1d-0a0b0c0d0e00",
    });
    let lake = packet(&Shot {
        titles: &[(X_DEFAULT, "Alpine lake"), ("fr-FR", "Lac alpin")],
        description: Some("Still water below the ridge."),
        keywords: &["alps", "lake", "reflection"],
        creators: &["Ada Example"],
        rating: "5",
        city: Some("Chamonix"),
        history: false,
        custom: false,
        doc_id: "xmp.did:7a1e0000-0000-4000-8000-000000000002",
    });
    let simple = |title: &str, kw: &[&str], rating: &str, id: &str| {
        let titles = [(X_DEFAULT, title)];
        packet(&Shot {
            titles: &titles,
            description: None,
            keywords: kw,
            creators: &["Ada Example"],
            rating,
            city: None,
            history: false,
            custom: false,
            doc_id: id,
        })
    };
    let mut raw_sidecar = summit.clone();
    raw_sidecar.set(Name::new(XMP, "Label"), Node::text("Select"));
    let mut unicode = simple(
        "富士山 🗻 at sunrise",
        &["日本", "山"],
        "3",
        "xmp.did:7a1e0000-0000-4000-8000-000000000007",
    );
    unicode.set(
        Name::new(DC, "title"),
        lang_alt(&[
            (X_DEFAULT, "富士山 🗻 at sunrise"),
            ("ja-JP", "日の出の富士山"),
            ("he-IL", "הר פוג'י בזריחה"),
        ]),
    );
    vec![
        Sample {
            name: "IMG_0412.CR2",
            blank: formats::tiff::blank_le(),
            packet: None,
        },
        Sample {
            name: "IMG_0412.jpg",
            blank: formats::jpeg::blank(),
            packet: Some(summit),
        },
        Sample {
            name: "IMG_0412.xmp",
            blank: Vec::new(),
            packet: Some(raw_sidecar),
        },
        Sample {
            name: "lake.png",
            blank: formats::png::blank(),
            packet: Some(lake),
        },
        Sample {
            name: "ridge.webp",
            blank: formats::webp::blank_lossy(),
            packet: Some(simple(
                "Ridge line",
                &["alps", "ridge"],
                "3",
                "xmp.did:7a1e0000-0000-4000-8000-000000000003",
            )),
        },
        Sample {
            name: "spinner.gif",
            blank: formats::gif::blank(),
            packet: Some(simple(
                "Loading spinner",
                &["ui"],
                "1",
                "xmp.did:7a1e0000-0000-4000-8000-000000000004",
            )),
        },
        Sample {
            name: "scan.tif",
            blank: formats::tiff::blank_be(),
            packet: Some(simple(
                "Archive scan 1923",
                &["archive", "scan"],
                "2",
                "xmp.did:7a1e0000-0000-4000-8000-000000000005",
            )),
        },
        Sample {
            name: "logo.svg",
            blank: formats::svg::blank(),
            packet: Some(simple(
                "Logo",
                &["brand"],
                "0",
                "xmp.did:7a1e0000-0000-4000-8000-000000000006",
            )),
        },
        Sample {
            name: "cube.glb",
            blank: formats::gltf::blank_glb(),
            packet: Some(simple(
                "Rounded cube",
                &["3d", "model"],
                "4",
                "xmp.did:7a1e0000-0000-4000-8000-000000000008",
            )),
        },
        Sample {
            name: "fuji.xmp",
            blank: Vec::new(),
            packet: Some(unicode),
        },
    ]
}

/// Why the sample set could not be written.
#[derive(Debug, thiserror::Error)]
pub enum MakeError {
    /// Creating the folder or a blank file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The folder or file.
        path: std::path::PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// Writing a sample's packet failed.
    #[error("{}: {source}", path.display())]
    Write {
        /// The sample file.
        path: std::path::PathBuf,
        /// The format layer's error.
        source: formats::FormatError,
    },
}

/// Writes the sample set into `dir` (created when missing; existing sample files are
/// replaced).
pub fn make(dir: &Path) -> Result<(), MakeError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| MakeError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for s in all() {
        let path = dir.join(s.name);
        if path.exists() {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
        if !s.blank.is_empty() {
            std::fs::write(&path, &s.blank).map_err(io(&path))?;
        }
        if let Some(packet) = &s.packet {
            let req = WriteRequest {
                packet,
                options: WriteOptions::default(),
                expect: None,
                force_rewrite: false,
                policy: Default::default(),
                keep_original: None,
            };
            formats::write_file(&path, &req).map_err(|source| MakeError::Write {
                path: path.clone(),
                source,
            })?;
        }
    }
    Ok(())
}
