//! Paths inside a property (`dc:title[2]/?xml:lang`, `xmpMM:History[3]/stEvt:when`)
//! and the prefixes used to show names.
//!
//! Names are shown with the registry's preferred prefix for known namespaces (whatever
//! the file used: identity is the URI), and with the document's own prefix for unknown
//! ones; clashes get a numbered suffix so that two URIs never display alike.

use crate::schema::registry::Registry;
use crate::xmp::{ns, Name, Packet};

/// One step below a top-level property, in XMP Toolkit path terms.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A struct field (`/ns:field`).
    Field(Name),
    /// An array item, 0-based (shown 1-based: `[1]`).
    Item(usize),
    /// A qualifier (`/?ns:qual`).
    Qualifier(Name),
}

/// URI -> display prefix for one packet.
#[derive(Debug, Clone, Default)]
pub struct DisplayPrefixes {
    entries: Vec<(String, String)>,
}

impl DisplayPrefixes {
    /// Prefixes for every namespace the packet uses.
    pub fn new(packet: &Packet, reg: &Registry) -> Self {
        let mut out = DisplayPrefixes::default();
        let mut pending = Vec::new();
        for uri in packet.namespaces() {
            match fixed_prefix(uri, reg) {
                Some(p) => out.entries.push((uri.to_string(), p.to_string())),
                None => pending.push(uri),
            }
        }
        for uri in pending {
            let hint = packet
                .prefixes
                .prefix_of(uri)
                .filter(|p| !p.is_empty())
                .unwrap_or("ns");
            let taken =
                |p: &str, out: &DisplayPrefixes| reg.by_prefix(p).is_some() || out.uri_of(p);
            let prefix = if hint != "ns" && !taken(hint, &out) && !is_reserved(hint) {
                hint.to_string()
            } else {
                (1..)
                    .map(|i| {
                        if hint == "ns" {
                            format!("ns{i}")
                        } else {
                            format!("{hint}_{i}")
                        }
                    })
                    .find(|p| !taken(p, &out))
                    .expect("an unused numbered prefix always exists")
            };
            out.entries.push((uri.to_string(), prefix));
        }
        out
    }

    fn uri_of(&self, prefix: &str) -> bool {
        self.entries.iter().any(|(_, p)| p == prefix)
    }

    /// The display prefix of a URI, if the packet uses it or the registry knows it.
    pub fn prefix<'a>(&'a self, uri: &str, reg: &'a Registry) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|(u, _)| u == uri)
            .map(|(_, p)| p.as_str())
            .or_else(|| fixed_prefix(uri, reg))
    }

    /// `prefix:local`, or Clark notation `{uri}local` for a URI without a prefix.
    pub fn qname(&self, name: &Name, reg: &Registry) -> String {
        match self.prefix(&name.ns, reg) {
            Some(p) => format!("{p}:{}", name.local),
            None => format!("{{{}}}{}", name.ns, name.local),
        }
    }

    /// The path of a node: property name, then steps (`dc:title[2]/?xml:lang`).
    pub fn path(&self, prop: &Name, steps: &[Step], reg: &Registry) -> String {
        let mut out = self.qname(prop, reg);
        for step in steps {
            match step {
                Step::Field(n) => {
                    out.push('/');
                    out.push_str(&self.qname(n, reg));
                }
                Step::Item(i) => {
                    out.push('[');
                    out.push_str(&(i + 1).to_string());
                    out.push(']');
                }
                Step::Qualifier(n) => {
                    out.push_str("/?");
                    out.push_str(&self.qname(n, reg));
                }
            }
        }
        out
    }
}

fn fixed_prefix<'a>(uri: &str, reg: &'a Registry) -> Option<&'a str> {
    match uri {
        ns::XML => Some("xml"),
        ns::RDF => Some("rdf"),
        _ => reg.prefix_of(uri),
    }
}

fn is_reserved(prefix: &str) -> bool {
    matches!(prefix, "xml" | "rdf" | "x") || prefix.to_ascii_lowercase().starts_with("xml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::registry;
    use crate::xmp::Node;

    #[test]
    fn known_uris_use_registry_prefixes_and_unknown_keep_hints() {
        let reg = registry();
        let mut p = Packet::new();
        p.prefixes.hint(ns::DC, "foo");
        p.prefixes.hint("http://example.com/acme/", "acme");
        p.prefixes.hint("http://example.com/evil/", "dc");
        p.prefixes.hint("http://example.com/evil2/", "dc");
        p.set(Name::new(ns::DC, "title"), Node::text("t"));
        p.set(Name::new("http://example.com/acme/", "a"), Node::text("1"));
        p.set(Name::new("http://example.com/evil/", "b"), Node::text("2"));
        p.set(Name::new("http://example.com/evil2/", "c"), Node::text("3"));
        p.set(Name::new("http://example.com/none/", "d"), Node::text("4"));
        let dp = DisplayPrefixes::new(&p, reg);
        assert_eq!(dp.qname(&Name::new(ns::DC, "title"), reg), "dc:title");
        assert_eq!(
            dp.qname(&Name::new("http://example.com/acme/", "a"), reg),
            "acme:a"
        );
        assert_eq!(
            dp.qname(&Name::new("http://example.com/evil/", "b"), reg),
            "dc_1:b"
        );
        assert_eq!(
            dp.qname(&Name::new("http://example.com/evil2/", "c"), reg),
            "dc_2:c"
        );
        assert_eq!(
            dp.qname(&Name::new("http://example.com/none/", "d"), reg),
            "ns1:d"
        );
        assert_eq!(
            dp.qname(&Name::new("http://example.com/unseen/", "e"), reg),
            "{http://example.com/unseen/}e"
        );
        assert_eq!(dp.qname(&Name::new(ns::XMP, "Rating"), reg), "xmp:Rating");
    }

    #[test]
    fn paths_use_toolkit_syntax() {
        let reg = registry();
        let dp = DisplayPrefixes::default();
        let title = Name::new(ns::DC, "title");
        assert_eq!(
            dp.path(
                &title,
                &[Step::Item(1), Step::Qualifier(Name::xml_lang())],
                reg
            ),
            "dc:title[2]/?xml:lang"
        );
        let hist = Name::new(ns::XMP_MM, "History");
        let when = Name::new("http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "when");
        assert_eq!(
            dp.path(&hist, &[Step::Item(2), Step::Field(when)], reg),
            "xmpMM:History[3]/stEvt:when"
        );
    }
}
