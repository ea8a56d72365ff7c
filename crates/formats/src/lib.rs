//! Containers: detect a file's format by content, read its XMP, write a new packet.
//!
//! One module per container behind the small [`Container`] trait. Reading touches only
//! the bytes it needs (a JPEG stops at SOS). Writing goes through [`write_file`] in
//! `safe_write`: in place when the new packet fits the old region (same length), else a
//! streamed rewrite into a temp file in the same folder, verified, fsynced and renamed
//! (docs/safe-writing.md, "Two paths"); a PDF's rewrite is the original followed by an
//! incremental update. Formats without a dedicated module (CR3, EPS, ...) are read
//! with the packet scanner and refused for writing with a hint to use a sidecar.

pub mod bmff;
pub mod damage;
pub mod detect;
pub mod error;
pub mod fallback;
pub mod gif;
pub mod gltf;
pub mod identity;
pub mod jpeg;
pub mod open;
pub mod packet;
pub mod pdf;
pub mod png;
pub mod psd;
pub mod safe_write;
pub mod sidecar;
pub mod stream;
pub mod svg;
pub mod tiff;
pub mod unreadable;
pub mod webp;

use std::io::{Read, Seek, Write};

use xmpedit_core::xmp::parse::PacketInfo;
use xmpedit_core::xmp::{Packet, WriteOptions};

pub use damage::Damage;
pub use detect::{detect, read_file, read_from};
pub use error::FormatError;
pub use identity::Identity;
pub use safe_write::{write_file, ByteUndo, WriteOutcome, WritePolicy, WriteRequest};

/// Anything we can read and seek; blanket-implemented.
pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek + ?Sized> ReadSeek for T {}

/// A file format, as detected from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    Gif,
    Tiff,
    /// DNG: well-behaved TIFF; read, and written like TIFF.
    Dng,
    /// TIFF-based proprietary raw (CR2, NEF, ARW, ORF, RW2, PEF, ...): read only.
    Raw,
    Svg,
    Gltf,
    Glb,
    /// A `.xmp` sidecar: a whole packet file.
    Xmp,
    Pdf,
    Mp4,
    Mov,
    Heif,
    Cr3,
    Psd,
    Eps,
    /// Anything else: read through the packet scanner.
    Other,
}

impl Format {
    /// Lower-case name used in JSON output (`"jpeg"`, `"png"`, `"xmp"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
            Format::Tiff => "tiff",
            Format::Dng => "dng",
            Format::Raw => "raw",
            Format::Svg => "svg",
            Format::Gltf => "gltf",
            Format::Glb => "glb",
            Format::Xmp => "xmp",
            Format::Pdf => "pdf",
            Format::Mp4 => "mp4",
            Format::Mov => "mov",
            Format::Heif => "heif",
            Format::Cr3 => "cr3",
            Format::Psd => "psd",
            Format::Eps => "eps",
            Format::Other => "other",
        }
    }

    /// Whether xmpedit writes XMP into this format itself (else: sidecar).
    pub fn writable(self) -> bool {
        matches!(
            self,
            Format::Jpeg
                | Format::Png
                | Format::WebP
                | Format::Gif
                | Format::Tiff
                | Format::Dng
                | Format::Svg
                | Format::Gltf
                | Format::Glb
                | Format::Xmp
                | Format::Psd
                | Format::Mp4
                | Format::Mov
                | Format::Heif
                | Format::Pdf
        )
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the main packet sits in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Byte offset of the packet's first byte.
    pub offset: u64,
    /// Stored length of the packet (including padding and trailer).
    pub len: u64,
}

/// What a container read found.
#[derive(Debug, Clone)]
pub struct Found {
    pub format: Format,
    /// The main packet, parsed (JPEG: merged with its Extended XMP). None: no XMP.
    pub packet: Option<Packet>,
    /// The main packet's stored bytes (JPEG: standard packet then extension bytes;
    /// glTF: the packet's JSON text). Hashed for [`Identity`].
    pub raw: Option<Vec<u8>>,
    /// Where the main packet is stored, when it is one contiguous range.
    pub region: Option<Region>,
    /// Facts about the stored packet (encoding, wrapper, padding).
    pub info: Option<PacketInfo>,
    /// Further packets the file holds (second JPEG XMP segment, glTF per-object
    /// packets, PDF page packets), labelled for display; never merged silently.
    pub others: Vec<(String, Packet)>,
    /// Problems that did not stop the read.
    pub warnings: Vec<String>,
    /// Stored XMP the read could not use that a write would replace or duplicate
    /// (each entry says which part and why); a write is refused unless allowed, see
    /// [`unreadable`].
    pub unreadable: Vec<String>,
    /// Damaged parts of the container the read went past (each also a warning); a
    /// write that touches one, or rewrites the file, is refused unless allowed, see
    /// [`damage`].
    pub damage: Vec<Damage>,
}

