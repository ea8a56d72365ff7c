//! What the RDF/XML writer refuses, and why: [`WriteError`], name and character
//! checks, and [`sanitize`], the lossy repair behind the infallible `to_rdfxml`.
//!
//! A model can hold things XML 1.0 cannot carry at all: C0 control characters other than
//! TAB/LF/CR (not even as character references, docs/rdf-xml.md, "Text and escaping"),
//! U+FFFE/U+FFFF, local names that are not NCNames, empty namespace URIs, and names
//! reserved by RDF or XML (only `rdf:type` and the `xml:lang` qualifier are allowed,
//! docs/data-model.md, "Reserved names"). Such models come from JSON-LD, from the editor or
//! from code; the writer reports them instead of emitting a packet no reader accepts.

use std::fmt;

use crate::xmp::model::{is_ncname, Fields, Node, Value};
use crate::xmp::name::Name;
use crate::xmp::ns;

/// Namespace of `xmlns` attributes: nothing may be named in it.
pub(crate) const XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Deepest XML element nesting the writer emits: our reader's hard limit, so that
/// whatever xmpedit writes, xmpedit can read (and no model overflows the stack).
pub const MAX_ELEMENT_DEPTH: usize = crate::xmp::parse::HARD_MAX_DEPTH;

/// Model depth [`sanitize`] keeps. Each model level costs at most three element
/// levels (a qualified array item: `rdf:li`, `rdf:value`, `rdf:Bag`) below the four
/// of the wrapper and property element, so 80 levels always fit [`MAX_ELEMENT_DEPTH`].
const SANITIZE_DEPTH: usize = 80;

/// A model the RDF/XML writer cannot serialize.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write XMP: {path}: {kind}")]
pub struct WriteError {
    /// XMP-Toolkit style path of the offending node (`dc:title[2]/?xml:lang`), with
    /// the prefixes the output would use; `(about)` for the about URI.
    pub path: String,
    pub kind: WriteErrorKind,
}

/// Why a model cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteErrorKind {
    /// A character XML 1.0 forbids (C0 control other than TAB/LF/CR, U+FFFE, U+FFFF).
    IllegalChar(char),
    /// A name whose namespace URI is empty (it cannot be bound to a prefix).
    EmptyNamespace,
    /// A local name that is not an XML NCName.
    InvalidLocalName(String),
    /// A name from the RDF, XML or xmlns namespaces other than `rdf:type` and the
    /// `xml:lang` qualifier.
    ReservedName,
    /// An `xml:lang` qualifier that is not plain text without qualifiers.
    BadLangQualifier,
    /// The same name twice among the properties, fields or qualifiers of one node.
    Duplicate,
    /// Element nesting deeper than [`MAX_ELEMENT_DEPTH`].
    TooDeep,
}

impl fmt::Display for WriteErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteErrorKind::IllegalChar(c) => write!(
                f,
                "character U+{:04X} is not allowed in XML 1.0",
                u32::from(*c)
            ),
            WriteErrorKind::EmptyNamespace => f.write_str("name has an empty namespace URI"),
            WriteErrorKind::InvalidLocalName(l) => {
                write!(f, "{l:?} is not a valid XML local name")
            }
            WriteErrorKind::ReservedName => {
                f.write_str("name is reserved by RDF/XML (only rdf:type and xml:lang may be used)")
            }
            WriteErrorKind::BadLangQualifier => {
                f.write_str("xml:lang must be plain text without qualifiers")
            }
            WriteErrorKind::Duplicate => f.write_str("name appears twice"),
            WriteErrorKind::TooDeep => write!(
                f,
                "nesting deeper than the {MAX_ELEMENT_DEPTH} XML element levels a reader accepts"
            ),
        }
    }
}

/// Where a name stands; decides which reserved names are allowed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    Property,
    Field,
    Qualifier,
}

