//! XML tokenizer and tree builder for XMP packets.
//!
//! Hand-written rather than built on quick-xml because the reader needs, all at once:
//! exact offsets of every element and attribute for error messages; refusal of DOCTYPE
//! and of every entity but the five predefined ones; full well-formedness checks
//! (characters, names, one root, nothing but whitespace outside it, `--` in comments);
//! namespace resolution with per-parse interning; attribute-value normalisation;
//! tolerance of garbage in the `<?xpacket begin=?>` PI; and borrowed text wherever
//! possible. quick-xml provides only some of these and would still need a second pass
//! for the rest. Limits (depth, node count, namespace declarations) are enforced here so
//! that no input can make the reader slow or deep.

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::fast::RandomState;

use memchr::{memchr, memmem};

use crate::xmp::error::ParseErrorKind as K;
use crate::xmp::ns;
use crate::xmp::parse::chars::{
    all_ws, ascii_name_char, ascii_name_start, first_invalid_char, is_name_char, is_name_start,
    is_ws,
};
use crate::xmp::parse::diag::{Fail, Res, Sink};
use crate::xmp::parse::dom::{Attr, Doc, Elem, XPacket, NIL, NS_NONE, NS_UNBOUND, NS_XML};
use crate::xmp::parse::text::{expand, normalize_newlines, nul_bounds, scan};

/// Namespace declarations in scope at once; real packets use a few dozen. Bounds the
/// linear prefix lookup.
const MAX_BINDINGS: usize = 512;
/// Distinct namespace URIs in one document.
const MAX_URIS: usize = 4096;

pub(crate) struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

struct Open {
    elem: usize,
    last_child: usize,
    bindings_mark: usize,
}

struct Lexer<'a, 's> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    doc: Doc<'a>,
    stack: Vec<Open>,
    bindings: Vec<(&'a str, u32)>,
    uri_index: HashMap<Cow<'a, str>, u32, RandomState>,
    /// Per namespace id: a prefix hint was recorded.
    hinted: Vec<bool>,
    sink: &'s mut Sink,
    limits: &'s Limits,
    nodes: usize,
    seen_markup: bool,
    /// The last character-data token (start, end), to measure padding before a trailer.
    last_text: (usize, usize),
    scratch: Vec<Attr<'a>>,
}

/// Tokenizes `src` (decoded packet text) into a [`Doc`]. Trailing NUL characters (padding
/// some writers leave) and leading NULs are ignored.
pub(crate) fn parse_xml<'a>(src: &'a str, sink: &mut Sink, limits: &Limits) -> Res<Doc<'a>> {
    let (start, end) = nul_bounds(src);
    let src_t = src.get(..end).unwrap_or_default();
    let mut uris: Vec<Cow<'a, str>> = Vec::with_capacity(16);
    let mut uri_index = HashMap::with_capacity_and_hasher(32, RandomState::default());
    for (i, u) in [ns::RDF, ns::XML, ns::X].into_iter().enumerate() {
        uris.push(Cow::Borrowed(u));
        uri_index.insert(Cow::Borrowed(u), i as u32);
    }
    let mut lx = Lexer {
        src: src_t,
        b: src_t.as_bytes(),
        pos: start,
        doc: Doc {
            elems: Vec::with_capacity(src_t.len() / 48 + 4),
            attrs: Vec::with_capacity(src_t.len() / 48 + 4),
            uris,
            root: NIL,
            decls: Vec::new(),
            xpacket: XPacket::default(),
        },
        stack: Vec::with_capacity(16),
        bindings: Vec::with_capacity(32),
        uri_index,
        hinted: vec![false; 3],
        sink,
        limits,
        nodes: 0,
        seen_markup: false,
        last_text: (usize::MAX, usize::MAX),
        scratch: Vec::with_capacity(32),
    };
    lx.run()?;
    Ok(lx.doc)
}

fn xml(pos: usize, msg: impl Into<String>) -> Fail {
    Fail::new(pos, K::Xml, msg)
}

