//! Following `xmpMM:DerivedFrom`: a file whose DerivedFrom names another asset's
//! InstanceID, DocumentID or file name is linked to that asset. The link merges the
//! two only when the name rules agree ([`derives_by_name`]: a derivative folder, or a
//! derivative suffix leading to the source's name); otherwise the assets stay apart
//! and the link is kept as [`Asset::derived_from`], because ids are copied along with
//! metadata (templates, "Save As", copies) and so do not prove that two files show
//! one picture.
//!
//! Packets arrive one by one while a folder is scanned, so the index is incremental:
//! each read file adds its ids and its reference; a reference whose source is not
//! read yet waits until it is. The scope is one listing (a folder and its derivative
//! subfolders). A link is used only when it is unambiguous (the ids point into
//! exactly one other asset) and the referring file speaks for its asset (its primary
//! or that primary's sidecar), so a stray JPEG never drags a raw's asset along.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::asset::{Asset, AssetId, FileId, Role, Summary};
use crate::config::CatalogConfig;
use crate::group::{derives_by_name, merge_into, sort_renditions};

/// Ids and names of one listing's files, and references waiting for their source.
#[derive(Debug, Default)]
pub struct DerivedIndex {
    ids: HashMap<String, Vec<FileId>>,
    names: HashMap<String, Vec<FileId>>,
    pending: HashMap<String, Vec<FileId>>,
    resolved: HashSet<FileId>,
}

/// A file and the files its DerivedFrom points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub derived: FileId,
    pub sources: Vec<FileId>,
}

fn last_component(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl DerivedIndex {
    /// Registers a listed file's name (for DerivedFrom given as a file name).
    pub fn add_name(&mut self, file: FileId, name: &str) {
        self.names.entry(name.to_string()).or_default().push(file);
    }

    /// Records a read file; returns the links that became known.
    pub fn on_read(&mut self, file: FileId, summary: &Summary) -> Vec<Link> {
        let mut links = Vec::new();
        for id in [&summary.instance_id, &summary.document_id]
            .into_iter()
            .flatten()
        {
            self.ids.entry(id.clone()).or_default().push(file);
            if let Some(waiting) = self.pending.remove(id) {
                for derived in waiting {
                    if derived != file && self.resolved.insert(derived) {
                        links.push(Link {
                            derived,
                            sources: self.ids[id].clone(),
                        });
                    }
                }
            }
        }
        let Some(r) = &summary.derived_from else {
            return links;
        };
        let keys = [&r.instance_id, &r.document_id];
        for id in keys.into_iter().flatten() {
            if let Some(sources) = self.ids.get(id) {
                self.resolved.insert(file);
                links.push(Link {
                    derived: file,
                    sources: sources.clone(),
                });
                return links;
            }
        }
        if let Some(sources) = r
            .file
            .as_deref()
            .and_then(|f| self.names.get(last_component(f)))
        {
            self.resolved.insert(file);
            links.push(Link {
                derived: file,
                sources: sources.clone(),
            });
            return links;
        }
        for id in keys.into_iter().flatten() {
            self.pending.entry(id.clone()).or_default().push(file);
        }
        links
    }
}

/// Whether `file` speaks for `asset`: its primary, or the primary's sidecar, or (for
/// an asset without media) any sidecar.
pub fn speaks_for(asset: &Asset, file: FileId) -> bool {
    let Some(r) = asset.rendition(file) else {
        return false;
    };
    match asset.primary() {
        Some(p) => {
            r.id == p.id
                || (r.role == Role::Sidecar && r.sidecar_of.as_ref().is_none_or(|of| *of == p.rel))
        }
        None => r.role == Role::Sidecar,
    }
}

/// What a link means for the two assets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The names also make `from` a derivative of `into`: merge it.
    Merge { from: AssetId, into: AssetId },
    /// Separate assets: `from` is derived from these files of `into`.
    Relate {
        from: AssetId,
        into: AssetId,
        sources: Vec<PathBuf>,
    },
}

/// What a link implies, when it is unambiguous (its sources lie in one other asset)
/// and the referring file speaks for its asset.
pub fn resolve<'a>(
    link: &Link,
    rules: &CatalogConfig,
    asset_of: impl Fn(FileId) -> Option<AssetId>,
    asset: impl Fn(AssetId) -> Option<&'a Asset>,
) -> Option<Outcome> {
    let from = asset_of(link.derived)?;
    let derived = asset(from)?;
    if !speaks_for(derived, link.derived) {
        return None;
    }
    let mut into: Vec<AssetId> = link
        .sources
        .iter()
        .filter_map(|&s| asset_of(s))
        .filter(|&a| a != from)
        .collect();
    into.sort_unstable();
    into.dedup();
    let [into] = into.as_slice() else {
        return None;
    };
    let source = asset(*into)?;
    if derives_by_name(derived, source, rules) {
        return Some(Outcome::Merge { from, into: *into });
    }
    let sources = link
        .sources
        .iter()
        .filter_map(|&s| source.rendition(s))
        .map(|r| r.path.clone())
        .collect();
    Some(Outcome::Relate {
        from,
        into: *into,
        sources,
    })
}

/// Adds `sources` to an asset's "derived from" files, each once.
pub(crate) fn relate(asset: &mut Asset, sources: Vec<PathBuf>) {
    for s in sources {
        if !asset.derived_from.contains(&s) {
            asset.derived_from.push(s);
        }
    }
}

/// Follows, within one listing's assets, every read file's DerivedFrom to another
/// asset: merges it where the name rules agree, else records the relation. Returns the
/// merges done as (derived asset, source asset) ids.
pub fn attach_derived(assets: &mut Vec<Asset>, rules: &CatalogConfig) -> Vec<(AssetId, AssetId)> {
    let mut index = DerivedIndex::default();
    let mut owner: HashMap<FileId, AssetId> = HashMap::new();
    for a in assets.iter() {
        for r in &a.renditions {
            index.add_name(r.id, r.file_name());
            owner.insert(r.id, a.id);
        }
    }
    let mut slots: HashMap<AssetId, Asset> = assets.drain(..).map(|a| (a.id, a)).collect();
    let mut order: Vec<(AssetId, FileId)> = slots
        .values()
        .flat_map(|a| a.renditions.iter().map(move |r| (a.id, r.id)))
        .collect();
    order.sort_unstable();
    let mut merges = Vec::new();
    for (_, file) in order {
        let summary = owner
            .get(&file)
            .and_then(|a| slots.get(a))
            .and_then(|a| a.rendition(file))
            .and_then(|r| r.xmp.info())
            .map(|i| i.summary.clone());
        let Some(summary) = summary else { continue };
        for link in index.on_read(file, &summary) {
            let outcome = resolve(&link, rules, |f| owner.get(&f).copied(), |a| slots.get(&a));
            match outcome {
                Some(Outcome::Merge { from, into }) => {
                    if let Some(derived) = slots.remove(&from) {
                        for r in &derived.renditions {
                            owner.insert(r.id, into);
                        }
                        if let Some(target) = slots.get_mut(&into) {
                            merge_into(target, derived);
                            sort_renditions(target);
                        }
                        merges.push((from, into));
                    }
                }
                Some(Outcome::Relate { from, sources, .. }) => {
                    if let Some(a) = slots.get_mut(&from) {
                        relate(a, sources);
                    }
                }
                None => {}
            }
        }
    }
    let mut rest: Vec<Asset> = slots.into_values().collect();
    rest.sort_by(|a, b| (&a.folder, &a.name).cmp(&(&b.folder, &b.name)));
    *assets = rest;
    merges
}
