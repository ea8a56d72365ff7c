//! Damaged packets (a read that dropped parts of the XMP) in the TUI: their own
//! marker, apart from "unreadable" and "schema warning", with counts that agree
//! between the list and the status bar; the detail pane says what was dropped; edits
//! are refused up front until the user repeats one, and then the write keeps what
//! could be read.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::app::{Marker, Pane};
use xmpedit::tui::popup::Mode;
use xmpedit::tui::update::build_plan;

/// A sidecar whose `xmp:Bad` has an unknown parseType: recovery drops it and keeps
/// the rating and label.
const DAMAGED: &[u8] = b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"1\">\
<xmp:Bad rdf:parseType=\"Weird\"><xmp:x>1</xmp:x></xmp:Bad><xmp:Label>ok</xmp:Label>\
</rdf:Description></rdf:RDF></x:xmpmeta>";

fn files() -> Vec<File> {
    vec![
        file("IMG_1.jpg", packet(3, Some("Fine"), &["alps"])),
        File {
            name: "IMG_2.xmp",
            read: Read::Recovered(DAMAGED),
        },
        File {
            name: "IMG_3.jpg",
            read: Read::Fails("not a JPEG: bad marker 0x00 at offset 2"),
        },
        // A rating of 7 is a schema error, not damage.
        file("IMG_4.jpg", {
            let mut p = packet(3, Some("Odd"), &[]);
            p.set(rating(), xmpedit_core::xmp::Node::text("7"));
            p
        }),
    ]
}

#[test]
fn damaged_unreadable_and_schema_warning_assets_get_different_markers() {
    let mut app = app_with(&files());
    let marker = |app: &xmpedit::tui::app::App, n: &str| app.marker(asset_named(app, n));
    assert_eq!(marker(&app, "IMG_1"), None);
    assert_eq!(marker(&app, "IMG_2"), Some(Marker::Damaged));
    assert_eq!(marker(&app, "IMG_3"), Some(Marker::Unreadable));
    assert_eq!(marker(&app, "IMG_4"), Some(Marker::Warning));
    let (counts, unchecked) = app.marker_counts();
    assert_eq!(counts, [1, 1, 1]);
    assert!(
        !unchecked,
        "every row is on screen, so every asset is checked"
    );
    let s = screen(&mut app, 120, 32);
    let row = |name: &str| {
        s.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {s}"))
            .to_string()
    };
    assert!(row("IMG_2").contains(" #"), "{}", row("IMG_2"));
    assert!(row("IMG_3").contains(" !"), "{}", row("IMG_3"));
    assert!(row("IMG_4").contains(" ?"), "{}", row("IMG_4"));
    assert!(!row("IMG_1").contains('!') && !row("IMG_1").contains('#'));
    // The status bar counts what the list shows, per asset and per marker.
    let bar = s.lines().last().unwrap_or_default();
    for want in ["1 unreadable !", "1 damaged #", "1 with warnings ?"] {
        assert!(bar.contains(want), "{want:?} in {bar:?}");
    }
    insta::assert_snapshot!("markers_unreadable_damaged_warning_120x32", s);
}

#[test]
fn the_scan_message_counts_unreadable_and_damaged_assets_like_the_list() {
    let mut f = files();
    // Two unreadable files of one asset are one unreadable asset.
    f.push(File {
        name: "IMG_3.xmp",
        read: Read::Fails("truncated"),
    });
    let app = app_with(&f);
    let s = status(&app);
    assert!(s.contains("1 could not be read (marked !)"), "{s}");
    assert!(s.contains("1 partly read: damaged XMP (marked #)"), "{s}");
}

#[test]
fn the_detail_pane_says_what_a_damaged_packet_dropped() {
    let mut app = app_with(&files());
    select(&mut app, "IMG_2");
    let damage = app.damage(asset_named(&app, "IMG_2"));
    assert_eq!(damage.len(), 1);
    assert_eq!(damage[0].0, "IMG_2.xmp");
    assert!(
        damage[0].1.iter().any(|w| w.contains("were dropped")),
        "{damage:?}"
    );
    // Wide enough that the detail pane does not wrap these lines.
    let s = screen(&mut app, 240, 32);
    assert!(s.contains("# damaged XMP: parts could not be read"), "{s}");
    assert!(s.contains("IMG_2.xmp:"), "{s}");
    // The reader's own words on what it dropped.
    let detail_has = |w: &str| {
        let start: String = w.chars().take(20).collect();
        s.contains(&start)
    };
    assert!(damage[0].1.iter().all(|w| detail_has(w)), "{s}");
}

