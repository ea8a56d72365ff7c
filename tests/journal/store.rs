//! The undo journal as a user relies on it: batches survive restarts and crashes
//! (torn files are skipped, never fatal), and undo/redo follow editor semantics.

use std::fs;
use std::path::{Path, PathBuf};
use xmpedit_core::edit::{apply_all, parse_edit, Canonical, Op};
use xmpedit_core::xmp::{Node, Packet};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::Identity;
use xmpedit_session::journal::{
    classify, BatchKind, BatchState, EntryState, Journal, JournalError, NewEntry, Observed,
    OpRecord,
};

fn ident(n: u64) -> Identity {
    Identity {
        size: n,
        mtime_ns: i128::from(n) * 1_000_000_007,
        packet_hash: n ^ 0xdead_beef,
    }
}

fn entry(path: &str, old: Option<&str>, new: Option<&str>) -> NewEntry {
    NewEntry {
        path: PathBuf::from(path),
        identity_before: Some(ident(1)),
        old: old.map(String::from),
        new: new.map(String::from),
        target: None,
    }
}

/// An edit of two files, fully written and completed.
fn edit(j: &mut Journal, tag: &str) -> u64 {
    let id = j
        .begin(
            &format!("set -e {tag}"),
            BatchKind::Edit,
            vec![
                entry("/p/a.jpg", Some("<a-old/>"), Some(&format!("<a-{tag}/>"))),
                entry("/p/b.xmp", None, Some(&format!("<b-{tag}/>"))),
            ],
        )
        .unwrap();
    j.mark_written(id, 0, ident(10 + id)).unwrap();
    j.mark_written(id, 1, ident(20 + id)).unwrap();
    j.complete(id).unwrap();
    id
}

/// Performs the next undo like the CLI will: plan, journal, "write", complete.
fn undo(j: &mut Journal) -> Option<u64> {
    let of = j.next_undo()?;
    let entries = j.plan_undo(of).unwrap();
    let n = entries.len();
    let id = j.begin("undo", BatchKind::Undo { of }, entries).unwrap();
    for i in 0..n {
        j.mark_written(id, i, ident(100 + id)).unwrap();
    }
    j.complete(id).unwrap();
    Some(of)
}

fn redo(j: &mut Journal) -> Option<u64> {
    let of = j.next_redo()?;
    let entries = j.plan_redo(of).unwrap();
    let n = entries.len();
    let id = j.begin("redo", BatchKind::Redo { of }, entries).unwrap();
    for i in 0..n {
        j.mark_written(id, i, ident(200 + id)).unwrap();
    }
    j.complete(id).unwrap();
    Some(of)
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_batch_is_stored_before_writing_and_completed_after() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    let ops = vec![parse_edit(
        "dc:subject+=alps",
        &Canonical,
        xmpedit_core::schema::registry(),
    )
    .unwrap()];
    let id = j
        .begin_with_ops(
            "xmpedit set -e dc:subject+=alps /p",
            BatchKind::Edit,
            ops.clone(),
            vec![
                entry("/p/a.jpg", Some("<old/>"), Some("<new/>")),
                entry("/p/c.png", None, Some("<n/>")),
            ],
        )
        .unwrap();
    assert_eq!(id, 1);
    assert_eq!(
        files(tmp.path()),
        vec!["00000001.json"],
        "journaled before any write"
    );
    assert_eq!(j.incomplete(), vec![1]);

    j.mark_written(id, 0, ident(5)).unwrap();
    j.mark(id, 1, EntryState::Failed("permission denied".into()))
        .unwrap();
    j.complete(id).unwrap();
    assert_eq!(files(tmp.path()), vec!["00000001.json", "00000001.log"]);
    assert!(j.incomplete().is_empty());

    let b = j.get(id).unwrap();
    assert_eq!(b.state, BatchState::Complete);
    assert_eq!(b.ops, ops);
    assert_eq!(b.entries[0].old.as_deref(), Some("<old/>"));
    assert_eq!(b.entries[0].identity_after, Some(ident(5)));
    assert_eq!(
        b.entries[1].state,
        EntryState::Failed("permission denied".into())
    );
    assert_eq!(b.entries[1].old, None);
    assert!(b.time.ends_with('Z') && b.time.len() == 24, "{}", b.time);

    let s = &j.list()[0];
    assert_eq!((s.files, s.written, s.failed, s.skipped), (2, 1, 1, 0));
    assert_eq!(s.changes, "dc:subject+=alps");
    assert_eq!(s.state, BatchState::Complete);
    assert!(!s.undone);

    // Everything survives a restart.
    let j2 = Journal::open(tmp.path()).unwrap();
    assert!(j2.warnings().is_empty(), "{:?}", j2.warnings());
    assert_eq!(j2.get(id).unwrap(), b);
    assert_eq!(j2.list(), j.list());
}

