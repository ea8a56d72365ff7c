//! The order in which the writer emits a model, as a model: what a reader sees after
//! a write.
//!
//! The compact style puts simple unqualified properties and fields in attributes,
//! which XML places before child elements; qualifiers come `xml:lang` (an attribute),
//! then `rdf:type`, then the rest. Properties, fields and qualifiers are unordered in XMP
//! (docs/data-model.md, "Value forms"), so this changes no meaning; normalizing a model
//! with it makes "write, read back" an identity and keeps later diffs small.

use crate::xmp::model::{Fields, Node, Packet, Value};
use crate::xmp::write::rdf::is_attr;

/// `packet` with properties, fields and qualifiers in the order [`to_rdfxml`]
/// writes them (stable otherwise); array items keep their order.
///
/// [`to_rdfxml`]: crate::xmp::write::to_rdfxml
pub fn canonical_order(packet: &Packet) -> Packet {
    let mut p = packet.clone();
    order_fields(&mut p.props);
    p
}

fn order_fields(fields: &mut Fields) {
    // Stable: attribute-form entries first.
    fields.sort_by_key(|(n, node)| !is_attr(n, node));
    for (_, node) in fields.iter_mut() {
        order_node(node);
    }
}

fn order_node(node: &mut Node) {
    node.qualifiers.sort_by_key(|(n, _)| {
        if n.is_xml_lang() {
            0
        } else if n.is_rdf_type() {
            1
        } else {
            2
        }
    });
    for (_, q) in node.qualifiers.iter_mut() {
        order_node(q);
    }
    match &mut node.value {
        Value::Struct(f) => order_fields(f),
        Value::Array(_, items) => items.iter_mut().for_each(order_node),
        Value::Simple(_) | Value::Uri(_) => {}
    }
}
