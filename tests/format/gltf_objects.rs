//! Per-object glTF packets (`mesh[0]`, `mesh:tri`): reading one, replacing it,
//! appending one for an object without a packet, keeping packets no object references
//! any more, errors naming the objects that exist, GLB BIN chunks byte for byte, and
//! glTF-Transform reading the written packet back.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use xmpedit_core::xmp::{ns, Name, Node, Packet};
use xmpedit_formats::gltf::{self, glb, object::ObjectRef};

fn label_name() -> Name {
    Name::new(ns::XMP, "Label")
}

fn labelled(text: &str) -> Packet {
    let mut p = Packet::default();
    p.set(label_name(), Node::text(text));
    p
}

fn label_of(p: &Packet) -> Option<String> {
    p.get(&label_name())
        .and_then(|n| n.as_text())
        .map(str::to_string)
}

fn packet(title: &str) -> Value {
    json!({"@context": {"dc": "http://purl.org/dc/elements/1.1/"}, "@id": "", "dc:format": title})
}

/// Two named meshes (tri has a packet, quad none), an asset packet and a loose one.
fn doc_bytes() -> Vec<u8> {
    serde_json::to_vec_pretty(&json!({
        "asset": {"version": "2.0", "extensions": {"KHR_xmp_json_ld": {"packet": 1}}},
        "extensionsUsed": ["KHR_xmp_json_ld"],
        "extensions": {"KHR_xmp_json_ld": {"packets": [packet("tri"), packet("asset"), packet("loose")]}},
        "meshes": [
            {"name": "tri", "primitives": [], "extensions": {"KHR_xmp_json_ld": {"packet": 0}}},
            {"name": "quad", "primitives": []}
        ],
        "nodes": [{"mesh": 0}]
    }))
    .unwrap()
}

fn sel(s: &str) -> ObjectRef {
    s.parse().unwrap()
}

fn set(bytes: &[u8], object: &str, p: &Packet) -> Vec<u8> {
    let mut out = Vec::new();
    gltf::rewrite_object(&mut Cursor::new(bytes), &sel(object), p, &mut out).unwrap();
    out
}

fn read(bytes: &[u8], object: &str) -> Option<Packet> {
    gltf::read_object(&mut Cursor::new(bytes), &sel(object))
        .unwrap()
        .1
}

#[test]
fn set_on_mesh_0_reads_back_and_replaces_its_packet_in_place() {
    let out = set(&doc_bytes(), "mesh[0]", &labelled("Tri"));
    assert_eq!(
        label_of(&read(&out, "mesh[0]").unwrap()).as_deref(),
        Some("Tri")
    );
    let v: Value = serde_json::from_slice(&out).unwrap();
    let packets = v["extensions"]["KHR_xmp_json_ld"]["packets"]
        .as_array()
        .unwrap();
    assert_eq!(packets.len(), 3, "replaced, not appended");
    assert_eq!(packets[1], packet("asset"));
    assert_eq!(packets[2], packet("loose"));
    assert_eq!(v["meshes"][0]["extensions"]["KHR_xmp_json_ld"]["packet"], 0);
    // The asset packet the container reads is untouched.
    use xmpedit_formats::Container;
    let found = gltf::Gltf.read(&mut Cursor::new(&out)).unwrap();
    assert_eq!(
        found.raw,
        Some(serde_json::to_vec(&packet("asset")).unwrap())
    );
}

#[test]
fn an_object_without_a_packet_gets_one_appended_and_referenced() {
    let before: Value = serde_json::from_slice(&doc_bytes()).unwrap();
    assert!(read(&doc_bytes(), "mesh:quad").is_none());
    let out = set(&doc_bytes(), "mesh:quad", &labelled("Quad"));
    let v: Value = serde_json::from_slice(&out).unwrap();
    let packets = v["extensions"]["KHR_xmp_json_ld"]["packets"]
        .as_array()
        .unwrap();
    assert_eq!(packets.len(), 4);
    assert_eq!(v["meshes"][1]["extensions"]["KHR_xmp_json_ld"]["packet"], 3);
    assert_eq!(v["meshes"][1]["name"], "quad");
    assert_eq!(v["meshes"][1]["primitives"], json!([]));
    assert_eq!(v["meshes"][0], before["meshes"][0]);
    assert_eq!(v["nodes"], before["nodes"]);
    assert_eq!(v["asset"], before["asset"]);
    assert_eq!(
        label_of(&read(&out, "mesh[1]").unwrap()).as_deref(),
        Some("Quad")
    );
}

#[test]
fn a_blank_file_gets_the_extension_listed_and_its_object_referenced() {
    let out = set(&gltf::blank_gltf(), "node[0]", &labelled("Node"));
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["extensionsUsed"], json!(["KHR_xmp_json_ld"]));
    assert_eq!(v["nodes"][0]["mesh"], 0);
    assert_eq!(v["nodes"][0]["extensions"]["KHR_xmp_json_ld"]["packet"], 0);
    assert!(
        v["asset"].get("extensions").is_none(),
        "no asset packet made up"
    );
}

