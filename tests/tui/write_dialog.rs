//! The write dialog says what it will write: per property the value before and
//! after (with a mixed marker over many assets), every file of the target, scrolled
//! with the dialog's own keys.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::popup::Mode;

/// A folder of `n` JPEGs rated 3, titled alike.
fn many(n: usize) -> Vec<File> {
    (0..n)
        .map(|i| {
            let name: &'static str = Box::leak(format!("DSC_{i:04}.jpg").into_boxed_str());
            file(name, packet(3, Some("Lake"), &["alps"]))
        })
        .collect()
}

#[test]
fn write_dialog_shows_value_before_and_after_not_the_op() {
    let mut app = sample();
    select(&mut app, "IMG_0409");
    keys(&mut app, "5 w");
    let s = screen(&mut app, 120, 32);
    let line = s
        .lines()
        .find(|l| l.contains("xmp:Rating"))
        .unwrap_or_else(|| panic!("no rating line:\n{s}"));
    assert!(line.contains('→'), "{line}");
    assert!(line.contains("★★★☆☆") && line.contains("★★★★★"), "{line}");
    assert!(!s.contains("xmp:Rating=5"), "raw op shown:\n{s}");
    insta::assert_snapshot!("write_dialog_before_after_120x32", s);
}

#[test]
fn write_dialog_marks_mixed_values_over_many_assets() {
    let mut app = sample();
    // IMG_0409 is rated 3, IMG_0410 4: the same edit starts from different values.
    select(&mut app, "IMG_0409");
    keys(&mut app, "space j space 5 w");
    let s = screen(&mut app, 120, 32);
    let line = s
        .lines()
        .find(|l| l.contains("xmp:Rating"))
        .unwrap_or_else(|| panic!("no rating line:\n{s}"));
    assert!(line.contains("2 assets (mixed)"), "{line}");
}

#[test]
fn write_dialog_same_values_are_not_mixed() {
    let mut app = app_with(&many(3));
    keys(&mut app, "* 5 w");
    let s = screen(&mut app, 120, 32);
    let line = s
        .lines()
        .find(|l| l.contains("xmp:Rating"))
        .unwrap_or_else(|| panic!("no rating line:\n{s}"));
    assert!(
        line.contains("3 assets") && !line.contains("mixed"),
        "{line}"
    );
}

#[test]
fn write_dialog_scrolls_to_the_last_file() {
    let mut app = app_with(&many(40));
    keys(&mut app, "* 5 w");
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("DSC_0000.jpg"), "{s}");
    assert!(!s.contains("DSC_0039.jpg"), "all 40 fit?\n{s}");
    assert!(!s.contains("… 40 files") || s.contains("Files (40)"), "{s}");
    keys(&mut app, "end");
    let Mode::Write(w) = &app.mode else {
        panic!("the dialog closed")
    };
    assert!(w.scroll > 0);
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("DSC_0039.jpg"), "last file not reachable:\n{s}");
    assert!(s.contains("xmp:Rating"), "{s}");
    insta::assert_snapshot!("write_dialog_scrolled_end_120x32", s);
    keys(&mut app, "home");
    assert!(screen(&mut app, 120, 32).contains("DSC_0000.jpg"));
    keys(&mut app, "pagedown pagedown pagedown pagedown pagedown");
    assert!(screen(&mut app, 120, 32).contains("DSC_0039.jpg"));
}

/// The dialog of `* 5 w` on `n` JPEGs, moved to "choose…".
fn choosing(n: usize) -> xmpedit::tui::app::App {
    let mut app = app_with(&many(n));
    keys(&mut app, "* 5 w down down down");
    app
}

fn picker(app: &xmpedit::tui::app::App) -> &xmpedit::tui::popup::WritePicker {
    match &app.mode {
        Mode::Write(w) => w,
        other => panic!("the write dialog closed: {other:?}"),
    }
}

