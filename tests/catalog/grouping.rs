//! Grouping folder listings into assets: a table of layouts with the exact grouping
//! expected, plus sidecar paths, write targets and DerivedFrom attachment. No disk.

use std::path::{Path, PathBuf};

use xmpedit_catalog::{
    group, Asset, CatalogConfig, Entry, Listing, Role, SidecarStyle, TargetKind,
};

mod derived;
mod invariants;
mod surprises;

const ROOT: &str = "/photos";

fn listing(names: &[&str]) -> Listing {
    Listing {
        folder: PathBuf::from(ROOT),
        entries: names.iter().map(|n| Entry::new(*n, 100)).collect(),
    }
}

fn role(r: &xmpedit_catalog::Rendition) -> String {
    let base = match r.role {
        Role::DarktableDuplicate(n) => format!("dup{n}"),
        other => other.name().to_string(),
    };
    match &r.sidecar_of {
        Some(of) => format!("{base}:{of}"),
        None => base,
    }
}

/// `name = file role, file role:of, ... !problem` with the folder relative to ROOT.
fn render(assets: &[Asset]) -> Vec<String> {
    assets
        .iter()
        .map(|a| {
            let folder = a
                .folder
                .strip_prefix(ROOT)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let name = if folder.is_empty() {
                a.name.clone()
            } else {
                format!("{folder}/{}", a.name)
            };
            let files: Vec<String> = a
                .renditions
                .iter()
                .map(|r| format!("{} {}", r.rel, role(r)))
                .collect();
            let mut line = format!("{name} = {}", files.join(", "));
            for p in &a.problems {
                line.push_str(&format!(" !{p}"));
            }
            line
        })
        .collect()
}

fn check(case: &str, names: &[&str], expected: &[&str]) {
    let got = render(&group(&listing(names), &CatalogConfig::default()));
    assert_eq!(got, expected, "case: {case}");
}

