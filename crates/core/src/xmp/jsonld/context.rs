//! JSON-LD contexts: prefix scopes, `@language`, compact IRI expansion.

use serde_json::Value;

use super::read::Reader;
use super::JsonLdError;
use crate::xmp::model::is_ncname;
use crate::xmp::model::Node;
use crate::xmp::name::Name;
use crate::xmp::ns;

/// Prefix -> namespace URI in scope.
#[derive(Clone, Default)]
pub(super) struct Scope {
    pub(super) map: Vec<(String, String)>,
}

impl Scope {
    pub(super) fn get(&self, prefix: &str) -> Option<&str> {
        self.map
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str())
    }
}

impl Reader {
    /// Reads a context into `scope`; returns its `@language`, if any.
    pub(super) fn context(
        &mut self,
        ctx: &Value,
        scope: &mut Scope,
    ) -> Result<Option<String>, JsonLdError> {
        match ctx {
            Value::Null => Ok(None),
            Value::String(_) => {
                self.warn("remote context ignored");
                Ok(None)
            }
            Value::Array(list) => {
                let mut lang = None;
                for (i, c) in list.iter().enumerate() {
                    self.path.push(i.to_string());
                    if let Some(l) = self.context(c, scope)? {
                        lang = Some(l);
                    }
                    self.path.pop();
                }
                Ok(lang)
            }
            Value::Object(m) => {
                let mut lang = None;
                for (k, v) in m {
                    self.path.push(k.clone());
                    if k == "@language" {
                        match v {
                            Value::String(s) => lang = Some(s.clone()),
                            Value::Null => {}
                            _ => return Err(self.err("@language must be a string")),
                        }
                    } else if k.starts_with('@') {
                        self.warn(format!("context keyword {k} ignored"));
                    } else {
                        let uri = match v {
                            Value::String(s) => s.clone(),
                            Value::Object(def) => match def.get("@id") {
                                Some(Value::String(s)) => {
                                    self.warn("expanded term definition read as a prefix");
                                    s.clone()
                                }
                                _ => return Err(self.err("term definition without a string @id")),
                            },
                            _ => {
                                return Err(self.err("a prefix must map to a namespace URI string"))
                            }
                        };
                        if uri.is_empty() {
                            return Err(self.err("empty namespace URI"));
                        }
                        scope.map.push((k.clone(), uri));
                    }
                    self.path.pop();
                }
                Ok(lang)
            }
            _ => Err(self.err("@context must be an object")),
        }
    }

    /// Expands `prefix:local`.
    pub(super) fn name(&mut self, key: &str, scope: &Scope) -> Result<Name, JsonLdError> {
        let Some((prefix, local)) = key.split_once(':') else {
            return Err(self.err(format!("{key:?} is not a prefixed name (prefix:name)")));
        };
        let uri = self.expand_prefix(prefix, scope).ok_or_else(|| {
            self.err(format!(
                "undefined prefix {prefix:?} (not declared in @context)"
            ))
        })?;
        if !is_ncname(local) {
            return Err(self.err(format!("{local:?} is not a valid XMP local name")));
        }
        Ok(Name::new(uri, local))
    }

    fn expand_prefix(&mut self, prefix: &str, scope: &Scope) -> Option<String> {
        if let Some(u) = scope.get(prefix) {
            return Some(u.to_string());
        }
        let implicit = match prefix {
            "rdf" => ns::RDF,
            "xml" => ns::XML,
            _ => return None,
        };
        if !self.warned_implicit.contains(&implicit) {
            self.warned_implicit.push(implicit);
            self.warn(format!("prefix {prefix:?} used without declaration"));
        }
        Some(implicit.to_string())
    }

    /// Expands an IRI written in `@type`: a compact IRI of a declared prefix, else
    /// the string as it stands.
    pub(super) fn expand_iri(&mut self, s: &str, scope: &Scope) -> String {
        if let Some((p, rest)) = s.split_once(':') {
            if scope.get(p).is_some() || p == "rdf" || p == "xml" {
                if let Some(u) = self.expand_prefix(p, scope) {
                    return format!("{u}{rest}");
                }
            }
        }
        s.to_string()
    }

    pub(super) fn type_node(&mut self, v: &Value, scope: &Scope) -> Result<Node, JsonLdError> {
        match v {
            Value::String(s) => Ok(Node::uri(self.expand_iri(s, scope))),
            _ => Err(self.err("@type must be a single IRI string")),
        }
    }
}
