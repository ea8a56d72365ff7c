//! Prefix choice for one RDF/XML output: `Prefixes::assign` over the namespaces in
//! the order the output first uses them.

use crate::xmp::model::{Fields, Node, Packet, Value};
use crate::xmp::ns;
use crate::xmp::write::rdf::is_attr;

/// Namespace URI -> prefix for one output, in declaration order.
pub(crate) struct PrefixTable {
    entries: Vec<(String, String)>,
}

impl PrefixTable {
    pub(crate) fn new(packet: &Packet) -> Self {
        let mut order = Vec::new();
        emitted_namespaces(&packet.props, &mut order);
        PrefixTable {
            entries: packet.prefixes.assign(order),
        }
    }

    pub(crate) fn prefix(&self, uri: &str) -> &str {
        if uri == ns::RDF {
            return "rdf";
        }
        if uri == ns::XML {
            return "xml";
        }
        self.entries
            .iter()
            .find(|(u, _)| u == uri)
            .map_or("?", |(_, p)| p.as_str())
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(u, p)| (u.as_str(), p.as_str()))
    }
}

/// Every namespace URI of the model in the order the output first uses it, so that
/// the declarations do not depend on the order of fields the writer moves anyway
/// (a model and its `canonical_order` give the same bytes).
fn emitted_namespaces<'p>(fields: &'p Fields, out: &mut Vec<&'p str>) {
    fn add<'p>(out: &mut Vec<&'p str>, uri: &'p str) {
        if !out.contains(&uri) {
            out.push(uri);
        }
    }
    fn node<'p>(n: &'p Node, out: &mut Vec<&'p str>) {
        match &n.value {
            Value::Struct(f) => emitted_namespaces(f, out),
            Value::Array(_, items) => items.iter().for_each(|i| node(i, out)),
            Value::Simple(_) | Value::Uri(_) => {}
        }
        for pass in [true, false] {
            for (qn, q) in &n.qualifiers {
                if !qn.is_xml_lang() && qn.is_rdf_type() == pass {
                    add(out, &qn.ns);
                    node(q, out);
                }
            }
        }
    }
    for (name, n) in fields.iter().filter(|(name, n)| is_attr(name, n)) {
        add(out, &name.ns);
        node(n, out);
    }
    for (name, n) in fields.iter().filter(|(name, n)| !is_attr(name, n)) {
        add(out, &name.ns);
        node(n, out);
    }
}
