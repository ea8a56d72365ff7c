//! glTF/GLB container at the JSON and chunk level: finding packets and references,
//! storing an asset packet without disturbing anything else, GLB chunk preservation,
//! errors on broken files.

use std::io::Cursor;

use serde_json::{json, Value};
use xmpedit_formats::gltf::{self, doc, glb};

fn packet(title: &str) -> Value {
    json!({"@context": {"dc": "http://purl.org/dc/elements/1.1/"}, "@id": "", "dc:format": title})
}

fn sample() -> Value {
    json!({
        "asset": {"version": "2.0", "extensions": {"KHR_xmp_json_ld": {"packet": 1}}},
        "extensionsUsed": ["KHR_xmp_json_ld"],
        "extensions": {"KHR_xmp_json_ld": {"packets": [packet("mesh"), packet("asset"), packet("loose")]}},
        "meshes": [{"name": "cube", "extensions": {"KHR_xmp_json_ld": {"packet": 0}}}],
        "nodes": [{"mesh": 0}, {"extensions": {"KHR_xmp_json_ld": {"packet": 7}}}]
    })
}

#[test]
fn packets_and_references_are_found_and_labelled() {
    let p = doc::packets_of(&sample(), "glTF").unwrap();
    assert_eq!(p.packets.len(), 3);
    assert_eq!(p.asset, Some(1));
    assert_eq!(p.refs, vec![("mesh[0] \"cube\"".to_string(), 0)]);
    assert_eq!(
        p.warnings,
        vec!["node[1] references packet 7, but there are only 3".to_string()]
    );
    assert!(!p.draft);
}

#[test]
fn the_asset_packet_is_replaced_in_place_without_reordering() {
    let mut d = sample();
    let before = d.clone();
    doc::set_asset_packet(&mut d, packet("new"), "glTF").unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&d), keys(&before));
    let packets = &d["extensions"]["KHR_xmp_json_ld"]["packets"];
    assert_eq!(packets[0], packet("mesh"));
    assert_eq!(packets[1], packet("new"));
    assert_eq!(packets[2], packet("loose"));
    assert_eq!(d["asset"]["extensions"]["KHR_xmp_json_ld"]["packet"], 1);
    assert_eq!(d["extensionsUsed"], json!(["KHR_xmp_json_ld"]));
    for k in ["meshes", "nodes"] {
        assert_eq!(d[k], before[k]);
    }
}

