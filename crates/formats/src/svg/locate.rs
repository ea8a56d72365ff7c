//! Finds the XMP of an SVG document by byte range (docs/containers.md, "SVG").
//!
//! A DOM library would re-serialize the document; here only positions are wanted, so
//! quick-xml's pull reader walks the bytes and we keep our own namespace stack. Entity
//! references are never expanded (the DOCTYPE, internal subset included, is skipped
//! as one event), so nothing outside the document is ever loaded.
//!
//! quick-xml reads UTF-8 only. A document in another ASCII-compatible encoding (an
//! ISO-8859-1 SVG) is walked through a copy whose non-ASCII bytes are masked as `?`:
//! every byte keeps its position and XML's syntax is all ASCII, so the ranges found are
//! those of the original; only non-ASCII characters in names and `xmlns` values read as
//! `?`, and the packet itself is parsed from the original bytes elsewhere.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::FormatError;

pub const NS_SVG: &str = "http://www.w3.org/2000/svg";
pub const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const NS_X: &str = "adobe:ns:meta/";

pub(crate) fn corrupt(offset: u64, message: impl Into<String>) -> FormatError {
    FormatError::corrupt("SVG", offset, message)
}

/// Byte positions of one element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Elem {
    /// Qualified name as written.
    pub qname: String,
    /// Offset of `<`.
    pub start: usize,
    /// Offset just after the element name in the start tag.
    pub name_end: usize,
    /// Offset just after the start tag's `>` (after `/>` for an empty element).
    pub start_end: usize,
    /// Offset of the end tag's `<` (== start_end for an empty element).
    pub end_start: usize,
    /// Offset just after the end tag.
    pub end: usize,
    pub empty: bool,
}

/// What kind of XMP holder a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `x:xmpmeta` (or the old `x:xapmeta`).
    XmpMeta,
    /// A bare `rdf:RDF`.
    Rdf,
}

/// Byte range of an element name in a start or end tag.
pub type NameRange = (usize, usize);

/// An XMP packet candidate inside `<metadata>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub kind: Kind,
    pub elem: Elem,
    /// The stored packet: the element, extended over `<?xpacket?>` PIs around it.
    pub range: (usize, usize),
    /// Namespace bindings in scope from ancestors (prefix, URI; "" = default).
    pub inherited: Vec<(String, String)>,
    /// Prefixes the element declares itself.
    pub own: Vec<String>,
    /// Children of `rdf:RDF` that are not `rdf:Description` (typed nodes such as
    /// Inkscape's `cc:Work`): (start-tag name range, end-tag name range).
    pub typed: Vec<(NameRange, Option<NameRange>)>,
    /// The prefix bound to the RDF namespace at the typed nodes.
    pub rdf_prefix: Option<String>,
}

/// What the locator found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SvgDoc {
    pub root: Elem,
    /// Prefix of the root element (`None`: unprefixed, default namespace).
    pub root_prefix: Option<String>,
    pub metadata: Option<Elem>,
    pub candidates: Vec<Candidate>,
    /// Declared encoding of the XML declaration, if any.
    pub encoding: Option<String>,
    pub warnings: Vec<String>,
}

impl SvgDoc {
    /// The main packet: the first `x:xmpmeta`, else the first bare `rdf:RDF`
    /// (the toolkit's root choice).
    pub fn main(&self) -> Option<usize> {
        self.candidates
            .iter()
            .position(|c| c.kind == Kind::XmpMeta)
            .or_else(|| (!self.candidates.is_empty()).then_some(0))
    }
}

/// `bytes` as UTF-8 with the same byte positions: itself when it is UTF-8, else a copy
/// whose non-ASCII bytes are `?` (module doc).
fn walkable(bytes: &[u8]) -> Cow<'_, [u8]> {
    if std::str::from_utf8(bytes).is_ok() {
        Cow::Borrowed(bytes)
    } else {
        Cow::Owned(
            bytes
                .iter()
                .map(|&b| if b.is_ascii() { b } else { b'?' })
                .collect(),
        )
    }
}

/// True when the first element of `head` is an `svg` element.
pub fn sniff(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    // The head may end inside a multi-byte character; masking keeps it walkable.
    let walk = walkable(head);
    let mut r = Reader::from_reader(&walk[..]);
    r.config_mut().check_end_names = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                return local(e.name().into_inner()) == "svg";
            }
            Ok(Event::Eof) => return false,
            Ok(Event::Text(t)) if !t.trim_ascii().is_empty() => return false,
            Ok(_) => {}
            // The head may end inside a long DOCTYPE; decide on what we saw.
            Err(_) => {
                return head.windows(4).any(|w| w == b"<svg")
                    && head.windows(NS_SVG.len()).any(|w| w == NS_SVG.as_bytes());
            }
        }
    }
}

