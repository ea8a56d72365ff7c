//! `xmpedit ls`: the assets of folders, one line each (name, rating, title, files with
//! role, format and XMP state; then warnings and the files its `xmpMM:DerivedFrom`
//! names in other assets), or a JSON array.
//!
//! Packets are read in parallel but not kept: only the summary (rating, title) each
//! read extracts, so listing a large tree stays fast and small.

use crate::exit::Outcome;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};

use xmpedit_catalog::{Asset, AssetId, Catalog, Config, ReadState, Rendition, Role, ScanOptions};
use xmpedit_core::present::{safe_path as shown, safe_text, stars};

#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Descend into subfolders.
    #[arg(short, long)]
    pub recursive: bool,
    /// One JSON array, an object per asset.
    #[arg(long)]
    pub json: bool,
    /// Include dot-files and dot-folders.
    #[arg(long)]
    pub hidden: bool,
    /// Folders (or files) to list.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &LsArgs) -> Outcome {
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            return Outcome::Usage;
        }
    };
    let opts = ScanOptions {
        recursive: args.recursive,
        hidden: args.hidden || config.catalog.hidden,
        keep_packets: false,
        ..ScanOptions::from_config(&config)
    };
    let catalog = Catalog::load(&args.paths, &opts);
    let assets = catalog.sorted();

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = if args.json {
        write_json(&mut out, &assets)
    } else {
        write_text(&mut out, &assets, &derivatives(&assets))
    };
    let written = written.and_then(|_| out.flush());
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("xmpedit: cannot write the listing: {e}");
            return Outcome::SomeFailed;
        }
    }

    let mut failed = false;
    for e in catalog.errors() {
        eprintln!("xmpedit: {}: {}", shown(&e.path), safe_text(&e.message));
        failed = true;
    }
    for (r, message) in catalog.failures() {
        eprintln!("xmpedit: {}: {}", shown(&r.path), safe_text(message));
        failed = true;
    }
    if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    }
}

/// `★★★☆☆`, `✗ rejected`, the raw text when it is no rating; blanks when unrated.
fn rating_text(asset: &Asset) -> String {
    let shown = match asset.summary().and_then(|s| s.rating.as_deref()) {
        None => String::new(),
        Some(r) => stars(r).unwrap_or_else(|| safe_text(r).into_owned()),
    };
    format!("{shown:<5}")
}

/// `[primary raw]`, `[sidecar xmp +xmp]`, `[rendition jpeg !error]`.
fn flags(r: &Rendition) -> String {
    let role = match r.role {
        Role::DarktableDuplicate(n) => format!("duplicate {n}"),
        other => other.name().to_string(),
    };
    let state = match &r.xmp {
        ReadState::Read(i) if i.has_xmp => " +xmp",
        ReadState::Read(_) | ReadState::NotRead => "",
        ReadState::Failed(_) => " !error",
    };
    format!("[{role} {}{state}]", r.format)
}

/// Per source asset, the files standing for the assets whose `xmpMM:DerivedFrom`
/// names one of its files (the other side of [`Asset::derived_from`]), built once.
fn derivatives(assets: &[&Asset]) -> HashMap<AssetId, Vec<PathBuf>> {
    let owner: HashMap<&Path, AssetId> = assets
        .iter()
        .flat_map(|a| a.renditions.iter().map(move |r| (r.path.as_path(), a.id)))
        .collect();
    let mut out: HashMap<AssetId, Vec<PathBuf>> = HashMap::new();
    for a in assets {
        let Some(stands) = a.primary().or_else(|| a.renditions.first()) else {
            continue;
        };
        let mut sources: Vec<AssetId> = a
            .derived_from
            .iter()
            .filter_map(|p| owner.get(p.as_path()).copied())
            .filter(|s| *s != a.id)
            .collect();
        sources.dedup();
        for s in sources {
            out.entry(s).or_default().push(stands.path.clone());
        }
    }
    out
}