#[test]
fn edits_on_a_damaged_asset_are_refused_until_the_user_repeats_them() {
    let mut app = app_with(&files());
    select(&mut app, "IMG_2");
    let id = asset_named(&app, "IMG_2");
    keys(&mut app, "4");
    assert!(!app.is_pending(id), "refused up front");
    let s = status(&app);
    assert!(s.contains("could not be read and were dropped"), "{s}");
    assert!(s.contains("Press 4 again"), "{s}");
    // Another command in between withdraws the question.
    keys(&mut app, "tab 4");
    assert!(!app.is_pending(id));
    keys(&mut app, "4");
    assert!(app.is_pending(id), "{}", status(&app));
    assert_eq!(text_of(&app, "IMG_2", &rating()).as_deref(), Some("4"));
    assert_eq!(
        text_of(&app, "IMG_2", &name(xmpedit_core::xmp::ns::XMP, "Label")).as_deref(),
        Some("ok"),
        "what could be read stays"
    );
    // Once chosen, further edits go ahead, and the write is told to keep what was read.
    keys(&mut app, "5");
    assert_eq!(text_of(&app, "IMG_2", &rating()).as_deref(), Some("5"));
    keys(&mut app, "w");
    let Mode::Write(w) = &app.mode else {
        panic!("write dialog: {:?}", app.mode)
    };
    let plan = build_plan(&app, w);
    assert_eq!(plan.jobs.len(), 1);
    assert!(plan.jobs[0].accept_loss);
}

#[test]
fn a_prompt_on_a_damaged_asset_is_refused_before_it_opens() {
    let mut app = app_with(&files());
    select(&mut app, "IMG_2");
    app.focus = Pane::Tree;
    select_prop(&mut app, &rating());
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "no prompt to type into in vain");
    assert!(
        status(&app).contains("Press Enter again"),
        "{}",
        status(&app)
    );
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
    // An intact asset is never asked about.
    let mut app = app_with(&files());
    select(&mut app, "IMG_1");
    keys(&mut app, "4");
    assert!(app.is_pending(asset_named(&app, "IMG_1")));
}

/// The write itself, with real files: refused without the user's choice, and with it
/// written from what could be read.
#[test]
fn a_damaged_sidecar_is_written_only_when_the_job_accepts_the_loss() {
    use xmpedit::tui::plan::{WriteJob, WritePlan};
    use xmpedit::tui::writeback::execute_write;
    use xmpedit_catalog::{Catalog, ScanOptions};
    use xmpedit_core::edit::Op;
    use xmpedit_session::writeback::{NsFilter, TargetChoice};

    let dir = tempfile::tempdir().unwrap();
    let sidecar = dir.path().join("IMG_2.xmp");
    std::fs::write(&sidecar, DAMAGED).unwrap();
    let opts = ScanOptions {
        keep_packets: true,
        ..ScanOptions::default()
    };
    let catalog = Catalog::load(&[dir.path().to_path_buf()], &opts);
    let asset = catalog.sorted()[0].clone();
    let plan = |accept_loss: bool| WritePlan {
        command: "xmp:Rating=4".into(),
        choice: TargetChoice::Original,
        filter: NsFilter::default(),
        jobs: vec![WriteJob {
            asset: asset.clone(),
            ops: vec![Op::SetRating(4)],
            accept_loss,
        }],
        scope: Default::default(),
    };
    let journal = dir.path().join("journal");
    let report = execute_write(&plan(false), Some(&journal), Default::default(), &|_| {});
    assert_eq!(report.written, 0);
    assert!(
        report.failures[0].message.contains("could not be read"),
        "{:?}",
        report.failures
    );
    assert_eq!(std::fs::read(&sidecar).unwrap(), DAMAGED, "not touched");

    let report = execute_write(&plan(true), Some(&journal), Default::default(), &|_| {});
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.written, 1);
    let (found, _) = xmpedit_formats::read_file(&sidecar).unwrap();
    let p = found.packet.expect("a packet");
    assert_eq!(p.text(&rating()), Some("4"));
    assert_eq!(
        p.text(&name(xmpedit_core::xmp::ns::XMP, "Label")),
        Some("ok"),
        "what could be read is kept"
    );
    assert!(found.warnings.is_empty(), "the rewritten packet is whole");
}
