//! Packet -> JSON-LD (the mapping table is in the module docs of `jsonld`).

use serde_json::{Map, Value};

use super::number::to_scalar;
use super::TypeHints;
use crate::xmp::model::{is_ncname, ArrayKind, Fields, Node, Packet, Value as XValue};
use crate::xmp::name::Name;
use crate::xmp::ns;

struct Writer<'a> {
    /// (uri, prefix) from `Prefixes::assign`.
    prefixes: Vec<(String, String)>,
    /// Namespaces in first-use order, for `@context`.
    used: Vec<(String, String)>,
    hints: &'a dyn TypeHints,
    /// Top-level property and struct field names down to the current node.
    path: Vec<&'a Name>,
}

pub(super) fn to_json(packet: &Packet, hints: &dyn TypeHints) -> Value {
    let mut w = Writer {
        prefixes: packet.prefixes.assign(packet.namespaces()),
        used: Vec::new(),
        hints,
        path: Vec::new(),
    };
    let mut body = Map::new();
    for (name, node) in &packet.props {
        let key = w.key(name);
        w.path.push(name);
        let v = w.node(node, true, false);
        w.path.pop();
        body.insert(key, v);
    }
    let mut root = Map::with_capacity(body.len() + 2);
    let ctx: Map<String, Value> = w
        .used
        .into_iter()
        .map(|(uri, prefix)| (prefix, Value::String(uri)))
        .collect();
    root.insert("@context".into(), Value::Object(ctx));
    root.insert("@id".into(), Value::String(packet.about.clone()));
    root.extend(body);
    Value::Object(root)
}

impl<'a> Writer<'a> {
    fn prefix_of(&self, uri: &str) -> Option<&str> {
        if uri == ns::RDF {
            return Some("rdf");
        }
        if uri == ns::XML {
            return Some("xml");
        }
        self.prefixes
            .iter()
            .find(|(u, _)| u == uri)
            .map(|(_, p)| p.as_str())
    }

    /// Records that `uri` appears in the output; returns its prefix.
    fn use_ns(&mut self, uri: &str) -> String {
        let prefix = self.prefix_of(uri).unwrap_or("ns0").to_string();
        if !self.used.iter().any(|(u, _)| u == uri) {
            self.used.push((uri.to_string(), prefix.clone()));
        }
        prefix
    }

    fn key(&mut self, name: &Name) -> String {
        let mut k = self.use_ns(&name.ns);
        k.push(':');
        k.push_str(&name.local);
        k
    }

    fn rdf_key(&mut self, local: &str) -> String {
        self.use_ns(ns::RDF);
        format!("rdf:{local}")
    }

    /// `hinted`: the node lies on a property/field path (not inside a qualifier), so
    /// the type hints apply. `in_alt`: an Alt item (language keys first).
    fn node(&mut self, node: &'a Node, hinted: bool, in_alt: bool) -> Value {
        let lang_pos = node
            .qualifiers
            .iter()
            .position(|(n, q)| n.is_xml_lang() && is_plain(q));
        let lang = lang_pos.and_then(|i| node.qualifiers[i].1.as_text());
        let others: Vec<&'a (Name, Node)> = node
            .qualifiers
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != lang_pos)
            .map(|(_, q)| q)
            .collect();

