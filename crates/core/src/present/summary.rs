//! One-line renderings of values: summaries for lists and panes, star ratings, choice
//! labels, type labels. Everything returned here is terminal-safe.

use crate::present::safe::safe_text;
use crate::schema::lexical;
use crate::schema::{Display, PropertyDef, Registry, ValueType};
use crate::xmp::{lang, ArrayKind, Node, Value};

/// Budget (characters) for the items shown in a list summary before `+N`.
const LIST_BUDGET: usize = 40;
/// Longest text shown in a summary before it is cut with `…`.
const TEXT_BUDGET: usize = 120;

/// Stars for a rating: `★★★☆☆`, `✗ rejected` for -1, a fraction noted as `(2.5)`.
/// None when the text is not a rating.
pub fn stars(text: &str) -> Option<String> {
    let v = lexical::number(text)?;
    if v == -1.0 {
        return Some("✗ rejected".to_string());
    }
    if !(0.0..=5.0).contains(&v) {
        return None;
    }
    let full = v.floor() as usize;
    let mut out = "★".repeat(full) + &"☆".repeat(5 - full);
    if v.fract() != 0.0 {
        out.push_str(&format!(" ({v})"));
    }
    Some(out)
}

/// Long runs of the base64 alphabet (embedded thumbnails, maker notes) are data, not
/// text a person reads.
fn looks_base64(text: &str) -> bool {
    const MIN: usize = 200;
    text.len() >= MIN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r'))
}

fn data_note(text: &str) -> String {
    format!("[data, {} characters]", text.chars().count())
}

/// A simple value as shown in full: stars, choice label, a note for embedded data,
/// or the text.
pub fn simple_text(text: &str, def: Option<&PropertyDef>) -> String {
    if let Some(def) = def {
        match def.display {
            Display::Stars => {
                if let Some(s) = stars(text) {
                    return s;
                }
            }
            Display::Binary => return data_note(text),
            Display::Plain => {}
        }
        if let Some(label) = def.choice_label(text) {
            return format!("{} ({})", safe_text(text), safe_text(label));
        }
    }
    if text.is_empty() {
        return "\"\"".to_string();
    }
    if looks_base64(text) {
        return data_note(text);
    }
    safe_text(text).into_owned()
}

fn cut(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The shape of a composite value: `3 languages`, `2 items`, `8 fields`; empty for
/// simple values.
pub fn shape(node: &Node) -> String {
    match &node.value {
        Value::Simple(_) | Value::Uri(_) => String::new(),
        Value::Struct(f) => plural(f.len(), "field", "fields"),
        Value::Array(ArrayKind::Alt, items) if !items.is_empty() && lang::is_lang_alt(node) => {
            plural(items.len(), "language", "languages")
        }
        Value::Array(kind, items) => format!(
            "{}, {}",
            kind.rdf_name(),
            plural(items.len(), "item", "items")
        ),
    }
}

/// One line for any node: simple text (cut), lang alt default text with `+N langs`,
/// list items with `+N`, struct field counts.
pub fn summary(node: &Node, def: Option<&PropertyDef>) -> String {
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => cut(simple_text(s, def), TEXT_BUDGET),
        Value::Struct(f) => plural(f.len(), "field", "fields"),
        Value::Array(kind, items) => {
            if items.is_empty() {
                return format!("(empty {})", kind.rdf_name());
            }
            if *kind == ArrayKind::Alt && lang::is_lang_alt(node) {
                let text = lang::default_text(node).unwrap_or("");
                let shown = cut(simple_text(text, def), TEXT_BUDGET);
                return match items.len() - 1 {
                    0 => shown,
                    1 => format!("\"{shown}\" +1 lang"),
                    n => format!("\"{shown}\" +{n} langs"),
                };
            }
            if !items.iter().all(|i| i.as_text().is_some()) {
                return plural(items.len(), "item", "items");
            }
            list_summary(items, def)
        }
    }
}

fn list_summary(items: &[Node], def: Option<&PropertyDef>) -> String {
    let mut out = String::new();
    let mut used = 0;
    for (i, item) in items.iter().enumerate() {
        let text = cut(simple_text(item.as_text().unwrap_or(""), def), TEXT_BUDGET);
        let len = text.chars().count();
        // The first item always shows, cut if need be; later ones only when they fit.
        if i > 0 && used + len > LIST_BUDGET {
            out.push_str(&format!("+{}", items.len() - i));
            return out;
        }
        out.push_str(&text);
        used += len + 2;
        if i + 1 < items.len() {
            out.push_str(", ");
        }
    }
    out
}

/// A human label for a declared type: `Language Alternative`, `Seq of Proper name`.
pub fn type_label(ty: &ValueType, reg: &Registry) -> String {
    match ty {
        ValueType::Simple(s) => s.label().to_string(),
        ValueType::LangAlt => "Language Alternative".to_string(),
        ValueType::Array(kind, inner) => {
            format!("{} of {}", kind.rdf_name(), type_label(inner, reg))
        }
        ValueType::Struct(id) => reg.struct_def(*id).label.clone(),
    }
}

