//! The file list of a command: arguments as given, folders listed (with `-r`:
//! recursively), hidden entries skipped.
//!
//! Folders are walked by the catalog's walker, so `show -r` and `ls -r` see the same
//! files and handle symlink loops the same way.

use std::path::PathBuf;

/// One thing to process: a file, or a folder entry that could not be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File(PathBuf),
    Unreadable { path: PathBuf, message: String },
}

/// Expands the arguments: files stay as given (even missing ones: reading them reports
/// the error); a folder gives the files directly in it, or with `recursive` every file
/// below it. Folders are walked through the catalog's loop-safe walker
/// ([`xmpedit_catalog::walk::files`]): each folder's files sorted by name before its
/// subfolders, hidden entries below the argument skipped, symlink loops and
/// unreadable folders reported once each.
pub fn expand(paths: &[PathBuf], recursive: bool) -> Vec<Entry> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Entry::File(path.clone()));
            continue;
        }
        let walked = xmpedit_catalog::walk::files(std::slice::from_ref(path), recursive, false);
        out.extend(walked.into_iter().map(|w| match w {
            xmpedit_catalog::walk::Walked::File(p) => Entry::File(p),
            xmpedit_catalog::walk::Walked::Error { path, message } => {
                Entry::Unreadable { path, message }
            }
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/sub")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "b/sub/z.jpg",
            "b/a.xmp",
            "c.png",
            "a.jpg",
            ".hidden.jpg",
            ".git/x",
            "b/.DS_Store",
        ] {
            std::fs::write(root.join(f), b"x").unwrap();
        }
        let got: Vec<String> = expand(&[root.to_path_buf(), root.join("missing.jpg")], true)
            .into_iter()
            .map(|e| match e {
                Entry::File(p) => p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned(),
                Entry::Unreadable { path, .. } => format!("ERR {}", path.display()),
            })
            .collect();
        assert_eq!(
            got,
            ["a.jpg", "c.png", "b/a.xmp", "b/sub/z.jpg", "missing.jpg"]
        );
    }
}
