//! Packet scanner: finds `<?xpacket begin= ... end= ?>` packets in any byte stream.
//!
//! OWNER: reader helper.

/// A packet found by scanning: byte range including both processing instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketSpan {
    pub start: usize,
    pub end: usize,
    /// `end="w"` (true) or `end="r"` (false).
    pub writable: bool,
}

/// Every packet in `bytes`, in file order.
pub fn find_packets(_bytes: &[u8]) -> Vec<PacketSpan> {
    unimplemented!("packet scanner")
}