#[test]
fn misuse_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    let id = j
        .begin("x", BatchKind::Edit, vec![entry("/a", None, Some("n"))])
        .unwrap();
    assert_eq!(
        j.complete(id).unwrap_err().to_string(),
        "journal: batch #1 still has 1 pending file(s)"
    );
    assert_eq!(
        j.mark(id, 3, EntryState::Written).unwrap_err().to_string(),
        "journal: batch #1 has no entry 3"
    );
    assert!(matches!(
        j.mark(9, 0, EntryState::Written),
        Err(JournalError::NoBatch(9))
    ));
    assert_eq!(
        j.plan_undo(id).unwrap_err().to_string(),
        "journal: batch #1 was interrupted; recover it first"
    );
    j.mark(id, 0, EntryState::Skipped("changed on disk".into()))
        .unwrap();
    j.complete(id).unwrap();
    assert_eq!(
        j.mark(id, 0, EntryState::Written).unwrap_err().to_string(),
        "journal: batch #1 is already complete"
    );
    assert_eq!(
        j.plan_redo(id).unwrap_err().to_string(),
        "journal: batch #1 has not been undone"
    );
}

#[test]
fn torn_log_lines_are_skipped_and_later_lines_still_parse() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    let id = j
        .begin(
            "x",
            BatchKind::Edit,
            vec![entry("/a", None, Some("1")), entry("/b", None, Some("2"))],
        )
        .unwrap();
    j.mark_written(id, 0, ident(3)).unwrap();
    // A crash in the middle of the second mark.
    let log = tmp.path().join("00000001.log");
    let mut text = fs::read_to_string(&log).unwrap();
    text.push_str(r#"{"Mark":{"entry":1,"sta"#);
    fs::write(&log, text).unwrap();

    let mut j = Journal::open(tmp.path()).unwrap();
    assert_eq!(j.warnings().len(), 1);
    assert!(
        j.warnings()[0].contains("00000001.log: line 2: torn or corrupt, skipped"),
        "{:?}",
        j.warnings()
    );
    assert_eq!(j.incomplete(), vec![id]);
    let b = j.get(id).unwrap();
    assert_eq!(b.entries[0].state, EntryState::Written);
    assert_eq!(b.entries[1].state, EntryState::Pending);

    // Appending after the torn fragment starts a fresh line.
    j.mark_written(id, 1, ident(4)).unwrap();
    j.complete(id).unwrap();
    let j = Journal::open(tmp.path()).unwrap();
    assert_eq!(j.get(id).unwrap().entries[1].state, EntryState::Written);
    assert_eq!(j.get(id).unwrap().state, BatchState::Complete);
    assert_eq!(j.warnings().len(), 1, "only the old fragment is reported");
}

#[test]
fn torn_or_foreign_batch_files_are_skipped_and_ids_never_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    edit(&mut j, "one");
    edit(&mut j, "two");
    // Batch 2 truncated (disk trouble), junk files around.
    let two = tmp.path().join("00000002.json");
    let bytes = fs::read(&two).unwrap();
    fs::write(&two, &bytes[..bytes.len() / 2]).unwrap();
    fs::write(tmp.path().join("notes.txt"), "hello").unwrap();
    fs::write(tmp.path().join(".00000003.json.tmp-1-2"), "{").unwrap();
    fs::write(tmp.path().join("00000009.json"), b"").unwrap();

    let mut j = Journal::open(tmp.path()).unwrap();
    let w = j.warnings().join("\n");
    assert!(w.contains("00000002.json: unreadable"), "{w}");
    assert!(w.contains("00000009.json: unreadable"), "{w}");
    assert_eq!(j.list().iter().map(|s| s.id).collect::<Vec<_>>(), vec![1]);
    assert_eq!(j.next_undo(), Some(1));
    assert_eq!(edit(&mut j, "three"), 10, "ids above every file seen");
}

