//! Rendered screens (ratatui `TestBackend`) as insta snapshots: the main view, a
//! narrow and a tiny terminal, a selection with mixed values, read-only mode, the
//! dialogs, and metadata with escape sequences, wide characters and right-to-left
//! text. Plus properties no snapshot shows: no ESC ever reaches the screen, no size
//! panics, NO_COLOR uses no colour.

use crate::util::tui_support;

use ratatui::style::Color;
use tui_support::*;
use xmpedit::tui::action::Action;
use xmpedit::tui::app::{App, Options, Pane};
use xmpedit::tui::update::update;
use xmpedit_core::xmp::{ns, ArrayKind, Node, Packet};

/// The sample folder with a pending rating on IMG_0411, the cursor on IMG_0412 and
/// the tree on its title.
fn main_state() -> App {
    let mut app = sample();
    select(&mut app, "IMG_0411");
    keys(&mut app, "2");
    select(&mut app, "IMG_0412");
    app.focus = Pane::Tree;
    select_prop(&mut app, &title());
    app.status = None;
    app
}

#[test]
fn main_view_120x32() {
    let mut app = main_state();
    insta::assert_snapshot!("main_120x32", screen(&mut app, 120, 32));
}

#[test]
fn detail_focused_on_a_language() {
    let mut app = main_state();
    keys(&mut app, "tab j");
    insta::assert_snapshot!("detail_language_120x32", screen(&mut app, 120, 32));
}

#[test]
fn narrow_terminal_60x20() {
    let mut app = main_state();
    insta::assert_snapshot!("narrow_60x20", screen(&mut app, 60, 20));
}

#[test]
fn tiny_terminal_20x6() {
    let mut app = main_state();
    insta::assert_snapshot!("tiny_20x6_tree", screen(&mut app, 20, 6));
    app.focus = Pane::Assets;
    insta::assert_snapshot!("tiny_20x6_assets", screen(&mut app, 20, 6));
}

#[test]
fn every_small_size_renders_without_panicking() {
    let mut app = main_state();
    let states: Vec<&str> = vec!["", "?", "w", "tab a", ":", "/", "q", "U"];
    for state in states {
        let mut a = main_state();
        keys(&mut a, state);
        if state == "U" {
            update(&mut a, Action::JournalLoaded(Ok(Vec::new())));
        }
        for w in 0..=34u16 {
            for h in 0..=12u16 {
                let _ = screen(&mut a, w, h);
            }
        }
    }
    let _ = screen(&mut app, 300, 80);
}

#[test]
fn mixed_selection() {
    let mut app = sample();
    keys(&mut app, "space space j j space");
    app.focus = Pane::Tree;
    select_prop(&mut app, &rating());
    app.status = None;
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("(mixed: 3 values)"), "{s}");
    insta::assert_snapshot!("mixed_selection_120x32", s);
}

#[test]
fn read_only_badge_and_keys() {
    let mut opts = Options::new(FOLDER);
    opts.read_only = true;
    let mut app = app_opts(&sample_files(), opts);
    app.status = None;
    let s = screen(&mut app, 120, 32);
    assert!(s.lines().next().unwrap().contains("READ-ONLY"));
    assert!(
        !s.lines().last().unwrap().contains("write"),
        "no editing keys in the footer"
    );
    insta::assert_snapshot!("read_only_120x32", s);
    keys(&mut app, "5");
    let s = screen(&mut app, 120, 32);
    insta::assert_snapshot!("read_only_refusal_120x32", s);
    // The badge stays even on a tiny screen.
    let s = screen(&mut app, 30, 5);
    assert!(s.contains("READ-ONLY"), "{s}");
}

/// Metadata and names that try to control the terminal, wide and RTL text.
fn hostile() -> App {
    let mut p = Packet::new();
    p.set(
        title(),
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text(
                    "x-default",
                    "\u{1b}[31mred\u{1b}[0m \u{1b}]0;pwned\u{7}title",
                ),
                Node::lang_text("ja", "山の写真 🏔️ 日の出"),
                Node::lang_text("he", "שלום עולם"),
                Node::lang_text("ar", "مرحبا بالعالم"),
            ],
        ),
    );
    p.set(
        name(ns::DC, "description"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text(
                "x-default",
                "line1\nline2\ttab \u{202e}txt.exe\u{202c} \u{7f}\u{9b}31m",
            )],
        ),
    );
    p.set(
        subject(),
        Node::array(
            ArrayKind::Bag,
            vec![
                Node::text("東京"),
                Node::text("👨‍👩‍👧 family"),
                Node::text("\u{1b}[2J"),
            ],
        ),
    );
    p.set(rating(), Node::text("4"));
    let files = vec![
        file("写真_01.jpg", p.clone()),
        file("evil\u{1b}[2Jname.jpg", p.clone()),
        file("emoji_🏔️.jpg", packet(5, Some("🏔️🌅"), &[])),
        file("rtl_\u{202e}gpj.exe", packet(1, None, &[])),
    ];
    let mut app = app_with(&files);
    app.status = None;
    app
}

