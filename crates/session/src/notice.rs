//! What a session says on the side of its reports: batches a crash left open and how
//! they were settled, temp files a killed write left behind, journal warnings. The
//! shells print or show them as they are; the texts are theirs to keep short.

use std::fmt;
use std::path::PathBuf;

use crate::journal::BatchId;

/// Up to this many paths are named in one notice, then "and N more".
const SHOWN: usize = 10;

/// One thing the user should know that is not the command's own result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A journal file could not be read completely (the rest still works).
    JournalWarning(String),
    /// An interrupted batch was settled: how many of its files had been written.
    Settled {
        id: BatchId,
        written: usize,
        not_written: usize,
        conflicts: usize,
    },
    /// An interrupted batch could not be settled.
    SettleFailed(String),
    /// A batch is still open (reported by commands that do not write).
    Interrupted(BatchId),
    /// Temp files of an interrupted write of `batch`: removed, or only found.
    Leftovers {
        batch: BatchId,
        paths: Vec<PathBuf>,
        removed: bool,
    },
    /// A leftover temp file that could not be removed.
    LeftoverStuck {
        batch: BatchId,
        path: PathBuf,
        error: String,
    },
    /// Old batches could not be pruned (costs disk space only).
    PruneFailed(String),
}

fn list(paths: &[PathBuf]) -> String {
    let mut s: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| xmpedit_core::present::safe_path(p))
        .collect();
    if paths.len() > SHOWN {
        s.push(format!("and {} more", paths.len() - SHOWN));
    }
    s.join(", ")
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use xmpedit_core::present::{safe_path, safe_text};
        match self {
            Notice::JournalWarning(w) => write!(f, "{}", safe_text(w)),
            Notice::Settled {
                id,
                written,
                not_written,
                conflicts,
            } => {
                let others = if *conflicts == 0 {
                    String::new()
                } else {
                    format!(", {conflicts} changed by something else")
                };
                write!(
                    f,
                    "batch #{id} was interrupted: {written} file(s) had been written, \
                     {not_written} not{others}; `xmpedit undo {id}` takes it back"
                )
            }
            Notice::SettleFailed(e) => write!(f, "{}", safe_text(e)),
            Notice::Interrupted(id) => write!(
                f,
                "batch #{id} was interrupted before it completed; \
                 the next set, undo or redo settles it"
            ),
            Notice::Leftovers {
                batch,
                paths,
                removed: true,
            } => write!(
                f,
                "removed {} leftover temp file(s) from an interrupted write of batch #{batch}: {}",
                paths.len(),
                list(paths)
            ),
            Notice::Leftovers {
                batch,
                paths,
                removed: false,
            } => write!(
                f,
                "{} leftover temp file(s) from an interrupted write of batch #{batch}: {}; \
                 run `xmpedit log` to remove them",
                paths.len(),
                list(paths)
            ),
            Notice::LeftoverStuck { batch, path, error } => write!(
                f,
                "{}: a leftover temp file of interrupted batch #{batch} could not be removed \
                 ({}); delete it by hand",
                safe_path(path),
                safe_text(error)
            ),
            Notice::PruneFailed(e) => write!(f, "warning: {}", safe_text(e)),
        }
    }
}