#[test]
fn a_crash_mid_batch_is_found_and_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let mut j = Journal::open(tmp.path()).unwrap();
        edit(&mut j, "before");
        let id = j
            .begin(
                "set",
                BatchKind::Edit,
                vec![
                    entry("/p/a.jpg", Some("<o1/>"), Some("<n1/>")),
                    entry("/p/b.jpg", Some("<o2/>"), Some("<n2/>")),
                    entry("/p/c.jpg", Some("<o3/>"), Some("<n3/>")),
                    entry("/p/d.jpg", Some("<o4/>"), Some("<n4/>")),
                ],
            )
            .unwrap();
        j.mark_written(id, 0, ident(7)).unwrap();
        // ...and the process dies.
    }
    let mut j = Journal::open(tmp.path()).unwrap();
    assert_eq!(j.incomplete(), vec![2]);
    assert_eq!(
        j.next_undo(),
        Some(2),
        "an open batch may have written files"
    );
    let report = j
        .recover(2, |e| match e.path.to_str().unwrap() {
            "/p/b.jpg" => Observed::New(ident(8)),
            "/p/c.jpg" => Observed::Old,
            _ => Observed::Other("it was deleted".into()),
        })
        .unwrap();
    assert_eq!(report.written, vec![1]);
    assert_eq!(report.not_written, vec![2]);
    assert_eq!(report.conflicts, vec![(3, "it was deleted".to_string())]);
    let b = j.get(2).unwrap();
    assert_eq!(b.state, BatchState::Complete);
    assert_eq!(b.entries[1].identity_after, Some(ident(8)));
    assert_eq!(
        b.entries[3].state,
        EntryState::Failed("interrupted, and it was deleted".into())
    );
    // Undo takes back exactly the files that hold the new packet.
    let plan = j.plan_undo(2).unwrap();
    assert_eq!(plan.len(), 2);
    assert_eq!(plan[0].path, PathBuf::from("/p/a.jpg"));
    assert_eq!(plan[0].old.as_deref(), Some("<n1/>"));
    assert_eq!(plan[0].new.as_deref(), Some("<o1/>"));
    assert_eq!(plan[0].identity_before, Some(ident(7)));
    assert!(matches!(
        j.recover(2, |_| Observed::Old),
        Err(JournalError::Completed(2))
    ));
}

#[test]
fn classify_compares_models() {
    let mut a = Packet::new();
    a.set(xmpedit_core::edit::rating_name(), Node::text("1"));
    let mut b = a.clone();
    b.set(xmpedit_core::edit::rating_name(), Node::text("2"));
    assert_eq!(
        classify(Some(&b), Some(&a), Some(&b), ident(1)),
        Observed::New(ident(1))
    );
    assert_eq!(
        classify(Some(&a), Some(&a), Some(&b), ident(1)),
        Observed::Old
    );
    assert_eq!(classify(None, None, Some(&b), ident(1)), Observed::Old);
    assert!(matches!(
        classify(Some(&Packet::new()), Some(&a), Some(&b), ident(1)),
        Observed::Other(_)
    ));
}

