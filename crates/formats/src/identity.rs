//! A file's identity at read time (size, mtime, hash of its packet), so that a write
//! can refuse a file that changed since it was read.

/// Size, modification time and a hash of the stored packet bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
    /// 64-bit FNV-1a of the stored packet bytes (0 when there is none).
    pub packet_hash: u64,
}

impl Identity {
    pub fn from_metadata(meta: &std::fs::Metadata, raw: Option<&[u8]>) -> Self {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        Identity {
            size: meta.len(),
            mtime_ns,
            packet_hash: raw.map(hash).unwrap_or(0),
        }
    }
}

/// FNV-1a 64: small, dependency-free, and plenty to notice a changed packet.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
