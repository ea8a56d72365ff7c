//! `xmpedit show --object`: the packet of one glTF object (by index or by name),
//! errors naming the objects that exist, and a usage error for other formats.

use std::path::Path;
use std::process::Command;

fn xmpedit(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run xmpedit");
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

const DOC: &str = r#"{"asset":{"version":"2.0","extensions":{"KHR_xmp_json_ld":{"packet":1}}},"extensionsUsed":["KHR_xmp_json_ld"],"extensions":{"KHR_xmp_json_ld":{"packets":[{"@context":{"xmp":"http://ns.adobe.com/xap/1.0/"},"@id":"","xmp:Label":"Triangle label"},{"@context":{"xmp":"http://ns.adobe.com/xap/1.0/"},"@id":"","xmp:Label":"Asset label"}]}},"meshes":[{"name":"tri","primitives":[],"extensions":{"KHR_xmp_json_ld":{"packet":0}}},{"name":"quad","primitives":[]}]}"#;

#[test]
fn show_object_prints_that_objects_packet_by_index_and_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.gltf"), DOC).unwrap();
    for sel in ["mesh[0]", "mesh:tri"] {
        let (code, out, err) = xmpedit(dir.path(), &["show", "--object", sel, "a.gltf"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("a.gltf mesh[0] \"tri\": gltf\n"), "{out}");
        assert!(out.contains("Triangle label"), "{out}");
        assert!(!out.contains("Asset label"), "{out}");
    }
    let (code, out, _) = xmpedit(
        dir.path(),
        &["show", "--json", "--object", "mesh:quad", "a.gltf"],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["xmp"], serde_json::Value::Null, "quad has no packet");
}

#[test]
fn show_object_with_an_unknown_name_lists_the_objects_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.gltf"), DOC).unwrap();
    let (code, out, err) = xmpedit(dir.path(), &["show", "--object", "mesh:x", "a.gltf"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        "xmpedit: a.gltf: no mesh named \"x\"; meshes: tri, quad\n"
    );
}

#[test]
fn show_object_on_a_file_that_is_not_gltf_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.xmp"),
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.gltf"), DOC).unwrap();
    let (code, out, err) = xmpedit(
        dir.path(),
        &["show", "--object", "mesh[0]", "a.gltf", "a.xmp"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "nothing shown: {out}");
    assert_eq!(
        err,
        "xmpedit: a.xmp: --object applies to glTF and GLB files only\n"
    );
    let (code, _, err) = xmpedit(dir.path(), &["show", "--object", "texture[0]", "a.gltf"]);
    assert_eq!(code, 2);
    assert!(err.contains("not an object kind"), "{err}");
}
