//! Refusing edits that would create a name the registry's namespace does not define
//! (`dc:titel=Foo`), with the nearest defined names as suggestions.
//!
//! The rule depends on the packet: a property (or field) the file already has may be
//! edited or deleted whatever its name, since refusing would leave the user no way to
//! fix or remove it. Only creating one is refused. Names of namespaces the registry
//! does not know are accepted (their prefix had to be declared with `--ns`).
//! Callers decide whether to override (`--allow-unknown`, a TUI confirmation).

use std::fmt;

use crate::edit::nav;
use crate::edit::op::Op;
use crate::edit::path::{Canonical, Path, Resolver, Step};
use crate::schema::{NameCheck, Registry, ValueType};
use crate::xmp::Packet;

/// A name in a path that the registry's namespace (or struct) does not define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The path up to and including the unknown name.
    pub path: Path,
    /// True when the unknown name is a struct field (else the top-level property).
    pub field: bool,
    /// The namespace's human name, or the struct type's name for a field.
    pub namespace: String,
    /// Nearest defined names, best first (`dc:title`).
    pub suggestions: Vec<String>,
}

impl UnknownName {
    /// The message with prefixes from `resolver`:
    /// `unknown property dc:titel in Dublin Core; did you mean dc:title?`.
    pub fn message(&self, resolver: &dyn Resolver) -> String {
        let what = if self.field {
            let parent = self.path.parent().map(|p| p.to_text(resolver));
            format!(
                "unknown field {} of {} ({})",
                self.last_text(resolver),
                parent.unwrap_or_default(),
                self.namespace
            )
        } else {
            format!(
                "unknown property {} in {}",
                self.path.to_text(resolver),
                self.namespace
            )
        };
        match self.suggestions.as_slice() {
            [] => what,
            [one] => format!("{what}; did you mean {one}?"),
            many => format!("{what}; did you mean one of {}?", many.join(", ")),
        }
    }

    fn last_text(&self, resolver: &dyn Resolver) -> String {
        match self.path.last() {
            Some(Step::Field(n)) => crate::edit::path::name_text(n, resolver),
            _ => self.path.to_text(resolver),
        }
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(&Canonical))
    }
}

/// The first name along `path` that the registry does not define although it knows
/// its namespace: the property itself, or a field of a struct the registry declares.
/// Steps below an unknown or undeclared node are not judged (nothing is declared
/// there); qualifiers are never judged.
pub fn unknown_name(reg: &Registry, path: &Path) -> Option<UnknownName> {
    let unknown = |at: Path, field: bool, check: NameCheck| match check {
        NameCheck::UnknownInKnownNamespace {
            namespace,
            suggestions,
        } => Some(UnknownName {
            path: at,
            field,
            namespace,
            suggestions,
        }),
        NameCheck::Known | NameCheck::UnknownNamespace => None,
    };
    let mut ty = match reg.property(&path.prop) {
        Some(def) => &def.ty,
        None => return unknown(path.top(), false, reg.check_name(&path.prop)),
    };
    for (k, step) in path.steps.iter().enumerate() {
        ty = match (step, ty) {
            (Step::Field(name), ValueType::Struct(id)) => match reg.field(*id, name) {
                Some(def) => &def.ty,
                None => {
                    let at = Path {
                        prop: path.prop.clone(),
                        steps: path.steps[..=k].to_vec(),
                    };
                    return unknown(at, true, reg.check_field(*id, name));
                }
            },
            (Step::Index(_), ValueType::Array(_, item)) => item,
            // Language items, qualifiers, and steps validation refuses anyway.
            _ => return None,
        };
    }
    None
}

/// The unknown name `op` would create in `packet` (`None` for a file without XMP),
/// if any. Removals never create anything, and a name the packet already has at that
/// place may be edited.
pub fn creates_unknown(reg: &Registry, op: &Op, packet: Option<&Packet>) -> Option<UnknownName> {
    if matches!(
        op,
        Op::Delete { .. } | Op::RemoveItem { .. } | Op::RemoveLang { .. } | Op::Noop
    ) {
        return None;
    }
    let unknown = unknown_name(reg, &op.path()?)?;
    let root = packet.and_then(|p| p.get(&unknown.path.prop));
    match nav::find(root, &unknown.path) {
        Ok(Some(_)) => None,
        _ => Some(unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{parse_edit, NsMap, SchemaResolver};
    use crate::schema::registry;
    use crate::xmp::{ns, Name, Node};

    fn op(expr: &str) -> Op {
        let reg = registry();
        let mut nsmap = NsMap::new();
        nsmap.add("acme", "http://example.com/acme/");
        let r = SchemaResolver {
            ns: &nsmap,
            schema: reg,
        };
        parse_edit(expr, &r, reg).unwrap()
    }

    fn refusal(expr: &str, packet: Option<&Packet>) -> Option<String> {
        creates_unknown(registry(), &op(expr), packet).map(|u| u.to_string())
    }

    #[test]
    fn creating_a_typo_is_refused_with_the_suggestion() {
        assert_eq!(
            refusal("dc:titel=Foo", None).as_deref(),
            Some("unknown property dc:titel in Dublin Core; did you mean dc:title?")
        );
        let rating = refusal("xmp:rating=5", None).unwrap();
        assert!(rating.contains("did you mean xmp:Rating"), "{rating}");
        assert!(refusal("photoshop:city=Bern", None)
            .unwrap()
            .contains("photoshop:City"));
        assert_eq!(
            refusal("dc:nonexistent=1", None).as_deref(),
            Some("unknown property dc:nonexistent in Dublin Core")
        );
        assert!(refusal("dc:subjekt+=alps", None).is_some());
    }

    #[test]
    fn known_names_and_unknown_namespaces_pass() {
        assert_eq!(refusal("dc:title=Foo", None), None);
        assert_eq!(refusal("acme:anything=1", None), None);
        assert_eq!(refusal("dc:title[de-DE]=Titel", None), None);
        assert_eq!(refusal("-dc:titel", None), None);
    }

    #[test]
    fn an_unknown_name_the_file_has_may_be_edited() {
        let mut p = Packet::new();
        p.set(Name::new(ns::DC, "titel"), Node::text("old"));
        assert_eq!(refusal("dc:titel=Foo", Some(&p)), None);
        assert!(refusal("dc:nonexistent=1", Some(&p)).is_some());
    }

    #[test]
    fn unknown_struct_fields_are_refused() {
        let msg = refusal(
            "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCty=Bern",
            None,
        )
        .unwrap();
        assert!(
            msg.starts_with(
                "unknown field Iptc4xmpCore:CiAdrCty of Iptc4xmpCore:CreatorContactInfo"
            ),
            "{msg}"
        );
        // CiAdrCtry (country) is as close as CiAdrCity; both are offered.
        assert!(
            msg.ends_with("did you mean one of Iptc4xmpCore:CiAdrCity, Iptc4xmpCore:CiAdrCtry?"),
            "{msg}"
        );
        assert_eq!(
            refusal(
                "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCity=Bern",
                None
            ),
            None
        );
        assert_eq!(
            refusal("Iptc4xmpCore:CreatorContactInfo/acme:x=1", None),
            None
        );
    }
}
