//! Which batches `undo`, `redo` and `log` act on: those that touched files under
//! some folders (by default the current one), or all of them.

use std::path::{Path, PathBuf};

/// Folders a history command is scoped to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folders {
    /// Every batch, wherever its files are (`--all`).
    All,
    /// Batches with at least one file under one of these folders (absolute paths).
    Under(Vec<PathBuf>),
}

impl Folders {
    /// Scoped to `dirs`, made absolute and with symlinks resolved so that they compare
    /// with the journal's paths; a folder that cannot be resolved is used as given.
    pub fn under(dirs: &[PathBuf]) -> Folders {
        Folders::Under(
            dirs.iter()
                .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| absolute(d)))
                .collect(),
        )
    }

    /// True when a batch with these files is in scope.
    pub fn matches(&self, paths: &[PathBuf]) -> bool {
        match self {
            Folders::All => true,
            Folders::Under(roots) => paths.iter().any(|p| roots.iter().any(|r| p.starts_with(r))),
        }
    }

    /// The folders, for "nothing to undo in …" (`None` for all).
    pub fn describe(&self) -> Option<String> {
        match self {
            Folders::All => None,
            Folders::Under(roots) => Some(
                roots
                    .iter()
                    .map(|r| xmpedit_core::present::safe_path(r))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_in_another_folder_is_out_of_scope() {
        let scope = Folders::Under(vec![PathBuf::from("/photos/a")]);
        assert!(scope.matches(&[PathBuf::from("/photos/a/x.jpg")]));
        assert!(scope.matches(&[
            PathBuf::from("/photos/b/y.jpg"),
            PathBuf::from("/photos/a/sub/z.jpg")
        ]));
        assert!(!scope.matches(&[PathBuf::from("/photos/ab/x.jpg")]));
        assert!(Folders::All.matches(&[PathBuf::from("/anywhere")]));
    }
}