#[test]
fn choose_writes_only_after_write_n_files_is_answered() {
    let mut app = choosing(5);
    // Enter on "choose…" opens its checklist; it writes nothing.
    assert!(keys(&mut app, "enter").is_empty());
    assert!(picker(&app).in_list);
    // Untick one file, then Enter asks.
    keys(&mut app, "space");
    assert!(keys(&mut app, "enter").is_empty(), "wrote without asking");
    assert!(picker(&app).confirming);
    let s = screen(&mut app, 120, 32);
    assert!(
        s.contains("[ write 4 files? Enter writes · Esc goes back ]"),
        "{s}"
    );
    // Esc goes back to the list, nothing written, the ticks kept.
    assert!(keys(&mut app, "esc").is_empty());
    let w = picker(&app);
    assert!(!w.confirming && w.in_list);
    assert_eq!(w.chosen.len(), 4);
    assert!(!screen(&mut app, 120, 32).contains("write 4 files?"));
    // Esc in the list goes back to the targets; Esc there closes without writing.
    keys(&mut app, "esc");
    assert!(!picker(&app).in_list);
    // Enter, Enter, Enter: into the list, the question, the write of the 4 files.
    keys(&mut app, "enter enter");
    let fx = keys(&mut app, "enter");
    match fx.as_slice() {
        [xmpedit::tui::action::Effect::Write(plan)] => assert_eq!(plan.file_count(), 4),
        other => panic!("no write: {other:?}"),
    }
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn choose_with_nothing_ticked_does_not_ask() {
    let mut app = choosing(2);
    keys(&mut app, "enter space down space enter");
    let w = picker(&app);
    assert!(!w.confirming, "asked to write 0 files");
    assert!(status(&app).contains("no file ticked"), "{}", status(&app));
}

#[test]
fn choose_list_uses_the_full_popup_height_100x40() {
    let mut app = choosing(60);
    keys(&mut app, "enter");
    let s = screen(&mut app, 100, 40);
    let rows = s.lines().filter(|l| l.contains("] DSC_")).count();
    // 38 rows of popup: borders, 5 target lines, the list's key and count lines, the
    // changes and the keys leave the rest to the list.
    assert!(rows >= 24, "only {rows} rows of the list:\n{s}");
    assert!(s.contains("rows 1–"), "{s}");
    insta::assert_snapshot!("choose_list_full_height_100x40", s);
}

#[test]
fn choose_cursor_row_stays_visible_past_the_bottom() {
    let mut app = choosing(60);
    keys(&mut app, "enter");
    for i in 1..60 {
        keys(&mut app, "down");
        let s = screen(&mut app, 100, 40);
        let want = format!("] DSC_{i:04}.jpg");
        assert!(s.contains(&want), "row {i} scrolled out of view:\n{s}");
    }
    assert_eq!(picker(&app).list_cursor, 59);
    // And back up to the top.
    keys(&mut app, "pageup pageup pageup pageup pageup pageup");
    assert!(screen(&mut app, 100, 40).contains("] DSC_0000.jpg"));
}

#[test]
fn a_redone_paste_reads_as_the_value_it_sets_not_restore() {
    let mut app = sample();
    on_prop(&mut app, "IMG_0409", &title());
    keys(&mut app, "y");
    app.focus = xmpedit::tui::app::Pane::Assets;
    select(&mut app, "IMG_0413");
    keys(&mut app, "p u ctrl-r w");
    let s = screen(&mut app, 120, 32);
    assert!(!s.contains("restore"), "{s}");
    let line = s
        .lines()
        .find(|l| l.contains("dc:title"))
        .unwrap_or_else(|| panic!("no title line:\n{s}"));
    assert!(line.contains("(none) → Morning"), "{line}");
    let fx = keys(&mut app, "enter");
    match fx.as_slice() {
        [xmpedit::tui::action::Effect::Write(plan)] => {
            assert_eq!(plan.command, "dc:title = \"Morning\"", "the journal's text")
        }
        other => panic!("no write: {other:?}"),
    }
}

#[test]
fn the_lines_shown_footer_fits_at_120_columns() {
    let mut app = app_with(&many(40));
    keys(&mut app, "* 5 w");
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("lines 1–"), "{s}");
    let line = s.lines().find(|l| l.contains("lines 1–")).unwrap_or("");
    assert!(line.contains(" of 44"), "cut: {line}");
    assert!(s.contains("(changes stay pending)"), "{s}");
    insta::assert_snapshot!("write_dialog_lines_footer_120x32", s);
}
