//! The RDF/XML emitter: one packet model -> the `x:xmpmeta` element in Adobe's
//! compact style (docs/rdf-xml.md, "Writer output"), appended to a `String`.
//!
//! Hand-written rather than through quick-xml's writer: the forms are few and fixed,
//! escaping must follow the Toolkit exactly (docs/rdf-xml.md, "Text and escaping":
//! TAB/LF/CR as character references so attribute normalization cannot alter values), and
//! the output is built in one pass into one buffer, which keeps a 5 KB packet in the
//! microseconds.
//!
//! `xml:lang` goes on the element carrying the value, as the Toolkit writes it (for
//! a qualified value: the outer `rdf:parseType="Resource"` element). XML puts that
//! language in scope for everything inside, so a reader that applies inherited
//! languages (ours does for `rdf:Alt` text items without one, with a warning; the
//! Toolkit does not) sees it on nested Alt text items that have no language of
//! their own. No RDF/XML form avoids that; such models are ambiguous by nature.

use crate::xmp::model::{ArrayKind, Fields, Node, Packet, Value};
use crate::xmp::name::Name;
use crate::xmp::ns;
use crate::xmp::write::check::{
    check_name, first_illegal, has_duplicate, lang_ok, Role, WriteError, WriteErrorKind,
    MAX_ELEMENT_DEPTH,
};
use crate::xmp::write::prefixes::PrefixTable;