        if others.is_empty() {
            return match (&node.value, lang) {
                (XValue::Simple(s), Some(l)) => lang_text(s, l, in_alt),
                (XValue::Struct(f), _) => self.structure(f, hinted, lang, None),
                (_, None) => self.bare(&node.value, hinted),
                (_, Some(l)) => {
                    let mut m = Map::new();
                    m.insert("@context".into(), lang_context(l));
                    let v = self.bare(&node.value, hinted);
                    m.insert(self.rdf_key("value"), v);
                    Value::Object(m)
                }
            };
        }
        if let ([(tn, t)], XValue::Struct(f)) = (others.as_slice(), &node.value) {
            if tn.is_rdf_type() && t.qualifiers.is_empty() {
                if let XValue::Uri(iri) = &t.value {
                    if let Some(ty) = self.type_repr(iri) {
                        return self.structure(f, hinted, lang, Some(ty));
                    }
                }
            }
        }
        // General qualifiers: the RDF/XML pseudo-struct as an object.
        let mut m = Map::new();
        let value = match (&node.value, lang) {
            (XValue::Simple(s), Some(l)) => lang_text(s, l, false),
            (v, l) => {
                if let Some(l) = l {
                    m.insert("@context".into(), lang_context(l));
                }
                self.bare(v, hinted)
            }
        };
        m.insert(self.rdf_key("value"), value);
        for (qn, q) in others {
            let k = self.key(qn);
            let v = self.node(q, false, false);
            m.insert(k, v);
        }
        Value::Object(m)
    }

    /// A value without qualifiers.
    fn bare(&mut self, value: &'a XValue, hinted: bool) -> Value {
        match value {
            XValue::Simple(s) => {
                let scalar = if hinted {
                    self.hints.scalar(&self.path).and_then(|k| to_scalar(s, k))
                } else {
                    None
                };
                scalar.unwrap_or_else(|| Value::String(s.clone()))
            }
            XValue::Uri(u) => {
                let mut m = Map::new();
                m.insert("@id".into(), Value::String(u.clone()));
                Value::Object(m)
            }
            XValue::Struct(fields) => self.structure(fields, hinted, None, None),
            XValue::Array(kind, items) => {
                let mut m = Map::new();
                match kind {
                    ArrayKind::Seq | ArrayKind::Bag => {
                        let list: Vec<Value> =
                            items.iter().map(|i| self.node(i, hinted, false)).collect();
                        let k = if *kind == ArrayKind::Seq {
                            "@list"
                        } else {
                            "@set"
                        };
                        m.insert(k.into(), Value::Array(list));
                    }
                    ArrayKind::Alt => {
                        m.insert("@type".into(), Value::String(self.rdf_key("Alt")));
                        for (i, item) in items.iter().enumerate() {
                            let k = self.rdf_key(&format!("_{}", i + 1));
                            let v = self.node(item, hinted, true);
                            m.insert(k, v);
                        }
                    }
                }
                Value::Object(m)
            }
        }
    }

    /// A struct object, with `@context` for its language and `@type` when given.
    fn structure(
        &mut self,
        fields: &'a Fields,
        hinted: bool,
        lang: Option<&str>,
        ty: Option<String>,
    ) -> Value {
        let mut m = Map::new();
        if let Some(l) = lang {
            m.insert("@context".into(), lang_context(l));
        }
        if let Some(t) = ty {
            m.insert("@type".into(), Value::String(t));
        }
        for (name, f) in fields {
            let k = self.key(name);
            self.path.push(name);
            let v = self.node(f, hinted, false);
            self.path.pop();
            m.insert(k, v);
        }
        Value::Object(m)
    }

    /// How an `rdf:type` IRI is written as `@type`, or `None` when a reader could
    /// take it for something else (a compact IRI of a declared prefix, a container
    /// type, a keyword or blank node); those use the `rdf:value` form.
    fn type_repr(&mut self, iri: &str) -> Option<String> {
        if iri.starts_with(ns::RDF) || iri.starts_with('@') || iri.starts_with("_:") {
            return None;
        }
        let found = self.prefixes.iter().find_map(|(u, p)| {
            iri.strip_prefix(u.as_str())
                .filter(|rest| is_ncname(rest))
                .map(|rest| (u.clone(), format!("{p}:{rest}")))
        });
        if let Some((uri, compact)) = found {
            self.use_ns(&uri);
            return Some(compact);
        }
        if let Some((p, _)) = iri.split_once(':') {
            let declared = p == "rdf" || p == "xml" || self.prefixes.iter().any(|(_, q)| q == p);
            if declared {
                return None;
            }
        }
        Some(iri.to_string())
    }
}

fn is_plain(q: &Node) -> bool {
    matches!(q.value, XValue::Simple(_)) && q.qualifiers.is_empty()
}

fn lang_text(s: &str, lang: &str, lang_first: bool) -> Value {
    let mut m = Map::new();
    if lang_first {
        m.insert("@language".into(), Value::String(lang.into()));
        m.insert("@value".into(), Value::String(s.into()));
    } else {
        m.insert("@value".into(), Value::String(s.into()));
        m.insert("@language".into(), Value::String(lang.into()));
    }
    Value::Object(m)
}

fn lang_context(lang: &str) -> Value {
    let mut m = Map::new();
    m.insert("@language".into(), Value::String(lang.into()));
    Value::Object(m)
}
