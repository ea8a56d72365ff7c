//! Crash harness: a child process journals batches until SIGKILLed at arbitrary
//! moments; the journal must always reopen, with at most a torn last line per kill.

use std::path::PathBuf;
use xmpedit_formats::Identity;
use xmpedit_session::journal::{BatchKind, BatchState, Journal, NewEntry};

fn ident(n: u64) -> Identity {
    Identity {
        size: n,
        mtime_ns: i128::from(n),
        packet_hash: n,
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

/// Child half of the crash harness: journals batches as fast as it can until killed.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os("XMPEDIT_CRASH_CHILD_DIR") else {
        return; // only runs when spawned by `sigkill_at_any_moment_leaves_a_readable_journal`
    };
    let mut j = Journal::open(PathBuf::from(dir)).unwrap();
    loop {
        let entries = (0..5)
            .map(|i| {
                entry(
                    &format!("/p/{i}.jpg"),
                    Some(&"o".repeat(3000)),
                    Some(&"n".repeat(3000)),
                )
            })
            .collect();
        let id = j.begin("crash", BatchKind::Edit, entries).unwrap();
        for i in 0..5 {
            j.mark_written(id, i, ident(i as u64)).unwrap();
        }
        j.complete(id).unwrap();
    }
}

fn count_batches(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".json"))
            })
            .count()
        })
        .unwrap_or(0)
}

#[cfg(unix)]
#[test]
fn sigkill_at_any_moment_leaves_a_readable_journal() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    for round in 0..8u64 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "journal::crash::crash_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("XMPEDIT_CRASH_CHILD_DIR", tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child has journaled something new this round (however slow
        // the machine), then let it run a little longer so kills land anywhere.
        let seen = count_batches(tmp.path());
        while count_batches(tmp.path()) <= seen {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("crash child exited on its own: {status}");
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(std::time::Duration::from_millis(round * 7 % 23));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let j = Journal::open(tmp.path()).unwrap();
        // Each kill can tear at most the last line of the batch being written, and
        // leave that one batch open; complete batches have all five files written.
        assert!(
            j.warnings().len() <= round as usize + 1,
            "round {round}: {:?}",
            j.warnings()
        );
        assert!(
            j.warnings().iter().all(|w| w.contains("torn or corrupt")),
            "round {round}: {:?}",
            j.warnings()
        );
        let list = j.list();
        let open = j.incomplete();
        assert!(open.len() <= round as usize + 1, "round {round}: {open:?}");
        for s in &list {
            if s.state == BatchState::Complete {
                assert_eq!(s.written, 5, "round {round}: batch {}", s.id);
            }
            let b = j.get(s.id).unwrap();
            assert_eq!(b.entries.len(), 5);
            assert_eq!(b.entries[4].new.as_deref().map(str::len), Some(3000));
        }
    }
    let j = Journal::open(tmp.path()).unwrap();
    assert!(
        j.list().len() >= 8,
        "the child made progress: {}",
        j.list().len()
    );
}
