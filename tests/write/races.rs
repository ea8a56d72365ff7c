//! Another program writing to the file while xmpedit writes it (issue 9, items 1, 2,
//! 4, 5, 8): the other program's content is never overwritten with bytes from an
//! earlier read, and a rewrite keeps hard links, extended attributes and ownership or
//! refuses. The other program is played at the exposed moments through the race hook.

use crate::util::fmt_common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use fmt_common::*;
use xmpedit_formats::safe_write::{set_race_hook_for_tests, RaceStage};
use xmpedit_formats::{gif, jpeg, png, read_file, write_file, FormatError};

/// Replaces the file's content as `truncate + write` does (same inode), optionally
/// putting the modification time back, as some sync tools do.
fn rewrite_in_place(path: &Path, bytes: &[u8], keep_mtime: bool) {
    let before = std::fs::metadata(path).unwrap().modified().unwrap();
    std::fs::write(path, bytes).unwrap();
    if keep_mtime {
        let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.set_modified(before).unwrap();
    }
}

/// A PNG whose packet has padding, so the next edit is written in place.
fn padded_png(dir: &Path) -> std::path::PathBuf {
    let path = write(dir, "p.png", &png::blank());
    write_file(&path, &req(&sample_packet())).unwrap();
    path
}

fn with_hook<T>(
    stage: RaceStage,
    mut act: impl FnMut(&Path) + 'static,
    run: impl FnOnce() -> T,
) -> T {
    set_race_hook_for_tests(Some(Box::new(move |s, p| {
        if s == stage {
            act(p)
        }
    })));
    let out = run();
    set_race_hook_for_tests(None);
    out
}

/// Writes `changed_packet` in place into a padded PNG while "another program" puts a
/// same-size change (another title) there at `stage`; returns the error, the file and
/// that program's bytes.
fn race_in_place(
    dir: &Path,
    stage: RaceStage,
    keep_mtime: bool,
) -> (FormatError, std::path::PathBuf, Vec<u8>) {
    let path = padded_png(dir);
    let before = std::fs::read(&path).unwrap();
    let other = replaced(&before, b"A title", b"B title");
    let theirs = other.clone();
    let e = with_hook(
        stage,
        move |p| rewrite_in_place(p, &theirs, keep_mtime),
        || write_file(&path, &req(&changed_packet())).unwrap_err(),
    );
    (e, path, other)
}

fn assert_raced_or_changed(e: &FormatError) {
    assert!(
        matches!(e, FormatError::Raced(_) | FormatError::Changed(_)),
        "{e}"
    );
    assert!(!e.to_string().contains("the original is untouched"), "{e}");
}

#[test]
fn in_place_write_leaves_a_concurrent_truncate_and_write_alone() {
    let dir = tempdir();
    let path = padded_png(dir.path());
    let before = std::fs::read(&path).unwrap();
    // The other program's version: a different file of another size.
    let other = {
        let p = write(dir.path(), "other.gif", &gif::blank());
        write_file(&p, &req(&changed_packet())).unwrap();
        let b = std::fs::read(&p).unwrap();
        std::fs::remove_file(&p).unwrap();
        b
    };
    assert_ne!(other.len(), before.len());
    let theirs = other.clone();
    let e = with_hook(
        RaceStage::AfterPatch,
        move |p| rewrite_in_place(p, &theirs, false),
        || write_file(&path, &req(&changed_packet())).unwrap_err(),
    );
    assert!(matches!(e, FormatError::Raced(_)), "{e}");
    assert!(
        e.to_string().contains("left as that program wrote it"),
        "{e}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        other,
        "the other program's file was changed"
    );
    assert_eq!(entries(dir.path()), ["p.png"]);
}

#[test]
fn in_place_write_leaves_a_same_size_change_with_the_mtime_put_back_alone() {
    let dir = tempdir();
    let (e, path, other) = race_in_place(dir.path(), RaceStage::AfterPatch, true);
    assert_raced_or_changed(&e);
    assert_eq!(std::fs::read(&path).unwrap(), other);
}

