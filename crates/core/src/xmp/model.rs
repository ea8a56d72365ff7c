//! The XMP data model (docs/data-model.md): values, qualifiers and packets.
//!
//! A [`Packet`] is an ordered list of top-level properties, each a [`Node`]: a
//! [`Value`] (simple text, URI, struct or array) plus its qualifiers. Order is kept
//! everywhere (properties, struct fields, qualifiers) so that output is stable and
//! diffs stay small; equality of packets is equality of the *model* (about URI and
//! properties), not of prefixes, which are output hints only.

use crate::xmp::name::Name;
use crate::xmp::ns;

/// Named children in document order: top-level properties, struct fields, qualifiers.
pub type Fields = Vec<(Name, Node)>;

/// The three array forms of XMP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ArrayKind {
    Bag,
    Seq,
    Alt,
}

impl ArrayKind {
    /// The RDF container element's local name (`Bag`, `Seq`, `Alt`).
    pub fn rdf_name(self) -> &'static str {
        match self {
            ArrayKind::Bag => "Bag",
            ArrayKind::Seq => "Seq",
            ArrayKind::Alt => "Alt",
        }
    }
}

/// A value form (docs/data-model.md, "Value forms").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Simple text (may be empty; whitespace is significant).
    Simple(String),
    /// Simple value in URI form (`rdf:resource`).
    Uri(String),
    /// Struct: uniquely named fields, document order kept.
    Struct(Fields),
    /// Array of items.
    Array(ArrayKind, Vec<Node>),
}

/// A value with its qualifiers (`xml:lang` first, then `rdf:type`, then others).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub qualifiers: Fields,
}

impl Node {
    pub fn new(value: Value) -> Self {
        Node {
            value,
            qualifiers: Vec::new(),
        }
    }

    pub fn text(s: impl Into<String>) -> Self {
        Node::new(Value::Simple(s.into()))
    }

    pub fn uri(s: impl Into<String>) -> Self {
        Node::new(Value::Uri(s.into()))
    }

    pub fn array(kind: ArrayKind, items: Vec<Node>) -> Self {
        Node::new(Value::Array(kind, items))
    }

    pub fn structure(fields: Fields) -> Self {
        Node::new(Value::Struct(fields))
    }

    /// A simple text item carrying `xml:lang`.
    pub fn lang_text(lang: impl Into<String>, text: impl Into<String>) -> Self {
        let mut n = Node::text(text);
        n.qualifiers.push((Name::xml_lang(), Node::text(lang)));
        n
    }

    /// The text of a simple (text or URI) value.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::Simple(s) | Value::Uri(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(_, items) => Some(items),
            _ => None,
        }
    }

    pub fn array_kind(&self) -> Option<ArrayKind> {
        match &self.value {
            Value::Array(k, _) => Some(*k),
            _ => None,
        }
    }

    pub fn fields(&self) -> Option<&Fields> {
        match &self.value {
            Value::Struct(f) => Some(f),
            _ => None,
        }
    }

    /// A qualifier by name.
    pub fn qualifier(&self, name: &Name) -> Option<&Node> {
        get(&self.qualifiers, name)
    }

    /// The `xml:lang` qualifier as stored (original spelling).
    pub fn lang(&self) -> Option<&str> {
        self.qualifiers
            .iter()
            .find(|(n, _)| n.is_xml_lang())
            .and_then(|(_, v)| v.as_text())
    }

    /// Adds or replaces a qualifier, keeping the model's qualifier order
    /// (`xml:lang` first, then `rdf:type`, then others in insertion order).
    pub fn set_qualifier(&mut self, name: Name, value: Node) {
        if let Some(slot) = self.qualifiers.iter_mut().find(|(n, _)| *n == name) {
            slot.1 = value;
            return;
        }
        let pos = if name.is_xml_lang() {
            0
        } else if name.is_rdf_type() {
            usize::from(
                self.qualifiers
                    .first()
                    .is_some_and(|(n, _)| n.is_xml_lang()),
            )
        } else {
            self.qualifiers.len()
        };
        self.qualifiers.insert(pos, (name, value));
    }

    /// Removes a qualifier; returns it.
    pub fn remove_qualifier(&mut self, name: &Name) -> Option<Node> {
        let pos = self.qualifiers.iter().position(|(n, _)| n == name)?;
        Some(self.qualifiers.remove(pos).1)
    }

    /// Number of nodes in this subtree (values and qualifiers), for limits and stats.
    pub fn node_count(&self) -> usize {
        let own = match &self.value {
            Value::Simple(_) | Value::Uri(_) => 0,
            Value::Struct(f) => f.iter().map(|(_, n)| n.node_count()).sum(),
            Value::Array(_, items) => items.iter().map(Node::node_count).sum(),
        };
        1 + own
            + self
                .qualifiers
                .iter()
                .map(|(_, n)| n.node_count())
                .sum::<usize>()
    }
}

/// Looks a name up in an ordered field list.
pub fn get<'a>(fields: &'a Fields, name: &Name) -> Option<&'a Node> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// Mutable lookup in an ordered field list.
pub fn get_mut<'a>(fields: &'a mut Fields, name: &Name) -> Option<&'a mut Node> {
    fields.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// URI -> preferred prefix hints, in first-seen order. Output only: two packets that
/// differ only in prefixes are the same model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefixes {
    entries: Vec<(String, String)>, // (uri, prefix)
}

