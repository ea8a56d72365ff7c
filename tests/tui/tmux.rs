//! End to end: the real binary in tmux (send-keys, capture-pane) on a temp copy of
//! `assets/samples` (or a blank JPEG when there are no samples): set a rating and a
//! German title, write, quit; then the file read back with our reader (and ExifTool
//! where installed) has them; undoing that write from the undo log asks first (Esc
//! leaves the file as it is, y reverts it). Skips with a message where tmux is absent.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use xmpedit::tui::plan::{targets, TargetChoice};
use xmpedit_catalog::{Catalog, ScanOptions};
use xmpedit_core::xmp::{lang, ns, Name};

pub(super) struct Tmux {
    pub(super) socket: String,
    pub(super) session: String,
}

impl Tmux {
    pub(super) fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    pub(super) fn send(&self, keys: &[&str]) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(ok.success());
    }

    /// Sends text literally (no key names).
    fn type_text(&self, text: &str) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", &self.session, "-l", text])
            .status()
            .expect("tmux send-keys -l");
        assert!(ok.success());
    }

    pub(super) fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn alive(&self) -> bool {
        self.cmd()
            .args(["has-session", "-t", &self.session])
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Waits until the screen shows `what` (the binary is slow to start in debug
    /// builds on a busy machine, so the wait is generous; it is not a timing test).
    pub(super) fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the screen never showed {what:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

pub(super) fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A temp copy of assets/samples, or a folder with one blank JPEG.
fn sample_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("photos");
    std::fs::create_dir_all(&folder).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut copied = 0;
    if let Ok(entries) = std::fs::read_dir(&samples) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() && !e.file_name().to_string_lossy().starts_with('.') {
                std::fs::copy(&p, folder.join(e.file_name())).unwrap();
                copied += 1;
            }
        }
    }
    if copied == 0 {
        eprintln!("note: assets/samples is empty; using a blank JPEG");
        std::fs::write(folder.join("IMG_0001.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    }
    folder
}

#[test]
fn rate_title_write_quit_and_read_back() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_folder(dir.path());
    // Which file "original" writes for the first asset, as the TUI will choose it.
    let catalog = Catalog::load(std::slice::from_ref(&folder), &ScanOptions::default());
    let first = catalog.sorted()[0].clone();
    let target = targets(&first, TargetChoice::Original, &[])
        .first()
        .expect("the first asset has a target")
        .path
        .clone();

    let tmux = Tmux {
        socket: format!("xmpedit-test-{}", std::process::id()),
        session: "e2e".into(),
    };
    let bin = env!("CARGO_BIN_EXE_xmpedit");
    let data = dir.path().join("data");
    let ok = tmux
        .cmd()
        .args([
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            "120",
            "-y",
            "32",
        ])
        .arg("env")
        .arg(format!("XMPEDIT_DATA_DIR={}", data.display()))
        .arg("XMPEDIT_CONFIG=")
        .arg("NO_COLOR=1")
        .arg(bin)
        .arg(&folder)
        .status()
        .expect("tmux new-session");
    assert!(ok.success());

    tmux.wait_for("files read");
    // Rating 4 on the first asset.
    tmux.send(&["4"]);
    tmux.wait_for("xmp:Rating=4");
    // A German title through the property picker.
    tmux.send(&["a"]);
    tmux.wait_for("Add a property");
    tmux.type_text("dc:title");
    tmux.send(&["Enter"]);
    tmux.wait_for("Add a language to dc:title");
    tmux.type_text("de");
    tmux.send(&["Enter"]);
    tmux.wait_for("dc:title [de]");
    tmux.type_text("Gipfelkreuz");
    tmux.send(&["Enter"]);
    tmux.wait_for("dc:title[de]=Gipfelkreuz");
    // Write to the original.
    tmux.send(&["w"]);
    tmux.wait_for("Write 1 asset");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("1 file written");
    assert!(screen.contains("undo log #1"), "{screen}");
    tmux.send(&["q"]);
    let start = Instant::now();
    while tmux.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "still running after q:\n{}",
            tmux.capture()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // Our reader sees the edits.
    let (found, _) = xmpedit_formats::read_file(&target).expect("read back");
    let packet = found.packet.expect("a packet was written");
    assert_eq!(packet.text(&Name::new(ns::XMP, "Rating")), Some("4"));
    let title = packet.get(&Name::new(ns::DC, "title")).expect("dc:title");
    assert_eq!(lang::get_text(title, "de"), Some("Gipfelkreuz"));

    // ExifTool too, where installed.
    match Command::new("exiftool")
        .args(["-s", "-s", "-s", "-XMP-xmp:Rating", "-XMP-dc:Title-de"])
        .arg(&target)
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines, ["4", "Gipfelkreuz"], "exiftool said:\n{text}");
        }
        _ => eprintln!("note: exiftool not installed; checked with our reader only"),
    }
    // The write went through the undo journal.
    assert!(data.join("journal").read_dir().unwrap().count() > 0);
}