#[test]
fn escapes_wide_and_rtl_text() {
    let mut app = hostile();
    select(&mut app, "写真_01");
    app.focus = Pane::Tree;
    select_prop(&mut app, &title());
    keys(&mut app, "tab");
    let s = screen(&mut app, 120, 32);
    insta::assert_snapshot!("escapes_wide_rtl_120x32", s);
    app.focus = Pane::Assets;
    let s = screen(&mut app, 60, 20);
    insta::assert_snapshot!("escapes_wide_rtl_60x20", s);
}

#[test]
fn no_control_character_ever_reaches_the_screen() {
    let mut app = hostile();
    for asset in app.order.clone() {
        let i = app.visible.iter().position(|v| *v == asset).unwrap();
        app.cursor = i;
        app.touch_tree();
        app.sync();
        for focus in [Pane::Assets, Pane::Tree, Pane::Detail] {
            app.focus = focus;
            for row in 0..app.tree.rows.len() {
                app.tree_cursor = row;
                app.tree_key = app.tree.key(row);
                for (w, h) in [(120, 32), (60, 20), (20, 6)] {
                    let t = render(&mut app, w, h);
                    let buf = t.backend().buffer();
                    for cell in buf.content() {
                        let bad = cell
                            .symbol()
                            .chars()
                            .any(xmpedit_core::present::needs_escape);
                        assert!(!bad, "{:?} reached the screen", cell.symbol());
                    }
                }
            }
        }
    }
}

#[test]
fn no_color_uses_no_colours() {
    let mut opts = Options::new(FOLDER);
    opts.no_color = true;
    let mut app = app_opts(&sample_files(), opts);
    keys(&mut app, "space j 4 tab");
    for (w, h) in [(120, 32), (60, 20)] {
        let t = render(&mut app, w, h);
        for cell in t.backend().buffer().content() {
            assert_eq!(cell.fg, Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{cell:?}");
        }
    }
    // Colour is used otherwise.
    let mut app = sample();
    let t = render(&mut app, 120, 32);
    assert!(t
        .backend()
        .buffer()
        .content()
        .iter()
        .any(|c| c.fg != Color::Reset));
}

#[test]
fn dialogs() {
    let mut app = main_state();
    keys(&mut app, "w");
    insta::assert_snapshot!("write_dialog_120x32", screen(&mut app, 120, 32));
    keys(&mut app, "down down down tab");
    insta::assert_snapshot!("write_dialog_choose_120x32", screen(&mut app, 120, 32));
    keys(&mut app, "esc");

    let mut app = main_state();
    select(&mut app, "IMG_0410");
    select_prop(&mut app, &title());
    keys(&mut app, "tab a d");
    insta::assert_snapshot!("prompt_language_120x32", screen(&mut app, 120, 32));

    let mut app = main_state();
    keys(&mut app, "a");
    type_text(&mut app, "keyw");
    insta::assert_snapshot!("add_property_120x32", screen(&mut app, 120, 32));

    let mut app = main_state();
    keys(&mut app, "?");
    insta::assert_snapshot!("help_120x32", screen(&mut app, 120, 32));

    let mut app = main_state();
    keys(&mut app, "q");
    insta::assert_snapshot!("confirm_quit_120x32", screen(&mut app, 120, 32));
}

/// The help screen's part for the text fields and dialogs, the undo log with a batch
/// of another folder, and the question before an undo.
#[test]
fn dialog_keys_and_the_undo_question() {
    use xmpedit::tui::popup::LogEntry;
    use xmpedit_session::journal::{BatchKind, BatchState, BatchSummary};
    let mut app = main_state();
    keys(&mut app, "?");
    let lines = xmpedit::tui::help::lines(&app.keymap, false);
    let input = lines.iter().position(|l| l.pane == "input").unwrap();
    app.mode = xmpedit::tui::popup::Mode::Help { scroll: input };
    insta::assert_snapshot!("help_dialog_keys_120x32", screen(&mut app, 120, 32));

    let mut app = main_state();
    let entry = |id: u64, here: bool, files: &[&str]| LogEntry {
        files: files.iter().map(std::path::PathBuf::from).collect(),
        here,
        batch: BatchSummary {
            id,
            time: "2026-11-21T14:03:00Z".into(),
            command: "xmp:Rating=5".into(),
            kind: BatchKind::Edit,
            files: files.len(),
            written: files.len(),
            failed: 0,
            skipped: 0,
            changes: "xmp:Rating=5".into(),
            state: BatchState::Complete,
            undone: false,
            folder: "/photos".into(),
        },
    };
    keys(&mut app, "U");
    update(
        &mut app,
        Action::JournalLoaded(Ok(vec![
            entry(40, false, &["/elsewhere/a.jpg"]),
            entry(
                41,
                true,
                &[
                    "/photos/2024-alps/IMG_0411.xmp",
                    "/photos/2024-alps/IMG_0412.jpg",
                ],
            ),
        ])),
    );
    insta::assert_snapshot!("undo_log_120x32", screen(&mut app, 120, 32));
    keys(&mut app, "u");
    insta::assert_snapshot!("confirm_undo_120x32", screen(&mut app, 120, 32));
}

#[test]
fn write_progress_bar() {
    let mut app = main_state();
    keys(&mut app, "w enter");
    update(
        &mut app,
        Action::WriteProgress(xmpedit::tui::plan::WriteProgress {
            done: 740,
            total: 1000,
            failed: 3,
        }),
    );
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("Writing 1000 files"), "{s}");
    assert!(s.contains(" 74%  3 failed"), "{s}");
}