#[test]
fn undo_and_redo_follow_editor_semantics_across_restarts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    assert_eq!((j.next_undo(), j.next_redo()), (None, None));
    let e1 = edit(&mut j, "1");
    let e2 = edit(&mut j, "2");
    assert_eq!(undo(&mut j), Some(e2));
    // Restart between the undos.
    let mut j = Journal::open(tmp.path()).unwrap();
    assert_eq!(undo(&mut j), Some(e1));
    assert_eq!(
        j.next_undo(),
        None,
        "an undo batch is never what undo takes back"
    );
    assert_eq!(undo(&mut j), None);
    assert_eq!(redo(&mut j), Some(e1));
    // The redo wrote e1's new packets again.
    let redo_id = j.list().last().unwrap().id;
    let rb = j.get(redo_id).unwrap();
    assert_eq!(rb.kind, BatchKind::Redo { of: e1 });
    assert_eq!(rb.entries[0].new.as_deref(), Some("<a-1/>"));
    assert_eq!(rb.entries[0].old.as_deref(), Some("<a-old/>"));
    assert_eq!(rb.entries[1].new.as_deref(), Some("<b-1/>"));
    assert_eq!(rb.entries[1].old, None, "b.xmp had no XMP before e1");
    assert_eq!(j.next_undo(), Some(redo_id));
    assert_eq!(j.next_redo(), Some(e2));
    // A new edit clears the redo stack.
    let e3 = edit(&mut j, "3");
    assert_eq!(j.next_redo(), None);
    assert_eq!(undo(&mut j), Some(e3));
    assert_eq!(undo(&mut j), Some(redo_id));
    assert_eq!(j.next_undo(), None);
    assert_eq!(redo(&mut j), Some(redo_id));
    assert_eq!(redo(&mut j), Some(e3));
    assert_eq!(redo(&mut j), None);

    let undone: Vec<bool> = j.list().iter().map(|s| s.undone).collect();
    let kinds: Vec<String> = j.list().iter().map(|s| s.changes.clone()).collect();
    assert_eq!(kinds[2], format!("undo of #{e2}"));
    assert!(undone[1], "e2 was undone and never redone");
    assert!(!undone[0]);
    // The listing is identical after a restart.
    assert_eq!(Journal::open(tmp.path()).unwrap().list(), j.list());
}

#[test]
fn an_edit_that_wrote_nothing_does_not_clear_redo() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    let e1 = edit(&mut j, "1");
    undo(&mut j);
    let id = j
        .begin("set", BatchKind::Edit, vec![entry("/x", None, Some("n"))])
        .unwrap();
    j.mark(id, 0, EntryState::Failed("read-only".into()))
        .unwrap();
    j.complete(id).unwrap();
    assert_eq!(j.next_redo(), Some(e1));
    assert_eq!(j.next_undo(), None);
}

#[test]
fn two_journals_on_one_directory_never_share_an_id() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = Journal::open(tmp.path()).unwrap();
    let mut b = Journal::open(tmp.path()).unwrap();
    let x = a.begin("a", BatchKind::Edit, vec![]).unwrap();
    let y = b.begin("b", BatchKind::Edit, vec![]).unwrap();
    assert_ne!(x, y);
    b.reload().unwrap();
    assert_eq!(b.list().len(), 2);
}

#[test]
fn prune_keeps_the_newest_and_open_batches() {
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open(tmp.path()).unwrap();
    for t in ["a", "b", "c", "d"] {
        edit(&mut j, t);
    }
    let open = j
        .begin("crash", BatchKind::Edit, vec![entry("/z", None, Some("z"))])
        .unwrap();
    assert_eq!(j.prune(2).unwrap(), vec![1, 2]);
    let ids: Vec<u64> = j.list().iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![3, 4, open]);
    let mut j = Journal::open(tmp.path()).unwrap();
    assert_eq!(j.list().len(), 3);
    assert_eq!(edit(&mut j, "e"), 6);
}

#[test]
fn default_dir_honours_the_environment() {
    // Through the real binary: the test binary is one process, and changing its
    // environment would race every other test that opens the default journal.
    let ws = crate::util::set_support::Ws::new();
    let (name, bytes) = crate::util::set_support::blanks().remove(0);
    let file = ws.put(name, &bytes);
    ws.ok(
        &[
            "set",
            "-e",
            "xmp:Rating=3",
            crate::util::set_support::s(&file),
        ],
        0,
    );
    let dir = ws.dir.path().join("data").join("journal");
    assert!(dir.is_dir());
    let j = Journal::open(&dir).unwrap();
    assert_eq!(j.list().len(), 1);
}

