//! Variables, code replacements and templates through `xmpedit set`, `import
//! --expand` and `xmpedit template` (docs/templates.md).

use crate::util::set_support;

use set_support::*;
use xmpedit_core::xmp::ns;
use xmpedit_formats as formats;

fn jpeg(ws: &Ws, name: &str) -> std::path::PathBuf {
    ws.put(name, &formats::jpeg::splice::blank())
}

/// Adds to the workspace's configuration file.
fn config(ws: &Ws, text: &str) {
    let p = ws.dir.path().join("config.toml");
    let old = std::fs::read_to_string(&p).unwrap_or_default();
    std::fs::write(&p, format!("{old}{text}")).unwrap();
}

fn template(ws: &Ws, name: &str, text: &str) {
    let d = ws.dir.path().join("templates");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join(format!("{name}.toml")), text).unwrap();
}

fn stderr(ws: &Ws, args: &[&str], code: i32) -> String {
    let out = ws.run(args);
    assert_eq!(out.status.code(), Some(code), "{}", text(&out.stderr));
    text(&out.stderr)
}

#[test]
fn two_files_get_their_own_stems_and_indices() {
    let ws = Ws::new();
    let a = jpeg(&ws, "beach.jpg");
    let b = jpeg(&ws, "cliff.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "dc:title={file.stem} #{index:03} in {folder}",
            "-e",
            "photoshop:Source={file.name}",
            s(&a),
            s(&b),
        ],
        0,
    );
    let (pa, pb) = (model(&a), model(&b));
    assert_eq!(
        lang(&pa, ns::DC, "title", "x-default").as_deref(),
        Some("beach #001 in files")
    );
    assert_eq!(
        lang(&pb, ns::DC, "title", "x-default").as_deref(),
        Some("cliff #002 in files")
    );
    assert_eq!(
        simple(&pb, ns::PHOTOSHOP, "Source").as_deref(),
        Some("cliff.jpg")
    );
    // One batch: one undo takes both back.
    ws.ok(&["undo"], 0);
    assert!(lang(&model(&a), ns::DC, "title", "x-default").is_none());
    assert!(lang(&model(&b), ns::DC, "title", "x-default").is_none());
}

#[test]
fn doubled_braces_write_literal_braces() {
    let ws = Ws::new();
    let a = jpeg(&ws, "a.jpg");
    ws.ok(&["set", "-e", "dc:title={{file.stem}} }}", s(&a)], 0);
    assert_eq!(
        lang(&model(&a), ns::DC, "title", "x-default").as_deref(),
        Some("{file.stem} }")
    );
    // --literal takes the value as written.
    ws.ok(
        &["set", "--literal", "-e", "dc:title={file.stem}", s(&a)],
        0,
    );
    assert_eq!(
        lang(&model(&a), ns::DC, "title", "x-default").as_deref(),
        Some("{file.stem}")
    );
}

