//! Temp files that a killed write left behind, found through the journal.
//!
//! A rewrite streams the new file into `.NAME.xmpedit-tmp-PID-N` beside the target
//! (see `TempFile` in [`xmpedit_formats::safe_write`]; the name format here must
//! match it) and renames it over the target; a process killed in between leaves a
//! full-size copy in the photo folder for good. The journal knows which files an
//! interrupted batch was writing, so the run that settles it (and `undo`, `log`)
//! looks beside each of them for names of exactly that shape whose PID is no live
//! process, and removes them. Nothing else is ever touched: other names, files of
//! live processes, anything that is not a regular file.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::journal::batch::BatchId;
use crate::journal::store::Journal;

/// One leftover temp file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// The batch whose file it sits beside.
    pub batch: BatchId,
    pub path: PathBuf,
}

/// The marker between the target's name and `PID-N`.
const MARK: &str = ".xmpedit-tmp-";

impl Journal {
    /// The leftover temp files of batches `ids` (each file's folder is listed once).
    pub fn leftovers(&self, ids: &[BatchId]) -> Vec<Leftover> {
        // Folder -> (file name as the temp file spells it -> batch).
        let mut wanted: HashMap<PathBuf, HashMap<String, BatchId>> = HashMap::new();
        for &id in ids {
            let Some(head) = self.heads.get(&id) else {
                continue;
            };
            let files = head.paths.iter().chain(head.targets.iter().flatten());
            for file in files {
                if let (Some(dir), Some(name)) = (file.parent(), file.file_name()) {
                    wanted
                        .entry(dir.to_path_buf())
                        .or_default()
                        .insert(name.to_string_lossy().into_owned(), id);
                }
            }
        }
        let mut out = Vec::new();
        for (dir, names) in wanted {
            let Ok(listing) = fs::read_dir(&dir) else {
                continue; // a folder gone or unreadable holds nothing we could remove
            };
            for entry in listing.flatten() {
                let name = entry.file_name();
                let Some((target, pid)) = name.to_str().and_then(parse_temp_name) else {
                    continue;
                };
                let Some(&batch) = names.get(target) else {
                    continue;
                };
                let regular = entry.file_type().is_ok_and(|t| t.is_file());
                if regular && !process_alive(pid) {
                    out.push(Leftover {
                        batch,
                        path: entry.path(),
                    });
                }
            }
        }
        out.sort_by(|a, b| (a.batch, &a.path).cmp(&(b.batch, &b.path)));
        out
    }
}

/// Removes leftovers; returns the ones that could not be removed, with the error
/// (one already gone counts as removed).
pub fn remove(list: &[Leftover]) -> Vec<(&Leftover, io::Error)> {
    let mut failed = Vec::new();
    for l in list {
        match fs::remove_file(&l.path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => failed.push((l, e)),
        }
    }
    let mut dirs: Vec<&Path> = list.iter().filter_map(|l| l.path.parent()).collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        // Durability of a removal is a nicety: a temp file back after a crash is
        // found again next time.
        let _ = crate::journal::fsutil::sync_dir(d);
    }
    failed
}

/// `.NAME.xmpedit-tmp-PID-N` -> (NAME, PID); anything else -> None.
fn parse_temp_name(name: &str) -> Option<(&str, u32)> {
    let rest = name.strip_prefix('.')?;
    let at = rest.rfind(MARK)?;
    let (target, tail) = (&rest[..at], &rest[at + MARK.len()..]);
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if target.is_empty() || !digits(pid) || !digits(n) {
        return None;
    }
    Some((target, pid.parse().ok()?))
}

/// Whether a process with this id exists. Unknown counts as alive: a temp file of a
/// running write must never be removed under it.
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Some(p) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return true;
    };
    !matches!(
        rustix::process::test_kill_process(p),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_temp_name_shape_matches() {
        assert_eq!(
            parse_temp_name(".a.jpg.xmpedit-tmp-123-0"),
            Some(("a.jpg", 123))
        );
        assert_eq!(
            parse_temp_name(".x.xmpedit-tmp-1.jpg.xmpedit-tmp-9-12"),
            Some(("x.xmpedit-tmp-1.jpg", 9))
        );
        for other in [
            "a.jpg.xmpedit-tmp-1-0",
            ".a.jpg.xmpedit-tmp-1-",
            ".a.jpg.xmpedit-tmp--0",
            ".a.jpg.xmpedit-tmp-1-0-2",
            ".a.jpg.xmpedit-tmp-x-0",
            "..xmpedit-tmp-1-0",
            ".a.jpg.tmp-1-0",
        ] {
            assert_eq!(parse_temp_name(other), None, "{other}");
        }
    }

    #[test]
    fn this_process_counts_as_alive() {
        assert!(process_alive(std::process::id()));
    }
}
