//! Language tags and language alternatives (docs/data-model.md, "Language
//! alternatives").
//!
//! Tags are checked with `unic-langid` (BCP 47 syntax); `x-default` is its own case.
//! Matching is case-insensitive on the XMP Toolkit's normalised form, but the stored
//! spelling is never rewritten: a user's `en-us` stays `en-us`. Lookup and set follow
//! the Toolkit's `ChooseLocalizedText` / `SetLocalizedText` so that what we show and
//! write agrees with Adobe's products.

use crate::xmp::model::{ArrayKind, Node, Value};
use crate::xmp::name::Name;
use unic_langid::LanguageIdentifier;

/// The default-language tag.
pub const X_DEFAULT: &str = "x-default";

/// Why a language tag was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid language tag {tag:?}: {reason}")]
pub struct LangError {
    pub tag: String,
    pub reason: String,
}

/// Checks a tag: `x-default` or a BCP 47 tag that unic-langid accepts. Private-use and
/// extension subtags (`-x-...`, `-u-...`) are allowed as BCP 47 allows them.
pub fn check_tag(tag: &str) -> Result<(), LangError> {
    if tag.eq_ignore_ascii_case(X_DEFAULT) {
        return Ok(());
    }
    if tag.is_empty() {
        return Err(LangError {
            tag: tag.into(),
            reason: "empty tag".into(),
        });
    }
    if let Some(c) = tag
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
    {
        return Err(LangError {
            tag: tag.into(),
            reason: format!("character {c:?} is not allowed (BCP 47 uses letters, digits and '-')"),
        });
    }
    // unic-langid does not model extensions; validate the part before them and the
    // extension subtags' shape ourselves.
    let lower = tag.to_ascii_lowercase();
    let core_end = lower
        .split('-')
        .enumerate()
        .find(|(i, s)| *i > 0 && s.len() == 1)
        .map(|(_, s)| s.as_ptr() as usize - lower.as_ptr() as usize - 1)
        .unwrap_or(lower.len());
    let (core, ext) = lower.split_at(core_end);
    if core.starts_with("x-") || core == "x" || core.starts_with("i-") {
        // Wholly private-use or grandfathered irregular tags.
        if tag
            .split('-')
            .all(|s| !s.is_empty() && s.len() <= 8 && s.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Ok(());
        }
    }
    core.parse::<LanguageIdentifier>().map_err(|e| LangError {
        tag: tag.into(),
        reason: e.to_string(),
    })?;
    if !ext.is_empty()
        && !ext[1..]
            .split('-')
            .all(|s| !s.is_empty() && s.len() <= 8 && s.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return Err(LangError {
            tag: tag.into(),
            reason: "malformed extension or private-use subtags".into(),
        });
    }
    Ok(())
}

/// The canonical spelling of a tag (`EN-us` -> `en-US`, `zh-hant-tw` -> `zh-Hant-TW`),
/// for tags the user types in; `x-default` stays as is.
pub fn canonicalize(tag: &str) -> Result<String, LangError> {
    check_tag(tag)?;
    if tag.eq_ignore_ascii_case(X_DEFAULT) {
        return Ok(X_DEFAULT.to_string());
    }
    Ok(match tag.parse::<LanguageIdentifier>() {
        Ok(id) => id.to_string(),
        Err(_) => tag.to_ascii_lowercase(),
    })
}

/// The XMP Toolkit's normalised form used for comparisons (`NormalizeLangValue`):
/// first subtag lower-case, a 2-letter second subtag upper-case, others lower-case.
pub fn normalize(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for (i, sub) in tag.split('-').enumerate() {
        if i > 0 {
            out.push('-');
        }
        if i == 1 && sub.len() == 2 {
            out.push_str(&sub.to_ascii_uppercase());
        } else {
            out.push_str(&sub.to_ascii_lowercase());
        }
    }
    out
}

/// Case-insensitive tag equality.
pub fn same_tag(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// How a lookup matched (the Toolkit's result codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangMatch {
    Specific,
    SingleGeneric,
    MultipleGeneric,
    XDefault,
    FirstItem,
}

/// True when `node` is an `rdf:Alt` whose items are all simple text carrying `xml:lang`
/// (an empty Alt counts, as in the Toolkit).
pub fn is_lang_alt(node: &Node) -> bool {
    match &node.value {
        Value::Array(ArrayKind::Alt, items) => items
            .iter()
            .all(|i| matches!(i.value, Value::Simple(_)) && i.lang().is_some()),
        _ => false,
    }
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Array(_, items) => items,
        _ => &[],
    }
}

