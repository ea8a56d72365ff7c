//! Assets and their renditions: the files that show one picture (raw, JPEG, sidecar,
//! exports), each with its role, format, read state and identity.

use std::path::{Path, PathBuf};

use crate::config::SidecarStyle;
use crate::kind;
use xmpedit_core::xmp::parse::PacketInfo;
use xmpedit_core::xmp::Packet;
use xmpedit_formats::{Format, Identity};

/// A stable asset id within one catalog (one scan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetId(pub u32);

/// A stable file id within one catalog (one scan); read results refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// What a file is to its asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The best-ranked media file (raw > DNG > TIFF/PSD > HEIC > JPEG > PNG/WebP > other).
    Primary,
    /// A `.xmp` sidecar, of the whole asset (`stem.xmp`) or of one file
    /// (`name.ext.xmp`, see [`Rendition::sidecar_of`]).
    Sidecar,
    /// darktable's sidecar of duplicate N (`name_NN.ext.xmp`).
    DarktableDuplicate(u32),
    /// An export or edit made from the asset (derivative folder, name suffix,
    /// `xmpMM:DerivedFrom`).
    Derivative,
    /// Another media file with the asset's base name: the camera JPEG of RAW+JPEG, a
    /// DNG beside the raw.
    Rendition,
}

impl Role {
    /// Lower-case name for output (`"primary"`, `"darktable-duplicate"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Sidecar => "sidecar",
            Role::DarktableDuplicate(_) => "darktable-duplicate",
            Role::Derivative => "derivative",
            Role::Rendition => "rendition",
        }
    }

    /// Sidecars and darktable duplicates: `.xmp` files describing other files.
    pub fn is_sidecar(self) -> bool {
        matches!(self, Role::Sidecar | Role::DarktableDuplicate(_))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Role::DarktableDuplicate(n) => write!(f, "darktable-duplicate {n}"),
            r => f.write_str(r.name()),
        }
    }
}

/// The few properties the catalog itself uses (listing, DerivedFrom attachment),
/// extracted when a file is read so they survive even when the packet is not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// `xmp:Rating` as stored (a Real: `"3"`, `"-1"`, `"4.0"`).
    pub rating: Option<String>,
    /// `dc:title`, x-default (or first) item.
    pub title: Option<String>,
    /// `xmp:Label`.
    pub label: Option<String>,
    pub document_id: Option<String>,
    pub instance_id: Option<String>,
    pub derived_from: Option<DerivedRef>,
}

/// `xmpMM:DerivedFrom`: a ResourceRef struct, or (DNG Converter) a plain file name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DerivedRef {
    pub document_id: Option<String>,
    pub instance_id: Option<String>,
    /// `stRef:filePath`, or the plain text form.
    pub file: Option<String>,
}

impl Summary {
    /// The rating as a number, when it parses.
    pub fn rating_value(&self) -> Option<f64> {
        self.rating
            .as_deref()
            .and_then(|r| r.trim().parse::<f64>().ok())
            .filter(|r| r.is_finite())
    }
}

/// A successful read of one file.
#[derive(Debug, Clone)]
pub struct ReadInfo {
    /// Format detected from content.
    pub format: Format,
    /// Whether the file holds an XMP packet (true even when the packet is not kept).
    pub has_xmp: bool,
    /// The main packet, when kept ([`crate::ScanOptions::keep_packets`]).
    pub packet: Option<Packet>,
    pub summary: Summary,
    /// Facts about the stored packet (encoding, wrapper, padding).
    pub info: Option<PacketInfo>,
    /// Further packets (labelled), when kept.
    pub others: Vec<(String, Packet)>,
    /// Problems that did not stop the read.
    pub warnings: Vec<String>,
    /// Stored XMP the read could not use, which a write would replace or duplicate
    /// (so a write is refused unless allowed; [`xmpedit_formats::Found::unreadable`]).
    pub unreadable: Vec<String>,
}

/// Where a rendition's XMP stands.
#[derive(Debug, Clone, Default)]
pub enum ReadState {
    #[default]
    NotRead,
    Read(Box<ReadInfo>),
    /// The read failed; the message says why (already names no path).
    Failed(String),
}

impl ReadState {
    /// Some(true/false) once read; None before or after a failed read.
    pub fn has_xmp(&self) -> Option<bool> {
        match self {
            ReadState::Read(r) => Some(r.has_xmp),
            _ => None,
        }
    }