#[test]
fn a_packet_shared_with_an_object_is_not_overwritten() {
    let mut d = sample();
    d["asset"]["extensions"]["KHR_xmp_json_ld"]["packet"] = json!(0);
    doc::set_asset_packet(&mut d, packet("new"), "glTF").unwrap();
    let packets = d["extensions"]["KHR_xmp_json_ld"]["packets"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(packets.len(), 4);
    assert_eq!(packets[0], packet("mesh"));
    assert_eq!(packets[3], packet("new"));
    assert_eq!(d["asset"]["extensions"]["KHR_xmp_json_ld"]["packet"], 3);
}

#[test]
fn a_document_without_xmp_gets_the_extension_added_at_the_end() {
    let mut d: Value = serde_json::from_slice(&gltf::blank_gltf()).unwrap();
    let before = d.clone();
    doc::set_asset_packet(&mut d, packet("x"), "glTF").unwrap();
    let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
    let old: Vec<&String> = before.as_object().unwrap().keys().collect();
    assert_eq!(keys[..old.len()], old[..]);
    assert_eq!(
        keys[old.len()..],
        [&"extensions".to_string(), &"extensionsUsed".to_string()]
    );
    assert_eq!(d["asset"]["version"], "2.0");
    assert_eq!(d["asset"]["extensions"]["KHR_xmp_json_ld"]["packet"], 0);
    assert_eq!(
        d["extensions"]["KHR_xmp_json_ld"]["packets"],
        json!([packet("x")])
    );
    assert_eq!(d["extensionsUsed"], json!(["KHR_xmp_json_ld"]));
    let mut no_asset = json!({"scenes": []});
    assert_eq!(
        doc::set_asset_packet(&mut no_asset, packet("x"), "glTF")
            .unwrap_err()
            .to_string(),
        "glTF structure error at offset 0: the glTF JSON has no \"asset\" object"
    );
}

#[test]
fn the_archived_draft_is_read_with_its_shared_context() {
    let d = json!({
        "extensionsUsed": ["KHR_xmp"],
        "extensions": {"KHR_xmp": {"@context": {"dc": "http://purl.org/dc/elements/1.1/"},
            "packets": [{"dc:title": {"en-us": "T"}}, {"dc:title": {"en-us": "M"}}]}},
        "asset": {"version": "2.0", "extensions": {"KHR_xmp": {"packet": 0}}},
        "meshes": [{"name": "m", "extensions": {"KHR_xmp": {"packet": 1}}}]
    });
    let p = doc::packets_of(&d, "glTF").unwrap();
    assert!(p.draft);
    assert_eq!(p.asset, Some(0));
    assert_eq!(p.refs, vec![("mesh[0] \"m\"".to_string(), 1)]);
    assert_eq!(
        p.packets[0]["@context"]["dc"],
        "http://purl.org/dc/elements/1.1/"
    );
    assert_eq!(
        p.packets[0].as_object().unwrap().keys().next().unwrap(),
        "@context"
    );
    // A write adds the ratified extension and leaves the draft as it was.
    let mut w = d.clone();
    doc::set_asset_packet(&mut w, packet("new"), "glTF").unwrap();
    assert_eq!(w["extensions"]["KHR_xmp"], d["extensions"]["KHR_xmp"]);
    assert_eq!(
        w["asset"]["extensions"]["KHR_xmp"],
        d["asset"]["extensions"]["KHR_xmp"]
    );
    assert_eq!(w["asset"]["extensions"]["KHR_xmp_json_ld"]["packet"], 0);
    assert_eq!(w["extensionsUsed"], json!(["KHR_xmp", "KHR_xmp_json_ld"]));
}

#[test]
fn formatting_style_is_kept() {
    assert_eq!(doc::detect_style(b"{\"a\":1}"), doc::Style::Compact);
    let pretty = b"{\n    \"a\": [\n        1\n    ]\n}";
    let style = doc::detect_style(pretty);
    assert_eq!(style, doc::Style::Pretty(b"    ".to_vec()));
    let v: Value = serde_json::from_slice(pretty).unwrap();
    assert_eq!(doc::to_bytes(&v, &style), pretty.to_vec());
    let blank = gltf::blank_gltf();
    let v: Value = serde_json::from_slice(&blank).unwrap();
    assert_eq!(
        doc::to_bytes(&v, &doc::detect_style(&blank)),
        blank[..blank.len() - 1].to_vec()
    );
    // Numbers keep their values exactly.
    let n: Value =
        serde_json::from_str("[0.63075679540634155, 19.949111938476562, -0.050886999815702438]")
            .unwrap();
    let back: Value = serde_json::from_slice(&doc::to_bytes(&n, &doc::Style::Compact)).unwrap();
    assert_eq!(n, back);
}

#[test]
fn json_errors_name_the_file_offset() {
    let e = doc::parse(b"{\n  \"a\": ,\n}", 20, "GLB")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "GLB structure error at offset 29: invalid JSON: expected value at line 2 column 8"
    );
}

fn glb_with(json: &[u8], chunks: &[(u32, &[u8])]) -> Vec<u8> {
    let mut j = json.to_vec();
    while !j.len().is_multiple_of(4) {
        j.push(b' ');
    }
    let mut body = Vec::new();
    body.extend_from_slice(&(j.len() as u32).to_le_bytes());
    body.extend_from_slice(&glb::JSON.to_le_bytes());
    body.extend_from_slice(&j);
    for (kind, data) in chunks {
        body.extend_from_slice(&(data.len() as u32).to_le_bytes());
        body.extend_from_slice(&kind.to_le_bytes());
        body.extend_from_slice(data);
    }
    let mut out = b"glTF".to_vec();
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32 + 12).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