#[test]
fn in_place_write_refuses_a_packet_changed_just_before_the_patch() {
    let dir = tempdir();
    let (e, path, other) = race_in_place(dir.path(), RaceStage::BeforePatch, true);
    assert!(matches!(e, FormatError::Changed(_)), "{e}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        other,
        "their title was overwritten"
    );
}

#[test]
fn in_place_write_into_a_file_renamed_over_reports_the_edit_missing() {
    let dir = tempdir();
    let path = padded_png(dir.path());
    let before = std::fs::read(&path).unwrap();
    let other = replaced(&before, b"A title", b"B title");
    let theirs = other.clone();
    let e = with_hook(
        RaceStage::AfterPatch,
        move |p| {
            let t = p.with_extension("new");
            std::fs::write(&t, &theirs).unwrap();
            std::fs::rename(&t, p).unwrap();
        },
        || write_file(&path, &req(&changed_packet())).unwrap_err(),
    );
    assert!(matches!(e, FormatError::Raced(_)), "{e}");
    assert!(e.to_string().contains("lacks this edit"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), other);
}

#[test]
fn rewrite_does_not_swap_over_a_same_size_change_with_the_mtime_put_back() {
    let dir = tempdir();
    let path = write(dir.path(), "r.jpg", &jpeg::blank());
    // No packet yet: the edit needs a rewrite.
    let before = std::fs::read(&path).unwrap();
    let mut other = before.clone();
    let mid = other.len() / 2;
    other[mid] ^= 0x01;
    let theirs = other.clone();
    let e = with_hook(
        RaceStage::BeforeSwap,
        move |p| rewrite_in_place(p, &theirs, true),
        || write_file(&path, &req(&sample_packet())).unwrap_err(),
    );
    assert!(matches!(e, FormatError::Changed(_)), "{e}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        other,
        "their change was lost"
    );
    assert_eq!(entries(dir.path()), ["r.jpg"], "temp file left behind");
}

#[test]
fn rewrite_does_not_swap_over_a_file_renamed_into_place() {
    let dir = tempdir();
    let path = write(dir.path(), "r.png", &png::blank());
    let other = b"not even a png".to_vec();
    let theirs = other.clone();
    let e = with_hook(
        RaceStage::BeforeSwap,
        move |p| {
            let t = p.with_extension("new");
            std::fs::write(&t, &theirs).unwrap();
            std::fs::rename(&t, p).unwrap();
        },
        || write_file(&path, &req(&sample_packet())).unwrap_err(),
    );
    assert!(matches!(e, FormatError::Changed(_)), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), other);
    assert_eq!(entries(dir.path()), ["r.png"]);
}

/// A POSIX access ACL granting uid 12345 read access, in the kernel's xattr form.
fn acl_blob() -> Vec<u8> {
    let mut v = 2u32.to_le_bytes().to_vec();
    for (tag, perm, id) in [
        (0x01u16, 6u16, u32::MAX),
        (0x02, 4, 12345),
        (0x04, 4, u32::MAX),
        (0x10, 4, u32::MAX),
        (0x20, 0, u32::MAX),
    ] {
        v.extend_from_slice(&tag.to_le_bytes());
        v.extend_from_slice(&perm.to_le_bytes());
        v.extend_from_slice(&id.to_le_bytes());
    }
    v
}

fn xattr(path: &Path, name: &str) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 4096];
    rustix::fs::getxattr(path, name, &mut buf[..])
        .ok()
        .map(|n| buf[..n].to_vec())
}

