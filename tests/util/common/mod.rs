//! Shared test helpers: hand-built sample models, peer-tool runners (the XMP oracle
//! and ExifTool) and the proptest model generator in [`gen`].
#![allow(dead_code)]

pub mod gen;
pub mod golden;

use std::path::{Path, PathBuf};
use std::process::Command;

use xmpedit_core::xmp::{ArrayKind, Name, Node, Packet};

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

/// A model using every writer form the peers must read back.
pub fn rich_packet() -> Packet {
    let c = |l: &str| n(CUSTOM, l);
    let mut p = Packet::new();
    p.prefixes.hint(CUSTOM, "cu");
    p.set(c("Spaces"), Node::text("  lead and trail  "));
    p.set(c("Newlines"), Node::text("a\r\nb\nc\td"));
    p.set(c("Markup"), Node::text("<b>&amp;</b> \"q\" 'a'"));
    p.set(c("EmptyAttr"), Node::text(""));
    p.set(c("Ünïcödé"), Node::text("日本語 😀"));
    p.set(
        c("Mixed"),
        Node::structure(vec![
            (
                c("list"),
                Node::array(ArrayKind::Seq, vec![Node::text("1"), Node::text("2")]),
            ),
            (c("simple"), Node::text("s")),
            (
                c("inner"),
                Node::structure(vec![(c("deep"), Node::text("d"))]),
            ),
        ]),
    );
    p.set(
        c("Elements"),
        Node::structure(vec![
            (c("uri"), Node::uri("http://example.com/u?a=1&b=2")),
            (c("lang"), Node::lang_text("en-US", "hi")),
        ]),
    );
    let mut qs = Node::structure(vec![(c("f"), Node::text("v"))]);
    qs.qualifiers.push((c("note"), Node::text("q")));
    p.set(c("QualifiedStruct"), qs);
    let mut qu = Node::uri("http://example.com/x");
    qu.qualifiers.push((c("q"), Node::text("on a uri")));
    p.set(c("QualifiedUri"), qu);
    let mut id = Node::text("urn:isbn:1");
    id.qualifiers
        .push((n(XMP_IDQ, "Scheme"), Node::text("ISBN")));
    p.set(n(XMP, "Identifier"), Node::array(ArrayKind::Bag, vec![id]));
    p.set(
        c("Nested"),
        Node::array(
            ArrayKind::Seq,
            vec![
                Node::array(ArrayKind::Bag, vec![Node::text("a"), Node::text("b")]),
                Node::structure(vec![(c("k"), Node::text("v"))]),
            ],
        ),
    );
    p.set(
        c("Choice"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::text("first"), Node::text("second")],
        ),
    );
    p.set(
        n(DC, "description"),
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("x-default", "Default"),
                Node::lang_text("de-CH", "Grüezi"),
            ],
        ),
    );
    p.set(c("Said"), Node::lang_text("fr", "bonjour"));
    p.set(
        c("Blank"),
        Node::array(ArrayKind::Seq, vec![Node::text("   "), Node::text(" x ")]),
    );
    let mut typed = Node::structure(vec![(c("f"), Node::text("v"))]);
    typed.qualifiers.push((Name::xml_lang(), Node::text("fr")));
    typed
        .qualifiers
        .push((Name::rdf_type(), Node::uri("http://example.com/t/T")));
    let mut note = Node::text("n");
    note.qualifiers.push((c("deep"), Node::text("d")));
    typed.qualifiers.push((c("note"), note));
    p.set(c("Typed"), typed);
    p.set(c("EmptyStruct"), Node::structure(vec![]));
    let mut ls = Node::structure(vec![(c("a"), Node::text("1")), (c("b"), Node::text("2"))]);
    ls.qualifiers.push((Name::xml_lang(), Node::text("de")));
    p.set(c("LangStruct"), ls);
    p.set(
        c("TypeField"),
        Node::structure(vec![
            (Name::rdf_type(), Node::uri("http://example.com/t/F")),
            (c("a"), Node::text("1")),
        ]),
    );
    p.set(Name::rdf_type(), Node::uri("http://example.com/t/Doc"));
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

/// `shared/tools/xmp_oracle.py` next to the repository (`../shared`), or two levels
/// up when the repository is a git worktree under `wt/`.
pub fn oracle_script() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let near = root.join("../shared/tools/xmp_oracle.py");
    if near.exists() {
        return near;
    }
    root.join("../../shared/tools/xmp_oracle.py")
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

