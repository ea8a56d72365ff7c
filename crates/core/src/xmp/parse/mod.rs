//! RDF/XML reader (docs/rdf-xml.md): packet bytes -> [`Packet`].
//!
//! Steps: decode the bytes to UTF-8 ([`crate::xmp::encoding`]); tokenize them into a small
//! tree, refusing DOCTYPE and undeclared entities and enforcing the limits (`lexer`);
//! find the `rdf:RDF` to read, also inside other XML such as SVG (`rdf`); walk it into the
//! model following the XMP Toolkit's RDF grammar (`rdf`, `props`, `nodes`). Strict mode
//! refuses every form of docs/rdf-xml.md, "Errors", with the toolkit's wording and a
//! line/column; lenient mode (`ParseOptions::recover`) skips the offending part, says so in
//! a warning and marks the result lossy. Input that is not well-formed XML is refused in
//! both modes.
//!
//! Model choices: whitespace inside values is kept; `xml:lang` is stored where written;
//! qualifiers are ordered `xml:lang`, `rdf:type`, others; comments and processing
//! instructions are dropped; `rdf:ID`, `rdf:datatype`, `rdf:about` on nested nodes are
//! dropped with a warning; a property that is only `rdf:nodeID="x"` takes the value of
//! the top-level node `x`, as ExifTool reads it. No toolkit normalisation (aliases,
//! `uuid:` about, DC array coercion) is applied: the packet reads as written.

mod chars;
mod diag;
mod dom;
mod lexer;
mod names;
mod nodes;
pub(crate) mod position;
mod props;
mod rdf;
mod tags;
mod text;
mod walk;

use std::borrow::Cow;

pub use crate::xmp::encoding::Encoding;
use crate::xmp::error::{Diagnostic, ParseError, ParseErrorKind};
use crate::xmp::model::{Packet, Prefixes};

/// Element nesting the reader accepts at most, whatever `max_depth` says: the walker is
/// recursive and must stay inside a 2 MiB thread stack even in debug builds (real packets
/// nest a dozen levels at most).
pub const HARD_MAX_DEPTH: usize = 256;

/// Limits and leniency of the reader.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Recover from the forms of docs/rdf-xml.md, "Errors", by skipping the offending
    /// subtree and reporting it as a warning (the packet is then marked lossy).
    pub recover: bool,
    /// Deepest element nesting accepted (capped at [`HARD_MAX_DEPTH`]).
    pub max_depth: usize,
    /// Largest packet accepted, in stored bytes.
    pub max_bytes: usize,
    /// Most XML nodes (elements + attributes) and model nodes accepted.
    pub max_nodes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            recover: false,
            max_depth: 256,
            max_bytes: 64 << 20,
            max_nodes: 1_000_000,
        }
    }
}

/// Facts about the stored packet that the model does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacketInfo {
    pub encoding: Encoding,
    /// `<?xpacket begin=...?>` header present.
    pub xpacket: bool,
    /// Trailer says `end="r"`.
    pub read_only: bool,
    /// Number of padding bytes (whitespace right before the trailer), in bytes of the
    /// stored encoding.
    pub padding: usize,
}

/// A successful read.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub packet: Packet,
    pub warnings: Vec<Diagnostic>,
    pub info: PacketInfo,
    /// True when recovery dropped or repaired part of the input; such a packet must not
    /// be written back without the user's consent.
    pub lossy: bool,
}

/// Parses a packet with default options (strict).
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    parse_with(bytes, &ParseOptions::default())
}

