//! A file whose read could not use some of its stored XMP (JPEG Extended XMP that
//! does not assemble, a PNG XMP chunk compressed badly): a write would replace that
//! part and is refused, so the asset carries the `!` marker from the read on, the
//! status bar counts it, and the detail pane says which part. The reader's list
//! reaches the catalog's read result (it was dropped there).

use crate::util::tui_support;

use std::path::Path;

use tui_support::*;
use xmpedit::tui::action::Action;
use xmpedit::tui::app::{App, Marker};
use xmpedit::tui::update::update;
use xmpedit_catalog::scan::read_one;
use xmpedit_catalog::ScanEvent;
use xmpedit_formats::{Format, FormatError, Found, Identity};

const WHAT: &str = "Extended XMP named by the main packet does not assemble";

/// A reader that finds a packet and one part it could not use.
fn reader(_: &Path) -> Result<(Found, Identity), FormatError> {
    let mut found = Found::empty(Format::Jpeg);
    found.packet = Some(packet(3, None, &[]));
    found.unreadable.push(WHAT.to_string());
    Ok((found, identity()))
}

#[test]
fn the_readers_unreadable_list_reaches_the_read_result() {
    let (info, _) = read_one(&reader, Path::new("IMG_1.jpg"), true).expect("read");
    assert_eq!(info.unreadable, [WHAT]);
}

#[test]
fn a_file_with_xmp_its_read_could_not_use_is_marked_unreadable() {
    let files = [
        file("IMG_0409.jpg", packet(3, None, &[])),
        file("IMG_0410.jpg", packet(4, None, &[])),
    ];
    let mut app = App::new(xmpedit::tui::app::Options::new(FOLDER));
    update(&mut app, Action::Resize(120, 32));
    for mut e in scan_events(&files) {
        if let ScanEvent::Read {
            path,
            result: Ok((info, _)),
            ..
        } = &mut e
        {
            if path.ends_with("IMG_0410.jpg") {
                info.unreadable.push(WHAT.to_string());
            }
        }
        update(&mut app, Action::Scan(e));
    }
    app.sync();
    assert_eq!(app.marker(asset_named(&app, "IMG_0409")), None);
    assert_eq!(
        app.marker(asset_named(&app, "IMG_0410")),
        Some(Marker::Unreadable)
    );
    assert_eq!(app.marker_counts().0, [1, 0, 0]);
    assert!(
        status(&app).contains("1 could not be read (marked !)"),
        "{}",
        status(&app)
    );
    select(&mut app, "IMG_0410");
    app.tree_cursor = 0;
    app.sync();
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("could not be read: Extended XMP"), "{s}");
}