#[cfg(unix)]
#[test]
fn non_utf8_paths_round_trip_exactly() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let weird = PathBuf::from(OsStr::from_bytes(b"/p/caf\xe9.jpg"));
    let mut j = Journal::open(tmp.path()).unwrap();
    let id = j
        .begin(
            "x",
            BatchKind::Edit,
            vec![NewEntry {
                path: weird.clone(),
                identity_before: None,
                old: None,
                new: Some("n".into()),
                target: None,
            }],
        )
        .unwrap();
    let j = Journal::open(tmp.path()).unwrap();
    assert_eq!(j.get(id).unwrap().entries[0].path, weird);
    assert_eq!(j.paths(id).unwrap(), &[weird]);
}

/// The batch file and status log of a `set` as the journal wrote them before it had
/// its own op records (`xmpedit set -e xmp:Rating=4 -e dc:title[de-DE]=Titel
/// -e dc:subject+=alps -e dc:subject-=sea -e -dc:creator[2]
/// -e xmp:CreateDate=2024-05-31T14:30:00+02:00 -e xmpMM:History[1]/stEvt:action=saved
/// files/a.xmp`, run with `XMPEDIT_DATA_DIR` in a temp folder), copied verbatim.
const BATCH_OF_FORMAT_1: &str = r#"{"format":1,"id":1,"time":"2026-12-03T09:06:47.523Z","command":"set -e xmp:Rating=4 -e dc:title[de-DE]=Titel -e dc:subject+=alps -e dc:subject-=sea -e -dc:creator[2] -e xmp:CreateDate=2024-05-31T14:30:00+02:00 -e xmpMM:History[1]/stEvt:action=saved files/a.xmp","kind":"Edit","ops":[{"SetRating":4},{"SetLang":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}title"},"lang":"de-DE","text":"Titel"}},{"AddItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}subject"},"value":"alps","kind":"Bag"}},{"RemoveItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}subject"},"item":{"Value":"sea"}}},{"RemoveItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator"},"item":{"Index":2}}},{"SetSimple":{"path":{"prop":"{http://ns.adobe.com/xap/1.0/}CreateDate"},"value":"2024-05-31T14:30:00+02:00"}},{"SetSimple":{"path":{"prop":"{http://ns.adobe.com/xap/1.0/mm/}History","steps":[{"Index":1},{"Field":"{http://ns.adobe.com/xap/1.0/sType/ResourceEvent#}action"}]},"value":"saved"}}],"entries":[{"path":"/tmp/jgen/files/a.xmp","identity_before":{"size":482,"mtime_ns":1796288807495829839,"packet_hash":11204060910931770708},"old":"<?xpacket begin=\"﻿\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"xmpedit 0.1.0\">\n <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <rdf:Description rdf:about=\"\"\n    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n   xmp:Rating=\"2\">\n   <dc:subject>\n    <rdf:Bag>\n     <rdf:li>sky</rdf:li>\n     <rdf:li>sea</rdf:li>\n    </rdf:Bag>\n   </dc:subject>\n   <dc:creator>\n    <rdf:Seq>\n     <rdf:li>Ann</rdf:li>\n     <rdf:li>Bob</rdf:li>\n    </rdf:Seq>\n   </dc:creator>\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>","new":"<?xpacket begin=\"﻿\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"xmpedit 0.1.0\">\n <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <rdf:Description rdf:about=\"\"\n    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n    xmlns:stEvt=\"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#\"\n   xmp:Rating=\"4\"\n   xmp:CreateDate=\"2024-05-31T14:30:00+02:00\">\n   <dc:subject>\n    <rdf:Bag>\n     <rdf:li>sky</rdf:li>\n     <rdf:li>alps</rdf:li>\n    </rdf:Bag>\n   </dc:subject>\n   <dc:creator>\n    <rdf:Seq>\n     <rdf:li>Ann</rdf:li>\n    </rdf:Seq>\n   </dc:creator>\n   <dc:title>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">Titel</rdf:li>\n     <rdf:li xml:lang=\"de-DE\">Titel</rdf:li>\n    </rdf:Alt>\n   </dc:title>\n   <xmpMM:History>\n    <rdf:Seq>\n     <rdf:li\n      stEvt:action=\"saved\"/>\n    </rdf:Seq>\n   </xmpMM:History>\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"}]}"#;
const LOG_OF_FORMAT_1: &str = r#"{"Mark":{"entry":0,"state":"Written","identity_after":{"size":946,"mtime_ns":1796288807523142372,"packet_hash":2859822245522137808},"exact":"Kept"}}
"Complete"
"#;
/// The file path recorded in [`BATCH_OF_FORMAT_1`].
const PATH_OF_FORMAT_1: &str = "/tmp/jgen/files/a.xmp";