/// Parses a packet: anything from a bare `rdf:RDF` to a whole XML document holding one
/// (sidecar, SVG), in UTF-8/16/32.
pub fn parse_with(bytes: &[u8], opts: &ParseOptions) -> Result<Parsed, ParseError> {
    if bytes.len() > opts.max_bytes {
        return Err(ParseError::new(
            ParseErrorKind::Limit,
            format!(
                "packet is {} bytes, more than the limit of {} bytes",
                bytes.len(),
                opts.max_bytes
            ),
            1,
            1,
        ));
    }
    let decoded = crate::xmp::encoding::decode(bytes, opts.recover)?;
    let mut sink = diag::Sink::new(opts.recover);
    for r in &decoded.repairs {
        sink.repaired(r.offset, r.message.clone());
    }
    let mut text = decoded.text;
    if opts.recover {
        if let Some(clean) = text::sanitize(&text, &mut sink) {
            text = Cow::Owned(clean);
        }
    }
    let limits = lexer::Limits {
        max_depth: opts.max_depth.min(HARD_MAX_DEPTH),
        max_nodes: opts.max_nodes,
    };
    let result = read(&text, &mut sink, &limits, opts.max_nodes);
    let (packet, xpacket) = result.map_err(|f| f.into_error(&text))?;
    let unit = decoded.encoding.unit_size();
    let info = PacketInfo {
        encoding: decoded.encoding,
        xpacket: xpacket.header,
        read_only: xpacket.read_only,
        padding: xpacket.padding_chars.saturating_mul(unit),
    };
    let lossy = sink.lossy;
    Ok(Parsed {
        packet,
        warnings: sink.finish(&text),
        info,
        lossy,
    })
}

fn read(
    text: &str,
    sink: &mut diag::Sink,
    limits: &lexer::Limits,
    max_nodes: usize,
) -> diag::Res<(Packet, dom::XPacket)> {
    let doc = lexer::parse_xml(text, sink, limits)?;
    let mut packet = Packet::new();
    match rdf::pick_best_root(&doc) {
        rdf::Root::Rdf(r) => {
            let mut w = walk::Walker::new(&doc, sink, limits.max_depth, max_nodes);
            let (about, props) = w.rdf_root(r)?;
            packet.about = about;
            packet.props = props;
        }
        root @ (rdf::Root::EmptyMeta | rdf::Root::None) => {
            // Name a look-alike bound to the wrong namespace, if there is one: that is
            // a packet, only a damaged one (fuzzed files), and saying "no XMP" (or
            // reading an empty x:xmpmeta around it) would hide what is wrong.
            let fake = doc
                .elems
                .iter()
                .find(|e| e.local == "RDF" && e.prefix == "rdf");
            let empty_meta = matches!(root, rdf::Root::EmptyMeta);
            let (pos, msg) = match fake {
                Some(e) => (
                    e.pos,
                    format!(
                        "damaged XMP packet: its rdf:RDF is bound to namespace \"{}\", not {}, \
                         so none of the packet can be read",
                        if e.ns == dom::NS_UNBOUND || e.ns == dom::NS_NONE {
                            "(undeclared)"
                        } else {
                            doc.uri(e.ns)
                        },
                        crate::xmp::ns::RDF
                    ),
                ),
                None if empty_meta => (0, String::new()),
                None => (
                    doc.elem(doc.root).map_or(0, |e| e.pos),
                    "no XMP found: there is no rdf:RDF element".to_string(),
                ),
            };
            if !msg.is_empty() {
                return Err(diag::Fail::new(pos, ParseErrorKind::NoXmp, msg));
            }
        }
    }
    let mut prefixes = Prefixes::new();
    for &(ns, prefix) in &doc.decls {
        prefixes.hint(doc.uri(ns), prefix);
    }
    packet.prefixes = prefixes;
    Ok((packet, doc.xpacket))
}

/// The entry the fuzz target and `tests/fuzz/seeds.rs` share: every reader entry point
/// on arbitrary bytes, plus the invariants that must hold between them. Panics only when
/// an invariant breaks (which is what a fuzzer looks for).
#[cfg(feature = "testing")]
#[allow(clippy::panic)]
pub fn fuzz_entry(data: &[u8]) {
    let strict = parse_with(data, &ParseOptions::default());
    let lenient = parse_with(
        data,
        &ParseOptions {
            recover: true,
            ..ParseOptions::default()
        },
    );
    if let Ok(s) = &strict {
        let _ = crate::xmp::flat::flatten(&s.packet);
        match &lenient {
            Ok(l) => {
                assert_eq!(s.packet, l.packet, "lenient read differs from strict read");
                assert!(!l.lossy, "lenient read of a valid packet is marked lossy");
            }
            Err(e) => panic!("strict read succeeded but lenient read failed: {e}"),
        }
    }
    for span in crate::xmp::scan::find_packets(data) {
        let Some(p) = data.get(span.start..span.end) else {
            panic!("scanner returned a span outside the input");
        };
        let _ = parse(p);
    }
    if let Some(r) = crate::xmp::scan::find_bare(data) {
        assert!(r.end <= data.len() && r.start <= r.end);
    }
}