fn items_mut(node: &mut Node) -> Option<&mut Vec<Node>> {
    match &mut node.value {
        Value::Array(_, items) => Some(items),
        _ => None,
    }
}

/// Index of the first item whose language equals `tag` (case-insensitively).
pub fn position(node: &Node, tag: &str) -> Option<usize> {
    items(node)
        .iter()
        .position(|i| i.lang().is_some_and(|l| same_tag(l, tag)))
}

/// The Toolkit's lookup order: exact `specific`, then `generic` (or a `generic-`
/// prefixed tag), then `x-default`, then the first item. `generic` may be empty.
pub fn lookup<'a>(node: &'a Node, generic: &str, specific: &str) -> Option<(LangMatch, &'a Node)> {
    let items = items(node);
    if items.is_empty() {
        return None;
    }
    if let Some(i) = position(node, specific) {
        return Some((LangMatch::Specific, &items[i]));
    }
    if !generic.is_empty() {
        let prefix = format!("{}-", generic.to_ascii_lowercase());
        let mut hits = items.iter().filter(|i| {
            i.lang().is_some_and(|l| {
                same_tag(l, generic) || l.to_ascii_lowercase().starts_with(&prefix)
            })
        });
        if let Some(first) = hits.next() {
            let kind = if hits.next().is_some() {
                LangMatch::MultipleGeneric
            } else {
                LangMatch::SingleGeneric
            };
            return Some((kind, first));
        }
    }
    if let Some(i) = position(node, X_DEFAULT) {
        return Some((LangMatch::XDefault, &items[i]));
    }
    Some((LangMatch::FirstItem, &items[0]))
}

/// The text for one language using [`lookup`], with the generic part derived from
/// `tag` (`de-CH` -> generic `de`).
pub fn get_text<'a>(node: &'a Node, tag: &str) -> Option<&'a str> {
    let generic = tag.split('-').next().unwrap_or("");
    let generic = if tag.eq_ignore_ascii_case(X_DEFAULT) {
        ""
    } else {
        generic
    };
    lookup(node, generic, tag).and_then(|(_, n)| n.as_text())
}

/// The `x-default` text, or the first item's.
pub fn default_text(node: &Node) -> Option<&str> {
    lookup(node, "", X_DEFAULT).and_then(|(_, n)| n.as_text())
}

/// Moves an existing `x-default` item to the front.
fn x_default_first(items: &mut Vec<Node>) {
    if let Some(i) = items
        .iter()
        .position(|n| n.lang().is_some_and(|l| same_tag(l, X_DEFAULT)))
    {
        if i != 0 {
            let item = items.remove(i);
            items.insert(0, item);
        }
    }
}

/// Sets the text of one language with the x-default rules of docs/data-model.md,
/// "Setting a language":
/// - no items: creates `x-default` and the language (or only `x-default`);
/// - updating a language whose text equalled `x-default` updates `x-default` too;
/// - setting `x-default` updates every item that equalled the old default;
/// - the only item of a one-item array without `x-default` gets an `x-default` copy.
///
/// `node` must be an Alt (an empty one is fine). The tag must already be checked.
pub fn set_text(node: &mut Node, tag: &str, text: &str) {
    if !matches!(node.value, Value::Array(ArrayKind::Alt, _)) {
        node.value = Value::Array(ArrayKind::Alt, Vec::new());
    }
    let items = items_mut(node).expect("alt array");
    x_default_first(items);
    let is_xd = tag.eq_ignore_ascii_case(X_DEFAULT);
    let xd_pos = items
        .iter()
        .position(|n| n.lang().is_some_and(|l| same_tag(l, X_DEFAULT)));
    let old_default = xd_pos.and_then(|i| items[i].as_text().map(str::to_string));

    if is_xd {
        match xd_pos {
            Some(i) => {
                if let Some(old) = &old_default {
                    for item in items.iter_mut().skip(1) {
                        if item.as_text() == Some(old.as_str()) {
                            item.value = Value::Simple(text.to_string());
                        }
                    }
                }
                items[i].value = Value::Simple(text.to_string());
            }
            None => items.insert(0, Node::lang_text(X_DEFAULT, text)),
        }
    } else {
        match items
            .iter()
            .position(|n| n.lang().is_some_and(|l| same_tag(l, tag)))
        {
            Some(i) => {
                let old = items[i].as_text().map(str::to_string);
                items[i].value = Value::Simple(text.to_string());
                if let (Some(xd), Some(old)) = (xd_pos, old) {
                    if old_default.as_deref() == Some(old.as_str()) {
                        items[xd].value = Value::Simple(text.to_string());
                    }
                }
            }
            None => {
                let only_default = xd_pos.is_some() && items.len() == 1;
                if items.is_empty() {
                    items.push(Node::lang_text(X_DEFAULT, text));
                }
                items.push(Node::lang_text(tag, text));
                if only_default {
                    // The x-default was the only item: it now mirrors this language.
                    items[0].value = Value::Simple(text.to_string());
                }
            }
        }
    }
    if items.len() == 1 && xd_pos.is_none() && !is_xd {
        let copy = Node::lang_text(X_DEFAULT, items[0].as_text().unwrap_or(""));
        items.insert(0, copy);
    }
}

