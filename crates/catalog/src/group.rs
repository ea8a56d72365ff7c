//! Grouping a folder listing into assets: a pure function of names and sizes.
//!
//! Rules (per folder; extensions compared case-insensitively, base names exactly):
//! - media files sharing a base name form one asset (`IMG_1.CR2` + `IMG_1.JPG`);
//! - `name.ext.xmp` is the sidecar of the file `name.ext` (darktable, digiKam);
//! - `name_NN.ext.xmp` is darktable's duplicate NN of `name.ext`, unless a file
//!   `name_NN.ext` exists (then it is that file's sidecar);
//! - `stem.xmp` is the asset-wide sidecar (Lightroom, Bridge); when two raw-like files
//!   share the stem it is flagged as a collision instead of being assigned by guess;
//! - the primary rendition is the best-ranked media file (see [`kind::primary_rank`]);
//! - other media files of the asset are [`Role::Rendition`]s (the camera JPEG of
//!   RAW+JPEG);
//! - derivatives: assets in a configured derivative subfolder, or whose name is another
//!   asset's plus a configured suffix (exact, `-Edit`, or a pattern with a number,
//!   ` ({n})` for `IMG_1 (2)`, `_v{n}` for `IMG_1_v3`), are merged into that asset
//!   (roles become [`Role::Derivative`]). `xmpMM:DerivedFrom` links need the packets,
//!   so they are a second step ([`crate::derived`]), and group only what these name
//!   rules also allow ([`derives_by_name`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::asset::{join_rel, Asset, AssetId, FileId, Problem, Rendition, Role};
use crate::config::{CatalogConfig, SidecarStyle};
use crate::kind;

/// One file of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Name relative to the listed folder: `IMG_1.CR2`, or `export/IMG_1.jpg` for a
    /// file in a derivative subfolder (one level only; a subfolder that is not a
    /// configured derivative folder is grouped on its own, without attaching).
    pub rel: String,
    pub size: u64,
    /// The exact path when the name is not valid UTF-8 (`rel` then holds a lossy
    /// version, used for grouping and display only).
    pub exact: Option<PathBuf>,
}

impl Entry {
    pub fn new(rel: impl Into<String>, size: u64) -> Self {
        Entry {
            rel: rel.into(),
            size,
            exact: None,
        }
    }
}

/// A folder's files, plus the files of its derivative subfolders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub folder: PathBuf,
    pub entries: Vec<Entry>,
}

/// Groups a listing into assets, sorted by (folder, name); ids are 0, 1, 2, ...
/// (the catalog renumbers them). Assets of a derivative subfolder without a source in
/// the parent keep the subfolder as their folder.
pub fn group(listing: &Listing, rules: &CatalogConfig) -> Vec<Asset> {
    let mut parts: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
    for e in &listing.entries {
        let (sub, name) = match e.rel.split_once('/') {
            Some((sub, name)) => (sub, name),
            None => ("", e.rel.as_str()),
        };
        if name.is_empty() || name.contains('/') {
            continue; // deeper levels are listed as folders of their own
        }
        parts.entry(sub).or_default().push((name, e.size));
    }

    let top = parts.remove("").unwrap_or_default();
    let mut assets = group_flat(&listing.folder, &top, rules.sidecar_style);
    merge_suffixed(&mut assets, &rules.derivative_suffixes);

    let mut out_of_place = Vec::new();
    for (sub, files) in parts {
        let folder = listing.folder.join(sub);
        let mut sub_assets = group_flat(&folder, &files, rules.sidecar_style);
        merge_suffixed(&mut sub_assets, &rules.derivative_suffixes);
        if !rules.derivative_folders.iter().any(|d| d == sub) {
            out_of_place.extend(sub_assets);
            continue;
        }
        for a in sub_assets {
            let target = source_name(&a.name, &rules.derivative_suffixes, |n| {
                assets.iter().any(|t| t.name == n)
            });
            match target.and_then(|n| assets.iter_mut().find(|t| t.name == n)) {
                Some(t) => merge_into(t, a),
                None => out_of_place.push(a),
            }
        }
    }
    assets.extend(out_of_place);
    assets.sort_by(|a, b| (&a.folder, &a.name).cmp(&(&b.folder, &b.name)));
    let exact: HashMap<PathBuf, &PathBuf> = listing
        .entries
        .iter()
        .filter_map(|e| Some((entry_path(listing, e), e.exact.as_ref()?)))
        .collect();
    let mut file = 0u32;
    for (i, a) in assets.iter_mut().enumerate() {
        a.id = AssetId(i as u32);
        sort_renditions(a);
        for r in &mut a.renditions {
            r.id = FileId(file);
            file += 1;
            if let Some(p) = exact.get(&r.path) {
                r.path = (*p).clone();
            }
        }
    }
    assets
}

