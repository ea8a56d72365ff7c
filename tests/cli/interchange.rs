//! `xmpedit export` and `import` through the binary: CSV edge cases (quotes, embedded
//! newlines, BOM, `|` inside quoted values, empty cells, `{{clear}}`), AEM's header
//! grammar variants, ExifTool-style columns, refusal with line and column, dry run and
//! undo of an import.

use crate::util::set_support::*;
use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet, Value};
use xmpedit_formats as formats;

const PS: &str = "http://ns.adobe.com/photoshop/1.0/";

/// A workspace with blank JPEGs `names` and the CSV `csv` at `files/in.csv`.
fn ws_with(names: &[&str], csv: &str) -> Ws {
    let ws = Ws::unstamped();
    for n in names {
        ws.put(n, &formats::jpeg::splice::blank());
    }
    ws.put("in.csv", csv.as_bytes());
    ws
}

fn import(ws: &Ws, extra: &[&str]) -> std::process::Output {
    let csv = ws.path("in.csv");
    let mut args = vec!["import"];
    args.extend_from_slice(extra);
    args.push(s(&csv));
    ws.run(&args)
}

#[test]
fn quotes_newlines_bom_and_pipes_inside_quoted_values_import_exactly() {
    let csv =
        "\u{FEFF}assetPath,dc:title {{String}},dc:description,dc:subject {{String: multi}}\r\n\
               a.jpg,\"Hello, \"\"world\"\"\nline two\",\"a|b stays one value\",\"x|y, z|w\"\r\n";
    let ws = ws_with(&["a.jpg"], csv);
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = model(&ws.path("a.jpg"));
    assert_eq!(
        lang(&p, ns::DC, "title", "x-default").as_deref(),
        Some("Hello, \"world\"\nline two")
    );
    assert_eq!(
        lang(&p, ns::DC, "description", "x-default").as_deref(),
        Some("a|b stays one value")
    );
    assert_eq!(items(&p, ns::DC, "subject"), ["x", "y, z", "w"]);
}

#[test]
fn empty_cells_leave_properties_untouched_and_clear_deletes() {
    let ws = ws_with(&["a.jpg"], "");
    let a = ws.path("a.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "photoshop:City=Oslo",
            "-e",
            "xmp:Label=Red",
            "-e",
            "dc:subject+=old",
            s(&a),
        ],
        0,
    );
    ws.put(
        "in.csv",
        b"assetPath,photoshop:City,xmp:Label,dc:subject {{String: multi}}\na.jpg,,{{clear}},\n",
    );
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = model(&a);
    assert_eq!(simple(&p, PS, "City").as_deref(), Some("Oslo"));
    assert_eq!(simple(&p, ns::XMP, "Label"), None);
    assert_eq!(items(&p, ns::DC, "subject"), ["old"]);
}

#[test]
fn aem_header_variants_are_all_understood() {
    let csv = "assetPath,dc:subject{{String: multi}},dc:creator {{String : MULTI }},xmp:Rating {{long}},photoshop:City,xmp:CreateDate {{Date: DateFormat: dd.MM.yyyy HH:mm}},xmp:ModifyDate {{Date}},xmpRights:Marked {{Boolean}}\n\
               a.jpg,a|b,Ann|Bo,4,Oslo,06.05.2024 10:11,2024-05-06T10:11:12.345+02:00,true\n";
    let ws = ws_with(&["a.jpg"], csv);
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = model(&ws.path("a.jpg"));
    assert_eq!(items(&p, ns::DC, "subject"), ["a", "b"]);
    assert_eq!(items(&p, ns::DC, "creator"), ["Ann", "Bo"]);
    assert_eq!(rating(&p).as_deref(), Some("4"));
    assert_eq!(simple(&p, PS, "City").as_deref(), Some("Oslo"));
    assert_eq!(
        simple(&p, ns::XMP, "CreateDate").as_deref(),
        Some("2024-05-06T10:11")
    );
    assert_eq!(
        simple(&p, ns::XMP, "ModifyDate").as_deref(),
        Some("2024-05-06T10:11:12.345+02:00")
    );
    assert_eq!(
        simple(&p, ns::XMP_RIGHTS, "Marked").as_deref(),
        Some("True")
    );
}

