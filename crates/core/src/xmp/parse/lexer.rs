//! XML tokenizer and tree builder for XMP packets: the driver, character data, comments,
//! CDATA and processing instructions (tags are in `tags`).
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
use crate::xmp::parse::chars::{all_ws, first_invalid_char, is_ws};
use crate::xmp::parse::diag::{Fail, Res, Sink};
use crate::xmp::parse::dom::{Attr, Doc, XPacket, NIL};
use crate::xmp::parse::text::{expand, normalize_newlines, nul_bounds, scan};

/// Namespace declarations in scope at once; real packets use a few dozen. Bounds the
/// linear prefix lookup.
pub(super) const MAX_BINDINGS: usize = 512;
/// Distinct namespace URIs in one document.
pub(super) const MAX_URIS: usize = 4096;

pub(crate) struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

pub(super) struct Open<'a> {
    /// The start tag's name as written, for the end tag to match.
    pub(super) qname: &'a str,
    pub(super) elem: usize,
    pub(super) last_child: usize,
    pub(super) bindings_mark: usize,
}

pub(super) struct Lexer<'a, 's> {
    pub(super) src: &'a str,
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
    pub(super) doc: Doc<'a>,
    pub(super) stack: Vec<Open<'a>>,
    pub(super) bindings: Vec<(&'a str, u32)>,
    pub(super) uri_index: HashMap<Cow<'a, str>, u32, RandomState>,
    /// Per namespace id: a prefix hint was recorded.
    pub(super) hinted: Vec<bool>,
    pub(super) sink: &'s mut Sink,
    pub(super) limits: &'s Limits,
    pub(super) nodes: usize,
    pub(super) seen_markup: bool,
    /// The last character-data token (start, end), to measure padding before a trailer.
    pub(super) last_text: (usize, usize),
    pub(super) scratch: Vec<Attr<'a>>,
}

/// Tokenizes `src` (decoded packet text) into a [`Doc`]. Trailing NUL characters (padding
/// some writers leave) and leading NULs are ignored.
pub(crate) fn parse_xml<'a>(src: &'a str, sink: &mut Sink, limits: &Limits) -> Res<Doc<'a>> {
    let (start, end) = nul_bounds(src);
    let src_t = src.get(..end).unwrap_or_default();
    let mut uris: Vec<Cow<'a, str>> = Vec::with_capacity(16);
    for u in [ns::RDF, ns::XML, ns::X] {
        uris.push(Cow::Borrowed(u));
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
            decls: Vec::with_capacity(32),
            xpacket: XPacket::default(),
        },
        stack: Vec::with_capacity(16),
        bindings: Vec::with_capacity(32),
        uri_index: HashMap::with_hasher(RandomState::default()),
        hinted: {
            let mut h = Vec::with_capacity(32);
            h.extend([false; 3]);
            h
        },
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

pub(super) fn xml(pos: usize, msg: impl Into<String>) -> Fail {
    Fail::new(pos, K::Xml, msg)
}

impl<'a> Lexer<'a, '_> {
    pub(super) fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn starts(&self, i: usize, pat: &[u8]) -> bool {
        self.b.get(i..).is_some_and(|s| s.starts_with(pat))
    }

    pub(super) fn slice(&self, a: usize, b: usize) -> &'a str {
        self.src.get(a..b).unwrap_or_default()
    }

    pub(super) fn eof(&self) -> Fail {
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

    pub(super) fn skip_ws(&mut self) -> bool {
        let s = self.pos;
        while self.at(self.pos).is_some_and(is_ws) {
            self.pos += 1;
        }
        self.pos > s
    }

    pub(super) fn count_node(&mut self, pos: usize) -> Res<()> {
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

    pub(super) fn check_chars(&mut self, s: &str, base: usize) -> Res<()> {
        if let Some((i, c)) = first_invalid_char(s) {
            return Err(xml(
                base + i,
                format!("invalid XML character U+{:04X}", u32::from(c)),
            ));
        }
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
