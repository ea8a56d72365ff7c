//! A write that changes nothing records nothing in the journal: a file another
//! program changed since it was read is refused before the batch is journaled, and a
//! batch whose every file failed is not kept. Retrying a refused write used to add
//! one useless entry to the undo log per try.

use std::path::Path;

use xmpedit_core::edit::Op;
use xmpedit_core::xmp::{ns, Name, Node, Packet, WriteOptions};
use xmpedit_formats::{read_file, write_file, WriteRequest};
use xmpedit_session::writeback::{Reach, Write};
use xmpedit_session::Session;

fn rating() -> Name {
    Name::new(ns::XMP, "Rating")
}

fn with_rating(r: &str) -> Packet {
    let mut p = Packet::new();
    p.set(rating(), Node::text(r));
    p
}

fn put(path: &Path, p: &Packet) {
    write_file(
        path,
        &WriteRequest {
            packet: p,
            options: WriteOptions::default(),
            expect: None,
            force_rewrite: false,
            policy: Default::default(),
            keep_original: None,
        },
    )
    .expect("setup write");
}

/// The write of rating `r` into `path` as read now (identity and packet).
fn write_of(path: &Path, r: &str) -> Write {
    let (found, identity) = read_file(path).expect("readable");
    Write {
        path: path.to_path_buf(),
        identity: Some(identity),
        old: found.packet,
        new: Some(with_rating(r)),
        reach: Reach::Named,
        restore: None,
    }
}

fn rating_of(path: &Path) -> Option<String> {
    let (found, _) = read_file(path).expect("readable");
    found
        .packet
        .and_then(|p| p.text(&rating()).map(str::to_string))
}

#[test]
fn a_retried_write_refused_for_an_outside_change_adds_no_journal_entry() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.xmp");
    put(&file, &with_rating("1"));
    let stale = write_of(&file, "5");
    // Another program writes the file after it was read (a different size).
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut other = with_rating("2");
    other.set(Name::new(ns::PHOTOSHOP, "City"), Node::text("Zermatt"));
    put(&file, &other);
    let mut session = Session::open(Some(&dir.path().join("journal"))).unwrap();
    for _ in 0..3 {
        let report = session
            .write(
                "xmp:Rating=5",
                vec![Op::SetRating(5)],
                vec![stale.clone()],
                Default::default(),
                &|_| {},
            )
            .unwrap();
        assert_eq!(report.batch, None);
        assert_eq!(report.outcomes.len(), 1);
        let err = report.outcomes[0].result.clone().unwrap_err().to_string();
        assert!(err.contains("changed since it was read"), "{err}");
    }
    assert!(session.journal().list().is_empty());
    assert_eq!(rating_of(&file).as_deref(), Some("2"));
    // A later session sees no batch either.
    let again = Session::open(Some(&dir.path().join("journal"))).unwrap();
    assert!(again.journal().list().is_empty());
}

#[test]
fn a_batch_that_wrote_one_file_is_kept_with_its_refused_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xmp"), dir.path().join("b.xmp"));
    put(&a, &with_rating("1"));
    put(&b, &with_rating("1"));
    let ok = write_of(&a, "5");
    let stale = write_of(&b, "5");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut other = with_rating("2");
    other.set(Name::new(ns::PHOTOSHOP, "City"), Node::text("Bern"));
    put(&b, &other);
    let mut session = Session::open(Some(&dir.path().join("journal"))).unwrap();
    let report = session
        .write(
            "xmp:Rating=5",
            vec![Op::SetRating(5)],
            vec![ok, stale],
            Default::default(),
            &|_| {},
        )
        .unwrap();
    assert!(report.batch.is_some());
    assert_eq!(session.journal().list().len(), 1);
    assert_eq!(rating_of(&a).as_deref(), Some("5"));
    assert_eq!(rating_of(&b).as_deref(), Some("2"));
}
