//! Temp files of a killed run (issue 9, item 12): a `set` killed mid-rewrite leaves
//! a full-size `.NAME.xmpedit-tmp-PID-N` beside the photo. The journal knows which
//! files the interrupted batch was writing, so `log` (and the run that settles the
//! batch, and `undo`) removes them; `--read-only log` only reports them.
#![cfg(unix)]

use crate::util::set_support;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use set_support::*;
use xmpedit_session::journal::{BatchKind, Journal, NewEntry};

fn temps(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".xmpedit-tmp-"))
        .collect();
    v.sort();
    v
}

/// A blank JPEG made about `mb` MiB large with APP2 segments, so that a rewrite
/// (the temp file's life) takes a while.
fn big_jpeg(mb: usize) -> Vec<u8> {
    let blank = xmpedit_formats::jpeg::splice::blank();
    // After SOI and the 18-byte APP0.
    let (head, tail) = blank.split_at(20);
    let mut v = head.to_vec();
    for _ in 0..mb * 16 {
        v.extend_from_slice(&[0xFF, 0xE2, 0xFF, 0xFF]);
        v.extend(std::iter::repeat_n(0x5A, 0xFFFF - 2));
    }
    v.extend_from_slice(tail);
    v
}

/// The pid of a process that has exited (and been reaped).
fn dead_pid() -> u32 {
    let mut c = std::process::Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

#[test]
fn log_removes_the_temp_files_a_killed_set_left() {
    let ws = Ws::new();
    let mut photos = Vec::new();
    for i in 0..12 {
        photos.push(ws.put(&format!("p{i:02}.jpg"), &big_jpeg(4)));
    }
    let dir = std::fs::canonicalize(ws.files()).unwrap();
    // Kill `set` as soon as a temp file shows; retry until one is left behind (the
    // rename may win the race now and then).
    let mut left = Vec::new();
    for round in 0..20 {
        let mut child = ws
            .command(&["set", "-r", "-e", &format!("xmp:Label=r{round}"), s(&dir)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            if !temps(&dir).is_empty() || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        left = temps(&dir);
        if !left.is_empty() {
            break;
        }
    }
    assert!(!left.is_empty(), "no kill left a temp file in 20 rounds");

    // --read-only: reported, kept.
    let out = ws.run(&["--read-only", "log"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("leftover temp file(s)"), "{err}");
    assert!(err.contains("run `xmpedit log` to remove them"), "{err}");
    assert!(err.contains(&left[0]), "{err}");
    assert_eq!(temps(&dir), left);

    // log: removed, and said so; the photos stay whole.
    let out = ws.run(&["log"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("removed"), "{err}");
    assert_eq!(temps(&dir), Vec::<String>::new());
    for p in &photos {
        let (found, _) = xmpedit_formats::read_file(p).unwrap();
        assert!(
            found.warnings.is_empty(),
            "{}: {:?}",
            p.display(),
            found.warnings
        );
    }
}

/// An open batch (as a kill leaves it) over `files`, journaled in `ws`'s journal.
fn open_batch(ws: &Ws, files: &[PathBuf]) {
    let mut j = Journal::open(ws.dir.path().join("data/journal")).unwrap();
    let entries = files
        .iter()
        .map(|p| NewEntry {
            path: p.clone(),
            identity_before: None,
            old: None,
            new: None,
            target: None,
        })
        .collect();
    j.begin("set -e xmp:Rating=1", BatchKind::Edit, entries)
        .unwrap();
}

#[test]
fn only_exact_temp_names_of_dead_processes_beside_the_batch_files_are_removed() {
    let ws = Ws::new();
    let a = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.put("other.jpg", &xmpedit_formats::jpeg::splice::blank());
    let dir = ws.files();
    open_batch(&ws, std::slice::from_ref(&a));
    let dead = dead_pid();
    let live = std::process::id();
    let removable = format!(".a.jpg.xmpedit-tmp-{dead}-0");
    let kept = [
        format!(".a.jpg.xmpedit-tmp-{live}-0"), // a live process's write
        format!(".other.jpg.xmpedit-tmp-{dead}-0"), // not a file of the batch
        format!(".a.jpg.xmpedit-tmp-{dead}-0.bak"), // not the exact shape
        format!("a.jpg.xmpedit-tmp-{dead}-0"),  // no leading dot
    ];
    for n in kept.iter().chain([&removable]) {
        std::fs::write(dir.join(n), b"partial copy").unwrap();
    }
    let out = ws.run(&["log"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("removed 1 leftover temp file(s)") && err.contains(&removable),
        "{err}"
    );
    assert!(!dir.join(&removable).exists(), "{err}");
    for n in &kept {
        assert!(dir.join(n).exists(), "{n} was removed");
    }
}

#[test]
fn undo_settling_an_interrupted_batch_removes_its_temp_files() {
    let ws = Ws::new();
    let a = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "xmp:Rating=2", s(&a)], 0);
    open_batch(&ws, std::slice::from_ref(&a));
    let temp = ws
        .files()
        .join(format!(".a.jpg.xmpedit-tmp-{}-3", dead_pid()));
    std::fs::write(&temp, b"partial copy").unwrap();
    let out = ws.run(&["undo"]);
    let err = text(&out.stderr);
    assert!(err.contains("removed 1 leftover temp file(s)"), "{err}");
    assert!(!temp.exists(), "{err}");
}
