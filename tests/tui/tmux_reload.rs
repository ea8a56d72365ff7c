//! End to end in tmux: another program (ExifTool) changes a file while the TUI has
//! it open; the write of a rating is refused (or, when the watcher was quicker, goes
//! on top of the re-read file), `R` re-reads the file and re-applies the pending
//! rating, and the next write keeps the outside change. The undo log holds only the
//! write that changed the file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::tmux::{os, start as start_tmux, tmux_available, Tmux};
use xmpedit_core::xmp::{ns, Name};

fn exiftool_available() -> bool {
    Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn start(dir: &Path, tag: &str) -> (Tmux, PathBuf) {
    let folder = dir.join("photos");
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("IMG_0001.jpg");
    std::fs::write(&file, xmpedit_formats::jpeg::blank()).unwrap();
    let mut program = os(&["env"]);
    program.push(format!("XMPEDIT_DATA_DIR={}", dir.join("data").display()).into());
    program.extend(os(&[
        "XMPEDIT_CONFIG=",
        "NO_COLOR=1",
        env!("CARGO_BIN_EXE_xmpedit"),
    ]));
    program.push(folder.clone().into());
    let tmux = start_tmux(&format!("reload-{tag}"), &program);
    tmux.wait_for("files read");
    (tmux, file)
}

/// Another program sets the city (and grows the file).
fn outside_change(file: &Path) {
    let out = Command::new("exiftool")
        .args(["-q", "-overwrite_original", "-XMP-photoshop:City=Bern"])
        .arg(file)
        .output()
        .expect("exiftool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until one of `any` is on the screen; returns the screen.
fn wait_any(tmux: &Tmux, any: &[&str]) -> String {
    let start = Instant::now();
    loop {
        let screen = tmux.capture();
        if any.iter().any(|w| screen.contains(w)) {
            return screen;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the screen never showed any of {any:?}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn check_file(file: &Path, data: &Path) {
    let (found, _) = xmpedit_formats::read_file(file).expect("read back");
    let p = found.packet.expect("a packet");
    assert_eq!(p.text(&Name::new(ns::XMP, "Rating")), Some("3"));
    assert_eq!(p.text(&Name::new(ns::PHOTOSHOP, "City")), Some("Bern"));
    // Only the write that changed the file is in the undo log: the refused one
    // recorded nothing.
    let batches = std::fs::read_dir(data.join("journal"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .count();
    assert_eq!(batches, 1);
}

fn skip() -> bool {
    if !tmux_available() || !exiftool_available() {
        crate::util::skip::missing("skipping: tmux or exiftool is not installed");
        return true;
    }
    false
}

#[test]
fn outside_change_then_rate_write_reload_write_keeps_both() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (tmux, file) = start(dir.path(), "a");
    outside_change(&file);
    tmux.send(&["3"]);
    tmux.send(&["w"]);
    tmux.wait_for("Write 1 asset");
    tmux.send(&["Enter"]);
    // Refused (the file changed), or written when the watcher re-read it first.
    let screen = wait_any(&tmux, &["1 failed", "1 file written"]);
    if screen.contains("1 failed") {
        // The progress popup says "1 failed" before the report with the hint shows.
        let screen = tmux.wait_for("R re-reads");
        assert!(screen.contains("R re-reads"), "{screen}");
        tmux.send(&["R"]);
        tmux.wait_for("reloaded IMG_0001");
        tmux.send(&["w"]);
        tmux.wait_for("Write 1 asset");
        tmux.send(&["Enter"]);
        tmux.wait_for("1 file written");
    }
    check_file(&file, &dir.path().join("data"));
}

#[test]
fn a_change_under_pending_edits_is_marked_and_reload_rebases_them() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (tmux, file) = start(dir.path(), "b");
    tmux.send(&["3"]);
    tmux.wait_for("xmp:Rating=3");
    outside_change(&file);
    // The watcher marks the asset before any write is tried.
    tmux.wait_for("changed on disk under pending edits");
    tmux.send(&["w"]);
    tmux.wait_for("Write 1 asset");
    tmux.send(&["Enter"]);
    // "1 failed" shows first in the progress popup; the report with the reason
    // follows it, so wait for the reason itself.
    let screen = tmux.wait_for("changed since it was read");
    assert!(screen.contains("1 failed"), "{screen}");
    tmux.send(&["R"]);
    tmux.wait_for("reloaded IMG_0001 (1 pending edit re-applied)");
    tmux.send(&["w"]);
    tmux.wait_for("Write 1 asset");
    tmux.send(&["Enter"]);
    tmux.wait_for("1 file written");
    check_file(&file, &dir.path().join("data"));
}