    pub fn info(&self) -> Option<&ReadInfo> {
        match self {
            ReadState::Read(r) => Some(r),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&str> {
        match self {
            ReadState::Failed(m) => Some(m),
            _ => None,
        }
    }

    /// True when the file cannot be written as it was read: its read failed, or it
    /// stores XMP the read could not use ([`ReadInfo::unreadable`]).
    pub fn is_unreadable(&self) -> bool {
        match self {
            ReadState::Failed(_) => true,
            ReadState::Read(r) => !r.unreadable.is_empty(),
            ReadState::NotRead => false,
        }
    }
}

/// One file of an asset.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub id: FileId,
    /// Full path (the asset's folder joined with [`Rendition::rel`]).
    pub path: PathBuf,
    /// Name relative to the asset's folder (`IMG_1.CR2`, `export/IMG_1.jpg`), `/`-separated.
    pub rel: String,
    pub role: Role,
    /// For sidecars and darktable duplicates of one file: that file's `rel`.
    /// None for an asset-wide `stem.xmp`.
    pub sidecar_of: Option<String>,
    /// Format guessed from the extension; replaced by the detected one once read.
    pub format: Format,
    /// Size at listing time.
    pub size: u64,
    /// Whether xmpedit can write XMP into this file itself (else it needs a sidecar).
    pub can_hold_xmp: bool,
    /// Identity at read time, for refusing writes to files changed since.
    pub identity: Option<Identity>,
    pub xmp: ReadState,
}

impl Rendition {
    /// A rendition not yet read, classified by its extension.
    pub fn new(folder: &Path, rel: &str, role: Role, size: u64) -> Self {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let format = kind::format_of_ext(kind::split_ext(name).1.unwrap_or(""));
        Rendition {
            id: FileId(0),
            path: join_rel(folder, rel),
            rel: rel.to_string(),
            role,
            sidecar_of: None,
            format,
            size,
            can_hold_xmp: format.writable(),
            identity: None,
            xmp: ReadState::NotRead,
        }
    }

    /// The file name (last part of `rel`).
    pub fn file_name(&self) -> &str {
        self.rel.rsplit('/').next().unwrap_or(&self.rel)
    }

    /// Media files (not sidecars) of the asset itself (not derivatives).
    pub fn is_own_media(&self) -> bool {
        matches!(self.role, Role::Primary | Role::Rendition)
    }
}

/// Joins a `/`-separated relative name to a folder.
pub(crate) fn join_rel(folder: &Path, rel: &str) -> PathBuf {
    let mut p = folder.to_path_buf();
    for part in rel.split('/') {
        p.push(part);
    }
    p
}

/// Something about an asset's files that the user should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A `stem.xmp` that could describe several raw-like files; it is not used for
    /// writing until the user resolves it.
    SidecarCollision {
        sidecar: String,
        candidates: Vec<String>,
    },
    /// A file has both its own `name.ext.xmp` and the asset-wide `stem.xmp`; the
    /// former is used.
    TwoSidecars {
        file: String,
        own: String,
        shared: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::SidecarCollision {
                sidecar,
                candidates,
            } => write!(
                f,
                "sidecar {sidecar} could belong to {}; not used for writing",
                candidates.join(" or ")
            ),
            Problem::TwoSidecars { file, own, shared } => write!(
                f,
                "{file} has two sidecars, {own} and {shared}; {own} is used"
            ),
        }
    }
}

/// Where an asset's XMP would be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub kind: TargetKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Into the media file itself.
    Embedded,
    /// A sidecar; `exists` false when it would be created.
    Sidecar { exists: bool },
}

/// One picture: the files sharing a base name in a folder, plus attached derivatives.
#[derive(Debug, Clone)]
pub struct Asset {
    pub id: AssetId,
    /// Base name (`IMG_0001`): the stem its own files share, never another file's.
    pub name: String,
    pub folder: PathBuf,
    /// Primary first, then the others by name.
    pub renditions: Vec<Rendition>,
    pub problems: Vec<Problem>,
    /// Style for a new sidecar: the folder's, else the configured default.
    pub sidecar_style: SidecarStyle,
    /// Files of other assets this one's `xmpMM:DerivedFrom` names (by InstanceID,
    /// DocumentID or file name) when the names do not group the two: a relation
    /// shown to the user, not a reason to merge (see [`crate::derived`]).
    pub derived_from: Vec<PathBuf>,
}

impl Asset {
    pub fn primary(&self) -> Option<&Rendition> {
        self.renditions.iter().find(|r| r.role == Role::Primary)
    }

    pub fn rendition(&self, id: FileId) -> Option<&Rendition> {
        self.renditions.iter().find(|r| r.id == id)
    }

