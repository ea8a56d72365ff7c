//! Scanning real folders with an injected reader: event order, progress, and every
//! kind of trouble (unreadable files and folders, symlink loops, vanishing files,
//! empty and huge sparse files, malformed packets, FIFOs) reported once, never an abort.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use xmpedit_catalog::{scan, Catalog, Change, Role, ScanEvent, ScanOptions};
use xmpedit_formats::FormatError;

mod real_files;
mod support;

use support::{fake_read, opts, run, state, write};

#[test]
fn streams_assets_then_reads_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("a/IMG_1.CR2"), "raw");
    write(&d.join("a/IMG_1.xmp"), "XMP rating=4");
    write(&d.join("a/IMG_1.JPG"), "XMP rating=1");
    write(&d.join("a/b/IMG_2.jpg"), "XMP rating=2");
    write(&d.join("c/notes.txt"), "text");
    let rx = scan(&[d.to_path_buf()], &opts());
    let mut listed_folders = Vec::new();
    let mut last_progress = (0, 0);
    let mut reads = 0;
    for ev in rx {
        match ev {
            ScanEvent::Listed { folder, .. } => listed_folders.push(folder),
            ScanEvent::Read { .. } => reads += 1,
            ScanEvent::Progress { read, listed } => {
                assert!(read >= last_progress.0 && listed >= last_progress.1);
                last_progress = (read, listed);
            }
            ScanEvent::Error { path, message } => panic!("{}: {message}", path.display()),
            ScanEvent::Done { listed, read } => {
                assert_eq!((listed, read), (5, 5));
                break;
            }
        }
    }
    assert_eq!(reads, 5);
    assert_eq!(last_progress, (5, 5));
    assert_eq!(
        listed_folders,
        [d.to_path_buf(), d.join("a"), d.join("a/b"), d.join("c")]
    );

    let c = run(&[d.to_path_buf()], &opts());
    let names: Vec<&str> = c.sorted().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["IMG_1", "IMG_2", "notes"]);
    let img1 = c.sorted()[0];
    assert_eq!(img1.summary().unwrap().rating.as_deref(), Some("4"));
    assert!(c.errors().is_empty());
    assert_eq!(c.progress().read, 5);
    assert!(c.progress().done);
}

#[test]
fn not_recursive_reads_only_the_folder_and_its_derivative_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("IMG_1.NEF"), "raw");
    write(&d.join("export/IMG_1.jpg"), "XMP rating=5");
    write(&d.join("export/deeper/x.jpg"), "jpeg");
    write(&d.join("sub/IMG_2.jpg"), "jpeg");
    let o = ScanOptions {
        recursive: false,
        ..opts()
    };
    let c = run(&[d.to_path_buf()], &o);
    assert_eq!(c.len(), 1);
    let a = c.sorted()[0];
    let roles: Vec<(&str, Role)> = a
        .renditions
        .iter()
        .map(|r| (r.rel.as_str(), r.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("IMG_1.NEF", Role::Primary),
            ("export/IMG_1.jpg", Role::Derivative)
        ]
    );
    // Recursive: the derivative folder is not listed a second time, its subfolders are.
    let c = run(&[d.to_path_buf()], &opts());
    let mut files: Vec<String> = c
        .assets()
        .flat_map(|a| a.renditions.iter().map(|r| r.path.display().to_string()))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "{files:?}");
}

#[test]
fn malformed_packets_and_reader_panics_become_per_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("bad.xmp"), "BAD");
    write(&d.join("bug.jpg"), "PANIC");
    write(&d.join("good.jpg"), "XMP rating=3");
    let c = run(&[d.to_path_buf()], &opts());
    assert_eq!(
        state(&c, &d.join("bad.xmp")).error(),
        Some("XMP packet at offset 0: unclosed element rdf:RDF (line 3, column 7)")
    );
    let bug = state(&c, &d.join("bug.jpg")).error().unwrap();
    assert!(bug.starts_with("internal error while reading"), "{bug}");
    assert!(bug.contains("reader bug"), "{bug}");
    assert_eq!(state(&c, &d.join("good.jpg")).has_xmp(), Some(true));
    assert_eq!(c.failures().count(), 2);
}

#[test]
fn empty_files_and_huge_sparse_files_are_read_without_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("empty.jpg"), "");
    write(&d.join("empty.xmp"), "");
    let big = d.join("huge.tif");
    fs::File::create(&big).unwrap().set_len(4 << 30).unwrap();
    let c = run(&[d.to_path_buf()], &opts());
    assert_eq!(state(&c, &d.join("empty.jpg")).has_xmp(), Some(false));
    let (_, huge) = c.find(&big).unwrap();
    assert_eq!(huge.size, 4 << 30);
    assert_eq!(huge.xmp.has_xmp(), Some(false));
    assert_eq!(huge.identity.unwrap().size, 4 << 30);
    assert!(c.errors().is_empty());
}