/// A tmux server of its own running `program` in a 120x32 pane (session "t").
pub(super) fn start(tag: &str, program: &[std::ffi::OsString]) -> Tmux {
    let tmux = Tmux {
        socket: format!("xmpedit-{tag}-{}", std::process::id()),
        session: "t".into(),
    };
    let ok = tmux
        .cmd()
        .args([
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            "120",
            "-y",
            "32",
        ])
        .args(program)
        .status()
        .expect("tmux new-session");
    assert!(ok.success());
    tmux
}

pub(super) fn os(parts: &[&str]) -> Vec<std::ffi::OsString> {
    parts.iter().map(Into::into).collect()
}

fn pid_alive(pid: &str) -> bool {
    Command::new("kill")
        .args(["-0", pid])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Waits for `cond` (generously: a slow start on a busy machine is no failure).
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "never happened: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The pid the TUI wrote into `file` (`sh -c 'echo $$ > file; exec xmpedit'`).
fn read_pid(file: &Path) -> String {
    wait_until("the pid file is written", || {
        std::fs::read_to_string(file).is_ok_and(|s| s.ends_with('\n'))
    });
    std::fs::read_to_string(file).unwrap().trim().to_string()
}

/// A folder of `n` blank JPEGs.
fn jpegs(dir: &Path, n: usize) -> PathBuf {
    let folder = dir.join("photos");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..n {
        std::fs::write(
            folder.join(format!("IMG_{i:04}.jpg")),
            xmpedit_formats::jpeg::blank(),
        )
        .unwrap();
    }
    folder
}

#[test]
fn sigterm_restores_the_terminal() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = jpegs(dir.path(), 1);
    let pid_file = dir.path().join("pid");
    let stty_file = dir.path().join("stty");
    // A plain shell (dash restores no terminal state after a killed child).
    let tmux = start("sigterm", &os(&["env", "PS1=READY$ ", "ENV=", "sh"]));
    tmux.wait_for("READY$");
    tmux.type_text(&format!(
        "sh -c 'echo $$ > \"{}\"; exec env XMPEDIT_DATA_DIR=\"{}\" XMPEDIT_CONFIG= NO_COLOR=1 \"{}\" \"{}\"'",
        pid_file.display(),
        dir.path().join("data").display(),
        env!("CARGO_BIN_EXE_xmpedit"),
        folder.display()
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("files read");
    let pid = read_pid(&pid_file);
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    wait_until("xmpedit exits on SIGTERM", || !pid_alive(&pid));

    // Back on the shell's screen, not the alternate one, with the prompt shown.
    let alternate = tmux
        .cmd()
        .args([
            "display-message",
            "-p",
            "-t",
            &tmux.session,
            "#{alternate_on}",
        ])
        .output()
        .unwrap();
    assert_eq!(text(&alternate.stdout).trim(), "0", "{}", tmux.capture());
    tmux.type_text(&format!(
        "echo rc=$?; stty -a > \"{}\"",
        stty_file.display()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("rc=143");
    assert!(!screen.contains("files read"), "{screen}");
    wait_until("stty -a ran", || {
        std::fs::read_to_string(&stty_file).is_ok_and(|s| s.contains("icanon"))
    });
    let stty = std::fs::read_to_string(&stty_file).unwrap();
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for want in ["echo", "icanon", "isig"] {
        assert!(flags.contains(&want), "stty -a after SIGTERM:\n{stty}");
    }
}

#[test]
fn sighup_finishes_the_write_in_progress() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    const FILES: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let folder = jpegs(dir.path(), FILES);
    let pid_file = dir.path().join("pid");
    let data = dir.path().join("data");
    let journal_dir = data.join("journal");
    let script = format!(
        "echo $$ > \"{}\"; exec env XMPEDIT_DATA_DIR=\"{}\" XMPEDIT_CONFIG= NO_COLOR=1 \"{}\" \"{}\"",
        pid_file.display(),
        data.display(),
        env!("CARGO_BIN_EXE_xmpedit"),
        folder.display()
    );
    let tmux = start("sighup", &os(&["sh", "-c", &script]));
    let pid = read_pid(&pid_file);
    tmux.wait_for(&format!("{FILES} files read"));
    tmux.send(&["*"]);
    tmux.send(&["3"]);
    tmux.send(&["w"]);
    tmux.wait_for(&format!("Write {FILES} assets"));
    tmux.send(&["Enter"]);
    // Hang up as soon as the batch is journaled, while its files are being written.
    wait_until("the write begins", || {
        std::fs::read_dir(&journal_dir).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".json"))
        })
    });
    let killed = tmux
        .cmd()
        .args(["kill-session", "-t", &tmux.session])
        .status()
        .unwrap();
    assert!(killed.success());
    wait_until("xmpedit exits on SIGHUP", || !pid_alive(&pid));

    let journal = xmpedit_session::journal::Journal::open(&journal_dir).unwrap();
    assert_eq!(journal.incomplete(), Vec::<u64>::new(), "an open batch");
    let list = journal.list();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].written, list[0].files), (FILES, FILES));
    for e in std::fs::read_dir(&folder).unwrap().flatten() {
        let (found, _) = xmpedit_formats::read_file(&e.path()).unwrap();
        let p = found.packet.expect("a packet was written");
        assert_eq!(p.text(&Name::new(ns::XMP, "Rating")), Some("3"));
    }
}