    pub fn rendition_mut(&mut self, id: FileId) -> Option<&mut Rendition> {
        self.renditions.iter_mut().find(|r| r.id == id)
    }

    /// The asset-wide `stem.xmp`, when present.
    pub fn shared_sidecar(&self) -> Option<&Rendition> {
        self.renditions
            .iter()
            .find(|r| r.role == Role::Sidecar && r.sidecar_of.is_none())
    }

    /// The `name.ext.xmp` sidecar of one rendition (by its `rel`).
    pub fn own_sidecar(&self, rel: &str) -> Option<&Rendition> {
        self.renditions
            .iter()
            .find(|r| r.role == Role::Sidecar && r.sidecar_of.as_deref() == Some(rel))
    }

    /// Whether a sidecar collision makes the shared sidecar unusable for writing.
    pub fn has_collision(&self) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p, Problem::SidecarCollision { .. }))
    }

    /// The asset's own media files that cannot hold XMP and so need the sidecar.
    pub fn needs_sidecar(&self) -> Vec<&Rendition> {
        self.renditions
            .iter()
            .filter(|r| r.is_own_media() && !r.can_hold_xmp)
            .collect()
    }

    /// The sidecar that holds the asset's XMP: the primary's own `name.ext.xmp`, else
    /// the shared `stem.xmp`, else the path a new one would get (`stem.xmp`, or
    /// `name.ext.xmp` in darktable-style folders and when several raw-like files share
    /// the stem). None when an existing `stem.xmp` is ambiguous (see [`Problem`]).
    pub fn sidecar_path(&self) -> Option<PathBuf> {
        let primary = self.primary();
        if let Some(own) = primary.and_then(|p| self.own_sidecar(&p.rel)) {
            return Some(own.path.clone());
        }
        if let Some(shared) = self.shared_sidecar() {
            return (!self.has_collision()).then(|| shared.path.clone());
        }
        let Some(primary) = primary else {
            // Only sidecars (or only derivatives): any existing sidecar is the one.
            return self
                .renditions
                .iter()
                .find(|r| r.role == Role::Sidecar)
                .map(|r| r.path.clone());
        };
        let raws = self
            .renditions
            .iter()
            .filter(|r| r.is_own_media() && kind::is_raw_like(r.format))
            .count();
        if self.sidecar_style == SidecarStyle::Darktable || raws > 1 {
            Some(join_rel(&self.folder, &format!("{}.xmp", primary.rel)))
        } else {
            // The primary's own stem, so a new sidecar never takes another file's name.
            let stem = kind::split_ext(&primary.rel).0;
            Some(join_rel(&self.folder, &format!("{stem}.xmp")))
        }
    }

    /// Files an edit of the asset's metadata goes to: every own media file that holds
    /// XMP itself, plus the sidecar when a file needs it or one exists. Derivatives and
    /// darktable duplicates are never targets by default.
    pub fn xmp_targets(&self) -> Vec<Target> {
        let mut out: Vec<Target> = self
            .renditions
            .iter()
            .filter(|r| r.is_own_media() && r.can_hold_xmp)
            .map(|r| Target {
                path: r.path.clone(),
                kind: TargetKind::Embedded,
            })
            .collect();
        let wants_sidecar = !self.needs_sidecar().is_empty()
            || self.renditions.iter().any(|r| r.role == Role::Sidecar)
            || self.primary().is_none();
        if wants_sidecar {
            if let Some(path) = self.sidecar_path() {
                let exists = self.renditions.iter().any(|r| r.path == path);
                out.push(Target {
                    path,
                    kind: TargetKind::Sidecar { exists },
                });
            }
        }
        out
    }

    /// The rendition whose XMP stands for the asset (rating, title): the sidecar of a
    /// primary that cannot hold XMP (or holds none), else the primary.
    pub fn xmp_source(&self) -> Option<&Rendition> {
        let primary = self.primary();
        let sidecar = || {
            primary
                .and_then(|p| self.own_sidecar(&p.rel))
                .or_else(|| self.shared_sidecar())
        };
        match primary {
            Some(p) if p.can_hold_xmp && p.xmp.has_xmp() != Some(false) => Some(p),
            Some(p) => sidecar().or(Some(p)),
            None => sidecar().or_else(|| self.renditions.first()),
        }
    }

    /// The summary of [`Asset::xmp_source`], once read.
    pub fn summary(&self) -> Option<&Summary> {
        self.xmp_source()
            .and_then(|r| r.xmp.info())
            .map(|i| &i.summary)
    }
}
