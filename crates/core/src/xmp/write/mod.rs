//! RDF/XML writer (docs/rdf-xml.md, "Writer output"): canonical compact Adobe style in an
//! xpacket wrapper.
//!
//! [`to_rdfxml`] serializes any model; [`try_to_rdfxml`] refuses models XML cannot
//! carry (see [`check`]) instead of repairing them; [`to_exact_length`] pads a packet to a
//! given byte length for in-place updates (docs/rdf-xml.md, "Exact length"). The compact
//! style writes simple unqualified properties and fields as attributes *before* element
//! ones, so the order a reader sees is [`canonical_order`] of the model.

pub mod check;
mod order;
mod prefixes;
mod rdf;

pub use check::{WriteError, WriteErrorKind, MAX_ELEMENT_DEPTH};
pub use order::canonical_order;

use crate::xmp::model::Packet;
use prefixes::PrefixTable;
use rdf::Emitter;

/// Output options.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Padding bytes before the trailer: lines of 100 spaces + LF, the last line
    /// shorter; always ends with LF when non-zero. Ignored without `xpacket`.
    pub padding: usize,
    /// Emit the `<?xpacket?>` wrapper.
    pub xpacket: bool,
    /// Trailer `end="r"` instead of `end="w"`.
    pub read_only: bool,
    /// Emit an `<?xml version="1.0" encoding="UTF-8"?>` declaration first (sidecars).
    pub xml_decl: bool,
    /// Newlines and indentation; false gives the single-line form used for JPEG
    /// extended XMP.
    pub pretty: bool,
    /// The `x:xmptk` attribute.
    pub toolkit: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            padding: 2048,
            xpacket: true,
            read_only: false,
            xml_decl: false,
            pretty: true,
            toolkit: concat!("xmpedit ", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// The packet header; the `begin` value is U+FEFF (`EF BB BF` in UTF-8).
pub const XPACKET_BEGIN: &str = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>";

/// Serializes a packet. A model that XML cannot carry (see [`try_to_rdfxml`]) is
/// written after a lossy repair ([`check::sanitize`]): such nodes are dropped and
/// forbidden characters become U+FFFD. Call [`try_to_rdfxml`] to be told instead.
pub fn to_rdfxml(packet: &Packet, opts: &WriteOptions) -> String {
    match try_to_rdfxml(packet, opts) {
        Ok(s) => s,
        Err(_) => {
            let mut fixed = packet.clone();
            check::sanitize(&mut fixed.props, &mut fixed.about);
            // The repaired model only holds what the writer accepts.
            try_to_rdfxml(&fixed, opts).unwrap_or_default()
        }
    }
}

/// Serializes a packet, or says which node XML 1.0 cannot represent: forbidden
/// characters (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF), local names that
/// are not NCNames, empty namespace URIs, reserved RDF/XML names, duplicate names,
/// `xml:lang` qualifiers that are not plain text, element nesting beyond
/// [`MAX_ELEMENT_DEPTH`] (our reader's limit).
pub fn try_to_rdfxml(packet: &Packet, opts: &WriteOptions) -> Result<String, WriteError> {
    let body = body(packet, opts, opts.padding + 256)?;
    let mut out = body;
    if opts.xpacket {
        push_padding(&mut out, opts.padding);
        out.push_str(trailer(opts));
    }
    Ok(out)
}

/// The serialized packet padded to exactly `len` bytes, trailer at the very end; `None`
/// when the packet without padding is already longer (docs/rdf-xml.md, "Exact length",
/// `kXMP_ExactPacketLength`). `opts.padding` is ignored. Without `xpacket` the padding
/// whitespace follows the `x:xmpmeta` element (legal trailing whitespace). Models
/// [`try_to_rdfxml`] refuses give `None` as well.
pub fn to_exact_length(packet: &Packet, opts: &WriteOptions, len: usize) -> Option<Vec<u8>> {
    let body = body(packet, opts, len).ok()?;
    let tail = if opts.xpacket { trailer(opts) } else { "" };
    let pad = len.checked_sub(body.len() + tail.len())?;
    let mut out = body;
    push_padding(&mut out, pad);
    out.push_str(tail);
    debug_assert_eq!(out.len(), len);
    Some(out.into_bytes())
}

fn trailer(opts: &WriteOptions) -> &'static str {
    if opts.read_only {
        "<?xpacket end=\"r\"?>"
    } else {
        "<?xpacket end=\"w\"?>"
    }
}

/// Everything before the padding.
fn body(packet: &Packet, opts: &WriteOptions, extra: usize) -> Result<String, WriteError> {
    let prefixes = PrefixTable::new(packet);
    let mut e = Emitter::new(&prefixes, opts.pretty, estimate(packet) + extra);
    let nl = if opts.pretty { "\n" } else { "" };
    if opts.xml_decl {
        e.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        e.out.push_str(nl);
    }
    if opts.xpacket {
        e.out.push_str(XPACKET_BEGIN);
        e.out.push_str(nl);
    }
    e.out
        .push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"");
    // The toolkit name is ours, not the model's: strip what XML cannot hold.
    let toolkit: String = opts
        .toolkit
        .chars()
        .filter(|c| check::first_illegal(c.encode_utf8(&mut [0; 4])).is_none())
        .collect();
    e.text(&toolkit, true)?;
    e.out.push_str("\">");
    e.out.push_str(nl);
    e.out.push_str(if opts.pretty { " " } else { "" });
    e.out
        .push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">");
    e.description(packet, 2)?;
    e.out.push_str(nl);
    e.out.push_str(if opts.pretty { " " } else { "" });
    e.out.push_str("</rdf:RDF>");
    e.out.push_str(nl);
    e.out.push_str("</x:xmpmeta>");
    if opts.pretty && opts.xpacket {
        e.out.push('\n');
    }
    Ok(e.out)
}

/// Rough output size, to allocate once.
fn estimate(packet: &Packet) -> usize {
    1024 + packet.node_count() * 64
}

/// `n` bytes of whitespace: lines of 100 spaces + LF, the last one shorter, ending in
/// LF so that the trailer starts a line.
fn push_padding(out: &mut String, n: usize) {
    out.reserve(n);
    let mut left = n;
    while left >= 101 {
        push_spaces(out, 100);
        out.push('\n');
        left -= 101;
    }
    if left > 0 {
        push_spaces(out, left - 1);
        out.push('\n');
    }
}

/// Appends `n` spaces.
pub(crate) fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                                                    ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}