fn write_text(
    out: &mut impl Write,
    assets: &[&Asset],
    derivatives: &HashMap<AssetId, Vec<PathBuf>>,
) -> io::Result<()> {
    let mut folders: Vec<&Path> = assets.iter().map(|a| a.folder.as_path()).collect();
    folders.dedup();
    let headers = folders.len() > 1;
    let mut i = 0;
    while i < assets.len() {
        let folder = &assets[i].folder;
        let end = assets[i..]
            .iter()
            .position(|a| &a.folder != folder)
            .map_or(assets.len(), |n| i + n);
        let group = &assets[i..end];
        if headers {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{}:", shown(folder))?;
        }
        let names: Vec<String> = group
            .iter()
            .map(|a| safe_text(&a.name).into_owned())
            .collect();
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        for (a, name) in group.iter().zip(names) {
            let pad = width - name.chars().count();
            write!(out, "{name}{}  {}", " ".repeat(pad), rating_text(a))?;
            if let Some(title) = a.summary().and_then(|s| s.title.as_deref()) {
                write!(out, "  \"{}\"", safe_text(title))?;
            }
            for r in &a.renditions {
                write!(out, "  {} {}", safe_text(&r.rel), flags(r))?;
            }
            writeln!(out)?;
            for p in &a.problems {
                writeln!(out, "    warning: {}", safe_text(&p.to_string()))?;
            }
            if !a.derived_from.is_empty() {
                let files: Vec<String> =
                    a.derived_from.iter().map(|p| shown(p.as_path())).collect();
                writeln!(out, "    derived from: {}", files.join(", "))?;
            }
            if let Some(list) = derivatives.get(&a.id) {
                let files: Vec<String> = list.iter().map(|p| shown(p.as_path())).collect();
                writeln!(out, "    derivatives: {}", files.join(", "))?;
            }
        }
        i = end;
    }
    Ok(())
}

/// A rating as a JSON number (integer when integral), or null.
fn rating_json(asset: &Asset) -> Json {
    match asset.summary().and_then(|s| s.rating_value()) {
        Some(r) if r.fract() == 0.0 && r.abs() < 1e9 => json!(r as i64),
        Some(r) => json!(r),
        None => Json::Null,
    }
}

fn rendition_json(r: &Rendition) -> Json {
    let mut o = serde_json::Map::new();
    o.insert("file".into(), json!(r.rel));
    o.insert("path".into(), json!(r.path.to_string_lossy()));
    o.insert("role".into(), json!(r.role.name()));
    o.insert("format".into(), json!(r.format.name()));
    o.insert("has_xmp".into(), json!(r.xmp.has_xmp()));
    o.insert("writable".into(), json!(r.can_hold_xmp));
    o.insert("size".into(), json!(r.size));
    if let Role::DarktableDuplicate(n) = r.role {
        o.insert("duplicate".into(), json!(n));
    }
    if let Some(of) = &r.sidecar_of {
        o.insert("sidecar_of".into(), json!(of));
    }
    if let Some(e) = r.xmp.error() {
        o.insert("error".into(), json!(e));
    }
    Json::Object(o)
}

fn write_json(out: &mut impl Write, assets: &[&Asset]) -> io::Result<()> {
    let list: Vec<Json> = assets
        .iter()
        .map(|a| {
            let summary = a.summary();
            json!({
                "asset": a.name,
                "folder": a.folder.to_string_lossy(),
                "renditions": a.renditions.iter().map(rendition_json).collect::<Vec<_>>(),
                "rating": rating_json(a),
                "title": summary.and_then(|s| s.title.as_deref()),
                "label": summary.and_then(|s| s.label.as_deref()),
                "sidecar": a.sidecar_path().map(|p| p.to_string_lossy().into_owned()),
                "problems": a.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                "derived_from": a
                    .derived_from
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    xmpedit_core::present::safe_json::to_writer_pretty(&mut *out, &list)
        .map_err(io::Error::other)?;
    writeln!(out)
}