#[test]
fn read_only_creates_no_data_or_journal_folder() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = jpegs(dir.path(), 2);
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let bin = env!("CARGO_BIN_EXE_xmpedit");
    let unset = [
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
        "XMPEDIT_DATA_DIR",
        "XMPEDIT_CONFIG",
    ];
    let mut program = os(&["env"]);
    for v in unset {
        program.extend(os(&["-u", v]));
    }
    program.push(format!("HOME={}", home.display()).into());
    program.extend(os(&["NO_COLOR=1", bin, "--read-only"]));
    program.push(folder.clone().into());
    let tmux = start("readonly", &program);
    tmux.wait_for("2 files read");
    // The undo log reads the journal: there is none, and none may be made.
    tmux.send(&["U"]);
    tmux.wait_for("nothing written yet");
    // Escape and q must arrive apart: read together they are Alt-q, which closes
    // nothing (the run that failed under load).
    tmux.send(&["Escape"]);
    wait_until("the undo log closes", || {
        !tmux.capture().contains("nothing written yet")
    });
    tmux.send(&["q"]);
    wait_until("the TUI quits", || !tmux.alive());

    let f = folder.to_str().unwrap();
    for args in [
        vec!["--read-only", "show", f],
        vec!["--read-only", "ls", f],
        vec!["--read-only", "log"],
        vec!["show", f],
        vec!["ls", f],
        vec!["log"],
    ] {
        let mut c = Command::new(bin);
        c.args(&args).env("HOME", &home);
        for v in unset {
            c.env_remove(v);
        }
        let out = c.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let made: Vec<String> = walkdir::WalkDir::new(&home)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(made.is_empty(), "created: {made:?}");
}

