//! Whether a name is one the registry defines, and the nearest defined names when it
//! is not (`dc:titel` -> `dc:title`, `xmp:rating` -> `xmp:Rating`).
//!
//! Edits use this to refuse creating a property the registry's namespace does not
//! define: a typo in a known namespace is far likelier than a private extension of it.
//! Names of namespaces the registry does not know are not judged at all (XMP is open).

use crate::schema::registry::Registry;
use crate::schema::types::{PropertyDef, StructId};
use crate::xmp::Name;

/// The most edits a suggestion may be away from the typed name.
const MAX_EDITS: usize = 3;
/// How many suggestions to offer.
const MAX_SUGGESTIONS: usize = 3;

/// What the registry says about a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameCheck {
    /// Defined (a property of its namespace, or a field of its struct).
    Known,
    /// The namespace is known but does not define this name.
    UnknownInKnownNamespace {
        /// "Dublin Core" for a property; the struct type's name ("ContactInfo") for a
        /// field.
        namespace: String,
        /// Nearest defined names, best first, with the registry's prefixes
        /// (`dc:title`); at most three, possibly none.
        suggestions: Vec<String>,
    },
    /// The registry does not know the namespace.
    UnknownNamespace,
}

impl NameCheck {
    pub fn is_known(&self) -> bool {
        matches!(self, NameCheck::Known)
    }
}

impl Registry {
    /// Checks a top-level property name (alias URIs count as their namespace).
    pub fn check_name(&self, name: &Name) -> NameCheck {
        let Some(ns) = self.namespace(&name.ns) else {
            return NameCheck::UnknownNamespace;
        };
        if self.property(name).is_some() {
            return NameCheck::Known;
        }
        NameCheck::UnknownInKnownNamespace {
            namespace: ns.name.clone(),
            suggestions: self.nearest(&name.local, ns.properties.iter()),
        }
    }

    /// Checks a field name of struct type `id`: the struct's own fields are the known
    /// ones, and suggestions come from those in the typed name's namespace.
    pub fn check_field(&self, id: StructId, name: &Name) -> NameCheck {
        if self.namespace(&name.ns).is_none() {
            return NameCheck::UnknownNamespace;
        }
        if self.field(id, name).is_some() {
            return NameCheck::Known;
        }
        let s = self.struct_def(id);
        let canon = self.canonical_uri(&name.ns);
        NameCheck::UnknownInKnownNamespace {
            namespace: s.name.clone(),
            suggestions: self.nearest(
                &name.local,
                s.fields.iter().filter(|f| *f.name.ns == *canon),
            ),
        }
    }

    /// The best [`MAX_SUGGESTIONS`] of `defs` for a typed local name: a match but for
    /// case first, then by edit distance (case-insensitive, at most [`MAX_EDITS`], and
    /// fewer than the typed name's length so that `a` does not suggest `dc:type`),
    /// keeping only those at most one edit worse than the best.
    fn nearest<'a>(&self, typed: &str, defs: impl Iterator<Item = &'a PropertyDef>) -> Vec<String> {
        let typed_low = typed.to_lowercase();
        let limit = MAX_EDITS.min(typed.chars().count().saturating_sub(1));
        let mut scored: Vec<(usize, &PropertyDef)> = defs
            .filter_map(|d| {
                let low = d.name.local.to_lowercase();
                let dist = if low == typed_low {
                    0
                } else {
                    distance(&typed_low, &low)
                };
                (dist <= limit || dist == 0).then_some((dist, d))
            })
            .collect();
        scored.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.name.local.cmp(&b.1.name.local))
        });
        // Names much worse than the best one are noise next to it (`dc:titel` gets
        // `dc:title`, not also `dc:date` and `dc:type`).
        let best = scored.first().map_or(0, |s| s.0);
        scored
            .into_iter()
            .take_while(|s| s.0 <= best + 1)
            .take(MAX_SUGGESTIONS)
            .map(|(_, d)| match self.prefix_of(&d.name.ns) {
                Some(p) => format!("{p}:{}", d.name.local),
                None => format!("{{{}}}{}", d.name.ns, d.name.local),
            })
            .collect()
    }
}

/// Damerau-Levenshtein distance (optimal string alignment: insertions, deletions,
/// substitutions and swaps of adjacent characters), over characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    // Three rows suffice: a swap looks two rows back.
    let mut rows = vec![vec![0usize; w]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i - 1) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
        }
    }
    rows[a.len() % 3][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::registry;
    use crate::xmp::ns;

    fn unknown(check: NameCheck) -> (String, Vec<String>) {
        match check {
            NameCheck::UnknownInKnownNamespace {
                namespace,
                suggestions,
            } => (namespace, suggestions),
            other => panic!("expected unknown in a known namespace, got {other:?}"),
        }
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("title", "title"), 0);
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(distance("city", "cty"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("ab", "ba"), 1);
    }

    #[test]
    fn known_names_are_known() {
        let reg = registry();
        assert!(reg.check_name(&Name::new(ns::DC, "title")).is_known());
        assert!(reg
            .check_name(&Name::new("http://ns.microsoft.com/photo/1.0", "Rating"))
            .is_known());
        assert_eq!(
            reg.check_name(&Name::new("http://example.com/acme/", "x")),
            NameCheck::UnknownNamespace
        );
    }

    #[test]
    fn a_typo_suggests_the_nearest_names_of_its_namespace() {
        let reg = registry();
        let (ns_name, s) = unknown(reg.check_name(&Name::new(ns::DC, "titel")));
        assert_eq!(ns_name, "Dublin Core");
        assert_eq!(s.first().map(String::as_str), Some("dc:title"));
        assert!(s.len() <= 3);
        assert!(s.iter().all(|n| n.starts_with("dc:")), "{s:?}");
    }

    #[test]
    fn a_case_difference_is_suggested_first() {
        let reg = registry();
        let (_, s) = unknown(reg.check_name(&Name::new(ns::XMP, "rating")));
        assert_eq!(s[0], "xmp:Rating");
        let (ns_name, s) = unknown(reg.check_name(&Name::new(ns::PHOTOSHOP, "city")));
        assert_eq!(ns_name, "Photoshop");
        assert_eq!(s[0], "photoshop:City");
    }

    #[test]
    fn a_name_far_from_every_property_has_no_suggestion() {
        let reg = registry();
        let (_, s) = unknown(reg.check_name(&Name::new(ns::DC, "nonexistent")));
        assert!(s.is_empty(), "{s:?}");
    }

    #[test]
    fn struct_fields_are_checked_against_the_struct() {
        let reg = registry();
        let core = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
        let info = reg
            .property(&Name::new(core, "CreatorContactInfo"))
            .unwrap();
        let crate::schema::ValueType::Struct(id) = info.ty else {
            panic!("CreatorContactInfo is a struct")
        };
        assert!(reg
            .check_field(id, &Name::new(core, "CiAdrCity"))
            .is_known());
        let (label, s) = unknown(reg.check_field(id, &Name::new(core, "CiAdrCty")));
        assert_eq!(label, reg.struct_def(id).name);
        assert_eq!(s[0], "Iptc4xmpCore:CiAdrCity");
        assert_eq!(
            reg.check_field(id, &Name::new("http://example.com/acme/", "x")),
            NameCheck::UnknownNamespace
        );
    }
}
