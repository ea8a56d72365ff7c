//! Writing from the TUI with real files: targets (original, sidecar, new sidecar),
//! the undo journal, undo, files changed on disk since they were read, and per-file
//! failures that leave everything else written.

use std::path::{Path, PathBuf};

use xmpedit::tui::plan::{WriteJob, WritePlan};
use xmpedit::tui::writeback::{execute_undo, execute_write};
use xmpedit_catalog::{Asset, Catalog, ScanOptions};
use xmpedit_core::edit::{Op, Path as EditPath};
use xmpedit_core::xmp::{ns, Name, Node, Packet, WriteOptions};
use xmpedit_formats::{read_file, write_file, WriteRequest};
use xmpedit_session::journal::{BatchState, Journal};
use xmpedit_session::writeback::{NsFilter, TargetChoice};

fn rating() -> Name {
    Name::new(ns::XMP, "Rating")
}

fn with_rating(r: &str) -> Packet {
    let mut p = Packet::new();
    p.set(rating(), Node::text(r));
    p
}

fn rating_of(path: &Path) -> Option<String> {
    let (found, _) = read_file(path).expect("readable");
    found
        .packet
        .and_then(|p| p.text(&rating()).map(str::to_string))
}

fn write_packet(path: &Path, p: &Packet) {
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

/// IMG_0001.jpg (no XMP), IMG_0002.NEF + IMG_0002.xmp (rating 2), IMG_0003.jpg,
/// IMG_0004.NEF (no sidecar yet).
fn folder(dir: &Path) -> PathBuf {
    let f = dir.join("photos");
    std::fs::create_dir_all(&f).unwrap();
    std::fs::write(f.join("IMG_0001.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    std::fs::write(f.join("IMG_0002.NEF"), xmpedit_formats::tiff::blank_le()).unwrap();
    write_packet(&f.join("IMG_0002.xmp"), &with_rating("2"));
    std::fs::write(f.join("IMG_0003.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    std::fs::write(f.join("IMG_0004.NEF"), xmpedit_formats::tiff::blank_le()).unwrap();
    f
}

fn load(folder: &Path) -> Vec<Asset> {
    let opts = ScanOptions {
        keep_packets: true,
        ..ScanOptions::default()
    };
    let c = Catalog::load(&[folder.to_path_buf()], &opts);
    c.sorted().into_iter().cloned().collect()
}

fn job(a: &Asset, ops: Vec<Op>) -> WriteJob {
    WriteJob {
        asset: a.clone(),
        ops,
        accept_loss: false,
    }
}

fn plan(command: &str, choice: TargetChoice, jobs: Vec<WriteJob>) -> WritePlan {
    WritePlan {
        command: command.into(),
        choice,
        filter: NsFilter::default(),
        jobs,
        scope: Default::default(),
    }
}

#[test]
fn writes_originals_sidecars_and_new_sidecars_then_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let journal = dir.path().join("journal");
    let assets = load(&f);
    assert_eq!(assets.len(), 4);
    let nef = std::fs::read(f.join("IMG_0002.NEF")).unwrap();
    let nef4 = std::fs::read(f.join("IMG_0004.NEF")).unwrap();
    // The original of each: the JPEG itself, the raw's existing sidecar, and a new
    // sidecar for the raw that has none.
    let plan = plan(
        "xmp:Rating=4",
        TargetChoice::Original,
        vec![
            job(&assets[0], vec![Op::SetRating(4)]),
            job(&assets[1], vec![Op::SetRating(4)]),
            job(&assets[3], vec![Op::SetRating(4)]),
        ],
    );
    let files = plan.files();
    let shown: Vec<&str> = files.iter().map(|fs| fs[0].shown.as_str()).collect();
    assert_eq!(shown, ["IMG_0001.jpg", "IMG_0002.xmp", "IMG_0004.xmp"]);
    assert!(!files[2][0].exists);

    let progress = std::sync::Mutex::new(Vec::new());
    let report = execute_write(&plan, Some(&journal), Default::default(), &|p| {
        progress.lock().unwrap().push(p)
    });
    assert!(report.error.is_none(), "{:?}", report.error);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.written, 3);
    assert_eq!(report.ok_assets.len(), 3);
    assert_eq!(report.reads.len(), 3);
    let last = *progress.lock().unwrap().last().unwrap();
    assert_eq!((last.done, last.total, last.failed), (3, 3, 0));
    for name in ["IMG_0001.jpg", "IMG_0002.xmp", "IMG_0004.xmp"] {
        assert_eq!(rating_of(&f.join(name)).as_deref(), Some("4"), "{name}");
    }
    assert_eq!(
        std::fs::read(f.join("IMG_0002.NEF")).unwrap(),
        nef,
        "the raw file is untouched"
    );
    assert_eq!(std::fs::read(f.join("IMG_0004.NEF")).unwrap(), nef4);

    let j = Journal::open(&journal).unwrap();
    let list = j.list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, BatchState::Complete);
    assert_eq!((list[0].files, list[0].written), (3, 3));
    assert!(
        list[0].changes.contains("xmp:Rating=4"),
        "{}",
        list[0].changes
    );

    // Undo puts every file back: the new sidecar goes away again.
    let id = report.batch.unwrap();
    let undo = execute_undo(id, false, Some(&journal), Default::default());
    assert!(undo.error.is_none() && undo.failures.is_empty(), "{undo:?}");
    assert_eq!(rating_of(&f.join("IMG_0001.jpg")), None);
    assert_eq!(rating_of(&f.join("IMG_0002.xmp")).as_deref(), Some("2"));
    assert!(!f.join("IMG_0004.xmp").exists());
    // And redo does it again.
    let redo = execute_undo(id, true, Some(&journal), Default::default());
    assert!(redo.error.is_none() && redo.failures.is_empty(), "{redo:?}");
    assert_eq!(rating_of(&f.join("IMG_0002.xmp")).as_deref(), Some("4"));
    assert_eq!(rating_of(&f.join("IMG_0004.xmp")).as_deref(), Some("4"));
}

#[test]
fn a_new_sidecar_starts_from_what_the_user_saw() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    // What the user saw: the JPEG's own XMP.
    let mut seen = with_rating("1");
    seen.set(Name::new(ns::PHOTOSHOP, "City"), Node::text("Zermatt"));
    write_packet(&f.join("IMG_0003.jpg"), &seen);
    let assets = load(&f);
    let plan = plan(
        "xmp:Rating=5",
        TargetChoice::Sidecar,
        vec![job(&assets[2], vec![Op::SetRating(5)])],
    );
    let report = execute_write(
        &plan,
        Some(&dir.path().join("journal")),
        Default::default(),
        &|_| {},
    );
    assert_eq!(report.written, 1, "{report:?}");
    let (found, _) = read_file(&f.join("IMG_0003.xmp")).unwrap();
    let p = found.packet.unwrap();
    assert_eq!(p.text(&rating()), Some("5"));
    assert_eq!(p.text(&Name::new(ns::PHOTOSHOP, "City")), Some("Zermatt"));
}

#[test]
fn files_changed_since_read_are_refused_and_failures_keep_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let assets = load(&f);
    // Someone else edits the sidecar after the scan.
    write_packet(&f.join("IMG_0002.xmp"), &with_rating("3"));
    let keywords = EditPath::prop(Name::new(ns::DC, "subject"));
    let plan = plan(
        "test",
        TargetChoice::Original,
        vec![
            job(&assets[0], vec![Op::SetRating(1)]),
            job(&assets[1], vec![Op::SetRating(1)]),
            // An op that cannot apply to this file's packet.
            job(
                &assets[2],
                vec![Op::ReplaceItem {
                    path: keywords,
                    index: 1,
                    value: "x".into(),
                }],
            ),
        ],
    );
    let report = execute_write(
        &plan,
        Some(&dir.path().join("journal")),
        Default::default(),
        &|_| {},
    );
    assert_eq!(report.written, 1);
    assert_eq!(report.ok_assets, vec![assets[0].id]);
    let mut failed: Vec<(String, String)> = report
        .failures
        .iter()
        .map(|f| {
            (
                f.path.file_name().unwrap().to_string_lossy().into_owned(),
                f.message.clone(),
            )
        })
        .collect();
    failed.sort();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0].0, "IMG_0002.xmp");
    assert!(
        failed[0].1.contains("changed since it was read"),
        "{}",
        failed[0].1
    );
    assert_eq!(failed[1].0, "IMG_0003.jpg");
    assert!(failed[1].1.contains("dc:subject"), "{}", failed[1].1);
    assert_eq!(rating_of(&f.join("IMG_0001.jpg")).as_deref(), Some("1"));
    assert_eq!(
        rating_of(&f.join("IMG_0002.xmp")).as_deref(),
        Some("3"),
        "not overwritten"
    );
    assert_eq!(rating_of(&f.join("IMG_0003.jpg")), None);
}

