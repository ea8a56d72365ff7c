//! XMP a read could not use, and the one rule for writing over it.
//!
//! A container lists in [`Found::unreadable`] the stored XMP its read could not use
//! but a write would replace or put a second packet beside: JPEG Extended XMP that
//! the main packet names but that does not assemble or parse, a PNG XMP chunk that is
//! compressed badly, stored in `zTXt`/`tEXt`, or placed after `IEND`. The edit was
//! made on a model without that XMP, so writing it would silently lose the part or
//! leave two disagreeing packets. Such a write is refused with the reason unless the
//! user allows it (`--repair-unsafe`); then the container replaces the part and the
//! outcome says what was lost. XMP that belongs to no packet a write touches (JPEG
//! extension segments with another GUID) is not listed: the writers keep it byte
//! for byte.

use std::path::Path;

use crate::{FormatError, Found, WritePolicy};

/// The refusal's text after the file name (also used by callers that print the path
/// themselves).
pub fn refusal(what: &str) -> String {
    format!(
        "XMP that could not be read: {what}; writing the edit would replace or duplicate it, \
         so the file was not changed (--repair-unsafe writes the new packet in its place, \
         losing what could not be read)"
    )
}

/// What a permitted write over unreadable XMP loses, as reported afterwards.
pub fn replaced_note(what: &str) -> String {
    format!("--repair-unsafe: replaced XMP that could not be read, which is now lost: {what}")
}

/// Checks a write against what its read could not use: Ok with the parts the write
/// will replace (empty for a clean file), or the refusal when the policy does not
/// allow replacing them.
pub fn permit(
    path: &Path,
    found: &Found,
    policy: &WritePolicy,
) -> Result<Vec<String>, FormatError> {
    if found.unreadable.is_empty() {
        return Ok(Vec::new());
    }
    if !policy.repair_unsafe {
        return Err(FormatError::Unreadable {
            path: path.to_path_buf(),
            what: found.unreadable.join("; and "),
        });
    }
    Ok(found.unreadable.clone())
}
