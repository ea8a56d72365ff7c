//! Reading the schema asset files (TOML, one per namespace) into a [`Registry`].
//!
//! File shape (see `assets/schema/README.md`): top-level `uri`, `prefix`, `name`,
//! `category`, `order`, optional `aliases` and `description`; `[[property]]` tables with
//! `name`, `type` and optional `label`, `description`, `choices`, `closed`, `range`,
//! `display`, `deprecated`; `[[struct]]` tables with `[[struct.field]]` entries of the
//! same shape. Types are written as `Text`, `Seq Date`, `Bag ResourceRef`, `LangAlt`:
//! array kinds prefix the item type, other words name simple types or struct types.
//! Struct field names may carry a prefix (`exif:GPSLatitude`) when the field comes
//! from another namespace than the struct's own.

use std::collections::HashMap;

use serde::Deserialize;

use crate::schema::registry::Registry;
use crate::schema::types::{
    label_from_name, Choice, Display, NamespaceDef, NumberSet, PropertyDef, SimpleType, StructDef,
    StructId, ValueType,
};
use crate::xmp::{ArrayKind, Name};

/// An asset file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schema file {file}: {message}")]
pub struct SchemaError {
    pub file: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    uri: String,
    prefix: String,
    name: String,
    category: String,
    order: u32,
    #[serde(default)]
    description: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default, rename = "property")]
    properties: Vec<PropFile>,
    #[serde(default, rename = "struct")]
    structs: Vec<StructFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PropFile {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    label: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    choices: Vec<ChoiceFile>,
    #[serde(default)]
    closed: bool,
    range: Option<String>,
    display: Option<String>,
    #[serde(default)]
    deprecated: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ChoiceFile {
    Plain(String),
    Labeled(String, String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StructFile {
    name: String,
    label: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default, rename = "field")]
    fields: Vec<PropFile>,
}

/// Loads the registry from `(file name, TOML text)` pairs.
pub fn load(sources: &[(&str, &str)]) -> Result<Registry, SchemaError> {
    let mut files = Vec::with_capacity(sources.len());
    for (file, text) in sources {
        let def: FileDef = toml::from_str(text).map_err(|e| SchemaError {
            file: (*file).to_string(),
            message: e.to_string(),
        })?;
        files.push((*file, def));
    }
    let err = |file: &str, message: String| SchemaError {
        file: file.to_string(),
        message,
    };

    // Prefixes and URIs first: field names may refer to any namespace by prefix.
    let mut prefix_uri: HashMap<&str, &str> = HashMap::new();
    let mut seen_uri: HashMap<&str, &str> = HashMap::new();
    for (file, def) in &files {
        if let Some(other) = prefix_uri.insert(&def.prefix, &def.uri) {
            return Err(err(
                file,
                format!("prefix {:?} also used for {other}", def.prefix),
            ));
        }
        for uri in std::iter::once(&def.uri).chain(&def.aliases) {
            if let Some(other) = seen_uri.insert(uri, file) {
                return Err(err(file, format!("URI {uri} also defined in {other}")));
            }
        }
    }

    let mut struct_ids: HashMap<&str, StructId> = HashMap::new();
    for (file, def) in &files {
        for s in &def.structs {
            if SimpleType::from_keyword(&s.name).is_some()
                || matches!(s.name.as_str(), "Bag" | "Seq" | "Alt" | "LangAlt")
            {
                return Err(err(
                    file,
                    format!("struct name {:?} is a type keyword", s.name),
                ));
            }
            let id = StructId(struct_ids.len());
            if struct_ids.insert(&s.name, id).is_some() {
                return Err(err(file, format!("struct {:?} defined twice", s.name)));
            }
        }
    }

    let ctx = Ctx {
        prefix_uri: &prefix_uri,
        struct_ids: &struct_ids,
    };
    let mut namespaces = Vec::with_capacity(files.len());
    let mut structs: Vec<Option<StructDef>> = vec![None; struct_ids.len()];
    for (file, def) in &files {
        let mut properties = Vec::with_capacity(def.properties.len());
        for p in &def.properties {
            if p.name.contains(':') {
                return Err(err(
                    file,
                    format!("property {:?} must not carry a prefix", p.name),
                ));
            }
            let prop = ctx.property(p, &def.uri).map_err(|m| err(file, m))?;
            if properties.iter().any(|q: &PropertyDef| q.name == prop.name) {
                return Err(err(file, format!("property {:?} defined twice", p.name)));
            }
            properties.push(prop);
        }
        for s in &def.structs {
            let mut fields: Vec<PropertyDef> = Vec::with_capacity(s.fields.len());
            for f in &s.fields {
                let field = ctx.property(f, &def.uri).map_err(|m| err(file, m))?;
                if fields.iter().any(|q| q.name == field.name) {
                    return Err(err(
                        file,
                        format!("field {:?} of {} defined twice", f.name, s.name),
                    ));
                }
                fields.push(field);
            }
            let id = struct_ids[s.name.as_str()];
            structs[id.0] = Some(StructDef {
                name: s.name.clone(),
                label: s.label.clone().unwrap_or_else(|| label_from_name(&s.name)),
                description: one_line(&s.description),
                ns: def.uri.clone(),
                fields,
            });
        }
        namespaces.push(NamespaceDef {
            uri: def.uri.clone(),
            aliases: def.aliases.clone(),
            prefix: def.prefix.clone(),
            name: def.name.clone(),
            category: def.category.clone(),
            order: def.order,
            description: one_line(&def.description),
            properties,
        });
    }
    let structs = structs
        .into_iter()
        .map(|s| s.expect("every struct id was filled"))
        .collect();
    Ok(Registry::new(namespaces, structs))
}

struct Ctx<'a> {
    prefix_uri: &'a HashMap<&'a str, &'a str>,
    struct_ids: &'a HashMap<&'a str, StructId>,
}

