//! The file list of a command: arguments as given, folders (with `-r`) walked
//! recursively in file-name order, hidden entries skipped.
//!
//! Interim: the catalog layer will take over folder walking (assets, renditions).

use std::path::{Path, PathBuf};

/// One thing to process: a file, or a folder entry that could not be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File(PathBuf),
    Unreadable { path: PathBuf, message: String },
}

/// The first argument that is a folder, when folders are not allowed.
pub fn first_folder(paths: &[PathBuf]) -> Option<&Path> {
    paths.iter().map(PathBuf::as_path).find(|p| p.is_dir())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Expands the arguments: files stay as given (even missing ones: reading them reports
/// the error); folders are walked, sorted by file name, skipping hidden files and
/// folders below the argument itself.
pub fn expand(paths: &[PathBuf]) -> Vec<Entry> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Entry::File(path.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for item in walker {
            match item {
                Ok(e) => {
                    let is_file = e.file_type().is_file()
                        || (e.file_type().is_symlink() && e.path().is_file());
                    if is_file {
                        out.push(Entry::File(e.into_path()));
                    }
                }
                Err(err) => {
                    let path = err.path().unwrap_or(path).to_path_buf();
                    let message = match err.io_error() {
                        Some(io) => io.to_string(),
                        None => err.to_string(),
                    };
                    out.push(Entry::Unreadable { path, message });
                }
            }
        }
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
        let got: Vec<String> = expand(&[root.to_path_buf(), root.join("missing.jpg")])
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
            ["a.jpg", "b/a.xmp", "b/sub/z.jpg", "c.png", "missing.jpg"]
        );
        assert_eq!(
            first_folder(&[root.join("a.jpg"), root.join("b")]),
            Some(root.join("b").as_path())
        );
        assert_eq!(first_folder(&[root.join("a.jpg")]), None);
    }
}
