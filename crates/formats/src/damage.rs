//! Damaged containers: read what can be read, refuse only unsafe writes
//! (docs/safe-writing.md, "Damaged files").
//!
//! A container reader that meets damage it can step past (a JPEG whose segments end
//! in garbage after the XMP segment, a PNG chunk with a bad CRC, a TIFF IFD chain
//! that breaks after IFD0) reads the XMP anyway, warns, and lists the damaged bytes in
//! [`crate::Found::damage`]. A same-length patch of the packet that touches none of
//! them changes nothing a damaged part could be blamed for, so it goes ahead. Every
//! other write (a rewrite, or a patch over the damage) is refused with the reason
//! unless the user allows it (`--repair-unsafe`): then the damaged bytes are copied as
//! they are (or, when they held the XMP, replaced by the new packet) and the outcome
//! says so.

use std::path::Path;

use crate::{FormatError, Patch, WritePolicy};

/// A damaged part of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// What is wrong and where, in words ("chunk tEXt at offset 33 has a bad CRC").
    pub what: String,
    /// The damaged bytes, as `start..end` file offsets.
    pub start: u64,
    pub end: u64,
}

impl Damage {
    pub fn new(what: impl Into<String>, start: u64, end: u64) -> Damage {
        Damage {
            what: what.into(),
            start,
            end: end.max(start),
        }
    }

    /// The warning a read shows.
    pub fn warning(&self) -> String {
        format!(
            "the file is damaged: {}; the XMP was read, but only a write that fits the \
             packet's place leaves the file as it is (--repair-unsafe allows any write)",
            self.what
        )
    }

    /// True when the patch writes any of the damaged bytes.
    fn touched_by(&self, p: &Patch) -> bool {
        let end = p.offset + p.bytes.len() as u64;
        // An empty range (damage at the end of the file) is touched by nothing.
        self.start < self.end && p.offset < self.end && self.start < end
    }
}

/// The refusal's text after the file name.
pub fn refusal(what: &str) -> String {
    format!(
        "the file is damaged ({what}); this write would rewrite the file or change the \
         damaged part, so it was not changed (a smaller edit that fits the packet's place \
         is written in place; --repair-unsafe writes anyway, keeping the damaged bytes as \
         they are unless they held the XMP)"
    )
}

/// What a permitted write into a damaged file reports afterwards.
pub fn written_note(what: &str) -> String {
    format!(
        "--repair-unsafe: written although the file is damaged ({what}); the damaged bytes \
         were kept as they were, except XMP the new packet replaced"
    )
}

/// Checks a write against the damage: Ok with the notes to report (empty when the
/// write is safe: no damage, or `patches` that avoid it), or the refusal.
/// `patches` is None for a rewrite.
pub fn permit(
    path: &Path,
    damage: &[Damage],
    patches: Option<&[Patch]>,
    policy: &WritePolicy,
) -> Result<Vec<String>, FormatError> {
    let hit: Vec<&Damage> = match patches {
        Some(ps) => damage
            .iter()
            .filter(|d| ps.iter().any(|p| d.touched_by(p)))
            .collect(),
        None => damage.iter().collect(),
    };
    if hit.is_empty() {
        return Ok(Vec::new());
    }
    let what = hit
        .iter()
        .map(|d| d.what.as_str())
        .collect::<Vec<_>>()
        .join("; and ");
    if !policy.repair_unsafe {
        return Err(FormatError::Damaged {
            path: path.to_path_buf(),
            what,
        });
    }
    Ok(vec![written_note(&what)])
}