/// The languages whose text [`set_text`]`(node, tag, …)` sets too, by the x-default
/// rules (docs/data-model.md, "Setting a language"), `tag` itself first: what a prompt
/// tells the user before the edit ("x-default and en-GB will both read …"). A single
/// entry means no other language changes.
pub fn linked(node: &Node, tag: &str) -> Vec<String> {
    // A text no item holds: after the edit, exactly the items that took it changed.
    let mut probe = String::from("\u{0}");
    for t in items(node).iter().filter_map(Node::as_text) {
        probe.push_str(t);
    }
    let mut after = node.clone();
    set_text(&mut after, tag, &probe);
    let mut out = vec![tag.to_string()];
    for item in items(&after) {
        let Some(l) = item.lang() else { continue };
        if !same_tag(l, tag) && item.as_text() == Some(probe.as_str()) {
            out.push(l.to_string());
        }
    }
    out
}

/// The languages whose text equals `x-default`'s: the ones it mirrors, which the
/// x-default rules keep in step with it.
pub fn mirrored_by_default(node: &Node) -> Vec<&str> {
    let Some(xd) = position(node, X_DEFAULT).and_then(|i| items(node)[i].as_text()) else {
        return Vec::new();
    };
    items(node)
        .iter()
        .filter(|i| i.as_text() == Some(xd))
        .filter_map(Node::lang)
        .filter(|l| !same_tag(l, X_DEFAULT))
        .collect()
}

/// Removes the item of exactly this language (case-insensitive). Returns its index
/// and node so the removal can be undone.
pub fn remove(node: &mut Node, tag: &str) -> Option<(usize, Node)> {
    let i = position(node, tag)?;
    let items = items_mut(node)?;
    Some((i, items.remove(i)))
}

/// Makes `tag` the default: `x-default` takes that language's text (and is created
/// first when missing). Returns false when the language is absent.
pub fn make_default(node: &mut Node, tag: &str) -> bool {
    let Some(text) = position(node, tag).and_then(|i| items(node)[i].as_text().map(str::to_string))
    else {
        return false;
    };
    let items = items_mut(node).expect("alt array");
    x_default_first(items);
    match items
        .first_mut()
        .filter(|n| n.lang().is_some_and(|l| same_tag(l, X_DEFAULT)))
    {
        Some(xd) => xd.value = Value::Simple(text),
        None => items.insert(0, Node::lang_text(X_DEFAULT, text)),
    }
    true
}

/// Every language tag of an Alt, in stored spelling and order.
pub fn languages(node: &Node) -> Vec<&str> {
    items(node).iter().filter_map(Node::lang).collect()
}

