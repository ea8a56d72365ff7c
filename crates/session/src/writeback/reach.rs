//! Where a write may lead: the one rule for symlinks that every writing command
//! (`set`, `undo`, `redo`, the TUI) applies before it touches a file.
//!
//! A recursive run once followed `DIR/link.jpg -> ../out/real.jpg` and changed a
//! file outside `DIR` without a word. Now a file found in folders is written only
//! when the file it resolves to lies in one of those folders (canonicalised); a file
//! the user named is written through wherever it leads, and the report names the
//! target; an undo or redo writes only to the file its batch wrote.
//! `--follow-symlinks` ([`WritePolicy::follow_symlinks`]) lifts the restriction.
//!
//! [`WritePolicy::follow_symlinks`]: xmpedit_formats::WritePolicy

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Beyond, FileError};

/// How a file to write was chosen, which decides where a symlink may lead it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Named by the user: written through a symlink wherever it leads.
    Named,
    /// Found in folders the user named (or the TUI opened): the file it resolves to
    /// must lie within one of them.
    Within {
        folders: Arc<[PathBuf]>,
        /// How messages call the folders ("the folders named").
        what: &'static str,
    },
    /// Written before by a batch (undo, redo): only to the file that batch wrote,
    /// recorded when it resolved elsewhere (`None`: the path itself).
    Rewrite(Option<PathBuf>),
}

/// The files and folders a command was given, from which each write's [`Reach`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub named: Vec<PathBuf>,
    pub folders: Arc<[PathBuf]>,
    pub what: &'static str,
}

impl Default for Scope {
    fn default() -> Scope {
        Scope::new(Vec::new(), Vec::new(), "the folders named")
    }
}

impl Scope {
    pub fn new(named: Vec<PathBuf>, folders: Vec<PathBuf>, what: &'static str) -> Scope {
        Scope {
            named: named.iter().map(|p| absolute(p)).collect(),
            folders: folders.into(),
            what,
        }
    }

    /// The reach of a file this command writes.
    pub fn reach(&self, path: &Path) -> Reach {
        let path = absolute(path);
        if self.named.contains(&path) {
            Reach::Named
        } else {
            Reach::Within {
                folders: Arc::clone(&self.folders),
                what: self.what,
            }
        }
    }
}

/// Where a write lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The path to open: the resolved file when `path` leads elsewhere.
    pub path: PathBuf,
    /// The file a symlink (of the file or of a folder above it) leads to, when it is
    /// not the path itself; reports name it, the journal records it.
    pub through: Option<PathBuf>,
}

/// Decides whether `path` may be written under `reach`, and where the write lands.
/// The error's Display is the message for the user (without the path).
pub fn resolve_write(path: &Path, reach: &Reach, follow: bool) -> Result<Resolved, FileError> {
    let is_link = match std::fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        // The write reports what is wrong with the file.
        Err(_) => return Ok(unchanged(path)),
    };
    let real = match real_path(path) {
        Ok(r) => r,
        Err(e) if is_link => return Err(FileError::Dangling(e.kind())),
        Err(_) => return Ok(unchanged(path)),
    };
    if real == absolute(path) {
        return Ok(unchanged(path));
    }
    let allowed = follow
        || match reach {
            Reach::Named => true,
            Reach::Within { folders, .. } => folders
                .iter()
                .filter_map(|f| std::fs::canonicalize(f).ok())
                .any(|f| real.starts_with(f)),
            Reach::Rewrite(wrote) => wrote.as_deref() == Some(real.as_path()),
        };
    if allowed {
        return Ok(Resolved {
            path: real.clone(),
            through: Some(real),
        });
    }
    let beyond = match reach {
        Reach::Within { what, .. } => Beyond::Folders(what),
        Reach::Rewrite(_) => Beyond::Batch,
        Reach::Named => Beyond::Named,
    };
    Err(FileError::OutOfReach {
        real,
        is_link,
        beyond,
    })
}

fn unchanged(path: &Path) -> Resolved {
    Resolved {
        path: path.to_path_buf(),
        through: None,
    }
}

/// The canonical path of `path`; for a file not created yet, its folder's canonical
/// path joined with its name.
fn real_path(path: &Path) -> io::Result<PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(p) => Ok(p),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(e); // a dangling symlink
            }
            match (path.parent(), path.file_name()) {
                (Some(dir), Some(name)) => Ok(std::fs::canonicalize(dir)?.join(name)),
                _ => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// `path` made absolute without resolving anything (`.` components drop out when
/// paths are compared).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(t.path()).unwrap();
        let dir = root.join("dir");
        let out = root.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("real.jpg"), b"x").unwrap();
        std::fs::write(dir.join("in.jpg"), b"x").unwrap();
        symlink("../out/real.jpg", dir.join("link.jpg")).unwrap();
        symlink("in.jpg", dir.join("inner.jpg")).unwrap();
        symlink("../out", dir.join("sub")).unwrap();
        (t, dir, out)
    }

    fn within(dir: &Path) -> Reach {
        Scope::new(Vec::new(), vec![dir.to_path_buf()], "the folders named").reach(dir)
    }

    #[test]
    fn symlinks_out_of_the_folders_are_refused_unless_followed() {
        let (_t, dir, out) = setup();
        let r = within(&dir);
        let err = resolve_write(&dir.join("link.jpg"), &r, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("a symlink to"), "{err}");
        assert!(err.contains("outside the folders named"), "{err}");
        let err = resolve_write(&dir.join("sub/real.jpg"), &r, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("symlinked folder"), "{err}");
        let ok = resolve_write(&dir.join("link.jpg"), &r, true).unwrap();
        assert_eq!(ok.path, out.join("real.jpg"));
        assert_eq!(ok.through.as_deref(), Some(out.join("real.jpg").as_path()));
    }

    #[test]
    fn files_in_the_folders_and_named_links_are_written() {
        let (_t, dir, out) = setup();
        let r = within(&dir);
        assert_eq!(
            resolve_write(&dir.join("in.jpg"), &r, false).unwrap(),
            unchanged(&dir.join("in.jpg"))
        );
        let inner = resolve_write(&dir.join("inner.jpg"), &r, false).unwrap();
        assert_eq!(inner.through, Some(dir.join("in.jpg")));
        let new = resolve_write(&dir.join("new.xmp"), &r, false).unwrap();
        assert_eq!(new.through, None);
        let named = Scope::new(vec![dir.join("link.jpg")], vec![dir.clone()], "x");
        let ok = resolve_write(
            &dir.join("link.jpg"),
            &named.reach(&dir.join("link.jpg")),
            false,
        )
        .unwrap();
        assert_eq!(ok.through, Some(out.join("real.jpg")));
    }

    #[test]
    fn rewrites_follow_only_to_the_file_the_batch_wrote() {
        let (_t, dir, out) = setup();
        let link = dir.join("link.jpg");
        let same = Reach::Rewrite(Some(out.join("real.jpg")));
        assert!(resolve_write(&link, &same, false).is_ok());
        let err = resolve_write(&link, &Reach::Rewrite(None), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not the file the batch wrote"), "{err}");
        symlink("../out/missing.jpg", dir.join("dangling.jpg")).unwrap();
        let err = resolve_write(&dir.join("dangling.jpg"), &Reach::Named, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("leads nowhere"), "{err}");
    }
}
