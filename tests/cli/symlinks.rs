//! Symlinks that leave the tree (issue 9, item 7): `set -r DIR` once followed
//! `DIR/link.jpg -> ../out/real.jpg` and changed a file outside `DIR` without a
//! word. Recursive runs, the TUI and undo now refuse such a write per file (exit 1)
//! unless `--follow-symlinks`; a symlink named on the command line is written
//! through, and the report names its target.
#![cfg(unix)]

use crate::util::set_support;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use set_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::app::{App, Options};
use xmpedit::tui::update::update;
use xmpedit_catalog::{scan, ScanOptions};

/// `files/dir/a.jpg`, `files/out/real.jpg` and `files/dir/link.jpg -> ../out/real.jpg`
/// (canonical paths: the reports print them so).
struct Tree {
    ws: Ws,
    dir: PathBuf,
    real: PathBuf,
    link: PathBuf,
}

fn tree() -> Tree {
    let ws = Ws::new();
    ws.put("dir/a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.put("out/real.jpg", &xmpedit_formats::jpeg::splice::blank());
    let files = std::fs::canonicalize(ws.files()).unwrap();
    let dir = files.join("dir");
    let link = dir.join("link.jpg");
    symlink("../out/real.jpg", &link).unwrap();
    Tree {
        ws,
        dir,
        real: files.join("out/real.jpg"),
        link,
    }
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn set_r_does_not_write_through_a_symlink_out_of_the_folder() {
    let t = tree();
    let before = bytes(&t.real);
    let out = t.ws.run(&["set", "-r", "-e", "xmp:Rating=2", s(&t.dir)]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let want = format!(
        "xmpedit: {}: a symlink to {}, outside the folders named; not written \
         (--follow-symlinks writes through it)",
        t.link.display(),
        t.real.display()
    );
    assert!(err.contains(&want), "{err}");
    assert_eq!(
        bytes(&t.real),
        before,
        "the file outside the folder changed"
    );
    assert!(std::fs::symlink_metadata(&t.link)
        .unwrap()
        .file_type()
        .is_symlink());
    // The other file is written all the same.
    assert_eq!(rating(&model(&t.dir.join("a.jpg"))).as_deref(), Some("2"));
}

#[test]
fn set_r_does_not_write_into_a_symlinked_folder_out_of_the_tree() {
    let t = tree();
    symlink("../out", t.dir.join("sub")).unwrap();
    let before = bytes(&t.real);
    let out = t.ws.run(&["set", "-r", "-e", "xmp:Rating=2", s(&t.dir)]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: reached through a symlinked folder as {}, outside the folders named",
            t.dir.join("sub/real.jpg").display(),
            t.real.display()
        )),
        "{err}"
    );
    assert_eq!(bytes(&t.real), before);
}

#[test]
fn set_r_follow_symlinks_writes_through_and_names_the_target() {
    let t = tree();
    let stdout = t.ws.ok(
        &[
            "set",
            "-r",
            "--follow-symlinks",
            "-e",
            "xmp:Rating=3",
            s(&t.dir),
        ],
        0,
    );
    assert!(
        stdout.contains(&format!(
            "wrote {} -> {} (",
            t.link.display(),
            t.real.display()
        )),
        "{stdout}"
    );
    assert_eq!(rating(&model(&t.real)).as_deref(), Some("3"));
}

#[test]
fn set_on_a_named_symlink_writes_through_and_names_the_target() {
    let t = tree();
    let stdout = t.ws.ok(&["set", "-e", "xmp:Rating=4", s(&t.link)], 0);
    assert!(
        stdout.contains(&format!(
            "wrote {} -> {} (",
            t.link.display(),
            t.real.display()
        )),
        "{stdout}"
    );
    assert_eq!(rating(&model(&t.real)).as_deref(), Some("4"));
    assert!(std::fs::symlink_metadata(&t.link)
        .unwrap()
        .file_type()
        .is_symlink());
    // Undo writes through it again: it leads to the file the batch wrote.
    t.ws.ok(&["undo"], 0);
    assert_eq!(rating(&model(&t.real)), None);
}

#[test]
fn undo_does_not_follow_a_symlink_retargeted_since_the_batch() {
    let t = tree();
    t.ws.ok(&["set", "-e", "xmp:Rating=4", s(&t.link)], 0);
    // Another file with the same XMP, and the link pointed at it.
    let other = t.real.with_file_name("other.jpg");
    std::fs::copy(&t.real, &other).unwrap();
    std::fs::remove_file(&t.link).unwrap();
    symlink("../out/other.jpg", &t.link).unwrap();
    let before = bytes(&other);
    let out = t.ws.run(&["undo"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: a symlink to {}, not the file the batch wrote; not written",
            t.link.display(),
            other.display()
        )),
        "{err}"
    );
    assert_eq!(bytes(&other), before, "undo wrote into another file");
}

