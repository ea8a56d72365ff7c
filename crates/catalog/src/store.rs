//! The catalog: assets by stable id, built from scan events.
//!
//! [`Catalog::apply`] folds one [`ScanEvent`] into the catalog and says what changed,
//! so a UI can consume the stream on its own schedule; [`Catalog::load`] is the
//! blocking convenience for the CLI.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::asset::{Asset, AssetId, FileId, ReadState, Rendition};
use crate::config::CatalogConfig;
use crate::derived::{relate, resolve, DerivedIndex, Outcome};
use crate::group::merge_into;
use crate::scan::{scan, ScanEvent, ScanOptions};

/// A path outside any asset that could not be scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub path: PathBuf,
    pub message: String,
}

/// Counts of a scan so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub listed: usize,
    pub read: usize,
    pub done: bool,
}

/// What one event changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// New assets (a folder was listed).
    Added(Vec<AssetId>),
    /// A rendition of this asset was read.
    Updated(AssetId),
    /// `from` was attached to `into` as a derivative and no longer exists (a
    /// DerivedFrom link the name rules agree with; other links only update `from`'s
    /// [`Asset::derived_from`], reported as [`Change::Updated`]).
    Merged {
        from: AssetId,
        into: AssetId,
    },
    /// A new entry in [`Catalog::errors`].
    Error,
    Progress,
    Done,
}

/// An asset's DerivedFrom relations to other assets ([`Catalog::derived_links`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DerivedLinks {
    /// The assets this one is derived from, with the file its DerivedFrom names.
    pub from: Vec<(AssetId, PathBuf)>,
    /// The assets derived from this one, with the file that stands for each.
    pub to: Vec<(AssetId, PathBuf)>,
}

/// Assets and errors of one scan.
#[derive(Debug, Default)]
pub struct Catalog {
    pub(crate) assets: Vec<Option<Asset>>,
    /// Owning asset of each file, by file id.
    pub(crate) owner: Vec<Option<AssetId>>,
    /// Listing of each asset, by asset id (DerivedFrom stays within one listing).
    pub(crate) listing_of: Vec<u32>,
    /// The folder of each listing (files appearing later join their folder's).
    pub(crate) folders: HashMap<u32, PathBuf>,
    pub(crate) indexes: HashMap<u32, DerivedIndex>,
    /// The name rules a DerivedFrom link must also match to merge; `derived_from`
    /// there turns links off altogether.
    pub(crate) rules: CatalogConfig,
    errors: Vec<ScanError>,
    progress: Progress,
}

pub(crate) fn slot<T: Default>(v: &mut Vec<T>, i: usize) -> &mut T {
    if v.len() <= i {
        v.resize_with(i + 1, T::default);
    }
    &mut v[i]
}

impl Catalog {
    /// An empty catalog with the default name rules; `derived_from` enables
    /// DerivedFrom links.
    pub fn new(derived_from: bool) -> Self {
        Self::with_rules(CatalogConfig {
            derived_from,
            ..CatalogConfig::default()
        })
    }

    /// An empty catalog following these rules (the ones the scan groups by).
    pub fn with_rules(rules: CatalogConfig) -> Self {
        Catalog {
            rules,
            ..Catalog::default()
        }
    }

    /// Scans `roots` and waits for the whole result.
    pub fn load(roots: &[PathBuf], opts: &ScanOptions) -> Catalog {
        let mut c = Catalog::with_rules(opts.rules.clone());
        for event in scan(roots, opts) {
            let done = matches!(event, ScanEvent::Done { .. });
            c.apply(event);
            if done {
                break;
            }
        }
        c
    }

    /// Folds one scan event into the catalog.
    pub fn apply(&mut self, event: ScanEvent) -> Vec<Change> {
        match event {
            ScanEvent::Listed {
                listing,
                assets,
                folder,
            } => {
                self.folders.insert(listing, folder);
                let mut ids = Vec::with_capacity(assets.len());
                let index = self
                    .rules
                    .derived_from
                    .then(|| self.indexes.entry(listing).or_default());
                let mut index = index;
                for a in assets {
                    for r in &a.renditions {
                        *slot(&mut self.owner, r.id.0 as usize) = Some(a.id);
                        if let Some(ix) = index.as_deref_mut() {
                            ix.add_name(r.id, r.file_name());
                        }
                    }
                    *slot(&mut self.listing_of, a.id.0 as usize) = listing;
                    ids.push(a.id);
                    let at = a.id.0 as usize;
                    *slot(&mut self.assets, at) = Some(a);
                }
                vec![Change::Added(ids)]
            }
            ScanEvent::Read { file, result, .. } => self.on_read(file, result),
            ScanEvent::Progress { read, listed } => {
                self.progress.read = read;
                self.progress.listed = listed;
                vec![Change::Progress]
            }
            ScanEvent::Error { path, message } => {
                self.errors.push(ScanError { path, message });
                vec![Change::Error]
            }
            ScanEvent::Done { listed, read } => {
                self.progress = Progress {
                    listed,
                    read,
                    done: true,
                };
                vec![Change::Done]
            }
        }
    }