impl Ctx<'_> {
    fn property(&self, p: &PropFile, own_uri: &str) -> Result<PropertyDef, String> {
        let (uri, local) = match p.name.split_once(':') {
            Some((prefix, local)) => {
                let uri = self
                    .prefix_uri
                    .get(prefix)
                    .ok_or_else(|| format!("unknown prefix {prefix:?} in {:?}", p.name))?;
                (*uri, local)
            }
            None => (own_uri, p.name.as_str()),
        };
        if local.is_empty() {
            return Err(format!("empty name {:?}", p.name));
        }
        let ty = self
            .value_type(&p.ty)
            .map_err(|m| format!("{}: {m}", p.name))?;
        let range = match &p.range {
            None => None,
            Some(text) => {
                if !matches!(
                    ty.leaf(),
                    ValueType::Simple(SimpleType::Integer | SimpleType::Real)
                ) {
                    return Err(format!("{}: a range needs an Integer or Real type", p.name));
                }
                Some(NumberSet::parse(text).ok_or_else(|| {
                    format!("{}: bad range {text:?} (write e.g. \"-1 | 0..5\")", p.name)
                })?)
            }
        };
        let display = match p.display.as_deref() {
            None | Some("plain") => Display::Plain,
            Some("stars") => Display::Stars,
            Some("binary") => Display::Binary,
            Some(other) => return Err(format!("{}: unknown display {other:?}", p.name)),
        };
        let choices = p
            .choices
            .iter()
            .map(|c| match c {
                ChoiceFile::Plain(v) => Choice {
                    value: v.clone(),
                    label: None,
                },
                ChoiceFile::Labeled(v, l) => Choice {
                    value: v.clone(),
                    label: Some(l.clone()),
                },
            })
            .collect::<Vec<_>>();
        if p.closed && choices.is_empty() && range.is_none() {
            return Err(format!("{}: closed without choices or range", p.name));
        }
        Ok(PropertyDef {
            name: Name::new(uri, local),
            label: p.label.clone().unwrap_or_else(|| label_from_name(local)),
            description: one_line(&p.description),
            ty,
            choices,
            closed: p.closed || range.is_some(),
            range,
            display,
            deprecated: p.deprecated,
        })
    }

    fn value_type(&self, text: &str) -> Result<ValueType, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        self.words_type(&words)
    }

    fn words_type(&self, words: &[&str]) -> Result<ValueType, String> {
        let (first, rest) = words.split_first().ok_or("empty type")?;
        let kind = match *first {
            "Bag" => Some(ArrayKind::Bag),
            "Seq" => Some(ArrayKind::Seq),
            "Alt" => Some(ArrayKind::Alt),
            _ => None,
        };
        if let Some(kind) = kind {
            if rest.is_empty() {
                return Err(format!("{first} needs an item type"));
            }
            return Ok(ValueType::Array(kind, Box::new(self.words_type(rest)?)));
        }
        if !rest.is_empty() {
            return Err(format!("unexpected {:?} after {first}", rest.join(" ")));
        }
        if *first == "LangAlt" {
            return Ok(ValueType::LangAlt);
        }
        if let Some(s) = SimpleType::from_keyword(first) {
            return Ok(ValueType::Simple(s));
        }
        self.struct_ids
            .get(first)
            .map(|id| ValueType::Struct(*id))
            .ok_or_else(|| format!("unknown type {first:?}"))
    }
}