#[test]
fn an_unreferenced_packet_is_kept_and_so_is_a_shared_one() {
    // mesh[0] shares the asset's packet: writing it must not change the asset's.
    let mut d: Value = serde_json::from_slice(&doc_bytes()).unwrap();
    d["meshes"][0]["extensions"]["KHR_xmp_json_ld"]["packet"] = json!(1);
    let bytes = serde_json::to_vec(&d).unwrap();
    let out = set(&bytes, "mesh:tri", &labelled("Tri"));
    let v: Value = serde_json::from_slice(&out).unwrap();
    let packets = v["extensions"]["KHR_xmp_json_ld"]["packets"]
        .as_array()
        .unwrap();
    assert_eq!(packets.len(), 4);
    assert_eq!(packets[0], packet("tri"), "unreferenced packet 0 kept");
    assert_eq!(packets[1], packet("asset"));
    assert_eq!(packets[2], packet("loose"));
    assert_eq!(v["meshes"][0]["extensions"]["KHR_xmp_json_ld"]["packet"], 3);
    assert_eq!(v["asset"]["extensions"]["KHR_xmp_json_ld"]["packet"], 1);
    assert!(!out.contains(&b'\n'), "a compact document stays compact");
}

#[test]
fn objects_are_found_by_name_and_unknown_ones_name_those_that_exist() {
    assert_eq!(sel("mesh:tri"), sel("mesh:tri"));
    let (label, p, _) = gltf::read_object(&mut Cursor::new(doc_bytes()), &sel("mesh:tri")).unwrap();
    assert_eq!(label, "mesh[0] \"tri\"");
    assert!(p.is_some());
    let err = |s: &str| {
        gltf::read_object(&mut Cursor::new(doc_bytes()), &sel(s))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(err("mesh:x"), "no mesh named \"x\"; meshes: tri, quad");
    assert_eq!(err("mesh[5]"), "no mesh[5]; meshes: tri, quad");
    assert_eq!(err("node:a"), "no node named \"a\"; nodes: node[0]");
    assert_eq!(err("image[0]"), "no image[0]; the file has no images");
    let bad = "texture[0]".parse::<ObjectRef>().unwrap_err();
    assert!(
        bad.contains("kinds: scene, node, mesh, material, image, animation"),
        "{bad}"
    );
    assert!("mesh".parse::<ObjectRef>().is_err());
    assert!("mesh[x]".parse::<ObjectRef>().is_err());
}

#[test]
fn glb_bin_chunk_stays_byte_identical_on_an_object_write() {
    let blank = gltf::blank_glb();
    let out = set(&blank, "mesh[0]", &labelled("Tri"));
    let (g0, _) = glb::read(&mut Cursor::new(&blank)).unwrap();
    let (g1, _) = glb::read(&mut Cursor::new(&out)).unwrap();
    let chunk = |b: &[u8], c: &glb::Chunk| {
        b[c.at as usize..(c.at + 8 + u64::from(c.len)) as usize].to_vec()
    };
    assert_eq!(g0.chunks.len(), g1.chunks.len());
    for (a, b) in g0.chunks.iter().zip(&g1.chunks) {
        assert_eq!(chunk(&blank, a), chunk(&out, b), "BIN chunk changed");
    }
    assert_eq!(g1.length as usize, out.len(), "GLB total length fixed");
    assert_eq!(
        label_of(&read(&out, "mesh[0]").unwrap()).as_deref(),
        Some("Tri")
    );
}

fn oracle_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("XMPEDIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("tools/gltf-oracle");
    if !dir.join("node_modules").is_dir() {
        crate::util::skip::missing(&format!(
            "skipping glTF oracle checks: run `npm ci` in {}",
            dir.display()
        ));
        return None;
    }
    Some(dir)
}

#[test]
fn gltf_transform_reads_a_per_object_packet_back() {
    let Some(dir) = oracle_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in [("a.glb", gltf::blank_glb()), ("a.gltf", gltf::blank_gltf())] {
        let path = tmp.path().join(name);
        std::fs::write(&path, set(&bytes, "mesh[0]", &labelled("Per-object label"))).unwrap();
        for cmd in ["dump", "validate"] {
            let out = Command::new("node")
                .arg(dir.join("gltf_oracle.mjs"))
                .arg(cmd)
                .arg(&path)
                .output()
                .expect("node");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{name} {cmd}: {stdout} {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if cmd == "dump" {
                let v: Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(v["asset"], Value::Null, "{name}: no asset packet");
                let packets = v["packets"].as_array().unwrap();
                assert_eq!(packets.len(), 1, "{name}: {stdout}");
                assert_eq!(
                    packets[0]["xmp:Label"], "Per-object label",
                    "{name}: {stdout}"
                );
            }
        }
    }
}
