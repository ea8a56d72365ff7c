//! Expanded names: (namespace URI, local name).
//!
//! XMP identity is the namespace URI plus local name, never a `prefix:local` string
//! (docs/data-model.md, "Names and namespaces"). Prefixes live separately in
//! [`crate::xmp::Prefixes`] and only matter for output. Both parts are `Arc<str>` so that
//! cloning a name (done constantly when models are copied for undo and bulk edits) costs
//! two reference-count bumps.

use std::fmt;
use std::sync::Arc;

/// An XML expanded name: namespace URI + local name.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    pub ns: Arc<str>,
    pub local: Arc<str>,
}

impl Name {
    pub fn new(ns: impl Into<Arc<str>>, local: impl Into<Arc<str>>) -> Self {
        Name {
            ns: ns.into(),
            local: local.into(),
        }
    }

    /// True when this name is `(ns, local)`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        &*self.ns == ns && &*self.local == local
    }

    /// The `xml:lang` qualifier name.
    pub fn xml_lang() -> Self {
        Name::new(crate::xmp::ns::XML, "lang")
    }

    /// The `rdf:type` name.
    pub fn rdf_type() -> Self {
        Name::new(crate::xmp::ns::RDF, "type")
    }

    pub fn is_xml_lang(&self) -> bool {
        self.is(crate::xmp::ns::XML, "lang")
    }

    pub fn is_rdf_type(&self) -> bool {
        self.is(crate::xmp::ns::RDF, "type")
    }
}

impl fmt::Debug for Name {
    /// `{uri}local`, Clark notation, so debug output never depends on prefixes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}{}", self.ns, self.local)
    }
}
