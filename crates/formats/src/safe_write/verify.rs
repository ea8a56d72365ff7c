//! Verification of a written file: the same format, the promised model, and the same
//! parts outside the XMP as the original (docs/safe-writing.md, "Verification").

use std::fs::{self, File};
use std::io::{Seek, SeekFrom};
use std::path::Path;

use super::race::verification_forced_to_fail;
use super::{open_and_read, read_open, Opened};
use crate::packet::same_model;
use crate::{Format, FormatError, Found, Preserved};
use xmpedit_core::xmp::Packet;

/// Verifies the file at `path` (a temp file this write created).
pub(super) fn verify_path(
    path: &Path,
    format: Format,
    expected: &Packet,
    before: &Option<Preserved>,
    original_len: u64,
) -> Result<(Found, fs::Metadata), FormatError> {
    let opened = open_and_read(path)
        .map_err(|e| FormatError::Verify(format!("the written file cannot be read back: {e}")))?;
    check(opened, format, expected, before, original_len)
}

/// Verifies through an open descriptor (a patched file: the path may name another
/// file by now, the descriptor cannot).
pub(super) fn verify_file(
    file: &File,
    format: Format,
    expected: &Packet,
    before: &Option<Preserved>,
) -> Result<(Found, fs::Metadata), FormatError> {
    let unreadable = |e: std::io::Error| {
        FormatError::Verify(format!("the written file cannot be read back: {e}"))
    };
    let mut dup = file.try_clone().map_err(unreadable)?;
    dup.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let meta = dup.metadata().map_err(unreadable)?;
    let opened = read_open(dup, meta, None)
        .map_err(|e| FormatError::Verify(format!("the written file cannot be read back: {e}")))?;
    check(opened, format, expected, before, 0)
}

/// `original_len` is the size of the file that was read: a container judges what it
/// preserved by the original's layout ([`crate::Container::preserved_after_write`]).
fn check(
    opened: Opened,
    format: Format,
    expected: &Packet,
    before: &Option<Preserved>,
    original_len: u64,
) -> Result<(Found, fs::Metadata), FormatError> {
    let Opened {
        mut src,
        meta,
        container,
        found,
    } = opened;
    if found.format != format {
        return Err(FormatError::Verify(format!(
            "the written file reads as {} instead of {format}",
            found.format
        )));
    }
    match &found.packet {
        Some(p) if same_model(p, expected) => {}
        Some(p) => {
            return Err(FormatError::Verify(format!(
                "the packet read back differs from the one written ({})",
                first_difference(expected, p)
            )))
        }
        None => {
            return Err(FormatError::Verify(
                "no XMP packet could be read back".to_string(),
            ))
        }
    }
    if verification_forced_to_fail() {
        return Err(FormatError::Verify(
            "simulated failure (test hook)".to_string(),
        ));
    }
    if let Some(before) = before {
        let after = container
            .preserved_after_write(&mut src, original_len)
            .map_err(|e| FormatError::Verify(format!("the written file is damaged: {e}")))?
            .unwrap_or_default();
        if let Some(diff) = preserved_difference(before, &after) {
            return Err(FormatError::Verify(diff));
        }
    }
    Ok((found, meta))
}

fn first_difference(want: &Packet, got: &Packet) -> String {
    if want.about != got.about {
        return format!("rdf:about {:?} vs {:?}", want.about, got.about);
    }
    for (name, node) in &want.props {
        match got.get(name) {
            None => return format!("{name:?} is missing"),
            Some(n) if n != node => return format!("{name:?} differs"),
            _ => {}
        }
    }
    for (name, _) in &got.props {
        if want.get(name).is_none() {
            return format!("{name:?} was not written");
        }
    }
    "a struct field or qualifier differs".to_string()
}

fn preserved_difference(before: &Preserved, after: &Preserved) -> Option<String> {
    for (i, (a, b)) in before.iter().zip(after).enumerate() {
        if a != b {
            return Some(format!(
                "part {} ({}) of the original is not unchanged in the written file",
                i + 1,
                a.0
            ));
        }
    }
    (before.len() != after.len()).then(|| {
        format!(
            "the original has {} parts outside the XMP, the written file {}",
            before.len(),
            after.len()
        )
    })
}