/// Looks media files up by name: exact first, then with the extension's case ignored.
struct MediaIndex<'a> {
    exact: HashMap<&'a str, usize>,
    folded: HashMap<(&'a str, String), usize>,
}

impl<'a> MediaIndex<'a> {
    fn find(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.exact.get(name) {
            return Some(i);
        }
        let (base, ext) = kind::split_ext(name);
        let ext = ext?;
        self.folded.get(&(base, ext.to_ascii_lowercase())).copied()
    }
}

/// How a `.xmp` file relates to the media files, by its name.
enum SidecarOf {
    /// `name.ext.xmp` of media file i.
    File(usize),
    /// `name_NN.ext.xmp`: duplicate NN of media file i.
    Duplicate(usize, u32),
    /// `stem.xmp` of the asset with that base name.
    Stem,
}

fn classify_sidecar(stem: &str, index: &MediaIndex<'_>) -> SidecarOf {
    let (name, ext) = kind::split_ext(stem);
    if ext.is_none() {
        return SidecarOf::Stem;
    }
    if let Some(i) = index.find(stem) {
        return SidecarOf::File(i);
    }
    if let Some((orig, nn)) = name.rsplit_once('_') {
        let digits = !nn.is_empty() && nn.len() <= 4 && nn.bytes().all(|b| b.is_ascii_digit());
        if digits && !orig.is_empty() {
            let original = format!("{orig}.{}", ext.unwrap_or_default());
            if let (Some(i), Ok(n)) = (index.find(&original), nn.parse::<u32>()) {
                return SidecarOf::Duplicate(i, n);
            }
        }
    }
    SidecarOf::Stem
}

/// Groups the files of one folder level (no subfolders) by base name.
fn group_flat(folder: &Path, files: &[(&str, u64)], default_style: SidecarStyle) -> Vec<Asset> {
    let mut media: Vec<(&str, &str, u64)> = Vec::new(); // (name, base, size)
    let mut sidecars: Vec<(&str, &str, u64)> = Vec::new(); // (name, stem, size)
    for &(name, size) in files {
        let (base, ext) = kind::split_ext(name);
        if kind::is_xmp_ext(ext) {
            sidecars.push((name, base, size));
        } else {
            media.push((name, base, size));
        }
    }
    media.sort_unstable();
    sidecars.sort_unstable();

    let mut index = MediaIndex {
        exact: HashMap::with_capacity(media.len()),
        folded: HashMap::with_capacity(media.len()),
    };
    for (i, &(name, base, _)) in media.iter().enumerate() {
        index.exact.insert(name, i);
        if let Some(ext) = kind::split_ext(name).1 {
            index
                .folded
                .entry((base, ext.to_ascii_lowercase()))
                .or_insert(i);
        }
    }

    // Assets keyed by base name, in name order.
    let mut by_name: BTreeMap<&str, Vec<Rendition>> = BTreeMap::new();
    for &(name, base, size) in &media {
        by_name
            .entry(base)
            .or_default()
            .push(Rendition::new(folder, name, Role::Rendition, size));
    }
    let (mut own_style, mut shared_style) = (0usize, 0usize);
    for &(name, stem, size) in &sidecars {
        let mut r = Rendition::new(folder, name, Role::Sidecar, size);
        let asset = match classify_sidecar(stem, &index) {
            SidecarOf::File(i) => {
                own_style += 1;
                r.sidecar_of = Some(media[i].0.to_string());
                media[i].1
            }
            SidecarOf::Duplicate(i, n) => {
                own_style += 1;
                r.role = Role::DarktableDuplicate(n);
                r.sidecar_of = Some(media[i].0.to_string());
                media[i].1
            }
            SidecarOf::Stem => {
                if by_name.contains_key(stem) {
                    shared_style += 1;
                }
                stem
            }
        };
        by_name.entry(asset).or_default().push(r);
    }
    let style = match own_style.cmp(&shared_style) {
        std::cmp::Ordering::Greater => SidecarStyle::Darktable,
        std::cmp::Ordering::Less => SidecarStyle::Adobe,
        std::cmp::Ordering::Equal => default_style,
    };

    by_name
        .into_iter()
        .map(|(name, renditions)| {
            let mut a = Asset {
                id: AssetId(0),
                name: name.to_string(),
                folder: folder.to_path_buf(),
                renditions,
                problems: Vec::new(),
                sidecar_style: style,
                derived_from: Vec::new(),
            };
            choose_primary(&mut a);
            find_problems(&mut a);
            a
        })
        .collect()
}

