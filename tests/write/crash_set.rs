//! Crash safety of `xmpedit set`: a bulk edit of 200 small files (JPEG, PNG, PSD, MP4) is
//! killed with SIGKILL (`Child::kill`) at many different moments. After every kill each file
//! must hold either a complete old or a complete new packet (readable, model equal
//! to one of the states it went through), and repeated `xmpedit undo` must bring
//! every file back to its original packet.
//!
//! Temp files: a kill during a rewrite can leave an orphan `.NAME.xmpedit-tmp-PID-N`
//! next to the file being written (at most one per writer thread). Its name starts
//! with a dot, so scans (`ls`, `set -r`) skip it and it is never mistaken for data;
//! the test checks both, and that the run settling the batch removes it.

use crate::util::set_support;

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Instant;

use set_support::*;
use xmpedit_core::xmp::{ns, Name, Node, Packet, WriteOptions};
use xmpedit_formats as formats;
use xmpedit_formats::WriteRequest;

const FILES: usize = 200;
const KILLS: u64 = 18;

fn label(p: &Packet) -> Option<String> {
    simple(p, ns::XMP, "Label")
}

fn orphans(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn killed_bulk_sets_leave_whole_files_and_undo_restores_them() {
    let ws = Ws::unstamped();
    let mut paths = Vec::new();
    for i in 0..FILES {
        let (name, bytes) = match i % 4 {
            0 => (format!("j{i:03}.jpg"), formats::jpeg::splice::blank()),
            1 => (format!("p{i:03}.png"), formats::png::chunks::blank()),
            2 => (format!("s{i:03}.psd"), formats::psd::blank(false)),
            _ => (format!("m{i:03}.mp4"), formats::bmff::blank()),
        };
        let path = ws.put(&name, &bytes);
        let mut p = Packet::default();
        p.props
            .push((Name::new(ns::XMP, "Label"), Node::text(format!("orig{i}"))));
        formats::write_file(
            &path,
            &WriteRequest {
                packet: &p,
                options: WriteOptions::default(),
                expect: None,
                force_rewrite: false,
                policy: Default::default(),
                keep_original: None,
            },
        )
        .unwrap();
        paths.push(path);
    }
    let originals: Vec<Packet> = paths.iter().map(|p| model(p)).collect();
    let dir = ws.files();

    // How long one uninterrupted run takes, to spread the kills over it.
    let t = Instant::now();
    ws.ok(&["set", "-r", "-e", "xmp:Label=v0", s(&dir)], 0);
    let full = t.elapsed();
    let mut seen: HashSet<String> = (0..FILES).map(|i| format!("orig{i}")).collect();
    seen.insert("v0".into());

    let mut killed_mid_write = 0;
    for k in 1..=KILLS {
        let value = format!("v{k}");
        seen.insert(value.clone());
        let edit = format!("xmp:Label={value}");
        let mut child = ws
            .command(&["set", "-r", "-e", &edit, s(&dir)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Deterministic spread over 0..1.2x the run time, in a scrambled order.
        let frac = ((k * 7) % KILLS) as f64 / KILLS as f64 * 1.2;
        std::thread::sleep(full.mul_f64(frac));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            killed_mid_write += 1;
        }

        let mut values = HashSet::new();
        for p in &paths {
            let (found, _) = formats::read_file(p)
                .unwrap_or_else(|e| panic!("after kill {k}: {} unreadable: {e}", p.display()));
            assert!(
                found.warnings.is_empty(),
                "{}: {:?}",
                p.display(),
                found.warnings
            );
            let m = found.packet.expect("packet");
            let l = label(&m).expect("xmp:Label");
            assert!(
                seen.contains(&l),
                "after kill {k}: {} holds {l:?}",
                p.display()
            );
            assert_eq!(m.props.len(), 1, "{}: {m:?}", p.display());
            values.insert(l);
        }
        // At most one temp file per writer thread: the write pool's size
        // (crates/session/src/writeback/exec.rs, sized for I/O since d98b82f).
        let threads = std::thread::available_parallelism()
            .map_or(4, |n| n.get() * 4)
            .clamp(4, 16);
        let left = orphans(&dir);
        assert!(left.len() <= threads * k as usize, "{left:?}");
        for o in &left {
            assert!(o.contains(".xmpedit-tmp-"), "unexpected file {o}");
        }
    }
    eprintln!(
        "one run took {full:?}; {killed_mid_write} of {KILLS} runs were killed before finishing"
    );

    // Orphans are never data: listings skip them.
    let ls = ws.ok(&["ls", s(&dir)], 0);
    assert!(!ls.contains("xmpedit-tmp"), "{ls}");

    // Undo walks back through every batch, settling interrupted ones first.
    let mut undos = 0;
    loop {
        let out = ws.run(&["undo"]);
        if out.status.code() == Some(1) && text(&out.stderr).contains("nothing to undo") {
            break;
        }
        if out.status.code() != Some(0) {
            let log = ws.ok(&["log"], 0);
            let keep = ws.dir.path().to_path_buf();
            std::mem::forget(ws);
            panic!(
                "undo {undos}: {}\n{log}\nworkspace kept in {}",
                text(&out.stderr),
                keep.display()
            );
        }
        undos += 1;
        assert!(undos <= KILLS + 2, "undo does not end");
    }
    for (p, orig) in paths.iter().zip(&originals) {
        let now = model(p);
        assert!(same(&now, orig), "{}: {now:?}", p.display());
    }
    let log = ws.ok(&["log"], 0);
    assert!(!log.contains(" open "), "{log}");
    // Settling each interrupted batch removed the temp files its kill left behind.
    assert_eq!(orphans(&dir), Vec::<String>::new());
}
