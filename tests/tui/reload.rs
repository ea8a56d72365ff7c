//! Files another program changed: `R` re-reads the current (or marked) assets and
//! re-applies their pending edits on what is on disk now, listing the edits that no
//! longer apply; the folder watcher's changes are read again at once for assets
//! without pending edits and only marked for the others. State + keys -> state, with
//! the worker's reads fed in by hand.

use crate::util::tui_support;

use std::path::PathBuf;

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::popup::Mode;
use xmpedit::tui::update::update;
use xmpedit_catalog::{ReadInfo, ReadResult};
use xmpedit_core::xmp::{ns, Node, Packet};
use xmpedit_formats::{Format, Identity};

fn path(name: &str) -> PathBuf {
    PathBuf::from(FOLDER).join(name)
}

/// What reading a JPEG gives after another program wrote `p` into it.
fn read_of(p: Packet, stamp: u64) -> ReadResult {
    Ok((
        Box::new(ReadInfo {
            format: Format::Jpeg,
            has_xmp: true,
            summary: xmpedit_catalog::summary::summarize(&p),
            packet: Some(p),
            info: None,
            others: Vec::new(),
            warnings: Vec::new(),
            unreadable: Vec::new(),
        }),
        Identity {
            size: 1000 + stamp,
            mtime_ns: 1 + i128::from(stamp),
            packet_hash: 2 + stamp,
        },
    ))
}

fn reread_paths(effects: &[Effect]) -> (Vec<PathBuf>, bool) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Reread { paths, asked } => Some((paths.clone(), *asked)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no reread in {effects:?}"))
}

/// IMG_0409 with the city another program added (its rating still 3).
fn with_city() -> Packet {
    let mut p = packet(3, Some("Morning"), &["alps"]);
    p.set(name(ns::PHOTOSHOP, "City"), Node::text("Bern"));
    p
}

#[test]
fn reload_rebases_pending_edits_on_the_outside_change() {
    let mut app = sample();
    keys(&mut app, "5");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
    let effects = keys(&mut app, "R");
    let (paths, asked) = reread_paths(&effects);
    assert!(asked);
    assert_eq!(paths, vec![path("IMG_0409.jpg")]);
    update(
        &mut app,
        Action::Reread {
            reads: vec![(path("IMG_0409.jpg"), read_of(with_city(), 7))],
            asked: true,
        },
    );
    // The pending rating stays, on top of what the file holds now.
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
    let city = name(ns::PHOTOSHOP, "City");
    assert_eq!(text_of(&app, "IMG_0409", &city).as_deref(), Some("Bern"));
    let id = asset_named(&app, "IMG_0409");
    assert!(app.is_pending(id));
    assert_eq!(
        app.edits.by_asset[&id].base.text(&city),
        Some("Bern"),
        "edits start from the file as read now"
    );
    // The write is planned from the new read (its identity), so it is not refused.
    let asset = app.asset(id).unwrap();
    assert_eq!(asset.renditions[0].identity.unwrap().size, 1007);
    assert!(
        status(&app).contains("reloaded IMG_0409"),
        "{}",
        status(&app)
    );
    assert!(
        status(&app).contains("1 pending edit re-applied"),
        "{}",
        status(&app)
    );
    // `u` takes the re-applied edit back, to what is on disk.
    keys(&mut app, "u");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));
    assert_eq!(text_of(&app, "IMG_0409", &city).as_deref(), Some("Bern"));
}

#[test]
fn reload_lists_the_pending_edits_that_no_longer_apply() {
    let mut app = sample();
    keys(&mut app, "5");
    keys(&mut app, "R");
    // Another program set the same rating meanwhile.
    update(
        &mut app,
        Action::Reread {
            reads: vec![(
                path("IMG_0409.jpg"),
                read_of(packet(5, Some("Morning"), &["alps"]), 3),
            )],
            asked: true,
        },
    );
    let id = asset_named(&app, "IMG_0409");
    assert!(!app.is_pending(id));
    let Mode::Report(r) = &app.mode else {
        panic!("expected the report, got {:?}", app.mode);
    };
    assert!(
        r.title.contains("0 pending edits re-applied"),
        "{}",
        r.title
    );
    assert_eq!(
        r.lines,
        vec!["IMG_0409: xmp:Rating=5 no longer applies: the file already holds it".to_string()]
    );
}

#[test]
fn reload_says_which_outside_changes_a_pending_value_replaces() {
    let mut app = sample();
    keys(&mut app, "5");
    keys(&mut app, "R");
    update(
        &mut app,
        Action::Reread {
            reads: vec![(
                path("IMG_0409.jpg"),
                read_of(packet(1, Some("Morning"), &["alps"]), 3),
            )],
            asked: true,
        },
    );
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
    let Mode::Report(r) = &app.mode else {
        panic!("expected the report, got {:?}", app.mode);
    };
    assert!(
        r.lines[0].contains("xmp:Rating was changed on disk too"),
        "{:?}",
        r.lines
    );
}

#[test]
fn a_watched_change_without_pending_edits_is_read_again_and_marked() {
    let mut app = sample();
    let effects = update(
        &mut app,
        Action::DiskChanged(vec![path("IMG_0409.jpg"), path("not-an-asset.tmp")]),
    );
    let (paths, asked) = reread_paths(&effects);
    assert!(!asked);
    assert_eq!(paths, vec![path("IMG_0409.jpg")]);
    update(
        &mut app,
        Action::Reread {
            reads: vec![(path("IMG_0409.jpg"), read_of(with_city(), 4))],
            asked: false,
        },
    );
    let city = name(ns::PHOTOSHOP, "City");
    assert_eq!(text_of(&app, "IMG_0409", &city).as_deref(), Some("Bern"));
    let id = asset_named(&app, "IMG_0409");
    assert!(app.outside.contains(&id));
    assert!(
        status(&app).contains("IMG_0409 changed on disk"),
        "{}",
        status(&app)
    );
    let screen = screen(&mut app, 120, 32);
    assert!(screen.contains('↻'), "{screen}");
}

#[test]
fn a_watched_change_under_pending_edits_is_only_marked_until_reload() {
    let mut app = sample();
    keys(&mut app, "5");
    update(
        &mut app,
        Action::Reread {
            reads: vec![(path("IMG_0409.jpg"), read_of(with_city(), 4))],
            asked: false,
        },
    );
    let id = asset_named(&app, "IMG_0409");
    let city = name(ns::PHOTOSHOP, "City");
    // Not applied: the pending edits still stand on the old read.
    assert_eq!(text_of(&app, "IMG_0409", &city), None);
    assert!(app.needs_reload(id));
    assert!(
        status(&app).contains("changed on disk under pending edits: R re-reads"),
        "{}",
        status(&app)
    );
    keys(&mut app, "R");
    update(
        &mut app,
        Action::Reread {
            reads: vec![(path("IMG_0409.jpg"), read_of(with_city(), 4))],
            asked: true,
        },
    );
    assert!(!app.needs_reload(id));
    assert_eq!(text_of(&app, "IMG_0409", &city).as_deref(), Some("Bern"));
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
}

#[test]
fn a_watched_file_that_did_not_change_is_ignored() {
    let mut app = sample();
    let before = status(&app);
    update(
        &mut app,
        Action::Reread {
            // The identity the scan read: this session's own write, read back.
            reads: vec![(
                path("IMG_0409.jpg"),
                read_of(packet(3, Some("Morning"), &["alps"]), 0),
            )],
            asked: false,
        },
    );
    let id = asset_named(&app, "IMG_0409");
    assert!(!app.outside.contains(&id));
    assert_eq!(status(&app), before);
}