/// The qualifier name used for language alternatives.
pub fn lang_name() -> Name {
    Name::xml_lang()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_names_the_languages_an_edit_also_changes() {
        let a = alt(&[("x-default", "Hi"), ("en-GB", "Hi"), ("fr", "Salut")]);
        assert_eq!(linked(&a, "x-default"), ["x-default", "en-GB"]);
        assert_eq!(linked(&a, "en-GB"), ["en-GB", "x-default"]);
        assert_eq!(linked(&a, "fr"), ["fr"]);
        // A new language beside a lone x-default: x-default takes its text.
        let only = alt(&[("x-default", "Hi")]);
        assert_eq!(linked(&only, "de-DE"), ["de-DE", "x-default"]);
        // The very first language creates x-default with it.
        let empty = alt(&[]);
        assert_eq!(linked(&empty, "it"), ["it", "x-default"]);
        assert_eq!(mirrored_by_default(&a), ["en-GB"]);
        assert!(mirrored_by_default(&alt(&[("fr", "Salut")])).is_empty());
    }

    fn alt(pairs: &[(&str, &str)]) -> Node {
        Node::array(
            ArrayKind::Alt,
            pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
        )
    }

    fn pairs(node: &Node) -> Vec<(String, String)> {
        node.items()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i.lang().unwrap().to_string(),
                    i.as_text().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn lookup_follows_toolkit_order() {
        let n = alt(&[
            ("x-default", "D"),
            ("en-US", "E"),
            ("de-DE", "G"),
            ("de-CH", "S"),
        ]);
        assert_eq!(lookup(&n, "en", "en-us").unwrap().0, LangMatch::Specific);
        assert_eq!(
            lookup(&n, "en", "en-GB").unwrap(),
            (LangMatch::SingleGeneric, &n.items().unwrap()[1])
        );
        assert_eq!(
            lookup(&n, "de", "de-AT").unwrap().0,
            LangMatch::MultipleGeneric
        );
        assert_eq!(get_text(&n, "de-AT"), Some("G"));
        assert_eq!(lookup(&n, "fr", "fr-FR").unwrap().0, LangMatch::XDefault);
        let no_default = alt(&[("it", "I"), ("fr", "F")]);
        assert_eq!(
            lookup(&no_default, "es", "es").unwrap(),
            (LangMatch::FirstItem, &no_default.items().unwrap()[0])
        );
        assert!(lookup(&alt(&[]), "", "en").is_none());
    }

    #[test]
    fn first_language_creates_x_default() {
        let mut n = alt(&[]);
        set_text(&mut n, "de-DE", "Titel");
        assert_eq!(
            pairs(&n),
            vec![
                ("x-default".into(), "Titel".into()),
                ("de-DE".into(), "Titel".into())
            ]
        );
    }

    #[test]
    fn mirrored_default_follows_its_language() {
        let mut n = alt(&[("x-default", "Hello"), ("en-US", "Hello"), ("de", "Hallo")]);
        set_text(&mut n, "en-us", "Hi");
        assert_eq!(pairs(&n)[0].1, "Hi");
        assert_eq!(
            pairs(&n)[1],
            ("en-US".into(), "Hi".into()),
            "stored spelling kept"
        );
        set_text(&mut n, "de", "Servus");
        assert_eq!(pairs(&n)[0].1, "Hi", "x-default did not mirror de");
    }

    #[test]
    fn setting_default_updates_equal_items() {
        let mut n = alt(&[("x-default", "A"), ("en", "A"), ("fr", "B")]);
        set_text(&mut n, "x-default", "Z");
        assert_eq!(
            pairs(&n),
            vec![
                ("x-default".into(), "Z".into()),
                ("en".into(), "Z".into()),
                ("fr".into(), "B".into())
            ]
        );
    }

    #[test]
    fn x_default_is_moved_first_and_make_default_copies() {
        let mut n = alt(&[("fr", "B"), ("x-default", "A")]);
        assert!(make_default(&mut n, "fr"));
        assert_eq!(
            pairs(&n),
            vec![("x-default".into(), "B".into()), ("fr".into(), "B".into())]
        );
        assert!(!make_default(&mut n, "es"));
    }

    #[test]
    fn remove_is_exact_and_case_insensitive() {
        let mut n = alt(&[("x-default", "A"), ("de-DE", "B")]);
        assert!(remove(&mut n, "de").is_none());
        assert_eq!(remove(&mut n, "DE-de").unwrap().0, 1);
    }

    #[test]
    fn tags_are_checked() {
        for ok in [
            "en",
            "en-US",
            "zh-Hant-TW",
            "x-default",
            "X-Default",
            "de-CH-1996",
            "en-x-private",
            "sr-Latn",
        ] {
            check_tag(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in ["", "english!", "e", "en_US", "en--US", "toolongsubtag"] {
            assert!(check_tag(bad).is_err(), "{bad} accepted");
        }
        assert_eq!(canonicalize("EN-us").unwrap(), "en-US");
        assert_eq!(normalize("zh-Hant-TW"), "zh-hant-tw");
        assert_eq!(normalize("EN-us"), "en-US");
    }
}
