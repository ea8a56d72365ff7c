//! A packet as one flat JSON object for `jq` and spreadsheets (`show --json --flat`).
//!
//! `show --json` writes JSON-LD (docs/jsonld.md), which is exact but awkward to query:
//! a title is `.["dc:title"]["rdf:_1"]["@value"]`. This form is for reading only and
//! drops what a query rarely needs:
//!
//! | XMP | flat JSON |
//! |---|---|
//! | property | key `"prefix:Name"` (the registry's prefix; the file's own for unknown namespaces, made unique) |
//! | simple text or URI | string; number or boolean when the schema types it Integer, Real or Boolean and the text is in canonical form (as in JSON-LD) |
//! | Bag, Seq, non-language Alt | array |
//! | language alternative | object `{"x-default": …, "de-DE": …}` (tags normalised, first item of a tag wins) |
//! | struct | object keyed by qualified field names |
//! | qualifiers other than `xml:lang` | left out (`show --json` keeps them) |
//!
//! [`flat_object`] is a pure function over the model so that other exports (CSV,
//! scripts) can reuse it; the caller adds its own keys (`file`, `format`), which never
//! clash with property keys because those always contain a `:`.

use serde_json::{Map, Value as Json};

use crate::schema::{DisplayPrefixes, Registry};
use crate::xmp::jsonld::{scalar_json, TypeHints};
use crate::xmp::{lang, Name, Node, Packet, Value};

/// Every top-level property of `packet` as `"prefix:Name": value`, in document order.
pub fn flat_object(packet: &Packet, reg: &Registry) -> Map<String, Json> {
    let prefixes = DisplayPrefixes::new(packet, reg);
    let f = Flattener {
        reg,
        prefixes: &prefixes,
    };
    let mut out = Map::with_capacity(packet.props.len());
    let mut path = Vec::new();
    for (name, node) in &packet.props {
        path.push(name);
        out.insert(f.key(name), f.value(node, &mut path));
        path.pop();
    }
    out
}

struct Flattener<'a> {
    reg: &'a Registry,
    prefixes: &'a DisplayPrefixes,
}

impl Flattener<'_> {
    fn key(&self, name: &Name) -> String {
        self.prefixes.qname(name, self.reg)
    }

    /// `path`: the property and struct field names down to `node` (array items add
    /// nothing), as the registry's type lookup wants it.
    fn value<'n>(&self, node: &'n Node, path: &mut Vec<&'n Name>) -> Json {
        match &node.value {
            Value::Simple(s) => self
                .reg
                .scalar(path)
                .and_then(|kind| scalar_json(s, kind))
                .unwrap_or_else(|| Json::String(s.clone())),
            Value::Uri(s) => Json::String(s.clone()),
            Value::Array(_, items) if lang::is_lang_alt(node) => {
                let mut m = Map::with_capacity(items.len());
                for item in items {
                    let tag = lang::normalize(item.lang().unwrap_or_default());
                    if !m.contains_key(&tag) {
                        m.insert(tag, Json::String(item.as_text().unwrap_or_default().into()));
                    }
                }
                Json::Object(m)
            }
            Value::Array(_, items) => {
                Json::Array(items.iter().map(|i| self.value(i, path)).collect())
            }
            Value::Struct(fields) => {
                let mut m = Map::with_capacity(fields.len());
                for (fname, fnode) in fields {
                    path.push(fname);
                    m.insert(self.key(fname), self.value(fnode, path));
                    path.pop();
                }
                Json::Object(m)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::registry;
    use crate::xmp::{ns, ArrayKind};
    use serde_json::json;

    #[test]
    fn every_value_kind_has_its_plain_json_form() {
        let mut p = Packet::new();
        let ex = "http://example.com/ns/";
        p.prefixes.hint(ex, "ex");
        p.set(Name::new(ns::XMP, "Rating"), Node::text("4"));
        p.set(Name::new(ns::TIFF, "Orientation"), Node::text("007"));
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(
                ArrayKind::Alt,
                vec![
                    Node::lang_text("x-default", "Summit"),
                    Node::lang_text("de-de", "Gipfel"),
                    Node::lang_text("DE-DE", "second de-DE is ignored"),
                ],
            ),
        );
        p.set(
            Name::new(ns::DC, "subject"),
            Node::array(ArrayKind::Bag, vec![Node::text("a"), Node::text("b")]),
        );
        let mut qualified = Node::uri("http://x/");
        qualified
            .qualifiers
            .push((Name::new(ex, "q"), Node::text("dropped")));
        p.set(Name::new(ex, "link"), qualified);
        p.set(
            Name::new(ex, "list"),
            Node::array(
                ArrayKind::Seq,
                vec![Node::structure(vec![(
                    Name::new(ex, "f"),
                    Node::array(ArrayKind::Alt, vec![Node::text("1"), Node::text("2")]),
                )])],
            ),
        );
        let got = Json::Object(flat_object(&p, registry()));
        assert_eq!(
            got,
            json!({
                "xmp:Rating": 4,
                "tiff:Orientation": "007",
                "dc:title": {"x-default": "Summit", "de-DE": "Gipfel"},
                "dc:subject": ["a", "b"],
                "ex:link": "http://x/",
                "ex:list": [{"ex:f": ["1", "2"]}],
            })
        );
    }
}
