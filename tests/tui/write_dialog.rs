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