/// Marks the best-ranked own media file as primary (ties: by name).
fn choose_primary(a: &mut Asset) {
    let best = a
        .renditions
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_own_media())
        .min_by(|(_, x), (_, y)| {
            (kind::primary_rank(x.format), &x.rel).cmp(&(kind::primary_rank(y.format), &y.rel))
        })
        .map(|(i, _)| i);
    for (i, r) in a.renditions.iter_mut().enumerate() {
        if r.is_own_media() {
            r.role = if Some(i) == best {
                Role::Primary
            } else {
                Role::Rendition
            };
        }
    }
}

fn find_problems(a: &mut Asset) {
    let Some(shared) = a.shared_sidecar().map(|s| s.rel.clone()) else {
        return;
    };
    let raws: Vec<String> = a
        .renditions
        .iter()
        .filter(|r| r.is_own_media() && kind::is_raw_like(r.format))
        .map(|r| r.rel.clone())
        .collect();
    if raws.len() > 1 {
        a.problems.push(Problem::SidecarCollision {
            sidecar: shared.clone(),
            candidates: raws,
        });
    }
    if let Some(p) = a.primary() {
        if let Some(own) = a.own_sidecar(&p.rel) {
            let problem = Problem::TwoSidecars {
                file: p.rel.clone(),
                own: own.rel.clone(),
                shared,
            };
            a.problems.push(problem);
        }
    }
}

/// `name` without `suffix` at its end, when something is left. A `{n}` in the suffix
/// stands for one or more ASCII digits (` ({n})` matches ` (1)` and ` (12)`).
fn strip_one<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let head = match suffix.split_once(NUMBER) {
        None => name.strip_suffix(suffix)?,
        Some((before, after)) => {
            let rest = name.strip_suffix(after)?;
            let digits = rest.trim_end_matches(|c: char| c.is_ascii_digit());
            if digits.len() == rest.len() {
                return None;
            }
            digits.strip_suffix(before)?
        }
    };
    (!suffix.is_empty() && !head.is_empty()).then_some(head)
}

/// The placeholder for a number in a derivative suffix.
pub const NUMBER: &str = "{n}";

/// One step of suffix stripping: `IMG_1-Edit` -> `IMG_1`, `IMG_1-Edit-2` -> `IMG_1`,
/// `IMG_1 (2)` -> `IMG_1` (with ` ({n})` among the suffixes). The longest match wins.
fn strip_suffix<'a>(name: &'a str, suffixes: &[String]) -> Option<&'a str> {
    let without_counter = name.rsplit_once('-').and_then(|(head, n)| {
        (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(head)
    });
    for candidate in [Some(name), without_counter].into_iter().flatten() {
        let best = suffixes
            .iter()
            .filter_map(|s| strip_one(candidate, s))
            .min_by_key(|head| head.len());
        if best.is_some() {
            return best;
        }
    }
    None
}

/// Whether the name rules make `derived` a derivative of `source`: `derived` is in a
/// configured derivative folder right below `source`'s folder, or its name leads to
/// `source`'s by stripping suffixes (in the same folder, or in such a subfolder).
pub fn derives_by_name(derived: &Asset, source: &Asset, rules: &CatalogConfig) -> bool {
    let in_derivative_folder = derived.folder.parent() == Some(source.folder.as_path())
        && derived
            .folder
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| rules.derivative_folders.iter().any(|d| d == n));
    if in_derivative_folder {
        return true;
    }
    derived.folder == source.folder
        && strip_suffix(&derived.name, &rules.derivative_suffixes).is_some_and(|n| {
            source_name(n, &rules.derivative_suffixes, |n| n == source.name).is_some()
        })
}

/// The name of the asset `name` derives from: itself (for a derivative folder's
/// files) or after stripping suffixes, the first that `exists`.
fn source_name<'a>(
    name: &'a str,
    suffixes: &[String],
    exists: impl Fn(&str) -> bool,
) -> Option<&'a str> {
    let mut n = name;
    loop {
        if exists(n) {
            return Some(n);
        }
        n = strip_suffix(n, suffixes)?;
    }
}

/// Merges assets named `source + suffix` into their source asset.
fn merge_suffixed(assets: &mut Vec<Asset>, suffixes: &[String]) {
    if suffixes.is_empty() || assets.len() < 2 {
        return;
    }
    let names: HashMap<String, usize> = assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.clone(), i))
        .collect();
    // parent[i]: the asset i derives from. Stripping only shortens names, so
    // following parents always ends.
    let parent: Vec<Option<usize>> = assets
        .iter()
        .map(|a| {
            let stripped = strip_suffix(&a.name, suffixes)?;
            source_name(stripped, suffixes, |n| names.contains_key(n)).map(|n| names[n])
        })
        .collect();
    let root = |mut i: usize| {
        while let Some(p) = parent[i] {
            i = p;
        }
        i
    };
    let roots: Vec<usize> = (0..assets.len()).map(root).collect();
    if roots.iter().enumerate().all(|(i, &r)| i == r) {
        return;
    }
    let mut slots: Vec<Option<Asset>> = std::mem::take(assets).into_iter().map(Some).collect();
    for i in 0..slots.len() {
        if roots[i] != i {
            if let Some(derived) = slots[i].take() {
                if let Some(target) = slots[roots[i]].as_mut() {
                    merge_into(target, derived);
                }
            }
        }
    }
    *assets = slots.into_iter().flatten().collect();
}

