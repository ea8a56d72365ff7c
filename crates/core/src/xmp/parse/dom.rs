//! The small XML tree the RDF reader walks: an arena of elements and attributes with
//! namespace URIs interned per parse and every position kept as a byte offset.
//!
//! Text is borrowed from the decoded packet whenever no entity or line-end normalisation
//! was needed, so a typical packet is read with one allocation per value at most.

use std::borrow::Cow;

use crate::xmp::parse::names::Term;

/// Index of "no element".
pub(crate) const NIL: usize = usize::MAX;
/// Namespace index of an unprefixed name with no default namespace in scope.
pub(crate) const NS_NONE: u32 = u32::MAX;
/// Namespace index of a name whose prefix is not declared; reported only if the RDF
/// reader needs the name, so that unrelated host-document markup (SVG with a stray
/// prefix) does not make the XMP unreadable.
pub(crate) const NS_UNBOUND: u32 = u32::MAX - 1;
/// Pre-interned namespaces.
pub(crate) const NS_RDF: u32 = 0;
pub(crate) const NS_XML: u32 = 1;
pub(crate) const NS_X: u32 = 2;

#[derive(Debug)]
pub(crate) struct Elem<'a> {
    pub prefix: &'a str,
    pub local: &'a str,
    pub ns: u32,
    /// What the name means to the RDF reader (computed once).
    pub term: Term,
    /// Offset of the `<` of the start tag.
    pub pos: usize,
    /// Range of this element's attributes in [`Doc::attrs`] (namespace declarations
    /// excluded).
    pub attr_start: usize,
    pub attr_end: usize,
    pub first_child: usize,
    pub next_sibling: usize,
    /// Number of element children.
    pub n_children: usize,
    /// Character data, concatenated, while the element has no element children.
    pub text: Cow<'a, str>,
    /// Some character data (possibly only whitespace) was seen.
    pub has_text: bool,
    /// Offset of the first non-whitespace character data, if any.
    pub nonws_pos: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Attr<'a> {
    pub prefix: &'a str,
    pub local: &'a str,
    pub ns: u32,
    /// What the name means to the RDF reader (computed once).
    pub term: Term,
    /// Offset of the attribute name.
    pub pos: usize,
    pub value: Cow<'a, str>,
}

/// Facts about the `<?xpacket?>` wrapper found while tokenizing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct XPacket {
    pub header: bool,
    pub trailer: bool,
    pub read_only: bool,
    /// Whitespace characters right before the trailer.
    pub padding_chars: usize,
}

#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub elems: Vec<Elem<'a>>,
    pub attrs: Vec<Attr<'a>>,
    /// Interned namespace URIs; index = namespace id.
    pub uris: Vec<Cow<'a, str>>,
    /// The document element.
    pub root: usize,
    /// Every `xmlns:prefix="uri"` seen, in document order (prefix hints).
    pub decls: Vec<(u32, &'a str)>,
    pub xpacket: XPacket,
}

impl<'a> Doc<'a> {
    pub fn elem(&self, e: usize) -> Option<&Elem<'a>> {
        self.elems.get(e)
    }

    pub fn attrs_of(&self, e: usize) -> &[Attr<'a>] {
        self.elems
            .get(e)
            .and_then(|el| self.attrs.get(el.attr_start..el.attr_end))
            .unwrap_or_default()
    }

    /// Element children in document order.
    pub fn children(&self, e: usize) -> Children<'_, 'a> {
        Children {
            doc: self,
            next: self.elems.get(e).map_or(NIL, |el| el.first_child),
        }
    }

    pub fn uri(&self, ns: u32) -> &str {
        self.uris.get(ns as usize).map_or("", |u| u)
    }

    /// `prefix:local` as written, for messages.
    pub fn qname(prefix: &str, local: &str) -> String {
        if prefix.is_empty() {
            local.to_string()
        } else {
            format!("{prefix}:{local}")
        }
    }
}

pub(crate) struct Children<'d, 'a> {
    doc: &'d Doc<'a>,
    next: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        let cur = self.next;
        let el = self.doc.elems.get(cur)?;
        self.next = el.next_sibling;
        Some(cur)
    }
}