/// Checks one name for its role.
pub(crate) fn check_name(name: &Name, role: Role) -> Result<(), WriteErrorKind> {
    let uri = &*name.ns;
    // Characters in the URI are checked once, where it is declared (`xmlns:`).
    if uri.is_empty() {
        return Err(WriteErrorKind::EmptyNamespace);
    }
    if uri == ns::XML {
        if role != Role::Qualifier || &*name.local != "lang" {
            return Err(WriteErrorKind::ReservedName);
        }
    } else if uri == ns::RDF {
        if &*name.local != "type" {
            return Err(WriteErrorKind::ReservedName);
        }
    } else if uri == XMLNS {
        return Err(WriteErrorKind::ReservedName);
    }
    if !local_ok(&name.local) {
        return Err(WriteErrorKind::InvalidLocalName(name.local.to_string()));
    }
    Ok(())
}

/// NCName check with an ASCII fast path (nearly every XMP name is ASCII).
fn local_ok(local: &str) -> bool {
    let b = local.as_bytes();
    if b.is_ascii() {
        return match b.split_first() {
            Some((first, rest)) => {
                (first.is_ascii_alphabetic() || *first == b'_')
                    && rest
                        .iter()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
            }
            None => false,
        };
    }
    is_ncname(local)
}

/// An `xml:lang` qualifier must become an attribute: plain text, nothing attached.
pub(crate) fn lang_ok(node: &Node) -> bool {
    matches!(node.value, Value::Simple(_)) && node.qualifiers.is_empty()
}

/// The first character of `s` that XML 1.0 forbids. Works on bytes: the forbidden
/// characters are the C0 controls (one byte each) and U+FFFE/U+FFFF (`EF BF BE/BF`).
pub(crate) fn first_illegal(s: &str) -> Option<char> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r') {
            return Some(char::from(c));
        }
        if c == 0xEF && b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) {
            return s[i..].chars().next();
        }
        i += 1;
    }
    None
}

/// The index of a name `fields` holds for the second time. Small lists (the usual
/// case) are compared pairwise; big ones (Camera Raw settings) are sorted by local
/// name, which differs early where namespace URIs share long prefixes.
pub(crate) fn has_duplicate(fields: &Fields) -> Option<usize> {
    if fields.len() <= 16 {
        for i in 1..fields.len() {
            if fields[..i].iter().any(|(n, _)| *n == fields[i].0) {
                return Some(i);
            }
        }
        return None;
    }
    let mut order: Vec<(&str, &str, usize)> = fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (&*n.local, &*n.ns, i))
        .collect();
    order.sort_unstable();
    order
        .windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1)
        .map(|w| w[1].2)
        .min()
}

/// Replaces characters XML 1.0 forbids with U+FFFD.
fn clean_text(s: &mut String) {
    if first_illegal(s).is_some() {
        *s = s
            .chars()
            .map(|c| {
                if first_illegal(c.encode_utf8(&mut [0; 4])).is_some() {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
    }
}

/// Lossy repair used by the infallible `to_rdfxml` when the model cannot be written
/// as is: nodes with unwritable names, duplicates and bad `xml:lang` qualifiers are
/// dropped, forbidden characters become U+FFFD, subtrees below 80 levels go.
pub fn sanitize(props: &mut Fields, about: &mut String) {
    clean_text(about);
    clean_fields(props, Role::Property, 0);
}

fn clean_fields(fields: &mut Fields, role: Role, depth: usize) {
    if depth >= SANITIZE_DEPTH {
        fields.clear();
        return;
    }
    let mut seen: Vec<Name> = Vec::new();
    fields.retain(|(name, node)| {
        let ok = check_name(name, role).is_ok()
            && first_illegal(&name.ns).is_none()
            && !seen.contains(name)
            && (!name.is_xml_lang() || lang_ok(node));
        if ok {
            seen.push(name.clone());
        }
        ok
    });
    for (_, node) in fields.iter_mut() {
        clean_node(node, depth + 1);
    }
}

fn clean_node(node: &mut Node, depth: usize) {
    clean_fields(&mut node.qualifiers, Role::Qualifier, depth);
    match &mut node.value {
        Value::Simple(s) | Value::Uri(s) => clean_text(s),
        Value::Struct(f) => clean_fields(f, Role::Field, depth),
        Value::Array(_, items) => {
            if depth >= SANITIZE_DEPTH {
                items.clear();
            }
            for i in items.iter_mut() {
                clean_node(i, depth + 1);
            }
        }
    }
}
