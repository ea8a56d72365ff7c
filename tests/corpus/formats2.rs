//! Corpus run for the TIFF, WebP, SVG, glTF and fallback containers: every file reads
//! without a panic (errors must be clear), and every writable file takes a change in a
//! temp copy that our reader, ExifTool (no new warnings), the XMP Toolkit oracle and,
//! for glTF, glTF-Transform and the Khronos validator read back. Peer tools that are
//! not installed are skipped with a message.

use crate::util::fmt2_common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use xmpedit_core::xmp::{ns, Name, Node, Packet};
use xmpedit_formats::{gltf, read_file, Container, Format};

const FOLDERS: &[&str] = &["tiff", "webp", "svg", "gltf", "other", "pdf", "mp4", "heif"];

/// `../shared` next to the repository (as in CI); `XMPEDIT_SHARED` overrides it for
/// checkouts that live elsewhere.
fn shared() -> PathBuf {
    std::env::var_os("XMPEDIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn corpus() -> Option<PathBuf> {
    let root = shared().join("corpus");
    root.is_dir().then_some(root)
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = FOLDERS
        .iter()
        .flat_map(|f| walkdir::WalkDir::new(root.join(f)).into_iter().flatten())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_none_or(|e| e != "bin"))
        .collect();
    v.sort();
    v
}

fn ours(f: Format) -> bool {
    matches!(
        f,
        Format::Tiff
            | Format::Dng
            | Format::WebP
            | Format::Svg
            | Format::Gltf
            | Format::Glb
            | Format::Pdf
    )
}

#[test]
fn every_corpus_file_reads_without_panic() {
    let Some(root) = corpus() else {
        crate::util::skip::missing("skipping: ../shared/corpus is absent");
        return;
    };
    let mut lines = Vec::new();
    for path in files(&root) {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        let line = match std::panic::catch_unwind(|| read_file(&path)) {
            Err(_) => panic!("{rel}: the reader panicked"),
            Ok(Ok((found, _))) => format!(
                "{rel}: {} packet={} others={} warnings={}",
                found.format,
                found.packet.as_ref().map_or(0, |p| p.props.len()),
                found.others.len(),
                found.warnings.len()
            ),
            Ok(Err(e)) => {
                let msg = e.to_string();
                assert!(msg.len() > 10, "{rel}: unclear error {msg:?}");
                format!("{rel}: error: {msg}")
            }
        };
        lines.push(line);
    }
    eprintln!("{}", lines.join("\n"));
    // The Inkscape-style SVG and the glTF draft example give packets, not errors.
    for must in ["svg/", "gltf/khronos-gltf__KHR_xmp_example/xmp.gltf"] {
        assert!(
            lines
                .iter()
                .filter(|l| l.starts_with(must))
                .all(|l| l.contains("packet=") && !l.contains("packet=0")),
            "{must}: {lines:#?}"
        );
    }
}