/// Descriptions are shown on one line; asset files may wrap them.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
uri = "http://example.com/a/"
prefix = "a"
name = "Example A"
category = "Description"
order = 5

[[property]]
name = "Stars"
type = "Real"
range = "-1 | 0..5"
display = "stars"

[[property]]
name = "Kind"
type = "Text"
choices = ["one", ["two", "Second"]]
closed = true

[[property]]
name = "Where"
type = "Bag Place"

[[struct]]
name = "Place"
[[struct.field]]
name = "City"
type = "Text"
[[struct.field]]
name = "b:Inner"
type = "Seq Place"
"#;

    const MINI_B: &str = r#"
uri = "http://example.com/b/"
prefix = "b"
name = "Example B"
category = "Other"
order = 6
"#;

    #[test]
    fn loads_types_choices_ranges_and_foreign_fields() {
        let reg = load(&[("a.toml", MINI), ("b.toml", MINI_B)]).unwrap();
        let stars = reg
            .property(&Name::new("http://example.com/a/", "Stars"))
            .unwrap();
        assert_eq!(stars.display, Display::Stars);
        assert!(stars.closed);
        let kind = reg
            .property(&Name::new("http://example.com/a/", "Kind"))
            .unwrap();
        assert_eq!(kind.choice_label("two"), Some("Second"));
        assert_eq!(kind.choice_label("one"), None);
        let where_ = Name::new("http://example.com/a/", "Where");
        let inner = Name::new("http://example.com/b/", "Inner");
        let city = Name::new("http://example.com/a/", "City");
        // Recursive struct: Where/Inner/Inner/City.
        let t = reg.type_at(&[&where_, &inner, &inner, &city]).unwrap();
        assert_eq!(t, &ValueType::Simple(SimpleType::Text));
        assert!(reg.type_at(&[&where_, &city, &city]).is_none());
    }

    fn fails(text: &str) -> String {
        load(&[("x.toml", text), ("b.toml", MINI_B)])
            .unwrap_err()
            .to_string()
    }

    const HEAD: &str = "uri = \"http://example.com/x/\"\nprefix = \"x1\"\nname = \"X\"\ncategory = \"Other\"\norder = 1\n";

    #[test]
    fn bad_files_are_named_in_errors() {
        let e = fails(&format!(
            "{HEAD}[[property]]\nname = \"P\"\ntype = \"Bag\"\n"
        ));
        assert_eq!(e, "schema file x.toml: P: Bag needs an item type");
        let e = fails(&format!(
            "{HEAD}[[property]]\nname = \"P\"\ntype = \"Nope\"\n"
        ));
        assert_eq!(e, "schema file x.toml: P: unknown type \"Nope\"");
        let e = fails(&format!(
            "{HEAD}[[property]]\nname = \"P\"\ntype = \"Text\"\nrange = \"1..2\"\n"
        ));
        assert_eq!(
            e,
            "schema file x.toml: P: a range needs an Integer or Real type"
        );
        let e = fails(&format!(
            "{HEAD}[[struct]]\nname = \"S\"\n[[struct.field]]\nname = \"zz:F\"\ntype = \"Text\"\n"
        ));
        assert_eq!(e, "schema file x.toml: unknown prefix \"zz\" in \"zz:F\"");
        let e = fails(&format!("{HEAD}bogus = 1\n"));
        assert!(e.starts_with("schema file x.toml: "), "{e}");
        let e = fails(&MINI_B.replace("Example B", "Dup"));
        assert!(e.contains("prefix \"b\" also used"), "{e}");
    }
}
