//! `xmp:MetadataDate` is set to now on every write that changes something, as
//! Adobe's applications do (`[write] metadata_date = false` turns it off); it never
//! makes a write of its own, and a later stamp by another program is no conflict
//! for undo.

use crate::util::set_support;

use set_support::*;
use xmpedit_core::xmp::ns;

fn date_of(path: &std::path::Path) -> Option<String> {
    simple(&model(path), ns::XMP, "MetadataDate")
}

/// Seconds since the epoch of an XMP date written by xmpedit (`...Z`).
fn secs(date: &str) -> i64 {
    let d = date.trim_end_matches('Z');
    let (ymd, hms) = d.split_once('T').expect("a date and a time");
    let p: Vec<i64> = ymd.split('-').map(|x| x.parse().unwrap()).collect();
    let t: Vec<i64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    // Days from civil (Howard Hinnant), enough for the comparison.
    let (y, m, day) = (p[0] - i64::from(p[1] <= 2), p[1], p[2]);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + t[0] * 3600 + t[1] * 60 + t[2]
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn a_write_sets_metadata_date_to_now_and_exiftool_reads_it_back() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let before = now();
    ws.ok(&["set", "-e", "xmp:Rating=3", s(&path)], 0);
    let date = date_of(&path).expect("xmp:MetadataDate written");
    let at = secs(&date);
    assert!(at >= before - 1 && at <= now() + 1, "{date}");
    if !exiftool() {
        crate::util::skip::missing("skipping the ExifTool read-back: exiftool is not installed");
        return;
    }
    let j = exiftool_json(&path);
    // ExifTool shows XMP dates as `YYYY:MM:DD HH:MM:SSZ`.
    let shown = j["MetadataDate"].as_str().unwrap_or_default().to_string();
    assert_eq!(shown, date.replacen('-', ":", 2).replace('T', " "), "{j}");
    assert_eq!(j["Rating"], serde_json::json!(3), "{j}");
}

#[test]
fn a_write_that_only_would_stamp_the_date_does_not_happen() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "xmp:Rating=3", s(&path)], 0);
    let bytes = std::fs::read(&path).unwrap();
    let journal = ws.journal_files();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = ws.ok(&["set", "-e", "xmp:Rating=3", s(&path)], 0);
    assert!(out.contains("nothing to write"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(ws.journal_files(), journal);
}

#[test]
fn config_metadata_date_false_leaves_the_date_alone() {
    let ws = Ws::new();
    std::fs::write(
        ws.dir.path().join("config.toml"),
        "[write]\nmetadata_date = false\n",
    )
    .unwrap();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "xmp:Rating=3", s(&path)], 0);
    assert_eq!(rating(&model(&path)).as_deref(), Some("3"));
    assert_eq!(date_of(&path), None);
}

#[test]
fn a_misspelt_write_setting_is_refused() {
    let ws = Ws::new();
    std::fs::write(
        ws.dir.path().join("config.toml"),
        "[write]\nmetadata_dat = false\n",
    )
    .unwrap();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let out = ws.run(&["set", "-e", "xmp:Rating=3", s(&path)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("write.metadata_dat"));
    assert_eq!(rating(&model(&path)), None);
}

#[test]
fn undo_after_another_program_stamped_the_file_is_no_conflict() {
    let ws = Ws::new();
    let jpg = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "xmp:Rating=3", s(&jpg)], 0);
    // Another program sets the label and stamps its own date.
    std::thread::sleep(std::time::Duration::from_millis(20));
    ws.ok(
        &[
            "set",
            "-e",
            "xmp:Label=Red",
            "-e",
            "xmp:MetadataDate=2001-02-03T04:05:06Z",
            s(&jpg),
        ],
        0,
    );
    // Undo the label batch's predecessor: the rating goes, the label stays.
    let log = ws.ok(&["log"], 0);
    let first = log
        .lines()
        .find(|l| l.contains("xmp:Rating=3"))
        .and_then(|l| {
            l.trim_start()
                .trim_start_matches('#')
                .split_whitespace()
                .next()
        })
        .unwrap_or_else(|| panic!("{log}"))
        .to_string();
    let before = now();
    let out = ws.run(&["undo", &first]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = model(&jpg);
    assert_eq!(rating(&m), None, "{m:?}");
    assert_eq!(simple(&m, ns::XMP, "Label").as_deref(), Some("Red"));
    // The undo is a write of its own: stamped now, not given the other date back.
    let date = date_of(&jpg).expect("stamped");
    assert!(secs(&date) >= before - 1, "{date}");
}

#[test]
fn dry_run_lists_the_metadata_date_stamp_the_write_would_add() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "xmp:Rating=2", s(&path)], 0);
    let stamped = date_of(&path).expect("the first write stamps the date");
    let before = now();
    let out = ws.ok(&["set", "--dry-run", "-e", "xmp:Rating=5", s(&path)], 0);
    let line = out
        .lines()
        .find(|l| l.contains("xmp:MetadataDate="))
        .unwrap_or_else(|| panic!("no stamp in the dry run:\n{out}"));
    // `xmp:MetadataDate=2026-…Z (was "…") (stamped …)`: now, replacing the old one.
    let date = line
        .trim()
        .trim_start_matches("xmp:MetadataDate=")
        .split_whitespace()
        .next()
        .unwrap();
    assert!(
        secs(date) >= before - 1 && secs(date) <= now() + 1,
        "{line}"
    );
    assert!(line.contains(&format!("(was {stamped:?})")), "{line}");
    // Nothing was written: the file keeps the first write's date.
    assert_eq!(date_of(&path).as_deref(), Some(stamped.as_str()));
}

#[test]
fn dry_run_lists_no_stamp_when_the_config_turns_it_off() {
    let ws = Ws::unstamped();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let out = ws.ok(&["set", "--dry-run", "-e", "xmp:Rating=5", s(&path)], 0);
    assert!(out.contains("xmp:Rating=5 (was absent)"), "{out}");
    assert!(!out.contains("MetadataDate"), "{out}");
}

#[test]
fn dry_run_shows_an_explicit_metadata_date_once() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let out = ws.ok(
        &[
            "set",
            "--dry-run",
            "-e",
            "xmp:MetadataDate=2001-02-03T04:05:06Z",
            s(&path),
        ],
        0,
    );
    assert_eq!(out.matches("MetadataDate").count(), 1, "{out}");
    assert!(out.contains("2001-02-03T04:05:06Z"), "{out}");
}