    fn on_read(&mut self, file: FileId, result: crate::scan::ReadResult) -> Vec<Change> {
        let Some(asset_id) = self.asset_of(file) else {
            return Vec::new();
        };
        let Some(r) = self
            .assets
            .get_mut(asset_id.0 as usize)
            .and_then(Option::as_mut)
            .and_then(|a| a.rendition_mut(file))
        else {
            return Vec::new();
        };
        let mut summary = None;
        match result {
            Ok((info, identity)) => {
                r.format = info.format;
                r.can_hold_xmp = info.format.writable();
                r.identity = Some(identity);
                if info.summary.document_id.is_some()
                    || info.summary.instance_id.is_some()
                    || info.summary.derived_from.is_some()
                {
                    summary = Some(info.summary.clone());
                }
                r.xmp = ReadState::Read(info);
            }
            Err(message) => r.xmp = ReadState::Failed(message),
        }
        let mut changes = vec![Change::Updated(asset_id)];
        let (Some(summary), true) = (summary, self.rules.derived_from) else {
            return changes;
        };
        let listing = self
            .listing_of
            .get(asset_id.0 as usize)
            .copied()
            .unwrap_or(0);
        let links = match self.indexes.get_mut(&listing) {
            Some(ix) => ix.on_read(file, &summary),
            None => return changes,
        };
        for link in links {
            let outcome = resolve(&link, &self.rules, |f| self.asset_of(f), |a| self.asset(a));
            match outcome {
                Some(Outcome::Merge { from, into }) => {
                    self.merge(from, into);
                    changes.push(Change::Merged { from, into });
                }
                Some(Outcome::Relate { from, sources, .. }) => {
                    if let Some(a) = self
                        .assets
                        .get_mut(from.0 as usize)
                        .and_then(Option::as_mut)
                    {
                        relate(a, sources);
                        changes.push(Change::Updated(from));
                    }
                }
                None => {}
            }
        }
        changes
    }

    fn merge(&mut self, from: AssetId, into: AssetId) {
        let Some(derived) = self.assets.get_mut(from.0 as usize).and_then(Option::take) else {
            return;
        };
        for r in &derived.renditions {
            *slot(&mut self.owner, r.id.0 as usize) = Some(into);
        }
        match self
            .assets
            .get_mut(into.0 as usize)
            .and_then(Option::as_mut)
        {
            Some(target) => merge_into(target, derived),
            None => self.assets[from.0 as usize] = Some(derived),
        }
    }

    /// All assets, in scan order (folders as listed, names sorted within a folder).
    pub fn assets(&self) -> impl Iterator<Item = &Asset> {
        self.assets.iter().flatten()
    }

    /// All assets sorted by folder, then name.
    pub fn sorted(&self) -> Vec<&Asset> {
        let mut v: Vec<&Asset> = self.assets().collect();
        v.sort_by(|a, b| (&a.folder, &a.name).cmp(&(&b.folder, &b.name)));
        v
    }

    pub fn asset(&self, id: AssetId) -> Option<&Asset> {
        self.assets.get(id.0 as usize).and_then(Option::as_ref)
    }

    /// The asset a file currently belongs to.
    pub fn asset_of(&self, file: FileId) -> Option<AssetId> {
        self.owner.get(file.0 as usize).copied().flatten()
    }

    /// A file's asset and rendition.
    pub fn rendition(&self, file: FileId) -> Option<(&Asset, &Rendition)> {
        let a = self.asset(self.asset_of(file)?)?;
        Some((a, a.rendition(file)?))
    }

    /// The asset and rendition of a path (as the scan spelled it).
    pub fn find(&self, path: &Path) -> Option<(&Asset, &Rendition)> {
        self.assets()
            .find_map(|a| a.renditions.iter().find(|r| r.path == path).map(|r| (a, r)))
    }

    /// The `xmpMM:DerivedFrom` relations of an asset that did not group (see
    /// [`Asset::derived_from`]), both ways: the assets and files it is derived from,
    /// and the assets derived from it with the file that stands for each (its primary,
    /// else its first file).
    pub fn derived_links(&self, id: AssetId) -> DerivedLinks {
        let mut links = DerivedLinks::default();
        let Some(asset) = self.asset(id) else {
            return links;
        };
        for path in &asset.derived_from {
            if let Some((source, _)) = self.find(path) {
                links.from.push((source.id, path.clone()));
            }
        }
        let own: Vec<&PathBuf> = asset.renditions.iter().map(|r| &r.path).collect();
        for other in self.assets() {
            if other.id != id && other.derived_from.iter().any(|p| own.contains(&p)) {
                if let Some(r) = other.primary().or_else(|| other.renditions.first()) {
                    links.to.push((other.id, r.path.clone()));
                }
            }
        }
        links
    }

    /// Number of assets.
    pub fn len(&self) -> usize {
        self.assets().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Paths outside any asset that failed (folders, links, missing roots).
    pub fn errors(&self) -> &[ScanError] {
        &self.errors
    }

    /// Files whose read failed, with the message.
    pub fn failures(&self) -> impl Iterator<Item = (&Rendition, &str)> {
        self.assets()
            .flat_map(|a| a.renditions.iter())
            .filter_map(|r| r.xmp.error().map(|m| (r, m)))
    }

    pub fn progress(&self) -> Progress {
        self.progress
    }
}
