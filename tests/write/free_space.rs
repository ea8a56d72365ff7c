//! A rewrite checks the file system's free space first (docs/safe-writing.md, "Free
//! space"): one that would not fit is refused before anything is written, while a
//! write that fits the packet's padding needs no space at all.

use crate::util::fmt_common;

use fmt_common::*;
use xmpedit_formats::packet::same_model;
use xmpedit_formats::safe_write::set_free_space_for_tests;
use xmpedit_formats::{jpeg, png, read_file, write_file, FormatError};

#[test]
fn a_rewrite_on_a_full_disk_is_refused_and_the_file_is_unchanged() {
    let dir = tempdir();
    let path = write(dir.path(), "full.jpg", &jpeg::blank());
    set_free_space_for_tests(Some(1000));
    let e = write_file(&path, &req(&sample_packet())).unwrap_err();
    set_free_space_for_tests(None);
    let FormatError::NoSpace { needed, available } = e else {
        panic!("expected NoSpace, got {e}");
    };
    assert_eq!(available, 1000);
    // The original, the new packet and the 1 MiB margin.
    assert!(needed > (1 << 20) + jpeg::blank().len() as u64, "{needed}");
    let msg = e.to_string();
    assert!(
        msg.starts_with("not enough free space for the rewrite: it needs 1.0 MiB ("),
        "{msg}"
    );
    assert!(msg.contains("the file system has 1000 bytes free"), "{msg}");
    assert!(msg.contains("not changed"), "{msg}");
    assert!(
        msg.contains("a write that fits the packet's padding is made in place and needs no space"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), jpeg::blank());
    assert_eq!(entries(dir.path()), ["full.jpg"], "no temp file is left");
}

#[test]
fn a_rewrite_goes_ahead_when_it_fits() {
    let dir = tempdir();
    let path = write(dir.path(), "fits.jpg", &jpeg::blank());
    set_free_space_for_tests(Some(2 << 20));
    let out = write_file(&path, &req(&sample_packet()));
    set_free_space_for_tests(None);
    assert!(!out.unwrap().in_place);
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
}

#[test]
fn an_in_place_patch_needs_no_free_space() {
    let dir = tempdir();
    let path = write(dir.path(), "p.png", &png::blank());
    write_file(&path, &req(&sample_packet())).unwrap();
    set_free_space_for_tests(Some(0));
    let out = write_file(&path, &req(&changed_packet()));
    set_free_space_for_tests(None);
    assert!(out.unwrap().in_place);
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(
        found.packet.as_ref().unwrap(),
        &changed_packet()
    ));
    assert_eq!(entries(dir.path()), ["p.png"]);
}
