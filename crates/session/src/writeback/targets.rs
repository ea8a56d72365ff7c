//! Which files of an asset an edit is written to, and which namespaces may spread
//! to files other than the original.

use std::path::PathBuf;

use crate::error::{ChoiceError, FilterError, TargetError};
use crate::writeback::claimed::misnamed;
use xmpedit_catalog::{Asset, Config, ReadState, Rendition};
use xmpedit_core::xmp::Packet;

/// `--to`: where an asset's edit goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetChoice {
    /// The file named (the asset's primary for folder arguments); a file that cannot
    /// hold XMP (a proprietary raw) gets its share in the asset's sidecar instead.
    Original,
    /// The asset's sidecar, created when missing (`stem.xmp` or `name.ext.xmp`, the
    /// folder's style).
    Sidecar,
    /// Every file of the asset that can hold XMP, plus its sidecar.
    All,
    /// Renditions by file name or relative name, globs allowed (`*.jpg`).
    List(Vec<String>),
    /// Exactly these paths, out of the files [`TargetChoice::All`] selects (a
    /// checklist of files, as the TUI's write dialog offers).
    Paths(Vec<PathBuf>),
}

impl std::str::FromStr for TargetChoice {
    type Err = ChoiceError;
    fn from_str(s: &str) -> Result<Self, ChoiceError> {
        Ok(match s {
            "original" => TargetChoice::Original,
            "sidecar" => TargetChoice::Sidecar,
            "all" => TargetChoice::All,
            _ => {
                let items: Vec<String> = s
                    .split(',')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(String::from)
                    .collect();
                if items.is_empty() {
                    return Err(ChoiceError::Empty(s.to_string()));
                }
                for i in &items {
                    globset::Glob::new(i).map_err(|source| ChoiceError::Glob {
                        item: i.clone(),
                        source,
                    })?;
                }
                TargetChoice::List(items)
            }
        })
    }
}

/// An asset to edit and the files of it the user named (empty: the whole asset).
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    pub asset: &'a Asset,
    pub named: &'a [PathBuf],
}

/// Which namespaces an edit may write into files other than the original: the ones
/// the schema registry knows, plus `allow`, minus `block` (URIs or registry
/// prefixes). Configured in the `[writeback]` section of the configuration file:
///
/// ```toml
/// [writeback]
/// allow = ["http://ns.example.com/acme/1.0/"]
/// block = ["crs"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NsFilter {
    pub allow: Vec<String>,
    pub block: Vec<String>,
}

impl NsFilter {
    /// The filter of a configuration (`[writeback]`, else the default).
    pub fn from_config(config: &Config) -> Result<NsFilter, FilterError> {
        let Some(section) = config.other.get("writeback") else {
            return Ok(NsFilter::default());
        };
        let table = section.as_table().ok_or(FilterError::NotTable)?;
        let list = |key: &str| -> Result<Vec<String>, FilterError> {
            match table.get(key) {
                None => Ok(Vec::new()),
                Some(v) => v
                    .as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|x| x.as_str().map(String::from))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| FilterError::NotList(key.to_string())),
            }
        };
        for key in table.keys() {
            if key != "allow" && key != "block" {
                return Err(FilterError::UnknownKey(key.clone()));
            }
        }
        Ok(NsFilter {
            allow: list("allow")?,
            block: list("block")?,
        })
    }

    /// Whether properties of namespace `uri` go to files other than the original.
    pub fn passes(&self, uri: &str) -> bool {
        let reg = xmpedit_core::schema::registry();
        let named = |list: &[String]| {
            list.iter()
                .any(|x| x == uri || reg.by_prefix(x).is_some_and(|n| n.uri == uri))
        };
        if named(&self.block) {
            return false;
        }
        reg.namespace(uri).is_some() || named(&self.allow)
    }
}

/// One file an asset's edit goes to.
#[derive(Debug, Clone)]
pub struct TargetFile<'a> {
    pub path: PathBuf,
    /// The catalog's rendition, when the file exists.
    pub rendition: Option<&'a Rendition>,
    /// The original: every op goes here; other targets get only namespaces the
    /// [`NsFilter`] passes.
    pub primary: bool,
    /// For a sidecar to be created: the packet it starts from (the asset's XMP).
    pub seed: Option<&'a Packet>,
}

