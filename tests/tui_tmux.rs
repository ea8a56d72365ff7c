//! End to end: the real binary in tmux (send-keys, capture-pane) on a temp copy of
//! `assets/samples` (or a blank JPEG when there are no samples): set a rating and a
//! German title, write, quit; then the file read back with our reader (and ExifTool
//! where installed) has them. Skips with a message where tmux is absent.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use xmpedit::catalog::{Catalog, ScanOptions};
use xmpedit::tui::plan::{targets, TargetChoice};
use xmpedit::xmp::{lang, ns, Name};

struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    fn send(&self, keys: &[&str]) {
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

    fn capture(&self) -> String {
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
    fn wait_for(&self, what: &str) -> String {
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

fn tmux_available() -> bool {
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
        std::fs::write(folder.join("IMG_0001.jpg"), xmpedit::formats::jpeg::blank()).unwrap();
    }
    folder
}

#[test]
fn rate_title_write_quit_and_read_back() {
    if !tmux_available() {
        eprintln!("skipping: tmux is not installed");
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
    let (found, _) = xmpedit::formats::read_file(&target).expect("read back");
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
