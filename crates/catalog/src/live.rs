//! Files that appear in or vanish from a listed folder after the scan (another
//! program exported a JPEG, a sidecar was created, a file was deleted or renamed):
//! the catalog takes them in without a new scan.
//!
//! A new file joins its folder's listing (or, in a derivative subfolder, the parent's)
//! by the same name rules as the scan: the listing's files plus the new one are
//! grouped again, and the new file goes to the asset that grouping puts it in (a new
//! asset when none of its files existed). The roles of that asset's files follow the
//! new grouping (a raw that appears beside a JPEG becomes the primary). Assets and
//! files keep their ids, so a shell's selection and pending edits stay attached.
//! Only after the scan is done: the scan numbers assets and files as it goes, and
//! ids given out meanwhile would collide with its later ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::asset::{Asset, AssetId, FileId};
use crate::group::{group, sort_renditions, Entry, Listing};
use crate::store::{slot, Catalog};

/// Where a new file went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    pub asset: AssetId,
    pub file: FileId,
    /// True when the file made an asset of its own.
    pub new_asset: bool,
}

/// What removing a file left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Left {
    pub asset: AssetId,
    /// True when it was the asset's last file: the asset is gone too.
    pub asset_gone: bool,
}

/// `path` relative to `folder`, `/`-separated.
fn rel_of(folder: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(folder).ok()?;
    let parts: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

impl Catalog {
    /// The listing a path belongs in and its name there: its folder's listing, or
    /// for a file in a derivative subfolder, the parent's.
    fn listing_for(&self, path: &Path) -> Option<(u32, String)> {
        let parent = path.parent()?;
        let name = path.file_name()?.to_string_lossy().into_owned();
        if let Some((&l, _)) = self.folders.iter().find(|(_, f)| f.as_path() == parent) {
            return Some((l, name));
        }
        let sub = parent.file_name()?.to_string_lossy().into_owned();
        if !self.rules.derivative_folders.contains(&sub) {
            return None;
        }
        let grand = parent.parent()?;
        let (&l, _) = self.folders.iter().find(|(_, f)| f.as_path() == grand)?;
        Some((l, format!("{sub}/{name}")))
    }

    /// The listing's files as the scan would list them now, plus `extra`.
    fn listing_now(&self, listing: u32, extra: Option<Entry>) -> Option<Listing> {
        let folder = self.folders.get(&listing)?.clone();
        let mut entries: Vec<Entry> = self
            .assets()
            .filter(|a| self.listing_of.get(a.id.0 as usize) == Some(&listing))
            .flat_map(|a| a.renditions.iter())
            .filter_map(|r| Some(Entry::new(rel_of(&folder, &r.path)?, r.size)))
            .collect();
        entries.extend(extra);
        Some(Listing { folder, entries })
    }

    /// Gives the listing's existing files the roles (and the assets their problems)
    /// a fresh grouping of it gives them.
    fn regroup(&mut self, listing: u32) {
        let Some(now) = self.listing_now(listing, None) else {
            return;
        };
        let fresh = group(&now, &self.rules);
        let by_path: HashMap<&PathBuf, (&Asset, usize)> = fresh
            .iter()
            .flat_map(|a| (0..a.renditions.len()).map(move |i| (&a.renditions[i].path, (a, i))))
            .collect();
        for a in self.assets.iter_mut().flatten() {
            if self.listing_of.get(a.id.0 as usize) != Some(&listing) {
                continue;
            }
            let mut problems = None;
            for r in &mut a.renditions {
                if let Some((f, i)) = by_path.get(&r.path) {
                    let g = &f.renditions[*i];
                    r.role = g.role;
                    r.sidecar_of = g.sidecar_of.clone();
                    problems.get_or_insert_with(|| f.problems.clone());
                }
            }
            if let Some(p) = problems {
                a.problems = p;
            }
            sort_renditions(a);
        }
    }

    /// Takes in a file that appeared after the scan (`size` as listed now). None when
    /// the catalog already has it, the scan is still running, or it lies outside every
    /// listed folder (a new subfolder is not listed) or is hidden while hidden files
    /// are not shown. The file is not read yet: the caller reads it and applies the
    /// result as a [`crate::ScanEvent::Read`] of the returned file id.
    pub fn add_file(&mut self, path: &Path, size: u64) -> Option<Joined> {
        if !self.progress().done || self.find(path).is_some() {
            return None;
        }
        let name = path.file_name()?.to_string_lossy();
        // This program's own temp files are never assets, hidden files only on request.
        if name.contains(".xmpedit-tmp-") || (name.starts_with('.') && !self.rules.hidden) {
            return None;
        }
        let (listing, rel) = self.listing_for(path)?;
        let with = self.listing_now(listing, Some(Entry::new(rel, size)))?;
        let fresh = group(&with, &self.rules);
        let home = fresh
            .into_iter()
            .find(|a| a.renditions.iter().any(|r| r.path == path))?;
        let file = FileId(u32::try_from(self.owner.len()).ok()?);
        let joins = home
            .renditions
            .iter()
            .filter(|r| r.path != path)
            .find_map(|r| self.find(&r.path).map(|(a, _)| a.id));
        let mut rendition = home.renditions.iter().find(|r| r.path == path)?.clone();
        rendition.id = file;
        let (asset, new_asset) = match joins {
            Some(id) => {
                let a = self
                    .assets
                    .get_mut(id.0 as usize)
                    .and_then(Option::as_mut)?;
                a.renditions.push(rendition);
                (id, false)
            }
            None => {
                let id = AssetId(u32::try_from(self.assets.len()).ok()?);
                let mut a = home;
                a.id = id;
                a.renditions = vec![rendition];
                *slot(&mut self.assets, id.0 as usize) = Some(a);
                *slot(&mut self.listing_of, id.0 as usize) = listing;
                (id, true)
            }
        };
        *slot(&mut self.owner, file.0 as usize) = Some(asset);
        if let Some(ix) = self.indexes.get_mut(&listing) {
            ix.add_name(file, &name);
        }
        self.regroup(listing);
        Some(Joined {
            asset,
            file,
            new_asset,
        })
    }

    /// Drops a file that no longer exists; its asset goes with its last file. None
    /// when the catalog does not have the file.
    pub fn remove_file(&mut self, path: &Path) -> Option<Left> {
        let (asset, file) = self.find(path).map(|(a, r)| (a.id, r.id))?;
        let a = self
            .assets
            .get_mut(asset.0 as usize)
            .and_then(Option::as_mut)?;
        a.renditions.retain(|r| r.id != file);
        let asset_gone = a.renditions.is_empty();
        if asset_gone {
            self.assets[asset.0 as usize] = None;
        }
        if let Some(o) = self.owner.get_mut(file.0 as usize) {
            *o = None;
        }
        if !asset_gone {
            let listing = self.listing_of.get(asset.0 as usize).copied().unwrap_or(0);
            self.regroup(listing);
        }
        Some(Left { asset, asset_gone })
    }
}
