//! The interchange round trip: exporting a folder and importing the CSV into a copy
//! whose XMP was removed gives back the same properties, for everything a CSV cell
//! can hold (docs/interchange.md, "What a CSV cannot hold"); over generated files and
//! the shared corpus's writable files. And an ExifTool-written CSV
//! (`exiftool -csv -G1 -XMP:all`) imported into fresh copies reads back the same in
//! ExifTool.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::set_support::*;
use xmpedit_core::edit::{type_at, Path as XPath, Step};
use xmpedit_core::schema::{registry, ValueType};
use xmpedit_core::xmp::{lang, ns, ArrayKind, Name, Node, Packet, Value};
use xmpedit_formats as formats;

/// What a CSV can say about a node at `path`: no qualifiers but `xml:lang`, no empty
/// texts, arrays or structs, list items trimmed, URIs as text, and array kinds as the
/// registry declares them (a CSV does not carry them: Bag for undeclared lists, Seq
/// for undeclared arrays of structs).
fn expressible_node(path: &XPath, node: &Node) -> Option<Node> {
    let reg = registry();
    let mut out = match &node.value {
        Value::Simple(s) | Value::Uri(s) => {
            if s.is_empty() {
                return None;
            }
            // Import writes the shape the registry declares (a file's simple
            // dc:title becomes a language alternative).
            match type_at(reg, path).ok().flatten().map(|d| d.ty) {
                Some(ValueType::LangAlt) => Node::array(
                    ArrayKind::Alt,
                    vec![Node::lang_text("x-default", s.clone())],
                ),
                Some(ValueType::Array(k, _)) => Node::array(*k, vec![Node::text(s.trim())]),
                _ => Node::text(s.clone()),
            }
        }
        Value::Struct(fields) => {
            let f: Vec<(Name, Node)> = fields
                .iter()
                .filter_map(|(n, v)| {
                    expressible_node(&path.clone().field(n.clone()), v).map(|v| (n.clone(), v))
                })
                .collect();
            if f.is_empty() {
                return None;
            }
            Node::structure(f)
        }
        Value::Array(..) if lang::is_lang_alt(node) => {
            // Import writes tags in their canonical case, x-default first, and (as
            // `set` does) gives a lone language an x-default copy.
            let mut items: Vec<Node> = node
                .items()
                .unwrap_or_default()
                .iter()
                .filter(|i| !i.as_text().unwrap_or_default().is_empty())
                .map(|i| {
                    let tag = lang::normalize(i.lang().unwrap_or("x-default"));
                    Node::lang_text(tag, i.as_text().unwrap_or_default())
                })
                .collect();
            if let Some(i) = items.iter().position(|n| n.lang() == Some("x-default")) {
                let xd = items.remove(i);
                items.insert(0, xd);
            } else if items.len() == 1 {
                let copy = Node::lang_text("x-default", items[0].as_text().unwrap_or_default());
                items.insert(0, copy);
            }
            if items.is_empty() {
                return None;
            }
            Node::array(ArrayKind::Alt, items)
        }
        Value::Array(kind, items) => {
            let simple = items.iter().all(|i| i.as_text().is_some());
            let declared = match type_at(reg, path).ok().flatten().map(|d| d.ty) {
                Some(ValueType::Array(k, _)) => Some(*k),
                _ => None,
            };
            let _ = kind;
            let kind = declared.unwrap_or(if simple {
                ArrayKind::Bag
            } else {
                ArrayKind::Seq
            });
            let items: Vec<Node> = if simple {
                items
                    .iter()
                    .map(|i| i.as_text().unwrap_or_default().trim().to_string())
                    .filter(|t| !t.is_empty())
                    .map(Node::text)
                    .collect()
            } else {
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| expressible_node(&path.clone().index(i + 1), n))
                    .collect()
            };
            if items.is_empty() {
                return None;
            }
            Node::array(kind, items)
        }
    };
    out.qualifiers.clear();
    Some(out)
}

fn expressible(p: &Packet) -> Packet {
    let mut out = Packet::new();
    for (n, v) in &p.props {
        // A near-miss namespace URI is written as the registry's own.
        let n = Name::new(registry().canonical_uri(&n.ns), n.local.clone());
        if let Some(v) = expressible_node(&XPath::prop(n.clone()), v) {
            out.set(n, v);
        }
    }
    out
}