fn local(qname: &str) -> &str {
    qname.split_once(':').map_or(qname, |(_, l)| l)
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

struct Frame {
    decls: Vec<(String, String)>,
    role: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Metadata,
    InMetadata,
    /// The candidate element with this index.
    Candidate(usize),
    /// The `rdf:RDF` whose children are the top-level nodes of candidate N.
    Rdf(usize),
    /// A top-level node of candidate N; `Some(i)` when it is typed (index in `typed`).
    Node(usize, Option<usize>),
    Other,
}

fn resolve<'a>(stack: &'a [Frame], own: &'a [(String, String)], prefix: &str) -> Option<&'a str> {
    if prefix == "xml" {
        return Some("http://www.w3.org/XML/1998/namespace");
    }
    own.iter()
        .chain(stack.iter().rev().flat_map(|f| f.decls.iter().rev()))
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u.as_str())
}

fn decls_of(e: &BytesStart<'_>, at: u64) -> Result<Vec<(String, String)>, FormatError> {
    let mut v = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| corrupt(at, format!("bad attribute: {err}")))?;
        let key = a.key.into_inner();
        let prefix = if key == "xmlns" {
            String::new()
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            p.to_owned()
        } else {
            continue;
        };
        v.push((prefix, a.value.into_owned()));
    }
    Ok(v)
}