fn has(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// ExifTool's warnings and its Validate count.
fn exiftool_warnings(path: &Path) -> (BTreeSet<String>, String) {
    let out = Command::new("exiftool")
        .args(["-validate", "-warning", "-a", "-G4", "-j"])
        .arg(path)
        .output()
        .expect("exiftool");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let obj = v
        .get(0)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let warnings = obj
        .iter()
        .filter(|(k, _)| k.ends_with(":Warning"))
        .filter_map(|(_, v)| v.as_str().map(str::to_owned))
        .collect();
    let validate = obj
        .get("Unknown:Validate")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    (warnings, validate)
}

fn label() -> Name {
    Name::new(ns::XMP, "Label")
}

fn changed(p: Option<&Packet>) -> Packet {
    let mut p = p.cloned().unwrap_or_default();
    p.set(label(), Node::text("xmpedit corpus test"));
    p
}

fn gltf_oracle() -> Option<PathBuf> {
    let dir = shared().join("tools/gltf-oracle");
    if !dir.join("node_modules").is_dir() {
        crate::util::skip::missing(&format!(
            "skipping glTF oracle checks: run `npm ci` in {}",
            dir.display()
        ));
        return None;
    }
    Some(dir)
}

fn node(dir: &Path, cmd: &str, file: &Path) -> (bool, String) {
    let out = Command::new("node")
        .arg(dir.join("gltf_oracle.mjs"))
        .arg(cmd)
        .arg(file)
        .output()
        .expect("node");
    if !out.status.success() {
        return (false, String::from_utf8_lossy(&out.stderr).into_owned());
    }
    (true, String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn writable_corpus_files_take_a_change_that_peers_read_back() {
    let Some(root) = corpus() else {
        crate::util::skip::missing("skipping: ../shared/corpus is absent");
        return;
    };
    let exiftool = has("exiftool", "-ver");
    let oracle = shared().join("tools/xmp_oracle.py");
    let python = oracle.is_file() && has("python3", "--version");
    if !exiftool {
        crate::util::skip::missing("skipping ExifTool checks: exiftool not installed");
    }
    if !python {
        crate::util::skip::missing("skipping oracle checks: python3 or xmp_oracle.py missing");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    for path in files(&root) {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        let Ok((found, _)) = read_file(&path) else {
            continue;
        };
        if !ours(found.format) {
            continue;
        }
        if found
            .warnings
            .iter()
            .any(|w| w.contains("repaired") || w.contains("dropped"))
        {
            eprintln!("{rel}: not written (its packet was repaired on read)");
            continue;
        }
        // A .gltf needs its buffers: copy the file's folder.
        let sub = dir.path().join(written.to_string());
        let from = path.parent().unwrap();
        for e in walkdir::WalkDir::new(from).into_iter().flatten() {
            let to = sub.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else if e.path() == path || found.format == Format::Gltf {
                std::fs::copy(e.path(), &to).unwrap();
                let mut perms = std::fs::metadata(&to).unwrap().permissions();
                #[allow(clippy::permissions_set_readonly_false)]
                perms.set_readonly(false);
                std::fs::set_permissions(&to, perms).unwrap();
            }
        }
        let copy = sub.join(path.file_name().unwrap());
        let want = changed(found.packet.as_ref());
        let outcome = fmt2_common::write(&copy, &want, false);
        let back = fmt2_common::read_back(&copy, &want);
        // A draft (KHR_xmp) file keeps its draft packets, the old asset one included;
        // an Inkscape SVG keeps its RDF block beside our packet.
        let aside = found
            .warnings
            .iter()
            .any(|w| w.contains("archived KHR_xmp draft"))
            || (found.format == Format::Svg && found.region.is_none() && found.packet.is_some());
        assert_eq!(
            back.others.len(),
            found.others.len() + usize::from(aside),
            "{rel}: other packets lost"
        );
        written += 1;
        if found.format == Format::Pdf {
            // An appended revision keeps the original's bytes first, unchanged (an
            // unsigned file whose packet has room is patched in place instead); qpdf
            // finds no error in the result either way.
            let (a, b) = (std::fs::read(&path).unwrap(), std::fs::read(&copy).unwrap());
            if !outcome.in_place {
                assert!(b.starts_with(&a), "{rel}: the original revisions changed");
            }
            if has("qpdf", "--version") {
                let out = Command::new("qpdf")
                    .arg("--check")
                    .arg(&copy)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{rel}: qpdf --check: {}",
                    String::from_utf8_lossy(&out.stdout)
                );
            } else {
                crate::util::skip::missing("skipping qpdf checks: qpdf not installed");
            }
        }
        if exiftool && !matches!(found.format, Format::Gltf | Format::Glb) {
            let (w0, v0) = exiftool_warnings(&path);
            let (w1, v1) = exiftool_warnings(&copy);
            let new: Vec<&String> = w1
                .difference(&w0)
                .filter(|w| !w.contains("IPTCDigest is not current"))
                .collect();
            assert!(
                new.is_empty(),
                "{rel}: new ExifTool warnings {new:?} ({v0} -> {v1})"
            );
            let out = Command::new("exiftool")
                .args(["-s3", "-XMP-xmp:Label"])
                .arg(&copy)
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                "xmpedit corpus test",
                "{rel}: ExifTool"
            );
        }
        if python && !matches!(found.format, Format::Gltf | Format::Glb) {
            let out = Command::new("python3")
                .arg(&oracle)
                .arg(&copy)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("\"xmp:Label\"") && text.contains("xmpedit corpus test"),
                "{rel}: oracle did not read the change: {text}"
            );
        }
        if matches!(found.format, Format::Gltf | Format::Glb) {
            if let Some(tools) = gltf_oracle() {
                let (ok, before) = node(&tools, "dump", &path);
                let (ok2, after) = node(&tools, "dump", &copy);
                assert!(ok && ok2, "{rel}: glTF-Transform cannot load it: {after}");
                let b: Value = serde_json::from_str(&before).unwrap();
                let a: Value = serde_json::from_str(&after).unwrap();
                let others = |v: &Value| {
                    let asset = v["asset"].clone();
                    v["packets"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|p| *p != asset)
                        .collect::<Vec<_>>()
                };
                assert_eq!(others(&a), others(&b), "{rel}: other packets changed");
                let (valid, report) = node(&tools, "validate", &copy);
                assert!(valid, "{rel}: validator errors after the write: {report}");
            }
        }
    }
    eprintln!("{written} corpus files written and read back");
}

/// Our own glTF/GLB files (there is no real KHR_xmp_json_ld file in the corpus): made
/// by us and by glTF-Transform, written, and checked by glTF-Transform and the
/// Khronos validator.
#[test]
fn gltf_files_written_by_us_load_in_gltf_transform_and_validate() {
    let Some(tools) = gltf_oracle() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut paths = vec![
        fmt2_common::put(dir.path(), "blank.glb", &gltf::blank_glb()),
        fmt2_common::put(dir.path(), "blank.gltf", &gltf::blank_gltf()),
    ];
    for (name, variant) in [("made_a.glb", "a"), ("made_b.gltf", "b")] {
        let p = dir.path().join(name);
        let (ok, msg) = node(&tools, "make", &p);
        assert!(ok, "make {name}: {msg}");
        let _ = variant;
        paths.push(p);
    }
    for path in paths {
        let (before_ok, before) = node(&tools, "dump", &path);
        assert!(before_ok, "{before}");
        let (found, _) = read_file(&path).unwrap();
        let want = changed(found.packet.as_ref());
        fmt2_common::write(&path, &want, false);
        fmt2_common::read_back(&path, &want);
        let (ok, after) = node(&tools, "dump", &path);
        assert!(
            ok,
            "{}: glTF-Transform cannot load it: {after}",
            path.display()
        );
        let a: Value = serde_json::from_str(&after).unwrap();
        assert_eq!(a["asset"]["xmp:Label"], "xmpedit corpus test", "{after}");
        let b: Value = serde_json::from_str(&before).unwrap();
        let others = |v: &Value| {
            let asset = v["asset"].clone();
            v["packets"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|p| *p != asset)
                .collect::<Vec<_>>()
        };
        assert_eq!(others(&a), others(&b));
        // JSON types of untouched properties survive (glTF-Transform's Rating is 3).
        for key in ["xmp:Rating", "xmpRights:Marked"] {
            assert_eq!(a["asset"][key], b["asset"][key], "{key}: {after}");
        }
        let (valid, report) = node(&tools, "validate", &path);
        assert!(valid, "{}: validator errors: {report}", path.display());
    }
}

#[test]
fn the_gltf_draft_example_and_packet_list_read_as_json_ld() {
    let Some(root) = corpus() else {
        crate::util::skip::missing("skipping: ../shared/corpus is absent");
        return;
    };
    let draft = root.join("gltf/khronos-gltf__KHR_xmp_example/xmp.gltf");
    if draft.is_file() {
        let (found, _) = read_file(&draft).unwrap();
        let p = found.packet.expect("asset packet");
        assert!(p.get(&Name::new(ns::DC, "title")).is_some());
        assert_eq!(found.others.len(), 1);
        assert_eq!(found.others[0].0, "mesh[0] \"MODEL_ROUNDED_CUBE_PART_1\"");
    }
    let list = root.join("gltf/khronos-sampleassets__XmpMetadataRoundedCube.README-packets.json");
    if list.is_file() {
        let mut f = std::fs::File::open(&list).unwrap();
        let found = gltf::Gltf.read(&mut f).unwrap();
        assert!(
            found.packet.is_none(),
            "no asset reference in a bare packet list"
        );
        assert_eq!(found.others.len(), 2);
    }
}