impl<'a> Lexer<'a, '_> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn starts(&self, i: usize, pat: &[u8]) -> bool {
        self.b.get(i..).is_some_and(|s| s.starts_with(pat))
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.src.get(a..b).unwrap_or_default()
    }

    fn eof(&self) -> Fail {
        xml(self.b.len(), "unexpected end of input")
    }

    fn run(&mut self) -> Res<()> {
        loop {
            let start = self.pos;
            let rest = self.b.get(start..).unwrap_or_default();
            match memchr(b'<', rest) {
                None => {
                    if start < self.b.len() {
                        self.text(start, self.b.len())?;
                    }
                    break;
                }
                Some(k) => {
                    let lt = start + k;
                    if lt > start {
                        self.text(start, lt)?;
                    }
                    self.pos = lt;
                    self.markup()?;
                }
            }
        }
        if let Some(open) = self.stack.last() {
            let name = self
                .doc
                .elems
                .get(open.elem)
                .map(|e| Doc::qname(e.prefix, e.local))
                .unwrap_or_default();
            return Err(xml(
                self.b.len(),
                format!("unexpected end of input: missing end tag </{name}>"),
            ));
        }
        Ok(())
    }

    fn markup(&mut self) -> Res<()> {
        let lt = self.pos;
        let r = match self.at(lt + 1) {
            Some(b'/') => self.end_tag(),
            Some(b'?') => self.pi(),
            Some(b'!') => {
                if self.starts(lt, b"<!--") {
                    self.comment()
                } else if self.starts(lt, b"<![CDATA[") {
                    self.cdata()
                } else if self.starts(lt, b"<!DOCTYPE") {
                    Err(Fail::new(
                        lt,
                        K::Doctype,
                        "DOCTYPE is not allowed in an XMP packet",
                    ))
                } else if self.starts(lt, b"<!ENTITY") {
                    Err(Fail::new(
                        lt,
                        K::Doctype,
                        "entity declarations are not allowed in an XMP packet",
                    ))
                } else {
                    Err(xml(lt, "invalid markup after '<!'"))
                }
            }
            None => Err(self.eof()),
            _ => self.start_tag(),
        };
        self.seen_markup = true;
        r
    }

    /// Scans an XML Name (colons allowed) starting at `i`; returns its end.
    fn name_end(&self, i: usize) -> usize {
        let mut j = i;
        while let Some(&c) = self.b.get(j) {
            if c < 0x80 {
                let ok = c == b':'
                    || if j == i {
                        ascii_name_start(c)
                    } else {
                        ascii_name_char(c)
                    };
                if !ok {
                    return j;
                }
                j += 1;
            } else {
                let Some(ch) = self.src.get(j..).and_then(|s| s.chars().next()) else {
                    return j;
                };
                let ok = if j == i {
                    is_name_start(ch)
                } else {
                    is_name_char(ch)
                };
                if !ok {
                    return j;
                }
                j += ch.len_utf8();
            }
        }
        j
    }

    /// Splits a QName scanned by `name_end` into prefix and local part, checking both are
    /// NCNames (one colon at most, neither part empty or starting with a non-start char).
    fn split_qname(&self, a: usize, b: usize) -> Res<(&'a str, &'a str)> {
        let q = self.slice(a, b);
        let bad = || Fail::new(a, K::Namespace, format!("invalid qualified name '{q}'"));
        let (p, l) = match memchr(b':', q.as_bytes()) {
            Some(i) => (
                q.get(..i).unwrap_or_default(),
                q.get(i + 1..).unwrap_or_default(),
            ),
            None => ("", q),
        };
        let starts_ok = |s: &str| s.chars().next().is_some_and(is_name_start);
        if (q.len() != l.len() && !starts_ok(p))
            || !starts_ok(l)
            || memchr(b':', l.as_bytes()).is_some()
        {
            return Err(bad());
        }
        Ok((p, l))
    }

    fn skip_ws(&mut self) -> bool {
        let s = self.pos;
        while self.at(self.pos).is_some_and(is_ws) {
            self.pos += 1;
        }
        self.pos > s
    }

    fn count_node(&mut self, pos: usize) -> Res<()> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(Fail::new(
                pos,
                K::Limit,
                format!(
                    "packet has more than {} XML nodes (limit)",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn check_chars(&mut self, s: &str, base: usize) -> Res<()> {
        if let Some((i, c)) = first_invalid_char(s) {
            return Err(xml(
                base + i,
                format!("invalid XML character U+{:04X}", u32::from(c)),
            ));
        }
        Ok(())
    }

    fn start_tag(&mut self) -> Res<()> {
        let lt = self.pos;
        let name_end = self.name_end(lt + 1);
        if name_end == lt + 1 {
            return Err(if self.at(lt + 1).is_none() {
                self.eof()
            } else {
                xml(lt + 1, "invalid element name")
            });
        }
        let (prefix, local) = self.split_qname(lt + 1, name_end)?;
        if self.stack.is_empty() && self.doc.root != NIL {
            return Err(xml(lt, "only one root element is allowed"));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(Fail::new(
                lt,
                K::Limit,
                format!(
                    "elements are nested deeper than {} levels (limit)",
                    self.limits.max_depth
                ),
            ));
        }
        self.count_node(lt)?;
        self.pos = name_end;
        self.scratch.clear();
        let open = loop {
            let had_ws = self.skip_ws();
            match self.at(self.pos) {
                Some(b'>') => {
                    self.pos += 1;
                    break true;
                }
                Some(b'/') => {
                    if self.at(self.pos + 1) != Some(b'>') {
                        return Err(xml(self.pos, "expected '/>'"));
                    }
                    self.pos += 2;
                    break false;
                }
                None => return Err(self.eof()),
                Some(_) => {
                    if !had_ws {
                        return Err(xml(self.pos, "whitespace is required before an attribute"));
                    }
                    self.attribute()?;
                }
            }
        };
        let bindings_mark = self.bindings.len();
        self.namespace_decls()?;
        let ns = self.resolve(prefix);
        let attr_start = self.doc.attrs.len();
        let mut scratch = std::mem::take(&mut self.scratch);
        for mut a in scratch.drain(..) {
            if a.prefix == "xmlns" || (a.prefix.is_empty() && a.local == "xmlns") {
                continue;
            }
            a.ns = if a.prefix.is_empty() {
                NS_NONE
            } else {
                self.resolve(a.prefix)
            };
            self.doc.attrs.push(a);
        }
        self.scratch = scratch;
        self.check_duplicate_attrs(attr_start)?;
        let idx = self.doc.elems.len();
        self.doc.elems.push(Elem {
            prefix,
            local,
            ns,
            pos: lt,
            attr_start,
            attr_end: self.doc.attrs.len(),
            first_child: NIL,
            next_sibling: NIL,
            text: Cow::Borrowed(""),
            has_text: false,
            nonws_pos: None,
        });
        match self.stack.last_mut() {
            None => self.doc.root = idx,
            Some(parent) => {
                if parent.last_child == NIL {
                    if let Some(p) = self.doc.elems.get_mut(parent.elem) {
                        p.first_child = idx;
                        // Text before the first child is only whitespace or an error now.
                        p.text = Cow::Borrowed("");
                    }
                } else if let Some(prev) = self.doc.elems.get_mut(parent.last_child) {
                    prev.next_sibling = idx;
                }
                parent.last_child = idx;
            }
        }
        if open {
            self.stack.push(Open {
                elem: idx,
                last_child: NIL,
                bindings_mark,
            });
        } else {
            self.bindings.truncate(bindings_mark);
        }
        Ok(())
    }

    fn attribute(&mut self) -> Res<()> {
        let at = self.pos;
        let end = self.name_end(at);
        if end == at {
            return Err(xml(at, "invalid attribute name"));
        }
        let (prefix, local) = self.split_qname(at, end)?;
        self.count_node(at)?;
        self.pos = end;
        self.skip_ws();
        if self.at(self.pos) != Some(b'=') {
            return Err(xml(
                self.pos,
                format!(
                    "expected '=' after attribute name '{}'",
                    self.slice(at, end)
                ),
            ));
        }
        self.pos += 1;
        self.skip_ws();
        let quote = match self.at(self.pos) {
            Some(q @ (b'"' | b'\'')) => q,
            None => return Err(self.eof()),
            _ => return Err(xml(self.pos, "attribute value must be quoted")),
        };
        let vstart = self.pos + 1;
        let rest = self.b.get(vstart..).unwrap_or_default();
        let Some(k) = rest.iter().position(|&c| c == quote || c == b'<') else {
            return Err(xml(at, "unterminated attribute value"));
        };
        let vend = vstart + k;
        if rest.get(k) == Some(&b'<') {
            return Err(xml(vend, "'<' is not allowed in attribute values"));
        }
        let raw = self.slice(vstart, vend);
        let sc = scan(raw.as_bytes(), true);
        if sc.suspicious {
            self.check_chars(raw, vstart)?;
        }
        let value = if sc.special {
            Cow::Owned(expand(raw, vstart, true, self.sink)?)
        } else {
            Cow::Borrowed(raw)
        };
        self.pos = vend + 1;
        self.scratch.push(Attr {
            prefix,
            local,
            ns: NS_NONE,
            pos: at,
            value,
        });
        Ok(())
    }

    fn intern(&mut self, uri: Cow<'a, str>, pos: usize) -> Res<u32> {
        if let Some(&i) = self.uri_index.get(&uri) {
            return Ok(i);
        }
        if self.doc.uris.len() >= MAX_URIS {
            return Err(Fail::new(
                pos,
                K::Limit,
                format!("more than {MAX_URIS} distinct namespaces (limit)"),
            ));
        }
        let i = self.doc.uris.len() as u32;
        self.doc.uris.push(uri.clone());
        self.uri_index.insert(uri, i);
        self.hinted.push(false);
        Ok(i)
    }

    fn namespace_decls(&mut self) -> Res<()> {
        for k in 0..self.scratch.len() {
            let Some(a) = self.scratch.get(k) else { break };
            let (prefix, is_default) = if a.prefix == "xmlns" {
                (a.local, false)
            } else if a.prefix.is_empty() && a.local == "xmlns" {
                ("", true)
            } else {
                continue;
            };
            let value = a.value.clone();
            let pos = a.pos;
            if prefix == "xmlns" {
                return Err(Fail::new(
                    pos,
                    K::Namespace,
                    "the prefix 'xmlns' cannot be declared",
                ));
            }
            if (prefix == "xml") != (value == ns::XML) && !is_default {
                return Err(Fail::new(
                    pos,
                    K::Namespace,
                    "the prefix 'xml' is bound to http://www.w3.org/XML/1998/namespace only",
                ));
            }
            if self.bindings.len() >= MAX_BINDINGS {
                return Err(Fail::new(
                    pos,
                    K::Limit,
                    format!("more than {MAX_BINDINGS} namespace declarations in scope (limit)"),
                ));
            }
            let id = if value.is_empty() {
                // `xmlns=""` undeclares the default namespace (and, as in XML
                // Namespaces 1.1, `xmlns:p=""` the prefix).
                if is_default {
                    NS_NONE
                } else {
                    NS_UNBOUND
                }
            } else {
                let id = self.intern(value, pos)?;
                // The first prefix declared for a URI is its hint.
                if !is_default && !self.hinted.get(id as usize).copied().unwrap_or(true) {
                    if let Some(h) = self.hinted.get_mut(id as usize) {
                        *h = true;
                    }
                    self.doc.decls.push((id, prefix));
                }
                id
            };
            self.bindings.push((prefix, id));
        }
        Ok(())
    }

    fn resolve(&self, prefix: &str) -> u32 {
        if prefix == "xml" {
            return NS_XML;
        }
        for &(p, id) in self.bindings.iter().rev() {
            if p == prefix {
                return id;
            }
        }
        if prefix.is_empty() {
            NS_NONE
        } else {
            NS_UNBOUND
        }
    }

    fn check_duplicate_attrs(&self, from: usize) -> Res<()> {
        if self.doc.attrs.len() <= from + 1 {
            return Ok(());
        }
        let attrs = self.doc.attrs.get(from..).unwrap_or_default();
        let same = |a: &Attr, b: &Attr| {
            a.local == b.local
                && if a.ns >= NS_UNBOUND || b.ns >= NS_UNBOUND {
                    a.prefix == b.prefix
                } else {
                    a.ns == b.ns
                }
        };
        if attrs.len() <= 32 {
            for (i, a) in attrs.iter().enumerate() {
                if let Some(b) = attrs
                    .get(i + 1..)
                    .and_then(|r| r.iter().find(|b| same(a, b)))
                {
                    return Err(xml(
                        b.pos,
                        format!("duplicate attribute '{}'", Doc::qname(b.prefix, b.local)),
                    ));
                }
            }
        } else {
            let mut seen = std::collections::HashSet::with_capacity_and_hasher(
                attrs.len(),
                RandomState::default(),
            );
            for b in attrs {
                let key = if b.ns >= NS_UNBOUND {
                    (u32::MAX, b.prefix, b.local)
                } else {
                    (b.ns, "", b.local)
                };
                if !seen.insert(key) {
                    return Err(xml(
                        b.pos,
                        format!("duplicate attribute '{}'", Doc::qname(b.prefix, b.local)),
                    ));
                }
            }
        }
        Ok(())
    }

    fn end_tag(&mut self) -> Res<()> {
        let lt = self.pos;
        let end = self.name_end(lt + 2);
        let name = self.slice(lt + 2, end);
        self.pos = end;
        self.skip_ws();
        if self.at(self.pos) != Some(b'>') {
            return Err(if self.at(self.pos).is_none() {
                self.eof()
            } else {
                xml(self.pos, "expected '>' at the end of the end tag")
            });
        }
        self.pos += 1;
        let Some(open) = self.stack.pop() else {
            return Err(xml(
                lt,
                format!("end tag </{name}> has no matching start tag"),
            ));
        };
        let expected = self
            .doc
            .elems
            .get(open.elem)
            .map(|e| Doc::qname(e.prefix, e.local))
            .unwrap_or_default();
        if expected != name {
            return Err(xml(
                lt,
                format!("mismatched end tag: expected </{expected}>, found </{name}>"),
            ));
        }
        self.bindings.truncate(open.bindings_mark);
        Ok(())
    }

    fn comment(&mut self) -> Res<()> {
        let lt = self.pos;
        let body = lt + 4;
        let rest = self.b.get(body..).unwrap_or_default();
        let Some(k) = memmem::find(rest, b"--") else {
            return Err(xml(lt, "unterminated comment"));
        };
        if self.at(body + k + 2) != Some(b'>') {
            return Err(xml(body + k, "'--' is not allowed inside a comment"));
        }
        let text = self.slice(body, body + k);
        self.check_chars(text, body)?;
        self.pos = body + k + 3;
        Ok(())
    }

    fn cdata(&mut self) -> Res<()> {
        let lt = self.pos;
        let body = lt + 9;
        let rest = self.b.get(body..).unwrap_or_default();
        let Some(k) = memmem::find(rest, b"]]>") else {
            return Err(xml(lt, "unterminated CDATA section"));
        };
        if self.stack.is_empty() {
            return Err(xml(lt, "CDATA is not allowed outside the root element"));
        }
        let raw = self.slice(body, body + k);
        self.check_chars(raw, body)?;
        self.pos = body + k + 3;
        let text = if memchr(b'\r', raw.as_bytes()).is_some() {
            Cow::Owned(normalize_newlines(raw))
        } else {
            Cow::Borrowed(raw)
        };
        self.add_text(text, body, raw.is_empty(), all_ws(raw));
        self.last_text = (usize::MAX, usize::MAX);
        Ok(())
    }

    fn pi(&mut self) -> Res<()> {
        let lt = self.pos;
        let tend = self.name_end(lt + 2);
        let target = self.slice(lt + 2, tend);
        if target.is_empty() {
            return Err(xml(lt + 2, "invalid processing instruction target"));
        }
        let rest = self.b.get(tend..).unwrap_or_default();
        let Some(k) = memmem::find(rest, b"?>") else {
            return Err(xml(lt, "unterminated processing instruction"));
        };
        let content = self.slice(tend, tend + k);
        if !content.is_empty() && !content.as_bytes().first().copied().is_some_and(is_ws) {
            return Err(xml(
                tend,
                "whitespace is required after the processing instruction target",
            ));
        }
        self.pos = tend + k + 2;
        if target.eq_ignore_ascii_case("xml") {
            if self.seen_markup || target != "xml" {
                return Err(xml(
                    lt,
                    "the XML declaration is only allowed at the start of the document",
                ));
            }
            return self.check_chars(content, tend);
        }
        if target == "xpacket" {
            // The header's begin="" often holds garbage instead of U+FEFF: do not
            // validate its characters.
            let c = content.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if c.starts_with("begin") && !self.doc.xpacket.header {
                self.doc.xpacket.header = true;
            } else if let Some(v) = c.strip_prefix("end") {
                if !self.doc.xpacket.trailer {
                    let v = v.trim_start().trim_start_matches('=').trim_start();
                    self.doc.xpacket.trailer = true;
                    self.doc.xpacket.read_only = v.get(1..2) == Some("r");
                    let (s, e) = self.last_text;
                    if e == lt && all_ws(self.slice(s, e)) {
                        self.doc.xpacket.padding_chars = e - s;
                    }
                }
            }
            return Ok(());
        }
        self.check_chars(content, tend)
    }

    fn text(&mut self, start: usize, end: usize) -> Res<()> {
        let raw = self.slice(start, end);
        self.last_text = (start, end);
        if self.stack.is_empty() {
            if let Some(i) = raw.bytes().position(|b| !is_ws(b)) {
                return Err(xml(
                    start + i,
                    "text is not allowed outside the root element",
                ));
            }
            return Ok(());
        }
        let sc = scan(raw.as_bytes(), false);
        if sc.suspicious {
            self.check_chars(raw, start)?;
        }
        if sc.bracket {
            if let Some(i) = memmem::find(raw.as_bytes(), b"]]>") {
                return Err(xml(start + i, "']]>' is not allowed in text"));
            }
        }
        let has_children = self.stack.last().is_some_and(|o| o.last_child != NIL);
        if has_children {
            if sc.special {
                expand(raw, start, false, self.sink)?;
            }
            self.add_text(Cow::Borrowed(""), start, sc.ws, sc.ws);
            return Ok(());
        }
        let text = if sc.special {
            Cow::Owned(expand(raw, start, false, self.sink)?)
        } else {
            Cow::Borrowed(raw)
        };
        self.add_text(text, start, false, sc.ws);
        Ok(())
    }

    fn add_text(&mut self, text: Cow<'a, str>, start: usize, empty: bool, ws: bool) {
        let Some(open) = self.stack.last() else {
            return;
        };
        let has_children = open.last_child != NIL;
        let Some(el) = self.doc.elems.get_mut(open.elem) else {
            return;
        };
        if !empty {
            el.has_text = true;
        }
        if !ws && el.nonws_pos.is_none() {
            let skip = self
                .src
                .get(start..)
                .and_then(|s| s.bytes().position(|b| !is_ws(b)))
                .unwrap_or(0);
            el.nonws_pos = Some(start + skip);
        }
        if has_children || text.is_empty() {
            return;
        }
        if el.text.is_empty() {
            el.text = text;
        } else {
            el.text.to_mut().push_str(&text);
        }
    }
}