#[test]
fn glb_rewrite_pads_json_with_spaces_and_copies_later_chunks() {
    let bin: &[u8] = &[1, 2, 3, 4, 5, 6, 7, 8];
    let extra: &[u8] = b"UNKNOWN!";
    let file = glb_with(
        br#"{"asset":{"version":"2.0"}}"#,
        &[(glb::BIN, bin), (0x1234_5678, extra)],
    );
    let (g, json) = glb::read(&mut Cursor::new(&file)).unwrap();
    assert_eq!(g.chunks.len(), 2);
    assert_eq!(json.trim_ascii_end(), br#"{"asset":{"version":"2.0"}}"#);
    let new_json = br#"{"asset":{"version":"2.0","x":1}}"#;
    let mut out = Vec::new();
    glb::write(&mut Cursor::new(&file), &g, new_json, &mut out).unwrap();
    assert_eq!(out.len() % 4, 0);
    assert_eq!(
        u32::from_le_bytes(out[8..12].try_into().unwrap()) as usize,
        out.len()
    );
    let (g2, json2) = glb::read(&mut Cursor::new(&out)).unwrap();
    assert_eq!(g2.json_len % 4, 0);
    assert_eq!(json2.trim_ascii_end(), new_json);
    let tail_old = &file[(g.json_at + u64::from(g.json_len)) as usize..];
    let tail_new = &out[(g2.json_at + u64::from(g2.json_len)) as usize..];
    assert_eq!(tail_old, tail_new);
    assert_eq!(
        out[(g2.json_at + new_json.len() as u64) as usize
            ..(g2.json_at + u64::from(g2.json_len)) as usize],
        *b"   "
    );
}

#[test]
fn blank_glb_is_well_formed() {
    let b = gltf::blank_glb();
    let (g, json) = glb::read(&mut Cursor::new(&b)).unwrap();
    assert!(g.warnings.is_empty());
    assert_eq!(
        g.chunks,
        vec![glb::Chunk {
            kind: glb::BIN,
            at: (20 + g.json_len) as u64,
            len: 36
        }]
    );
    let v: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["buffers"][0]["byteLength"], 36);
}

#[test]
fn broken_glb_files_give_clear_errors() {
    let b = gltf::blank_glb();
    let err = |bytes: &[u8]| glb::read(&mut Cursor::new(bytes)).unwrap_err().to_string();
    assert_eq!(
        err(&b[..b.len() - 4]),
        format!("GLB structure error at offset 8: GLB length {} runs past the end of the file ({} bytes): truncated", b.len(), b.len() - 4)
    );
    let mut v1 = b.clone();
    v1[4] = 1;
    assert_eq!(
        err(&v1),
        "GLB structure error at offset 4: GLB version 1 is not supported (only 2)"
    );
    let mut long_json = b.clone();
    long_json[12..16].copy_from_slice(&10_000u32.to_le_bytes());
    assert_eq!(
        err(&long_json),
        format!("GLB structure error at offset 12: JSON chunk of 10000 bytes runs past the GLB length ({})", b.len())
    );
    let mut long_bin = b.clone();
    let at = b.len() - 36 - 8;
    long_bin[at..at + 4].copy_from_slice(&40u32.to_le_bytes());
    assert_eq!(
        err(&long_bin),
        format!(
            "GLB structure error at offset {at}: chunk of 40 bytes runs past the GLB length ({})",
            b.len()
        )
    );
    let json_end = 20 + u32::from_le_bytes(b[12..16].try_into().unwrap()) as usize;
    for cut in 0..b.len() {
        if cut == json_end {
            continue; // a GLB without BIN chunk is well-formed
        }
        let mut t = b[..cut].to_vec();
        if t.len() >= 12 {
            // Also make the header agree, so the chunk walk itself is tested.
            let n = t.len() as u32;
            t[8..12].copy_from_slice(&n.to_le_bytes());
        }
        assert!(
            glb::read(&mut Cursor::new(&t)).is_err(),
            "cut {cut} read fine"
        );
    }
}

use crate::util::fmt2_common;

use xmpedit_formats::{read_file, Format};