/// One step of the path to the node being written, for error messages.
#[derive(Clone, Copy)]
enum Step<'a> {
    Prop(&'a Name),
    Field(&'a Name),
    Qual(&'a Name),
    Item(usize),
}

pub(crate) struct Emitter<'a> {
    pub(crate) out: String,
    prefixes: &'a PrefixTable,
    pretty: bool,
    path: Vec<Step<'a>>,
}

/// True when a node can be written as an attribute `ns:P="text"`: unqualified simple
/// text outside the RDF namespace (RDF names as attributes mean syntax, not data).
pub(crate) fn is_attr(name: &Name, node: &Node) -> bool {
    matches!(node.value, Value::Simple(_)) && node.qualifiers.is_empty() && &*name.ns != ns::RDF
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(prefixes: &'a PrefixTable, pretty: bool, capacity: usize) -> Self {
        Emitter {
            out: String::with_capacity(capacity),
            prefixes,
            pretty,
            path: Vec::new(),
        }
    }

    fn error(&self, kind: WriteErrorKind) -> WriteError {
        let mut path = String::new();
        for step in &self.path {
            match step {
                Step::Prop(n) => self.push_qname(&mut path, n),
                Step::Field(n) => {
                    path.push('/');
                    self.push_qname(&mut path, n);
                }
                Step::Qual(n) => {
                    path.push_str("/?");
                    self.push_qname(&mut path, n);
                }
                Step::Item(i) => {
                    path.push('[');
                    path.push_str(&(i + 1).to_string());
                    path.push(']');
                }
            }
        }
        if path.is_empty() {
            path.push_str("(about)");
        }
        WriteError { path, kind }
    }

    fn push_qname(&self, s: &mut String, name: &Name) {
        s.push_str(self.prefixes.prefix(&name.ns));
        s.push(':');
        s.push_str(&name.local);
    }

    fn qname(&mut self, name: &Name) {
        let p = self.prefixes.prefix(&name.ns);
        self.out.push_str(p);
        self.out.push(':');
        self.out.push_str(&name.local);
    }

    /// Line break plus indentation (pretty) or nothing.
    fn nl(&mut self, level: usize) {
        if self.pretty {
            self.out.push('\n');
            crate::xmp::write::push_spaces(&mut self.out, level);
        }
    }

    /// Separator before an attribute that sits on its own line when pretty.
    fn attr_sep(&mut self, level: usize) {
        if self.pretty {
            self.nl(level);
        } else {
            self.out.push(' ');
        }
    }

    /// Escaped text (`attr` also escapes `"`), refusing characters XML cannot hold.
    pub(crate) fn text(&mut self, s: &str, attr: bool) -> Result<(), WriteError> {
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !SPECIAL[usize::from(b)] {
                i += 1;
                continue;
            }
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' if attr => "&quot;",
                b'"' => {
                    i += 1;
                    continue;
                }
                b'\t' => "&#x9;",
                b'\n' => "&#xA;",
                b'\r' => "&#xD;",
                0xEF => {
                    if let Some(c) = first_illegal(&s[i..(i + 3).min(s.len())]) {
                        return Err(self.error(WriteErrorKind::IllegalChar(c)));
                    }
                    i += 1;
                    continue;
                }
                _ => return Err(self.error(WriteErrorKind::IllegalChar(char::from(b)))),
            };
            self.out.push_str(&s[start..i]);
            self.out.push_str(rep);
            i += 1;
            start = i;
        }
        self.out.push_str(&s[start..]);
        Ok(())
    }

    /// ` qname="value"` with the given separator style.
    fn attr(&mut self, name: &Name, value: &str, level: usize) -> Result<(), WriteError> {
        self.attr_sep(level);
        self.qname(name);
        self.out.push_str("=\"");
        self.text(value, true)?;
        self.out.push('"');
        Ok(())
    }

    fn check(&self, fields: &Fields, role: Role) -> Result<(), WriteError> {
        if let Some(i) = has_duplicate(fields) {
            let mut e = self.error(WriteErrorKind::Duplicate);
            let (n, _) = &fields[i];
            e.path.push_str(match role {
                Role::Property => "",
                Role::Field => "/",
                Role::Qualifier => "/?",
            });
            if e.path == "(about)" {
                e.path.clear();
            }
            self.push_qname(&mut e.path, n);
            return Err(e);
        }
        Ok(())
    }

    fn named(&self, name: &'a Name, role: Role) -> Step<'a> {
        match role {
            Role::Property => Step::Prop(name),
            Role::Field => Step::Field(name),
            Role::Qualifier => Step::Qual(name),
        }
    }

    fn enter(&mut self, name: &'a Name, role: Role) -> Result<(), WriteError> {
        self.path.push(self.named(name, role));
        check_name(name, role).map_err(|k| self.error(k))
    }

    /// The `rdf:Description` that carries the whole packet, at indentation `level`.
    pub(crate) fn description(
        &mut self,
        packet: &'a Packet,
        level: usize,
    ) -> Result<(), WriteError> {
        self.check(&packet.props, Role::Property)?;
        self.nl(level);
        self.out.push_str("<rdf:Description rdf:about=\"");
        self.text(&packet.about, true)?;
        self.out.push('"');
        let prefixes = self.prefixes;
        for (uri, prefix) in prefixes.iter() {
            self.attr_sep(level + 2);
            self.out.push_str("xmlns:");
            self.out.push_str(prefix);
            self.out.push_str("=\"");
            self.text(uri, true).map_err(|mut e| {
                e.path = format!("xmlns:{prefix}");
                e
            })?;
            self.out.push('"');
        }
        let mut elements = 0;
        for (name, node) in &packet.props {
            if is_attr(name, node) {
                self.enter(name, Role::Property)?;
                let Value::Simple(s) = &node.value else {
                    unreachable!()
                };
                self.attr(name, s, level + 1)?;
                self.path.pop();
            } else {
                elements += 1;
            }
        }
        if elements == 0 {
            self.out.push_str("/>");
            return Ok(());
        }
        self.out.push('>');
        for (name, node) in &packet.props {
            if !is_attr(name, node) {
                self.enter(name, Role::Property)?;
                self.element(name, node, level + 1)?;
                self.path.pop();
            }
        }
        self.nl(level);
        self.out.push_str("</rdf:Description>");
        Ok(())
    }

    /// Opens `<tag` at indentation `level` (element depth `level + 1`), refusing
    /// nesting our reader would refuse (its hard element-depth limit).
    fn open(&mut self, tag: Tag<'_>, level: usize) -> Result<(), WriteError> {
        if level + 1 > MAX_ELEMENT_DEPTH {
            return Err(self.error(WriteErrorKind::TooDeep));
        }
        self.nl(level);
        self.out.push('<');
        self.tag(tag);
        Ok(())
    }

    fn tag(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Name(n) => self.qname(n),
            Tag::Raw(s) => self.out.push_str(s),
        }
    }

    fn close(&mut self, tag: Tag<'_>, level: usize) {
        self.nl(level);
        self.out.push_str("</");
        self.tag(tag);
        self.out.push('>');
    }

    /// A property element for `node` (property, field, qualifier, item or value).
    fn element(&mut self, name: &'a Name, node: &'a Node, level: usize) -> Result<(), WriteError> {
        self.node(Tag::Name(name), node, level)
    }

    fn node(&mut self, tag: Tag<'_>, node: &'a Node, level: usize) -> Result<(), WriteError> {
        self.open(tag, level)?;
        let mut general = 0;
        if !node.qualifiers.is_empty() {
            self.check(&node.qualifiers, Role::Qualifier)?;
            for (qn, q) in &node.qualifiers {
                if qn.is_xml_lang() {
                    self.path.push(Step::Qual(qn));
                    if !lang_ok(q) {
                        return Err(self.error(WriteErrorKind::BadLangQualifier));
                    }
                    let Value::Simple(lang) = &q.value else {
                        unreachable!()
                    };
                    self.out.push_str(" xml:lang=\"");
                    self.text(lang, true)?;
                    self.out.push('"');
                    self.path.pop();
                } else {
                    general += 1;
                }
            }
        }
        if general == 0 {
            return self.value(tag, &node.value, level);
        }
        // Pseudo-struct (docs/rdf-xml.md, "Property element forms" #10): rdf:value must
        // come first (the Toolkit rejects it elsewhere), then rdf:type, then the other
        // qualifiers in order.
        self.out.push_str(" rdf:parseType=\"Resource\">");
        self.open(Tag::Raw("rdf:value"), level + 1)?;
        self.value(Tag::Raw("rdf:value"), &node.value, level + 1)?;
        for pass in [true, false] {
            for (qn, q) in &node.qualifiers {
                if !qn.is_xml_lang() && qn.is_rdf_type() == pass {
                    self.enter(qn, Role::Qualifier)?;
                    self.element(qn, q, level + 1)?;
                    self.path.pop();
                }
            }
        }
        self.close(tag, level);
        Ok(())
    }

    /// Everything after the element's name and `xml:lang`: the value itself.
    fn value(&mut self, tag: Tag<'_>, value: &'a Value, level: usize) -> Result<(), WriteError> {
        match value {
            Value::Simple(s) => {
                if s.is_empty() {
                    self.out.push_str("/>");
                } else {
                    self.out.push('>');
                    self.text(s, false)?;
                    self.out.push_str("</");
                    self.tag(tag);
                    self.out.push('>');
                }
            }
            Value::Uri(u) => {
                self.out.push_str(" rdf:resource=\"");
                self.text(u, true)?;
                self.out.push_str("\"/>");
            }
            Value::Array(kind, items) => {
                self.out.push('>');
                let container = match kind {
                    ArrayKind::Bag => "rdf:Bag",
                    ArrayKind::Seq => "rdf:Seq",
                    ArrayKind::Alt => "rdf:Alt",
                };
                self.open(Tag::Raw(container), level + 1)?;
                if items.is_empty() {
                    self.out.push_str("/>");
                } else {
                    self.out.push('>');
                    for (i, item) in items.iter().enumerate() {
                        self.path.push(Step::Item(i));
                        self.node(Tag::Raw("rdf:li"), item, level + 2)?;
                        self.path.pop();
                    }
                    self.close(Tag::Raw(container), level + 1);
                }
                self.close(tag, level);
            }
            Value::Struct(fields) => self.structure(tag, fields, level)?,
        }
        Ok(())
    }

    /// The three struct forms of docs/rdf-xml.md, "Writer output".
    fn structure(
        &mut self,
        tag: Tag<'_>,
        fields: &'a Fields,
        level: usize,
    ) -> Result<(), WriteError> {
        self.check(fields, Role::Field)?;
        let attrs = fields.iter().filter(|(n, f)| is_attr(n, f)).count();
        if fields.is_empty() {
            self.out.push_str(" rdf:parseType=\"Resource\"/>");
        } else if attrs == fields.len() {
            // Attribute-only empty element (docs/rdf-xml.md, "Property element forms" #7).
            self.attr_fields(fields, level + 1)?;
            self.out.push_str("/>");
        } else if attrs == 0 {
            self.out.push_str(" rdf:parseType=\"Resource\">");
            self.element_fields(fields, level + 1)?;
            self.close(tag, level);
        } else {
            // Mixed: a nested rdf:Description with attribute and element fields.
            self.out.push('>');
            self.open(Tag::Raw("rdf:Description"), level + 1)?;
            self.attr_fields(fields, level + 2)?;
            self.out.push('>');
            self.element_fields(fields, level + 2)?;
            self.close(Tag::Raw("rdf:Description"), level + 1);
            self.close(tag, level);
        }
        Ok(())
    }

    fn attr_fields(&mut self, fields: &'a Fields, level: usize) -> Result<(), WriteError> {
        for (name, f) in fields {
            if is_attr(name, f) {
                self.enter(name, Role::Field)?;
                let Value::Simple(s) = &f.value else {
                    unreachable!()
                };
                self.attr(name, s, level)?;
                self.path.pop();
            }
        }
        Ok(())
    }

    fn element_fields(&mut self, fields: &'a Fields, level: usize) -> Result<(), WriteError> {
        for (name, f) in fields {
            if !is_attr(name, f) {
                self.enter(name, Role::Field)?;
                self.element(name, f, level)?;
                self.path.pop();
            }
        }
        Ok(())
    }
}

/// Bytes `text` must look at: markup, quotes, C0 controls, and 0xEF (the lead
/// byte of U+FFFE/U+FFFF).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[0xEF] = true;
    t
};

#[derive(Clone, Copy)]
enum Tag<'n> {
    Name(&'n Name),
    Raw(&'static str),
}