#[test]
fn a_missing_journal_folder_refuses_to_write_anything() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let assets = load(&f);
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let plan = plan(
        "xmp:Rating=4",
        TargetChoice::Original,
        vec![job(&assets[0], vec![Op::SetRating(4)])],
    );
    let report = execute_write(
        &plan,
        Some(&blocker.join("journal")),
        Default::default(),
        &|_| {},
    );
    assert!(report.error.is_some_and(|e| e.contains("journal")));
    assert_eq!(report.written, 0);
    assert_eq!(
        rating_of(&f.join("IMG_0001.jpg")),
        None,
        "writing never bypasses the journal"
    );
}

#[test]
fn choose_lists_what_all_selects_and_writes_only_the_ticked_files() {
    use xmpedit::tui::plan::{targets, TargetChoice as Picker};
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let assets = load(&f);
    // The raw with a sidecar: "all renditions" is the sidecar (the raw cannot hold XMP).
    let all: Vec<String> = targets(&assets[1], Picker::All, &[])
        .into_iter()
        .map(|t| t.shown)
        .collect();
    assert_eq!(all, ["IMG_0002.xmp"]);
    let ticked = vec![f.join("IMG_0001.jpg")];
    let none = targets(&assets[2], Picker::Chosen, &ticked);
    assert!(none.is_empty(), "{none:?}");
    let plan = plan(
        "xmp:Rating=3",
        Picker::Chosen.to_engine(&ticked),
        vec![
            job(&assets[0], vec![Op::SetRating(3)]),
            job(&assets[2], vec![Op::SetRating(3)]),
        ],
    );
    assert_eq!(plan.file_count(), 1);
    let report = execute_write(
        &plan,
        Some(&dir.path().join("journal")),
        Default::default(),
        &|_| {},
    );
    assert_eq!(report.written, 1, "{report:?}");
    assert_eq!(report.ok_assets, vec![assets[0].id]);
    assert_eq!(rating_of(&f.join("IMG_0001.jpg")).as_deref(), Some("3"));
    assert_eq!(rating_of(&f.join("IMG_0003.jpg")), None);
}