#[test]
fn grouping_table() {
    let table: &[(&str, &[&str], &[&str])] = &[
        (
            "raw + jpeg + stem.xmp",
            &["IMG_0001.CR2", "IMG_0001.JPG", "IMG_0001.xmp", "IMG_0002.JPG"],
            &[
                "IMG_0001 = IMG_0001.CR2 primary, IMG_0001.JPG rendition, IMG_0001.xmp sidecar",
                "IMG_0002 = IMG_0002.JPG primary",
            ],
        ),
        (
            "three renditions, dng ranks after raw",
            &["IMG_0001.dng", "IMG_0001.JPG", "IMG_0001.CR2"],
            &["IMG_0001 = IMG_0001.CR2 primary, IMG_0001.JPG rendition, IMG_0001.dng rendition"],
        ),
        (
            "darktable sidecars and duplicates",
            &[
                "IMG_1.CR2",
                "IMG_1.CR2.xmp",
                "IMG_1_01.CR2.xmp",
                "IMG_1_02.CR2.xmp",
                "IMG_1.JPG",
                "IMG_1.JPG.xmp",
            ],
            &["IMG_1 = IMG_1.CR2 primary, IMG_1.JPG rendition, IMG_1.CR2.xmp sidecar:IMG_1.CR2, \
               IMG_1.JPG.xmp sidecar:IMG_1.JPG, IMG_1_01.CR2.xmp dup1:IMG_1.CR2, \
               IMG_1_02.CR2.xmp dup2:IMG_1.CR2"],
        ),
        (
            "name_NN.ext.xmp is the sidecar of name_NN.ext when that file exists",
            &["IMG_2.NEF", "IMG_2_01.NEF", "IMG_2_01.NEF.xmp", "IMG_2_02.NEF.xmp"],
            &[
                "IMG_2 = IMG_2.NEF primary, IMG_2_02.NEF.xmp dup2:IMG_2.NEF",
                "IMG_2_01 = IMG_2_01.NEF primary, IMG_2_01.NEF.xmp sidecar:IMG_2_01.NEF",
            ],
        ),
        (
            "cr2 + dng sharing stem.xmp is a collision",
            &["IMG_3.CR2", "IMG_3.DNG", "IMG_3.xmp"],
            &["IMG_3 = IMG_3.CR2 primary, IMG_3.DNG rendition, IMG_3.xmp sidecar \
               !sidecar IMG_3.xmp could belong to IMG_3.CR2 or IMG_3.DNG; not used for writing"],
        ),
        (
            "cr2 + dng with their own sidecars is no collision",
            &["IMG_3.CR2", "IMG_3.DNG", "IMG_3.CR2.xmp", "IMG_3.DNG.xmp"],
            &["IMG_3 = IMG_3.CR2 primary, IMG_3.DNG rendition, IMG_3.CR2.xmp sidecar:IMG_3.CR2, \
               IMG_3.DNG.xmp sidecar:IMG_3.DNG"],
        ),
        (
            "both sidecar styles for one file",
            &["IMG_4.ORF", "IMG_4.ORF.xmp", "IMG_4.xmp"],
            &["IMG_4 = IMG_4.ORF primary, IMG_4.ORF.xmp sidecar:IMG_4.ORF, IMG_4.xmp sidecar \
               !IMG_4.ORF has two sidecars, IMG_4.ORF.xmp and IMG_4.xmp; IMG_4.ORF.xmp is used"],
        ),
        (
            "derivatives by folder",
            &[
                "IMG_5.CR2",
                "IMG_5.xmp",
                "export/IMG_5.jpg",
                "export/IMG_5.jpg.xmp",
                "export/IMG_5-2048px.jpg",
                "JPG/IMG_5.JPG",
                "export/UNRELATED.jpg",
                "export/UNRELATED.xmp",
            ],
            &[
                "IMG_5 = IMG_5.CR2 primary, IMG_5.xmp sidecar, JPG/IMG_5.JPG derivative, \
                 export/IMG_5-2048px.jpg derivative, export/IMG_5.jpg derivative, \
                 export/IMG_5.jpg.xmp sidecar:export/IMG_5.jpg",
                "export/UNRELATED = UNRELATED.jpg primary, UNRELATED.xmp sidecar",
            ],
        ),
        (
            "derivatives by suffix, with counters and chains",
            &[
                "IMG_6.CR2",
                "IMG_6-Edit.tif",
                "IMG_6-Edit.xmp",
                "IMG_6-Edit-2.tif",
                "IMG_6-Edit-2048px.jpg",
                "LONELY-Edit.tif",
                "-Edit.tif",
            ],
            &[
                "-Edit = -Edit.tif primary",
                "IMG_6 = IMG_6.CR2 primary, IMG_6-Edit-2.tif derivative, \
                 IMG_6-Edit-2048px.jpg derivative, IMG_6-Edit.tif derivative, \
                 IMG_6-Edit.xmp sidecar:IMG_6-Edit.tif",
                "LONELY-Edit = LONELY-Edit.tif primary",
            ],
        ),
        (
            "mixed-case extensions; base names stay case-sensitive",
            &[
                "IMG_7.cr2",
                "IMG_7.JPG",
                "IMG_7.Xmp",
                "IMG_8.JPG",
                "IMG_8.jpg.XMP",
                "IMG_9.NEF",
                "img_9.jpg",
            ],
            &[
                "IMG_7 = IMG_7.cr2 primary, IMG_7.JPG rendition, IMG_7.Xmp sidecar",
                "IMG_8 = IMG_8.JPG primary, IMG_8.jpg.XMP sidecar:IMG_8.JPG",
                "IMG_9 = IMG_9.NEF primary",
                "img_9 = img_9.jpg primary",
            ],
        ),
        (
            "files without extension",
            &["README", "README.xmp", "scan_001", "scan_001.tif", "name.", ".hidden"],
            &[
                ".hidden = .hidden primary",
                "README = README primary, README.xmp sidecar",
                "name. = name. primary",
                "scan_001 = scan_001.tif primary, scan_001 rendition",
            ],
        ),
        (
            "orphan sidecars stay on their own",
            &["template.xmp", "IMG_10.CR2.xmp", "IMG_10.JPG"],
            &[
                "IMG_10 = IMG_10.JPG primary",
                "IMG_10.CR2 = IMG_10.CR2.xmp sidecar",
                "template = template.xmp sidecar",
            ],
        ),
        (
            "primary ranking: raw > dng > tiff/psd > heic > jpeg > png/webp > other",
            &["P.png", "P.webp", "P.heic", "P.jpg", "P.mp4", "P.tif"],
            &["P = P.tif primary, P.heic rendition, P.jpg rendition, P.mp4 rendition, P.png rendition, P.webp rendition"],
        ),
        (
            "heic beats jpeg; webp beats other",
            &["Q.JPG", "Q.HEIC", "R.webp", "R.gif"],
            &["Q = Q.HEIC primary, Q.JPG rendition", "R = R.webp primary, R.gif rendition"],
        ),
    ];
    for (case, names, expected) in table {
        check(case, names, expected);
    }
}

#[test]
fn grouping_ignores_listing_order() {
    let mut names = vec!["B.xmp", "A.JPG", "B.CR2", "A.CR2", "B.jpg"];
    let first = render(&group(&listing(&names), &CatalogConfig::default()));
    names.reverse();
    let second = render(&group(&listing(&names), &CatalogConfig::default()));
    assert_eq!(first, second);
}

