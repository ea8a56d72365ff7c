//! `xmp:MetadataDate`, "the date and time that any metadata for this resource was
//! last changed" (XMP Specification Part 1, xmp namespace): set to now on every
//! write that changes something, as Adobe's applications do, unless the config says
//! `[write] metadata_date = false` (docs/metadata-date.md).
//!
//! It is bookkeeping, never an edit of its own: a write whose only difference would
//! be the stamp does not happen, and a stamp that differs (another program wrote
//! since) is never a conflict for undo, redo or a reload.

use xmpedit_catalog::Config;
use xmpedit_core::xmp::{ns, Name, Node, Packet};

/// `xmp:MetadataDate`.
pub fn name() -> Name {
    Name::new(ns::XMP, "MetadataDate")
}

/// True for `xmp:MetadataDate`.
pub fn is_stamp(n: &Name) -> bool {
    n.is(ns::XMP, "MetadataDate")
}

/// Now as an XMP date in UTC to the second (`2024-05-31T14:30:05Z`), the precision
/// Adobe's applications write.
pub fn now() -> String {
    let full = crate::journal::time::now();
    // rfc3339 ends in `.mmmZ`: drop the milliseconds.
    match full.split_once('.') {
        Some((secs, _)) => format!("{secs}Z"),
        None => full,
    }
}

/// Sets the stamp in `packet` to `when`.
pub fn stamp(packet: &mut Packet, when: &str) {
    packet.set(name(), Node::text(when));
}

/// Whether writes stamp `xmp:MetadataDate`: `[write] metadata_date` (default true).
pub fn enabled(config: &Config) -> Result<bool, String> {
    let Some(section) = config.other.get("write") else {
        return Ok(true);
    };
    let table = section
        .as_table()
        .ok_or("configuration: [write] must be a table")?;
    for key in table.keys() {
        if key != "metadata_date" {
            return Err(format!(
                "configuration: unknown key write.{key} (expected metadata_date)"
            ));
        }
    }
    match table.get("metadata_date") {
        None => Ok(true),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| "configuration: write.metadata_date must be true or false".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_an_xmp_date_to_the_second() {
        let n = now();
        assert_eq!(n.len(), "2024-05-31T14:30:05Z".len(), "{n}");
        assert!(n.ends_with('Z') && !n.contains('.'), "{n}");
    }
}