#[test]
fn undo_from_the_log_asks_first_and_reverts_only_after_yes() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = jpegs(dir.path(), 1);
    let file = folder.join("IMG_0000.jpg");
    let original = std::fs::read(&file).unwrap();
    let bin = env!("CARGO_BIN_EXE_xmpedit");
    let mut program = os(&["env", "XMPEDIT_CONFIG=", "NO_COLOR=1"]);
    program.push(format!("XMPEDIT_DATA_DIR={}", dir.path().join("data").display()).into());
    program.push(bin.into());
    program.push(folder.clone().into());
    let tmux = start("undo", &program);
    tmux.wait_for("1 files read");
    let rating = |p: &Path| -> Option<String> {
        let (found, _) = xmpedit_formats::read_file(p).expect("read back");
        found
            .packet
            .and_then(|p| p.text(&Name::new(ns::XMP, "Rating")).map(str::to_string))
    };
    // Rate 4 and write it.
    tmux.send(&["4"]);
    tmux.wait_for("xmp:Rating=4");
    tmux.send(&["w"]);
    tmux.wait_for("Write 1 asset");
    tmux.send(&["Enter"]);
    tmux.wait_for("1 file written (undo log #1)");
    let written = std::fs::read(&file).unwrap();
    assert_eq!(rating(&file).as_deref(), Some("4"));

    // The log, u: a question listing the file; Esc: nothing reverted.
    tmux.send(&["U"]);
    tmux.wait_for("#1    "); // the journal is read
    tmux.send(&["u"]);
    let screen = tmux.wait_for("Undo #1?");
    assert!(screen.contains("Reverts this file:"), "{screen}");
    assert!(screen.contains("IMG_0000.jpg"), "{screen}");
    assert!(screen.contains("y revert · n keep"), "{screen}");
    tmux.send(&["Escape"]);
    let start_wait = Instant::now();
    while tmux.capture().contains("Undo #1?") {
        assert!(
            start_wait.elapsed() < Duration::from_secs(60),
            "Esc did not close the question"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.wait_for("u undo · r redo · Esc close");
    // Give a wrongly started undo time to show (it would run on the worker).
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        written,
        "Esc changed the file"
    );

    // u again, y: the undo runs and the file is as before the write.
    tmux.send(&["u"]);
    tmux.wait_for("Undo #1?");
    tmux.send(&["y"]);
    tmux.wait_for("(undo log #2)");
    assert_eq!(rating(&file), None, "the rating is gone");
    assert_eq!(std::fs::read(&file).unwrap(), original, "byte-exact undo");
    tmux.send(&["q"]);
    wait_until("the TUI quits", || !tmux.alive());
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn keywords_typed_as_a_list_are_written_as_separate_items() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = jpegs(dir.path(), 3);
    let bin = env!("CARGO_BIN_EXE_xmpedit");
    let mut program = os(&["env", "XMPEDIT_CONFIG=", "NO_COLOR=1"]);
    program.push(format!("XMPEDIT_DATA_DIR={}", dir.path().join("data").display()).into());
    program.push(bin.into());
    program.push(folder.clone().into());
    let tmux = start("keywords", &program);
    tmux.wait_for("3 files read");
    tmux.send(&["*"]);
    tmux.send(&["t"]);
    tmux.wait_for("Add keywords to 3 assets");
    tmux.type_text("one, two; three");
    tmux.send(&["Enter"]);
    tmux.wait_for("3 assets (not written yet");
    tmux.send(&["w"]);
    tmux.wait_for("Write 3 assets");
    tmux.send(&["Enter"]);
    tmux.wait_for("3 files written");
    tmux.send(&["q"]);
    wait_until("the TUI quits", || !tmux.alive());

    for e in std::fs::read_dir(&folder).unwrap().flatten() {
        let (found, _) = xmpedit_formats::read_file(&e.path()).expect("read back");
        let p = found.packet.expect("a packet was written");
        let items: Vec<&str> = p
            .get(&Name::new(ns::DC, "subject"))
            .and_then(|n| n.items())
            .map(|items| items.iter().filter_map(|i| i.as_text()).collect())
            .unwrap_or_default();
        assert_eq!(items, ["one", "two", "three"], "{}", e.path().display());
    }
}