impl Found {
    /// The stored packet's facts when a same-length patch may replace it: UTF-8 inside
    /// an xpacket wrapper, and not marked `end="r"` unless the container ignores that
    /// flag (PNG: the spec marks every PNG packet read-only because of the CRC, yet
    /// the XMP Toolkit updates it in place).
    pub fn patchable(&self, honour_read_only: bool) -> Option<&PacketInfo> {
        self.info.as_ref().filter(|i| {
            i.encoding == xmpedit_core::xmp::parse::Encoding::Utf8
                && i.xpacket
                && !(honour_read_only && i.read_only)
        })
    }

    /// Takes a parsed main packet: its model, its facts and the stored bytes. Warnings
    /// and the region stay the caller's (containers word and locate them differently).
    pub fn set_main(&mut self, packet: Packet, info: PacketInfo, raw: Vec<u8>) {
        self.packet = Some(packet);
        self.info = Some(info);
        self.raw = Some(raw);
    }

    pub fn empty(format: Format) -> Self {
        Found {
            format,
            packet: None,
            raw: None,
            region: None,
            info: None,
            others: Vec::new(),
            warnings: Vec::new(),
            unreadable: Vec::new(),
            damage: Vec::new(),
        }
    }
}

/// A same-length update: bytes to write at offsets of the existing file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    pub offset: u64,
    pub bytes: Vec<u8>,
}

/// The parts of a file a write must keep unchanged, in file order: a label (no
/// offsets, they may shift) and a hash of the part's bytes ([`stream::hash_range`]).
/// Comparing the lists of the original and the written file is the last check of
/// docs/safe-writing.md, "Verification" (every part outside the XMP unchanged).
pub type Preserved = Vec<(String, u64)>;

/// One container format.
pub trait Container: Send + Sync {
    fn format(&self) -> Format;

    /// True when the first bytes (up to 4 KiB, fewer for short files) are this format.
    fn sniff(&self, head: &[u8]) -> bool;

    /// Reads the file's XMP. Must not read more than it needs (JPEG: up to SOS).
    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError>;

    /// Same-length patches that store `packet` in place of the old one, or None when it
    /// does not fit (or this format never updates in place).
    fn patch_in_place(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError>;

    /// Streams a complete new file holding `packet` to `dst`; every byte outside the
    /// XMP region is copied unchanged (except length/CRC fields the change implies).
    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError>;

    /// Walks the whole file strictly (every checksum) and lists the parts outside the
    /// XMP that a write must keep; None when the container cannot tell (verification
    /// then checks the packet only).
    fn preserved(&self, _src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        Ok(None)
    }

    /// [`Container::preserved`] of a file just written from an original of
    /// `original_len` bytes, judged by the original's size where that matters (TIFF:
    /// a value that pointed past the original's end is no part of it, even when the
    /// written file has appended bytes there).
    fn preserved_after_write(
        &self,
        src: &mut dyn ReadSeek,
        _original_len: u64,
    ) -> Result<Option<Preserved>, FormatError> {
        self.preserved(src)
    }

    /// Structural checks every write needs first, for containers whose reader skips
    /// parts a writer must not (PNG: the CRCs of the image data): the damage found
    /// there, beyond [`Found::damage`]. The default finds none: the read already
    /// walked everything a write relies on.
    fn check_before_patch(&self, _src: &mut dyn ReadSeek) -> Result<Vec<Damage>, FormatError> {
        Ok(Vec::new())
    }

    /// Notes for the write report that the user should know whatever the outcome (a
    /// signed PDF: its signatures stay valid but show a later modification). The
    /// default has none.
    fn write_notices(&self, _src: &mut dyn ReadSeek) -> Result<Vec<String>, FormatError> {
        Ok(Vec::new())
    }

    /// The model a reader will find after `packet` was written with `opts` (JPEG drops
    /// `xmp:Thumbnails` when it must split the packet). Used to verify a write.
    fn expected_model(&self, packet: &Packet, _opts: &WriteOptions) -> Result<Packet, FormatError> {
        Ok(packet.clone())
    }
}