#[test]
fn write_file_cycles_gltf_and_glb() {
    for (name, bytes, format) in [
        ("a.gltf", gltf::blank_gltf(), Format::Gltf),
        ("a.glb", gltf::blank_glb(), Format::Glb),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = fmt2_common::put(dir.path(), name, &bytes);
        fmt2_common::cycle(&path, false);
        let (found, _) = read_file(&path).unwrap();
        assert_eq!(found.format, format);
        let out = std::fs::read(&path).unwrap();
        if format == Format::Glb {
            assert_eq!(
                out[out.len() - 44..],
                bytes[bytes.len() - 44..],
                "BIN chunk changed"
            );
        } else {
            assert_eq!(doc::detect_style(&out), doc::detect_style(&bytes));
            assert!(out.ends_with(b"}\n"));
        }
    }
}

#[test]
fn object_packets_are_listed_and_kept_on_write() {
    let mut d = sample();
    d["asset"]["version"] = json!("2.0");
    let text = serde_json::to_vec_pretty(&d).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "a.gltf", &text);
    let (found, _) = read_file(&path).unwrap();
    let labels: Vec<&str> = found.others.iter().map(|o| o.0.as_str()).collect();
    assert_eq!(
        labels,
        vec!["mesh[0] \"cube\"", "packets[2] (unreferenced)"]
    );
    let want = fmt2_common::sample("4", "asset");
    fmt2_common::write(&path, &want, false);
    let found = fmt2_common::read_back(&path, &want);
    assert_eq!(found.others.len(), 2);
    let v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        v["extensions"]["KHR_xmp_json_ld"]["packets"][0],
        packet("mesh")
    );
    assert_eq!(
        v["extensions"]["KHR_xmp_json_ld"]["packets"][2],
        packet("loose")
    );
    assert_eq!(v["meshes"], d["meshes"]);
    assert_eq!(v["nodes"], d["nodes"]);
}

#[test]
fn random_corruption_never_panics() {
    use xmpedit_formats::Container;
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "a.glb", &gltf::blank_glb());
    fmt2_common::write(&path, &fmt2_common::sample("1", "m"), false);
    let good = std::fs::read(&path).unwrap();
    fmt2_common::mutations(&good, 3000, |b| {
        if let Ok((g, _)) = glb::read(&mut Cursor::new(b)) {
            let mut out = Vec::new();
            if glb::write(&mut Cursor::new(b), &g, b"{}", &mut out).is_ok() {
                assert!(glb::read(&mut Cursor::new(&out)).is_ok());
            }
        }
        let _ = gltf::Gltf.read(&mut Cursor::new(b));
        let _ = gltf::Gltf.preserved(&mut Cursor::new(b));
    });
}

#[test]
fn json_scalar_types_of_the_replaced_packet_are_kept() {
    use xmpedit_core::xmp::jsonld::{Scalar, TypeHints};
    use xmpedit_core::xmp::Name;
    use xmpedit_formats::gltf::hints::Learned;
    let p = json!({
        "@context": {"xmp": "http://ns.adobe.com/xap/1.0/", "xmpRights": "http://ns.adobe.com/xap/1.0/rights/", "ex": "urn:ex#"},
        "xmp:Rating": 3,
        "xmpRights:Marked": true,
        "ex:s": {"ex:w": 2.5, "ex:list": {"@list": [1, 2]}},
        "ex:t": "text"
    });
    let l = Learned::from_packet(&p);
    let n = |ns: &str, l: &str| Name::new(ns, l);
    assert_eq!(
        l.scalar(&[&n("http://ns.adobe.com/xap/1.0/", "Rating")]),
        Some(Scalar::Integer)
    );
    assert_eq!(
        l.scalar(&[&n("http://ns.adobe.com/xap/1.0/rights/", "Marked")]),
        Some(Scalar::Boolean)
    );
    assert_eq!(
        l.scalar(&[&n("urn:ex#", "s"), &n("urn:ex#", "w")]),
        Some(Scalar::Real)
    );
    assert_eq!(
        l.scalar(&[&n("urn:ex#", "s"), &n("urn:ex#", "list")]),
        Some(Scalar::Integer)
    );
    assert_eq!(l.scalar(&[&n("urn:ex#", "t")]), None);
    assert_eq!(l.scalar(&[&n("urn:ex#", "s")]), None);
}