#[test]
fn a_file_vanishing_between_listing_and_reading_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    write(&d.join("gone.jpg"), "XMP rating=1");
    write(&d.join("stays.jpg"), "XMP rating=2");
    let o = ScanOptions {
        reader: Arc::new(|p: &Path| {
            if p.ends_with("gone.jpg") {
                let _ = fs::remove_file(p);
            }
            fake_read(p)
        }),
        ..opts()
    };
    let c = run(std::slice::from_ref(&d), &o);
    assert_eq!(
        state(&c, &d.join("gone.jpg")).error(),
        Some("vanished since the folder was listed")
    );
    assert_eq!(state(&c, &d.join("stays.jpg")).has_xmp(), Some(true));
    assert_eq!(c.failures().count(), 1);
    assert!(c.errors().is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_once_and_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("a/IMG_1.jpg"), "XMP rating=1");
    write(&d.join("a/b/IMG_2.jpg"), "XMP rating=2");
    symlink(d.join("a"), d.join("a/b/up")).unwrap(); // loop to an ancestor
    symlink(".", d.join("a/self")).unwrap(); // loop to itself
    symlink(d.join("a/b"), d.join("again")).unwrap(); // second path to a folder
    symlink(d.join("nowhere"), d.join("a/broken.jpg")).unwrap();
    symlink(d.join("a/IMG_1.jpg"), d.join("link.jpg")).unwrap(); // link to a file: read

    let c = run(&[d.to_path_buf()], &opts());
    let mut errors: Vec<(String, &str)> = c
        .errors()
        .iter()
        .map(|e| {
            let p = e.path.strip_prefix(d).unwrap().display().to_string();
            (p, e.message.as_str())
        })
        .collect();
    errors.sort();
    let a = d.join("a").display().to_string();
    assert_eq!(
        errors,
        [
            (
                "a/b/up".to_string(),
                format!("symbolic link loop: leads back to {a}; not followed").as_str()
            ),
            ("a/broken.jpg".to_string(), "broken symbolic link"),
            (
                "a/self".to_string(),
                format!("symbolic link loop: leads back to {a}; not followed").as_str()
            ),
        ]
    );
    let mut names: Vec<String> = c
        .assets()
        .flat_map(|a| {
            a.renditions
                .iter()
                .map(|r| r.path.strip_prefix(d).unwrap().display().to_string())
        })
        .collect();
    names.sort();
    assert_eq!(names, ["a/IMG_1.jpg", "a/b/IMG_2.jpg", "link.jpg"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_per_path_errors() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("locked.jpg"), "XMP rating=1");
    write(&d.join("closed/inner.jpg"), "XMP rating=1");
    write(&d.join("open.jpg"), "XMP rating=1");
    fs::set_permissions(d.join("locked.jpg"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(d.join("closed"), fs::Permissions::from_mode(0o000)).unwrap();
    let restore = || {
        let _ = fs::set_permissions(d.join("closed"), fs::Permissions::from_mode(0o755));
    };
    if fs::File::open(d.join("locked.jpg")).is_ok() {
        restore();
        eprintln!("skipping: running with privileges that ignore file permissions");
        return;
    }
    let c = run(&[d.to_path_buf()], &opts());
    restore();
    assert_eq!(
        state(&c, &d.join("locked.jpg")).error(),
        Some("permission denied")
    );
    assert_eq!(c.errors().len(), 1, "{:?}", c.errors());
    assert_eq!(c.errors()[0].path, d.join("closed"));
    assert_eq!(
        c.errors()[0].message,
        "cannot list folder: permission denied"
    );
    assert_eq!(state(&c, &d.join("open.jpg")).has_xmp(), Some(true));
}

#[test]
fn permission_errors_from_the_reader_are_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    write(&d.join("a.jpg"), "XMP rating=1");
    write(&d.join("b.jpg"), "XMP rating=1");
    let o = ScanOptions {
        reader: Arc::new(|p: &Path| {
            if p.ends_with("a.jpg") {
                return Err(FormatError::io(
                    p,
                    std::io::Error::from(std::io::ErrorKind::PermissionDenied),
                ));
            }
            fake_read(p)
        }),
        ..opts()
    };
    let c = run(std::slice::from_ref(&d), &o);
    assert_eq!(
        state(&c, &d.join("a.jpg")).error(),
        Some("permission denied")
    );
    assert_eq!(state(&c, &d.join("b.jpg")).has_xmp(), Some(true));
}

#[cfg(unix)]
#[test]
fn fifos_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("a.jpg"), "XMP rating=1");
    let made = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.jpg"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        crate::util::skip::missing("skipping: mkfifo unavailable");
        return;
    }
    let c = run(&[d.to_path_buf()], &opts());
    assert_eq!(c.len(), 1);
    assert!(c.find(&d.join("pipe.jpg")).is_none());
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_read_through_their_exact_path() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let odd = d.join(OsStr::from_bytes(b"caf\xe9.jpg"));
    fs::write(&odd, "XMP rating=3").unwrap();
    fs::write(d.join(OsStr::from_bytes(b"caf\xe9.xmp")), "XMP rating=4").unwrap();
    let c = run(&[d.to_path_buf()], &opts());
    assert_eq!(c.len(), 1);
    let a = c.sorted()[0];
    assert_eq!(a.name, "caf\u{fffd}");
    let (_, r) = c.find(&odd).expect("exact path kept");
    assert_eq!(r.xmp.has_xmp(), Some(true));
    assert_eq!(c.failures().count(), 0);
}