#[test]
fn rewrite_keeps_extended_attributes_and_the_acl() {
    let dir = tempdir();
    let path = write(dir.path(), "x.jpg", &jpeg::blank());
    let flags = rustix::fs::XattrFlags::empty();
    if let Err(e) = rustix::fs::setxattr(&path, "user.xmpedit.label", b"red", flags) {
        panic!("this file system keeps no user extended attributes ({e}); run the tests on one that does");
    }
    let acl = acl_blob();
    let has_acl = rustix::fs::setxattr(&path, "system.posix_acl_access", &acl, flags).is_ok();
    let out = write_file(&path, &req(&sample_packet())).unwrap();
    assert!(!out.in_place);
    assert_eq!(
        xattr(&path, "user.xmpedit.label").as_deref(),
        Some(&b"red"[..])
    );
    if has_acl {
        assert_eq!(xattr(&path, "system.posix_acl_access"), Some(acl));
    }
}

#[test]
fn rewrite_refuses_to_split_hard_links() {
    let dir = tempdir();
    let path = write(dir.path(), "a.jpg", &jpeg::blank());
    let other_name = dir.path().join("b.jpg");
    std::fs::hard_link(&path, &other_name).unwrap();
    let e = write_file(&path, &req(&sample_packet())).unwrap_err();
    assert!(matches!(e, FormatError::HardLinks { links: 2 }), "{e}");
    assert!(e.to_string().contains("--break-links"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), jpeg::blank());
    assert_eq!(std::fs::metadata(&path).unwrap().nlink(), 2);
    assert_eq!(entries(dir.path()), ["a.jpg", "b.jpg"]);
}

#[test]
fn break_links_rewrites_only_the_name_given() {
    let dir = tempdir();
    let path = write(dir.path(), "a.jpg", &jpeg::blank());
    let other_name = dir.path().join("b.jpg");
    std::fs::hard_link(&path, &other_name).unwrap();
    let packet = sample_packet();
    let mut r = req(&packet);
    r.policy.break_links = true;
    write_file(&path, &r).unwrap();
    assert!(read_file(&path).unwrap().0.packet.is_some());
    assert_eq!(std::fs::read(&other_name).unwrap(), jpeg::blank());
}

#[test]
fn in_place_write_updates_every_hard_link() {
    let dir = tempdir();
    let path = padded_png(dir.path());
    let other_name = dir.path().join("b.png");
    std::fs::hard_link(&path, &other_name).unwrap();
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&other_name).unwrap()
    );
    assert_eq!(std::fs::metadata(&path).unwrap().nlink(), 2);
}

#[test]
fn rewrite_by_a_group_member_refuses_to_take_over_the_owners_file() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let probe = tempdir();
    if std::fs::metadata(probe.path()).unwrap().uid() != 0 {
        eprintln!("skipping: needs root to play a second user");
        return;
    }
    let dir = tempdir();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let path = write(&shared, "g.jpg", &jpeg::blank());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    std::os::unix::fs::chown(&path, Some(12345), Some(65534)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .args(["set", "-e", "xmp:Rating=4"])
        .arg(&path)
        .uid(65534)
        .gid(65534)
        .env("XMPEDIT_DATA_DIR", shared.join("data"))
        .env("XMPEDIT_CONFIG", shared.join("config.toml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("owned by uid 12345"), "{stderr}");
    let m = std::fs::metadata(&path).unwrap();
    assert_eq!((m.uid(), m.gid()), (12345, 65534), "the file changed hands");
    assert_eq!(std::fs::read(&path).unwrap(), jpeg::blank());
}

#[test]
fn in_place_write_into_a_sidecar_whose_packet_does_not_start_the_file() {
    // Regression: the last check compared the packet's bytes with the wrong slice of
    // a sidecar's stored bytes and refused every such write as "changed".
    let dir = tempdir();
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_vec();
    bytes.extend_from_slice(&raw_packet(3, 2000));
    let path = write(dir.path(), "s.xmp", &bytes);
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place);
    assert_eq!(std::fs::read(&path).unwrap().len(), bytes.len());
    let (found, _) = read_file(&path).unwrap();
    assert!(xmpedit_formats::packet::same_model(
        found.packet.as_ref().unwrap(),
        &changed_packet()
    ));
}
