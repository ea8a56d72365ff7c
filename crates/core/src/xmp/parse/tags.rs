//! Start and end tags: element and attribute names, attribute values, namespace
//! declarations and their resolution, duplicate attributes, the tree links.

use std::borrow::Cow;

use foldhash::fast::RandomState;

use crate::xmp::error::ParseErrorKind as K;
use crate::xmp::ns;
use crate::xmp::parse::chars::{ascii_name_start, is_name_char, is_name_start};
use crate::xmp::parse::diag::{Fail, Res};
use crate::xmp::parse::dom::{Attr, Doc, Elem, NIL, NS_NONE, NS_UNBOUND, NS_XML};
use crate::xmp::parse::lexer::{xml, Lexer, Open, MAX_BINDINGS, MAX_URIS};
use crate::xmp::parse::names::{term, Term};

/// Name bytes: 0 ends an ASCII run (non-ASCII bytes are checked per character), 1 is an
/// ASCII name character, 2 the colon.
const NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') {
            t[c] = 1;
        }
        c += 1;
    }
    t[b':' as usize] = 2;
    t
};

/// Distinct namespace URIs looked up by linear scan before a hash index is built.
const LINEAR_URIS: usize = 32;
use crate::xmp::parse::text::{expand, scan};

impl<'a> Lexer<'a, '_> {
    /// Scans an XML Name (colons allowed) starting at `i`; returns its end.
    pub(super) fn name_end(&self, i: usize) -> usize {
        self.scan_name(i).0
    }

    /// Scans an XML Name starting at `i`: its end, its first colon and its colon count.
    fn scan_name(&self, i: usize) -> (usize, Option<usize>, usize) {
        let rest = self.b.get(i..).unwrap_or_default();
        // Fast path, nearly every name: ASCII `prefix:local` or `local`, two tight runs.
        let run = |from: usize| {
            let tail = rest.get(from..).unwrap_or_default();
            from + tail
                .iter()
                .position(|&c| NAME_CLASS[usize::from(c)] != 1)
                .unwrap_or(tail.len())
        };
        if rest.first().is_some_and(|&c| ascii_name_start(c)) {
            let a = run(1);
            match rest.get(a) {
                None => return (i + a, None, 0),
                Some(&c) if c < 0x80 && c != b':' => return (i + a, None, 0),
                Some(b':') => {
                    let b = run(a + 1);
                    match rest.get(b) {
                        None => return (i + b, Some(i + a), 1),
                        Some(&c) if c < 0x80 && c != b':' => return (i + b, Some(i + a), 1),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        self.scan_name_slow(i)
    }

    /// [`Self::scan_name`] for names with non-ASCII characters or unusual colons.
    fn scan_name_slow(&self, i: usize) -> (usize, Option<usize>, usize) {
        let rest = self.src.get(i..).unwrap_or_default();
        let (mut colon, mut colons) = (None, 0);
        let mut end = 0;
        for (k, ch) in rest.char_indices() {
            let ok = ch == ':'
                || if k == 0 {
                    is_name_start(ch)
                } else {
                    is_name_char(ch)
                };
            if !ok {
                break;
            }
            if ch == ':' {
                colons += 1;
                colon = colon.or(Some(i + k));
            }
            end = k + ch.len_utf8();
        }
        (i + end, colon, colons)
    }

    /// Scans a QName at `a`: its end, prefix and local part, both NCNames (one colon at
    /// most, neither part empty or starting with a character that cannot start a name).
    fn qname(&self, a: usize) -> Res<(usize, &'a str, &'a str)> {
        let (end, colon, colons) = self.scan_name(a);
        let q = self.slice(a, end);
        let (p, l) = match colon {
            Some(c) => (self.slice(a, c), self.slice(c + 1, end)),
            None => ("", q),
        };
        let starts_ok = |s: &str| match s.as_bytes().first() {
            Some(&c) if c < 0x80 => ascii_name_start(c),
            Some(_) => s.chars().next().is_some_and(is_name_start),
            None => false,
        };
        let bad = colons > 1 || (colon.is_some() && !starts_ok(p)) || (end > a && !starts_ok(l));
        if bad {
            return Err(Fail::new(
                a,
                K::Namespace,
                format!("invalid qualified name '{q}'"),
            ));
        }
        Ok((end, p, l))
    }

    pub(super) fn start_tag(&mut self) -> Res<()> {
        let lt = self.pos;
        let (name_end, prefix, local) = self.qname(lt + 1)?;
        if name_end == lt + 1 {
            return Err(if self.at(lt + 1).is_none() {
                self.eof()
            } else {
                xml(lt + 1, "invalid element name")
            });
        }
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
            a.term = term(a.ns, a.local);
            self.doc.attrs.push(a);
        }
        self.scratch = scratch;
        self.check_duplicate_attrs(attr_start)?;
        let idx = self.doc.elems.len();
        self.doc.elems.push(Elem {
            prefix,
            local,
            ns,
            term: term(ns, local),
            pos: lt,
            attr_start,
            attr_end: self.doc.attrs.len(),
            first_child: NIL,
            next_sibling: NIL,
            n_children: 0,
            text: Cow::Borrowed(""),
            has_text: false,
            nonws_pos: None,
        });
        match self.stack.last_mut() {
            None => self.doc.root = idx,
            Some(parent) => {
                if let Some(p) = self.doc.elems.get_mut(parent.elem) {
                    p.n_children += 1;
                }
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
                qname: self.slice(lt + 1, name_end),
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
        let (end, prefix, local) = self.qname(at)?;
        if end == at {
            return Err(xml(at, "invalid attribute name"));
        }
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
            term: Term::NoNs,
            pos: at,
            value,
        });
        Ok(())
    }

    fn intern(&mut self, uri: Cow<'a, str>, pos: usize) -> Res<u32> {
        // A packet declares a few dozen URIs: scan them; index only beyond that.
        if self.doc.uris.len() <= LINEAR_URIS {
            if let Some(i) = self.doc.uris.iter().position(|u| *u == uri) {
                return Ok(i as u32);
            }
        } else {
            if self.uri_index.is_empty() {
                for (i, u) in self.doc.uris.iter().enumerate() {
                    self.uri_index.insert(u.clone(), i as u32);
                }
            }
            if let Some(&i) = self.uri_index.get(&uri) {
                return Ok(i);
            }
        }
        if self.doc.uris.len() >= MAX_URIS {
            return Err(Fail::new(
                pos,
                K::Limit,
                format!("more than {MAX_URIS} distinct namespaces (limit)"),
            ));
        }
        let i = self.doc.uris.len() as u32;
        if !self.uri_index.is_empty() {
            self.uri_index.insert(uri.clone(), i);
        }
        self.doc.uris.push(uri);
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

    pub(super) fn end_tag(&mut self) -> Res<()> {
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
        if open.qname != name {
            return Err(xml(
                lt,
                format!(
                    "mismatched end tag: expected </{}>, found </{name}>",
                    open.qname
                ),
            ));
        }
        self.bindings.truncate(open.bindings_mark);
        Ok(())
    }
}