/// Merges `derived` into `target` as derivative renditions. Paths stay; names become
/// relative to the target's folder; an asset-wide sidecar of `derived` becomes the
/// sidecar of its primary.
pub(crate) fn merge_into(target: &mut Asset, derived: Asset) {
    let rel_to = |path: &Path| -> String {
        match path.strip_prefix(&target.folder) {
            Ok(p) => p
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path.to_string_lossy().into_owned(),
        }
    };
    let renamed: HashMap<String, String> = derived
        .renditions
        .iter()
        .map(|r| (r.rel.clone(), rel_to(&r.path)))
        .collect();
    let derived_primary = derived.primary().map(|p| {
        renamed
            .get(&p.rel)
            .cloned()
            .unwrap_or_else(|| p.rel.clone())
    });
    for mut r in derived.renditions {
        if let Some(new) = renamed.get(&r.rel) {
            r.rel = new.clone();
        }
        match r.role {
            Role::Primary | Role::Rendition => r.role = Role::Derivative,
            Role::Sidecar if r.sidecar_of.is_none() => r.sidecar_of = derived_primary.clone(),
            _ => {}
        }
        if let Some(of) = r.sidecar_of.take() {
            r.sidecar_of = Some(renamed.get(&of).cloned().unwrap_or(of));
        }
        target.renditions.push(r);
    }
    target.problems.extend(derived.problems);
    sort_renditions(target);
}

/// Primary, other media, sidecars, darktable duplicates, then derivatives with their
/// sidecars; by name within each.
pub(crate) fn sort_renditions(a: &mut Asset) {
    let derivatives: Vec<String> = a
        .renditions
        .iter()
        .filter(|r| r.role == Role::Derivative)
        .map(|r| r.rel.clone())
        .collect();
    let rank = |r: &Rendition| match r.role {
        Role::Primary => 0,
        Role::Rendition => 1,
        Role::Sidecar
            if r.sidecar_of
                .as_ref()
                .is_some_and(|of| derivatives.contains(of)) =>
        {
            4
        }
        Role::Sidecar => 2,
        Role::DarktableDuplicate(_) => 3,
        Role::Derivative => 4,
    };
    a.renditions
        .sort_by(|x, y| (rank(x), &x.rel).cmp(&(rank(y), &y.rel)));
}

/// The path a file of a listing gets.
pub fn entry_path(listing: &Listing, entry: &Entry) -> PathBuf {
    join_rel(&listing.folder, &entry.rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn suffix_stripping() {
        let sfx = s(&["-Edit", "-2048px", "_edit"]);
        assert_eq!(strip_suffix("IMG_1-Edit", &sfx), Some("IMG_1"));
        assert_eq!(strip_suffix("IMG_1-Edit-2", &sfx), Some("IMG_1"));
        assert_eq!(strip_suffix("IMG_1-2048px", &sfx), Some("IMG_1"));
        assert_eq!(strip_suffix("IMG_1-Edit-2048px", &sfx), Some("IMG_1-Edit"));
        assert_eq!(strip_suffix("-Edit", &sfx), None);
        assert_eq!(strip_suffix("IMG_1", &sfx), None);
        assert_eq!(strip_suffix("IMG-2", &sfx), None);
    }

    #[test]
    fn suffix_patterns_take_a_number() {
        let sfx = s(&[" ({n})", "_v{n}", "-Edit"]);
        assert_eq!(strip_suffix("IMG_1 (2)", &sfx), Some("IMG_1"));
        assert_eq!(strip_suffix("IMG_1 (12)", &sfx), Some("IMG_1"));
        assert_eq!(strip_suffix("IMG_1_v3", &sfx), Some("IMG_1"));
        assert_eq!(strip_suffix("IMG_1_v3-Edit", &sfx), Some("IMG_1_v3"));
        assert_eq!(strip_suffix("IMG_1_v3-Edit-2", &sfx), Some("IMG_1_v3"));
        assert_eq!(strip_suffix("IMG_1 ()", &sfx), None);
        assert_eq!(strip_suffix("IMG_1_v", &sfx), None);
        assert_eq!(strip_suffix(" (1)", &sfx), None);
        assert_eq!(strip_suffix("IMG_1 (x2)", &sfx), None);
    }
}