#[test]
fn tui_write_does_not_follow_a_symlink_out_of_the_folder_opened() {
    let t = tree();
    let before = bytes(&t.real);
    let mut app = App::new(Options::new(&t.dir));
    update(&mut app, Action::Resize(120, 32));
    let opts = ScanOptions {
        recursive: true,
        keep_packets: true,
        ..ScanOptions::default()
    };
    for e in scan(std::slice::from_ref(&t.dir), &opts) {
        update(&mut app, Action::Scan(e));
    }
    app.sync();
    assert_eq!(app.order.len(), 2);
    let key = |app: &mut App, c| {
        update(
            app,
            Action::Key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(c),
            )),
        )
    };
    key(&mut app, '*');
    key(&mut app, '5');
    key(&mut app, 'w');
    let fx = update(
        &mut app,
        Action::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Enter,
        )),
    );
    let [Effect::Write(plan)] = fx.as_slice() else {
        panic!("no write: {fx:?}")
    };
    let journal = t.ws.dir.path().join("journal");
    let report =
        xmpedit::tui::writeback::execute_write(plan, Some(&journal), Default::default(), &|_| {});
    assert_eq!(report.written, 1, "{:?}", report.failures);
    let [f] = report.failures.as_slice() else {
        panic!("{:?}", report.failures)
    };
    assert_eq!(f.path, t.link);
    assert!(
        f.message.contains("outside the folder opened"),
        "{}",
        f.message
    );
    assert_eq!(bytes(&t.real), before);
    assert_eq!(rating(&model(&t.dir.join("a.jpg"))).as_deref(), Some("5"));
}

#[test]
fn tui_opened_on_a_relative_path_writes_with_absolute_paths() {
    // `xmpedit` alone opens `.`; the journal refused its relative paths, so nothing
    // could be written ("./a.jpg is not an absolute path").
    let cwd = std::env::current_dir().unwrap();
    let (root, select) = xmpedit::tui::resolve_path(Path::new(".")).unwrap();
    assert_eq!((root, select), (cwd.clone(), None));
    let (root, select) = xmpedit::tui::resolve_path(Path::new("Cargo.toml")).unwrap();
    assert_eq!(root, cwd);
    assert_eq!(select, Some(cwd.join("Cargo.toml")));
}

#[test]
fn set_r_writes_a_file_reached_by_two_names_once() {
    let t = tree();
    // A symlink inside the folder, beside its target.
    symlink("a.jpg", t.dir.join("b.jpg")).unwrap();
    let out = t.ws.run(&["set", "-r", "-e", "xmp:Rating=1", s(&t.dir)]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: leads to the same file as {}, which this run writes; not written twice",
            t.dir.join("b.jpg").display(),
            t.dir.join("a.jpg").display()
        )),
        "{err}"
    );
    assert!(!err.contains("changed since it was read"), "{err}");
    assert_eq!(rating(&model(&t.dir.join("a.jpg"))).as_deref(), Some("1"));
}