/// The files `choice` selects for one asset; an error says why none can be written.
pub fn targets<'a>(
    sel: &Selection<'a>,
    choice: &TargetChoice,
) -> Result<Vec<TargetFile<'a>>, TargetError> {
    let asset = sel.asset;
    let find = |p: &PathBuf| asset.renditions.iter().find(|r| r.path == *p);
    let mut out: Vec<TargetFile<'a>> = Vec::new();
    match choice {
        TargetChoice::Original => {
            let named: Vec<&Rendition> = if sel.named.is_empty() {
                asset
                    .primary()
                    .or_else(|| asset.renditions.iter().find(|r| r.role.is_sidecar()))
                    .into_iter()
                    .collect()
            } else {
                sel.named.iter().filter_map(find).collect()
            };
            for r in named {
                if r.can_hold_xmp || misnamed(r) {
                    push(&mut out, file(r, true));
                } else {
                    push(&mut out, sidecar(asset, true)?);
                }
            }
        }
        TargetChoice::Sidecar => push(&mut out, sidecar(asset, true)?),
        TargetChoice::All => {
            let first = primary_target(asset)?;
            for r in asset
                .renditions
                .iter()
                .filter(|r| r.can_hold_xmp || misnamed(r))
            {
                let is_primary = r.path == first;
                push(&mut out, file(r, is_primary));
            }
            let needs = asset.needs_sidecar().into_iter().any(|r| !misnamed(r));
            if needs || asset.primary().is_none() {
                push(&mut out, sidecar(asset, first_is_sidecar(asset, &first))?);
            }
        }
        TargetChoice::Paths(paths) => {
            for t in targets(sel, &TargetChoice::All)? {
                if paths.contains(&t.path) {
                    push(&mut out, t);
                }
            }
        }
        TargetChoice::List(items) => {
            let set = glob_set(items)?;
            let first = primary_target(asset).ok();
            for r in &asset.renditions {
                if !(set.is_match(&r.rel) || set.is_match(r.file_name())) {
                    continue;
                }
                if !r.can_hold_xmp && !misnamed(r) {
                    return Err(TargetError::CannotHold {
                        rel: r.rel.clone(),
                        format: r.format,
                    });
                }
                let is_primary = first.as_ref() == Some(&r.path);
                push(&mut out, file(r, is_primary));
            }
        }
    }
    // Exactly one target is the original, so that an unknown namespace goes somewhere.
    if !out.is_empty() && !out.iter().any(|t| t.primary) {
        out[0].primary = true;
    }
    Ok(out)
}

fn push<'a>(out: &mut Vec<TargetFile<'a>>, t: TargetFile<'a>) {
    match out.iter_mut().find(|o| o.path == t.path) {
        Some(o) => o.primary |= t.primary,
        None => out.push(t),
    }
}

fn file(r: &Rendition, primary: bool) -> TargetFile<'_> {
    TargetFile {
        path: r.path.clone(),
        rendition: Some(r),
        primary,
        seed: None,
    }
}

/// The path of the file that is "the original" for `all` and lists.
fn primary_target(asset: &Asset) -> Result<PathBuf, TargetError> {
    match asset.primary() {
        Some(p) if p.can_hold_xmp => Ok(p.path.clone()),
        _ => sidecar_path(asset),
    }
}

fn first_is_sidecar(asset: &Asset, first: &PathBuf) -> bool {
    sidecar_path(asset).is_ok_and(|p| p == *first)
}

fn sidecar_path(asset: &Asset) -> Result<PathBuf, TargetError> {
    asset.sidecar_path().ok_or_else(|| {
        if asset.problems.is_empty() {
            TargetError::NoSidecar {
                asset: asset.name.clone(),
            }
        } else {
            TargetError::Problems {
                problems: asset.problems.iter().map(|p| p.to_string()).collect(),
            }
        }
    })
}

/// The asset's sidecar as a target; a sidecar to be created is seeded with the
/// asset's current XMP (a raw's embedded packet), so it holds all of it.
fn sidecar<'a>(asset: &'a Asset, primary: bool) -> Result<TargetFile<'a>, TargetError> {
    let path = sidecar_path(asset)?;
    let rendition = asset.renditions.iter().find(|r| r.path == path);
    let seed = match rendition {
        Some(_) => None,
        None => asset.xmp_source().and_then(|r| match &r.xmp {
            ReadState::Read(info) => info.packet.as_ref(),
            _ => None,
        }),
    };
    Ok(TargetFile {
        path,
        rendition,
        primary,
        seed,
    })
}

fn glob_set(items: &[String]) -> Result<globset::GlobSet, ChoiceError> {
    let mut b = globset::GlobSetBuilder::new();
    for i in items {
        let g = globset::GlobBuilder::new(i)
            .literal_separator(true)
            .build()
            .map_err(|source| ChoiceError::Glob {
                item: i.clone(),
                source,
            })?;
        b.add(g);
    }
    b.build().map_err(ChoiceError::GlobSet)
}
