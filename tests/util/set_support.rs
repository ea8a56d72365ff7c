//! Helpers for the `xmpedit set/undo/redo/log` tests: a temp workspace with its own
//! journal and configuration, the real binary, blank files of every writable
//! format, and packet read-back through the library.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xmpedit_core::xmp::{ns, Name, Node, Packet, Value};
use xmpedit_formats as formats;

pub struct Ws {
    pub dir: tempfile::TempDir,
}

impl Ws {
    pub fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("files")).unwrap();
        Ws { dir }
    }

    /// A workspace whose configuration turns off the `xmp:MetadataDate` stamp, for
    /// tests that compare what a write leaves byte for byte or property for property
    /// (the stamp is the time of the write; `cli::metadata_date` tests it).
    pub fn unstamped() -> Ws {
        let ws = Ws::new();
        std::fs::write(
            ws.dir.path().join("config.toml"),
            "[write]\nmetadata_date = false\n",
        )
        .unwrap();
        ws
    }

    pub fn files(&self) -> PathBuf {
        self.dir.path().join("files")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.files().join(name)
    }

    pub fn put(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_xmpedit"));
        // Run from the workspace's own folder: `undo`, `redo` and `log` act on the
        // batches of the current folder by default.
        c.args(args)
            .current_dir(self.dir.path())
            .env("XMPEDIT_DATA_DIR", self.dir.path().join("data"))
            .env("XMPEDIT_CONFIG", self.dir.path().join("config.toml"));
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run xmpedit")
    }

    /// Runs and asserts the exit code; returns stdout.
    pub fn ok(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "xmpedit {args:?}\nstdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    pub fn journal_files(&self) -> usize {
        std::fs::read_dir(self.dir.path().join("data/journal"))
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Blank files of every format xmpedit writes, with a file name.
pub fn blanks() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("a.jpg", formats::jpeg::splice::blank()),
        ("a.png", formats::png::chunks::blank()),
        ("a.webp", formats::webp::blank_lossless()),
        ("a.gif", formats::gif::blocks::blank()),
        ("a.tif", formats::tiff::blank_le()),
        ("a.svg", formats::svg::blank()),
        ("a.gltf", formats::gltf::blank_gltf()),
        ("a.glb", formats::gltf::blank_glb()),
        ("a.xmp", formats::sidecar::blank()),
        ("a.psd", formats::psd::blank(false)),
        ("a.mp4", formats::bmff::blank()),
    ]
}

/// The file's packet (`None`: no XMP); panics when unreadable.
pub fn packet(path: &Path) -> Option<Packet> {
    let (found, _) = formats::read_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    found.packet
}

/// The packet, with "no XMP" as an empty packet.
pub fn model(path: &Path) -> Packet {
    packet(path).unwrap_or_default()
}

pub fn prop<'a>(p: &'a Packet, uri: &str, local: &str) -> Option<&'a Node> {
    let n = Name::new(uri, local);
    p.props.iter().find(|(k, _)| *k == n).map(|(_, v)| v)
}

pub fn simple(p: &Packet, uri: &str, local: &str) -> Option<String> {
    match &prop(p, uri, local)?.value {
        Value::Simple(s) | Value::Uri(s) => Some(s.clone()),
        _ => None,
    }
}

pub fn items(p: &Packet, uri: &str, local: &str) -> Vec<String> {
    match prop(p, uri, local).map(|n| &n.value) {
        Some(Value::Array(_, items)) => items
            .iter()
            .filter_map(|i| match &i.value {
                Value::Simple(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub fn lang(p: &Packet, uri: &str, local: &str, tag: &str) -> Option<String> {
    xmpedit_core::xmp::lang::get_text(prop(p, uri, local)?, tag).map(str::to_string)
}

pub fn rating(p: &Packet) -> Option<String> {
    simple(p, ns::XMP, "Rating")
}

/// Same data, ignoring property order (writers may reorder).
pub fn same(a: &Packet, b: &Packet) -> bool {
    formats::packet::same_model(a, b)
}

pub fn exiftool() -> bool {
    Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `exiftool -j -XMP:all FILE` as JSON (the file's object).
pub fn exiftool_json(path: &Path) -> serde_json::Value {
    let out = Command::new("exiftool")
        .args(["-j", "-XMP:all"])
        .arg(path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("exiftool on {}: {e}: {}", path.display(), text(&out.stderr)));
    v[0].clone()
}