/// Walks the document. `bytes` must be the whole file (UTF-8 or ASCII-compatible).
pub fn locate(bytes: &[u8]) -> Result<SvgDoc, FormatError> {
    // quick-xml skips a leading byte order mark without counting it in its positions,
    // which would put every range three bytes early; walk after it and add it back.
    let base = if bytes.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let walk = walkable(&bytes[base..]);
    let mut r = Reader::from_reader(&walk[..]);
    let mut doc = SvgDoc::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut seen_root = false;
    // xpacket header PI seen right before the next candidate (its offset).
    let mut pending_begin: Option<usize> = None;
    // Candidate that just ended and may be followed by an xpacket trailer.
    let mut awaiting_trailer: Option<usize> = None;
    loop {
        let pos0 = base + r.buffer_position() as usize;
        let ev = r.read_event().map_err(|e| {
            corrupt(
                base as u64 + r.error_position(),
                format!("not well-formed XML: {e}"),
            )
        })?;
        let pos1 = base + r.buffer_position() as usize;
        let parent_role = stack.last().map(|f| f.role);
        let in_metadata = matches!(parent_role, Some(Role::Metadata) | Some(Role::InMetadata));
        match &ev {
            Event::Text(t) if t.trim_ascii().is_empty() => continue,
            Event::PI(pi) if pi.target() == "xpacket" => {
                let is_end = pi.content().contains("end=");
                if is_end {
                    if let Some(i) = awaiting_trailer.take() {
                        doc.candidates[i].range.1 = pos1;
                    }
                } else if in_metadata {
                    pending_begin = Some(pos0);
                }
                awaiting_trailer = None;
                continue;
            }
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    doc.encoding = Some(enc.into_owned());
                }
            }
            _ => {}
        }
        awaiting_trailer = None;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let qname = e.name().into_inner().to_owned();
                let decls = decls_of(e, pos0 as u64)?;
                let uri = resolve(&stack, &decls, prefix_of(&qname)).map(str::to_owned);
                let lname = local(&qname).to_owned();
                let elem = Elem {
                    qname: qname.clone(),
                    start: pos0,
                    name_end: pos0 + 1 + qname.len(),
                    start_end: pos1,
                    end_start: pos1,
                    end: pos1,
                    empty,
                };
                let begin = pending_begin.take();
                let role = if !seen_root {
                    seen_root = true;
                    if lname != "svg" {
                        return Err(corrupt(
                            pos0 as u64,
                            format!("root element is <{qname}>, not <svg>"),
                        ));
                    }
                    match uri.as_deref() {
                        Some(NS_SVG) => {}
                        Some(u) => doc
                            .warnings
                            .push(format!("root <svg> is in namespace {u}, not {NS_SVG}")),
                        None => doc
                            .warnings
                            .push("root <svg> has no namespace declaration".into()),
                    }
                    doc.root_prefix = Some(prefix_of(&qname).to_owned()).filter(|p| !p.is_empty());
                    doc.root = elem.clone();
                    Role::Root
                } else {
                    match parent_role {
                        Some(Role::Root)
                            if lname == "metadata"
                                && uri.as_deref()
                                    == resolve(
                                        &stack,
                                        &[],
                                        doc.root_prefix.as_deref().unwrap_or(""),
                                    ) =>
                        {
                            if doc.metadata.is_none() {
                                doc.metadata = Some(elem.clone());
                                Role::Metadata
                            } else {
                                doc.warnings.push(format!(
                                    "second <metadata> element at offset {pos0} ignored"
                                ));
                                Role::Other
                            }
                        }
                        Some(Role::Metadata) | Some(Role::InMetadata) => {
                            let kind = match (uri.as_deref(), lname.as_str()) {
                                (Some(NS_X), "xmpmeta" | "xapmeta") => Some(Kind::XmpMeta),
                                (Some(NS_RDF), "RDF") => Some(Kind::Rdf),
                                _ => None,
                            };
                            match kind {
                                Some(kind) => {
                                    let inherited = stack
                                        .iter()
                                        .flat_map(|f| f.decls.iter().cloned())
                                        .fold(Vec::<(String, String)>::new(), |mut acc, (p, u)| {
                                            acc.retain(|(q, _)| q != &p);
                                            acc.push((p, u));
                                            acc
                                        });
                                    doc.candidates.push(Candidate {
                                        kind,
                                        range: (begin.unwrap_or(pos0), pos1),
                                        elem: elem.clone(),
                                        inherited,
                                        own: decls.iter().map(|(p, _)| p.clone()).collect(),
                                        typed: Vec::new(),
                                        rdf_prefix: None,
                                    });
                                    let i = doc.candidates.len() - 1;
                                    if kind == Kind::Rdf {
                                        Role::Rdf(i)
                                    } else {
                                        Role::Candidate(i)
                                    }
                                }
                                None => Role::InMetadata,
                            }
                        }
                        Some(Role::Candidate(i))
                            if uri.as_deref() == Some(NS_RDF) && lname == "RDF" =>
                        {
                            Role::Rdf(i)
                        }
                        Some(Role::Rdf(i)) => {
                            if uri.as_deref() == Some(NS_RDF) && lname == "Description" {
                                Role::Node(i, None)
                            } else {
                                let c = &mut doc.candidates[i];
                                c.rdf_prefix = stack
                                    .iter()
                                    .flat_map(|f| f.decls.iter())
                                    .chain(decls.iter())
                                    .filter(|(_, u)| u == NS_RDF)
                                    .map(|(p, _)| p.clone())
                                    .next_back();
                                c.typed.push(((pos0 + 1, pos0 + 1 + qname.len()), None));
                                Role::Node(i, Some(c.typed.len() - 1))
                            }
                        }
                        _ => Role::Other,
                    }
                };
                if empty {
                    finish(&mut doc, role, pos1, pos1, None);
                    if role == Role::Root {
                        break;
                    }
                    if let Role::Candidate(i) | Role::Rdf(i) = role {
                        if parent_role != Some(Role::Candidate(i)) {
                            awaiting_trailer = Some(i);
                        }
                    }
                } else {
                    stack.push(Frame { decls, role });
                }
            }
            Event::End(ref e) => {
                let Some(frame) = stack.pop() else {
                    return Err(corrupt(pos0 as u64, "end tag without start tag"));
                };
                let qlen = e.name().into_inner().len();
                finish(
                    &mut doc,
                    frame.role,
                    pos0,
                    pos1,
                    Some((pos0 + 2, pos0 + 2 + qlen)),
                );
                match frame.role {
                    Role::Candidate(i) => awaiting_trailer = Some(i),
                    Role::Rdf(i) if stack.last().map(|f| f.role) != Some(Role::Candidate(i)) => {
                        awaiting_trailer = Some(i)
                    }
                    Role::Root => break,
                    _ => {}
                }
            }
            Event::Eof => {
                if !seen_root {
                    return Err(corrupt(pos0 as u64, "no <svg> element"));
                }
                return Err(corrupt(pos0 as u64, "document ends before </svg>"));
            }
            _ => {}
        }
    }
    Ok(doc)
}

fn finish(
    doc: &mut SvgDoc,
    role: Role,
    end_start: usize,
    end: usize,
    end_name: Option<(usize, usize)>,
) {
    let set = |e: &mut Elem| {
        e.end_start = end_start;
        e.end = end;
    };
    match role {
        Role::Root => set(&mut doc.root),
        Role::Metadata => {
            if let Some(m) = doc.metadata.as_mut() {
                set(m);
            }
        }
        Role::Candidate(i) => {
            let c = &mut doc.candidates[i];
            set(&mut c.elem);
            c.range.1 = end;
        }
        Role::Rdf(i) => {
            let c = &mut doc.candidates[i];
            if c.kind == Kind::Rdf {
                set(&mut c.elem);
                c.range.1 = end;
            }
        }
        Role::Node(i, Some(t)) => doc.candidates[i].typed[t].1 = end_name,
        _ => {}
    }
}
