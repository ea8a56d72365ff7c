//! `xmpedit ls` as a user runs it: the real binary on real folders.

use std::path::Path;
use std::process::{Command, Output};

fn xmpedit(args: &[&str], config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .args(args)
        .env("XMPEDIT_CONFIG", config)
        .output()
        .expect("run xmpedit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn no_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = xmpedit(&["ls"], &dir.path().join("none.toml"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("<PATHS>"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_missing_folder_is_reported_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let out = xmpedit(
        &["ls", missing.to_str().unwrap()],
        &dir.path().join("none.toml"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!("xmpedit: {}: not found\n", missing.display())
    );
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn an_empty_folder_lists_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("none.toml");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = xmpedit(&["ls", empty.to_str().unwrap()], &cfg);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    let out = xmpedit(&["ls", "--json", empty.to_str().unwrap()], &cfg);
    assert_eq!(text(&out.stdout), "[]\n");
}

#[test]
fn a_malformed_config_file_is_a_usage_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[catalog]\nhidden = maybe\n").unwrap();
    let out = xmpedit(&["ls", dir.path().to_str().unwrap()], &cfg);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("xmpedit: {}: line 2, column 10: ", cfg.display())),
        "{err}"
    );
}