/// A batch a crash left open: journaled, its file written, never marked or completed.
fn interrupted_batch(journal_dir: &Path, file: &Path, old: &Packet, new: &Packet) -> u64 {
    use xmpedit_core::xmp::to_rdfxml;
    use xmpedit_session::journal::{BatchKind, NewEntry};
    let (_, identity) = read_file(file).expect("readable");
    let mut j = Journal::open(journal_dir).unwrap();
    let text = |p: &Packet| Some(to_rdfxml(p, &WriteOptions::default()));
    let id = j
        .begin(
            "set -e xmp:Rating=5",
            BatchKind::Edit,
            vec![NewEntry {
                path: file.to_path_buf(),
                identity_before: Some(identity),
                old: text(old),
                new: text(new),
                target: None,
            }],
        )
        .unwrap();
    write_packet(file, new);
    id
}

/// The TUI's undo used to be refused for an interrupted batch
/// (`JournalError::Incomplete`): only the CLI settled batches first.
#[test]
fn tui_undo_of_an_interrupted_batch_settles_it_and_takes_it_back() {
    let t = tempfile::tempdir().unwrap();
    let f = folder(t.path());
    let journal_dir = t.path().join("journal");
    let sidecar = f.join("IMG_0002.xmp");
    let id = interrupted_batch(&journal_dir, &sidecar, &with_rating("2"), &with_rating("5"));
    assert_eq!(rating_of(&sidecar).as_deref(), Some("5"));

    let report = execute_undo(id, false, Some(&journal_dir), Default::default());
    assert_eq!(report.error, None, "{report:?}");
    assert!(report.failures.is_empty(), "{report:?}");
    assert_eq!(report.written, 1);
    assert_eq!(rating_of(&sidecar).as_deref(), Some("2"));
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains(&format!("batch #{id} was interrupted"))),
        "the settled batch is mentioned: {:?}",
        report.notes
    );
    let j = Journal::open(&journal_dir).unwrap();
    assert!(j.incomplete().is_empty());
    // What the catalog gets is the file as read back from disk.
    assert!(report.reads.iter().any(|(p, r)| p == &sidecar && r.is_ok()));
}

/// The TUI never bounded the journal: only the CLI pruned it after a write.
#[test]
fn tui_writes_prune_the_journal_like_the_cli() {
    use xmpedit_session::journal::BatchKind;
    let t = tempfile::tempdir().unwrap();
    let f = folder(t.path());
    let journal_dir = t.path().join("journal");
    {
        let mut j = Journal::open(&journal_dir).unwrap();
        for _ in 0..xmpedit_session::KEEP_BATCHES + 5 {
            let id = j.begin("old", BatchKind::Edit, Vec::new()).unwrap();
            j.complete(id).unwrap();
        }
        assert_eq!(j.list().len(), xmpedit_session::KEEP_BATCHES + 5);
    }
    let assets = load(&f);
    let a = assets.iter().find(|a| a.name == "IMG_0001").unwrap();
    let report = execute_write(
        &plan(
            "xmp:Rating=4",
            TargetChoice::Original,
            vec![job(a, vec![Op::SetRating(4)])],
        ),
        Some(&journal_dir),
        Default::default(),
        &|_| {},
    );
    assert_eq!(report.written, 1, "{report:?}");
    let j = Journal::open(&journal_dir).unwrap();
    assert!(
        j.list().len() <= xmpedit_session::KEEP_BATCHES,
        "{} batches kept",
        j.list().len()
    );
    assert!(j.list().iter().any(|b| Some(b.id) == report.batch));
}
