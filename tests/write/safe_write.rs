//! Crash-safe writing: permissions kept, symlinks written through, no temp file left
//! after a failure, the original untouched when a write is refused.

use crate::util::fmt_common;

use std::os::unix::fs::PermissionsExt;

use fmt_common::*;
use xmpedit_formats::packet::same_model;
use xmpedit_formats::safe_write::fail_verification_for_tests;
use xmpedit_formats::{gif, jpeg, png, read_file, write_file, FormatError, WriteRequest};

#[test]
fn permissions_are_kept_on_rewrite() {
    let dir = tempdir();
    let path = write(dir.path(), "a.jpg", &jpeg::blank());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = write_file(&path, &req(&sample_packet())).unwrap();
    assert!(!out.in_place);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn read_only_files_are_refused() {
    let dir = tempdir();
    let path = write(dir.path(), "ro.png", &png::blank());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let e = write_file(&path, &req(&sample_packet())).unwrap_err();
    assert!(e.to_string().contains("the file is read-only"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), png::blank());
}

#[test]
fn symlinks_are_written_through() {
    let dir = tempdir();
    let target = write(dir.path(), "real.gif", &gif::blank());
    let link = dir.path().join("link.gif");
    std::os::unix::fs::symlink("real.gif", &link).unwrap();
    write_file(&link, &req(&sample_packet())).unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let (found, _) = read_file(&target).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
    assert_eq!(entries(dir.path()), ["link.gif", "real.gif"]);
}

#[test]
fn a_failed_verification_removes_the_temp_file_and_keeps_the_original() {
    let dir = tempdir();
    let path = write(dir.path(), "v.jpg", &jpeg::blank());
    fail_verification_for_tests(true);
    let e = write_file(&path, &req(&sample_packet())).unwrap_err();
    fail_verification_for_tests(false);
    assert!(matches!(e, FormatError::Verify(_)), "{e}");
    assert!(e.to_string().contains("the original is untouched"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), jpeg::blank());
    assert_eq!(entries(dir.path()), ["v.jpg"]);
}

#[test]
fn a_failed_in_place_verification_puts_the_old_bytes_back() {
    let dir = tempdir();
    let path = write(dir.path(), "p.png", &png::blank());
    write_file(&path, &req(&sample_packet())).unwrap();
    let before = std::fs::read(&path).unwrap();
    fail_verification_for_tests(true);
    let e = write_file(&path, &req(&changed_packet())).unwrap_err();
    fail_verification_for_tests(false);
    assert!(e.to_string().contains("the old bytes were put back"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(entries(dir.path()), ["p.png"]);
}

#[test]
fn a_file_changed_since_it_was_read_is_refused() {
    let dir = tempdir();
    let path = write(dir.path(), "c.jpg", &jpeg::blank());
    write_file(&path, &req(&sample_packet())).unwrap();
    let (_, id) = read_file(&path).unwrap();
    // Another program changes the file.
    let mut other = std::fs::read(&path).unwrap();
    other.extend_from_slice(b"appended");
    std::fs::write(&path, &other).unwrap();
    let e = write_file(
        &path,
        &WriteRequest {
            expect: Some(id),
            ..req(&changed_packet())
        },
    )
    .unwrap_err();
    assert!(matches!(e, FormatError::Changed(_)), "{e}");
    assert!(
        e.to_string()
            .starts_with("the file changed since it was read (size "),
        "{e}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), other);
}

#[test]
fn formats_without_a_writer_offer_a_sidecar() {
    let dir = tempdir();
    let path = write(dir.path(), "shot.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%EOF\n");
    let e = write_file(&path, &req(&sample_packet())).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, FormatError::NotWritable { .. }), "{msg}");
    assert!(
        msg.starts_with("writing XMP into eps files is not supported"),
        "{msg}"
    );
    assert!(msg.contains("shot.xmp"), "{msg}");
    assert_eq!(entries(dir.path()), ["shot.eps"]);
}

#[test]
fn a_folder_we_cannot_write_leaves_no_trace() {
    // Root ignores folder permissions, so use a path whose folder does not exist.
    let dir = tempdir();
    let path = dir.path().join("no-such-folder").join("x.xmp");
    let e = write_file(&path, &req(&sample_packet())).unwrap_err();
    assert!(matches!(e, FormatError::Io { .. }), "{e}");
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn ownership_is_kept_when_running_as_root() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempdir();
    let path = write(dir.path(), "o.gif", &gif::blank());
    if std::os::unix::fs::chown(&path, Some(12345), Some(12346)).is_err() {
        eprintln!("skipping: not allowed to change owners here");
        return;
    }
    write_file(&path, &req(&sample_packet())).unwrap();
    let m = std::fs::metadata(&path).unwrap();
    assert_eq!((m.uid(), m.gid()), (12345, 12346));
}