#[test]
fn unknown_variable_is_refused_with_nothing_written() {
    let ws = Ws::new();
    let a = jpeg(&ws, "a.jpg");
    let before = std::fs::read(&a).unwrap();
    let err = stderr(
        &ws,
        &[
            "set",
            "-e",
            "xmp:Rating=2",
            "-e",
            "dc:title={filename}",
            s(&a),
        ],
        2,
    );
    assert!(err.contains("{filename} is not a variable"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let err = stderr(&ws, &["set", "-e", "dc:title=a { b", s(&a)], 2);
    assert!(err.contains("write {{ for a literal brace"), "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), before);
    assert_eq!(ws.journal_files(), 0);
}

#[test]
fn dates_format_the_files_own_create_date() {
    let ws = Ws::new();
    let a = jpeg(&ws, "a.jpg");
    let b = jpeg(&ws, "b.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "xmp:CreateDate=2019-03-04T05:06:07+02:00",
            s(&a),
        ],
        0,
    );
    ws.ok(&["set", "-e", "xmp:CreateDate=2021-11-30", s(&b)], 0);
    ws.ok(
        &[
            "set",
            "-e",
            "dc:title=Shot {xmp:CreateDate:%Y/%m/%d %H.%M}",
            s(&a),
            s(&b),
        ],
        0,
    );
    assert_eq!(
        lang(&model(&a), ns::DC, "title", "x-default").as_deref(),
        Some("Shot 2019/03/04 05.06")
    );
    assert_eq!(
        lang(&model(&b), ns::DC, "title", "x-default").as_deref(),
        Some("Shot 2021/11/30 00.00")
    );
    // {date:...} is now (UTC).
    let year = |t: std::time::SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
    };
    let before = xmpedit_core::expand::Civil::from_unix(year(std::time::SystemTime::now())).year;
    ws.ok(&["set", "-e", "dc:rights=© {date:%Y} Jane", s(&a)], 0);
    let after = xmpedit_core::expand::Civil::from_unix(year(std::time::SystemTime::now())).year;
    let rights = lang(&model(&a), ns::DC, "rights", "x-default").unwrap();
    assert!(
        rights == format!("© {before} Jane") || rights == format!("© {after} Jane"),
        "{rights}"
    );
}

#[test]
fn a_file_without_the_property_is_refused_unless_a_default_is_given() {
    let ws = Ws::new();
    let a = jpeg(&ws, "a.jpg");
    let b = jpeg(&ws, "b.jpg");
    ws.ok(&["set", "-e", "xmp:CreateDate=2019-03-04", s(&a)], 0);
    let batches = ws.journal_files();
    let before = std::fs::read(&a).unwrap();
    let err = stderr(
        &ws,
        &["set", "-e", "dc:title={xmp:CreateDate:%Y}", s(&a), s(&b)],
        2,
    );
    assert!(err.contains("b.jpg"), "{err}");
    assert!(err.contains("has no xmp:CreateDate"), "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), before, "a.jpg was written");
    assert_eq!(ws.journal_files(), batches);
    ws.ok(
        &[
            "set",
            "-e",
            "dc:title={xmp:CreateDate:%Y|undated}",
            s(&a),
            s(&b),
        ],
        0,
    );
    assert_eq!(
        lang(&model(&a), ns::DC, "title", "x-default").as_deref(),
        Some("2019")
    );
    assert_eq!(
        lang(&model(&b), ns::DC, "title", "x-default").as_deref(),
        Some("undated")
    );
}

fn with_codes(ws: &Ws) {
    std::fs::write(
        ws.dir.path().join("codes.txt"),
        "jd\tJane Doe\tJane\ncc4\tCC BY 4.0\n",
    )
    .unwrap();
    config(ws, "[codes]\nfile = \"codes.txt\"\n");
}

#[test]
fn codes_become_their_first_and_second_columns() {
    let ws = Ws::new();
    with_codes(&ws);
    let a = jpeg(&ws, "a.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "dc:creator==jd=",
            "-e",
            "photoshop:Credit=Photo: =jd#2= (=cc4=)",
            "-e",
            "dc:description=x = y = z",
            s(&a),
        ],
        0,
    );
    let p = model(&a);
    assert_eq!(items(&p, ns::DC, "creator"), vec!["Jane Doe"]);
    assert_eq!(
        simple(&p, ns::PHOTOSHOP, "Credit").as_deref(),
        Some("Photo: Jane (CC BY 4.0)")
    );
    assert_eq!(
        lang(&p, ns::DC, "description", "x-default").as_deref(),
        Some("x = y = z")
    );
}

#[test]
fn unknown_code_is_refused_with_nothing_written() {
    let ws = Ws::new();
    with_codes(&ws);
    let a = jpeg(&ws, "a.jpg");
    let before = std::fs::read(&a).unwrap();
    let err = stderr(&ws, &["set", "-e", "dc:creator==jx=", s(&a)], 2);
    assert!(err.contains("=jx= is not a code"), "{err}");
    let err = stderr(&ws, &["set", "-e", "dc:creator==cc4#2=", s(&a)], 2);
    assert!(err.contains("1 replacement column"), "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), before);
    assert_eq!(ws.journal_files(), 0);
}

#[test]
fn import_expand_fills_cells_per_row() {
    let ws = Ws::new();
    with_codes(&ws);
    let a = jpeg(&ws, "a.jpg");
    let b = jpeg(&ws, "b.jpg");
    let csv = ws.put(
        "in.csv",
        b"assetPath,dc:title {{String}},dc:creator {{String: multi}}\na.jpg,{file.stem} #{index},=jd=\nb.jpg,{file.stem} #{index},{{clear}}\n",
    );
    ws.ok(&["import", "--expand", s(&csv)], 0);
    assert_eq!(
        lang(&model(&a), ns::DC, "title", "x-default").as_deref(),
        Some("a #1")
    );
    assert_eq!(items(&model(&a), ns::DC, "creator"), vec!["Jane Doe"]);
    assert_eq!(
        lang(&model(&b), ns::DC, "title", "x-default").as_deref(),
        Some("b #2")
    );
    // Without --expand a cell is data.
    ws.ok(&["import", s(&csv)], 0);
    assert_eq!(
        lang(&model(&a), ns::DC, "title", "x-default").as_deref(),
        Some("{file.stem} #{index}")
    );
}

const RIGHTS: &str = "description = \"Rights for the shoot\"\n[[edit]]\nexpr = \"dc:rights=© Jane Doe, {file.stem}\"\n[[edit]]\nexpr = \"dc:subject+=shoot\"\n";

#[test]
fn template_set_dry_run_and_undo() {
    let ws = Ws::new();
    template(&ws, "rights", RIGHTS);
    let a = jpeg(&ws, "a.jpg");
    let b = jpeg(&ws, "b.jpg");
    let before = std::fs::read(&a).unwrap();
    let out = ws.ok(
        &["set", "--template", "rights", "--dry-run", s(&a), s(&b)],
        0,
    );
    assert!(out.contains("=© Jane Doe, a (was absent)"), "{out}");
    assert!(out.contains("=© Jane Doe, b (was absent)"), "{out}");
    assert_eq!(std::fs::read(&a).unwrap(), before);
    ws.ok(
        &[
            "set",
            "--template",
            "rights",
            "-e",
            "xmp:Rating=4",
            s(&a),
            s(&b),
        ],
        0,
    );
    let p = model(&b);
    assert_eq!(
        lang(&p, ns::DC, "rights", "x-default").as_deref(),
        Some("© Jane Doe, b")
    );
    assert_eq!(items(&p, ns::DC, "subject"), vec!["shoot"]);
    assert_eq!(rating(&p).as_deref(), Some("4"));
    let log = ws.ok(&["log"], 0);
    assert!(
        log.contains("2/2 file(s)") && log.contains("© Jane Doe, b"),
        "{log}"
    );
    ws.ok(&["undo"], 0);
    for f in [&a, &b] {
        let p = model(f);
        assert!(prop(&p, ns::DC, "rights").is_none(), "{}", f.display());
        assert!(items(&p, ns::DC, "subject").is_empty());
        assert!(rating(&p).is_none());
    }
}

#[test]
fn template_save_list_show_round_trip() {
    let ws = Ws::new();
    let a = jpeg(&ws, "a.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "dc:rights=© {{Jane}}",
            "-e",
            "dc:title[de]=Titel",
            "-e",
            "dc:subject+=one",
            "-e",
            "dc:subject+=two",
            "-e",
            "xmp:Rating=3",
            s(&a),
        ],
        0,
    );
    let out = ws.ok(
        &[
            "template",
            "save",
            "mine",
            s(&a),
            "--props",
            "dc:*",
            "--description",
            "From a",
        ],
        0,
    );
    assert!(out.contains("saved template mine"), "{out}");
    let list = ws.ok(&["template", "list"], 0);
    assert!(list.starts_with("mine\t"), "{list}");
    assert!(list.contains("From a"), "{list}");
    let show = ws.ok(&["template", "show", "mine"], 0);
    assert!(show.contains("dc:rights[x-default]=© {{Jane}}"), "{show}");
    assert!(!show.contains("Rating"), "{show}");
    // Saving over it needs --force.
    stderr(
        &ws,
        &["template", "save", "mine", s(&a), "--props", "dc:*"],
        2,
    );
    let b = jpeg(&ws, "b.jpg");
    ws.ok(&["set", "--template", "mine", s(&b)], 0);
    let (pa, pb) = (model(&a), model(&b));
    for local in ["rights", "title", "subject"] {
        assert_eq!(
            prop(&pa, ns::DC, local),
            prop(&pb, ns::DC, local),
            "dc:{local}"
        );
    }
    assert!(rating(&pb).is_none());
    let err = stderr(&ws, &["set", "--template", "nosuch", s(&b)], 2);
    assert!(err.contains("no template \"nosuch\""), "{err}");
}