/// A label for a value's actual form when no type is declared.
pub fn form_label(node: &Node) -> &'static str {
    match &node.value {
        Value::Simple(_) => "Text",
        Value::Uri(_) => "URI",
        Value::Struct(_) => "Struct",
        Value::Array(ArrayKind::Alt, items) if !items.is_empty() && lang::is_lang_alt(node) => {
            "Language Alternative"
        }
        Value::Array(ArrayKind::Bag, _) => "Bag",
        Value::Array(ArrayKind::Seq, _) => "Seq",
        Value::Array(ArrayKind::Alt, _) => "Alt",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::registry;
    use crate::xmp::{ns, Name};

    fn def(uri: &str, local: &str) -> &'static PropertyDef {
        registry().property(&Name::new(uri, local)).unwrap()
    }

    fn alt(pairs: &[(&str, &str)]) -> Node {
        Node::array(
            ArrayKind::Alt,
            pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
        )
    }

    fn bag(items: &[&str]) -> Node {
        Node::array(
            ArrayKind::Bag,
            items.iter().map(|s| Node::text(*s)).collect(),
        )
    }

    #[test]
    fn ratings_render_as_stars() {
        assert_eq!(stars("0").unwrap(), "☆☆☆☆☆");
        assert_eq!(stars("3").unwrap(), "★★★☆☆");
        assert_eq!(stars("5").unwrap(), "★★★★★");
        assert_eq!(stars("3.0").unwrap(), "★★★☆☆");
        assert_eq!(stars("2.5").unwrap(), "★★☆☆☆ (2.5)");
        assert_eq!(stars("-1").unwrap(), "✗ rejected");
        assert_eq!(stars("7"), None);
        assert_eq!(stars("x"), None);
        let rating = def(ns::XMP, "Rating");
        assert_eq!(summary(&Node::text("4"), Some(rating)), "★★★★☆");
        assert_eq!(summary(&Node::text("-1"), Some(rating)), "✗ rejected");
        assert_eq!(summary(&Node::text("9"), Some(rating)), "9");
    }

    #[test]
    fn lang_alts_show_default_and_count() {
        let title = def(ns::DC, "title");
        let n = alt(&[
            ("x-default", "Summit cross"),
            ("de-DE", "Gipfelkreuz"),
            ("it-IT", "Croce"),
        ]);
        assert_eq!(summary(&n, Some(title)), "\"Summit cross\" +2 langs");
        assert_eq!(summary(&alt(&[("x-default", "Only")]), Some(title)), "Only");
        assert_eq!(
            summary(&alt(&[("en", "E"), ("fr", "F")]), None),
            "\"E\" +1 lang"
        );
        assert_eq!(summary(&alt(&[]), None), "(empty Alt)");
        assert_eq!(shape(&n), "3 languages");
    }

    #[test]
    fn lists_are_cut_with_a_count() {
        assert_eq!(summary(&bag(&["alps", "summit"]), None), "alps, summit");
        let many = bag(&[
            "alps", "summit", "cross", "morning", "light", "snow", "rock", "sky",
        ]);
        assert_eq!(
            summary(&many, None),
            "alps, summit, cross, morning, light, +3"
        );
        let long = "x ".repeat(150);
        let s = summary(&bag(&[&long, "b"]), None);
        assert!(s.starts_with("x x") && s.ends_with("…, +1"), "{s}");
        assert_eq!(summary(&bag(&[]), None), "(empty Bag)");
        assert_eq!(shape(&many), "Bag, 8 items");
        let structs = Node::array(
            ArrayKind::Seq,
            vec![Node::structure(vec![]), Node::structure(vec![])],
        );
        assert_eq!(summary(&structs, None), "2 items");
    }

    #[test]
    fn structs_choices_binary_and_empty_text() {
        let s = Node::structure(vec![(Name::new(ns::DC, "a"), Node::text("1"))]);
        assert_eq!(summary(&s, None), "1 field");
        assert_eq!(shape(&s), "1 field");
        let orient = def(ns::TIFF, "Orientation");
        assert_eq!(
            summary(&Node::text("6"), Some(orient)),
            "6 (Rotated 90° CW)"
        );
        let thumb = registry().struct_by_name("Thumbnail").unwrap();
        let image = thumb
            .fields
            .iter()
            .find(|f| &*f.name.local == "image")
            .unwrap();
        assert_eq!(
            summary(&Node::text("QUJD"), Some(image)),
            "[data, 4 characters]"
        );
        assert_eq!(summary(&Node::text(""), None), "\"\"");
        let blob = "SERSUAPvZDVtXnAeLOrjTJc6Q6dKoj2QPB58eGgE/h2RPRWgA+".repeat(10);
        assert_eq!(simple_text(&blob, None), "[data, 500 characters]");
        let words = "plain words ".repeat(30);
        assert_eq!(simple_text(&words, None), words);
    }

    #[test]
    fn summaries_are_terminal_safe() {
        let evil = Node::text("\u{1b}]0;pwned\u{7}\u{202e}");
        assert_eq!(summary(&evil, None), "\\e]0;pwned\\x07\\u{202E}");
        let n = alt(&[("x-default", "a\nb")]);
        assert_eq!(summary(&n, None), "a\\nb");
        assert_eq!(summary(&bag(&["\u{1b}"]), None), "\\e");
    }

    #[test]
    fn type_labels() {
        let reg = registry();
        assert_eq!(
            type_label(&def(ns::DC, "creator").ty, reg),
            "Seq of Proper name"
        );
        assert_eq!(
            type_label(&def(ns::DC, "title").ty, reg),
            "Language Alternative"
        );
        assert_eq!(
            type_label(&def(ns::XMP_MM, "History").ty, reg),
            "Seq of Resource Event"
        );
        assert_eq!(form_label(&bag(&[])), "Bag");
        assert_eq!(form_label(&alt(&[("en", "x")])), "Language Alternative");
    }
}
