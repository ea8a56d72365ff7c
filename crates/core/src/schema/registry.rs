//! The loaded registry: lookups by URI, prefix and name, type lookup along a path,
//! display groups.
//!
//! Lookups are hash-map based and allocation-free (`&str` keys) because validation and
//! JSON output ask for every property of every file.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::schema::types::{NamespaceDef, PropertyDef, StructDef, StructId, ValueType};
use crate::xmp::Name;

/// A word-at-a-time multiplicative hash (the Fx hash of rustc): the keys are trusted
/// strings from the asset files, so SipHash's DoS resistance buys nothing, and hashing
/// namespace URIs showed up in profiles of `show` over many files.
#[derive(Default)]
struct WordHash(u64);

impl WordHash {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

type Map<V> = HashMap<String, V, BuildHasherDefault<WordHash>>;

/// Namespaces, properties and struct types.
#[derive(Debug)]
pub struct Registry {
    /// In display order.
    namespaces: Vec<NamespaceDef>,
    /// URI (and alias URIs) -> namespace index.
    by_uri: Map<usize>,
    by_prefix: Map<usize>,
    /// Per namespace: local name -> property index.
    props: Vec<Map<usize>>,
    structs: Vec<StructDef>,
    struct_by_name: Map<StructId>,
}

/// Where a namespace's properties are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInfo {
    /// "Dublin Core", or "Other (acme)" for a namespace the registry does not know.
    pub title: String,
    /// Sort key; unknown namespaces sort last (by title among themselves).
    pub order: u32,
    pub known: bool,
}

/// The empty registry: knows no namespace, so edits are checked only for what the
/// model itself requires.
impl Default for Registry {
    fn default() -> Self {
        Registry::new(Vec::new(), Vec::new())
    }
}

impl Registry {
    pub(crate) fn new(mut namespaces: Vec<NamespaceDef>, structs: Vec<StructDef>) -> Self {
        namespaces.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.name.cmp(&b.name)));
        let mut by_uri = Map::default();
        let mut by_prefix = Map::default();
        let mut props = Vec::with_capacity(namespaces.len());
        for (i, ns) in namespaces.iter().enumerate() {
            by_uri.insert(ns.uri.clone(), i);
            for alias in &ns.aliases {
                by_uri.insert(alias.clone(), i);
            }
            by_prefix.insert(ns.prefix.clone(), i);
            props.push(
                ns.properties
                    .iter()
                    .enumerate()
                    .map(|(j, p)| (p.name.local.to_string(), j))
                    .collect(),
            );
        }
        let struct_by_name = structs
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), StructId(i)))
            .collect();
        Registry {
            namespaces,
            by_uri,
            by_prefix,
            props,
            structs,
            struct_by_name,
        }
    }

    /// All namespaces in display order.
    pub fn namespaces(&self) -> &[NamespaceDef] {
        &self.namespaces
    }

    /// A namespace by URI (alias URIs included).
    pub fn namespace(&self, uri: &str) -> Option<&NamespaceDef> {
        self.by_uri.get(uri).map(|&i| &self.namespaces[i])
    }

    /// A namespace by its preferred prefix.
    pub fn by_prefix(&self, prefix: &str) -> Option<&NamespaceDef> {
        self.by_prefix.get(prefix).map(|&i| &self.namespaces[i])
    }

    /// The preferred prefix of a known URI.
    pub fn prefix_of(&self, uri: &str) -> Option<&str> {
        self.namespace(uri).map(|n| n.prefix.as_str())
    }

    /// A property definition (top level). Struct fields: [`Registry::def_at`].
    pub fn property(&self, name: &Name) -> Option<&PropertyDef> {
        let ns = *self.by_uri.get(&*name.ns)?;
        let j = *self.props[ns].get(&*name.local)?;
        Some(&self.namespaces[ns].properties[j])
    }

    pub fn struct_def(&self, id: StructId) -> &StructDef {
        &self.structs[id.0]
    }

    pub fn struct_by_name(&self, name: &str) -> Option<&StructDef> {
        self.struct_by_name.get(name).map(|id| &self.structs[id.0])
    }

    pub fn structs(&self) -> &[StructDef] {
        &self.structs
    }

    /// A field of a struct type, matching alias URIs like [`Registry::property`].
    pub fn field(&self, id: StructId, name: &Name) -> Option<&PropertyDef> {
        let s = &self.structs[id.0];
        let canon = self.canonical_uri(&name.ns);
        s.fields
            .iter()
            .find(|f| *f.name.local == *name.local && *f.name.ns == *canon)
    }

    /// The field definition under a definition (unwrapping arrays), if it is a struct.
    pub fn field_of(&self, def: &PropertyDef, name: &Name) -> Option<&PropertyDef> {
        match def.ty.leaf() {
            ValueType::Struct(id) => self.field(*id, name),
            _ => None,
        }
    }

    /// The definition at a path: a top-level property name followed by struct field
    /// names (array items add nothing to the path, as in JSON-LD type hints).
    pub fn def_at(&self, path: &[&Name]) -> Option<&PropertyDef> {
        let (first, rest) = path.split_first()?;
        let mut def = self.property(first)?;
        for name in rest {
            def = self.field_of(def, name)?;
        }
        Some(def)
    }

    /// The declared type at a path (see [`Registry::def_at`]).
    pub fn type_at(&self, path: &[&Name]) -> Option<&ValueType> {
        self.def_at(path).map(|d| &d.ty)
    }

    /// Every top-level property with its namespace, in display order (for pickers).
    pub fn properties(&self) -> impl Iterator<Item = (&NamespaceDef, &PropertyDef)> {
        self.namespaces
            .iter()
            .flat_map(|ns| ns.properties.iter().map(move |p| (ns, p)))
    }

    /// The URI a known alias URI stands for (else the URI itself).
    pub fn canonical_uri<'a>(&'a self, uri: &'a str) -> &'a str {
        self.namespace(uri).map_or(uri, |n| n.uri.as_str())
    }

    /// The display group of a namespace. Unknown ones become "Other (prefix)", with the
    /// document's prefix when given, else the URI.
    pub fn group_of(&self, uri: &str, prefix_hint: Option<&str>) -> GroupInfo {
        match self.namespace(uri) {
            Some(ns) => GroupInfo {
                title: ns.name.clone(),
                order: ns.order,
                known: true,
            },
            None => GroupInfo {
                title: format!("Other ({})", prefix_hint.unwrap_or(uri)),
                order: u32::MAX,
                known: false,
            },
        }
    }
}
