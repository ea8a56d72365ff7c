//! The special JSON-LD objects of the reader: value objects, `rdf:_N` containers,
//! `rdf:value` qualified values and `{lang: text}` maps.

use serde_json::{Map, Value};

use super::context::Scope;
use super::number::scalar_text;
use super::read::Reader;
use super::JsonLdError;
use crate::xmp::lang;
use crate::xmp::model::{ArrayKind, Node, Value as XValue};
use crate::xmp::name::Name;
use crate::xmp::ns;

impl Reader {
    pub(super) fn value_object(&mut self, m: &Map<String, Value>) -> Result<Node, JsonLdError> {
        let mut node = Node::text("");
        for (k, v) in m {
            self.path.push(k.clone());
            match k.as_str() {
                "@value" => match scalar_text(v) {
                    Some(t) => node.value = XValue::Simple(t),
                    None => return Err(self.err("@value must be a string, number or boolean")),
                },
                "@language" => match v {
                    Value::String(l) => node
                        .qualifiers
                        .insert(0, (Name::xml_lang(), Node::text(l.clone()))),
                    Value::Null => {}
                    _ => return Err(self.err("@language must be a string")),
                },
                "@context" => {}
                k if k.starts_with('@') => self.warn(format!("{k} of a value object ignored")),
                _ => return Err(self.err("a value object (@value) cannot have properties")),
            }
            self.path.pop();
        }
        Ok(node)
    }

    /// `{"@type": "rdf:Alt", "rdf:_1": ..., ...}`, items sorted by their number.
    pub(super) fn numbered(
        &mut self,
        m: &Map<String, Value>,
        keys: &[&String],
        names: &[Name],
        kind: ArrayKind,
        scope: &Scope,
    ) -> Result<Node, JsonLdError> {
        let mut items: Vec<(u64, Node)> = Vec::with_capacity(keys.len());
        for (k, name) in keys.iter().zip(names) {
            self.path.push((*k).clone());
            let idx = (&*name.ns == ns::RDF)
                .then(|| item_index(&name.local))
                .flatten()
                .ok_or_else(|| {
                    self.err(format!("member {k:?} in an rdf:{} object", kind.rdf_name()))
                })?;
            if items.iter().any(|(i, _)| *i == idx) {
                return Err(self.err(format!("item rdf:_{idx} given twice")));
            }
            if let Some(n) = self.node(&m[k.as_str()], scope)? {
                items.push((idx, n));
            }
            self.path.pop();
        }
        items.sort_by_key(|(i, _)| *i);
        Ok(Node::array(
            kind,
            items.into_iter().map(|(_, n)| n).collect(),
        ))
    }

    /// `{"rdf:value": v, "pfx:q": ...}`: a value with general qualifiers.
    pub(super) fn qualified(
        &mut self,
        m: &Map<String, Value>,
        keys: &[&String],
        names: &[Name],
        value_index: usize,
        ty: Option<String>,
        scope: &Scope,
    ) -> Result<Node, JsonLdError> {
        let vkey = keys[value_index];
        self.path.push(vkey.clone());
        let mut node = self
            .node(&m[vkey.as_str()], scope)?
            .ok_or_else(|| self.err("rdf:value must not be null"))?;
        self.path.pop();
        if let Some(t) = ty {
            self.push_qualifier(&mut node, Name::rdf_type(), Node::uri(t))?;
        }
        for (i, (k, name)) in keys.iter().zip(names).enumerate() {
            if i == value_index {
                continue;
            }
            self.path.push((*k).clone());
            if let Some(q) = self.node(&m[k.as_str()], scope)? {
                self.push_qualifier(&mut node, name.clone(), q)?;
            }
            self.path.pop();
        }
        Ok(node)
    }

    fn push_qualifier(&self, node: &mut Node, name: Name, q: Node) -> Result<(), JsonLdError> {
        if node.qualifiers.iter().any(|(n, _)| *n == name) {
            return Err(self.err(format!("duplicate qualifier {{{}}}{}", name.ns, name.local)));
        }
        node.qualifiers.push((name, q));
        Ok(())
    }

    /// `{"en-us": "text", ...}`: the language map of the KHR type table and the
    /// archived draft, read as a Lang Alt (x-default first).
    pub(super) fn lang_map(&mut self, m: &Map<String, Value>) -> Result<Node, JsonLdError> {
        let mut items = Vec::with_capacity(m.len());
        for (k, v) in m {
            if k == "@context" {
                continue;
            }
            self.path.push(k.clone());
            let Value::String(text) = v else {
                return Err(self.err(format!("{k:?} is not a prefixed name (prefix:name)")));
            };
            if k != "x-default" && lang::check_tag(k).is_err() {
                return Err(self.err(format!(
                    "{k:?} is neither a prefixed name nor a language tag"
                )));
            }
            self.path.pop();
            let item = Node::lang_text(k.clone(), text.clone());
            if k == "x-default" {
                items.insert(0, item);
            } else {
                items.push(item);
            }
        }
        self.warn("language map read as a language alternative (rdf:Alt)");
        Ok(Node::array(ArrayKind::Alt, items))
    }
}

/// `_N` (N >= 1) -> N.
pub(super) fn item_index(local: &str) -> Option<u64> {
    let digits = local.strip_prefix('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n >= 1)
}