/// Canonical prefixes the oracle prints for well-known URIs (subset of
/// `shared/tools/xmpflat_common.py`); other URIs keep the file's prefix.
const ORACLE_PREFIXES: &[(&str, &str)] = &[
    (DC, "dc"),
    (XMP, "xmp"),
    (XMP_MM, "xmpMM"),
    (XMP_RIGHTS, "xmpRights"),
    (ST_EVT, "stEvt"),
    (IPTC_CORE, "Iptc4xmpCore"),
    (XMP_IDQ, "xmpidq"),
    ("http://ns.adobe.com/exif/1.0/", "exif"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"),
    ("http://www.w3.org/XML/1998/namespace", "xml"),
];

/// The oracle's flat listing (JSON lines, `shared/tools/README.md`) of a model, with
/// `prefix_of` giving the prefix the written file uses for non-canonical URIs.
pub fn flat_listing(p: &Packet, prefix_of: &dyn Fn(&str) -> String) -> String {
    use xmpedit_core::xmp::{lang, Value};
    let pfx = |name: &Name| {
        let p = ORACLE_PREFIXES
            .iter()
            .find(|(u, _)| *u == &*name.ns)
            .map(|(_, p)| p.to_string())
            .unwrap_or_else(|| prefix_of(&name.ns));
        format!("{p}:{}", name.local)
    };
    fn rec(out: &mut String, ns: &str, path: &str, key: &str, v: &str) {
        let line = serde_json::json!({"file": "f", "ns": ns, "path": path, key: v});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    fn walk(out: &mut String, ns: &str, path: &str, node: &Node, pfx: &dyn Fn(&Name) -> String) {
        match &node.value {
            Value::Simple(s) | Value::Uri(s) => rec(out, ns, path, "value", s),
            Value::Struct(f) => {
                rec(out, ns, path, "form", "Struct");
                for (n, x) in f {
                    walk(out, ns, &format!("{path}/{}", pfx(n)), x, pfx);
                }
            }
            Value::Array(k, items) => {
                let form = if lang::is_lang_alt(node) && !items.is_empty() {
                    "AltText"
                } else {
                    k.rdf_name()
                };
                rec(out, ns, path, "form", form);
                for (i, x) in items.iter().enumerate() {
                    walk(out, ns, &format!("{path}[{}]", i + 1), x, pfx);
                }
            }
        }
        for (q, x) in &node.qualifiers {
            walk(out, ns, &format!("{path}/?{}", pfx(q)), x, pfx);
        }
    }
    let mut out = String::new();
    for (name, node) in &p.props {
        walk(&mut out, &name.ns, &pfx(name), node, &pfx);
    }
    out
}

/// Runs the oracle on `file`; its listing with `"file"` rewritten to `f`.
pub fn oracle_listing(file: &Path) -> Result<String, String> {
    let out = Command::new("python3")
        .arg(oracle_script())
        .arg(file)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "oracle failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fixed = String::new();
    for line in text.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        v["file"] = "f".into();
        fixed.push_str(&v.to_string());
        fixed.push('\n');
    }
    Ok(fixed)
}

/// The oracle's records for many files at once (`--basename`), error records
/// included.
pub fn oracle_records(files: &[PathBuf]) -> Vec<serde_json::Value> {
    let out = Command::new("python3")
        .arg(oracle_script())
        .arg("--basename")
        .args(files)
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle prints JSON lines"))
        .collect()
}

/// `compare_flat.py EXPECTED ACTUAL`; Ok when identical, else its report.
pub fn compare_flat(dir: &Path, expected: &str, actual: &str) -> Result<(), String> {
    compare_flat_with(dir, expected, actual, &[])
}

/// [`compare_flat`] with extra options (`--ignore-path`, ...).
pub fn compare_flat_with(
    dir: &Path,
    expected: &str,
    actual: &str,
    extra: &[&str],
) -> Result<(), String> {
    let e = dir.join("expected.jsonl");
    let a = dir.join("actual.jsonl");
    std::fs::write(&e, expected).map_err(|x| x.to_string())?;
    std::fs::write(&a, actual).map_err(|x| x.to_string())?;
    let script = oracle_script().with_file_name("compare_flat.py");
    let out = Command::new("python3")
        .arg(script)
        .args(extra)
        .arg(&e)
        .arg(&a)
        .output()
        .map_err(|x| x.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}\nexpected:\n{expected}\nactual:\n{actual}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `jsonld_flatten.py FILE` with `"file"` rewritten to `f`.
pub fn jsonld_flatten(file: &Path) -> Result<String, String> {
    let out = Command::new("python3")
        .arg(oracle_script().with_file_name("jsonld_flatten.py"))
        .arg(file)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let mut fixed = String::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        v["file"] = "f".into();
        fixed.push_str(&v.to_string());
        fixed.push('\n');
    }
    Ok(fixed)
}

/// Runs `exiftool -validate -warning -a FILE`; returns the warning lines.
pub fn exiftool_warnings(file: &Path) -> Result<Vec<String>, String> {
    let out = Command::new("exiftool")
        .args(["-validate", "-warning", "-a", "-s3"])
        .arg(file)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .lines()
        .map(str::to_string)
        .filter(|l| l != "OK" && !l.is_empty())
        .collect())
}