#[test]
fn every_problem_is_listed_with_line_and_column_and_nothing_is_written() {
    let csv = "assetPath,xmp:Rating {{Long}},dc:title,xmp:CreateDate\n\
               a.jpg,9,Fine,2024-01-01\n\
               missing.jpg,1,Fine,2024-01-01\n\
               b.jpg,2,Fine,2024-13-01\n\
               c.jpg,3,Good,\n";
    let ws = ws_with(&["a.jpg", "b.jpg", "c.jpg"], csv);
    let before: Vec<_> = ["a.jpg", "b.jpg", "c.jpg"]
        .iter()
        .map(|n| std::fs::read(ws.path(n)).unwrap())
        .collect();
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("in.csv:2:2: "), "{err}");
    assert!(
        err.contains("in.csv:3:1: ") && err.contains("missing.jpg does not exist"),
        "{err}"
    );
    assert!(
        err.contains("in.csv:4:4: ") && err.contains("2024-13-01"),
        "{err}"
    );
    assert!(
        err.contains("import refused (3 problem(s)); nothing was written"),
        "{err}"
    );
    for (n, b) in ["a.jpg", "b.jpg", "c.jpg"].iter().zip(&before) {
        assert_eq!(&std::fs::read(ws.path(n)).unwrap(), b, "{n} was written");
    }
    assert_eq!(ws.journal_files(), 0);

    // With --skip-bad-rows the good row is written and the others are listed.
    let out = import(&ws, &["--skip-bad-rows"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("skipped ") && err.contains("in.csv:2"),
        "{err}"
    );
    assert_eq!(rating(&model(&ws.path("c.jpg"))).as_deref(), Some("3"));
    assert_eq!(rating(&model(&ws.path("a.jpg"))), None);
}

#[test]
fn unknown_header_names_are_refused_with_the_nearest_name() {
    let ws = ws_with(&["a.jpg"], "assetPath,dc:titel,Dc:title\na.jpg,x,y\n");
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("in.csv:1:2: ") && err.contains("dc:title"),
        "{err}"
    );
    // Property names are case-sensitive: `Dc` is no prefix.
    assert!(
        err.contains("in.csv:1:3: ") && err.contains("unknown namespace prefix \"Dc\""),
        "{err}"
    );
}

#[test]
fn a_multi_column_for_a_single_value_property_is_refused() {
    let ws = ws_with(
        &["a.jpg"],
        "assetPath,photoshop:City {{String: multi}}\na.jpg,a|b\n",
    );
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("in.csv:2:2: photoshop:City is Text, not a list"));
}

#[test]
fn bad_csv_syntax_names_line_and_column() {
    let ws = ws_with(&["a.jpg"], "assetPath,dc:title\na.jpg,say \"hi\"\n");
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("in.csv:2:2: a quote inside a value"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn dry_run_prints_the_diff_and_undo_takes_the_import_back() {
    let ws = ws_with(
        &["a.jpg", "b.jpg"],
        "assetPath,xmp:Rating,dc:title\na.jpg,3,One\nb.jpg,,Two\n",
    );
    let before = std::fs::read(ws.path("a.jpg")).unwrap();
    let out = ws.ok(&["import", "--dry-run", s(&ws.path("in.csv"))], 0);
    assert!(
        out.contains("would write") && out.contains("a.jpg"),
        "{out}"
    );
    assert!(out.contains("xmp:Rating=3 (was absent)"), "{out}");
    assert!(out.contains("dc:title[x-default]=Two"), "{out}");
    assert_eq!(std::fs::read(ws.path("a.jpg")).unwrap(), before);
    assert_eq!(ws.journal_files(), 0);

    ws.ok(&["import", s(&ws.path("in.csv"))], 0);
    assert_eq!(rating(&model(&ws.path("a.jpg"))).as_deref(), Some("3"));
    // One batch: one undo takes both files back.
    let log = ws.ok(&["log", "--all"], 0);
    assert_eq!(
        log.lines().filter(|l| l.starts_with('#')).count(),
        1,
        "{log}"
    );
    ws.ok(&["undo", "--all"], 0);
    assert_eq!(rating(&model(&ws.path("a.jpg"))), None);
    assert_eq!(
        lang(&model(&ws.path("b.jpg")), ns::DC, "title", "x-default"),
        None
    );
}

#[test]
fn merge_adds_items_and_replace_replaces_them() {
    let ws = ws_with(
        &["a.jpg"],
        "assetPath,dc:subject {{String: multi}}\na.jpg,new|old\n",
    );
    let a = ws.path("a.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "dc:subject+=old",
            "-e",
            "dc:subject+=keep",
            s(&a),
        ],
        0,
    );
    ws.ok(&["import", "--merge", s(&ws.path("in.csv"))], 0);
    assert_eq!(items(&model(&a), ns::DC, "subject"), ["old", "keep", "new"]);
    ws.ok(&["import", "--replace", s(&ws.path("in.csv"))], 0);
    assert_eq!(items(&model(&a), ns::DC, "subject"), ["new", "old"]);
}

#[test]
fn strip_prefix_applies_an_aem_export_to_a_local_copy() {
    let ws = ws_with(
        &["dam/photos/a.jpg"],
        "assetPath,dc:title {{String}}\n/content/dam/photos/a.jpg,From AEM\n",
    );
    let root = ws.path("dam");
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--strip-prefix /content/dam/"),
        "{}",
        text(&out.stderr)
    );
    ws.ok(
        &[
            "import",
            "--root",
            s(&root),
            "--strip-prefix",
            "/content/dam/",
            s(&ws.path("in.csv")),
        ],
        0,
    );
    let p = model(&ws.path("dam/photos/a.jpg"));
    assert_eq!(
        lang(&p, ns::DC, "title", "x-default").as_deref(),
        Some("From AEM")
    );
}

