//! Tab completion in prompts, and the list syntax of Bag prompts.
//!
//! A prompt completes one *token*: the whole text (a language tag, a value), the item
//! being typed in a list (`alps, sum` completes `sum`), or the property path of an
//! EDIT expression (`Iptc4xmpCore:CreatorContactInfo/CiAdr` completes the field).
//! Candidates are ranked so what the user typed the start of comes first: the
//! candidate starts with the token, then a word of it does (`City` finds
//! `photoshop:City`, `Adr` finds `CiAdrCity`), then it merely contains it. Within a
//! rank the source order stays (keywords by use, properties in registry order).
//!
//! A list (a Bag's add-item prompt, the keyword command) is split on the configured
//! separators (`,` and `;` by default); a double-quoted part keeps its separators
//! (`"Doe, Jane", alps` is two items); every item is trimmed, empty ones are dropped
//! and one typed twice counts once.

use xmpedit_core::edit::path::name_text;
use xmpedit_core::edit::{type_at, NsMap, Path, SchemaResolver};
use xmpedit_core::schema::{registry, ValueType};

/// The default list separators (`[tui] separators` in the config file overrides).
pub const DEFAULT_SEPARATORS: &str = ",;";

/// `[tui] separators = ",;"`: the characters that split a Bag prompt's text; the
/// default when the setting is absent, an error (the default is used) when it is no
/// string, empty, or holds the quote that protects separators.
pub fn separators_from(tui: Option<&toml::Value>) -> Result<String, String> {
    match tui.and_then(|t| t.get("separators")) {
        None => Ok(DEFAULT_SEPARATORS.to_string()),
        Some(toml::Value::String(s)) if !s.is_empty() && !s.contains('"') => Ok(s.clone()),
        Some(other) => Err(format!(
            "[tui] separators = {other}: expected the separator characters as a string \
             (not empty, no '\"'); using \"{DEFAULT_SEPARATORS}\""
        )),
    }
}

/// Splits a list line into trimmed, distinct, non-empty items.
pub fn split_items(text: &str, separators: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let push = |cur: &mut String, items: &mut Vec<String>| {
        let item = cur.trim().to_string();
        if !item.is_empty() && !items.contains(&item) {
            items.push(item);
        }
        cur.clear();
    };
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && separators.contains(c) {
            push(&mut cur, &mut items);
        } else {
            cur.push(c);
        }
    }
    push(&mut cur, &mut items);
    items
}

/// The part of a list line before the item being typed (up to and including the
/// last separator outside quotes, and the spaces after it), and that item.
pub fn split_last_item<'a>(text: &'a str, separators: &str) -> (&'a str, &'a str) {
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && separators.contains(c) {
            start = i + c.len_utf8();
        }
    }
    let rest = &text[start..];
    let lead = rest.len() - rest.trim_start().len();
    text.split_at(start + lead)
}

/// Byte offsets where a word starts in `s`: the start, after a character that is not
/// a letter or digit, and at a capital after a small letter or digit (`CiAdrCity`).
fn word_starts(s: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(p) = prev {
            let after_sep = !p.is_alphanumeric() && c.is_alphanumeric();
            let camel = c.is_uppercase() && (p.is_lowercase() || p.is_ascii_digit());
            if (after_sep || camel) && i > 0 {
                out.push(i);
            }
        }
        prev = Some(c);
    }
    out
}

/// How well `key` matches a lower-case `token`: 0 starts with it, 1 a word starts
/// with it, 2 contains it; `None` otherwise.
pub fn rank_of(key: &str, token: &str) -> Option<u8> {
    let lower = key.to_lowercase();
    if lower.starts_with(token) {
        return Some(0);
    }
    // Lower-casing keeps byte offsets for the ASCII names this ranks; for other text
    // a boundary that moved is skipped, not misread.
    if word_starts(key)
        .iter()
        .any(|&i| lower.get(i..).is_some_and(|rest| rest.starts_with(token)))
    {
        return Some(1);
    }
    lower.contains(token).then_some(2)
}