#[test]
fn hidden_files_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join(".secret.jpg"), "jpeg");
    write(&d.join(".cache/x.jpg"), "jpeg");
    write(&d.join("shown.jpg"), "jpeg");
    let c = run(&[d.to_path_buf()], &opts());
    assert_eq!(c.len(), 1);
    let o = ScanOptions {
        hidden: true,
        ..opts()
    };
    let c = run(&[d.to_path_buf()], &o);
    assert_eq!(c.len(), 3);
}

#[test]
fn missing_roots_and_file_roots() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("IMG_1.CR2"), "raw");
    write(&d.join("IMG_1.xmp"), "XMP rating=2");
    write(&d.join("other.jpg"), "jpeg");
    let roots = [
        d.join("missing"),
        d.join("IMG_1.CR2"),
        d.join("IMG_1.xmp"),
        d.join("IMG_1.CR2"),
    ];
    let c = run(&roots, &opts());
    assert_eq!(c.errors().len(), 1);
    assert_eq!(c.errors()[0].message, "not found");
    assert_eq!(c.len(), 1);
    let a = c.sorted()[0];
    assert_eq!(a.renditions.len(), 2);
    assert_eq!(a.summary().unwrap().rating.as_deref(), Some("2"));
}

#[test]
fn derived_from_links_whatever_order_reads_arrive_in() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("IMG_1.CR2"), "raw");
    write(&d.join("IMG_1.xmp"), "XMP did=d1;iid=i1");
    write(&d.join("Pano.tif"), "XMP iid=i2;from=i1");
    write(&d.join("Print.jpg"), "XMP iid=i3;from=i2");
    write(&d.join("export/Web.jpg"), "XMP from=i1");
    for threads in [1, 2, 4] {
        let o = ScanOptions { threads, ..opts() };
        let mut c = Catalog::new(true);
        let mut merges = 0;
        for ev in scan(&[d.to_path_buf()], &o) {
            merges += c
                .apply(ev)
                .iter()
                .filter(|ch| matches!(ch, Change::Merged { .. }))
                .count();
        }
        // Only the export folder's file merges (a derivative folder); the names of
        // Pano and Print match no rule, so they stay assets derived from others.
        assert_eq!(merges, 1, "threads {threads}");
        assert_eq!(c.len(), 3, "threads {threads}");
        let sorted = c.sorted();
        let a = sorted[0];
        let roles: Vec<(&str, Role)> = a
            .renditions
            .iter()
            .map(|r| (r.rel.as_str(), r.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("IMG_1.CR2", Role::Primary),
                ("IMG_1.xmp", Role::Sidecar),
                ("export/Web.jpg", Role::Derivative),
            ],
            "threads {threads}"
        );
        let from: Vec<(&str, &[std::path::PathBuf])> = sorted
            .iter()
            .map(|a| (a.name.as_str(), a.derived_from.as_slice()))
            .collect();
        assert_eq!(
            from,
            [
                ("IMG_1", &[][..]),
                ("Pano", &[d.join("IMG_1.xmp")][..]),
                ("Print", &[d.join("Pano.tif")][..]),
            ],
            "threads {threads}"
        );
        // Every file id still finds its (merged) asset.
        for r in &a.renditions {
            assert_eq!(c.rendition(r.id).unwrap().0.id, a.id);
        }
    }
}

#[test]
fn identity_is_recorded_for_later_writes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("a.jpg"), "XMP rating=1");
    let c = run(&[d.to_path_buf()], &opts());
    let (_, r) = c.find(&d.join("a.jpg")).unwrap();
    let id = r.identity.unwrap();
    assert_eq!(id.size, 12);
    assert_ne!(id.packet_hash, 0);
    assert!(id.mtime_ns > 0);
}

#[test]
fn dropping_the_receiver_stops_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..200 {
        write(&d.join(format!("f{}/x{i}.jpg", i % 20)), "jpeg");
    }
    let rx = scan(&[d.to_path_buf()], &opts());
    let first = rx.recv().unwrap();
    assert!(matches!(first, ScanEvent::Listed { .. }), "{first:?}");
    drop(rx); // must not hang or panic; the threads notice and stop
}