/// Exports `src`, imports into `dst` (the same files without XMP), and returns the
/// files whose properties differ, with both models.
fn round_trip(ws: &Ws, src: &Path, dst: &Path, files: &[String]) -> Vec<String> {
    let csv = ws.dir.path().join("export.csv");
    let out = ws.run(&["export", "-r", "-o", s(&csv), s(src)]);
    assert_eq!(out.status.code(), Some(0), "export: {}", text(&out.stderr));
    let out = ws.run(&["import", "--allow-unknown", "--root", s(dst), s(&csv)]);
    assert_eq!(out.status.code(), Some(0), "import: {}", text(&out.stderr));
    let mut bad = Vec::new();
    for f in files {
        let want = expressible(&model(&src.join(f)));
        let got = model(&dst.join(f));
        if !same(&want, &got) {
            let mut d = Vec::new();
            for (n, v) in &want.props {
                if got.get(n) != Some(v) {
                    d.push(format!("  {n:?}: want {v:?}\n    got {:?}", got.get(n)));
                }
            }
            for (n, v) in &got.props {
                if want.get(n).is_none() {
                    d.push(format!("  {n:?}: not in the source, got {v:?}"));
                }
            }
            bad.push(format!("{f}:\n{}", d.join("\n")));
        }
    }
    bad
}

/// A copy of `from` at `to` without XMP (an empty packet; a sidecar: a blank one).
pub(super) fn strip_copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let mut perm = std::fs::metadata(to).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(to, perm).unwrap();
    if to.extension().is_some_and(|e| e == "xmp") {
        std::fs::write(to, formats::sidecar::blank()).unwrap();
    } else {
        crate::util::fmt2_common::write(to, &Packet::new(), false);
    }
}

/// The generated file `i`'s packet: every kind of value a CSV (and the flat JSON)
/// can hold, plus a property of a namespace the registry does not know when
/// `custom`.
pub(super) fn generated_packet(i: usize, custom: bool) -> Packet {
    let iptc = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
    let evt = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
    let mut p = Packet::new();
    let mut title = Node::array(ArrayKind::Alt, Vec::new());
    lang::set_text(
        &mut title,
        "x-default",
        &format!("Title {i}, \"quoted\"\nsecond line"),
    );
    lang::set_text(&mut title, "fr-FR", "Titre");
    if let Value::Array(_, items) = &mut title.value {
        items[0].value = Value::Simple(format!("Title {i}"));
    }
    p.set(Name::new(ns::DC, "title"), title);
    p.set(
        Name::new(ns::DC, "subject"),
        Node::array(
            ArrayKind::Bag,
            vec![
                Node::text("a|b"),
                Node::text("c, d"),
                Node::text(format!("k{i}")),
            ],
        ),
    );
    p.set(
        Name::new(ns::DC, "creator"),
        Node::array(ArrayKind::Seq, vec![Node::text("Ann"), Node::text("Bo")]),
    );
    p.set(
        Name::new(ns::XMP, "Rating"),
        Node::text(format!("{}", i % 6)),
    );
    p.set(
        Name::new(ns::XMP, "CreateDate"),
        Node::text("2024-05-06T10:11:12+02:00"),
    );
    p.set(
        Name::new(iptc, "CreatorContactInfo"),
        Node::structure(vec![
            (Name::new(iptc, "CiEmailWork"), Node::text("me@example.com")),
            (Name::new(iptc, "CiAdrCity"), Node::text("Oslo")),
        ]),
    );
    p.set(
        Name::new(ns::XMP_MM, "History"),
        Node::array(
            ArrayKind::Seq,
            (1..=2)
                .map(|k| {
                    Node::structure(vec![
                        (
                            Name::new(evt, "action"),
                            Node::text(if k == 1 { "created" } else { "saved" }),
                        ),
                        (
                            Name::new(evt, "when"),
                            Node::text(format!("2024-0{k}-01T00:00:00Z")),
                        ),
                    ])
                })
                .collect(),
        ),
    );
    if custom {
        p.set(
            Name::new("http://example.com/custom/", "Note"),
            Node::text("custom ns"),
        );
    }
    p
}

#[test]
fn export_then_import_into_stripped_copies_gives_back_generated_properties() {
    let ws = Ws::unstamped();
    let (src, dst) = (ws.path("src"), ws.path("dst"));
    let mut names = Vec::new();
    for (i, (name, blank)) in blanks().into_iter().enumerate() {
        if name.ends_with(".gltf") || name.ends_with(".glb") {
            continue;
        }
        let f = format!("sub{}/g{i}_{name}", i % 2);
        let p = generated_packet(i, true);
        let a = ws.put(&format!("src/{f}"), &blank);
        crate::util::fmt2_common::write(&a, &p, false);
        ws.put(&format!("dst/{f}"), &blank);
        names.push(f);
    }
    let bad = round_trip(&ws, &src, &dst, &names);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let _ = Step::Index(1);
}

