//! Output into a pipe that closes early (`xmpedit set -r … | head -1`) ends quietly
//! with the command's own exit code, never a panic.

use std::process::{Command, Stdio};

#[test]
fn set_into_a_closed_pipe_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        std::fs::write(
            dir.path().join(format!("f{i}.xmp")),
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>",
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .args(["set", "-r", "-e", "xmp:Rating=4"])
        .arg(dir.path())
        .env("XMPEDIT_DATA_DIR", dir.path().join("data"))
        .env("XMPEDIT_CONFIG", dir.path().join("config.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end at once, as `head` does after its lines.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