#[test]
fn a_journal_written_before_op_records_still_lists_and_undoes() {
    let record: serde_json::Value = serde_json::from_str(BATCH_OF_FORMAT_1).unwrap();
    let stored_ops: Vec<Op> = record["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let r: OpRecord = serde_json::from_value(o.clone()).unwrap();
            Op::try_from(r).unwrap()
        })
        .collect();
    let expected = [
        "xmp:Rating=4",
        "dc:title[de-DE]=Titel",
        "dc:subject+=alps",
        "dc:subject-=sea",
        "-dc:creator[2]",
        "xmp:CreateDate=2024-05-31T14:30:00+02:00",
        "xmpMM:History[1]/stEvt:action=saved",
    ];
    let texts: Vec<String> = stored_ops.iter().map(Op::to_string).collect();
    assert_eq!(texts, expected);
    // The records write back exactly what was read.
    for (o, op) in record["ops"].as_array().unwrap().iter().zip(&stored_ops) {
        assert_eq!(&serde_json::to_value(OpRecord::from(op)).unwrap(), o);
    }

    // The converted ops turn the old packet into the new one, and their inverses undo them.
    let packet_of = |key: &str| {
        let text = record["entries"][0][key].as_str().unwrap();
        xmpedit_core::xmp::parse::parse(text.as_bytes())
            .unwrap()
            .packet
    };
    let (old, new) = (packet_of("old"), packet_of("new"));
    let mut p = old.clone();
    let inverses = apply_all(&stored_ops, &mut p).unwrap();
    assert!(same_model(&p, &new), "{p:?}\n!=\n{new:?}");
    apply_all(&inverses, &mut p).unwrap();
    assert!(same_model(&p, &old), "{p:?}\n!=\n{old:?}");

    // The journal lists the batch with its changes and plans its undo.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("files/a.xmp");
    let journal = tmp.path().join("data/journal");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::create_dir_all(&journal).unwrap();
    let batch = BATCH_OF_FORMAT_1.replace(PATH_OF_FORMAT_1, file.to_str().unwrap());
    fs::write(journal.join("00000001.json"), &batch).unwrap();
    fs::write(journal.join("00000001.log"), LOG_OF_FORMAT_1).unwrap();
    let j = Journal::open(&journal).unwrap();
    assert!(j.warnings().is_empty(), "{:?}", j.warnings());
    let s = &j.list()[0];
    assert_eq!(s.changes, expected.join("; "));
    assert_eq!((s.files, s.written, s.state), (1, 1, BatchState::Complete));
    assert_eq!(j.get(1).unwrap().ops, stored_ops);
    assert_eq!(j.next_undo(), Some(1));
    let plan = j.plan_undo(1).unwrap();
    assert_eq!(
        plan[0].new,
        record["entries"][0]["old"].as_str().map(String::from)
    );

    // And the binary undoes it: the file holds what the batch wrote (its bytes, not
    // its identity: the three-way undo applies), undo puts the old packet back.
    fs::write(&file, record["entries"][0]["new"].as_str().unwrap()).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xmpedit"))
            .args(args)
            .current_dir(tmp.path())
            .env("XMPEDIT_DATA_DIR", tmp.path().join("data"))
            .env("XMPEDIT_CONFIG", tmp.path().join("config.toml"))
            .output()
            .unwrap()
    };
    let log = run(&["log", "--all"]);
    let listing = String::from_utf8_lossy(&log.stdout);
    assert!(log.status.success(), "{listing}");
    assert!(listing.contains("dc:subject+=alps"), "{listing}");
    let out = run(&["undo", "--all"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (found, _) = xmpedit_formats::read_file(&file).unwrap();
    assert!(same_model(&found.packet.unwrap(), &old));
}
