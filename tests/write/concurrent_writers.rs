//! The concurrency harness (issue 9): `set -r` over 1,000 files while this process, as
//! "another program", rewrites a random subset (rename over, truncate + write, same
//! size with the modification time put back), several rounds, for in-place and for
//! temp + rename edits. Every file must end as exactly one of: ours on the original,
//! the other program's version, or ours on top of the other program's version. Zero
//! lost updates, zero mixed files.

use crate::util::fmt_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fmt_common::*;
use xmpedit_formats::{jpeg, write_file};

const FILES: usize = 1000;
const ROUNDS: u64 = 5;

/// xorshift: a seeded, dependency-free choice of files and kinds.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    RenameOver,
    TruncateWrite,
    SameSizeOldMtime,
}

fn set(dir: &Path, target: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .args(["set", "-r", "-e", "xmp:Rating=5"])
        .arg(target)
        .env("XMPEDIT_DATA_DIR", dir.join("data"))
        .env("XMPEDIT_CONFIG", dir.join("config.toml"))
        .output()
        .expect("run xmpedit")
}

/// What `set` makes of `bytes` when nobody interferes.
fn ours_on(dir: &Path, ext: &str, bytes: &[u8]) -> Vec<u8> {
    let work = dir.join(format!("expect-{}", rand_name(bytes)));
    std::fs::create_dir_all(&work).unwrap();
    let file = write(&work, &format!("f.{ext}"), bytes);
    let out = set(dir, &work);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(file).unwrap()
}

fn rand_name(bytes: &[u8]) -> u64 {
    xmpedit_formats::Identity::from_metadata(&std::fs::metadata("/").unwrap(), Some(bytes))
        .packet_hash
}

fn apply(path: &Path, kind: Kind, other: &[u8], same_size: &[u8]) {
    match kind {
        Kind::RenameOver => {
            let t = path.with_extension("incoming");
            std::fs::write(&t, other).unwrap();
            std::fs::rename(&t, path).unwrap();
        }
        Kind::TruncateWrite => std::fs::write(path, other).unwrap(),
        Kind::SameSizeOldMtime => {
            let mtime = std::fs::metadata(path).unwrap().modified().unwrap();
            std::fs::write(path, same_size).unwrap();
            let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            f.set_modified(mtime).unwrap();
        }
    }
}

struct Versions {
    ext: &'static str,
    original: Vec<u8>,
    /// The other program's new version (rename and truncate + write).
    other: Vec<u8>,
    /// The other program's same-size change of the original.
    same_size: Vec<u8>,
}

fn run_rounds(v: &Versions, want_in_place: bool) {
    let base = tempdir();
    // The xmp:MetadataDate stamp is the time of the write: "ours" is compared byte
    // for byte, so this run writes without it.
    std::fs::write(
        base.path().join("config.toml"),
        "[write]\nmetadata_date = false\n",
    )
    .unwrap();
    let ours = ours_on(base.path(), v.ext, &v.original);
    let ours_on_other = ours_on(base.path(), v.ext, &v.other);
    let ours_on_same = ours_on(base.path(), v.ext, &v.same_size);
    assert_ne!(ours, v.original);
    // In place keeps the size; a rewrite of a file without a packet grows it.
    let in_place = ours.len() == v.original.len();
    assert_eq!(
        in_place, want_in_place,
        "the harness does not test the path it names"
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut bad = Vec::new();
    for round in 0..ROUNDS {
        let dir = base.path().join(format!("round{round}"));
        std::fs::create_dir(&dir).unwrap();
        let files: Vec<PathBuf> = (0..FILES)
            .map(|i| write(&dir, &format!("f{i:04}.{}", v.ext), &v.original))
            .collect();
        let mut plan: Vec<(usize, Kind)> = Vec::new();
        for i in 0..FILES {
            if rng.next().is_multiple_of(5) {
                let kind = match rng.next() % 3 {
                    0 => Kind::RenameOver,
                    1 => Kind::TruncateWrite,
                    _ => Kind::SameSizeOldMtime,
                };
                plan.push((i, kind));
            }
        }
        // Shuffle so the other program does not follow the walk's order.
        for i in (1..plan.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            plan.swap(i, j);
        }
        let (other, same) = (v.other.clone(), v.same_size.clone());
        let targets = files.clone();
        let todo = plan.clone();
        let child = {
            let dir = dir.clone();
            let base = base.path().to_path_buf();
            std::thread::spawn(move || set(&base, &dir))
        };
        let rewriter = std::thread::spawn(move || {
            for (i, kind) in todo {
                apply(&targets[i], kind, &other, &same);
                std::thread::sleep(Duration::from_micros(300));
            }
        });
        rewriter.join().unwrap();
        let out = child.join().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let touched: std::collections::HashMap<usize, Kind> = plan.into_iter().collect();
        for (i, path) in files.iter().enumerate() {
            let now = std::fs::read(path).unwrap();
            let ok = match touched.get(&i) {
                None => now == ours,
                Some(Kind::SameSizeOldMtime) => now == v.same_size || now == ours_on_same,
                Some(_) => now == v.other || now == ours_on_other,
            };
            if !ok {
                bad.push(format!(
                    "round {round} {} ({:?}): {} bytes, neither theirs nor ours on top",
                    path.display(),
                    touched.get(&i),
                    now.len()
                ));
            }
        }
        let leftovers: Vec<String> = entries(&dir)
            .into_iter()
            .filter(|n| n.contains(".xmpedit-tmp-") || n.ends_with(".incoming"))
            .collect();
        assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    }
    assert!(
        bad.is_empty(),
        "{} lost or mixed files:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

fn with_packet(bytes: &[u8], ext: &str, packet: &xmpedit_core::xmp::Packet) -> Vec<u8> {
    let dir = tempdir();
    let p = write(dir.path(), &format!("x.{ext}"), bytes);
    write_file(&p, &req(packet)).unwrap();
    std::fs::read(p).unwrap()
}

#[test]
fn concurrent_rewriter_loses_nothing_during_in_place_edits() {
    // A padded packet: the rating edit fits and is patched in place.
    let original = with_packet(&jpeg::blank(), "jpg", &sample_packet());
    let other = with_packet(&jpeg::blank(), "jpg", &changed_packet());
    let same_size = replaced(&original, b"A title", b"B title");
    run_rounds(
        &Versions {
            ext: "jpg",
            original,
            other,
            same_size,
        },
        true,
    );
}

#[test]
fn concurrent_rewriter_loses_nothing_during_rewrites() {
    // No packet yet: every edit goes through a temp file and a swap.
    let original = jpeg::blank();
    let other = with_packet(&jpeg::blank(), "jpg", &changed_packet());
    let mut same_size = original.clone();
    let mid = same_size.len() / 2;
    same_size[mid] ^= 0x01;
    run_rounds(
        &Versions {
            ext: "jpg",
            original,
            other,
            same_size,
        },
        false,
    );
}