#[test]
fn exiftool_style_csv_imports_lists_dates_and_languages() {
    let csv = "SourceFile,XMP-dc:Title,XMP-dc:Title-de-DE,XMP-dc:Subject,Rating,XMP-xmp:CreateDate,XMP-iptcCore:CreatorCity,XMP-x:XMPToolkit\n\
               a.jpg,Hello,Hallo,\"one, two\",5,2024:05:06 10:11:12+02:00,Oslo,Image::ExifTool 12.76\n";
    let ws = ws_with(&["a.jpg"], csv);
    let out = import(&ws, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = model(&ws.path("a.jpg"));
    assert_eq!(
        lang(&p, ns::DC, "title", "x-default").as_deref(),
        Some("Hello")
    );
    assert_eq!(lang(&p, ns::DC, "title", "de-DE").as_deref(), Some("Hallo"));
    assert_eq!(items(&p, ns::DC, "subject"), ["one", "two"]);
    assert_eq!(rating(&p).as_deref(), Some("5"));
    assert_eq!(
        simple(&p, ns::XMP, "CreateDate").as_deref(),
        Some("2024-05-06T10:11:12+02:00")
    );
    let unmapped = ws_with(&["a.jpg"], "SourceFile,XMP-dc:Nonsense\na.jpg,x\n");
    let out = import(&unmapped, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("in.csv:1:2: column \"XMP-dc:Nonsense\""));
}

#[test]
fn export_quotes_escapes_and_reads_back_into_a_blank_copy() {
    let ws = ws_with(&["src/a.jpg", "copy/a.jpg"], "");
    let a = ws.path("src/a.jpg");
    // Written directly: `set` applies the x-default rules, which would make the
    // x-default mirror the only other language.
    let mut title = Node::array(ArrayKind::Alt, Vec::new());
    if let Value::Array(_, items) = &mut title.value {
        items.push(Node::lang_text("x-default", "Hello, \"world\"\nline two"));
        items.push(Node::lang_text("de-DE", "Hallo"));
    }
    let mut p = Packet::new();
    p.set(Name::new(ns::DC, "title"), title);
    p.set(
        Name::new(ns::DC, "subject"),
        Node::array(ArrayKind::Bag, vec![Node::text("a|b"), Node::text("c\\d")]),
    );
    p.set(Name::new(ns::XMP, "Rating"), Node::text("2"));
    let iptc = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
    p.set(
        Name::new(iptc, "CreatorContactInfo"),
        Node::structure(vec![(
            Name::new(iptc, "CiEmailWork"),
            Node::text("me@example.com"),
        )]),
    );
    crate::util::fmt2_common::write(&a, &p, false);
    let csv = ws.path("out.csv");
    ws.ok(&["export", "--bom", "-o", s(&csv), s(&ws.path("src"))], 0);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    let t = String::from_utf8(bytes).unwrap();
    assert!(t.contains("dc:title[de-DE] {{String}}"), "{t}");
    assert!(t.contains("dc:subject {{String: multi}}"), "{t}");
    assert!(t.contains("xmp:Rating {{Double}}"), "{t}");
    assert!(
        t.contains("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork {{String}}"),
        "{t}"
    );
    assert!(
        t.contains("\"Hello, \"\"world\"\"\nline two\",Hallo"),
        "{t}"
    );
    assert!(t.contains("a\\|b|c\\\\d"), "{t}");
    ws.ok(&["import", "--root", s(&ws.path("copy")), s(&csv)], 0);
    assert!(same(&model(&a), &model(&ws.path("copy/a.jpg"))));
}

#[test]
fn a_subcommand_shadowing_a_folder_says_how_to_open_it() {
    let ws = Ws::unstamped();
    std::fs::create_dir(ws.dir.path().join("export")).unwrap();
    let out = ws.run(&["export"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("run `xmpedit ./export`"),
        "{}",
        text(&out.stderr)
    );
}