/// Candidates for `token`, best first: `(shown, key)` pairs are ranked by their key;
/// the token itself (any case) is not offered, nor anything in `exclude`.
pub fn rank(token: &str, candidates: &[(String, String)], exclude: &[String]) -> Vec<String> {
    let t = token.to_lowercase();
    let mut scored: Vec<(u8, usize, &String)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, (shown, _))| {
            shown.to_lowercase() != t && !exclude.iter().any(|e| e.eq_ignore_ascii_case(shown))
        })
        .filter_map(|(i, (shown, key))| rank_of(key, &t).map(|r| (r, i, shown)))
        .collect();
    scored.sort_by_key(|(r, i, _)| (*r, *i));
    let mut out: Vec<String> = Vec::new();
    for (_, _, s) in scored {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// For an EDIT expression: the text before the path being typed (`-` of a delete)
/// and the path; `None` once an operator or `[` follows (values are not completed).
pub fn expression_token(text: &str) -> Option<(&str, &str)> {
    if text.contains(['=', '[']) {
        return None;
    }
    Some(match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    })
}

/// Candidates for an expression's path: property names, or after `PATH/` the fields
/// of the struct the registry declares at PATH (`PATH/prefix:Field`), keyed by the
/// part after the `/` so `CiAdr` ranks `CiAdrCity` first.
pub fn path_candidates(token: &str, properties: &[String]) -> (Vec<(String, String)>, String) {
    if let Some((head, tail)) = token.rsplit_once('/') {
        let ns = NsMap::new();
        let reg = registry();
        let resolver = SchemaResolver {
            ns: &ns,
            schema: reg,
        };
        let fields = Path::parse(head, &resolver)
            .ok()
            .and_then(|p| type_at(reg, &p).ok().flatten())
            .and_then(|d| match d.ty.leaf() {
                ValueType::Struct(id) => Some(*id),
                _ => None,
            })
            .map(|id| {
                reg.struct_def(id)
                    .fields
                    .iter()
                    .map(|f| {
                        let field = name_text(&f.name, &resolver);
                        (format!("{head}/{field}"), field)
                    })
                    .collect()
            })
            .unwrap_or_default();
        return (fields, tail.to_string());
    }
    (
        properties.iter().map(|p| (p.clone(), p.clone())).collect(),
        token.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_separators_and_quotes_keep_them() {
        assert_eq!(
            split_items("one, two; three", ",;"),
            ["one", "two", "three"]
        );
        assert_eq!(
            split_items(" \"Doe, Jane\" , alps,,alps ", ",;"),
            ["Doe, Jane", "alps"]
        );
        assert_eq!(split_items("a|b, c", "|"), ["a", "b, c"]);
    }

    #[test]
    fn separators_come_from_the_config_or_default() {
        let tui = |t: &str| toml::from_str::<toml::Value>(t).unwrap();
        assert_eq!(separators_from(None).unwrap(), ",;");
        assert_eq!(separators_from(Some(&tui("mouse = true"))).unwrap(), ",;");
        assert_eq!(
            separators_from(Some(&tui("separators = \"|\""))).unwrap(),
            "|"
        );
        let e = separators_from(Some(&tui("separators = \"\""))).unwrap_err();
        assert!(e.contains("using"), "{e}");
        assert!(separators_from(Some(&tui("separators = 1"))).is_err());
    }

    #[test]
    fn the_last_item_is_the_token() {
        assert_eq!(split_last_item("alps, sum", ",;"), ("alps, ", "sum"));
        assert_eq!(split_last_item("\"a, b", ",;"), ("", "\"a, b"));
        assert_eq!(split_last_item("alps;", ",;"), ("alps;", ""));
    }

    #[test]
    fn prefixes_rank_above_words_above_contains() {
        let c: Vec<(String, String)> = ["crs:LuminanceAdjustment", "x:CiAdrCity", "CiAdr"]
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        assert_eq!(rank("adr", &c, &[]), ["x:CiAdrCity", "CiAdr"]);
        assert_eq!(rank("ci", &c, &[]), ["CiAdr", "x:CiAdrCity"]);
        assert_eq!(rank("lum", &c, &[]), ["crs:LuminanceAdjustment"]);
        assert_eq!(rank("ance", &c, &[]), ["crs:LuminanceAdjustment"]);
    }
}