fn corpus() -> Option<PathBuf> {
    let p = std::env::var_os("XMPEDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    p.join("MANIFEST.tsv").is_file().then_some(p)
}

#[test]
fn export_then_import_round_trips_the_corpus_writable_files() {
    let Some(root) = corpus() else {
        crate::util::skip::missing("skipping: no corpus at ../shared/corpus (MANIFEST.tsv)");
        return;
    };
    let ws = Ws::unstamped();
    let (src, dst) = (ws.path("src"), ws.path("dst"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&dst).unwrap();
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).unwrap();
    let mut names = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in manifest.lines().skip(1).enumerate() {
        let rel = line.split('\t').next().unwrap_or_default();
        let path = root.join(rel);
        let Ok((found, _)) = formats::read_file(&path) else {
            continue;
        };
        if !found.format.writable()
            || found.packet.as_ref().is_none_or(Packet::is_empty)
            || found.warnings.iter().any(|w| w.contains("would lose them"))
        {
            continue;
        }
        // A value the schema refuses (a second 88) is refused by import, by design:
        // such a file cannot round-trip (tests/cli/interchange.rs checks the refusal).
        let refused = found.packet.as_ref().is_some_and(|p| {
            xmpedit_core::schema::validate(p)
                .iter()
                .any(|pr| pr.severity == xmpedit_core::schema::Severity::Error)
        });
        if refused {
            skipped.push(rel.to_string());
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("bin");
        let name = format!("c{i}.{ext}");
        std::fs::copy(&path, src.join(&name)).unwrap();
        std::fs::set_permissions(
            src.join(&name),
            std::os::unix::fs::PermissionsExt::from_mode(0o644),
        )
        .unwrap();
        strip_copy(&path, &dst.join(&name));
        names.push(name);
    }
    assert!(
        names.len() >= 10,
        "only {} writable corpus files",
        names.len()
    );
    eprintln!(
        "round trip over {} corpus files; schema errors, left out: {skipped:?}",
        names.len()
    );
    let bad = round_trip(&ws, &src, &dst, &names);
    assert!(
        bad.is_empty(),
        "{} of {} differ:\n{}",
        bad.len(),
        names.len(),
        bad.join("\n")
    );
}

/// `exiftool -csv -G1 -XMP:all` of the files, without the toolkit column, as
/// (file name, column, value) triples sorted.
fn exiftool_cells(dir: &Path, files: &[&str]) -> Vec<(String, String, String)> {
    let out = Command::new("exiftool")
        .args(["-csv", "-G1", "-XMP:all"])
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap();
    let mut r = xmpedit_core::interchange::csv::Reader::new(&out.stdout[..]);
    let header = r.next_record().unwrap().unwrap();
    let mut cells = Vec::new();
    while let Some(rec) = r.next_record().unwrap() {
        for (i, h) in header.fields.iter().enumerate().skip(1) {
            let v = rec.get(i);
            if !v.is_empty() && h.text != "XMP-x:XMPToolkit" {
                cells.push((rec.get(0).to_string(), h.text.clone(), v.to_string()));
            }
        }
    }
    cells.sort();
    cells
}

#[test]
fn an_exiftool_csv_imported_into_fresh_copies_reads_back_the_same_in_exiftool() {
    if !exiftool() {
        crate::util::skip::missing("skipping: exiftool not installed");
        return;
    }
    let ws = Ws::unstamped();
    let src = ws.path("src");
    let files = ["e1.jpg", "e2.jpg", "e3.png"];
    for (i, f) in files.iter().enumerate() {
        let blank = if f.ends_with(".png") {
            formats::png::chunks::blank()
        } else {
            formats::jpeg::splice::blank()
        };
        let p = ws.put(&format!("src/{f}"), &blank);
        ws.put(&format!("dst/{f}"), &blank);
        let st = Command::new("exiftool")
            .args([
                "-q",
                "-overwrite_original",
                &format!("-XMP-dc:Title=Title {i}, with comma"),
                "-XMP-dc:Title-de-DE=Titel",
                "-XMP-dc:Subject=alpha",
                "-XMP-dc:Subject=beta gamma",
                "-XMP-dc:Creator=Ann",
                "-XMP-dc:Description=Line one",
                &format!("-XMP-xmp:Rating={}", i + 1),
                "-XMP-xmp:CreateDate=2024:05:06 10:11:12+02:00",
                "-XMP-photoshop:City=Oslo",
                "-XMP-iptcCore:CreatorWorkEmail=me@example.com",
                "-XMP-xmpRights:Marked=True",
            ])
            .arg(&p)
            .status()
            .unwrap();
        assert!(st.success());
    }
    let csv_out = Command::new("exiftool")
        .args(["-csv", "-G1", "-XMP:all"])
        .args(files)
        .current_dir(&src)
        .output()
        .unwrap();
    let csv = ws.dir.path().join("exiftool.csv");
    std::fs::write(&csv, &csv_out.stdout).unwrap();
    let out = ws.run(&["import", "--root", s(&ws.path("dst")), s(&csv)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let want = exiftool_cells(&src, &files);
    assert!(want.len() >= files.len() * 10, "{want:?}");
    assert_eq!(exiftool_cells(&ws.path("dst"), &files), want);
}