#[test]
fn configured_rules_replace_the_defaults() {
    let rules = CatalogConfig {
        derivative_folders: vec!["out".into()],
        derivative_suffixes: vec!["_v".into()],
        ..CatalogConfig::default()
    };
    let got = render(&group(
        &listing(&[
            "A.NEF",
            "A_v.tif",
            "A-Edit.tif",
            "out/A.jpg",
            "export/A.jpg",
        ]),
        &rules,
    ));
    assert_eq!(
        got,
        [
            "A = A.NEF primary, A_v.tif derivative, out/A.jpg derivative",
            "A-Edit = A-Edit.tif primary",
            // "export" is no derivative folder here, so its files are assets of their own.
            "export/A = A.jpg primary",
        ]
    );
}

fn one(names: &[&str]) -> Asset {
    let mut v = group(&listing(names), &CatalogConfig::default());
    assert_eq!(v.len(), 1, "{:?}", render(&v));
    v.remove(0)
}

fn p(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

#[test]
fn sidecar_path_existing_or_new() {
    assert_eq!(
        one(&["A.CR2", "A.JPG", "A.xmp"]).sidecar_path(),
        Some(p("A.xmp"))
    );
    assert_eq!(one(&["A.CR2", "A.JPG"]).sidecar_path(), Some(p("A.xmp")));
    assert_eq!(
        one(&["A.CR2", "A.CR2.xmp"]).sidecar_path(),
        Some(p("A.CR2.xmp"))
    );
    // Own sidecar wins over the shared one.
    assert_eq!(
        one(&["A.CR2", "A.CR2.xmp", "A.xmp"]).sidecar_path(),
        Some(p("A.CR2.xmp"))
    );
    // Collision: the shared sidecar is not guessed.
    assert_eq!(one(&["A.CR2", "A.DNG", "A.xmp"]).sidecar_path(), None);
    // Two raws without sidecar: a new one is made unambiguous (darktable style).
    assert_eq!(
        one(&["A.CR2", "A.DNG"]).sidecar_path(),
        Some(p("A.CR2.xmp"))
    );
    assert_eq!(one(&["notes.xmp"]).sidecar_path(), Some(p("notes.xmp")));
}

#[test]
fn new_sidecars_follow_the_folders_style() {
    let assets = group(
        &listing(&["A.NEF", "A.NEF.xmp", "B.NEF", "C.NEF", "C.NEF.xmp"]),
        &CatalogConfig::default(),
    );
    let b = assets.iter().find(|a| a.name == "B").unwrap();
    assert_eq!(b.sidecar_style, SidecarStyle::Darktable);
    assert_eq!(b.sidecar_path(), Some(p("B.NEF.xmp")));

    let rules = CatalogConfig {
        sidecar_style: SidecarStyle::Darktable,
        ..CatalogConfig::default()
    };
    let assets = group(&listing(&["X.NEF"]), &rules);
    assert_eq!(assets[0].sidecar_path(), Some(p("X.NEF.xmp")));
    // An Adobe-style folder overrides the configured default.
    let assets = group(&listing(&["X.NEF", "Y.NEF", "Y.xmp"]), &rules);
    assert_eq!(assets[0].sidecar_path(), Some(p("X.xmp")));
}

#[test]
fn which_renditions_hold_xmp_and_which_need_the_sidecar() {
    let a = one(&["A.CR2", "A.JPG", "A.xmp", "export/A.jpg"]);
    let holds: Vec<(&str, bool)> = a
        .renditions
        .iter()
        .map(|r| (r.rel.as_str(), r.can_hold_xmp))
        .collect();
    assert_eq!(
        holds,
        [
            ("A.CR2", false),
            ("A.JPG", true),
            ("A.xmp", true),
            ("export/A.jpg", true)
        ]
    );
    let need: Vec<&str> = a.needs_sidecar().iter().map(|r| r.rel.as_str()).collect();
    assert_eq!(need, ["A.CR2"]);
    let targets: Vec<(PathBuf, TargetKind)> = a
        .xmp_targets()
        .into_iter()
        .map(|t| (t.path, t.kind))
        .collect();
    assert_eq!(
        targets,
        [
            (p("A.JPG"), TargetKind::Embedded),
            (p("A.xmp"), TargetKind::Sidecar { exists: true })
        ]
    );
    // A raw alone needs a new sidecar; a JPEG alone needs none.
    let t = one(&["B.NEF"]).xmp_targets();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].kind, TargetKind::Sidecar { exists: false });
    let t = one(&["C.jpg"]).xmp_targets();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].kind, TargetKind::Embedded);
    // A collision leaves the sidecar out of the targets.
    let t = one(&["D.CR2", "D.DNG", "D.xmp"]).xmp_targets();
    assert_eq!(
        t.iter().map(|t| t.kind).collect::<Vec<_>>(),
        [TargetKind::Embedded]
    );
}
