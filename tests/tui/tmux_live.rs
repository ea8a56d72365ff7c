//! End to end in tmux: while the TUI has a folder open, a JPEG renamed into it
//! shows up as a new asset and the status bar says so; a deleted file's asset leaves
//! the list. Waits poll the screen (with the harness's generous limit); nothing here
//! depends on how quickly the watcher reports.

use super::tmux::{os, start, tmux_available};

#[test]
fn files_renamed_into_and_deleted_from_the_open_folder_show_in_the_list() {
    if !tmux_available() {
        crate::util::skip::missing("skipping: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("photos");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("IMG_0001.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    let mut program = os(&["env"]);
    program.push(format!("XMPEDIT_DATA_DIR={}", dir.path().join("data").display()).into());
    program.extend(os(&[
        "XMPEDIT_CONFIG=",
        "NO_COLOR=1",
        env!("CARGO_BIN_EXE_xmpedit"),
    ]));
    program.push(folder.clone().into());
    let tmux = start("live", &program);
    tmux.wait_for("files read");
    // Written elsewhere, then moved in whole, as a download or an export does.
    let outside = dir.path().join("IMG_0002.jpg");
    std::fs::write(&outside, xmpedit_formats::jpeg::blank()).unwrap();
    std::fs::rename(&outside, folder.join("IMG_0002.jpg")).unwrap();
    let screen = tmux.wait_for("new file IMG_0002.jpg: asset IMG_0002 added");
    assert!(screen.contains("IMG_0001"), "{screen}");
    std::fs::remove_file(folder.join("IMG_0001.jpg")).unwrap();
    let screen = tmux.wait_for("IMG_0001.jpg was deleted: asset IMG_0001 removed");
    assert!(screen.contains("IMG_0002"), "{screen}");
}
