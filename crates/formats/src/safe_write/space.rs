//! Free space before a rewrite (docs/safe-writing.md, "Free space"): a rewrite holds
//! the original and the complete new file on the same file system until the swap, so
//! one that cannot fit is refused before the temp file is made, instead of failing
//! with ENOSPC midway through a 4 GB video. Plus the test hook that pretends a disk
//! has N bytes free.

#[cfg(feature = "testing")]
use std::cell::Cell;
use std::path::Path;

use crate::FormatError;

/// Kept free beyond the estimate: at least 1 MiB, or 1% of the file when larger (the
/// container's own boxes, a different padding, the file system's metadata blocks).
fn margin(len: u64) -> u64 {
    (1 << 20u64).max(len / 100)
}

/// What a rewrite of an `original_len`-byte file with a `packet_len`-byte packet needs
/// free: the new file is at most the original plus the new packet, plus the margin.
pub(super) fn needed(original_len: u64, packet_len: u64) -> u64 {
    original_len
        .saturating_add(packet_len)
        .saturating_add(margin(original_len))
}

/// Refuses when the file system holding `target` has less than `needed` bytes free
/// for this user. When the free space cannot be asked (no statvfs), the write goes
/// ahead as before: a failed write still leaves the original untouched.
pub(super) fn check(target: &Path, needed: u64) -> Result<(), FormatError> {
    match available(target) {
        Some(available) if available < needed => Err(FormatError::NoSpace { needed, available }),
        _ => Ok(()),
    }
}

/// Bytes free to an unprivileged user on the file system of `path`'s folder (where the
/// temp file goes): `f_bavail * f_frsize`, not `f_bfree`, since the reserved blocks
/// are not ours to take.
pub(super) fn available(path: &Path) -> Option<u64> {
    if let Some(n) = pretended() {
        return Some(n);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    free_in(dir)
}

#[cfg(unix)]
fn free_in(dir: &Path) -> Option<u64> {
    let s = rustix::fs::statvfs(dir).ok()?;
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

#[cfg(not(unix))]
fn free_in(_dir: &Path) -> Option<u64> {
    None
}

/// The refusal's text: how much is needed and free, in bytes and in a readable unit.
pub fn refusal(needed: u64, available: u64) -> String {
    format!(
        "not enough free space for the rewrite: it needs {} and the file system has {} free; \
         not changed (a write that fits the packet's padding is made in place and needs no \
         space)",
        size(needed),
        size(available)
    )
}

/// `12.3 MiB (12897484 bytes)`; small sizes in bytes only.
fn size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {} ({n} bytes)", UNITS[unit])
}

#[cfg(feature = "testing")]
thread_local! {
    static PRETENDED: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Test hook: every free-space question on this thread answers `bytes` (`None`: ask
/// the file system again).
#[cfg(feature = "testing")]
pub fn set_free_space_for_tests(bytes: Option<u64>) {
    PRETENDED.with(|p| p.set(bytes));
}

/// Environment variable a test sets for the `xmpedit` binary built for the tests
/// (which has the `testing` feature), whose writes may run on any thread.
#[cfg(feature = "testing")]
pub const FREE_SPACE_ENV: &str = "XMPEDIT_FREE_SPACE_FOR_TESTS";

#[cfg(feature = "testing")]
fn pretended() -> Option<u64> {
    PRETENDED.with(|p| p.get()).or_else(|| {
        std::env::var(FREE_SPACE_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
    })
}

/// Without the `testing` feature the file system is always asked.
#[cfg(not(feature = "testing"))]
fn pretended() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_bytes_and_units() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(3 << 20), "3.0 MiB (3145728 bytes)");
    }

    #[test]
    fn the_margin_is_a_mebibyte_or_a_percent() {
        assert_eq!(needed(1000, 100), 1100 + (1 << 20));
        assert_eq!(needed(4 << 30, 0), (4 << 30) + (4 << 30) / 100);
    }
}