impl Prefixes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `prefix` for `uri` unless the URI already has a hint.
    pub fn hint(&mut self, uri: &str, prefix: &str) {
        if !self.entries.iter().any(|(u, _)| u == uri) {
            self.entries.push((uri.to_string(), prefix.to_string()));
        }
    }

    /// The hinted prefix for a URI.
    pub fn prefix_of(&self, uri: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(u, _)| u == uri)
            .map(|(_, p)| p.as_str())
    }

    /// The URI a hinted prefix stands for.
    pub fn uri_of(&self, prefix: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(_, p)| p == prefix)
            .map(|(u, _)| u.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(u, p)| (u.as_str(), p.as_str()))
    }

    /// Resolves a prefix for every URI in `uris`: the hint when it is free, else the
    /// canonical prefix when free, else `ns1`, `ns2`, ... (docs/data-model.md, "Prefix
    /// assignment"). Returns (uri, prefix) pairs in the order of `uris`; `rdf` and `xml`
    /// are fixed.
    pub fn assign<'a>(&self, uris: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let taken = |out: &Vec<(String, String)>, p: &str| {
            // `xmlns` cannot be declared at all; `x` belongs to the x:xmpmeta wrapper.
            p == "rdf" || p == "xml" || p == "x" || p == "xmlns" || out.iter().any(|(_, q)| q == p)
        };
        for uri in uris {
            if uri == ns::RDF || uri == ns::XML || out.iter().any(|(u, _)| u == uri) {
                continue;
            }
            let mut chosen = None;
            for cand in [self.prefix_of(uri), ns::canonical_prefix(uri)]
                .into_iter()
                .flatten()
            {
                if is_ncname(cand) && !taken(&out, cand) {
                    // A canonical prefix must not steal a prefix hinted for another URI.
                    let hinted_elsewhere = self.uri_of(cand).is_some_and(|u| u != uri);
                    if !hinted_elsewhere || self.prefix_of(uri) == Some(cand) {
                        chosen = Some(cand.to_string());
                        break;
                    }
                }
            }
            let prefix = chosen.unwrap_or_else(|| {
                (1..)
                    .map(|i| format!("ns{i}"))
                    .find(|p| !taken(&out, p) && self.uri_of(p).is_none())
                    .expect("an unused nsN prefix always exists")
            });
            out.push((uri.to_string(), prefix));
        }
        out
    }
}

/// True for an XML 1.0 (fifth edition) NCName: a `Name` without colons. Used for
/// prefixes and, by the writer, for local names; anything accepted here can appear in
/// an element or attribute name.
pub fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start_char(c) => {}
        _ => return false,
    }
    chars.all(is_name_char)
}

/// XML 1.0 `NameStartChar` minus the colon.
pub fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 `NameChar` minus the colon.
pub fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// An XMP packet's model: the about URI and the top-level properties.
#[derive(Clone, Debug, Default)]
pub struct Packet {
    /// The AboutURI (`rdf:about`), usually empty.
    pub about: String,
    /// Top-level properties, unique names, document order.
    pub props: Fields,
    /// Prefix hints for output.
    pub prefixes: Prefixes,
}

impl PartialEq for Packet {
    fn eq(&self, other: &Self) -> bool {
        self.about == other.about && self.props == other.props
    }
}
impl Eq for Packet {}

impl Packet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.props.is_empty()
    }

    pub fn get(&self, name: &Name) -> Option<&Node> {
        get(&self.props, name)
    }

    pub fn get_mut(&mut self, name: &Name) -> Option<&mut Node> {
        get_mut(&mut self.props, name)
    }

    /// Sets a top-level property, replacing it in place or appending it.
    /// Returns the previous value.
    pub fn set(&mut self, name: Name, node: Node) -> Option<Node> {
        if let Some(slot) = get_mut(&mut self.props, &name) {
            return Some(std::mem::replace(slot, node));
        }
        self.props.push((name, node));
        None
    }

    /// Inserts a property at `index` (clamped), replacing an existing one of that name.
    pub fn insert_at(&mut self, index: usize, name: Name, node: Node) -> Option<Node> {
        let old = self.remove(&name);
        let i = index.min(self.props.len());
        self.props.insert(i, (name, node));
        old
    }

    /// Removes a top-level property; returns its index and value.
    pub fn remove(&mut self, name: &Name) -> Option<Node> {
        self.remove_indexed(name).map(|(_, n)| n)
    }

    /// Removes a top-level property; returns its former index and value.
    pub fn remove_indexed(&mut self, name: &Name) -> Option<(usize, Node)> {
        let pos = self.props.iter().position(|(n, _)| n == name)?;
        Some((pos, self.props.remove(pos).1))
    }

    /// The text of a simple top-level property.
    pub fn text(&self, name: &Name) -> Option<&str> {
        self.get(name).and_then(Node::as_text)
    }

    /// Every namespace URI used anywhere in the model (properties, fields,
    /// qualifiers), in first-use order. `xml:` and `rdf:` are included when used.
    pub fn namespaces(&self) -> Vec<&str> {
        fn walk<'a>(fields: &'a Fields, out: &mut Vec<&'a str>) {
            for (name, node) in fields {
                if !out.contains(&&*name.ns) {
                    out.push(&name.ns);
                }
                walk_node(node, out);
            }
        }
        fn walk_node<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
            walk(&node.qualifiers, out);
            match &node.value {
                Value::Struct(f) => walk(f, out),
                Value::Array(_, items) => items.iter().for_each(|i| walk_node(i, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.props, &mut out);
        out
    }

    /// Total node count, for limits and statistics.
    pub fn node_count(&self) -> usize {
        self.props.iter().map(|(_, n)| n.node_count()).sum()
    }
}
