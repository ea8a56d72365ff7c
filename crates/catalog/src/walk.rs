//! Walking folders into [`Listing`]s, one per folder, as soon as each is listed.
//!
//! Hand-written over `std::fs::read_dir` rather than `walkdir` because grouping needs
//! one complete listing per folder (plus its derivative subfolders) before descending,
//! which walkdir's flat depth-first stream does not give without buffering the tree.
//! Symbolic links are followed; a link leading back to one of its own ancestors is
//! reported once as a loop, a folder reached a second time through another link is
//! skipped. Only regular files are listed: FIFOs, sockets and devices are never opened.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::group::{Entry, Listing};

/// What the walk produces, in order.
#[derive(Debug)]
pub enum WalkItem {
    Listing(Listing),
    Error { path: PathBuf, message: String },
}

/// Walk settings.
#[derive(Debug, Clone)]
pub struct WalkOptions<'a> {
    pub recursive: bool,
    pub hidden: bool,
    pub derivative_folders: &'a [String],
}

/// Identity of a folder, to notice loops and second visits.
#[cfg(unix)]
type DirKey = (u64, u64);
#[cfg(not(unix))]
type DirKey = PathBuf;

#[cfg(unix)]
fn dir_key(path: &Path, meta: &fs::Metadata) -> io::Result<DirKey> {
    use std::os::unix::fs::MetadataExt;
    let _ = path;
    Ok((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_key(path: &Path, _meta: &fs::Metadata) -> io::Result<DirKey> {
    fs::canonicalize(path)
}

/// The chain of folders above the one being listed (for loop detection).
struct Chain {
    key: DirKey,
    path: PathBuf,
    parent: Option<Rc<Chain>>,
}

impl Chain {
    fn find(self: &Rc<Self>, key: &DirKey) -> Option<&Path> {
        let mut c = Some(self);
        while let Some(link) = c {
            if &link.key == key {
                return Some(&link.path);
            }
            c = link.parent.as_ref();
        }
        None
    }
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "not found".to_string(),
        _ => e.to_string(),
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Walks `roots`, calling `emit` for every listing and error; stops early when
/// `emit` returns false. File roots are listed together per parent folder.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions<'_>, mut emit: impl FnMut(WalkItem) -> bool) {
    let mut w = Walker {
        opts,
        visited: HashSet::new(),
    };
    let mut file_roots: BTreeMap<PathBuf, Vec<Entry>> = BTreeMap::new();
    let mut dir_roots = Vec::new();
    for root in roots {
        match fs::metadata(root) {
            Err(e) => {
                let message = io_message(&e);
                if !emit(WalkItem::Error {
                    path: root.clone(),
                    message,
                }) {
                    return;
                }
            }
            Ok(m) if m.is_dir() => dir_roots.push((root.clone(), m)),
            Ok(m) if m.is_file() => {
                let parent = root.parent().map(Path::to_path_buf).unwrap_or_default();
                let name = root.file_name().unwrap_or_default();
                file_roots
                    .entry(parent)
                    .or_default()
                    .push(entry_for(name, "", m.len(), root));
            }
            Ok(_) => {
                if !emit(WalkItem::Error {
                    path: root.clone(),
                    message: "not a regular file or folder".to_string(),
                }) {
                    return;
                }
            }
        }
    }
    for (folder, mut entries) in file_roots {
        entries.sort_by(|a, b| a.rel.cmp(&b.rel));
        entries.dedup_by(|a, b| a.rel == b.rel);
        if !emit(WalkItem::Listing(Listing { folder, entries })) {
            return;
        }
    }
    for (root, meta) in dir_roots {
        if !w.walk_root(root, &meta, &mut emit) {
            return;
        }
    }
}

fn entry_for(name: &OsStr, sub: &str, size: u64, path: &Path) -> Entry {
    let lossy = name.to_string_lossy();
    let rel = if sub.is_empty() {
        lossy.to_string()
    } else {
        format!("{sub}/{lossy}")
    };
    let mut e = Entry::new(rel, size);
    if name.to_str().is_none() {
        e.exact = Some(path.to_path_buf());
    }
    e
}

struct Walker<'o, 'a> {
    opts: &'o WalkOptions<'a>,
    visited: HashSet<DirKey>,
}

/// A folder's contents: regular files and subfolders (symlinks resolved).
struct Contents {
    files: Vec<(std::ffi::OsString, PathBuf, u64)>,
    dirs: Vec<(std::ffi::OsString, PathBuf, fs::Metadata)>,
}

impl Walker<'_, '_> {
    // DirKey is Copy on Unix only (a PathBuf elsewhere), hence the clones.
    #[allow(clippy::clone_on_copy)]
    fn walk_root(
        &mut self,
        root: PathBuf,
        meta: &fs::Metadata,
        emit: &mut impl FnMut(WalkItem) -> bool,
    ) -> bool {
        let key = match dir_key(&root, meta) {
            Ok(k) => k,
            Err(e) => {
                return emit(WalkItem::Error {
                    path: root,
                    message: io_message(&e),
                })
            }
        };
        let mut stack = vec![Rc::new(Chain {
            key,
            path: root,
            parent: None,
        })];
        while let Some(dir) = stack.pop() {
            // Marked when listed, not when queued: in depth-first name order a folder's
            // own path usually comes before a symlink elsewhere that leads into it.
            if !self.visited.insert(dir.key.clone()) {
                continue; // already listed through another path
            }
            let contents = match self.read(&dir.path, emit) {
                Some(c) => c,
                None => return false,
            };
            let mut entries: Vec<Entry> = contents
                .files
                .iter()
                .map(|(name, path, size)| entry_for(name, "", *size, path))
                .collect();
            let mut subdirs = Vec::new();
            for (name, path, meta) in contents.dirs {
                let key = match dir_key(&path, &meta) {
                    Ok(k) => k,
                    Err(e) => {
                        if !emit(WalkItem::Error {
                            path,
                            message: io_message(&e),
                        }) {
                            return false;
                        }
                        continue;
                    }
                };
                if let Some(ancestor) = dir.find(&key) {
                    let message = format!(
                        "symbolic link loop: leads back to {}; not followed",
                        ancestor.display()
                    );
                    if !emit(WalkItem::Error { path, message }) {
                        return false;
                    }
                    continue;
                }
                let derivative = name
                    .to_str()
                    .is_some_and(|n| self.opts.derivative_folders.iter().any(|d| d == n));
                if !derivative && !self.opts.recursive {
                    continue;
                }
                if self.visited.contains(&key) {
                    continue; // already listed through another path
                }
                let chain = Rc::new(Chain {
                    key,
                    path: path.clone(),
                    parent: Some(dir.clone()),
                });
                if derivative {
                    // Its files join this listing; its own subfolders are walked as usual.
                    self.visited.insert(chain.key.clone());
                    let sub = name.to_string_lossy().to_string();
                    let Some(inner) = self.read(&path, emit) else {
                        return false;
                    };
                    entries.extend(
                        inner
                            .files
                            .iter()
                            .map(|(n, p, size)| entry_for(n, &sub, *size, p)),
                    );
                    if self.opts.recursive {
                        for (_, p, m) in inner.dirs {
                            match dir_key(&p, &m) {
                                Ok(k) if chain.find(&k).is_some() => {
                                    let message = "symbolic link loop: leads back to an enclosing folder; not followed".to_string();
                                    if !emit(WalkItem::Error { path: p, message }) {
                                        return false;
                                    }
                                }
                                Ok(k) if !self.visited.contains(&k) => {
                                    subdirs.push(Rc::new(Chain {
                                        key: k,
                                        path: p,
                                        parent: Some(chain.clone()),
                                    }))
                                }
                                Ok(_) => {}
                                Err(e) => {
                                    if !emit(WalkItem::Error {
                                        path: p,
                                        message: io_message(&e),
                                    }) {
                                        return false;
                                    }
                                }
                            }
                        }
                    }
                } else {
                    subdirs.push(chain);
                }
            }
            entries.sort_by(|a, b| a.rel.cmp(&b.rel));
            if !emit(WalkItem::Listing(Listing {
                folder: dir.path.clone(),
                entries,
            })) {
                return false;
            }
            // Depth-first, in name order.
            subdirs.sort_by(|a, b| b.path.cmp(&a.path));
            stack.extend(subdirs);
        }
        true
    }

    /// Lists one folder. None when `emit` asked to stop.
    fn read(&self, dir: &Path, emit: &mut impl FnMut(WalkItem) -> bool) -> Option<Contents> {
        let mut c = Contents {
            files: Vec::new(),
            dirs: Vec::new(),
        };
        let rd = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                let message = format!("cannot list folder: {}", io_message(&e));
                return emit(WalkItem::Error {
                    path: dir.to_path_buf(),
                    message,
                })
                .then_some(c);
            }
        };
        for item in rd {
            let item = match item {
                Ok(i) => i,
                Err(e) => {
                    let message = format!("cannot list folder: {}", io_message(&e));
                    if !emit(WalkItem::Error {
                        path: dir.to_path_buf(),
                        message,
                    }) {
                        return None;
                    }
                    break;
                }
            };
            let name = item.file_name();
            if !self.opts.hidden && is_hidden(&name) {
                continue;
            }
            let path = item.path();
            // fs::metadata follows symlinks; DirEntry::metadata would not.
            let meta = match item.file_type() {
                Ok(t) if t.is_symlink() => fs::metadata(&path),
                _ => item.metadata(),
            };
            let meta = match meta {
                Ok(m) => m,
                Err(e) => {
                    let message = match e.kind() {
                        io::ErrorKind::NotFound
                            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) =>
                        {
                            "broken symbolic link".to_string()
                        }
                        // Vanished between listing and stat: nothing to report.
                        io::ErrorKind::NotFound => continue,
                        _ => io_message(&e),
                    };
                    if !emit(WalkItem::Error { path, message }) {
                        return None;
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                c.dirs.push((name, path, meta));
            } else if meta.is_file() {
                c.files.push((name, path, meta.len()));
            }
        }
        Some(c)
    }
}

/// A file found by [`files`], or a path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Walked {
    File(PathBuf),
    Error { path: PathBuf, message: String },
}

/// Every regular file under `roots`, for commands that process files one by one
/// (`show -r`): roots in the order given, each folder's files sorted by name before
/// its subfolders, hidden entries below a root skipped unless `hidden`. Symlink loops
/// and unreadable folders come back as [`Walked::Error`], once each.
pub fn files(roots: &[PathBuf], recursive: bool, hidden: bool) -> Vec<Walked> {
    let opts = WalkOptions {
        recursive,
        hidden,
        derivative_folders: &[],
    };
    let mut out = Vec::new();
    for root in roots {
        walk(std::slice::from_ref(root), &opts, |item| {
            match item {
                WalkItem::Listing(l) => out.extend(l.entries.iter().map(|e| {
                    Walked::File(
                        e.exact
                            .clone()
                            .unwrap_or_else(|| crate::group::entry_path(&l, e)),
                    )
                })),
                WalkItem::Error { path, message } => out.push(Walked::Error { path, message }),
            }
            true
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_in_argument_order_folders_depth_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b/sub/z.jpg",
            "b/a.xmp",
            "c.png",
            "a.jpg",
            ".hidden.jpg",
            ".git/x",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let shown = |w: &Walked| match w {
            Walked::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
            Walked::Error { path, message } => format!("ERR {} {message}", path.display()),
        };
        let got: Vec<String> = files(&[root.join("c.png"), root.to_path_buf()], true, false)
            .iter()
            .map(shown)
            .collect();
        assert_eq!(got, ["c.png", "a.jpg", "c.png", "b/a.xmp", "b/sub/z.jpg"]);
        let flat: Vec<String> = files(&[root.to_path_buf()], false, true)
            .iter()
            .map(shown)
            .collect();
        assert_eq!(flat, [".hidden.jpg", "a.jpg", "c.png"]);
        let missing = files(&[root.join("nope.jpg")], true, false);
        assert_eq!(
            missing,
            [Walked::Error {
                path: root.join("nope.jpg"),
                message: "not found".into()
            }]
        );
    }
}
